"""Temporal tagger for Indonesian news (SPEC section 4).

Candidates come from patterns over the Indonesian (and English) forms, tried
from the most specific to the least, so "Rabu (9/10/2024)" is one day and
never also a bare year. Values keep the expression's own granularity.
A day without a year gets the year its weekday allows, nearest the
publication date or, lacking one, the article's other dates. Relative
expressions ("kemarin", "Senin lalu") are resolved with dateparser against
the publication date. Durations, vague time and clock times never match.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache


from .model import CleanArticle, DateMention
from .paths import data_file

MIN_YEAR, MAX_YEAR = 1900, 2099


@dataclass(frozen=True)
class Vocab:
    month: dict[str, int]
    weekday: dict[str, int]
    patterns: dict[str, re.Pattern]
    relative: dict[str, str]  # expression -> granularity
    count_nouns: frozenset[str]
    tense_after: re.Pattern  # "lalu" / "mendatang" right after a yearless day
    future_before: re.Pattern  # "akan" before a bare weekday


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    """Patterns compiled once from data/dates.yml."""
    spec = data_file("dates.yml")
    month = {w: int(m) for m, ws in spec["months"].items() for w in ws}
    full_month = [ws[0] for ws in spec["months"].values()] + [w for ws in spec["months"].values() for w in ws[1:] if len(w) > 3]
    weekday = {w: int(d) for d, ws in spec["weekdays"].items() for w in ws}
    bare_weekdays = [w.capitalize() for w in weekday]  # capitalised only: "minggu" is also "week"
    M, MF, W = _alt(list(month)), _alt(full_month), _alt(list(weekday))
    Y = r"(?P<y>(?:19|20)\d{2})"
    sep = r"\s*(?:-|–|—|sampai|hingga|s/d|s\.d\.?)\s*"
    cue = _alt(spec["year_cues"])
    rel = {w: "day" for w in spec["relative_day"]}
    rel.update({w: "month" for w in spec["relative_month"]})
    rel.update({w: "year" for w in spec["relative_year"]})
    b = r"(?<![\w/.,])"  # no digit, letter or separator glued before
    e = r"(?![\w/]|[.,]\d|-an\b)"  # nor after; "1990-an" is a decade
    month_opt_year = rf"(?:(?P<m>{M})\.?\s+{Y}|(?P<mf>{MF})){e}"  # a short month only with its year
    patterns = {
        # 2024-05-09
        "iso": rf"{b}{Y}-(?P<mo>\d{{2}})-(?P<d>\d{{2}}){e}",
        # 20-23 Agustus 2023, 22 sampai 25 Oktober 2017, 17-18 Oktober
        "day_range": rf"{b}(?P<d1>\d{{1,2}}){sep}(?P<d2>\d{{1,2}})\s+{month_opt_year}",
        # 12 dan 13 November 2024, 3, 4 dan 5 Juni
        "day_list": rf"{b}(?P<ds>\d{{1,2}}(?:\s*,\s*\d{{1,2}})*)\s*,?\s+(?:dan|serta|&)\s+(?P<d>\d{{1,2}})\s+{month_opt_year}",
        # 29 November–2 Desember 2022
        "day_month_range": rf"{b}(?P<d1>\d{{1,2}})\s+(?P<m1>{MF}){sep}(?P<d2>\d{{1,2}})\s+(?P<m>{M})\.?\s+{Y}{e}",
        # Selasa, 8 Mei 2018 / 5 November 2024 / 09 Dec 2018
        "day_month_year": rf"(?:(?P<w>{W})\s*,?\s+)?{b}(?P<d>\d{{1,2}})\s+(?P<m>{M})\.?\s*,?\s+{Y}{e}",
        # November 5, 2024
        "month_day_year": rf"{b}(?P<m>{MF})\s+(?P<d>\d{{1,2}}),\s*{Y}{e}",
        # Rabu (9/10/2024), Kamis (11/11), Selasa kemarin (25/01)
        "weekday_numeric": rf"(?P<w>{W})(?:\s+(?:kemarin|lalu))?\s*,?\s*\(\s*(?:[A-Za-z]+\s+)?(?P<d>\d{{1,2}})[/.-](?P<mo>\d{{1,2}})(?:[/.-](?P<y>\d{{2}}|\d{{4}}))?\s*\)",
        # 12/4/2017
        "numeric": rf"{b}(?P<d>\d{{1,2}})[/-](?P<mo>\d{{1,2}})[/-]{Y}{e}",
        # 29 November (year from context)
        "day_month": rf"(?:(?P<w>{W})\s*,?\s+)?{b}(?P<d>\d{{1,2}})\s+(?P<m>{MF}){e}",
        # awal tahun 2025 / akhir bulan Juli 2023 / April 2021
        "month_year": rf"(?:(?:awal|akhir|pertengahan|medio)\s+)?(?:bulan\s+)?{b}(?P<m>{MF})\s+{Y}{e}",
        # 2024-2027, 2019-2025
        "year_range": rf"{b}(?P<y1>(?:19|20)\d{{2}})\s*[-–/]\s*(?P<y2>(?:19|20)\d{{2}}){e}",
        # tahun 2007, sejak 2022, awal tahun 2025
        "cued_year": rf"\b(?:(?:{cue}|tahun)\s+)+{Y}{e}",
        "bare_year": rf"{b}{Y}{e}",
        # kemarin, hari ini, Senin lalu, bulan depan
        "relative": rf"\b(?P<rel>{_alt(list(rel))})\b"
                    rf"|\b(?P<w>{W})\s+(?P<dir>(?:pekan|minggu)\s+(?:lalu|depan)|lalu|kemarin|depan)\b"
                    rf"|\b(?P<m>{MF})\s+(?P<mdir>tahun\s+(?:lalu|ini|depan)|lalu|kemarin|mendatang|depan)\b"
                    # "di Jakarta, Selasa." / "pada Senin malam": the weekday of the reported week
                    rf"|(?:(?<=, )|(?<=\bpada )|(?<=\bhari ))(?-i:(?P<bw>{_alt(bare_weekdays)}))"
                    rf"(?=\s*(?:[.,;:\"”)]|$)|\s+(?:pagi|siang|sore|malam|dini\s+hari)\b)",
    }
    tense = re.compile(rf"\s+(?:(?P<past>{_alt(spec['past_after'])})|(?P<future>{_alt(spec['future_after'])}))\b", re.I)
    return Vocab(month, weekday, {k: re.compile(p, re.I) for k, p in patterns.items()}, rel,
                 frozenset(spec["count_nouns"]), tense, re.compile(rf"\b(?:{_alt(spec['future_before'])})\b", re.I))


def _valid(y: int, m: int, d: int | None = None) -> bool:
    if not (MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12):
        return False
    if d is None:
        return True
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _fmt(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


@dataclass
class _Cand:
    start: int
    end: int
    text: str
    kind: str
    values: list[tuple[int | None, int | None, int | None]]  # (y, m, d); y None = infer
    weekday: int | None = None
    rel: str | None = None
    tense: int = 0  # -1 said to be past ("lalu"), +1 future ("mendatang"), 0 not said


def _month(v: Vocab, word: str) -> int:
    return v.month[word.lower().rstrip(".")]


def _candidates(text: str) -> list[_Cand]:
    """Non-overlapping candidate expressions, most specific pattern first."""
    v = vocab()
    taken = bytearray(len(text))
    out: list[_Cand] = []
    for kind, pat in v.patterns.items():
        for m in pat.finditer(text):
            s, e = m.span()
            if any(taken[s:e]):
                continue
            cand = _build(kind, m, v, text)
            if cand is None:
                continue
            taken[s:e] = b"\x01" * (e - s)
            out.append(cand)
    out.sort(key=lambda c: c.start)
    return out


def _build(kind: str, m: re.Match, v: Vocab, text: str) -> _Cand | None:
    g = m.groupdict()
    wd = v.weekday[g["w"].lower()] if g.get("w") else None
    y = int(g["y"]) if g.get("y") else None
    if y is None and kind in _NAMED_MONTH_DAYS and _YEAR_OUT_OF_RANGE.match(text, m.end()):
        return None  # "17 Juli 1848": a date with a year out of range, no date without one
    c = _Cand(m.start(), m.end(), m.group(), kind, [], wd)
    if y is None and (t := v.tense_after.match(text, m.end())):
        c.tense = -1 if t.group("past") else 1
    if kind == "iso":
        c.values = [(y, int(g["mo"]), int(g["d"]))]
    elif kind in ("day_range", "day_list"):
        mo = _month(v, g["m"] or g["mf"])
        days = [g["d1"], g["d2"]] if kind == "day_range" else [*re.split(r"\s*,\s*", g["ds"]), g["d"]]
        c.values = [(y, mo, int(d)) for d in days]
    elif kind == "day_month_range":
        c.values = [(y, _month(v, g["m1"]), int(g["d1"])), (y, _month(v, g["m"]), int(g["d2"]))]
    elif kind in ("day_month_year", "month_day_year", "day_month"):
        c.values = [(y, _month(v, g["m"]), int(g["d"]))]
    elif kind in ("weekday_numeric", "numeric"):
        if y is not None and y < 100:
            y += 2000
        c.values = [(y, int(g["mo"]), int(g["d"]))]
    elif kind == "month_year":
        c.values = [(y, _month(v, g["m"]), None)]
    elif kind == "year_range":
        c.values = [(int(g["y1"]), None, None), (int(g["y2"]), None, None)]
    elif kind in ("cued_year", "bare_year"):
        y = int(g["y"])
        if kind == "bare_year" and not _plausible_bare_year(text, m):
            return None
        c.values = [(y, None, None)]
    elif kind == "relative":
        if _in_quote(text, m.start()) or _after_quantity(text, m.start()):
            return None
        if g.get("m"):  # "Desember lalu" / "Desember mendatang": the last / next December from publication
            mdir = " ".join(g["mdir"].lower().split())
            ahead = mdir in ("mendatang", "depan")
            c.rel = f"month {mdir}" if mdir.startswith("tahun") else "month-ahead" if ahead else "month-ago"
            c.values = [(None, _month(v, g["m"]), None)]
        elif g.get("bw"):
            c.rel, c.weekday = "weekday", v.weekday[g["bw"].lower()]
            c.tense = 1 if v.future_before.search(text[max(0, m.start() - 60):m.start()].rsplit(".", 1)[-1]) else 0
        else:
            c.rel = " ".join((g.get("rel") or g["dir"]).lower().split())
    for yy, mm, dd in c.values:
        if yy is not None and not _valid(yy, mm or 1, dd):
            return None
        if yy is None and not _valid(2000, mm or 1, dd):  # 29 Feb checked per year later
            return None
    return c


_YEAR_OUT_OF_RANGE = re.compile(r"[ ]+\d{3,4}\b")  # after a day and a month's name
_NAMED_MONTH_DAYS = ("day_month", "day_range", "day_list", "day_month_range")
_NO_BEFORE = re.compile(r"(no\.?|nomor|pasal|nomer|ayat|rp\.?|us\$|\$)\s*$", re.I)


def _plausible_bare_year(text: str, m: re.Match) -> bool:
    """A lone 4-digit number is a year unless it counts or numbers something."""
    before = text[max(0, m.start() - 8):m.start()]
    if _NO_BEFORE.search(before):
        return False
    after = re.match(r"\s*([A-Za-z]+)", text[m.end():m.end() + 20])
    return not (after and after.group(1).lower() in vocab().count_nouns)


_QUANTITY = re.compile(r"(\d+|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|beberapa|puluhan|ratusan|belasan|se)\s*$", re.I)


def _after_quantity(text: str, pos: int) -> bool:
    """'70 tahun lalu' is a duration ago, not last year."""
    return bool(_QUANTITY.search(text[max(0, pos - 15):pos]))


def _in_quote(text: str, pos: int) -> bool:
    """Inside a quotation in the same paragraph: deixis there is the speaker's."""
    para_start = text.rfind("\n", 0, pos) + 1
    seg = text[para_start:pos]
    straight = seg.count('"') % 2 == 1
    curly = seg.count("“") > seg.count("”")
    return straight or curly


def _infer_year(month: int, day: int, weekday: int | None, anchor: dt.date | None, years: list[int],
                tense: int = 0) -> int | None:
    """The year for a day written without one (SPEC 4), next to the publication date ``anchor``;
    on the side of ``anchor`` that ``tense`` says, when it says one."""
    def fits(y: int) -> bool:
        return _valid(y, month, day) and (weekday is None or dt.date(y, month, day).weekday() == weekday)

    if anchor is not None:
        # news writes "Senin (7/1)" for days of the current news cycle: a weekday that fits no year
        # next to publication is a slip of the writer's, not a date years back
        options = [y for y in range(anchor.year - 1, anchor.year + 2) if fits(y)]
        if not options and weekday is not None:
            options = [y for y in range(anchor.year - 1, anchor.year + 2) if _valid(y, month, day)]
        if tense:
            options = [y for y in options if (dt.date(y, month, day) - anchor).days * tense >= 0] or options
        if not options:
            return None
        # the event is most likely shortly before publication
        def distance(y: int) -> tuple[int, int]:
            delta = (anchor - dt.date(y, month, day)).days
            return (delta < -31, abs(delta))
        return min(options, key=distance)
    if years:
        latest = max(years)
        options = [y for y in range(min(years) - 3, latest + 12) if fits(y)]
        if not options:
            return None
        # reported events usually follow the dates an article looks back on
        return min(options, key=lambda y: (abs(y - latest), -y))
    return None


def _latest_fitting_year(month: int, day: int, weekday: int | None, today: dt.date, back: int = 15) -> int | None:
    """A day with nothing else to fix its year: the latest year not after the day of the run
    in which it exists (and falls on its weekday, when one is written: SPEC 4)."""
    for y in range(today.year, today.year - back - 1, -1):
        if (_valid(y, month, day) and dt.date(y, month, day) <= today
                and (weekday is None or dt.date(y, month, day).weekday() == weekday)):
            return y
    return None


def _relative(cand: _Cand, base: dt.date) -> str | None:
    """Resolve a relative expression against ``base`` with dateparser."""
    if cand.rel.startswith("month tahun "):  # "Desember tahun lalu": that month of last / this / next year
        shift = {"lalu": -1, "ini": 0, "depan": 1}[cand.rel.rsplit(" ", 1)[1]]
        return f"{base.year + shift:04d}-{cand.values[0][1]:02d}"
    if cand.rel in ("month-ago", "month-ahead"):
        month = cand.values[0][1]
        if cand.rel == "month-ago":
            year = base.year if month < base.month else base.year - 1
        else:
            year = base.year if month > base.month else base.year + 1
        return f"{year:04d}-{month:02d}"
    if cand.rel.endswith(("pekan lalu", "minggu lalu", "pekan depan", "minggu depan")):  # "Jumat pekan lalu"
        monday = base - dt.timedelta(days=base.weekday())
        week = -7 if cand.rel.endswith("lalu") else 7
        return (monday + dt.timedelta(days=week + cand.weekday)).isoformat()
    if cand.weekday is not None:  # "Senin lalu", "Kamis depan"; a bare "Selasa" may be the day itself
        step = 1 if cand.rel == "depan" or cand.tense > 0 else -1
        day = base if cand.rel == "weekday" else base + dt.timedelta(days=step)
        while day.weekday() != cand.weekday:
            day += dt.timedelta(days=step)
        return day.isoformat()
    gran = vocab().relative[cand.rel]
    parsed = _dateparser(cand.rel, base)
    if parsed is None:
        return None
    return {"day": parsed.isoformat(), "month": parsed.isoformat()[:7], "year": parsed.isoformat()[:4]}[gran]


@lru_cache(maxsize=4096)
def _dateparser(expr: str, base: dt.date) -> dt.date | None:
    import dateparser

    try:
        got = dateparser.parse(expr, languages=["id"],
                               settings={"RELATIVE_BASE": dt.datetime(base.year, base.month, base.day)})
    except (OverflowError, ValueError):  # bases at the edge of the calendar
        return None
    return got.date() if got and MIN_YEAR <= got.year <= MAX_YEAR else None


def find_dates(text: str, published: str | None = None, fallback_today: dt.date | None = None) -> list[DateMention]:
    """Every date expression in ``text`` with its normalised value. ``fallback_today`` is the day news is
    not dated after, for a day that nothing else gives a year: the run day, or the day the page was
    fetched (batch.reference)."""
    cands = _candidates(text)
    anchor = dt.date.fromisoformat(published) if published and len(published) == 10 else None
    years = [y for c in cands for (y, _, _) in c.values if y is not None]
    explicit_days = [dt.date(y, m, d) for c in cands for (y, m, d) in c.values if y and m and d]
    out: list[DateMention] = []
    for c in cands:
        if c.rel is not None:
            # a bare weekday only counts from a stated publication date: other dates in the text are not "this week"
            base = anchor if c.rel == "weekday" else anchor or (max(explicit_days) if explicit_days else None)
            value = _relative(c, base) if base else None
            if value:
                out.append(DateMention(c.start, c.end, c.text, value, _granularity(value), year_inferred=anchor is None))
            continue
        for y, m, d in c.values:
            inferred = False
            if y is None:
                y = _infer_year(m, d, c.weekday, anchor, years, tense=c.tense)
                if y is None and fallback_today is not None:
                    y = _latest_fitting_year(m, d, c.weekday, fallback_today)
                if y is None:
                    continue
                inferred = True
            value = _fmt(y, m, d)
            out.append(DateMention(c.start, c.end, c.text, value, _granularity(value), inferred))
    return out


def _granularity(value: str) -> str:
    return {10: "day", 7: "month", 4: "year"}[len(value)]


_CITED = re.compile(r"\b(dikutip|dilansir|diakses|diunggah|dipublikasikan|diterbitkan)\b[^\n]{0,120}", re.I)


def publication_date(clean: CleanArticle) -> str | None:
    """The publication date the page states: header date, dateline date, 'Dikutip ... (date)'."""
    sources = list(clean.header_dates)
    if clean.dateline:
        sources.append(clean.dateline)
    sources += [m.group() for m in _CITED.finditer(clean.text)]
    for s in sources:
        for d in find_dates(s):
            if d.granularity == "day" and not d.year_inferred:
                return d.value
    return None
