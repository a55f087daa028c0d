"""The one place that wires the stages and runs them over a folder of articles."""
from __future__ import annotations

import datetime as dt
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from . import dataset
from .actors import extract as extract_actors
from .agreements import extract as extract_agreements
from .clean import clean
from .dates import find_dates, publication_date
from .model import ArticleResult, RawArticle
from .nlp import DEFAULT_ENGINE, get_engine
from .nlp.rules import merge, rule_spans
from .sources import is_safe_id, read_folder

log = logging.getLogger("pipeline")


@dataclass
class Summary:
    ok: int = 0
    error: int = 0
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return self.ok + self.error


def process(raw: RawArticle, engine: str = DEFAULT_ENGINE) -> ArticleResult:
    """Run every stage on one article; any failure becomes its error row."""
    result = ArticleResult(raw.article_id, raw.source, raw.sha256, safe_id=is_safe_id(raw.article_id))
    if raw.error:
        result.status, result.error = "error", raw.error
        return result
    try:
        result.clean = clean(raw.text)
        if raw.title and not result.clean.title:
            result.clean.title = raw.title
        result.published = raw.published or publication_date(result.clean)
        result.dates = find_dates(result.clean.text, result.published, fallback_today=dt.date.today())
        text = result.clean.text
        title_end = len(result.clean.title) if result.clean.title else 0
        model = [s for s in get_engine(engine).entities(text) if s.start >= title_end]  # Title Case fools models
        spans = merge(model, rule_spans(text))
        result.entities, result.mentions = extract_actors(text, spans, result.clean.dateline)
        result.agreements = extract_agreements(text, result.entities, result.mentions, result.dates)
    except Exception as exc:  # one article's bug must not stop a weekly batch
        log.debug("%s: processing failed", raw.source, exc_info=True)
        result.status, result.error = "error", f"{raw.source}: internal error: {type(exc).__name__}: {exc}"
        result.dates, result.entities, result.mentions, result.agreements = [], [], [], []
    return result


def run(input_dir: Path, out_dir: Path, progress: bool | None = None, engine: str = DEFAULT_ENGINE) -> Summary:
    """Process every article under ``input_dir`` and write the tables to ``out_dir``."""
    start = time.perf_counter()
    if not input_dir.exists():
        raise FileNotFoundError(f"input folder {input_dir} does not exist")
    get_engine(engine)  # a missing or broken model stops the run before any article
    summary = Summary()
    results: list[ArticleResult] = []
    show = sys.stderr.isatty() if progress is None else progress
    articles = read_folder(input_dir)
    if show:
        from tqdm import tqdm

        articles = tqdm(articles, desc="articles", unit="art", file=sys.stderr)
    for raw in articles:
        result = process(raw, engine)
        if result.status == "ok":
            summary.ok += 1
            dataset.write_clean_text(result, out_dir)
        else:
            summary.error += 1
            log.error("%s", result.error)
        results.append(result)
    dataset.write_tables(dataset.build(results), out_dir)
    summary.seconds = time.perf_counter() - start
    return summary
