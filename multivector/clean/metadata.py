"""Final metadata of a document: hints from the input beat what the page says,
which beats what the text implies. Nothing is invented: an unknown date stays
null, with an optional estimate range when the text dates itself."""

from __future__ import annotations

from multivector.text.dates import find_dates, normalise_iso


def pick(*values: str | None) -> str | None:
    return next((v.strip() for v in values if v and v.strip()), None)


def published_estimate(text: str) -> tuple[str | None, str | None]:
    """A lower bound for an undated text: the latest month or day it names.

    A text that names "May 2023" was written in May 2023 or later; the upper
    bound is unknown and stays null."""
    mentions = find_dates(text)
    if not mentions:
        return None, None
    return max(m.value for m in mentions).isoformat(), None


def published_date(hint: str | None, found: str | None) -> str | None:
    return normalise_iso(hint) or found
