"""The second round of the stages' fast paths gives what the general paths give: the event
coder skips sentences without a trigger lemma and, with a floor, the triggers whose events
cannot reach it; the compiled parser hashes its constant feature prefixes and valency counts
without building them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from multivector.actors.kb import knowledge_base
from multivector.actors.stage import document_mentions
from multivector.events import stage as event_stage
from multivector.events.code import optional_parser
from multivector.events.coder import Mention, SentenceCoder, may_trigger
from multivector.events.stage import MIN_CONFIDENCE, EventTools, code_document
from multivector.text import _perceptron as perceptron
from multivector.text.parser import Parser, features, word_features
from multivector.text.sentences import split_sentences
from multivector.text.tagger import default_tagger

ROOT = Path(__file__).resolve().parents[1]
# a statement ("said"), violence ("attacked"), a visit, an appeal and a question, with actors around them
SENTENCES = [
    "President Putin said Russia attacked Ukraine on Monday.",
    "Kazakhstan's president Tokayev said he would visit Moscow.",
    "The United States urged Russia to negotiate with Ukraine, Blinken said.",
    "Did Russia attack Ukraine?",
    "Tokayev met Putin in Moscow and said they discussed trade.",
    "Nothing here names anyone at all.",
]


def demo_documents() -> list[dict[str, Any]]:
    docs = []
    for k, path in enumerate(sorted((ROOT / "examples/corpus/text").glob("*.txt"))):
        docs.append({"id": f"d{k}", "text": path.read_text(encoding="utf-8"), "outlet": "demo",
                     "published": "2023-05-01"})
    docs.append({"id": "extra", "text": " ".join(SENTENCES), "outlet": "demo", "published": "2023-05-01"})
    assert len(docs) > 3
    return docs


def mentions_of(doc: dict[str, Any]) -> list[dict[str, Any]]:
    mentions, _ = document_mentions(knowledge_base(), doc)
    return sorted(mentions, key=lambda m: (m["start"], m["end"], m["actor_id"]))


def sentence_coders(floor: float | None) -> list[SentenceCoder]:
    """A coder for every sentence of the demo corpus, with the document's actor mentions."""
    tagger, parser = default_tagger(), optional_parser()
    coders = []
    for doc in demo_documents():
        mentions = mentions_of(doc)
        for start, end in split_sentences(doc["text"]):
            inside = [Mention(m["start"] - start, m["end"] - start, m["actor_id"], m["method"])
                      for m in mentions if start <= m["start"] and m["end"] <= end]
            coders.append(SentenceCoder(doc["text"][start:end], inside, tagger.tag, parser=parser, floor=floor))
    return coders


def test_a_sentence_without_a_trigger_lemma_has_no_event() -> None:
    skipped = 0
    for coder in sentence_coders(floor=None):
        tags = list(zip(coder.upos, coder.lemmas, strict=True))
        if not may_trigger(tags):
            skipped += 1
            assert coder.events() == [], coder.sentence
    assert skipped > 10


def test_may_trigger_reads_lemmas_in_lower_case() -> None:
    assert may_trigger([("VERB", "Attack")]) and may_trigger([("NOUN", "visit")])
    assert not may_trigger([("PROPN", "Putin"), ("PUNCT", ".")]) and not may_trigger([])


def test_the_floor_keeps_the_events_above_it() -> None:
    """With a floor, the events at or above it are those the coder finds without one."""
    kept = 0
    for fast, general in zip(sentence_coders(MIN_CONFIDENCE), sentence_coders(None), strict=True):
        above = [e for e in general.events() if e.confidence >= MIN_CONFIDENCE]
        assert [e for e in fast.events() if e.confidence >= MIN_CONFIDENCE] == above, fast.sentence
        kept += len(above)
    assert kept > 5


def test_the_best_confidence_bounds_every_event() -> None:
    """No event of a trigger is coded with more than ``_best_confidence`` says it could be."""
    coded = 0
    for coder in sentence_coders(floor=None):
        for i in range(len(coder.tokens)):
            entry = coder._match(i) if coder.lemmas[i] in coder.lex.triggers else None
            event = coder._event(i, entry) if entry is not None else None
            if event is not None:
                assert event.confidence <= coder._best_confidence(i, entry), (coder.sentence, event)
                coded += 1
    assert coded > 20


@pytest.mark.parametrize("floor", [MIN_CONFIDENCE, 0.5, 0.7, 0.95])
def test_code_document_equals_coding_every_sentence(floor: float, monkeypatch: pytest.MonkeyPatch) -> None:
    tagger, parser = default_tagger(), optional_parser()
    tools = EventTools(knowledge_base(), tagger.tag, parser, floor)
    docs = demo_documents()
    fast = [code_document(doc, mentions_of(doc), tools) for doc in docs]
    monkeypatch.setattr(event_stage, "may_trigger", lambda tags: True)
    monkeypatch.setattr(SentenceCoder, "_best_confidence", lambda self, i, entry: 1.0)  # no trigger left out
    assert [code_document(doc, mentions_of(doc), tools) for doc in docs] == fast
    assert sum(len(rows) for rows, _ in fast) > 0 or floor > 0.9


def test_parser_valency_counts_of_many_digits_hash_as_their_strings() -> None:
    """A word with 12 right children, then one with 11 left ones: counts of two digits,
    hashed digit by digit as the strings Python builds."""
    parser = Parser.load()
    r, labels = parser.n_labels, parser._class_labels
    n = 26
    w, t = word_features(["word"] * n, ["NOUN"] * n)
    lab, lefts, rights = ["-"] * (n + 2), [[] for _ in range(n + 2)], [[] for _ in range(n + 2)]
    stack: list[int] = []
    moves: list[int] = []
    shift, left, right = 0, 1, r + 2  # class 0 shifts; 1..r+1 attach left, r+2.. attach right
    b0 = 0
    seen: set[str] = set()
    for cls in [shift] + [shift, right] * 12 + [shift] * 11 + [left] * 11:
        made = features(w, t, lab, lefts, rights, stack, b0, n)
        seen.update(made)
        assert perceptron.parser_feature_hashes(w, t, labels, r, moves) == [perceptron.feature_hash(f) for f in made]
        moves.append(cls)
        if cls == shift:
            stack.append(b0)
            b0 += 1
            continue
        dep = stack.pop()
        head = b0 if cls == left else stack[-1]
        lab[dep] = labels[cls]
        (lefts if cls == left else rights)[head].append(dep)
    assert "s0t.vr NOUN 12" in seen and "b0t.vl NOUN 10" in seen
