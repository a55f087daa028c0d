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

from . import Span
from .tokenize import sentences, tokens

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "spacy-ner"
TOKENIZER = "pipeline.whitespace_tokenizer.v1"


@spacy.registry.tokenizers(TOKENIZER)
def whitespace_tokenizer():
    """Referenced by the model's config: whitespace only, for callers that pass plain text to ``nlp``."""
    return lambda nlp: Tokenizer(nlp.vocab)


class SpacyEngine:
    name = "spacy"

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        if not (model_dir / "config.cfg").exists():
            raise FileNotFoundError(f"spaCy NER model missing at {model_dir}; train it with "
                                    "`python -m pipeline train ner --engine spacy`")
        self.nlp = spacy.load(model_dir)

    def tag(self, sents: list[list[str]]) -> list[list[tuple[int, int, str]]]:
        """Entities of tokenized sentences, as (first token, end token, label), in one batch."""
        docs = (spacy.tokens.Doc(self.nlp.vocab, words=words) for words in sents)
        return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in self.nlp.pipe(docs)]

    def entities(self, text: str) -> list[Span]:
        """Sentence by sentence, as the model was trained; offsets into ``text``."""
        offsets = [[(s0 + a, s0 + b) for a, b in tokens(text[s0:s1])] for s0, s1 in sentences(text)]
        offsets = [o for o in offsets if o]
        tagged = self.tag([[text[a:b] for a, b in o] for o in offsets])
        return [Span(o[a][0], o[b - 1][1], label) for o, ents in zip(offsets, tagged) for a, b, label in ents]
