"""Absolute dates written in text: "14.02.2022 09:49", "2023-11-10", "3 March 2023",
"February 14, 2022", "14 февраля 2022 г.", "November 2022".

Only what the text states is read; nothing is guessed. Relative dates
("last Thursday") belong to the event stage, which knows the publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from multivector.resources import load_yaml


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date found in text, with the precision it was written at."""

    start: int
    end: int
    value: dt.date
    precision: str  # "day" | "month" | "year"

    @property
    def iso(self) -> str:
        return self.value.isoformat()


@lru_cache(maxsize=1)
def month_numbers() -> dict[str, int]:
    table: dict[str, int] = {}
    for names_by_month in load_yaml("months.yaml").values():
        for number, names in enumerate(names_by_month, start=1):
            for name in names:
                table[name] = number
    return table


def _month_pattern() -> str:
    names = sorted(month_numbers(), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(n) for n in names) + r")\.?"


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    month = _month_pattern()
    year = r"(?P<y>(?:19|20)\d\d)"
    return [
        (re.compile(rf"\b{year}-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)"), "ymd"),
        (re.compile(rf"\b(?P<d>\d{{1,2}})[./](?P<m>\d{{1,2}})[./]{year}\b"), "dmy"),
        (re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mn>{month})\s*,?\s+{year}", re.IGNORECASE),
         "d_mn_y"),
        (re.compile(rf"\b(?P<mn>{month})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{year}", re.IGNORECASE),
         "mn_d_y"),
        (re.compile(rf"\b(?P<mn>{month})\s+(?:of\s+)?{year}\b", re.IGNORECASE), "mn_y"),
    ]


def _build(match: re.Match[str], shape: str) -> tuple[dt.date, str] | None:
    groups = match.groupdict()
    year = int(groups["y"])
    if groups.get("mn"):
        if groups["mn"] == "may":  # the English modal verb, not the month
            return None
        month = month_numbers().get(groups["mn"].lower().rstrip("."))
    else:
        month = int(groups["m"])
    if month is None:
        return None
    day = int(groups["d"]) if groups.get("d") else 1
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    return value, ("day" if groups.get("d") else "month")


def find_dates(text: str) -> list[DateMention]:
    """Every absolute date in ``text``, left to right, overlaps resolved to the longest."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern, shape in _patterns():
        for match in pattern.finditer(text):
            span = match.span()
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            built = _build(match, shape)
            if built is None:
                continue
            taken.append(span)
            found.append(DateMention(span[0], span[1], built[0], built[1]))
    return sorted(found, key=lambda m: m.start)


def parse_date(text: str) -> str | None:
    """The first day-precise date in ``text`` as ISO, else None."""
    for mention in find_dates(text):
        if mention.precision == "day":
            return mention.iso
    return None


def normalise_iso(value: str | None) -> str | None:
    """Accept an ISO date or timestamp from metadata; return YYYY-MM-DD or None."""
    if not value:
        return None
    match = re.match(r"\s*((?:19|20)\d\d)-(\d\d)-(\d\d)", value)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            return None
    return parse_date(value)
