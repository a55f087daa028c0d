"""The spaCy engine's numpy inference gives spaCy's own entities, and never imports spaCy or thinc."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from pipeline.nlp import exported, spacy_infer
from pipeline.nlp.spacy_engine import EXPORT, MODEL_DIR, SpacyEngine
from pipeline.train.spacy_ner import export, spacy_pipeline

from conftest import CORPORA, DEV, RAW, ROOT, article_sentences, needs_corpora, needs_dev

# Tokens whose lexical features take every path: spaCy symbols as a norm, prefix, suffix or shape ("agent",
# "_", "ORG", "X"), spaCy's norm exceptions ("’s", "—", "US$"), non-ASCII letters and digits, whitespace
# (no entity may start there), a shape cut at four repeats, a token of 100+ characters (shape LONG),
# UTF-8 lengths on both sides of the 8-byte blocks the string hash reads.
TOKENS = ["agent", "_", "ORG", "X", "x", "A", "’s", "—", "US$", "€", "İstanbul", "東京", "🙂", "Ⅻ", "٣٤", "１２",
          " ", "\xa0", "\t", "\u200b", "Rp1.500.000,00", "2024", "...", "(", "KPK", "Jokowi", "AAAAAAAA",
          "aaaaaaaa", "a" * 7, "a" * 9, "é" * 4, "x" * 99, "x" * 150, "Kepolisian-Negara", "'s", "''", "--"]
# Sentences beside the articles: one token, whitespace and symbols inside names, a very long token,
# upper case, a sentence that may open with a name.
ODD = [["Polri"], TOKENS, ["kata", "x" * 150, "Jakarta", "."], [" ", "Joko", "\xa0", "Widodo", " "],
       ["PRESIDEN", "JOKO", "WIDODO", "bertemu", "PM", "Malaysia", "di", "Istana", "Bogor"],
       ["dan", "Kepolisian", "Negara", "Republik", "Indonesia"], ["Jakarta"]]


@pytest.fixture(scope="module")
def engines():
    return SpacyEngine(), spacy_pipeline()


def spacy_entities(nlp, sentences: list[list[str]]) -> list[list[tuple[int, int, str]]]:
    from spacy.tokens import Doc

    docs = nlp.pipe(Doc(nlp.vocab, words=s) for s in sentences)
    return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in docs]


def assert_same_entities(engines, articles: list[list[list[str]]]) -> None:
    new, nlp = engines
    flat = [s for sents in articles for s in sents]
    before = spacy_entities(nlp, flat)
    assert new.tag(flat) == before  # every sentence in one call
    at = 0
    for sents in articles:  # one call per article, as runs make them
        assert new.tag(sents) == before[at:at + len(sents)]
        at += len(sents)
    n_tokens = sum(map(len, flat))
    assert n_tokens > 1000 and sum(map(len, before)) > 50
    print(f"{len(flat)} sentences, {n_tokens} tokens, {sum(map(len, before))} entities: identical")


def test_same_entities_as_spacy_on_the_seed_articles(engines):
    assert_same_entities(engines, article_sentences(RAW))


@needs_dev
def test_same_entities_as_spacy_on_the_dev_articles(engines):
    articles = article_sentences(DEV / "raw")
    assert len(articles) == 41
    assert_same_entities(engines, articles)


@needs_corpora
@pytest.mark.parametrize("corpus", ["idner", "nergrit"])
def test_same_entities_as_spacy_on_the_corpus_test_splits(engines, corpus):
    """The corpus's own tokens, one sentence each, as the NER benchmark's `tokens` protocol gives them."""
    from pipeline.train.corpora import load

    assert_same_entities(engines, [[s.tokens for s in load(CORPORA, corpus, "test")]])


def test_same_entities_in_small_chunks_and_on_odd_input(engines, monkeypatch):
    """Chunk boundaries, unseen characters, whitespace tokens and very long tokens change nothing."""
    new, nlp = engines
    monkeypatch.setattr(spacy_infer, "CHUNK_TOKENS", 50)
    sentences = ODD + [s for sents in article_sentences(RAW) for s in sents]
    assert new.tag(sentences) == spacy_entities(nlp, sentences)
    assert new.tag([]) == [] and new.tag([[], ["Jakarta"]])[0] == []
    with pytest.raises(ValueError, match="empty token"):  # spaCy's Doc refuses one too
        new.tag([["Jakarta", ""]])


def test_lexical_features_and_hashes_are_spacys(engines):
    """Token attributes as spaCy's Doc.to_array gives them, the string hash of its StringStore, thinc's
    id hash, and the embedding and encoder outputs (to float32 rounding: spaCy multiplies with BLIS)."""
    from spacy.lang.lex_attrs import word_shape
    from spacy.strings import hash_string
    from spacy.tokens import Doc
    from thinc.api import NumpyOps

    new, nlp = engines
    attrs = new.model.attrs
    assert attrs == ["NORM", "PREFIX", "SUFFIX", "SHAPE"]
    doc = Doc(nlp.vocab, words=TOKENS)
    assert np.array_equal(new.model.feature_ids(TOKENS), doc.to_array(attrs).astype(np.uint64))
    assert [spacy_infer.word_shape(t) for t in TOKENS] == [word_shape(t) for t in TOKENS]
    strings = [t[:n] for t in TOKENS + ["Kepolisian Negara Republik Indonesia"] for n in range(1, 40)]
    assert spacy_infer.string_hashes([s.encode("utf-8") for s in strings]).tolist() == [hash_string(s) for s in strings]
    ids = np.concatenate([np.array([0, 1, 2**63, 2**64 - 1], dtype=np.uint64), doc.to_array(attrs).ravel(),
                          np.random.default_rng(0).integers(0, 2**64 - 1, 2000, dtype=np.uint64)])
    for seed in (*new.model.seeds, 0, 2**32 - 1):
        assert np.array_equal(spacy_infer.id_hashes(ids, seed), NumpyOps().hash(ids, seed))

    sentences = ODD + [s for sents in article_sentences(RAW) for s in sents]
    index = {w: i for i, w in enumerate(dict.fromkeys(w for s in sentences for w in s))}
    vectors = new.model.word_vectors(list(index))
    docs = [Doc(nlp.vocab, words=s) for s in sentences]
    tok2vec = nlp.get_pipe("tok2vec").model
    embedded = np.concatenate(tok2vec.get_ref("embed").predict(docs))
    assert np.allclose(vectors[[index[w] for s in sentences for w in s]], embedded, atol=1e-4)
    encoded = new.model.encode([np.array([index[w] for w in s]) for s in sentences], vectors)
    assert np.allclose(encoded, np.concatenate(tok2vec.predict(docs)), atol=1e-4)


def test_tagging_never_imports_spacy_or_thinc():
    code = ("import sys\n"
            "from pipeline.nlp import get_engine\n"
            "words = ['Kapolri', 'Listyo', 'Sigit', 'Prabowo', 'tiba', 'di', 'Jakarta', '.']\n"
            "print(get_engine('spacy').tag([words]))\n"
            "assert not [m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')], 'spacy or thinc imported'\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "PER" in done.stdout


def model_copy(tmp_path: Path) -> Path:
    """The shipped spaCy pipeline without its export."""
    out = tmp_path / "spacy-ner"
    shutil.copytree(MODEL_DIR, out, ignore=shutil.ignore_patterns(f"{EXPORT}.*"))
    return out


def test_shipped_export_is_the_shipped_pipeline(tmp_path):
    """The arrays the engine runs are those of the spaCy pipeline beside them: exported again, equal."""
    fresh = export(model_copy(tmp_path))
    with np.load(fresh) as new, np.load(MODEL_DIR / fresh.name) as shipped:
        assert sorted(new.files) == sorted(shipped.files)
        assert all(new[k].dtype == np.float32 and np.array_equal(new[k], shipped[k]) for k in new.files)
    spec = fresh.with_suffix(exported.SPEC).name
    assert json.loads(fresh.with_name(spec).read_text()) == json.loads((MODEL_DIR / spec).read_text())


def test_a_pipeline_without_its_export_says_how_to_write_it(tmp_path):
    """A model folder from before the numpy engine (spaCy's files alone) fails with the command that exports
    it; once exported, it tags as the shipped model does."""
    model = model_copy(tmp_path)
    with pytest.raises(FileNotFoundError, match="python -m pipeline.train.spacy_ner"):
        SpacyEngine(model)
    done = subprocess.run([sys.executable, "-m", "pipeline.train.spacy_ner", str(model)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    words = [["Kapolri", "Listyo", "Sigit", "Prabowo", "tiba", "di", "Jakarta", "."]] + ODD
    assert SpacyEngine(model).tag(words) == SpacyEngine().tag(words)
    with pytest.raises(FileNotFoundError, match="train it with"):
        SpacyEngine(tmp_path / "nothing")


def test_export_refuses_what_the_port_does_not_run(tmp_path):
    """A pipeline that decodes with beam search (set in the ner component's own cfg) is not exported."""
    model = model_copy(tmp_path)
    cfg = json.loads((model / "ner" / "cfg").read_text())
    (model / "ner" / "cfg").write_text(json.dumps({**cfg, "beam_width": 4}))
    with pytest.raises(ValueError, match="beam search cannot be exported"):
        export(model)
    assert not list(model.glob(f"{EXPORT}.*"))
