"""The offset-keeping tokenizer and sentence splitter both engines are fed by."""
from __future__ import annotations

from pipeline.nlp.tokenize import sentence_tokens, sentences


def test_a_broken_line_joins_the_next_but_a_long_headline_does_not():
    broken = ("Pasalnya, Indonesia telah memiliki perjanjian ekstradisi dengan mitra sekawasan, di antaranya dengan "
              "Malaysia, Filipina, Thailand, dan\n\nTiongkok.")
    assert len(sentences(broken)) == 1
    headline = ("BNPT-Muhammadiyah Sepaham Perkuat Moderasi Beragama Tolak Paham Radikal Terorisme Bersama Ormas\n\n"
                "RM.id Rakyat Merdeka - Badan Nasional Penanggulangan Terorisme menggandeng Muhammadiyah.")
    assert len(sentences(headline)) == 2


def test_tokens_keep_offsets_and_split_brackets_off():
    text = "Komisi Pemberantasan Korupsi (KPK) bertemu Kompol. Budi, Kompas.com."
    toks = [text[a:b] for s in sentence_tokens(text) for a, b in s]
    assert toks[:6] == ["Komisi", "Pemberantasan", "Korupsi", "(", "KPK", ")"]
