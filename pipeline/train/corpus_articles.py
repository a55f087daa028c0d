"""The NER corpora's dev (or train) sentences written as articles, for a whole run on text no rule was written from.

    python -m pipeline.train.corpus_articles /tmp/corpart/raw [--split dev|train] [--corpora ../shared/corpora]
    python -m pipeline run /tmp/corpart/raw --out /tmp/corpart/out

Each article is 25 consecutive sentences under a headline; the dev or train splits, where rules may
be tuned (the test splits stay for reporting, as the corpora's README asks, and are not offered). The corpora are political,
general and encyclopaedic news, not security cooperation: nearly every agreement a run
finds there is a rule firing on text it was not written for, and the articles show
whether every stage survives text it was not tuned on.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from .corpora import load

SENTENCES_PER_ARTICLE = 25
CORPORA = ("idner", "nergrit", "nerp")


SPLITS = ("dev", "train")


def write(out_dir: Path, corpora_dir: Path, split: str = "dev") -> int:
    """Write the articles of ``split`` (dev or train); returns how many."""
    if split not in SPLITS:
        raise ValueError(f"corpus articles: split {split!r} is not one of {', '.join(SPLITS)}")
    sentences = [" ".join(s.tokens) for name in CORPORA for s in load(corpora_dir, name, split)]
    out_dir.mkdir(parents=True, exist_ok=True)
    n = 0
    for n, i in enumerate(range(0, len(sentences), SENTENCES_PER_ARTICLE), 1):
        body = "\n\n".join(sentences[i:i + SENTENCES_PER_ARTICLE])
        (out_dir / f"corpus{n:03d}.txt").write_text(f"Berita korpus nomor {n}\n\n{body}\n", encoding="utf-8")
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("out", type=Path, help="folder to write the articles into")
    parser.add_argument("--corpora", type=Path, default=Path("../shared/corpora"), help="corpora folder")
    parser.add_argument("--split", choices=SPLITS, default="dev",
                        help="which sentences (the test splits are for reporting only)")
    args = parser.parse_args()
    print(f"{write(args.out, args.corpora, args.split)} articles written to {args.out}")


if __name__ == "__main__":
    main()
