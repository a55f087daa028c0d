"""Train the title-word model (``pipeline/title_words.py``).

    python -m pipeline train titles --gold annotations --raw raw --gold ../shared/dev/gold --raw ../shared/dev/raw

Titles: the words of people.yml's lists of ranks, offices and honorifics, the first
word of each gold person's role, and (with the corpora) capitalised words written just
before a person's name twice or more and never inside an entity. Names: the words of gold
persons' names and aliases and of the corpora's person spans. A word found on both
sides teaches nothing and is left out. A character n-gram counts only when two words
or more show it, so no single word is learnt by heart.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..logistic import LogisticModel
from ..paths import SHIPPED_MODELS, data_file
from ..title_words import MODEL_FILE, features
from . import logistic
from .gold import GoldArticle

# people.yml lists whose words are titles
LISTS = ("titles", "role_heads", "indonesian_ranks", "indonesian_heads", "subordinate_heads", "independent_heads",
         "portfolio_heads")
# L2 strength and the probability a word needs to be cut from a name. The 5-fold cross-validation with the
# word lists held out scores the same with C at 0.1, 1 and 10 and the threshold at 0.7, 0.9 and 0.97 (the
# verdicts on the words it meets sit near 0 or 1); these are the middle values.
C = 1.0
THRESHOLD = 0.9


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and any(c.isalpha() for c in word)


def corpus_words(corpora: Path) -> tuple[set[str], set[str]]:
    """Capitalised words standing before a person span twice or more and never inside an entity
    (a party or a country before a name is not a title), and the words inside person spans,
    from the corpora's train splits."""
    from .corpora import spans, training_sets

    sentences, _ = training_sets(corpora, ["idner", "nergrit"], 0)
    before: Counter[str] = Counter()
    person: set[str] = set()
    entity: set[str] = set()
    for s in sentences:
        for a, b, label in spans(s):
            entity.update(s.tokens[a:b])
            if label == "PER":
                person.update(s.tokens[a:b])
                if a and _capitalised(s.tokens[a - 1]):
                    before[s.tokens[a - 1]] += 1
    return {w for w, n in before.items() if n >= 2 and w not in entity}, person


def words(articles: list[GoldArticle], people: dict, corpora: Path | None) -> tuple[set[str], set[str]]:
    """Title words and name words to learn from."""
    titles = {w for key in LISTS for entry in people.get(key, []) for w in entry.split() if _capitalised(w)}
    titles.update(people.get("role_abbreviations", {}))
    names: set[str] = set()
    for art in articles:
        for e in art.gold.get("entities", []):
            if e.get("type") != "PERSON":
                continue
            for name in [e.get("name") or "", *(e.get("aliases") or [])]:
                names.update(w for w in name.split() if _capitalised(w))
            role = (e.get("role") or "").split()
            if role and _capitalised(role[0]):
                titles.add(role[0])
    if corpora is not None and corpora.is_dir():
        before, inside = corpus_words(corpora)
        titles |= before
        names |= {w for w in inside if _capitalised(w)}
    both = titles & names
    return titles - both, names - both


def fit(articles: list[GoldArticle], people: dict | None = None, corpora: Path | None = None,
        c: float = C, threshold: float = THRESHOLD) -> LogisticModel:
    titles, names = words(articles, people if people is not None else data_file("people.yml"), corpora)
    examples = [(w, features(w), True) for w in sorted(titles)] + [(w, features(w), False) for w in sorted(names)]
    return logistic.fit(examples, c, threshold, ("g:",))


def train(articles: list[GoldArticle], out_dir: Path = SHIPPED_MODELS, people: dict | None = None,
          corpora: Path | None = None) -> Path:
    """Fit and write the model file; returns its path."""
    return logistic.write(fit(articles, people, corpora), out_dir / MODEL_FILE)
