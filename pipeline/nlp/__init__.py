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
    tagged = zip(words, engine.tag(words) if words else [])
    out: list[list[Span]] = []
    for article in sents:
        spans = []
        for offsets in article:
            tokens, found = next(tagged)
            spans += [Span(offsets[a][0], offsets[b - 1][1], label)
                      for a0, b0, label in found for a, b in balanced_parts(tokens, a0, b0)]
        out.append(spans)
    return out


def balanced_parts(tokens: list[str], a: int, b: int) -> list[tuple[int, int]]:
    """The token span [a, b) less what stands inside a bracket it opens or closes but not both: the models
    now and then run a name into the acronym after it ("Kepolisian Resor Kota ( Polresta", "Sekolah Tinggi
    Teknologi Nuklir ( STTN", "Kara ( Hangul" in the corpora's train splits). What is in brackets after a
    name is its alias, which the actors stage reads from the text beside the name."""
    opened: list[int] = []
    closed_alone = -1  # the last ")" the span does not open
    for i in range(a, b):
        if tokens[i] == "(":
            opened.append(i)
        elif tokens[i] == ")":
            if opened:
                opened.pop()
            else:
                closed_alone = i
    start, end = closed_alone + 1 if closed_alone >= 0 else a, opened[0] if opened else b
    return [(start, end)] if end > start else []


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
