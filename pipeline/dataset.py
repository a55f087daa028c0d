"""ArticleResults -> tidy pandas tables, written as CSV and Parquet (SPEC 6).

Every file is written to a temporary name in the same folder and renamed
into place, so a crash never leaves a half-written table behind.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .model import ArticleResult

COLUMNS: dict[str, list[str]] = {
    "articles": ["article_id", "source", "title", "published", "dateline", "status", "error", "sha256",
                 "n_chars", "n_entities", "n_dates", "n_agreements"],
    "entities": ["article_id", "entity_id", "type", "name", "code", "title", "role", "org", "country",
                 "n_mentions", "aliases"],
    "mentions": ["article_id", "entity_id", "start", "end", "text", "label"],
    "dates": ["article_id", "start", "end", "text", "value", "granularity", "year_inferred"],
    "agreements": ["article_id", "agreement_id", "type", "status", "date", "title", "evidence",
                   "evidence_start", "evidence_end", "countries"],
    "agreement_parties": ["article_id", "agreement_id", "party", "entity_id", "country"],
}
INT_COLUMNS = {"start", "end", "n_mentions", "n_chars", "n_entities", "n_dates", "n_agreements",
               "evidence_start", "evidence_end"}
BOOL_COLUMNS = {"year_inferred"}
TABLES = tuple(COLUMNS)


def rows(result: ArticleResult) -> dict[str, list[dict]]:
    """One article's rows for every table."""
    aid = result.article_id
    clean = result.clean
    out: dict[str, list[dict]] = {name: [] for name in TABLES}
    out["articles"].append({
        "article_id": aid, "source": result.source,
        "title": clean.title if clean else None, "published": result.published,
        "dateline": clean.dateline if clean else None, "status": result.status, "error": result.error,
        "sha256": result.sha256, "n_chars": len(clean.text) if clean else 0,
        "n_entities": len(result.entities), "n_dates": len(result.dates), "n_agreements": len(result.agreements),
    })
    for e in result.entities:
        out["entities"].append({
            "article_id": aid, "entity_id": e.entity_id, "type": e.type, "name": e.name, "code": e.code,
            "title": e.title, "role": e.role, "org": e.org, "country": e.country,
            "n_mentions": e.n_mentions, "aliases": json.dumps(e.aliases, ensure_ascii=False),
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
            "evidence_end": a.end, "countries": json.dumps(a.countries),
        })
        for party in a.parties:
            out["agreement_parties"].append({"article_id": aid, "agreement_id": a.agreement_id,
                                             "party": party.name, "entity_id": party.entity_id,
                                             "country": party.country})
    return out


def frames(per_table: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """Typed DataFrames with the fixed column order, empty ones included."""
    out = {}
    for name, cols in COLUMNS.items():
        df = pd.DataFrame(per_table.get(name, []), columns=cols)
        for c in cols:
            if c in INT_COLUMNS:
                df[c] = df[c].astype("Int64")
            elif c in BOOL_COLUMNS:
                df[c] = df[c].astype("boolean")
            else:
                df[c] = df[c].astype("string")
        out[name] = df
    return out


def build(results: Iterable[ArticleResult]) -> dict[str, pd.DataFrame]:
    per_table: dict[str, list[dict]] = {name: [] for name in TABLES}
    for r in results:
        for name, rs in rows(r).items():
            per_table[name].extend(rs)
    return frames(per_table)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path) -> None:
    """Each table as <name>.csv and <name>.parquet, atomically. CSV rows end in CRLF (RFC 4180), which
    makes the writer quote a value holding a lone carriage return: read back, CSV has Parquet's rows.
    Values are written as they are, a leading =, +, - or @ included (no spreadsheet escaping)."""
    for name, df in tables.items():
        atomic_write_bytes(out_dir / f"{name}.csv", df.to_csv(index=False, lineterminator="\r\n").encode("utf-8"))
        atomic_write_bytes(out_dir / f"{name}.parquet", df.to_parquet(index=False))


def write_clean_text(result: ArticleResult, out_dir: Path) -> None:
    """clean/<article_id>.txt for an ok article; removed when the article is now an error, so no
    clean text outlives the article it came from."""
    if not result.safe_id:
        return
    path = out_dir / "clean" / f"{result.article_id}.txt"
    if result.status == "ok" and result.clean is not None:
        atomic_write_bytes(path, result.clean.text.encode("utf-8"))
    else:
        path.unlink(missing_ok=True)
