"""Plain dataclasses passed between stages.

Nothing here holds a spaCy ``Doc`` or a stanza ``Document``: whatever crosses a
stage (or a process) boundary is plain data, so results pickle cheaply and
stages can be tested in isolation.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawArticle:
    """One article as read from disk, before cleaning."""

    article_id: str
    source: str
    text: str = ""
    encoding: str = ""
    sha256: str = ""
    title: str | None = None  # given by the input (JSONL), not guessed
    published: str | None = None  # given by the input (JSONL, or an HTML page's date metadata)
    url: str | None = None
    fetched: str | None = None  # when the page was scraped, given by the input (JSONL scraped_at / retrieved)
    fetched_field: str | None = None  # which of those two fields gave ``fetched``
    error: str | None = None  # set when the article could not be read


@dataclass
class Line:
    """One raw line with the cleaning decision taken on it."""

    text: str
    keep: bool
    reason: str = ""  # which rule dropped (or kept) it, for review


@dataclass
class CleanArticle:
    """The clean text and what cleaning learnt about the page's structure."""

    text: str
    title: str | None
    lines: list[Line]
    header_dates: list[str] = field(default_factory=list)  # dropped date lines above the body
    dateline: str | None = None


@dataclass(frozen=True)
class Page:
    """What the cleaning rules found on a page: its lines, each line's drop reason, the headline and the body start."""

    lines: list[str]
    reason: list[str | None]
    title: int | None
    body: int | None


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str  # PERSON / ORG / COUNTRY / LOCATION
    entity_id: str = ""


@dataclass
class Entity:
    entity_id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    code: str | None = None
    title: str | None = None
    role: str | None = None
    org: str | None = None
    country: str | None = None
    n_mentions: int = 0


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    value: str
    granularity: str  # day / month / year
    year_inferred: bool = False


@dataclass
class Party:
    name: str
    entity_id: str | None = None
    country: str | None = None


@dataclass
class Agreement:
    agreement_id: str
    type: str
    status: str
    date: str | None
    title: str | None
    evidence: str
    start: int
    end: int
    parties: list[Party] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # every state involved, parties' or not


@dataclass
class ArticleResult:
    """Everything the pipeline produced for one article."""

    article_id: str
    source: str
    sha256: str
    status: str = "ok"
    error: str | None = None
    clean: CleanArticle | None = None
    title: str | None = None  # the input's own title, which wins over the clean text's headline
    published: str | None = None
    reference_date: str | None = None  # what dates without a year resolve against (SPEC 4), YYYY-MM-DD
    reference_source: str | None = None  # where reference_date came from: see batch.reference
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    safe_id: bool = True  # article_id may be used as a file name
