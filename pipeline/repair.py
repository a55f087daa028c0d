"""Scraper damage undone before anything reads an article's text.

Four kinds, each a scraper's and never an outlet's: text decoded with the wrong codec and saved
("JAKARTA â€“"), character references a tag stripper left ("JAKARTA &#8211;", "H&amp;M"), a page
saved as Markdown (a reader service's or html2text's: "# headline", "[BNPT](https://...)") and a
text dump's hard wrapping (html2text, lynx or w3m cut every paragraph into lines of at most W
characters, where the cleaning rules expect a paragraph a line). Text with none of them, nearly
all, comes back as it is, and never loads ftfy or the Markdown parser.
"""
from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token

# UTF-8 read as Windows-1252 or Latin-1 leaves a lead byte's letter (Â to ô) before a continuation byte's
# (U+0080-U+00BF, or what cp1252 makes of one): "â€“" for "–", "Ã©" for "é", "Â " for a no-break space
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
                       "\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
                       "\u20ac\u2122]")
_REFERENCE = re.compile(r"&(#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# a Markdown link or image ("[BNPT](https://...)", "![](foto.jpg)") or an ATX heading ("# Judul")
_MARKDOWN = re.compile(r"!?\[[^\]\n]*\]\([^)\s]*\)|^#{1,6}[ \t]+\S", re.M)
MARKDOWN_MIN = 2  # such marks a page shows before it is read as Markdown; plain news text shows none
WRAP_WIDTHS = range(40, 161)  # the widths text dumps wrap at (html2text 78, lynx and w3m near 80)
WRAP_MIN_CUTS = 5
_HYPHEN_CUT = re.compile(r"[^\W\d_]-$")  # "hal-" of "hal-hal" at a line's end; "JAKARTA -" is a dash
_PART = re.compile(r"(?:[^\s-]|-(?![^\W\d_]))*-?")  # up to a hyphen before a letter, where textwrap cuts words


def repair(text: str) -> str:
    """``text`` with the damage undone: codec and references by ftfy, which changes a sequence only where it
    is unambiguous (twice-escaped "&amp;mdash;" too), then Markdown or else the wrapping."""
    if _MOJIBAKE.search(text) or _REFERENCE.search(text):
        from ftfy import fix_encoding
        from ftfy.fixes import unescape_html

        for _ in range(2):
            text = unescape_html(text)
        text = fix_encoding(text)
    if ("](" in text or "#" in text) and len(_MARKDOWN.findall(text)) >= MARKDOWN_MIN:
        return markdown_text(text)  # the parser joins a paragraph's wrapped lines itself
    lines = text.split("\n")
    paragraphs = unwrap(lines)
    return "\n".join(paragraphs) if len(paragraphs) < len(lines) else text


def markdown_text(text: str) -> str:
    """A Markdown page as plain text, a block a line, by markdown-it-py: link and emphasis marks gone,
    images dropped (a URL is no text), a heading, list item or quote a line of its own, code and HTML
    blocks as written."""
    from markdown_it import MarkdownIt

    lines: list[str] = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "inline":
            lines.append("".join(map(_plain, token.children or [])).strip())
        elif token.type in ("code_block", "fence", "html_block"):
            lines += token.content.rstrip("\n").split("\n")
    return "\n".join(line for line in lines if line)


def _plain(token: Token) -> str:
    """An inline token's text: words and code as written, a line break a space, marks and images nothing."""
    if token.type in ("text", "code_inline"):
        return token.content
    return " " if token.type in ("softbreak", "hardbreak") else ""


def unwrap(lines: list[str]) -> list[str]:
    """A page hard-wrapped at a fixed width back to a paragraph a line; any other page as it is.

    A cut is a line the next line's first word would not have fitted on: len(a) <= W < len(a) + 1 + len(word).
    The page is wrapped at the W with the most cuts when they are at least WRAP_MIN_CUTS and a third of its
    lines, and no more than 5% of its lines with a space run past W (a long URL may). Only cuts are joined:
    a headline, a menu item or a paragraph's short last line keeps its own line."""
    ends = [s.rstrip() for s in lines]
    spaced = [s for s in ends if " " in s.strip()]
    if sum(len(s) > WRAP_WIDTHS[-1] for s in spaced) > 0.05 * len(spaced):
        return lines  # paragraphs longer than any width: most pages, told at the cost of one pass
    pairs = [(i, len(a), len(a) + _next_chunk(a, b.lstrip())) for i, (a, b) in enumerate(zip(ends, ends[1:]))
             if a.strip() and b.strip()]
    if len(pairs) < WRAP_MIN_CUTS:
        return lines
    starts, stops = sorted(la for _, la, _ in pairs), sorted(lb for _, _, lb in pairs)
    # cuts at W: pairs with la <= W, less those whose lb <= W too
    best, width = max((bisect.bisect_right(starts, w) - bisect.bisect_right(stops, w), w) for w in WRAP_WIDTHS)
    if best < max(WRAP_MIN_CUTS, len(spaced) / 3) or sum(len(s) > width for s in spaced) > 0.05 * len(spaced):
        return lines
    cuts = {i for i, la, lb in pairs if la <= width < lb}
    paragraphs: list[list[str]] = []
    for i, line in enumerate(lines):
        if i - 1 in cuts:
            paragraphs[-1] += ["" if _HYPHEN_CUT.search(ends[i - 1]) else " ", line.strip()]
        else:
            paragraphs.append([ends[i] if i in cuts else line])
    return ["".join(p) for p in paragraphs]


def _next_chunk(line: str, following: str) -> int:
    """What the next line's first chunk would have added to ``line``: a space and its first word, or, after a
    word cut at its hyphen ("sebesar-" / "besarnya", as Python's textwrap cuts), the word's next part."""
    if _HYPHEN_CUT.search(line):
        return len(_PART.match(following).group())
    return 1 + len(following.split(" ", 1)[0])
