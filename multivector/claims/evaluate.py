"""Speaker attribution against a gold file written by reading (bench/gold/quotes.json):
each gold item locates a claim by a short cue from inside it and names its speaker."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from multivector.store.db import Store


@dataclass(slots=True)
class Attribution:
    total: int = 0
    located: int = 0  # a claim covers the cue
    right: int = 0  # ... and names the gold speaker
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [total, located, right]
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Right speakers over every gold item (a claim not found counts as wrong)."""
        return self.right / self.total if self.total else 0.0

    @property
    def precision(self) -> float:
        """Right speakers over the gold items a claim was found for."""
        return self.right / self.located if self.located else 0.0


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def cue_span(text: str, cue: str) -> tuple[int, int] | None:
    words = re.findall(r"\w+", fold(cue))
    if not words:
        return None
    found = re.search(r"\W+".join(re.escape(w) for w in words), fold(text))
    return found.span() if found else None


def same_speaker(gold: dict[str, Any], claim: dict[str, Any]) -> bool:
    """The gold speaker by id; else by surname; else, for a speaker no actor stands for,
    by the words the document uses for it. A joint speaker ("Putin and Tokayev") is
    matched by either of them, as a claim has one speaker."""
    if gold.get("speaker_id") and claim["speaker_actor_id"] == gold["speaker_id"]:
        return True
    ours = fold(" ".join(str(claim.get(k) or "") for k in ("speaker_name", "speaker_text", "speaker_actor_id")))
    for name in re.split(r",| and ", str(gold.get("speaker") or "")):
        words = fold(name).split()
        if words and re.search(rf"\b{re.escape(words[-1][:5])}", ours):
            return True
    described = [w for w in re.findall(r"\w+", fold(str(gold.get("speaker_text") or "")))
                 if w not in ("the", "a", "an", "his", "her", "their", "s")]
    said = re.findall(r"\w+", fold(str(claim.get("speaker_text") or "")))
    return bool(described) and claim["speaker_actor_id"] is None and " ".join(described) in " ".join(said)


def evaluate_attribution(store: Store, gold_path: Path) -> Attribution:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["items"]
    docs = {Path(r["source_path"]).name.removesuffix(".gz"): r
            for r in store.query("SELECT id, source_path, text FROM documents")}  # page.html.gz reads as page.html
    tally = Attribution()
    for item in gold:
        tally.total += 1
        counts = tally.by_kind.setdefault(item["kind"], [0, 0, 0])
        counts[0] += 1
        doc = docs.get(item["file"])
        span = cue_span(doc["text"], item["cue"]) if doc else None
        claim = _covering(store, doc["id"], span) if doc and span is not None else None
        if claim is None:
            tally.misses.append({**item, "why": "no claim covers the cue" if doc else "document not stored"})
            continue
        tally.located += 1
        counts[1] += 1
        if same_speaker(item, claim):
            tally.right += 1
            counts[2] += 1
        else:
            tally.misses.append({**item, "why": "other speaker", "got": claim["speaker_actor_id"],
                                 "got_text": claim["speaker_text"], "kind_got": claim["kind"]})
    return tally


def _covering(store: Store, doc_id: str, span: tuple[int, int]) -> dict[str, Any] | None:
    """The claim that holds most of the cue (at least a third of it, as a cue may run
    across a paragraph break); a quote or reported claim before the author's voice."""
    start, end = span
    rows = store.query(
        "SELECT c.*, a.name AS speaker_name, least(c.\"end\", ?) - greatest(c.start, ?) AS overlap FROM claims c "
        "LEFT JOIN actors a ON a.id = c.speaker_actor_id "
        "WHERE c.doc_id = ? AND least(c.\"end\", ?) - greatest(c.start, ?) >= (? - ?) / 3 "
        "ORDER BY (c.kind = 'author'), overlap DESC, c.\"end\" - c.start",
        [end, start, doc_id, end, start, end, start])
    return rows[0] if rows else None
