"""HTML pages: main text by trafilatura (comments off, no guessed dates), then
the project's own line clean-up on top."""

from __future__ import annotations

import logging
from typing import Any

import trafilatura

from multivector.clean.header import GENERIC_AUTHORS
from multivector.clean.lines import drop_chrome
from multivector.model import Extracted
from multivector.text.dates import normalise_iso

CLEANER = "clean.html.v1"
# htmldate: publication date only, from the page's own markup; no guess from the
# copyright year, the crawl time or a loose number in the text.
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def trafilatura_document(html: str, url: str | None = None) -> Any:
    return trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=True, with_metadata=True,
        date_extraction_params=_DATE_PARAMS, deduplicate=False,
    )


def _clean_author(value: str | None) -> str | None:
    if not value:
        return None
    names = [n.strip() for n in value.split(";") if n.strip().lower() not in GENERIC_AUTHORS]
    return "; ".join(n for n in names if n) or None


def extract_html(html: str, url: str | None = None) -> Extracted:
    document = trafilatura_document(html, url)
    if document is None or not (document.text or "").strip():
        return Extracted(lines=[])
    body, dropped = drop_chrome(document.text.split("\n"))
    extracted = Extracted(
        lines=body,
        title=(document.title or "").strip() or None,
        author=_clean_author(document.author),
        published=normalise_iso(document.date),
        url=document.url or url,
        sitename=document.sitename,
    )
    extracted.dropped = [d[0] for d in dropped]
    return extracted
