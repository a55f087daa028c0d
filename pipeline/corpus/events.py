"""Events across articles: one row per real agreement instrument or meeting, with its sources.

Two agreement rows are one event when their type and their states match and their dates agree
at the granularity they share ("2021-11-11" and "2021-11" agree, "2021-11" and "2021-12" do not),
or when one is undated and both come from one story (duplicate copies). Rows naming no state
match on their parties' actor ids instead; rows naming neither only join their copies.

Copies of one story that report an instrument in the same sentence count as one report first: a
copy that lost its page date resolves "Senin (7/1)" to another year, and is still the same news.
Agreement of dates is not transitive ("2021" agrees with two different days of 2021), so reports
are taken most precise first: one joins the one event its date agrees with, and starts its own
event when none or several do, rather than guess between them.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable

import pandas as pd
from rapidfuzz import fuzz

from .actors import corpus_words, most_frequent, norm
from .rows import plain

# Two copies of one story report an instrument in one sentence, give or take a copy's edits: at this
# rapidfuzz token-set ratio (100 when one sentence holds the other's words, as a cut copy's does)
# their rows are one report, whatever dates their pages' contexts gave them.
SAME_SENTENCE = 90
EVENT_COLUMNS = ["event_id", "type", "status", "date", "year", "title", "countries", "parties", "n_sources",
                 "n_articles", "n_stories"]
SOURCE_COLUMNS = ["event_id", "article_id", "agreement_id", "story_id", "status", "date"]


def link(agreements: pd.DataFrame, parties: pd.DataFrame, entity_actors: pd.DataFrame,
         stories: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``events`` and ``event_sources`` tables. ``entity_actors`` maps (article_id, entity_id) to
    actor_id; ``stories`` maps an article to its story (an article outside any story is its own)."""
    rows = agreements[["article_id", "agreement_id", "type", "status", "date", "title", "countries",
                       "evidence"]].copy()
    rows["story_id"] = [stories.get(a) or a for a in rows["article_id"]]
    rows["parties"] = _party_actors(rows, parties, entity_actors)
    records = plain(rows).to_dict("records")
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for n, r in enumerate(records):
        blocks[_block(r)].append(n)
    members: list[list[dict]] = []
    for block in sorted(blocks, key=repr):
        clusters: dict[int, list[dict]] = defaultdict(list)
        for n, event in _cluster([records[i] for i in blocks[block]]).items():
            clusters[event].append(records[blocks[block][n]])
        members += [clusters[e] for e in sorted(clusters)]
    events, sources = [], []
    for part in members:
        event = _event(part)
        events.append(event)
        sources += [{**r, "event_id": event["event_id"]} for r in part]
    table = pd.DataFrame(events, columns=EVENT_COLUMNS).sort_values("event_id", kind="stable")
    source_table = pd.DataFrame(sources, columns=SOURCE_COLUMNS).sort_values(
        ["event_id", "article_id", "agreement_id"], kind="stable")
    return table.reset_index(drop=True), source_table.reset_index(drop=True)


def _party_actors(rows: pd.DataFrame, parties: pd.DataFrame, entity_actors: pd.DataFrame) -> list[tuple[str, ...]]:
    """Each agreement row's parties as sorted actor ids (parties naming no entity are left out)."""
    keyed = parties.merge(entity_actors, on=["article_id", "entity_id"]).dropna(subset=["actor_id"])
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a, g, actor in zip(keyed["article_id"], keyed["agreement_id"], keyed["actor_id"]):
        found[(a, g)].add(actor)
    return [tuple(sorted(found.get((a, g), ()))) for a, g in zip(rows["article_id"], rows["agreement_id"])]


def _block(row: dict) -> tuple:
    """Rows that may be one event share a block: type and states (or parties, or the story and
    the sentence that reports it)."""
    states = tuple(sorted(set(row["countries"] or ())))
    if states:
        return (row["type"], "states", states)
    if row["parties"]:
        return (row["type"], "parties", row["parties"])
    return (row["type"], "story", row["story_id"], norm(row["evidence"]))


def _cluster(rows: list[dict]) -> dict[int, int]:
    """Position in ``rows`` (one block) -> event number within the block."""
    units = _copies(rows)
    dates = [_report_date([rows[n] for n in unit]) for unit in units]
    first = [rows[unit[0]] for unit in units]
    order = sorted(range(len(units)), key=lambda u: (dates[u] is None, -len(dates[u] or ""), dates[u] or "",
                                                     first[u]["article_id"], first[u]["agreement_id"]))
    agreeing: dict[str, set[int]] = defaultdict(set)  # a day, month or year -> events whose date falls in it
    story_events: dict[str, set[int]] = defaultdict(set)
    exact: dict[str, int] = {}  # a date value -> the event first given that value
    undated: dict[str, int] = {}  # a story -> the event of its undated rows that fit no dated one
    event_of: dict[int, int] = {}
    n_events = 0
    for u in order:
        date, story = dates[u], first[u]["story_id"]
        if date is None:
            candidates = story_events[story] if len(story_events[story]) == 1 else \
                {undated[story]} if story in undated else set()
        else:
            candidates = agreeing.get(date, set())
            if len(candidates) > 1:
                candidates = {exact[date]} if date in exact else candidates & story_events[story]
        if len(candidates) == 1:
            event = next(iter(candidates))
        else:
            event, n_events = n_events, n_events + 1
            if date is None:
                undated[story] = event
            else:
                exact.setdefault(date, event)
                for prefix in {date, date[:7], date[:4]}:
                    agreeing[prefix].add(event)
        for n in units[u]:
            event_of[n] = event
        if date is not None:
            story_events[story].add(event)
    return event_of


def _copies(rows: list[dict]) -> list[list[int]]:
    """Rows of one story reporting the instrument in the same sentence (a copy's light edits and cuts
    allowed: SAME_SENTENCE): one report, whatever dates the copies' contexts gave it."""
    units: list[list[int]] = []
    seen: dict[str, list[tuple[str, int]]] = defaultdict(list)  # story -> (sentence, unit) of each variant
    for n, row in enumerate(rows):
        sentence = norm(row["evidence"])
        variants = seen[row["story_id"]]
        unit = next((u for s, u in variants if s == sentence or fuzz.token_set_ratio(s, sentence) >= SAME_SENTENCE),
                    None)
        if unit is None:
            unit = len(units)
            units.append([])
            variants.append((sentence, unit))
        units[unit].append(n)
    return units


def _report_date(rows: list[dict]) -> str | None:
    """The date of rows reporting one thing: as the first article of their stories dates it (the page
    whose own date the year of "Senin (7/1)" was resolved against), else as all of them do."""
    originals = [r["date"] for r in rows if r["date"] and r["article_id"] == r["story_id"]]
    return _date(originals or [r["date"] for r in rows if r["date"]])


def _event(part: list[dict]) -> dict:
    """One event's row from its sources."""
    first = min(part, key=lambda r: (r["article_id"], r["agreement_id"]))
    key = f"{first['type']}|{first['article_id']}|{first['agreement_id']}"
    date = _report_date(part)
    return {
        "event_id": "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12],
        "type": first["type"], "status": _latest(r["status"] for r in part if r["status"]), "date": date,
        "year": int(date[:4]) if date else None,
        "title": most_frequent(Counter(r["title"] for r in part if r["title"])),
        "countries": sorted({c for r in part for c in r["countries"] or ()}),
        "parties": sorted({p for r in part for p in r["parties"]}),
        "n_sources": len(part), "n_articles": len({r["article_id"] for r in part}),
        "n_stories": len({r["story_id"] for r in part}),
    }


def _latest(statuses: Iterable[str]) -> str | None:
    """The latest stage any source reports (order in data/corpus.yml)."""
    order = {s: n for n, s in enumerate(corpus_words()["status_order"])}
    found = list(statuses)
    return max(found, key=lambda s: (order.get(s, -1), s)) if found else None


def _date(dates: list[str]) -> str | None:
    """The most precise date the sources give; among those, the most often given (then the earliest)."""
    if not dates:
        return None
    longest = max(map(len, dates))
    counts = Counter(d for d in dates if len(d) == longest)
    return min(counts, key=lambda d: (-counts[d], d))

