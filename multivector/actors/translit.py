"""Transliteration-aware name keys.

Cyrillic (Russian, Kazakh, Ukrainian letters) is romanised, then Latin spellings
are folded to one skeleton: zh/j/dzh, kh/h, y/i, ie/ye, ss/s, w/v, q/k, ... so
"Kassym-Jomart", "Kasym-Zhomart", "Kassim-Jomart" and «Касым-Жомарт» share a key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ALGORITHM = "translit.skeleton.v1"

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Kazakh, Ukrainian, Belarusian, Uzbek Cyrillic
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    "ї": "yi", "є": "ye", "ґ": "g", "ў": "u", "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u",
}
# Latin spellings folded to one skeleton; order matters (longest first).
_UNDECOMPOSABLE = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae",
                                 "œ": "oe", "ß": "ss"})
_FOLDS = [
    ("shch", "sh"), ("sch", "sh"), ("tsch", "ch"), ("dzh", "j"), ("dj", "j"), ("dz", "j"), ("zh", "j"),
    ("kh", "h"), ("gh", "g"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("tz", "ts"), ("cz", "ch"),
    ("x", "ks"), ("w", "v"), ("q", "k"), ("ou", "u"), ("ue", "u"), ("oe", "e"),
]
_Y_BETWEEN_VOWELS = re.compile(r"(?<=[aeiou])[iy](?=[aeiou])")
_Y = re.compile(r"y")
_IE = re.compile(r"(?<![a-z])[iy]e")  # initial ye/ie: Yerlan, Ierlan -> erlan
_DOUBLE = re.compile(r"([a-z])\1+")
_NON_LETTER = re.compile(r"[^a-z ]+")


def romanise(text: str) -> str:
    """Cyrillic letters to Latin; other scripts stripped of their diacritics."""
    if text.isascii():
        return text.lower()  # no Cyrillic letter, diacritic nor special letter to fold
    out = []
    for char in text.lower():
        out.append(_CYRILLIC.get(char, char))
    decomposed = unicodedata.normalize("NFKD", "".join(out))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.translate(_UNDECOMPOSABLE)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The skeleton of a name: space-separated tokens, hyphens and apostrophes gone."""
    text = romanise(name)
    text = text.replace("-", " ").replace("'", "").replace("’", "")
    text = _NON_LETTER.sub(" ", text)
    for old, new in _FOLDS:
        text = text.replace(old, new)
    text = _Y_BETWEEN_VOWELS.sub("", text)  # Tokayev/Tokaev, Nazarbayev/Nazarbaev
    text = _IE.sub("e", text)
    text = _Y.sub("i", text)
    text = _DOUBLE.sub(r"\1", text)
    return " ".join(text.split())


def levenshtein(a: str, b: str, limit: int = 3) -> int:
    """Edit distance, giving up (returning limit + 1) once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _edit_limit(longest: int) -> int:
    """How many edits key_similarity counts before giving up."""
    return max(2, longest // 3)


def key_similarity(a: str, b: str) -> float:
    """1.0 for equal skeletons, falling with edit distance relative to length."""
    a, b = a.replace(" ", ""), b.replace(" ", "")
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    distance = levenshtein(a, b, limit=_edit_limit(max(len(a), len(b))))
    return max(0.0, 1.0 - distance / max(len(a), len(b)))


def letters_apart(a: str, b: str) -> int:
    """A lower bound of the edit distance, cheap to compute: each letter that one word
    has and the other lacks takes an edit of its own."""
    first, second = set(a), set(b)
    return max(len(first - second), len(second - first))


def similar(a: str, b: str, at_least: float) -> bool:
    """``key_similarity(a, b) >= at_least``, without the edit distance when the letters
    alone put it out of reach (most pairs of different surnames)."""
    a, b = a.replace(" ", ""), b.replace(" ", "")
    longest = max(len(a), len(b))
    if a != b and longest:
        # levenshtein reports limit + 1 once it gives up, so the bound is capped there
        fewest = min(letters_apart(a, b), _edit_limit(longest) + 1)
        if 1.0 - fewest / longest < at_least:
            return False
    return key_similarity(a, b) >= at_least


# A coarser, sound-based fold for the similarity of names written in different
# traditions (German "sch", Polish "cz", Japanese "dz"): voicing and vowels merged.
_PHONETIC = [("tch", "ch"), ("ch", "t"), ("ts", "s"), ("tz", "s"), ("sh", "s"), ("z", "s"), ("d", "t"),
             ("b", "p"), ("g", "k"), ("v", "f"), ("ck", "k"), ("ce", "se"), ("ci", "si"), ("c", "k"), ("j", "i"),
             ("h", "")]
_VOWELS = re.compile(r"[aeiou]+")


def phonetic_key(key: str) -> str:
    text = key.replace(" ", "")
    for old, new in _PHONETIC:
        text = text.replace(old, new)
    return _DOUBLE.sub(r"\1", _VOWELS.sub("a", text))


def name_similarity(a: str, b: str) -> float:
    """How alike two names are across scripts and romanisations, 0..1: the better
    of the skeleton similarity and the phonetic similarity."""
    ka, kb = name_key(a), name_key(b)
    return max(key_similarity(ka, kb), key_similarity(phonetic_key(ka), phonetic_key(kb)))
