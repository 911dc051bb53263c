"""Inline SVG charts drawn on the server: no chart library, no script needed to see them."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from html import escape
from typing import Any

QUAD_COLOURS = {1: "#3b82f6", 2: "#15803d", 3: "#f59e0b", 4: "#b91c1c"}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
TYPE_COLOURS = {"person": "#2563eb", "country": "#b45309", "government": "#7c3aed", "igo": "#0f766e"}


def month_index(month: str) -> int:
    year, number = month.split("-")[:2]
    return int(year) * 12 + int(number) - 1


def month_label(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def _ids(ids: list[str]) -> str:
    return escape(" ".join(ids), quote=True)


def balance_chart(months: list[dict[str, Any]], span: tuple[int, int], label: str,
                  width: int = 720, height: int = 120) -> str:
    """Cooperation above the axis, conflict below, one bar per month with events."""
    first, last = span
    count = max(last - first + 1, 1)
    step = (width - 40) / count
    bar = max(min(step * 0.8, 18), 2)
    peak = max([max(m["cooperation"], m["conflict"]) for m in months] + [1])
    middle = height / 2
    scale = (middle - 12) / peak
    parts = [f'<svg class="chart balance" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(label, quote=True)}">',
             f'<line x1="30" y1="{middle}" x2="{width - 10}" y2="{middle}" class="axis"/>',
             f'<text x="2" y="14" class="tick">+{peak}</text><text x="2" y="{height - 4}" class="tick">−{peak}</text>']
    for m in months:
        x = 30 + (month_index(m["month"]) - first) * step + (step - bar) / 2
        title = (f"{m['month']}: {m['cooperation']} cooperative, {m['conflict']} conflictual, mean Goldstein "
                 f"{m['goldstein_mean']:+.1f}, {m['outlets']} outlet(s)")
        if m["cooperation"]:
            h = m["cooperation"] * scale
            parts.append(f'<rect class="bar coop" x="{x:.1f}" y="{middle - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                         f'data-events="{_ids(m["event_ids"])}" data-label="{escape(label + " " + m["month"])}">'
                         f"<title>{escape(title)}</title></rect>")
        if m["conflict"]:
            h = m["conflict"] * scale
            parts.append(f'<rect class="bar conflict" x="{x:.1f}" y="{middle:.1f}" width="{bar:.1f}" '
                         f'height="{h:.1f}" data-events="{_ids(m["event_ids"])}" '
                         f'data-label="{escape(label + " " + m["month"])}"><title>{escape(title)}</title></rect>')
    parts += _year_ticks(first, last, step, height, 30)
    parts.append("</svg>")
    return "".join(parts)


def _year_ticks(first: int, last: int, step: float, height: float, left: float) -> list[str]:
    years = range(first // 12, last // 12 + 1)
    every = max(1, math.ceil(len(years) / 12))
    ticks = []
    for year in years:
        if (year - years[0]) % every:
            continue
        x = left + (max(year * 12, first) - first) * step
        ticks.append(f'<text x="{x:.1f}" y="{height / 2 + 11}" class="tick year">{year}</text>')
    return ticks


def timeline_strip(events: Iterable[dict[str, Any]], width: int = 960, height: int = 90) -> str:
    """Every dated event as a dot on one time axis, coloured by QuadClass. The events
    are walked once, keeping only what a dot needs (they may be read from the store)."""
    dots = [(dt.date.fromisoformat(e["date"]).toordinal(), e["id"], e["date"], e["quad_class"],
             e["plover_type"] or e["cameo_code"] or "") for e in events if e["date"]]
    if not dots:
        return '<p class="empty">No dated events.</p>'
    low, high = min(d[0] for d in dots), max(d[0] for d in dots)
    span = max(high - low, 1)
    lanes: dict[tuple[int, int], int] = {}
    parts = [f'<svg class="chart strip" viewBox="0 0 {width} {height}" role="img" aria-label="events over time">',
             f'<line x1="10" y1="{height - 20}" x2="{width - 10}" y2="{height - 20}" class="axis"/>']
    for day, event_id, date, quad_class, kind in dots:
        x = 10 + (day - low) / span * (width - 20)
        column = (round(x / 6), 0)
        lane = lanes.get(column, 0)
        lanes[column] = lane + 1
        y = height - 28 - (lane % 8) * 7
        colour = QUAD_COLOURS.get(quad_class or 0, "#6b7280")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}" class="dot" '
                     f'data-event="{escape(event_id)}"><title>{escape(date)} {escape(kind)}</title></circle>')
    for year in range(dt.date.fromordinal(low).year, dt.date.fromordinal(high).year + 1):
        day = max(dt.date(year, 1, 1).toordinal(), low)
        x = 10 + (day - low) / span * (width - 20)
        parts.append(f'<text x="{x:.1f}" y="{height - 6}" class="tick year">{year}</text>')
    parts.append("</svg>")
    return "".join(parts)


def network_svg(network: dict[str, Any], width: int = 960, height: int = 560) -> str:
    nodes = {n["id"]: n for n in network["nodes"]}
    if not nodes:
        return '<p class="empty">No events between actors.</p>'
    pad = 60

    def at(node: dict[str, Any]) -> tuple[float, float]:
        return pad + node["x"] * (width - 2 * pad), pad / 2 + node["y"] * (height - pad)

    heaviest = max([e["weight"] for e in network["edges"]] + [1])
    parts = [f'<svg class="chart network" viewBox="0 0 {width} {height}" role="img" aria-label="actor network">']
    for edge in network["edges"]:
        (x1, y1), (x2, y2) = at(nodes[edge["source"]]), at(nodes[edge["target"]])
        stroke = 1 + 5 * edge["weight"] / heaviest
        parts.append(f'<line class="edge" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     f'stroke-width="{stroke:.1f}" data-events="{_ids(edge["event_ids"])}" '
                     f'data-label="{escape(nodes[edge["source"]]["name"])} – {escape(nodes[edge["target"]]["name"])}">'
                     f'<title>{edge["weight"]} event(s)</title></line>')
    biggest = max(n["events"] for n in nodes.values())
    for node in nodes.values():
        x, y = at(node)
        radius = 4 + 14 * math.sqrt(node["events"] / biggest)
        colour = TYPE_COLOURS.get(node["type"] or "", "#6b7280")
        parts.append(f'<g class="node" data-actor="{escape(node["id"], quote=True)}" '
                     f'data-label="{escape(node["name"], quote=True)}" tabindex="0">'
                     f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}"/>'
                     f'<text x="{x + radius + 2:.1f}" y="{y + 4:.1f}">{escape(node["name"])}</text>'
                     f'<title>{escape(node["name"])}: {node["events"]} event(s)</title></g>')
    parts.append("</svg>")
    return "".join(parts)
