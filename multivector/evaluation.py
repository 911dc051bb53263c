"""Scorers shared by the benchmarks and the evaluation gates.

body_f1: the Scrapinghub article-extraction benchmark's measure. Texts are cut
into word 4-gram shingles (``\\w+`` tokens); per document true/false positives
and false negatives are counted over shingle multisets and normalised to sum
to one, so long articles weigh no more than short ones; precision and recall
are averaged over documents and F1 is taken from the two averages.

line_scores: precision and recall of chrome removal at line level, against
gold that says which lines of a scrape are body.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def shingle_counts(gold: str, predicted: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one document."""
    true, pred = _shingles(gold), _shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def body_f1(pairs: list[tuple[str, str]]) -> PRF:
    """Benchmark score over (gold, predicted) body pairs."""
    counts = [shingle_counts(g, p) for g, p in pairs]

    def score(tp: float, miss: float) -> float:
        if miss == 0 and tp > 0:
            return 1.0
        return tp / (tp + miss) if tp + miss else 0.0

    precision = statistics.mean(score(tp, fp) for tp, fp, fn in counts if tp + fp > 0) if counts else 0.0
    recall = statistics.mean(score(tp, fn) for tp, fp, fn in counts if tp + fn > 0) if counts else 0.0
    return PRF(precision, recall)


def normalise(text: str) -> str:
    return " ".join(text.split())


def kept_in(line: str, clean_text: str, paragraphs: set[str]) -> bool:
    """Did a source line survive into the clean text? Short lines must survive as
    a whole paragraph (a lone dash is in every text), long ones anywhere."""
    line = normalise(line)
    return line in paragraphs or (len(line) >= 20 and line in normalise(clean_text))


@dataclass(slots=True)
class LineCounts:
    chrome_removed: int = 0  # true positives of chrome removal
    body_removed: int = 0  # false positives: body lost
    chrome_kept: int = 0  # false negatives: chrome left in
    body_kept: int = 0

    def add(self, is_body: bool, kept: bool) -> None:
        if is_body:
            self.body_kept += kept
            self.body_removed += not kept
        else:
            self.chrome_kept += kept
            self.chrome_removed += not kept

    @property
    def scores(self) -> PRF:
        removed = self.chrome_removed + self.body_removed
        chrome = self.chrome_removed + self.chrome_kept
        return PRF(self.chrome_removed / removed if removed else 1.0,
                   self.chrome_removed / chrome if chrome else 1.0)

    @property
    def body_retention(self) -> float:
        body = self.body_kept + self.body_removed
        return self.body_kept / body if body else 1.0


def score_lines(source_lines: list[str], body_lines: set[int], clean_text: str,
                counts: LineCounts | None = None) -> LineCounts:
    """Count one document's lines; ``body_lines`` are 1-based numbers of body lines."""
    counts = counts or LineCounts()
    paragraphs = {normalise(p) for p in clean_text.split("\n\n")}
    for number, line in enumerate(source_lines, start=1):
        if line.strip():
            counts.add(number in body_lines, kept_in(line, clean_text, paragraphs))
    return counts
