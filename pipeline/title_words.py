"""Is this word a title (rank, office, honorific) or part of a name? A learned answer for
the words the lists in people.yml do not hold.

The NER model often takes the title written before a name into the person's span
("Menkopolhukam Djoko Suyanto", "SAC Cheang Keng Keong"); the lists strip the titles
they know, and on an unseen outlet many are new. The model here decides from the word's
letters (character 2- to 4-grams: "Kapol-", "Men-", "-jen", "Wa-") and its shape (all
capitals, final dot, apostrophe), as a logistic regression trained on the lists' words
and the first word of gold roles (titles) against the words of gold and corpus person
names (``pipeline/train/title_words.py``). It ships as ``models/title_words.json``; with
no file the stage is off and the lists decide alone.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .logistic import LogisticModel, load
from .paths import models_dir

MODEL_FILE = "title_words.json"
NGRAMS = (2, 3, 4)
# A name keeps at least this many words: single-word names ("Jokowi", "Salman") and
# two-word ones are never cut, so a wrong verdict costs a title, not a name.
MIN_NAME_WORDS = 2


def features(word: str) -> dict[str, float]:
    """Character n-grams of the case-folded word between boundary marks, and its shape."""
    low = f"^{word.casefold()}$"
    feats = {f"g:{low[i:i + n]}": 1.0 for n in NGRAMS for i in range(len(low) - n + 1)}
    feats.update({"shape:upper": float(word.isupper() and len(word) > 1), "shape:dot": float(word.endswith(".")),
                  "shape:apostrophe": float(any(c in word for c in "'’")), "shape:long": float(len(word) > 7),
                  "shape:short": float(len(word) <= 3)})
    return feats


def model() -> LogisticModel | None:
    """The model in force (shipped, or the cross-validation fold's); None when there is none."""
    return load(models_dir() / MODEL_FILE)


def starts_with_title(words: list[str]) -> bool:
    """Whether the model takes a person span's first word for a title, with at least
    ``MIN_NAME_WORDS`` words left for the name; False without a model."""
    return len(words) > MIN_NAME_WORDS and is_title(words[0])


def is_title(word: str) -> bool:
    """Whether the model takes a capitalised word for a title (rank, office); False without a model."""
    return word[:1].isupper() and _is_title(models_dir() / MODEL_FILE, word)


@lru_cache(maxsize=65536)
def _is_title(path: Path, word: str) -> bool:
    """The model's verdict on ``word``, once per word (names recur across a batch's articles)."""
    clf = load(path)
    return clf is not None and bool(clf.probability([features(word)])[0] >= clf.threshold)
