"""The trigger lexicon (data/events/lexicon.yaml): verbs, nouns and lemma
phrases that signal CAMEO events, with optional object, complement and
particle refinements. More specific entries win over general ones."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from multivector.resources import load_yaml


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str  # verb | noun | phrase
    lemmas: tuple[str, ...]
    code: str
    objects: frozenset[str] = frozenset()
    complement: frozenset[str] = frozenset()
    particle: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()  # objects that rule the entry out ("meet the standards")
    frame: str = "active"  # active | patient_subject

    @property
    def specificity(self) -> int:
        return (len(self.lemmas) - 1) * 2 + bool(self.objects) + bool(self.complement) + bool(self.particle)


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, tuple[Entry, ...]]
    nouns: dict[str, tuple[Entry, ...]]
    phrases: dict[str, tuple[Entry, ...]]  # first lemma -> phrase entries
    triggers: frozenset[str]  # every lemma above: a word with another lemma starts no trigger


def _entry(raw: dict[str, object]) -> Entry:
    if "phrase" in raw:
        kind, lemmas = "phrase", tuple(str(x) for x in raw["phrase"])  # type: ignore[attr-defined]
    elif "noun" in raw:
        kind, lemmas = "noun", (str(raw["noun"]),)
    else:
        kind, lemmas = "verb", (str(raw["verb"]),)

    def words(key: str) -> frozenset[str]:
        value = raw.get(key) or []
        return frozenset(str(v) for v in value) if isinstance(value, list) else frozenset({str(value)})

    return Entry(kind, lemmas, str(raw["code"]), words("objects"), words("complement"), words("particle"),
                 words("unless"), str(raw.get("frame") or "active"))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    verbs: dict[str, list[Entry]] = defaultdict(list)
    nouns: dict[str, list[Entry]] = defaultdict(list)
    phrases: dict[str, list[Entry]] = defaultdict(list)
    for raw in load_yaml("events/lexicon.yaml").get("entries", []):
        entry = _entry(raw)
        target = {"verb": verbs, "noun": nouns, "phrase": phrases}[entry.kind]
        target[entry.lemmas[0]].append(entry)

    def ordered(table: dict[str, list[Entry]]) -> dict[str, tuple[Entry, ...]]:
        return {k: tuple(sorted(v, key=lambda e: -e.specificity)) for k, v in table.items()}

    return Lexicon(ordered(verbs), ordered(nouns), ordered(phrases), frozenset([*verbs, *nouns, *phrases]))
