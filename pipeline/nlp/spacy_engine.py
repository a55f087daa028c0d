"""spaCy NER engine: the trained pipeline shipped in pipeline/models/spacy-ner.

Text is split with the project's offset-keeping tokenizer (the one the
stanza engine uses too) and handed to the model as ready-made Docs, so the
model sees tokens cut as in its pre-tokenized training corpora. The shipped
pipeline's own tokenizer is therefore a bare whitespace one: loading spaCy's
Indonesian tokenizer, with its 30,000 special cases, took 3 s per process.
"""
from __future__ import annotations

from pathlib import Path

import spacy
from spacy.tokenizer import Tokenizer

from ..paths import SHIPPED_MODELS, models_dir
from . import TokenSpan

MODEL_DIR = SHIPPED_MODELS / "spacy-ner"
MODEL_NAME = "spacy-ner"
TOKENIZER = "pipeline.whitespace_tokenizer.v1"


@spacy.registry.tokenizers(TOKENIZER)
def whitespace_tokenizer():
    """Referenced by the model's config: whitespace only, for callers that pass plain text to ``nlp``."""
    return lambda nlp: Tokenizer(nlp.vocab)


class SpacyEngine:
    name = "spacy"

    def __init__(self, model_dir: Path | None = None) -> None:
        model_dir = model_dir or models_dir() / MODEL_NAME
        if not (model_dir / "config.cfg").exists():
            raise FileNotFoundError(f"spaCy NER model missing at {model_dir}; train it with "
                                    "`python -m pipeline train ner --engine spacy`")
        self.nlp = spacy.load(model_dir)

    def tag(self, sentences: list[list[str]]) -> list[list[TokenSpan]]:
        docs = self.nlp.pipe(spacy.tokens.Doc(self.nlp.vocab, words=words) for words in sentences)
        return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in docs]