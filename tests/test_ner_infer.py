"""The stanza engine's plain-torch inference gives stanza.Pipeline's tags, and never imports stanza."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.nlp import ner_infer
from pipeline.nlp.stanza_engine import StanzaEngine, stanza_pipeline
from pipeline.nlp.tokenize import sentence_tokens

from conftest import DEV, RAW, ROOT

# Corner cases beside the articles: one token, characters the model never saw, a token
# far longer than the rest, case the delta vocabulary folds, an I- the model may open with.
ODD = [["Polri"], ["東京", "🙂", "Ⅻ", "İstanbul"], ["kata", "x" * 150, "Jakarta", "."],
       ["PRESIDEN", "JOKO", "WIDODO", "bertemu", "PM", "Malaysia", "di", "Istana", "Bogor"],
       ["dan", "Kepolisian", "Negara", "Republik", "Indonesia"]]


def article_sentences(folder: Path) -> list[list[list[str]]]:
    """Each article's sentences as the engine gets them: cut by the project tokenizer."""
    out = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.append([[text[a:b] for a, b in s] for s in sentence_tokens(text)])
    return out


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


@pytest.mark.skipif(not (DEV / "raw").is_dir(),
                    reason="../shared/dev is not present (development articles live outside the repo)")
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

    import torch
    from stanza.models.common.crf import viterbi_decode
    from stanza.models.ner.trainer import fix_singleton_tags

    rng = random.Random(0)
    torch.manual_seed(0)
    for _ in range(50):
        lengths = sorted((rng.randint(1, 12) for _ in range(rng.randint(1, 6))), reverse=True)
        scores = [torch.randn(n, 9) * 3 for n in lengths]
        transitions = torch.randn(9, 9)
        batch_sizes = [sum(n > t for n in lengths) for t in range(lengths[0])]
        packed = torch.cat([torch.stack([x[t] for x in scores[:bs]]) for t, bs in enumerate(batch_sizes)])
        path = ner_infer.viterbi(packed, batch_sizes, transitions).tolist()
        offsets = [sum(batch_sizes[:t]) for t in range(len(batch_sizes))]
        for i, x in enumerate(scores):
            assert [path[offsets[t] + i] for t in range(len(x))] == viterbi_decode(x.numpy(), transitions.numpy())[0]
    tags = ["O", "B-PER", "I-PER", "E-PER", "S-PER", "B-ORG", "I-ORG", "E-ORG"]
    for _ in range(2000):
        seq = [rng.choice(tags) for _ in range(rng.randint(1, 8))]
        assert ner_infer.fix_singleton_tags(seq) == fix_singleton_tags(seq)


def test_tagging_never_imports_stanza():
    code = ("import sys\n"
            "from pipeline.nlp import get_engine\n"
            "words = ['Kapolri', 'Listyo', 'Sigit', 'Prabowo', 'tiba', 'di', 'Jakarta', '.']\n"
            "print(get_engine('stanza').tag([words]))\n"
            "assert not [m for m in sys.modules if m == 'stanza' or m.startswith('stanza.')], 'stanza imported'\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "PER" in done.stdout
