#!/usr/bin/env python3
"""Near-duplicate job with a peer MinHash library, for comparison with Parallax.

Usage:
  near_dups.py --tool datasketch|datasketch-2proc|rensa --corpus FILE.jsonl
               [--threshold 0.5] [--permutations 128] --out PAIRS.tsv [--limit N]

Reads a JSON Lines corpus ({"id": ..., "text": ..., ...} per line), shingles each text
into word 5-grams the way Parallax does, builds a MinHash per article with the chosen
library, finds candidate pairs with that library's LSH index, verifies every candidate
by the exact Jaccard similarity of the two shingle sets, and writes the verified pairs
(`id_a<TAB>id_b`, a before b in corpus order) to --out. Prints one JSON line with the
counts, wall and CPU seconds and peak RSS of the job (corpus reading to the end of
verification).
"""
import argparse
import multiprocessing
import re
import resource
import sys
import time

import numpy as np
import orjson

SHINGLE_WORDS = 5
# Parallax's words are maximal runs of Unicode alphanumerics (and '_'), which is what
# Python's `\w` matches in a str pattern.
WORD_RE = re.compile(r"\w+")


def shingles(text):
    """Word 5-grams of `text`, lower-cased, joined by a space (a text of fewer than five
    words is one shingle, an empty one has none)."""
    w = WORD_RE.findall(text.lower())
    if len(w) < SHINGLE_WORDS:
        return [" ".join(w)] if w else []
    return list(map(" ".join, zip(w, w[1:], w[2:], w[3:], w[4:])))


def shingle_set(sh):
    """The shingle set for verification: sorted distinct 64-bit hashes of the shingles.

    Python's str hash is seeded per interpreter; forked workers share the parent's seed,
    so arrays made in a worker compare with arrays made in the parent."""
    return np.unique(np.fromiter(map(hash, sh), dtype=np.int64, count=len(sh)))


def jaccard(a, b):
    if len(a) == 0 or len(b) == 0:
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def read_lines(path, limit):
    with open(path, "rb") as f:
        n = 0
        for line in f:
            if not line.strip():
                continue
            yield line
            n += 1
            if limit is not None and n >= limit:
                break


# ---------------------------------------------------------------- datasketch
_DS_TEMPLATE = None


def _ds_template(num_perm):
    global _DS_TEMPLATE
    if _DS_TEMPLATE is None or _DS_TEMPLATE.num_perm != num_perm:
        from datasketch import MinHash

        _DS_TEMPLATE = MinHash(num_perm=num_perm)
    return _DS_TEMPLATE


def _ds_doc(line, num_perm):
    """(id, MinHash, shingle set) of one corpus line.

    Each MinHash is a copy of one MinHash(num_perm=...) so that the permutation
    parameters are generated once, not per document (what datasketch's own
    MinHash.bulk / MinHash.generator do)."""
    d = orjson.loads(line)
    sh = shingles(d["text"])
    m = _ds_template(num_perm).copy()
    m.update_batch([s.encode("utf-8") for s in sh])
    return d["id"], m, shingle_set(sh)


def _ds_doc_lean(args):
    from datasketch import LeanMinHash

    line, num_perm = args
    doc_id, m, ss = _ds_doc(line, num_perm)
    return doc_id, LeanMinHash(m), ss


def _ds_candidates(minhashes, threshold, num_perm):
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    for i, m in enumerate(minhashes):
        lsh.insert(i, m, check_duplication=False)
    cand = set()
    for i, m in enumerate(minhashes):
        for j in lsh.query(m):
            if j > i:
                cand.add((i, j))
    return cand, {"bands": lsh.b, "rows": lsh.r}


def sketch_datasketch(a, procs):
    ids, mhs, sets = [], [], []
    if procs == 1:
        for line in read_lines(a.corpus, a.limit):
            doc_id, m, ss = _ds_doc(line, a.permutations)
            ids.append(doc_id)
            mhs.append(m)
            sets.append(ss)
    else:
        # Workers parse, shingle and MinHash; the parent only reads lines and keeps the
        # results. Fork (not spawn) so the workers share the parent's str-hash seed.
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(procs) as pool:
            jobs = ((line, a.permutations) for line in read_lines(a.corpus, a.limit))
            for doc_id, m, ss in pool.imap(_ds_doc_lean, jobs, chunksize=64):
                ids.append(doc_id)
                mhs.append(m)
                sets.append(ss)
            pool.close()
            pool.join()
    return ids, mhs, sets


# ---------------------------------------------------------------- rensa
RENSA_SEED = 42
RENSA_BATCH = 1024  # documents per RMinHash.from_token_sets call (rensa parallelises batches >= 256)


def rensa_bands(num_perm):
    """Bands for RMinHashLSH at threshold 0.5: rensa needs num_bands to divide num_perm,
    and 32 bands of 4 rows is both rensa's own default for thresholds in [0.5, 0.7)
    (RMinHashDeduplicator) and, of the divisors of 128, the one that minimises
    datasketch's false-positive + false-negative objective at 0.5."""
    return 32 if num_perm % 32 == 0 else num_perm


def sketch_rensa(a):
    from rensa import RMinHash

    ids, mhs, sets = [], [], []
    batch = []

    def flush():
        mhs.extend(RMinHash.from_token_sets(batch, num_perm=a.permutations, seed=RENSA_SEED))
        batch.clear()

    for line in read_lines(a.corpus, a.limit):
        d = orjson.loads(line)
        sh = shingles(d["text"])
        ids.append(d["id"])
        sets.append(shingle_set(sh))
        batch.append(sh)
        if len(batch) >= RENSA_BATCH:
            flush()
    if batch:
        flush()
    return ids, mhs, sets


def _rensa_candidates(mhs, threshold, num_perm):
    from rensa import RMinHashLSH

    bands = rensa_bands(num_perm)
    lsh = RMinHashLSH(threshold, num_perm, bands)
    lsh.insert_many(mhs, start_key=0)
    cand = set()
    for i, keys in enumerate(lsh.query_all(mhs)):
        for j in keys:
            if j > i:
                cand.add((i, j))
    return cand, {"bands": bands, "rows": num_perm // bands}


# ---------------------------------------------------------------- main
def rusage_cpu():
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tool", required=True, choices=["datasketch", "datasketch-2proc", "rensa"])
    p.add_argument("--corpus", required=True)
    p.add_argument("--threshold", type=float, default=0.5)
    p.add_argument("--permutations", type=int, default=128)
    p.add_argument("--out", required=True)
    p.add_argument("--limit", type=int, default=None)
    a = p.parse_args(argv)

    cpu0 = rusage_cpu()
    t0 = time.perf_counter()
    if a.tool == "rensa":
        ids, mhs, sets = sketch_rensa(a)
        t1 = time.perf_counter()
        cand, lsh_info = _rensa_candidates(mhs, a.threshold, a.permutations)
    else:
        ids, mhs, sets = sketch_datasketch(a, 2 if a.tool == "datasketch-2proc" else 1)
        t1 = time.perf_counter()
        cand, lsh_info = _ds_candidates(mhs, a.threshold, a.permutations)
    t2 = time.perf_counter()
    verified = sorted((i, j) for i, j in cand if jaccard(sets[i], sets[j]) >= a.threshold)
    t3 = time.perf_counter()
    wall = t3 - t0
    cpu = rusage_cpu() - cpu0
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
              resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024

    with open(a.out, "w", encoding="utf-8") as f:
        for i, j in verified:
            f.write(f"{ids[i]}\t{ids[j]}\n")
    print(orjson.dumps({
        "tool": a.tool,
        "articles": len(ids),
        "candidate_pairs": len(cand),
        "verified_pairs": len(verified),
        "wall_seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "peak_rss_mb": round(rss, 1),
        "threshold": a.threshold,
        "permutations": a.permutations,
        "lsh_bands": lsh_info["bands"],
        "lsh_rows": lsh_info["rows"],
        "sketch_seconds": round(t1 - t0, 3),
        "lsh_seconds": round(t2 - t1, 3),
        "verify_seconds": round(t3 - t2, 3),
    }).decode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
