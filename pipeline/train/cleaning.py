"""Train the boilerplate line classifier from gold articles.

    python -m pipeline train cleaning --gold annotations --raw raw --gold ../shared/dev/gold --raw ../shared/dev/raw

The classifier learns from every line but the headline and the body's first
line which ones gold drops; at run time it decides only on the lines the rules
keep. Word features (first and last word) count only when two articles or
more show them, so no single page's oddity becomes a rule. scikit-learn fits
it; only its weights and scaling are written, as JSON, to ``models/cleaning.json``.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

from ..clean import rule_page
from ..dataset import atomic_write_bytes
from ..line_classifier import LEXICAL, MODEL_FILE, LineModel, page_features
from ..paths import SHIPPED_MODELS
from .gold import GoldArticle, drop_labels

# L2 strength and drop threshold, chosen by 5-fold cross-validation over the gold articles and by
# training on the 28 older articles and scoring the 18 newer ones (README, "Learned cleaning")
C = 0.1
THRESHOLD = 0.8


def examples(articles: list[GoldArticle]) -> tuple[list[dict[str, float]], list[bool], Counter[str]]:
    """Feature dicts and gold labels of the lines, and in how many articles each word feature occurs."""
    feats, labels, docs = [], [], Counter()
    for art in articles:
        page = rule_page(art.text)
        gold = drop_labels(page.lines, art.gold.get("boilerplate", []))
        idx, fs = page_features(page)
        chosen = [(i, f) for i, f in zip(idx, fs) if i not in (page.title, page.body)]
        feats.extend(f for _, f in chosen)
        labels.extend(gold[i] for i, _ in chosen)
        docs.update({name for _, f in chosen for name in f if name.startswith(LEXICAL)})
    return feats, labels, docs


def fit(articles: list[GoldArticle], c: float = C) -> LineModel:
    """A logistic regression over the examples, balanced between keep and drop."""
    from sklearn.linear_model import LogisticRegression

    feats, labels, docs = examples(articles)
    if not feats or len(set(labels)) < 2:
        raise ValueError("cleaning: the gold articles give no lines of both kinds to learn from")
    names = sorted({n for f in feats for n in f if not n.startswith(LEXICAL) or docs[n] >= 2})
    x = np.array([[f.get(n, 0.0) for n in names] for f in feats])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    clf.fit((x - mean) / scale, np.array(labels))
    return LineModel(tuple(names), mean, scale, clf.coef_[0], float(clf.intercept_[0]), THRESHOLD)


def train(articles: list[GoldArticle], out_dir: Path = SHIPPED_MODELS, c: float = C) -> Path:
    """Fit and write the model file; returns its path."""
    model = fit(articles, c)
    out = out_dir / MODEL_FILE
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out, json.dumps(model.to_json(), indent=1).encode("utf-8"))
    return out
