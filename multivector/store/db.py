"""The embedded DuckDB store: open and migrate, bulk writes, reads."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import duckdb

from multivector import __version__
from multivector.errors import StoreError
from multivector.model import Document, Failure
from multivector.store.schema import LATEST, MIGRATIONS

DEFAULT_DB = "multivector.duckdb"

DOCUMENT_COLUMNS = {
    "id": "VARCHAR", "source_path": "VARCHAR", "locator": "VARCHAR", "kind": "VARCHAR",
    "raw_sha256": "VARCHAR", "text_sha256": "VARCHAR", "url": "VARCHAR", "outlet": "VARCHAR",
    "title": "VARCHAR", "author": "VARCHAR", "published": "DATE",
    "published_estimate_min": "DATE", "published_estimate_max": "DATE", "language": "VARCHAR",
    "encoding": "VARCHAR", "status": "VARCHAR", "duplicate_of": "VARCHAR", "text": "VARCHAR",
    "cleaner": "VARCHAR", "warnings": "VARCHAR[]", "genre": "VARCHAR", "run_id": "INTEGER",
    "ingested_at": "TIMESTAMP",
}
INPUT_COLUMNS = {
    "source_path": "VARCHAR", "locator": "VARCHAR", "raw_sha256": "VARCHAR", "outcome": "VARCHAR",
    "doc_id": "VARCHAR", "code": "VARCHAR", "reason": "VARCHAR", "run_id": "INTEGER",
    "seen_at": "TIMESTAMP",
}

# json.dumps(row, ensure_ascii=False) builds an encoder per call (only the default options
# share one); this is the same encoder, made once: the same lines.
_ROW_JSON = json.JSONEncoder(ensure_ascii=False)


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")


def memory_limit() -> str:
    """DuckDB's memory cap (``MULTIVECTOR_DUCKDB_MEMORY``, default 128MB). Its own
    default is 80% of the machine, which lets the buffer cache grow with the store; past
    the cap it spills to a temporary directory, so large corpora run in flat memory."""
    return os.environ.get("MULTIVECTOR_DUCKDB_MEMORY", "128MB")


class Store:
    """One DuckDB file holding every record multivector makes."""

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_DB, read_only: bool = False) -> None:
        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise StoreError(f"no store at {self.path}; run 'multivector ingest' first")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only, config={"memory_limit": memory_limit()})
        except duckdb.Error as error:
            raise StoreError(f"cannot open {self.path}: {error}") from error
        if not read_only:
            self.migrate()
        elif self.schema_version() > LATEST:
            raise StoreError(f"{self.path} has schema {self.schema_version()}, newer than this multivector")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- schema ---------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchone()
        if not exists or not exists[0]:
            if self.con.execute("SELECT count(*) FROM information_schema.tables").fetchone() != (0,):
                raise StoreError(f"{self.path} is a DuckDB file but not a multivector store")
            self.con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
            return 0
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def migrate(self) -> None:
        current = self.schema_version()
        if current > LATEST:
            raise StoreError(f"{self.path} has schema {current}, newer than this multivector ({LATEST}); upgrade")
        for version, sql in MIGRATIONS:
            if version <= current:
                continue
            self.con.execute("BEGIN TRANSACTION")
            self.con.execute(sql)
            self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)])
            self.con.execute("COMMIT")

    # -- bulk writes ------------------------------------------------------------
    def bulk_insert(self, table: str, columns: dict[str, str], rows: list[dict[str, Any]]) -> None:
        """Insert many rows at once through a temporary JSONL file (fast in DuckDB)."""
        if not rows:
            return
        fd, tmp = tempfile.mkstemp(suffix=".jsonl", prefix="multivector-")
        try:
            longest = 0
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                for row in rows:
                    line = _ROW_JSON.encode({k: row.get(k) for k in columns})
                    longest = max(longest, len(line) if line.isascii() else len(line.encode("utf-8")))
                    handle.write(line)
                    handle.write("\n")
            spec = "{" + ", ".join(f"'{k}': '{v}'" for k, v in columns.items()) + "}"
            names = ", ".join(f'"{k}"' for k in columns)
            # the reader's buffer is sized from the largest object: keep it to what the rows need
            size = max(1 << 20, 2 * longest)
            self.con.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM read_json(?, columns={spec}, "
                f"format='newline_delimited', maximum_object_size={size})", [tmp])
        finally:
            os.unlink(tmp)

    def add_documents(self, documents: list[Document], run_id: int) -> None:
        stamp = now()
        rows = [{**asdict(d), "run_id": run_id, "ingested_at": stamp} for d in documents]
        self.bulk_insert("documents", DOCUMENT_COLUMNS, rows)

    def add_inputs(self, rows: list[dict[str, Any]], run_id: int) -> None:
        stamp = now()
        self.bulk_insert("inputs", INPUT_COLUMNS, [{**r, "run_id": run_id, "seen_at": stamp} for r in rows])

    def forget_failures(self, keys: list[tuple[str, str]]) -> None:
        """Drop earlier failure rows of inputs that are being retried."""
        for source, locator in keys:
            self.con.execute("DELETE FROM inputs WHERE source_path = ? AND locator = ? AND outcome = 'failed'",
                             [source, locator])

    def add_sketches(self, sketches: dict[str, list[int]]) -> None:
        rows = [{"doc_id": d, "h": h} for d, hs in sketches.items() for h in hs]
        self.bulk_insert("sketches", {"doc_id": "VARCHAR", "h": "UBIGINT"}, rows)

    def learn_lines(self, shapes_path: str) -> set[tuple[str, int]]:
        """Fold a JSONL of {group, shapes[]} per document into the line statistics;
        return the (group, shape) pairs that now count as chrome."""
        from multivector.clean.boilerplate import MIN_DOCS, MIN_SHARE

        source = ("read_json(?, columns={'group_key': 'VARCHAR', 'shapes': 'UBIGINT[]'}, "
                  "format='newline_delimited')")
        self.con.execute("BEGIN TRANSACTION")
        self.con.execute(f"""
            INSERT INTO group_docs SELECT group_key, count(*) FROM {source} GROUP BY group_key
            ON CONFLICT (group_key) DO UPDATE SET docs = group_docs.docs + excluded.docs""", [shapes_path])
        self.con.execute(f"""
            INSERT INTO line_stats
            SELECT group_key, shape, count(*) FROM (SELECT group_key, unnest(shapes) AS shape FROM {source})
            GROUP BY group_key, shape
            ON CONFLICT (group_key, shape) DO UPDATE SET docs = line_stats.docs + excluded.docs""",
                         [shapes_path])
        self.con.execute("COMMIT")
        rows = self.con.execute("""
            SELECT s.group_key, s.shape FROM line_stats s JOIN group_docs g USING (group_key)
            WHERE s.docs >= ? AND s.docs >= ? * g.docs""", [MIN_DOCS, MIN_SHARE]).fetchall()
        return {(g, int(s)) for g, s in rows}

    # -- run bookkeeping ------------------------------------------------------------
    def start_run(self, command: str) -> int:
        row = self.con.execute("SELECT coalesce(max(id), 0) + 1 FROM runs").fetchone()
        run_id = int(row[0]) if row else 1
        self.con.execute("INSERT INTO runs (id, command, version, started_at) VALUES (?, ?, ?, ?)",
                         [run_id, command, __version__, now()])
        return run_id

    def finish_run(self, run_id: int, counts: dict[str, int]) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = ?, read = ?, stored = ?, near_duplicate = ?, duplicate = ?, "
            "failed = ? WHERE id = ?",
            [now(), counts["read"], counts["stored"], counts["near_duplicate"], counts["duplicate"],
             counts["failed"], run_id])

    # -- reads ----------------------------------------------------------------------
    def known_inputs(self) -> dict[tuple[str, str, str], str]:
        """(source, locator, raw hash) -> outcome, for every input seen before."""
        rows = self.con.execute("SELECT source_path, locator, coalesce(raw_sha256, ''), outcome FROM inputs")
        return {(s, loc, h): o for s, loc, h, o in rows.fetchall()}

    def hash_index(self, column: str) -> dict[str, str]:
        """raw_sha256 or text_sha256 -> document id."""
        assert column in ("raw_sha256", "text_sha256")
        return dict(self.con.execute(f"SELECT {column}, id FROM documents").fetchall())

    def published_index(self) -> dict[str, str | None]:
        rows = self.con.execute("SELECT id, CAST(published AS VARCHAR) FROM documents").fetchall()
        return {doc_id: published for doc_id, published in rows}

    def relink(self, copy: str, original: str) -> None:
        """Make ``copy`` (and every document linked to it) a near duplicate of ``original``."""
        self.con.execute("UPDATE documents SET duplicate_of = ? WHERE duplicate_of = ?", [original, copy])
        self.con.execute("UPDATE documents SET status = 'near_duplicate', duplicate_of = ? WHERE id = ?",
                         [original, copy])
        self.con.execute("UPDATE documents SET status = 'ok', duplicate_of = NULL WHERE id = ?", [original])
        self.con.execute("UPDATE inputs SET outcome = 'near_duplicate' WHERE doc_id = ? AND outcome = 'stored'",
                         [copy])
        self.con.execute("UPDATE inputs SET outcome = 'stored' WHERE doc_id = ? AND outcome = 'near_duplicate'",
                         [original])

    def sketch_rows(self) -> Iterator[tuple[str, int]]:
        for doc_id, h in self.con.execute("SELECT doc_id, h FROM sketches").fetchall():
            yield doc_id, int(h)

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def stream(self, sql: str, params: list[Any] | None = None, size: int = 500) -> Iterator[dict[str, Any]]:
        """The rows of ``sql`` as ``query`` gives them, fetched ``size`` at a time on a cursor
        of their own: a long result is never held whole, and other queries may run between."""
        cursor = self.con.cursor()
        try:
            result = cursor.execute(sql, params or [])
            names = [d[0] for d in result.description]
            while rows := result.fetchmany(size):
                yield from (dict(zip(names, row, strict=True)) for row in rows)
        finally:
            cursor.close()

    def documents(self, where: str = "", params: list[Any] | None = None) -> list[dict[str, Any]]:
        return self.query(f"SELECT * FROM documents {where} ORDER BY published NULLS LAST, id", params)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        rows = self.query("SELECT * FROM documents WHERE id = ? OR id LIKE ? ORDER BY id",
                          [doc_id, doc_id + "%"])
        return rows[0] if len(rows) == 1 else None

    def failures(self) -> list[dict[str, Any]]:
        return self.query("SELECT source_path, locator, code, reason FROM inputs WHERE outcome = 'failed' "
                          "ORDER BY source_path, locator")


def failure_row(failure: Failure, raw_sha256: str | None = None) -> dict[str, Any]:
    return {"source_path": failure.source_path, "locator": failure.locator, "raw_sha256": raw_sha256,
            "outcome": "failed", "code": failure.code, "reason": failure.reason}
