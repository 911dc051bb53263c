"""HTML pages: main text by trafilatura (comments off, no guessed dates, no
fallback extractors), then the project's own line clean-up on top.

``fast=True`` skips trafilatura's second opinion from its readability and jusText
ports. With the line clean-up after it, that is both quicker (about 1.3x on the
bench's pages) and no worse: body F1 on ../shared/data/extraction is 0.962 without
the fallbacks, 0.961 with them (plain trafilatura: 0.953). The page is parsed once;
its metadata comes from trafilatura's own field extractors (``page_metadata``),
without the categories, tags and licence we never keep: 1.6 ms less per page, the
same fields on the 816 pages of the bench corpus and ../shared. The author search is
trafilatura's, done in one pass (``clean.author``), and the parser picks element
classes in C (``load_html``): 2 ms less per page, the same text and fields on 2,221
pages (tests/test_html_author.py)."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from html import unescape
from typing import Any

import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree
from trafilatura.metadata import META_URL as _META_URL
from trafilatura.metadata import (
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.utils import repair_faulty_html

from multivector.clean import xpaths
from multivector.clean.author import extract_author
from multivector.clean.header import GENERIC_AUTHORS
from multivector.clean.lines import drop_chrome, normalise_line
from multivector.model import Extracted
from multivector.text.dates import normalise_iso

CLEANER = "clean.html.v1"

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def _parser() -> lxml.html.HTMLParser:
    """trafilatura's HTML parser settings, with lxml's element classes chosen in C.
    lxml.html picks each element's Python class (forms, inputs ...) by calling a Python
    method whenever lxml hands an element to Python, millions of times a corpus; the
    extraction uses nothing those classes add, so every element is a plain HtmlElement
    (the same text and metadata on every page of the bench corpus and ../shared)."""
    parser = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                                  remove_comments=True, remove_pis=True)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity))
    return parser


PARSER = _parser()


def load_html(html: str, xml_safe: bool = False) -> Any:
    """The page's tree, or None when it is not HTML: ``trafilatura.utils.load_html``'s
    steps for a decoded page (repair; parse; parse the UTF-8 bytes when lxml refuses
    the string or finds nothing in it; refuse one lone element that never says
    "html") with the parser above. ``xml_safe``: the page is known to hold no control
    character (see ``repair``)."""
    beginning = html[:50].lower()
    html = repair(html, beginning, xml_safe)
    tried_bytes = False
    try:
        tree = lxml.html.fromstring(html, parser=PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported"
        tree, tried_bytes = _from_bytes(html), True
    except Exception:  # noqa: BLE001 - any lxml failure: the bytes are tried next, as trafilatura does
        tree = None
    if (tree is None or len(tree) < 1) and not tried_bytes:
        tree = _from_bytes(html)
    if tree is not None and "html" not in beginning and len(tree) < 2:
        return None
    return tree


_SLASH_CLOSE = re.compile(r"\s*/>")


def repair(html: str, beginning: str, xml_safe: bool = False) -> str:
    """``trafilatura.utils.repair_faulty_html``: it deletes the characters XML forbids
    from the whole page (a regex over every character: 0.5 ms a page), then mends a
    DOCTYPE with a slash on the first line and a self-closing ``<html .../>`` found in
    the first four lines (the first match in the page, which then lies in them). When
    the page is known to hold no control character (counted on its bytes while
    decoding) and has no U+FFFE or U+FFFF, nothing past those four lines can change:
    only they go through it, unless what follows them could close a ``<html`` begun
    in them (whitespace, then "/>")."""
    if not xml_safe or "\ufffe" in html or "\uffff" in html:
        return str(repair_faulty_html(html, beginning))
    cut = _after_line_four(html)
    if cut == len(html) or _SLASH_CLOSE.match(html, cut):
        return str(repair_faulty_html(html, beginning))
    return str(repair_faulty_html(html[:cut], beginning)) + html[cut:]


def _after_line_four(html: str) -> int:
    """Just past the fourth newline; the page's end if it has fewer."""
    end = -1
    for _ in range(4):
        end = html.find("\n", end + 1)
        if end < 0:
            return len(html)
    return end + 1


def _from_bytes(html: str) -> Any:
    try:
        return lxml.html.fromstring(html.encode("utf8", "surrogatepass"), parser=PARSER)
    except Exception:  # noqa: BLE001 - lxml's parse errors: no tree
        return None


def trafilatura_document(html: str, url: str | None = None, xml_safe: bool = False) -> Any:
    """The main text by trafilatura, with the metadata fields we keep (title, author,
    date, URL, site name) read by trafilatura's own extractors, in the order its
    ``extract_metadata`` runs them, but without the categories, tags and licence it
    also looks for (a tenth of the extraction time, and we keep none of them).
    trafilatura's costliest XPaths run as ``clean.xpaths``' stand-ins: the same
    elements, a fifth of the time."""
    _fast_xpaths()
    tree = load_html(html, xml_safe)
    if tree is None:
        return None
    meta = page_metadata(tree, url)
    document: Any = trafilatura.bare_extraction(
        tree, url=url, fast=True, include_comments=False, include_tables=True, with_metadata=False,
        deduplicate=False,
    )
    if document is not None:
        document.title, document.author, document.date = meta.title, meta.author, meta.date
        document.url, document.sitename = meta.url, meta.sitename
    return document


@lru_cache(maxsize=1)
def _fast_xpaths() -> list[str]:
    return xpaths.install()


def page_metadata(tree: Any, url: str | None) -> Any:
    """trafilatura's ``extract_metadata`` for title, author, URL, date and site name."""
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    try:
        meta = extract_meta_json(tree, meta)
    except Exception:  # noqa: BLE001 - trafilatura guards its JSON-LD reader the same way
        pass
    meta.title = meta.title or extract_title(tree)
    meta.author = meta.author or extract_author(tree)
    meta.url = meta.url or extract_url(tree, url)
    # htmldate: publication date only, from the page's own markup; no guess from the
    # copyright year, the crawl time or a loose number in the text
    meta.date = find_date(tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%d", url=meta.url)
    meta.sitename = meta.sitename or extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url and (found := _META_URL.match(meta.url)):
        meta.sitename = found[1]
    meta.clean_and_trim()
    return meta


def _clean_author(value: str | None) -> str | None:
    if not value:
        return None
    names = [n.strip() for n in value.split(";") if n.strip().lower() not in GENERIC_AUTHORS]
    return "; ".join(n for n in names if n) or None


_TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.DOTALL | re.IGNORECASE)


@lru_cache(maxsize=2)  # asked for by the byline and the outlet cues of the same page
def visible_text(html: str) -> str:
    """The page's text with every tag, script and style cut out, entities decoded."""
    return unescape(_TAGS.sub(" ", html))


_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TITLE_SEPARATOR = re.compile(r"\s+[|•·–—-]\s+")
_BY = re.compile(r"\bBy ([A-Z][a-z'’-]+(?: [A-Z]\.)?(?: [A-Z][a-z'’-]+){1,2})\b")


def title_suffix(html: str) -> str | None:
    """The site name a <title> ends with ("Headline | Outlet"), if short."""
    match = _TITLE_TAG.search(html[:20000])
    if not match:
        return None
    parts = _TITLE_SEPARATOR.split(unescape(match.group(1)).strip())
    return parts[-1].strip() if len(parts) > 1 and len(parts[-1].split()) <= 5 else None


def byline_before(visible: str, first_line: str) -> str | None:
    """A "By Firstname Lastname" standing above the article body."""
    end = visible.find(first_line[:40]) if first_line else -1
    match = _BY.search(visible[: end if end > 0 else 3000])
    return match.group(1) if match else None


def extract_html(html: str, url: str | None = None, xml_safe: bool = False) -> Extracted:
    """The page's main text, cleaned, and its metadata. ``xml_safe``: the page is known
    to hold no control character (a faster repair, the same result)."""
    document = trafilatura_document(html, url, xml_safe)
    if document is None or not (document.text or "").strip():
        return Extracted(lines=[])
    title = normalise_line(unescape(document.title or "")) or None
    lines = document.text.split("\n")
    if title and lines and normalise_line(lines[0]).casefold() == title.casefold():
        lines = lines[1:]  # the headline repeated at the top of the body
    body, dropped = drop_chrome(lines)
    first = next((line for line in body if line), "")
    extracted = Extracted(
        lines=body,
        title=title,
        author=_clean_author(document.author) or _clean_author(byline_before(visible_text(html), first)),
        published=normalise_iso(document.date),
        url=document.url or url,
        sitename=document.sitename or title_suffix(html),
    )
    extracted.dropped = [d[0] for d in dropped]
    return extracted
