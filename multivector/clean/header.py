"""Metadata lines at the head of a text scrape: title, byline, date, views,
categories. They are read into metadata and kept out of the body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from multivector.clean.cues import cues
from multivector.text.dates import find_dates

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…»”\"]\s*$")
_BYLINE = re.compile(r"^\s*(?:by|author|text|автор|текст)\s*:?\s+(?P<name>.+?)\s*$", re.IGNORECASE)
_NAME_TOKEN = re.compile(r"^[^\W\d_][^\W\d_'’]*(?:-[^\W\d_]+)?\.?$")
_DATE_LABEL = re.compile(r"^\s*(?:published|posted|updated|date|опубликовано|дата)\s*:?\s*", re.IGNORECASE)
_DATE_NOISE = re.compile(r"\d{1,2}:\d\d|\(.*?\)|[|,.:\-–—/]|\b(?:msk|utc|gmt|am|pm|г)\b", re.I)
_NOT_NAMES = {"home", "views", "news", "tags", "author", "column", "politics", "policy",
              "opinion", "opinions", "analysis", "world", "economy", "the", "and", "of"}
GENERIC_AUTHORS = {"admin", "administrator", "editor", "editors", "editorial", "staff",
                   "redaction", "редакция", "newsroom", "editorial staff", "editorial team"}


@dataclass(slots=True)
class Header:
    title_candidates: list[str] = field(default_factory=list)  # best first
    author: str | None = None
    published: str | None = None
    body_start: int = 0
    lines: list[str] = field(default_factory=list)  # the header lines, all kept out of the body

    @property
    def title(self) -> str | None:
        return self.title_candidates[0] if self.title_candidates else None


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
    if all(_NAME_TOKEN.match(t) and t[0].isupper() for t in tokens):
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
    leftover = _DATE_NOISE.sub(" ", leftover)
    return found[0].iso if len(words(leftover)) <= 3 else None


def read_header(lines: list[str]) -> Header:
    """Find the header zone (lines before the first prose line) and read it.

    Title candidates are headline-like lines; the one standing right before the
    byline or dateline comes first (site names and taglines stand higher up)."""
    header = Header()
    header.body_start = next((i for i, line in enumerate(lines) if is_body_line(line)), len(lines))
    if header.body_start == len(lines):  # a short item: the body starts after its dateline or byline
        meta = [i for i, line in enumerate(lines) if date_line(line.strip()) or _BYLINE.match(line)]
        if meta and any(len(words(line)) >= 5 for line in lines[meta[-1] + 1:]):
            header.body_start = meta[-1] + 1
    header.lines = [raw.strip() for raw in lines[: header.body_start] if raw.strip()]
    dated = [i for i, line in enumerate(header.lines) if date_line(line)]
    roles: list[tuple[str, str]] = []
    for index, line in enumerate(header.lines):
        near_date = any(abs(index - d) <= 2 for d in dated)
        roles.append((_role(header, line, near_date), line))
    before_meta = [line for (role, line), (nxt, _) in pairwise(roles)
                   if role == "candidate" and nxt in ("date", "byline")]
    others = [line for role, line in roles if role == "candidate" and line not in before_meta]
    header.title_candidates = list(dict.fromkeys(before_meta + others))
    return header


def _role(header: Header, line: str, near_date: bool) -> str:
    """date, byline, candidate (for the title) or other. A bare name counts as a
    byline only next to the dateline; elsewhere it may be a short headline."""
    if header.published is None and (found := date_line(line)):
        header.published = found
        return "date"
    byline = _BYLINE.match(line)
    name = person_name(line)
    if byline or (name and near_date and not line.isupper()):
        if header.author is None and name and name.lower() not in GENERIC_AUTHORS and not _is_outlet(name):
            header.author = name
        return "byline" if byline or name else "other"
    if cues().match(line) or line.isupper():
        return "other"
    if len(words(line)) >= 3 and not _SENTENCE_END.search(line.rstrip("?!")):
        return "candidate"
    return "other"


def _is_outlet(name: str) -> bool:
    from multivector.clean.outlets import outlets

    return outlets().canonical(name) is not None
