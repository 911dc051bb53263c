"""Exports of an analysis: the store's JSONL files, events as CSV and Parquet,
relations per pair and month (JSONL and CSV) and the actor network (GraphML)."""

from __future__ import annotations

import json
from pathlib import Path

from multivector.analysis.entities import Entities
from multivector.analysis.network import actor_network, graphml
from multivector.analysis.relations import dyad_events, relation_cells
from multivector.store.db import Store
from multivector.store.export import EXPORTS, export

RELATION_FIELDS = ["source", "target", "month", "events", "verbal_cooperation", "material_cooperation",
                   "verbal_conflict", "material_conflict", "goldstein_sum", "goldstein_mean", "outlets", "event_ids"]


def export_analysis(store: Store, out: Path) -> dict[str, Path]:
    written = export(store, out)
    for fmt, suffix in (("CSV, HEADER", "csv"), ("PARQUET", "parquet")):
        path = out / f"events.{suffix}"
        store.con.execute(f"COPY ({EXPORTS['events']}) TO '{_quote(path)}' (FORMAT {fmt})")
        written[f"events.{suffix}"] = path
    written.update(_relations(store, out))
    path = out / "network.graphml"
    path.write_text(graphml(actor_network(store)), encoding="utf-8")
    written["network"] = path
    return written


def _relations(store: Store, out: Path) -> dict[str, Path]:
    cells = [c.row() for c in relation_cells(dyad_events(store, Entities(store)), by_month=True)]
    jsonl, csv = out / "relations.jsonl", out / "relations.csv"
    jsonl.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in cells), encoding="utf-8")
    lines = [",".join(RELATION_FIELDS)]
    for row in cells:
        lines.append(",".join(" ".join(row[f]) if f == "event_ids" else str(row[f]) for f in RELATION_FIELDS))
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"relations": jsonl, "relations.csv": csv}


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
