"""Turn folders of scraped Indonesian news (.txt, .html, .jsonl) into research tables on security and
counter-terrorism cooperation: the clean text of each article, its actors (people, organisations,
countries, places), dates and agreements, as CSV and Parquet, linked across articles (near-duplicate
stories, one id per actor, one row per event, state dyads). Score them against gold annotations,
review them in an HTML report or an overview page, and round-trip them through Label Studio or
doccano."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import ARTICLE_SECONDS, __version__
from .nlp import DEFAULT_ENGINE, ENGINES

if TYPE_CHECKING:
    from .annotate import Imported

EXIT_OK, EXIT_ARTICLE_ERRORS, EXIT_USAGE, EXIT_ENVIRONMENT = 0, 1, 2, 3  # see main
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


def _run(args: argparse.Namespace) -> int:
    from .batch import run

    if (args.executor == "dask") != bool(args.scheduler):
        raise ValueError("--executor dask and --scheduler ADDRESS go together")
    summary = run(Path(args.input), Path(args.out), progress=False if args.no_progress or args.quiet else None,
                  engine=args.engine, workers=args.workers, force=args.force, scheduler=args.scheduler,
                  follow_links=args.follow_links, article_seconds=args.article_seconds or None,
                  keep_missing=args.keep_missing, reference_date=args.reference_date)
    up_to_date = " (all already up to date: unchanged since they were processed; --force redoes them)"
    removed = f"; {summary.removed} removed, no longer in the input (--keep-missing keeps them)"
    _say(args, f"{summary.total} articles: {summary.ok} ok, {summary.error} error, {summary.skipped} unchanged"
               f"{up_to_date if summary.total and summary.skipped == summary.total else ''}"
               f"{removed if summary.removed else ''}; "
               f"{summary.seconds:.1f} s ({summary.total / max(summary.seconds, 1e-9):.1f} articles/s); "
               f"tables in {args.out}")
    return EXIT_ARTICLE_ERRORS if summary.error else EXIT_OK


def _say(args: argparse.Namespace, message: str) -> None:
    """A progress or summary line on stderr, unless -q."""
    if not args.quiet:
        print(message, file=sys.stderr)


def _day(value: str) -> dt.date:
    """An option's YYYY-MM-DD value."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date as YYYY-MM-DD") from None


def _evaluate(args: argparse.Namespace) -> int:
    from .dataset import atomic_write_bytes
    from .evaluate import evaluate_many, format_table

    if len(args.gold) != len(args.pred) or (args.raw and len(args.raw) != len(args.gold)):
        print("error: give --gold and --pred (and --raw) the same number of times", file=sys.stderr)
        return 2
    raws = args.raw or [None] * len(args.gold)
    result = evaluate_many([(Path(g), Path(p), Path(r) if r else None) for g, p, r in zip(args.gold, args.pred, raws)])
    print(format_table(result))
    if args.json:
        atomic_write_bytes(Path(args.json), json.dumps(result, indent=1, ensure_ascii=False).encode("utf-8"))
        _say(args, f"scores written to {args.json}")
    return 0


def _gold_pairs(args: argparse.Namespace) -> list[tuple[Path, Path]]:
    """The (gold folder, raw folder) pairs the options name, checked."""
    golds, raws = args.gold or [], args.raw or []
    if len(golds) != len(raws):
        raise ValueError("give --gold and --raw the same number of times")
    for folder in [*golds, *raws]:
        if not Path(folder).is_dir():
            raise FileNotFoundError(f"folder {folder} does not exist")
    return [(Path(g), Path(r)) for g, r in zip(golds, raws)]


def _train(args: argparse.Namespace) -> int:
    from .paths import models_dir
    from .train.gold import read_gold

    out = Path(args.out) if args.out else models_dir()
    articles = read_gold(_gold_pairs(args))
    if args.what in ("cleaning", "titles"):
        from .train.cleaning import train as train_cleaning
        from .train.title_words import train as train_titles

        if not articles:
            raise FileNotFoundError(f"train {args.what} needs gold articles: --gold DIR --raw DIR")
        corpora = Path(args.corpora)
        path = (train_cleaning(articles, out) if args.what == "cleaning"
                else train_titles(articles, out, corpora=corpora if corpora.is_dir() else None))
        _say(args, f"{args.what} model trained on {len(articles)} gold articles"
                   f"{' and the corpora' if args.what == 'titles' and corpora.is_dir() else ''}, written to {path}")
        return 0
    from .train.ner import train_ner

    corpora = Path(args.corpora)
    if not corpora.is_dir():
        raise FileNotFoundError(f"corpora folder {corpora} does not exist")
    path = train_ner(args.engine, corpora, args.corpus or ["idner", "nergrit"], articles, out,
                     max_steps=args.max_steps, seed=args.seed, gold_weight=args.gold_weight)
    _say(args, f"{args.engine} NER model written to {path}")
    return 0


def _crossval(args: argparse.Namespace) -> int:
    from .crossval import crossval, format_table
    from .dataset import atomic_write_bytes

    pairs = _gold_pairs(args)
    if not pairs:
        raise FileNotFoundError("crossval needs gold articles: --gold DIR --raw DIR (repeatable)")
    if args.folds < 2:
        raise ValueError("crossval needs --folds 2 or more")
    if args.train_size is not None and args.train_size < 2:
        raise ValueError("crossval needs --train-size 2 or more")
    result = crossval(pairs, args.folds, args.engine, args.ner_steps, Path(args.corpora),
                      Path(args.work) if args.work else None, args.gold_weight, args.hold_out_lists,
                      args.ner_finetune, args.by_series, args.train_size, args.ner_lr)
    print(format_table(result))
    if args.json:
        atomic_write_bytes(Path(args.json), json.dumps(result, indent=1, ensure_ascii=False).encode("utf-8"))
        _say(args, f"scores written to {args.json}")
    return 0


def _benchmark(args: argparse.Namespace) -> int:
    if args.what == "batch":
        from .train.bench_batch import format_rows as batch_rows, run as run_batch

        from .train.bench_batch import default_baseline

        sources = [Path("raw").resolve(), (Path(args.corpora).parent / "dev" / "raw").resolve()]
        baseline = None if args.baseline == "none" else args.baseline or default_baseline()
        rows = run_batch(2000 if args.n is None else args.n, args.engine or list(ENGINES), args.workers or [1, 2],
                         sources, scale=args.scale, baseline=baseline, rounds=args.rounds)
        print(batch_rows(rows, baseline))
        return 0
    if args.what == "corpus":
        return _benchmark_corpus(args)
    if args.what == "persons":
        from .train.bench_persons import format_rows as person_rows, run as run_persons

        print(person_rows(run_persons((args.engine or [DEFAULT_ENGINE])[0], _corpora(args), args.split)))
        return 0
    if args.what == "layouts":
        from .train.bench_layouts import format_rows as layout_rows, run as run_layouts

        raws = args.raw or ["raw"]
        golds = args.gold or ["annotations"]
        print(layout_rows(run_layouts([(Path(r), Path(g)) for r, g in zip(raws, golds)],
                                      (args.engine or [DEFAULT_ENGINE])[0])))
        return 0
    if args.what == "dates":
        from .train.bench_dates import format_rows, run as run_dates

        raws = args.raw or ["raw"]
        golds = args.gold or ["annotations"]
        print(format_rows(run_dates([(Path(r), Path(g)) for r, g in zip(raws, golds)])))
        return 0
    from .train.benchmark import format_results, run

    print(format_results(run(args.engine or list(ENGINES), _corpora(args))))
    return 0


def _corpora(args: argparse.Namespace) -> Path:
    corpora = Path(args.corpora)
    if not corpora.is_dir():
        raise FileNotFoundError(f"corpora folder {corpora} does not exist")
    return corpora


def _benchmark_corpus(args: argparse.Namespace) -> int:
    """Quality of the corpus layer on the labelled sets, then its speed on copied tables."""
    from .corpus.evaluation import LABELS, evaluate, format_scores
    from .train.bench_corpus import format_rows, run as run_speed

    dev = Path(args.corpora).parent / "dev"
    roots = {"main": (Path("raw"), Path("annotations"))}
    if (dev / "raw").is_dir():
        roots["dev"] = (dev / "raw", dev / "gold")
    else:
        _say(args, f"{dev} is not present: the near-duplicate set is scored on the articles of raw/ only")
    print(format_scores(evaluate(LABELS, roots, engine=(args.engine or ["spacy"])[0])))
    n = 20000 if args.n is None else args.n
    if n:
        print(format_rows(run_speed(n, [Path(p) for p in args.pred or ["output"]])))
    return 0


def _link(args: argparse.Namespace) -> int:
    from .batch import _output_lock
    from .corpus.folder import relink

    out = Path(args.out)
    if not (out / "articles.parquet").exists():
        raise FileNotFoundError(f"{out} holds no tables: is it the output folder of a run?")
    with _output_lock(out):
        relink(out)  # logs its summary
    _say(args, f"corpus tables written to {out}")
    return 0


def _overview(args: argparse.Namespace) -> int:
    from .dataset import atomic_write_bytes
    from .overview import build

    out = Path(args.out)
    page = build(Path(args.pred), out)
    atomic_write_bytes(out, page.encode("utf-8"))
    _say(args, f"overview written to {out.resolve()}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from .dataset import atomic_write_bytes
    from .report import build

    page = build(Path(args.pred), Path(args.gold) if args.gold else None, Path(args.raw) if args.raw else None)
    atomic_write_bytes(Path(args.out), page.encode("utf-8"))
    _say(args, f"report written to {Path(args.out).resolve()}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from .annotate import export

    n = export(Path(args.pred), Path(args.out), args.format, Path(args.raw) if args.raw else None)
    _say(args, f"{n} articles exported to {args.out}")
    return 0


def _import(args: argparse.Namespace) -> int:
    result = _import_checked(Path(args.input), Path(args.gold), args.format, args.accept_predictions)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if result.skipped:
        _say(args, f"{len(result.skipped)} tasks skipped, no finished annotation (--accept-predictions takes "
                   f"their predictions): {', '.join(result.skipped)}")
    _say(args, f"{len(result.written)} gold files written to {args.gold}")
    return 1 if result.warnings else 0


def _import_checked(path: Path, gold: Path, fmt: str, accept_predictions: bool) -> Imported:
    """Import into a scratch folder, then copy the gold files in: a malformed export (not UTF-8, not
    JSON, keys missing, values of the wrong type) names the file and the problem and writes nothing."""
    import tempfile

    from .annotate import import_gold
    from .dataset import atomic_write_bytes

    _check_export(path, fmt)
    with tempfile.TemporaryDirectory(prefix="idnews-import-") as scratch:
        try:
            result = import_gold(path, Path(scratch), fmt, accept_predictions=accept_predictions)
        except (KeyError, TypeError, AttributeError, IndexError) as exc:
            raise ValueError(f"{path}: not a {fmt} export of this pipeline ({type(exc).__name__}: {exc})") from None
        for aid in result.written:
            atomic_write_bytes(gold / f"{aid}.json", (Path(scratch) / f"{aid}.json").read_bytes())
    return result


def _check_export(path: Path, fmt: str) -> None:
    """The export's outer shape: Label Studio a JSON list of tasks with ``data.text``, doccano one JSON
    object with ``text`` per line."""
    from .evaluate import read_json_text

    text = read_json_text(path)
    if fmt == "label-studio":
        tasks = _json(path, text)
        if not isinstance(tasks, list):
            raise ValueError(f"{path}: a Label Studio export is a JSON list of tasks, got {type(tasks).__name__}")
        for n, task in enumerate(tasks, 1):
            data = task.get("data") if isinstance(task, dict) else None
            if not isinstance(data, dict) or not isinstance(data.get("text"), str):
                raise ValueError(f"{path}: task {n} is not an object with a data.text string")
        return
    for n, line in enumerate(text.splitlines(), 1):
        record = _json(path, line, n) if line.strip() else {"text": ""}
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise ValueError(f"{path}: line {n} is not a JSON object with a text string")


def _json(path: Path, text: str, line: int | None = None) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {line}" if line else f"line {exc.lineno}"
        raise ValueError(f"{path}: invalid JSON at {where} ({exc.msg})") from None


def _verbosity(p: argparse.ArgumentParser, top: bool) -> None:
    """-v / -q, taken before or after the subcommand: a subcommand's copy has no default of its own, so
    it never resets what was given before the subcommand."""
    default = {} if top else {"default": argparse.SUPPRESS}
    group = p.add_mutually_exclusive_group()
    group.add_argument("-v", "--verbose", action="store_true", help="debug logging on stderr", **default)
    group.add_argument("-q", "--quiet", action="store_true",
                       help="only warnings and errors on stderr: no progress bar, summary or 'written to' lines",
                       **default)


def parser(prog: str | None = None) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description=__doc__,
                                epilog="Exit codes: 0 done; 1 done, but some articles are error rows (import: "
                                       "warnings); 2 a usage problem or malformed input file; 3 the environment "
                                       "failed (output not writable or locked, scheduler unreachable, a worker "
                                       "died); 130 interrupted. 'COMMAND --help' explains each command.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _verbosity(p, top=True)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        c = sub.add_parser(name, help=summary, description=description)
        _verbosity(c, top=False)
        return c

    r = command("run", "process a folder of articles into the dataset tables",
                "Process every .txt, .html/.htm and .jsonl article under INPUT into tables in the output "
                "folder (CSV and Parquet, plus clean/<article_id>.txt). Re-runs process only new or changed "
                "articles; the tables describe the last run's input (--keep-missing accumulates).")
    r.add_argument("input", nargs="?", default="raw", help="input folder or file (default raw/)")
    r.add_argument("--out", default="output", metavar="DIR",
                   help="output folder (default output/); if it lies inside INPUT it is not read as input")
    r.add_argument("--no-progress", action="store_true", help="no progress bar (default: one on a terminal)")
    r.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE, help=f"NER engine (default {DEFAULT_ENGINE})")
    r.add_argument("--workers", type=int, default=1, metavar="N",
                   help="worker processes, 1 or more, capped at the CPU count (default 1)")
    r.add_argument("--force", action="store_true", help="reprocess every article, changed or not")
    r.add_argument("--keep-missing", action="store_true",
                   help="keep the rows of articles no longer in the input (default: they leave the tables, "
                        "with their clean texts)")
    r.add_argument("--reference-date", type=_day, metavar="YYYY-MM-DD",
                   help="the date that dates without a year resolve against in articles with no date of their "
                        "own (publication date, JSONL scraped_at / retrieved); default: the day of the run")
    r.add_argument("--executor", choices=["local", "dask"], default="local",
                   help="local processes (default) or a Dask distributed cluster (needs --scheduler)")
    r.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --executor dask)")
    r.add_argument("--article-seconds", type=float, default=ARTICLE_SECONDS, metavar="S",
                   help=f"time budget per article; past it the article is an error row "
                        f"(default {ARTICLE_SECONDS:g}, 0: none)")
    r.add_argument("--follow-links", action="store_true",
                   help="also read links that lead out of the input folder (default: an error row each)")
    r.set_defaults(func=_run)

    e = command("evaluate", "score an output folder against gold annotations",
                "SPEC section 8 scores of a run's tables against gold <article_id>.json files: a table on "
                "stdout, JSON only with --json. Repeat --gold, --pred (and --raw) to score several folders "
                "together.")
    e.add_argument("--gold", required=True, action="append", metavar="DIR",
                   help="folder of gold <article_id>.json (repeatable)")
    e.add_argument("--pred", required=True, action="append", metavar="DIR",
                   help="output folder of a run (one per --gold)")
    e.add_argument("--raw", action="append", metavar="DIR",
                   help="the run's input folder, to score cleaning (one per --gold)")
    e.add_argument("--json", metavar="FILE", help="also write the scores as JSON to FILE")
    e.set_defaults(func=_evaluate)

    t = command("train", "train a shipped model from the corpora and gold articles",
                "Train the NER model (from ../shared/corpora plus gold articles), the boilerplate line "
                "classifier (from gold boilerplate lists) or the title-word model (from people.yml, gold "
                "persons and the corpora's person names) into the models folder.")
    t.add_argument("what", choices=["ner", "cleaning", "titles"], help="the model to train")
    t.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE, help=f"ner: engine (default {DEFAULT_ENGINE})")
    t.add_argument("--gold", action="append", metavar="DIR",
                   help="gold folder (repeatable): in-domain training articles")
    t.add_argument("--raw", action="append", metavar="DIR", help="the gold articles' raw folder, one per --gold")
    t.add_argument("--gold-weight", type=int, metavar="N",
                   help="ner: times each gold sentence joins the corpora (default: chosen by crossval, see README)")
    t.add_argument("--out", metavar="DIR",
                   help="models folder to write into (default: the one in force, normally pipeline/models)")
    t.add_argument("--corpora", default="../shared/corpora", metavar="DIR",
                   help="corpora folder (default ../shared/corpora)")
    t.add_argument("--corpus", action="append", choices=["idner", "nergrit", "nerp"],
                   help="corpus to train on, repeatable (default idner and nergrit)")
    t.add_argument("--max-steps", type=int, metavar="N", help="training steps (default from the engine's config)")
    t.add_argument("--seed", type=int, help="random seed (default: the shipped model's, see README)")
    t.set_defaults(func=_train)

    cv = command("crossval", "K-fold cross-validation of the learned parts over gold articles",
                 "Split the gold articles into K folds; score each fold with the learned parts trained "
                 "without it, beside the same folds with them switched off.")
    cv.add_argument("--gold", action="append", required=True, metavar="DIR", help="gold folder (repeatable)")
    cv.add_argument("--raw", action="append", required=True, metavar="DIR",
                    help="the gold articles' raw folder, one per --gold")
    cv.add_argument("--folds", type=int, default=5, metavar="K", help="number of folds (default 5)")
    cv.add_argument("--by-series", action="store_true",
                    help="one fold per id series (the letters ids start with: a01, b07, ...; ids starting with a "
                         "digit are one series) instead of --folds: each batch scored as an unseen scrape")
    cv.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE, help=f"NER engine (default {DEFAULT_ENGINE})")
    cv.add_argument("--ner-steps", type=int, default=0, metavar="N",
                    help="also train the NER model per fold on the corpora plus the fold's gold, this many steps "
                         "(default 0: the NER model in force)")
    cv.add_argument("--gold-weight", type=int, default=2, metavar="W",
                    help="with --ner-steps: times each gold sentence joins the corpora (default 2)")
    cv.add_argument("--ner-finetune", action="store_true",
                    help="with --ner-steps and stanza: fine-tune the NER model in force instead of training from scratch")
    cv.add_argument("--ner-lr", type=float, metavar="LR",
                    help="with --ner-finetune: the fine-tuning's learning rate (default: the model's own, 0.1)")
    cv.add_argument("--corpora", default="../shared/corpora", metavar="DIR",
                    help="corpora folder, for --ner-steps (default ../shared/corpora)")
    cv.add_argument("--hold-out-lists", action="store_true",
                    help="run both variants on word and pattern lists without the entries only the held-out "
                         "fold's articles show, as the rules would meet an unseen outlet")
    cv.add_argument("--train-size", type=int, metavar="N",
                    help="train the learned parts on N of each fold's training articles (a fixed sample), for a "
                         "learning curve; the lists still hold out only the fold's own entries")
    cv.add_argument("--work", metavar="DIR", help="keep each fold's models, predictions and gold in this folder")
    cv.add_argument("--json", metavar="FILE", help="write every fold's scores here")
    cv.set_defaults(func=_crossval)

    rp = command("report", "self-contained HTML review of an output folder",
                 "One HTML file, no network needed: per article the clean text with entities and dates "
                 "highlighted and the agreements; with gold, the scores and what was missed or wrong.")
    rp.add_argument("--pred", required=True, metavar="DIR", help="output folder of a run")
    rp.add_argument("--gold", metavar="DIR", help="gold folder: adds scores and differences")
    rp.add_argument("--raw", metavar="DIR", help="the run's input folder, to score cleaning")
    rp.add_argument("--out", default="report.html", metavar="FILE",
                    help="the HTML file to write (default report.html in the current folder)")
    rp.set_defaults(func=_report)

    formats = ["label-studio", "doccano"]
    ex = command("export", "predictions as pre-annotations for Label Studio or doccano",
                 "A run's predictions as pre-annotated tasks: spans for mentions and dates, entity "
                 "attributes, agreements, title, published and dropped lines as document fields.")
    ex.add_argument("--pred", required=True, metavar="DIR", help="output folder of a run")
    ex.add_argument("--format", choices=formats, required=True,
                    help="label-studio: one JSON list of tasks; doccano: JSONL, one document per line")
    ex.add_argument("--out", required=True, metavar="FILE", help="the export file to write")
    ex.add_argument("--raw", metavar="DIR", help="the run's input folder, to carry the dropped boilerplate lines")
    ex.set_defaults(func=_export)

    im = command("import", "finished Label Studio or doccano work as gold JSON files",
                 "Turn finished annotation work back into SPEC section 7 gold files, built from the spans "
                 "the annotator left. Exit 1 when a span needs attention (warnings on stderr).")
    im.add_argument("input", metavar="FILE", help="the Label Studio JSON or doccano JSONL export to read")
    im.add_argument("--format", choices=formats, required=True, help="the export's format")
    im.add_argument("--gold", required=True, metavar="DIR", help="folder for the gold files")
    im.add_argument("--accept-predictions", action="store_true",
                    help="Label Studio: a task without a finished annotation counts as its predictions accepted "
                         "(default: skipped)")
    im.set_defaults(func=_import)

    lk = command("link", "link an output folder again: near-duplicates, actors, events, dyads",
                 "Recompute the corpus tables (actors, actor_roles, events, event_sources, dyads) and the "
                 "articles' story_id / duplicate_of and the entities' actor_id from a folder's tables, as "
                 "run does after processing: for a folder written by an earlier version or merged by hand. "
                 "Clean texts signed before are taken from OUT/.corpus.")
    lk.add_argument("out", nargs="?", default="output", metavar="DIR",
                    help="output folder of a run (default output/)")
    lk.set_defaults(func=_link)

    ov = command("overview", "one offline HTML page: events, partner states, network, actors",
                 "One self-contained HTML page of an output folder: events per year by type, a timeline of "
                 "instruments per partner state, the network of states linked by events, the most frequent "
                 "actors (charts as inline SVG), and the list of events with links to their source articles.")
    ov.add_argument("--pred", required=True, metavar="DIR", help="output folder of a run")
    ov.add_argument("--out", default="overview.html", metavar="FILE",
                    help="the HTML file to write (default overview.html in the current folder); links to "
                         "the articles' clean texts are relative to it")
    ov.set_defaults(func=_overview)

    b = command("benchmark", "NER P/R/F1 and speed; date tagger; batch speed; corpus linking quality and speed",
                "Measure one part: ner (NER P/R/F1 and speed on the corpora test splits), persons (the entity "
                "layer's persons on the corpora's sentences, beside the model's), layouts (the whole pipeline on the gold "
                "pages rewritten as other outlets and scrapers lay them out), dates (the date "
                "tagger against naive dateparser on gold dates), batch (end-to-end articles per second) or "
                "corpus (near-duplicate, actor and event scores on annotations/corpus, and the speed of "
                "linking copied tables).")
    b.add_argument("what", choices=["ner", "persons", "layouts", "dates", "batch", "corpus"], help="what to measure")
    b.add_argument("--split", choices=["dev", "test"], default="dev",
                   help="persons: corpus split (default dev, where rules may be tuned; test for reporting)")
    b.add_argument("--n", type=int, metavar="N",
                   help="batch: synthetic articles (default 2000); corpus: articles' tables to link "
                        "(default 20000; 0 scores the labelled sets only)")
    b.add_argument("--pred", action="append", metavar="DIR",
                   help="corpus: output folder whose tables are copied for the speed run (repeatable, "
                        "default output/)")
    b.add_argument("--workers", type=int, action="append", metavar="N", help="batch: worker counts (default 1 and 2)")
    b.add_argument("--baseline", metavar="REV",
                   help="batch: git commit to measure beside this code (default HEAD when pipeline/ has "
                        "uncommitted changes, else HEAD~1; 'none' for no comparison)")
    b.add_argument("--scale", action="store_true",
                   help="batch: also run 10x the articles (first engine, most workers) to check linear cost")
    b.add_argument("--rounds", type=int, default=1, metavar="R",
                   help="batch: run each batch R times, this code and the baseline taking turns; medians (default 1)")
    b.add_argument("--raw", action="append", metavar="DIR",
                   help="dates, layouts: article folder (repeatable, default raw/)")
    b.add_argument("--gold", action="append", metavar="DIR",
                   help="dates, layouts: gold folder, one per --raw (default annotations/)")
    b.add_argument("--engine", action="append", choices=ENGINES,
                   help="engine, repeatable (default all; corpus: the first given, default spacy)")
    b.add_argument("--corpora", default="../shared/corpora", metavar="DIR",
                   help="ner, persons, batch, corpus: corpora folder (default ../shared/corpora; batch and corpus take "
                        "the development articles beside it, in ../shared/dev)")
    b.set_defaults(func=_benchmark)
    return p


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    """Exit codes a scheduler can act on: 0 done, 1 done but some articles are error rows, 2 a usage or
    input-file problem (fix the command or the file), 3 the environment failed (output not writable,
    locked, scheduler unreachable, a worker died; nothing new was written, retrying may help), 130
    interrupted. ``prog`` is the name help shows (default: how the program was started)."""
    p = parser(prog)
    args = p.parse_args(argv)
    if args.command is None:
        p.print_help()
        return EXIT_OK
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO,
                        stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except (FileNotFoundError, NotADirectoryError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt:
        print("error: interrupted; articles finished so far are kept and the next run goes on from there"
              if args.command == "run" else "error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
