"""Actors across articles: one ``actor_id`` per real person, organisation, state or place.

Per-article entities (already one per referent within their article) are grouped in steps, each
cheap enough for a corpus of tens of thousands of articles:

1. the same key: a state by ISO code, an organisation by its canonical name in
   ``organizations.yml`` (name, alias or acronym), anything else by its normalised name (a
   person's by its set of name words, so "Yasonna H. Laoly" is "Yasonna Laoly");
2. organisations: an acronym alone joins the one full name the corpus writes it beside or spells
   it from; full names differing by a typo join;
3. persons: spelling variants (one word differing by a typo) and shorter forms of a name
   ("Tito Karnavian" of "Muhammad Tito Karnavian") join when only one person fits; initials
   ("SBY") join the full name an article gives them to. A name of one word ("Agus", "Wiranto")
   joins only the same word with the same position or organisation, or its copy in a duplicate
   story: two persons sharing only a first name or a family name are never merged.

Links never join two persons or organisations of different states. Candidates are found
through each name's rarest words, so the cost grows with the number of distinct names, not
their pairs.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from ..actors import people_words
from ..nlp.rules import gazetteer
from ..paths import data_file
from .rows import plain

TYPE_PREFIX = {"PERSON": "person", "ORG": "org", "COUNTRY": "country", "LOCATION": "location"}
# Two names that differ in one word are one name when that word is spelt alike at this rapidfuzz
# ratio: it takes "Chrinayudhanto" / "Chrisnayudhanto" (96) and "Andika" / "Andhika" (92), and leaves
# "Hartono" / "Hartanto" (80) and "Suyanto" / "Setiadi" apart. Words under 5 letters never count
# as typos of each other ("Joko" / "Djoko", "Ali" / "Alwi" are different names).
TYPO_RATIO = 85
TYPO_MIN_LEN = 5
# Names compared with each other at most: more names sharing all the words of a short name, or
# differing from each other in one word only, are no evidence of one identity, and comparing them
# all would make the cost grow with their square.
MAX_BLOCK = 2000
_PUNCT = re.compile(r"[^\w]+")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,9}(-[A-Za-z0-9]{1,10})*$")  # "BNPT", "CTU-Japan", "ADMM-Plus"


@lru_cache(maxsize=1 << 16)
def norm(name: object) -> str:
    """Case-folded, accents and punctuation dropped, spaces collapsed: "Yasonna H.Laoly" -> "yasonna h laoly"."""
    if not isinstance(name, str):
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_PUNCT.sub(" ", text.casefold()).split())


def is_acronym(name: str) -> bool:
    return bool(_ACRONYM.match(name)) and sum(c.isupper() for c in name) >= 2


class _Groups:
    """Union-find over node keys; the root of a group is its smallest key, so results do not
    depend on the order links are found in. A group knows its state: two groups of different
    states never join, however the links between their members chain."""

    def __init__(self, nodes: dict[str, "_Node"]) -> None:
        self.parent = {key: key for key in nodes}
        self.state = {key: node.country for key, node in nodes.items()}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def compatible(self, a: str, b: str) -> bool:
        """Not known to be of different states."""
        sa, sb = self.state[self.find(a)], self.state[self.find(b)]
        return sa is None or sb is None or sa == sb

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb and self.compatible(ra, rb):
            root = min(ra, rb)
            self.state[root] = self.state[ra] or self.state[rb]
            self.parent[max(ra, rb)] = root


@dataclass
class _Node:
    """One key of step 1: the entity rows it holds and what they say."""

    type: str
    names: Counter = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    countries: Counter = field(default_factory=Counter)
    roles: Counter = field(default_factory=Counter)
    orgs: Counter = field(default_factory=Counter)
    canonical: str | None = None  # an organisation's name in the gazetteer
    code: str | None = None  # a state's ISO code

    @property
    def country(self) -> str | None:
        return self.countries.most_common(1)[0][0] if self.countries else None

    @property
    def name(self) -> str:
        return max(self.names, key=lambda n: (len(n.split()) > 1, self.names[n], len(n), n))


@dataclass
class Linked:
    """Actor ids per entity row (aligned with the entities table), and the ``actors`` and
    ``actor_roles`` tables."""

    actor_ids: pd.Series
    actors: pd.DataFrame
    roles: pd.DataFrame


def link(entities: pd.DataFrame, mentions: pd.DataFrame, article_days: pd.Series,
         stories: pd.Series) -> Linked:
    """Group ``entities`` into actors. ``article_days`` maps an article to the day it speaks for
    (roles' first and last dates), ``stories`` an article to its story (duplicate copies)."""
    rows = list(plain(entities).itertuples(index=False))
    story_of = stories.to_dict()
    keys = [_key(row, story_of.get(row.article_id)) for row in rows]
    nodes: dict[str, _Node] = {}
    for row, key in zip(rows, keys):
        if key not in nodes:
            nodes[key] = _Node(row.type)
        _add(nodes[key], row)
    groups = _Groups(nodes)
    _link_single_words(nodes, groups)
    _link_shared_acronyms(rows, keys, nodes, groups)
    _link_orgs(nodes, groups)
    _link_persons(nodes, groups)
    members = _members(nodes, groups)
    names = {root: _canonical(nodes, ks) for root, ks in members.items()}
    ids = _actor_ids(nodes, members, names)
    actor_ids = pd.Series([ids[groups.find(k)] for k in keys], index=entities.index, dtype="string")
    actors, roles = _tables(rows, mentions, actor_ids, {ids[r]: n for r, n in names.items()}, article_days)
    return Linked(actor_ids, actors, roles)


def _key(row, story: str | None) -> str:
    """Step 1: the key every entity of one obvious actor shares. A one-word person name gets a node
    of its own (step 3 decides which others it joins)."""
    key, one_word = _name_key(row.type, row.name, row.code, tuple(row.aliases))
    return f"{key}|{story or row.article_id}|{row.article_id}|{row.entity_id}" if one_word else key


@lru_cache(maxsize=1 << 16)
def _name_key(kind: str, name: str, code: str | None, aliases: tuple[str, ...]) -> tuple[str, bool]:
    if kind == "COUNTRY" and code:
        return f"COUNTRY|{code}", False
    if kind == "ORG":
        canonical = _gazetteer_org(name, aliases)
        if canonical:
            return f"ORG|={canonical}", False
    if kind == "PERSON":
        name = corpus_words()["person_names"].get(norm(name), name)
        words = _person_words(name)
        if len(words) == 1 and not is_acronym(name):
            return f"PERSON|{words[0]}", True
        return f"PERSON|{' '.join(sorted(words)) or norm(name)}", False
    return f"{kind}|{norm(name)}", False


def _add(node: _Node, row) -> None:
    node.names[row.name] += 1
    node.aliases.update(row.aliases)
    for attr, counter in (("country", node.countries), ("role", node.roles), ("org", node.orgs)):
        value = getattr(row, attr)
        if value and value.strip():
            counter[value.strip()] += 1
    if row.type == "COUNTRY" and row.code:
        node.countries[row.code] += 1
        node.code = row.code
    if row.type == "ORG":
        node.canonical = node.canonical or _gazetteer_org(row.name, row.aliases)


def _gazetteer_org(name: str, aliases: Iterable[str]) -> str | None:
    """The canonical name organizations.yml gives the name (or, failing that, one of the aliases)."""
    index = _org_index()
    for candidate in [name, *aliases]:
        found = index.get(candidate) if is_acronym(candidate) else index.get(norm(candidate))
        if found is None:
            stripped = _strip_suffix(candidate)
            found = index.get(stripped if is_acronym(stripped) else norm(stripped)) if stripped else None
        if found:
            return found
    return None


def _strip_suffix(name: str) -> str | None:
    for suffix in corpus_words()["org_suffixes"]:
        if name.endswith(" " + suffix):
            return name[: -len(suffix) - 1].strip()
    return None


@lru_cache(maxsize=1)
def _org_index() -> dict[str, str]:
    """Gazetteer lookup: acronyms as written (case matters: "MIT" is not "Mit"), other names normalised."""
    return {n if is_acronym(n) else norm(n): org.name
            for org in gazetteer().orgs.values() for n in (org.name, *org.aliases)}


@lru_cache(maxsize=1)
def corpus_words() -> dict:
    """The linking's word lists and stage order (data/corpus.yml), read once per process."""
    return data_file("corpus.yml")


def _person_words(name: str) -> list[str]:
    """The words that identify a person: initials and particles ("bin", "van") left out."""
    particles = set(people_words().particles)
    return [w for w in norm(name).split() if len(w) > 1 and w not in particles]


def _link_single_words(nodes: dict[str, _Node], groups: _Groups) -> None:
    """One-word person names: the same word joins with the same position or organisation, or in
    the copies of one story when each copy has one such person; otherwise a first name alone
    ("Agus") could be anyone's."""
    by_evidence: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for key, node in nodes.items():
        if node.type != "PERSON" or key.count("|") != 4:
            continue
        _, word, story, article, _ = key.split("|")
        evidence = [("story", story)] + [("role", norm(r)) for r in node.roles] + [("org", norm(o)) for o in node.orgs]
        for kind, value in evidence:
            by_evidence[(word, kind, value)].append(key)
    for (_, kind, _), members in by_evidence.items():
        articles = [k.split("|")[3] for k in members]
        if kind == "story" and len(set(articles)) < len(articles):
            continue  # two such persons in one copy: which is which in the others is unknown
        for other in members[1:]:
            groups.union(members[0], other)


def _link_shared_acronyms(rows: list, keys: list[str], nodes: dict[str, _Node], groups: _Groups) -> None:
    """Two organisations of one article given one acronym are one: "Counter Terrorism Unit-Japan
    (CTU-Japan)" and "Badan Anti-terorisme Jepang (CTU-Japan)". Across articles an acronym may
    stand for different bodies, so only the article's own usage counts."""
    seen: dict[tuple[str, str], str] = {}
    for row, key in zip(rows, keys):
        if row.type != "ORG" or nodes[key].canonical:
            continue
        for alias in filter(_org_acronym, row.aliases):
            groups.union(seen.setdefault((row.article_id, alias), key), key)


def _link_orgs(nodes: dict[str, _Node], groups: _Groups) -> None:
    """Acronyms to the full name they stand for; typo variants of one full name."""
    orgs = {k: n for k, n in nodes.items() if n.type == "ORG" and n.canonical is None}
    full = {k: n for k, n in orgs.items() if not is_acronym(n.name)}
    spelled: dict[str, set[str]] = defaultdict(set)  # acronym -> full-name nodes that carry or spell it
    for key, node in full.items():
        for alias in filter(_org_acronym, node.aliases):
            spelled[alias].add(key)
        spelled[_initials(node.name)].add(key)
    for key, node in orgs.items():
        if key in full:
            continue
        targets = {groups.find(t) for t in spelled.get(node.name, ()) if groups.compatible(key, t)}
        if len(targets) == 1:
            groups.union(key, targets.pop())
    _link_typos(full, groups, lambda n: norm(n.name).split())


def _org_acronym(alias: str) -> bool:
    """An acronym that names no state ("AS", "RI" do)."""
    return is_acronym(alias) and alias.lower() not in gazetteer().country_names


def _initials(name: str) -> str:
    skip = set(corpus_words()["acronym_skip"])
    return "".join(w[0] for w in norm(name).split() if w not in skip).upper()


def _link_persons(nodes: dict[str, _Node], groups: _Groups) -> None:
    """Typo variants, shorter forms (only when one person fits) and initials of full names."""
    persons = {k: n for k, n in nodes.items() if n.type == "PERSON" and k.count("|") == 1}
    multi = {k: n for k, n in persons.items() if len(k.split("|")[1].split()) >= 2}
    _link_typos(multi, groups, lambda n: _person_words(n.name))
    words = {k: frozenset(k.split("|")[1].split()) for k in multi}
    postings: dict[str, set[str]] = defaultdict(set)
    for key, mine in words.items():
        for w in mine:
            postings[w].add(key)
    for key in sorted(words):
        holders = sorted((postings[w] for w in words[key]), key=len)
        if len(holders[0]) > MAX_BLOCK:
            continue
        supersets = sorted(k for k in holders[0].intersection(*holders[1:]) if k != key and groups.compatible(key, k))
        if supersets and len({groups.find(k) for k in supersets}) == 1:
            groups.union(key, supersets[0])
    initials: dict[str, set[str]] = defaultdict(set)
    for key, node in multi.items():
        for alias in filter(is_acronym, node.aliases):
            initials[alias].add(key)
    for key, node in persons.items():
        if is_acronym(node.name):
            targets = {groups.find(t) for t in initials.get(node.name, ()) if groups.compatible(key, t)}
            if len(targets) == 1:
                groups.union(key, targets.pop())


def _link_typos(nodes: dict[str, _Node], groups: _Groups, words_of: Callable[[_Node], list[str]]) -> None:
    """Names of as many words, all equal but one spelt alike (TYPO_RATIO): one name. Names are
    bucketed by themselves with one word blanked, so a bucket holds exactly the names that differ
    from each other in that word; its words are compared all against all in rapidfuzz's C loop."""
    buckets: dict[tuple[str, ...], list[tuple[str, str]]] = defaultdict(list)
    for key in sorted(nodes):
        words = words_of(nodes[key])
        if len(words) >= 2:
            for i, word in enumerate(words):
                if len(word) >= TYPO_MIN_LEN:
                    buckets[(*words[:i], "", *words[i + 1:])].append((word, key))
    for members in buckets.values():
        if not 2 <= len(members) <= MAX_BLOCK:
            continue
        words = [w for w, _ in members]
        scores = process.cdist(words, words, scorer=fuzz.ratio, score_cutoff=TYPO_RATIO, dtype=np.uint8)
        for a, b in zip(*np.nonzero(np.triu(scores, 1))):
            groups.union(members[a][1], members[b][1])


def _actor_ids(nodes: dict[str, _Node], members: dict[str, list[str]], names: dict[str, str]) -> dict[str, str]:
    """Root key -> actor_id: the type and a slug of the canonical name (a state's ISO code), numbered
    when two actors would share one (the actor seen in most entity rows keeps the plain slug)."""
    slugs: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for root, keys in members.items():
        first = nodes[keys[0]]
        code = next((nodes[k].code for k in keys if nodes[k].code), None)
        slug = f"{TYPE_PREFIX.get(first.type, first.type.lower())}:{code or _slug(names[root])}"
        slugs[slug].append((-sum(sum(nodes[k].names.values()) for k in keys), root))
    ids = {}
    for slug, holders in slugs.items():
        for n, (_, root) in enumerate(sorted(holders)):
            ids[root] = slug if n == 0 else f"{slug}~{n + 1}"
    return ids


def _slug(name: str) -> str:
    return norm(name).replace(" ", "-") or "unnamed"


def _canonical(nodes: dict[str, _Node], keys: list[str]) -> str:
    """A state's Indonesian name (CLDR), an organisation's gazetteer name, else the most frequent full name."""
    code = next((nodes[k].code for k in keys if nodes[k].code), None)
    if code:
        return state_name(code)
    canonical = next((nodes[k].canonical for k in keys if nodes[k].canonical), None)
    if canonical:
        return canonical
    names: Counter = Counter()
    for k in keys:
        names.update(nodes[k].names)
    return max(names, key=lambda n: (len(n.split()) > 1 and not is_acronym(n), names[n], len(n), n))


@lru_cache(maxsize=512)
def state_name(code: str) -> str:
    """A state's name in Indonesian: CLDR's ("Amerika Serikat", "Arab Saudi"), else the first name
    countries.yml gives it ("Uni Soviet"), else the code."""
    from babel import Locale

    name = Locale("id").territories.get(code)
    return re.sub(r"\s*\(.*\)", "", name) if name else gazetteer().country_display.get(code, code)


@dataclass
class _Seen:
    """What the entity rows of one actor (or one person's position) say, gathered in one pass."""

    articles: set[str] = field(default_factory=set)
    first: pd.Timestamp | None = None
    last: pd.Timestamp | None = None

    def add(self, article_id: str, day: pd.Timestamp | None) -> None:
        self.articles.add(article_id)
        if day is not None:
            self.first = day if self.first is None else min(self.first, day)
            self.last = day if self.last is None else max(self.last, day)


def _tables(rows: list, mentions: pd.DataFrame, actor_ids: pd.Series, names: dict[str, str],
            article_days: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``actors`` table (one row per actor) and ``actor_roles`` (a person's positions with the
    first and last day each was seen), in one pass over the entity rows (``plain`` tuples)."""
    ids = actor_ids.tolist()
    forms: dict[str, set[str]] = defaultdict(set)
    actor_of = {(r.article_id, r.entity_id): a for r, a in zip(rows, ids)}
    for article, entity, text in zip(mentions["article_id"].tolist(), mentions["entity_id"].tolist(),
                                     mentions["text"].tolist()):
        if (article, entity) in actor_of:
            forms[actor_of[(article, entity)]].add(text)
    seen: dict[str, _Seen] = defaultdict(_Seen)
    kinds: dict[str, str] = {}
    codes: dict[str, str] = {}
    countries: dict[str, Counter] = defaultdict(Counter)
    orgs: dict[str, Counter] = defaultdict(Counter)
    n_mentions: Counter = Counter()
    roles: dict[tuple[str, str], _Seen] = defaultdict(_Seen)
    role_texts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    day_of = {a: d for a, d in article_days.items() if not pd.isna(d)}
    for row, actor in zip(rows, ids):
        day = day_of.get(row.article_id)
        seen[actor].add(row.article_id, day)
        kinds[actor] = row.type
        forms[actor].add(row.name)
        n_mentions[actor] += row.n_mentions or 0
        if row.code:
            codes[actor] = row.code
        if row.country:
            countries[actor][row.country] += 1
        if row.org:
            orgs[actor][row.org] += 1
        role = row.role.strip() if row.type == "PERSON" and row.role else ""
        if norm(role):
            roles[(actor, norm(role))].add(row.article_id, day)
            role_texts[(actor, norm(role))][role] += 1
    person_roles: dict[str, list[tuple]] = defaultdict(list)
    role_rows = []
    for (actor, _), found in sorted(roles.items()):
        text = most_frequent(role_texts[(actor, _)])
        person_roles[actor].append((found.first or pd.Timestamp.max, text))
        role_rows.append({"actor_id": actor, "role": text, "first_seen": found.first, "last_seen": found.last,
                          "n_articles": len(found.articles)})
    rows = [{"actor_id": actor, "type": kinds[actor], "name": names[actor],
             "country": codes.get(actor) or most_frequent(countries[actor]),
             "org": most_frequent(orgs[actor]) if kinds[actor] == "PERSON" else None,
             "surface_forms": sorted(forms[actor]),
             "roles": [text for _, text in sorted(person_roles[actor])], "n_articles": len(found.articles),
             "n_mentions": n_mentions[actor], "first_seen": found.first, "last_seen": found.last}
            for actor, found in sorted(seen.items())]
    return pd.DataFrame(rows), pd.DataFrame(role_rows, columns=["actor_id", "role", "first_seen", "last_seen",
                                                                "n_articles"])


def _members(nodes: dict[str, _Node], groups: _Groups) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for key in nodes:
        out[groups.find(key)].append(key)
    return out


def most_frequent(counts: Counter) -> str | None:
    """The most frequent value (ties: the first in sort order)."""
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None
