"""Incremental, parallel and crash-safe batch runs, for real."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import RAW, ROOT
from pipeline.batch import run
from pipeline.dataset import TABLES


def _batch(folder, n: int) -> None:
    folder.mkdir()
    seeds = sorted(RAW.glob("*.txt"))
    for i in range(n):
        (folder / f"art{i:03d}.txt").write_bytes(seeds[i % len(seeds)].read_bytes() + f"\n\nCatatan {i}.".encode())


def _tables(out):
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}


def test_rerun_skips_unchanged_and_replaces_changed(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    _batch(src, 6)
    first = run(src, out, progress=False)
    assert (first.ok, first.skipped) == (6, 0)
    before = _tables(out)
    again = run(src, out, progress=False)
    assert (again.ok, again.skipped) == (0, 6)
    for name, df in _tables(out).items():
        pd.testing.assert_frame_equal(df, before[name])
    (src / "art001.txt").write_text("Judul Baru Yang Berbeda Sekali\n\nJAKARTA – Kepala BNPT Boy Rafli Amar bertemu "
                                    "Dubes Jepang di Jakarta, Rabu (25/5/2022), membahas kerja sama.", encoding="utf-8")
    third = run(src, out, progress=False)
    assert (third.ok, third.skipped) == (1, 5)
    arts = pd.read_parquet(out / "articles.parquet")
    assert arts.article_id.is_unique and len(arts) == 6
    assert arts.set_index("article_id").loc["art001", "title"] == "Judul Baru Yang Berbeda Sekali"
    forced = run(src, out, progress=False, force=True)
    assert forced.ok == 6


def test_unchanged_rerun_leaves_the_tables_alone_until_something_they_come_from_changes(tmp_path):
    """A re-run that processes nothing rewrites no table (the stamp of what they were built from
    holds); a missing or edited table file, or a removed article, makes it build them again."""
    from pipeline.dataset import CORPUS_TABLES

    src, out = tmp_path / "in", tmp_path / "out"
    _batch(src, 4)
    run(src, out, progress=False)
    files = [out / f"{name}{suffix}" for name in (*TABLES, *CORPUS_TABLES) for suffix in (".csv", ".parquet")]
    written = {f: f.stat().st_mtime_ns for f in files}
    before = _tables(out)
    assert run(src, out, progress=False).skipped == 4
    assert {f: f.stat().st_mtime_ns for f in files} == written
    (out / "entities.csv").unlink()
    (out / "actors.parquet").write_bytes(b"edited by hand")
    assert run(src, out, progress=False).skipped == 4
    assert (out / "entities.csv").is_file() and pd.read_parquet(out / "actors.parquet").actor_id.is_unique
    for name, df in _tables(out).items():
        pd.testing.assert_frame_equal(df, before[name])
    (src / "art003.txt").unlink()
    again = run(src, out, progress=False)
    assert again.removed == 1 and len(pd.read_parquet(out / "articles.parquet")) == 3


def test_two_workers_give_identical_tables(tmp_path):
    src = tmp_path / "in"
    _batch(src, 8)
    run(src, tmp_path / "one", progress=False, workers=1)
    run(src, tmp_path / "two", progress=False, workers=2)
    one, two = _tables(tmp_path / "one"), _tables(tmp_path / "two")
    for name in TABLES:
        pd.testing.assert_frame_equal(one[name], two[name])


def test_killed_run_loses_nothing_and_duplicates_nothing(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    _batch(src, 40)
    cmd = [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--no-progress"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shards = out / ".articles"
    deadline = time.time() + 240
    while time.time() < deadline and len(list(shards.glob("*.json"))) < 5:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = len(list(shards.glob("*.json")))
    assert 5 <= done < 40, "the run should have been killed midway"
    for p in shards.glob("*.json"):
        assert set(json.loads(p.read_text(encoding="utf-8"))["rows"]) == set(TABLES)  # every shard is whole
    finish = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert finish.returncode == 0, finish.stderr
    assert f"{40 - done} ok, 0 error, {done} unchanged" in finish.stderr
    arts = pd.read_parquet(out / "articles.parquet")
    assert sorted(arts.article_id) == [f"art{i:03d}" for i in range(40)]
    ents = pd.read_parquet(out / "entities.parquet")
    assert not ents.duplicated(["article_id", "entity_id"]).any()


def _children(pid: int) -> list[int]:
    return [int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to list worker processes")
def test_killed_pool_run_leaves_no_workers_behind(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    _batch(src, 60)
    cmd = [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "2", "--no-progress"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 240
    while time.time() < deadline and not list((out / ".articles").glob("*.json")):
        time.sleep(0.05)
    workers = _children(proc.pid)
    assert len(workers) >= 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 15
    while time.time() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.2)
    assert not any(Path(f"/proc/{w}").exists() for w in workers), "pool workers outlived their killed parent"


def test_dask_local_cluster_gives_identical_tables(tmp_path):
    from distributed import LocalCluster

    src = tmp_path / "in"
    _batch(src, 6)
    run(src, tmp_path / "local", progress=False)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        summary = run(src, tmp_path / "dask", progress=False, scheduler=cluster.scheduler_address)
    assert summary.ok == 6
    local, dask = _tables(tmp_path / "local"), _tables(tmp_path / "dask")
    for name in TABLES:
        pd.testing.assert_frame_equal(local[name], dask[name])
