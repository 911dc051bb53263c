"""Open exports of the store: JSONL files whose names and fields are a contract.

documents.jsonl  one object per stored document (fields in DOCUMENT_FIELDS)
failures.jsonl   one object per input that did not become a document
Later stages register their own files in EXPORTS.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from multivector.claims.outlets import PROFILES
from multivector.store.db import Store

# The stable contract; later fields may be added, none renamed or removed.
DOCUMENT_FIELDS = [
    "id", "source_path", "url", "outlet", "title", "author", "published", "language", "text",
    "status", "duplicate_of", "locator", "kind", "published_estimate_min", "published_estimate_max",
    "encoding", "raw_sha256", "text_sha256", "cleaner", "warnings", "genre",
]


@dataclass(frozen=True, slots=True)
class Paged:
    """An export written a page of rows at a time: sorting a whole table with its text
    (every document) in one query takes DuckDB to its memory cap on a large store, and
    past it (80,000 news articles at the default 128MB) fails. ``order`` must sort the
    rows totally, so that the pages put together are the one sorted result."""

    table: str
    fields: str
    order: str

    @property
    def sql(self) -> str:
        return f"SELECT {self.fields} FROM {self.table} ORDER BY {self.order}"

    def page(self, first: int, last: int) -> str:
        """The rows ranked ``first`` to ``last`` (from 1) in ``order``, ranked in ``export_order``."""
        return (f"SELECT {self.fields} FROM {self.table} WHERE rowid IN "
                f"(SELECT row FROM export_order WHERE rank BETWEEN {first} AND {last}) ORDER BY {self.order}")


PAGE_ROWS = 2000  # a few MB of text
_DOCUMENT_SELECT = ", ".join(f"CAST({f} AS VARCHAR) AS {f}" if f.startswith("published") else f
                             for f in DOCUMENT_FIELDS)
PAGED = {"documents": Paged("documents", _DOCUMENT_SELECT, "published NULLS LAST, id")}

EXPORTS: dict[str, str] = {
    "documents": PAGED["documents"].sql,
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
        if name in PAGED:
            copy_paged(store, PAGED[name], path)
        else:
            copy_to(store, sql, path, "JSON")
        written[name] = path
    return written


def copy_to(store: Store, sql: str, path: Path, fmt: str) -> None:
    """Write the rows of ``sql`` to ``path`` in a DuckDB COPY format (JSON, CSV, PARQUET)."""
    quoted = str(path).replace("'", "''")
    store.con.execute(f"COPY ({sql}) TO '{quoted}' (FORMAT {fmt})")


def copy_paged(store: Store, export: Paged, path: Path, rows: int = PAGE_ROWS) -> None:
    """Write ``export`` as JSON lines, ``rows`` at a time: only the sort keys are ranked
    whole, each page is read and sorted alone, and the pages are appended in order (the
    same bytes as one COPY)."""
    store.con.execute(f"CREATE OR REPLACE TEMP TABLE export_order AS SELECT rowid AS row, "
                      f"row_number() OVER (ORDER BY {export.order}) AS rank FROM {export.table}")
    try:
        found = store.con.execute("SELECT count(*) FROM export_order").fetchone()
        count = int(found[0]) if found else 0
        with open(path, "wb") as out, tempfile.TemporaryDirectory(prefix="multivector-export-") as tmp:
            part = Path(tmp) / "page.json"
            for first in range(1, count + 1, rows):
                copy_to(store, export.page(first, first + rows - 1), part, "JSON")
                with open(part, "rb") as page:
                    shutil.copyfileobj(page, out)
    finally:
        store.con.execute("DROP TABLE IF EXISTS export_order")
