"""Relations over time (``relations.v1``): every coded event seen as ordered pairs of
countries or organisations, counted per month by QuadClass with the sum and mean of
the Goldstein-style score and the number of independent outlets behind each cell;
and the multi-vector view of one country against its partners.

An event with a target gives one pair per source and target entity; a joint act
with no target ("Tokayev and Putin agreed") gives both orders between its sources.
Negated and hypothetical events did not happen and are left out; undated events
are kept in the totals but fall outside every month.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from multivector.analysis.entities import Entities, vectors
from multivector.claims.outlets import OUTLET
from multivector.store.db import Store

ALGORITHM = "relations.v1"
COOPERATION = (1, 2)  # QuadClass: verbal and material cooperation
CONFLICT = (3, 4)  # verbal and material conflict


@dataclass(frozen=True, slots=True)
class DyadEvent:
    """One event as one ordered pair of entities."""

    event_id: str
    date: str | None
    source: str
    target: str
    quad_class: int
    goldstein: float
    joint: bool
    outlets: tuple[str, ...]

    @property
    def month(self) -> str | None:
        return self.date[:7] if self.date else None


@dataclass(slots=True)
class Cell:
    """The events of one ordered pair in one month (or over all time: month None)."""

    source: str
    target: str
    month: str | None
    quad: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    goldstein_sum: float = 0.0
    outlets: set[str] = field(default_factory=set)
    event_ids: list[str] = field(default_factory=list)

    @property
    def events(self) -> int:
        return len(self.event_ids)

    @property
    def goldstein_mean(self) -> float:
        return self.goldstein_sum / self.events if self.events else 0.0

    def add(self, item: DyadEvent) -> None:
        if item.event_id in self.event_ids:
            return
        self.event_ids.append(item.event_id)
        self.quad[item.quad_class - 1] += 1
        self.goldstein_sum += item.goldstein
        self.outlets.update(item.outlets)

    def row(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "month": self.month, "events": self.events,
                "verbal_cooperation": self.quad[0], "material_cooperation": self.quad[1],
                "verbal_conflict": self.quad[2], "material_conflict": self.quad[3],
                "goldstein_sum": round(self.goldstein_sum, 2), "goldstein_mean": round(self.goldstein_mean, 2),
                "outlets": len(self.outlets), "event_ids": list(self.event_ids)}


def dyad_events(store: Store, entities: Entities | None = None) -> list[DyadEvent]:
    """Every event that happened, as ordered pairs of entities."""
    entities = entities or Entities(store)
    rows = store.query(
        "SELECT e.id, CAST(e.date AS VARCHAR) AS date, e.quad_class, e.goldstein, e.source_actor_ids, "
        "e.source_codes, e.target_actor_ids, e.target_codes, "
        f"list(DISTINCT {OUTLET} ORDER BY {OUTLET}) FILTER (WHERE d.id IS NOT NULL) AS outlets "
        "FROM events e LEFT JOIN event_mentions m ON m.event_id = e.id LEFT JOIN documents d ON d.id = m.doc_id "
        "WHERE NOT coalesce(e.negated, false) AND NOT coalesce(e.hypothetical, false) AND e.quad_class IS NOT NULL "
        "GROUP BY ALL ORDER BY date NULLS LAST, e.id")
    found: list[DyadEvent] = []
    for row in rows:
        sources = _entities(entities, row["source_actor_ids"], row["source_codes"])
        targets = _entities(entities, row["target_actor_ids"], row["target_codes"])
        joint = not targets
        pairs = [(s, t) for s in sources for t in (targets or sources) if s != t]
        outlets = tuple(sorted(row["outlets"] or []))
        for source, target in pairs:
            found.append(DyadEvent(row["id"], row["date"], source, target, int(row["quad_class"]),
                                   float(row["goldstein"] or 0.0), joint, outlets))
    return found


def _entities(entities: Entities, actor_ids: list[str] | None, codes: list[str] | None) -> list[str]:
    codes = codes or []
    out: list[str] = []
    for index, actor_id in enumerate(actor_ids or []):
        entity = entities.of(actor_id, codes[index] if index < len(codes) else None)
        if entity and entity not in out:
            out.append(entity)
    return out


def relation_cells(dyads: list[DyadEvent], by_month: bool = True) -> list[Cell]:
    """Cells per ordered pair (and month), largest pairs first, months in order."""
    cells: dict[tuple[str, str, str | None], Cell] = {}
    for item in dyads:
        month = item.month if by_month else None
        if by_month and month is None:
            continue
        key = (item.source, item.target, month)
        cells.setdefault(key, Cell(*key)).add(item)
    totals = Counter[tuple[str, str]]()
    for cell in cells.values():
        totals[(cell.source, cell.target)] += cell.events
    return sorted(cells.values(), key=lambda c: (-totals[(c.source, c.target)], c.source, c.target, c.month or ""))


def between(dyads: list[DyadEvent], one: str, other: str, entities: Entities | None = None) -> list[DyadEvent]:
    """The pairs between ``one`` and ``other`` in either direction; either side may be a bloc."""
    def member(entity: str, side: str) -> bool:
        return entities.in_bloc(entity, side) if entities else entity == side
    return [d for d in dyads if (member(d.source, one) and member(d.target, other))
            or (member(d.source, other) and member(d.target, one))]


def focus_country(store: Store) -> str | None:
    """The most mentioned country of the corpus (its government and people count for it)."""
    rows = store.query(
        "SELECT coalesce(CASE WHEN a.type = 'country' THEN a.id END, a.country) AS country, count(*) AS n "
        "FROM mentions m JOIN actors a ON a.id = m.actor_id "
        "WHERE a.type IN ('country', 'government', 'group', 'person', 'legislature', 'agency') "
        "GROUP BY 1 HAVING country IS NOT NULL ORDER BY n DESC, country LIMIT 1")
    return str(rows[0]["country"]) if rows else None


def multivector_view(dyads: list[DyadEvent], focus: str, entities: Entities,
                     partners: list[str] | None = None) -> list[dict[str, Any]]:
    """For each partner of ``focus``: cooperation against conflict per month, from the
    events between them in either direction (each event counted once)."""
    chosen = partners or list(vectors().partners)
    view = []
    for partner in chosen:
        if partner == focus:
            continue
        pairs = between(dyads, focus, partner, entities)
        if not pairs:
            continue
        months: dict[str, Cell] = {}
        overall = Cell(focus, partner, None)
        for item in pairs:
            overall.add(item)
            if item.month:
                months.setdefault(item.month, Cell(focus, partner, item.month)).add(item)
        view.append({"partner": partner, "label": entities.label(partner), "bloc": partner in vectors().blocs,
                     "total": _balance(overall), "months": [_balance(months[m]) for m in sorted(months)]})
    return view


def _balance(cell: Cell) -> dict[str, Any]:
    return {"month": cell.month, "events": cell.events, "cooperation": cell.quad[0] + cell.quad[1],
            "conflict": cell.quad[2] + cell.quad[3], "goldstein_mean": round(cell.goldstein_mean, 2),
            "goldstein_sum": round(cell.goldstein_sum, 2), "outlets": len(cell.outlets),
            "event_ids": list(cell.event_ids)}
