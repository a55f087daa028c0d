"""Score an output folder against gold annotations (SPEC section 8).

Reads tables and gold only; it never runs the pipeline's stages, so what it
scores is exactly what users get on disk.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .dataset import ADDED_COLUMNS, COLUMNS
from .sources import read_folder

ENTITY_TYPES = ("PERSON", "ORG", "COUNTRY", "LOCATION")
_PUNCT = re.compile(r"[^\w\s]")


def norm_line(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).split())


def norm_name(s: str | None) -> str:
    """Case-fold, strip punctuation, collapse spaces (SPEC 8)."""
    if not s:
        return ""
    return " ".join(_PUNCT.sub(" ", unicodedata.normalize("NFC", str(s)).casefold()).split())


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def as_dict(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Acc:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += bool(ok)
        self.total += 1

    def as_dict(self) -> dict:
        return {"accuracy": round(self.right / self.total, 4) if self.total else None,
                "right": self.right, "total": self.total}


@dataclass
class Scores:
    prf: dict[str, PRF] = field(default_factory=dict)
    acc: dict[str, Acc] = field(default_factory=dict)
    per_article: dict[str, Counter] = field(default_factory=dict)

    def p(self, key: str) -> PRF:
        return self.prf.setdefault(key, PRF())

    def a(self, key: str) -> Acc:
        return self.acc.setdefault(key, Acc())


# ---------------------------------------------------------------- cleaning
def cleaning_counts(raw_text: str, clean_text: str, boilerplate: list[str]) -> tuple[int, int, int]:
    """TP/FP/FN over raw line occurrences: a dropped occurrence is a positive."""
    raw = Counter(n for n in (norm_line(s) for s in raw_text.splitlines()) if n)
    kept = Counter(n for n in (norm_line(s) for s in clean_text.splitlines()) if n)
    gold = Counter(n for n in (norm_line(s) for s in boilerplate) if n)
    tp = fp = fn = 0
    for line, count in raw.items():
        pred = max(0, count - kept.get(line, 0))
        g = min(gold.get(line, 0), count)
        hit = min(pred, g)
        tp, fp, fn = tp + hit, fp + pred - hit, fn + g - hit
    return tp, fp, fn


# ---------------------------------------------------------------- entities
def _names(ent: dict) -> set[str]:
    out = {norm_name(ent.get("name"))}
    out.update(norm_name(a) for a in ent.get("aliases") or [])
    return {n for n in out if n}


def entity_match(pred: dict, gold: dict) -> bool:
    if gold["type"] == "COUNTRY":
        return bool(pred.get("code")) and pred.get("code") == gold.get("code")
    return bool(_names(pred) & _names(gold))


def match_one_to_one(preds: list[dict], golds: list[dict], same) -> list[tuple[dict, dict]]:
    """Greedy one-to-one pairing in gold order."""
    used: set[int] = set()
    pairs = []
    for g in golds:
        for k, p in enumerate(preds):
            if k not in used and same(p, g):
                used.add(k)
                pairs.append((p, g))
                break
    return pairs


def org_equal(pred_org: str | None, gold_org: str | None, gold_orgs: list[dict]) -> bool:
    a, b = norm_name(pred_org), norm_name(gold_org)
    if a == b:
        return True
    if not a or not b:
        return False
    return any(b in _names(o) and a in _names(o) for o in gold_orgs)


def role_equal(pred: str | None, gold: str | None) -> bool:
    a, b = norm_name(pred), norm_name(gold)
    if a == b:
        return True
    return bool(a and b) and (a in b or b in a)


def score_entities(scores: Scores, aid: str, pred: list[dict], gold: list[dict]) -> None:
    gold_orgs = [g for g in gold if g["type"] == "ORG"]
    for etype in ENTITY_TYPES:
        gs = [g for g in gold if g["type"] == etype]
        ps = [p for p in pred if p["type"] == etype]
        pairs = match_one_to_one(ps, gs, entity_match)
        tp = len(pairs)
        scores.p(f"entities.{etype}").add(tp, len(ps) - tp, len(gs) - tp)
        scores.p("entities.all").add(tp, len(ps) - tp, len(gs) - tp)
        scores.per_article[aid]["entities"] += len(ps) + len(gs) - 2 * tp
        for p, g in pairs:
            if etype == "PERSON":
                if g.get("role") or p.get("role"):
                    scores.a("entities.role").add(role_equal(p.get("role"), g.get("role")))
                if g.get("org") or p.get("org"):
                    scores.a("entities.org").add(org_equal(p.get("org"), g.get("org"), gold_orgs))
            if etype in ("PERSON", "ORG") and (g.get("country") or p.get("country")):
                scores.a("entities.country").add((p.get("country") or None) == (g.get("country") or None))


# ---------------------------------------------------------------- dates
def score_dates(scores: Scores, aid: str, pred_values: set[str], gold: list[dict]) -> None:
    gold_values: dict[str, bool] = {}
    for d in gold:
        gold_values[d["value"]] = gold_values.get(d["value"], True) and d.get("year_from_text", True)
    remaining = set(pred_values)
    tp = 0
    for value, from_text in gold_values.items():
        if value in remaining:
            remaining.discard(value)
            tp += 1
        elif not from_text and len(value) == 10:
            alt = next((v for v in sorted(remaining) if len(v) == 10 and v[5:] == value[5:]), None)
            if alt:
                remaining.discard(alt)
                tp += 1
    fp, fn = len(remaining), len(gold_values) - tp
    scores.p("dates").add(tp, fp, fn)
    scores.per_article[aid]["dates"] += fp + fn


# ---------------------------------------------------------------- agreements
def agreement_match(pred: dict, gold: dict) -> bool:
    if pred["type"] != gold["type"]:
        return False
    pc, gc = set(pred.get("countries") or []), set(gold.get("countries") or [])
    if pc and gc:
        return pc == gc
    return bool({norm_name(x) for x in pred.get("parties") or []} & {norm_name(x) for x in gold.get("parties") or []})


def score_agreements(scores: Scores, aid: str, pred: list[dict], gold: list[dict]) -> None:
    pairs = match_one_to_one(pred, gold, agreement_match)
    tp = len(pairs)
    scores.p("agreements").add(tp, len(pred) - tp, len(gold) - tp)
    scores.per_article[aid]["agreements"] += len(pred) + len(gold) - 2 * tp
    for p, g in pairs:
        scores.a("agreements.status").add(p.get("status") == g.get("status"))
        scores.a("agreements.date").add((p.get("date") or None) == (g.get("date") or None))


# ---------------------------------------------------------------- loading
# Every input is checked before scoring, so a malformed file stops the command with its name and the
# problem (exit 2) before anything is written.
_GOLD_TOP = {"article_id": str, "title": (str, type(None)), "published": (str, type(None)), "boilerplate": list,
             "entities": list, "dates": list, "agreements": list}
_GOLD_ITEMS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "entities": {"type": str, "name": str, "aliases": (list, type(None)), "code": (str, type(None)),
                 "title": (str, type(None)), "role": (str, type(None)), "org": (str, type(None)),
                 "country": (str, type(None))},
    "dates": {"value": str, "year_from_text": bool},
    "agreements": {"type": str, "status": (str, type(None)), "date": (str, type(None)), "title": (str, type(None)),
                   "parties": (list, type(None)), "countries": (list, type(None))},
}
_GOLD_REQUIRED = {"article_id", "entities.type", "entities.name", "dates.value", "agreements.type"}


def read_json_text(path: Path) -> str:
    """A JSON file's text; a missing, unreadable or non-UTF-8 file is a ValueError naming it."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except FileNotFoundError:
        raise FileNotFoundError(f"{path} does not exist") from None
    except OSError as exc:
        raise ValueError(f"{path}: cannot read: {exc.strerror or exc}") from None


def read_gold_folder(gold_dir: Path) -> list[dict]:
    """Every gold file of ``gold_dir`` (SPEC 7), each checked; the first bad one is a ValueError naming it."""
    if not gold_dir.is_dir():
        raise FileNotFoundError(f"gold folder {gold_dir} does not exist")
    return [read_gold(path) for path in sorted(gold_dir.glob("*.json"))]


def read_gold(path: Path) -> dict:
    try:
        gold = json.loads(read_json_text(path))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: invalid JSON at line {exc.lineno} ({exc.msg})") from None
    problem = _gold_problem(gold)
    if problem:
        raise ValueError(f"{path}: not a gold file: {problem}")
    return gold


def _gold_problem(gold: object) -> str | None:
    if not isinstance(gold, dict):
        return f"a JSON object is needed, got {_kind(gold)}"
    problem = _fields_problem(gold, _GOLD_TOP, "")
    for section, spec in _GOLD_ITEMS.items():
        for n, item in enumerate(gold.get(section) or [], 1):
            where = f"{section}[{n}]"
            problem = problem or (f"{where} is {_kind(item)}, not an object" if not isinstance(item, dict)
                                  else _fields_problem(item, spec, f"{section}."))
    if not problem and not all(isinstance(b, str) for b in gold.get("boilerplate") or []):
        problem = "boilerplate must be a list of strings"
    return problem


def _fields_problem(record: dict, spec: dict, prefix: str) -> str | None:
    for key, kinds in spec.items():
        if f"{prefix}{key}" in _GOLD_REQUIRED and key not in record:
            return f"{prefix}{key} is missing"
        if key in record and not isinstance(record[key], kinds):
            return f"{prefix}{key} has the wrong type ({_kind(record[key])})"
    return None


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number")


def read_table(pred_dir: Path, name: str) -> pd.DataFrame:
    """A table from the output folder, Parquet preferred, CSV otherwise; checked for its columns."""
    pq, csv = pred_dir / f"{name}.parquet", pred_dir / f"{name}.csv"
    try:
        if pq.exists():
            path, df = pq, pd.read_parquet(pq)
        elif csv.exists():
            path, df = csv, pd.read_csv(csv, dtype=str, keep_default_na=False).replace({"": None})
        else:
            raise FileNotFoundError(f"{pred_dir}: no {name}.parquet or {name}.csv")
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise ValueError(f"{pq if pq.exists() else csv}: cannot read the {name} table ({exc})") from None
    missing = [c for c in COLUMNS[name] if c not in df.columns and c not in ADDED_COLUMNS]
    if missing:
        raise ValueError(f"{path}: not a {name} table of this pipeline (no {', '.join(missing)} column)")
    return df


def _records(df: pd.DataFrame, aid: str) -> list[dict]:
    sub = df[df["article_id"] == aid]
    return [{k: (None if _isna(v) else v) for k, v in row.items()} for row in sub.to_dict("records")]


def _isna(v: object) -> bool:
    if pd.api.types.is_list_like(v):  # a Parquet list value
        return False
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _json_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return json.loads(value) if value.startswith("[") else [value]
    return list(value)


def predictions(pred_dir: Path) -> dict[str, dict]:
    """Per article: title, published, entities, dates, agreements as gold-like dicts."""
    arts = read_table(pred_dir, "articles")
    ents = read_table(pred_dir, "entities")
    dates = read_table(pred_dir, "dates")
    agrs = read_table(pred_dir, "agreements")
    parties = read_table(pred_dir, "agreement_parties")
    out: dict[str, dict] = {}
    for row in arts.to_dict("records"):
        aid = str(row["article_id"])
        ent_list = _records(ents, aid)
        for e in ent_list:
            e["aliases"] = _json_list(e.get("aliases"))
        agr_list = _records(agrs, aid)
        party_rows = _records(parties, aid)
        for a in agr_list:
            mine = [p for p in party_rows if p["agreement_id"] == a["agreement_id"]]
            a["parties"] = [p["party"] for p in mine if p.get("party")]
            a["countries"] = _json_list(a.get("countries"))
        out[aid] = {
            "title": None if _isna(row.get("title")) else row.get("title"),
            "published": None if _isna(row.get("published")) else row.get("published"),
            "status": row.get("status"),
            "entities": ent_list,
            "dates": {str(d["value"]) for d in _records(dates, aid) if d.get("value")},
            "agreements": agr_list,
        }
    return out


def evaluate(gold_dir: Path, pred_dir: Path, raw_dir: Path | None = None) -> dict:
    """All SPEC 8 scores for the articles that have gold."""
    return evaluate_many([(gold_dir, pred_dir, raw_dir)])


def evaluate_many(sets: list[tuple[Path, Path, Path | None]]) -> dict:
    """Scores micro-averaged over several (gold, prediction, raw) folders."""
    scores = Scores()
    missing: list[str] = []
    for gold_dir, pred_dir, raw_dir in sets:
        _score_folder(scores, missing, gold_dir, pred_dir, raw_dir)
    return {
        "n_articles": len(scores.per_article),
        "missing_predictions": missing,
        "prf": {k: v.as_dict() for k, v in sorted(scores.prf.items())},
        "accuracy": {k: v.as_dict() for k, v in sorted(scores.acc.items())},
        "errors_per_article": {k: dict(v) for k, v in sorted(scores.per_article.items(), key=lambda kv: -sum(kv[1].values()))},
    }


def _score_folder(scores: Scores, missing: list[str], gold_dir: Path, pred_dir: Path, raw_dir: Path | None) -> None:
    golds = read_gold_folder(gold_dir)
    if not golds:  # a wrong folder, not a perfect score of nothing
        raise ValueError(f"gold folder {gold_dir} holds no <article_id>.json gold files: nothing to score")
    preds = predictions(pred_dir)
    raws = {a.article_id: a.text for a in read_folder(raw_dir)} if raw_dir else {}
    for gold in golds:
        aid = gold["article_id"]
        scores.per_article[aid] = Counter()
        pred = preds.get(aid)
        if pred is None:
            missing.append(aid)
            pred = {"title": None, "published": None, "entities": [], "dates": set(), "agreements": []}
        if raw_dir is not None and aid in raws:
            clean_path = pred_dir / "clean" / f"{aid}.txt"
            clean_text = clean_path.read_text(encoding="utf-8") if clean_path.exists() else ""
            tp, fp, fn = cleaning_counts(raws[aid], clean_text, gold.get("boilerplate", []))
            scores.p("cleaning").add(tp, fp, fn)
            scores.per_article[aid]["cleaning"] += fp + fn
        score_entities(scores, aid, pred["entities"], gold.get("entities", []))
        score_dates(scores, aid, pred["dates"], gold.get("dates", []))
        score_agreements(scores, aid, pred["agreements"], gold.get("agreements", []))
        scores.a("title").add(norm_name(pred["title"]) == norm_name(gold.get("title")))
        if gold.get("published"):
            scores.a("published").add(pred["published"] == gold["published"])
            scores.per_article[aid]["published"] += pred["published"] != gold["published"]


def format_table(result: dict) -> str:
    """The scores as a fixed-width table for the terminal."""
    lines = [f"articles scored: {result['n_articles']}"
             + (f"  (no prediction for {len(result['missing_predictions'])})" if result["missing_predictions"] else ""),
             f"{'field':<22}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for k, v in result["prf"].items():
        lines.append(f"{k:<22}{v['precision']:>8.3f}{v['recall']:>8.3f}{v['f1']:>8.3f}{v['tp']:>6}{v['fp']:>6}{v['fn']:>6}")
    lines.append(f"{'field':<22}{'accuracy':>8}{'right':>8}{'total':>8}")
    for k, v in result["accuracy"].items():
        acc = "-" if v["accuracy"] is None else f"{v['accuracy']:.3f}"
        lines.append(f"{k:<22}{acc:>8}{v['right']:>8}{v['total']:>8}")
    return "\n".join(lines)
