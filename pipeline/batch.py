"""The one place that wires the stages and runs them over a folder of articles."""
from __future__ import annotations

import datetime as dt
import fcntl
import logging
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from . import ARTICLE_SECONDS, dataset
from .actors import extract as extract_actors
from .agreements import extract as extract_agreements
from .clean import clean
from .dates import find_dates, publication_date
from .model import ArticleResult, RawArticle
from .nlp import DEFAULT_ENGINE, Span, get_engine, text_entities, texts_entities
from .nlp.rules import merge, rule_spans
from .sources import is_safe_id, read_folder
from .store import ShardStore, collect, pipeline_version, stamp_tables, tables_current

if TYPE_CHECKING:
    from distributed import Client

log = logging.getLogger("pipeline")
SCHEDULER_TIMEOUT = 10  # seconds to reach a Dask scheduler before the run gives up
LOCK_FILE = ".lock"
CHUNK = 16  # articles tagged together: larger batches of sentences, bounded memory and progress steps


RunReference = tuple[dt.date, str]  # the run's reference date for dates without a year, and its source


@dataclass
class Summary:
    ok: int = 0
    error: int = 0
    skipped: int = 0  # unchanged since the last run
    removed: int = 0  # articles no longer in the input, taken out of the tables
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return self.ok + self.error + self.skipped


def _iso_day(value: str | None) -> str | None:
    """A date the input gives ("2024-12-06", "2024-12-06T10:00:00Z") as YYYY-MM-DD."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


class ArticleTimeout(Exception):
    """An article ran past its time budget."""


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise ArticleTimeout in this process after ``seconds``. Only the main thread can take
    SIGALRM, so elsewhere (Dask worker threads) and with no budget it does nothing."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise ArticleTimeout(f"took longer than its time budget of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process(raw: RawArticle, engine: str = DEFAULT_ENGINE, budget: float | None = ARTICLE_SECONDS,
            run_reference: RunReference | None = None) -> ArticleResult:
    """Run every stage on one article within ``budget`` seconds; any failure becomes its error row.
    ``run_reference`` stands in for the article's own dates (default: the day it is processed)."""
    return process_many([raw], engine, budget, run_reference)[0]


def process_many(raws: list[RawArticle], engine: str = DEFAULT_ENGINE, budget: float | None = ARTICLE_SECONDS,
                 run_reference: RunReference | None = None) -> list[ArticleResult]:
    """``process`` for several articles, with the NER of all of them in one call to the tagger (it
    batches their sentences by length, which is most of a batch's speed). Each article keeps its own
    budget for the stages before and after NER; the joint NER call has the sum of theirs, and when
    it runs out each article is tagged alone within its own, so one slow page fails alone."""
    day = run_reference or (dt.date.today(), "run_day")
    results = [ArticleResult(raw.article_id, raw.source, raw.sha256, safe_id=is_safe_id(raw.article_id))
               for raw in raws]
    ready = [(raw, result) for raw, result in zip(raws, results)
             if _guarded(raw, result, budget, _before_ner, raw, result, day)]
    try:
        with time_budget(budget * len(ready) if budget else None):
            tagged: list[list[Span] | None] = list(texts_entities(get_engine(engine),
                                                                  [r.clean.text for _, r in ready]))
    except ArticleTimeout:
        tagged = [None] * len(ready)
    for (raw, result), model in zip(ready, tagged):
        _guarded(raw, result, budget, _after_ner, result, engine, model)
    for result in results:
        if result.status == "error":
            result.dates, result.entities, result.mentions, result.agreements = [], [], [], []
    return results


def _guarded(raw: RawArticle, result: ArticleResult, budget: float | None, stage: Callable[..., None],
             *args: object) -> bool:
    """Run ``stage`` within the article's budget; a timeout or any failure becomes its error row.
    True when the article is still fine."""
    if raw.error:
        result.status, result.error = "error", raw.error
    if result.status == "error":
        return False
    try:
        with time_budget(budget):
            stage(*args)
    except ArticleTimeout as exc:
        result.status, result.error = "error", f"{raw.source}: {exc} (--article-seconds); skipped"
    except Exception as exc:  # one article's bug must not stop a weekly batch
        log.debug("%s: processing failed", raw.source, exc_info=True)
        result.status, result.error = "error", f"{raw.source}: internal error: {type(exc).__name__}: {exc}"
    return result.status == "ok"


def _before_ner(raw: RawArticle, result: ArticleResult, run_reference: RunReference) -> None:
    """Cleaning and dates, which NER and the later stages read."""
    result.clean = clean(raw.text)
    if not result.clean.text.strip():
        result.status, result.error = "error", f"{raw.source}: nothing left after cleaning"
        return
    result.title = raw.title  # what the input says wins over the text: the title and publication date
    result.published = _iso_day(raw.published) or publication_date(result.clean)
    day, result.reference_source = reference(raw, result.published, run_reference)
    result.reference_date = day.isoformat()
    result.dates = find_dates(result.clean.text, result.published, fallback_today=day)


def _after_ner(result: ArticleResult, engine: str, model: list[Span] | None) -> None:
    """Rules, actors and agreements over the model's spans (tagged here when the joint call ran out)."""
    text = result.clean.text
    if model is None:
        model = text_entities(get_engine(engine), text)
    headline = result.clean.title or result.title
    title_end = len(headline) if headline else 0
    model = [s for s in model if s.start >= title_end]  # Title Case fools models
    spans = merge(model, rule_spans(text), text)
    result.entities, result.mentions = extract_actors(text, spans, result.clean.dateline)
    result.agreements = extract_agreements(text, result.entities, result.mentions, result.dates)


def reference(raw: RawArticle, published: str | None, run_reference: RunReference) -> RunReference:
    """An article's reference date and where it came from. The publication date, which dates without a
    year and relative dates resolve against: "published" when the input gives it, "text" when the text
    states it. Else the day news is not dated after, which gives a year to a day nothing else dates:
    the day the input says the page was fetched ("scraped_at", "retrieved"), else the run's own,
    ``run --reference-date`` ("option") or the run day ("run_day")."""
    if published:
        return dt.date.fromisoformat(published), "published" if _iso_day(raw.published) else "text"
    fetched = _iso_day(raw.fetched)
    if fetched and raw.fetched_field:
        return dt.date.fromisoformat(fetched), raw.fetched_field
    return run_reference


def _init_worker(engine: str, parent: int | None = None) -> None:
    """Load the models once per worker process (the stanza engine runs one BLAS thread each, so workers
    do not fight for cores).
    A pool worker also exits when its parent is killed (SIGKILL leaves no chance to shut the pool down),
    and quietly on Ctrl-C, which reaches every process of the terminal: the parent says it once."""
    if parent is not None:
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # ignored like the parent's (nohup, cron)
            signal.signal(signal.SIGINT, _quiet_exit)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked while the pool started us
        threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    get_engine(engine)
    rule_spans("")


def _quiet_exit(signum: int, frame: object) -> None:
    os._exit(128 + signum)


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _results(todo: list[RawArticle], engine: str, workers: int, scheduler: str | None = None,
             budget: float | None = ARTICLE_SECONDS, run_reference: RunReference | None = None
             ) -> Iterator[ArticleResult]:
    """Processed articles in input order: in this process, a pool of worker processes, or a Dask cluster
    (where tasks run in worker threads, which cannot take the time budget's alarm)."""
    if todo:  # the models take seconds to load: say so rather than wait in silence
        log.info("loading the %s NER model and the gazetteer rules%s", engine,
                 f" in {workers} worker processes" if workers > 1 and scheduler is None else "")
    if scheduler is not None:
        yield from _dask_results(todo, engine, scheduler, run_reference)
        return
    task = partial(process_many, engine=engine, budget=budget, run_reference=run_reference)
    size = max(1, min(CHUNK, -(-len(todo) // (2 * workers))))  # every worker gets work, several chunks each
    chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
    if workers <= 1 or len(todo) < 2:
        for chunk in chunks:
            yield from task(chunk)
        return
    # spawn, not fork: a forked copy of a process holding threads (BLAS's pool, the progress bar's) can deadlock
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(engine, os.getpid()),
                                 mp_context=multiprocessing.get_context("spawn")) as pool:
            # submitting starts the workers: they start with Ctrl-C blocked (a signal mask is
            # inherited), so none is interrupted half-way through importing its libraries
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                futures = [pool.submit(task, chunk) for chunk in chunks]
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
            try:
                for future in futures:
                    yield from future.result()
            except KeyboardInterrupt:  # the workers stop on Ctrl-C too, and the pool fails their futures itself
                pool.shutdown(wait=False)  # (cancelling them as well races it: an error in its thread, CPython 3.11)
                raise
            except BaseException:  # the caller stopped: not the rest of the batch on the way out
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    except BrokenProcessPool as exc:  # the worker's own traceback (a missing model, say) is on stderr above
        raise RuntimeError(f"a worker process could not start or died: {exc}") from exc


def _dask_results(todo: list[RawArticle], engine: str, scheduler: str,
                  run_reference: RunReference | None) -> Iterator[ArticleResult]:
    """Articles processed on a Dask distributed cluster; each worker loads its models once."""
    with _dask_client(scheduler) as client:
        client.run(_init_worker, engine)
        futures = client.map(partial(process, engine=engine, run_reference=run_reference), todo, pure=False)
        for future in futures:  # in input order, as they complete
            yield future.result()


def _dask_client(scheduler: str) -> Client:
    """A client of the scheduler, reached within SCHEDULER_TIMEOUT: a bad address is a usage error, an
    unreachable scheduler an environment one, each a one-line message."""
    from distributed import Client

    try:
        return Client(scheduler, timeout=SCHEDULER_TIMEOUT)
    except ValueError as exc:
        raise ValueError(f"--scheduler {scheduler!r} is not a Dask scheduler address: {exc}") from None
    except OSError as exc:
        raise ConnectionError(f"cannot reach the Dask scheduler at {scheduler} "
                              f"within {SCHEDULER_TIMEOUT} s: {exc}") from None


def worker_count(workers: int) -> int:
    """Workers to start: at least one, at most one per core (more only add model copies and memory)."""
    if workers < 1:
        raise ValueError(f"--workers must be 1 or more, got {workers}")
    cores = os.cpu_count() or 1
    if workers > cores:
        log.warning("--workers %d capped at %d, the number of CPU cores", workers, cores)
    return min(workers, cores)


@contextmanager
def _output_lock(out_dir: Path) -> Iterator[None]:
    """Hold OUT/.lock for the run, so two runs never write one output folder; also proves it is writable."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=out_dir).close()
        fh = (out_dir / LOCK_FILE).open("a")
    except OSError as exc:
        raise PermissionError(f"cannot write to output folder {out_dir}: {exc.strerror or exc}") from None
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BlockingIOError(f"another run is writing to output folder {out_dir} "
                                  f"(it holds {out_dir / LOCK_FILE}); try again when it ends") from None
        yield


def run(input_dir: Path, out_dir: Path, progress: bool | None = None, engine: str = DEFAULT_ENGINE,
        workers: int = 1, force: bool = False, scheduler: str | None = None, follow_links: bool = False,
        article_seconds: float | None = ARTICLE_SECONDS, keep_missing: bool = False,
        reference_date: dt.date | None = None) -> Summary:
    """Process the new or changed articles under ``input_dir`` and rebuild the tables in ``out_dir``, so
    they describe this input: articles no longer in it leave the tables unless ``keep_missing``. Links
    leaving ``input_dir`` are read only with ``follow_links``; an ``out_dir`` inside it is not read.
    ``reference_date`` stands in for the run day for articles that carry no date of their own."""
    start = time.perf_counter()
    if not input_dir.exists():
        raise FileNotFoundError(f"input folder {input_dir} does not exist")
    if input_dir.is_dir() and out_dir.resolve() == input_dir.resolve():
        raise ValueError(f"--out {out_dir} is the input folder: its clean texts would be read as articles "
                         "by the next run; give an output folder of its own")
    workers = worker_count(workers)
    run_reference = (reference_date, "option") if reference_date else (dt.date.today(), "run_day")
    with _output_lock(out_dir):
        store, version = ShardStore(out_dir), pipeline_version(engine)
        summary, todo, transient, inputs = _plan(read_folder(input_dir, follow_links, skip=out_dir), store,
                                                 version, engine, force, reference_date)
        if not keep_missing:
            for article_id in store.prune(keep=inputs):
                dataset.remove_clean_text(out_dir, article_id)
                summary.removed += 1
        if scheduler is None and workers <= 1 and any(not raw.error for raw in todo):
            get_engine(engine)  # a missing or broken model stops the run before any article (workers load their own)
        results = _results(todo, engine, workers, scheduler, article_seconds, run_reference)
        for result in _shown(results, len(todo), progress):
            if result.status == "ok":
                summary.ok += 1
            else:
                summary.error += 1
                log.error("%s", result.error)
            dataset.write_clean_text(result, out_dir)
            store.save(result.article_id, result.sha256, version, dataset.rows(result))
        if not (summary.ok or summary.error or summary.removed or transient) and tables_current(out_dir):
            log.info("tables up to date: no article, no code and no table file changed since they were built")
        else:
            tables = dataset.frames(collect(store.rows(), transient))
            dataset.write_tables(tables, out_dir)
            from .corpus.folder import update as link_corpus  # here, so worker processes never import it

            link_corpus(out_dir, tables)  # corpus tables; articles.story_id / duplicate_of, entities.actor_id
            stamp_tables(out_dir)
    summary.seconds = time.perf_counter() - start
    return summary


def _plan(articles: Iterator[RawArticle], store: ShardStore, version: str, engine: str, force: bool,
          reference_date: dt.date | None) -> tuple[Summary, list[RawArticle], list[dict[str, list[dict]]], set[str]]:
    """What to process, what is unchanged, the error rows that must not replace a stored article, and
    the ids of the input's stored articles (any other shard is of an article no longer in the input)."""
    summary = Summary()
    todo: list[RawArticle] = []
    transient: list[dict[str, list[dict]]] = []
    inputs: set[str] = set()
    fixed = reference_date.isoformat() if reference_date else None
    for raw in articles:
        if raw.error and not is_safe_id(raw.article_id):  # duplicates too: they never take the first's id
            summary.error += 1
            log.error("%s", raw.error)
            transient.append(dataset.rows(process(raw, engine)))
            continue
        inputs.add(raw.article_id)
        if not force and not raw.error and store.is_current(raw.article_id, raw.sha256, version, fixed):
            summary.skipped += 1
        else:
            todo.append(raw)
    return summary, todo, transient, inputs


def _shown(results: Iterator[ArticleResult], total: int, progress: bool | None) -> Iterator[ArticleResult]:
    """``results`` with a progress bar on stderr when asked, or by default on a terminal."""
    if not total or not (sys.stderr.isatty() if progress is None else progress):
        return results
    from tqdm import tqdm

    return tqdm(results, total=total, desc="articles", unit="art", file=sys.stderr)
