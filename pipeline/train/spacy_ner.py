"""Train the shipped spaCy NER model from the corpora.

    python -m pipeline train ner --engine spacy [--corpora ../shared/corpora]

Train splits of the chosen corpora are merged; their dev splits select the
best checkpoint. The result is copied to pipeline/models/spacy-ner.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..nlp.spacy_engine import MODEL_DIR  # also registers the tokenizer the config names
from .corpora import Sentence, spans, training_sets

CONFIG = Path(__file__).with_name("spacy_ner.cfg")


def to_docbin(sentences: list[Sentence], path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin, Span

    nlp = spacy.blank("id")
    db = DocBin()
    for s in sentences:
        doc = spacy.tokens.Doc(nlp.vocab, words=s.tokens)
        doc.ents = [Span(doc, a, b, label=lab) for a, b, lab in sorted(spans(s))]
        db.add(doc)
    db.to_disk(path)


def train(corpora_dir: Path, names: list[str], out_dir: Path = MODEL_DIR, max_steps: int | None = None,
          seed: int = 0, overrides: dict | None = None, gold: list[Sentence] | None = None,
          gold_weight: int = 0) -> Path:
    """Train and copy model-best to ``out_dir``; returns it. ``gold`` sentences (projected
    from gold articles) join the corpora's train split ``gold_weight`` times over."""
    from spacy.cli.train import train as spacy_train

    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        train_s, dev_s = training_sets(corpora_dir, names, seed)
        train_s = train_s + list(gold or []) * gold_weight
        to_docbin(train_s, tmpdir / "train.spacy")
        to_docbin(dev_s, tmpdir / "dev.spacy")
        settings = {"paths.train": str(tmpdir / "train.spacy"), "paths.dev": str(tmpdir / "dev.spacy"),
                    "system.seed": seed}
        if max_steps:
            settings["training.max_steps"] = max_steps
        settings.update(overrides or {})
        spacy_train(CONFIG, tmpdir / "out", overrides=settings)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        shutil.copytree(tmpdir / "out" / "model-best", out_dir)
    return out_dir
