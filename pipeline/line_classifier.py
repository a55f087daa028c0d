"""Learned boilerplate line classifier: shallow text features of a line and its
neighbours (Kohlschütter et al., WSDM 2010), its first and last words, and its
share of navigation words (the words the rules' navigation patterns are made of).

The rules in ``clean.py`` catch furniture that has a name ("Baca Juga:");
what has only a shape (photo captions between paragraphs, lists of other
headlines, credit and company lines) is decided here by a logistic
regression trained from gold ``boilerplate`` lists (``python -m pipeline
train cleaning``). It sees no rule verdicts: the rules fit the pages they
were written on perfectly, so a model trained on their verdicts learns only
to copy them; trained on the lines' shapes it catches what rules miss on new
outlets. Rule drops stand as hard overrides. The model ships as plain JSON
(``logistic.py``).
"""
from __future__ import annotations

import math
import re

from .clean import function_share, is_credit, is_headline, is_prose, is_teaser, rules, url_chars, words
from .logistic import LogisticModel, load
from .model import Page
from .paths import models_dir

MODEL_FILE = "cleaning.json"

LEXICAL = ("first=", "last=")  # word features: kept by training only when seen in two articles or more
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_YEAR = re.compile(r"\b(19|20)\d\d\b|\b\d{1,2}/\d{1,2}\b")
_QUOTE_START = ("\"", "“", "'", "‘")


def _line_stats(line: str) -> dict[str, float]:
    """Features of one line alone."""
    r = rules()
    w = words(line)
    n = len(w)
    end = line.rstrip()[-1:] if line.strip() else ""
    return {
        "log_words": math.log1p(n),
        "log_chars": math.log1p(len(line)),
        "ends_sentence": float(end in ".!?\"”"),
        "ends_paren": float(end == ")"),
        "ends_colon": float(end == ":"),
        "starts_quote": float(line.startswith(_QUOTE_START)),
        "title_share": sum(t[0].isupper() for t in w) / n if n else 0.0,
        "upper_share": sum(t.isupper() and len(t) > 1 for t in w) / n if n else 0.0,
        "digit_share": sum(ch.isdigit() for ch in line) / max(1, len(line)),
        "id_function": function_share(line, r.id_words),
        "en_function": function_share(line, r.en_words),
        "link_density": url_chars(line) / max(1, len(line)),
        "credit": float(is_credit(line)),
        "clock": float(bool(_CLOCK.search(line))),
        "date_like": float(bool(_YEAR.search(line))),
        "pipes": float("|" in line),
        "prose": float(is_prose(line)),
        "headline": float(is_headline(line)),
        "teaser": float(is_teaser(line)),
        "navigation": sum(t.lower() in r.navigation_words for t in w) / n if n else 0.0,
        **{f"first={w[0].lower()}": 1.0 for _ in w[:1]},
        **{f"last={w[-1].lower()}": 1.0 for _ in w[-1:]},
    }


NEIGHBOUR_KEYS = ("log_words", "ends_sentence", "prose", "credit")


def page_features(page: Page) -> tuple[list[int], list[dict[str, float]]]:
    """Indices of the page's non-blank lines and one feature dict for each."""
    idx = [i for i, s in enumerate(page.lines) if s]
    stats = {i: _line_stats(page.lines[i]) for i in idx}
    prose_after = [False] * len(idx)
    seen = False
    for k in range(len(idx) - 1, -1, -1):
        prose_after[k] = seen
        seen = seen or bool(stats[idx[k]]["prose"])
    runs = _short_runs([stats[i] for i in idx])
    feats = []
    for k, i in enumerate(idx):
        f = dict(stats[i])
        f["above_body"] = float(page.body is not None and i < page.body)
        f["position"] = k / max(1, len(idx) - 1)
        f["after_last_prose"] = float(not prose_after[k])
        f["short_run"] = math.log1p(runs[k])
        for side, j in (("prev", k - 1), ("next", k + 1)):
            other = stats[idx[j]] if 0 <= j < len(idx) else None
            for key in NEIGHBOUR_KEYS:
                f[f"{side}_{key}"] = other[key] if other else 0.0
            f[f"{side}_none"] = float(other is None)
        feats.append(f)
    return idx, feats


def _short_runs(stats: list[dict[str, float]]) -> list[int]:
    """For each line, how many short unpunctuated lines stand together with it: lists of
    other headlines come in runs, a subheading between paragraphs stands alone."""
    short = [s["log_words"] <= math.log1p(20) and not s["ends_sentence"] for s in stats]
    out = [0] * len(stats)
    k = 0
    while k < len(stats):
        j = k
        while j < len(stats) and short[j] == short[k]:
            j += 1
        for m in range(k, j):
            out[m] = j - k if short[k] else 0
        k = j
    return out


def shipped_model() -> LogisticModel | None:
    """The model in the models folder; None where there is none (the rules then decide alone)."""
    return load(models_dir() / MODEL_FILE)


def model_drops(page: Page, model: LogisticModel) -> list[int]:
    """Lines the rules keep that the model drops. A paragraph of running text (``is_prose``) is
    the rules' to judge: the model learns furniture's shapes, and a body paragraph it took for
    one would take the article's content with it. The headline and the body's first line stay:
    other stages read them, and the rules find them by page structure the model does not see;
    so does the end of a sentence the scraper broke across lines (after a kept line: a dropped
    credit line ending in a name is no paragraph)."""
    idx, feats = page_features(page)
    prob = model.probability(feats)
    drops: list[int] = []
    for k, (i, p) in enumerate(zip(idx, prob)):
        before = idx[k - 1] if k else None
        after_kept_broken = (before is not None and page.reason[before] is None and drops[-1:] != [before]
                             and _broken_off(page.lines[before]))
        if (p >= model.threshold and page.reason[i] is None and i not in (page.title, page.body)
                and not feats[k]["prose"] and not after_kept_broken):
            drops.append(i)
    return drops


def _broken_off(line: str) -> bool:
    """A paragraph that stops mid-sentence ("... Thailand, dan"): the scraper broke it, and
    the next line, however short, is its end."""
    return len(words(line)) >= 8 and bool(re.search(r"[a-z,]$", line.rstrip()))
