"""Per-article result shards: what makes runs incremental and crash-safe.

Each processed article's table rows are written, atomically, to
``<out>/.articles/<article_id>.json`` with the content hash and pipeline
version they came from. A re-run skips articles whose shard is current and
rebuilds the tables from all shards, so a run killed at any point loses at
most the articles it was processing, and never duplicates one.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import __version__
from .dataset import TABLES, atomic_write_bytes
from .line_classifier import MODEL_FILE
from .paths import models_dir

SHARD_DIR = ".articles"


@lru_cache(maxsize=4)
def pipeline_version(engine: str) -> str:
    """Code (its source, not only its version number), engine, rule data, the models folder in
    force and its files: what the output depends on, so changing any of them reprocesses the articles."""
    h = hashlib.sha256(f"{__version__}|{engine}".encode())
    package = Path(str(resources.files("pipeline")))
    for p in sorted([*package.rglob("*.py"), *(package / "data").iterdir()]):
        h.update(str(p.relative_to(package)).encode())
        h.update(p.read_bytes())
    models = models_dir()
    h.update(str(models).encode())
    for p in sorted([*(models / f"{engine}-ner").rglob("*"), models / MODEL_FILE]):
        if p.is_file():
            h.update(f"{p.relative_to(models)}:{p.stat().st_size}:{p.stat().st_mtime_ns}".encode())
    return h.hexdigest()[:16]


class ShardStore:
    def __init__(self, out_dir: Path) -> None:
        self.dir = out_dir / SHARD_DIR
        self.dir.mkdir(parents=True, exist_ok=True)

    def path(self, article_id: str) -> Path:
        return self.dir / f"{article_id}.json"

    def is_current(self, article_id: str, sha256: str, version: str) -> bool:
        """True when the shard holds this content processed by this version."""
        try:
            head = json.loads(self.path(article_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return head.get("sha256") == sha256 and head.get("version") == version

    def save(self, article_id: str, sha256: str, version: str, rows: dict[str, list[dict]]) -> None:
        shard = {"sha256": sha256, "version": version, "rows": rows}
        atomic_write_bytes(self.path(article_id), json.dumps(shard, ensure_ascii=False).encode("utf-8"))

    def rows(self) -> Iterator[dict[str, list[dict]]]:
        """Every shard's rows, in article_id order (stable whatever the executor)."""
        for p in sorted(self.dir.glob("*.json")):
            try:
                yield json.loads(p.read_text(encoding="utf-8"))["rows"]
            except (OSError, ValueError, KeyError):
                continue  # a shard from a crashed writer never exists: writes are atomic


def collect(shard_rows: Iterator[dict[str, list[dict]]], extra: list[dict[str, list[dict]]]) -> dict[str, list[dict]]:
    """Concatenate per-article rows into per-table rows."""
    out: dict[str, list[dict]] = {name: [] for name in TABLES}
    for rows in [*shard_rows, *extra]:
        for name in TABLES:
            out[name].extend(rows.get(name, []))
    return out
