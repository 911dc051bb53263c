"""Who an actor counts for in relations: its country, or the organisation itself
("the EU", "the CSTO"); and the blocs that group them (data/analysis/vectors.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from multivector.actors.kb import knowledge_base
from multivector.resources import load_yaml
from multivector.store.db import Store

_OWN_ENTITY = ("igo", "format")  # organisations of states stand for themselves


@dataclass(frozen=True, slots=True)
class Bloc:
    id: str
    label: str
    members: frozenset[str]


@dataclass(frozen=True, slots=True)
class Vectors:
    blocs: dict[str, Bloc]
    partners: tuple[str, ...]


@lru_cache(maxsize=1)
def vectors() -> Vectors:
    data = load_yaml("analysis/vectors.yaml")
    blocs = {key: Bloc(key, str(spec["label"]), frozenset(spec["members"])) for key, spec in data["blocs"].items()}
    return Vectors(blocs, tuple(data["partners"]))


class Entities:
    """Maps actor ids (and their CAMEO codes on the event date) to entities."""

    def __init__(self, store: Store) -> None:
        rows = store.query("SELECT id, name, type, country FROM actors")
        self.actors: dict[str, dict[str, Any]] = {r["id"]: r for r in rows}
        self.countries = {r["id"] for r in rows if r["type"] == "country"}
        self.names = {r["id"]: r["name"] for r in rows}

    def of(self, actor_id: str, code: str | None = None) -> str | None:
        """The country or organisation ``actor_id`` counts for; the event's CAMEO code
        (dated roles) wins over the actor's home country when it names a country."""
        actor = self.actors.get(actor_id)
        if actor is None:
            return None
        if actor["type"] == "country" or actor["type"] in _OWN_ENTITY:
            return str(actor["id"])
        if code and code[:3] in self.countries:
            return code[:3]
        return str(actor["country"]) if actor["country"] else None

    def label(self, entity: str) -> str:
        bloc = vectors().blocs.get(entity)
        if bloc:
            return bloc.label
        known = knowledge_base().actors.get(entity)
        return self.names.get(entity) or (known.name if known else entity)

    def in_bloc(self, entity: str, bloc: str) -> bool:
        spec = vectors().blocs.get(bloc)
        return entity == bloc or (spec is not None and entity in spec.members)
