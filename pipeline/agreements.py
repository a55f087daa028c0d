"""Agreements (SPEC section 5): instruments, their status, parties, date.

Triggers from data/agreements.yml find an instrument in a sentence; cue
words near the trigger give its stage (a signing under "akan" is planned);
the sentence's organisations and countries give its parties, completed by
the article's bilateral pair where the text says "kedua negara" (its three
states for "ketiga negara"); its date is the tagger's date nearest the
trigger, else the day the article reports. Mentions of one instrument (same
type, same or fewer states, or "MoU ini") merge into one record at the latest
stage the article reports, dated by the mentions at that stage.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache


from .model import Agreement, DateMention, Entity, Mention, Party
from .nlp.rules import gazetteer
from .nlp.tokenize import sentences, title_cased
from .paths import data_file

ALLOWED = {
    "MOU": ("ratified", "signed", "agreed", "planned", "proposed"),
    "AGREEMENT": ("ratified", "signed", "agreed", "planned", "proposed"),
    "JWG": ("held", "agreed", "planned", "proposed"),
    "EXPERT_MEETING": ("held", "agreed", "planned", "proposed"),
    "FORUM": ("held", "agreed", "planned", "proposed"),
    "COOPERATION": ("agreed", "planned", "proposed"),
}
DEFAULT_STATUS = {"MOU": "signed", "AGREEMENT": "signed", "JWG": "held", "EXPERT_MEETING": "held",
                  "FORUM": "held", "COOPERATION": "agreed"}
DATE_STAGE = {"MOU": "signed", "AGREEMENT": "signed", "JWG": "held", "EXPERT_MEETING": "held", "FORUM": "held"}
INSTRUMENTS = ("MOU", "AGREEMENT")
_QUOTED = re.compile(r"[\"“]([A-Z][^\"”]{5,80}?)[.,]?[\"”]")
_CAP_PHRASE = re.compile(r"(?:[A-Z][\w'’-]*|of|on|in|for|the|and)(?:\s+(?:[A-Z][\w'’-]*|of|on|in|for|the|and))*")


@dataclass(frozen=True)
class Rules:
    types: list[tuple[str, re.Pattern, bool]]  # type, triggers, whether they need a foreign party
    cooperate: re.Pattern
    forms: re.Pattern
    stages: list[str]
    status: dict[str, re.Pattern]
    future: re.Pattern
    anaphora: re.Pattern
    venue: re.Pattern
    content_of_previous: re.Pattern
    both_sides: re.Pattern
    three_states: re.Pattern
    looking_back: re.Pattern
    source_date: re.Pattern
    news_day: re.Pattern
    since: re.Pattern
    session_number: re.Pattern
    named_meeting: re.Pattern
    spelled_out: dict[str, re.Pattern]  # acronym trigger -> what the article must write for it to count


@lru_cache(maxsize=1)
def rules() -> Rules:
    spec = data_file("agreements.yml")

    def alt(pats: list[str]) -> re.Pattern:
        return re.compile("|".join(f"(?:{p})" for p in pats), re.I)

    forms = "|".join(f"(?:{p})" for p in spec["cooperate"] + spec["forms"])
    return Rules(
        types=[(t, alt([p.replace("{forms}", forms) for p in pats]), False) for t, pats in spec["types"].items()]
        + [("COOPERATION", alt([p.replace("{forms}", forms) for p in spec["joint_work"]]), True)],
        cooperate=alt(spec["cooperate"]),
        forms=alt(spec["forms"]),
        stages=spec["stages"],
        status={k: alt(v) for k, v in spec["status"].items()},
        future=alt(spec["future"]),
        anaphora=re.compile(spec["anaphora"], re.I),
        venue=re.compile(spec["venue"], re.I),
        content_of_previous=re.compile(spec["content_of_previous"], re.I),
        both_sides=alt(spec["both_sides"]),
        three_states=alt(spec["three_states"]),
        looking_back=alt(spec["looking_back"]),
        source_date=alt(spec["source_date"]),
        news_day=re.compile(spec["news_day"], re.I),
        since=re.compile(spec["since"], re.I),
        session_number=re.compile(spec["session_number"], re.I),
        named_meeting=re.compile(spec["named_meeting"]),
        spelled_out={k: re.compile(v, re.I) for k, v in spec["spelled_out"].items()},
    )


@dataclass
class _Cand:
    type: str
    start: int  # sentence span
    end: int
    status: str
    explicit: bool  # the status came from a cue word, not the type's default
    countries: set[str]
    parties: list[tuple[str, str | None, str | None]]  # (name, entity_id, country)
    date: str | None
    title: str | None
    anaphoric: bool
    generic: bool = False  # named only "perjanjian": may be an MoU named elsewhere
    to_cooperate: bool = False  # a commitment to cooperate in general, not to a named form of joint work
    signed_too: bool = False  # reports the signing of what it says was ratified: its date is the signing's


def _cues(kind: str, text: str, anchor: int | None = None) -> str | None:
    """The stage the cue words in ``text`` report: the cue nearest ``anchor``
    when given, else the latest stage among them."""
    r = rules()
    found: list[tuple[int, str]] = []
    for stage, pat in r.status.items():
        if stage not in ALLOWED[kind] and stage not in ("signed", "held", "ratified"):
            continue
        for m in pat.finditer(text):
            if stage in ("signed", "held", "ratified") and r.future.search(text[max(0, m.start() - 40):m.start()]):
                stage_here = "planned"
            else:
                stage_here = stage
            if stage_here in ALLOWED[kind]:
                found.append((m.start(), stage_here))
    if not found:
        return None
    if anchor is not None:
        return min(found, key=lambda f: abs(f[0] - anchor))[1]
    return next(s for s in r.stages if any(f[1] == s for f in found))


def _status(kind: str, text: str, trigger: tuple[int, int], s0: int, s1: int) -> tuple[str, bool, bool]:
    """The stage reported nearest the trigger, else the latest in its sentence, else the default;
    whether the status came from a cue; whether the sentence reports the signing of what it says was ratified."""
    masked = text[s0:s1]  # the sentence, offsets from s0
    if kind != "COOPERATION":  # an instrument's own name is no cue ("Kesepakatan bersama"); a commitment's verb is
        a, b = trigger[0] - s0, trigger[1] - s0
        masked = masked[:a] + " " * (b - a) + masked[b:]
    w0 = max(s0, trigger[0] - 80)
    in_sentence = _cues(kind, masked)
    stage = _cues(kind, masked[w0 - s0:min(s1, trigger[1] + 40) - s0], trigger[0] - w0) or in_sentence
    signed_too = stage == "signed" and in_sentence == "ratified"
    if signed_too:
        stage = "ratified"  # "ditandatangani pada 2022 ... kemudian diratifikasi": the latest stage wins
    return (stage, True, signed_too) if stage else (DEFAULT_STATUS[kind], False, False)


def _title(text: str, trigger: tuple[int, int], s0: int, s1: int) -> str | None:
    """A name for the instrument: a quoted English title after the trigger, or
    the capitalised phrase the trigger is part of when it is longer."""
    q = _QUOTED.search(text, trigger[1], min(s1, trigger[1] + 80))
    if q and len(q.group(1).split()) >= 2:
        return q.group(1).strip()
    # a numbered session ("Sidang Umum Interpol ke-87", "The 3rd ... Dialogue") is named without its number
    numbers = [m.span() for m in rules().session_number.finditer(text, trigger[0], trigger[1])]
    t0 = next((b for a, b in numbers if a == trigger[0]), trigger[0])
    t1 = next((a for a, b in numbers if b == trigger[1]), trigger[1])
    if not text[t0].isupper() or title_cased(text[s0:s1]):
        return None  # in a Title Case headline every phrase is capitalised
    for m in _CAP_PHRASE.finditer(text, max(s0, t0 - 40), min(s1, t1 + 60)):
        if m.start() <= t0 and t1 <= m.end() and (numbers or m.end() - m.start() > t1 - t0 + 3):
            phrase = re.sub(r"\s+(of|on|in|for|the|and)$", "", m.group().strip())
            return phrase if len(phrase.split()) >= 3 else None
    return None


@dataclass
class _Article:
    """What every candidate of one article looks up."""
    text: str
    ents: dict[str, Entity]
    mentions: list[Mention]
    bounds: list[tuple[int, int]]
    pair: set[str]  # Indonesia and the article's main partner
    trio: set[str]  # Indonesia and its two main partners
    group: set[str]  # the states a record with none of its own takes
    main_date: str | None
    roles: list[tuple[int, int]]  # positions written before a person's name

    @cached_property
    def ends(self) -> list[int]:
        return [b for _, b in self.bounds]

    @cached_property
    def _starts(self) -> list[int]:
        return [m.start for m in self.mentions]

    def mentions_in(self, a: int, b: int) -> list[Mention]:
        """The mentions starting in [a, b), by binary search over the mentions (in text order):
        asked once per trigger, a scan of them all would make a long page quadratic."""
        return self.mentions[bisect.bisect_left(self._starts, a):bisect.bisect_left(self._starts, b)]


def extract(text: str, entities: list[Entity], mentions: list[Mention], dates: list[DateMention]) -> list[Agreement]:
    """Agreement records of one clean text."""
    r = rules()
    bounds = sentences(text)
    cited = [(a, b) for a, b in bounds if r.source_date.search(text[a:b])]
    days = [d for d in dates if d.granularity == "day" and not any(a <= d.start < b for a, b in cited)]
    pair, trio = _article_states(entities, 1), _article_states(entities, 2)
    art = _Article(text, {e.entity_id: e for e in entities}, sorted(mentions, key=lambda m: m.start), bounds, pair, trio,
                   trio if r.three_states.search(text) else pair,
                   _main_date(text, bounds, days),
                   _role_spans(text, entities, mentions))
    cands: list[_Cand] = []
    triggers: list[tuple[int, int]] = []
    instrument_sentence = -2
    for n, (s0, s1) in enumerate(bounds):
        sent = text[s0:s1]
        taken: list[tuple[str, int, int]] = []
        for kind, pat, abroad in r.types:
            for m in pat.finditer(sent):
                a, b = s0 + m.start(), s0 + m.end()
                if any(x < b and a < y for _, x, y in taken):
                    continue
                if m.group() in r.spelled_out and not r.spelled_out[m.group()].search(text):
                    continue  # "PKS" where the article never writes "perjanjian kerja sama": the party
                if kind in INSTRUMENTS and any(x <= a and b <= y for x, y in art.roles):
                    continue  # "Kepala Bagian Konvensi Internasional": a unit named after instruments, no instrument
                # a commitment in a sentence about an instrument, or right after
                # an MoU's sentence, is that instrument's content
                if kind == "COOPERATION" and (taken or (instrument_sentence == n - 1
                                                        and r.content_of_previous.search(sent))):
                    continue
                if abroad and not _foreign_party(art, s0, s1):
                    continue  # "Polres dan Kodim menggelar patroli bersama" is no cooperation between states
                taken.append((kind, a, b))
                if kind in INSTRUMENTS:
                    instrument_sentence = n
        if not taken:
            continue
        triggers += [(a, b) for _, a, b in taken]
        own = _own_dates([(a, b) for _, a, b in taken], _within(dates, s0, s1))
        for (kind, a, b), ds in zip(taken, own):
            cands.extend(_candidates(kind, art, s0, s1, (a, b), ds))
    if not any(c.type == "FORUM" for c in cands):
        cands += _named_meeting(art, triggers, dates)
    return _merge(cands, text)


def _named_meeting(art: _Article, triggers: list[tuple[int, int]], dates: list[DateMention]) -> list[_Cand]:
    """The first meeting with a capitalised English name no trigger covers, as a forum."""
    for s0, s1 in art.bounds:
        for m in rules().named_meeting.finditer(art.text, s0, s1):
            if not any(a < m.end() and m.start() < b for a, b in triggers):
                return _candidates("FORUM", art, s0, s1, m.span(), _own_dates([m.span()], _within(dates, s0, s1))[0])
    return []


def _within(dates: list[DateMention], s0: int, s1: int) -> list[DateMention]:
    return [d for d in dates if s0 <= d.start and d.end <= s1]


def _foreign_party(art: _Article, s0: int, s1: int) -> bool:
    """Whether the sentence names a foreign state, or a body or official of one, other than as a place."""
    for m in art.mentions_in(s0, s1):
        e = art.ents.get(m.entity_id)
        if e is None or not s0 <= m.start < s1 or e.type == "LOCATION":
            continue
        code = e.code if e.type == "COUNTRY" else e.country
        if code and code != "ID" and not _a_place(art.text, s0, m, e):
            return True
    return False


def _a_place(text: str, s0: int, m: Mention, e: Entity) -> bool:
    """A state named where something happens, not who takes part: "di Bangladesh", the dateline "BANGLADESH –"."""
    dateline = m.start == s0 and text[m.end:m.end + 3].strip()[:1] in ("–", "-", "—", ",")
    return e.type == "COUNTRY" and (dateline or bool(rules().venue.search(text[max(s0, m.start - 4):m.start])))


def _main_date(text: str, bounds: list[tuple[int, int]], days: list[DateMention]) -> str | None:
    """The day the article reports: its first weekday or relative day, else its first day that is no plan
    (000 "Pertemuan yang berlangsung pada 5 November 2024", not d07 "akan diperingati pada 3 Februari 2020")."""
    r = rules()

    def planned(d: DateMention) -> bool:
        s0 = next((a for a, b in bounds if a <= d.start < b), d.start)
        return bool(r.future.search(text, s0, d.start))

    return next((d.value for d in days if r.news_day.match(d.text)),
                next((d.value for d in days if not planned(d)), None))


def _own_dates(triggers: list[tuple[int, int]], dates: list[DateMention]) -> list[list[DateMention]]:
    """A sentence's dates, each given to the trigger nearest it: in "the 3rd Dialogue continues the
    2nd, held on 18 December 2017" the date is the 2nd round's."""
    own: list[list[DateMention]] = [[] for _ in triggers]
    for d in dates if triggers else []:
        gaps = [max(a - d.end, d.start - b, 0) for a, b in triggers]
        own[gaps.index(min(gaps))].append(d)
    return own


def _role_spans(text: str, entities: list[Entity], mentions: list[Mention]) -> list[tuple[int, int]]:
    """Where a person's position is written before the name (SPEC 3: "Kepala BNPT Eddy Hartono")."""
    roles = {e.entity_id: e.role for e in entities if e.type == "PERSON" and e.role}
    spans = []
    for m in mentions:
        role = roles.get(m.entity_id)
        at = text.rfind(role, max(0, m.start - len(role) - 60), m.start) if role else -1
        if at >= 0:
            spans.append((at, at + len(role)))
    return spans


def _article_states(entities: list[Entity], n: int) -> set[str]:
    """Indonesia and the ``n`` foreign states the article is most about."""
    foreign: Counter = Counter()
    for e in entities:
        code = e.code if e.type == "COUNTRY" else e.country
        if code and code != "ID":
            foreign[code] += max(e.n_mentions, 1)
    return {"ID"} | {c for c, k in foreign.most_common(n) if k >= 2}  # a state named once is no partner


def _candidates(kind: str, art: _Article, s0: int, s1: int, trigger: tuple[int, int],
                dates: list[DateMention]) -> list[_Cand]:
    """The record(s) one trigger reports: stage, states and parties from its sentence, ``dates`` its own."""
    r = rules()
    text = art.text
    sent = text[s0:s1]
    status, explicit, signed_too = _status(kind, text, trigger, s0, s1)
    codes: list[str] = []
    near_id = False  # an Indonesian body, official or place in the sentence or the one before
    parties: list[tuple[str, str | None, str | None]] = []
    i = bisect.bisect_right(art.ends, s0)  # the sentence before, whose parties this one may name
    p0 = art.bounds[i - 1][0] if i else s0
    for m in (m for m in art.mentions_in(p0, s1) if m.end <= s1):
        e = art.ents.get(m.entity_id)
        if e is None:
            continue
        code = e.code if e.type == "COUNTRY" else e.country
        near_id = near_id or code == "ID"
        if m.start < s0 or e.type == "LOCATION":
            continue
        if _a_place(text, s0, m, e):
            continue
        if e.type in ("ORG", "COUNTRY") and all(p[1] != e.entity_id for p in parties):
            parties.append((e.name, e.entity_id, code))
        if code and code not in codes:
            codes.append(code)
    meeting = kind in ("JWG", "FORUM", "EXPERT_MEETING")
    body, members = _members(parties) if meeting else (None, [])
    if members:  # a meeting of a multilateral body: its member states take part
        codes = list(dict.fromkeys(members + [c for c in codes if c != "ID"]))
        if all(p[0] != body for p in parties):
            parties.append((body, None, None))
    elif r.three_states.search(sent) and len([c for c in codes if c != "ID"]) < 2:  # "ketiga negara"
        codes = list(dict.fromkeys(codes + sorted(art.trio)))
    elif r.both_sides.search(sent) and codes in ([], ["ID"]):  # "kedua negara"
        codes = list(dict.fromkeys(codes + sorted(art.pair)))
    elif not codes or (codes == ["ID"] and (meeting or (kind in INSTRUMENTS and len(parties) < 2))):
        codes = list(dict.fromkeys(codes + sorted(art.group)))  # the other side is named elsewhere
    elif "ID" not in codes and (len(codes) == 1 or near_id):
        codes = ["ID"] + codes  # SPEC 5: Indonesia is a state involved when its body or official is a party
    date = _date(kind, status, explicit, text, s0, s1, dates, art.main_date)
    title = _title(text, trigger, s0, s1)
    anaphoric = bool(r.anaphora.match(text, trigger[1]))
    foreign = [c for c in codes if c != "ID"]
    if kind in INSTRUMENTS and not foreign and not parties and not anaphoric:
        return []  # SPEC 5: an instrument between named parties; "perjanjian" with neither is a contract's word
    if kind in INSTRUMENTS and len(foreign) >= 2 and ("ID" in codes or near_id) and not r.three_states.search(sent):
        # "MoU dengan Malaysia dan Singapura": one instrument per state (SPEC 5), a trilateral one aside; with
        # no Indonesian party near, the states sign with each other ("Rusia dan Turki menandatangani perjanjian")
        return [_Cand(kind, s0, s1, status, explicit, {"ID", c}, [p for p in parties if p[2] in (c, "ID")],
                      date, title, False, signed_too=signed_too) for c in foreign]
    said = text[trigger[0]:trigger[1]]
    generic = said.lower() == "perjanjian"
    general, named = r.cooperate.search(said), r.forms.search(said)
    to_cooperate = kind == "COOPERATION" and bool(general) and (not named or general.start() < named.start())
    return [_Cand(kind, s0, s1, status, explicit, set(codes), parties, date, title, anaphoric, generic, to_cooperate,
                  signed_too)]


def _members(parties: list[tuple[str, str | None, str | None]]) -> tuple[str | None, list[str]]:
    """The multilateral body among the parties and its member states ("SOMTC" -> ASEAN's)."""
    g = gazetteer()
    for name, _, _ in parties:
        org = g.orgs.get(name) or next((o for o in g.orgs.values() if name in o.aliases), None)
        if org is not None and org.members:
            return org.membership, list(org.members)
    return None, []


def _date(kind: str, status: str, explicit: bool, text: str, s0: int, s1: int, ds: list[DateMention],
          main_date: str | None) -> str | None:
    """Signing date for instruments, meeting date for meetings, commitment date otherwise."""
    r = rules()
    if status in ("planned", "proposed"):  # "Selasa (23/10/2018)" there dates the statement, not the plan
        ds = [d for d in ds if not r.news_day.match(d.text)]
    days = [d.value for d in ds if d.granularity == "day"]
    any_gran = next((d.value for g in ("day", "month", "year") for d in ds if d.granularity == g), None)
    if kind == "COOPERATION":
        if status == "planned":  # beside a plan, a month or year dates the plan ...
            return any_gran
        # ... beside a commitment, a day, or the start of the joint work (b15 "sejak tahun 2016", the cue
        # just before the date or at its head); a bare year there is something the commitment cites (b17)
        since = next((d.value for d in ds if r.since.search(text, max(s0, d.start - 20), d.start + 6)), None)
        return days[0] if days else since or (main_date if status in ("agreed", "proposed") else None)
    if any_gran:
        return any_gran
    if status == "planned" or not explicit:
        return None
    if kind in INSTRUMENTS and (status not in ("signed", "ratified") or r.looking_back.search(text, s0, s1)):
        return None
    return main_date


def _stage(group: list[_Cand]) -> str:
    """The latest stage the mentions of one instrument report, else its type's default."""
    explicit = [c.status for c in group if c.explicit]
    return min(explicit, key=rules().stages.index) if explicit else DEFAULT_STATUS[group[0].type]


def _merge(cands: list[_Cand], text: str) -> list[Agreement]:
    """One record per instrument: same type with the same or fewer states, or pointed back to."""
    groups: list[list[_Cand]] = []

    def states(kind: str) -> list[set[str]]:
        return [c.countries for c in cands if c.type == kind and not c.generic]

    mou_states, agreement_states = states("MOU"), states("AGREEMENT")
    for c in cands:
        if (c.generic and any(s <= c.countries or c.countries <= s for s in mou_states)
                and c.countries not in agreement_states):
            c.type = "MOU"  # "perjanjian" names the MoU the article names too, unless it names an agreement (a15)
    for c in cands:
        target = None
        if c.anaphoric and c.type in INSTRUMENTS:  # "perjanjian tersebut" is the last agreement, else instrument (a15)
            target = next((g for g in reversed(groups) if g[0].type == c.type),
                          next((g for g in reversed(groups) if g[0].type in INSTRUMENTS), None))
        if target is None:
            target = next((g for g in groups if g[0].type == c.type and (
                g[0].countries <= c.countries or c.countries <= g[0].countries)), None)
        if target is None:
            groups.append([c])
        else:
            target.append(c)
    signed = [g[0].countries for g in groups if g[0].type in INSTRUMENTS and _stage(g) in ("signed", "ratified")]
    met = [g[0].countries for g in groups if g[0].type in DATE_STAGE and g[0].type not in INSTRUMENTS
           and any(c.status == "held" for c in g)]
    # a commitment to cooperate with the same states as a signed MoU is that MoU's content (SPEC 5: "none of
    # the above"; a21, e07), unless a meeting of those states agreed it (c11)
    groups = [g for g in groups if not (g[0].type == "COOPERATION" and g[0].countries in signed
                                        and g[0].countries not in met
                                        and all(c.status == "agreed" and c.to_cooperate for c in g))]
    out = []
    for i, g in enumerate(groups, 1):
        kind, status = g[0].type, _stage(g)
        stage = DATE_STAGE.get(kind)
        # the date of the stage the record reports (a ratified one's signing), never one of a mention at
        # another stage ("the signing planned since the scandal of November 2013" dates no agreed MoU: d03, 001)
        at = stage if status == "ratified" else status
        dated = ([c for c in g if c.date and c.status == stage and c.explicit]  # "diteken pada 2004"
                 or [c for c in g if c.date and (c.status == at or c.signed_too or not stage)])
        countries = max((c.countries for c in g), key=len)
        # parties as the instrument is introduced; later mentions list attendees, not parties
        first = g[0]
        source = next((c for c in g if c.parties), first)
        parties = [Party(name, eid, code) for name, eid, code in source.parties]
        out.append(Agreement(
            agreement_id=f"A{i}", type=kind, status=status, date=dated[0].date if dated else None,
            title=next((c.title for c in g if c.title), None),
            evidence=text[first.start:first.end], start=first.start, end=first.end,
            parties=parties, countries=sorted(countries),
        ))
    return out
