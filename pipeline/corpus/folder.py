"""The corpus layer on an output folder: sign the clean texts (cached), link, write the tables.

``run`` calls ``update`` once its per-article tables are written; ``pipeline link DIR`` calls
``relink`` on a folder written earlier (or by another executor: the tables are the same).
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..dataset import CORPUS_TABLES, load, write_tables
from . import link
from .signatures import article_signatures

log = logging.getLogger("pipeline")


@dataclass
class LinkSummary:
    articles: int
    duplicates: int  # articles that copy an earlier one (duplicate_of set)
    actors: int
    events: int
    dyads: int
    signed: int  # clean texts signed in this run; the others came from the cache
    seconds: float

    def __str__(self) -> str:
        return (f"corpus: {self.articles} articles, {self.duplicates} near-duplicates, {self.actors} actors, "
                f"{self.events} events, {self.dyads} dyads ({self.signed} texts signed, the rest cached); "
                f"{self.seconds:.1f} s")


def update(out_dir: Path, tables: dict[str, pd.DataFrame]) -> LinkSummary:
    """Link a run's typed tables and write the corpus tables, then ``articles`` and ``entities`` with
    their corpus columns; each file is written atomically (``dataset.write_tables``)."""
    start = time.perf_counter()
    ok = tables["articles"].loc[tables["articles"]["status"] == "ok", "article_id"].tolist()
    signatures, signed = article_signatures(out_dir, ok)
    linked = link(tables, signatures)
    write_tables({name: linked[name] for name in CORPUS_TABLES}, out_dir)
    write_tables({"articles": linked["articles"], "entities": linked["entities"]}, out_dir)
    summary = LinkSummary(len(linked["articles"]), int(linked["articles"]["duplicate_of"].notna().sum()),
                          len(linked["actors"]), len(linked["events"]), len(linked["dyads"]), signed,
                          time.perf_counter() - start)
    log.info("%s", summary)
    return summary


def relink(out_dir: Path) -> LinkSummary:
    """Link an existing output folder again from its tables."""
    return update(out_dir, load(out_dir))
