"""The unit of work: a partition of documents through the per-document stages
(actors, then events, then claims), with no store in reach.

A task carries everything its documents need (their text and, for a stage run
before, its stored rows); a worker returns rows for the runner to store. Each
sentence is tokenised and tagged once per document, for the event coder and the
claims finder both. The models load once per process, on first use."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from multivector.actors.kb import KnowledgeBase, knowledge_base
from multivector.actors.stage import document_mentions
from multivector.actors.tokens import Token, shifted, tokenize
from multivector.claims.lexicon import framing
from multivector.claims.stage import ClaimTools, claim_document
from multivector.events.code import optional_parser
from multivector.events.stage import EventTools, code_document
from multivector.text.sentences import split_sentences
from multivector.text.tagger import Tagger, default_tagger

STAGES = ("actors", "events", "claims")


@dataclass(slots=True)
class Task:
    """Documents (id, text, outlet, author, genre, published, todo, and the stored
    ``mentions`` and ``events`` a stage not in ``todo`` made before)."""
    docs: list[dict[str, Any]]
    min_confidence: float


@dataclass(slots=True)
class DocumentWork:
    doc_id: str
    todo: list[str]
    mentions: list[dict[str, Any]] = field(default_factory=list)
    actors: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    sentences: int = 0
    claims: list[dict[str, Any]] = field(default_factory=list)
    tones: list[dict[str, Any]] = field(default_factory=list)


class SentenceTags:
    """The tokeniser and the tagger with a memory for one document's sentences: the event
    coder and the claims finder split and tokenise the same way, so the second asks for
    nothing new. A sentence's tokens are cut from the document's (tokenised once, for
    the actor finder too) wherever no token straddles its edges, which gives the tokens
    ``tokenize`` gives the sentence alone; elsewhere the sentence is tokenised anew."""

    def __init__(self, tagger: Tagger, text: str = "", doc_tokens: list[Token] | None = None) -> None:
        self.tagger = tagger
        self.seen: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        self.split: dict[str, list[Token]] = {}
        if doc_tokens:
            self._cut(text, doc_tokens)

    def _cut(self, text: str, doc_tokens: list[Token]) -> None:
        starts = [t.start for t in doc_tokens]
        for start, end in split_sentences(text):
            first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
            if first and doc_tokens[first - 1].end > start or last > first and doc_tokens[last - 1].end > end:
                continue  # a token across the edge ("end.Next"): tokenised anew when asked
            sentence = text[start:end]
            if sentence not in self.split:  # a sentence said twice keeps its first cut, the same tokens
                self.split[sentence] = shifted(doc_tokens, first, last, start)

    def tokens(self, sentence: str) -> list[Token]:
        found = self.split.get(sentence)
        if found is None:
            found = self.split[sentence] = tokenize(sentence)
        return found

    def __call__(self, words: list[str]) -> list[tuple[str, str]]:
        key = tuple(words)
        tags = self.seen.get(key)
        if tags is None:
            tags = self.seen[key] = self.tagger.tag(words)
        return tags


@lru_cache(maxsize=1)
def models() -> tuple[Tagger, Any]:
    """The tagger and the parser, loaded once per process."""
    return default_tagger(), optional_parser()


def work(task: Task, kb: KnowledgeBase | None = None) -> list[DocumentWork]:
    """Run the stages each document still needs; return their rows in document order."""
    kb = kb or knowledge_base()
    return [work_document(doc, kb, task.min_confidence) for doc in task.docs]


def work_document(doc: dict[str, Any], kb: KnowledgeBase, min_confidence: float) -> DocumentWork:
    tagger, parser = models()
    doc_tokens = tokenize(doc["text"])
    tag = SentenceTags(tagger, doc["text"], doc_tokens)
    done = DocumentWork(doc["id"], list(doc["todo"]))
    mentions = doc.get("mentions") or []
    if "actors" in done.todo:
        mentions, done.actors = document_mentions(kb, doc, doc_tokens)
        done.mentions = mentions
    mentions = sorted(mentions, key=lambda m: (m["start"], m["end"], m["actor_id"]))
    events = doc.get("events") or []
    if "events" in done.todo:
        tools = EventTools(kb, tag, parser, min_confidence, tag.tokens)
        done.events, done.sentences = code_document(doc, mentions, tools)
        events = done.events
    if "claims" in done.todo:
        done.claims, done.tones = claim_document(doc, mentions, events, ClaimTools(kb, tag, framing(), tag.tokens))
    return done
