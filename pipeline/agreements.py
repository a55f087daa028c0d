"""Agreements (SPEC section 5): instruments, their status, parties, date.

Triggers from data/agreements.yml find an instrument in a sentence; cue
words near the trigger give its stage (a signing under "akan" is planned);
the sentence's organisations and countries give its parties, completed by
the article's bilateral pair where the text says "kedua negara"; its date
comes from the date tagger. Mentions of one instrument (same type, same or
fewer states, or "MoU ini") merge into one record at the latest stage the
article reports.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from .model import Agreement, DateMention, Entity, Mention, Party
from .nlp.rules import gazetteer
from .nlp.tokenize import sentences, title_cased

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
_LOOKING_BACK = re.compile(r"\b(sebelumnya|pernah|sejak|lalu)\b", re.I)
_TO_COOPERATE = re.compile(r"(bekerja\s*sama|kerja\s*sama|berkolaborasi|kolaborasi)$", re.I)
_CITATION = re.compile(r"\b(dikutip|dilansir|diakses)\b", re.I)  # the source's date, not the event's
_WEEKDAY_FORM = re.compile(r"^(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)\b", re.I)


@dataclass(frozen=True)
class Rules:
    types: list[tuple[str, re.Pattern]]
    stages: list[str]
    status: dict[str, re.Pattern]
    future: re.Pattern
    anaphora: re.Pattern
    venue: re.Pattern
    content_of_previous: re.Pattern
    both_sides: re.Pattern


@lru_cache(maxsize=1)
def rules() -> Rules:
    spec = yaml.safe_load((resources.files("pipeline") / "data" / "agreements.yml").read_text(encoding="utf-8"))

    def alt(pats: list[str]) -> re.Pattern:
        return re.compile("|".join(f"(?:{p})" for p in pats), re.I)

    return Rules(
        types=[(t, alt(pats)) for t, pats in spec["types"].items()],
        stages=spec["stages"],
        status={k: alt(v) for k, v in spec["status"].items()},
        future=alt(spec["future"]),
        anaphora=re.compile(spec["anaphora"], re.I),
        venue=re.compile(spec["venue"], re.I),
        content_of_previous=re.compile(spec["content_of_previous"], re.I),
        both_sides=alt(spec["both_sides"]),
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
    to_cooperate: bool = False  # a commitment to cooperate in general, not to a named action


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


def _status(kind: str, text: str, trigger: tuple[int, int], s0: int, s1: int) -> tuple[str, bool]:
    """The stage reported nearest the trigger, else the latest in its sentence, else the default."""
    masked = text
    if kind != "COOPERATION":  # an instrument's own name is no cue ("Kesepakatan bersama"); a commitment's verb is
        masked = text[:trigger[0]] + " " * (trigger[1] - trigger[0]) + text[trigger[1]:]
    w0 = max(s0, trigger[0] - 80)
    in_sentence = _cues(kind, masked[s0:s1])
    stage = _cues(kind, masked[w0:min(s1, trigger[1] + 40)], trigger[0] - w0) or in_sentence
    if stage == "signed" and in_sentence == "ratified":
        stage = "ratified"  # "ditandatangani pada 2022 ... kemudian diratifikasi": the latest stage wins
    return (stage, True) if stage else (DEFAULT_STATUS[kind], False)


def _title(text: str, trigger: tuple[int, int], s0: int, s1: int) -> str | None:
    """A name for the instrument: a quoted English title after the trigger, or
    the capitalised phrase the trigger is part of when it is longer."""
    q = _QUOTED.search(text, trigger[1], min(s1, trigger[1] + 80))
    if q and len(q.group(1).split()) >= 2:
        return q.group(1).strip()
    if not text[trigger[0]].isupper() or title_cased(text[s0:s1]):
        return None  # in a Title Case headline every phrase is capitalised
    for m in _CAP_PHRASE.finditer(text, max(s0, trigger[0] - 40), min(s1, trigger[1] + 60)):
        if m.start() <= trigger[0] and trigger[1] <= m.end() and m.end() - m.start() > trigger[1] - trigger[0] + 3:
            phrase = re.sub(r"\s+(of|on|in|for|the|and)$", "", m.group().strip())
            return phrase if len(phrase.split()) >= 3 else None
    return None


def extract(text: str, entities: list[Entity], mentions: list[Mention], dates: list[DateMention]) -> list[Agreement]:
    """Agreement records of one clean text."""
    r = rules()
    ents = {e.entity_id: e for e in entities}
    pair = _article_pair(entities)
    bounds = sentences(text)
    cited = [(a, b) for a, b in bounds if _CITATION.search(text[a:b])]
    days = [d for d in dates if d.granularity == "day" and not any(a <= d.start < b for a, b in cited)]
    main_date = next((d.value for d in days if _WEEKDAY_FORM.match(d.text)), days[0].value if days else None)
    cands: list[_Cand] = []
    instrument_sentence = -2
    for n, (s0, s1) in enumerate(bounds):
        sent = text[s0:s1]
        taken: list[tuple[int, int]] = []
        for kind, pat in r.types:
            for m in pat.finditer(sent):
                a, b = s0 + m.start(), s0 + m.end()
                if any(x < b and a < y for x, y in taken):
                    continue
                # a commitment in a sentence about an instrument, or right after
                # an MoU's sentence, is that instrument's content
                if kind == "COOPERATION" and (taken or (instrument_sentence == n - 1
                                                        and r.content_of_previous.search(sent))):
                    continue
                taken.append((a, b))
                if kind in INSTRUMENTS:
                    instrument_sentence = n
                cands.extend(_candidates(kind, text, s0, s1, (a, b), ents, mentions, dates, pair, main_date))
    return _merge(cands, text)


def _article_pair(entities: list[Entity]) -> set[str]:
    """Indonesia and the foreign state the article is most about."""
    foreign: Counter = Counter()
    for e in entities:
        code = e.code if e.type == "COUNTRY" else e.country
        if code and code != "ID":
            foreign[code] += max(e.n_mentions, 1)
    top = foreign.most_common(1)
    return {"ID", top[0][0]} if top and top[0][1] >= 2 else {"ID"}  # a state named once is no partner


def _candidates(kind, text, s0, s1, trigger, ents, mentions, dates, pair, main_date) -> list[_Cand]:
    r = rules()
    sent = text[s0:s1]
    status, explicit = _status(kind, text, trigger, s0, s1)
    codes: list[str] = []
    parties: list[tuple[str, str | None, str | None]] = []
    for m in (m for m in mentions if s0 <= m.start and m.end <= s1):
        e = ents.get(m.entity_id)
        if e is None or e.type == "LOCATION":
            continue
        code = e.code if e.type == "COUNTRY" else e.country
        if e.type == "COUNTRY" and (r.venue.search(text[max(s0, m.start - 4):m.start])
                                    or (m.start == s0 and text[m.end:m.end + 3].strip()[:1] in ("–", "-", "—", ","))):
            continue  # "di Bangladesh" and the dateline "BANGLADESH –": where, not who
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
    elif r.both_sides.search(sent) or not codes or (meeting and codes == ["ID"]):
        codes = list(dict.fromkeys(codes + sorted(pair)))
    elif len(codes) == 1 and codes[0] != "ID":
        codes = ["ID", codes[0]]
    date = _date(kind, status, explicit, sent, [d for d in dates if s0 <= d.start and d.end <= s1], main_date)
    title = _title(text, trigger, s0, s1)
    anaphoric = bool(r.anaphora.match(text, trigger[1]))
    foreign = [c for c in codes if c != "ID"]
    if kind in INSTRUMENTS and len(foreign) >= 3:  # "perjanjian dengan Malaysia, Filipina, ..."
        return [_Cand(kind, s0, s1, status, explicit, {"ID", c}, [p for p in parties if p[2] in (c, "ID")],
                      None, title, False) for c in foreign]
    said = text[trigger[0]:trigger[1]]
    generic = said.lower() == "perjanjian"
    to_cooperate = kind == "COOPERATION" and bool(_TO_COOPERATE.search(said))
    return [_Cand(kind, s0, s1, status, explicit, set(codes), parties, date, title, anaphoric, generic, to_cooperate)]


def _members(parties: list[tuple[str, str | None, str | None]]) -> tuple[str | None, list[str]]:
    """The multilateral body among the parties and its member states ("SOMTC" -> ASEAN's)."""
    g = gazetteer()
    for name, _, _ in parties:
        org = g.orgs.get(name) or next((o for o in g.orgs.values() if name in o.aliases), None)
        if org is not None and org.members:
            return org.membership, list(org.members)
    return None, []


def _date(kind: str, status: str, explicit: bool, sent: str, ds: list[DateMention], main_date: str | None) -> str | None:
    """Signing date for instruments, meeting date for meetings, commitment date otherwise."""
    if status in ("planned", "proposed"):  # "Selasa (23/10/2018)" there dates the statement, not the plan
        ds = [d for d in ds if not _WEEKDAY_FORM.match(d.text)]
    days = [d.value for d in ds if d.granularity == "day"]
    any_gran = next((d.value for g in ("day", "month", "year") for d in ds if d.granularity == g), None)
    if kind == "COOPERATION":
        if status == "planned":  # beside a plan, a month or year dates the plan ...
            return any_gran
        # ... beside a commitment, something the commitment cites
        return days[0] if days else main_date if status in ("agreed", "proposed") else None
    if any_gran:
        return any_gran
    if status == "planned" or not explicit:
        return None
    if kind in INSTRUMENTS and (status not in ("signed", "ratified") or _LOOKING_BACK.search(sent)):
        return None
    return main_date


def _merge(cands: list[_Cand], text: str) -> list[Agreement]:
    """One record per instrument: same type with the same or fewer states, or pointed back to."""
    groups: list[list[_Cand]] = []
    mou_states = [c.countries for c in cands if c.type == "MOU"]
    for c in cands:
        if c.generic and any(s <= c.countries or c.countries <= s for s in mou_states):
            c.type = "MOU"  # "perjanjian" there names the MoU the article names too
    for c in cands:
        target = None
        if c.anaphoric and c.type in INSTRUMENTS:
            target = next((g for g in reversed(groups) if g[0].type in INSTRUMENTS), None)
        if target is None:
            target = next((g for g in groups if g[0].type == c.type and (
                g[0].countries <= c.countries or c.countries <= g[0].countries)), None)
        if target is None:
            groups.append([c])
        else:
            target.append(c)
    order = rules().stages
    signed = [g[0].countries for g in groups if g[0].type in INSTRUMENTS
              and any(c.explicit and c.status in ("signed", "ratified") for c in g)]
    # a commitment with the same states as a signed MoU is that MoU's content (SPEC 5: "none of the above")
    groups = [g for g in groups if not (g[0].type == "COOPERATION" and g[0].countries in signed
                                        and all(c.status == "agreed" and c.to_cooperate for c in g))]
    out = []
    for i, g in enumerate(groups, 1):
        kind = g[0].type
        explicit = [c.status for c in g if c.explicit]
        status = min(explicit, key=order.index) if explicit else DEFAULT_STATUS[kind]
        stage = DATE_STAGE.get(kind)
        dated = ([c for c in g if c.date and c.status == stage and c.explicit]  # "diteken pada 2004"
                 or [c for c in g if c.date and c.status == stage] or [c for c in g if c.date])
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
