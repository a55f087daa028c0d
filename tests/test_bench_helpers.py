"""The batch benchmark's own measuring parts: the synthetic batch and the process-tree RSS."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from conftest import RAW
from pipeline.train.bench_batch import build_batch, tree_rss_mb


def test_synthetic_batch_is_unique_articles(tmp_path):
    words = build_batch(tmp_path / "b", 12, [RAW])
    files = sorted((tmp_path / "b").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    assert len(files) == 12 and len(set(texts)) == 12
    assert words == sum(len(t.split()) for t in texts)


def test_tree_rss_counts_children():
    alone = tree_rss_mb(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "x = bytearray(200 * 2**20); import time; time.sleep(30)"])
    try:
        for _ in range(100):
            with_child = tree_rss_mb(os.getpid())
            if with_child > alone + 150:
                break
            time.sleep(0.1)
        assert alone > 10 and with_child > alone + 150
    finally:
        child.kill()
        child.wait()
    assert tree_rss_mb(child.pid) == 0
