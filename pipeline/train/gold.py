"""Gold articles as training material: each gold file paired with its raw page."""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..evaluate import norm_line
from ..sources import read_file
from .corpora import Sentence


@dataclass
class GoldArticle:
    article_id: str
    text: str  # the raw page as read from disk
    gold: dict


def read_gold(pairs: list[tuple[Path, Path]]) -> list[GoldArticle]:
    """Every gold article of each (gold folder, raw folder) pair whose raw page exists."""
    out = []
    for gold_dir, raw_dir in pairs:
        for g in sorted(gold_dir.glob("*.json")):
            gold = json.loads(g.read_text(encoding="utf-8"))
            aid = gold["article_id"]
            candidates = sorted(p for p in raw_dir.glob(f"{aid}.*") if p.suffix.lower() in (".txt", ".html", ".htm"))
            if not candidates:
                continue
            art = next(read_file(candidates[0]))
            if not art.error:
                out.append(GoldArticle(aid, art.text, gold))
    return out


def drop_labels(lines: list[str], boilerplate: list[str]) -> list[bool]:
    """Which raw line occurrences gold drops (SPEC 8): a line listed k times drops its
    last k occurrences, so the first of a scraper's repeats stays."""
    norm = [norm_line(s) for s in lines]
    gold = Counter(n for n in (norm_line(s) for s in boilerplate) if n)
    total = Counter(n for n in norm if n)
    seen: Counter[str] = Counter()
    labels = []
    for n in norm:
        seen[n] += 1
        labels.append(bool(n) and seen[n] > total[n] - gold.get(n, 0))
    return labels


def clean_text(art: GoldArticle) -> str:
    """The article's clean text as gold has it: raw lines less gold boilerplate, laid out as ``clean`` does."""
    from ..clean import normalise_text

    lines = normalise_text(art.text).split("\n")
    drop = drop_labels(lines, art.gold.get("boilerplate", []))
    kept = [s for s, d in zip(lines, drop) if s and not d]
    return "\n\n".join(kept) + ("\n" if kept else "")


NER_LABEL = {"PERSON": "PER", "ORG": "ORG", "LOCATION": "LOC", "COUNTRY": "LOC"}


@dataclass
class Projection:
    """What projecting gold names onto an article's text gave."""

    sentences: list[Sentence] = field(default_factory=list)
    names: int = 0  # distinct (surface form, label) pairs gold gives
    not_found: list[str] = field(default_factory=list)  # never written in the clean text as a whole token run
    ambiguous: list[str] = field(default_factory=list)  # one surface form, two labels


def project(art: GoldArticle) -> Projection:
    """Gold entities (names and aliases; COUNTRY as LOC) as BIO token tags on the clean text's
    sentences, cut by the run-time tokenizer. Longer names win where matches overlap; the
    headline is left out, as ``batch`` leaves it out of the model's spans."""
    from ..nlp.tokenize import sentence_tokens

    text = clean_text(art)
    title = art.gold.get("title")
    body_start = len(title) if title and text.startswith(title) else 0
    labels: dict[str, set[str]] = {}
    for ent in art.gold.get("entities", []):
        label = NER_LABEL.get(ent.get("type", ""))
        for name in [ent.get("name"), *ent.get("aliases", [])]:
            if label and name and name.strip():
                labels.setdefault(name.strip(), set()).add(label)
    out = Projection(names=len(labels))
    sents = [s for s in sentence_tokens(text) if s[0][0] >= body_start]
    starts = {a: (k, t) for k, s in enumerate(sents) for t, (a, _) in enumerate(s)}
    ends = {b: (k, t) for k, s in enumerate(sents) for t, (_, b) in enumerate(s)}
    tags = [["O"] * len(s) for s in sents]
    for name in sorted(labels, key=len, reverse=True):
        if len(labels[name]) > 1:
            out.ambiguous.append(name)
            continue
        label, = labels[name]
        found = False
        for m in re.finditer(re.escape(name), text):
            a, b = starts.get(m.start()), ends.get(m.end())
            if a is None or b is None or a[0] != b[0]:
                continue
            k, first, last = a[0], a[1], b[1]
            found = True
            if all(t == "O" for t in tags[k][first:last + 1]):
                tags[k][first:last + 1] = [f"B-{label}"] + [f"I-{label}"] * (last - first)
        if not found:
            out.not_found.append(name)
    out.sentences = [Sentence([text[a:b] for a, b in s], t) for s, t in zip(sents, tags)]
    return out
