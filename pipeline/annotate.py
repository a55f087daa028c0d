"""Round trip with annotation tools: predictions out as pre-annotations, finished work in as gold.

Label Studio (a JSON list of tasks) and doccano (JSONL) both get the clean
text with one span per entity mention and per date; everything a span
cannot hold (entity attributes, agreements, title, published, the raw lines
cleaning dropped) travels as document-level fields. Importing turns a task
back into a SPEC section 7 gold file, so exporting and re-importing unchanged
predictions evaluates to 1.0 on every field.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from .dataset import atomic_write_bytes
from .evaluate import norm_line, predictions, read_table
from .sources import is_safe_id, read_folder

DATE_LABEL = "DATE"


def documents(pred_dir: Path, raw_dir: Path | None = None) -> list[dict]:
    """One plain document per article with everything a gold file needs."""
    preds = predictions(pred_dir)
    mentions = read_table(pred_dir, "mentions")
    dates = read_table(pred_dir, "dates")
    raws = {a.article_id: a.text for a in read_folder(raw_dir)} if raw_dir else {}
    docs = []
    for aid, pred in sorted(preds.items()):
        clean_path = pred_dir / "clean" / f"{aid}.txt"
        if pred.get("status") != "ok" or not clean_path.exists():
            continue
        text = clean_path.read_text(encoding="utf-8")
        spans = [{"start": int(m["start"]), "end": int(m["end"]), "label": m["label"], "entity_id": m["entity_id"]}
                 for m in mentions[mentions.article_id == aid].to_dict("records")]
        spans += [{"start": int(d["start"]), "end": int(d["end"]), "label": DATE_LABEL, "value": d["value"]}
                  for d in dates[dates.article_id == aid].to_dict("records")]
        entities = [{k: e.get(k) for k in ("entity_id", "type", "name", "aliases", "code", "title", "role", "org",
                                           "country")} for e in pred["entities"]]
        agreements = [{k: a.get(k) for k in ("type", "status", "date", "parties", "countries", "title")}
                      for a in pred["agreements"]]
        docs.append({"article_id": aid, "text": text, "title": pred["title"], "published": pred["published"],
                     "boilerplate": dropped_lines(raws[aid], text) if aid in raws else [],
                     "spans": sorted(spans, key=lambda s: (s["start"], s["end"])),
                     "entities": entities, "agreements": agreements})
    return docs


def dropped_lines(raw: str, clean: str) -> list[str]:
    """Raw line occurrences the clean text no longer holds (SPEC 8's cleaning positives)."""
    kept = Counter(norm_line(s) for s in clean.splitlines())
    out = []
    for line in raw.splitlines():
        n = norm_line(line)
        if not n:
            continue
        if kept[n] > 0:
            kept[n] -= 1
        else:
            out.append(n)
    return out


def to_gold(doc: dict) -> dict:
    """A document (from either tool) as a SPEC section 7 gold record."""
    entities = []
    for e in doc["entities"]:
        g = {"type": e["type"], "name": e["name"], "aliases": list(e.get("aliases") or [])}
        if e["type"] == "COUNTRY":
            g["code"] = e.get("code")
        if e["type"] in ("PERSON", "ORG"):
            g["country"] = e.get("country")
        if e["type"] == "PERSON":
            g.update(title=e.get("title"), role=e.get("role"), org=e.get("org"))
        entities.append(g)
    dates = [{"text": doc["text"][s["start"]:s["end"]], "value": s["value"]}
             for s in doc["spans"] if s["label"] == DATE_LABEL]
    return {"article_id": doc["article_id"], "title": doc.get("title"), "published": doc.get("published"),
            "boilerplate": list(doc.get("boilerplate") or []), "entities": entities, "dates": dates,
            "agreements": [dict(a) for a in doc["agreements"]]}


# ---------------------------------------------------------------- Label Studio
def to_label_studio(doc: dict) -> dict:
    results = []
    for i, s in enumerate(doc["spans"]):
        value = {"start": s["start"], "end": s["end"], "text": doc["text"][s["start"]:s["end"]], "labels": [s["label"]]}
        meta = {"entity_id": s["entity_id"]} if "entity_id" in s else {"value": s["value"]}
        results.append({"id": f"s{i}", "from_name": "label", "to_name": "text", "type": "labels",
                        "value": value, "meta": meta})
    data = {k: doc[k] for k in ("article_id", "text", "title", "published", "boilerplate", "entities", "agreements")}
    return {"data": data, "predictions": [{"model_version": "pipeline", "result": results}]}


def from_label_studio(task: dict) -> dict:
    """A finished task: its annotations when there are any, else its predictions."""
    data = task["data"]
    done = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    results = (done[-1] if done else (task.get("predictions") or [{"result": []}])[-1])["result"]
    spans = []
    for r in results:
        v = r["value"]
        span = {"start": v["start"], "end": v["end"], "label": v["labels"][0]}
        span.update(r.get("meta") or {})
        spans.append(span)
    return {**data, "spans": spans}


# ---------------------------------------------------------------- doccano
def to_doccano(doc: dict) -> dict:
    fields = {k: doc[k] for k in ("article_id", "title", "published", "boilerplate", "entities", "agreements")}
    return {"text": doc["text"], "label": [[s["start"], s["end"], s["label"]] for s in doc["spans"]],
            "span_meta": [{k: s[k] for k in ("entity_id", "value") if k in s} for s in doc["spans"]], **fields}


def from_doccano(line: dict) -> dict:
    metas = line.get("span_meta") or [{}] * len(line.get("label") or [])
    spans = [{"start": a, "end": b, "label": lab, **meta} for (a, b, lab), meta in zip(line.get("label") or [], metas)]
    return {**{k: line.get(k) for k in ("article_id", "title", "published", "boilerplate", "entities", "agreements")},
            "text": line["text"], "spans": spans}


# ---------------------------------------------------------------- files
def export(pred_dir: Path, out: Path, fmt: str, raw_dir: Path | None = None) -> int:
    docs = documents(pred_dir, raw_dir)
    if fmt == "label-studio":
        data = json.dumps([to_label_studio(d) for d in docs], ensure_ascii=False, indent=1)
    else:
        data = "\n".join(json.dumps(to_doccano(d), ensure_ascii=False) for d in docs) + "\n"
    atomic_write_bytes(out, data.encode("utf-8"))
    return len(docs)


def import_gold(path: Path, gold_dir: Path, fmt: str) -> int:
    text = path.read_text(encoding="utf-8")
    if fmt == "label-studio":
        docs = [from_label_studio(t) for t in json.loads(text)]
    else:
        docs = [from_doccano(json.loads(line)) for line in text.splitlines() if line.strip()]
    for doc in docs:
        gold = to_gold(doc)
        if not is_safe_id(str(gold["article_id"])):
            raise ValueError(f"{path}: article_id {str(gold['article_id'])[:80]!r} cannot name a gold file")
        atomic_write_bytes(gold_dir / f"{gold['article_id']}.json",
                           json.dumps(gold, ensure_ascii=False, indent=1).encode("utf-8"))
    return len(docs)
