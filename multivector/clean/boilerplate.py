"""Chrome learned from the corpus: a line whose shape recurs in several documents
of the same outlet (comment rules, calendars, footers, disclaimers) is chrome.

Counts are kept in the store per group (the outlet, or the input folder when
the outlet is unknown), so learning accumulates across ingest runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from multivector.clean.lines import is_speech_turn, shape_of

CLEANER = "clean.boilerplate.v1"
MIN_DOCS = 2  # a shape must recur in at least this many documents of a group ...
MIN_SHARE = 0.05  # ... and in at least this share of them
MAX_LINE_CHARS = 600  # longer lines are prose even when repeated (quotes, republished text)


def doc_shapes(lines: Iterable[str]) -> set[int]:
    """Distinct shapes of a document's candidate lines, as counted for learning."""
    return {shape_of(line) for line in lines if line and len(line) <= MAX_LINE_CHARS}


def is_recurrent(shape_docs: int, group_docs: int) -> bool:
    return shape_docs >= MIN_DOCS and shape_docs >= MIN_SHARE * group_docs


@dataclass(slots=True)
class LearnedChrome:
    """The (group, shape) pairs found to be chrome."""

    pairs: set[tuple[str, int]]

    def split(self, group: str, lines: list[str]) -> tuple[list[str], list[str]]:
        """(kept lines, dropped lines) of one document."""
        kept: list[str] = []
        dropped: list[str] = []
        for line in lines:
            if line and len(line) <= MAX_LINE_CHARS and (group, shape_of(line)) in self.pairs \
                    and not is_speech_turn(line):  # "Vladimir Putin: Thank you." opens a turn
                dropped.append(line)
            else:
                kept.append(line)
        return kept, dropped
