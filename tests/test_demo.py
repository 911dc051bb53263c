"""The bundled demo corpus against its own gold (examples/gold/demo_gold.json)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from multivector.evaluation import normalise
from multivector.ingest.run import IngestOptions, ingest
from multivector.store.db import Store
from tests.conftest import ROOT

CORPUS = ROOT / "examples" / "corpus"
GOLD = json.loads((ROOT / "examples" / "gold" / "demo_gold.json").read_text(encoding="utf-8"))
FIELDS = ["title", "author", "published", "outlet", "language"]
METADATA_FLOOR = 0.97  # share of gold metadata fields right; 145/145 when this floor was set


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    with Store(tmp_path_factory.mktemp("demo") / "demo.duckdb") as store:
        summary = ingest([str(CORPUS)], store, IngestOptions(progress=False))
        assert summary.failed == 0 and summary.balanced
        rows = store.documents()
    result = {}
    for row in rows:
        key = str(Path(row["source_path"]).relative_to(CORPUS))
        if row["locator"]:
            key += "#" + row["locator"].split(":")[1]
        result[key] = row
    return result


def value(doc: dict[str, Any], field: str) -> str | None:
    raw = doc[field]
    if raw is None:
        return None
    return normalise(str(raw)) if field == "title" else str(raw)


def test_gold_is_consistent() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "gold" / "check_gold.py")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_input_is_a_document(docs: dict[str, dict[str, Any]]) -> None:
    assert set(docs) == set(GOLD)


def test_metadata(docs: dict[str, dict[str, Any]]) -> None:
    wrong = [(key, field, value(docs[key], field), gold[field])
             for key, gold in GOLD.items() for field in FIELDS if value(docs[key], field) != gold[field]]
    total = len(GOLD) * len(FIELDS)
    assert 1 - len(wrong) / total >= METADATA_FLOOR, wrong


def test_encodings(docs: dict[str, dict[str, Any]]) -> None:
    names = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "cp1251": "cp1251", "koi8-r": "koi8_r"}
    for key, gold in GOLD.items():
        if "#" not in key:
            assert docs[key]["encoding"] == names[gold["encoding"]], key


def test_body_survives_and_chrome_goes(docs: dict[str, dict[str, Any]]) -> None:
    for key, gold in GOLD.items():
        text = normalise(docs[key]["text"])
        lost = [p for p in gold["body"] if normalise(p) not in text]
        assert not lost, (key, lost)
        paragraphs = [normalise(p) for p in docs[key]["text"].split("\n\n")]
        body = [normalise(p) for p in gold["body"]]
        assert paragraphs == body, key


def test_republished_article_is_linked(docs: dict[str, dict[str, Any]]) -> None:
    for key, gold in GOLD.items():
        if gold.get("near_duplicate_of"):
            assert docs[key]["status"] == "near_duplicate"
            assert docs[key]["duplicate_of"] == docs[gold["near_duplicate_of"]]["id"]
