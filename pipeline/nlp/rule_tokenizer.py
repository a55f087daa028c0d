"""The tokens the gazetteer rules match on: spaCy's Indonesian punctuation rules, without spaCy.

The rules were written against spaCy's tokenizer with Indonesian prefixes, suffixes,
infixes and URL match, and none of its 30,000 special cases. Importing spaCy to cut a
text that way cost 1.5 s of every run's start-up, more than tagging an article. This
module runs the same algorithm as ``spacy.tokenizer.Tokenizer`` (whitespace handling,
``_split_affixes``, ``_attach_tokens``) over the same regular expressions, which
``python -m pipeline.nlp.rule_tokenizer`` copies from the installed spaCy into
data/rule_tokenizer.json; tests/test_rule_tokenizer.py holds the tokens to spaCy's own
on every seed, dev and corpus text.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..paths import data_text

DATA = "rule_tokenizer.json"


@dataclass(frozen=True)
class Token:
    """What the rules read of a token: its text, where it starts, and spaCy's lexical attributes."""
    text: str
    idx: int

    @property
    def lower_(self) -> str:
        return self.text.lower()

    @property
    def is_alpha(self) -> bool:
        return self.text.isalpha()

    def __len__(self) -> int:
        return len(self.text)


@dataclass(frozen=True)
class _Patterns:
    prefix: re.Pattern
    suffix: re.Pattern
    infix: re.Pattern
    url: re.Pattern


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    spec = json.loads(data_text(DATA))
    return _Patterns(*(re.compile(spec[k]["pattern"], spec[k]["flags"]) for k in ("prefix", "suffix", "infix", "url")))


_SPACE_RUN = re.compile(r"\s+")  # \s is str.isspace() in a str pattern: the same test spaCy makes


def tokenize(text: str) -> list[Token]:
    """``text`` cut as spaCy's tokenizer cuts it: runs of whitespace are tokens too, except one
    space after a token."""
    out: list[Token] = []
    pos = 0
    for gap in _SPACE_RUN.finditer(text):
        if pos < gap.start():
            _append(out, text[pos:gap.start()], pos)
        first = gap.start() + (gap.group()[0] == " " and gap.start() > 0)  # spaCy keeps a leading space
        if first < gap.end():
            _append(out, text[first:gap.end()], first)
        pos = gap.end()
    if pos < len(text):
        _append(out, text[pos:], pos)
    return out


def _append(out: list[Token], span: str, at: int) -> None:
    for piece in _pieces(span):
        out.append(Token(piece, at))
        at += len(piece)


@lru_cache(maxsize=65536)
def _pieces(string: str) -> tuple[str, ...]:
    """One whitespace-free (or all-whitespace) stretch: affixes split off, the rest cut at infixes.
    Cached by stretch, as spaCy caches them: most words of a text are words seen before."""
    p = _patterns()
    prefixes: list[str] = []
    suffixes: list[str] = []
    last_size = 0
    while string and len(string) != last_size:
        last_size = len(string)
        m = p.prefix.search(string)
        pre_len = m.end() - m.start() if m else 0
        m = p.suffix.search(string[pre_len:])
        suf_len = m.end() - m.start() if m else 0
        if pre_len and suf_len and pre_len + suf_len <= len(string):
            prefixes.append(string[:pre_len])
            suffixes.append(string[-suf_len:])
            string = string[pre_len:-suf_len]
        elif pre_len:
            prefixes.append(string[:pre_len])
            string = string[pre_len:]
        elif suf_len:
            suffixes.append(string[-suf_len:])
            string = string[:-suf_len]
    pieces = list(prefixes)
    if string:
        matches = [] if p.url.match(string) else list(p.infix.finditer(string))
        if not matches:
            pieces.append(string)
        else:
            start = 0
            for m in matches:
                if m.start() == 0:
                    continue  # an infix at the very start splits nothing
                if m.start() != start:
                    pieces.append(string[start:m.start()])
                if m.start() != m.end():
                    pieces.append(string[m.start():m.end()])
                start = m.end()
            if string[start:]:
                pieces.append(string[start:])
    return tuple(pieces + suffixes[::-1])


def write_patterns(path: Path) -> None:
    """Copy the installed spaCy's Indonesian prefix, suffix, infix and URL expressions to ``path``."""
    from spacy.lang.id import Indonesian
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    d = Indonesian.Defaults
    if d.token_match is not None:  # tokenize() has no place for one: Indonesian has none
        raise ValueError("spaCy's Indonesian defaults now have a token_match; rule_tokenizer must learn it")
    compiled = {"prefix": compile_prefix_regex(d.prefixes), "suffix": compile_suffix_regex(d.suffixes),
                "infix": compile_infix_regex(d.infixes), "url": d.url_match.__self__}
    spec = {k: {"pattern": r.pattern, "flags": r.flags} for k, r in compiled.items()}
    path.write_text(json.dumps(spec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "data" / DATA
    write_patterns(target)
    print(f"wrote {target}", file=sys.stderr)
