"""The one-pass author search and the page loader give what trafilatura's give."""

from __future__ import annotations

import gzip
import hashlib

import pytest
from lxml import etree
from trafilatura.metadata import extract_author as trafilatura_author
from trafilatura.utils import load_html as trafilatura_load
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from multivector.clean import author, html
from tests.conftest import shared_path

# sha1 of the path texts of trafilatura's AUTHOR_DISCARD_XPATHS + AUTHOR_XPATHS that
# multivector.clean.author was written from (trafilatura 2.3)
PATHS_SHA1 = "db9efc26e0c419b12e97be891f10585b9fade1bb"

MADE_UP = [
    '<div class="byline">By Aigerim Sadykova</div>',
    '<span class="author-name">Jan Kowalski</span><p class="byline">Someone Else</p>',
    '<a rel="author" href="/a">Marco Rossi</a>',
    '<div class="comments"><span class="author">Troll Person</span></div><span class="writer">Real Writer</span>',
    '<div id="comments-42"><a class="author">Hidden Name</a></div>',
    '<span class="author">Anna <time>12 May</time> Petrova</span>',
    '<div class="author">By <figure>img</figure> Olga Ivanova</div><p class="byline">Fallback Name</p>',
    '<p data-component="Byline">Ilya Sokolov</p>',
    '<div itemprop="author"><span itemprop="name">Nurlan Abenov</span></div>',
    '<h4 id="zuozhe">Wang Wei</h4>',
    '<span class="AuthorName">X</span><span class="AuthorName">Li Na Long Enough</span>',
    '<div class="sidebar"><span class="byline">Side Bar</span></div><div class="Author">Main Author</div>',
    '<author>Custom Tag Author</author>',
    '<div class="author"><rel>me</rel>Rel Child</div>',
    '<span data-testid="AuthorCard">Card Person</span>',
    '<div class="meta-date author">Dated Author</div><span class="writer">Second Writer</span>',
    '<p>No author anywhere on this page.</p>',
]


def _page(body: str) -> str:
    return f"<html><head><title>t</title></head><body><article><p>Text.</p>{body}</article></body></html>"


def test_trafilatura_author_paths_are_the_ones_ours_were_written_from() -> None:
    text = "\n".join(x.path for x in AUTHOR_DISCARD_XPATHS + AUTHOR_XPATHS)
    assert hashlib.sha1(text.encode()).hexdigest() == PATHS_SHA1, (
        "trafilatura's author paths changed: bring multivector/clean/author.py in line, then update the hash")


@pytest.mark.parametrize("body", MADE_UP)
def test_author_equals_trafilatura_on_made_up_pages(body: str) -> None:
    tree = html.load_html(_page(body))
    assert author.extract_author(tree) == trafilatura_author(trafilatura_load(_page(body)))


def test_made_up_pages_reach_every_outcome() -> None:
    found = [author.extract_author(html.load_html(_page(body))) for body in MADE_UP]
    assert "Real Writer" in found and "Anna Petrova" in found and None in found


def _shared_pages() -> list[str]:
    pages = [gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
             for p in sorted(shared_path("data", "extraction", "html").glob("*.html.gz"))]
    kremlin = sorted(shared_path("data", "kremlin", "pages").glob("*.html"))
    pages += [p.read_bytes().decode("utf-8", "replace") for p in kremlin]
    return pages


@pytest.mark.shared
def test_author_and_tree_equal_trafilatura_on_shared_pages() -> None:
    pages = _shared_pages()
    assert len(pages) > 200
    found = 0
    for page in pages:
        ours, theirs = html.load_html(page), trafilatura_load(page)
        assert (ours is None) == (theirs is None)
        if ours is None:
            continue
        assert etree.tostring(ours) == etree.tostring(theirs)
        expected = trafilatura_author(theirs)
        assert author.extract_author(ours) == expected
        found += expected is not None
    assert found > 50  # the pages do exercise the search


@pytest.mark.parametrize("page", ["", "   ", "<p>x</p>", "plain words, no markup", "<html></html>",
                                  "<?xml version='1.0' encoding='utf-8'?><html><body><p>Prose.</p></body></html>",
                                  "<html/>\n<body><p>Self-closing html.</p></body>"])
def test_load_html_equals_trafilatura_on_odd_input(page: str) -> None:
    ours, theirs = html.load_html(page), trafilatura_load(page)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        assert etree.tostring(ours) == etree.tostring(theirs)
