"""The actor stage: mentions of every stored document not yet processed, their
actors (knowledge-base ones that are mentioned, and discovered people) in the store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from multivector.actors.kb import Actor, KnowledgeBase, knowledge_base
from multivector.actors.mentions import FINDER, find_mentions
from multivector.store.db import Store

STAGE = "actors"
ACTOR_COLUMNS = {"id": "VARCHAR", "name": "VARCHAR", "type": "VARCHAR", "country": "VARCHAR", "code": "VARCHAR",
                 "sector": "VARCHAR", "aliases": "VARCHAR[]", "parent": "VARCHAR", "source": "VARCHAR"}
MENTION_COLUMNS = {"doc_id": "VARCHAR", "start": "INTEGER", "end": "INTEGER", "text": "VARCHAR",
                   "actor_id": "VARCHAR", "method": "VARCHAR", "score": "DOUBLE", "finder": "VARCHAR"}
BATCH = 200


@dataclass(slots=True)
class ActorSummary:
    documents: int = 0
    mentions: int = 0
    discovered: int = 0


def _actor_row(actor: Actor, kb: KnowledgeBase) -> dict[str, Any]:
    """The stored record; a person's code and sector are those of the office held now
    (KAZGOV for a sitting president, KAZELI for a former one)."""
    code, sector = actor.code, actor.sector
    if actor.type == "person" and actor.source == "kb":
        code = actor.code_on(None, kb)
        sector = code[3:] if code.startswith(actor.country or "@") else actor.sector
    return {"id": actor.id, "name": actor.name, "type": actor.type, "country": actor.country, "code": code,
            "sector": sector, "aliases": actor.aliases, "parent": actor.parent, "source": actor.source}


class ActorStage:
    def __init__(self, store: Store, kb: KnowledgeBase | None = None) -> None:
        self.store = store
        self.kb = kb or knowledge_base()
        self.known = {row["id"] for row in store.query("SELECT id FROM actors")}
        self.summary = ActorSummary()
        self.mentions: list[dict[str, Any]] = []
        self.actors: dict[str, Actor] = {}
        self.done: list[dict[str, Any]] = []

    def run(self, reprocess: bool = False) -> ActorSummary:
        if reprocess:
            self.store.con.execute("DELETE FROM mentions")
            self.store.con.execute("DELETE FROM processed WHERE stage = ?", [STAGE])
        rows = self.store.query(
            "SELECT id, text, CAST(published AS VARCHAR) AS published FROM documents "
            "WHERE id NOT IN (SELECT doc_id FROM processed WHERE stage = ?) ORDER BY id", [STAGE])
        for row in rows:
            self._document(row["id"], row["text"], row["published"])
            if len(self.done) >= BATCH:
                self._flush()
        self._flush()
        return self.summary

    def _document(self, doc_id: str, text: str, date: str | None) -> None:
        spans, new_actors = find_mentions(self.kb, text, date)
        for start, end, surface, actor_id, method, score in spans:
            self.mentions.append({"doc_id": doc_id, "start": start, "end": end, "text": surface,
                                  "actor_id": actor_id, "method": method, "score": score, "finder": FINDER})
            if actor_id not in self.known and actor_id not in self.actors:
                actor = new_actors.get(actor_id) or self.kb.actors[actor_id]
                self.actors[actor_id] = actor
                self.summary.discovered += actor.source == "discovered"
        self.summary.documents += 1
        self.summary.mentions += len(spans)
        self.done.append({"doc_id": doc_id, "stage": STAGE, "algorithm": FINDER})

    def _flush(self) -> None:
        self.store.bulk_insert("actors", ACTOR_COLUMNS, [_actor_row(a, self.kb) for a in self.actors.values()])
        self.store.bulk_insert("mentions", MENTION_COLUMNS, self.mentions)
        self.store.bulk_insert("processed", {"doc_id": "VARCHAR", "stage": "VARCHAR", "algorithm": "VARCHAR"},
                               self.done)
        self.known |= set(self.actors)
        self.actors, self.mentions, self.done = {}, [], []


def register_actors(store: Store, kb: KnowledgeBase, actor_ids: set[str]) -> int:
    """Store the knowledge-base actors among ``actor_ids`` that no mention brought in
    (the civilians of a country where a protest happened); returns how many."""
    known = {row["id"] for row in store.query("SELECT id FROM actors")}
    missing = [kb.actors[a] for a in sorted(actor_ids - known) if a in kb.actors]
    store.bulk_insert("actors", ACTOR_COLUMNS, [_actor_row(a, kb) for a in missing])
    return len(missing)


def resolve_actors(store: Store, kb: KnowledgeBase | None = None, reprocess: bool = False) -> ActorSummary:
    """Run the actor stage over the store's unprocessed documents."""
    return ActorStage(store, kb).run(reprocess)
