"""Domain knowledge as phrase rules, layered over either engine.

Organisations come from data/organizations.yml, countries from CLDR (Babel's
Indonesian and English territory names) plus data/countries.yml, places
from data/places.yml. Acronyms written in capitals match exactly; every other
name matches case-insensitively token by token, over the tokens spaCy's
Indonesian punctuation rules cut (``rule_tokenizer``, which needs no spaCy).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from . import Span
from .rule_tokenizer import Token, tokenize
from ..paths import data_file

_ACRONYM = re.compile(r"^[A-Z0-9.&-]{2,8}$")


def _data(name: str):
    return data_file(name)


@dataclass(frozen=True)
class Org:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    members: tuple[str, ...] = ()  # member states of a multilateral body
    membership: str | None = None  # the name of that membership ("ASEAN")


@dataclass(frozen=True)
class Gazetteer:
    orgs: dict[str, Org]  # canonical name -> Org
    country_names: dict[str, str]  # lower-cased name -> ISO code
    country_spellings: tuple[tuple[str, str], ...]  # (name as written, ISO code) for patterns
    country_display: dict[str, str]  # ISO code -> Indonesian name
    places: frozenset[str]  # lower-cased
    place_names: tuple[str, ...]  # as written: "DI Yogyakarta" is matched by its capitals


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    from babel import Locale

    memberships = _data("memberships.yml")
    orgs = {o["name"]: Org(o["name"], tuple(o.get("aliases") or []), o.get("country"),
                           tuple(memberships.get(o.get("members"), ())), o.get("members"))
            for o in _data("organizations.yml")}
    spec = _data("countries.yml")
    ignore = {w.lower() for w in spec["ignore"]}
    spellings: dict[str, str] = {}
    display: dict[str, str] = {}
    for locale in ("en", "id"):  # Indonesian last, so its names are the display names
        for code, name in Locale(locale).territories.items():
            if len(code) != 2 or not code.isalpha() or code in ("EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"):
                continue
            for variant in {name, re.sub(r"\s*\(.*\)", "", name)}:
                if variant.lower() not in ignore:
                    spellings[variant] = code
            display[code] = re.sub(r"\s*\(.*\)", "", name)
    for code, aliases in spec["aliases"].items():
        for a in aliases:
            spellings[a] = code
        display[code] = aliases[0]
    place_names = tuple(sorted(_data("places.yml")))
    places = frozenset(p.lower() for p in place_names)
    names = {s.lower(): c for s, c in spellings.items()}
    return Gazetteer(orgs, names, tuple(spellings.items()), display, places, place_names)


@dataclass(frozen=True)
class Phrases:
    """Gazetteer names as token sequences (cut by ``rule_tokenizer``) -> "LABEL|key": acronyms by
    exact spelling, every other name lower-cased; and, for each first token, the lengths to try."""
    exact: dict[tuple[str, ...], str]
    lower: dict[tuple[str, ...], str]
    lengths: dict[tuple[bool, str], tuple[int, ...]]  # (exact?, first token) -> phrase lengths


@dataclass(frozen=True)
class _Match:
    start: int  # token positions, end exclusive
    end: int
    start_char: int
    end_char: int
    text: str


def entries() -> dict[str, list[str]]:
    """"LABEL|key" -> names: every name of data/organizations.yml, the country spellings,
    data/places.yml and the regional units."""
    g = gazetteer()
    entries: dict[str, list[str]] = {}
    for org in g.orgs.values():
        for name in (org.name, *org.aliases):
            entries.setdefault(f"ORG|{org.name}", []).append(name)
    for name, code in g.country_spellings:
        entries.setdefault(f"COUNTRY|{code}", []).append(name)
    for place in g.place_names:
        entries.setdefault(f"LOCATION|{place.lower()}", []).append(place)
    for unit in sorted(span_heads()["regional_units"]):
        entries.setdefault(f"UNIT|{unit}", []).append(unit)
    return entries


def as_written(key: str, name: str) -> bool:
    """Whether the gazetteer name under ``key`` matches only as written: an acronym, and a place
    opening with one ("DI Yogyakarta" is no "di Yogyakarta"); other names match in any case."""
    return bool(_ACRONYM.match(name) or key.startswith("LOCATION|") and _ACRONYM.match(name.split()[0]))


@lru_cache(maxsize=1)
def phrases() -> Phrases:
    """The gazetteer's ``entries`` ready to match, built once per process (in hundredths of a second).
    A name listed under two keys keeps the first (the data has none)."""
    exact: dict[tuple[str, ...], str] = {}
    lower: dict[tuple[str, ...], str] = {}
    lengths: dict[tuple[bool, str], set[int]] = {}
    for key, names in entries().items():
        for name in names:
            is_exact = as_written(key, name)
            words = tuple(t.text if is_exact else t.lower_ for t in tokenize(name))
            if words:
                (exact if is_exact else lower).setdefault(words, key)
                lengths.setdefault((is_exact, words[0]), set()).add(len(words))
    return Phrases(exact, lower, {k: tuple(sorted(v)) for k, v in lengths.items()})


def _matches(text: str, doc: list[Token]) -> tuple[list[_Match], dict[tuple[int, int], str]]:
    """Every gazetteer name in ``doc``, the tokens of ``text`` (overlapping ones too), and the key of each matched stretch: a
    lower-cased match outranks an exact one over the same tokens."""
    ph = phrases()
    texts = [t.text for t in doc]
    lowers = [t.lower_ for t in doc]
    found: list[_Match] = []
    keys: dict[tuple[int, int], str] = {}
    for is_exact, words, table in ((True, texts, ph.exact), (False, lowers, ph.lower)):
        for i, word in enumerate(words):
            for n in ph.lengths.get((is_exact, word), ()):
                key = table.get(tuple(words[i:i + n])) if i + n <= len(words) else None
                if key is not None:
                    a, b = doc[i].idx, doc[i + n - 1].idx + len(doc[i + n - 1])
                    found.append(_Match(i, i + n, a, b, text[a:b]))
                    keys[(i, i + n)] = key
    return found, keys


def _longest_first(spans: list[_Match]) -> list[_Match]:
    """spaCy's ``filter_spans``: longest first (earlier first among equals), a span whose first or last
    token is taken is dropped; the kept spans in text order."""
    taken: set[int] = set()
    kept = []
    for span in sorted(spans, key=lambda s: (s.end - s.start, -s.start), reverse=True):
        if span.start not in taken and span.end - 1 not in taken:
            kept.append(span)
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: s.start)


def rule_spans(text: str) -> list[Span]:
    """Gazetteer matches in ``text``: longest first, no overlaps."""
    doc = tokenize(text)
    found, labels = _matches(text, doc)
    out: list[Span] = []
    kept = _longest_first(found)
    for i, span in enumerate(kept):
        label, key = labels[(span.start, span.end)].split("|", 1)
        if label == "UNIT":
            nxt = kept[i + 1] if i + 1 < len(kept) and kept[i + 1].start == span.end else None
            unit = _regional_unit(doc, span, nxt if nxt is not None and labels[(nxt.start, nxt.end)]
                                  .startswith("LOCATION|") else None)
            if unit is not None:
                out.append(unit)
            continue
        if out and out[-1].label == "ORG" and out[-1].key is None and out[-1].start < span.start_char < out[-1].end:
            continue  # the place inside a regional unit's name
        if len(span.text) <= 3 and span.text.isupper() and _initials_cue().search(text, max(0, span.start_char - 60), span.start_char):  # cue <= 51 chars
            continue  # "berinisial AS, RD dan MF": suspects' initials
        if label == "COUNTRY" and (body := _state_body_before(doc, span, out)) is not None:
            out.append(Span(body, span.end_char, "ORG", None, "rules"))  # the state stays named too
        elif label == "COUNTRY" and out and out[-1].label == "ORG" and out[-1].end == span.start_char - 1 \
                and out[-1].key in gazetteer().orgs and gazetteer().orgs[out[-1].key].country == "ID":
            # an Indonesian body's name with another state after it is that state's body: "Kejaksaan Agung
            # Singapura"; with its own state it is the same body, so named ("Bakamla RI", "Kemhan RI")
            out[-1] = Span(out[-1].start, span.end_char, "ORG", out[-1].key if key == "ID" else None, "rules")
        out.append(Span(span.start_char, span.end_char, label, key, "rules"))
    return out


def _regional_unit(doc: list[Token], unit: _Match, place: _Match | None) -> Span | None:
    """"Polda" and the place it serves (the known ``place`` right after it, or one
    capitalised word that is no rank: "Polda Sulteng"), one organisation. Right
    after a name it only says which office of that body ("Densus 88 Anti Teror
    Polda Maluku"), and is none of its own."""
    ranks = _rank_words()
    if place is not None:
        end = place.end_char
    elif unit.end < len(doc) and doc[unit.end].is_alpha and doc[unit.end].text[:1].isupper() \
            and doc[unit.end].lower_ not in ranks:
        end = doc[unit.end].idx + len(doc[unit.end])
    else:
        return None
    prev = doc[unit.start - 1] if unit.start else None
    after_name = prev is not None and (prev.text[:1].isupper() or prev.text[:1].isdigit() or prev.text == ")") \
        and prev.lower_ not in ranks
    return None if after_name else Span(unit.start_char, end, "ORG", None, "rules")


def _state_body_before(doc: list[Token], span: _Match, found: list[Span]) -> int | None:
    """Where a state's body named by an institution word before the state starts
    ("Kepolisian Malaysia", "kepolisian Jordania", "Kepolisian Nasional Malaysia"):
    up to two capitalised words may stand between, none of them part of another match."""
    heads = _institution_words()
    last_end = found[-1].end if found else -1
    for k in range(1, 4):
        i = span.start - k
        if i < 0 or doc[i].idx < last_end or not doc[i].is_alpha:
            return None
        if doc[i].lower_ in heads:
            return doc[i].idx
        if not doc[i].text[:1].isupper():
            return None
    return None


@lru_cache(maxsize=1)
def _institution_words() -> frozenset[str]:
    return frozenset(h.lower() for h in span_heads()["institutions"])


@lru_cache(maxsize=1)
def _initials_cue() -> re.Pattern:
    return re.compile(_data("not_entities.yml")["initials_cue"], re.I)


@lru_cache(maxsize=1)
def _rank_words() -> frozenset[str]:
    """Words of ranks and positions: they start a person after a unit's name ("Polda Jatim
    Irjen ...") and, before a unit, are no name the unit continues ("Kabid Humas Polda Sulteng")."""
    people = _data("people.yml")
    return frozenset(w.lower().rstrip(".") for p in people["titles"] + people["role_heads"] + people["name_prefixes"]
                     for w in p.split())


def merge(model: list[Span], rules: list[Span], text: str) -> list[Span]:
    """Rule spans win over the model spans they overlap, with exceptions: a
    model organisation ending in a state keeps its whole span
    ("Kementerian Keamanan Publik Vietnam", "Kementerian Dalam Negeri Belgia"),
    and so does a span opening with an institution's head word, whatever the
    model's label ("Kepolisian Singapura"), a place opening with a
    geographic word ("Laut Sulu") and a span opening with a company's or an
    institution's word ("Bank Bali"); a model organisation with a state
    inside its name is that organisation ("Mujahidin Indonesia Timur"); a
    model person ending in a state or place keeps its span ("Badrodin Haiti"); any
    other clashing model span keeps its part after the last rule span, where
    names stand in Indonesian ("Kepala BNPT Suhardi Alius")."""
    out: list[Span] = []  # model spans kept; rule spans stay unless removed below
    removed: set[int] = set()  # ids of rule spans a model span replaced
    heads = span_heads()
    clashing = _overlaps(rules)
    for m in model:
        clash = clashing(m)
        last = max(clash, key=lambda r: r.end) if clash else None
        head = text[m.start:m.end].split(" ", 1)[0]
        if m.label != "ORG" and last and last.label == "COUNTRY" and last.end == m.end and head in heads["institutions"]:
            m = Span(m.start, m.end, "ORG", None, m.source)  # "Kepolisian Singapura" tagged LOC
        if not clash:
            out.append(m)
        elif m.label == "LOC" and head in heads["geography"] and len(clash) == 1 and last.label == "LOCATION" \
                and last.end == m.end:
            removed.add(id(last))
            out.append(Span(m.start, m.end, "LOCATION", None, m.source))
        elif m.label == "ORG" and _state_body(m, clash, text):
            removed.update(id(r) for r in rules if r.label == "ORG" and r in clash)
            out.append(m)
        elif m.label == "ORG" and _state_inside_name(m, clash) and not _opens_with_position(text[m.start:m.end]):
            removed.update(id(r) for r in clash)
            out.append(m)
        elif m.label == "PER" and _name_ending_in_place(text, m, clash):
            removed.update(id(r) for r in clash)
            out.append(m)
        elif m.label == "ORG" and _body_ending_in_place(text, m, clash):
            out.append(m)  # the place stays named too, as a state does in its body's name
        elif head in heads["org_heads"] and all(r.label in ("LOCATION", "COUNTRY") and m.start < r.start
                                                 and r.end <= m.end for r in clash):
            removed.update(id(r) for r in clash)  # "Bank Bali": a body named after a place
            out.append(Span(m.start, m.end, "ORG", None, m.source))
        else:
            tail = max(r.end for r in clash)
            if m.end - tail >= 3:
                out.append(Span(tail, m.end, m.label, None, "model-trimmed"))
    kept = [r for r in rules if id(r) not in removed] + out
    return sorted(_state_first_bodies(text, kept), key=lambda s: (s.start, -s.end))


def _overlaps(spans: list[Span]) -> Callable[[Span], list[Span]]:
    """A lookup of the spans (in their given order) that overlap a span, by binary search
    over their starts: merging costs time near linear in the number of spans."""
    order = sorted(range(len(spans)), key=lambda i: spans[i].start)
    starts = [spans[i].start for i in order]
    longest = max((s.end - s.start for s in spans), default=0)

    def overlapping(m: Span) -> list[Span]:
        lo, hi = bisect.bisect_left(starts, m.start - longest), bisect.bisect_left(starts, m.end)
        hits = sorted(i for i in order[lo:hi] if spans[i].end > m.start)
        return [spans[i] for i in hits]
    return overlapping


_CAPITALISED_RUN = re.compile(r"(?: [A-Z][A-Za-z-]+){1,4}")


def _state_first_bodies(text: str, spans: list[Span]) -> list[Span]:
    """English names put the state first ("Singapore Police Coast Guard", "Hong Kong Police
    Force", "Bangladesh Police"): a state followed by capitalised words ending in an
    organisation's last word (data/span_heads.yml org_tails) is that state's body, whatever the
    model made of the words; the state stays named too."""
    tails = span_heads()["org_tails"]
    out = list(spans)
    for c in spans:
        run = _CAPITALISED_RUN.match(text, c.end) if c.label == "COUNTRY" and c.source == "rules" else None
        words = run.group().split() if run else []
        k = max((i + 1 for i, w in enumerate(words) if w in tails), default=0)
        if not k:
            continue
        end = c.end + 1 + len(" ".join(words[:k]))
        if any(r.source == "rules" and c.end <= r.start < end for r in spans):
            continue  # a known name follows the state: "Australia Federal Police" is matched whole
        out = [s for s in out if s.source == "rules" or not (s.start < end and c.start < s.end)]
        out.append(Span(c.start, end, "ORG", None, "model"))  # checked like a model's name (no programmes)
    return out


@lru_cache(maxsize=1)
def span_heads() -> dict[str, frozenset[str]]:
    """The word lists of data/span_heads.yml (its one mapping, body_kinds: see ``body_kinds``)."""
    return {k: frozenset(v) for k, v in _data("span_heads.yml").items() if isinstance(v, list)}


@lru_cache(maxsize=1)
def body_kinds() -> dict[str, str]:
    """Lower-cased words for a kind of state body, in either language -> that kind (data/span_heads.yml)."""
    return {w.lower(): kind for kind, words in _data("span_heads.yml")["body_kinds"].items() for w in words}


@lru_cache(maxsize=1)
def _position_heads() -> tuple[str, ...]:
    return tuple(h.lower() + " " for h in _data("people.yml")["role_heads"])


def _opens_with_position(surface: str) -> bool:
    """"Duta Besar Australia untuk Indonesia Penny Williams": a position and a name, not a body."""
    return surface.lower().startswith(_position_heads())


def _name_ending_in_place(text: str, m: Span, clash: list[Span]) -> bool:
    """A model person whose last name is a state's or a place's ("Kapolri Jenderal Badrodin Haiti",
    "Hassan Turki"): capitalised words before it, the one next to it no rank, position or title word."""
    if len(clash) != 1 or clash[0].label not in ("COUNTRY", "LOCATION") or clash[0].end != m.end:
        return False
    before = text[m.start:clash[0].start].split()
    return (bool(before) and all(w[:1].isupper() and w.isalpha() for w in before)
            and before[-1].lower() not in _rank_words() and not _opens_with_position(text[m.start:m.end]))


_ROMAN = re.compile(r"[IVX]+")


def opens_with_place_word(words: list[str]) -> bool:
    """Capitalised words opening with an administrative unit, geography or venue word are a place's,
    never a person's or a body's name ("Kabupaten Mukomuko" after "Desa Bandar Ratu,", "Kota" after "Ibu"; the
    corpora's dev splits scored through the entity layer, ``benchmark persons``)."""
    surface = " ".join(words)
    return any(surface == w or surface.startswith(w + " ") for w in _place_words())


@lru_cache(maxsize=1)
def _place_words() -> tuple[str, ...]:
    heads = span_heads()
    return tuple(heads["place_units"] | heads["geography"] | heads["venues"])


def _body_ending_in_place(text: str, m: Span, clash: list[Span]) -> bool:
    """A model organisation named after the place it ends in ("Persib Bandung", "Bursa Efek Jakarta",
    "SMP 34 Bandung"): words of a name before a known place, none of them a position, a rank or a word
    that makes the whole a place or a venue ("Kota", "Laut", "Hotel")."""
    if len(clash) != 1 or clash[0].label != "LOCATION" or clash[0].end != m.end or clash[0].start <= m.start:
        return False
    before = text[m.start:clash[0].start].split()
    return (all(w[:1].isupper() or w.isdigit() for w in before) and not opens_with_place_word(before)
            and before[0].isalpha() and not _ROMAN.fullmatch(before[0])  # "(Lapas Kelas) II A Pekanbaru"
            and not any(w.lower() in _rank_words() for w in before)
            and not _opens_with_position(text[m.start:m.end]))


def _state_inside_name(m: Span, clash: list[Span]) -> bool:
    """A model organisation with a state's name inside it, between other words of its
    name: "Mujahidin Indonesia Timur", "Universitas Indonesia Timur" are one body, not a state."""
    return all(r.label == "COUNTRY" and m.start < r.start and r.end < m.end for r in clash)


def _words_outside(text: str, m: Span, inner: list[Span]) -> bool:
    """Whether ``m`` holds a word outside the ``inner`` spans."""
    rest = list(text[m.start:m.end])
    for r in inner:
        rest[r.start - m.start:r.end - m.start] = " " * (r.end - r.start)
    return any(ch.isalpha() for ch in rest)


def _state_body(m: Span, clash: list[Span], text: str) -> bool:
    """A model organisation that holds rule spans and ends in a state's name."""
    if not all(m.start <= r.start and r.end <= m.end and r.end - r.start < m.end - m.start for r in clash):
        return False
    last = max(clash, key=lambda r: r.end)
    if last.label != "COUNTRY" or last.end != m.end:
        return False
    if all(r.label == "COUNTRY" for r in clash) and not _words_outside(text, m, clash):
        return False  # "Arab Saudi-Indonesia": states side by side, no body
    orgs = [r for r in clash if r.label == "ORG"]
    # an Indonesian body's name plus another state ("Kementerian Dalam Negeri Belgia") is that state's body;
    # a foreign body with its state ("CUTA Belgia") stays the known body
    g = gazetteer()
    return not orgs or (last.key != "ID" and all(g.orgs[r.key].country == "ID" for r in orgs if r.key in g.orgs))
