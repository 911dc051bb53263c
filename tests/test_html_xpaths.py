"""The stand-ins for trafilatura's XPaths (multivector.clean.xpaths) select exactly what
the XPaths select: on made-up pages built from the XPaths' own words, on every
../shared page (raw and as trafilatura cleans it), and through the whole extraction."""

from __future__ import annotations

import gzip
import random
import re
import re._parser as sre  # to draw strings a pattern matches
from copy import deepcopy
from typing import Any

import lxml.html
import pytest
from lxml import etree
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.settings import Extractor

from multivector.clean import html, xpaths
from tests.conftest import shared_path

ATTRIBUTES = ["id", "class", "style", "role", "itemprop", "data-component", "aria-hidden",
              "data-lp-replacement-content"]
TAGS = sorted({"div", "item", "list", "p", "section", "span", "aside", "details", "ol", "ul", "article", "main",
               "footer", "script", "style", "svg", "template", "fencedframe", "h1", "a", "li", "em"})


def _originals() -> list[tuple[xpaths.Target, Any]]:
    xpaths.install()
    return [(t, t.current().original) for t in xpaths.TARGETS]


def test_every_stand_in_is_installed_and_its_shape_pinned() -> None:
    """Fails when trafilatura changes one of these XPaths' shape: bring its builder in
    line, then update the hash in TARGETS."""
    labels = xpaths.install()
    assert labels == [t.label for t in xpaths.TARGETS]
    for target, original in _originals():
        assert xpaths.shape_hash(original.path) == target.shape, target.label


def test_a_changed_shape_keeps_trafilaturas_xpath() -> None:
    target = xpaths.TARGETS[0]
    other = etree.XPath(".//*[self::div][contains(@id, 'x')]")
    assert xpaths.selector(target, other) is None
    assert xpaths.selector(target, "not an xpath") is None


def _sample(parsed: Any, rng: random.Random) -> str:
    """A string the parsed pattern matches (lookarounds and anchors left out)."""
    out = []
    for op, arg in parsed:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "IN":
            chars = [chr(a) for o, a in arg if str(o) == "LITERAL"]
            out.append(rng.choice(chars) if chars else "x")
        elif name == "BRANCH":
            out.append(_sample(rng.choice(arg[1]), rng))
        elif name == "SUBPATTERN":
            out.append(_sample(arg[-1], rng))
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, item = arg
            out.extend(_sample(item, rng) for _ in range(rng.randint(low, min(high, low + 2))))
        elif name == "ANY":
            out.append(rng.choice("ab-"))
    return "".join(out)


def _vocabulary(rng: random.Random) -> tuple[list[str], list[str]]:
    """Values made from every quoted word of the XPaths: the words as they are, and
    (second list) strings the regular expressions match, with case and spacing varied."""
    words: list[str] = []
    for _, original in _originals():
        words += re.findall(r"'([^']*)'", original.path)
    matched = [_sample(sre.parse(word), rng) for word in words if re.escape(word) != word for _ in range(6)]
    varied = []
    for word in words + matched:
        varied += [word, word.upper(), word.capitalize(), f"x {word}", f"{word}-y", f" {word} "]
    return words, varied + ["", " ", "comment", "commentary", "Commentary", "display:block", "NAV", "false"]


def _made_up_page(rng: random.Random, vocabulary: tuple[list[str], list[str]]) -> Any:
    root = lxml.html.fromstring("<html><head></head><body></body></html>")
    parents = [root.find("body")]
    for _ in range(rng.randint(5, 40)):
        attributes = {name: _value(rng, vocabulary) for name in rng.sample(ATTRIBUTES, rng.randint(0, 4))}
        element = etree.SubElement(rng.choice(parents), rng.choice(TAGS), attributes)
        element.text = "words"
        parents.append(element)
    return root


def _value(rng: random.Random, vocabulary: tuple[list[str], list[str]]) -> str:
    words, varied = vocabulary
    if rng.random() < 0.3:
        return rng.choice(words)
    return " ".join(rng.choice(varied) for _ in range(rng.choice((1, 1, 1, 2, 3))))


def _made_up_pages(count: int = 400) -> list[Any]:
    rng = random.Random(7)
    vocabulary = _vocabulary(rng)
    return [_made_up_page(rng, vocabulary) for _ in range(count)]


def _same(original: Any, stand_in: Any, tree: Any) -> bool:
    return bool(original(tree) == stand_in(tree))


def test_stand_ins_select_what_the_xpaths_select_on_made_up_pages() -> None:
    pages = _made_up_pages()
    for target, original in _originals():
        stand_in = target.current()
        picked = 0
        for tree in pages:
            for context in (tree, tree.find("body")):
                assert _same(original, stand_in, context), target.label
            picked += bool(original(tree))
        assert 0 < picked < len(pages), target.label  # the pages reach both outcomes


# @class='comments-title' is also matched by the class pattern of the same XPath
REDUNDANT = {("OVERALL_DISCARD_XPATH[1]", "comments-title")}


def test_every_word_of_every_xpath_decides_some_made_up_page() -> None:
    """The made-up pages can catch a wrong stand-in: blanking any one of an XPath's
    words (a never-matching pattern for the regular expressions) changes what the
    stand-in picks on some page."""
    pages = _made_up_pages(1000)
    for target, original in _originals():
        words = re.findall(r"'([^']*)'", original.path)
        for i, word in enumerate(words):
            if (target.label, word) in REDUNDANT:
                continue
            mutant_words = list(words)
            mutant_words[i] = "(?!)" if re.escape(word) != word else "\x00"
            tags, test = target.build(mutant_words)
            mutant = xpaths.Selector(original, tags, test, target.pick)
            assert any(not _same(original, mutant, tree) for tree in pages), (target.label, i, word)


def test_stand_ins_hand_odd_calls_to_the_xpath() -> None:
    target = xpaths.TARGETS[-1]
    xpaths.install()
    stand_in = target.current()
    tree = lxml.html.fromstring("<html><body><footer>f</footer><p>t</p></body></html>")
    assert stand_in(tree.getroottree()) == stand_in.original(tree.getroottree())
    assert [e.tag for e in stand_in(tree)] == ["footer"]


def test_plain_restores_trafilaturas_xpaths_for_the_block() -> None:
    xpaths.install()
    with xpaths.plain():
        assert xpaths.installed() == []
        assert all(isinstance(t.current(), etree.XPath) for t in xpaths.TARGETS)
    assert xpaths.installed() == [t.label for t in xpaths.TARGETS]


def _shared_pages() -> list[str]:
    pages = [gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
             for p in sorted(shared_path("data", "extraction", "html").glob("*.html.gz"))]
    pages += [p.read_bytes().decode("utf-8", "replace")
              for p in sorted(shared_path("data", "kremlin", "pages").glob("*.html"))]
    return pages


@pytest.mark.shared
def test_stand_ins_select_what_the_xpaths_select_on_shared_pages() -> None:
    options = Extractor()
    trees = [tree for tree in map(html.load_html, _shared_pages()) if tree is not None]
    assert len(trees) > 200
    for tree in trees:
        cleaned = convert_tags(tree_cleaning(deepcopy(tree), options), options)
        for target, original in _originals():
            for context in (tree, cleaned):
                assert _same(original, target.current(), context), target.label


@pytest.mark.shared
def test_extraction_is_the_same_with_trafilaturas_own_xpaths() -> None:
    pages = _shared_pages()[::3]

    def extracted() -> list[tuple[Any, ...]]:
        found = [html.extract_html(page) for page in pages]
        return [(e.lines, e.title, e.author, e.published, e.url, e.sitename, e.dropped) for e in found]

    xpaths.install()
    fast = extracted()
    with xpaths.plain():
        assert extracted() == fast
