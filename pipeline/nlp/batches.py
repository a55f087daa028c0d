"""How the numpy taggers share work within one call: each distinct word once, and
sentences of similar length together (longest first), in chunks of bounded size so
memory stays flat however many articles a call holds."""
from __future__ import annotations

from collections.abc import Iterator


def distinct_words(sentences: list[list[str]]) -> dict[str, int]:
    """Each distinct word of ``sentences`` and its row, in order of first appearance."""
    index: dict[str, int] = {}
    for s in sentences:
        for w in s:
            index.setdefault(w, len(index))
    return index


def chunks(sentences: list[list[str]], max_tokens: int) -> Iterator[list[int]]:
    """Indices of the non-empty sentences, longest first, in runs of at most ``max_tokens``
    tokens (a sentence longer than that runs alone)."""
    order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: -len(sentences[i]))
    start = 0
    while start < len(order):
        end, tokens = start, 0
        while end < len(order) and (end == start or tokens + len(sentences[order[end]]) <= max_tokens):
            tokens += len(sentences[order[end]])
            end += 1
        yield order[start:end]
        start = end
