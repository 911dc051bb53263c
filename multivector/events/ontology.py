"""CAMEO and PLOVER as data (multivector/data/events): codes, names, Goldstein
scores, QuadClass, and the CAMEO -> PLOVER type, mode and context map."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from multivector.resources import load_yaml


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    root: str
    quad_class: int
    goldstein: float
    plover: str | None
    mode: str | None
    context: str | None


@dataclass(frozen=True, slots=True)
class Ontology:
    cameo: dict[str, CameoCode]
    plover_types: tuple[str, ...]
    plover05: dict[str, str]  # PLOVER 0.5 event name -> current type
    future_types: dict[str, str]  # the type a future act takes in PLOVER (AID -> AGREE)

    def plover_type(self, code: str, future: bool) -> str | None:
        """The PLOVER type of a CAMEO code; a future act takes the manual's future type."""
        plover = self.code(code).plover
        return self.future_types.get(plover, plover) if future and plover else plover

    def code(self, code: str) -> CameoCode:
        """The entry of ``code``, falling back to its parent (0331 -> 033 -> 03)."""
        for length in (len(code), 3, 2):
            entry = self.cameo.get(code[:length])
            if entry:
                return entry
        raise KeyError(f"unknown CAMEO code {code!r}")


@lru_cache(maxsize=1)
def ontology() -> Ontology:
    cameo_data = load_yaml("events/cameo.yaml")
    codes = {}
    for code, entry in cameo_data.items():
        if not isinstance(entry, dict):
            continue
        code = str(code)
        raw_kept = entry.get("if_kept")
        kept: dict[str, Any] = raw_kept if isinstance(raw_kept, dict) else {}
        plover = entry.get("plover") or kept.get("plover")  # CAMEO 02 appeals: REQUEST, as PLOVER keeps them
        mode = entry.get("mode") if entry.get("plover") else kept.get("mode")
        context = entry.get("context") if entry.get("plover") else kept.get("context")
        if isinstance(context, list):
            context = ";".join(str(c) for c in context) or None
        codes[code] = CameoCode(code, str(entry.get("name", "")), str(entry.get("root") or code[:2]),
                                int(entry.get("quad_class") or 0), float(entry.get("goldstein") or 0.0),
                                plover, mode, context)
    plover = load_yaml("events/plover.yaml")
    types = tuple(str(t["name"]) for t in plover.get("event_types", []))
    old = load_yaml("events/plover05.yaml").get("map", {})
    future = {str(k): str(v) for k, v in (plover.get("future_types") or {}).items()}
    return Ontology(codes, types, {str(k): str(v["type"]) for k, v in old.items()}, future)
