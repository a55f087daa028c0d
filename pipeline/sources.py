"""Read articles from .txt, .html/.htm and .jsonl files (SPEC section 1).

Every problem with one article becomes that article's ``error``; reading never
raises for bad input, so a batch always goes on.
"""
from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

from .model import RawArticle

MAX_BYTES = 5 * 1024 * 1024  # far above any news article; guards memory and time
MIN_HTML_WORDS = 10  # an extraction shorter than this is navigation, not an article
SUFFIXES = {".txt", ".html", ".htm", ".jsonl"}
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,200}$")


def is_safe_id(article_id: str) -> bool:
    """True when ``article_id`` can name a file under the output folder."""
    return bool(_SAFE_ID.match(article_id)) and set(article_id) != {"."}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-16 with a BOM (Windows "Unicode"), else UTF-8 (BOM or not), else cp1252, else latin-1.

    Raises ValueError for content that is not text at all (NUL bytes or
    mostly control characters), which legacy codecs would happily decode.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ValueError(f"broken UTF-16 text ({exc.reason})") from None
    if b"\x00" in data:
        raise ValueError("binary content (NUL bytes), not text")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if encoding == "utf-8-sig":
        encoding = "utf-8-bom" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    control += sum(1 for ch in text if 0x7F <= ord(ch) < 0xA0)
    if text and control / len(text) > 0.05:
        raise ValueError("binary content (control characters), not text")
    return text, encoding


def html_to_text(html: str) -> str:
    """Main text of a saved page, headline first, through trafilatura."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_recall=True, with_metadata=False) or ""
    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta is not None and meta.title else None
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}" if text else title
    return text


def _check_text(text: str) -> str | None:
    if not text.strip():
        return "empty article: no text"
    return None


def read_file(path: Path) -> Iterator[RawArticle]:
    """Yield the article(s) in one file; unreadable input yields an error article."""
    source = str(path)
    stem = path.stem
    if path.suffix.lower() == ".jsonl":
        yield from _read_jsonl(path)
        return
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield RawArticle(stem, source, error=f"{path.name}: file is {size / 2**20:.1f} MB, over the {MAX_BYTES // 2**20} MB limit for one article")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield RawArticle(stem, source, error=f"{path.name}: cannot read file: {exc.strerror or exc}")
        return
    digest = sha256(data)
    try:
        text, encoding = decode(data)
    except ValueError as exc:
        yield RawArticle(stem, source, sha256=digest, error=f"{path.name}: {exc}")
        return
    if path.suffix.lower() in (".html", ".htm"):
        text = html_to_text(text)
        if len(text.split()) < MIN_HTML_WORDS:
            yield RawArticle(stem, source, sha256=digest, encoding=encoding,
                             error=f"{path.name}: no article text found in the HTML page")
            return
    problem = _check_text(text)
    yield RawArticle(stem, source, text=text, encoding=encoding, sha256=digest,
                     error=f"{path.name}: {problem}" if problem else None)


def _read_jsonl(path: Path) -> Iterator[RawArticle]:
    """One article per line, streamed: the size limit is per record, so a file may hold any number."""
    try:
        with path.open("rb") as fh:
            yield from _jsonl_records(path, fh)
    except OSError as exc:
        yield RawArticle(path.stem, str(path), error=f"{path.name}: cannot read file: {exc.strerror or exc}")


def _jsonl_records(path: Path, lines: Iterator[bytes]) -> Iterator[RawArticle]:
    for lineno, raw in enumerate(lines, 1):
        raw = raw.rstrip(b"\r\n")
        if not raw.strip():
            continue
        source = f"{path}:{lineno}"
        fallback_id = f"{path.stem}-line{lineno}"
        digest = sha256(raw)
        if len(raw) > MAX_BYTES:
            yield RawArticle(fallback_id, source, sha256=digest, error=(
                f"{path.name} line {lineno}: record is {len(raw) / 2**20:.1f} MB, "
                f"over the {MAX_BYTES // 2**20} MB limit for one article"))
            continue
        try:
            line, encoding = decode(raw)
        except ValueError as exc:
            yield RawArticle(fallback_id, source, sha256=digest, error=f"{path.name} line {lineno}: {exc}")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RawArticle(fallback_id, source, sha256=digest,
                             error=f"{path.name} line {lineno}: invalid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            yield RawArticle(fallback_id, source, sha256=digest,
                             error=f"{path.name} line {lineno}: a record must be a JSON object")
            continue
        article_id = record.get("id")
        article_id = fallback_id if article_id is None else str(article_id)
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            html = record.get("html")
            text = html_to_text(html) if isinstance(html, str) and html.strip() else ""
        problem = _check_text(text)
        yield RawArticle(
            article_id, source, text=text, encoding=encoding, sha256=digest,
            title=_opt_str(record.get("title")), published=_opt_str(record.get("published")),
            url=_opt_str(record.get("url")),
            error=f"{path.name} line {lineno}: {problem}" if problem else None,
        )


def _opt_str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def list_inputs(folder: Path) -> list[Path]:
    """Input files under ``folder`` (recursively), in a stable order."""
    if folder.is_file():
        return [folder]
    return sorted(p for p in folder.rglob("*")
                  if (p.is_file() or p.is_symlink()) and p.suffix.lower() in SUFFIXES)  # a dangling link is an error row


def read_folder(folder: Path) -> Iterator[RawArticle]:
    """Every article under ``folder``; ids repeated across files become errors."""
    seen: dict[str, str] = {}
    for path in list_inputs(folder):
        for article in read_file(path):
            if article.article_id in seen and article.error is None:
                article.error = (f"{article.source}: duplicate article_id {article.article_id!r} "
                                 f"(first read from {seen[article.article_id]})")
            seen.setdefault(article.article_id, article.source)
            if article.error is None and not is_safe_id(article.article_id):
                article.error = (f"{article.source}: unsafe article_id {article.article_id[:80]!r}: "
                                 "ids must be 1-200 letters, digits, '.', '_' or '-'")
            yield article
