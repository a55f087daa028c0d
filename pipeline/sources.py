"""Read articles from .txt (and .md), .html/.htm and .jsonl files (SPEC section 1).

Every problem with one article becomes that article's ``error``; reading never
raises for bad input, so a batch always goes on.
"""
from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from .model import RawArticle
from .repair import repair

MAX_BYTES = 5 * 1024 * 1024  # far above any news article; guards memory and time
MIN_HTML_WORDS = 10  # an extraction shorter than this is navigation, not an article
SUFFIXES = {".txt", ".md", ".html", ".htm", ".jsonl"}  # .md: a reader service's Markdown, read as text
FETCHED_FIELDS = ("scraped_at", "retrieved")  # JSONL fields saying when a page was fetched, preferred first
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,200}")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # before UTF-16: FF FE opens both
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_JSON_TYPES = {bool: "boolean", int: "number", float: "number", dict: "object", list: "array"}


def is_safe_id(article_id: str) -> bool:
    """True when ``article_id`` can name a file under the output folder (a full match: no final newline)."""
    return bool(_SAFE_ID.fullmatch(article_id)) and set(article_id) != {"."}


def writable(value: str) -> str:
    """``value`` with lone surrogates (an undecodable file name, a JSON escape) and NUL escaped as backslash
    sequences: UTF-8 cannot hold the first, CSV drops the second while Parquet keeps it."""
    return value.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=1)
def _not_text() -> re.Pattern[str]:
    """Control (but tab, newline, form feed, CR), private-use and unassigned characters: what random bytes
    decode to in any encoding, and never the bulk of an article."""
    bad = [c for c in range(0x10000) if chr(c) not in "\t\n\r\f"
           and unicodedata.category(chr(c)) in ("Cc", "Co", "Cn")]
    ranges, start = [], bad[0]
    for prev, cur in zip(bad, bad[1:] + [-1]):
        if cur != prev + 1:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(prev))}")
            start = cur
    return re.compile("[" + "".join(ranges) + "\U000F0000-\U0010FFFF]")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-32 or UTF-16 with a BOM, else UTF-8 (BOM or not), else cp1252, else latin-1.

    Raises ValueError for content that is not text at all (NUL bytes, or more than 5% control, private-use
    or unassigned characters), which every one of these codecs would happily decode.
    """
    text, encoding = _decode(data)
    if text and len(_not_text().findall(text)) / len(text) > 0.05:
        raise ValueError("binary content (control or unassigned characters), not text")
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ValueError(f"broken {encoding.upper()} text ({exc.reason})") from None
    if b"\x00" in data:
        raise ValueError("binary content (NUL bytes), not text")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if encoding == "utf-8-sig":
        encoding = "utf-8-bom" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    return text, encoding


def html_article(html: str) -> tuple[str, str | None]:
    """Main text of a saved page, headline first, and its publication date (YYYY-MM-DD) from the page's
    metadata, through trafilatura. Its date search stays in fast mode, which reads meta tags
    (article:published_time and the like), JSON-LD, time elements and the URL but, unlike the extensive
    mode, does not guess a date from the article's own text (the text's date is the pipeline's job)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_recall=True, with_metadata=False) or ""
    meta = trafilatura.extract_metadata(html, extensive=False)
    title = meta.title if meta is not None and meta.title else None
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}" if text else title
    return text, meta.date if meta is not None and meta.date else None


def _check_text(text: str) -> str | None:
    if not text.strip():
        return "empty article: no text"
    return None


class NotRegularFile(OSError):
    """A device, FIFO or socket where a file was expected: reading it could hang or never end."""


def _open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading if it is a regular file. Opened without blocking, so a FIFO
    with no writer cannot hang the run before its type is known."""
    fh = os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb")
    mode = os.fstat(fh.fileno()).st_mode
    if not stat.S_ISREG(mode):
        fh.close()
        kind = {stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
                stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}.get(stat.S_IFMT(mode), "not a file")
        raise NotRegularFile(f"{kind}, not a regular file")
    return fh


def _cannot_read(exc: OSError) -> str:
    return str(exc) if isinstance(exc, NotRegularFile) else f"cannot read file: {exc.strerror or exc}"


def _too_big(what: str, size: int) -> str:
    return f"{what} is {size / 2**20:.1f} MB, over the {MAX_BYTES // 2**20} MB limit for one article"


def read_file(path: Path) -> Iterator[RawArticle]:
    """Yield the article(s) in one file; unreadable input yields an error article."""
    source = str(path)
    stem = path.stem
    if path.suffix.lower() == ".jsonl":
        yield from _read_jsonl(path)
        return
    try:
        with _open_regular(path) as fh:
            size = os.fstat(fh.fileno()).st_size
            data = fh.read(MAX_BYTES + 1)  # the limit holds while reading: the file may grow meanwhile
    except OSError as exc:
        yield RawArticle(stem, source, error=f"{path.name}: {_cannot_read(exc)}")
        return
    if len(data) > MAX_BYTES:
        yield RawArticle(stem, source, error=f"{path.name}: {_too_big('file', max(size, len(data)))}")
        return
    digest = sha256(data)
    try:
        text, encoding = decode(data)
    except ValueError as exc:
        yield RawArticle(stem, source, sha256=digest, error=f"{path.name}: {exc}")
        return
    published = None
    if path.suffix.lower() in (".html", ".htm"):
        text, published = html_article(text)
        if len(text.split()) < MIN_HTML_WORDS:
            yield RawArticle(stem, source, sha256=digest, encoding=encoding,
                             error=f"{path.name}: no article text found in the HTML page")
            return
    text = repair(text)
    problem = _check_text(text)
    yield RawArticle(stem, source, text=text, encoding=encoding, sha256=digest, published=published,
                     error=f"{path.name}: {problem}" if problem else None)


def _read_jsonl(path: Path) -> Iterator[RawArticle]:
    """One article per line, streamed: the size limit is per record, so a file may hold any number."""
    try:
        with _open_regular(path) as fh:
            yield from _jsonl_records(path, _bounded_lines(fh))
    except OSError as exc:
        yield RawArticle(path.stem, str(path), error=f"{path.name}: {_cannot_read(exc)}")


def _bounded_lines(fh: BinaryIO) -> Iterator[tuple[bytes, int]]:
    """(line, its full size): a line over the limit is cut at MAX_BYTES + 1 and the rest skipped
    chunk by chunk, so a file without newlines (or /dev/zero) never fills memory."""
    while line := fh.readline(MAX_BYTES + 1):
        size, tail = len(line), line
        while size > MAX_BYTES and not tail.endswith(b"\n") and (tail := fh.readline(2**20)):
            size += len(tail)
        yield line, size


def _jsonl_records(path: Path, lines: Iterator[tuple[bytes, int]]) -> Iterator[RawArticle]:
    for lineno, (raw, size) in enumerate(lines, 1):
        raw = raw.rstrip(b"\r\n")
        if not raw.strip():
            continue
        source = f"{path}:{lineno}"
        fallback_id = f"{path.stem}-line{lineno}"
        where = f"{path.name} line {lineno}"
        if len(raw) > MAX_BYTES:
            yield RawArticle(fallback_id, source, error=f"{where}: {_too_big('record', size)}")
            continue
        digest = sha256(raw)
        try:
            line, encoding = decode(raw)
        except ValueError as exc:
            yield RawArticle(fallback_id, source, sha256=digest, error=f"{where}: {exc}")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RawArticle(fallback_id, source, sha256=digest, error=f"{where}: invalid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            yield RawArticle(fallback_id, source, sha256=digest, error=f"{where}: a record must be a JSON object")
            continue
        article = _record_article(record, fallback_id, source)
        article.sha256, article.encoding = digest, encoding
        article.error = f"{where}: {article.error}" if article.error else None
        yield article


def _record_article(record: dict, fallback_id: str, source: str) -> RawArticle:
    """A JSONL record as an article; a field of the wrong JSON type is the record's error, never its repr."""
    article_id = record.get("id")
    if isinstance(article_id, int) and not isinstance(article_id, bool):
        article_id = str(article_id)
    problems = [] if article_id is None or isinstance(article_id, str) else [_wrong_type("id", article_id)]
    article_id = article_id if isinstance(article_id, str) else fallback_id
    fields = {}
    for key in ("text", "html", "title", "published", "url"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(_wrong_type(key, value))
        fields[key] = value if isinstance(value, str) and value else None
    text = fields["text"] if fields["text"] and fields["text"].strip() else ""
    published = fields["published"]
    if not text and not problems and fields["html"] and fields["html"].strip():
        text, page_date = html_article(fields["html"])
        published = published or page_date
    # optional hints for resolving dates: a value that is not a string is not used (not an error)
    fetched_field = next((key for key in FETCHED_FIELDS if isinstance(record.get(key), str) and record[key]), None)
    text, title = repair(text), fields["title"] and repair(fields["title"])
    return RawArticle(article_id, source, text=text, title=title, published=published,
                      url=fields["url"], fetched=record[fetched_field] if fetched_field else None,
                      fetched_field=fetched_field, error=problems[0] if problems else _check_text(text))


def _wrong_type(key: str, value: object) -> str:
    return f"{key} must be a string, got {_JSON_TYPES.get(type(value), type(value).__name__)}"


def _outside(path: Path, root: Path) -> bool:
    """True when ``path``, links resolved, leaves ``root`` (already resolved)."""
    return not Path(os.path.realpath(path)).is_relative_to(root)


def _walk(folder: Path, follow_links: bool, skip: Path | None) -> Iterator[tuple[Path, str | None]]:
    """(input file, None) and (path, problem) under ``folder``, iteratively (no recursion limit on depth).
    Links leaving the folder are a problem unless ``follow_links``; a folder reached twice is walked once,
    the folder ``skip`` (the run's output, when it lies inside the input) never."""
    root = Path(os.path.realpath(folder))
    seen, stack = {_identity(folder)}, [folder]
    if skip is not None and skip.is_dir():
        seen.add(_identity(skip))
    while stack:
        here = stack.pop()
        try:
            with os.scandir(here) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            if here == folder:
                raise PermissionError(f"cannot read input folder {folder}: {exc.strerror or exc}") from None
            yield here, f"cannot read folder: {exc.strerror or exc}"
            continue
        for entry in entries:
            path = Path(entry.path)
            is_dir = entry.is_dir()
            if not (is_dir or path.suffix.lower() in SUFFIXES):
                continue
            if not follow_links and entry.is_symlink() and _outside(path, root):
                yield path, "link to outside the input folder, not followed (--follow-links reads it)"
            elif is_dir:
                if _identity(entry) not in seen:
                    seen.add(_identity(entry))
                    stack.append(path)
            else:
                yield path, None  # a dangling link too: reading it gives its error row


def _identity(place: Path | os.DirEntry) -> tuple[int, int]:
    """A folder's (device, inode), links followed: one stat, where resolving a deep path costs its depth."""
    st = place.stat()
    return st.st_dev, st.st_ino


def list_inputs(folder: Path, follow_links: bool = False, skip: Path | None = None) -> list[tuple[Path, str | None]]:
    """What :func:`_walk` finds under ``folder`` (or ``folder`` itself if it is not a folder), in a stable order."""
    if not folder.exists() and not folder.is_symlink():
        raise FileNotFoundError(f"input folder {folder} does not exist")
    if not folder.is_dir():
        return [(folder, None)]
    return sorted(_walk(folder, follow_links, skip), key=lambda item: item[0])


def read_folder(folder: Path, follow_links: bool = False, skip: Path | None = None) -> Iterator[RawArticle]:
    """Every article under ``folder`` but the folder ``skip``, made writable; a folder or link that cannot
    be read is an error row."""
    seen: dict[str, str] = {}
    for path, problem in list_inputs(folder, follow_links, skip):
        articles = [RawArticle(str(path), str(path), error=f"{path}: {problem}")] if problem else read_file(path)
        for article in articles:
            yield _checked(_writable(article), seen)


def _writable(article: RawArticle) -> RawArticle:
    for f in fields(article):
        value = getattr(article, f.name)
        if isinstance(value, str):
            setattr(article, f.name, writable(value))
    return article


def _checked(article: RawArticle, seen: dict[str, str]) -> RawArticle:
    """The first article with an id keeps it; a later one becomes an error row under its own key, naming
    its file (and line), so it can never replace or pass for the first."""
    aid = article.article_id
    if aid in seen:
        own = f"; it also has its own problem: {article.error}" if article.error else ""
        article.error = f"{article.source}: duplicate article_id {aid[:80]!r} (first read from {seen[aid]}){own}"
        article.article_id = f"{aid[:200]} (duplicate at {article.source})"
        return article
    seen[aid] = article.source
    if article.error is None and not is_safe_id(aid):
        article.error = (f"{article.source}: unsafe article_id {aid[:80]!r}: "
                         "ids must be 1-200 letters, digits, '.', '_' or '-'")
    return article
