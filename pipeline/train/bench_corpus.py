"""Speed of the corpus layer (near-duplicates, actors, events, dyads) on a large output folder.

    python -m pipeline benchmark corpus [--n 20000] [--pred output --pred ...]

Builds the tables of ``n`` articles by copying the real output tables of ``--pred`` folders round
robin, article ids made unique per copy (``<id>-c00042``) and each clean text given a closing
line of its own, as ``benchmark batch`` makes its synthetic batch; then times the corpus step of
``run`` on them (signing every clean text, linking, writing the corpus tables and the two
per-article tables that gain columns), then a re-run after 1% more articles arrive (only those
are signed), and the same cold step on a quarter of the articles, to show how cost grows.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from ..corpus.folder import update
from ..corpus.signatures import CACHE
from ..dataset import TABLES, frames, load, write_tables
from .tables import markdown_table


def build_output(sources: list[Path], n: int, folder: Path) -> None:
    """An output folder holding ``n`` articles' tables and clean texts, copied from ``sources``."""
    base = {name: pd.concat([load(s)[name] for s in sources], ignore_index=True) for name in TABLES}
    base_ids = base["articles"]["article_id"].tolist()
    texts = {a: _clean_text(sources, a) for a in base_ids}
    copies = -(-n // len(base_ids))
    tables: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
    (folder / "clean").mkdir(parents=True)
    for k in range(copies):
        wanted = base_ids[: n - k * len(base_ids)] if (k + 1) * len(base_ids) > n else base_ids
        rename = {a: f"{a}-c{k:05d}" for a in wanted}
        for name, df in base.items():
            part = df[df["article_id"].isin(rename)].copy()
            part["article_id"] = part["article_id"].map(rename)
            tables[name].append(part)
        for a, new in rename.items():
            if texts[a] is not None:
                (folder / "clean" / f"{new}.txt").write_text(f"{texts[a]}\n\nCatatan redaksi nomor {k}.",
                                                               encoding="utf-8")
    write_tables(frames({name: pd.concat(parts, ignore_index=True).to_dict("records")
                         for name, parts in tables.items()}), folder)


def _clean_text(sources: list[Path], article_id: str) -> str | None:
    for s in sources:
        path = s / "clean" / f"{article_id}.txt"
        if path.exists():
            return path.read_text(encoding="utf-8")
    return None


def run(n: int, sources: list[Path]) -> list[dict]:
    """Cold and grown re-runs at ``n`` articles, and a cold run at n/4."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (max(1, n // 4), n):
            folder = Path(tmp) / f"out-{size}"
            build_output(sources, size, folder)
            cold = update(folder, load(folder))
            row = {"articles": size, "seconds": cold.seconds, "signed": cold.signed, "actors": cold.actors,
                   "events": cold.events, "duplicates": cold.duplicates}
            if size == n:
                grown = Path(tmp) / "grown"
                build_output(sources, n + n // 100, grown)
                (grown / CACHE).parent.mkdir()
                (grown / CACHE).write_bytes((folder / CACHE).read_bytes())  # the first run's signatures
                again = update(grown, load(grown))
                row.update(grown_articles=n + n // 100, grown_seconds=again.seconds, grown_signed=again.signed)
            rows.append(row)
    return rows


def format_rows(rows: list[dict]) -> str:
    return markdown_table(
        ["articles", "corpus step (s)", "texts signed", "near-duplicates", "actors", "events",
         "re-run after +1% articles (s)", "texts signed in re-run"],
        [[f"{r['articles']:,}", f"{r['seconds']:.1f}", f"{r['signed']:,}", f"{r['duplicates']:,}", f"{r['actors']:,}",
          f"{r['events']:,}", f"{r['grown_seconds']:.1f}" if "grown_seconds" in r else "",
          f"{r['grown_signed']:,}" if "grown_signed" in r else ""] for r in rows])
