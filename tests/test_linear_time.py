"""Every stage after NER costs time near linear in the article's length (issue 17): a page
made of one pattern over and over (the worst cases an audit found: "a.a.a.", a rank and a
name repeated, positions and names, real prose on one line) grows 4x, and its time may grow
about 4x, never the 16x of a quadratic scan. CPU time of this process, best of two runs,
so a busy machine does not decide; NER itself (a library's network) runs outside the clock."""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import pytest

from conftest import RAW
from pipeline.actors import extract as extract_actors
from pipeline.agreements import extract as extract_agreements
from pipeline.clean import clean
from pipeline.dates import find_dates
from pipeline.nlp import Span, get_engine, text_entities
from pipeline.nlp.rules import merge, rule_spans
from pipeline.nlp.tokenize import sentence_tokens
from pipeline.repair import repair
from pipeline.train.bench_layouts import wrapped

SMALL, LARGE = 12_000, 48_000  # characters; LARGE = 4 x SMALL
GROWTH = 8.0  # allowed time growth for 4x the text: linear is 4, quadratic 16


def _repeated(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def _prose(joiner: str) -> Callable[[int], str]:
    """Real article sentences, numbered so that no line repeats another (repeats are dropped early)."""
    body = [s for p in sorted(RAW.glob("*.txt")) for s in clean(p.read_text(encoding="utf-8")).text.split("\n") if s]

    def make(size: int) -> str:
        out, n = [], 0
        while n < size:
            line = f"Paragraf {len(out) + 1}: {body[len(out) % len(body)]}"
            out.append(line)
            n += len(line) + len(joiner)
        return joiner.join(out)[:size]
    return make


TEXTS: dict[str, Callable[[], Callable[[int], str]]] = {
    "initials": lambda: _repeated("a."),
    "ranks": lambda: _repeated("Komjen Pol. Boy Rafli "),
    "positions": lambda: _repeated("Kepala BNPT Boy Rafli Amar bertemu Menteri Luar Negeri Retno Marsudi dan "),
    "prose": lambda: _prose("\n\n"),
    "prose on one line": lambda: _prose(" "),
    "prose wrapped at 78 columns": lambda: (lambda make: lambda size: wrapped(make(size)))(_prose("\n")),
    "character references": lambda: _repeated("H&amp;M &#8211; Ã© "),
    "Markdown": lambda: _repeated("# [BNPT](https://x.id/t/bnpt) **JAKARTA** - ![](https://x.id/f.jpg) _Kapolri_\n\n"),
}


def _stage_seconds(text: str, model: list[Span] | None = None) -> tuple[dict[str, float], list[Span]]:
    """CPU seconds of each stage but NER on ``text``; the NER spans, computed once and passed back in."""
    seconds: dict[str, float] = {}

    def timed(name: str, fn: Callable, *args):
        start = time.process_time()
        out = fn(*args)
        seconds[name] = seconds.get(name, 0.0) + time.process_time() - start
        return out

    text = timed("repair", repair, text)
    page = timed("clean", clean, text)
    body = page.text
    dates = timed("dates", find_dates, body, None, dt.date(2024, 1, 1))
    timed("tokenize", sentence_tokens, body)
    model = text_entities(get_engine("spacy"), body) if model is None else model
    spans = timed("merge", merge, model, timed("rules", rule_spans, body), body)
    entities, mentions = timed("actors", extract_actors, body, spans, page.dateline)
    timed("agreements", extract_agreements, body, entities, mentions, dates)
    return seconds, model


def _best_of_two(text: str) -> dict[str, float]:
    first, model = _stage_seconds(text)
    second, _ = _stage_seconds(text, model)
    return {k: min(first[k], second[k]) for k in first}


@pytest.mark.parametrize("kind", list(TEXTS))
def test_four_times_the_text_takes_about_four_times_as_long(kind: str) -> None:
    make = TEXTS[kind]()
    small, large = _best_of_two(make(SMALL)), _best_of_two(make(LARGE))
    detail = ", ".join(f"{k} {small[k]:.2f}->{large[k]:.2f}s" for k in small)
    assert sum(large.values()) <= GROWTH * sum(small.values()) + 0.5, f"{kind}: {detail}"
