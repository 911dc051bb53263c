"""Resolution accuracy against gold that says who each mention is.

Gold entries are {text, n, actor}: the n-th whole-word occurrence of ``text`` in a
document's clean text refers to ``actor``. The system is right when a mention it
found covers that occurrence and names the same actor. People are compared by
name (transliteration-aware), so a gold slug matches the knowledge-base id or a
discovered actor of the same name; everything else by id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from multivector.actors.kb import KnowledgeBase
from multivector.actors.translit import name_similarity


@dataclass(slots=True)
class Scored:
    right: int = 0
    wrong: int = 0
    missed: int = 0  # no mention found at the gold place
    errors: list[tuple[str, str, int, str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.right + self.wrong + self.missed

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


def occurrence(text: str, surface: str, n: int) -> int | None:
    matches = list(re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text))
    return matches[n - 1].start() if 0 < n <= len(matches) else None


def _person_name(kb: KnowledgeBase, actor_id: str, names: dict[str, str]) -> str | None:
    if actor_id.startswith("new:"):
        return names.get(actor_id) or actor_id[4:].replace("-", " ")
    actor = kb.actors.get(actor_id)
    if actor is not None:
        return actor.name if actor.type == "person" else None
    return actor_id.replace("-", " ") if actor_id.islower() else None  # a gold slug the KB lacks


def same_actor(kb: KnowledgeBase, gold: str, found: str, names: dict[str, str]) -> bool:
    """Same actor, or the found one is part of the gold one: a government body for
    "<country>-GOV" (the US Treasury for the US government), an organ of an
    organisation for the organisation (the European Parliament for the EU)."""
    if gold == found:
        return True
    actor = kb.actors.get(found)
    if actor and actor.type not in ("person", "country") and (
            f"{actor.country}-{actor.sector}" == gold or actor.parent == gold):
        return True
    a, b = _person_name(kb, gold, names), _person_name(kb, found, names)
    return bool(a and b and name_similarity(a, b) >= 0.85)


def score_document(kb: KnowledgeBase, text: str, gold: list[dict[str, object]],
                   mentions: list[tuple[int, int, str]], names: dict[str, str], label: str,
                   scored: Scored | None = None) -> Scored:
    """``mentions`` are (start, end, actor id); ``names`` maps discovered ids to their names."""
    scored = scored or Scored()
    for entry in gold:
        surface, n, actor = str(entry["text"]), int(entry["n"]), str(entry["actor"])  # type: ignore[call-overload]
        start = occurrence(text, surface, n)
        if start is None:
            raise ValueError(f"{label}: gold {surface!r} #{n} is not in the text")
        end = start + len(surface)
        covering = [m for m in mentions if m[0] < end and start < m[1]]
        if not covering:
            scored.missed += 1
            scored.errors.append((label, surface, n, actor, "-"))
        elif any(same_actor(kb, actor, m[2], names) for m in covering):
            scored.right += 1
        else:
            scored.wrong += 1
            scored.errors.append((label, surface, n, actor, covering[0][2]))
    return scored


def evaluate_store(store: object, kb: KnowledgeBase, gold: dict[str, list[dict[str, object]]]) -> Scored:
    """Score every gold file (keyed by file name) against a store the actor stage ran on."""
    from multivector.store.db import Store

    assert isinstance(store, Store)
    names = {r["id"]: r["name"] for r in store.query("SELECT id, name FROM actors WHERE source = 'discovered'")}
    scored = Scored()
    for file_name, entries in gold.items():
        if file_name.startswith("_"):
            continue
        rows = store.query("SELECT id, text FROM documents WHERE source_path LIKE ?", ["%/" + file_name])
        if len(rows) != 1:
            raise ValueError(f"{file_name}: {len(rows)} documents in the store")
        mentions = [(m["start"], m["end"], m["actor_id"]) for m in store.query(
            'SELECT start, "end", actor_id FROM mentions WHERE doc_id = ?', [rows[0]["id"]])]
        score_document(kb, rows[0]["text"], entries, mentions, names, file_name, scored)
    return scored
