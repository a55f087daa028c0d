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

from . import Span
from .tokenize import sentence_tokens

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "stanza-ner"
MODEL_FILE = "id_ner.pt"


class StanzaEngine:
    name = "stanza"

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
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

    def entities(self, text: str) -> list[Span]:
        sents = sentence_tokens(text)
        if not sents:
            return []
        doc = self.nlp([[text[a:b] for a, b in s] for s in sents])
        out = []
        for offsets, sent in zip(sents, doc.sentences):
            start = label = None
            tags = [t.ner for t in sent.tokens] + ["O"]
            for i, tag in enumerate(tags):
                if start is not None and not (tag.startswith(("I-", "E-")) and tag[2:] == label):
                    out.append(Span(offsets[start][0], offsets[i - 1][1], label))
                    start = label = None
                if tag.startswith(("B-", "S-")):
                    start, label = i, tag[2:]
                    if tag.startswith("S-"):
                        out.append(Span(offsets[i][0], offsets[i][1], label))
                        start = label = None
        return out
