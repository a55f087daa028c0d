"""stanza NER engine: the tagger shipped in pipeline/models/stanza-ner.

The model is trained by stanza (pipeline/train/stanza_ner.py), exported to numpy
arrays and run by ``ner_infer``, which gives the same tags as ``stanza.Pipeline``
without importing stanza or torch (seconds of start-up) or computing the CRF loss
at prediction time (tests/test_ner_infer.py holds the two to the same tags). stanza has no Indonesian
tokenizer to offer offline, so the text is split with the project's offset-keeping
tokenizer and handed over pretokenized; spans map back to characters through those
offsets.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..paths import SHIPPED_MODELS, models_dir
from . import TokenSpan

if TYPE_CHECKING:
    import stanza

MODEL_DIR = SHIPPED_MODELS / "stanza-ner"
MODEL_NAME = "stanza-ner"
MODEL_FILE = "id_ner.pt"  # stanza's checkpoint; the engine runs its export beside it (id_ner.npz, id_ner.json)
# BLAS threads for this process: one. Batch workers run one each (more would fight over the two
# cores), and a single worker gains little from two: tagging the 46 seed + dev articles (14,731
# tokens) on this 2-core machine took 1.39-1.45 s with one thread against 1.43-2.11 s with two,
# one call per article, and 0.76-0.89 s against 0.52-0.80 s in one call (three rounds each), while
# the rest of an article's work (rules, actors, dates) runs on one core either way.
THREADS = 1


class StanzaEngine:
    name = "stanza"

    def __init__(self, model_dir: Path | None = None, threads: int = THREADS) -> None:
        from threadpoolctl import threadpool_limits

        from . import exported
        from .ner_infer import StanzaNER

        model_dir = model_dir or models_dir() / MODEL_NAME
        model = model_dir / MODEL_FILE
        if not exported.exists(model):
            if model.exists():  # a checkpoint trained before the engine ran on its export
                raise FileNotFoundError(f"the stanza checkpoint {model} has no numpy export beside it; write it "
                                        f"with `python -m pipeline.train.stanza_ner {model}`")
            raise FileNotFoundError(f"stanza NER model missing at {model_dir}; train it with "
                                    "`python -m pipeline train ner --engine stanza`")
        threadpool_limits(threads, user_api="blas")
        self.model = StanzaNER(model)

    def tag(self, sentences: list[list[str]]) -> list[list[TokenSpan]]:
        return [bioes_spans(tags) for tags in self.model.tag(sentences)]


def stanza_pipeline(model_dir: Path = MODEL_DIR) -> stanza.Pipeline:
    """The ``stanza.Pipeline`` the engine replaced, for tests and benchmarks that hold the two side
    by side. The resources file stanza insists on is the small one shipped beside the model, so
    nothing is ever downloaded."""
    import logging

    import stanza

    logging.getLogger("stanza").setLevel(logging.WARNING)
    return stanza.Pipeline(
        lang="id", dir=str(model_dir), processors="tokenize,ner", tokenize_pretokenized=True,
        ner_model_path=str(model_dir / MODEL_FILE), download_method=None, use_gpu=False,
        ner_pretrain_path=None, ner_charlm_forward_file=None, ner_charlm_backward_file=None, logging_level="WARN",
    )


def bioes_spans(tags: list[str]) -> list[TokenSpan]:
    """Token spans of a BIOES (or BIO) tag sequence: S- and E- close an entity, and
    so does any tag that does not continue it (a stray I- starts nothing)."""
    out: list[TokenSpan] = []
    start = label = None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and not (tag.startswith(("I-", "E-")) and tag[2:] == label):
            out.append((start, i, label))
            start = label = None
        if tag.startswith(("B-", "S-")):
            start, label = i, tag[2:]
        if start is not None and tag.startswith(("S-", "E-")):
            out.append((start, i + 1, label))
            start = label = None
    return out
