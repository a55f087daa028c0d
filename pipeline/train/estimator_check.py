"""Does cross-validation predict unseen articles? Checked on the project's own past.

    python -m pipeline.train.estimator_check --rev 11e26b0 --exclude c,d,e \\
        --gold annotations --raw raw --gold ../shared/dev/gold --raw ../shared/dev/raw [--by-series]

At commit 11e26b0 the rules had been written from 28 gold articles, and 18 more
(id series c, d, e) were scored on that commit before anyone read them: its
first-sight score (README). This runs that commit's code over the 28 as
``crossval --hold-out-lists`` would today: per fold, a copy of its package whose
word and pattern lists lack the entries only the fold's articles show, run on the
fold. The pooled table printed is what the estimate would have said then; set
beside the first-sight table, the gap is how far the estimate stands from what
articles the project did not have scored. The commit's code had no learned parts,
so its rules and NER model are all there is to run.
"""
from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from ..crossval import lay_out, series, split
from ..evaluate import evaluate_many, format_table
from .gold import GoldArticle, read_gold
from .held_out_lists import write as write_lists


def _checkout(rev: str, where: Path) -> Path:
    """The package as it was at ``rev``, exported from git into ``where``."""
    archive = subprocess.run(["git", "archive", rev, "pipeline"], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(where, filter="data")
    return where / "pipeline"


def check(rev: str, articles: list[GoldArticle], work: Path, k: int = 5, by_series: bool = False) -> dict:
    """Pooled SPEC 8 scores of ``rev``'s code over ``articles``, each fold run on lists without its own entries."""
    old = _checkout(rev, work / "old")
    parts = split(articles, k, by_series)
    sets = []
    for i, held in enumerate(parts):
        train = [a for j, part in enumerate(parts) if j != i for a in part]
        fold = work / f"fold{i + 1}"
        lay_out(held, fold / "raw", fold / "gold")
        dropped = write_lists(train, held, fold / "data", old / "data")  # the lists as they were, for this fold
        package = fold / "code" / "pipeline"
        shutil.copytree(old, package, ignore=shutil.ignore_patterns("models"))
        (package / "models").symlink_to(old / "models")
        for f in (fold / "data").iterdir():
            shutil.copy(f, package / "data" / f.name)
        print(f"estimator_check: fold {i + 1}/{len(parts)}: {len(held)} articles, {len(dropped)} list entries "
              f"held out", file=sys.stderr)
        done = subprocess.run([sys.executable, "-m", "pipeline", "run", str(fold / "raw"), "--out", str(fold / "pred")],
                              env={**os.environ, "PYTHONPATH": str(package.parent)}, cwd=fold,  # not this checkout
                              capture_output=True, text=True)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"estimator_check: {rev}'s run failed: {done.stderr.strip()[-500:]}")
        sets.append((fold / "gold", fold / "pred", fold / "raw"))
    return evaluate_many(sets)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.train.estimator_check", description=__doc__.split("\n")[0])
    ap.add_argument("--rev", required=True, help="the commit whose rules to check (run from a git checkout)")
    ap.add_argument("--exclude", default="", help="id series that commit had not seen, comma-separated (c,d,e)")
    ap.add_argument("--gold", action="append", required=True, metavar="DIR")
    ap.add_argument("--raw", action="append", required=True, metavar="DIR")
    ap.add_argument("--folds", type=int, default=5, metavar="K")
    ap.add_argument("--by-series", action="store_true", help="one fold per id series, as crossval --by-series")
    args = ap.parse_args(argv)
    unseen = {s.strip().lower() for s in args.exclude.split(",") if s.strip()}
    articles = [a for a in read_gold([(Path(g), Path(r)) for g, r in zip(args.gold, args.raw)])
                if series(a.article_id) not in unseen]
    with tempfile.TemporaryDirectory() as tmp:
        result = check(args.rev, articles, Path(tmp), args.folds, args.by_series)
    print(format_table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
