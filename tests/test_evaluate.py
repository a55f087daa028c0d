"""evaluate on a hand-made prediction whose scores were worked out by hand."""
from __future__ import annotations

import json

import pytest

from pipeline import dataset
from pipeline.clean import clean
from pipeline.evaluate import evaluate
from pipeline.model import Agreement, ArticleResult, DateMention, Entity, Party

RAW = "Judul Berita\nNasional12 Dilihat\nJAKARTA – Isi berita.\nBaca Juga: lain\nIsi kedua.\n"
GOLD = {
    "article_id": "t1", "title": "Judul Berita", "published": "2024-01-02",
    "boilerplate": ["Nasional12 Dilihat", "Baca Juga: lain"],
    "entities": [
        {"type": "PERSON", "name": "Boy Rafli Amar", "aliases": ["Boy"], "title": "Komjen", "role": "Kepala BNPT",
         "org": "Badan Nasional Penanggulangan Terorisme", "country": "ID"},
        {"type": "PERSON", "name": "Elizabeth Truss", "aliases": [], "role": "Menteri Luar Negeri Inggris",
         "org": None, "country": "GB"},
        {"type": "ORG", "name": "Badan Nasional Penanggulangan Terorisme", "aliases": ["BNPT"], "country": "ID"},
        {"type": "COUNTRY", "name": "Inggris", "code": "GB"},
        {"type": "LOCATION", "name": "Jakarta", "aliases": []},
    ],
    "dates": [{"text": "Kamis (11/11)", "value": "2021-11-11"}, {"text": "April 2021", "value": "2021-04"},
              {"text": "Senin (4/2)", "value": "2019-02-04", "year_from_text": False}],
    "agreements": [
        {"type": "MOU", "status": "signed", "date": "2021-04", "parties": ["Indonesia", "Inggris"],
         "countries": ["ID", "GB"], "title": None},
        {"type": "JWG", "status": "held", "date": "2021-11-11", "parties": ["BNPT", "Inggris"],
         "countries": ["ID", "GB"], "title": None},
    ],
}


def _prediction(tmp_path):
    c = clean(RAW)
    # cleaning: keep "Baca Juga" by mistake, drop the counter: tp 1, fp 0, fn 1
    c.text = c.text + "\n\nBaca Juga: lain\n"
    result = ArticleResult("t1", "t1.txt", "x", clean=c, published="2024-01-03")
    result.entities = [
        # PERSON: one right (alias match), one spurious -> tp 1, fp 1, fn 1
        Entity("e1", "PERSON", "Boy", role="Kepala BNPT RI", org="BNPT", country="ID"),
        Entity("e2", "PERSON", "Eddy Hartono", role="Kepala BNPT", country="ID"),
        # ORG: full name with alias -> tp 1
        Entity("e3", "ORG", "Badan Nasional Penanggulangan Terorisme", aliases=["BNPT"], country="MY"),
        # COUNTRY by code under another spelling -> tp 1
        Entity("e4", "COUNTRY", "UK", code="GB"),
        # LOCATION missed -> fn 1
    ]
    result.dates = [DateMention(0, 1, "x", "2021-11-11", "day"), DateMention(0, 1, "x", "2021", "year"),
                    DateMention(0, 1, "x", "2024-02-04", "day")]
    result.agreements = [
        Agreement("a1", "MOU", "agreed", "2021-04", None, "e", 0, 1,
                  parties=[Party("Indonesia"), Party("Inggris")], countries=["GB", "ID"]),
        Agreement("a2", "FORUM", "held", None, None, "e", 0, 1, parties=[Party("BNPT")], countries=["ID"]),
    ]
    out = tmp_path / "pred"
    dataset.write_tables(dataset.build([result]), out)
    dataset.write_clean_text(result, out)
    gold_dir, raw_dir = tmp_path / "gold", tmp_path / "raw"
    gold_dir.mkdir(), raw_dir.mkdir()
    (gold_dir / "t1.json").write_text(json.dumps(GOLD), encoding="utf-8")
    (raw_dir / "t1.txt").write_text(RAW, encoding="utf-8")
    return evaluate(gold_dir, out, raw_dir)


def test_scores_match_hand_computation(tmp_path):
    r = _prediction(tmp_path)
    prf, acc = r["prf"], r["accuracy"]
    assert (prf["cleaning"]["tp"], prf["cleaning"]["fp"], prf["cleaning"]["fn"]) == (1, 0, 1)
    assert prf["cleaning"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert (prf["entities.PERSON"]["tp"], prf["entities.PERSON"]["fp"], prf["entities.PERSON"]["fn"]) == (1, 1, 1)
    assert prf["entities.ORG"]["f1"] == 1.0 and prf["entities.COUNTRY"]["f1"] == 1.0
    assert prf["entities.LOCATION"]["recall"] == 0.0
    # all: tp 3, fp 1, fn 2 -> P 0.75, R 0.6
    assert prf["entities.all"]["precision"] == 0.75 and prf["entities.all"]["recall"] == 0.6
    # role "Kepala BNPT RI" contains "Kepala BNPT"; org BNPT is an alias of the gold org
    assert acc["entities.role"]["accuracy"] == 1.0 and acc["entities.org"]["accuracy"] == 1.0
    # country: Boy ID right, BNPT MY wrong
    assert (acc["entities.country"]["right"], acc["entities.country"]["total"]) == (1, 2)
    # dates: 2021-11-11 right; 2024-02-04 matches the year_from_text=false 2019-02-04; 2021 is wrong; 2021-04 missed
    assert (prf["dates"]["tp"], prf["dates"]["fp"], prf["dates"]["fn"]) == (2, 1, 1)
    # agreements: MOU matched with wrong status, FORUM spurious, JWG missed
    assert (prf["agreements"]["tp"], prf["agreements"]["fp"], prf["agreements"]["fn"]) == (1, 1, 1)
    assert acc["agreements.status"]["accuracy"] == 0.0 and acc["agreements.date"]["accuracy"] == 1.0
    assert acc["published"]["accuracy"] == 0.0 and acc["title"]["accuracy"] == 1.0
