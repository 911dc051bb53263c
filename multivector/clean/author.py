"""The page's author as ``trafilatura.metadata.extract_author`` finds it, in one pass.

trafilatura copies the page, prunes comment blocks, dates and figures from the copy,
then tries four XPaths in turn (``//*[...]`` with a dozen attribute tests each, some
calling back into Python for a regular expression): 4 ms a page, a fifth of the whole
extraction. Here one XPath picks the elements that carry any attribute those paths
test, and Python applies their tests to that short list: which elements the pruning
removes, then the first path with a candidate outside them whose text fits. Only a
candidate with pruned elements inside it (its text would change) or a page with a
``<rel>`` element (one test reads a child's text) takes trafilatura's own path.

The tests below are trafilatura 2.3's, word for word; its regular expressions are all
alternations of plain words, some anchored at the start. ``tests/test_html_author.py``
checks the result against trafilatura's on every ../shared page and on made-up
attributes, and fails when trafilatura's paths change (a hash of their text)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml.etree import XPath
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import extract_author as trafilatura_author
from trafilatura.utils import trim

LEN_LIMIT = 120  # what trafilatura's extract_author passes to extract_metainfo
_MARKED = XPath("//*[@class or @id or @rel or @itemprop or @data-testid or @data-component "
                "or self::author or self::time or self::figure]")
_REL = XPath("boolean(//rel)")


class _Attributes:
    __slots__ = ("tag", "cls", "id", "itemprop", "component")

    def __init__(self, element: Any) -> None:
        get = element.get
        self.tag: str = element.tag
        self.cls: str = get("class") or ""
        self.id: str = get("id") or ""
        self.itemprop: str = get("itemprop") or ""
        self.component: str = get("data-component") or ""


def _words(*words: str) -> Callable[[str], Any]:
    """A test for any of ``words`` inside a value (one regex search: faster than a loop)."""
    return re.compile("|".join(map(re.escape, words))).search


_PRUNED_ID = _words("commentlist", "comment-list", "ProductReviews")
_PRUNED_CLASS = _words("commentlist", "comments-list", "sidebar", "is-hidden", "quote", "embedly-instagram",
                       "article-share", "article-support", "print", "category", "meta-date", "meta-reviewer")
_SPECIFIC_CLASS = _words("authorname", "author-name", "AuthorName", "authorName")
_GENERIC_ID = _words("author", "zuozhe", "bianji", "xiaobian")
_GENERIC_CLASS = _words("author", "channel-name", "zuozhe", "bianji", "xiaobian", "submitted-by", "posted-by",
                        "journalist-name")
_LAST_ID = _words("Author", "author")
_LAST_CLASS = _words("Author", "author", "screenname", "writer", "Byline", "byline")


def _pruned_block(a: _Attributes) -> bool:
    """The first of trafilatura's AUTHOR_DISCARD_XPATHS (comment blocks, titles, dates ...)."""
    return a.tag in ("a", "div", "section", "span") and (
        a.id == "comments" or a.cls in ("comments", "title", "date")
        or a.id.startswith("comments") or _PRUNED_ID(a.id) is not None
        or a.cls.startswith(("Comments", "comments")) or _PRUNED_CLASS(a.cls) is not None
        or "Figure" in a.component)


def _specific(a: _Attributes, element: Any) -> bool:
    if a.tag == "author":
        return True
    get = element.get
    return a.tag in ("a", "address", "div", "link", "p", "span", "strong") and (
        get("rel") == "author" or a.id == "author" or a.cls == "author" or a.itemprop == "author name"
        or get("data-testid") in ("AuthorCard", "AuthorURL")
        or _SPECIFIC_CLASS(a.cls) is not None)


def _generic(a: _Attributes, element: Any) -> bool:
    return a.tag in ("a", "div", "h3", "h4", "p", "span") and (
        a.cls in ("byline", "username", "byl", "BBL") or "author" in a.itemprop
        or _GENERIC_ID(a.id) is not None or _GENERIC_CLASS(a.cls) is not None)


def _last_resort(a: _Attributes, element: Any) -> bool:
    return ("Byline" in a.component or "author" in a.itemprop or _LAST_ID(a.id) is not None
            or _LAST_CLASS(a.cls) is not None)


_PATHS = (_specific, _generic, _last_resort)  # trafilatura's AUTHOR_XPATHS, in its order


def extract_author(tree: Any) -> str | None:
    """What ``trafilatura.metadata.extract_author(tree)`` gives."""
    if _REL(tree):
        return trafilatura_author(tree)
    marked = [(element, _Attributes(element)) for element in _MARKED(tree)]
    pruned = {element for element, a in marked if _pruned_block(a)}
    pruned |= {element for element, a in marked if a.tag in ("time", "figure") and not _inside(element, pruned)}
    for test in _PATHS:
        for element, a in marked:
            if not test(a, element) or element in pruned or _inside(element, pruned):
                continue
            if any(inner in pruned for inner in element.iterdescendants()):
                return trafilatura_author(tree)  # its text would lose the pruned parts: trafilatura's way
            content = trim(" ".join(element.itertext()))
            if content and 2 < len(content) < LEN_LIMIT:
                return normalize_authors(None, content)
    return None


def _inside(element: Any, pruned: set[Any]) -> bool:
    return any(parent in pruned for parent in element.iterancestors())
