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
import os
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from . import __version__
from .dataset import CORPUS_TABLES, RUN_REFERENCES, TABLES, atomic_write_bytes
from .line_classifier import MODEL_FILE
from .paths import models_dir

SHARD_DIR = ".articles"
STAMP = ".tables.json"  # in the output folder: what its tables were last built from


def pipeline_version(engine: str) -> str:
    """Code (its source, not only its version number), engine, rule data and the contents of the
    model files in force (not where they lie, so a fresh clone keeps its output): what the output
    depends on, so changing any of them reprocesses the articles."""
    return _version(engine, models_dir())


@lru_cache(maxsize=8)
def _version(engine: str, models: Path) -> str:
    h = hashlib.sha256(f"{__version__}|{engine}".encode())
    _hash_code(h, rows_only=True)
    for p in sorted([*(models / f"{engine}-ner").rglob("*"), models / MODEL_FILE]):
        if p.is_file():
            st = p.stat()
            h.update(f"{p.relative_to(models)}:{_file_digest(p, st.st_size, st.st_mtime_ns)}".encode())
    return h.hexdigest()[:16]


# Code and data that read the tables, not make an article's rows: changing them redoes no article.
AFTER_THE_ROWS = ("corpus/", "train/", "overview.py", "report.py", "page_text.py", "annotate.py", "evaluate.py",
                  "crossval.py", "data/corpus.yml", "data/overview.", "data/report.", "data/label_studio.xml")


def _after_the_rows(relative: Path) -> bool:
    return relative.as_posix().startswith(AFTER_THE_ROWS)


def _hash_code(h: Any, rows_only: bool) -> None:
    """Feed ``h`` the package's source and data files (names and contents, in a fixed order); with
    ``rows_only``, only those that make an article's rows."""
    package = Path(str(resources.files("pipeline")))
    for p in sorted([*package.rglob("*.py"), *(package / "data").iterdir()]):
        relative = p.relative_to(package)
        if not (rows_only and _after_the_rows(relative)):
            h.update(str(relative).encode())
            h.update(p.read_bytes())


@lru_cache(maxsize=256)
def _file_digest(path: Path, size: int, mtime_ns: int) -> str:
    """A model file's content hash (a copy with an old mtime still counts), cached by path, size and mtime."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


class ShardStore:
    def __init__(self, out_dir: Path) -> None:
        self.dir = out_dir / SHARD_DIR
        self.dir.mkdir(parents=True, exist_ok=True)
        # rows of the shards this store found current or wrote: the tables are built from them without
        # reading every shard a second time (the run holds the folder's lock, so none changes meanwhile)
        self._rows: dict[str, dict[str, list[dict]]] = {}

    def path(self, article_id: str) -> Path:
        return self.dir / f"{article_id}.json"

    def is_current(self, article_id: str, sha256: str, version: str, run_reference: str | None = None) -> bool:
        """True when the shard holds this content processed by this version and, when the run fixes a
        reference date (``run --reference-date``), an article that had no date of its own was resolved
        against that date: changing the option redoes those articles, and only those."""
        shard = _load(self.path(article_id))
        if shard is None or shard.get("sha256") != sha256 or shard.get("version") != version:
            return False
        row = next(iter(shard["rows"].get("articles", [])), {})
        current = (run_reference is None or row.get("reference_source") not in RUN_REFERENCES
                   or row.get("reference_date") == run_reference)
        if current:
            self._rows[article_id] = shard["rows"]
        return current

    def save(self, article_id: str, sha256: str, version: str, rows: dict[str, list[dict]]) -> None:
        shard = {"sha256": sha256, "version": version, "rows": rows}
        data = json.dumps(shard, ensure_ascii=False)
        atomic_write_bytes(self.path(article_id), data.encode("utf-8"))
        self._rows[article_id] = json.loads(data)["rows"]  # as a later run reads them back

    def prune(self, keep: set[str]) -> list[str]:
        """Delete the shards of articles not in ``keep`` (no longer in the input); their ids, sorted."""
        gone = sorted(p.stem for p in self.dir.glob("*.json") if p.stem not in keep)
        for article_id in gone:
            self.path(article_id).unlink(missing_ok=True)
        return gone

    def rows(self) -> Iterator[dict[str, list[dict]]]:
        """Every shard's rows, in article_id order (stable whatever the executor)."""
        for p in sorted(self.dir.glob("*.json")):
            if p.stem in self._rows:
                yield self._rows[p.stem]
            elif (shard := _load(p)) is not None:
                yield shard["rows"]


def _load(path: Path) -> dict | None:
    """A shard, or None when it is missing or damaged (null, [], rows of the wrong shape): such an
    article is treated as never processed and redone, never a crash of every later run."""
    try:
        shard = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    rows = shard.get("rows") if isinstance(shard, dict) else None
    if not isinstance(rows, dict) or not all(
            isinstance(rows.get(name, []), list) and all(isinstance(r, dict) for r in rows.get(name, []))
            for name in TABLES):
        return None
    return shard


def collect(shard_rows: Iterator[dict[str, list[dict]]], extra: list[dict[str, list[dict]]]) -> dict[str, list[dict]]:
    """Concatenate per-article rows into per-table rows."""
    out: dict[str, list[dict]] = {name: [] for name in TABLES}
    for rows in [*shard_rows, *extra]:
        for name in TABLES:
            out[name].extend(rows.get(name, []))
    return out


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """Every source and data file of the package, the linking code included (``pipeline_version``
    leaves it out: it changes the tables, not an article's rows)."""
    h = hashlib.sha256(__version__.encode())
    _hash_code(h, rows_only=False)
    return h.hexdigest()


def tables_stamp(out_dir: Path) -> str:
    """What the tables of ``out_dir`` are built from, and the tables as they lie: the shard and clean
    text files (name, size, modification time), the package's code and data, and each table file. A
    run that processed nothing and finds the stamp its last build wrote would write the same files."""
    h = hashlib.sha256(_code_digest().encode())
    for folder in (out_dir / SHARD_DIR, out_dir / "clean"):
        try:
            entries = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(folder))
        except FileNotFoundError:
            entries = []
        h.update(f"{folder.name}:{entries}".encode())
    for name in (*TABLES, *CORPUS_TABLES):
        for suffix in (".csv", ".parquet"):
            try:
                st = (out_dir / f"{name}{suffix}").stat()
                h.update(f"{name}{suffix}:{st.st_size}:{st.st_mtime_ns}".encode())
            except FileNotFoundError:
                h.update(f"{name}{suffix}:missing".encode())
    return h.hexdigest()


def tables_current(out_dir: Path) -> bool:
    """Whether the tables are those the last complete build left, from the same shards and code."""
    try:
        return json.loads((out_dir / STAMP).read_text(encoding="utf-8")).get("stamp") == tables_stamp(out_dir)
    except (OSError, ValueError, AttributeError):
        return False


def stamp_tables(out_dir: Path) -> None:
    """Record, after the tables and the corpus tables are written, what they were built from."""
    atomic_write_bytes(out_dir / STAMP, json.dumps({"stamp": tables_stamp(out_dir)}).encode("utf-8"))
