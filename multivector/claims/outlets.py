"""Outlet profiles and contradiction candidates, read from the store.

An outlet's profile: its documents and claims, the actors it covers with the mean
tone of their mentions, and the same by country (Putin, the Kremlin and Russia all
count toward RUS). Documents whose outlet is unknown are profiled on their own,
under their file name.

Contradiction candidates: two claims from different documents with the same
speaker, about a shared country, of opposite polarity ("Tokayev condemned the
invasion" against "Tokayev called Russia a strategic partner and ally")."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator
from typing import Any

from multivector.actors.kb import KnowledgeBase, knowledge_base
from multivector.store.db import Store

OUTLET = "coalesce(d.outlet, 'unknown outlet: ' || regexp_extract(d.source_path, '[^/]+$'))"
PROFILES = f"""
WITH docs AS (SELECT d.id, {OUTLET} AS outlet FROM documents d),
by_actor AS (
    SELECT docs.outlet, t.actor_id, any_value(a.name) AS name, count(*) AS mentions, round(avg(t.tone), 3) AS tone,
           count(*) FILTER (WHERE t.polarity = 'positive') AS positive,
           count(*) FILTER (WHERE t.polarity = 'negative') AS negative
    FROM actor_tone t JOIN docs ON docs.id = t.doc_id LEFT JOIN actors a ON a.id = t.actor_id GROUP BY ALL),
by_country AS (
    SELECT docs.outlet, t.country, count(*) AS mentions, round(avg(t.tone), 3) AS tone
    FROM actor_tone t JOIN docs ON docs.id = t.doc_id WHERE t.country IS NOT NULL GROUP BY ALL),
claim_counts AS (
    SELECT docs.outlet, count(*) AS claims, count(*) FILTER (WHERE kind = 'quote') AS quotes,
           count(*) FILTER (WHERE kind = 'reported') AS reported, count(*) FILTER (WHERE kind = 'author') AS author,
           list(DISTINCT term ORDER BY term) FILTER (WHERE term IS NOT NULL) AS loaded_terms
    FROM claims c JOIN docs ON docs.id = c.doc_id LEFT JOIN unnest(c.loaded_terms) AS u(term) ON true
    GROUP BY ALL)
SELECT o.outlet, o.documents, coalesce(cc.claims, 0) AS claims, coalesce(cc.quotes, 0) AS quotes,
       coalesce(cc.reported, 0) AS reported, coalesce(cc.author, 0) AS author_claims,
       coalesce(cc.loaded_terms, []) AS loaded_terms,
       (SELECT list({{'actor_id': t.actor_id, 'name': t.name, 'mentions': t.mentions, 'tone': t.tone,
                     'positive': t.positive, 'negative': t.negative,
                     'neutral': t.mentions - t.positive - t.negative}}
                    ORDER BY t.mentions DESC, t.actor_id) FROM by_actor t WHERE t.outlet = o.outlet) AS tone_by_actor,
       (SELECT list({{'country': t.country, 'mentions': t.mentions, 'tone': t.tone}}
                    ORDER BY t.mentions DESC, t.country) FROM by_country t WHERE t.outlet = o.outlet)
           AS tone_by_country
FROM (SELECT outlet, count(*) AS documents FROM docs GROUP BY outlet) o
LEFT JOIN claim_counts cc ON cc.outlet = o.outlet
ORDER BY o.documents DESC, o.outlet
"""


def outlet_profiles(store: Store) -> list[dict[str, Any]]:
    return store.query(PROFILES)


def contradictions(store: Store, kb: KnowledgeBase | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Pairs of opposite claims by one speaker about a shared country, across documents,
    the strongest first. Claims are read one speaker at a time and only the best
    ``limit`` pairs are kept, so memory stays flat on large stores."""
    kb = kb or knowledge_base()
    home = {r["id"]: r["id"] if r["type"] == "country" else r["country"]
            for r in store.query("SELECT id, type, country FROM actors")}

    def countries(row: dict[str, Any]) -> set[str]:
        found = set()
        for actor_id in row["about_actor_ids"] or []:
            actor = kb.actors.get(actor_id)
            country = home.get(actor_id) or (actor.country if actor is not None else None)
            found.add(country or actor_id)
        return found

    def pairs(group: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        positive = [r for r in group if r["polarity"] == "positive"]
        negative = [r for r in group if r["polarity"] == "negative"]
        about = {r["id"]: countries(r) for r in positive + negative}  # once per claim, not once per pair
        for one, other in ((a, b) if a["id"] < b["id"] else (b, a) for a in positive for b in negative):
            shared = about[one["id"]] & about[other["id"]] if one["doc_id"] != other["doc_id"] else set()
            if shared:
                yield {"speaker_actor_id": one["speaker_actor_id"], "about": sorted(shared),
                       "strength": round(abs(one["polarity_score"]) + abs(other["polarity_score"]), 2),
                       "one": one, "other": other}

    best: list[dict[str, Any]] = []
    for group in _by_speaker(store):
        best = heapq.nsmallest(limit, itertools.chain(best, pairs(group)), key=_pair_order)
    return best


def _pair_order(pair: dict[str, Any]) -> tuple[bool, float, str, str]:
    """What an analyst looks for first: outlets that disagree about one speaker."""
    return (pair["one"]["outlet"] == pair["other"]["outlet"], -pair["strength"], pair["one"]["id"],
            pair["other"]["id"])


def _by_speaker(store: Store) -> Iterator[list[dict[str, Any]]]:
    """The non-neutral claims with a speaker, one speaker's at a time."""
    rows = store.stream(
        f"SELECT c.id, c.doc_id, {OUTLET} AS outlet, c.kind, c.speaker_actor_id, c.speaker_text, c.text, "
        "c.polarity, c.polarity_score, c.about_actor_ids, c.event_types, CAST(d.published AS VARCHAR) AS published "
        "FROM claims c JOIN documents d ON d.id = c.doc_id "
        "WHERE c.speaker_actor_id IS NOT NULL AND c.polarity <> 'neutral' ORDER BY c.speaker_actor_id, c.id",
        size=2000)
    for _, group in itertools.groupby(rows, key=lambda row: row["speaker_actor_id"]):
        yield list(group)
