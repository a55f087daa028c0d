"""The corpus layer: per-article tables in, tables across the whole output out.

It reads only what a run wrote (the per-article tables and the clean texts' signatures), never the
stages, so a batch run on Dask and one run on one machine link the same way (DESIGN.md):

- ``duplicates``: near-duplicate articles, giving ``articles.story_id`` and ``duplicate_of``;
- ``actors``: ``entities.actor_id`` and the ``actors`` and ``actor_roles`` tables;
- ``events``: ``events`` and ``event_sources`` (agreement rows that report one instrument or meeting);
- ``dyads``: one row per pair of states per event.

``link`` is the pure wiring; ``folder.update`` reads and writes an output folder around it.
"""
from __future__ import annotations

import pandas as pd

from ..dataset import corpus_frames
from . import actors, dyads, events
from .duplicates import Signature, stories


def link(tables: dict[str, pd.DataFrame], signatures: dict[str, Signature]) -> dict[str, pd.DataFrame]:
    """``articles`` with story_id / duplicate_of, ``entities`` with actor_id, and the corpus tables,
    from a run's typed tables (``pipeline.load``) and the clean texts' signatures."""
    articles = tables["articles"].drop(columns=["story_id", "duplicate_of"])
    found = stories(articles, signatures)
    articles = articles.merge(found, on="article_id", how="left")[tables["articles"].columns]
    story_of = found.dropna(subset=["story_id"]).set_index("article_id")["story_id"]
    entities = tables["entities"].drop(columns=["actor_id"])
    linked = actors.link(entities, tables["mentions"], article_days(articles, tables["dates"]), story_of)
    entities = entities.assign(actor_id=linked.actor_ids)[tables["entities"].columns]
    found_events, sources = events.link(tables["agreements"], tables["agreement_parties"],
                                        entities[["article_id", "entity_id", "actor_id"]], story_of)
    corpus = corpus_frames({"actors": linked.actors, "actor_roles": linked.roles, "events": found_events,
                            "event_sources": sources, "dyads": dyads.dyads(found_events)})
    return {"articles": articles, "entities": entities, **corpus}


def article_days(articles: pd.DataFrame, dates: pd.DataFrame) -> pd.Series:
    """article_id -> the day an article speaks for: its publication date, else the latest full date
    it mentions (news reports what just happened), else nothing."""
    days = (dates.loc[dates["granularity"] == "day", ["article_id", "value"]].astype(object)
            .sort_values("value").drop_duplicates("article_id", keep="last").set_index("article_id")["value"])
    published = articles.set_index("article_id")["published"].astype(object)
    return pd.to_datetime(published.where(published.notna(), days.reindex(published.index)), errors="coerce")
