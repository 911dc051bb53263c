"""The actor stage: mentions of every stored document not yet processed, their
actors (knowledge-base ones that are mentioned, and discovered people) in the store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from multivector.actors.kb import Actor, KnowledgeBase
from multivector.actors.mentions import FINDER, find_mentions
from multivector.actors.tokens import Token
from multivector.store.db import Store

if TYPE_CHECKING:
    from multivector.scale.executors import Executor
    from multivector.scale.runner import StageSummary

ACTOR_COLUMNS = {"id": "VARCHAR", "name": "VARCHAR", "type": "VARCHAR", "country": "VARCHAR", "code": "VARCHAR",
                 "sector": "VARCHAR", "aliases": "VARCHAR[]", "parent": "VARCHAR", "source": "VARCHAR"}
MENTION_COLUMNS = {"doc_id": "VARCHAR", "start": "INTEGER", "end": "INTEGER", "text": "VARCHAR",
                   "actor_id": "VARCHAR", "method": "VARCHAR", "score": "DOUBLE", "finder": "VARCHAR"}


def actor_row(actor: Actor, kb: KnowledgeBase) -> dict[str, Any]:
    """The stored record; a person's code and sector are those of the office held now
    (KAZGOV for a sitting president, KAZELI for a former one)."""
    code, sector = actor.code, actor.sector
    if actor.type == "person" and actor.source == "kb":
        code = actor.code_on(None, kb)
        sector = code[3:] if code.startswith(actor.country or "@") else actor.sector
    return {"id": actor.id, "name": actor.name, "type": actor.type, "country": actor.country, "code": code,
            "sector": sector, "aliases": actor.aliases, "parent": actor.parent, "source": actor.source}


def document_mentions(kb: KnowledgeBase, doc: dict[str, Any],
                      tokens: list[Token] | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The actor mentions of one document (with each actor's type and code, which the
    later stages read) and the rows of the actors they name; ``tokens``: the document's
    tokens, when the caller has them already."""
    spans, new_actors = find_mentions(kb, doc["text"], doc["published"], tokens)
    actors: dict[str, dict[str, Any]] = {}
    mentions = []
    for start, end, surface, actor_id, method, score in spans:
        if actor_id not in actors:
            actors[actor_id] = actor_row(new_actors.get(actor_id) or kb.actors[actor_id], kb)
        actor = actors[actor_id]
        mentions.append({"doc_id": doc["id"], "start": start, "end": end, "text": surface, "actor_id": actor_id,
                         "method": method, "score": score, "finder": FINDER, "type": actor["type"],
                         "code": actor["code"]})
    return mentions, list(actors.values())


def register_actors(store: Store, kb: KnowledgeBase, actor_ids: set[str]) -> int:
    """Store the knowledge-base actors among ``actor_ids`` that no mention brought in
    (the civilians of a country where a protest happened); returns how many."""
    known = {row["id"] for row in store.query("SELECT id FROM actors")}
    missing = [kb.actors[a] for a in sorted(actor_ids - known) if a in kb.actors]
    store.bulk_insert("actors", ACTOR_COLUMNS, [actor_row(a, kb) for a in missing])
    return len(missing)


def resolve_actors(store: Store, kb: KnowledgeBase | None = None, reprocess: bool = False,
                   executor: Executor | None = None) -> StageSummary:
    """Run the actor stage over the store's unprocessed documents."""
    from multivector.scale.runner import run_stages

    return run_stages(store, ("actors",), kb=kb, reprocess=reprocess, executor=executor)
