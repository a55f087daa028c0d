"""The pipeline on gold pages rewritten in the layouts other outlets and scrapers give them.

    python -m pipeline benchmark layouts [--raw raw --gold annotations --raw ../shared/dev/raw --gold ../shared/dev/gold]

The gold pages come from a few dozen outlets, each laying its page out its own way, and the
cleaning rules learnt those layouts. An unseen outlet, or another scraper, gives the same article
another shape. Each page is rewritten, its words unchanged: with no dateline before the first
paragraph (outlets that write none, scrapes that lose it), with the dateline on a line of its own,
with no headline (a scraper that keeps the body only), on one line (a JSON text field without
breaks), hard-wrapped at 78 columns (a text dump such as html2text's), as Markdown (a reader
service's: "# headline", links), mis-decoded (its UTF-8 read as Windows-1252 by a scraper with the
wrong codec), with character references (a tag stripper that left "&amp;" and "&#8211;"), and as a
saved web page (each line a paragraph of an HTML article, the headline in its title element, read
through trafilatura as any .html input). Every layout goes through the whole
pipeline and is scored against the same gold (SPEC 8), less what the rewrite took out of the text:
the headline, and an entity none of whose names the text still writes (the dateline's city).
Cleaning is not scored on one line: its score counts lines.
"""
from __future__ import annotations

import html
import json
import re
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

from ..clean import dateline_lead, normalise_text, rule_page, rules
from ..evaluate import evaluate
from ..sources import read_folder
from .tables import markdown_table

URL_LINE = re.compile(r"https?://\S+")  # a line that is a bare URL: the Markdown layout makes it an image
_ACRONYM = re.compile(r"\b[A-Z]{3,6}\b")
FIELDS = ("cleaning", "entities.all", "entities.PERSON", "entities.ORG", "dates", "agreements")


def _dateline_cut(text: str) -> tuple[list[str], int, int] | None:
    """The page's lines, the body line and where its dateline ends; None when the body opens with none."""
    page = rule_page(text)
    if page.body is None:
        return None
    line = page.lines[page.body]
    m = rules().dateline.match(line)
    if m is None or dateline_lead(line) is None or not line[m.end():].strip():
        return None
    return page.lines, page.body, m.end()


def no_dateline(text: str) -> str:
    """"JAKARTA - Polri ..." as "Polri ...": the first paragraph with no dateline."""
    cut = _dateline_cut(text)
    if cut is None:
        return text
    lines, i, end = cut
    rest = lines[i][end:].lstrip(" ,-–—:")
    lines[i] = rest[:1].upper() + rest[1:]
    return "\n".join(lines)


def dateline_alone(text: str) -> str:
    """"JAKARTA - Polri ..." as "JAKARTA -" and "Polri ..." on the next line."""
    cut = _dateline_cut(text)
    if cut is None:
        return text
    lines, i, end = cut
    lines[i] = lines[i][:end].rstrip() + "\n" + lines[i][end:].lstrip(" ,-–—:")
    return "\n".join(lines)


def one_line(text: str) -> str:
    """Every line joined by a space."""
    return " ".join(s.strip() for s in normalise_text(text).split("\n") if s.strip())


def wrapped(text: str) -> str:
    """Every line a paragraph cut into lines of at most 78 characters, a blank line between paragraphs, as a
    text dump writes a page (Python's textwrap: words cut at their hyphens, a URL left whole)."""
    return "\n\n".join(textwrap.fill(s, 78, break_long_words=False)
                        for s in normalise_text(text).split("\n") if s.strip())


def markdown(text: str, gold: dict) -> tuple[str, dict]:
    """The page as a reader service saves it in Markdown, a blank line between blocks: the headline a
    heading, a short furniture line (menu, cross-link) a link, an image URL an image, the dateline in bold,
    the first all-capital acronym of a body line linked to its tag page ("[BNPT](https://...)")."""
    title = (gold.get("title") or "").strip()
    furniture = {s.strip() for s in gold.get("boilerplate", [])}
    blocks = []
    for n, line in enumerate(s for s in normalise_text(text).split("\n") if s.strip()):
        if line == title:
            blocks.append(f"# {line}")
        elif URL_LINE.fullmatch(line):
            blocks.append(f"![]({line})")
        elif line in furniture and len(line.split()) <= 15:
            blocks.append(f"[{line}](https://example.com/read/{n})")
        else:
            lead = dateline_lead(line)
            if lead:
                line = line.replace(lead.strip(), f"**{lead.strip()}**", 1)
            blocks.append(_ACRONYM.sub(lambda m: f"[{m[0]}](https://example.com/tag/{m[0].lower()})", line, count=1))
    return "\n\n".join(blocks), gold


def mis_decoded(text: str) -> str:
    """The page's UTF-8 bytes read as Windows-1252, the five bytes it leaves undefined as Latin-1:
    "JAKARTA â€“", "Ã©" for "é"."""
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
                   for b in text.encode("utf-8"))


def references(text: str) -> str:
    """The page as a tag stripper leaves a feed's HTML: "&" as "&amp;", every other character past ASCII as a
    numeric reference ("JAKARTA &#8211;")."""
    return text.replace("&", "&amp;").encode("ascii", "xmlcharrefreplace").decode("ascii")


def web_page(text: str, title: str | None) -> str:
    """Every line a paragraph of an HTML article, the headline in the page's title element."""
    body = "\n".join(f"<p>{html.escape(s.strip())}</p>" for s in normalise_text(text).split("\n") if s.strip())
    return (f"<html><head><title>{html.escape(title or '')}</title></head>"
            f"<body><article>\n{body}\n</article></body></html>")


def no_headline(text: str, gold: dict) -> tuple[str, dict]:
    """The page without its headline's lines, and its gold without a title."""
    title = (gold.get("title") or "").strip()
    if not title:
        return text, gold
    text = "\n".join(s for s in normalise_text(text).split("\n") if s.strip() != title)
    gold["boilerplate"] = [s for s in gold.get("boilerplate", []) if s.strip() != title]
    gold["title"] = None
    return text, gold


def _text_only(rewrite: Callable[[str], str]) -> Callable[[str, dict], tuple[str, dict]]:
    return lambda text, gold: (rewrite(text), gold)


# Each layout rewrites a page's text (and its gold where the text loses what gold names); a layout in
# AS_HTML is then written as a web page.
LAYOUTS: dict[str, Callable[[str, dict], tuple[str, dict]]] = {
    "as written": _text_only(lambda text: text),
    "no dateline": _text_only(no_dateline),
    "dateline on its own line": _text_only(dateline_alone),
    "no headline": no_headline,
    "one line": _text_only(one_line),
    "wrapped at 78 columns": _text_only(wrapped),
    "Markdown": markdown,
    "mis-decoded": _text_only(mis_decoded),
    "character references": _text_only(references),
    "web page": _text_only(lambda text: text),
}
AS_HTML = {"web page"}
# layouts that write every word, cut across lines or in other bytes: gold keeps what the page wrote
SAME_WORDS = {"wrapped at 78 columns", "Markdown", "mis-decoded", "character references"}


def _rewrite(layout: str, text: str, gold: dict) -> tuple[str, dict]:
    """The page in ``layout`` and its gold less what the text no longer holds."""
    written = text
    text, gold = LAYOUTS[layout](text, json.loads(json.dumps(gold)))
    low = (written if layout in SAME_WORDS else text).casefold()
    gold["entities"] = [e for e in gold.get("entities", [])
                        if any(n and re.search(rf"(?<!\w){re.escape(n.casefold())}(?!\w)", low)
                               for n in [e.get("name"), *(e.get("aliases") or [])])]
    return (web_page(text, gold.get("title")) if layout in AS_HTML else text), gold


def run(pairs: list[tuple[Path, Path]], engine: str) -> list[dict]:
    """One row per layout: SPEC 8 scores of the whole pipeline over every gold page so rewritten, and how
    many articles ended in an error row."""
    from ..batch import run as run_batch

    pages = []
    for raw_dir, gold_dir in pairs:
        golds = {g["article_id"]: g for g in (json.loads(p.read_text(encoding="utf-8")) for p in gold_dir.glob("*.json"))}
        pages += [(a.article_id, a.text, golds[a.article_id]) for a in read_folder(raw_dir)
                  if a.article_id in golds and not a.error]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for k, layout in enumerate(LAYOUTS):
            raw, gold, out = (Path(tmp) / f"{k}-{part}" for part in ("raw", "gold", "out"))
            raw.mkdir()
            gold.mkdir()
            for aid, text, g in pages:
                new_text, new_gold = _rewrite(layout, text, g)
                suffix = ".html" if layout in AS_HTML else ".txt"
                (raw / f"{aid}{suffix}").write_text(new_text, encoding="utf-8")
                (gold / f"{aid}.json").write_text(json.dumps(new_gold, ensure_ascii=False), encoding="utf-8")
            summary = run_batch(raw, out, progress=False, engine=engine)
            scores = evaluate(gold, out, raw)
            f1 = {f: scores["prf"].get(f, {}).get("f1") for f in FIELDS}
            if layout == "one line":
                f1["cleaning"] = None
            title = scores["accuracy"].get("title", {}).get("accuracy")
            rows.append({"layout": layout, "articles": len(pages), "errors": summary.error, **f1,
                         "title": title if layout != "no headline" else None})
    return rows


def format_rows(rows: list[dict]) -> str:
    def cell(v: float | None) -> str:
        return "-" if v is None else f"{v:.3f}"

    return markdown_table(["layout", "articles", "error rows", *FIELDS, "title (acc.)"],
                          [[r["layout"], str(r["articles"]), str(r["errors"]), *(cell(r[f]) for f in FIELDS),
                            cell(r["title"])] for r in rows])
