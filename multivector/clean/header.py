"""Metadata lines at the head of a text scrape: title, byline, date, views,
categories. They are read into metadata and kept out of the body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from multivector.clean.cues import cues
from multivector.text.dates import find_dates

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…»”\"]\s*$")
_BYLINE = re.compile(r"^\s*(?:by|author|text|автор|текст)\s*:?\s+(?P<name>.+?)\s*$", re.I)
_NAME_TOKEN = re.compile(r"^(?:[A-ZА-ЯЁ][a-zа-яёA-ZА-ЯЁ'’]+(?:-[A-ZА-ЯЁ][a-zа-яё'’]+)?|[A-ZА-ЯЁ]\.)$")
_DATE_LABEL = re.compile(r"^\s*(?:published|posted|updated|date|опубликовано|дата)\s*:?\s*", re.I)
_NOT_NAMES = {"home", "views", "news", "tags", "author", "column", "politics", "policy",
              "opinion", "opinions", "analysis", "world", "economy", "the", "and", "of"}
GENERIC_AUTHORS = {"admin", "administrator", "editor", "editors", "editorial", "staff",
                   "redaction", "редакция", "newsroom", "editorial staff", "editorial team"}


@dataclass(slots=True)
class Header:
    title: str | None = None
    author: str | None = None
    published: str | None = None
    body_start: int = 0
    dropped: list[int] = field(default_factory=list)


def words(line: str) -> list[str]:
    return _WORD.findall(line)


def is_body_line(line: str) -> bool:
    """A line that reads as prose: long, or a full sentence of some length."""
    count = len(words(line))
    return count >= 20 or (count >= 10 and bool(_SENTENCE_END.search(line)))


def person_name(line: str) -> str | None:
    """``line`` as a byline name ("Ainur Kurmanov.", "By Jane Doe"), else None."""
    text = line.strip().rstrip(".,;")
    match = _BYLINE.match(text)
    if match:
        text = match.group("name").rstrip(".,;")
    tokens = text.split()
    if not 2 <= len(tokens) <= 4 or any(t.lower() in _NOT_NAMES for t in tokens):
        return None
    if all(_NAME_TOKEN.match(t) for t in tokens):
        return text
    return None


def date_line(line: str) -> str | None:
    """The day-precise date of a short dateline ("14.02.2022 09:49"), else None."""
    if len(line) > 90:
        return None
    rest = _DATE_LABEL.sub("", line)
    found = [m for m in find_dates(rest) if m.precision == "day"]
    if not found:
        return None
    # most of the line must be the date itself, times and time zones aside
    leftover = rest[: found[0].start] + rest[found[0].end:]
    leftover = re.sub(r"\d{1,2}:\d\d|\(.*?\)|[|,.:\-–—]|\b(?:msk|utc|gmt|am|pm|г)\b", " ", leftover, flags=re.I)
    return found[0].iso if len(words(leftover)) <= 3 else None


def read_header(lines: list[str]) -> Header:
    """Find the header zone (lines before the first prose line) and read it."""
    header = Header()
    start = next((i for i, line in enumerate(lines) if is_body_line(line)), len(lines))
    header.body_start = start
    for index in range(start):
        line = lines[index].strip()
        if not line:
            continue
        header.dropped.append(index)
        _read_header_line(header, line)
    return header


def _read_header_line(header: Header, line: str) -> None:
    if header.published is None and (found := date_line(line)):
        header.published = found
        return
    if header.title is not None and line.casefold() == header.title.casefold():
        return
    if cues().match(line):
        byline = _BYLINE.match(line)
        if byline and header.author is None and person_name(line):
            header.author = person_name(line)
        return
    if header.title is None and len(words(line)) >= 3 and not _SENTENCE_END.search(line.rstrip("?!")):
        header.title = line.strip()
        return
    if header.author is None and (name := person_name(line)):
        if name.lower() not in GENERIC_AUTHORS:
            header.author = name
