"""The actor finder's shortcuts (plain-word tokens, first-word indexes, the letter
bound before an edit distance) give what the full rules give."""

from __future__ import annotations

import itertools

import pytest

from multivector.actors import kb as kbmod
from multivector.actors.kb import KnowledgeBase
from multivector.actors.mentions import find_mentions
from multivector.actors.resolve import fuzzy_surname
from multivector.actors.tokens import _norm, tokenize
from multivector.actors.translit import key_similarity, letters_apart, levenshtein, similar


def test_plain_words_are_normalised_like_any_other() -> None:
    text = "Putin's U.S. visit ended. Tokayev’s aide, Mr. Smith, left at 5 p.m. ÖZGÜR Ölçer İstanbul ΟΔΟΣ x_y"
    tokens = tokenize(text)
    assert [(t.text, t.norm, t.possessive) for t in tokens[:6]] == [
        ("Putin's", "putin", True), ("U.S.", "u.s.", False), ("visit", "visit", False),
        ("ended", "ended", False), (".", ".", False), ("Tokayev’s", "tokayev", True)]
    for token in tokens:
        assert text[token.start:token.end] == token.text
        if token.text != ".":  # a sentence's final period, split off its word, is normalised as "."
            assert (token.norm, token.possessive) == _norm(token.text)


SURNAMES = ["nazarbaev", "nazabaev", "nazarbaeva", "tokaev", "tokaiev", "mendkovich", "mendkovic", "abdrahmanov",
            "abdurahmanov", "ab", "ba", "kasim jomart", "kasimjomart", "shoigu", "x", "zhelezniakov", "aaaaaaaaaab"]


def test_the_letter_bound_never_exceeds_the_edit_distance() -> None:
    for a, b in itertools.product(SURNAMES, repeat=2):
        assert letters_apart(a, b) <= levenshtein(a, b, limit=100)


@pytest.mark.parametrize("at_least", [0.0, 0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 1.0])
def test_similar_agrees_with_the_similarity(at_least: float) -> None:
    for a, b in itertools.product([*SURNAMES, ""], repeat=2):
        assert similar(a, b, at_least) == (key_similarity(a, b) >= at_least), (a, b)


def _person(kb: KnowledgeBase, actor_id: str, name: str) -> None:
    kbmod._add_person(kb, {"id": actor_id, "name": name, "country": "KAZ"})


def test_misspelt_surnames_are_found_as_the_knowledge_base_grows() -> None:
    kb = KnowledgeBase()
    _person(kb, "nursultan-nazarbayev", "Nursultan Nazarbayev")
    assert fuzzy_surname(kb, "nazabaev") == {"nursultan-nazarbayev"}
    assert fuzzy_surname(kb, "mazarbaev") == set()  # another first letter
    _person(kb, "nikita-mendkovich", "Nikita Mendkovich")
    _person(kb, "dariga-nazarbayeva", "Dariga Nazarbayeva")
    assert fuzzy_surname(kb, "mendkovic") == {"nikita-mendkovich"}
    assert fuzzy_surname(kb, "nazarbaeve") == {"nursultan-nazarbayev", "dariga-nazarbayeva"}


def _country(kb: KnowledgeBase, cid: str, name: str, adjective: str, aliases: list[str]) -> None:
    kbmod._add_country(kb, {"id": cid, "name": name, "adjectives": [adjective], "aliases": aliases})


def test_phrases_and_adjectives_added_later_are_matched() -> None:
    kb = KnowledgeBase()
    _country(kb, "KAZ", "Kazakhstan", "Kazakh", [])
    spans, _ = find_mentions(kb, "Kazakh troops left the Republic of Kazakhstan", None)
    assert [(s[2], s[3]) for s in spans] == [("Kazakh troops", "KAZ-MIL"), ("Kazakhstan", "KAZ")]
    _country(kb, "LKA", "Sri Lanka", "Sri Lankan", ["Democratic Socialist Republic of Sri Lanka"])
    kb._index("Republic of Kazakhstan", "KAZ", "alias")
    text = "Sri Lankan troops left the Republic of Kazakhstan for the Democratic Socialist Republic of Sri Lanka"
    spans, _ = find_mentions(kb, text, None)
    assert [(s[2], s[3]) for s in spans] == [
        ("Sri Lankan troops", "LKA-MIL"), ("Republic of Kazakhstan", "KAZ"),
        ("Democratic Socialist Republic of Sri Lanka", "LKA")]
