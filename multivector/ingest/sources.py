"""Find inputs on disk and read them into RawInput units, one per article.

A file is one unit (.html/.htm/.txt, optionally .gz); a .jsonl file gives one
unit per non-blank line; a .warc/.warc.gz gives one unit per response or
resource record. Whatever cannot be read becomes a Failure with a coded reason,
so every input is accounted for.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from multivector.errors import BrokenContainer, InputError, TooLarge
from multivector.model import Failure, RawInput

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
JSONL_TEXT_KEYS = ("text", "content", "body", "maintext")
JSONL_HTML_KEYS = ("html", "raw_html")
JSONL_HINT_KEYS = {
    "url": ("url", "link", "source_url"),
    "title": ("title", "headline"),
    "published": ("published", "date", "date_publish", "publish_date", "pubdate"),
    "outlet": ("outlet", "source", "media", "site", "sitename", "domain"),
    "author": ("author", "authors", "byline"),
}


def walk(paths: list[str]) -> Iterator[Path]:
    """Every file under ``paths`` in a stable order; missing paths raise FileNotFoundError."""
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            yield path
        elif path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    yield Path(root) / name
        else:
            raise FileNotFoundError(f"no such file or directory: {raw}")


def kind_of(path: Path) -> tuple[str, bool]:
    """(kind, gzipped) by file name; kind is html, text, jsonl, warc or unknown."""
    name = path.name.lower()
    gzipped = name.endswith(".gz")
    if gzipped:
        name = name[:-3]
    if name.endswith(".warc") or name.endswith(".arc"):
        return "warc", gzipped
    suffix = Path(name).suffix
    if suffix in HTML_SUFFIXES:
        return "html", gzipped
    if suffix in TEXT_SUFFIXES:
        return "text", gzipped
    if suffix in JSONL_SUFFIXES:
        return "jsonl", gzipped
    if suffix == "":
        return "sniff", gzipped
    return "unknown", gzipped


def _read_limited(path: Path, gzipped: bool, max_bytes: int) -> bytes:
    if not gzipped:
        size = path.stat().st_size
        if size > max_bytes:
            raise TooLarge(f"{size:,} bytes is over the limit of {max_bytes:,}; raise --max-bytes")
        return path.read_bytes()
    try:
        with gzip.open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except (EOFError, OSError, zlib.error) as error:
        raise BrokenContainer(f"gzip stream is truncated or corrupt ({error})") from error
    if len(data) > max_bytes:
        raise TooLarge(f"decompressed size is over the limit of {max_bytes:,}; raise --max-bytes")
    return data


def sniff(data: bytes) -> str:
    head = data[:2048].lstrip().lower()
    return "html" if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head else "text"


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawInput | Failure]:
    """All units of one file, or Failures for what cannot be read."""
    source = str(path)
    kind, gzipped = kind_of(path)
    try:
        if kind == "unknown":
            yield Failure(source, "", "E107", f"unsupported file type {path.suffix!r}")
        elif kind == "jsonl":
            yield from _read_jsonl(path, gzipped, max_bytes)
        elif kind == "warc":
            yield from _read_warc(path, gzipped, max_bytes)
        else:
            data = _read_limited(path, gzipped, max_bytes)
            yield RawInput(source, "", sniff(data) if kind == "sniff" else kind, data)
    except InputError as error:
        yield Failure(source, "", error.code, str(error))
    except OSError as error:
        yield Failure(source, "", "E108", f"cannot read the file: {error}")


def _open_lines(path: Path, gzipped: bool) -> Iterator[bytes]:
    opener: Any = gzip.open if gzipped else open
    try:
        with opener(path, "rb") as handle:
            yield from handle
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BrokenContainer(f"gzip stream is truncated or corrupt ({error})") from error


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if isinstance(value, (str, int, float)) and str(value).strip():
            return str(value).strip()
    return None


def jsonl_unit(source: str, number: int, line: bytes, max_bytes: int) -> RawInput | Failure:
    """One JSONL line as a RawInput, or a Failure saying what is wrong with it."""
    locator = f"line:{number}"
    if len(line) > max_bytes:
        return Failure(source, locator, "E103", f"line of {len(line):,} bytes is over the limit")
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return Failure(source, locator, "E104", f"not valid JSON: {error}")
    if not isinstance(record, dict):
        return Failure(source, locator, "E104", "a JSONL line must hold an object")
    hints = {name: value for name, keys in JSONL_HINT_KEYS.items()
             if (value := _first(record, keys)) is not None}
    html = _first(record, JSONL_HTML_KEYS)
    text = _first(record, JSONL_TEXT_KEYS)
    if html is None and text is None:
        return Failure(source, locator, "E101", "the object has neither 'text' nor 'html'")
    kind, body = ("html", html) if html is not None else ("text", text or "")
    hints = {name: _scrub(value) for name, value in hints.items()}
    return RawInput(source, locator, kind, body.encode("utf-8", errors="replace"), hints)


def _scrub(value: str) -> str:
    """Drop what UTF-8 cannot carry (a lone surrogate from a cut emoji)."""
    return value.encode("utf-8", errors="replace").decode("utf-8")


def _read_jsonl(path: Path, gzipped: bool, max_bytes: int) -> Iterator[RawInput | Failure]:
    units = 0
    for number, line in enumerate(_open_lines(path, gzipped), start=1):
        if line.strip():
            units += 1
            yield jsonl_unit(str(path), number, line, max_bytes)
    if units == 0:
        yield Failure(str(path), "", "E101", "the JSONL file holds no article (empty or blank lines only)")


def _read_warc(path: Path, gzipped: bool, max_bytes: int) -> Iterator[RawInput | Failure]:
    """One unit per response/resource record, located as ``record:N`` (1-based
    among all records). The gzip layer is Python's own, so a truncated archive
    raises instead of ending early without a word."""
    from warcio.archiveiterator import ArchiveIterator

    source = str(path)
    count = number = 0
    opener: Any = gzip.open if gzipped else open
    try:
        with opener(path, "rb") as handle:
            records = ArchiveIterator(handle, arc2warc=path.name.lower().endswith((".arc", ".arc.gz")))
            for number, record in enumerate(records, start=1):
                if record.rec_type in ("response", "resource"):
                    count += 1
                    yield _warc_unit(source, f"record:{number}", record, max_bytes)
            handle.read()  # warcio stops quietly at a cut; reading on makes gzip say so
    except Exception as error:  # warcio and gzip raise many kinds on a broken archive
        yield Failure(source, f"record:{number + 1}", "E104", f"WARC archive is broken here: {error}")
        return
    if count == 0:
        yield Failure(source, "", "E101", "the WARC file holds no response or resource record")


def _warc_unit(source: str, locator: str, record: Any, max_bytes: int) -> RawInput | Failure:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    ctype = headers.get_header("Content-Type") or ""
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return Failure(source, locator, "E103", f"record over the limit of {max_bytes:,} bytes")
    if ctype and not any(t in ctype.lower() for t in ("html", "text/plain", "xml")):
        return Failure(source, locator, "E107", f"not an article: content type {ctype}")
    kind = "text" if "text/plain" in ctype.lower() else "html"
    hints = {"url": url} if url else {}
    return RawInput(source, locator, kind, data, hints)
