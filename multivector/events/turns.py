"""Speaker turns in transcripts (``turns.labels.v1``): "President of Russia Vladimir
Putin: Good afternoon, ..." opens a turn that runs to the next speaker label. Inside
a turn, "I", "we" and "my" are the speaker and "you" is the one spoken to (the
last other speaker), so "Mr Mirziyoyev and I will visit ..." has both visitors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

TURNS = "turns.labels.v1"
_LABEL = re.compile(r"^(?P<label>[^\n.!?:]{3,120}?)(?: \([^)\n]{2,30}\))?:[ \t]", re.M)
_FIRST = re.compile(r"\b(?:I|me|my|we|us|our)\b")
_SECOND = re.compile(r"\b(?:[Yy]ou|[Yy]our)\b")
_NEAR_COLON = 3  # the speaker's name ends the label: "... Vladimir Putin:"


@dataclass(frozen=True, slots=True)
class Turn:
    start: int  # where the label begins
    text_start: int  # after the colon
    end: int
    speaker: str
    addressee: str | None


@dataclass(frozen=True, slots=True)
class Named:
    start: int
    end: int
    actor_id: str


def speaker_turns(text: str, people: Sequence[Named]) -> list[Turn]:
    """The turns of a transcript: labels whose last words name a person."""
    labels: list[tuple[int, int, str]] = []
    for match in _LABEL.finditer(text):
        label_end = match.end("label")
        named = [p for p in people if match.start() <= p.start and label_end - _NEAR_COLON <= p.end <= label_end]
        if named:
            labels.append((match.start(), match.end(), named[-1].actor_id))
    turns: list[Turn] = []
    for k, (start, text_start, speaker) in enumerate(labels):
        end = labels[k + 1][0] if k + 1 < len(labels) else len(text)
        others = [s for _, _, s in labels[:k] if s != speaker]
        addressee = others[-1] if others else next((s for _, _, s in labels[k + 1:] if s != speaker), None)
        turns.append(Turn(start, text_start, end, speaker, addressee))
    return turns


def turn_at(turns: Sequence[Turn], offset: int) -> Turn | None:
    return next((t for t in turns if t.start <= offset < t.end), None)


def pronouns(sentence: str, offset: int, turn: Turn) -> list[Named]:
    """First- and second-person pronouns of a sentence in a turn, as mentions of the
    speaker and the addressee (character offsets in the document)."""
    found = [Named(offset + m.start(), offset + m.end(), turn.speaker) for m in _FIRST.finditer(sentence)]
    if turn.addressee:
        found += [Named(offset + m.start(), offset + m.end(), turn.addressee) for m in _SECOND.finditer(sentence)]
    return [n for n in found if n.start >= turn.text_start]
