"""Read the Indonesian NER corpora (../shared/corpora) into one shape.

Each corpus has its own file format and tag set; this module maps them onto
the project's three labels (PER, ORG, LOC) as sentences of (tokens, BIO tags).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LABEL_MAP = {
    "PER": "PER", "PERSON": "PER", "PPL": "PER",
    "ORG": "ORG", "ORGANISATION": "ORG", "IND": "ORG",
    "LOC": "LOC", "PLACE": "LOC", "PLC": "LOC",
}
CORPORA = {
    # name: (folder, {split: file})
    "idner": ("idner-news-2k", {"train": "train.txt", "dev": "dev.txt", "test": "test.txt"}),
    "nergrit": ("nergrit", {"train": "train.txt", "dev": "valid.txt", "test": "test.txt"}),
    "nerp": ("nerp", {"train": "train.txt", "dev": "valid.txt", "test": "test.txt"}),
}


@dataclass
class Sentence:
    tokens: list[str]
    tags: list[str]  # BIO over PER/ORG/LOC


def map_tag(tag: str) -> str:
    """Corpus tag -> project BIO tag; EVT, FNB and anything unknown become O."""
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    mapped = LABEL_MAP.get(label)
    return f"{prefix}-{mapped}" if mapped and prefix in ("B", "I") else "O"


def read_conll(path: Path) -> Iterator[Sentence]:
    """Token-per-line files; the tag is the last column, blank lines split sentences."""
    tokens: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.strip("\r\n").strip()
            if not line:
                if tokens:
                    yield Sentence(tokens, _repair(tags))
                tokens, tags = [], []
                continue
            parts = line.split()
            tokens.append(parts[0])
            tags.append(map_tag(parts[-1]) if len(parts) > 1 else "O")
    if tokens:
        yield Sentence(tokens, _repair(tags))


def _repair(tags: list[str]) -> list[str]:
    """An I- with no B- before it (after mapping) starts an entity."""
    out = []
    for i, t in enumerate(tags):
        if t.startswith("I-") and (i == 0 or out[-1][2:] != t[2:]):
            t = "B-" + t[2:]
        out.append(t)
    return out


def load(corpora_dir: Path, name: str, split: str) -> list[Sentence]:
    """One split of one corpus; NERP, which is lower-cased, comes back truecased."""
    folder, files = CORPORA[name]
    sentences = list(read_conll(corpora_dir / folder / files[split]))
    if name == "nerp":
        casing = case_table(corpora_dir)
        sentences = [truecase(s, casing) for s in sentences]
    return sentences


def training_sets(corpora_dir: Path, names: list[str], seed: int) -> tuple[list[Sentence], list[Sentence]]:
    """Train splits of ``names`` merged and shuffled, and their dev splits (NERP's
    lower-cased dev is left out of model selection); both retokenized."""
    import random

    train = [retokenize(s) for n in names for s in load(corpora_dir, n, "train")]
    random.Random(seed).shuffle(train)
    dev = [retokenize(s) for n in names if n != "nerp" for s in load(corpora_dir, n, "dev")]
    return train, dev


def retokenize(sentence: Sentence) -> Sentence:
    """Cut each corpus token as the engines cut running text (``nlp.tokenize``), so a
    model trains on the tokens it will see: idner-news-2k writes "(KPK)" and
    "Kompas.com" as one token, the engines see "(", "KPK", ")". Brackets and quotes
    at a token's edges leave its entity, as NERGRIT writes them and as the rest of
    the pipeline expects: "Komisi Pemberantasan Korupsi (KPK)" becomes the name and
    its acronym, two entities."""
    from ..nlp.tokenize import tokens

    out_tokens: list[str] = []
    out_tags: list[str] = []
    for tok, tag in zip(sentence.tokens, sentence.tags):
        pieces = [tok[a:b] for a, b in tokens(tok)] or [tok]
        core = [i for i, p in enumerate(pieces) if any(ch.isalnum() for ch in p)]
        first, last = (core[0], core[-1]) if core else (0, len(pieces) - 1)
        for i, piece in enumerate(pieces):
            out_tokens.append(piece)
            if tag == "O" or not first <= i <= last:
                out_tags.append("O")
            elif i == first and (tag.startswith("B-") or first > 0):
                out_tags.append("B-" + tag[2:])  # "(KPK)" after its full name: the acronym starts an entity
            else:
                out_tags.append("I-" + tag[2:])
    return Sentence(out_tokens, _repair(out_tags))


def case_table(corpora_dir: Path) -> dict[str, str]:
    """Most frequent written form of each word in the cased corpora's train splits."""
    from collections import Counter

    counts: dict[str, Counter] = {}
    for name in ("idner", "nergrit"):
        folder, files = CORPORA[name]
        for s in read_conll(corpora_dir / folder / files["train"]):
            for i, tok in enumerate(s.tokens):
                if i > 0:  # a sentence's first word says nothing about its case
                    counts.setdefault(tok.lower(), Counter())[tok] += 1
    return {low: c.most_common(1)[0][0] for low, c in counts.items()}


def truecase(sentence: Sentence, casing: dict[str, str]) -> Sentence:
    """Give a lower-cased sentence plausible capitals: names capitalised, known
    words as the cased corpora write them, the first word capitalised."""
    out = []
    for i, (tok, tag) in enumerate(zip(sentence.tokens, sentence.tags)):
        form = casing.get(tok, tok)
        if tag != "O" and form == tok and tok[:1].isalpha():
            form = tok[:1].upper() + tok[1:]
        if i == 0:
            form = form[:1].upper() + form[1:]
        out.append(form)
    return Sentence(out, sentence.tags)


def spans(sentence: Sentence) -> set[tuple[int, int, str]]:
    """Entity spans (start token, end token, label) of a BIO sentence."""
    out = set()
    start = label = None
    for i, t in enumerate(sentence.tags + ["O"]):
        if start is not None and not (t.startswith("I-") and t[2:] == label):
            out.add((start, i, label))
            start = label = None
        if t.startswith("B-"):
            start, label = i, t[2:]
    return out


def running_text(sentence: Sentence) -> tuple[str, set[tuple[int, int, str]]]:
    """The sentence as running text (its tokens joined by spaces) and its entities as character spans
    (start, end, label): how the article path sees a corpus sentence."""
    offsets, pos = [], 0
    for tok in sentence.tokens:
        offsets.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    return " ".join(sentence.tokens), {(offsets[a][0], offsets[b - 1][1], label) for a, b, label in spans(sentence)}
