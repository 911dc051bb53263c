"""Framing cues over the lemmas of a span: loaded terms, certainty or hedging,
and a tone score, negation-aware."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

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
    lex = lex or framing()
    return sum(word_tone(lemmas, k, lex) for k in range(max(0, first), min(last, len(lemmas))))


def cues_of(words: Sequence[str], lemmas: Sequence[str], lex: Framing | None = None) -> Cues:
    """The framing cues of a span given its words and their lemmas."""
    lex = lex or framing()
    lowered = [lemma.lower() for lemma in lemmas]
    forms = [w.lower() for w in words]
    loaded = find_phrases(lowered, lex.loaded) + find_phrases(forms, lex.loaded)
    terms = sorted({" ".join(words[a:b]) for a, b in loaded}, key=str.lower)
    certain = find_phrases(lowered, lex.certainty) or find_phrases(forms, lex.certainty)
    hedged = find_phrases(lowered, lex.hedges) or find_phrases(forms, lex.hedges)
    certainty = "hedged" if hedged else "certain" if certain else "unmarked"
    return Cues(terms, certainty, span_tone(lowered, 0, len(lowered), lex))


def polarity(score: float) -> str:
    return "positive" if score >= 1 else "negative" if score <= -1 else "neutral"
