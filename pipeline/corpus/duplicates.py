"""Near-duplicate articles: syndicated copies and re-posts of one story, found on the clean text.

Each clean text becomes its set of word shingles, summarised by a MinHash signature
(``datasketch``). MinHash LSH proposes candidates and only a story's first article (plus any copy
that drifted far from it) is indexed, so each article meets a handful of candidates: time linear in
the batch even when one press release runs 400 times. A candidate is a copy when the estimated
share of the shorter text's shingles found in the longer one (containment) is high: copies differ
by their boilerplate, a trimmed paragraph or where the scraper cut the page, which lowers the
Jaccard similarity of a short copy of a long article but not its containment.
"""
from __future__ import annotations

import re
import sys
import types
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd


def _quad(*args: object, **kwargs: object) -> object:
    """scipy's ``quad``, loaded when first called (arguments passed through)."""
    from scipy.integrate import quad

    return quad(*args, **kwargs)


def _import_datasketch() -> None:
    """Import datasketch without loading scipy.integrate: that import took 0.9 s of a 3.3 s
    one-article run, and datasketch's LSH modules import its ``quad`` only to choose bands for a
    threshold, which is never asked for here (the bands are given). A stand-in module lends them a
    ``quad`` that loads the real one if it is ever called; the stand-in is gone once datasketch is in."""
    if "datasketch" in sys.modules or "scipy.integrate" in sys.modules:
        return
    stand_in = types.ModuleType("scipy.integrate")
    stand_in.quad = _quad  # type: ignore[attr-defined]
    sys.modules["scipy.integrate"] = stand_in
    try:
        import datasketch  # noqa: F401
    finally:
        if sys.modules.get("scipy.integrate") is stand_in:
            del sys.modules["scipy.integrate"]


_import_datasketch()
from datasketch import LeanMinHash, MinHash, MinHashLSH  # noqa: E402

# Word 4-grams: long enough that two articles on one topic share few (the real same-topic pairs of
# the labelled set share under 5% of their shingles; the same press release rewritten by another
# outlet 24%), short enough that a light edit costs a copy only the shingles around it.
SHINGLE_WORDS = 4
NUM_PERM = 256  # signature length: the similarity estimate's standard error is about 0.03
SEED = 7
SCHEME = "affine32"
# LSH bands x rows. A copy cut short, in other boilerplate, keeps little Jaccard similarity with its
# source (0.2 to 0.6 in the labelled set): such a pair becomes a candidate with probability
# 1 - (1 - J^3)^85, 0.90 at 0.3 and 0.49 at 0.2 (a three-line excerpt, the lowest labelled copy);
# an unrelated pair (Jaccard under 0.05, as two reports of one event) with probability under 0.011.
LSH_BANDS, LSH_ROWS = 85, 3
# Containment a copy must reach. The labelled copies reach 0.74 and more against their source;
# different reports of one event reach 0.37 (annotations/corpus/README.md): the threshold sits
# between, with room for the estimate's error.
MIN_CONTAINMENT = 0.5
# A copy at least this similar (Jaccard) to the article it matched is not indexed itself: another
# copy will match the first article anyway. A copy further off is indexed so its own copies find it.
NEAR_IDENTICAL = 0.8
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Signature:
    """An article's MinHash (``hashvalues``) and the number of distinct shingles it summarises."""

    size: int
    hashvalues: np.ndarray


def shingles(text: str) -> set[bytes]:
    """Case-folded word 4-grams; a text shorter than that is one shingle."""
    words = _WORD.findall(text.casefold())
    n = SHINGLE_WORDS
    if len(words) < n:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + n]).encode("utf-8") for i in range(len(words) - n + 1)}


def sign(texts: Iterable[str]) -> list[Signature]:
    """Signatures of ``texts`` (CRC-32 hashing: stable across processes, so signatures can be cached)."""
    sets = [shingles(t) for t in texts]
    hashes = MinHash.generator(sets, num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32, scheme=SCHEME)
    return [Signature(len(s), m.hashvalues.copy()) for s, m in zip(sets, hashes)]


def similarity(a: Signature, b: Signature) -> tuple[float, float]:
    """Estimated Jaccard similarity and containment (of the smaller shingle set in the larger)."""
    jaccard = float(np.mean(a.hashvalues == b.hashvalues))
    smaller = min(a.size, b.size)
    if not smaller:
        return jaccard, 0.0
    shared = jaccard * (a.size + b.size) / (1 + jaccard)
    return jaccard, min(1.0, shared / smaller)


def stories(articles: pd.DataFrame, signatures: dict[str, Signature]) -> pd.DataFrame:
    """``story_id`` and ``duplicate_of`` per article. Articles are taken earliest published first
    (undated last, then by id), so a story's id is the article_id of its first article, which
    every later copy names in ``duplicate_of`` (null for the first). Articles without a
    signature (error rows) get neither."""
    order = (articles.assign(_day=articles["published"].fillna("9999"))
             .sort_values(["_day", "article_id"])["article_id"].tolist())
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(LSH_BANDS, LSH_ROWS))
    story: dict[str, str] = {}
    for aid in order:
        sig = signatures.get(aid)
        if sig is None or not sig.size:
            continue
        minhash = LeanMinHash(seed=SEED, hashvalues=sig.hashvalues, scheme=SCHEME)
        matches = [(similarity(sig, signatures[other]), other) for other in sorted(lsh.query(minhash))]
        copies = [(containment, jaccard, other) for (jaccard, containment), other in matches
                  if containment >= MIN_CONTAINMENT]
        best = max(copies, key=lambda c: c[:2]) if copies else None  # the closest copy (ties: the first)
        story[aid] = story[best[2]] if best else aid
        if best is None or best[1] < NEAR_IDENTICAL:
            lsh.insert(aid, minhash)
    story_ids = [story.get(a) for a in articles["article_id"]]
    return pd.DataFrame({"article_id": articles["article_id"].tolist(), "story_id": story_ids,
                         "duplicate_of": [s if s is not None and s != a else None
                                          for a, s in zip(articles["article_id"], story_ids)]})
