"""Corpus reading for training: label mapping and the retokenization to the engines' tokens."""
from __future__ import annotations

import pytest

from conftest import CORPORA as CORPORA_DIR, needs_corpora
from pipeline.nlp.tokenize import sentence_tokens
from pipeline.train.corpora import CORPORA, Sentence, load, retokenize, spans


def test_retokenize_cuts_as_the_engines_and_keeps_brackets_outside_entities():
    s = Sentence(["Komisi", "Pemberantasan", "Korupsi", "(KPK)", "dan", "(Jokowi)", "Kompas.com", "Inc."],
                 ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-PER", "B-ORG", "I-ORG"])
    r = retokenize(s)
    assert list(zip(r.tokens, r.tags)) == [
        ("Komisi", "B-ORG"), ("Pemberantasan", "I-ORG"), ("Korupsi", "I-ORG"), ("(", "O"), ("KPK", "B-ORG"),
        (")", "O"), ("dan", "O"), ("(", "O"), ("Jokowi", "B-PER"), (")", "O"), ("Kompas", "B-ORG"), (".", "I-ORG"),
        ("com", "I-ORG"), ("Inc", "I-ORG"), (".", "O")]
    text = " ".join(s.tokens)  # the pieces are exactly what the engines get from the running text
    assert r.tokens == [text[a:b] for sent in sentence_tokens(text) for a, b in sent]


@needs_corpora
@pytest.mark.parametrize("name", list(CORPORA))
def test_retokenized_corpora_keep_their_entities(name):
    """Retokenizing moves only brackets and punctuation: the letters and digits inside
    entities of each label, in order, are the same before and after."""
    def entity_text(sentence: Sentence) -> dict[str, str]:
        out: dict[str, str] = {}
        for a, b, label in sorted(spans(sentence)):
            out[label] = out.get(label, "") + "".join(ch for t in sentence.tokens[a:b] for ch in t if ch.isalnum())
        return out

    sentences = load(CORPORA_DIR, name, "dev")
    assert sentences
    for s in sentences:
        assert entity_text(retokenize(s)) == entity_text(s), s.tokens
