"""Language of a text: script first, then distinctive letters and function words.

Small and dependency-free; good enough to route documents (en, ru, uk, kk, de,
fr, it, es, tr) and to say "und" when a text is too short to tell.
"""

from __future__ import annotations

import re
from functools import lru_cache

from multivector.resources import load_yaml

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CYRILLIC_LANGS = ("ru", "uk", "kk")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    data = load_yaml("languages.yaml")
    stop = {lang: frozenset(words) for lang, words in data["stopwords"].items()}
    return stop, dict(data.get("distinct_letters", {}))


def detect_language(text: str, sample: int = 5000) -> str | None:
    """ISO 639-1 code of ``text``, or None when there is too little to tell."""
    words = _WORD.findall(text[:sample].lower())
    if len(words) < 3:
        return None
    cyrillic = sum(1 for w in words if "\u0400" <= w[0] <= "\u04ff")
    stop, letters = _tables()
    candidates = _CYRILLIC_LANGS if cyrillic > len(words) / 2 else tuple(
        lang for lang in stop if lang not in _CYRILLIC_LANGS)
    scores = {lang: sum(1 for w in words if w in stop[lang]) for lang in candidates}
    for lang, chars in letters.items():
        if lang in scores:
            scores[lang] += 3 * sum(1 for w in words for c in w if c in chars and c not in "і")
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > 0 else None
