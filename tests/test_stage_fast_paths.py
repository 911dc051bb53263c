"""The per-document stages' fast paths give what the general paths give: the compiled
tokeniser (multivector/actors/_tokens.c) against tokens.py's Python, the tagger's
remembered (UPOS, lemma) pairs against its full analysis, and the store's row encoder
against json.dumps."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from multivector.actors import tokens as tokens_module
from multivector.actors.tokens import Token, python_shifted, python_tokenize, shifted, tokenize
from multivector.store import db
from multivector.text.sentences import split_sentences
from multivector.text.tagger import Tagger, default_tagger

ROOT = Path(__file__).resolve().parents[1]
TRICKY = [
    "", " ", "\n\t ", ".", "..", "...", "’", "'", "'s", "’s", "a's", "a’s", "ab'", "abc'", "abc’", "x's.", "U.S.",
    "U.S.'s", "U.S’s", "u.s.", "A.B.C.", "A.B", "e.g. this", "end.", "end..", "end.Next", "Mr. Tokayev's aide",
    "x_y", "_", "__init__.", "snake_case's", "3.14", "1,200 m³.", "12.5%", "Ⓐ Ⓑ.", "ÖZGÜR Ölçer İstanbul ΟΔΟΣ",
    "Токаев’s визит.", "can't won't shan’t", "rock'n'roll", "O'Neil's.", "a.b.c.d.", "a.b'c’d.e", "ǅungla Ǆ",
    "ﬁnance ﬂow", "x" * 300 + ".", "Talks ended.Next day, Mr. Tokayev's aide said \"no.\" The U.S. envoy left... "
    "(Again?) Kazakhstan’s gas: 1,200 m³.Then—silence. St. Petersburg, 3 p.m. Done",
]
ALPHABET = "aZ_.'’ \n,-s0Ⓐ√İßΣДж’é\u00a0\u2028"


def demo_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples/corpus/text").glob("*.txt"))]


def fuzz_texts(count: int = 3000) -> list[str]:
    rng = random.Random(7)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 14))) for _ in range(count)]


def test_the_tokeniser_is_compiled() -> None:
    """``make`` builds it (setup.py); without a C compiler the Python runs, slower."""
    assert tokens_module.COMPILED


@pytest.mark.parametrize("text", TRICKY)
def test_compiled_tokens_equal_python_tokens(text: str) -> None:
    assert tokenize(text) == python_tokenize(text)
    assert all(type(token) is Token for token in tokenize(text))


def test_compiled_tokens_equal_python_tokens_on_the_demo_corpus_and_random_text() -> None:
    texts = demo_texts() + fuzz_texts()
    for text in texts:
        assert tokenize(text) == python_tokenize(text), text
    assert sum(len(tokenize(text)) for text in texts) > 10_000


def test_shifted_tokens_equal_python_shifted_tokens() -> None:
    tokens = tokenize(TRICKY[-1])
    for first, last, offset in [(0, len(tokens), 0), (3, 9, 17), (5, 5, 2), (-4, 2, 1), (8, 10_000, 40), (9, 3, 0)]:
        assert shifted(tokens, first, last, offset) == python_shifted(tokens, first, last, offset)
    copy = shifted(tokens, 0, 2, 1)[0]
    assert copy is not tokens[0] and (copy.start, copy.end) == (tokens[0].start - 1, tokens[0].end - 1)


def test_a_class_not_laid_out_as_slots_is_called() -> None:
    """The compiled tokeniser fills a slotted Token's slots itself; any other class is called."""
    from multivector.actors import _tokens

    @dataclass
    class Plain:
        text: str
        start: int
        end: int
        norm: str
        possessive: bool

    made = _tokens.tokenize(Plain, "Putin's visit ended.")
    assert [(t.text, t.start, t.end, t.norm, t.possessive) for t in made] == [
        (t.text, t.start, t.end, t.norm, t.possessive) for t in python_tokenize("Putin's visit ended.")]
    moved = _tokens.shifted(Plain, made, 1, 3, 2)
    assert [(t.text, t.start, t.end) for t in moved] == [("visit", 6, 11), ("ended", 12, 17)]
    assert tokenize("Putin's visit ended.")[0].possessive  # the slotted class is still made right afterwards


def test_a_slotted_class_with_more_to_do_is_called() -> None:
    """A slotted class with a __post_init__ or another field is made by calling it."""
    from multivector.actors import _tokens

    @dataclass(slots=True)
    class Checked:
        text: str
        start: int
        end: int
        norm: str
        possessive: bool

        def __post_init__(self) -> None:
            self.norm = self.norm.upper()

    @dataclass(slots=True)
    class Wider:
        text: str
        start: int
        end: int
        norm: str
        possessive: bool
        extra: int = 7

    assert [t.norm for t in _tokens.tokenize(Checked, "Putin's visit.")] == ["PUTIN", "VISIT", "."]
    assert [t.norm for t in _tokens.shifted(Checked, _tokens.tokenize(Checked, "a b"), 0, 2, 0)] == ["A", "B"]
    assert [(t.norm, t.extra) for t in _tokens.tokenize(Wider, "a b")] == [("a", 7), ("b", 7)]
    assert tokenize("a b") == python_tokenize("a b")


def tagged_sentences() -> list[list[str]]:
    sentences = []
    for text in [*demo_texts(), *TRICKY]:
        for start, end in split_sentences(text):
            words = [t.text for t in tokenize(text[start:end])]
            if words:
                sentences.append(words)
    return sentences


def test_tag_pairs_equal_the_full_analysis() -> None:
    sentences = tagged_sentences()
    assert sum(1 for words in sentences if any("'" in w or "’" in w for w in words)) > 10  # clitics are split
    fresh = Tagger.load()  # nothing remembered yet
    for tagger in (fresh, fresh, default_tagger()):
        for words in sentences:
            assert tagger.tag(words) == [(upos, lemma) for upos, _, lemma in tagger.analyse(words)], words


def test_tag_pairs_survive_forgetting_the_lemmas(monkeypatch: pytest.MonkeyPatch) -> None:
    from multivector.text import tagger as tagger_module

    monkeypatch.setattr(tagger_module, "_LEMMA_CACHE_SIZE", 7)  # forget every few new words
    tagger = Tagger.load()
    sentences = tagged_sentences()[:80]
    expected = [[(upos, lemma) for upos, _, lemma in default_tagger().analyse(words)] for words in sentences]
    assert [tagger.tag(words) for words in sentences] == expected
    assert tagger._lemmas_made < 7


def test_store_rows_encode_as_json_dumps_does() -> None:
    rows = [{"id": "a", "text": "Токаев’s «visit» \u2028 \"x\"\n", "score": 0.1 + 0.2, "n": 3, "ok": True,
             "ids": ["KAZ", "RUS", "é"], "none": None, "big": 2 ** 63 + 1, "nan": float("nan")}]
    for row in rows:
        assert db._ROW_JSON.encode(row) == json.dumps(row, ensure_ascii=False)


def test_where_visits_the_tokens_the_loop_would() -> None:
    from multivector.actors.mentions import _where

    rng = random.Random(3)
    vocabulary = ["the", "of", "russia", "'s", ".", "president", "kazakh", ""]
    for _ in range(200):
        norms = [rng.choice(vocabulary) for _ in range(rng.randint(0, 30))]
        words = rng.sample(vocabulary, rng.randint(0, 4))
        for container in (set(words), frozenset(words), tuple(words), dict.fromkeys(words, 1)):
            assert list(_where(norms, container)) == [i for i, norm in enumerate(norms) if norm in container]


def test_name_like_marks_are_those_of_every_token() -> None:
    from multivector.actors.kb import knowledge_base
    from multivector.actors.mentions import Finder, _name_like

    for text in [*TRICKY, *demo_texts()[:5], "Mr. O'Neil-Smith and ÖZGÜR met Ёлкин, NATO's DE van der Berg."]:
        finder = Finder(knowledge_base(), text, None)
        assert finder.name_like == [_name_like(token) for token in finder.tokens], text


def test_parser_words_are_normalised_as_before() -> None:
    from multivector.text.parser import NONE, ROOT_WORD, word_features
    from multivector.text.tagger import normalise, plain

    for words in tagged_sentences()[:300] + [["Kazakhstan’s", "1,200", "https://x.org/a", "a@b.kz", "’", "²"]]:
        assert word_features(words, ["X"] * len(words))[0] == [normalise(plain(w)) for w in words] + [ROOT_WORD, NONE]
