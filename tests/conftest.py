"""Shared paths and fixtures. Tests that need ../shared skip without it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
ANNOTATIONS = ROOT / "annotations"
SHARED = ROOT.parent / "shared"
DEV = SHARED / "dev"
CORPORA = SHARED / "corpora"

needs_dev = pytest.mark.skipif(not (DEV / "gold").is_dir(),
                               reason="../shared/dev is not present (development articles live outside the repo)")
needs_corpora = pytest.mark.skipif(not CORPORA.is_dir(),
                                   reason="../shared/corpora is not present (training corpora live outside the repo)")


def article_sentences(folder: Path) -> list[list[list[str]]]:
    """Each article's sentences as the NER engines get them: cut by the project tokenizer."""
    from pipeline.nlp.tokenize import sentence_tokens

    out = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.append([[text[a:b] for a, b in s] for s in sentence_tokens(text)])
    return out


def gold_pairs(gold_dir: Path, raw_dir: Path) -> list[tuple[dict, Path]]:
    out = []
    for g in sorted(gold_dir.glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        out.append((gold, raw_dir / f"{gold['article_id']}.txt"))
    return out


@pytest.fixture(scope="session")
def seed_output(tmp_path_factory) -> Path:
    """One real run of the pipeline over raw/ (the seeds), shared by tests."""
    from pipeline.batch import run

    out = tmp_path_factory.mktemp("seed-output")
    run(RAW, out, progress=False)
    return out


@pytest.fixture(scope="session")
def dev_output(tmp_path_factory) -> Path:
    from pipeline.batch import run

    if not (DEV / "raw").is_dir():
        pytest.skip("../shared/dev is not present")
    out = tmp_path_factory.mktemp("dev-output")
    run(DEV / "raw", out, progress=False)
    return out


@pytest.fixture(scope="session")
def seed_scores(seed_output) -> dict:
    """SPEC 8 scores of the seed run, computed once for every test that checks a target."""
    from pipeline.evaluate import evaluate

    return evaluate(ANNOTATIONS, seed_output, RAW)


@pytest.fixture(scope="session")
def dev_scores(dev_output) -> dict:
    from pipeline.evaluate import evaluate

    return evaluate(DEV / "gold", dev_output, DEV / "raw")
