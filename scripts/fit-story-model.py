#!/usr/bin/env python3
"""Fits the story join model (parallax-cluster `story.rs`, `MODEL`) by logistic regression.

Usage: fit-story-model.py PAIRS.tsv [PAIRS.tsv ...]

Each file is what `parallax eval stories DATASET --pairs FILE` writes: per article and
candidate story, `set  article  label  inputs...`. Every file gets the same total weight, so
a large generated corpus does not drown a small real one. Prints the coefficients as Rust,
and per file the share of articles the model places right at thresholds 0.3-0.6 (joined to
the gold story, or opening a story when the gold one is not a candidate). Needs numpy.
"""
import sys
from collections import OrderedDict

import numpy as np

L2 = 1e-5  # ridge on the coefficients (not the intercept), per unit of total weight: just enough
# to keep the fit stable where inputs move together


def read(path):
    articles = OrderedDict()
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        rows = articles.setdefault(int(f[1]), [])
        if f[2] != "-":
            rows.append((int(f[2]), [float(x) for x in f[3:]]))
    return articles


def fit(X, y, w):
    """Weighted L2-regularised logistic regression by Newton's method."""
    Xb = np.hstack([X, np.ones((len(X), 1))])
    beta = np.zeros(Xb.shape[1])
    reg = np.full(Xb.shape[1], L2 * w.sum())
    reg[-1] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(Xb @ beta)))
        grad = Xb.T @ (w * (p - y)) + reg * beta
        hess = (Xb * (w * p * (1 - p))[:, None]).T @ Xb + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-9:
            break
    return beta


def placed_right(articles, beta, threshold):
    right = 0
    for rows in articles.values():
        if not rows:
            right += 1
            continue
        X = np.array([r[1] for r in rows])
        p = 1.0 / (1.0 + np.exp(-(X @ beta[:-1] + beta[-1])))
        labels = [r[0] for r in rows]
        if 1 in labels:
            i = labels.index(1)
            others = max((p[j] for j in range(len(p)) if j != i), default=-1.0)
            right += p[i] >= threshold and p[i] > others
        else:
            right += p.max() < threshold
    return right / max(1, len(articles))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sets = {path: read(path) for path in sys.argv[1:]}
    Xs, ys, ws = [], [], []
    for articles in sets.values():
        rows = [r for rs in articles.values() for r in rs]
        Xs.append(np.array([r[1] for r in rows]))
        ys.append(np.array([r[0] for r in rows], dtype=float))
        ws.append(np.full(len(rows), 1.0 / len(rows)))
    beta = fit(np.vstack(Xs), np.concatenate(ys), np.concatenate(ws) * sum(map(len, ys)))
    body = ", ".join(f"{b:.4}" for b in beta)
    print(f"const MODEL: [f64; MODEL_INPUTS + 1] = [{body}];")
    for path, articles in sets.items():
        shares = {t: placed_right(articles, beta, t) for t in (0.3, 0.4, 0.5, 0.6)}
        print(path, " ".join(f"{t}:{s:.3f}" for t, s in shares.items()))


if __name__ == "__main__":
    main()
