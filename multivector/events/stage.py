"""The event stage: sentences of every document, coded with the actors the actor
stage found, dated against the publication date, placed with the gazetteer, then
merged across documents into events with mention and outlet counts.

``code_document`` is the work on one document (a pure function, run in worker
processes or on a Dask cluster); ``multivector.scale.runner`` feeds it and stores
its rows; ``events.merge`` merges the stored mentions into events."""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from multivector.actors.kb import KnowledgeBase
from multivector.actors.mentions import find_mentions
from multivector.actors.tokens import Token, tokenize
from multivector.events.coder import CodedEvent, Mention, SentenceCoder, may_trigger
from multivector.events.places import place_of
from multivector.events.turns import Named, pronouns, speaker_turns, turn_at
from multivector.store.db import Store
from multivector.text.reldates import resolve_date
from multivector.text.sentences import split_sentences

if TYPE_CHECKING:
    from multivector.scale.executors import Executor
    from multivector.scale.runner import StageSummary

MENTION_COLUMNS = {
    "id": "VARCHAR", "doc_id": "VARCHAR", "outlet": "VARCHAR", "sentence_start": "INTEGER", "sentence_end": "INTEGER",
    "evidence": "VARCHAR", "trigger": "VARCHAR", "trigger_start": "INTEGER", "trigger_end": "INTEGER",
    "source_actor_ids": "VARCHAR[]", "target_actor_ids": "VARCHAR[]", "source_codes": "VARCHAR[]",
    "target_codes": "VARCHAR[]", "cameo_code": "VARCHAR", "plover_type": "VARCHAR", "plover_mode": "VARCHAR",
    "plover_context": "VARCHAR", "goldstein": "DOUBLE", "quad_class": "INTEGER", "date": "DATE",
    "date_precision": "VARCHAR", "date_text": "VARCHAR", "place": "VARCHAR", "lat": "DOUBLE", "lon": "DOUBLE",
    "negated": "BOOLEAN", "hypothetical": "BOOLEAN", "future": "BOOLEAN", "reported": "BOOLEAN",
    "confidence": "DOUBLE", "roles": "VARCHAR", "coder": "VARCHAR",
}
_VISITS = {"CONSULT"}
# Events coded with less confidence than this are left out of the store: word-order
# guesses at the sides and nominal mentions without an owner mostly read wrong.
MIN_CONFIDENCE = 0.8


@dataclass(slots=True)
class Coded:
    event: CodedEvent
    sentence: str
    start: int
    end: int


@dataclass(slots=True)
class EventTools:
    """What coding a document needs, loaded once per process."""
    kb: KnowledgeBase
    tag: Callable[[list[str]], list[tuple[str, str]]]
    parser: Any
    min_confidence: float = MIN_CONFIDENCE
    tokens: Callable[[str], list[Token]] = tokenize


def code_document(doc: dict[str, Any], mentions: list[dict[str, Any]],
                  tools: EventTools) -> tuple[list[dict[str, Any]], int]:
    """The event mention rows of one document and its number of sentences.

    ``doc`` has id, text, outlet and published; ``mentions`` are its actor mentions
    (start, end, actor_id, method, text, type, code), ordered by start."""
    people = [Named(m["start"], m["end"], m["actor_id"]) for m in mentions if m["type"] == "person"]
    turns = speaker_turns(doc["text"], people)
    by_start = sorted(mentions, key=lambda m: m["start"])  # as given, normally: a sentence's are found by bisection
    starts = [m["start"] for m in by_start]
    coded: list[Coded] = []
    sentences = 0
    for start, end in split_sentences(doc["text"]):
        sentence = doc["text"][start:end]
        sentences += 1
        tokens = tools.tokens(sentence)
        tags = tools.tag([t.text for t in tokens]) if tokens else []
        if not may_trigger(tags):
            continue  # the coder would find no event: skip building it
        turn = turn_at(turns, start) or turn_at(turns, end - 1)
        floor = turn.text_start if turn else start  # the speaker label is nobody's act
        candidates = by_start[bisect.bisect_left(starts, max(start, floor)):bisect.bisect_right(starts, end)]
        inside = [Mention(m["start"] - start, m["end"] - start, _in_turn(m, turn), m["method"])
                  for m in candidates if m["end"] <= end]
        if turn is not None:
            inside += [Mention(p.start - start, p.end - start, p.actor_id, "pronoun")
                       for p in pronouns(sentence, start, turn)]
        coder = SentenceCoder(sentence, inside, tools.tag, parser=tools.parser,
                              speaker=turn.speaker if turn else None,
                              addressee=turn.addressee if turn else None, floor=tools.min_confidence,
                              tokens=tokens, tags=tags)
        coded += [Coded(e, sentence, start, end) for e in coder.events() if e.confidence >= tools.min_confidence]
    codes = {m["actor_id"]: m.get("code") or "" for m in mentions}
    return _rows(doc, coded, tools.kb, codes), sentences


def _rows(doc: dict[str, Any], coded: list[Coded], kb: KnowledgeBase, codes: dict[str, str]) -> list[dict[str, Any]]:
    dated: list[tuple[Coded, str | None]] = []

    def anchor(phrase: str) -> str | None:
        """The date of the event a phrase like "Tokayev's trip" refers to."""
        spans, _ = find_mentions(kb, phrase, doc["published"]) if phrase else ([], {})
        actors = {s[3] for s in spans}
        for item, date in reversed(dated):
            if date and (not actors or actors & set(item.event.source_actor_ids)) \
                    and (not phrase or item.event.plover_type in _VISITS):
                return date
        return None

    rows = []
    for item in coded:
        resolved = nearest_date(item, doc["published"], anchor)
        if resolved.start is not None and resolved.end is not None \
                and resolved.start <= item.event.trigger_start < resolved.end:
            continue  # "four days before Tokayev's trip": the trip only dates another event
        dated.append((item, resolved.value if resolved.precision == "day" else None))
        place = place_of(item.sentence, destination=item.event.plover_type in _VISITS)
        rows.append(_row(doc, item, resolved, place, lambda actor_id, on: _code(kb, codes, actor_id, on)))
    share_dates(rows)
    return rows


def _row(doc: dict[str, Any], item: Coded, resolved: Any, place: Any,
         code: Callable[[str, str | None], str]) -> dict[str, Any]:
    event = item.event
    on = resolved.value or doc["published"]
    key = f"{doc['id']}:{item.start}:{event.trigger_start}:{event.cameo_code}"
    row = asdict(event)
    row.update({
        "id": hashlib.sha1(key.encode()).hexdigest()[:16], "doc_id": doc["id"], "outlet": doc["outlet"],
        "sentence_start": item.start, "sentence_end": item.end, "evidence": item.sentence,
        "trigger_start": item.start + event.trigger_start, "trigger_end": item.start + event.trigger_end,
        "source_codes": [code(a, on) for a in event.source_actor_ids],
        "target_codes": [code(a, on) for a in event.target_actor_ids],
        "date": resolved.value, "date_precision": resolved.precision, "date_text": resolved.text,
        "place": place.name if place else None, "lat": place.lat if place else None,
        "lon": place.lon if place else None,
    })
    return row


def _code(kb: KnowledgeBase, codes: dict[str, str], actor_id: str, on: str | None) -> str:
    """An actor's CAMEO code on a date: a person's follows the office held then."""
    actor = kb.actors.get(actor_id)
    if actor is not None:
        return actor.code_on(on, kb) if actor.type == "person" else actor.code
    return codes.get(actor_id, "")


_DURING = re.compile(r"\b(?:at the end of|during|after|following|at|on the sidelines of) (?:the|this) "
                     r"(?:meeting|talks|visit|summit|negotiations|forum)\b", re.I)


_UNNAMED_PRESIDENT = {"mr president", "the president", "madam president", "president"}


def _in_turn(mention: dict[str, Any], turn: Any) -> str:
    """In a transcript, "Mr President" and "the President" are the one spoken to."""
    if turn is not None and turn.addressee and (mention["method"] == "addressee" or mention["method"] == "role"
                                                and str(mention["text"]).lower() in _UNNAMED_PRESIDENT):
        return str(turn.addressee)
    return str(mention["actor_id"])


def nearest_date(item: Coded, published: str | None, anchor: Any) -> Any:
    """The date expression nearest the trigger: first after it ("signed ... on November 1"),
    then in its clause before it, then anywhere in the sentence."""
    start = item.event.trigger_start
    clause = max(item.sentence.rfind(mark, 0, start) for mark in (", ", "; ", " that "))
    for left, right in ((start, len(item.sentence)), (max(clause, 0), start)):
        found = resolve_date(item.sentence[left:right], published, anchor)
        if found.start is not None and found.end is not None and found.precision != "published":
            return type(found)(found.value, found.precision, found.start + left, found.end + left, found.text)
    return resolve_date(item.sentence, published, anchor)


def share_dates(rows: list[dict[str, Any]]) -> None:
    """Mentions of one event in a document share its most precise date: "the first
    meeting this year" takes the day of "the presidents met on Thursday", and what
    happened "at the end of the meeting" takes the meeting's day."""
    for row in rows:
        if row["date_precision"] == "day":
            continue
        meetings = [o for o in rows if o["date_precision"] == "day" and o["plover_type"] == "CONSULT"]
        if row["date_precision"] == "published" and meetings and _DURING.search(row["evidence"]):
            row["date"], row["date_precision"], row["date_text"] = meetings[0]["date"], "day", "the meeting's day"
            continue
        actors = set(row["source_actor_ids"]) | set(row["target_actor_ids"])
        for other in rows:
            other_actors = set(other["source_actor_ids"]) | set(other["target_actor_ids"])
            if other["date_precision"] == "day" and other["plover_type"] == row["plover_type"] \
                    and len(actors & other_actors) >= min(2, len(actors)) and actors:
                row["date"], row["date_precision"] = other["date"], "day"
                row["date_text"] = f"as in: {other['date_text']}"
                break


def code_events(store: Store, kb: KnowledgeBase | None = None, reprocess: bool = False,
                min_confidence: float = MIN_CONFIDENCE, executor: Executor | None = None) -> StageSummary:
    """Run the event stage (and the actor stage before it) over new documents."""
    from multivector.scale.runner import run_stages

    return run_stages(store, ("actors", "events"), kb=kb, min_confidence=min_confidence, reprocess=reprocess,
                      executor=executor)
