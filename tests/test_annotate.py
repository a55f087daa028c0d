"""Annotation round trips: tasks exported from a real run of the seeds, edited the way an annotator
edits them in Label Studio or doccano, exported in the tools' own shapes and imported as gold."""
from __future__ import annotations

import copy
import json
from collections import Counter
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import RAW
from pipeline.annotate import (Annotated, Span, export, gold_dates, import_gold, label_config, labels,
                               region_fields)
from pipeline.cli import main
from pipeline.evaluate import evaluate

STAMP = "2026-01-05T10:00:00.000000Z"


# ---------------------------------------------------------------- exported tasks
@pytest.fixture(scope="module")
def exported(seed_output, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("exported")
    paths = {"label-studio": out / "tasks.json", "doccano": out / "tasks.jsonl"}
    for fmt, path in paths.items():
        export(seed_output, path, fmt, RAW)
    return paths


@pytest.fixture
def tasks(exported) -> list[dict]:
    return json.loads(exported["label-studio"].read_text(encoding="utf-8"))


@pytest.fixture
def unedited(exported, tmp_path) -> dict[str, dict]:
    """Gold of the tasks as exported: what accepting every prediction gives."""
    return import_golds(exported["label-studio"], tmp_path / "unedited", accept_predictions=True)


def import_golds(path: Path, gold_dir: Path, fmt: str = "label-studio", **kwargs) -> dict[str, dict]:
    import_gold(path, gold_dir, fmt, **kwargs)
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in gold_dir.glob("*.json")}


# ---------------------------------------------------------------- what an annotator does
def regions(task: dict) -> list[dict]:
    """The prediction as Label Studio copies it into a new annotation."""
    return [{**copy.deepcopy(r), "origin": "prediction"} for r in task["predictions"][0]["result"]]


def delete(results: list[dict], region_id: str) -> list[dict]:
    return [r for r in results if r["id"] != region_id]


def relabel(results: list[dict], region_id: str, label: str) -> list[dict]:
    """A new label; Label Studio no longer submits the fields whose whenLabelValue leaves it out."""
    out = []
    for r in results:
        if r["id"] == region_id and r["type"] == "labels":
            r = {**r, "origin": "prediction-changed", "value": {**r["value"], "labels": [label]}}
        elif r["id"] == region_id and label not in region_fields()[r["from_name"]]:
            continue
        out.append(r)
    return out


def set_field(results: list[dict], region_id: str, name: str, items: list[str]) -> list[dict]:
    """Type into (or, with no items, empty) a per-region field; an emptied field is not submitted."""
    region = next(r for r in results if r["id"] == region_id and r["type"] == "labels")
    out = [r for r in results if not (r["id"] == region_id and r["from_name"] == name)]
    if items:
        out.append({"id": region_id, "from_name": name, "to_name": "text", "type": "textarea", "origin": "manual",
                    "value": {"start": region["value"]["start"], "end": region["value"]["end"], "text": items}})
    return out


def draw(results: list[dict], task: dict, start: int, end: int, label: str, **fields: str) -> list[dict]:
    """A hand-drawn region: a random id, no link to any entity."""
    region_id = f"hd{len(results)}Zq_9k"
    text = task["data"]["text"]
    out = results + [{"id": region_id, "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual",
                      "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]}}]
    for name, value in fields.items():
        out = set_field(out, region_id, name, [value])
    return out


def submit(task: dict, results: list[dict], **kwargs) -> dict:
    task["annotations"] = [{"id": 1, "result": results, "was_cancelled": False, "ground_truth": False, **kwargs}]
    return task


def entity_regions(task: dict, etype: str, mentions: int | None = None) -> tuple[dict, list[dict]]:
    """The first exported entity of a type (with that many mentions) and its span records."""
    data = task["data"]
    for e in data["entity_records"]:
        spans = [s for s in data["span_records"] if s.get("entity_id") == e["entity_id"]]
        if e["type"] == etype and (mentions is None or len(spans) == mentions):
            return e, spans
    raise LookupError(f"no {etype} with {mentions} mentions in {data['article_id']}")


def task_with(tasks: list[dict], etype: str, mentions: int | None = None) -> tuple[dict, dict, list[dict]]:
    for task in tasks:
        try:
            return (task, *entity_regions(task, etype, mentions))
        except LookupError:
            continue
    raise LookupError(f"no task with a {etype} of {mentions} mentions")


def word(task: dict, n: int) -> tuple[int, int]:
    """Offsets of the text's n-th word."""
    text = task["data"]["text"]
    start = 0
    for _ in range(n):
        start = text.index(" ", start) + 1
    return start, text.index(" ", start)


def surface(task: dict, span: dict) -> str:
    return task["data"]["text"][span["start"]:span["end"]]


def write(tasks: list[dict], path: Path) -> Path:
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return path


def gold_of(tasks: list[dict], task: dict, tmp_path: Path, **kwargs) -> tuple[dict, list[str]]:
    """Import the tasks; the edited task's gold and the warnings."""
    result = import_gold(write(tasks, tmp_path / "edited.json"), tmp_path / "gold", "label-studio", **kwargs)
    aid = task["data"]["article_id"]
    return json.loads((tmp_path / "gold" / f"{aid}.json").read_text(encoding="utf-8")), result.warnings


def named(gold: dict, etype: str) -> dict[str, dict]:
    return {e["name"]: e for e in gold["entities"] if e["type"] == etype}


# ---------------------------------------------------------------- a real Label Studio export
def label_studio_export(tasks: list[dict], prediction_ids: bool) -> list[dict]:
    """Tasks in the shape Label Studio 1.23 exports them (checked against a running server): every
    server field, predictions as ids ("all tasks" / JSON export) or as full objects."""
    out = []
    for n, task in enumerate(tasks, 1):
        prediction = {"id": n, "result": task["predictions"][0]["result"], "model_version": "pipeline",
                      "created_ago": "3 minutes", "score": None, "cluster": None, "neighbors": None,
                      "mislabeling": 0.0, "created_at": STAMP, "updated_at": STAMP, "model": None,
                      "model_run": None, "task": n, "project": 1}
        annotations = [{"id": 100 + n, "completed_by": 1, "result": a["result"], "was_cancelled": a["was_cancelled"],
                        "ground_truth": a.get("ground_truth", False), "created_at": STAMP, "updated_at": STAMP,
                        "draft_created_at": None, "lead_time": 42.5, "prediction": prediction,
                        "result_count": len({r["id"] for r in a["result"]}), "unique_id": f"uuid-{n}",
                        "import_id": None, "last_action": None, "bulk_created": False, "task": n, "project": 1,
                        "updated_by": 1, "parent_prediction": n, "parent_annotation": None, "last_created_by": None}
                       for a in task.get("annotations", [])]
        out.append({"id": n, "annotations": annotations, "drafts": task.get("drafts", []),
                    "predictions": [n] if prediction_ids else [prediction], "data": task["data"], "meta": {},
                    "created_at": STAMP, "updated_at": STAMP, "allow_skip": True, "inner_id": n,
                    "total_annotations": sum(not a["was_cancelled"] for a in annotations),
                    "cancelled_annotations": sum(a["was_cancelled"] for a in annotations), "total_predictions": 1,
                    "comment_count": 0, "unresolved_comment_count": 0, "last_comment_updated_at": None,
                    "project": 1, "updated_by": 1, "file_upload": "d5e1f2a3-tasks.json", "comment_authors": []})
    return out


@pytest.mark.parametrize("prediction_ids", [True, False], ids=["all-tasks-export", "full-predictions"])
def test_real_label_studio_export_round_trips(tasks, seed_output, tmp_path, prediction_ids):
    for task in tasks[1:]:
        submit(task, regions(task))  # accepted as predicted
    tasks[0]["annotations"] = [{"id": 1, "result": [], "was_cancelled": True, "ground_truth": False}]  # skipped
    path = write(label_studio_export(tasks, prediction_ids), tmp_path / "export.json")
    result = import_gold(path, tmp_path / "gold", "label-studio")
    assert len(result.written) == len(tasks) - 1 and result.skipped == [f"task 1 ({tasks[0]['data']['article_id']})"]
    r = evaluate(tmp_path / "gold", seed_output, RAW)
    assert r["n_articles"] == len(tasks) - 1
    assert all(v["f1"] == 1.0 for v in r["prf"].values()), r["prf"]
    assert all(v["accuracy"] == 1.0 for v in r["accuracy"].values() if v["total"]), r["accuracy"]


def test_real_label_studio_export_carries_every_edit(tasks, tmp_path):
    task, org, org_spans = task_with(tasks, "ORG", mentions=1)
    person, person_spans = entity_regions(task, "PERSON")
    date = next(s for s in task["data"]["span_records"] if s["label"] == "DATE")
    results = delete(regions(task), org_spans[0]["id"])
    for s in person_spans:
        results = relabel(results, s["id"], "ORG")
    results = set_field(draw(results, task, *word(task, 0), "PERSON", name="Budi Santoso"), date["id"], "value",
                        ["1999-09-09"])
    submit(task, results)
    golds = [import_golds(write(label_studio_export([task], ids), tmp_path / f"export-{ids}.json"),
                          tmp_path / f"gold-{ids}")[task["data"]["article_id"]] for ids in (True, False)]
    gold = golds[0]
    assert golds[1] == gold
    assert org["name"] not in named(gold, "ORG") and "Budi Santoso" in named(gold, "PERSON")
    assert person["name"] in named(gold, "ORG") and person["name"] not in named(gold, "PERSON")
    assert {"text": surface(task, date), "value": "1999-09-09"} in gold["dates"]


# ---------------------------------------------------------------- Label Studio edits
def test_deleting_every_span_of_an_entity_removes_it(tasks, unedited, tmp_path):
    task, org, spans = task_with(tasks, "ORG", mentions=1)
    gold, warnings = gold_of([submit(task, delete(regions(task), spans[0]["id"]))], task, tmp_path)
    before = unedited[task["data"]["article_id"]]
    assert gold["entities"] == [e for e in before["entities"] if e != named(before, "ORG")[org["name"]]]
    assert gold["dates"] == before["dates"] and not warnings


def test_deleting_one_mention_keeps_the_entity(tasks, unedited, tmp_path):
    task, _, spans = task_with(tasks, "PERSON", mentions=2)
    gold, _ = gold_of([submit(task, delete(regions(task), spans[0]["id"]))], task, tmp_path)
    assert gold == unedited[task["data"]["article_id"]]


def test_a_drawn_span_is_a_new_entity_with_the_attributes_typed_for_it(tasks, unedited, tmp_path):
    task = tasks[0]
    (a, b), (c, d) = word(task, 0), word(task, 1)
    results = draw(regions(task), task, a, b, "PERSON", name="Budi Santoso", role="Juru Bicara BNPT", country="id")
    results = draw(results, task, c, d, "ORG")  # nothing typed: named by its text
    gold, _ = gold_of([submit(task, results)], task, tmp_path)
    before = unedited[task["data"]["article_id"]]
    assert gold["entities"][:len(before["entities"])] == before["entities"]
    assert gold["entities"][len(before["entities"]):] == [
        {"type": "PERSON", "name": "Budi Santoso", "aliases": [], "country": "ID", "title": None,
         "role": "Juru Bicara BNPT", "org": None},
        {"type": "ORG", "name": task["data"]["text"][c:d], "aliases": [], "country": None}]


def test_a_drawn_mention_of_a_known_entity_joins_it(tasks, unedited, tmp_path):
    task, _, spans = task_with(tasks, "ORG", mentions=None)
    again = spans[-1]  # deleted and drawn anew: a random id, the entity's name or alias as text
    results = draw(delete(regions(task), again["id"]), task, again["start"], again["end"], "ORG")
    gold, _ = gold_of([submit(task, results)], task, tmp_path)
    assert gold == unedited[task["data"]["article_id"]]


def test_relabelling_every_span_changes_the_type(tasks, unedited, tmp_path):
    task, location, spans = task_with(tasks, "LOCATION")
    results = regions(task)
    for s in spans:
        results = relabel(results, s["id"], "ORG")
    gold, _ = gold_of([submit(task, results)], task, tmp_path)
    assert location["name"] not in named(gold, "LOCATION")
    assert named(gold, "ORG")[location["name"]] == {"type": "ORG", "name": location["name"],
                                                    "aliases": location["aliases"], "country": None}
    assert len(gold["entities"]) == len(unedited[task["data"]["article_id"]]["entities"])


def test_relabelling_one_mention_takes_it_out_of_its_entity(tasks, unedited, tmp_path):
    task, person, spans = task_with(tasks, "PERSON", mentions=2)
    moved = spans[1]
    gold, _ = gold_of([submit(task, relabel(regions(task), moved["id"], "ORG"))], task, tmp_path)
    before = unedited[task["data"]["article_id"]]
    assert named(gold, "PERSON")[person["name"]] == named(before, "PERSON")[person["name"]]
    surface = task["data"]["text"][moved["start"]:moved["end"]]
    assert named(gold, "ORG")[surface] == {"type": "ORG", "name": surface, "aliases": [], "country": None}


def test_changed_values_reach_gold(tasks, tmp_path):
    task, person, spans = task_with(tasks, "PERSON", mentions=2)
    org, org_spans = entity_regions(task, "ORG")
    date = next(s for s in task["data"]["span_records"] if s["label"] == "DATE")
    results = set_field(regions(task), date["id"], "value", ["1999-09-09"])
    results = set_field(results, spans[1]["id"], "role", ["Juru Bicara"])  # any one mention speaks for the entity
    results = set_field(results, spans[0]["id"], "aliases", ["Pak Budi", "Budi"])
    results = set_field(results, org_spans[0]["id"], "country", [])  # emptied
    gold, warnings = gold_of([submit(task, results)], task, tmp_path)
    assert [d["value"] for d in gold["dates"] if d["text"] == surface(task, date)] == ["1999-09-09"]
    assert named(gold, "PERSON")[person["name"]]["role"] == "Juru Bicara"
    assert named(gold, "PERSON")[person["name"]]["aliases"] == ["Pak Budi", "Budi"]
    assert named(gold, "ORG")[org["name"]]["country"] is None and not warnings


def test_a_project_without_the_region_fields_keeps_the_exported_values(tasks, unedited, tmp_path):
    task = tasks[0]
    gold, _ = gold_of([submit(task, [r for r in regions(task) if r["type"] == "labels"])], task, tmp_path)
    assert gold == unedited[task["data"]["article_id"]]


# ---------------------------------------------------------------- dates drawn by hand
def test_a_redrawn_date_takes_the_date_taggers_value(tasks, unedited, tmp_path):
    task = tasks[0]
    date = next(s for s in task["data"]["span_records"] if s["label"] == "DATE")
    results = draw(delete(regions(task), date["id"]), task, date["start"], date["end"], "DATE")
    gold, warnings = gold_of([submit(task, results)], task, tmp_path)
    assert gold["dates"] == unedited[task["data"]["article_id"]]["dates"] and not warnings


def test_an_unresolvable_date_is_reported_and_kept_out(tasks, unedited, tmp_path, capsys):
    task = tasks[0]
    start, end = 0, task["data"]["text"].index(" ")  # the first word: no date
    typed = next(s for s in task["data"]["span_records"] if s["label"] == "DATE")
    results = set_field(draw(regions(task), task, start, end, "DATE"), typed["id"], "value", ["12/2024"])
    path = write([submit(task, results)], tmp_path / "edited.json")
    assert main(["import", str(path), "--format", "label-studio", "--gold", str(tmp_path / "gold")]) == 1
    err = capsys.readouterr().err
    word, typed_text = task["data"]["text"][start:end], task["data"]["text"][typed["start"]:typed["end"]]
    assert f"warning: task {task['data']['article_id']}: DATE span {word!r} at {start}-{end}" in err
    assert f"DATE span {typed_text!r} at {typed['start']}-{typed['end']} has value '12/2024'" in err
    gold = json.loads((tmp_path / "gold" / f"{task['data']['article_id']}.json").read_text(encoding="utf-8"))
    before = unedited[task["data"]["article_id"]]["dates"]
    assert gold["dates"] == [d for d in before if d["text"] != typed_text]
    assert f"{word!r} at {start}-{end}" in gold["note"] and f"{typed_text!r}" in gold["note"]


def test_a_date_the_tagger_skips_in_context_resolves_on_its_own():
    text = 'Menurut dia, "Kami bertemu kemarin di Jakarta."'
    start = text.index("kemarin")
    doc = Annotated({"published": "2024-05-09"}, text, [], "task 1")
    dates, unresolved = gold_dates(doc, [Span(start, start + 7, "DATE", fields={})], [])
    assert dates == [{"text": "kemarin", "value": "2024-05-08"}] and not unresolved


# ---------------------------------------------------------------- unfinished tasks
def test_tasks_without_a_finished_annotation_are_skipped_and_counted(tasks, tmp_path, capsys):
    tasks[0]["annotations"] = [{"id": 1, "result": regions(tasks[0]), "was_cancelled": True}]
    tasks[1]["drafts"] = [{"id": 1, "result": regions(tasks[1])}]  # started, never submitted
    submit(tasks[2], regions(tasks[2]))
    path = write(label_studio_export(tasks[:4], prediction_ids=True), tmp_path / "export.json")
    assert main(["import", str(path), "--format", "label-studio", "--gold", str(tmp_path / "gold")]) == 0
    err = capsys.readouterr().err
    assert "3 tasks skipped, no finished annotation" in err and "1 gold files written" in err
    assert [p.stem for p in (tmp_path / "gold").glob("*.json")] == [tasks[2]["data"]["article_id"]]


# ---------------------------------------------------------------- doccano
def doccano_lines(exported) -> list[dict]:
    """The export as doccano gives it back: its own id and Comments, labels sorted."""
    lines = [json.loads(line) for line in exported["doccano"].read_text(encoding="utf-8").splitlines()]
    return [{"id": n, **line, "label": sorted(line["label"]), "Comments": []} for n, line in enumerate(lines, 1)]


def write_lines(lines: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def test_doccano_round_trip_is_lossless(exported, unedited, tmp_path):
    golds = import_golds(write_lines(doccano_lines(exported), tmp_path / "doccano.jsonl"), tmp_path / "gold",
                         "doccano")
    assert golds == unedited


def test_doccano_deleted_span_moves_no_metadata(exported, unedited, tmp_path):
    lines = doccano_lines(exported)
    for line in lines:
        mentions = Counter(s.get("entity_id") for s in line["span_records"])
        first = next(s for s in line["span_records"] if mentions[s.get("entity_id")] > 1 and s.get("entity_id"))
        line["label"].remove([first["start"], first["end"], first["label"]])  # every later span moves up
    golds = import_golds(write_lines(lines, tmp_path / "doccano.jsonl"), tmp_path / "gold", "doccano")
    assert golds == unedited


def test_doccano_relabelled_and_drawn_spans(exported, unedited, tmp_path):
    lines = doccano_lines(exported)
    line = next(x for x in lines if sum(s["label"] == "LOCATION" for s in x["span_records"]) == 1)
    place = next(s for s in line["span_records"] if s["label"] == "LOCATION")
    record = next(e for e in line["entity_records"] if e["entity_id"] == place["entity_id"])
    start, end = 0, line["text"].index(" ")
    line["label"] = [lab for lab in line["label"] if lab != [place["start"], place["end"], "LOCATION"]]
    line["label"] += [[place["start"], place["end"], "ORG"], [start, end, "PERSON"]]
    gold = import_golds(write_lines([line], tmp_path / "doccano.jsonl"), tmp_path / "gold",
                        "doccano")[line["article_id"]]
    before = unedited[line["article_id"]]
    assert record["name"] not in named(gold, "LOCATION")
    assert named(gold, "ORG")[record["name"]] == {"type": "ORG", "name": record["name"],
                                                  "aliases": record["aliases"], "country": None}
    drawn = line["text"][start:end]
    assert named(gold, "PERSON")[drawn] == {"type": "PERSON", "name": drawn, "aliases": [], "country": None,
                                            "title": None, "role": None, "org": None}
    assert len(gold["entities"]) == len(before["entities"]) + 1 and gold["dates"] == before["dates"]


def test_doccano_relation_projects_export_entities(exported, unedited, tmp_path):
    lines = doccano_lines(exported)
    for line in lines:
        line["entities"] = [{"id": 900 + k, "label": lab, "start_offset": a, "end_offset": b}
                            for k, (a, b, lab) in enumerate(line.pop("label"))]
        line["relations"] = []
    golds = import_golds(write_lines(lines, tmp_path / "doccano.jsonl"), tmp_path / "gold", "doccano")
    assert golds == unedited


# ---------------------------------------------------------------- the labeling config
def test_label_config_holds_every_exported_field(tasks):
    root = ET.fromstring(label_config())
    assert root.find("Labels").get("name") == "label" and root.find("Labels").get("toName") == "text"
    assert root.find("Text").get("name") == "text" and root.find("Text").get("value") == "$text"
    assert set(labels()) == {"PERSON", "ORG", "COUNTRY", "LOCATION", "DATE"}
    for task in tasks:
        for r in task["predictions"][0]["result"]:
            label = next(x for x in task["predictions"][0]["result"] if x["id"] == r["id"] and x["type"] == "labels")
            if r["type"] == "textarea":
                assert label["value"]["labels"][0] in region_fields()[r["from_name"]], r
            else:
                assert r["from_name"] == "label" and r["value"]["labels"][0] in labels()
