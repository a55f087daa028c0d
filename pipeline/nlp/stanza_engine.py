"""stanza NER engine: the tagger shipped in pipeline/models/stanza-ner.

stanza has no Indonesian tokenizer to offer offline, so the text is split
with the project's offset-keeping tokenizer and handed over pretokenized;
spans map back to characters through those offsets. The resources file
stanza insists on is the small one shipped beside the model, so nothing is
ever downloaded.
"""
from __future__ import annotations

import logging
from pathlib import Path

from ..paths import SHIPPED_MODELS, models_dir
from . import TokenSpan

MODEL_DIR = SHIPPED_MODELS / "stanza-ner"
MODEL_NAME = "stanza-ner"
MODEL_FILE = "id_ner.pt"


class StanzaEngine:
    name = "stanza"

    def __init__(self, model_dir: Path | None = None) -> None:
        model_dir = model_dir or models_dir() / MODEL_NAME
        import stanza

        if not (model_dir / MODEL_FILE).exists():
            raise FileNotFoundError(f"stanza NER model missing at {model_dir}; train it with "
                                    "`python -m pipeline train ner --engine stanza`")
        logging.getLogger("stanza").setLevel(logging.WARNING)
        self.nlp = stanza.Pipeline(
            lang="id", dir=str(model_dir), processors="tokenize,ner", tokenize_pretokenized=True,
            ner_model_path=str(model_dir / MODEL_FILE), download_method=None, use_gpu=False,
            ner_pretrain_path=None, ner_charlm_forward_file=None, ner_charlm_backward_file=None, logging_level="WARN",
        )

    def tag(self, sentences: list[list[str]]) -> list[list[TokenSpan]]:
        if not sentences:
            return []
        doc = self.nlp(sentences)
        return [bioes_spans([t.ner for t in sent.tokens]) for sent in doc.sentences]

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
