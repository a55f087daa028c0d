"""The rules' own tokenizer cuts text exactly as spaCy's Indonesian tokenizer (without its special
cases) does, from the expressions copied into data/rule_tokenizer.json, which are still spaCy's."""
from __future__ import annotations

import json
import random

import pytest

from pipeline.nlp.rule_tokenizer import DATA, tokenize, write_patterns
from pipeline.paths import data_text

from conftest import CORPORA, DEV, RAW

# Edges of the algorithm: leading, doubled and mixed whitespace, URLs, affixes around
# abbreviations and currency, a stretch that is all punctuation.
ODD = ["", " ", " leading", "  two", "a  b", "a \n b ", "trailing ", "\t\ttab", "http://www.polri.go.id/x.",
       "www.antaranews.com,", '"(U.S.)"', "Rp5.000,-", "S.H.,M.H.", "...!?", "(Densus 88/AT)", "e-KTP-nya",
       "Polda Metro Jaya.\n\nJAKARTA—", "19/2/2020.", "@humaspolri #Polri", "’Kapolri’"]


def spacy_tokenizer():
    import spacy
    from spacy.lang.id import Indonesian
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    d = Indonesian.Defaults
    nlp = spacy.blank("id")
    return Tokenizer(nlp.vocab, rules={}, prefix_search=compile_prefix_regex(d.prefixes).search,
                     suffix_search=compile_suffix_regex(d.suffixes).search,
                     infix_finditer=compile_infix_regex(d.infixes).finditer,
                     token_match=d.token_match, url_match=d.url_match)


def texts() -> list[str]:
    out = list(ODD)
    for folder in (RAW, DEV / "raw"):
        out += [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    rng = random.Random(0)
    alphabet = list("aA .,-'’\"()[]/\\:;!?…$%&*+=<>@#_0123456789\n\t\u00a0éü東🙂Ⅻ")
    out += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(5000)]
    return out


def assert_same(ours_of, theirs_of, items: list[str]) -> None:
    differ = [t for t in items if ours_of(t) != theirs_of(t)]
    assert not differ, f"{len(differ)} of {len(items)} texts cut differently, first: {differ[0][:200]!r}"


def test_same_tokens_as_spacy():
    tok = spacy_tokenizer()
    assert_same(lambda t: [(x.text, x.idx) for x in tokenize(t)],
                lambda t: [(x.text, x.idx) for x in tok(t)], texts())


@pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is not present (corpora live outside the repo)")
def test_same_tokens_as_spacy_on_the_corpora():
    from pipeline.train.corpora import load

    tok = spacy_tokenizer()
    sentences = [" ".join(s.tokens) for name in ("idner", "nergrit", "nerp") for s in load(CORPORA, name, "test")]
    assert len(sentences) > 1000
    assert_same(lambda t: [(x.text, x.idx) for x in tokenize(t)],
                lambda t: [(x.text, x.idx) for x in tok(t)], sentences)


def test_shipped_expressions_are_the_installed_spacys(tmp_path):
    """A spaCy upgrade that changes its punctuation rules shows here: regenerate with
    ``python -m pipeline.nlp.rule_tokenizer``."""
    write_patterns(tmp_path / DATA)
    assert json.loads((tmp_path / DATA).read_text(encoding="utf-8")) == json.loads(data_text(DATA))


def test_rule_matches_are_spacy_phrase_matchers(tmp_path):
    """The rules' phrase matching against spaCy's PhraseMatcher and filter_spans over the same names
    (acronyms and places opening with one by spelling, the rest lower-cased), on every seed and dev article and the odd strings."""
    import spacy
    from spacy.matcher import PhraseMatcher
    from spacy.util import filter_spans

    from pipeline.nlp.rules import _longest_first, _matches, as_written, entries

    tok = spacy_tokenizer()
    nlp = spacy.blank("id")
    nlp.tokenizer = tok
    exact, lower = PhraseMatcher(nlp.vocab, attr="ORTH"), PhraseMatcher(nlp.vocab, attr="LOWER")
    for key, names in entries().items():
        if acronyms := [n for n in names if as_written(key, n)]:
            exact.add(key, [nlp.make_doc(n) for n in acronyms])
        if others := [n for n in names if not as_written(key, n)]:
            lower.add(key, [nlp.make_doc(n) for n in others])

    def theirs(text: str) -> list[tuple[int, int, str]]:
        doc = nlp.make_doc(text)
        labels = {(a, b): nlp.vocab.strings[m] for matcher in (exact, lower) for m, a, b in matcher(doc)}
        spans = filter_spans([doc[a:b] for matcher in (exact, lower) for _, a, b in matcher(doc)])
        return [(s.start_char, s.end_char, labels[(s.start, s.end)]) for s in spans]

    def ours(text: str) -> list[tuple[int, int, str]]:
        found, labels = _matches(text, tokenize(text))
        return [(s.start_char, s.end_char, labels[(s.start, s.end)]) for s in _longest_first(found)]

    items = texts()
    assert sum(len(theirs(t)) for t in items) > 100  # 111 names in the five seeds alone
    assert_same(ours, theirs, items)
