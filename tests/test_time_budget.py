"""One pathological article becomes an error row when its time budget runs out; the batch goes on."""
import subprocess
import sys
import time

import pandas as pd

from conftest import ROOT
from pipeline.batch import process, run
from pipeline.model import RawArticle

GOOD = "JAKARTA - Kepala BNPT Boy Rafli Amar bertemu Duta Besar Australia di Jakarta pada Senin (4/2/2019)."


def test_an_article_past_its_budget_is_an_error_row_and_the_next_one_is_processed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    # a tokenizer's worst case: about a minute of work (200,000 of them took 14 s once the tagger ran in numpy, within
    # the budget of each stage)
    (src / "slow.txt").write_text("a." * 800_000, encoding="utf-8")
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    start = time.perf_counter()
    summary = run(src, tmp_path / "out", progress=False, article_seconds=10)  # the first article also loads the rules
    assert time.perf_counter() - start < 90
    assert (summary.ok, summary.error) == (1, 1)
    articles = pd.read_parquet(tmp_path / "out" / "articles.parquet").set_index("article_id")
    assert articles.loc["slow", "status"] == "error" and "time budget of 10 s" in articles.loc["slow", "error"]
    assert articles.loc["good", "status"] == "ok"


def test_a_normal_article_is_untouched_by_the_budget_and_the_alarm_is_cleared():
    result = process(RawArticle("g", "g.txt", text=GOOD, sha256="x"), budget=30)
    assert result.status == "ok" and any(e.name == "Boy Rafli Amar" for e in result.entities)
    time.sleep(0.1)  # no stray alarm left behind


def test_the_cli_takes_the_budget_and_reports_the_slow_article(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "slow.txt").write_text("a." * 200_000, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", str(src), "--out", str(tmp_path / "out"),
                           "--article-seconds", "1", "--no-progress"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1 and "time budget of 1 s" in done.stderr
