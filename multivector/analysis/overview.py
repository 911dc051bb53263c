"""Everything the report shows, as one dict read from the store: the summary, events
with their evidence, the multi-vector view, relations per dyad, the actor network,
outlets, top actors and the data-quality panel. The events and the outlets, which
grow with the corpus, are ``Rows`` read as the report walks them; the rest is small."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from multivector.analysis.comentions import Sentences, co_mentions
from multivector.analysis.entities import Entities, vectors
from multivector.analysis.network import actor_network
from multivector.analysis.relations import DyadEvent, dyad_events, focus_country, multivector_view, relation_cells
from multivector.claims.outlets import OUTLET, PROFILES, contradictions
from multivector.store.db import Store

_TOP_DYADS = 12
_TOP_ACTORS = 30
_LIST_LIMIT = 200  # rows of a quality list kept in the report (the exports hold all)
_CHIPS = 8  # countries and loaded terms shown per outlet


def overview(store: Store, focus: str | None = None, partners: list[str] | None = None,
             dyads: list[DyadEvent] | None = None, network: dict[str, Any] | None = None) -> dict[str, Any]:
    """The report's data; ``dyads`` and ``network`` when the caller already has them."""
    entities = Entities(store)
    dyads = dyad_events(store, entities) if dyads is None else dyads
    focus = focus or focus_country(store)
    chosen = partners or list(vectors().partners)
    view = multivector_view(dyads, focus, entities, chosen) if focus else []
    near = co_mentions(store, focus, chosen, entities, _LIST_LIMIT) if focus else {}
    for partner in chosen:
        named = near[partner].count if partner in near else 0
        if focus and partner != focus and named and not any(v["partner"] == partner for v in view):
            view.append({"partner": partner, "label": entities.label(partner), "bloc": partner in vectors().blocs,
                         "total": {"events": 0, "cooperation": 0, "conflict": 0, "goldstein_mean": 0.0,
                                   "goldstein_sum": 0.0, "outlets": 0, "event_ids": []}, "months": []})
    for row in view:
        row["co_mentions"] = near.get(row["partner"], Sentences()).row()
    view.sort(key=lambda r: chosen.index(r["partner"]))
    return {
        "summary": summary(store, focus),
        "focus": {"id": focus, "label": entities.label(focus) if focus else None},
        "events": events(store),
        "multivector": view,
        "relations": dyads_over_time(dyads, entities),
        "network": actor_network(store) if network is None else network,
        "outlets": outlets(store),
        "contradictions": contradictions(store, limit=10),
        "actors": top_actors(store),
        "quality": quality(store),
        "labels": {e: entities.label(e) for e in {d.source for d in dyads} | {d.target for d in dyads}},
    }


def summary(store: Store, focus: str | None) -> dict[str, Any]:
    row = store.query(
        "SELECT (SELECT count(*) FROM documents WHERE status = 'ok') AS documents, "
        "(SELECT count(*) FROM documents WHERE status = 'near_duplicate') AS near_duplicates, "
        "(SELECT count(*) FROM inputs WHERE outcome = 'failed') AS failed, "
        f"(SELECT count(DISTINCT {OUTLET}) FROM documents d) AS outlets, "
        "(SELECT count(*) FROM events) AS events, (SELECT count(*) FROM event_mentions) AS event_mentions, "
        "(SELECT count(DISTINCT actor_id) FROM mentions) AS actors, (SELECT count(*) FROM mentions) AS mentions, "
        "(SELECT count(*) FROM claims) AS claims, "
        "(SELECT CAST(min(published) AS VARCHAR) FROM documents) AS first_published, "
        "(SELECT CAST(max(published) AS VARCHAR) FROM documents) AS last_published, "
        "(SELECT CAST(min(date) AS VARCHAR) FROM events) AS first_event, "
        "(SELECT CAST(max(date) AS VARCHAR) FROM events) AS last_event")[0]
    return {**row, "focus": focus}


_EVENTS = (
    "SELECT e.id, CAST(e.date AS VARCHAR) AS date, e.date_precision, e.plover_type, e.plover_mode, e.cameo_code, "
    "e.quad_class, e.goldstein, e.source_actor_ids, e.target_actor_ids, e.negated, e.hypothetical, e.future, "
    "e.confidence, e.mention_count, e.outlet_count, "
    "coalesce((SELECT list({'doc_id': m.doc_id, 'outlet': " + OUTLET + ", "
    "'published': CAST(d.published AS VARCHAR), 'title': d.title, 'url': d.url, 'evidence': m.evidence, "
    "'trigger': m.trigger, 'date_text': m.date_text, 'sentence_start': m.sentence_start} "
    "ORDER BY d.published NULLS LAST, m.doc_id, m.sentence_start, m.trigger_start, m.id) "
    "FROM event_mentions m JOIN documents d ON d.id = m.doc_id WHERE m.event_id = e.id), []) AS mentions "
    "FROM events e ORDER BY date NULLS LAST, e.id")


class Rows:
    """Rows read from the store afresh each time they are walked, a page at a time: the
    report walks every event (three times) and every outlet, which a large corpus has
    too many of to hold."""

    def __init__(self, read: Callable[[], Iterator[dict[str, Any]]]) -> None:
        self.read = read

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self.read()


def events(store: Store) -> Rows:
    """Every event with its actors' names and every sentence that reports it."""
    names = {r["id"]: r["name"] for r in store.query("SELECT id, name FROM actors")}
    return Rows(lambda: (_named(row, names) for row in store.stream(_EVENTS)))


def _named(row: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """The event's actors with their names, before its mentions (the order the page's data has)."""
    mentions = row.pop("mentions")
    row["sources"] = [{"id": a, "name": names.get(a, a)} for a in row.pop("source_actor_ids") or []]
    row["targets"] = [{"id": a, "name": names.get(a, a)} for a in row.pop("target_actor_ids") or []]
    row["mentions"] = mentions
    return row


def outlets(store: Store) -> Rows:
    """Each outlet's profile as the report shows it: counts, its first countries by
    mentions and its first loaded terms (outlets.jsonl holds the whole profiles)."""
    sql = (f"SELECT outlet, documents, claims, quotes, reported, author_claims, "
           f"loaded_terms[1:{_CHIPS}] AS loaded_terms, tone_by_country[1:{_CHIPS}] AS tone_by_country "
           f"FROM ({PROFILES}) ORDER BY documents DESC, outlet")
    return Rows(lambda: store.stream(sql))


def dyads_over_time(dyads: list[DyadEvent], entities: Entities) -> list[dict[str, Any]]:
    """The busiest ordered pairs, each with its months."""
    totals = relation_cells(dyads, by_month=False)[:_TOP_DYADS]
    months = relation_cells(dyads, by_month=True)
    out = []
    for total in totals:
        out.append({**total.row(), "source_label": entities.label(total.source),
                     "target_label": entities.label(total.target),
                     "months": [c.row() for c in months if (c.source, c.target) == (total.source, total.target)]})
    return out


def top_actors(store: Store) -> list[dict[str, Any]]:
    return store.query(
        "SELECT a.id, a.name, a.type, a.country, a.source, count(*) AS mentions, "
        "list(DISTINCT m.text ORDER BY m.text) AS spellings, count(DISTINCT m.doc_id) AS documents "
        f"FROM mentions m JOIN actors a ON a.id = m.actor_id GROUP BY ALL ORDER BY mentions DESC, a.id "
        f"LIMIT {_TOP_ACTORS}")


def quality(store: Store) -> dict[str, Any]:
    """What a careful reader should know before trusting the numbers."""
    failed = store.query("SELECT code, source_path, locator, reason FROM inputs WHERE outcome = 'failed' "
                         f"ORDER BY source_path, locator LIMIT {_LIST_LIMIT}")
    undated = store.query("SELECT id FROM events WHERE date IS NULL ORDER BY id")
    discovered = store.query(
        "SELECT a.id, a.name, count(*) AS mentions FROM mentions m JOIN actors a ON a.id = m.actor_id "
        f"WHERE a.source = 'discovered' GROUP BY ALL ORDER BY mentions DESC, a.id LIMIT {_LIST_LIMIT}")
    unresolved = store.query(
        "SELECT speaker_text AS text, count(*) AS claims FROM claims WHERE speaker_actor_id IS NULL "
        f"AND speaker_text IS NOT NULL AND kind <> 'author' GROUP BY ALL ORDER BY claims DESC, text "
        f"LIMIT {_LIST_LIMIT}")
    duplicates = store.query(
        "SELECT d.id, d.title, d.duplicate_of, d.source_path FROM documents d WHERE d.status = 'near_duplicate' "
        f"ORDER BY d.id LIMIT {_LIST_LIMIT}")
    counts = store.query(
        "SELECT (SELECT count(*) FROM inputs WHERE outcome = 'failed') AS failed, "
        "(SELECT count(*) FROM inputs WHERE outcome = 'duplicate') AS exact_duplicates, "
        "(SELECT count(*) FROM documents WHERE status = 'near_duplicate') AS near_duplicates, "
        "(SELECT count(*) FROM events WHERE date IS NULL) AS undated_events, "
        "(SELECT count(*) FROM documents WHERE published IS NULL) AS undated_documents, "
        "(SELECT count(*) FROM mentions m JOIN actors a ON a.id = m.actor_id WHERE a.source = 'discovered') "
        "AS discovered_mentions, "
        "(SELECT count(*) FROM claims WHERE speaker_actor_id IS NULL AND kind <> 'author') AS unresolved_speakers")[0]
    return {"counts": counts, "failed": failed, "undated_event_ids": [r["id"] for r in undated],
            "discovered": discovered, "unresolved_speakers": unresolved, "near_duplicates": duplicates}
