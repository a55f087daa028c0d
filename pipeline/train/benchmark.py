"""Entity-level P / R / F1 and speed of an NER engine on the corpora's test splits.

    python -m pipeline benchmark ner [--engine spacy|stanza] [--corpora ../shared/corpora]

Each test sentence is given to the engine as running text (tokens joined by
spaces), exactly as articles are; a predicted entity counts when its
character span and label equal a gold entity's. Speed is words per second
on one core (torch limited to one thread).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .corpora import load, spans
from .tables import markdown_table

TEST_SETS = ("idner", "nergrit")


@dataclass
class Result:
    engine: str
    corpus: str
    precision: float
    recall: float
    f1: float
    words: int
    seconds: float

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def score_engine(engine, corpora_dir: Path, corpus: str, split: str = "test") -> Result:
    sentences = load(corpora_dir, corpus, split)
    texts, golds = [], []
    for s in sentences:
        offsets, pos = [], 0
        for tok in s.tokens:
            offsets.append((pos, pos + len(tok)))
            pos += len(tok) + 1
        texts.append(" ".join(s.tokens))
        golds.append({(offsets[a][0], offsets[b - 1][1], lab) for a, b, lab in spans(s)})
    start = time.perf_counter()
    preds = [{(p.start, p.end, p.label) for p in engine.entities(t)} for t in texts]
    seconds = time.perf_counter() - start
    tp = sum(len(p & g) for p, g in zip(preds, golds))
    n_pred, n_gold = sum(map(len, preds)), sum(map(len, golds))
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Result(engine.name, corpus, precision, recall, f1, sum(len(s.tokens) for s in sentences), seconds)


def run(engines: list[str], corpora_dir: Path) -> list[Result]:
    import torch

    from ..nlp import get_engine

    torch.set_num_threads(1)
    results = []
    for name in engines:
        engine = get_engine(name)
        for corpus in TEST_SETS:
            results.append(score_engine(engine, corpora_dir, corpus))
    return results


def format_results(results: list[Result]) -> str:
    return markdown_table(["engine", "test set", "P", "R", "F1", "words/s (1 core)"],
                          [[r.engine, r.corpus, f"{r.precision:.3f}", f"{r.recall:.3f}", f"{r.f1:.3f}",
                            f"{r.words_per_second:,.0f}"] for r in results])
