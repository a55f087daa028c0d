"""Review report and annotation-tool round trips on a real run of the seeds."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from conftest import ANNOTATIONS, RAW
from pipeline.annotate import export, import_gold
from pipeline.evaluate import evaluate
from pipeline.report import build

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.parametrize("fmt", ["label-studio", "doccano"])
def test_round_trip_is_lossless(seed_output, tmp_path, fmt):
    path = tmp_path / f"tasks.{fmt}"
    assert export(seed_output, path, fmt, RAW) == 5
    assert len(import_gold(path, tmp_path / "gold", fmt, accept_predictions=True).written) == 5
    r = evaluate(tmp_path / "gold", seed_output, RAW)
    assert all(v["f1"] == 1.0 for v in r["prf"].values()), r["prf"]
    assert all(v["accuracy"] == 1.0 for v in r["accuracy"].values() if v["total"]), r["accuracy"]


def test_label_studio_annotations_win_over_predictions(seed_output, tmp_path):
    path = tmp_path / "tasks.json"
    export(seed_output, path, "label-studio", RAW)
    tasks = json.loads(path.read_text(encoding="utf-8"))
    first = tasks[0]
    results = first["predictions"][0]["result"]
    dates = {r["id"] for r in results if r["value"].get("labels") == ["DATE"]}
    kept = [r for r in results if r["id"] not in dates]
    first["annotations"] = [{"result": kept}]  # an annotator deleted every date span
    path.write_text(json.dumps(tasks), encoding="utf-8")
    import_gold(path, tmp_path / "gold", "label-studio")
    gold = json.loads((tmp_path / "gold" / f"{first['data']['article_id']}.json").read_text(encoding="utf-8"))
    assert gold["dates"] == [] and gold["entities"]


def test_report_holds_highlights_chart_and_differences(seed_output):
    page = build(seed_output, ANNOTATIONS, RAW)
    assert page.count("<mark") > 20 and "<svg" in page
    assert "Entity F1 per type" in page and "Articles by error count" in page
    assert not re.search(r"""(src|href)=["']?https?:""", page)  # nothing fetched from a CDN


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs Debian's package)")
def test_report_renders_in_headless_chromium(seed_output, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(build(seed_output, ANNOTATIONS, RAW), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout
    assert dom.count('class="entity"') > 20  # displaCy's highlighted spans, as the browser parsed them
    assert "<svg" in dom and "<rect" in dom and "Entity F1 per type" in dom
    shot = tmp_path / "shot.png"
    subprocess.run([CHROMIUM, *flags, f"--screenshot={shot}", "--window-size=1200,2000", page.as_uri()],
                   capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000
