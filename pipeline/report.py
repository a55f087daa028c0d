"""A self-contained HTML review report of an output folder, optionally against gold.

Per article: the clean text with entities and dates highlighted by
displaCy, the agreements as a table and, with gold, what was missed and what
was wrong, field by field. Overall: the evaluate scores with an inline SVG
bar chart, and the articles ordered by their error count. No script, font or
style is fetched from the network.
"""
from __future__ import annotations

import html
from pathlib import Path

from .annotate import DATE_LABEL, documents
from .evaluate import (agreement_match, entity_match, org_equal, role_equal, evaluate_many,
                       match_one_to_one, norm_name, read_gold_folder)

COLORS = {"PERSON": "#aa9cfc", "ORG": "#7aecec", "COUNTRY": "#feca74", "LOCATION": "#9cc9cc", DATE_LABEL: "#bfe1d9"}
STYLE = """body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;font-size:.9em;text-align:left}
.missed{color:#b00}.wrong{color:#a60}.article{border-top:2px solid #444;margin-top:2em;padding-top:.5em}
.bar{fill:#4a7fb5}.chart text{font-size:11px}"""


def highlighted(doc: dict) -> str:
    """The clean text with non-overlapping entity and date spans, rendered by displaCy."""
    from spacy import displacy

    ents, last = [], -1
    for s in sorted(doc["spans"], key=lambda s: (s["start"], -s["end"])):
        if s["start"] >= last:
            ents.append({"start": s["start"], "end": s["end"], "label": s["label"]})
            last = s["end"]
    return displacy.render([{"text": doc["text"], "ents": ents, "title": None}], style="ent", manual=True,
                           page=False, jupyter=False, options={"colors": COLORS})


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


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def differences(doc: dict, gold: dict) -> list[tuple[str, str, str]]:
    """(field, kind, what) for every miss and every wrong value against gold."""
    out: list[tuple[str, str, str]] = []
    preds = doc["entities"]
    gold_orgs = [g for g in gold["entities"] if g["type"] == "ORG"]
    for etype in ("PERSON", "ORG", "COUNTRY", "LOCATION"):
        gs = [g for g in gold["entities"] if g["type"] == etype]
        ps = [p for p in preds if p["type"] == etype]
        pairs = match_one_to_one(ps, gs, entity_match)
        hit_p, hit_g = {id(p) for p, _ in pairs}, {id(g) for _, g in pairs}
        out += [(etype, "missed", g["name"]) for g in gs if id(g) not in hit_g]
        out += [(etype, "spurious", p["name"]) for p in ps if id(p) not in hit_p]
        for p, g in pairs:
            if etype == "PERSON" and (p.get("role") or g.get("role")) and not role_equal(p.get("role"), g.get("role")):
                out.append((etype, "wrong role", f"{g['name']}: {p.get('role')} (gold {g.get('role')})"))
            if etype == "PERSON" and (p.get("org") or g.get("org")) and not org_equal(p.get("org"), g.get("org"), gold_orgs):
                out.append((etype, "wrong org", f"{g['name']}: {p.get('org')} (gold {g.get('org')})"))
            if etype in ("PERSON", "ORG") and (p.get("country") or None) != (g.get("country") or None):
                out.append((etype, "wrong country", f"{g['name']}: {p.get('country')} (gold {g.get('country')})"))
    pred_dates = {s["value"] for s in doc["spans"] if s["label"] == DATE_LABEL}
    gold_dates = {d["value"] for d in gold.get("dates", [])}
    out += [("dates", "missed", v) for v in sorted(gold_dates - pred_dates)]
    out += [("dates", "spurious", v) for v in sorted(pred_dates - gold_dates)]
    pairs = match_one_to_one(doc["agreements"], gold.get("agreements", []), agreement_match)
    hit_p, hit_g = {id(p) for p, _ in pairs}, {id(g) for _, g in pairs}
    out += [("agreements", "missed", _agreement_name(g)) for g in gold.get("agreements", []) if id(g) not in hit_g]
    out += [("agreements", "spurious", _agreement_name(p)) for p in doc["agreements"] if id(p) not in hit_p]
    for p, g in pairs:
        for key in ("status", "date"):
            if (p.get(key) or None) != (g.get(key) or None):
                out.append(("agreements", f"wrong {key}", f"{_agreement_name(g)}: {p.get(key)} (gold {g.get(key)})"))
    if gold.get("published") and doc.get("published") != gold["published"]:
        out.append(("published", "wrong", f"{doc.get('published')} (gold {gold['published']})"))
    if norm_name(doc.get("title")) != norm_name(gold.get("title")):
        out.append(("title", "wrong", f"{doc.get('title')} (gold {gold.get('title')})"))
    return out


def _agreement_name(a: dict) -> str:
    return f"{a['type']} {'/'.join(a.get('countries') or a.get('parties') or [])}"


def build(pred_dir: Path, gold_dir: Path | None = None, raw_dir: Path | None = None) -> str:
    """The report as one HTML string."""
    golds = {g["article_id"]: g for g in read_gold_folder(gold_dir)} if gold_dir is not None else {}
    docs = documents(pred_dir)
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Extraction review</title>"
             f"<style>{STYLE}</style></head><body><h1>Extraction review</h1>"
             f"<p>{len(docs)} articles from <code>{html.escape(str(pred_dir))}</code></p>"]
    diffs = {d["article_id"]: differences(d, golds[d["article_id"]]) for d in docs if d["article_id"] in golds}
    if golds:
        scores = evaluate_many([(gold_dir, pred_dir, raw_dir)])
        fields = {k: v["f1"] for k, v in scores["prf"].items() if not k.startswith("entities.")}
        fields.update({k: v["accuracy"] for k, v in scores["accuracy"].items() if v["accuracy"] is not None})
        types = {k.split(".", 1)[1]: v["f1"] for k, v in scores["prf"].items() if k.startswith("entities.")}
        parts.append("<h2>Scores</h2>" + bar_chart(fields, "F1 or accuracy per field")
                     + bar_chart(types, "Entity F1 per type"))
        ranked = sorted(diffs.items(), key=lambda kv: -len(kv[1]))
        parts.append("<h2>Articles by error count</h2>" + _table(
            ["article", "errors"], [[aid, len(d)] for aid, d in ranked]))
    order = sorted(docs, key=lambda d: -len(diffs.get(d["article_id"], [])))
    for doc in order:
        aid = doc["article_id"]
        parts.append(f"<div class='article' id='{html.escape(aid)}'><h2>{html.escape(aid)}: "
                     f"{html.escape(doc.get('title') or '(no title)')}</h2>"
                     f"<p>published: {html.escape(str(doc.get('published') or '-'))}</p>")
        parts.append(highlighted(doc))
        if doc["agreements"]:
            parts.append("<h3>Agreements</h3>" + _table(
                ["type", "status", "date", "parties", "countries", "title"],
                [[a["type"], a["status"], a.get("date") or "", ", ".join(a.get("parties") or []),
                  ", ".join(a.get("countries") or []), a.get("title") or ""] for a in doc["agreements"]]))
        if aid in diffs:
            rows = diffs[aid]
            parts.append("<h3>Against gold</h3>" + (_table(["field", "problem", "what"], [list(r) for r in rows])
                                                   if rows else "<p>no differences</p>"))
        parts.append("</div>")
    parts.append("</body></html>")
    return "".join(parts)
