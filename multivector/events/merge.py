"""Across documents: the same real event reported by several documents becomes
one event (GDELT's NumMentions and NumSources). Mentions are grouped by dyad
(sorted source and target actors; for meetings and agreements, roots 03-06, the
actors on both sides together, since "X met Y" and "Y met X" are one meeting),
CAMEO base code, day (or month when
only that is known), and flags; the most confident mention speaks for the event.
Near-duplicate copies of an article do not count as independent outlets."""

from __future__ import annotations

from multivector.store.db import Store

MERGER = "merge.dyad-day.v1"


def merge_events(store: Store) -> int:
    """Rebuild the events table from event_mentions; return the number of events."""
    store.con.execute("DELETE FROM events")
    store.con.execute("UPDATE event_mentions SET event_id = NULL")
    store.con.execute("""
        CREATE OR REPLACE TEMP VIEW keyed AS
        SELECT m.*, d.status, d.duplicate_of,
               (m.confidence, m.id) AS best,  -- the most confident mention; ties go to one, always the same
               md5(concat_ws('|',
                             CASE WHEN left(cameo_code, 2) IN ('03', '04', '05', '06')  -- no direction
                                  THEN array_to_string(list_sort(list_distinct(
                                           list_concat(source_actor_ids, target_actor_ids))), ',')
                                  ELSE array_to_string(list_sort(source_actor_ids), ',') || '>' ||
                                       array_to_string(list_sort(target_actor_ids), ',') END,
                             left(cameo_code, 3),
                             coalesce(CASE WHEN date_precision IN ('day', 'published') THEN CAST(date AS VARCHAR)
                                           ELSE strftime(date, '%Y-%m') END, m.doc_id || ':' || m.sentence_start),
                             negated, hypothetical)) AS event_key
        FROM event_mentions m JOIN documents d ON d.id = m.doc_id""")
    store.con.execute("""
        INSERT INTO events
        SELECT left(event_key, 16) AS id,
               list(DISTINCT doc_id ORDER BY doc_id) AS doc_ids,
               arg_max(sentence_start, best), arg_max(sentence_end, best), arg_max(evidence, best),
               arg_max(source_actor_ids, best), arg_max(source_codes, best),
               arg_max(target_actor_ids, best), arg_max(target_codes, best),
               arg_max(plover_type, best), arg_max(plover_mode, best),
               arg_max(plover_context, best), arg_max(cameo_code, best), arg_max(goldstein, best),
               arg_max(quad_class, best), arg_max(date, best), arg_max(date_precision, best),
               arg_max(place, best), arg_max(lat, best), arg_max(lon, best),
               bool_or(negated), bool_or(hypothetical), bool_or(future), bool_and(reported),
               arg_max(coder, best), max(confidence),
               count(*) AS mention_count,
               greatest(1, count(DISTINCT CASE WHEN status = 'near_duplicate' THEN NULL
                                               ELSE coalesce(outlet, doc_id) END)),
               arg_max(roles, best)
        FROM keyed GROUP BY event_key""")
    store.con.execute("""
        UPDATE event_mentions SET event_id = left(k.event_key, 16) FROM keyed k WHERE k.id = event_mentions.id""")
    row = store.con.execute("SELECT count(*) FROM events").fetchone()
    return int(row[0]) if row else 0
