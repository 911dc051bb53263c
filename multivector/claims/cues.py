"""Framing cues over the lemmas of a span: loaded terms, certainty or hedging,
and a tone score, negation-aware."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from multivector.claims.lexicon import Framing, Phrase, framing


@dataclass(slots=True)
class Cues:
    loaded_terms: list[str] = field(default_factory=list)  # surface words as written
    certainty: str = "unmarked"  # certain | hedged | unmarked
    tone: float = 0.0


_BY_FIRST: dict[int, tuple[Iterable[Phrase], dict[str, list[Phrase]]]] = {}


def _by_first(phrases: Iterable[Phrase]) -> dict[str, list[Phrase]]:
    """The phrases of a lexicon by their first word (built once per lexicon object)."""
    cached = _BY_FIRST.get(id(phrases))
    if cached is not None and cached[0] is phrases:
        return cached[1]
    index: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        index.setdefault(phrase[0], []).append(phrase)
    if len(_BY_FIRST) > 64:  # lexicons are few; guard against callers that build them per call
        _BY_FIRST.clear()
    _BY_FIRST[id(phrases)] = (phrases, index)
    return index


def find_phrases(lemmas: Sequence[str], phrases: Iterable[Phrase]) -> list[tuple[int, int]]:
    """(first, last+1) token spans where one of ``phrases`` occurs."""
    index = _by_first(phrases)
    if index.keys().isdisjoint(lemmas):
        return []  # most spans: no phrase even starts in them (one pass in C)
    found = []
    for k, lemma in enumerate(lemmas):
        for phrase in index.get(lemma, ()):
            if tuple(lemmas[k:k + len(phrase)]) == phrase:
                found.append((k, k + len(phrase)))
    return sorted(found)


def word_tone(lemmas: Sequence[str], k: int, lex: Framing) -> float:
    """The tone of word ``k``, flipped when a negator stands in the three words before it."""
    score = lex.tone.get(lemmas[k], 0)
    if score and any(lemmas[j] in lex.negators for j in range(max(0, k - 3), k)):
        return -score * 0.5  # "no friendship" is cold, not as hostile as "enmity"
    return float(score)


def span_tone(lemmas: Sequence[str], first: int, last: int, lex: Framing | None = None) -> float:
    """The summed tone of words ``first`` to ``last`` (exclusive); words without a tone
    add nothing and are skipped before the negation look-back."""
    lex = lex or framing()
    tone = lex.tone
    total = 0.0
    for k in range(max(0, first), min(last, len(lemmas))):
        if lemmas[k] in tone:
            total += word_tone(lemmas, k, lex)
    return total


def cues_of(words: Sequence[str], lemmas: Sequence[str], lex: Framing | None = None) -> Cues:
    """The framing cues of a span given its words and their lemmas."""
    lex = lex or framing()
    lowered = [lemma.lower() for lemma in lemmas]
    forms = [w.lower() for w in words]
    if not (_opens(lowered, lex.openings) or _opens(forms, lex.openings)):
        return Cues(tone=span_tone(lowered, 0, len(lowered), lex))  # most spans: no phrase can start in them
    loaded = find_phrases(lowered, lex.loaded) + find_phrases(forms, lex.loaded)
    # case-blind order; "Regime" before "regime" (a set's order would follow string hashing, which varies per run)
    terms = sorted({" ".join(words[a:b]) for a, b in loaded}, key=lambda term: (term.lower(), term))
    certain = find_phrases(lowered, lex.certainty) or find_phrases(forms, lex.certainty)
    hedged = find_phrases(lowered, lex.hedges) or find_phrases(forms, lex.hedges)
    certainty = "hedged" if hedged else "certain" if certain else "unmarked"
    return Cues(terms, certainty, span_tone(lowered, 0, len(lowered), lex))


def _opens(words: Sequence[str], openings: frozenset[Phrase]) -> bool:
    """Whether a phrase may start in ``words``: a one-word phrase as one of them, a longer
    one as two neighbours (``openings`` holds each phrase's first two words), checked in C."""
    return not (openings.isdisjoint(zip(words)) and openings.isdisjoint(pairwise(words)))


def polarity(score: float) -> str:
    return "positive" if score >= 1 else "negative" if score <= -1 else "neutral"
