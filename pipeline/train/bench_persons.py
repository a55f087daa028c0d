"""The entity layer's persons on sentences no one on the project has read.

    python -m pipeline benchmark persons [--engine stanza] [--split dev|test]

The rules of ``actors.py`` (and the gazetteers in ``rules.py``) were written from the
gold articles; the corpora's sentences are news and encyclopaedia text they never
saw. Each sentence goes through the model, the gazetteers and the actors layer as an
article's clean text would, and the persons that come out are scored against the
corpus's person spans, beside the model's own person spans. Persons only: the
corpora's places and organisations follow other conventions than SPEC 3 (idner leaves
most country names untagged). Their persons are close to SPEC 3's but keep the ranks
and honorifics written before a name ("Sheikh Hassan Dahir Aweys", "Dr Numbi"), which
SPEC 3 moves to ``title``: a corpus person counts in either form.

Precision is the number to watch: a person the layer makes that the corpus does not
have is a rule firing on text it was not written for ("Ibu Kota" read as the honorific
"Ibu" and a name). Recall falls by design: a one-word name with no rank or position in
a sentence of its own is dropped (``actors._stray_word``), where an article would
introduce it with its full name.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..actors import extract, people_words
from ..nlp import get_engine, texts_entities
from ..nlp.rules import merge, rule_spans
from .corpora import load, running_text
from .tables import markdown_table

TEST_SETS = ("idner", "nergrit")
_PERSON = {"PER", "PERSON"}


@dataclass
class Row:
    corpus: str
    split: str
    stage: str  # "model" or "entity layer"
    precision: float
    recall: float
    f1: float
    found: int
    made: int  # persons the layer has at spans the model did not tag as persons
    made_right: int


def _untitled(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the ranks and honorifics it opens with (SPEC 3: they are the person's title)."""
    title_re = people_words().title_re
    while (m := title_re.match(text, start)) and m.end() < end:
        start = m.end() + len(text[m.end():end]) - len(text[m.end():end].lstrip(" ."))
    return start, end


def _prf(found: list[set], gold: list[dict]) -> tuple[float, float, float]:
    """``gold`` maps each accepted form of a corpus person to the person (its span as written)."""
    tp = sum(len({g[x] for x in f if x in g}) for f, g in zip(found, gold))
    n_found, n_gold = sum(map(len, found)), sum(len(set(g.values())) for g in gold)
    p = tp / n_found if n_found else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def score(engine: str, corpora_dir: Path, corpus: str, split: str) -> list[Row]:
    """Model and entity-layer persons of one corpus split, as character spans."""
    texts, gold = [], []
    for s in load(corpora_dir, corpus, split):
        text, entities = running_text(s)
        texts.append(text)
        people = [(a, b) for a, b, label in entities if label == "PER"]
        gold.append({form: person for person in people for form in (person, _untitled(text, *person))})
    tagged = texts_entities(get_engine(engine), texts)
    model = [{(x.start, x.end) for x in found if x.label in _PERSON} for found in tagged]
    layer = []
    for text, found in zip(texts, tagged):
        _, mentions = extract(text, merge(found, rule_spans(text), text))
        layer.append({(m.start, m.end) for m in mentions if m.label == "PERSON"})
    made = [lay - mod for lay, mod in zip(layer, model)]
    made_right = sum(len(m & g.keys()) for m, g in zip(made, gold))
    rows = []
    for stage, found in (("model", model), ("entity layer", layer)):
        p, r, f = _prf(found, gold)
        extra = (sum(map(len, made)), made_right) if stage == "entity layer" else (0, 0)
        rows.append(Row(corpus, split, stage, p, r, f, sum(map(len, found)), *extra))
    return rows


def run(engine: str, corpora_dir: Path, split: str = "dev") -> list[Row]:
    return [row for corpus in TEST_SETS for row in score(engine, corpora_dir, corpus, split)]


def format_rows(rows: list[Row]) -> str:
    return markdown_table(
        ["corpus", "split", "persons from", "P", "R", "F1", "persons", "made by rules (right)"],
        [[r.corpus, r.split, r.stage, f"{r.precision:.3f}", f"{r.recall:.3f}", f"{r.f1:.3f}", str(r.found),
          f"{r.made} ({r.made_right})" if r.stage == "entity layer" else ""] for r in rows])
