"""The analyst's day (issue 14): output true to the input, the input's metadata used, tables a pandas
user can load, files with normal modes, evaluate writing only what it is asked to, a CLI that explains
itself. Every test runs the real pipeline (spaCy engine: faster, and the engine does not matter here)
on small inputs built from raw/."""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import pipeline
from conftest import RAW, ROOT
from pipeline.batch import run
from pipeline.cli import main, parser
from pipeline.dataset import TABLES, date_span
from pipeline.store import SHARD_DIR

SEED = (RAW / "000_05f2884bcad9e1b8.txt").read_text(encoding="utf-8")  # states "Jumat (6/12/2024)"
SHORT = "JAKARTA – Kepala BNPT Boy Rafli Amar bertemu Duta Besar Australia di Jakarta pada Senin (4/2/2019)."
YEARLESS = "JAKARTA – Rapat kerja sama kedua negara digelar Kamis (11/11) di Jakarta."  # 2004, 2010, 2021, 2027
ENGINE = ["--engine", "spacy", "--no-progress"]


def _jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def _page(text: str, meta: str = "") -> str:
    """A saved news page around ``text``: headline in <h1>, paragraphs in <article>."""
    lines = [line for line in text.splitlines() if line.strip()]
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
    return (f"<html><head>{meta}<title>{html.escape(lines[0])}</title></head><body><article>"
            f"<h1>{html.escape(lines[0])}</h1>{body}</article></body></html>")


def _code(capsys, *argv: object) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err


def _error_line(err: str) -> str:
    """The one error line on stderr; progress lines ("INFO ...: loading ...") may come before it."""
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("INFO ")]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


@pytest.fixture(scope="module")
def dated(tmp_path_factory) -> tuple[Path, Path]:
    """One run over pages and records that carry their own metadata, or none, with a fixed reference date."""
    src, out = tmp_path_factory.mktemp("dated-in"), tmp_path_factory.mktemp("dated-out")
    meta = '<meta property="article:published_time" content="2024-12-05T09:00:00+07:00">'
    (src / "meta.html").write_text(_page(SEED, meta), encoding="utf-8")
    (src / "stated.txt").write_text(SEED, encoding="utf-8")
    _jsonl(src / "records.jsonl", [
        {"id": "titled", "title": "Judul Dari Metadata", "text": SEED},
        {"id": "scraped", "scraped_at": "2022-01-05T08:00:00Z", "text": YEARLESS},
        {"id": "retrieved", "retrieved": "2016-03-01", "text": YEARLESS},
        {"id": "undated", "text": YEARLESS},
        {"id": "given", "published": "2024-11-20", "text": "JAKARTA – Rapat digelar Kamis (14/11) di Jakarta."},
    ])
    run(src, out, progress=False, engine="spacy", reference_date=dt.date(2016, 3, 1))
    return src, out


def _articles(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "articles.parquet").set_index("article_id")


def _day_values(out: Path, article_id: str) -> list[str]:
    dates = pd.read_parquet(out / "dates.parquet")
    return dates[dates.article_id == article_id].value.tolist()


# ---------------------------------------------------------------- 1. articles gone from the input
def test_articles_no_longer_in_the_input_leave_the_tables_unless_kept(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in ("a", "b", "c"):
        (src / f"{name}.txt").write_text(f"{SHORT}\n\nCatatan {name}.", encoding="utf-8")
    run(src, out, progress=False, engine="spacy")
    (src / "b.txt").unlink()
    code, err = _code(capsys, "run", src, "--out", out, *ENGINE)
    assert code == 0 and "2 articles: 0 ok, 0 error, 2 unchanged" in err and "1 removed" in err
    assert sorted(_articles(out).index) == ["a", "c"]
    assert not (out / "clean" / "b.txt").exists() and not (out / SHARD_DIR / "b.json").exists()
    for name in TABLES:  # no row of b anywhere
        assert "b" not in set(pd.read_parquet(out / f"{name}.parquet").article_id)
    other = tmp_path / "other"
    other.mkdir()
    (other / "d.txt").write_text(SHORT, encoding="utf-8")
    assert run(other, out, progress=False, engine="spacy", keep_missing=True).removed == 0
    assert sorted(_articles(out).index) == ["a", "c", "d"]  # --keep-missing accumulates
    assert run(other, out, progress=False, engine="spacy").removed == 2  # a second folder replaces the first
    assert sorted(_articles(out).index) == ["d"] and sorted(p.name for p in (out / "clean").iterdir()) == ["d.txt"]


# ---------------------------------------------------------------- 2. the output folder inside the input
def test_an_output_folder_inside_the_input_is_not_read_and_the_input_itself_is_refused(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(SHORT, encoding="utf-8")
    out = src / "out"
    assert _code(capsys, "run", src, "--out", out, *ENGINE)[0] == 0
    code, err = _code(capsys, "run", src, "--out", out, *ENGINE)
    assert code == 0 and "1 articles: 0 ok, 0 error, 1 unchanged" in err and "duplicate" not in err
    assert list(_articles(out).index) == ["a"]
    code, err = _code(capsys, "run", src, "--out", src / ".", *ENGINE)
    assert code == 2 and "is the input folder" in _error_line(err)
    assert not (src / "articles.csv").exists() and not (src / SHARD_DIR).exists()


# ---------------------------------------------------------------- 3. one id in an HTML page and a JSONL record
def test_a_duplicate_id_never_hides_the_first_article(tmp_path):
    from pipeline.annotate import export
    from pipeline.evaluate import predictions

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a1.html").write_text(_page(SEED), encoding="utf-8")
    _jsonl(src / "z.jsonl", [{"id": "a1", "text": SHORT}])
    summary = run(src, out, progress=False, engine="spacy")
    assert (summary.ok, summary.error) == (1, 1)
    arts = _articles(out)
    assert arts.loc["a1", "status"] == "ok" and arts.loc["a1", "source"].endswith("a1.html")
    dup_key = f"a1 (duplicate at {src / 'z.jsonl'}:1)"
    assert arts.loc[dup_key, "status"] == "error" and f"{src / 'z.jsonl'}:1" in arts.loc[dup_key, "error"]
    assert predictions(out)["a1"]["status"] == "ok"
    assert export(out, tmp_path / "tasks.jsonl", "doccano") == 1
    task, = [json.loads(line) for line in (tmp_path / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]
    assert task["article_id"] == "a1" and "Tiongkok" in task["text"]


# ---------------------------------------------------------------- 4, 5. the input's own metadata
def test_dates_without_a_year_resolve_against_the_best_reference_there_is(dated):
    _, out = dated
    arts = _articles(out)
    want = {"meta": ("2024-12-05", "published"), "stated": ("2024-12-06", "text"),
            "given": ("2024-11-20", "published"), "scraped": ("2022-01-05", "scraped_at"),
            "retrieved": ("2016-03-01", "retrieved"), "undated": ("2016-03-01", "option")}
    for aid, (day, source) in want.items():
        assert (arts.loc[aid, "reference_date"], arts.loc[aid, "reference_source"]) == (day, source), aid
    assert _day_values(out, "scraped") == ["2021-11-11"]  # the latest Thursday 11 November before the scrape
    assert _day_values(out, "retrieved") == ["2010-11-11"]
    assert _day_values(out, "undated") == ["2010-11-11"]  # --reference-date, not the day of the run
    assert _day_values(out, "given") == ["2024-11-14"]


def test_a_new_reference_date_redoes_only_the_articles_that_used_it(dated, capsys):
    src, out = dated
    code, err = _code(capsys, "run", src, "--out", out, *ENGINE, "--reference-date", "2008-01-01")
    assert code == 0 and "1 ok, 0 error, 6 unchanged" in err
    assert _day_values(out, "undated") == ["2004-11-11"] and _day_values(out, "retrieved") == ["2010-11-11"]
    with pytest.raises(SystemExit) as bad:
        main(["run", str(src), "--out", str(out), "--reference-date", "2008-13-01"])
    assert bad.value.code == 2 and "not a date as YYYY-MM-DD" in capsys.readouterr().err


def test_the_input_metadata_wins_over_the_text(dated):
    _, out = dated
    arts = _articles(out)
    assert arts.loc["meta", "published"] == "2024-12-05"  # article:published_time, the text says 6 December
    assert arts.loc["stated", "published"] == "2024-12-06"
    assert arts.loc["titled", "title"] == "Judul Dari Metadata"
    assert arts.loc["stated", "title"] == SEED.splitlines()[0]
    clean = (out / "clean" / "titled.txt").read_text(encoding="utf-8")
    assert clean.startswith(SEED.splitlines()[0])  # the text itself is left as it is


# ---------------------------------------------------------------- 6, 7. tables a pandas user expects
def test_parquet_lists_are_lists_and_dates_have_typed_bounds(dated):
    _, out = dated
    assert str(pq.read_schema(out / "entities.parquet").field("aliases").type) == "list<element: string>"
    schema = pq.read_schema(out / "agreements.parquet")
    assert str(schema.field("countries").type) == "list<element: string>"
    assert str(schema.field("date_start").type) == "date32[day]"
    ents = pd.read_parquet(out / "entities.parquet")
    csv = pd.read_csv(out / "entities.csv", dtype=str, keep_default_na=False)
    assert [list(a) for a in ents.aliases] == [json.loads(a) for a in csv.aliases]
    assert any(len(a) for a in ents.aliases)
    dates = pd.read_parquet(out / "dates.parquet")
    for row in dates.itertuples():
        assert (row.date_start, row.date_end) == date_span(row.value)
    assert date_span("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert date_span("2021") == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert date_span("2024-11-05") == (dt.date(2024, 11, 5),) * 2


def test_load_gives_typed_tables_keyed_as_documented(dated):
    _, out = dated
    tables = pipeline.load(out)
    assert list(tables) == list(TABLES)
    arts = tables["articles"]
    assert str(arts.error.dtype) == "string" and str(arts.n_chars.dtype) == "Int64"
    assert pd.read_csv(out / "articles.csv").error.dtype == "float64"  # what plain read_csv makes of it
    ents = tables["entities"]
    assert not ents.duplicated(["article_id", "entity_id"]).any()
    assert all(isinstance(a, list) for a in ents.aliases)
    dates = tables["dates"]
    assert str(dates.date_start.dtype) == "datetime64[s]"
    assert (dates.date_start <= dates.date_end).all()
    mentions = tables["mentions"].merge(ents, on=["article_id", "entity_id"], validate="many_to_one")
    assert len(mentions) == len(tables["mentions"])


# ---------------------------------------------------------------- 8. file modes
def test_files_get_the_mode_a_normal_write_gives(tmp_path, dated):
    _, out = dated
    umask = os.umask(0)
    os.umask(umask)
    for path in [out / "articles.csv", out / "dates.parquet", out / "clean" / "stated.txt",
                 out / SHARD_DIR / "stated.json"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")  # an error row: no model needed
    previous = os.umask(0o027)
    try:
        run(src, tmp_path / "out", progress=False, engine="spacy")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "out" / "articles.parquet").stat().st_mode) == 0o640
    assert not list((tmp_path / "out").glob(".*.tmp"))


# ---------------------------------------------------------------- 9. evaluate
def test_evaluate_writes_json_only_when_asked_and_refuses_nothing_to_score(dated, tmp_path, capsys):
    _, out = dated
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "stated.json").write_text(json.dumps({"article_id": "stated", "title": SEED.splitlines()[0],
                                                  "published": "2024-12-06", "boilerplate": [], "entities": [],
                                                  "dates": [], "agreements": []}), encoding="utf-8")
    assert _code(capsys, "evaluate", "--gold", gold, "--pred", out)[0] == 0
    assert not (out / "evaluation.json").exists()
    code, err = _code(capsys, "evaluate", "--gold", gold, "--pred", out, "--json", tmp_path / "s.json")
    assert code == 0 and json.loads((tmp_path / "s.json").read_text())["n_articles"] == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    code, err = _code(capsys, "evaluate", "--gold", empty, "--pred", out, "--json", tmp_path / "e.json")
    assert code == 2 and "nothing to score" in _error_line(err)
    assert not (tmp_path / "e.json").exists()


# ---------------------------------------------------------------- 12. a CLI that explains itself
def test_every_command_option_and_positional_has_help():
    top = parser()
    assert "argument parsing" not in top.description and "Indonesian news" in top.description
    commands = next(a for a in top._actions if a.dest == "command").choices
    assert set(commands) == {"run", "evaluate", "train", "crossval", "report", "export", "import", "benchmark", "link",
                             "overview"}
    for name, sub in commands.items():
        assert sub.description, name
        for action in sub._actions:
            assert action.help, (name, action.dest)


def test_the_cli_names_itself_tells_its_version_and_takes_verbosity_anywhere(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/idnews-pipeline", "--help"])
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0 and capsys.readouterr().out.startswith("usage: idnews-pipeline")
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and pipeline.__version__ in capsys.readouterr().out
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    code, err = _code(capsys, "run", src, "--out", tmp_path / "out", "--no-progress", "-q")
    assert code == 1 and "articles:" not in err
    code, err = _code(capsys, "run", src, "--out", tmp_path / "out", "--no-progress", "-v")
    assert code == 1 and "1 articles: 0 ok, 1 error" in err
    bare = subprocess.run([sys.executable, "-m", "pipeline"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert bare.returncode == 0 and bare.stdout.startswith("usage: python -m pipeline") and "evaluate" in bare.stdout


def test_report_without_out_says_where_it_wrote(dated, tmp_path, capsys, monkeypatch):
    _, out = dated
    monkeypatch.chdir(tmp_path)
    code, err = _code(capsys, "report", "--pred", out)
    assert code == 0 and f"report written to {tmp_path / 'report.html'}" in err
    assert (tmp_path / "report.html").exists()


def _children(pid: int) -> list[int]:
    return [int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to see the worker processes")
def test_ctrl_c_stops_a_pool_run_with_one_line(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(300):  # enough work that the interrupt lands mid-run, however fast the engine
        (src / f"a{i:03d}.txt").write_text(f"{SEED}\n\nCatatan {i}.", encoding="utf-8")
    cmd = [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(tmp_path / "out"), "--workers", "2",
           *ENGINE]
    # a session of its own: Ctrl-C reaches the whole process group, as a terminal sends it; and Ctrl-C's
    # default action, which a shell gives up for the jobs it starts in the background (CI may run so)
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 60
    while time.time() < deadline and len(_children(proc.pid)) < 2:
        time.sleep(0.1)
    workers = _children(proc.pid)
    time.sleep(1.0)  # the workers are importing their models
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and _error_line(err).startswith("error: interrupted")
    deadline = time.time() + 10
    while time.time() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.2)
    assert not any(Path(f"/proc/{w}").exists() for w in workers)


# ---------------------------------------------------------------- 13. nothing to do
def test_a_run_with_nothing_new_says_it_is_up_to_date(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(SHORT, encoding="utf-8")
    code, err = _code(capsys, "run", src, "--out", out, *ENGINE)
    assert code == 0 and "already up to date" not in err
    code, err = _code(capsys, "run", src, "--out", out, *ENGINE)
    assert code == 0 and "1 unchanged (all already up to date" in err and "--force" in err
