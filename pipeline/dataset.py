"""ArticleResults -> tidy pandas tables, written as CSV and Parquet (SPEC 6), and read back by :func:`load`.

Every file is written to a temporary name in the same folder and renamed
into place, so a crash never leaves a half-written table behind.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .model import ArticleResult

if TYPE_CHECKING:  # imported where tables are built: worker processes and the first article need neither
    import pandas as pd
    import pyarrow as pa

COLUMNS: dict[str, list[str]] = {
    "articles": ["article_id", "source", "title", "published", "dateline", "status", "error", "sha256",
                 "n_chars", "n_entities", "n_dates", "n_agreements", "reference_date", "reference_source",
                 "story_id", "duplicate_of"],
    "entities": ["article_id", "entity_id", "type", "name", "code", "title", "role", "org", "country",
                 "n_mentions", "aliases", "actor_id"],
    "mentions": ["article_id", "entity_id", "start", "end", "text", "label"],
    "dates": ["article_id", "start", "end", "text", "value", "granularity", "year_inferred",
              "date_start", "date_end"],
    "agreements": ["article_id", "agreement_id", "type", "status", "date", "title", "evidence",
                   "evidence_start", "evidence_end", "countries", "date_start", "date_end"],
    "agreement_parties": ["article_id", "agreement_id", "party", "entity_id", "country"],
}
# Corpus tables: what the corpus layer (pipeline/corpus) links across all the articles of a folder.
# Their rows are not kept per article: every run recomputes them from the tables above.
CORPUS_COLUMNS: dict[str, list[str]] = {
    "actors": ["actor_id", "type", "name", "country", "org", "surface_forms", "roles", "n_articles", "n_mentions",
               "first_seen", "last_seen"],
    "actor_roles": ["actor_id", "role", "first_seen", "last_seen", "n_articles"],
    "events": ["event_id", "type", "status", "date", "year", "title", "countries", "parties", "n_sources",
               "n_articles", "n_stories", "date_start", "date_end"],
    "event_sources": ["event_id", "article_id", "agreement_id", "story_id", "status", "date"],
    "dyads": ["event_id", "state_a", "state_b", "type", "status", "date", "year", "n_sources", "date_start",
              "date_end"],
}
INT_COLUMNS = {"start", "end", "n_mentions", "n_chars", "n_entities", "n_dates", "n_agreements",
               "evidence_start", "evidence_end", "n_articles", "n_sources", "n_stories", "year"}
BOOL_COLUMNS = {"year_inferred"}
LIST_COLUMNS = {"aliases", "countries", "surface_forms", "roles", "parties"}  # list<string> in Parquet, JSON in CSV
# Derived from a date value of day, month or year granularity: the first and the last day it covers, so
# pandas users can filter and sort by date (the value itself stays a string: its granularity is meaning).
SPAN_OF = {"dates": "value", "agreements": "date", "events": "date", "dyads": "date"}
DAY_COLUMNS = {"date_start", "date_end", "first_seen", "last_seen"}
# Columns added after the first release: older output folders lack them and are still read.
ADDED_COLUMNS = {"reference_date", "reference_source", *DAY_COLUMNS, "story_id", "duplicate_of", "actor_id"}
TABLES = tuple(COLUMNS)
CORPUS_TABLES = tuple(CORPUS_COLUMNS)
_ALL_COLUMNS = {**COLUMNS, **CORPUS_COLUMNS}
# articles.reference_source values that come from the run, not the article (see batch.reference)
RUN_REFERENCES = ("option", "run_day")


def rows(result: ArticleResult) -> dict[str, list[dict]]:
    """One article's rows for every table."""
    aid = result.article_id
    clean = result.clean
    out: dict[str, list[dict]] = {name: [] for name in TABLES}
    out["articles"].append({
        "article_id": aid, "source": result.source,
        "title": result.title or (clean.title if clean else None), "published": result.published,
        "dateline": clean.dateline if clean else None, "status": result.status, "error": result.error,
        "sha256": result.sha256, "n_chars": len(clean.text) if clean else 0,
        "n_entities": len(result.entities), "n_dates": len(result.dates), "n_agreements": len(result.agreements),
        "reference_date": result.reference_date, "reference_source": result.reference_source,
    })
    for e in result.entities:
        out["entities"].append({
            "article_id": aid, "entity_id": e.entity_id, "type": e.type, "name": e.name, "code": e.code,
            "title": e.title, "role": e.role, "org": e.org, "country": e.country,
            "n_mentions": e.n_mentions, "aliases": e.aliases,
        })
    for m in result.mentions:
        out["mentions"].append({"article_id": aid, "entity_id": m.entity_id, "start": m.start, "end": m.end,
                                "text": m.text, "label": m.label})
    for d in result.dates:
        out["dates"].append({"article_id": aid, "start": d.start, "end": d.end, "text": d.text,
                             "value": d.value, "granularity": d.granularity, "year_inferred": d.year_inferred})
    for a in result.agreements:
        out["agreements"].append({
            "article_id": aid, "agreement_id": a.agreement_id, "type": a.type, "status": a.status,
            "date": a.date, "title": a.title, "evidence": a.evidence, "evidence_start": a.start,
            "evidence_end": a.end, "countries": a.countries,
        })
        for party in a.parties:
            out["agreement_parties"].append({"article_id": aid, "agreement_id": a.agreement_id,
                                             "party": party.name, "entity_id": party.entity_id,
                                             "country": party.country})
    return out


def frames(per_table: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """Typed DataFrames with the fixed column order, empty ones included."""
    import pandas as pd

    return {name: _typed(pd.DataFrame(per_table.get(name, []), columns=cols), name) for name, cols in COLUMNS.items()}


def corpus_frames(per_table: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The corpus tables typed like the others, with their fixed column order."""
    import pandas as pd

    return {name: _typed(per_table.get(name, pd.DataFrame()), name) for name in CORPUS_COLUMNS}


def _typed(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """``df`` with table ``name``'s columns in order (a column an older folder lacks is null), each typed:
    strings ``string``, counts and offsets ``Int64``, lists Python lists, date_start / date_end
    ``datetime64[s]`` (derived from the table's date value), first_seen / last_seen likewise."""
    import pandas as pd

    df = df.reindex(columns=_ALL_COLUMNS[name])
    if name in SPAN_OF:
        spans = [date_span(v) for v in df[SPAN_OF[name]]]
        df["date_start"], df["date_end"] = [s[0] for s in spans], [s[1] for s in spans]
    for c in df.columns:
        if c in INT_COLUMNS:
            df[c] = df[c].astype("Int64")
        elif c in BOOL_COLUMNS:
            df[c] = df[c].astype("boolean")
        elif c in LIST_COLUMNS:
            df[c] = pd.Series([_as_list(v) for v in df[c]], index=df.index, dtype=object)
        elif c in DAY_COLUMNS:
            df[c] = pd.to_datetime(df[c]).astype("datetime64[s]")
        else:
            df[c] = df[c].astype("string")
    return df


def _as_list(value: object) -> list[str]:
    """A list column's value as a list: from a list, a Parquet array, or the JSON text that a shard of an
    earlier version holds (kept by --keep-missing); [] when missing."""
    if isinstance(value, str):
        return json.loads(value)
    try:
        return list(value)
    except TypeError:  # None, NaN, NA
        return []


def date_span(value: object) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day a YYYY-MM-DD, YYYY-MM or YYYY value covers; (None, None) for anything else."""
    if not isinstance(value, str):
        return None, None
    try:
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            return day, day
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:])
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        if len(value) == 4:
            return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
    except ValueError:
        pass
    return None, None


def build(results: Iterable[ArticleResult]) -> dict[str, pd.DataFrame]:
    per_table: dict[str, list[dict]] = {name: [] for name in TABLES}
    for r in results:
        for name, rs in rows(r).items():
            per_table[name].extend(rs)
    return frames(per_table)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place. The file is created as
    ``open(path, "w")`` would create it, mode 0666 less the umask (not mkstemp's 0600), so a shared
    output folder stays readable by the group the umask allows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _arrow_type(column: str) -> pa.DataType:
    import pyarrow as pa

    if column in INT_COLUMNS:
        return pa.int64()
    if column in BOOL_COLUMNS:
        return pa.bool_()
    if column in LIST_COLUMNS:
        return pa.list_(pa.string())
    if column in DAY_COLUMNS:
        return pa.date32()
    return pa.string()


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path) -> None:
    """Each table as <name>.csv and <name>.parquet, atomically. Parquet has a fixed schema (list columns
    list<string>, date_start / date_end dates, even when a table is empty); CSV holds lists as JSON.
    CSV rows end in CRLF (RFC 4180), which makes the writer quote a value holding a lone carriage
    return: read back, CSV has Parquet's rows. Values are written as they are, a leading =, +, - or @
    included (no spreadsheet escaping)."""
    import pyarrow as pa

    for name, df in tables.items():
        schema = pa.schema([(c, _arrow_type(c)) for c in df.columns])
        as_text = df.assign(**{c: df[c].map(lambda v: json.dumps(v, ensure_ascii=False))
                               for c in df.columns if c in LIST_COLUMNS})
        atomic_write_bytes(out_dir / f"{name}.csv",
                           as_text.to_csv(index=False, lineterminator="\r\n").encode("utf-8"))
        atomic_write_bytes(out_dir / f"{name}.parquet", df.to_parquet(index=False, schema=schema))


def load(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Every table of an output folder, from Parquet, typed as the run made them: table name -> DataFrame.
    An article's rows join on ``article_id``; ``entity_id`` is unique only within its article, so
    entities, mentions and agreement parties join on (``article_id``, ``entity_id``), and agreements
    with their parties on (``article_id``, ``agreement_id``)."""
    import pandas as pd

    out = {}
    for name in TABLES:
        path = Path(out_dir) / f"{name}.parquet"
        if not path.exists():
            raise FileNotFoundError(f"{path} does not exist: is {out_dir} the output folder of a run?")
        out[name] = _typed(pd.read_parquet(path), name)
    return out


def load_corpus(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """The corpus tables of an output folder (actors, actor_roles, events, event_sources, dyads), typed:
    an actor's rows in ``entities`` carry its ``actor_id``, an event's sources join ``agreements`` on
    (``article_id``, ``agreement_id``). Empty dict for a folder written before the corpus layer."""
    import pandas as pd

    paths = {name: Path(out_dir) / f"{name}.parquet" for name in CORPUS_TABLES}
    if not all(p.exists() for p in paths.values()):
        return {}
    return {name: _typed(pd.read_parquet(p), name) for name, p in paths.items()}


def remove_clean_text(out_dir: Path, article_id: str) -> None:
    """Drop clean/<article_id>.txt, so no clean text outlives its article."""
    (out_dir / "clean" / f"{article_id}.txt").unlink(missing_ok=True)


def write_clean_text(result: ArticleResult, out_dir: Path) -> None:
    """clean/<article_id>.txt for an ok article; removed when the article is now an error."""
    if not result.safe_id:
        return
    if result.status == "ok" and result.clean is not None:
        atomic_write_bytes(out_dir / "clean" / f"{result.article_id}.txt", result.clean.text.encode("utf-8"))
    else:
        remove_clean_text(out_dir, result.article_id)
