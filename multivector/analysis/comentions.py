"""Co-mentions (``comentions.v1``): sentences that name the focus country and a
partner together, with the tone of the partner's mentions there. Where few events
link two countries (an opinion piece argues more than it reports), how and how
often outlets put them side by side is still evidence of the relation."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from multivector.analysis.entities import Entities
from multivector.claims.outlets import OUTLET
from multivector.store.db import Store
from multivector.text.sentences import split_sentences

ALGORITHM = "comentions.v1"


def co_mentions(store: Store, focus: str, partners: list[str], entities: Entities) -> dict[str, list[dict[str, Any]]]:
    """Per partner, the sentences naming it with ``focus``: document, outlet, date, span, tone."""
    mentions = store.query(
        'SELECT m.doc_id, m.start, m."end", m.actor_id, t.tone FROM mentions m '
        "LEFT JOIN actor_tone t ON t.doc_id = m.doc_id AND t.start = m.start AND t.actor_id = m.actor_id "
        "ORDER BY m.doc_id, m.start")
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in mentions:
        row["entity"] = entities.of(row["actor_id"])
        if row["entity"]:
            by_doc[row["doc_id"]].append(row)
    found: dict[str, list[dict[str, Any]]] = {p: [] for p in partners}
    docs = [d for d, rows in by_doc.items() if any(r["entity"] == focus for r in rows)]
    for doc in _documents(store, docs):
        for start, end in split_sentences(doc["text"]):
            inside = [r for r in by_doc[doc["id"]] if start <= r["start"] < end]
            if not any(r["entity"] == focus for r in inside):
                continue
            for partner in partners:
                theirs = [r for r in inside if r["entity"] != focus and entities.in_bloc(r["entity"], partner)]
                if theirs:
                    tones = [r["tone"] for r in theirs if r["tone"] is not None]
                    found[partner].append({
                        "doc_id": doc["id"], "outlet": doc["outlet"],
                        "published": doc["published"], "start": start, "end": end,
                        "sentence": doc["text"][start:end].strip(),
                        "tone": round(sum(tones) / len(tones), 2) if tones else 0.0})
    return found


def _documents(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    return store.query(f"SELECT d.id, d.text, {OUTLET} AS outlet, CAST(d.published AS VARCHAR) AS published "
                       "FROM documents d WHERE d.id IN (SELECT unnest(?)) ORDER BY d.id", [ids])
