"""Gold articles as training material: clean text as gold has it, names projected as token tags."""
from __future__ import annotations

import pytest

from conftest import ANNOTATIONS, CORPORA, RAW, needs_corpora
from pipeline.nlp.tokenize import sentence_tokens
from pipeline.train.gold import GoldArticle, clean_text, project, read_gold

TEXT = ("BNPT dan AFP Perkuat Kerja Sama\n\nBaca juga: Berita lain\n\n"
        "JAKARTA - Kepala BNPT Komjen Pol Boy Rafli Amar bertemu Komisioner AFP Reece Kershaw di Jakarta. "
        "Badan Nasional Penanggulangan Terorisme (BNPT) dan Australia sepakat bekerja sama.")
GOLD = {"article_id": "t1", "title": "BNPT dan AFP Perkuat Kerja Sama", "boilerplate": ["Baca juga: Berita lain"],
        "entities": [
            {"type": "PERSON", "name": "Boy Rafli Amar", "aliases": []},
            {"type": "PERSON", "name": "Reece Kershaw", "aliases": []},
            {"type": "ORG", "name": "Badan Nasional Penanggulangan Terorisme", "aliases": ["BNPT"]},
            {"type": "ORG", "name": "Australian Federal Police", "aliases": ["AFP"]},
            {"type": "COUNTRY", "name": "Australia", "code": "AU"},
            {"type": "LOCATION", "name": "Jakarta", "aliases": []},
            {"type": "ORG", "name": "Kepolisian Selandia Baru", "aliases": []}]}


def _tagged(sentences) -> set[tuple[str, str]]:
    out = set()
    for s in sentences:
        words, label = [], None
        for tok, tag in [*zip(s.tokens, s.tags), ("", "O")]:
            if words and not tag.startswith("I-"):
                out.add((" ".join(words), label))
                words = []
            if tag.startswith("B-"):
                words, label = [tok], tag[2:]
            elif tag.startswith("I-"):
                words.append(tok)
    return out


def test_clean_text_drops_gold_boilerplate_and_keeps_the_rest():
    text = clean_text(GoldArticle("t1", TEXT, GOLD))
    assert "Baca juga" not in text and text.startswith("BNPT dan AFP Perkuat Kerja Sama\n\nJAKARTA")


def test_names_aliases_and_states_become_token_tags_and_misses_are_counted():
    p = project(GoldArticle("t1", TEXT, GOLD))
    assert _tagged(p.sentences) == {("Boy Rafli Amar", "PER"), ("Reece Kershaw", "PER"), ("BNPT", "ORG"),
                                    ("AFP", "ORG"), ("Jakarta", "LOC"), ("Australia", "LOC"),
                                    ("Badan Nasional Penanggulangan Terorisme", "ORG")}
    assert p.not_found == ["Australian Federal Police", "Kepolisian Selandia Baru"]
    assert all(s.tokens != ["BNPT", "dan", "AFP", "Perkuat", "Kerja", "Sama"] for s in p.sentences)  # headline left out
    body = clean_text(GoldArticle("t1", TEXT, GOLD))
    assert sum(len(s) for s in sentence_tokens(body)) - 6 == sum(len(s.tokens) for s in p.sentences)


def test_seed_gold_projects_most_names():
    arts = read_gold([(ANNOTATIONS, RAW)])
    found = total = 0
    for art in arts:
        p = project(art)
        total += p.names
        found += p.names - len(p.not_found) - len(p.ambiguous)
    assert len(arts) == 5 and found >= 0.85 * total


@needs_corpora
def test_train_ner_with_gold_writes_a_model_the_engine_loads(tmp_path, capfd):
    from pipeline.nlp.spacy_engine import SpacyEngine
    from pipeline.train.ner import train_ner

    out = train_ner("spacy", CORPORA, ["idner"], read_gold([(ANNOTATIONS, RAW)]), tmp_path, max_steps=4,
                    gold_weight=1)
    assert "gold: 5 articles" in capfd.readouterr().err
    tagged = SpacyEngine(out).tag([["Kepala", "BNPT", "Boy", "Rafli", "Amar", "tiba", "di", "Jakarta"]])
    assert len(tagged) == 1 and all(0 <= a < b <= 8 for a, b, _ in tagged[0])


@needs_corpora
def test_fine_tuning_starts_from_the_shipped_stanza_model_and_keeps_its_vocabulary(tmp_path):
    import json

    from pipeline.nlp.stanza_engine import MODEL_DIR, MODEL_FILE, StanzaEngine
    from pipeline.train.ner import train_ner

    out = train_ner("stanza", CORPORA, ["idner"], read_gold([(ANNOTATIONS, RAW)]), tmp_path, max_steps=2,
                    gold_weight=1, finetune_from=MODEL_DIR / MODEL_FILE)
    vocab = json.loads((out / MODEL_FILE).with_suffix(".json").read_text(encoding="utf-8"))
    shipped = json.loads((MODEL_DIR / MODEL_FILE).with_suffix(".json").read_text(encoding="utf-8"))
    assert vocab["delta_ids"] == shipped["delta_ids"]  # a fine-tuned model reads words as the shipped one does
    tagged = StanzaEngine(out).model.tag([["Kepala", "BNPT", "Boy", "Rafli", "Amar", "tiba", "di", "Jakarta"]])
    assert len(tagged) == 1 and len(tagged[0]) == 8
    with pytest.raises(ValueError, match="stanza"):
        train_ner("spacy", CORPORA, ["idner"], [], tmp_path / "s", max_steps=2, finetune_from=MODEL_DIR / MODEL_FILE)


@needs_corpora
def test_fine_tuning_runs_at_the_learning_rate_asked_for(tmp_path, caplog):
    """stanza reads a fine-tuning's learning rate from the checkpoint it starts from, not from its command line."""
    import logging

    import torch

    from pipeline.nlp.stanza_engine import MODEL_DIR, MODEL_FILE
    from pipeline.train.ner import train_ner

    caplog.set_level(logging.DEBUG, logger="stanza")
    out = train_ner("stanza", CORPORA, ["idner"], [], tmp_path, max_steps=2, finetune_from=MODEL_DIR / MODEL_FILE,
                    finetune_lr=0.02)
    assert "Building SGD with lr=0.020000" in caplog.text
    assert torch.load(out / MODEL_FILE, map_location="cpu", weights_only=True)["config"]["lr"] == 0.02
    assert torch.load(MODEL_DIR / MODEL_FILE, map_location="cpu", weights_only=True)["config"]["lr"] == 0.1
