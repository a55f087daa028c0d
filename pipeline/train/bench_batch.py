"""End-to-end batch speed: articles/s, words/s and peak RSS per engine and worker count.

    python -m pipeline benchmark batch [--n 2000] [--workers 1 --workers 2] [--engine spacy] [--scale]

Builds a synthetic batch of ``n`` articles from the seed texts in raw/ (and
../shared/dev/raw when present), each made unique, runs ``pipeline run`` on
it in a fresh process per configuration, then times a no-change re-run.
Peak RSS is the largest sum over the whole process tree (the parent and its
workers), sampled every 0.1 s. ``--scale`` also runs 10x the articles with
the first engine and the most workers, to check that cost stays linear.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
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


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, from /proc (0 once it has exited)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue  # exited between two reads, or a kernel thread without VmRSS
    return total / 1024


def _timed_run(args: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB, whole process tree) of one `pipeline run` in a child process."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", *args, "--no-progress"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, tree_rss_mb(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    proc.wait()
    seconds = time.perf_counter() - start
    sampler.join()
    return seconds, peak


def run(n: int, engines: list[str], workers: list[int], sources: list[Path], scale: bool = False) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        sizes = [(engine, w, n) for engine in engines for w in workers]
        if scale:
            sizes.append((engines[0], max(workers), 10 * n))
        batches: dict[int, tuple[Path, int]] = {}
        for engine, w, size in sizes:
            if size not in batches:
                folder = Path(tmp) / f"batch-{size}"
                batches[size] = folder, build_batch(folder, size, sources)
            batch, words = batches[size]
            out = Path(tmp) / f"out-{engine}-{w}-{size}"
            seconds, peak = _timed_run([str(batch), "--out", str(out), "--engine", engine, "--workers", str(w)])
            rerun, _ = _timed_run([str(batch), "--out", str(out), "--engine", engine])
            rows.append({"engine": engine, "workers": w, "articles": size, "seconds": seconds,
                         "articles_per_s": size / seconds, "words_per_s": words / seconds,
                         "peak_rss_mb": peak, "rerun_seconds": rerun})
            shutil.rmtree(out, ignore_errors=True)
    return rows


def format_rows(rows: list[dict]) -> str:
    return markdown_table(
        ["engine", "workers", "articles", "seconds", "articles/s", "words/s", "peak RSS (MB, all processes)",
         "no-change re-run (s)"],
        [[r["engine"], str(r["workers"]), f"{r['articles']:,}", f"{r['seconds']:.1f}", f"{r['articles_per_s']:.1f}",
          f"{r['words_per_s']:,.0f}", f"{r['peak_rss_mb']:,.0f}", f"{r['rerun_seconds']:.1f}"] for r in rows])
