#!/usr/bin/env python3
"""Story clustering with scikit-learn: the plain TF-IDF online baseline, for comparison
with Parallax's story stage.

Usage:
  stories_tfidf.py --corpus FILE.jsonl [--truth FILE.truth.tsv] [--threshold 0.4]
                   [--window-days 3] [--max-features 32768] [--limit N]

Reads a gen_corpus.py corpus (`id`, `date`, `title`, `text` per line), turns every article
(title and text) into a TF-IDF vector with scikit-learn's `TfidfVectorizer` (English stop
words, sublinear term frequency, L2-normalised rows, the `max_features` most frequent
terms), then clusters online in publication order: each article joins the open story whose
centroid (the sum of its articles' vectors) has the highest cosine with it, if that cosine
reaches the threshold, else it opens a story. A story with no article for `window_days` is
closed. Centroids sit in a dense float32 matrix, one column per open story (closed stories'
columns are reused, lowest first), so one article's cosines to every open story are one
gather of its terms' rows and one vector-matrix product.

Prints one JSON line: articles, stories, BCubed precision, recall and F1 against the truth
file's stories, and the wall and CPU seconds of vectorising and of clustering, and the peak
RSS.
"""
import argparse
import datetime
import resource
import time

import numpy as np
import orjson
from sklearn.feature_extraction.text import TfidfVectorizer


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def epoch(date):
    if not date:
        return None
    return datetime.datetime.fromisoformat(date.replace("Z", "+00:00")).timestamp()


def bcubed(pred, gold):
    """BCubed precision, recall and F1 of cluster ids `pred` against labels `gold`."""
    from collections import Counter

    cluster = Counter(pred)
    label = Counter(gold)
    both = Counter(zip(pred, gold))
    p = sum(both[(c, g)] / cluster[c] for c, g in zip(pred, gold)) / len(pred)
    r = sum(both[(c, g)] / label[g] for c, g in zip(pred, gold)) / len(pred)
    return p, r, 2 * p * r / (p + r)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--truth")
    ap.add_argument("--threshold", type=float, default=0.4)
    ap.add_argument("--window-days", type=float, default=3.0)
    ap.add_argument("--max-features", type=int, default=32768)
    ap.add_argument("--limit", type=int)
    a = ap.parse_args()
    truth_path = a.truth or a.corpus.removesuffix(".jsonl") + ".truth.tsv"

    t0, c0 = time.perf_counter(), cpu_seconds()
    ids, times, texts = [], [], []
    with open(a.corpus, "rb") as f:
        for n, line in enumerate(f):
            if a.limit is not None and n >= a.limit:
                break
            d = orjson.loads(line)
            ids.append(d["id"])
            times.append(epoch(d.get("date")))
            texts.append((d.get("title") or "") + "\n" + (d.get("text") or ""))
    vectorizer = TfidfVectorizer(
        stop_words="english",
        sublinear_tf=True,
        max_features=a.max_features,
        dtype=np.float32,
    )
    X = vectorizer.fit_transform(texts).tocsr()
    del texts
    t1, c1 = time.perf_counter(), cpu_seconds()

    # Undated articles go last, as in Parallax.
    order = sorted(range(len(ids)), key=lambda i: (times[i] is None, times[i] or 0.0, i))
    vocab = X.shape[1]
    capacity = 4096
    centroids = np.zeros((vocab, capacity), dtype=np.float32)  # one column per slot
    norm_sq = np.zeros(capacity, dtype=np.float64)
    last = np.full(capacity, -np.inf)
    story_of_slot = np.full(capacity, -1, dtype=np.int64)
    free = list(range(capacity - 1, -1, -1))
    window = a.window_days * 86400.0
    assigned = [0] * len(ids)
    stories = 0
    for n, i in enumerate(order):
        t = times[i] if times[i] is not None else -np.inf
        if n % 1000 == 0 and times[i] is not None:
            for slot in np.nonzero((story_of_slot >= 0) & (t - last > window))[0]:
                centroids[:, slot] = 0.0
                norm_sq[slot] = 0.0
                story_of_slot[slot] = -1
                free.append(int(slot))
            free.sort(reverse=True)
        row = X.getrow(i)
        idx, val = row.indices, row.data
        best, best_cos = -1, -1.0
        # Slots are reused lowest first, so the open stories sit below `hi`.
        hi = int(np.nonzero(story_of_slot >= 0)[0].max(initial=-1)) + 1
        if len(idx) and hi:
            dots = val @ centroids[idx, :hi]
            cos = dots / np.sqrt(np.maximum(norm_sq[:hi], 1e-12))
            cos[story_of_slot[:hi] < 0] = -1.0
            best = int(np.argmax(cos))
            best_cos = float(cos[best])
        if best_cos >= a.threshold:
            slot = best
        else:
            if not free:
                grow = capacity
                centroids = np.hstack([centroids, np.zeros((vocab, grow), dtype=np.float32)])
                norm_sq = np.concatenate([norm_sq, np.zeros(grow)])
                last = np.concatenate([last, np.full(grow, -np.inf)])
                story_of_slot = np.concatenate([story_of_slot, np.full(grow, -1, dtype=np.int64)])
                free = list(range(capacity + grow - 1, capacity - 1, -1))
                capacity += grow
            slot = free.pop()
            story_of_slot[slot] = stories
            stories += 1
        old = centroids[idx, slot]
        norm_sq[slot] += 2.0 * float(old @ val) + float(val @ val)
        centroids[idx, slot] = old + val
        last[slot] = max(last[slot], t)
        assigned[i] = int(story_of_slot[slot])
    t2, c2 = time.perf_counter(), cpu_seconds()

    gold_of = {}
    with open(truth_path) as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            gold_of[parts[0]] = parts[1]
    gold = [gold_of[x] for x in ids]
    p, r, f1 = bcubed(assigned, gold)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(orjson.dumps({
        "tool": "scikit-learn TF-IDF online",
        "articles": len(ids),
        "stories": stories,
        "threshold": a.threshold,
        "window_days": a.window_days,
        "bcubed_precision": round(p, 4),
        "bcubed_recall": round(r, 4),
        "bcubed_f1": round(f1, 4),
        "vectorise_wall_seconds": round(t1 - t0, 2),
        "cluster_wall_seconds": round(t2 - t1, 2),
        "wall_seconds": round(t2 - t0, 2),
        "cpu_seconds": round(c2 - c0, 2),
        "peak_rss_mb": round(peak, 1),
    }).decode())


if __name__ == "__main__":
    main()
