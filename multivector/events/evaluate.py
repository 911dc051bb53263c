"""Evaluation of the event coder on the shared gold sets.

PLOVER GSR (plover_gsr_dev.json, PLOVER 0.5b1 names mapped to current types by
data/events/plover05.yaml): event-type accuracy of the sentence's best event, and
source / target country-code accuracy (right when the first actor the coder puts
on that side has one of the gold codes; organisations count as "IGO"), over the
records whose gold has that side. A sentence with no coded event is wrong on all.

PETRARCH-2 validation (PETR2_GSR_validation.xml): CAMEO root-code agreement
(the best event's root equals a gold coding's root) and dyad agreement (source and
target country codes both equal those of a gold coding).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from multivector.actors.kb import KnowledgeBase, knowledge_base
from multivector.events.code import code_text
from multivector.events.ontology import ontology


@dataclass(slots=True)
class Tally:
    total: int = 0
    right: dict[str, int] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)

    def add(self, name: str, ok: bool) -> None:
        self.right[name] = self.right.get(name, 0) + ok

    def rate(self, name: str, over: str | None = None) -> float:
        """Share right of all records, or of those where ``over`` holds (e.g. has_target)."""
        base = self.right.get(over, 0) if over else self.total
        return self.right.get(name, 0) / base if base else 0.0


def country_code(kb: KnowledgeBase, actor_id: str, extra: dict[str, str] | None = None,
                 on: str | None = None) -> str | None:
    actor = kb.actors.get(actor_id)
    if actor is None:
        return (extra or {}).get(actor_id)
    if actor.type in ("igo", "format") or actor.type == "person" and actor.code_on(on, kb).startswith("IGO"):
        return "IGO"
    return actor.country or (actor.id if actor.type == "country" else None)


def gold_codes(side: Any) -> set[str]:
    """Country codes of one side of a GSR record (a list of actor objects, one object, or text)."""
    items = side if isinstance(side, list) else [side] if side else []
    return {str(a.get("code")) for a in items if isinstance(a, dict) and a.get("code")}


def load_gsr(path: Path) -> list[dict[str, Any]]:
    text = re.sub(r",\s*([}\]])", r"\1", path.read_text(encoding="utf-8"))
    return [r for r in json.loads(text) if r.get("event") != "DOCUMENT"]


def evaluate_gsr(path: Path) -> Tally:
    kb, onto = knowledge_base(), ontology()
    tally = Tally()
    for record in load_gsr(path):
        tally.total += 1
        gold_type = onto.plover05.get(str(record["event"]), str(record["event"]))
        events, discovered = code_text(str(record["text"]), str(record.get("date") or "") or None, kb)
        best = events[0] if events else None
        sources, targets = gold_codes(record.get("source")), gold_codes(record.get("target"))
        on = str(record.get("date") or "") or None
        got_source = [country_code(kb, a, discovered, on) for a in best.source_actor_ids] if best else []
        got_target = [country_code(kb, a, discovered, on) for a in best.target_actor_ids] if best else []
        type_ok = bool(best and best.plover_type == gold_type)
        tally.add("type", type_ok)
        tally.add("source", bool(sources) and bool(got_source) and got_source[0] in sources)
        tally.add("target", bool(targets) and bool(got_target) and got_target[0] in targets)
        tally.add("has_source", bool(sources))
        tally.add("has_target", bool(targets))
        if not type_ok:
            tally.misses.append({"id": record["id"], "gold": gold_type, "got": best.plover_type if best else None,
                                 "trigger": best.trigger if best else None, "text": record["text"]})
    return tally


def load_petr(path: Path) -> list[dict[str, Any]]:
    raw = path.read_text(encoding="utf-8")
    records = []
    for block in re.findall(r"<Sentence .*?</Sentence>", raw, flags=re.S):
        head = re.match(r"<Sentence ([^>]*?)/?>", block)
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', head.group(1))) if head else {}
        text = re.search(r"<Text>(.*?)</Text>", block, flags=re.S)
        codings = [dict(re.findall(r'(\w+)="([^"]*)"', c)) for c in re.findall(r"<EventCoding ([^>]*)/>", block)]
        if text and codings and attrs.get("evaluate", "true") == "true":
            records.append({"id": attrs.get("id"), "date": attrs.get("date"), "text": " ".join(text.group(1).split()),
                            "codings": codings})
    return records


def evaluate_petr(path: Path) -> Tally:
    kb = knowledge_base()
    tally = Tally()
    for record in load_petr(path):
        codings = [c for c in record["codings"] if c.get("eventcode")]
        if not codings:
            continue
        tally.total += 1
        date = str(record.get("date") or "")
        iso = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 else None
        events, discovered = code_text(str(record["text"]), iso, kb)
        best = events[0] if events else None
        roots = {c["eventcode"][:2] for c in codings}
        dyads = {(c.get("sourcecode", "")[:3], c.get("targetcode", "")[:3]) for c in codings}
        root_ok = bool(best and best.cameo_code[:2] in roots)
        dyad = (next(iter(country_code(kb, a, discovered) or "" for a in best.source_actor_ids), ""),
                next(iter(country_code(kb, a, discovered) or "" for a in best.target_actor_ids), "")) if best else None
        tally.add("root", root_ok)
        tally.add("dyad", bool(dyad and dyad in dyads))
        if not root_ok:
            tally.misses.append({"id": record["id"], "gold": sorted(roots), "got": best.cameo_code if best else None,
                                 "trigger": best.trigger if best else None, "text": record["text"]})
    tally.total = max(tally.total, 0)
    return tally


