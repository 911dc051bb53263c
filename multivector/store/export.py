"""Open exports of the store: JSONL files whose names and fields are a contract.

documents.jsonl  one object per stored document (fields in DOCUMENT_FIELDS)
failures.jsonl   one object per input that did not become a document
Later stages register their own files in EXPORTS.
"""

from __future__ import annotations

from pathlib import Path

from multivector.claims.outlets import PROFILES
from multivector.store.db import Store

# The stable contract; later fields may be added, none renamed or removed.
DOCUMENT_FIELDS = [
    "id", "source_path", "url", "outlet", "title", "author", "published", "language", "text",
    "status", "duplicate_of", "locator", "kind", "published_estimate_min", "published_estimate_max",
    "encoding", "raw_sha256", "text_sha256", "cleaner", "warnings", "genre",
]

EXPORTS: dict[str, str] = {
    "documents": "SELECT {fields} FROM documents ORDER BY published NULLS LAST, id".format(
        fields=", ".join(f"CAST({f} AS VARCHAR) AS {f}" if f.startswith("published") else f
                         for f in DOCUMENT_FIELDS)),
    "failures": "SELECT source_path, locator, code, reason, raw_sha256 FROM inputs "
                "WHERE outcome = 'failed' ORDER BY source_path, locator",
    "actors": "SELECT a.id, a.name, a.type, a.country, a.code, a.sector, a.aliases, a.parent, a.source, "
              "count(m.actor_id) AS mention_count, list(DISTINCT m.text ORDER BY m.text) AS variants_seen "
              "FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id "
              "GROUP BY ALL ORDER BY mention_count DESC, a.id",
    "mentions": 'SELECT doc_id, start, "end", text, actor_id, method, score, finder FROM mentions '
                "ORDER BY doc_id, start",
    "events": "SELECT id, doc_ids, sentence_start, sentence_end, evidence, source_actor_ids, source_codes, "
              "target_actor_ids, target_codes, plover_type, plover_mode, plover_context, cameo_code, goldstein, "
              "quad_class, CAST(date AS VARCHAR) AS date, date_precision, place, lat, lon, negated, hypothetical, "
              "future, reported, coder, confidence, roles, mention_count, outlet_count FROM events "
              "ORDER BY date NULLS LAST, id",
    "event_mentions": "SELECT id, event_id, doc_id, outlet, sentence_start, sentence_end, evidence, trigger, "
                      "trigger_start, trigger_end, source_actor_ids, target_actor_ids, cameo_code, plover_type, "
                      "CAST(date AS VARCHAR) AS date, date_precision, date_text, place, negated, hypothetical, "
                      "future, reported, confidence, roles, coder FROM event_mentions ORDER BY doc_id, sentence_start",
    "claims": 'SELECT id, doc_id, outlet, kind, speaker_actor_id, speaker_text, text, start, "end", about_actor_ids, '
              "polarity, polarity_score, certainty, loaded_terms, event_types, cue, finder FROM claims "
              "ORDER BY doc_id, start",
    "outlets": PROFILES,
}


def export(store: Store, out_dir: str | Path) -> dict[str, Path]:
    """Write every registered export as DIR/<name>.jsonl; return the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, sql in EXPORTS.items():
        path = out / f"{name}.jsonl"
        copy_to(store, sql, path, "JSON")
        written[name] = path
    return written


def copy_to(store: Store, sql: str, path: Path, fmt: str) -> None:
    """Write the rows of ``sql`` to ``path`` in a DuckDB COPY format (JSON, CSV, PARQUET)."""
    quoted = str(path).replace("'", "''")
    store.con.execute(f"COPY ({sql}) TO '{quoted}' (FORMAT {fmt})")
