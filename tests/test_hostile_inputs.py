"""Hostile and unlucky input (issue 17): one bad name, record, link or shard never sinks a batch,
nothing outside the input folder is read, CSV and Parquet hold the same rows."""
from __future__ import annotations

import inspect
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import RAW, ROOT
from pipeline import sources
from pipeline.batch import run, worker_count
from pipeline.dataset import TABLES
from pipeline.paths import MODELS_ENV, SHIPPED_MODELS
from pipeline.sources import read_file, read_folder
from pipeline.store import SHARD_DIR, pipeline_version

SEED = (RAW / "000_05f2884bcad9e1b8.txt").read_text(encoding="utf-8")


def _jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")


def _articles(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "articles.parquet")


def _errors(folder: Path, **kwargs) -> dict[str, str | None]:
    return {a.article_id: a.error for a in read_folder(folder, **kwargs)}


# ---------------------------------------------------------------- 1. names and records that cannot be written
def test_undecodable_names_and_surrogates_become_rows_on_every_run(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / os.fsdecode(b"caf\xe9 berita.txt")).write_text(SEED, encoding="utf-8")  # cp1252 name from a zip
    (src / os.fsdecode(b"sub\xff")).mkdir()
    (src / os.fsdecode(b"sub\xff") / "inner.txt").write_bytes(b"")
    (src / "lines.jsonl").write_text('{"id": "bad\\ud800id", "text": "isi"}\n'
                                     '{"id": "s1", "title": "Judul \\udcff", "text": "kata"}\n', encoding="utf-8")
    for _ in range(2):  # the second run must not fail the same way
        summary = run(src, out, progress=False)
        assert summary.error == 3 and summary.ok + summary.skipped == 1
        arts = _articles(out)
        csv = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
        assert len(arts) == len(csv) == 4 and arts.article_id.is_unique
        assert arts.set_index("article_id").loc["s1", "title"] == "Judul \\udcff"
        assert "bad\\ud800id" in set(arts.article_id)
        assert any("caf\\udce9 berita.txt" in e for e in arts.error.dropna())
        assert any("sub\\udcff" in s for s in arts.source)


# ---------------------------------------------------------------- 4. ids
def test_duplicates_never_replace_the_first_and_ids_are_matched_whole(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "a").mkdir(parents=True)
    (src / "b").mkdir()
    (src / "a" / "x.txt").write_text(SEED, encoding="utf-8")
    (src / "b" / "x.txt").write_bytes(b"")  # broken second copy
    (src / "c.txt").write_text(SEED, encoding="utf-8")
    _jsonl(src / "d.jsonl", [{"id": "good1", "text": SEED}, {"id": "good1", "text": ""},
                             {"id": "c", "text": SEED}, {"id": "evil\n", "text": SEED}, {"id": "..\n", "text": SEED}])
    summary = run(src, out, progress=False)
    assert (summary.ok, summary.error) == (3, 5)
    arts = _articles(out).set_index("article_id")
    assert arts.index.is_unique and len(arts) == 8
    for aid in ("x", "good1", "c"):
        assert arts.loc[aid, "status"] == "ok" and (out / "clean" / f"{aid}.txt").exists()
    dups = arts[arts.error.str.contains("duplicate article_id", na=False)]
    assert len(dups) == 3 and all(str(s) in aid for aid, s in zip(dups.index, dups.source))
    assert any("line 2" in e or "d.jsonl:2" in e for e in dups.error)
    unsafe = arts[arts.error.str.contains("unsafe article_id", na=False)]
    assert sorted(unsafe.index) == sorted(["evil\n", "..\n"])
    again = run(src, out, progress=False)  # duplicates stay errors, the first stays current
    assert (again.ok, again.skipped, again.error) == (0, 3, 5)
    assert _articles(out).set_index("article_id").loc["x", "status"] == "ok"


# ---------------------------------------------------------------- 3. links, special files, deep and unreadable folders
def _hostile_tree(tmp_path: Path) -> tuple[Path, Path]:
    src, outside = tmp_path / "in", tmp_path / "outside"
    src.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"")  # empty: read only when followed, an error row either way
    os.mkfifo(src / "pipe.txt")
    (src / "zero.txt").symlink_to("/dev/zero")
    (src / "passwd.txt").symlink_to("/etc/passwd")
    (src / "secret.txt").symlink_to(outside / "secret.txt")
    (src / "etc").symlink_to("/etc")
    (src / "loop").symlink_to(src)  # a cycle inside the folder
    return src, outside


def test_links_fifos_devices_and_deep_trees_via_the_cli(tmp_path):
    src, _ = _hostile_tree(tmp_path)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--no-progress"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    arts = _articles(out).set_index("source")
    err = {Path(s).name: e for s, e in arts.error.items()}
    assert "FIFO, not a regular file" in err["pipe.txt"]
    for name in ("zero.txt", "passwd.txt", "secret.txt", "etc"):
        assert "link to outside the input folder" in err[name]
    assert not (out / "clean" / "passwd.txt").exists()
    (src / "etc").unlink()  # followed, these two would walk all of /etc and load a model
    (src / "passwd.txt").unlink()
    followed = subprocess.run(cmd + ["--follow-links"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert followed.returncode == 1
    err = {Path(s).name: e for s, e in _articles(out).set_index("source").error.items()}
    assert "character device, not a regular file" in err["zero.txt"]
    assert "secret.txt: empty article" in err["secret.txt"]


def test_a_tree_deeper_than_the_recursion_limit_is_walked(tmp_path):
    deep = tmp_path / "in"
    for _ in range(400):  # as deep, against this lowered limit, as 1,100 folders against the default one
        deep = deep / "d"
        deep.mkdir(parents=True)
    (deep / "bottom.txt").write_bytes(b"")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 150)
    try:
        errors = _errors(tmp_path / "in")
    finally:
        sys.setrecursionlimit(limit)
    assert errors["bottom"].endswith("empty article: no text")


def test_special_jsonl_and_endless_line_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_BYTES", 1000)
    (tmp_path / "zero.jsonl").symlink_to("/dev/zero")
    (tmp_path / "long.jsonl").write_bytes(b'{"id": "a", "text": "' + b"x" * 5000 + b'"}\n'
                                          + json.dumps({"id": "b", "text": "kata"}).encode())
    errors = _errors(tmp_path, follow_links=True)
    assert "character device" in errors["zero"]
    assert "limit" in errors["long-line1"] and errors["b"] is None


def test_unreadable_folders_are_reported(tmp_path, monkeypatch):
    src = tmp_path / "in"
    (src / "locked").mkdir(parents=True)
    (src / "ok.txt").write_bytes(b"")
    real_scandir = os.scandir

    def scandir(path):  # chmod 000 does not stop root, so the refusal is simulated for one folder
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(sources.os, "scandir", scandir)
    errors = _errors(src)
    assert errors[str(src / "locked")] == f"{src / 'locked'}: cannot read folder: Permission denied"
    with pytest.raises(PermissionError, match="cannot read input folder"):
        list(read_folder(src / "locked"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode (the simulated test covers it)")
def test_unreadable_folder_for_real(tmp_path):
    src = tmp_path / "in"
    (src / "locked").mkdir(parents=True)
    (src / "locked").chmod(0)
    try:
        errors = _errors(src)
    finally:
        (src / "locked").chmod(0o755)
    assert "cannot read folder: Permission denied" in errors[str(src / "locked")]


# ---------------------------------------------------------------- 5. CSV and Parquet agree
def test_csv_and_parquet_hold_the_same_rows_and_values(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    titles = ["Judul\rdengan CR", "a\r\nb", "nul\x00di tengah", "=HYPERLINK(\"http://x\")", "+62 811", "-1",
              "@cmd", '"kutip", koma', "baris\u2028pemisah", "vt\x0bfs\x1cgs\x1d", "NA", "null"]
    records = [{"id": f"t{i}", "title": t, "text": "kata"} for i, t in enumerate(titles)]
    records += [{"id": "id\rcr", "text": "x"}, {"id": "id\x00nul", "text": "x"}, {"id": "id\nlf", "text": "x"}]
    _jsonl(src / "batch.jsonl", records)
    (src / "cr\rname.txt").write_bytes(b"")
    run(src, out, progress=False)
    for name in TABLES:
        pq = pd.read_parquet(out / f"{name}.parquet").astype("string").fillna("")
        csv = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
        assert list(csv.columns) == list(pq.columns)
        assert len(csv) == len(pq), name
        for col in pq.columns:
            if col not in ("year_inferred",):
                assert csv[col].tolist() == pq[col].tolist(), (name, col)
    arts = _articles(out).set_index("article_id")
    assert len(arts) == len(records) + 1
    assert arts.loc["t3", "title"] == titles[3]  # values reach CSV verbatim (documented, not escaped)
    assert "id\\x00nul" in arts.index


# ---------------------------------------------------------------- 8. inputs that read as something else
def test_wrong_json_types_are_named(tmp_path):
    _jsonl(tmp_path / "t.jsonl", [{"id": "n", "text": 12345}, {"id": "d", "text": {"a": 1}},
                                  {"id": "ti", "title": {"a": 1}, "text": SEED}, {"id": ["l"], "text": SEED},
                                  {"id": 7, "text": SEED}, {"id": "h", "html": 3}])
    errors = _errors(tmp_path)
    assert errors["n"].endswith("text must be a string, got number")
    assert errors["d"].endswith("text must be a string, got object")
    assert errors["ti"].endswith("title must be a string, got object")
    assert errors["t-line4"].endswith("id must be a string, got array")
    assert errors["7"] is None
    assert errors["h"].endswith("html must be a string, got number")


def test_utf32_and_garbage_after_a_utf16_bom(tmp_path):
    (tmp_path / "u32.txt").write_bytes(SEED.encode("utf-32"))
    art, = read_file(tmp_path / "u32.txt")
    assert art.error is None and art.text == SEED and art.encoding == "utf-32"
    rng = random.Random(17)
    units = [u for u in (rng.randrange(0x10000) for _ in range(4000)) if not 0xD800 <= u < 0xE000]
    (tmp_path / "noise.txt").write_bytes(b"\xff\xfe" + "".join(map(chr, units)).encode("utf-16-le"))
    art, = read_file(tmp_path / "noise.txt")
    assert art.error and "binary content" in art.error


def test_article_that_cleans_to_nothing_is_an_error_and_loses_its_clean_text(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(SEED, encoding="utf-8")
    (src / "one.txt").write_text("Baca Juga: Berita lain yang menarik", encoding="utf-8")
    assert run(src, out, progress=False).ok == 1
    assert (out / "clean" / "a.txt").exists()
    (src / "a.txt").write_bytes(b"")  # 9. the article turns into an error: its clean text goes
    summary = run(src, out, progress=False)
    assert (summary.ok, summary.error, summary.skipped) == (0, 1, 1)
    arts = _articles(out).set_index("article_id")
    assert arts.loc["one", "error"].endswith("nothing left after cleaning")
    assert not (out / "clean" / "a.txt").exists() and not (out / "clean" / "one.txt").exists()


# ---------------------------------------------------------------- 9. damaged state
def test_damaged_shards_are_redone(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text("kata", encoding="utf-8")
    (src / "b.txt").write_bytes(b"")
    run(src, out, progress=False)
    shards = out / SHARD_DIR
    (shards / "a.json").write_text("null", encoding="utf-8")
    (shards / "b.json").write_text("[]", encoding="utf-8")
    (shards / "gone.json").write_text('{"rows": {"articles": [7]}}', encoding="utf-8")  # no longer an input
    summary = run(src, out, progress=False)
    assert (summary.ok, summary.error, summary.skipped) == (1, 1, 0)
    assert sorted(_articles(out).article_id) == ["a", "b"]


def test_pipeline_version_hashes_model_contents(tmp_path, monkeypatch):
    import shutil

    models = tmp_path / "models"
    shutil.copytree(SHIPPED_MODELS, models)
    monkeypatch.setenv(MODELS_ENV, str(models))
    before = pipeline_version("stanza")
    weights = models / "stanza-ner" / "id_ner.pt"
    st = weights.stat()
    data = bytearray(weights.read_bytes())
    data[-1] ^= 1
    weights.write_bytes(bytes(data))
    os.utime(weights, ns=(st.st_atime_ns, st.st_mtime_ns))  # same path, size and mtime, other contents
    from pipeline import store

    store._file_digest.cache_clear()
    store._version.cache_clear()
    assert pipeline_version("stanza") != before


# ---------------------------------------------------------------- 10. workers
def test_worker_count_is_capped_and_checked(caplog):
    assert worker_count(1000) == (os.cpu_count() or 1)
    assert "capped" in caplog.text
    with pytest.raises(ValueError, match="1 or more"):
        worker_count(0)
