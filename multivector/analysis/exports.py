"""Exports of an analysis: the store's JSONL files, events as CSV and Parquet,
relations per pair and month (JSONL and CSV) and the actor network (GraphML)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from multivector.analysis.network import graphml
from multivector.analysis.relations import DyadEvent, relation_cells
from multivector.store.db import Store
from multivector.store.export import EXPORTS, copy_to, export

RELATION_FIELDS = ["source", "target", "month", "events", "verbal_cooperation", "material_cooperation",
                   "verbal_conflict", "material_conflict", "goldstein_sum", "goldstein_mean", "outlets", "event_ids"]


def export_analysis(store: Store, out: Path, dyads: list[DyadEvent], network: dict[str, Any]) -> dict[str, Path]:
    """The store's exports plus the analysis's: ``dyads`` and ``network`` are the ones
    the report is drawn from, computed once by the caller."""
    written = export(store, out)
    for fmt, suffix in (("CSV, HEADER", "csv"), ("PARQUET", "parquet")):
        path = out / f"events.{suffix}"
        copy_to(store, EXPORTS["events"], path, fmt)
        written[f"events.{suffix}"] = path
    written.update(_relations(dyads, out))
    path = out / "network.graphml"
    path.write_text(graphml(network), encoding="utf-8")
    written["network"] = path
    return written


def _relations(dyads: list[DyadEvent], out: Path) -> dict[str, Path]:
    cells = [c.row() for c in relation_cells(dyads, by_month=True)]
    jsonl, csv = out / "relations.jsonl", out / "relations.csv"
    jsonl.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in cells), encoding="utf-8")
    lines = [",".join(RELATION_FIELDS)]
    for row in cells:
        lines.append(",".join(" ".join(row[f]) if f == "event_ids" else str(row[f]) for f in RELATION_FIELDS))
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"relations": jsonl, "relations.csv": csv}

