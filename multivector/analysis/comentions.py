"""Co-mentions (``comentions.v1``): sentences that name the focus country and a
partner together, with the tone of the partner's mentions there. Where few events
link two countries (an opinion piece argues more than it reports), how and how
often outlets put them side by side is still evidence of the relation."""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from multivector.analysis.entities import Entities
from multivector.claims.outlets import OUTLET
from multivector.store.db import Store
from multivector.text.sentences import split_sentences

ALGORITHM = "comentions.v1"


_PARTITION = 200  # documents read at a time
KEEP = 200  # sentences kept per partner


@dataclass(slots=True)
class Sentences:
    """The sentences naming one partner with the focus: all of them counted, their
    outlets and tone summed, only the first ``keep`` held (a large corpus has tens of
    thousands, and the report shows a few)."""

    keep: int = KEEP
    count: int = 0
    outlets: set[str] = field(default_factory=set)
    tone_sum: float = 0.0
    items: list[dict[str, Any]] = field(default_factory=list)

    def add(self, item: dict[str, Any]) -> None:
        self.count += 1
        self.outlets.add(item["outlet"])
        self.tone_sum += item["tone"]
        if len(self.items) < self.keep:
            self.items.append(item)

    def row(self) -> dict[str, Any]:
        """Count, outlets, mean tone and the sentences kept, as the report shows them."""
        tone = round(self.tone_sum / self.count, 2) if self.count else 0.0
        return {"count": self.count, "outlets": len(self.outlets), "tone": tone, "items": self.items}


def co_mentions(store: Store, focus: str, partners: list[str], entities: Entities,
                keep: int = KEEP) -> dict[str, Sentences]:
    """Per partner, the sentences naming it with ``focus`` (document, outlet, date, span,
    tone): the first ``keep`` of them, and the count, outlets and tone of all. Only the
    mentions of the focus and the partners are read, a partition of documents at a time."""
    actors = [row[0] for row in store.con.execute("SELECT id FROM actors ORDER BY id").fetchall()]
    wanted = [a for a in actors if (e := entities.of(a)) and (e == focus or any(entities.in_bloc(e, p)
                                                                                   for p in partners))]
    focal = [a for a in wanted if entities.of(a) == focus]
    docs = [row[0] for row in store.con.execute(
        "SELECT DISTINCT doc_id FROM mentions WHERE list_contains(?, actor_id) ORDER BY doc_id", [focal]).fetchall()]
    found = {p: Sentences(keep) for p in partners}
    for at in range(0, len(docs), _PARTITION):
        part = docs[at:at + _PARTITION]
        by_doc = _mentions(store, part, wanted, entities)
        for doc in _documents(store, part):
            _sentences(doc, by_doc[doc["id"]], focus, partners, entities, found)
    return found


def _mentions(store: Store, docs: list[str], actors: list[str], entities: Entities) -> dict[str, list[dict[str, Any]]]:
    rows = store.query(
        'SELECT m.doc_id, m.start, m."end", m.actor_id, t.tone FROM mentions m '
        "LEFT JOIN actor_tone t ON t.doc_id = m.doc_id AND t.start = m.start AND t.actor_id = m.actor_id "
        "WHERE list_contains(?, m.doc_id) AND list_contains(?, m.actor_id) ORDER BY m.doc_id, m.start",
        [docs, actors])
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        row["entity"] = entities.of(row["actor_id"])
        by_doc[row["doc_id"]].append(row)
    return by_doc


def _sentences(doc: dict[str, Any], mentions: list[dict[str, Any]], focus: str, partners: list[str],
               entities: Entities, found: dict[str, Sentences]) -> None:
    starts = [r["start"] for r in mentions]  # in order: a sentence's mentions are a slice
    for start, end in split_sentences(doc["text"]):
        inside = mentions[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]
        if not any(r["entity"] == focus for r in inside):
            continue
        for partner in partners:
            theirs = [r for r in inside if r["entity"] != focus and entities.in_bloc(r["entity"], partner)]
            if theirs:
                tones = [r["tone"] for r in theirs if r["tone"] is not None]
                found[partner].add({
                    "doc_id": doc["id"], "outlet": doc["outlet"],
                    "published": doc["published"], "start": start, "end": end,
                    "sentence": doc["text"][start:end].strip(),
                    "tone": round(sum(tones) / len(tones), 2) if tones else 0.0})


def _documents(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    return store.query(f"SELECT d.id, d.text, {OUTLET} AS outlet, CAST(d.published AS VARCHAR) AS published "
                       "FROM documents d WHERE d.id IN (SELECT unnest(?)) ORDER BY d.id", [ids])
