"""stanza NER engine: the tagger shipped in pipeline/models/stanza-ner.

The model is trained by stanza (pipeline/train/stanza_ner.py) but run by
``ner_infer``, plain torch that gives the same tags as ``stanza.Pipeline`` without
importing stanza (seconds of start-up) or computing the CRF loss at prediction time
(tests/test_ner_infer.py holds the two to the same tags). stanza has no Indonesian
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
MODEL_FILE = "id_ner.pt"
# torch threads for this process: one. Batch workers run one each (more would fight over the
# cores), and a single worker is no faster with two: tagging the 46 seed + dev articles
# (14,731 tokens) on this 2-core machine, shared with other jobs, took 2.8 s with one thread
# against 37 s with two, one call per article (1.5 s against 7.0 s in one call; medians of 4),
# as torch's threads spin waiting for a core that is busy elsewhere.
THREADS = 1


class StanzaEngine:
    name = "stanza"

    def __init__(self, model_dir: Path | None = None, threads: int = THREADS) -> None:
        import torch

        from .ner_infer import StanzaNER

        model_dir = model_dir or models_dir() / MODEL_NAME
        if not (model_dir / MODEL_FILE).exists():
            raise FileNotFoundError(f"stanza NER model missing at {model_dir}; train it with "
                                    "`python -m pipeline train ner --engine stanza`")
        torch.set_num_threads(threads)
        self.model = StanzaNER(model_dir / MODEL_FILE)

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
