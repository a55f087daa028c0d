"""NER engines behind one interface: text in, labelled character spans out."""
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


class Engine(Protocol):
    name: str

    def entities(self, text: str) -> list[Span]: ...


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
