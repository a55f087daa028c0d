"""Scores of the corpus layer against the labelled sets in ``annotations/corpus`` (see its README).

- near-duplicates: real articles plus re-posts built from them by a recipe (another outlet's
  boilerplate, light edits, a dropped paragraph, an earlier cut); two articles are duplicates when
  they are one source and its re-posts. Scored over every pair of the set, after a real run of the
  pipeline on it: precision, recall and F1 of "same story".
- actors: entity rows of real articles, each with the actor a reader assigned; pairwise precision
  and recall of "same actor" (a merge is a pair of rows given one actor_id).
- events: agreement rows, each with the real instrument or meeting a reader assigned; pairwise
  precision, recall and F1 of "same event".
"""
from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from . import actors as actor_linking, events as event_linking

LABELS = Path("annotations") / "corpus"
_DATED = re.compile(r"\b(19|20)\d\d\b|\b\d{1,2}/\d{1,2}\b")  # a year, or a day/month as "20/11"


def read_labels(folder: Path, name: str) -> dict:
    return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- near-duplicates
def build_articles(spec: dict, roots: dict[str, tuple[Path, Path]], out: Path) -> list[str]:
    """Write the set's articles into ``out``: each real article as it is, each re-post made from its
    source by the recipe. ``roots`` maps a folder name of the spec ("main", "dev") to its (raw, gold)
    folders; articles of a folder not given are left out. The ids written, sorted."""
    out.mkdir(parents=True, exist_ok=True)
    where = {a["id"]: roots[a["folder"]] for a in spec["articles"] if a["folder"] in roots}
    written = []
    for aid, (raw, _) in where.items():
        (out / f"{aid}.txt").write_bytes((raw / f"{aid}.txt").read_bytes())
        written.append(aid)
    for recipe in spec["reposts"]:
        if recipe["source"] in where and recipe["boilerplate_from"] in where:
            (out / f"{recipe['id']}.txt").write_text(repost(recipe, where), encoding="utf-8")
            written.append(recipe["id"])
    return sorted(written)


def repost(recipe: dict, where: dict[str, tuple[Path, Path]]) -> str:
    """A re-post: the source's lines without its own gold boilerplate, less ``drop_line`` (an index into
    those lines), cut after ``keep_lines`` lines, each edit [old, new] made at its first two places,
    framed by the gold boilerplate of the ``boilerplate_from`` article (the lines it had above its
    body on top, the others below). Left out of that frame: the scraper's repeats of the donor's
    body (that article's own text, not page furniture) and lines that date the donor's page (a
    copy's page carries its own date, near the original's, not one from another year)."""
    body = _split(*_article(recipe["source"], where))[1]
    if recipe["drop_line"] is not None:
        del body[recipe["drop_line"]]
    if recipe["keep_lines"] is not None:
        body = body[: recipe["keep_lines"]]
    text = "\n".join(body)
    for old, new in recipe["edits"]:
        text = text.replace(old, new, 2)
    top, donor_body, bottom = _split(*_article(recipe["boilerplate_from"], where))
    body_text = {" ".join(line.split()) for line in donor_body}
    frame = [[line for line in part if " ".join(line.split()) not in body_text and not _DATED.search(line)]
             for part in (top, bottom)]
    return "\n".join([*frame[0], text, *frame[1]]) + "\n"


def _article(aid: str, where: dict[str, tuple[Path, Path]]) -> tuple[str, list[str]]:
    raw, gold = where[aid]
    text = (raw / f"{aid}.txt").read_text(encoding="utf-8")
    return text, json.loads((gold / f"{aid}.json").read_text(encoding="utf-8"))["boilerplate"]


def _split(text: str, boilerplate: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(boilerplate above the body, body lines, boilerplate below it); gold lists each boilerplate
    line once per occurrence, whitespace-normalised."""
    remaining: dict[str, int] = {}
    for line in boilerplate:
        key = " ".join(line.split())
        remaining[key] = remaining.get(key, 0) + 1
    top, body, bottom = [], [], []
    for line in text.splitlines():
        key = " ".join(line.split())
        if not key:
            continue
        if remaining.get(key):
            remaining[key] -= 1
            (bottom if body else top).append(line)
        else:
            body.append(line)
    return top, body, bottom


def duplicate_scores(spec: dict, articles: pd.DataFrame) -> dict:
    """Pairwise scores of ``articles.story_id`` (a linked run over ``build_articles``) against the
    set's stories, and the look-alike pairs (same event, different reporting) wrongly joined."""
    gold = {a["id"]: a["id"] for a in spec["articles"]} | {r["id"]: r["source"] for r in spec["reposts"]}
    predicted = dict(zip(articles["article_id"], articles["story_id"]))
    ids = sorted(a for a in predicted if a in gold)
    split = {r["id"]: r["split"] for r in spec["reposts"]}
    joined = [p for p in spec["lookalikes"] if predicted.get(p["a"]) is not None
              and predicted.get(p["a"]) == predicted.get(p["b"])]
    return {**_pairwise(ids, gold, predicted), "articles": len(ids), "lookalikes": len(spec["lookalikes"]),
            "lookalikes_joined": joined,
            "splits": {name: _pairwise([a for a in ids if split.get(a, name) == name], gold, predicted)
                       for name in sorted(set(split.values()))}}


# ---------------------------------------------------------------- actors and events
def actor_scores(sample: dict) -> dict:
    """Pairwise precision / recall of actor merges on the labelled entity rows, overall and per type."""
    rows = pd.DataFrame(sample["rows"])
    entities = rows.reindex(columns=["article_id", "entity_id", "type", "name", "code", "title", "role", "org",
                                     "country", "n_mentions", "aliases"])
    entities["aliases"] = [list(a) for a in rows["aliases"]]
    entities["n_mentions"] = 1
    stories = pd.Series(dict(zip(rows["article_id"], rows["article_id"])))
    mentions = pd.DataFrame(columns=["article_id", "entity_id", "text"])
    linked = actor_linking.link(entities, mentions, pd.Series(dtype="datetime64[s]"), stories)
    keys = [f"{a}/{e}" for a, e in zip(rows["article_id"], rows["entity_id"])]
    gold, predicted = dict(zip(keys, rows["actor"])), dict(zip(keys, linked.actor_ids))
    kinds = dict(zip(keys, rows["type"]))
    subsets = {"all": keys, "PERSON+ORG": [k for k in keys if kinds[k] in ("PERSON", "ORG")]}
    subsets |= {kind: [k for k in keys if kinds[k] == kind] for kind in sorted(set(kinds.values()))}
    return {name: _pairwise(subset, gold, predicted) for name, subset in subsets.items()}


def event_scores(sample: dict) -> dict:
    """Pairwise precision / recall / F1 of event dedup on the labelled agreement rows."""
    rows = pd.DataFrame(sample["rows"])
    agreements = rows[["article_id", "agreement_id", "type", "status", "date", "title", "countries", "evidence"]]
    agreements = agreements.astype({"date": "string", "title": "string"})
    parties = pd.DataFrame([(r["article_id"], r["agreement_id"], f"P{n}", actor)
                            for r in sample["rows"] for n, actor in enumerate(r["party_actors"])],
                           columns=["article_id", "agreement_id", "entity_id", "actor_id"])
    stories = pd.Series(dict(zip(rows["article_id"], rows["story_id"])))
    _, sources = event_linking.link(agreements, parties[["article_id", "agreement_id", "entity_id"]],
                                    parties[["article_id", "entity_id", "actor_id"]].drop_duplicates(), stories)
    keys = [f"{a}/{g}" for a, g in zip(rows["article_id"], rows["agreement_id"])]
    predicted = dict(zip((f"{a}/{g}" for a, g in zip(sources["article_id"], sources["agreement_id"])),
                         sources["event_id"]))
    return _pairwise(keys, dict(zip(keys, rows["event"])), predicted)


def _pairwise(keys: Iterable[str], gold: dict, predicted: dict) -> dict:
    """Precision, recall and F1 of "the same group" over every pair of ``keys``; a pair counts
    through the groups' sizes, so the cost is linear in the keys."""
    keys = list(keys)
    both: dict[tuple, int] = {}
    by_gold: dict = {}
    by_pred: dict = {}
    for k in keys:
        g, p = gold[k], predicted.get(k)
        by_gold[g] = by_gold.get(g, 0) + 1
        if p is not None:
            by_pred[p] = by_pred.get(p, 0) + 1
            both[(g, p)] = both.get((g, p), 0) + 1
    pairs = sum(n * (n - 1) // 2 for n in both.values())
    gold_pairs = sum(n * (n - 1) // 2 for n in by_gold.values())
    pred_pairs = sum(n * (n - 1) // 2 for n in by_pred.values())
    precision = pairs / pred_pairs if pred_pairs else 1.0
    recall = pairs / gold_pairs if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "pairs": gold_pairs, "predicted_pairs": pred_pairs,
            "true_pairs": pairs}


# ---------------------------------------------------------------- all of it
def evaluate(labels: Path, roots: dict[str, tuple[Path, Path]], engine: str = "spacy") -> dict:
    """Every score: the near-duplicate set is built from ``roots`` and run through the pipeline in a
    temporary folder, the actor and event samples are linked as they are."""
    from ..batch import run

    spec = read_labels(labels, "duplicates")
    with tempfile.TemporaryDirectory(prefix="idnews-corpus-eval-") as tmp:
        folder = Path(tmp)
        build_articles(spec, roots, folder / "raw")
        run(folder / "raw", folder / "out", progress=False, engine=engine)
        articles = pd.read_parquet(folder / "out" / "articles.parquet")
        duplicates = duplicate_scores(spec, articles)
    return {"duplicates": duplicates, "actors": actor_scores(read_labels(labels, "actors")),
            "events": event_scores(read_labels(labels, "events"))}


def format_scores(scores: dict) -> str:
    from ..train.tables import markdown_table

    d, a, e = scores["duplicates"], scores["actors"], scores["events"]
    rows = [["near-duplicate articles", f"{d['articles']} articles, {d['pairs']} duplicate pairs",
             f"{d['precision']:.3f}", f"{d['recall']:.3f}", f"{d['f1']:.3f}"]]
    rows += [[f"near-duplicates ({name} re-posts)", f"{s['pairs']} duplicate pairs", f"{s['precision']:.3f}",
              f"{s['recall']:.3f}", f"{s['f1']:.3f}"] for name, s in d["splits"].items()]
    rows += [[f"actor merges ({kind})", f"{a[kind]['pairs']} same-actor pairs", f"{a[kind]['precision']:.3f}",
              f"{a[kind]['recall']:.3f}", f"{a[kind]['f1']:.3f}"] for kind in a]
    rows.append(["event dedup", f"{e['pairs']} same-event pairs", f"{e['precision']:.3f}", f"{e['recall']:.3f}",
                 f"{e['f1']:.3f}"])
    lines = [markdown_table(["what", "labelled", "P", "R", "F1"], rows)]
    if d["lookalikes_joined"]:
        joined = ", ".join(f"{p['a']}~{p['b']}" for p in d["lookalikes_joined"])
        lines.append(f"look-alike pairs wrongly joined: {joined}")
    return "\n".join(lines)
