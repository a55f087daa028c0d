"""The batch run end to end on real files: tables, clean texts, error rows, exit code."""
from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd

from conftest import RAW, ROOT
from pipeline.dataset import COLUMNS


def test_seed_run_writes_every_table(seed_output):
    for name, cols in COLUMNS.items():
        csv = pd.read_csv(seed_output / f"{name}.csv")
        pq = pd.read_parquet(seed_output / f"{name}.parquet")
        assert list(csv.columns) == cols and list(pq.columns) == cols
        assert len(csv) == len(pq)
    arts = pd.read_parquet(seed_output / "articles.parquet")
    assert sorted(arts.article_id) == sorted(p.stem for p in RAW.glob("*.txt"))
    assert set(arts.status) == {"ok"}
    for aid in arts.article_id:
        assert (seed_output / "clean" / f"{aid}.txt").read_text(encoding="utf-8").strip()
    assert len(set(arts.sha256)) == len(arts)


def test_seed_titles_published_and_dates(seed_scores):
    r = seed_scores
    assert r["accuracy"]["title"]["accuracy"] == 1.0
    assert r["accuracy"]["published"]["accuracy"] == 1.0
    assert r["prf"]["cleaning"]["f1"] >= 0.97


def test_cli_bad_inputs_do_not_stop_the_batch(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_bytes((RAW / "001_47e364d08ae20382.txt").read_bytes())
    (src / "random.txt").write_bytes(os.urandom(2048))
    (src / "empty.txt").write_bytes(b"")
    (src / "big.txt").write_bytes(b"teks " * (4 * 1024 * 1024))
    (src / "lines.jsonl").write_text('{"id": "j1", "text": "JAKARTA - Isi berita pada 5 November 2024."}\n{broken\n',
                                     encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr  # some articles failed
    arts = pd.read_csv(out / "articles.csv").set_index("article_id")
    assert arts.loc["good", "status"] == "ok" and arts.loc["j1", "status"] == "ok"
    for bad in ("random", "empty", "big", "lines-line2"):
        assert arts.loc[bad, "status"] == "error"
        assert arts.loc[bad, "error"]
    assert "random.txt" in proc.stderr and "lines.jsonl line 2" in proc.stderr
    assert "6 articles: 2 ok, 4 error" in proc.stderr
    assert not (out / "clean" / "random.txt").exists()


def test_cli_missing_input_folder(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(tmp_path / "nope"), "--out", str(tmp_path / "o")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "does not exist" in proc.stderr
