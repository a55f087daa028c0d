"""Offset-keeping tokenizer and sentence splitter for engines fed with tokens."""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..paths import data_file

# A token is an abbreviation ending in a capital and a period (S.H., U.S., A.B.C.), a word
# (hyphens and apostrophes inside), or one punctuation mark. Abbreviations are found per
# chain of word pieces, once: one regex trying them at every start backtracks
# quadratically on runs such as "a.a.a.a.".
_CHAIN = re.compile(r"\w+(?:[-'’.]\w+)*\.?")
_ABBREVIATION_END = re.compile(r"[A-Z]\.")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
MAX_SENTENCE_TOKENS = 200  # the longest sentence of the 46 gold articles has 86 tokens
_SENT_END = re.compile(r"(?<=[.!?…])([\"”’)]*)\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
_LAST_WORD = re.compile(r"(\S+)\.$")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """Words that end in a period without ending a sentence (ranks, degrees, No.)."""
    spec = data_file("people.yml")
    words = {w.rstrip(".").lower() for w in spec["titles"] + spec["degrees"]}
    return frozenset(words | {"no", "nomor", "jl", "st", "tel", "hlm", "vol", "dkk", "a.n", "u.p"})


@lru_cache(maxsize=1)
def _newlines(text: str) -> tuple[int, ...]:
    return tuple(m.start() for m in re.finditer("\n", text))


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the line holding ``pos`` (as ``rfind`` / ``find`` of a line break
    would give them), in log time: scans that ask it once per name stay linear on a page
    that is one long line."""
    breaks = _newlines(text)
    i = bisect.bisect_left(breaks, pos)
    return (breaks[i - 1] + 1 if i else 0), (breaks[i] if i < len(breaks) else len(text))


def _broken_line(text: str, end: int, next_start: int) -> bool:
    """A long line that stops without end punctuation, followed by more words, is one sentence
    with the next line, unless it is a headline in Title Case."""
    line = text[text.rfind("\n", 0, end) + 1:end].rstrip()
    return (len(line) >= 80 and not line.endswith((".", "!", "?", "…", '"', "”", "’", ")", ":"))
            and next_start < len(text) and text[next_start].isalnum() and not title_cased(line))


def tokens(text: str) -> list[tuple[int, int]]:
    """Character spans of the tokens of ``text``, in time linear in its length.

    A chain of word pieces joined by periods, hyphens or apostrophes opens with one
    abbreviation token when it holds a capital followed by a period: from its start to
    the last such period; the rest of the chain, and all text between chains, splits
    into words and punctuation marks."""
    out: list[tuple[int, int]] = []
    pos = 0
    for chain in _CHAIN.finditer(text):
        out += [m.span() for m in _WORD.finditer(text, pos, chain.start())]
        start = chain.start()
        ends = [m.end() for m in _ABBREVIATION_END.finditer(text, start, chain.end())]
        if ends:
            out.append((start, ends[-1]))
            start = ends[-1]
        out += [m.span() for m in _WORD.finditer(text, start, chain.end())]
        pos = chain.end()
    return out + [m.span() for m in _WORD.finditer(text, pos)]


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences: split at end punctuation before a capital, and at line breaks."""
    abbrev = _abbreviations()
    out, start = [], 0
    for m in _SENT_END.finditer(text):
        if "\n" in m.group() and _broken_line(text, m.start(), m.end()):
            continue  # a scraper broke the sentence across lines
        if "\n" not in m.group():
            last = _LAST_WORD.search(text[max(start, m.start() - 30):m.start()])
            if last and (last.group(1).lower() in abbrev or len(last.group(1)) == 1):
                continue
        end = m.start() + len(m.group(1) or "")  # closing quotes belong to the sentence
        if text[start:end].strip():
            out.append((start, end))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text.rstrip())))
    return out


def sentence_tokens(text: str) -> list[list[tuple[int, int]]]:
    """Token spans of ``text``, sentence by sentence, as the engines feed their models; no empty
    sentences, none longer than ``MAX_SENTENCE_TOKENS`` (a page with no sentence end would be one
    sequence of tens of thousands of tokens, which a tagger handles a hundred times slower per token)."""
    out = [[(s0 + a, s0 + b) for a, b in tokens(text[s0:s1])] for s0, s1 in sentences(text)]
    return [s[i:i + MAX_SENTENCE_TOKENS] for s in out for i in range(0, len(s), MAX_SENTENCE_TOKENS)]


def title_cased(line: str) -> bool:
    """A headline written in Title Case, where capitals say nothing about names: short,
    no closing period, and its longer words capitalised (body sentences full of
    names and positions come close on capitals, not on the rest)."""
    if len(line.split()) > 16 or line.rstrip().endswith((".", "!", "?", '"', "”")):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w-]*", line) if len(w) > 3]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
