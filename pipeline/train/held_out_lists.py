"""The word lists as they would be had the held-out articles never been read.

Gazetteers and cue lists in pipeline/data grew from the gold articles: a name
added because one article needed it is memorised training data, and scoring
that article with it flatters the rules the way scoring a model on its own
training set does. For cross-validation each list entry is checked against
the raw pages: an entry that some held-out article contains and no training
article does is taken out of the fold's copy of the list (an organisation
goes when none of its names is in a training article). Entries no gold article
contains are general knowledge and stay, and so are those the SPEC's own
examples show (``spec_examples.md``, read as one more training page). The
pattern lists of the cleaning and agreement rules get the same treatment, a
pattern standing for the lines it matches: one that matches some held-out page
(case-insensitively, line by line) and no training page was written for that
page. Single regular expressions and lookup tables (strings and dicts) are left
as they are, and a list is never emptied (code joins some lists into
alternations, where an empty one would match everything).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from ..clean import normalise_text
from ..paths import data_file
from .gold import GoldArticle

# The lists built from reading articles: names, aliases, titles, cue and stop words; and regex lists.
WORD_FILES = ("organizations.yml", "places.yml", "countries.yml", "people.yml", "not_entities.yml", "span_heads.yml")
PATTERN_FILES = ("boilerplate.yml", "agreements.yml")
FILES = WORD_FILES + PATTERN_FILES
_TEMPLATE = re.compile(r"\{[a-z_]+\}")  # "{forms}": filled in by code from another list
SPEC_EXAMPLES = "spec_examples.md"  # the contract's sections 2-5: what it names is no page's answer key


def _contains(texts: list[str], phrase: str) -> bool:
    """Whether any text has ``phrase`` as a whole-word run, case folded."""
    pattern = re.compile(rf"(?<!\w){re.escape(phrase.casefold())}(?!\w)")
    return any(pattern.search(t) for t in texts)


class _Reading:
    """What the training and the held-out pages contain, memoised per phrase."""

    def __init__(self, train: Iterable[GoldArticle], held: Iterable[GoldArticle]) -> None:
        spec = (Path(__file__).parent / SPEC_EXAMPLES).read_text(encoding="utf-8")
        spec += "\n" + "\n".join(re.findall(r"`([^`]+)`", spec.replace("\n", " ")))  # a quoted example as its own line
        known = [a.text for a in train] + [spec]
        held = list(held)
        self.train = [t.casefold() for t in known]
        self.held = [a.text.casefold() for a in held]
        self.train_raw = [normalise_text(t) for t in known]
        self.held_raw = [normalise_text(a.text) for a in held]
        self._seen: dict[str, tuple[bool, bool]] = {}
        self._matched: dict[str, bool] = {}

    def only_held(self, phrases: list[str]) -> bool:
        """True when a held-out page has one of ``phrases`` and no training page has any."""
        seen = [self._seen.setdefault(p, (_contains(self.train, p), _contains(self.held, p))) for p in phrases]
        return any(h for _, h in seen) and not any(t for t, _ in seen)

    def only_held_pattern(self, pattern: str) -> bool:
        """True when ``pattern`` matches a line of a held-out page and no line of a training page;
        False for a template ("{forms}") or anything that does not compile."""
        if pattern not in self._matched:
            try:
                rx = None if _TEMPLATE.search(pattern) else re.compile(pattern, re.IGNORECASE | re.MULTILINE)
            except re.error:
                rx = None
            self._matched[pattern] = rx is not None and (
                any(rx.search(t) for t in self.held_raw) and not any(rx.search(t) for t in self.train_raw))
        return self._matched[pattern]


def _entry_names(entry: object) -> list[str]:
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, dict) and isinstance(entry.get("name"), str):
        return [entry["name"], *[a for a in entry.get("aliases") or [] if isinstance(a, str)]]
    return []


def _filtered(node: object, reading: _Reading, dropped: list[str], patterns: bool = False) -> object:
    """``node`` with list entries only the held-out pages show taken out, recursively; with
    ``patterns`` the entries are regular expressions."""
    if isinstance(node, dict):
        return {k: _filtered(v, reading, dropped, patterns) for k, v in node.items()}
    if not isinstance(node, list):
        return node
    kept = []
    for entry in node:
        names = _entry_names(entry)
        if patterns and isinstance(entry, str) and reading.only_held_pattern(entry):
            dropped.append(entry)
        elif not patterns and names and reading.only_held(names):
            dropped.append(names[0])
        else:
            kept.append(entry)
    return kept if kept else node


def write(train: list[GoldArticle], held: list[GoldArticle], out: Path, lists: Path | None = None) -> list[str]:
    """Write the fold's copies of ``FILES`` into ``out``, from the lists in force or, given, those in the
    folder ``lists`` (a past commit's); returns the entries taken out."""
    reading = _Reading(train, held)
    out.mkdir(parents=True, exist_ok=True)
    dropped: list[str] = []
    for name in FILES:
        if lists is not None and not (lists / name).is_file():
            continue  # a list that commit did not have
        source = yaml.safe_load((lists / name).read_text(encoding="utf-8")) if lists is not None else data_file(name)
        kept = _filtered(source, reading, dropped, name in PATTERN_FILES)
        (out / name).write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dropped
