"""End-to-end batch speed of this code beside a baseline commit's, measured in one run.

    python -m pipeline benchmark batch [--n 2000] [--workers 1 --workers 2] [--engine spacy]
                                       [--baseline REV | --baseline none] [--scale] [--rounds R]

For each engine: start-up to the first article (a run over one one-sentence
article, from its start until that article is stored in the output folder), the
same run to exit, one real article end to end (each the median of three runs), and articles/s and peak RSS with each worker count
over a synthetic batch of ``n`` articles built from the seed texts in raw/ (and
../shared/dev/raw when present), each made unique, plus a no-change re-run.
Every figure is measured for this working tree and, right after it, for the
baseline commit (default: HEAD when the package has uncommitted changes, else
HEAD~1), checked out in a temporary git worktree and run from there: absolute
times drift between machines and hours, the ratio beside them does not.
Peak RSS is the largest sum over the whole process tree (the parent and its
workers), sampled every 0.1 s. ``--scale`` also runs 10x the articles with the
first engine and the most workers, to check that cost stays linear. ``--rounds R``
runs each batch R times, this code and the baseline taking turns, and reports the
medians: this machine's speed drifts within the minutes between two batch runs, and
taking turns spreads the drift over both sides.
"""
from __future__ import annotations

import contextlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from ..sources import read_folder
from ..store import SHARD_DIR
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


def _timed_run(args: list[str], code: Path, first: Path | None = None) -> tuple[float, float]:
    """Seconds and peak RSS (MB, whole process tree) of one `pipeline run` of the package in ``code``,
    in a child process (``python -m`` puts its working folder first on the import path). With
    ``first`` (the run's output folder), the seconds until the run stored its first article there
    instead: the shard store writes one file per article as soon as it is done."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", *args, "--no-progress"], cwd=code,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    stored = None

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, tree_rss_mb(proc.pid))
            time.sleep(0.1)

    def watch() -> None:
        nonlocal stored
        shards = first / SHARD_DIR if first else None
        while shards is not None and proc.poll() is None and stored is None:
            if shards.is_dir() and any(shards.iterdir()):
                stored = time.perf_counter() - start
            time.sleep(0.005)

    threads = [threading.Thread(target=sample, daemon=True), threading.Thread(target=watch, daemon=True)]
    for t in threads:
        t.start()
    proc.wait()
    seconds = time.perf_counter() - start
    for t in threads:
        t.join()
    if first is not None:
        if stored is None:
            raise RuntimeError(f"the run stored no article in {first / SHARD_DIR} (it failed, or stores elsewhere)")
        return stored, peak
    return seconds, peak


ROOT = Path(__file__).resolve().parents[2]
REPEAT = 5  # start-up and one-article figures: the median of this many runs, the two sides taking turns
ONE_SENTENCE = "JAKARTA - Kepala BNPT Boy Rafli Amar bertemu Duta Besar Australia di Jakarta, Senin (4/2/2019).\n"


def default_baseline() -> str:
    """The commit to compare with: HEAD when the package has uncommitted changes, else the one before."""
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "pipeline"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()
    return "HEAD" if dirty else "HEAD~1"


@contextlib.contextmanager
def checkout(rev: str | None, tmp: Path) -> Iterator[Path | None]:
    """A temporary worktree of ``rev`` (None: no baseline), removed afterwards."""
    if rev is None:
        yield None
        return
    where = tmp / "baseline"
    done = subprocess.run(["git", "worktree", "add", "--detach", str(where), rev], cwd=ROOT, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise RuntimeError(f"cannot check out baseline {rev!r}: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(where)], cwd=ROOT, capture_output=True)


def _one_article(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "one.txt").write_text(text, encoding="utf-8")
    return folder


def run(n: int, engines: list[str], workers: list[int], sources: list[Path], scale: bool = False,
        baseline: str | None = None, rounds: int = 1) -> list[dict]:
    """One row per figure: this code's value, the baseline's, and their ratio (batch figures: medians
    over ``rounds`` runs, the two sides taking turns)."""
    rows: list[dict] = []
    seed = next(a.text for src in sources if src.is_dir() for a in read_folder(src) if not a.error)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        tiny, real = _one_article(tmp / "tiny", ONE_SENTENCE), _one_article(tmp / "real", seed)
        batches: dict[int, tuple[Path, int]] = {}
        with checkout(baseline, tmp) as base:
            trees = {"this": ROOT, **({"baseline": base} if base else {})}

            def figure(label: str, engine: str, measure) -> None:
                """The median of REPEAT runs on each side, the sides taking turns, so a machine growing
                busier or a disk cache warming up does not favour the side measured second."""
                times: dict[str, list[float]] = {name: [] for name in trees}
                for _ in range(REPEAT):
                    for name, code in trees.items():
                        times[name].append(measure(code, name))
                rows.append({"figure": label, "engine": engine,
                             **{name: statistics.median(t) for name, t in times.items()}})

            def seconds_of(folder: Path, engine: str, to_first: bool = False):
                def measure(code: Path, name: str) -> float:
                    out = tmp / f"out-{name}"
                    seconds, _ = _timed_run([str(folder), "--out", str(out), "--engine", engine], code,
                                            out if to_first else None)
                    shutil.rmtree(out, ignore_errors=True)
                    return seconds
                return measure

            for engine in engines:
                figure("start-up to the first article: one-sentence article (s)", engine,
                       seconds_of(tiny, engine, to_first=True))
                figure("start-up: one-sentence article, start to exit (s)", engine, seconds_of(tiny, engine))
                figure("one real article end to end (s)", engine, seconds_of(real, engine))
                sizes = [(w, n) for w in workers] + ([(max(workers), 10 * n)] if scale and engine == engines[0] else [])
                for w, size in sizes:
                    if size not in batches:
                        folder = tmp / f"batch-{size}"
                        batches[size] = folder, build_batch(folder, size, sources)
                    batch, words = batches[size]
                    runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
                    for _ in range(rounds):
                        for name, code in trees.items():
                            out = tmp / f"out-{name}"
                            seconds, peak = _timed_run([str(batch), "--out", str(out), "--engine", engine,
                                                        "--workers", str(w)], code)
                            rerun, _ = _timed_run([str(batch), "--out", str(out), "--engine", engine], code)
                            shutil.rmtree(out, ignore_errors=True)
                            runs[name].append({"articles/s": size / seconds, "words/s": words / seconds,
                                               "peak RSS, all processes (MB)": peak, "no-change re-run (s)": rerun})
                    measured = {name: {label: statistics.median(r[label] for r in rs) for label in rs[0]}
                                for name, rs in runs.items()}
                    for label in measured["this"]:
                        rows.append({"figure": f"{label}, {w} worker{'s' * (w > 1)}, {size:,} articles",
                                     "engine": engine, **{name: m[label] for name, m in measured.items()}})
    return rows


def format_rows(rows: list[dict], baseline: str | None = None) -> str:
    """Markdown: each figure with the baseline's beside it and this / baseline."""
    headers = ["engine", "figure", "this"] + (["baseline " + baseline, "this / baseline"] if baseline else [])

    def num(x: float) -> str:
        return f"{x:,.0f}" if x >= 100 else f"{x:.2f}"
    body = [[r["engine"], r["figure"], num(r["this"])]
            + ([num(r["baseline"]), f"{r['this'] / r['baseline']:.2f}"] if baseline else []) for r in rows]
    return markdown_table(headers, body)
