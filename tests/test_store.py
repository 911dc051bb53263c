import json
from pathlib import Path

import duckdb
import pytest

from multivector.clean.lines import paragraphs
from multivector.errors import StoreError
from multivector.ingest import dedup
from multivector.store.db import Store
from multivector.store.export import DOCUMENT_FIELDS, export
from multivector.store.schema import LATEST


def test_new_store_is_migrated_to_latest(tmp_path: Path) -> None:
    with Store(tmp_path / "a.duckdb") as store:
        assert store.schema_version() == LATEST
        tables = {r["table_name"] for r in store.query("SELECT table_name FROM information_schema.tables")}
    assert {"documents", "inputs", "line_stats", "group_docs", "sketches", "runs", "meta"} <= tables


def test_reopening_does_not_migrate_twice(tmp_path: Path) -> None:
    Store(tmp_path / "a.duckdb").close()
    with Store(tmp_path / "a.duckdb") as store:
        assert store.schema_version() == LATEST


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    with Store(tmp_path / "a.duckdb") as store:
        store.con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer"):
        Store(tmp_path / "a.duckdb")


def test_foreign_duckdb_file_is_refused(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "other.duckdb"))
    con.execute("CREATE TABLE x (a INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a multivector store"):
        Store(tmp_path / "other.duckdb")


def test_read_only_needs_an_existing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_export_contract_on_empty_store(tmp_path: Path) -> None:
    with Store(tmp_path / "a.duckdb") as store:
        written = export(store, tmp_path / "out")
    assert written["documents"].read_text() == ""
    assert set(written) >= {"documents", "failures"}


def test_export_fields(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "Kazakhstan and China signed a transit agreement in Astana on Monday, officials said.\n")
    from multivector.ingest.run import IngestOptions, ingest

    with Store(tmp_path / "a.duckdb") as store:
        ingest([str(tmp_path / "in")], store, IngestOptions(progress=False))
        export(store, tmp_path / "out")
    rows = [json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").read_text().splitlines()]
    assert len(rows) == 1
    assert list(rows[0]) == DOCUMENT_FIELDS
    required = ["id", "source_path", "url", "outlet", "title", "author", "published", "language",
                "text", "status", "duplicate_of"]
    assert all(key in rows[0] for key in required)
    assert rows[0]["status"] == "ok" and rows[0]["published"] is None


def test_a_body_made_of_all_its_lines_has_the_lines_sketch() -> None:
    """Ingest reuses the sketch of the extracted lines for the stored body when nothing
    was dropped between them: joining lines into paragraphs changes no word."""
    lines = ["Astana hosted the talks on Monday, officials said,", "and both sides signed a memorandum.", "",
             "“We agreed on gas transit,” the minister told reporters.", "", "Short", "line two", "",
             "The Kazakh and Russian delegations will meet again in March in Moscow."]
    body = "\n\n".join(paragraphs(lines))
    assert "said, and both" in body  # the first two lines were glued into one paragraph
    assert dedup.sketch("\n".join(lines)) == dedup.sketch(body)
