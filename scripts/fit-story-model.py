#!/usr/bin/env python3
"""Fits the story join model (parallax-cluster `story/model.rs`): gradient-boosted trees.

Usage: fit-story-model.py [--out FILE] PAIRS.tsv[:WEIGHT] [PAIRS.tsv[:WEIGHT] ...]

Each file is what `parallax eval stories DATASET --pairs FILE` writes: per article and
candidate story, `set  article  label  inputs...`. Each file's rows together weigh WEIGHT
(default 1), however many they are, so a large generated corpus does not drown a small real one.
The shipped trees were fitted with

    fit-story-model.py gva.pairs:8 ecb.pairs:4 g20.pairs

(GVA, ECB+ and the first 20,000 articles of the generated c100k corpus): the real news weighs
most, since the generated corpus's stories share names and words in ways real news does not.

Before fitting on everything, each file's articles are cut in two halves in stream order and
the model fitted on the other halves of all files places each half (a check on later news, as
held-out data would be). Printed per file: the share of articles placed right at thresholds
0.2-0.5 (joined to the gold story, or opening a story when the gold one is not a candidate), for
the trees and for a logistic regression over the same inputs.

Writes the trees as Rust to `--out` (default: the model file in the source tree). Needs numpy
and scikit-learn (`pip install numpy scikit-learn`).
"""
import argparse
import pathlib
import subprocess
from collections import OrderedDict

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

# Shallow trees and not many: the model scores every candidate story of every article, so it
# must stay cheap (at most 120 x 4 comparisons), and deeper trees did not place more articles
# right on held-out halves.
# The model may only rise with the cosines and the count of rare shared features, and only fall
# with how common the rarest shared feature is: what holds for any news, and what keeps the trees
# sane on inputs the fitting rows rarely have (a stream's first articles, very short texts). The
# time gap is left free: made to lower the chance as well, it cost the generated corpus 0.015
# BCubed F1 and GVA 0.002.
MONOTONE = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 1, 1, 1, 0]
# 120 trees rather than 60 once the real sets weigh more: with 60, weighing GVA up cost ECB+
# (0.911), and with 120 the trees fit the dated GVA and the undated ECB+ apart (0.943 and 0.958).
# They cost about 6% of the link stage's CPU on c100k.
TREES = dict(
    monotonic_cst=MONOTONE,
    max_iter=120,
    learning_rate=0.15,
    max_depth=4,
    min_samples_leaf=40,
    random_state=0,
)
THRESHOLDS = (0.2, 0.3, 0.4, 0.5)
DEFAULT_OUT = pathlib.Path(__file__).resolve().parent.parent / (
    "crates/parallax-cluster/src/story/model.rs"
)


def read(path):
    """A pairs file's rows by article; a file that cannot be read or a malformed line stops
    the fit with the file and line named (a model fitted on part of a file would be wrong)."""
    articles = OrderedDict()
    width = None
    try:
        with open(path) as lines:
            for n, line in enumerate(lines, 1):
                f = line.rstrip("\n").split("\t")
                try:
                    rows = articles.setdefault(int(f[1]), [])
                    if f[2] != "-":
                        inputs = [float(x) for x in f[3:]]
                        if width is not None and len(inputs) != width:
                            raise ValueError(f"{len(inputs)} inputs, earlier lines {width}")
                        width = len(inputs)
                        rows.append((int(f[2]), inputs))
                except (IndexError, ValueError) as e:
                    raise SystemExit(f"fit-story-model.py: {path}:{n}: not a pairs line ({e})")
    except OSError as e:
        raise SystemExit(f"fit-story-model.py: {path}: {e.strerror}")
    return articles


def stacked(sets, weights, pick):
    """Rows of the articles `pick` keeps, each file's rows weighing its weight in all."""
    Xs, ys, ws = [], [], []
    for path, articles in sets.items():
        rows = [r for k, rs in articles.items() if pick(path, k) for r in rs]
        if not rows:
            continue
        Xs.append(np.array([r[1] for r in rows]))
        ys.append(np.array([r[0] for r in rows]))
        ws.append(np.full(len(rows), weights[path] / len(rows)))
    y = np.concatenate(ys)
    # Scaled to sum to the number of rows: the trees' minimum hessian per split is absolute.
    w = np.concatenate(ws)
    return np.vstack(Xs), y, w / w.sum() * len(y)


def placed_right(articles, keys, predict, threshold):
    right = 0
    for k in keys:
        rows = articles[k]
        if not rows:
            right += 1
            continue
        p = predict(np.array([r[1] for r in rows]))
        labels = [r[0] for r in rows]
        if 1 in labels:
            i = labels.index(1)
            others = max((p[j] for j in range(len(p)) if j != i), default=-1.0)
            right += p[i] >= threshold and p[i] > others
        else:
            right += p.max() < threshold
    return right / max(1, len(keys))


def held_out_check(sets, weights):
    scores = {path: {"trees": [], "logistic": []} for path in sets}
    # Each file's middle article in stream order, found once (not per row).
    middle = {path: list(articles)[len(articles) // 2] for path, articles in sets.items()}
    for half in (True, False):
        X, y, w = stacked(sets, weights, lambda path, k: (k < middle[path]) != half)
        trees = HistGradientBoostingClassifier(**TREES).fit(X, y, sample_weight=w)
        # Scaled inputs: unscaled, the solver took over 20 minutes to converge on 18 inputs.
        logistic = make_pipeline(StandardScaler(), LogisticRegression(C=1e4, max_iter=500))
        logistic.fit(X, y, logisticregression__sample_weight=w)
        for path, articles in sets.items():
            keys = [k for k in articles if (k < middle[path]) == half]
            for name, model in (("trees", trees), ("logistic", logistic)):
                shares = [
                    placed_right(articles, keys, lambda Z: model.predict_proba(Z)[:, 1], t)
                    for t in THRESHOLDS
                ]
                scores[path][name].append(shares)
    print("held-out halves (first / second), share placed right at", THRESHOLDS)
    for path, by in scores.items():
        for name, halves in by.items():
            cells = " | ".join(" ".join(f"{s:.3f}" for s in h) for h in halves)
            print(f"  {path} {name:8} {cells}")


def rust(model, inputs, checks):
    """The fitted trees as Rust: every node of every tree in one array, roots listed apart,
    and sample rows with the probability scikit-learn gives them (a test compares)."""
    baseline = float(np.ravel(model._baseline_prediction)[0])
    nodes, roots = [], []
    for predictors in model._predictors:
        tree = predictors[0].nodes
        roots.append(len(nodes))
        offset = len(nodes)
        for n in tree:
            if n["is_leaf"]:
                nodes.append(f"Node::leaf({float(n['value'])!r})")
            else:
                nodes.append(
                    f"Node::split({int(n['feature_idx'])}, {float(n['num_threshold'])!r}, "
                    f"{offset + int(n['left'])}, {offset + int(n['right'])})"
                )
    lines = [
        "//! The join model's trees, written by `scripts/fit-story-model.py`: do not edit by hand.",
        "",
        "// Thresholds are values of the fitting rows; some happen to be near named constants.",
        "#![allow(clippy::approx_constant)]",
        "",
        "use super::join::Node;",
        "",
        "/// Inputs each tree reads ([`super::Similarity::inputs`]).",
        f"pub(super) const INPUTS: usize = {inputs};",
        "",
        "/// Log-odds before any tree.",
        f"pub(super) const BASELINE: f64 = {baseline!r};",
        "",
        "/// Where each tree starts in [`NODES`].",
        f"pub(super) const ROOTS: [u16; {len(roots)}] = [{', '.join(map(str, roots))}];",
        "",
        "/// Every tree's nodes.",
        f"pub(super) static NODES: [Node; {len(nodes)}] = [",
    ]
    lines += [f"    {n}," for n in nodes]
    lines += [
        "];",
        "",
        "/// Sample rows and scikit-learn's probability for each.",
        "#[cfg(test)]",
        f"pub(super) const CHECKS: [([f64; INPUTS], f64); {len(checks)}] = [",
    ]
    for x, p in checks:
        lines.append(f"    ([{', '.join(repr(float(v)) for v in x)}], {float(p)!r}),")
    lines += ["];", ""]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    ap.add_argument("pairs", nargs="+", metavar="PAIRS[:WEIGHT]")
    a = ap.parse_args()
    weights = OrderedDict()
    for arg in a.pairs:
        # A suffix that is no number belongs to the path ("runs:v2/gva.pairs").
        path, _, weight = arg.rpartition(":")
        try:
            value = float(weight)
        except ValueError:
            path = ""
        if not path:
            path, value = arg, 1.0
        weights[path] = value
        if weights[path] <= 0:
            ap.error(f"{arg}: the weight must be above 0")
    sets = {path: read(path) for path in weights}
    held_out_check(sets, weights)
    X, y, w = stacked(sets, weights, lambda path, k: True)
    model = HistGradientBoostingClassifier(**TREES).fit(X, y, sample_weight=w)
    print("fitted on all rows, share placed right at", THRESHOLDS)
    for path, articles in sets.items():
        shares = [
            placed_right(articles, list(articles), lambda Z: model.predict_proba(Z)[:, 1], t)
            for t in THRESHOLDS
        ]
        print(f"  {path} " + " ".join(f"{s:.3f}" for s in shares))
    sample = X[np.random.default_rng(0).choice(len(X), 8, replace=False)]
    checks = list(zip(sample, model.predict_proba(sample)[:, 1]))
    a.out.write_text(rust(model, X.shape[1], checks))
    subprocess.run(["rustfmt", "--edition", "2021", str(a.out)], check=False)
    print(f"wrote {a.out} ({len(model._predictors)} trees)")


if __name__ == "__main__":
    main()
