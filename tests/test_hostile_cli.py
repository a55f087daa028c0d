"""Exit codes a scheduler can trust (issue 17): 0 done, 1 some articles are error rows, 2 a usage or
input-file problem, 3 the environment failed; each failure one line on stderr, nothing written."""
from __future__ import annotations

import fcntl
import json
import socket
from pathlib import Path

import pandas as pd
import pytest

from pipeline import batch, dataset
from pipeline.cli import main


@pytest.fixture
def one_bad(tmp_path) -> Path:
    """An input folder whose only article is an error row: runs finish without loading a model."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    return src


def _code(capsys, *argv: str) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err


def _error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, err
    return lines[0]


def test_article_errors_exit_1(capsys, one_bad, tmp_path):
    code, err = _code(capsys, "run", one_bad, "--out", tmp_path / "out", "--no-progress")
    assert code == 1 and "1 error" in err


@pytest.mark.parametrize("args, code, message", [
    (["--scheduler", "tcp://127.0.0.1:8786"], 2, "--executor dask and --scheduler"),
    (["--executor", "dask"], 2, "--executor dask and --scheduler"),
    (["--executor", "dask", "--scheduler", "garbage::addr"], 2, "not a Dask scheduler address"),
    (["--workers", "0"], 2, "--workers must be 1 or more"),
])
def test_usage_problems_exit_2(capsys, one_bad, tmp_path, args, code, message):
    out = tmp_path / "out"
    got, err = _code(capsys, "run", one_bad, "--out", out, "--no-progress", *args)
    assert got == code and message in _error_line(err)
    assert not (out / "articles.csv").exists()


def test_closed_scheduler_port_exits_3_within_the_timeout(capsys, one_bad, tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "SCHEDULER_TIMEOUT", 1)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, err = _code(capsys, "run", one_bad, "--out", tmp_path / "out", "--no-progress",
                      "--executor", "dask", "--scheduler", f"tcp://127.0.0.1:{port}")
    assert code == 3 and "cannot reach the Dask scheduler" in _error_line(err)
    assert not (tmp_path / "out" / "articles.csv").exists()


def test_unwritable_output_exits_3(capsys, one_bad, tmp_path):
    (tmp_path / "file").write_text("x")
    code, err = _code(capsys, "run", one_bad, "--out", tmp_path / "file" / "out", "--no-progress")
    assert code == 3 and "cannot write to output folder" in _error_line(err)


def test_a_second_run_on_a_locked_output_exits_3(capsys, one_bad, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with (out / batch.LOCK_FILE).open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a first run in progress
        code, err = _code(capsys, "run", one_bad, "--out", out, "--no-progress")
    assert code == 3 and "another run is writing" in _error_line(err)
    assert not (out / "articles.csv").exists()
    assert _code(capsys, "run", one_bad, "--out", out, "--no-progress")[0] == 1  # released: runs again


def test_unreadable_input_folder_exits_3(capsys, one_bad, tmp_path, monkeypatch):
    from pipeline import sources

    def refuse(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(sources.os, "scandir", refuse)  # root ignores chmod; the refusal is simulated
    code, err = _code(capsys, "run", one_bad, "--out", tmp_path / "out", "--no-progress")
    assert code == 3 and "cannot read input folder" in _error_line(err)


# ---------------------------------------------------------------- 11. evaluate, report, import on malformed files
GOOD_GOLD = {"article_id": "a1", "title": "T", "published": None, "boilerplate": [], "entities": [],
             "dates": [], "agreements": []}
BAD_GOLDS = {
    "invalid JSON": b'{"article_id": "a1",',
    "a list": b"[]",
    "no article_id": json.dumps({k: v for k, v in GOOD_GOLD.items() if k != "article_id"}).encode(),
    "entities a string": json.dumps({**GOOD_GOLD, "entities": "x"}).encode(),
    "entity without a name": json.dumps({**GOOD_GOLD, "entities": [{"type": "ORG"}]}).encode(),
    "entity not an object": json.dumps({**GOOD_GOLD, "entities": ["BNPT"]}).encode(),
    "date value a number": json.dumps({**GOOD_GOLD, "dates": [{"value": 2021}]}).encode(),
    "not UTF-8": b'{"article_id": "caf\xe9"}',
}


def _pred(tmp_path: Path) -> Path:
    pred = tmp_path / "pred"
    dataset.write_tables(dataset.build([]), pred)
    return pred


@pytest.mark.parametrize("problem", sorted(BAD_GOLDS))
def test_evaluate_and_report_reject_a_bad_gold_file(capsys, tmp_path, problem):
    gold, pred = tmp_path / "gold", _pred(tmp_path)
    gold.mkdir()
    (gold / "bad.json").write_bytes(BAD_GOLDS[problem])
    code, err = _code(capsys, "evaluate", "--gold", gold, "--pred", pred)
    assert code == 2 and str(gold / "bad.json") in _error_line(err)
    assert not (pred / "evaluation.json").exists()
    code, err = _code(capsys, "report", "--pred", pred, "--gold", gold, "--out", tmp_path / "r.html")
    assert code == 2 and str(gold / "bad.json") in _error_line(err)
    assert not (tmp_path / "r.html").exists()


def test_evaluate_rejects_missing_folders_and_broken_tables(capsys, tmp_path):
    gold, pred = tmp_path / "gold", _pred(tmp_path)
    gold.mkdir()
    (gold / "a1.json").write_text(json.dumps(GOOD_GOLD), encoding="utf-8")
    assert _code(capsys, "evaluate", "--gold", gold, "--pred", pred)[0] == 0
    code, err = _code(capsys, "evaluate", "--gold", tmp_path / "nope", "--pred", pred)
    assert code == 2 and "gold folder" in _error_line(err)
    (pred / "entities.parquet").write_bytes(b"not parquet")
    code, err = _code(capsys, "evaluate", "--gold", gold, "--pred", pred, "--json", tmp_path / "s.json")
    assert code == 2 and "entities.parquet" in _error_line(err)
    pd.DataFrame({"x": [1]}).to_parquet(pred / "entities.parquet")
    code, err = _code(capsys, "evaluate", "--gold", gold, "--pred", pred, "--json", tmp_path / "s.json")
    assert code == 2 and "no article_id" in _error_line(err)
    assert not (tmp_path / "s.json").exists()


BAD_EXPORTS = {
    ("label-studio", "invalid JSON"): b"[{",
    ("label-studio", "an object"): b'{"data": {}}',
    ("label-studio", "tasks not objects"): b"[1, 2]",
    ("label-studio", "no text"): b'[{"data": {"article_id": "a"}}]',
    ("label-studio", "no span records"): json.dumps([{"data": {"article_id": "a", "text": "t"},
                                                      "annotations": [{"result": []}]}]).encode(),
    ("label-studio", "not UTF-8"): b'[{"data": {"text": "caf\xe9"}}]',
    ("doccano", "invalid line"): b'{"text": "a", "label": []}\n{oops\n',
    ("doccano", "a list line"): b"[1]\n",
    ("doccano", "label not triples"): b'{"text": "a", "article_id": "a", "label": [5]}\n',
}


@pytest.mark.parametrize("fmt, problem", sorted(BAD_EXPORTS))
def test_import_rejects_a_malformed_export_and_writes_nothing(capsys, tmp_path, fmt, problem):
    src, gold = tmp_path / "export.json", tmp_path / "gold"
    src.write_bytes(BAD_EXPORTS[fmt, problem])
    code, err = _code(capsys, "import", src, "--format", fmt, "--gold", gold)
    assert code == 2 and str(src) in _error_line(err)
    assert not gold.exists()
