"""The framing and tone lexicons (data/claims/framing.yaml, tone.yaml), loaded
once, as lemma tuples ready for matching."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from multivector.resources import load_yaml

Phrase = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Framing:
    loaded: dict[Phrase, tuple[int, str]]  # lemma phrase -> (polarity, category)
    certainty: tuple[Phrase, ...]
    hedges: tuple[Phrase, ...]
    tone: dict[str, int]  # lemma -> score in -2..2
    negators: frozenset[str]
    version: str


def _phrase(text: str) -> Phrase:
    return tuple(text.lower().split())


@lru_cache(maxsize=1)
def framing() -> Framing:
    cues = load_yaml("claims/framing.yaml")
    tone_file = load_yaml("claims/tone.yaml")
    tone: dict[str, int] = {}
    for side in ("positive", "negative"):
        for score, words in (tone_file.get(side) or {}).items():
            tone.update({str(w).lower(): int(score) for w in words})
    loaded = {_phrase(str(term)): (int(v["polarity"]), str(v["category"]))
              for term, v in (cues.get("loaded") or {}).items()}
    return Framing(
        loaded=loaded,
        certainty=tuple(_phrase(str(c)) for c in cues.get("certainty") or []),
        hedges=tuple(_phrase(str(c)) for c in cues.get("hedges") or []),
        tone=tone,
        negators=frozenset(str(w) for w in tone_file.get("negators") or []),
        version=f"{cues.get('version')}+{tone_file.get('version')}",
    )
