"""The stanza engine's numpy inference gives stanza.Pipeline's tags, and never imports stanza or torch."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from pipeline.nlp import exported, ner_infer
from pipeline.nlp.stanza_engine import StanzaEngine, stanza_pipeline

from conftest import DEV, RAW, ROOT, article_sentences, needs_dev

# Corner cases beside the articles: one token, characters the model never saw, a token
# far longer than the rest, case the delta vocabulary folds, an I- the model may open with.
ODD = [["Polri"], ["東京", "🙂", "Ⅻ", "İstanbul"], ["kata", "x" * 150, "Jakarta", "."],
       ["PRESIDEN", "JOKO", "WIDODO", "bertemu", "PM", "Malaysia", "di", "Istana", "Bogor"],
       ["dan", "Kepolisian", "Negara", "Republik", "Indonesia"]]


@pytest.fixture(scope="module")
def engines():
    return StanzaEngine(), stanza_pipeline()


def stanza_tags(nlp, sentences: list[list[str]]) -> list[list[str]]:
    return [[t.ner for t in s.tokens] for s in nlp(sentences).sentences]


def assert_same_tags(engines, articles: list[list[list[str]]]) -> None:
    new, old = engines
    before = [stanza_tags(old, sents) for sents in articles]
    assert [new.model.tag(sents) for sents in articles] == before  # one call per article, as runs make them
    flat = [s for sents in articles for s in sents]
    assert new.model.tag(flat) == [s for tags in before for s in tags]  # every sentence in one call
    n_tokens = sum(map(len, flat))
    assert n_tokens > 1000 and any(t != "O" for tags in before for s in tags for t in s)
    print(f"{len(flat)} sentences, {n_tokens} tokens: identical tags")


def test_same_tags_as_stanza_on_the_seed_articles(engines):
    assert_same_tags(engines, article_sentences(RAW))


@needs_dev
def test_same_tags_as_stanza_on_the_dev_articles(engines):
    articles = article_sentences(DEV / "raw")
    assert len(articles) == 41
    assert_same_tags(engines, articles)


def test_same_tags_in_small_chunks_and_on_odd_input(engines, monkeypatch):
    """Chunk boundaries (in words and in tokens) and out-of-vocabulary characters change nothing."""
    new, old = engines
    monkeypatch.setattr(ner_infer, "CHUNK_WORDS", 50)
    monkeypatch.setattr(ner_infer, "CHUNK_TOKENS", 200)
    sentences = ODD + [s for sents in article_sentences(RAW) for s in sents]
    assert new.model.tag(sentences) == stanza_tags(old, sentences)
    assert new.tag([]) == [] and new.tag([[], ["Jakarta"]])[0] == []


def test_viterbi_and_tag_repair_match_stanzas_own():
    """Batched Viterbi over a packed batch and the tag repair step, against stanza's functions."""
    import random

    from stanza.models.common.crf import viterbi_decode
    from stanza.models.ner.trainer import fix_singleton_tags

    rng = random.Random(0)
    draw = np.random.default_rng(0)
    for _ in range(50):
        lengths = sorted((rng.randint(1, 12) for _ in range(rng.randint(1, 6))), reverse=True)
        scores = [draw.normal(0, 3, (n, 9)).astype(np.float32) for n in lengths]
        transitions = draw.normal(0, 1, (9, 9)).astype(np.float32)
        batch_sizes = [sum(n > t for n in lengths) for t in range(lengths[0])]
        packed = np.concatenate([np.stack([x[t] for x in scores[:bs]]) for t, bs in enumerate(batch_sizes)])
        path = ner_infer.viterbi(packed, batch_sizes, transitions).tolist()
        offsets = [sum(batch_sizes[:t]) for t in range(len(batch_sizes))]
        for i, x in enumerate(scores):
            assert [path[offsets[t] + i] for t in range(len(x))] == viterbi_decode(x, transitions)[0]
    tags = ["O", "B-PER", "I-PER", "E-PER", "S-PER", "B-ORG", "I-ORG", "E-ORG"]
    for _ in range(2000):
        seq = [rng.choice(tags) for _ in range(rng.randint(1, 8))]
        assert ner_infer.fix_singleton_tags(seq) == fix_singleton_tags(seq)


def test_tagging_never_imports_stanza_or_torch():
    code = ("import sys\n"
            "from pipeline.nlp import get_engine\n"
            "words = ['Kapolri', 'Listyo', 'Sigit', 'Prabowo', 'tiba', 'di', 'Jakarta', '.']\n"
            "print(get_engine('stanza').tag([words]))\n"
            "assert not [m for m in sys.modules if m.split('.')[0] in ('stanza', 'torch')], 'stanza or torch imported'\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "PER" in done.stdout


def test_shipped_export_is_the_shipped_checkpoint(tmp_path):
    """The arrays the engine runs are those of the stanza checkpoint beside them: exported again, equal."""
    import json
    import shutil

    from pipeline.nlp.stanza_engine import MODEL_DIR, MODEL_FILE
    from pipeline.train.stanza_ner import export

    shutil.copy(MODEL_DIR / MODEL_FILE, tmp_path / MODEL_FILE)
    fresh = export(tmp_path / MODEL_FILE)
    with np.load(fresh) as new, np.load(MODEL_DIR / fresh.name) as shipped:
        assert sorted(new.files) == sorted(shipped.files)
        assert all(np.array_equal(new[k], shipped[k]) for k in new.files)
    vocab = fresh.with_suffix(exported.SPEC).name
    assert json.loads((tmp_path / vocab).read_text()) == json.loads((MODEL_DIR / vocab).read_text())


def test_a_checkpoint_without_its_export_says_how_to_write_it(tmp_path):
    """A model folder from before the numpy engine (the stanza checkpoint alone) fails with the command
    that exports it; once exported, it tags as the shipped model does."""
    import shutil

    from pipeline.nlp.stanza_engine import MODEL_DIR, MODEL_FILE

    shutil.copy(MODEL_DIR / MODEL_FILE, tmp_path / MODEL_FILE)
    with pytest.raises(FileNotFoundError, match="python -m pipeline.train.stanza_ner"):
        StanzaEngine(tmp_path)
    done = subprocess.run([sys.executable, "-m", "pipeline.train.stanza_ner", str(tmp_path / MODEL_FILE)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    words = [["Kapolri", "Listyo", "Sigit", "Prabowo", "tiba", "di", "Jakarta", "."]] + ODD
    assert StanzaEngine(tmp_path).tag(words) == StanzaEngine().tag(words)
