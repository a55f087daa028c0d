"""NER spans -> the actors of SPEC section 3: typed, normalised, one per referent.

Steps, each a small function over plain data:
1. type every span (a LOC is a COUNTRY when CLDR or the alias list knows it,
   typo-tolerant; otherwise a LOCATION) and drop what is not an actor
   (the outlet in the dateline, web addresses);
2. persons: ranks and honorifics before the name become ``title``, degrees
   after it are dropped, the position written before the name becomes
   ``role``; organisations and countries inside the role give ``org`` and
   ``country``;
3. cluster mentions into entities: persons by name tokens and spelling,
   organisations by gazetteer key or by "Full Name (ACRONYM)", countries by
   ISO code, places by name.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import accumulate

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .clean import rules as cleaning_rules
from .dates import vocab as date_vocab
from .model import Entity, Mention
from .nlp import Span
from .nlp.rules import body_kinds, gazetteer, opens_with_place_word, span_heads
from .nlp.tokenize import line_bounds, sentences, title_cased
from .paths import data_file
from .title_words import is_title, starts_with_title

_REPORTER_CODE = re.compile(r"[A-Za-z]{2,5}(/[A-Za-z]{2,5})+$")  # "Rif/Ant" signs a paragraph
_DOMAIN = re.compile(r"\.(com|id|net|org|co)\b|www\.|https?:", re.I)
_WORD = re.compile(r"[\w'’.-]+|[^\w\s]")
# How far back the scans before a name look: ranks with the word before them, a lower-case
# role head, and a whole written position (the longest in the gold is 92 characters). Bounded
# so that a page of names one after another costs time linear in its length.
_LOOKBACK = 100
_ROLE_RUN = 300
_LEARNED_ROLE_WORDS = 3  # an office the title model finds stands within this many words of the name
_HEADLINE_CHARS = 400  # a Title Case headline has at most 16 words
_NON_SPACE = re.compile(r"\S+")
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z0-9-]{1,12}(?:\s[A-Z][A-Za-z0-9-]+)?)\)")
_CONNECTORS = {"untuk", "bidang", "urusan", "luar", "negeri", "dan", "merangkap", "of", "for", "the", "and", "on", "se",
               ",", "(", ")", "/", "-", "–", "&", "."}
_TYPE = {"PER": "PERSON", "PERSON": "PERSON", "ORG": "ORG", "LOC": "LOCATION", "LOCATION": "LOCATION",
         "COUNTRY": "COUNTRY"}


@dataclass(frozen=True)
class PeopleWords:
    titles: tuple[str, ...]  # longest first
    degrees: frozenset[str]
    role_heads: tuple[str, ...]  # longest first
    indonesian_ranks: frozenset[str]
    name_prefixes: frozenset[str]
    role_orgs: tuple[tuple[re.Pattern, str], ...]
    indonesian_heads: tuple[str, ...]
    subordinate_heads: tuple[str, ...]
    portfolio_heads: tuple[str, ...]
    title_words: frozenset[str]  # lower-cased, without the final period
    head_words: frozenset[str]  # lower-cased
    head_re: re.Pattern  # any role head as a whole word
    title_re: re.Pattern  # a rank or honorific as a whole word, with an optional period
    particles: tuple[str, ...]  # "bin", "van": lower-case words inside a name
    abbreviations: frozenset[str]  # "Mohd": a first name written with a period
    delegation_re: re.Pattern  # after a state: the verb by which it sends the officials named next
    abbreviated_heads: tuple[tuple[re.Pattern, str], ...]  # "Mendagri" -> "Menteri Dalam Negeri"
    lower_head_re: re.Pattern  # a role head written in lower case ("komandan", "juru bicara") ending a text
    speech_re: re.Pattern  # a verb of saying ending a text: "kata Tito, Raja Jordan ...": no apposition follows
    independent_heads: tuple[str, ...]  # experts and scholars: no state's officials
    complement_heads: frozenset[str]  # lower-cased: heads whose next capitalised words are what they head
    said_after_re: re.Pattern  # a verb of saying opening a text: the name before it is a speaker's
    nicknames: dict[str, str]  # full name -> the nickname the news knows it by ("Joko Widodo" -> "Jokowi")


@lru_cache(maxsize=4)
def _data_file(name: str) -> dict:
    """One of the word lists in pipeline/data, read once per process."""
    return data_file(name)


@lru_cache(maxsize=1)
def not_entities() -> tuple[frozenset[str], re.Pattern]:
    """Generic words and instrument / event phrases a model may tag (data/not_entities.yml)."""
    spec = _data_file("not_entities.yml")
    phrases = "|".join(re.escape(p) for p in sorted(spec["phrases"], key=len, reverse=True))
    return frozenset(spec["words"]), re.compile(rf"(?<!\w)({phrases})(?!\w)", re.I)


@lru_cache(maxsize=1)
def not_name_words() -> frozenset[str]:
    """Common words no person's name holds (data/not_entities.yml)."""
    return frozenset(_data_file("not_entities.yml")["not_name_words"])


def _holds_common_word(surface: str) -> bool:
    return any(w.lower() in not_name_words() for w in re.findall(r"[A-Za-z]+", surface))


def _common_lead(surface: str) -> int:
    """Length of the common words and name prefixes before a name ("Keamanan Wiranto"), spaces included."""
    cut = 0
    for m in re.finditer(r"(\S+) ", surface):
        word = m.group(1).lower()
        if m.start() != cut or not (word in not_name_words() or word in people_words().name_prefixes):
            break
        cut = m.end()
    return cut


@lru_cache(maxsize=1)
def outlets() -> tuple[frozenset[str], re.Pattern]:
    """News outlets (lower-cased) and the cues that cite one as a source (data/not_entities.yml)."""
    spec = _data_file("not_entities.yml")
    return frozenset(o.lower() for o in spec["outlets"]), re.compile(spec["source_cues"], re.I)


def _cited_outlet(text: str, start: int, end: int) -> bool:
    """An outlet cited as a source is no actor: a known outlet's name ("Reuters", "TEMPO"),
    any name right after a source cue ("dilansir AFP"), and the photographer in a
    credit after an outlet ("TRIBUN JABAR/GANI KURNIAWAN")."""
    names, cue = outlets()
    if text[start:end].lower() in names or cue.search(text, max(0, start - 40), start):
        return True
    credit = re.search(r"([\w.]+(?: [\w.]+){0,2})/$", text[max(0, start - 40):start])
    words = credit.group(1).lower().split() if credit else []
    return any(" ".join(words[i:]) in names for i in range(len(words)))


_CAPITALISED_RUN = re.compile(r"(?<![\w-])(?:[A-Z][\w-]*[ ]+)+$")


def _headed(text: str, pos: int) -> bool:
    """Whether a head that names what it heads stands alone right before ``pos`` ("Kepala [Darul Quran]",
    "Direktur [Hutama Karya]"): the words there are that body or place, not the holder's name."""
    before = text[max(0, pos - 40):pos]
    run = _CAPITALISED_RUN.search(before) or re.search(r"(?<![\w-])\w+ +$", before)  # "anggota Ivy League"
    return bool(run) and run.group().strip().lower() in people_words().complement_heads


def _name_after_role(text: str, start: int, surface: str, person_surfaces: set[str]) -> bool:
    """Whether a model's organisation or place at ``start`` is a person's name ("Duta Besar Rusia, Sergei
    Tolchenov" tagged ORG): the model calls it a person elsewhere, or it looks like a name after a rank or
    role; never a place's words nor what a head standing alone before it heads."""
    words = surface.split()
    if opens_with_place_word(words) or words[-1] in span_heads()["directions"] or _headed(text, start):
        return False
    places = gazetteer().places
    if any(" ".join(words[i:]).lower() in places for i in range(1, len(words))):
        return False  # "Politeknik LPP Yogyakarta": a body named after its place (the corpora's train and dev splits)
    return surface in person_surfaces or _looks_like_name(surface) and bool(
        _titles_before(text, start)[0] or _role_before(text, start, max(0, start - 120)))


def _venue(surface: str, etype: str) -> bool:
    """A building, room or street (SPEC 3: no LOCATION): a place or a model's organisation
    opening with a venue word; an office word only makes a place a venue."""
    heads = span_heads()
    low = surface.lower()
    words = heads["venues"] | (heads["offices"] if etype == "LOCATION" else frozenset())
    return any(low == w.lower() or low.startswith(w.lower() + " ") for w in words)


@lru_cache(maxsize=1)
def people_words() -> PeopleWords:
    spec = _data_file("people.yml")

    def by_len(ws: list[str]) -> tuple[str, ...]:
        return tuple(sorted(set(ws), key=len, reverse=True))

    return PeopleWords(by_len(spec["titles"]), frozenset(d.lower().rstrip(".") for d in spec["degrees"]),
                       by_len(spec["role_heads"]), frozenset(r.lower() for r in spec["indonesian_ranks"]),
                       frozenset(w.lower() for w in spec["name_prefixes"]),
                       tuple((re.compile(p), org) for p, org in spec["role_orgs"].items()),
                       tuple(spec["indonesian_heads"]), tuple(spec["subordinate_heads"]),
                       tuple(spec["portfolio_heads"]),
                       frozenset(t.lower().rstrip(".") for t in spec["titles"]),
                       frozenset(h.lower() for h in spec["role_heads"]),
                       re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, by_len(spec["role_heads"]))) + r")(?![\w])"),
                       re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, by_len(spec["titles"]))) + r")(?![\w])\.?"),
                       tuple(spec["name_particles"]), frozenset(spec["name_abbreviations"]),
                       re.compile(r"(?:\s+yang)?\s+(?:" + "|".join(map(re.escape, spec["delegation_verbs"]))
                                  + r")(?:\s+oleh)?\s"),
                       tuple((re.compile(rf"\b{re.escape(k)}\b"), v) for k, v in spec["role_abbreviations"].items()),
                       re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(h.lower()) for h in by_len(spec["role_heads"])
                                                             if not h.isupper()) + r")\s+$"),
                       re.compile(r"\b(?:" + "|".join(map(re.escape, spec["speech_verbs"])) + r")\s+$", re.I),
                       tuple(spec["independent_heads"]), frozenset(h.lower() for h in spec["complement_heads"]),
                       re.compile(r"\s*,?\s*(?:" + "|".join(map(re.escape, spec["said_after"])) + r")\b"),
                       dict(spec["nicknames"]))


@dataclass
class _M:
    """A typed mention being worked on."""

    start: int
    end: int
    type: str
    text: str
    key: str | None = None  # gazetteer key / ISO code
    title: str | None = None
    role: str | None = None
    role_span: tuple[int, int] | None = None
    org_span: tuple[int, int] | None = None  # the body a position names apart from it ("Pakar ... di Universitas X")
    aliases: list[str] = field(default_factory=list)
    nick_of: str | None = None  # the full name a bracketed nickname stands for


@lru_cache(maxsize=8192)
def country_code(name: str) -> str | None:
    """ISO code of a country name, tolerating one typo in long names ("Indoneisa")."""
    g = gazetteer()
    low = " ".join(name.lower().split())
    if low in g.country_names:
        return g.country_names[low]
    if len(low) >= 7:
        names, codes = _long_country_names()
        close = process.extract(low, names, scorer=OSA.distance, score_cutoff=1, limit=None)
        if close:
            return codes[min(i for _, _, i in close)]  # the first in the gazetteer's order
    return None


@lru_cache(maxsize=1)
def _long_country_names() -> tuple[list[str], list[str]]:
    """Country names of seven letters or more (long enough for a typo to be told from another name),
    in the gazetteer's order, and their codes."""
    long = [(known, code) for known, code in gazetteer().country_names.items() if len(known) >= 7]
    return [k for k, _ in long], [c for _, c in long]


def _edit1(a: str, b: str) -> bool:
    """True when a and b differ by at most one edit or one swap of neighbours (optimal string alignment)."""
    return OSA.distance(a, b, score_cutoff=1) <= 1


def _dateline_span(text: str, dateline: str | None) -> tuple[int, int] | None:
    if not dateline:
        return None
    i = text.find(dateline)
    return (i, i + len(dateline)) if i >= 0 else None


_BRACKETED = re.compile(r"\([^)]*\)")


def _dateline_place(text: str, dateline: str | None, ms: list[_M]) -> _M | None:
    """The place a dateline names beside its outlet, where no place mention covers it: "Manado
    (ANTARA) -", "Nusa Dua, (AntaraSumbar) -", "jpnn.com, BRUSSEL -" (a12, e03, a21: the model
    misses a place glued to an outlet). The outlet is the part in brackets, with a web address,
    listed, or of three letters ("Jakarta, MI"); a weekday is no place; a lone word, or a dateline
    where a place is found already, is the model's to judge."""
    span = _dateline_span(text, dateline)
    if span is None:
        return None
    lead = text[span[0]:span[1]]
    outside = _BRACKETED.sub(lambda m: " " * len(m.group()), lead)  # blanks keep the offsets
    parts = [m for m in re.finditer(r"[^,]+", outside) if m.group().strip()]
    if len(parts) < 2 and "(" not in lead:
        return None
    if any(span[0] <= m.start and m.end <= span[1] for m in ms if m.type in ("LOCATION", "COUNTRY")):
        return None  # a dateline names one place, and a mention has it
    known, weekdays = outlets()[0], date_vocab().weekday
    names = [(m.start() + m.group().index(name), name) for m, name in ((m, m.group().strip()) for m in parts)
             if "." not in name and len(name) > 3 and name[0].isupper() and name.lower() not in known
             and name.lower() not in weekdays]  # "Jakarta, Senin (1/4)"
    if not names:
        return None
    offset, surface = names[-1]
    start, end = span[0] + offset, span[0] + offset + len(surface)
    code = country_code(surface)
    return _M(start, end, "COUNTRY" if code else "LOCATION", surface, code)


def _type_spans(text: str, spans: list[Span], dateline: str | None) -> list[_M]:
    out = []
    dl = _dateline_span(text, dateline)
    generic, instruments = not_entities()
    person_surfaces = {text[s.start:s.end].strip() for s in spans if s.label == "PER"}
    openers = {a for a, _ in sentences(text)}
    closed = cleaning_rules().id_words
    for s in spans:
        start, end = _trim(text, s.start, s.end)
        surface = text[start:end]
        while s.source != "rules" and " " in surface and surface.split(" ", 1)[0].lower() in closed:
            cut = surface.index(" ") + 1  # "Dihadapan Delegasi Vietnam": a sentence's opening word is no name's
            start, surface = start + cut, surface[cut:]
        if (end - start < 2 or _DOMAIN.search(surface) or _DOMAIN.match(text, end) or "\n" in surface
                or not any(ch.isalpha() for ch in surface)
                or surface.lower() in generic or (s.source != "rules" and instruments.search(surface))
                or re.search(r"\s(--|[-–—])\s|[–—]", surface)  # a dateline's dash: "MI - X", "JAKARTA—Pemerintah"
                or _REPORTER_CODE.match(surface)):
            continue
        if (s.source == "model" and s.label in ("ORG", "LOC") and " " not in surface and not surface.isupper()
                and _opens_sentence(text, start, openers)
                and not _written_after_lower(text, surface)):
            continue  # one capitalised word opening a sentence, never capitalised elsewhere: an ordinary word
        if s.source == "model" and " " not in surface and _written_in_lower_case(text, surface):
            continue  # a word the text also writes in lower case ("Juga", "Hotline"): no name
        if s.source != "rules" and s.label in ("ORG", "LOC"):
            # a rank inside a venue or place is its namesake's ("Jalan Kolonel Sugiono", "Pangkalan Udara
            # Jenderal Besar Soedirman", "Stadion Raja Baudouin")
            person = None if opens_with_place_word(surface.split()) else _person_inside(surface)
            if person is not None:  # "Menlu Retno", "Commisioner Police Dato Abdul Hamid bin Bador"
                start, end, surface = start + person[0], start + person[1], surface[person[0]:person[1]]
                out.append(_M(start, end, "PERSON", surface))
                continue
            if (_is_role_or_title(surface) or surface.split()[0].lower() in people_words().name_prefixes
                    or _role_head_len(surface)):
                continue  # a position without a name ("Menhan RI", "Duta Besar Rusia untuk Indonesia")
            toks = surface.split()
            while len(toks) > 1 and toks[-1].lower().rstrip(".") in people_words().title_words:
                toks.pop()  # "RCDS Lieutenant General": the rank belongs to the name that follows
            if len(toks) < len(surface.split()):
                surface = " ".join(toks)
                end = start + len(surface)
        etype = _TYPE.get(s.label)
        if etype is None:
            continue
        org_tail = " " in surface and surface.rsplit(" ", 1)[1] in span_heads()["org_tails"]
        if s.source != "rules" and etype in ("PERSON", "LOCATION") and org_tail:
            etype = "ORG"  # "Lowy Institute" tagged PER
        if s.source != "rules" and etype == "LOCATION" and surface.split()[0] in span_heads()["institutions"]:
            etype = "ORG"  # "Kepolisian Hong Kong", "Mahkamah Agung" tagged LOC: a state body, not a place
        head = next((w for w in re.finditer(r"\S+", surface) if w.group() in span_heads()["org_heads"]), None)
        if s.source != "rules" and etype in ("PERSON", "LOCATION") and head and head.end() < len(surface):
            etype, start, surface = "ORG", start + head.start(), surface[head.start():]  # "Utama PT Pindad"
        key = s.key
        if s.source == "model-trimmed" and etype in ("ORG", "LOCATION"):
            # what is left of a model span after the known names is a person ("BNPT Komjen Suhardi") or nothing
            rest = _strip_titles(surface)
            if not (_looks_like_name(rest) or (rest != surface and _looks_like_name(rest, min_tokens=1))):
                continue
            etype = "PERSON"
        elif s.source != "rules" and etype in ("ORG", "LOCATION"):
            code = country_code(surface)
            if code:
                etype, key = "COUNTRY", code
            elif not org_tail and not head and _name_after_role(text, start, surface, person_surfaces):
                if people_words().title_re.match(text, end + 1):
                    continue  # before a rank it is the place of a position: "Kapolda Metro Jaya Irjen Karyoto"
                etype = "PERSON"  # "Duta Besar Rusia, Sergei Tolchenov" tagged ORG: a name after a rank or role
        if etype == "LOCATION" and s.source != "rules":
            code = country_code(surface)
            if code:
                etype, key = "COUNTRY", code
        if etype == "ORG" and s.source == "model" and surface.split()[0] in span_heads()["institutions"]:
            end = _body_name_end(text, end, [t for t in spans if t is not s])
            surface = text[start:end]
        if dl and dl[0] <= start and end <= dl[1] and etype not in ("LOCATION", "COUNTRY"):
            continue  # the outlet's name in "JAKARTA, newsreal.id –"
        if etype != "COUNTRY" and _cited_outlet(text, start, end):
            continue
        if s.source != "rules" and etype == "PERSON":
            cut = _common_lead(surface)  # "Keamanan Wiranto": a position's last word glued on
            start, surface = start + cut, surface[cut:]
        if not surface or s.source != "rules" and etype in ("PERSON", "LOCATION") and _holds_common_word(surface):
            continue  # "Cyber Crime", "Read More": a phrase, no name
        if etype == "LOCATION" and (_inside_title(text, start, end) or surface in span_heads()["directions"]):
            continue  # a direction alone names no place: "Direktur Asia Selatan dan Tengah"
        if s.source != "rules" and etype in ("LOCATION", "ORG") and _venue(surface, etype):
            continue
        if etype != "COUNTRY" and surface[0].islower() and not (s.source == "rules" and key is None):
            continue  # lower case is no name, but for a state's body written so ("kepolisian Jordania")
        out.append(_M(start, end, etype, surface, key))
    return out


_LIST_TAIL = re.compile(r"(?:, [A-Z][\w-]*)*,? dan [A-Z][\w-]*(?: [A-Z][\w-]*){0,2}")


def _body_name_end(text: str, end: int, spans: list[Span]) -> int:
    """Where the name of a state body ends that a model cut at its list of fields:
    "Kementerian Koordinator Bidang Politik[, Hukum, dan Keamanan]", "Badan Siber[ dan Sandi
    Negara]". The list goes on over capitalised words none of which is a position, a rank, another
    body's first word or part of another name."""
    tail = _LIST_TAIL.match(text, end)
    if tail is None:
        return end
    words = people_words()
    for w in re.finditer(r"[A-Z][\w-]*", tail.group()):
        a, b = end + w.start(), end + w.end()
        if (w.group().lower() in words.head_words | words.title_words or w.group() in span_heads()["institutions"]
                or any(t.start < b and a < t.end for t in spans)):
            return end
    return tail.end()


_TITLE_WORD = re.compile(r"[A-Z][\w'’.-]*|of|on|and|for|the|to|against|&")


def _inside_title(text: str, start: int, end: int) -> bool:
    """A place inside the capitalised name of an instrument, event or programme is a word of
    that name, no mention: "Bali Work Plan", "Chief of Police Conference of South Asia and
    Neighbouring Countries", "Konvensi Eropa". Not on a Title Case headline, where every word is
    capitalised."""
    if _in_headline(text, start):
        return False
    line_start = max(line_bounds(text, start)[0], start - _ROLE_RUN)  # no name of an instrument runs longer
    line_end = min(line_bounds(text, end)[1], end + _ROLE_RUN)
    words = [m.span() for m in _NON_SPACE.finditer(text, line_start, line_end)]
    inside = [i for i, (a, b) in enumerate(words) if a < end and start < b]

    def joins(i: int, j: int) -> bool:  # word j continues the name of word i, its neighbour
        left = text[words[min(i, j)][0]:words[min(i, j)][1]]
        word = text[words[j][0]:words[j][1]].strip("“”\"‘’,.()")
        return _TITLE_WORD.fullmatch(word) is not None and not re.search(r"[,.;:)”\"]$", left)

    lo, hi = inside[0], inside[-1]
    while lo > 0 and joins(lo, lo - 1):
        lo -= 1
    while hi + 1 < len(words) and joins(hi, hi + 1):
        hi += 1
    return bool(not_entities()[1].search(text[words[lo][0]:words[hi][1]]))


def _person_inside(surface: str) -> tuple[int, int] | None:
    """Where a model organisation or place is a rank or position followed by a name, the name's span."""
    cut = _role_cut(surface)
    if cut == 0 or cut >= len(surface):
        return None
    rest = _after_state(surface[cut:].lstrip(" ,."))
    if rest is None:
        return None
    return len(surface) - len(rest), len(surface)


def _role_head_len(surface: str) -> int:
    """Length of the role head ("Kepala", "Duta Besar") ``surface`` opens with, with its space; 0 if none."""
    low = surface.lower()
    return next((len(head) + 1 for head in people_words().role_heads if low.startswith(head.lower() + " ")), 0)


def _role_cut(surface: str) -> int:
    """Where the role head and the ranks in ``surface`` end (0: it holds neither)."""
    words = people_words()
    cut = _role_head_len(surface)
    for m in re.finditer(r"\S+", surface):
        if m.start() < cut:
            continue
        tok = m.group().rstrip(".,")
        if tok.lower() in words.title_words:
            cut = m.end() + 1
    return cut


def _after_state(words: str) -> str | None:
    """The name in the rest of a position: all of it, or what follows the last
    state it names ("Australia untuk Indonesia Penny Williams" -> "Penny Williams";
    "Diraja Malaysia" names nobody)."""
    toks = words.split()
    last = max((i for i, tok in enumerate(toks)
                if country_code(tok) or (i and country_code(f"{toks[i - 1]} {tok}"))), default=None)
    if last is None:
        return words if _looks_like_name(words, min_tokens=1) else None
    rest = " ".join(toks[last + 1:])
    return rest if _looks_like_name(rest) else None


def _is_role_or_title(surface: str) -> bool:
    low = surface.lower().rstrip(".")
    words = people_words()
    return low in words.head_words or low in words.title_words


def _strip_titles(surface: str) -> str:
    """``surface`` without the ranks and honorifics it starts with."""
    words = people_words()
    changed = True
    while changed:
        changed = False
        for t in words.titles:
            if surface.startswith(t) and (len(surface) == len(t) or not surface[len(t)].isalnum()):
                surface = surface[len(t):].lstrip(" .,")
                changed = True
                break
    return surface


def _opens_sentence(text: str, pos: int, openers: set[int]) -> bool:
    j = pos
    while j > 0 and text[j - 1] in "\"“‘( ":
        j -= 1
    return j in openers or j == 0 or text[j - 1] == "\n"


def _looks_like_name(surface: str, min_tokens: int = 2) -> bool:
    """Two (or ``min_tokens``) to four capitalised words, none a rank, role, common or body's word."""
    toks = surface.split()
    words = people_words()
    vocab = words.name_prefixes | words.head_words | not_entities()[0] | not_name_words()
    heads = span_heads()
    bodies = heads["institutions"] | heads["org_heads"] | heads["org_tails"]  # "Angkatan Darat" names a body
    return (min_tokens <= len(toks) <= 4 and all(t[:1].isupper() and t.replace("-", "").replace(".", "").isalpha() for t in toks)
            and not any(t.lower() in vocab or t in bodies for t in toks) and not opens_with_place_word(toks)
            and not (len(toks) > 1 and toks[-1] in heads["directions"]))  # "Merdeka Barat": a region


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces and stray punctuation at a span's edges: keep a closing ')' or '.', but not a
    bracket closing before the span opened ("Dubes) RI") nor the full stop after a name ("PNG.")."""
    close = text.find(")", start, end - 1)
    if close >= 0 and "(" not in text[start:close]:
        start = close + 1
    while start < end and not (text[start].isalnum() or text[start] in "(\"“"):
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in ").'"):
        end -= 1
    if end > start and text[end - 1] == ")" and "(" not in text[start:end]:
        end -= 1
    last = text[start:end].rsplit(" ", 1)[-1][:-1]
    if (end > start and text[end - 1] == "." and "." not in text[start:end - 1] and len(last) > 1
            and last.lower() not in people_words().title_words | people_words().degrees
            and last not in people_words().abbreviations):
        end -= 1
    return start, end


# ---------------------------------------------------------------- persons
def _strip_person(m: _M) -> _M | None:
    """Move ranks and honorifics to ``title``, drop degrees; None if no name is left."""
    words = people_words()
    name = m.text
    title_parts: list[str] = []
    changed = True
    while changed:
        changed = False
        first = name.split(" ", 1)[0]
        if first.lower().rstrip(",") in words.name_prefixes:
            name = name[len(first):].lstrip(" ,")
            changed = True
        for head in words.role_heads:
            if name.lower() == head.lower():
                return None
            if name.lower().startswith(head.lower() + " ") and head[0].isupper():
                name = name[len(head):].lstrip(" ,")
                changed = True
        for t in words.titles:
            if name.startswith(t) and (len(name) == len(t) or not name[len(t)].isalnum()):
                title_parts.append(t)
                name = name[len(t):].lstrip(" ,")
                changed = True
                break
        if not changed and starts_with_title(name.split(" ")):  # a title the lists do not know
            first, _, name = name.partition(" ")
            title_parts.append(first)
            changed = True
        elif not changed and len(name.split()) > 2 and len(first) > 2 and first.isalpha() and first.isupper():
            name = name[len(first):].lstrip(" ,")  # SPEC 3: an acronym before a name is the position's ("UNOCT
            changed = True  # Vladimir Voronkov", "Kepala BNPT Eddy Hartono"), or a rank ("SAC Cheang Keng Keong")
        elif not changed and (place := _leading_place(name.split())):
            name = name[len(place):].lstrip(" ,")
            changed = True
    # degrees after the name, inside the span: "Suhardi Alius, MH"
    parts = re.split(r",\s*", name)
    while len(parts) > 1 and parts[-1].lower().rstrip(".") in words.degrees:
        parts.pop()
    name = ", ".join(parts).strip(" ,.")
    toks = name.split()
    while toks and toks[-1].lower().rstrip(".,") in words.degrees:
        toks.pop()
    name = " ".join(toks)
    if len(name) < 2 or not name[0].isupper():
        return None
    start = m.start + m.text.find(name) if name in m.text else m.start
    new = _M(start, start + len(name), "PERSON", name, None, " ".join(title_parts) or None)
    return new


def _leading_place(words: list[str]) -> str | None:
    """The place a model glued to the front of a name, the position's last words ("Kementerian Hukum [Maluku]
    Saiful Sahri", "Urusan Kawasan [Asia Pasifik] Mark Field", "Bupati [Minahasa Selatan] Tetty Paruntu"): a
    known place, or words up to a direction; two words are left for the name."""
    places, directions = gazetteer().places, span_heads()["directions"]
    for k in range(len(words) - 2, 0, -1):
        lead = " ".join(words[:k])
        if lead.lower() in places or k > 1 and words[k - 1] in directions:
            return lead
    return None


def _titles_before(text: str, pos: int) -> tuple[str | None, int]:
    """Ranks written just before ``pos`` ("Komjen. Pol. Dr."): their text as written and where they start."""
    words = people_words()
    start = pos
    while True:
        end = start
        while end > 0 and text[end - 1] in " ,":
            end -= 1
        lo = max(0, end - _LOOKBACK)  # a rank and the word before it fit in the window: linear in the text
        before = text[lo:end]
        found = None
        for cand in (before, before[:-1] if before.endswith(".") else ""):  # "Komjen." is "Komjen"
            hit = next((x for x in words.titles if cand.endswith(x)  # not inside "Attorney-General"
                        and (lo + len(cand) == len(x) or not (cand[-len(x) - 1].isalnum() or cand[-len(x) - 1] == "-"))),
                       None) if cand.endswith(words.titles) else None  # one C call rules most positions out
            if hit and not _ends_position(cand[:len(cand) - len(hit)], hit):
                found = lo + len(cand) - len(hit)
                break
        if found is None:
            break
        start = found
    while (m := re.match(r"(TNI|Polri|Pol\.?|Polisi)\s+(?=\S)", text[start:pos])):
        start += m.end()  # "Panglima TNI Jenderal": the force belongs to the position; ranks come after it
    if start == pos:
        return None, pos
    return text[start:pos].strip(" ,"), start


def _title_start(text: str, p: _M) -> tuple[str | None, int]:
    """The ranks before a person's name and where they start: those the lists know
    (``_titles_before``), else the span's own words the title model took off the name,
    which ``_strip_person`` kept in ``title``."""
    title, start = _titles_before(text, p.start)
    if title is None and p.title:
        head = text[:p.start].rstrip(" ,")
        if head.endswith(p.title):
            return p.title, len(head) - len(p.title)
    return title, start


def _split_title(text: str, m: _M) -> _M:
    """A model that cut a rank or a position in two ("Tan [Sri Razarudin Husain]", "Jaksa [Agung
    Basrief Arief]"): their last words leave the name, so the whole is found before it."""
    for head, tail, head_at_end in _title_cuts():
        if m.text.startswith(tail) and head_at_end.search(text[max(0, m.start - len(head) - 2):m.start]):
            cut = len(tail)
            return _M(m.start + cut, m.end, m.type, m.text[cut:], m.key, m.title)
    return m


@lru_cache(maxsize=1)
def _title_cuts() -> tuple[tuple[str, str, re.Pattern], ...]:
    """Every way to cut a rank or position of several words in two: its first words, the rest
    with the space after them, and a pattern of the first words ending a text."""
    out = []
    for title in people_words().titles + people_words().role_heads:
        parts = title.split()
        for k in range(1, len(parts)):
            head = " ".join(parts[:k])
            out.append((head, " ".join(parts[k:]) + " ", re.compile(rf"(^|\W){re.escape(head)} $")))
    return tuple(out)


def _ends_position(before: str, word: str) -> bool:
    """"Sekretaris Jenderal", "Direktur Jenderal": the rank-like word closes a position, it is no rank."""
    prev = re.search(r"(\S+)\s+$", before)
    return prev is not None and f"{prev.group(1)} {word}".lower() in people_words().head_words


_ABSTRACT_NOUN = re.compile(r"(?:Pe|Ke)[a-z]{3,}an")  # "Pemasyarakatan", "Keamanan": a portfolio, no first name


def _extend_name(text: str, m: _M, taken: list[tuple[int, int]]) -> _M:
    """Models often miss a name's first word ("Komjen Boy Rafli Amar" tagged
    "Rafli Amar"): take in one capitalised word before the name that is no
    rank, role, known entity or sentence opener."""
    words = people_words()
    stop = words.title_words | words.head_words | words.name_prefixes | {h.split()[0].lower() for h in words.role_heads}
    prev = re.search(r"([A-Z][\w'’-]*) +$", text[max(0, m.start - 30):m.start])
    if not prev or prev.group(1).lower() in stop or (len(prev.group(1)) > 1 and prev.group(1).isupper()):  # "HAM", "RI": acronyms; "I" (Wayan) is a name
        return m
    w0 = m.start - len(prev.group(0))
    if any(a <= w0 < b for a, b in taken) or prev.group(1).lower() in not_entities()[0] | not_name_words():
        return m
    if _ABSTRACT_NOUN.fullmatch(prev.group(1)) or re.search(r"\b(of|for|on|the|and|untuk|bidang|urusan) +$",
                                                            text[max(0, w0 - 10):w0]):
        return m  # "Menteri Imigrasi dan Pemasyarakatan", "Deputy Secretary of Defence": the position's last word
    if starts_with_title([prev.group(1), *m.text.split()]):
        return m  # a title the lists do not know
    head = re.search(r"(\S+) +$", text[max(0, w0 - 30):w0])
    if head and head.group(1)[0].isupper() and head.group(1).lower() in words.head_words:
        return m  # "Menteri Agama Suryadharma Ali", "Sekretaris Kabinet Andi Widjajanto": the position's last word
    if (prev.group(1) in span_heads()["directions"] or prev.group(1).lower() in gazetteer().places
            or opens_with_place_word([prev.group(1)])):
        return m  # "Bupati Minahasa Selatan Tetty Paruntu": the place the position serves; "Desa Taruno"
    before = text[max(0, w0 - 3):w0]
    if not _titles_before(text, w0)[0] and (not before.strip() or before.rstrip()[-1:] in ".\n\"“"):
        return m  # a capitalised word opening a sentence is no evidence of a name
    return _M(w0, m.end, m.type, text[w0:m.end], m.key, m.title)


def _extend_name_after(text: str, m: _M, taken: list[tuple[int, int]]) -> _M:
    """Models often cut a name at a particle or a period: "Jan van [der Berg]", "Peter O'[Neil]",
    "Zulkifeli Mohd[. Zin]". The name goes on over particles to the next capitalised word, over
    the letters after an apostrophe and after an abbreviated first name."""
    words = people_words()
    particles = "|".join(map(re.escape, words.particles))
    last = m.text.split()[-1]
    if m.text[-1] in "'’":
        tail = re.match(r"[A-Z][a-z]+", text[m.end:])
    elif last.rstrip(".") in words.abbreviations:
        tail = re.match(r"\.? [A-Z][a-z]+", text[m.end:])
    else:
        lead = r"(?: (?:" + particles + r"))*" if last in words.particles else r"(?: (?:" + particles + r"))+"
        tail = re.match(lead + r" [A-Z][\w'’-]*[a-z]", text[m.end:])
    if tail is None or any(a < m.end + tail.end() and m.end < b for a, b in taken):
        return m
    end = m.end + tail.end()
    return _M(m.start, end, m.type, text[m.start:end], m.key, m.title)


def _role_before(text: str, pos: int, floor: int) -> tuple[int, int] | None:
    """The position written before a name: from the leftmost role head of the
    run of capitalised words (and connectors) that ends at ``pos``."""
    words = people_words()
    toks = [m.span() for m in _WORD.finditer(text, max(floor, pos - _ROLE_RUN), pos)]  # linear in the text
    i = len(toks)
    while i > 0:
        w = text[toks[i - 1][0]:toks[i - 1][1]]
        if w in ('"', "“", "”", ";", ":") or w.lower() == "dan" and _starts_role(text, toks[i][0] if i < len(toks) else pos):
            break
        if not (w[0].isupper() or w[0].isdigit() or w.lower() in _CONNECTORS):
            break
        i -= 1
    run_start = toks[i][0] if i < len(toks) else pos
    lower = words.lower_head_re.search(text, max(floor, run_start - _LOOKBACK), run_start)  # "komandan RCDS", "kata juru bicara Polri"
    if lower is not None:
        run_start = lower.start()
    segment = text[run_start:pos]
    first = words.head_re.search(segment)
    if first is None and lower is None:
        # an office the lists do not know ("Kabareskrim Polri", "Mendagri Australia"): from the first of
        # the run's last words the title model takes for a title (an acronym is a body, not an office)
        near = list(_WORD.finditer(segment))[-_LEARNED_ROLE_WORDS:]
        first = next((m for m in near if not m.group().isupper() and not _ABSTRACT_NOUN.fullmatch(m.group())
                      and m.group().lower() not in cleaning_rules().id_words and is_title(m.group())), None)
        # neither a noun nor a function word opening the sentence is an office: "Penetapan Waryono", "Setelah The ..."
        if first is None:
            return None
    best = 0 if lower is not None else first.start()
    end = pos
    while end > run_start + best and text[end - 1] in " ,":
        end -= 1
    return (run_start + best, end)


def _role_at_org(text: str, pos: int, floor: int, others: list[_M]) -> tuple[tuple[int, int] | None,
                                                                             tuple[int, int] | None]:
    """"Pakar hukum internasional di Universitas Indonesia Prof. Hikmahanto Juwana", "Direktur Asia
    Selatan dan Tengah dari Kementerian Luar Negeri Indonesia, Ferdy Piay": a position, then the
    body it belongs to after "di" / "dari" / "pada", then the name. The position and that body."""
    org = next((o for o in others if o.type == "ORG" and floor <= o.start and o.end <= pos
                and not text[o.end:pos].strip(" ,")), None)
    if org is None:
        return None, None
    m = re.search(r"(\S+(?: \S+){0,5}) (?:di|dari|pada) $", text[floor:org.start])
    head = people_words().head_re.search(m.group(1)) if m else None
    if head is None or re.search(r"[.,;:\"“”()]", m.group(1)[head.start():]):
        return None, None
    return (floor + m.start(1) + head.start(), floor + m.end(1)), (org.start, org.end)


def _role_after(text: str, pos: int, stop: int, others: list[_M]) -> tuple[tuple[int, int] | None,
                                                                           tuple[int, int] | None]:
    """A position written after the name: "Tony Negus, Kepala Australian Federal Police (AFP),",
    "Yohanes Agus Mulyono dari Mabes Polri ditetapkan sebagai Executive Director of Aseanapol
    Secretariat". The capitalised run, with its connectors and bracketed short forms, that opens
    with a role head after a comma, or holds one after "sebagai" / "selaku" in the same clause;
    and the body named by "dari" before "sebagai", which the person comes from."""
    lead = re.match(r", *", text[pos:stop]) or re.match(r"(?: [^\s.,;:]+){0,5}? (?:sebagai|selaku) ", text[pos:stop])
    if lead is None:
        return None, None
    start = pos + lead.end()
    word = r"(?:\(?[A-Z0-9][\w'’/-]*(?:\.[\w'’/-]+)*\)?|of|for|the|and|on|untuk|dan)"  # no sentence's full stop
    run = re.match(rf"{word}(?: {word})*", text[start:stop])
    words = run.group().split() if run else []
    while words and not words[-1][0].isupper() and not words[-1][0] in "(0123456789":
        words.pop()  # a connector closes no position
    role = " ".join(words)
    head = people_words().head_re.search(role)
    if head is None or (lead.group().startswith(",") and head.start() != 0):
        return None, None
    origin = next((o for o in others if o.type == "ORG" and pos <= o.start and o.end <= start
                   and text[pos:o.start].endswith("dari ")), None)
    return (start, start + len(role)), (origin.start, origin.end) if origin else None


def _starts_role(text: str, pos: int) -> bool:
    rest = text[pos:pos + 40]
    return any(rest.startswith(h) for h in people_words().role_heads)


# ---------------------------------------------------------------- orgs
def _org_acronyms(text: str, ms: list[_M]) -> None:
    """"Badan Nasional Penanggulangan Terorisme (BNPT)": the acronym joins the org."""
    for m in ms:
        if m.type != "ORG":
            continue
        after = _ACRONYM_AFTER.match(text, m.end)
        if after:
            m.aliases.append(after.group(1))


def _org_country(name: str, key: str | None) -> str | None:
    g = gazetteer()
    if key and key in g.orgs:
        return g.orgs[key].country
    foreign = [c for c in (country_code(w) for w in _ngrams(name)) if c]
    if foreign:
        return foreign[-1]
    if any(org.country is None and (org.name in name or any(a in name.split() for a in org.aliases))
           for org in g.orgs.values()):
        return None
    return "ID" if _indonesian_body().search(name) else None


@lru_cache(maxsize=1)
def _indonesian_body() -> re.Pattern:
    """Words (or word beginnings: "Kemen") that make an organisation named in Indonesian a body of the state."""
    heads = span_heads()
    words = sorted({*heads["indonesian_bodies"], *heads["regional_units"]}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")")


def _ngrams(name: str) -> list[str]:
    toks = name.split()
    return [" ".join(toks[i:j]) for i in range(len(toks)) for j in range(i + 1, min(len(toks), i + 4) + 1)]


# ---------------------------------------------------------------- main
@lru_cache(maxsize=1)
def _name_run() -> re.Pattern:
    """A run of name words: capitalised words, initials, short capitals and the particles inside names."""
    particles = "|".join(map(re.escape, people_words().particles))
    token = rf"(?:[A-Z][a-z'’]+(?:-[A-Za-z][a-z'’]+)?|[A-Z]{{2,3}}|[A-Z]\.|al-[A-Z][a-z]+|(?:{particles})(?=\s))"
    return re.compile(rf"{token}(?:[ ]+{token})*")


_LONG_CAPITALISED = re.compile(r"(?<![\w-])[A-Z][a-z]{6,}(?![\w-])")


def _misspelt_countries(text: str, spans: list[Span]) -> list[Span]:
    """Country names with one typo ("Indoneisa") that no model or rule tagged as something else."""
    out = []
    tagged = _covered(len(text), ((s.start, s.end) for s in spans if s.label != "PER"))
    for m in _LONG_CAPITALISED.finditer(text):
        if tagged.find(1, m.start(), m.end()) >= 0:
            continue
        code = country_code(m.group())
        if code:
            out.append(Span(m.start(), m.end(), "COUNTRY", code, "rules"))
    return out


def _state_short_forms(text: str, spans: list[Span]) -> list[Span]:
    """"Papua Niugini (PGN)": a state's short form given in brackets names that state wherever
    the text uses it, whatever a model made of it."""
    short = {m.group(1): s.key for s in spans if s.label == "COUNTRY" and s.key and s.source == "rules"
             and (m := _ACRONYM_AFTER.match(text, s.end)) and not country_code(m.group(1))}
    found = [Span(m.start(), m.end(), "COUNTRY", code, "rules") for form, code in short.items()
             for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text)]
    in_found = _covered(len(text), ((f.start, f.end) for f in found))
    return [s for s in spans if in_found.find(1, s.start, s.end) < 0] + found


def pattern_persons(text: str, spans: list[Span]) -> list[Span]:
    """Names the way Indonesian news introduces people, whatever the model saw:
    after a rank or honorific ("Prof. Dr. Hikmahanto Juwana", "Kombes MD Shodiq")
    and after a position that ends in a known state or organisation
    ("Menteri Dalam Negeri Turki Ali Yerlikaya", "Ketua LPSK Hasto Atmoho Suroyo")."""
    words = people_words()
    known = [s for s in spans if s.source == "rules"]
    in_known = _covered(len(text), ((k.start, k.end) for k in known))
    generic = not_entities()[0]
    # a rank inside a model's venue or place is its namesake's ("Jalan Kolonel Sugiono", "Pangkalan Udara
    # Jenderal Besar Soedirman", "Stadion Raja Baudouin"): no person there
    named_after = _holder([(s.start, s.end) for s in spans if s.source != "rules" and s.label in ("LOC", "ORG")
                           and opens_with_place_word(text[s.start:s.end].split())])
    out = []
    for m in words.title_re.finditer(text):
        if (_middle_initial(text, m.start(), m.group()) or _in_headline(text, m.start())
                or named_after(m.start(), m.end())
                or _ends_position(text[max(0, m.start() - 40):m.start()], m.group().rstrip("."))):
            continue  # "Direktur Jenderal WHO": "Jenderal" ends a position there, it is no rank
        start = m.end()
        while True:  # further ranks: "Komjen. Pol. Dr."
            gap = len(text[start:start + 3]) - len(text[start:start + 3].lstrip(" ,"))
            nxt = words.title_re.match(text, start + gap)
            if not nxt or gap == 0:
                break
            start = nxt.end()
        out += _name_at(text, start, in_known, generic, min_tokens=1)
    for k in known:
        if k.label not in ("COUNTRY", "ORG"):
            continue
        line_start = line_bounds(text, k.start)[0]
        if _in_headline(text, k.start):
            continue
        if _role_before(text, k.start, max(line_start, k.start - 120)) is None and not _head_just_before(text, k.start):
            continue
        out += _name_at(text, k.end, in_known, generic, min_tokens=2)
    return list(dict.fromkeys(out))


_LEAD = re.compile(r"[ ]*,?[ ]*")


@lru_cache(maxsize=2)
def _not_name(generic: frozenset[str]) -> frozenset[str]:
    """Generic words and the words no name holds, joined once."""
    return generic | not_name_words()


def _in_headline(text: str, pos: int) -> bool:
    """On a Title Case line, where every word is capitalised and so looks like a name."""
    start, end = line_bounds(text, pos)
    return end - start <= _HEADLINE_CHARS and title_cased(text[start:end])


def _middle_initial(text: str, pos: int, title: str) -> bool:
    """"H." in "Yasonna H. Laoly" is an initial inside a name, not the honorific Haji."""
    if not re.fullmatch(r"[A-Z]\.?", title.strip()):
        return False
    prev = re.search(r"([A-Z][a-z][\w'’-]*) +$", text[max(0, pos - 30):pos])
    return bool(prev) and not _is_role_or_title(prev.group(1))


def _head_just_before(text: str, pos: int) -> bool:
    before = text[max(0, pos - 40):pos].rstrip()
    return any(before.endswith(h) for h in people_words().role_heads)


def _name_at(text: str, pos: int, known: bytearray, generic: frozenset[str], min_tokens: int) -> list[Span]:
    """A person's name starting at ``pos`` (after spaces or a comma), if one stands there and
    overlaps no ``known`` span (a mask of the characters inside them)."""
    start = _LEAD.match(text, pos).end()
    m = _name_run().match(text, start)
    if not m:
        return []
    toks = m.group().split()
    if toks and re.fullmatch(r"[A-Z]\.", toks[-1]) and re.match(r"[A-Z]", text[m.end():m.end() + 1]):
        toks.pop()  # "Djoko Yulianto S.IK": a degree, not an initial
    while toks and (toks[-1] in people_words().particles or toks[-1].lower() in generic):
        toks.pop()
    stop = _not_name(generic)
    if (len(toks) < min_tokens or toks[0][0].islower() or any(t.lower() in stop for t in toks)
            or toks[-1] in span_heads()["org_tails"]  # "Singapore Police Coast Guard" names a body
            or opens_with_place_word(toks)):
        return []
    if len(toks) > 1 and len(toks[0]) > 2 and toks[0].isupper():  # an acronym: the position's (SPEC 3) before a
        if len(toks) < 3:  # name ("Singapura DSP Lim Boon Hwee"), a body's with one word ("PDI Perjuangan")
            return []
        start, toks = start + re.match(r"\S+ +", text[start:]).end(), toks[1:]
    end = start + len(" ".join(toks)) if " ".join(toks) == text[start:start + len(" ".join(toks))] else m.end()
    if known.find(1, start, end) >= 0 or country_code(text[start:end]):
        return []
    if (_is_role_or_title(toks[0]) or toks[0].lower() in people_words().name_prefixes
            or people_words().title_re.match(text, start)):  # "Letnan Jenderal Le Quoc Hung": the rank loop's
        return []
    return [Span(start, end, "PER", None, "pattern")]


_WORD_RUN = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _word_forms(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words of ``text`` as written, and those written right after a lower-case word or a
    comma: asked once per name, a search of the whole text would make a long page quadratic."""
    return frozenset(_WORD_RUN.findall(text)), frozenset(re.findall(r"(?<=[a-z,] )\w+", text))


def _written_in_lower_case(text: str, word: str) -> bool:
    """Whether ``text`` also writes ``word`` in lower case, as a whole word ("Juga" and "juga")."""
    if _WORD_RUN.fullmatch(word):
        return word.lower() in _word_forms(text)[0]
    return re.search(rf"\b{re.escape(word.lower())}\b", text) is not None


def _written_after_lower(text: str, word: str) -> bool:
    """Whether ``word`` stands somewhere after a lower-case word or a comma, inside a sentence."""
    if _WORD_RUN.fullmatch(word):
        return word in _word_forms(text)[1]
    return re.search(rf"[a-z,] {re.escape(word)}\b", text) is not None


def _covered(length: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    """A mask of the characters inside ``spans``: overlap tests cost a span's length, not the number of spans."""
    mask = bytearray(length)
    for a, b in spans:
        mask[a:b] = b"\x01" * (b - a)
    return mask


def _holder(spans: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test of whether one of ``spans`` holds [start, end): the furthest end among the spans
    opening at or before ``start``, by binary search over them sorted once."""
    ordered = sorted(spans)
    opens = [a for a, _ in ordered]
    reach = list(accumulate((b for _, b in ordered), max))

    def holds(start: int, end: int) -> bool:
        i = bisect.bisect_right(opens, start)
        return i > 0 and reach[i - 1] >= end
    return holds


def _last_two(ordered: list[int], limit: int) -> list[int]:
    """The two largest values of a sorted list that are at most ``limit`` (one may be the person's own end)."""
    i = bisect.bisect_right(ordered, limit)
    return ordered[max(0, i - 2):i]


def extract(text: str, spans: list[Span], dateline: str | None = None) -> tuple[list[Entity], list[Mention]]:
    """Entities and their mentions from the NER spans of one clean text."""
    found = pattern_persons(text, spans)
    in_found = _covered(len(text), ((f.start, f.end) for f in found))
    spans = [s for s in spans if in_found.find(1, s.start, s.end) < 0 or s.source == "rules"] + found
    spans += _misspelt_countries(text, spans)
    spans = _state_short_forms(text, spans)
    ms = _type_spans(text, spans, dateline)
    place = _dateline_place(text, dateline, ms)
    if place is not None:
        ms.append(place)
    persons: list[_M] = []
    others: list[_M] = []
    for m in ms:
        if m.type == "PERSON":
            p = _strip_person(m)
            if p is None or country_code(p.text) or p.text.lower() in (o.lower() for o in gazetteer().orgs):
                continue
            persons.append(p)
        else:
            others.append(m)
    _org_acronyms(text, others)
    taken = [(o.start, o.end) for o in others]
    persons = [_split_title(text, _extend_name_after(text, _extend_name(text, p, taken), taken)) for p in persons]
    ranks: list[tuple[int, int]] = []
    for p in persons:
        title, tstart = _title_start(text, p)
        if title:  # the ranks before the name, the span's own included
            p.title = title if not p.title or title.endswith(p.title) else f"{title} {p.title}"
            ranks.append((tstart, p.start))
    # a corps word inside a rank ("Brigjen TNI", "Komjen Pol") is the person's title, no organisation (SPEC 3)
    in_rank = _holder(ranks)
    others = [o for o in others if not in_rank(o.start, o.end)]
    # a one-word "person" inside another person's position is a word of it ("Direktur Identifikasi ...")
    widest = [_role_before(text, _title_start(text, p)[1], line_bounds(text, p.start)[0]) for p in persons]
    persons = [p for p in persons if " " in p.text or p.title
               or not any(w and w[0] <= p.start and p.end <= w[1] for w in widest)]
    boundaries = sorted(p.end for p in persons)
    openers = [a for a, _ in sentences(text)]
    starts = sorted(p.start for p in persons)
    for p in persons:
        tstart = _title_start(text, p)[1]
        opener = openers[bisect.bisect_right(openers, tstart) - 1] if openers and openers[0] <= tstart else 0
        line_start = max(opener, line_bounds(text, tstart)[0])  # its sentence
        floor = max([b for b in _last_two(boundaries, tstart) if b > line_start and b != p.end] + [line_start])
        p.role_span = _role_before(text, tstart, floor)
        if p.role_span is None:
            p.role_span, p.org_span = _role_at_org(text, tstart, floor, others)
        if p.role_span is None and not people_words().speech_re.search(text, max(0, tstart - 20), tstart):
            after = bisect.bisect_right(starts, p.end)
            p.role_span, p.org_span = _role_after(text, p.end, starts[after] if after < len(starts) else len(text),
                                                  others)
        if p.role_span:
            p.role = text[p.role_span[0]:p.role_span[1]]
    portfolios = [p.role_span for p in persons if p.role and _head_in(p.role, people_words().portfolio_heads)]
    others = [o for o in others if not (o.type == "ORG" and not o.text.isupper()
                                        and any(a <= o.start and o.end <= b for a, b in portfolios))]
    persons += _name_parts(text, persons, others)
    persons += _nicknames(text, persons, others)
    entities, mention_ents = _cluster(persons, others)
    _attributes(text, entities, mention_ents, others)
    kept = [(e, ms) for e, ms in zip(entities, mention_ents) if not _stray_word(e) or _quoted(text, ms)]
    mentions = []
    final: list[Entity] = []
    for idx, (ent, members) in enumerate(kept, 1):
        ent.entity_id = f"E{idx}"
        final.append(ent)
        for m in members:
            mentions.append(Mention(m.start, m.end, text[m.start:m.end], ent.type, ent.entity_id))
    mentions.sort(key=lambda m: (m.start, m.end))
    return final, mentions


_NICKNAME = re.compile(r"\s*\(([A-Z][A-Za-z'’]{1,15})\)")


def _nicknames(text: str, persons: list[_M], others: list[_M]) -> list[_M]:
    """"Presiden Joko Widodo (Jokowi)", or a nickname people.yml knows in an article that names the
    person in full ("Presiden Joko Widodo ..., ujar Presiden Jokowi"): the nickname and its uses join
    the person."""
    known = people_words().nicknames
    pairs: dict[str, str] = {}  # nickname -> full name
    for p in persons:
        m = _NICKNAME.match(text, p.end)
        if m and not country_code(m.group(1)) and m.group(1) not in gazetteer().orgs:
            pairs.setdefault(m.group(1), p.text)
        elif p.text in known:
            pairs.setdefault(known[p.text], p.text)
    out: list[_M] = []
    taken = [(m.start, m.end) for m in persons + others]
    for nick, full in pairs.items():
        for q in persons:
            if q.text == nick:
                q.nick_of = full  # the model found it already
        for hit in re.finditer(rf"(?<![\w-]){re.escape(nick)}(?![\w-])", text):
            if not any(a < hit.end() and hit.start() < b for a, b in taken):
                out.append(_M(hit.start(), hit.end(), "PERSON", nick, nick_of=full))
                taken.append(hit.span())
    return out


def _quoted(text: str, mentions: list[_M]) -> bool:
    """Whether a mention stands beside a verb of saying ("kata Haposan", "Menurut Irgan", "Ruhut mengatakan"):
    who speaks is a person, one-word name or not."""
    words = people_words()
    return any(words.speech_re.search(text, max(0, m.start - 20), m.start) or words.said_after_re.match(text, m.end)
               for m in mentions)


def _stray_word(e: Entity) -> bool:
    """A one-word "person" with no rank and no position is a capitalised word, not a name; nor is one
    whose position is a head written alone that names what it heads ("Kadiv [Hubinter]": a division)."""
    return e.type == "PERSON" and len(e.name.split()) == 1 and not e.title and (
        not e.role or e.role.lower() in people_words().complement_heads)


def _name_parts(text: str, persons: list[_M], others: list[_M]) -> list[_M]:
    """Later mentions by first or last name alone ("Boy", "Tolchenov") that
    the model missed: string-matched to the one person who has that part."""
    words = people_words()
    owners: dict[str, set[str]] = {}
    for p in persons:
        toks = p.text.split()
        if len(toks) >= 2:
            for part in (toks[0], toks[-1]):
                if len(part) >= 3 and part[0].isupper() and part.lower() not in words.name_prefixes:
                    owners.setdefault(part, set()).add(p.text)
    taken = _covered(len(text), ((m.start, m.end) for m in persons + others))
    first_seen = min((p.start for p in persons), default=len(text))
    out = []
    for part, names in owners.items():
        if len(names) != 1:
            continue  # two people share it: ambiguous
        for m in re.finditer(rf"(?<![\w-]){re.escape(part)}(?![\w-])", text):
            if m.start() > first_seen and taken.find(1, m.start(), m.end()) < 0:
                out.append(_M(m.start(), m.end(), "PERSON", part))
                taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return out


_ACRONYM_OF_STATE = re.compile(r"(?P<acronym>[A-Z][A-Z0-9]{1,9})(?:-|\s+)(?P<state>[A-Z][\w ]+)")


def _acronym_of_state(name: str) -> str | None:
    """The acronym of an organisation named as acronym and state ("CUTA Belgia", "CTU-Japan")."""
    m = _ACRONYM_OF_STATE.fullmatch(name)
    return m.group("acronym") if m and country_code(m.group("state")) else None


def _same_person(a: str, b: str) -> bool:
    if _initials_of(a, b) or _initials_of(b, a):  # "SBY", Susilo Bambang Yudhoyono
        return True
    ta, tb = a.lower().replace(".", " ").split(), b.lower().replace(".", " ").split()
    if set(ta) <= set(tb) or set(tb) <= set(ta):
        return True
    if len(ta) == len(tb) and ta[0] == tb[0]:
        return all(SequenceMatcher(None, x, y).ratio() >= 0.85 for x, y in zip(ta, tb))
    return False


def _initials_of(short: str, name: str) -> bool:
    words = name.split()
    return short.isupper() and 2 <= len(short) == len(words) and short == "".join(w[0] for w in words)


def _longer_org(name: str, others: list[_M]) -> str | None:
    """"Kejaksaan" after "Kejaksaan Agung": the short form joins the longer name it opens."""
    longer = {o.key or o.text for o in others if o.type == "ORG" and o.text != name
              and o.text.startswith(name + " ")}
    return longer.pop() if len(longer) == 1 else None


def _state_body_kind(name: str) -> str | None:
    """"Kepolisian Nasional Malaysia", "Kepolisian Malaysia" and "Malaysia Police" are one
    kind of one state's body, whichever language or modifier names it: that kind and state."""
    toks = name.split()
    for i in range(len(toks)):
        for j in range(len(toks), i, -1):
            code = country_code(" ".join(toks[i:j]))
            if code:
                rest = [t for t in toks[:i] + toks[j:] if t not in span_heads()["body_modifiers"]]
                kind = body_kinds().get(" ".join(rest).lower())
                return f"{kind}|{code}" if kind else None
    return None


def _cluster(persons: list[_M], others: list[_M]) -> tuple[list[Entity], list[list[_M]]]:
    """Group mentions into entities, in order of first mention."""
    groups: list[tuple[str, str, list[_M]]] = []  # (type, key, members)
    everything = sorted(persons + others, key=lambda m: m.start)
    # person names: longest first, so "Eddy" finds "Eddy Hartono"
    first_seen: dict[str, int] = {}
    for p in sorted(persons, key=lambda m: m.start):
        if not p.nick_of:
            first_seen.setdefault(p.text, p.start)
    names = sorted(first_seen, key=lambda n: (-len(n), first_seen[n]))  # ties by first mention: runs agree
    person_key: dict[str, str] = {}
    for n in names:
        person_key[n] = next((k for k in dict.fromkeys(person_key.values()) if _same_person(n, k)), n)  # in order: runs agree
    geography = span_heads()["geography"]
    # "Sulu" after "Laut Sulu" is that sea: a place inside a named feature is the feature
    feature_of = {t.split(" ", 1)[1].lower(): t.lower() for t in (m.text for m in others if m.type == "LOCATION")
                  if " " in t and t.split(" ", 1)[0] in geography}
    acronym_key: dict[str, str] = {}
    for m in others:
        if m.type == "ORG":
            key = m.key or _state_body_kind(m.text) or m.text
            for a in m.aliases:
                for form in (a, _acronym_of_state(a)):
                    if form:
                        acronym_key.setdefault(form, key)
    for m in everything:
        if m.type == "PERSON":
            key = person_key[m.nick_of] if m.nick_of else person_key[m.text]
        elif m.type == "ORG":
            # one acronym, one organisation: "CUTA Belgia" is the "... (CUTA)" named before,
            # "Badan Anti-terorisme Jepang (CTU-Japan)" the "Counter Terrorism Unit-Japan (CTU-Japan)"
            key = (m.key or acronym_key.get(m.text) or acronym_key.get(_acronym_of_state(m.text))
                   or next((acronym_key[a] for a in m.aliases if a in acronym_key), None)
                   or _state_body_kind(m.text) or _longer_org(m.text, others) or m.text)
        elif m.type == "COUNTRY":
            key = m.key or country_code(m.text) or m.text
        else:
            key = feature_of.get(m.text.lower(), m.text.lower())
            key = next((k for t, k, _ in groups if t == "LOCATION" and len(k) >= 6 and _edit1(k, key)), key)
        for t, k, members in groups:
            if t == m.type and k == key:
                members.append(m)
                break
        else:
            groups.append((m.type, key, [m]))
    entities = [Entity("", t, key, n_mentions=len(members)) for t, key, members in groups]
    return entities, [g[2] for g in groups]


def _attributes(text: str, entities: list[Entity], members: list[list[_M]], others: list[_M]) -> None:
    g = gazetteer()
    org_of_span: dict[tuple[int, int], Entity] = {}
    for ent, ms in zip(entities, members):
        surfaces = list(dict.fromkeys(m.text for m in ms))
        if ent.type == "ORG":
            gaz = g.orgs.get(ent.name)
            full = gaz.name if gaz and any(s.lower() == gaz.name.lower() for s in surfaces) else None
            longest = max(surfaces, key=len)
            ent.name = full or (gaz.name if gaz and any(a.lower() == gaz.name.lower() for m in ms for a in m.aliases)
                                else longest)
            extra = [a for m in ms for a in m.aliases]
            known = [gaz.name, *gaz.aliases] if gaz else []
            ent.aliases = [a for a in dict.fromkeys(surfaces + extra + known) if a != ent.name]
            ent.country = _org_country(longest, gaz.name if gaz else None)
            for m in ms:
                org_of_span[(m.start, m.end)] = ent
        elif ent.type == "COUNTRY":
            ent.code = ms[0].key or country_code(ms[0].text)
            spelled = next((x for x in surfaces if x.lower() in g.country_names), surfaces[0])  # not the typo
            ent.name = spelled if not spelled.isupper() or len(spelled) <= 3 else spelled.title()
            ent.aliases = [s for s in surfaces if s != ent.name]
        elif ent.type == "LOCATION":
            named = next((x for x in surfaces if x.split(" ", 1)[0] in span_heads()["geography"]), surfaces[0])
            ent.name = named.title() if named.isupper() else named
            ent.aliases = [s for s in surfaces if s != ent.name]
        else:
            ent.name = max(surfaces, key=lambda s: (len(s.split()), len(s)))
            ent.aliases = [s for s in surfaces if s != ent.name]
    countries = [m for m in others if m.type == "COUNTRY"]
    org_by_key = {ms[0].key or e.name: e for e, ms in zip(entities, members) if e.type == "ORG"}
    main_org = _main_indonesian_org(entities)
    words = people_words()
    for ent, ms in zip(entities, members):
        if ent.type != "PERSON":
            continue
        titles = [m.title for m in ms if m.title]
        ent.title = max(titles, key=len) if titles else None
        with_role = [m for m in ms if m.role]
        if not with_role:
            ent.country = "ID" if ent.title and _indonesian(ent.title) else None
            continue
        best = max(with_role, key=lambda m: len(m.role))
        ent.role = _short_role(best.role, best.role_span, others)
        a, b = best.role_span
        orgs_in = [org_of_span[(o.start, o.end)] for o in others if o.type == "ORG" and a <= o.start and o.end <= b
                   and (o.start, o.end) in org_of_span]
        if best.org_span in org_of_span:  # the body named apart from the position is the one served
            orgs_in.insert(0, org_of_span[best.org_span])
        org = orgs_in[0] if orgs_in else None  # "Direktur ... Densus 88 Antiteror Polri" serves Densus 88
        plain = _plain_role(ent.role)
        if org is None:
            key = next((k for pat, k in words.role_orgs if pat.search(plain)), None)
            org = org_by_key.get(key) if key else None
        cs = [c.key or country_code(c.text) for c in countries if a <= c.start and c.end <= b]
        if org is None:
            guess = _ministry(plain, entities) or _leading_org(text, a, others, org_of_span)
            if guess is None and _head_in(ent.role, words.subordinate_heads):
                guess = main_org
            # a guessed organisation must belong to the state the position names
            org = guess if guess is not None and (not cs or guess.country in (None, cs[0])) else None
        ent.org = org.name if org else None
        if cs:
            ent.country = cs[0]
        elif org is not None and not _head_in(ent.role, words.independent_heads):
            ent.country = org.country  # an official of an international body (UNODC, INTERPOL) represents no state
        elif (sent := _delegation_state(text, a, countries)) is not None:
            ent.country = sent
        elif _head_in(ent.role, words.independent_heads):
            ent.country = None  # an expert or scholar speaks for no state, whatever body employs them
        else:
            ent.country = "ID" if _indonesian(f"{ent.title or ''} {ent.role}") or _head_in(
                ent.role, words.indonesian_heads) else None


def _delegation_state(text: str, role_start: int, countries: list[_M]) -> str | None:
    """"Malaysia diwakili Menteri Luar Negeri Anifah Aman dan Panglima ...": the state the
    sentence sends its officials from, when it is the last one named before the position."""
    sent_start = next((a for a, b in sentences(text) if a <= role_start < b), 0)
    before = [c for c in countries if sent_start <= c.start and c.end <= role_start]
    if not before or not people_words().delegation_re.match(text, before[-1].end):
        return None
    return before[-1].key or country_code(before[-1].text)


def _plain_role(role: str) -> str:
    """A position with its short forms read in full and its bracketed ones dropped, to find the
    body it serves: "Menteri Pertahanan (Menhan) RI" -> "Menteri Pertahanan RI",
    "Mendagri Australia" -> "Menteri Dalam Negeri Australia"."""
    role = " ".join(re.sub(r"\s*\([^)]*\)", "", role).split())
    for pat, full in people_words().abbreviated_heads:
        role = pat.sub(full, role)
    return role


def _ministry(role: str, entities: list[Entity]) -> Entity | None:
    """"Wakil Menteri Keamanan Publik Vietnam" serves "Kementerian Keamanan Publik Vietnam" when the article names it."""
    m = re.search(r"\bMenteri\s+(.+)", role)
    if not m:
        return None
    wanted = ("kementerian " + m.group(1)).lower()
    return next((e for e in entities if e.type == "ORG"
                 and any(wanted in n.lower() for n in [e.name, *e.aliases])), None)


def _leading_org(text: str, role_start: int, others: list[_M], org_of_span: dict) -> Entity | None:
    """"delegasi AFP dipimpin oleh Deputy Commissioner ...": the one organisation just before the position."""
    sent_start = max(text.rfind(". ", max(0, role_start - _ROLE_RUN), role_start), line_bounds(text, role_start)[0] - 1) + 1
    near = [o for o in others if o.type == "ORG" and sent_start <= o.start and o.end <= role_start
            and role_start - o.end <= 60 and (o.start, o.end) in org_of_span]
    return org_of_span[(near[-1].start, near[-1].end)] if len(near) == 1 else None


def _head_in(role: str, heads: tuple[str, ...]) -> bool:
    return any(role == h or role.startswith(h + " ") for h in heads)


def _main_indonesian_org(entities: list[Entity]) -> Entity | None:
    """The Indonesian organisation the article mentions most."""
    orgs = [e for e in entities if e.type == "ORG" and e.country == "ID"]
    return max(orgs, key=lambda e: e.n_mentions, default=None)


def _indonesian(words: str) -> bool:
    low = words.lower()
    return any(re.search(r"(?<!\w)" + re.escape(r) + r"(?!\w)", low) for r in people_words().indonesian_ranks)


def _short_role(role: str, span: tuple[int, int], others: list[_M]) -> str:
    """Write an organisation given with its acronym by the acronym alone:
    "Kepala Badan Nasional Penanggulangan Terorisme (BNPT) RI" -> "Kepala BNPT RI"."""
    for o in others:
        if o.type == "ORG" and o.aliases and span[0] <= o.start and o.end <= span[1]:
            role = role.replace(f"{o.text} ({o.aliases[0]})", o.aliases[0])
    return " ".join(role.split())
