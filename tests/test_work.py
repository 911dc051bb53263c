"""The per-document unit of work: sentence tokens cut from the document's tokens."""

from __future__ import annotations

from pathlib import Path

import pytest

from multivector.actors.tokens import tokenize
from multivector.scale import work
from multivector.scale.work import SentenceTags
from multivector.text.sentences import split_sentences
from multivector.text.tagger import default_tagger

ROOT = Path(__file__).resolve().parents[1]
TRICKY = ("Talks ended.Next day, Mr. Tokayev's aide said \"no.\" The U.S. envoy left... (Again?) "
          "Kazakhstan’s gas: 1,200 m³.Then—silence. St. Petersburg, 3 p.m. Done")


def test_sentence_tokens_cut_from_the_document_equal_tokenising_the_sentence() -> None:
    texts = [TRICKY] + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples/corpus/text").glob("*.txt"))]
    cut = 0
    for text in texts:
        tags = SentenceTags(default_tagger(), text, tokenize(text))
        cut += len(tags.split)
        for start, end in split_sentences(text):
            sentence = text[start:end]
            assert tags.tokens(sentence) == tokenize(sentence), sentence
    assert cut > 100  # most sentences are cut, not tokenised anew


def test_a_token_across_a_sentence_edge_is_tokenised_anew(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "It ended.Next came talks. Then more."
    spans = [(0, 11), (11, 25), (26, len(text))]  # "It ended.Ne" | "xt came talks." | "Then more."
    monkeypatch.setattr(work, "split_sentences", lambda _: spans)
    tags = SentenceTags(default_tagger(), text, tokenize(text))
    assert list(tags.split) == ["Then more."]  # the first two cut "ended.Next" in two
    for start, end in spans:
        assert tags.tokens(text[start:end]) == tokenize(text[start:end])
