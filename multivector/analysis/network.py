"""The actor network (``network.v1``): actors as nodes, events between them as
weighted edges (source to target; joint acts link their co-actors), laid out with a
deterministic force-directed placement so the same store always draws the same map."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from multivector.store.db import Store

ALGORITHM = "network.v1"
_ITERATIONS = 200
_GRAVITY = 2.0


def actor_network(store: Store, limit: int = 40) -> dict[str, Any]:
    """Nodes (the ``limit`` actors in most events) and the edges among them, with
    positions in the unit square and the events behind each edge."""
    rows = store.query("SELECT id, source_actor_ids AS s, target_actor_ids AS t FROM events "
                       "WHERE NOT coalesce(negated, false) AND NOT coalesce(hypothetical, false) ORDER BY id")
    edges: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        sources, targets = list(dict.fromkeys(row["s"] or [])), list(dict.fromkeys(row["t"] or []))
        pairs = [(a, b) for a in sources for b in targets if a != b] if targets else \
            [(a, b) for i, a in enumerate(sources) for b in sources[i + 1:] if a != b]
        for pair in pairs:
            edges.setdefault(pair, []).append(row["id"])
    degree = Counter[str]()
    for (a, b), ids in edges.items():
        degree[a] += len(ids)
        degree[b] += len(ids)
    keep = [actor for actor, _ in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]
    kept = set(keep)
    links = [{"source": a, "target": b, "weight": len(ids), "event_ids": ids}
             for (a, b), ids in sorted(edges.items()) if a in kept and b in kept]
    info = {r["id"]: r for r in store.query("SELECT id, name, type, country FROM actors")}
    positions = layout(keep, [(a, b, len(ids)) for (a, b), ids in sorted(edges.items()) if a in kept and b in kept])
    nodes = [{"id": a, "name": info.get(a, {}).get("name", a), "type": info.get(a, {}).get("type"),
              "country": info.get(a, {}).get("country"), "events": degree[a],
              "x": round(positions[a][0], 4), "y": round(positions[a][1], 4)} for a in keep]
    return {"nodes": nodes, "edges": links, "algorithm": ALGORITHM}


def layout(nodes: list[str], edges: list[tuple[str, str, int]]) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold placement in the unit square, started on a circle (no
    randomness), cooling linearly."""
    n = len(nodes)
    if n == 0:
        return {}
    pos = {v: [0.5 + 0.4 * math.cos(2 * math.pi * i / n), 0.5 + 0.4 * math.sin(2 * math.pi * i / n)]
           for i, v in enumerate(nodes)}
    k = math.sqrt(1.0 / n)
    for step in range(_ITERATIONS):
        shift = {v: [0.0, 0.0] for v in nodes}
        for i, a in enumerate(nodes):
            for b in nodes[i + 1:]:
                dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
                dist = max(math.hypot(dx, dy), 1e-4)
                force = k * k / dist
                shift[a][0] += dx / dist * force
                shift[a][1] += dy / dist * force
                shift[b][0] -= dx / dist * force
                shift[b][1] -= dy / dist * force
        for a, b, weight in edges:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            dist = max(math.hypot(dx, dy), 1e-4)
            force = dist * dist / k * (1 + math.log(weight))
            shift[a][0] -= dx / dist * force
            shift[a][1] -= dy / dist * force
            shift[b][0] += dx / dist * force
            shift[b][1] += dy / dist * force
        for v in nodes:  # gravity keeps separate components on the map
            shift[v][0] -= (pos[v][0] - 0.5) * _GRAVITY
            shift[v][1] -= (pos[v][1] - 0.5) * _GRAVITY
        heat = 0.1 * (1 - step / _ITERATIONS)
        for v in nodes:
            dx, dy = shift[v]
            length = max(math.hypot(dx, dy), 1e-9)
            pos[v][0] += dx / length * min(length, heat)
            pos[v][1] += dy / length * min(length, heat)
    return _fit(pos)


def _fit(pos: dict[str, list[float]]) -> dict[str, tuple[float, float]]:
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {v: ((p[0] - min(xs)) / span_x, (p[1] - min(ys)) / span_y) for v, p in pos.items()}


def graphml(network: dict[str, Any]) -> str:
    """The network as GraphML (Gephi, Cytoscape, networkx and igraph read it)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
             '<key id="name" for="node" attr.name="name" attr.type="string"/>',
             '<key id="type" for="node" attr.name="type" attr.type="string"/>',
             '<key id="country" for="node" attr.name="country" attr.type="string"/>',
             '<key id="weight" for="edge" attr.name="weight" attr.type="int"/>',
             '<graph id="actors" edgedefault="directed">']
    for node in network["nodes"]:
        lines.append(f"<node id={quoteattr(node['id'])}>"
                     + "".join(f'<data key="{k}">{escape(str(node[k] or ""))}</data>' for k in ("name", "type",
                                                                                             "country"))
                     + "</node>")
    for edge in network["edges"]:
        lines.append(f"<edge source={quoteattr(edge['source'])} target={quoteattr(edge['target'])}>"
                     f'<data key="weight">{edge["weight"]}</data></edge>')
    lines += ["</graph>", "</graphml>"]
    return "\n".join(lines) + "\n"
