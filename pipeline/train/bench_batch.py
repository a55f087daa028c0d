"""End-to-end batch speed: articles/s, words/s and peak RSS per engine and worker count.

    python -m pipeline benchmark batch [--n 2000] [--workers 1 --workers 2] [--engine spacy]

Builds a synthetic batch of ``n`` articles from the seed texts in raw/ (and
../shared/dev/raw when present), each made unique, runs ``pipeline run`` on
it in a fresh process per configuration, then times a no-change re-run.
"""
from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..sources import read_folder
from .tables import markdown_table


def build_batch(folder: Path, n: int, sources: list[Path]) -> int:
    """Write ``n`` articles cycling through the source texts; returns the word count."""
    texts = [a.text for src in sources if src.is_dir() for a in read_folder(src) if not a.error]
    folder.mkdir(parents=True)
    words = 0
    for i in range(n):
        text = texts[i % len(texts)] + f"\n\nCatatan redaksi nomor {i}."
        (folder / f"bench{i:05d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def _timed_run(args: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one `pipeline run` in a child process (workers included)."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, "-m", "pipeline", "run", *args, "--no-progress"], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    return seconds, peak


def run(n: int, engines: list[str], workers: list[int], sources: list[Path]) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "batch"
        words = build_batch(batch, n, sources)
        for engine in engines:
            for w in workers:
                out = Path(tmp) / f"out-{engine}-{w}"
                seconds, peak = _timed_run([str(batch), "--out", str(out), "--engine", engine, "--workers", str(w)])
                rerun, _ = _timed_run([str(batch), "--out", str(out), "--engine", engine])
                rows.append({"engine": engine, "workers": w, "articles": n, "seconds": seconds,
                             "articles_per_s": n / seconds, "words_per_s": words / seconds,
                             "peak_rss_mb": peak, "rerun_seconds": rerun})
                shutil.rmtree(out, ignore_errors=True)
    return rows


def format_rows(rows: list[dict]) -> str:
    return markdown_table(
        ["engine", "workers", "articles", "seconds", "articles/s", "words/s", "peak RSS (MB, one process)",
         "no-change re-run (s)"],
        [[r["engine"], str(r["workers"]), str(r["articles"]), f"{r['seconds']:.1f}", f"{r['articles_per_s']:.1f}",
          f"{r['words_per_s']:,.0f}", f"{r['peak_rss_mb']:.0f}", f"{r['rerun_seconds']:.1f}"] for r in rows])
