"""Fit and write the logistic models the learned stages ship (``pipeline/logistic.py``)."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

from ..dataset import atomic_write_bytes
from ..logistic import LogisticModel


def fit(examples: list[tuple[str, dict[str, float], bool]], c: float, threshold: float,
        lexical: tuple[str, ...] = ()) -> LogisticModel:
    """A class-balanced L2 logistic regression over (article id, features, label) examples.
    A feature whose name starts with one of ``lexical`` (a word) is kept only when two
    articles or more show it: one page's oddity never becomes a learned rule."""
    from sklearn.linear_model import LogisticRegression

    labels = np.array([y for _, _, y in examples])
    if len(set(labels.tolist())) < 2:
        raise ValueError("the gold articles give no examples of both kinds to learn from")
    seen: dict[str, set[str]] = {}  # article id -> its word features
    for aid, f, _ in examples:
        seen.setdefault(aid, set()).update(n for n in f if lexical and n.startswith(lexical))
    docs = Counter(name for names in seen.values() for name in names)
    names = sorted({n for _, f, _ in examples for n in f if not (lexical and n.startswith(lexical)) or docs[n] >= 2})
    x = np.array([[f.get(n, 0.0) for n in names] for _, f, _ in examples])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
    clf.fit((x - mean) / scale, labels)
    return LogisticModel(tuple(names), mean, scale, clf.coef_[0], float(clf.intercept_[0]), threshold)


def write(model: LogisticModel, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, json.dumps(model.to_json(), indent=1).encode("utf-8"))
    return path
