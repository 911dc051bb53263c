"""Transliteration recall on English-Russian name pairs (the names benchmark):
how often a Latin name and its Cyrillic rendering are judged the same name, and
how often two unrelated names are (the false-match rate)."""

from __future__ import annotations

import random
from pathlib import Path

from multivector.actors.translit import name_similarity

MATCH = 0.8  # the similarity at which two spellings count as one name


def read_pairs(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            pairs.append((parts[0], parts[1].replace(" ", "")))
    return pairs


def recall(pairs: list[tuple[str, str]]) -> float:
    return sum(name_similarity(a, b) >= MATCH for a, b in pairs) / len(pairs)


def false_match_rate(pairs: list[tuple[str, str]], samples: int = 20000, seed: int = 7) -> float:
    rng = random.Random(seed)
    known = set(pairs)
    shuffled = [(pairs[rng.randrange(len(pairs))][0], pairs[rng.randrange(len(pairs))][1]) for _ in range(samples)]
    shuffled = [(a, b) for a, b in shuffled if (a, b) not in known]
    return sum(name_similarity(a, b) >= MATCH for a, b in shuffled) / len(shuffled)
