"""NER engines behind one interface: tokens in, labelled spans out; ``text_entities`` gives character spans."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

ENGINES = ("spacy", "stanza")
DEFAULT_ENGINE = "stanza"  # chosen by measurement: see README


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str  # PER / ORG / LOC from models; ORG / COUNTRY / LOCATION from rules
    key: str | None = None  # canonical key from a gazetteer (org name, ISO code)
    source: str = "model"


TokenSpan = tuple[int, int, str]  # first token, end token (exclusive), PER / ORG / LOC


class Engine(Protocol):
    name: str

    def tag(self, sentences: list[list[str]]) -> list[list[TokenSpan]]:
        """Entities of pre-tokenized sentences, as token spans per sentence."""
        ...


def text_entities(engine: Engine, text: str) -> list[Span]:
    """Running text through ``engine``: cut by the project tokenizer sentence by
    sentence (as the models were trained), entities mapped back to character offsets."""
    return texts_entities(engine, [text])[0]


def texts_entities(engine: Engine, texts: list[str]) -> list[list[Span]]:
    """``text_entities`` of several texts in one call to the tagger, which batches
    sentences of similar length across them: several articles tag faster together."""
    from .tokenize import sentence_tokens

    sents = [sentence_tokens(text) for text in texts]
    words = [[text[a:b] for a, b in s] for text, article in zip(texts, sents) for s in article]
    tagged = iter(engine.tag(words) if words else [])
    return [[Span(offsets[a][0], offsets[b - 1][1], label) for offsets in article for a, b, label in next(tagged)]
            for article in sents]


@lru_cache(maxsize=2)
def get_engine(name: str = DEFAULT_ENGINE) -> Engine:
    """The engine, loaded once per process from the shipped model files."""
    if name == "spacy":
        from .spacy_engine import SpacyEngine

        return SpacyEngine()
    if name == "stanza":
        from .stanza_engine import StanzaEngine

        return StanzaEngine()
    raise ValueError(f"unknown NER engine {name!r}; choose one of {', '.join(ENGINES)}")
