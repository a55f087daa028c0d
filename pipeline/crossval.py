"""Cross-validation: what to expect on articles the learned parts have not seen.

    python -m pipeline crossval --gold annotations --raw raw --gold ../shared/dev/gold --raw ../shared/dev/raw --folds 5

The gold articles are split into K folds by article. For each fold the learned
parts are trained on the other K-1 folds through the same entry points that
build the shipped models (``train cleaning``, ``train titles``, and with ``--ner-steps`` the NER
model on the corpora plus the fold's gold), written to a models folder of
the fold's own, and the held-out articles go through ``python -m pipeline run``
with ``IDNEWS_MODELS_DIR`` pointing there. The same held-out articles also run
with the learned parts switched off (rules alone, the corpus-only NER model in
force), so each fold gives a side-by-side pair. Scores are SPEC section 8's,
per fold, then mean and spread over folds, and pooled over all articles.

The rules' word lists and pattern lists grew from reading these same articles.
With ``hold_out_lists`` both variants run on copies of the lists without the
entries only the held-out articles show (``train/held_out_lists.py``): the
rules then meet a fold's names, furniture and phrasings as they would meet an
unseen outlet's.
"""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from .evaluate import evaluate, evaluate_many
from .nlp.stanza_engine import MODEL_FILE as STANZA_CHECKPOINT
from .paths import DATA_ENV, MODELS_ENV, models_dir
from .train.gold import GoldArticle, read_gold

VARIANTS = ("learned", "off")


def folds(articles: list[GoldArticle], k: int) -> list[list[GoldArticle]]:
    """Articles dealt round-robin in id order: a fixed, reproducible split that spreads
    each id series (outlet batches share a prefix) over every fold."""
    ordered = sorted(articles, key=lambda a: a.article_id)
    return [ordered[i::k] for i in range(k)]


def series(article_id: str) -> str:
    """An id's series: the letters it starts with ("b" of "b07", "" of "000_05f2..."), which
    names the batch (outlets and topics collected together) it came with."""
    return re.match(r"[A-Za-z]*", article_id).group(0).lower()


def series_folds(articles: list[GoldArticle]) -> list[list[GoldArticle]]:
    """One fold per id series: each is scored as a batch from outlets and topics the training
    series may never show, as a user's next scrape is."""
    groups: dict[str, list[GoldArticle]] = {}
    for art in sorted(articles, key=lambda a: a.article_id):
        groups.setdefault(series(art.article_id), []).append(art)
    return list(groups.values())


def split(articles: list[GoldArticle], k: int, by_series: bool = False) -> list[list[GoldArticle]]:
    """The folds: ``k`` by article, or one per id series; an error when there are fewer than two
    or one would be empty."""
    parts = series_folds(articles) if by_series else folds(articles, k)
    if len(parts) < 2 or not all(parts):
        raise ValueError(f"crossval: {len(articles)} gold articles with a raw page cannot make "
                         f"{'two id series' if by_series else f'{k} folds'}")
    return parts


def lay_out(articles: list[GoldArticle], raw_dir: Path, gold_dir: Path) -> None:
    """The held-out articles as a run's input folder and an evaluation's gold folder."""
    raw_dir.mkdir(parents=True)
    gold_dir.mkdir(parents=True)
    for art in articles:
        (raw_dir / f"{art.article_id}.txt").write_text(art.text, encoding="utf-8")
        (gold_dir / f"{art.article_id}.json").write_text(json.dumps(art.gold, ensure_ascii=False), encoding="utf-8")


def _models(train: list[GoldArticle], out: Path, learned: bool, engine: str, ner_steps: int,
            corpora: Path | None, gold_weight: int, data: Path | None, finetune: bool = False,
            finetune_lr: float | None = None) -> Path:
    """A models folder: the NER model in force (or one trained with the training folds' gold),
    plus the learned cleaning and title-word models when ``learned`` (the latter from the
    fold's word lists when ``data`` holds them)."""
    from .train.cleaning import train as train_cleaning
    from .train.title_words import train as train_titles

    out.mkdir(parents=True)
    ner = f"{engine}-ner"
    if learned and ner_steps:
        from .train.ner import train_ner

        start = models_dir() / ner / STANZA_CHECKPOINT if finetune else None
        train_ner(engine, corpora, ["idner", "nergrit"], train, out, max_steps=ner_steps, gold_weight=gold_weight,
                  finetune_from=start, finetune_lr=finetune_lr if finetune else None)
    else:
        shutil.copytree(models_dir() / ner, out / ner)
    if learned:
        train_cleaning(train, out)
        people = yaml.safe_load((data / "people.yml").read_text(encoding="utf-8")) if data else None
        train_titles(train, out, people, corpora)
    return out


def _run(raw_dir: Path, out_dir: Path, models: Path, engine: str, data: Path | None) -> None:
    env = {**os.environ, MODELS_ENV: str(models)}
    if data is not None:
        env[DATA_ENV] = str(data)
    cmd = [sys.executable, "-m", "pipeline", "run", str(raw_dir), "--out", str(out_dir), "--engine", engine,
           "--no-progress"]
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode not in (0, 1):  # 1: some article got an error row, which scoring counts
        raise RuntimeError(f"crossval: `{' '.join(cmd)}` failed: {done.stderr.strip()[-500:]}")


def crossval(pairs: list[tuple[Path, Path]], k: int = 5, engine: str = "stanza", ner_steps: int = 0,
             corpora: Path | None = None, work: Path | None = None, gold_weight: int = 2,
             hold_out_lists: bool = False, finetune: bool = False, by_series: bool = False,
             train_size: int | None = None, finetune_lr: float | None = None) -> dict:
    """Per-fold and pooled scores of both variants; ``work`` keeps the folds' folders for review.
    ``by_series`` makes one fold per id series (``k`` is then their number). ``train_size`` trains
    the learned parts on that many of a fold's training articles (a fixed sample per fold), for a
    learning curve: the lists still hold out only the fold's own entries, so the rules are the same
    at every size and only the learned parts see less."""
    articles = read_gold(pairs)
    parts = split(articles, k, by_series)
    k = len(parts)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        root = work or Path(tmp)
        per_fold: dict[str, list[dict]] = {v: [] for v in VARIANTS}
        held_out_entries: list[int] = []
        for i, held in enumerate(parts):
            train = [a for j, part in enumerate(parts) if j != i for a in part]
            fold = root / f"fold{i + 1}"
            lay_out(held, fold / "raw", fold / "gold")
            data = None
            if hold_out_lists:
                from .train.held_out_lists import write as write_lists

                data = fold / "data"
                dropped = write_lists(train, held, data)
                held_out_entries.append(len(dropped))
                print(f"crossval: fold {i + 1}/{k}: {len(dropped)} list entries only its articles show "
                      f"are held out ({', '.join(dropped[:8])}{', ...' if len(dropped) > 8 else ''})", file=sys.stderr)
            if train_size is not None and train_size < len(train):
                train = sorted(random.Random(i).sample(train, train_size), key=lambda a: a.article_id)
            for variant in VARIANTS:
                print(f"crossval: fold {i + 1}/{k}, {variant}: training on {len(train)}, "
                      f"scoring {len(held)} articles", file=sys.stderr)
                models = _models(train, fold / f"models-{variant}", variant == "learned", engine, ner_steps, corpora,
                                 gold_weight, data, finetune, finetune_lr)
                _run(fold / "raw", fold / f"pred-{variant}", models, engine, data)
                per_fold[variant].append(evaluate(fold / "gold", fold / f"pred-{variant}", fold / "raw"))
        pooled = {}
        for variant in VARIANTS:
            pooled[variant] = evaluate_many([(root / f"fold{i + 1}" / "gold", root / f"fold{i + 1}" / f"pred-{variant}",
                                              root / f"fold{i + 1}" / "raw") for i in range(k)])
    return {"folds": k, "split": "series" if by_series else "article", "n_articles": len(articles), "engine": engine,
            "ner_steps": ner_steps, "gold_weight": gold_weight, "ner_finetune": finetune,
            "ner_finetune_lr": finetune_lr if finetune else None, "train_size": train_size,
            "held_out_list_entries": held_out_entries if hold_out_lists else None,
            "seconds": round(time.perf_counter() - start, 1), "per_fold": per_fold, "pooled": pooled}


def _value(scores: dict, field: str) -> float | None:
    if field in scores["prf"]:
        return scores["prf"][field]["f1"]
    return scores["accuracy"].get(field, {}).get("accuracy")


def format_table(result: dict) -> str:
    """Mean ± spread (standard deviation over folds) and pooled score per field, learned against off."""
    fields = sorted({f for v in VARIANTS for s in result["per_fold"][v] for f in [*s["prf"], *s["accuracy"]]})
    held = result.get("held_out_list_entries")
    lists = f"; word and pattern lists without {sum(held)} entries only a fold's articles show" if held is not None else ""
    split = " (one fold per id series)" if result.get("split") == "series" else ""
    size = f"; learned parts trained on {result['train_size']} articles a fold" if result.get("train_size") else ""
    lines = [f"{result['folds']}-fold cross-validation{split} over {result['n_articles']} gold articles "
             f"({result['seconds']:.0f} s{lists}{size}); F1 for extraction fields, accuracy for attributes",
             f"{'field':<22}{'learned mean±sd':>16}{'pooled':>10}{'off mean±sd':>16}{'pooled':>10}{'Δ pooled':>10}"]
    for field in fields:
        row = f"{field:<22}"
        pooled = []
        for variant in VARIANTS:
            values = [x for x in (_value(s, field) for s in result["per_fold"][variant]) if x is not None]
            mean = statistics.mean(values) if values else float("nan")
            sd = statistics.stdev(values) if len(values) > 1 else 0.0
            p = _value(result["pooled"][variant], field)
            pooled.append(p)
            row += f"{mean:>10.3f}±{sd:<5.3f}" + (f"{p:>10.3f}" if p is not None else f"{'-':>10}")
        if None not in pooled:
            row += f"{pooled[0] - pooled[1]:>+10.3f}"
        lines.append(row)
    return "\n".join(lines)
