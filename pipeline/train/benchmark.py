"""Entity-level P / R / F1 and speed of an NER engine on the corpora's test splits.

    python -m pipeline benchmark ner [--engine spacy|stanza] [--corpora ../shared/corpora]

Two protocols per test set. `tokens`: the corpus's own tokens, one sentence
each, go to the model, and a prediction counts when its token span and label
equal a gold entity's (the usual way NER models are compared). `text`: each
sentence as running text (tokens joined by spaces), cut by the project's
tokenizer and sentence splitter exactly as articles are, a prediction counting
when its character span and label equal a gold entity's. Speed is words per
second on one core (torch limited to one thread), measured on `text`.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ..nlp import text_entities
from .corpora import load, running_text, spans
from .tables import markdown_table

TEST_SETS = ("idner", "nergrit")


@dataclass
class Result:
    engine: str
    corpus: str
    protocol: str  # "tokens" or "text"
    precision: float
    recall: float
    f1: float
    words: int
    seconds: float

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def _prf(preds: list[set], golds: list[set]) -> tuple[float, float, float]:
    tp = sum(len(p & g) for p, g in zip(preds, golds))
    n_pred, n_gold = sum(map(len, preds)), sum(map(len, golds))
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_tokens(engine, corpora_dir: Path, corpus: str, split: str = "test") -> Result:
    """The corpus's tokens and sentences as they are, token spans compared."""
    sentences = load(corpora_dir, corpus, split)
    start = time.perf_counter()
    preds = [set(found) for found in engine.tag([s.tokens for s in sentences])]
    seconds = time.perf_counter() - start
    p, r, f = _prf(preds, [spans(s) for s in sentences])
    return Result(engine.name, corpus, "tokens", p, r, f, sum(len(s.tokens) for s in sentences), seconds)


def score_engine(engine, corpora_dir: Path, corpus: str, split: str = "test") -> Result:
    """Sentences as running text through the engine's article path, character spans compared."""
    sentences = load(corpora_dir, corpus, split)
    texts, golds = map(list, zip(*(running_text(s) for s in sentences)))
    start = time.perf_counter()
    preds = [{(p.start, p.end, p.label) for p in text_entities(engine, t)} for t in texts]
    seconds = time.perf_counter() - start
    p, r, f = _prf(preds, golds)
    return Result(engine.name, corpus, "text", p, r, f, sum(len(s.tokens) for s in sentences), seconds)


def run(engines: list[str], corpora_dir: Path) -> list[Result]:
    from ..nlp import get_engine

    results = []
    for name in engines:
        engine = get_engine(name)
        for corpus in TEST_SETS:
            results += [score_tokens(engine, corpora_dir, corpus), score_engine(engine, corpora_dir, corpus)]
    return results


def format_results(results: list[Result]) -> str:
    return markdown_table(["engine", "test set", "protocol", "P", "R", "F1", "words/s (1 core)"],
                          [[r.engine, r.corpus, r.protocol, f"{r.precision:.3f}", f"{r.recall:.3f}", f"{r.f1:.3f}",
                            f"{r.words_per_second:,.0f}" if r.protocol == "text" else ""] for r in results])
