"""Readers: every encoding, HTML, JSONL, and bad input that must become an error row."""
from __future__ import annotations

import json
import os

import pytest

from conftest import RAW
from pipeline.sources import is_safe_id, read_file, read_folder

SEED = (RAW / "000_05f2884bcad9e1b8.txt").read_text(encoding="utf-8")


def test_utf8_and_bom_read_the_same(tmp_path):
    (tmp_path / "plain.txt").write_bytes(SEED.encode("utf-8"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + SEED.encode("utf-8"))
    plain, = read_file(tmp_path / "plain.txt")
    bom, = read_file(tmp_path / "bom.txt")
    assert plain.text == bom.text == SEED
    assert (plain.encoding, bom.encoding) == ("utf-8", "utf-8-bom")


def test_cp1252_and_latin1(tmp_path):
    text = "JAKARTA – Kepala BNPT bertemu Dubes “Prancis” di Café Rosé, Senin (9/10/2024)."
    (tmp_path / "win.txt").write_bytes(text.encode("cp1252"))
    art, = read_file(tmp_path / "win.txt")
    assert art.text == text and art.encoding == "cp1252"
    latin = "Pertemuan di Zürich pada 5 November 2024 \xa0dihadiri delegasi."
    (tmp_path / "latin.txt").write_bytes(latin.encode("latin-1"))
    art, = read_file(tmp_path / "latin.txt")
    assert "Zürich" in art.text and art.error is None


def test_text_a_scraper_decoded_with_the_wrong_codec_reads_as_written(tmp_path):
    # a seed page's UTF-8 read as Windows-1252 and saved ("JAKARTA â€“"), as .txt and as a JSONL record whose
    # JSON escapes the broken characters: both come back as the page was written, the title too
    from pipeline.train.bench_layouts import mis_decoded

    broken = mis_decoded(SEED)
    assert "JAKARTA â€“" in broken and broken != SEED
    (tmp_path / "moji.txt").write_text(broken, encoding="utf-8")
    art, = read_file(tmp_path / "moji.txt")
    assert art.error is None and art.text == SEED
    title = "Kerja Sama Indonesia–Tiongkok: “Terorisme”"
    record = {"id": "m1", "text": broken, "title": mis_decoded(title)}
    (tmp_path / "moji.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")  # ASCII, \u escapes
    art, = read_file(tmp_path / "moji.jsonl")
    assert art.text == SEED and art.title == title


def test_character_references_a_tag_stripper_left_are_read_as_characters(tmp_path):
    # a feed's HTML with its tags stripped: "&amp;", "&#8211;" (and, seen in the NER corpora's scraped sentences,
    # "&amp;mdash;" escaped twice), as .txt and as JSONL text and title
    from pipeline.train.bench_layouts import references

    escaped = references(SEED)
    assert "JAKARTA &#8211;" in escaped
    (tmp_path / "refs.txt").write_text(escaped, encoding="utf-8")
    art, = read_file(tmp_path / "refs.txt")
    assert art.error is None and art.text == SEED
    record = {"id": "r1", "text": "Kata Kapolri &amp;mdash; dan AT&amp;T &#8220;mitra&#8221;.", "title": "H&amp;M"}
    (tmp_path / "refs.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    art, = read_file(tmp_path / "refs.jsonl")
    assert art.text == "Kata Kapolri — dan AT&T “mitra”." and art.title == "H&M"


def test_a_text_dump_wrapped_at_78_columns_reads_a_paragraph_a_line(tmp_path):
    import textwrap

    paragraphs = [s for s in SEED.split("\n") if s.strip()]
    (tmp_path / "dump.txt").write_text("\n\n".join(textwrap.fill(s, 78) for s in paragraphs), encoding="utf-8")
    art, = read_file(tmp_path / "dump.txt")
    assert [s for s in art.text.split("\n") if s.strip()] == paragraphs


def test_a_markdown_file_reads_as_plain_text(tmp_path):
    page = ("# Kapolri Bertemu Dubes\n\n[Beranda](https://x.id/) | [Nasional](https://x.id/n)\n\n"
            "**JAKARTA** - Kapolri bertemu Dubes [Australia](https://x.id/t/au).\n")
    (tmp_path / "reader.md").write_text(page, encoding="utf-8")
    art, = read_folder(tmp_path)
    assert art.article_id == "reader" and art.text == ("Kapolri Bertemu Dubes\nBeranda | Nasional\n"
                                                        "JAKARTA - Kapolri bertemu Dubes Australia.")


def test_text_that_only_looks_damaged_is_left_alone(tmp_path):
    # the letters and signs a wrong codec would make, and ampersands, written as they should be: nothing changes
    text = ("Delegasi São Tomé, Åland dan Curaçao tiba di Zürich – “kerja sama” pada suhu 5 °C, "
            "Senin (9/10). "
            "Divisi R&D, AT&T dan Q&A; tanda &notes bukan entitas.")
    (tmp_path / "legit.txt").write_text(text, encoding="utf-8")
    art, = read_file(tmp_path / "legit.txt")
    assert art.text == text


def test_utf16_with_bom(tmp_path):
    (tmp_path / "le.txt").write_bytes(SEED.encode("utf-16"))  # BOM + little-endian, as Windows "Unicode" saves
    (tmp_path / "be.txt").write_bytes(b"\xfe\xff" + SEED.encode("utf-16-be"))
    for name in ("le", "be"):
        art, = read_file(tmp_path / f"{name}.txt")
        assert art.error is None and art.text == SEED and art.encoding == "utf-16"


def test_html_main_text_is_extracted(tmp_path):
    paras = "".join(f"<p>{p}</p>" for p in SEED.split("\n\n")[2:6])
    html = (f"<html><head><title>Memperkuat Kerja Sama</title></head><body><nav>Home | Nasional | Login</nav>"
            f"<article><h1>Memperkuat Kerja Sama Indonesia-Tiongkok</h1>{paras}</article>"
            f"<footer>Copyright 2024 newsreal</footer></body></html>")
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    art, = read_file(tmp_path / "page.html")
    assert art.error is None
    assert "Eddy Hartono" in art.text and "5 November 2024" in art.text
    assert "Login" not in art.text


def test_html_without_article_is_an_error(tmp_path):
    (tmp_path / "empty.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    art, = read_file(tmp_path / "empty.html")
    assert art.error and "empty.html" in art.error


def test_jsonl_records_and_broken_line(tmp_path):
    lines = [json.dumps({"id": "x1", "text": SEED, "published": "2024-12-06"}),
             '{"id": "x2", "text": "broken',
             json.dumps({"id": "x3", "html": "<html><body><article><p>" + SEED.split("\n\n")[2] + "</p></article></body></html>"}),
             json.dumps(["not", "an", "object"])]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines), encoding="utf-8")
    arts = list(read_file(tmp_path / "batch.jsonl"))
    assert [a.article_id for a in arts] == ["x1", "batch-line2", "x3", "batch-line4"]
    assert arts[0].error is None and arts[0].published == "2024-12-06"
    assert "line 2" in arts[1].error and "invalid JSON" in arts[1].error
    assert arts[2].error is None and "Eddy Hartono" in arts[2].text
    assert "JSON object" in arts[3].error


def test_bad_files_become_errors(tmp_path):
    (tmp_path / "random.txt").write_bytes(os.urandom(4096))
    (tmp_path / "empty.txt").write_bytes(b"")
    with (tmp_path / "huge.txt").open("wb") as fh:
        fh.truncate(50 * 2**20)  # 50 MB
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    errors = {a.article_id: a.error for a in read_folder(tmp_path)}
    assert "binary" in errors["random"]
    assert "empty" in errors["empty"]
    assert "50.0 MB" in errors["huge"] and "limit" in errors["huge"]
    assert "dangling.txt: cannot read file" in errors["dangling"]


def test_unreadable_file(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text(SEED, encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: file permissions do not stop reads (the dangling link test covers it)")
        art, = read_file(path)
    finally:
        path.chmod(0o644)
    assert "locked.txt: cannot read file: Permission denied" in art.error


def test_big_jsonl_is_read_record_by_record(tmp_path):
    record = json.dumps({"id": "x", "text": SEED})
    n = 5 * 2**20 // len(record) + 50  # the file is over the one-article limit, no record is
    lines = [record.replace('"x"', f'"a{i}"') for i in range(n)]
    lines.append(json.dumps({"id": "too-big", "text": "kata " * 2**20 + "akhir"}))
    (tmp_path / "many.jsonl").write_text("\n".join(lines), encoding="utf-8")
    arts = list(read_folder(tmp_path))
    assert len(arts) == n + 1
    assert all(a.error is None and a.text == SEED for a in arts[:-1])
    assert "line" in arts[-1].error and "limit" in arts[-1].error


def test_unsafe_and_duplicate_ids(tmp_path):
    (tmp_path / "a.txt").write_text(SEED, encoding="utf-8")
    records = [{"id": "../../etc/passwd", "text": SEED}, {"id": "a", "text": SEED}, {"id": "", "text": SEED}]
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    arts = list(read_folder(tmp_path))
    by_source = {a.source: a for a in arts}
    assert by_source[str(tmp_path / "a.txt")].error is None
    assert "unsafe article_id" in by_source[f"{tmp_path / 'b.jsonl'}:1"].error
    assert "duplicate article_id" in by_source[f"{tmp_path / 'b.jsonl'}:2"].error
    assert "unsafe article_id" in by_source[f"{tmp_path / 'b.jsonl'}:3"].error
    assert not is_safe_id("..") and not is_safe_id("a/b") and is_safe_id("000_05f2884bcad9e1b8")
