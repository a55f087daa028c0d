"""Dyads: one row per pair of states per event, the shape time-series and network analysis take.

An event of n states gives n(n-1)/2 rows; ``state_a`` < ``state_b`` (ISO codes), so a pair always
reads the same way and ``groupby(["state_a", "state_b"])`` counts a relation over time.
"""
from __future__ import annotations

from itertools import combinations

import pandas as pd

DYAD_COLUMNS = ["event_id", "state_a", "state_b", "type", "status", "date", "year", "n_sources"]


def dyads(events: pd.DataFrame) -> pd.DataFrame:
    rows = [{"event_id": e.event_id, "state_a": a, "state_b": b, "type": e.type, "status": e.status,
             "date": e.date, "year": e.year, "n_sources": e.n_sources}
            for e in events.itertuples(index=False) for a, b in combinations(sorted(set(e.countries)), 2)]
    return pd.DataFrame(rows, columns=DYAD_COLUMNS)
