"""Exact and near duplicates. Near duplicates (a republished article with its
own chrome and small edits) are found with bottom-k MinHash sketches of word
5-shingles: candidates share sketch values, and the sketches estimate Jaccard."""

from __future__ import annotations

import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence

from multivector.clean.lines import tokens

SKETCH_SIZE = 32
SHINGLE = 5
NEAR_DUPLICATE_JACCARD = 0.5
MAX_POSTING = 2000  # sketch values shared by more documents are skipped in lookups
MAX_CANDIDATES = 20  # only the documents sharing the most sketch values are scored


def sketch(text: str, k: int = SKETCH_SIZE) -> list[int]:
    """The k smallest 32-bit hashes of the text's word 5-shingles."""
    words = tokens(text)
    if len(words) < SHINGLE:
        grams: Iterable[str] = [" ".join(words)] if words else []
    else:  # the shingles, as zip of the word list shifted 0..4 (no Python loop per shingle)
        last = len(words) - SHINGLE + 1
        grams = map(" ".join, zip(*(words[i:last + i] for i in range(SHINGLE)), strict=True))
    return sorted(set(map(zlib.crc32, map(str.encode, grams))))[:k]


def jaccard_estimate(a: Sequence[int], b: Sequence[int], k: int = SKETCH_SIZE) -> float:
    union = sorted(set(a) | set(b))[:k]
    if not union:
        return 0.0
    both = set(a) & set(b)
    return sum(1 for h in union if h in both) / len(union)


class NearDuplicateIndex:
    """Sketches of stored documents, looked up by shared hash values. It holds every
    document of a run, so it is kept compact: a sketch is an array of 32-bit values (not
    a list of int objects), and a value seen in one document maps to that document's id
    alone (a list only once a second document shares it)."""

    def __init__(self) -> None:
        self.by_hash: dict[int, str | list[str]] = {}
        self.sketches: dict[str, array[int]] = {}

    def add(self, doc_id: str, values: Sequence[int]) -> None:
        for value in values:
            found = self.by_hash.get(value)
            if found is None:
                self.by_hash[value] = doc_id
            elif isinstance(found, str):
                self.by_hash[value] = [found, doc_id]
            else:
                found.append(doc_id)
        self.sketches.setdefault(doc_id, array("I")).extend(values)

    def posting(self, value: int) -> Sequence[str]:
        """The documents whose sketch holds ``value``, in the order they were added."""
        found = self.by_hash.get(value, ())
        return (found,) if isinstance(found, str) else found

    def find(self, values: list[int]) -> tuple[str, float] | None:
        """The most similar indexed document at or above the threshold."""
        shared: dict[str, int] = defaultdict(int)
        for value in values:
            posting = self.posting(value)
            if len(posting) > MAX_POSTING:  # a shingle this common tells nothing apart
                continue
            for doc_id in posting:
                shared[doc_id] += 1
        best: tuple[str, float] | None = None
        candidates = sorted((c, d) for d, c in shared.items() if c >= 3)[-MAX_CANDIDATES:]
        for _, doc_id in candidates:
            score = jaccard_estimate(values, self.sketches[doc_id])
            if score >= NEAR_DUPLICATE_JACCARD and (best is None or score > best[1]):
                best = (doc_id, score)
        return best
