"""The learned title-word model: what it decides on words no list or gold article holds, how the
actors stage uses it on a person span, and its training from gold, lists and corpora."""
from __future__ import annotations

import json

import pytest

from conftest import ANNOTATIONS, CORPORA, DEV, RAW, needs_corpora, needs_dev
from pipeline.actors import extract
from pipeline.logistic import LogisticModel
from pipeline.nlp import Span
from pipeline.paths import MODELS_ENV, data_file
from pipeline.title_words import features, model, starts_with_title
from pipeline.train.gold import read_gold
from pipeline.train.title_words import fit, train, words

# Titles and names in none of the model's training words (checked below when the corpora are here)
NEW_TITLES = ["Wakapolres", "Danlantamal", "Irjenpol", "Waketum"]
NEW_NAMES = ["Tjahjanto", "Harimurti", "Baswedan", "Novanto", "Anies"]


def test_the_shipped_model_tells_new_titles_from_new_names():
    clf = model()
    assert clf is not None
    p = clf.probability([features(w) for w in NEW_TITLES + NEW_NAMES])
    assert all(p[:len(NEW_TITLES)] >= clf.threshold), dict(zip(NEW_TITLES, p))
    assert all(p[len(NEW_TITLES):] < clf.threshold), dict(zip(NEW_NAMES, p[len(NEW_TITLES):]))


@needs_corpora
@needs_dev
def test_those_words_are_new_to_the_model():
    articles = read_gold([(ANNOTATIONS, RAW), (DEV / "gold", DEV / "raw")])  # what the shipped model saw
    titles, names = words(articles, data_file("people.yml"), CORPORA)
    assert not (set(NEW_TITLES) | set(NEW_NAMES)) & (titles | names)


def test_a_name_keeps_two_words_whatever_the_model_says():
    assert starts_with_title(["Wakapolres", "Budi", "Santoso"])
    assert not starts_with_title(["Wakapolres", "Budi"])  # MIN_NAME_WORDS: two words stay a name
    assert not starts_with_title(["wakapolres", "Budi", "Santoso"])  # lower case: no title of a name


def test_actors_take_a_new_title_off_the_name_and_keep_it_as_title(tmp_path, monkeypatch):
    text = "Danlantamal Bambang Wijanarko meninjau latihan bersama di Surabaya.\n"
    span = Span(0, len("Danlantamal Bambang Wijanarko"), "PER")
    persons = [e for e in extract(text, [span])[0] if e.type == "PERSON"]
    assert [(p.name, p.title) for p in persons] == [("Bambang Wijanarko", "Danlantamal")]
    monkeypatch.setenv(MODELS_ENV, str(tmp_path))  # no model file: the lists decide alone
    persons = [e for e in extract(text, [span])[0] if e.type == "PERSON"]
    assert [p.name for p in persons] == ["Danlantamal Bambang Wijanarko"]


def test_training_on_the_seeds_writes_a_json_model_that_loads_without_pickle(tmp_path):
    articles = read_gold([(ANNOTATIONS, RAW)])
    titles, names = words(articles, data_file("people.yml"), None)
    assert "Kepala" in titles and "Boy" in names and not titles & names
    path = train(articles, tmp_path)
    clf = LogisticModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    assert clf.features and all(not f.startswith("g:") or f[2:] for f in clf.features)
    assert clf.probability([features("Kepala")])[0] > 0.5 > clf.probability([features("Boy")])[0]


def test_training_needs_both_kinds_of_words():
    with pytest.raises(ValueError, match="both kinds"):
        fit([], {"titles": []}, None)


def test_an_office_the_lists_do_not_know_becomes_the_persons_role(tmp_path, monkeypatch):
    text = "Wakapolres Bantul AKBP Budi Santoso meninjau latihan bersama di Yogyakarta.\n"
    start = text.index("Budi")
    span = Span(start, start + len("Budi Santoso"), "PER")
    persons = [e for e in extract(text, [span])[0] if e.type == "PERSON"]
    assert [(p.name, p.title, p.role) for p in persons] == [("Budi Santoso", "AKBP", "Wakapolres Bantul")]
    monkeypatch.setenv(MODELS_ENV, str(tmp_path))  # no model file: the lists find no office
    persons = [e for e in extract(text, [span])[0] if e.type == "PERSON"]
    assert [(p.name, p.role) for p in persons] == [("Budi Santoso", None)]
