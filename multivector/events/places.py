"""Where an event happened: an offline gazetteer (data/places.yaml) with former
names and other scripts (Alma-Ata -> Almaty, Nur-Sultan -> Astana, Shvedt ->
Schwedt), read from "in X", "at X", "near X" and, for visits, "to X"."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from multivector.actors.tokens import Token, norms, tokenize
from multivector.resources import load_yaml

_PLACE_PREPOSITIONS = ("in", "at", "near", "outside", "to", "from", "into", "в", "во")
_PREFERRED = ("in", "at", "near", "outside", "в", "во")


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    country: str
    kind: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Gazetteer:
    names: dict[tuple[str, ...], Place]
    longest: int

    def at(self, tokens: list[Token], i: int) -> tuple[Place, int] | None:
        """The longest place name starting at token ``i``, which must be capitalised
        (checked first: most tokens are not, and then no name length is tried)."""
        if i >= len(tokens) or not tokens[i].capitalised:
            return None
        for length in range(min(self.longest, len(tokens) - i), 0, -1):
            place = self.names.get(tuple(t.norm for t in tokens[i:i + length]))
            if place:
                return place, length
        return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    names: dict[tuple[str, ...], Place] = {}
    for entry in load_yaml("places.yaml").get("places", []):
        place = Place(str(entry["id"]), str(entry["name"]), str(entry.get("country") or ""),
                      str(entry.get("kind") or "city"), float(entry["lat"]), float(entry["lon"]))
        for name in [entry["name"], *(entry.get("aliases") or [])]:
            key = norms(str(name))
            if key and key not in names:
                names[key] = place
    return Gazetteer(names, max((len(k) for k in names), default=1))


def place_of(sentence: str, destination: bool = False) -> Place | None:
    """The place a sentence sets its event in: after in/at/near first, else (for
    visits) the destination after "to"."""
    tokens = tokenize(sentence)
    gaz = gazetteer()
    fallback: Place | None = None
    for i, token in enumerate(tokens[:-1]):
        if token.norm not in _PLACE_PREPOSITIONS:
            return_at = None
        else:
            j = i + 1 + (tokens[i + 1].norm == "the")
            return_at = gaz.at(tokens, j) if j < len(tokens) else None
        if return_at:
            if token.norm in _PREFERRED:
                return return_at[0]
            if token.norm == "to" and destination and fallback is None:
                fallback = return_at[0]
    return fallback
