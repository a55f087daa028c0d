"""Speed and quality of the temporal tagger against naive dateparser search.

    python -m pipeline benchmark dates [--raw raw --gold annotations ...]

Both run over the same clean texts; quality is SPEC 8's date score, speed is
articles per second on one core.
"""
from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from pathlib import Path

from ..clean import clean
from ..dates import find_dates, publication_date
from ..sources import read_folder
from .tables import markdown_table


def _naive(text: str) -> set[str]:
    from dateparser.search import search_dates

    found = search_dates(text, languages=["id"]) or []
    return {d.date().isoformat() for _, d in found}


def run(pairs: list[tuple[Path, Path]], repeat: int = 20) -> list[dict]:
    """Rows for the tagger and the naive baseline: F1 and articles/s."""
    from ..evaluate import Scores, score_dates

    arts = []
    for raw_dir, gold_dir in pairs:
        golds = {g["article_id"]: g for g in (json.loads(p.read_text(encoding="utf-8")) for p in gold_dir.glob("*.json"))}
        for a in read_folder(raw_dir):
            if a.article_id in golds and not a.error:
                c = clean(a.text)
                arts.append((a.article_id, c.text, publication_date(c), golds[a.article_id]["dates"]))
    rows = []
    today = dt.date.today()
    for name, tag in (("pipeline.dates", lambda t, p: {d.value for d in find_dates(t, p, fallback_today=today)}),
                      ("naive search_dates", lambda t, p: _naive(t))):
        scores = Scores()
        for aid, text, pub, gold in arts:
            scores.per_article[aid] = Counter()
            score_dates(scores, aid, tag(text, pub), gold)
        n = repeat if name == "pipeline.dates" else 1
        start = time.perf_counter()
        for _ in range(n):
            for _, text, pub, _ in arts:
                tag(text, pub)
        seconds = time.perf_counter() - start
        rows.append({"tagger": name, **scores.p("dates").as_dict(), "articles_per_s": n * len(arts) / seconds})
    return rows


def format_rows(rows: list[dict]) -> str:
    return markdown_table(["tagger", "P", "R", "F1", "articles/s (1 core)"],
                          [[r["tagger"], f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}",
                            f"{r['articles_per_s']:,.0f}"] for r in rows])
