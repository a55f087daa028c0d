"""Line-level boilerplate removal for scraped Indonesian news pages (SPEC 2).

Each raw line gets a keep/drop decision in passes that go from local to
structural, the way jusText classifies HTML blocks:

1. *patterns* (data/boilerplate.yml): counters, cross-links, widgets, comment
   furniture, bylines, spam, bare and image URLs, timestamps;
2. *text features*: share of Indonesian function words, link density,
   length, used to tell prose from furniture and Indonesian from spam;
3. *structure*: the body starts at the dateline (or the first prose
   paragraph); above it only the headline and a subtitle survive, photo
   captions are recognised by their credit or by sitting next to one;
   after a section-end marker (Berita Terkait, comments) lines go until
   prose resumes;
4. *repeats*: a line a scraper duplicated, or a caption that copies a
   body sentence, goes; the first occurrence stays.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, deque
from dataclasses import dataclass
from functools import lru_cache


from .logistic import LogisticModel
from .model import CleanArticle, Line, Page
from .nlp.tokenize import sentences
from .paths import data_file

_URL = re.compile(r"(https?://|www\.)\S+", re.I)
_IMAGE_URL = re.compile(r"(https?://|www\.)\S+?\.(jpe?g|png|gif|webp)", re.I)
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_CAPTION_DATE = re.compile(r"\b(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)\s*,?\s*\(\d{1,2}/\d{1,2}(/\d{2,4})?\)\.?$", re.I)
_BULLET = re.compile(r"^[-•·*]\s+")
_QUOTED_SENTENCE = re.compile(r"[.,]\s*[\"”’']\s*$")
_HEADLINE_START = re.compile(r"[\"“‘'(\[]?[^\W_a-z]")
_SENTENCE_INSIDE = re.compile(r"\b[a-z]{3,}[.!?]\s+[A-Z]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
LONG_LINE = 1000  # characters; the longest gold line has 648, a short article on one line (a21) 1,926
LEAD_WORDS = 8  # with no dateline, a line of this many words or more ending a sentence opens the body
_SENTENCE_END = (".", "!", "?", '"', "”", "’")
REPEAT_WINDOW = 200  # kept lines a line is compared with for near-repeats; gold articles have at most 33
SHORT_GROUPS = {"byline"}  # rule groups that only apply to short lines
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


@dataclass(frozen=True)
class Rules:
    """The lists of data/boilerplate.yml, each compiled as one alternation (a line matches a list when
    it matches any of its patterns: one search instead of one per pattern); ``drop`` one per group."""
    drop: list[tuple[str, re.Pattern]]
    caption_credit: re.Pattern
    signature: re.Pattern
    link_label: re.Pattern
    section_end: re.Pattern
    comments_start: re.Pattern
    spam: re.Pattern
    timestamp: re.Pattern
    dateline: re.Pattern
    inner_dateline: re.Pattern
    id_words: frozenset[str]
    en_words: frozenset[str]
    navigation_words: frozenset[str]  # lower-cased


@lru_cache(maxsize=1)
def rules() -> Rules:
    """Rules from the data files, compiled once per process."""
    spec = data_file("boilerplate.yml")
    words = data_file("function_words.yml")

    def comp(p: str) -> re.Pattern:
        return re.compile(p, re.I)

    def any_of(patterns: list[str]) -> re.Pattern:
        return comp("|".join(f"(?:{p})" for p in patterns))

    return Rules(
        drop=[(group, any_of(pats)) for group, pats in spec["drop"].items()],
        caption_credit=any_of(spec["caption_credit"]),
        signature=comp(spec["signature"]),
        link_label=comp(spec["link_label"]),
        section_end=any_of(spec["section_end"]),
        comments_start=any_of(spec["comments_start"]),
        spam=any_of(spec["spam"]),
        timestamp=any_of(spec["timestamp"]),
        dateline=re.compile(spec["dateline"]),
        inner_dateline=re.compile(spec["inner_dateline"], re.X),
        id_words=frozenset(words["id"]),
        en_words=frozenset(words["en"]),
        navigation_words=frozenset(w.lower() for w in spec["navigation_words"]),
    )


def normalise_text(text: str) -> str:
    """Unify line ends and exotic spaces so every later offset is stable."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def words(line: str) -> list[str]:
    return _WORD.findall(line)


def function_share(line: str, vocab: frozenset[str]) -> float:
    toks = [w.lower() for w in words(line)]
    return sum(t in vocab for t in toks) / len(toks) if toks else 0.0


def is_prose(line: str, min_words: int = 20) -> bool:
    """A paragraph of running Indonesian text, not a headline or a list item."""
    r = rules()
    return len(words(line)) >= min_words and function_share(line, r.id_words) >= 0.05


def is_headline(line: str) -> bool:
    """Short, unpunctuated at the end, mostly words: how page titles look. A quoted sentence ('"... pihak."')
    ends on its quote mark, but is speech: no gold headline ends so."""
    w = words(line)
    return (2 <= len(w) <= 25 and not line.rstrip().endswith((".", ",", ";", ":", "*")) and not _URL.search(line)
            and not _QUOTED_SENTENCE.search(line))


def dateline_lead(line: str) -> str | None:
    """The dateline a paragraph opens with ("JAKARTA", "Liputan6.com, Jakarta"), or None."""
    m = rules().dateline.match(line)
    if not m:
        return None
    lead = m.group("dl").strip()
    if len(words(lead)) > 6 or lead.endswith(")") and "(" not in lead:
        return None
    return lead


def url_chars(line: str) -> int:
    """Characters of the line inside URLs: link density's numerator."""
    return sum(len(m.group()) for m in _URL.finditer(line))


def _pattern_reason(line: str) -> str | None:
    """Why a line is furniture on its own, or None."""
    r = rules()
    alnum = sum(ch.isalnum() for ch in line)
    if alnum < 3:
        return "no-text"
    if _IMAGE_URL.search(line):
        return "image-url"
    n_url = url_chars(line)
    if n_url and n_url / len(line) > 0.5:
        return "url"
    if r.spam.search(line):
        return "spam"
    if (n_url and function_share(line, r.en_words) > function_share(line, r.id_words)):
        return "spam"
    if r.timestamp.match(line):
        return "timestamp"
    short = len(words(line)) <= 12
    for group, pattern in r.drop:
        if (short or group not in SHORT_GROUPS) and pattern.search(line):
            return group
    if _BULLET.match(line) and is_teaser(_BULLET.sub("", line)):
        return "related"
    if len(words(line)) <= 12 and is_credit(line):
        return "photo"
    return None


def is_teaser(line: str) -> bool:
    """A headline of another article: short, most words capitalised."""
    w = words(line)
    if not 2 <= len(w) <= 20:
        return False
    caps = sum(t[0].isupper() or t[0].isdigit() for t in w)
    return caps / len(w) >= 0.5


def is_credit(line: str) -> bool:
    r = rules()
    return not r.signature.search(line) and bool(r.caption_credit.search(line))


def _ends_in_credit(line: str) -> bool:
    """A paragraph closing on a photo credit is a caption, however long ("... Jumat (28/2/2020).
    (TRIBUN JABAR/GANI KURNIAWAN)" d09, "... Jumat (1/4). (Foto: Humas BNPT)" b06); one opening on
    "Foto:" may be a caption glued to the body (b07)."""
    r, text = rules(), line.rstrip()
    m = r.caption_credit.search(text)
    return m is not None and m.end() == len(text) and not r.signature.search(text)


def clean(text: str, model: LogisticModel | None | str = "shipped") -> CleanArticle:
    """Decide every line of ``text``; return the clean text and page structure.

    The rules decide first; the line classifier (``model``: the shipped one by
    default, None for rules alone) then drops what they kept but it judges furniture.
    """
    from .line_classifier import model_drops, shipped_model  # it reads this module's line helpers

    page = rule_page(text)
    raw_lines, reason, title_idx, body = page.lines, page.reason, page.title, page.body
    line_model = shipped_model() if model == "shipped" else model
    if line_model is not None:
        for i in model_drops(page, line_model):
            reason[i] = "model"
    blank = [not s for s in raw_lines]
    limit = body if body is not None else len(raw_lines)
    lines = [Line(s, keep=not blank[i] and reason[i] is None, reason=reason[i] or "") for i, s in enumerate(raw_lines)]
    kept = [ln.text for ln in lines if ln.keep]
    clean_text = "\n\n".join(kept) + ("\n" if kept else "")
    title = raw_lines[title_idx] if title_idx is not None and reason[title_idx] is None else None
    header_dates = [raw_lines[i] for i in range(limit) if reason[i] == "timestamp"]
    dateline = dateline_lead(raw_lines[body]) if body is not None else None
    return CleanArticle(text=clean_text, title=title, lines=lines,
                        header_dates=header_dates, dateline=dateline)


def rule_page(text: str) -> Page:
    """The rules' verdict on every line, with the headline and the body start they found."""
    r = rules()
    raw_lines = _split_long(normalise_text(text).split("\n"))
    n = len(raw_lines)
    reason: list[str | None] = [None] * n
    blank = [not s for s in raw_lines]

    for i, s in enumerate(raw_lines):
        if not blank[i]:
            reason[i] = _pattern_reason(s)

    # Section ends: drop until prose resumes; after the comments start, drop everything.
    tail = comments = False
    for i, s in enumerate(raw_lines):
        if blank[i]:
            continue
        if comments or (len(words(s)) <= 8 and r.comments_start.search(s)):
            comments = True
            reason[i] = reason[i] or "comments"
            continue
        if r.section_end.search(s):
            tail = True
            reason[i] = reason[i] or "section-end"
            continue
        if tail:
            if is_prose(s, 25) and s.rstrip().endswith((".", "!", "?", "\"", "”")):
                tail = False
            else:
                reason[i] = reason[i] or "related"

    body = _body_start(raw_lines, reason)
    if body is None:  # no recognisable body: structure rules would only do harm
        open_lines = [i for i, s in enumerate(raw_lines) if s and reason[i] is None]
        body = open_lines[0] if open_lines else None
        if len(open_lines) > 1 and is_headline(raw_lines[body]):  # the headline's next open line opens the body
            body = open_lines[1]
    limit = body if body is not None else n
    title_idx = _title(raw_lines, reason, limit)
    if body is not None and not dateline_lead(raw_lines[body]):
        # no dateline: the body opens at the first whole sentence under the headline, however short (b21, 002)
        body = limit = _first_lead(raw_lines, reason, title_idx + 1 if title_idx is not None else 0, limit)
    subtitle_idx = _neighbour(raw_lines, title_idx, +1) if title_idx is not None else None

    # Captions: a credit inside the line, or a neighbour of a credit above the body.
    for i, s in enumerate(raw_lines):
        if blank[i] or not is_credit(s):
            continue
        # in the body only a short line ending in its credit is a caption, not a paragraph signed "(Rif/Ant)"
        if len(words(s)) <= 12 or i < limit or (s.rstrip().endswith(")") and s.count(". ") <= 1):
            reason[i] = reason[i] or "caption"
        if i < limit:
            for j in (_neighbour(raw_lines, i, -1), _neighbour(raw_lines, i, +1)):
                if j is not None and j < limit and j not in (title_idx, subtitle_idx) and reason[j] is None:
                    reason[j] = "caption"

    _structure_above_body(raw_lines, reason, limit, title_idx)
    _drop_repeats(raw_lines, reason)
    _linked_headlines(raw_lines, reason)
    _trailing_tags(raw_lines, reason, limit)
    return Page(raw_lines, reason, title_idx, body)


def _split_long(lines: list[str]) -> list[str]:
    """A page saved on one line (a JSONL text without breaks) is cut into its sentences, and before
    a dateline inside one (the headline runs into "JAKARTA – ..." with no full stop between), so the
    line rules judge sentences: one spam phrase must not take the whole article with it."""
    out: list[str] = []
    for line in lines:
        if len(line) <= LONG_LINE:
            out.append(line)
            continue
        for a, b in sentences(line):
            cuts = [a] + [c for m in rules().inner_dateline.finditer(line, a, b) if (c := _dateline_cut(m))] + [b]
            out += [line[x:y].strip() for x, y in zip(cuts, cuts[1:]) if line[x:y].strip()]
    return out


def _dateline_cut(m: re.Match) -> int | None:
    """Where a dateline found inside a line starts: at the match, or at the place that ends the
    capitalised words before it ("Terorisme [Jakarta], MI -", "07:42 WIB [JAKARTA] -"); None when it
    names no known place."""
    if m["domain"]:
        return m.start()
    if m["after"]:  # "Metrobatam, Jakarta –": the outlet opens it, the whole city must be a place
        return m.start() if m["after"].lower() in dateline_places() else None
    group = "caps" if m["caps"] else "before"
    words_ = m[group].split()
    for k in range(len(words_)):  # the longest known place the capitalised words end with
        if " ".join(words_[k:]).lower() in dateline_places():
            # an outlet's domain before the whole city opens the dateline ("jpnn.com, JAKARTA -")
            return m.start() if k == 0 else m.start(group) + len(" ".join(words_[:k])) + 1
    return None


@lru_cache(maxsize=1)
def dateline_places() -> frozenset[str]:
    """Lower-cased places and state names the gazetteers know: what a dateline may name."""
    from .nlp.rules import gazetteer  # asked only of a line opening with a dateline's shape

    g = gazetteer()
    return g.places | frozenset(g.country_names)


def _neighbour(lines: list[str], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(lines) and not lines[j]:
        j += step
    return j if 0 <= j < len(lines) else None


def _body_start(lines: list[str], reason: list[str | None]) -> int | None:
    """Index of the first body paragraph: a dateline near the top, else the first prose."""
    open_lines = [i for i, s in enumerate(lines)
                  if s and reason[i] is None and not (is_credit(s) and len(words(s)) <= 12)]
    placed = [i for i in open_lines[:12] if _placed_dateline(lines[i])]
    for i in placed + [i for i in open_lines[:12] if i not in placed]:
        if is_credit(lines[i]):  # a caption's "Foto:" is no dateline
            continue
        lead = dateline_lead(lines[i])
        n = len(words(lines[i]))
        # a dateline opens a paragraph, long or a whole sentence after a dash ("JAKARTA - Sidang dipimpin Ketua
        # Komisi I DPR."; a headline "X: Y!" is none), or stands alone
        if lead is not None and (n >= 12 or n > len(words(lead)) and _SHORT_LEAD.match(lines[i])
                                 or _lone_dateline(lines[i])):
            return i
    for min_words in (25, 15):  # pages of short paragraphs (BBC) have no 25-word one
        first = next((i for i in open_lines if is_prose(lines[i], min_words) and not is_headline(lines[i])), None)
        if first is not None and _ends_in_credit(lines[first]):  # a photo's caption sits above the body
            first = next((i for i in open_lines if i > first and is_prose(lines[i], 15)
                          and not _ends_in_credit(lines[i])), first)
        if first is not None:
            k = open_lines.index(first)
            # a dateline on its own line right above opens the body with it, however far down the page
            return open_lines[k - 1] if k and _lone_dateline(lines[open_lines[k - 1]]) else first
    return None


def _placed_dateline(line: str) -> bool:
    """Whether the line opens with a dateline naming a known place or an outlet ("JAKARTA –", "Jakarta
    (ANTARA) -"), which opens the body before a line of a dateline's shape only: on a page cut into
    sentences the headline "MoU BNPT – PPATK ..." has one."""
    m = rules().inner_dateline.match(f" {line} ", 1)  # a dateline alone on its line ("JAKARTA –") too
    return m is not None and _dateline_cut(m) == 1


def _lone_dateline(line: str) -> bool:
    """A dateline standing alone on its line ("Jakarta -", "TRIBUNNEWS.COM, JAKARTA -"); a lone "Breaking News:"
    is a label."""
    lead = dateline_lead(line)
    return lead is not None and len(words(line)) == len(words(lead)) and not line.rstrip().endswith(":")


def _first_lead(lines: list[str], reason: list[str | None], start: int, stop: int) -> int:
    """The first open line in [start, stop) that reads as a lead paragraph, else ``stop``."""
    return next((i for i in range(start, stop) if lines[i] and reason[i] is None and _lead_sentence(lines[i])), stop)


def _lead_sentence(line: str) -> bool:
    """A whole sentence of running text, no headline, caption or credit: how a lead paragraph looks."""
    return (is_prose(line, LEAD_WORDS) and line.rstrip().endswith(_SENTENCE_END) and not is_headline(line)
            and not is_credit(line) and not _ends_in_credit(line))


_SHORT_LEAD = re.compile(r"[^–—:-]+\s[–—-]+\s.*[.!?]$")  # a dateline, a dash and a whole sentence


def _title(lines: list[str], reason: list[str | None], limit: int) -> int | None:
    """The headline: the last headline-like line above the body.

    A line of five words or more shown twice there wins (pages repeat their
    headline above a photo and its caption); then lines of five words or
    more win over shorter ones, and four words over fewer: short lines above
    a body are mostly bylines ("Abdul Gaffar Mattola") and section names. A headline
    opens with a capital, a digit or a quote (a line opening in lower case is
    a breadcrumb or a slug) and is one sentence (two are a promo: "Baca berita
    tanpa iklan. Gabung ...").
    """
    prose = _first_lead(lines, reason, 0, limit)
    candidates = [i for i in range(min(limit, prose)) if lines[i] and reason[i] is None and is_headline(lines[i])
                  and not is_credit(lines[i]) and _HEADLINE_START.match(lines[i]) and not _SENTENCE_INSIDE.search(lines[i])]
    shown = Counter(lines[i] for i in range(limit) if lines[i])
    long = [i for i in candidates if len(words(lines[i])) >= 5]
    twice = [i for i in long if shown[lines[i]] > 1]  # pages repeat their headline (a17 MI, d03 Suara)
    four = [i for i in candidates if len(words(lines[i])) == 4]  # longer than most bylines
    return (twice or long or four or candidates or [None])[-1]


def _structure_above_body(lines: list[str], reason: list[str | None], limit: int, title: int | None) -> None:
    """Above the body keep the headline and a subtitle; drop navigation and captions."""
    pre = [i for i in range(limit) if lines[i] and reason[i] is None]
    counts = Counter(lines[i] for i in pre)
    for i in pre:
        if i == title:
            continue
        if title is None or i < title:
            reason[i] = "above-title"
        elif is_headline(lines[i]) or len(words(lines[i])) < 2:  # a lone word there is a byline ("Redaksi")
            reason[i] = "navigation"
        elif _CAPTION_DATE.search(lines[i]) or counts[lines[i]] > 1:
            reason[i] = "caption"  # photo captions end with the photo's date or are shown twice


def _linked_headlines(lines: list[str], reason: list[str | None]) -> None:
    """A cross-link label standing alone ("Lihat Juga :") announces the headline on the next line."""
    for i, s in enumerate(lines):
        if reason[i] == "cross_links" and rules().link_label.match(s):
            j = _neighbour(lines, i, +1)
            if j is not None and reason[j] is None and is_headline(lines[j]) and not is_prose(lines[j]):
                reason[j] = "related"


def _trailing_tags(lines: list[str], reason: list[str | None], body: int) -> None:
    """Two or more short unpunctuated lines closing the page are its tag list
    ("Hadi Tjahjanto", "Terorisme", "Australia"), not the article's last words."""
    tail = [i for i in range(len(lines)) if lines[i] and reason[i] is None and i > body]
    run: list[int] = []
    for i in reversed(tail):
        s = lines[i].rstrip()
        if len(words(s)) > 4 or s.endswith((".", "!", "?", '"', "”", ":", ")")):
            break
        run.append(i)
    if len(run) >= 2 and len(run) < len(tail):
        for i in run:
            reason[i] = "tags"


def _drop_repeats(lines: list[str], reason: list[str | None]) -> None:
    """A kept line that repeats an earlier kept line, or is mostly inside one of the last
    ``REPEAT_WINDOW`` kept lines, goes (the window keeps a page of thousands of lines linear;
    real articles hold a few dozen); so does a copy of a line dropped as a caption, whole or cut."""
    exact: set[str] = set()
    captions: deque[str] = deque(maxlen=REPEAT_WINDOW)
    seen: deque[tuple[str, set[str]]] = deque(maxlen=REPEAT_WINDOW)
    for i, s in enumerate(lines):
        fuzzy = bool(_CAPTION_DATE.search(s) or is_credit(s))  # captions reword a body sentence
        if reason[i] == "caption":
            captions.append(s.lower())
        if not s or reason[i] is not None:
            continue
        low = s.lower()
        if any(low == c or len(low) >= 30 and low in c for c in captions):  # a caption shown again, or cut (d09)
            reason[i] = "caption"
            continue
        if low in exact:
            reason[i] = "repeat"
            continue
        toks = {w.lower() for w in words(s)}
        for prev, prev_toks in seen:
            if low == prev or (len(low) >= 30 and low in prev):
                reason[i] = "repeat"
                break
            if fuzzy and len(toks) >= 8 and len(toks & prev_toks) / len(toks) >= 0.8:
                reason[i] = "repeat"
                break
        if reason[i] is None:
            seen.append((low, toks))
            exact.add(low)
