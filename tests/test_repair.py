"""Scraper damage undone before the text is read: hard wrapping and Markdown (the codec and references
cases are read through real files in test_sources.py)."""
from __future__ import annotations

import json
import textwrap

from conftest import ANNOTATIONS, RAW
from pipeline.clean import normalise_text
from pipeline.repair import repair, unwrap
from pipeline.train.bench_layouts import URL_LINE, markdown

SEEDS = {p.stem: normalise_text(p.read_text(encoding="utf-8")) for p in sorted(RAW.glob("*.txt"))}


def _paragraphs(text: str) -> list[str]:
    return [s for s in normalise_text(text).split("\n") if s]


def test_every_seed_page_wrapped_as_html2text_wraps_comes_back_a_paragraph_a_line():
    # 78 columns, never a cut at a hyphen or inside a long word; a word longer than that (004's image URL) stands
    # on a line of its own that no width explains, and what follows it on its paragraph keeps its own line
    fitting = {name: text for name, text in SEEDS.items() if max(map(len, text.split())) <= 78}
    assert len(fitting) == 4
    for name, text in fitting.items():
        page = "\n\n".join(textwrap.fill(s, 78, break_on_hyphens=False, break_long_words=False)
                           for s in _paragraphs(text))
        assert len(page.split("\n")) > 2 * len(_paragraphs(text)), name  # really wrapped
        assert _paragraphs(repair(page)) == _paragraphs(text), name


def test_other_widths_words_cut_at_hyphens_and_a_text_browsers_indent():
    # Python's textwrap cuts "sebesar-besarnya" at its hyphen (`benchmark layouts` wraps so); lynx -dump indents
    # paragraphs by three spaces and wraps near 76
    text = SEEDS["000_05f2884bcad9e1b8"]
    for width, indent, hyphens in ((60, "", True), (76, "   ", False), (120, "", False)):
        page = "\n\n".join(textwrap.fill(s, width, initial_indent=indent, subsequent_indent=indent,
                                         break_on_hyphens=hyphens, break_long_words=False)
                           for s in _paragraphs(text))
        assert _paragraphs(repair(page)) == _paragraphs(text), width


def test_pages_that_are_not_wrapped_are_left_as_they_are():
    # the seeds as written; a menu of short lines; short paragraphs with no blank line between them
    for name, text in SEEDS.items():
        assert repair(text) == text, name
    menu = "\n".join(["Home", "Nasional", "Internasional", "Ekonomi", "Olahraga", "Teknologi", "Hiburan"] * 3)
    assert repair(menu) == menu
    sentences = [s.strip() + "." for p in _paragraphs(SEEDS["000_05f2884bcad9e1b8"]) for s in p.split(". ") if s]
    assert len(sentences) > 20 and unwrap(sentences) == sentences


def test_a_wrapped_headline_and_a_short_last_line_keep_their_lines():
    body = ("Kepala Badan Nasional Penanggulangan Terorisme bertemu Duta Besar Tiongkok untuk membahas kerja sama "
            "penanggulangan terorisme, termasuk pertukaran informasi dan pelatihan bersama bagi aparat kedua negara. ")
    page = "\n".join(["BNPT dan Tiongkok Perkuat Kerja Sama", ""] + textwrap.wrap(body * 4, 78)
                     + ["", "Baca Juga: Kapolri Bertemu Dubes"])
    lines = repair(page).split("\n")
    assert lines[0] == "BNPT dan Tiongkok Perkuat Kerja Sama"
    assert lines[2] == (body * 4).strip()
    assert lines[-1] == "Baca Juga: Kapolri Bertemu Dubes"


def test_a_seed_page_saved_as_markdown_reads_as_its_plain_lines():
    # `benchmark layouts`' Markdown: headline a heading, furniture links, the dateline bold, acronyms linked;
    # images go (a URL is no text), every other line comes back as written
    for name, text in SEEDS.items():
        gold = json.loads((ANNOTATIONS / f"{name}.json").read_text(encoding="utf-8"))
        page, _ = markdown(text, gold)
        assert "](https://" in page, name
        assert _paragraphs(repair(page)) == [s for s in _paragraphs(text) if not URL_LINE.fullmatch(s)], name


def test_a_plain_page_with_one_bracketed_link_is_not_read_as_markdown():
    text = SEEDS["000_05f2884bcad9e1b8"] + "\nSumber: [Antara](https://www.antaranews.com)"
    assert repair(text) == text
