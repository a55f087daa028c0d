"""A self-contained HTML review report of an output folder, optionally against gold.

Overall, with or without gold: counts by type, the most frequent actors, the agreements found
and the articles that failed with their reason, so a run can be judged before anyone annotates
it; with gold, the evaluate scores as inline SVG bar charts. The article list links to every
article. Per article: the clean text with entities and dates highlighted, each highlight
carrying its normalised fields in its title (dates also show their value beside them) and, with
gold, a verdict that looks different for right, wrong and spurious highlights; gold names and
dates the pipeline missed are marked where they occur in the text, and tables list every entity
and agreement with what was missed or wrong, field by field.

Everything taken from the input is HTML-escaped, a missing value reads as "–" (never Python's
None), and no script, font or style is fetched from the network: the styles and texts come from
``data/report.css`` and ``data/report.yml`` and are inlined.
"""
from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .annotate import DATE_LABEL, documents
from .evaluate import (ENTITY_TYPES, agreement_match, entity_match, evaluate_many, match_one_to_one, norm_name,
                       org_equal, read_gold_folder, read_table, role_equal)
from .page_text import MISSING, escape, show
from .paths import data_file, data_text

TOP_ACTORS = 10
ACTOR_TYPES = ("PERSON", "ORG", "COUNTRY")
# the normalised fields a highlight's title and the entity table show, per type (SPEC 3)
FIELDS = {"PERSON": ("title", "role", "org", "country"), "ORG": ("aliases", "country"), "COUNTRY": ("code",),
          "LOCATION": ()}
GRANULARITY = {10: "day", 7: "month", 4: "year"}
AGREEMENT_FIELDS = ("type", "status", "date", "parties", "countries", "title")


class Html(str):
    """Markup built here from escaped parts: a table cell keeps it as it is."""


@lru_cache(maxsize=1)
def _texts() -> dict:
    """The legend and hint, kept as data so wording changes need no code change."""
    return data_file("report.yml")


@lru_cache(maxsize=1)
def _style() -> str:
    """The stylesheet, inlined so the report works offline."""
    return data_text("report.css")


# ---------------------------------------------------------------- comparison with gold
@dataclass
class Check:
    """How one prediction compares with gold: its verdict, the gold record it matched, what differs."""
    verdict: str  # right, wrong or spurious
    gold: dict | None = None
    problems: list[tuple[str, object, object]] = field(default_factory=list)  # (field, predicted, gold)


@dataclass
class Comparison:
    """One article against its gold: a check per prediction, and what gold has that nothing matched."""
    entities: dict[str, Check]  # by entity_id
    dates: dict[str, Check]  # by span id
    agreements: list[Check]  # in the order of doc["agreements"]
    missed_entities: list[dict]
    missed_dates: list[dict]
    missed_agreements: list[dict]


def compare(doc: dict, gold: dict) -> Comparison:
    """Pair predictions with gold as evaluate scores them, keeping which record went where."""
    entities, missed_entities = _compare_entities(doc["entities"], gold["entities"])
    dates, missed_dates = _compare_dates(doc, gold.get("dates", []))
    golds = gold.get("agreements", [])
    pairs = {id(p): g for p, g in match_one_to_one(doc["agreements"], golds, agreement_match)}
    agreements = []
    for a in doc["agreements"]:
        g = pairs.get(id(a))
        problems = [] if g is None else [(k, a.get(k), g.get(k)) for k in ("status", "date")
                                         if (a.get(k) or None) != (g.get(k) or None)]
        agreements.append(Check("spurious" if g is None else "wrong" if problems else "right", g, problems))
    matched = {id(g) for g in pairs.values()}
    return Comparison(entities, dates, agreements, missed_entities, missed_dates,
                      [g for g in golds if id(g) not in matched])


def _compare_entities(preds: list[dict], golds: list[dict]) -> tuple[dict[str, Check], list[dict]]:
    gold_orgs = [g for g in golds if g["type"] == "ORG"]
    checks: dict[str, Check] = {}
    missed: list[dict] = []
    for etype in ENTITY_TYPES:
        gs = [g for g in golds if g["type"] == etype]
        ps = [p for p in preds if p["type"] == etype]
        pairs = {id(p): g for p, g in match_one_to_one(ps, gs, entity_match)}
        matched = {id(g) for g in pairs.values()}
        missed += [g for g in gs if id(g) not in matched]
        for p in ps:
            g = pairs.get(id(p))
            problems = [] if g is None else _entity_problems(etype, p, g, gold_orgs)
            checks[p["entity_id"]] = Check("spurious" if g is None else "wrong" if problems else "right", g, problems)
    return checks, missed


def _entity_problems(etype: str, p: dict, g: dict, gold_orgs: list[dict]) -> list[tuple[str, object, object]]:
    """The attributes evaluate scores as wrong for a matched pair."""
    out: list[tuple[str, object, object]] = []
    if etype == "PERSON" and (p.get("role") or g.get("role")) and not role_equal(p.get("role"), g.get("role")):
        out.append(("role", p.get("role"), g.get("role")))
    if etype == "PERSON" and (p.get("org") or g.get("org")) and not org_equal(p.get("org"), g.get("org"), gold_orgs):
        out.append(("org", p.get("org"), g.get("org")))
    if etype in ("PERSON", "ORG") and (p.get("country") or None) != (g.get("country") or None):
        out.append(("country", p.get("country"), g.get("country")))
    return out


def _date_pairs(pred_values: set[str], golds: list[dict]) -> dict[str, str]:
    """Predicted value -> the gold value it counts for, paired as evaluate.score_dates pairs them."""
    from_text: dict[str, bool] = {}
    for d in golds:
        from_text[d["value"]] = from_text.get(d["value"], True) and d.get("year_from_text", True)
    remaining, out = set(pred_values), {}
    for value, known in from_text.items():
        if value in remaining:
            hit = value
        elif not known and len(value) == 10:
            hit = next((v for v in sorted(remaining) if len(v) == 10 and v[5:] == value[5:]), None)
        else:
            hit = None
        if hit:
            remaining.discard(hit)
            out[hit] = value
    return out


def _compare_dates(doc: dict, golds: list[dict]) -> tuple[dict[str, Check], list[dict]]:
    """A date span is right when its value counts for gold, wrong when gold has its text with another value."""
    spans = [s for s in doc["spans"] if s["label"] == DATE_LABEL]
    pairs = _date_pairs({s["value"] for s in spans}, golds)
    open_golds = [d for d in golds if d["value"] not in pairs.values()]
    checks: dict[str, Check] = {}
    for s in spans:
        if s["value"] in pairs:
            checks[s["id"]] = Check("right", {"value": pairs[s["value"]]})
            continue
        said = norm_name(doc["text"][s["start"]:s["end"]])
        g = next((d for d in open_golds if d.get("text") and norm_name(d["text"]) == said), None)
        checks[s["id"]] = (Check("spurious") if g is None else
                           Check("wrong", g, [("value", s["value"], g["value"])]))
    claimed = {c.gold["value"] for c in checks.values() if c.verdict == "wrong"}
    return checks, [d for d in open_golds if d["value"] not in claimed]


def differences(doc: dict, gold: dict, cmp: Comparison | None = None) -> list[tuple[str, str, str]]:
    """(field, kind, what) for every miss and every wrong value against gold (cmp: compare's, if made)."""
    cmp = cmp or compare(doc, gold)
    out: list[tuple[str, str, str]] = []
    for etype in ENTITY_TYPES:
        mine = [e for e in doc["entities"] if e["type"] == etype]
        out += [(etype, "missed", g["name"]) for g in cmp.missed_entities if g["type"] == etype]
        out += [(etype, "spurious", e["name"]) for e in mine if cmp.entities[e["entity_id"]].verdict == "spurious"]
        for e in mine:
            check = cmp.entities[e["entity_id"]]
            out += [(etype, f"wrong {f}", f"{check.gold['name']}: {show(p)} (gold {show(g)})")
                    for f, p, g in check.problems]
    date_checks = [(s, cmp.dates[s["id"]]) for s in doc["spans"] if s["label"] == DATE_LABEL]
    out += [("dates", "missed", v) for v in sorted({d["value"] for d in cmp.missed_dates})]
    out += [("dates", "spurious", v) for v in sorted({s["value"] for s, c in date_checks if c.verdict == "spurious"})]
    out += [("dates", "wrong value", f"{doc['text'][s['start']:s['end']]}: {s['value']} (gold {c.gold['value']})")
            for s, c in date_checks if c.verdict == "wrong"]
    out += [("agreements", "missed", _agreement_name(g)) for g in cmp.missed_agreements]
    out += [("agreements", "spurious", _agreement_name(a))
            for a, c in zip(doc["agreements"], cmp.agreements) if c.verdict == "spurious"]
    for c in cmp.agreements:
        out += [("agreements", f"wrong {f}", f"{_agreement_name(c.gold)}: {show(p)} (gold {show(g)})")
                for f, p, g in c.problems]
    if gold.get("published") and doc.get("published") != gold["published"]:
        out.append(("published", "wrong", f"{show(doc.get('published'))} (gold {gold['published']})"))
    if norm_name(doc.get("title")) != norm_name(gold.get("title")):
        out.append(("title", "wrong", f"{show(doc.get('title'))} (gold {show(gold.get('title'))})"))
    return out


def _agreement_name(a: dict) -> str:
    return f"{a['type']} {'/'.join(a.get('countries') or a.get('parties') or [])}"


# ---------------------------------------------------------------- highlights
@dataclass
class Mark:
    """One highlight: a span of the clean text, its label, verdict (None without gold), title and tag."""
    start: int
    end: int
    label: str
    verdict: str | None
    tip: str
    tag: str


def _symbol(verdict: str | None) -> str:
    """The verdict's symbol: a highlight says right or wrong in text, not in colour alone."""
    return _texts()["verdicts"][verdict]["symbol"] if verdict else ""


def _tag(verdict: str | None, label: str) -> str:
    return " ".join(x for x in (_symbol(verdict), label) if x)


def _fields(entity: dict) -> list[str]:
    """Lines "field: value" of an entity's normalised fields, a missing one as "–"."""
    return [f"{f}: {show(entity.get(f))}" for f in FIELDS.get(entity["type"], ())]


def _problem_lines(check: Check | None) -> list[str]:
    if check is None:
        return []
    if check.verdict == "spurious":
        return ["spurious: not in gold"]
    return [f"wrong {f}: {show(p)} (gold {show(g)})" for f, p, g in check.problems] or ["right"]


def marks(doc: dict, cmp: Comparison | None) -> list[Mark]:
    """The highlights of an article in text order: its spans (no overlaps) and, with gold, what was missed."""
    ents = {e["entity_id"]: e for e in doc["entities"]}
    out: list[Mark] = []
    last = -1
    for s in sorted(doc["spans"], key=lambda s: (s["start"], -s["end"])):
        if s["start"] < last:
            continue
        last = s["end"]
        if s["label"] == DATE_LABEL:
            check = cmp.dates.get(s["id"]) if cmp else None
            label = f"{DATE_LABEL} {s['value']}"
            tip = [f"{label} ({GRANULARITY.get(len(s['value']), MISSING)})"]
        else:
            check = cmp.entities.get(s["entity_id"]) if cmp else None
            e = ents.get(s["entity_id"]) or {"type": s["label"], "name": doc["text"][s["start"]:s["end"]]}
            label = s["label"]
            tip = [f"{e['type']}: {show(e.get('name'))}", *_fields(e)]
        verdict = check.verdict if check else None
        out.append(Mark(s["start"], s["end"], s["label"], verdict, "\n".join(tip + _problem_lines(check)),
                        _tag(verdict, label)))
    if cmp:
        taken = [(m.start, m.end) for m in out]
        for g in cmp.missed_entities:
            tip = "\n".join([f"missed {g['type']}: {g['name']}", *_fields(g)])
            for name in (g["name"], *(g.get("aliases") or [])):
                out += [Mark(a, b, g["type"], "missed", tip, _tag("missed", g["type"]))
                        for a, b in _occurrences(doc["text"], name, taken)]
        for d in cmp.missed_dates:
            label = f"{DATE_LABEL} {d['value']}"
            out += [Mark(a, b, DATE_LABEL, "missed", f"missed {label}", _tag("missed", label))
                    for a, b in _occurrences(doc["text"], d.get("text") or "", taken)]
    return sorted(out, key=lambda m: m.start)


def _occurrences(text: str, needle: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Whole-word, case-blind occurrences of needle outside the taken spans, which they join."""
    if not needle.strip():
        return []
    found = []
    for m in re.finditer(rf"(?<!\w){re.escape(needle.strip())}(?!\w)", text, re.IGNORECASE):
        if all(m.end() <= a or m.start() >= b for a, b in taken):
            found.append((m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return found


def render_text(text: str, highlights: list[Mark]) -> str:
    """The clean text with its highlights; every piece of it escaped."""
    parts, pos = [], 0
    for m in highlights:
        verdict = f' data-verdict="{m.verdict}"' if m.verdict else ""
        parts.append(f'{html.escape(text[pos:m.start])}<mark class="entity" data-label="{escape(m.label)}"{verdict} '
                     f'title="{escape(m.tip)}">{html.escape(text[m.start:m.end])}'
                     f'<span class="tag">{escape(m.tag)}</span></mark>')
        pos = m.end
    parts.append(html.escape(text[pos:]))
    return f'<div class="text">{"".join(parts)}</div>'


# ---------------------------------------------------------------- tables and charts
def bar_chart(values: dict[str, float], title: str) -> str:
    """An inline SVG bar chart of scores between 0 and 1."""
    row, width, label_w = 22, 320, 170
    height = row * len(values) + 30
    parts = [f'<svg class="chart" width="{label_w + width + 60}" height="{height}" role="img" '
             f'aria-label="{html.escape(title)}"><text x="0" y="14" font-weight="bold">{html.escape(title)}</text>']
    for i, (name, v) in enumerate(values.items()):
        y = 24 + i * row
        parts.append(f'<text x="0" y="{y + 13}">{html.escape(name)}</text>'
                     f'<rect class="bar" x="{label_w}" y="{y}" width="{max(v, 0) * width:.1f}" height="{row - 6}"/>'
                     f'<text x="{label_w + max(v, 0) * width + 4:.1f}" y="{y + 13}">{v:.3f}</text>')
    return "".join(parts) + "</svg>"


def _table(headers: list[str], rows: list[list[object]], verdicts: list[str | None] | None = None) -> str:
    """A table; cells are escaped unless built here as Html, rows carry their verdict when given."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = []
    for i, r in enumerate(rows):
        verdict = verdicts[i] if verdicts else None
        attr = f' data-verdict="{verdict}"' if verdict else ""
        cells = "".join(f"<td>{c if isinstance(c, Html) else escape(c)}</td>" for c in r)
        body.append(f"<tr{attr}>{cells}</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def _link(anchor: str, text: str) -> Html:
    """A link to a place in the page, its text escaped."""
    return Html(f'<a href="#{html.escape(anchor, quote=True)}">{escape(text)}</a>')


def _verdict_text(check: Check) -> str:
    """A table row's verdict in words, as its highlight's title says it."""
    return " ".join([_symbol(check.verdict), "; ".join(_problem_lines(check))])


def entity_table(doc: dict, cmp: Comparison | None) -> str:
    """Every entity of an article with its normalised fields and, with gold, its verdict and the ones missed."""
    counts = Counter(s.get("entity_id") for s in doc["spans"])
    headers = ["type", "name", "aliases", "title", "role", "org", "country / code", "mentions"]
    rows: list[list[object]] = []
    verdicts: list[str | None] = []
    for e in doc["entities"]:
        check = cmp.entities.get(e["entity_id"]) if cmp else None
        rows.append([e["type"], e["name"], e.get("aliases"), e.get("title"), e.get("role"), e.get("org"),
                     e.get("country") or e.get("code"), counts[e["entity_id"]]]
                    + ([_verdict_text(check)] if check else []))
        verdicts.append(check.verdict if check else None)
    if cmp:
        headers.append("against gold")
        for g in cmp.missed_entities:
            rows.append([g["type"], g["name"], g.get("aliases"), g.get("title"), g.get("role"), g.get("org"),
                         g.get("country") or g.get("code"), 0, f"{_symbol('missed')} (gold entity)"])
            verdicts.append("missed")
    return "<h3>Entities</h3>" + _table(headers, rows, verdicts)


def agreement_table(doc: dict, cmp: Comparison | None) -> str:
    """An article's agreements and, with gold, each one's verdict and the gold agreements missed."""
    rows: list[list[object]] = [[a.get(k) for k in AGREEMENT_FIELDS] for a in doc["agreements"]]
    verdicts: list[str | None] = [None] * len(rows)
    headers = list(AGREEMENT_FIELDS)
    if cmp:
        headers.append("against gold")
        for row, check in zip(rows, cmp.agreements):
            row.append(_verdict_text(check))
        verdicts = [c.verdict for c in cmp.agreements]
        rows += [[g.get(k) for k in AGREEMENT_FIELDS] + [f"{_symbol('missed')} (gold agreement)"]
                 for g in cmp.missed_agreements]
        verdicts += ["missed"] * len(cmp.missed_agreements)
    if not rows:
        return ""
    return "<h3>Agreements</h3>" + _table(headers, rows, verdicts)


# ---------------------------------------------------------------- summary
def failed_articles(pred_dir: Path, docs: list[dict]) -> list[dict]:
    """Articles with no report of their own: error rows with their reason, ok rows whose clean text is gone."""
    shown = {d["article_id"] for d in docs}
    out = []
    for row in read_table(pred_dir, "articles").to_dict("records"):
        if row.get("status") == "ok" and row["article_id"] in shown:
            continue
        reason = row.get("error") if row.get("status") != "ok" else "no clean text under clean/"
        out.append({"article_id": row["article_id"], "source": row.get("source"), "error": show(reason),
                    "anchor": f"failed-{len(out) + 1}"})
    return out


def top_actors(docs: list[dict], n: int = TOP_ACTORS) -> list[list[object]]:
    """[name, type, articles, mentions] of the persons, organisations and countries named in most articles.

    An actor is one across articles when a normalised name or alias (a country: its code) recurs.
    """
    index: dict[tuple[str, str], int] = {}
    names: list[Counter] = []
    articles: list[set[str]] = []
    mentions: list[int] = []
    kinds: list[str] = []
    for doc in docs:
        counts = Counter(s.get("entity_id") for s in doc["spans"])
        for e in doc["entities"]:
            if e["type"] not in ACTOR_TYPES:
                continue
            keys = ({(e["type"], e["code"])} if e["type"] == "COUNTRY" and e.get("code") else
                    {(e["type"], norm_name(x)) for x in (e["name"], *(e.get("aliases") or [])) if norm_name(x)})
            k = next((index[x] for x in keys if x in index), len(names))
            if k == len(names):
                names.append(Counter())
                articles.append(set())
                mentions.append(0)
                kinds.append(e["type"])
            for x in keys:
                index.setdefault(x, k)
            names[k][e["name"]] += 1
            articles[k].add(doc["article_id"])
            mentions[k] += counts[e["entity_id"]]
    ranked = sorted(range(len(names)), key=lambda k: (-len(articles[k]), -mentions[k], names[k].most_common(1)[0][0]))
    return [[names[k].most_common(1)[0][0], kinds[k], len(articles[k]), mentions[k]] for k in ranked[:n]]


def summary(docs: list[dict], failed: list[dict], anchors: dict[str, str]) -> str:
    """What the run found, without gold: counts by type, top actors, agreements, failed articles."""
    items: Counter = Counter()  # entities, or a date's distinct values per article
    spans: Counter = Counter()
    articles: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        items.update(e["type"] for e in doc["entities"])
        items.update(label for label, _ in {(s["label"], s["value"]) for s in doc["spans"] if s["label"] == DATE_LABEL})
        spans.update(s["label"] for s in doc["spans"])
        for label in {*(e["type"] for e in doc["entities"]), *(s["label"] for s in doc["spans"])}:
            articles[label].add(doc["article_id"])
    counts = [[t, items[t], spans[t], len(articles[t])] for t in (*ENTITY_TYPES, DATE_LABEL)]
    parts = ["<h2 id='summary'>Summary</h2><h3>Counts by type</h3>",
             _table(["type", "entities (dates: distinct values)", "mentions", "articles"], counts),
             "<h3>Most frequent actors</h3>", _table(["actor", "type", "articles", "mentions"], top_actors(docs))]
    found = [(doc, a) for doc in docs for a in doc["agreements"]]
    by_type = Counter(a["type"] for _, a in found)
    per_type = ", ".join(f"{n} {t}" for t, n in sorted(by_type.items())) or "none"
    parts.append(f"<h3>Agreements found ({len(found)})</h3><p>{escape(per_type)}</p>")
    if found:
        parts.append(_table(["article", *AGREEMENT_FIELDS],
                            [[_link(anchors[d["article_id"]], d["article_id"]), *(a.get(k) for k in AGREEMENT_FIELDS)]
                             for d, a in found]))
    parts.append(f"<h3>Articles with errors ({len(failed)})</h3>")
    parts.append(_table(["article", "source", "reason"],
                        [[_link(f["anchor"], f["article_id"]), f["source"], f["error"]] for f in failed])
                 if failed else "<p>none: every article was processed</p>")
    return "".join(parts)


def legend(with_gold: bool) -> str:
    """How to read the highlights; the verdicts only when there is gold to compare with."""
    texts = _texts()
    items = "".join(f'<li><mark class="entity sample" data-label="ORG" data-verdict="{v}">name'
                    f'<span class="tag">{escape(_tag(v, "ORG"))}</span></mark> {escape(t["text"])}</li>'
                    for v, t in texts["verdicts"].items()) if with_gold else ""
    return f"<p>{escape(texts['hint'])}</p>" + (f"<ul class='legend'>{items}</ul>" if items else "")


# ---------------------------------------------------------------- the page
def build(pred_dir: Path, gold_dir: Path | None = None, raw_dir: Path | None = None) -> str:
    """The report as one HTML string."""
    golds = {g["article_id"]: g for g in read_gold_folder(gold_dir)} if gold_dir is not None else {}
    docs = documents(pred_dir)
    failed = failed_articles(pred_dir, docs)
    anchors = {d["article_id"]: f"art-{d['article_id']}" for d in docs}
    cmps = {d["article_id"]: compare(d, golds[d["article_id"]]) for d in docs if d["article_id"] in golds}
    diffs = {aid: differences(d, golds[aid], cmps[aid]) for d in docs if (aid := d["article_id"]) in cmps}
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Extraction review</title>"
             f"<style>{_style()}</style></head><body><h1 id='top'>Extraction review</h1>"
             f"<p>{len(docs) + len(failed)} articles from <code>{escape(str(pred_dir))}</code>: "
             f"{len(docs)} ok, {len(failed)} with errors</p>", summary(docs, failed, anchors)]
    if golds:
        scores = evaluate_many([(gold_dir, pred_dir, raw_dir)])
        fields = {k: v["f1"] for k, v in scores["prf"].items() if not k.startswith("entities.")}
        fields.update({k: v["accuracy"] for k, v in scores["accuracy"].items() if v["accuracy"] is not None})
        types = {k.split(".", 1)[1]: v["f1"] for k, v in scores["prf"].items() if k.startswith("entities.")}
        parts.append("<h2>Scores</h2>" + bar_chart(fields, "F1 or accuracy per field")
                     + bar_chart(types, "Entity F1 per type"))
    order = sorted(docs, key=lambda d: -len(diffs.get(d["article_id"], [])))
    rows: list[list[object]] = [[_link(f["anchor"], f["article_id"]), MISSING, "error", MISSING, MISSING, MISSING]
                                + ([MISSING] if golds else []) for f in failed]
    for d in order:
        n_dates = sum(s["label"] == DATE_LABEL for s in d["spans"])
        rows.append([_link(anchors[d["article_id"]], d["article_id"]), d.get("title"), "ok", len(d["entities"]),
                     n_dates, len(d["agreements"])] + ([len(diffs[d["article_id"]]) if d["article_id"] in diffs
                                                        else MISSING] if golds else []))
    parts.append(f"<h2>{'Articles by error count' if golds else 'Articles'}</h2>" + _table(
        ["article", "title", "status", "entities", "dates", "agreements"] + (["errors"] if golds else []), rows))
    parts.append(legend(bool(golds)))
    back = "<a class='top' href='#top'>↑ top</a>"
    for doc in order:
        aid = doc["article_id"]
        cmp = cmps.get(aid)
        parts.append(f"<div class='article' id='{escape(anchors[aid])}'><h2>{escape(aid)}: "
                     f"{escape(doc.get('title') or '(no title)')}{back}</h2>"
                     f"<p>published: {escape(doc.get('published'))}</p>")
        parts.append(render_text(doc["text"], marks(doc, cmp)))
        parts.append(entity_table(doc, cmp) + agreement_table(doc, cmp))
        if aid in diffs:
            parts.append("<h3>Against gold</h3>" + (_table(["field", "problem", "what"], [list(r) for r in diffs[aid]])
                                                   if diffs[aid] else "<p>no differences</p>"))
        parts.append("</div>")
    for f in failed:
        parts.append(f"<div class='article failed' id='{escape(f['anchor'])}'><h2>{escape(f['article_id'])}: "
                     f"failed{back}</h2><p>source: {escape(f['source'])}</p><p>reason: {escape(f['error'])}</p></div>")
    parts.append("</body></html>")
    return "".join(parts)
