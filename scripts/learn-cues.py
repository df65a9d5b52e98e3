#!/usr/bin/env python3
"""Learns the reporting-cue lexicon (parallax-quotes `data/cues-learned-en.tsv`) from PolNeAR.

Usage: learn-cues.py TRAIN.jsonl > crates/parallax-quotes/data/cues-learned-en.tsv

TRAIN.jsonl is eval-dev's `quotes/polnear-train-dev/train.jsonl` (never the dev file: dev is
what the lexicon is measured on). For every annotated attribution the cue's head word is taken:
the first word that is not an auxiliary, a negation or an adverb ("has repeatedly said" ->
"said"). Each head word is written with how often it heads a cue and how often it occurs in the
articles at all; `cues.rs` keeps the words that head a cue often enough, so a word like
"support" (a cue in 8% of its uses) stays out while "urged" (85%) comes in. Standard library
only.
"""
import json
import re
import sys
from collections import Counter

# Words skipped when looking for a cue's head: auxiliaries (with the contracted ones, "’re",
# "’ve", "’ll", "’d", "’s", "’m", read as words of their own), negations and frequent adverbs.
SKIPPED = set(
    """has have had having is are was were be been being am did does do not n't never also
    will would could should may might must can cannot still just even often again then once
    later already further re ve ll d s m""".split()
)
# Verbs ending in -ly, which the adverb rule must not skip.
LY_VERBS = {"reply", "apply", "supply", "imply", "comply", "rely"}
# Cues read by their own rule in the extractor, not as a reporting verb.
OWN_RULE = {"according"}
# Words that head a cue fewer times than this are left out of the file.
MIN_CUES = 2

WORD = re.compile(r"[a-z][a-z']*")


def words(text):
    return WORD.findall(text.lower().replace("\u2019", "'"))


def head(cue):
    for w in words(cue):
        if w in SKIPPED or (w.endswith("ly") and len(w) > 5 and w not in LY_VERBS):
            continue
        return w
    return None


def main(path):
    cues, uses = Counter(), Counter()
    for line in open(path, encoding="utf-8"):
        row = json.loads(line)
        uses.update(words(row["text"]))
        for a in row["attributions"]:
            h = a["cue"] and head(a["cue"]["text"])
            if h and h not in OWN_RULE:
                cues[h] += 1
    print("# Reporting cues learned from PolNeAR train by scripts/learn-cues.py; do not edit.")
    print("# Columns (tab-separated): word, times it heads an annotated cue, times it occurs.")
    for w, n in sorted(cues.items(), key=lambda kv: (-kv[1], kv[0])):
        if n >= MIN_CUES:
            print(f"{w}\t{n}\t{max(uses[w], n)}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
