"""The overview page on real runs: charts inline, input escaped, links to the source articles, and
how it renders in headless Chromium."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import RAW
from pipeline.batch import run
from pipeline.cli import main
from pipeline.dataset import CORPUS_TABLES
from pipeline.overview import build

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOSTILE_TITLE = "<script>alert('x')</script> BNPT & AFP $100 \"MoU\""


@pytest.fixture(scope="module")
def pred(tmp_path_factory) -> Path:
    """The seeds, a copy of one of them, and a JSONL article whose title is markup."""
    src = tmp_path_factory.mktemp("overview") / "raw"
    src.mkdir()
    seeds = sorted(RAW.glob("*.txt"))
    for p in seeds:
        shutil.copy(p, src)
    (src / "copy.txt").write_text("Baca Juga: berita lain\n" + seeds[2].read_text(encoding="utf-8"), encoding="utf-8")
    text = seeds[0].read_text(encoding="utf-8").replace("Tiongkok", "Australia")
    (src / "feed.jsonl").write_text(json.dumps({"id": "hostile", "title": HOSTILE_TITLE, "text": text}) + "\n",
                                    encoding="utf-8")
    out = src.parent / "out"
    run(src, out, progress=False, engine="spacy")
    return out


@pytest.fixture(scope="module")
def page(pred, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("page") / "overview.html"
    assert main(["overview", "--pred", str(pred), "--out", str(path)]) == 0
    return path


def test_page_holds_four_inline_charts_and_the_event_list(page):
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") == 4 and "<?xml" not in html
    for heading in ("Events per year, by type", "Instruments per partner state over time",
                    "States linked by events", "Most frequent actors", "Events"):
        assert f">{heading}</h2>" in html
    assert html.count('<tr data-event="') >= 5
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", html)  # nothing fetched from the network
    assert "<script" not in html.lower().replace("&lt;script", "")  # no script at all


def test_every_string_from_the_input_is_escaped(page):
    html = page.read_text(encoding="utf-8")
    assert HOSTILE_TITLE not in html and "alert(&#x27;x&#x27;)" in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; BNPT &amp; AFP $100 &quot;MoU&quot;" in html


def test_sources_link_to_the_clean_texts_of_the_articles(page, pred):
    html = page.read_text(encoding="utf-8")
    targets = [unquote(h) for h in re.findall(r'<a href="([^"]+)"', html)]
    assert targets and all((page.parent / t).resolve().parent == (pred / "clean").resolve() for t in targets)
    assert all((page.parent / t).exists() for t in targets)
    assert {"hostile.txt", "copy.txt"} <= {Path(t).name for t in targets}
    assert '<span class="copy">copy</span>' in html  # the re-post is marked as a copy


def test_a_folder_without_corpus_tables_or_events_still_gets_a_page(pred, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(pred, old)
    for name in CORPUS_TABLES:
        (old / f"{name}.parquet").unlink()
    assert build(old, tmp_path / "o.html").count("<svg") == 4  # linked in memory
    empty_src = tmp_path / "raw"
    empty_src.mkdir()
    (empty_src / "a.txt").write_text("Cuaca Jakarta Cerah\n\nJAKARTA – Hujan tidak turun di Jakarta hari ini.\n",
                                     encoding="utf-8")
    run(empty_src, tmp_path / "empty", progress=False, engine="spacy")
    html = build(tmp_path / "empty", tmp_path / "e.html")
    assert "Nothing to show yet." in html and "<table" not in html


def test_missing_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["overview", "--pred", str(tmp_path / "nope"), "--out", str(tmp_path / "o.html")]) == 2
    assert "error:" in capsys.readouterr().err and not (tmp_path / "o.html").exists()


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs Debian's package)")
def test_overview_renders_in_headless_chromium(page, tmp_path):
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout
    assert dom.count("<svg") == 4 and dom.count("<path") > 20  # the charts, as the browser parsed them
    assert dom.count('<tr data-event="') >= 5 and "States linked by events" in dom
    assert "&lt;script&gt;alert" in dom and "<script>alert" not in dom
    shot = tmp_path / "shot.png"
    subprocess.run([CHROMIUM, *flags, f"--screenshot={shot}", "--window-size=1200,3000", page.as_uri()],
                   capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 30_000
