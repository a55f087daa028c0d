"""Round trip with annotation tools: predictions out as pre-annotations, finished work in as gold.

Label Studio (a JSON list of tasks, labeling config in ``data/label_studio.xml``) and
doccano (JSONL) both get the clean text with one span per entity mention and per
date. Every exported span has a record (``span_records``: its region id, offsets,
label, and the entity id or date value it stood for), and every entity a record
(``entity_records``); these, agreements, title, published and the raw lines cleaning
dropped travel as document fields, which neither tool lets an annotator change.

Importing builds gold from the spans the annotator left, never from those records
alone: spans are grouped by the entity of their record (Label Studio: the region
id; doccano: offsets and label), a relabelled span changes its entity's type or
leaves it, a hand-drawn span is a new entity unless its text or typed name is the
name or an alias of an entity of that type, and an entity whose spans are all gone
is gone. Label Studio's per-region fields (the config's TextAreas) carry entity
attributes and date values both ways. A date span without a value takes what the
project's date tagger resolves there; one it cannot resolve is reported and kept
out of ``dates`` (listed in the gold file's ``note``). Exporting and re-importing
unchanged work evaluates to 1.0 on every field.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from .actors import country_code
from .dataset import atomic_write_bytes
from .dates import find_dates
from .evaluate import norm_line, norm_name, predictions, read_table
from .model import DateMention
from .paths import data_text
from .sources import is_safe_id, read_folder

DATE_LABEL = "DATE"
# document fields both tools carry through unchanged
DOC_FIELDS = ("article_id", "title", "published", "boilerplate", "agreements", "entity_records", "span_records")
_VALUE = re.compile(r"\d{4}(?:-\d{2}){0,2}")
_UNSEEN = object()  # a region that says nothing about an attribute


# ---------------------------------------------------------------- labeling config
@lru_cache(maxsize=1)
def label_config() -> str:
    """The Label Studio labeling config users paste into their project."""
    return data_text("label_studio.xml")


@lru_cache(maxsize=1)
def labels() -> tuple[str, ...]:
    """The span labels of the config: the four entity types and DATE."""
    return tuple(lab.get("value") for lab in ET.fromstring(label_config()).iter("Label"))


@lru_cache(maxsize=1)
def region_fields() -> dict[str, tuple[str, ...]]:
    """Per-region field (TextArea name, a SPEC 7 key) -> the labels that carry it, in config order."""
    return {t.get("name"): tuple(t.get("whenLabelValue").split(","))
            for t in ET.fromstring(label_config()).iter("TextArea")}


def attributes(label: str) -> tuple[str, ...]:
    """The fields of a label: an entity type's gold keys after ``type``, or DATE's ``value``."""
    return tuple(name for name, where in region_fields().items() if label in where)


# ---------------------------------------------------------------- documents
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
        entities = [{k: e.get(k) for k in ("entity_id", "type", "name", "aliases", "code", "title", "role", "org",
                                           "country")} for e in pred["entities"]]
        agreements = [{k: a.get(k) for k in ("type", "status", "date", "parties", "countries", "title")}
                      for a in pred["agreements"]]
        docs.append({"article_id": aid, "text": text, "title": pred["title"], "published": pred["published"],
                     "boilerplate": dropped_lines(raws[aid], text) if aid in raws else [],
                     "spans": _spans(mentions[mentions.article_id == aid].to_dict("records"),
                                     dates[dates.article_id == aid].to_dict("records")),
                     "entities": entities, "agreements": agreements})
    return docs


def _spans(mentions: list[dict], dates: list[dict]) -> list[dict]:
    """Span records in text order, each with a region id naming its entity ("E3-m1") or date ("d2")."""
    spans = [{"start": int(m["start"]), "end": int(m["end"]), "label": m["label"], "entity_id": m["entity_id"]}
             for m in mentions]
    spans += [{"start": int(d["start"]), "end": int(d["end"]), "label": DATE_LABEL, "value": d["value"]}
              for d in dates]
    spans.sort(key=lambda s: (s["start"], s["end"]))
    seen: Counter = Counter()
    for s in spans:
        owner = s.get("entity_id") or "d"
        seen[owner] += 1
        s["id"] = f"{owner}-m{seen[owner]}" if "entity_id" in s else f"d{seen[owner]}"
    return spans


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


def _fields(doc: dict) -> dict:
    """The document fields a tool carries: the records under names no tool claims for itself."""
    return {"article_id": doc["article_id"], "title": doc["title"], "published": doc["published"],
            "boilerplate": doc["boilerplate"], "agreements": doc["agreements"],
            "entity_records": doc["entities"], "span_records": doc["spans"]}


# ---------------------------------------------------------------- Label Studio out
def to_label_studio(doc: dict) -> dict:
    """A task: the document as data, its spans and their fields as one prediction."""
    entities = {e["entity_id"]: e for e in doc["entities"]}
    results = []
    for s in doc["spans"]:
        results.append(_result(s, "label", "labels", {"text": doc["text"][s["start"]:s["end"]], "labels": [s["label"]]}))
        results += [_result(s, name, "textarea", {"text": items}) for name, items in _prefill(s, entities).items()]
    return {"data": {"text": doc["text"], **_fields(doc)},
            "predictions": [{"model_version": "pipeline", "result": results}]}


def _result(span: dict, from_name: str, kind: str, value: dict) -> dict:
    return {"id": span["id"], "from_name": from_name, "to_name": "text", "type": kind,
            "value": {"start": span["start"], "end": span["end"], **value}}


def _prefill(span: dict, entities: dict[str, dict]) -> dict[str, list[str]]:
    """The per-region fields of a span as export fills them: a date's value, an entity's attributes."""
    record = entities[span["entity_id"]] if "entity_id" in span else span
    return {name: items for name in attributes(span["label"]) if (items := _items(record.get(name)))}


def _items(value: str | list | None) -> list[str]:
    return list(value) if isinstance(value, list) else [value] if value else []


# ---------------------------------------------------------------- doccano out
def to_doccano(doc: dict) -> dict:
    """A doccano line: text, one [start, end, label] per distinct span, and the document fields."""
    spans = sorted({(s["start"], s["end"], s["label"]) for s in doc["spans"]})
    return {"text": doc["text"], "label": [list(s) for s in spans], **_fields(doc)}


# ---------------------------------------------------------------- what comes back
@dataclass
class Span:
    """One span as the annotator left it, with the exported records it came from (none if drawn anew)."""
    start: int
    end: int
    label: str
    records: list[dict] = field(default_factory=list)
    fields: dict[str, list[str]] | None = None  # per-region field values; None where the tool has none


@dataclass
class Annotated:
    """A finished document: its exported fields, text and the spans that came back."""
    fields: dict
    text: str
    spans: list[Span]
    where: str  # names the task or line in messages

    @cached_property
    def tagged(self) -> list[DateMention]:
        """The date tagger over the whole text, for spans that come without a value."""
        return find_dates(self.text, self.fields.get("published"))

    @cached_property
    def entity_records(self) -> dict[str, dict]:
        """Exported entities by id."""
        return {e["entity_id"]: e for e in self.fields.get("entity_records") or []}

    def surface(self, span: Span) -> str:
        return self.text[span.start:span.end]


@dataclass
class Imported:
    """What an import did, for the command line to report."""
    written: list[str] = field(default_factory=list)  # article ids
    skipped: list[str] = field(default_factory=list)  # tasks without a finished annotation
    warnings: list[str] = field(default_factory=list)


def finished_annotation(task: dict) -> dict | None:
    """The annotation that counts: not skipped; ground truth first, then the latest."""
    done = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    done.sort(key=lambda a: (bool(a.get("ground_truth")), a.get("updated_at") or a.get("created_at") or ""))
    return done[-1] if done else None


def from_label_studio(task: dict, accept_predictions: bool = False) -> Annotated | None:
    """A task's finished annotation (or, if asked, its exported spans); None for a task with neither."""
    data = task["data"]
    annotation = finished_annotation(task)
    if annotation is not None:
        spans = _label_studio_spans(annotation["result"], {s["id"]: s for s in data["span_records"]})
    elif accept_predictions:
        spans = [Span(s["start"], s["end"], s["label"], [s]) for s in data["span_records"]]
    else:
        return None
    return Annotated({k: data.get(k) for k in DOC_FIELDS}, data["text"], spans, task_name(task))


def task_name(task: dict) -> str:
    """How messages name a task: Label Studio's id where the export has one, and the article."""
    article = task["data"].get("article_id")
    return f"task {task['id']} ({article})" if "id" in task else f"task {article}"


def _label_studio_spans(results: list[dict], records: dict[str, dict]) -> list[Span]:
    """Label regions with their per-region fields; a region's id links it to its exported record."""
    values: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for r in results:
        if r.get("type") == "textarea":
            values[r["id"]][r["from_name"]] = [t.strip() for t in r["value"].get("text") or [] if t.strip()]
    shown = bool(values)  # a project without the shipped config returns no fields: keep the exported values
    return [Span(r["value"]["start"], r["value"]["end"], r["value"]["labels"][0],
                 [records[r["id"]]] if r["id"] in records else [], values[r["id"]] if shown else None)
            for r in results if r.get("type") == "labels" and r["value"].get("labels")]


def from_doccano(line: dict, number: int) -> Annotated:
    """A doccano line; its spans meet their records by offsets and label, then by offsets alone."""
    if "label" in line:
        triples = {(a, b, lab) for a, b, lab in line["label"]}
    else:  # a project with relations exports entities
        triples = {(e["start_offset"], e["end_offset"], e["label"]) for e in line.get("entities") or []}
    records = line.get("span_records") or []
    spans = [Span(a, b, lab, [r for r in records if (r["start"], r["end"], r["label"]) == (a, b, lab)]
                  or [r for r in records if (r["start"], r["end"]) == (a, b)])
             for a, b, lab in sorted(triples)]
    return Annotated({k: line.get(k) for k in DOC_FIELDS}, line["text"], spans,
                     f"line {number} ({line.get('article_id')})")


# ---------------------------------------------------------------- gold
def to_gold(doc: Annotated, warnings: list[str]) -> dict:
    """A finished document as a SPEC section 7 gold record; problems go to ``warnings``."""
    known = set(labels())
    for s in doc.spans:
        if s.label not in known:
            warnings.append(f"{doc.where}: span {doc.surface(s)!r} at {s.start}-{s.end} has label {s.label!r}, "
                            f"not one of {', '.join(labels())}; left out")
    spans = sorted((s for s in doc.spans if s.label in known), key=lambda s: (s.start, s.end))
    dates, unresolved = gold_dates(doc, [s for s in spans if s.label == DATE_LABEL], warnings)
    gold = {"article_id": doc.fields["article_id"], "title": doc.fields.get("title"),
            "published": doc.fields.get("published"), "boilerplate": list(doc.fields.get("boilerplate") or []),
            "entities": gold_entities(doc, [s for s in spans if s.label != DATE_LABEL], warnings),
            "dates": dates, "agreements": [dict(a) for a in doc.fields.get("agreements") or []]}
    if unresolved:
        gold["note"] = "DATE spans without a value, kept out of dates: " + "; ".join(unresolved)
    return gold


# ---------------------------------------------------------------- gold dates
def gold_dates(doc: Annotated, spans: list[Span], warnings: list[str]) -> tuple[list[dict], list[str]]:
    """Gold dates of the DATE spans, and the spans left without a value ("'text' at start-end")."""
    dates, unresolved = [], []
    for s in spans:
        values = _date_values(doc, s, warnings)
        if not values:
            unresolved.append(f"{doc.surface(s)!r} at {s.start}-{s.end}")
        dates += [{"text": doc.surface(s), "value": v} for v in values]
    return dates, unresolved


def _date_values(doc: Annotated, span: Span, warnings: list[str]) -> list[str]:
    """A typed value; else the exported values where the tool has no fields; else the tagger's."""
    typed = (span.fields or {}).get("value")
    if typed:
        if _is_value(typed[0]):
            return [typed[0]]
        warnings.append(f"{doc.where}: DATE span {doc.surface(span)!r} at {span.start}-{span.end} has value "
                        f"{typed[0]!r}, not YYYY-MM-DD, YYYY-MM or YYYY; kept out of dates")
        return []
    exported = [r["value"] for r in span.records if r.get("value")] if span.fields is None else []
    values = exported or _tagged_values(doc, span)
    if not values:
        warnings.append(f"{doc.where}: DATE span {doc.surface(span)!r} at {span.start}-{span.end}: the date tagger "
                        f"cannot resolve it; type its value (YYYY-MM-DD, YYYY-MM or YYYY); kept out of dates")
    return values


def _is_value(value: str) -> bool:
    """A calendar day, month or year as SPEC 4 writes it."""
    if not _VALUE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value + "-01-01"[:10 - len(value)])
    except ValueError:
        return False
    return True


def _tagged_values(doc: Annotated, span: Span) -> list[str]:
    """What the date tagger finds over the span in the article (its year context), else in the span alone."""
    found = [d.value for d in doc.tagged if d.start < span.end and d.end > span.start]
    found = found or [d.value for d in find_dates(doc.surface(span), doc.fields.get("published"))]
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------- gold entities
@dataclass
class _Entity:
    """An entity being rebuilt from the spans that name it."""
    type: str
    record: dict | None  # the exported entity it continues; None for a new one
    spans: list[Span]


def gold_entities(doc: Annotated, spans: list[Span], warnings: list[str]) -> list[dict]:
    """One gold entity per referent the annotated spans leave."""
    entities, loose = _exported_entities(doc, spans)
    for s in loose:
        _join(doc, entities, s)
    return [_gold_entity(doc, e, warnings) for e in entities]


def _exported_entities(doc: Annotated, spans: list[Span]) -> tuple[list[_Entity], list[Span]]:
    """Exported entities that kept a span, typed by their spans' label; spans that belong to none."""
    records = doc.entity_records
    grouped: dict[str, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
    loose = []
    for s in spans:
        eid = _entity_id(s)
        if eid in records:
            grouped[eid][s.label].append(s)
        else:
            loose.append(s)
    entities = []
    for eid, record in records.items():
        by_label = grouped.get(eid)
        if not by_label:
            continue  # every span deleted: the entity is gone
        kept = record["type"] if record["type"] in by_label else max(by_label, key=lambda lab: len(by_label[lab]))
        entities.append(_Entity(kept, record, by_label.pop(kept)))
        loose += [s for rest in by_label.values() for s in rest]  # relabelled away from the rest of the entity
    return entities, sorted(loose, key=lambda s: (s.start, s.end))


def _entity_id(span: Span) -> str | None:
    return next((r["entity_id"] for r in span.records if r.get("entity_id")), None)


def _join(doc: Annotated, entities: list[_Entity], span: Span) -> None:
    """A span with no entity of its own joins the entity of that type it names, or starts one."""
    key = norm_name(_typed(span, "name") or doc.surface(span))
    for e in entities:
        if e.type == span.label and key in _keys(doc, e):
            e.spans.append(span)
            return
    entities.append(_Entity(span.label, None, [span]))


def _keys(doc: Annotated, entity: _Entity) -> set[str]:
    """Normalised names a new span may give to join the entity."""
    if entity.record is None:
        first = entity.spans[0]
        return {norm_name(_typed(first, "name") or doc.surface(first))}
    return {norm_name(n) for n in [entity.record.get("name"), *(entity.record.get("aliases") or [])] if n}


def _typed(span: Span, name: str) -> str | None:
    items = (span.fields or {}).get(name)
    return items[0] if items else None


def _gold_entity(doc: Annotated, e: _Entity, warnings: list[str]) -> dict:
    """The entity's gold keys for its type: exported values with the annotator's edits on top."""
    gold: dict = {"type": e.type}
    for name in attributes(e.type):
        gold[name] = _attribute(doc, e, name)
    gold["name"] = gold["name"] or (e.record or {}).get("name") or doc.surface(e.spans[0])
    for name in ("code", "country"):
        if gold.get(name):
            gold[name] = gold[name].upper()
    if e.type == "COUNTRY" and not gold["code"]:
        gold["code"] = country_code(gold["name"])
        if not gold["code"]:
            warnings.append(f"{doc.where}: COUNTRY {gold['name']!r} has no ISO code; type it in the code field")
    return gold


def _base(record: dict | None, name: str) -> str | list[str] | None:
    value = (record or {}).get(name)
    return list(value or []) if name == "aliases" else value


def _attribute(doc: Annotated, e: _Entity, name: str) -> str | list[str] | None:
    """The exported value unless a region of the entity says otherwise (the first such region wins)."""
    base = _base(e.record, name)
    votes = (_vote(doc, s, e.record, name) for s in e.spans)
    return next((v for v in votes if v is not _UNSEEN and v != base), base)


def _vote(doc: Annotated, span: Span, record: dict | None, name: str) -> object:
    """What a region says about an attribute of the entity it belongs to.

    A region exported for this entity showed the exported value, so a missing field
    there was cleared. Elsewhere only a value differing from what the region was
    exported with counts: a region relabelled away from its entity still shows the
    old entity's values, and a new region shows none.
    """
    if span.fields is None:
        return _UNSEEN
    items = span.fields.get(name, [])
    said = items if name == "aliases" else (items[0] if items else None)
    own = _entity_id(span)
    if record is not None and own == record["entity_id"]:
        return said
    shown = _items(_base(doc.entity_records.get(own), name))
    return _UNSEEN if not items or items == shown else said


# ---------------------------------------------------------------- files
def export(pred_dir: Path, out: Path, fmt: str, raw_dir: Path | None = None) -> int:
    """Write the predictions as Label Studio tasks or doccano JSONL; returns the article count."""
    docs = documents(pred_dir, raw_dir)
    if fmt == "label-studio":
        data = json.dumps([to_label_studio(d) for d in docs], ensure_ascii=False, indent=1)
    else:
        data = "\n".join(json.dumps(to_doccano(d), ensure_ascii=False) for d in docs) + "\n"
    atomic_write_bytes(out, data.encode("utf-8"))
    return len(docs)


def import_gold(path: Path, gold_dir: Path, fmt: str, accept_predictions: bool = False) -> Imported:
    """Write a gold file per finished task; with ``accept_predictions`` an untouched task counts as finished."""
    text = path.read_text(encoding="utf-8")
    result = Imported()
    if fmt == "label-studio":
        docs = []
        for task in json.loads(text):
            doc = from_label_studio(task, accept_predictions)
            if doc is None:
                result.skipped.append(task_name(task))
            else:
                docs.append(doc)
    else:
        docs = [from_doccano(json.loads(line), n) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    for doc in docs:
        gold = to_gold(doc, result.warnings)
        if not is_safe_id(str(gold["article_id"])):
            raise ValueError(f"{path}: article_id {str(gold['article_id'])[:80]!r} cannot name a gold file")
        atomic_write_bytes(gold_dir / f"{gold['article_id']}.json",
                           json.dumps(gold, ensure_ascii=False, indent=1).encode("utf-8"))
        result.written.append(gold["article_id"])
    return result
