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
    loaded_words: dict[str, int]  # the one-word loaded terms -> polarity, looked up around every mention
    certainty: tuple[Phrase, ...]
    hedges: tuple[Phrase, ...]
    tone: dict[str, int]  # lemma -> score in -2..2
    negators: frozenset[str]
    version: str
    openings: frozenset[Phrase]  # the first two words (the word) of every phrase above: a span without one has no cue


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
    certainty = tuple(_phrase(str(c)) for c in cues.get("certainty") or [])
    hedges = tuple(_phrase(str(c)) for c in cues.get("hedges") or [])
    return Framing(
        loaded=loaded,
        loaded_words={phrase[0]: value[0] for phrase, value in loaded.items() if len(phrase) == 1},
        certainty=certainty,
        hedges=hedges,
        tone=tone,
        negators=frozenset(str(w) for w in tone_file.get("negators") or []),
        version=f"{cues.get('version')}+{tone_file.get('version')}",
        openings=frozenset(phrase[:2] for phrase in (*loaded, *certainty, *hedges)),
    )
