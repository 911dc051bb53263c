"""Name resolution against the knowledge base: named, weighted features whose
sum can be explained (nomenklatura style), and a decision: same, unsure, different.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from multivector.actors.kb import Actor, KnowledgeBase
from multivector.actors.translit import key_similarity, name_key, name_similarity, phonetic_key, similar

RESOLVER = "resolve.features.v1"
SAME, UNSURE = 0.8, 0.5  # decision thresholds on the summed score
FUZZY_SURNAME_MIN = 8  # a surname alone is matched with a typo only when this long (skeleton letters)
# weight of each feature; a feature's value is 0..1 (or -1..0 for conflicts)
WEIGHTS = {
    "listed_name": 1.0,  # the text is one of the actor's listed names
    "same_name_key": 0.9,  # same transliteration skeleton as a listed name
    "name_similarity": 0.85,  # skeleton or phonetic similarity of the full names
    "same_surname": 0.55,  # the surname alone matches (a mention by surname)
    "first_name_conflict": 1.0,  # given names present on both sides and different
    "role_on_date": 0.15,  # holds a role on the document's date
}


@dataclass(slots=True)
class Candidate:
    actor: Actor
    features: dict[str, float] = field(default_factory=dict)

    @property
    def score(self) -> float:
        total = 0.0
        for name, value in self.features.items():
            total += WEIGHTS[name] * value
        return round(min(total, 1.5), 3)

    @property
    def decision(self) -> str:
        return "same" if self.score >= SAME else "unsure" if self.score >= UNSURE else "different"


def _given(key: str) -> str:
    parts = key.split()
    return " ".join(parts[:-1]) if len(parts) > 1 else ""


def _first_names_conflict(mention_key: str, actor: Actor) -> float:
    given = _given(mention_key)
    if not given:
        return 0.0
    best = 0.0
    for name in [actor.name, *actor.aliases]:
        other = _given(name_key(name))
        if not other:
            continue
        if other[0] == given[0] and (len(given) <= 2 or len(other) <= 2):  # an initial
            return 0.0
        best = max(best, key_similarity(given, other), key_similarity(phonetic_key(given), phonetic_key(other)))
    return -1.0 if best and best < 0.7 else 0.0


def score_person(text: str, actor: Actor, on: str | None) -> Candidate:
    key = name_key(text)
    names = [actor.name, *actor.aliases]
    candidate = Candidate(actor)
    if any(text.casefold() == n.casefold() for n in names):
        candidate.features["listed_name"] = 1.0
    elif any(key == name_key(n) or key.replace(" ", "") == name_key(n).replace(" ", "") for n in names):
        candidate.features["same_name_key"] = 1.0
    elif " " in key:
        similarity = max(name_similarity(text, n) for n in names)
        if similarity >= 0.8:
            candidate.features["name_similarity"] = similarity
    surname = key.split()[-1] if key else ""
    actor_surnames = {name_key(n).split()[-1] for n in names if name_key(n)}
    close = len(surname) >= FUZZY_SURNAME_MIN and max(
        (key_similarity(surname, s) for s in actor_surnames), default=0) >= 0.85
    if " " not in key and (surname in actor_surnames or close):
        candidate.features["same_surname"] = 1.0
    conflict = _first_names_conflict(key, actor)
    if conflict:
        candidate.features["first_name_conflict"] = conflict
    if actor.roles_on(on) and candidate.features:
        candidate.features["role_on_date"] = 1.0
    return candidate


def fuzzy_surname(kb: KnowledgeBase, surname: str) -> set[str]:
    """Persons whose surname is one or two edits from ``surname``, remembered per KB."""
    if surname not in kb.fuzzy_cache:
        found: set[str] = set()
        for other in kb.surnames_by_initial().get(surname[:1], []):
            if abs(len(other) - len(surname)) <= 2 and similar(surname, other, 0.85):
                found |= set(kb.surnames[other])
        kb.fuzzy_cache[surname] = found
    return kb.fuzzy_cache[surname]


def person_candidates(kb: KnowledgeBase, text: str, on: str | None = None) -> list[Candidate]:
    """Persons of the knowledge base that ``text`` may name, best first."""
    key = name_key(text)
    if not key:
        return []
    ids: set[str] = set(kb.keys.get(key, [])) | set(kb.keys.get(key.replace(" ", ""), []))
    surname = key.split()[-1]
    ids |= set(kb.surnames.get(surname, []))
    if not ids and len(surname) >= FUZZY_SURNAME_MIN:  # a misspelt long surname (Nazabayev)
        ids |= fuzzy_surname(kb, surname)
    scored = [score_person(text, kb.actors[i], on) for i in ids]
    return sorted((c for c in scored if c.score > 0), key=lambda c: (-c.score, c.actor.id))


def explain(kb: KnowledgeBase, text: str, on: str | None = None) -> list[str]:
    """Lines that say how ``text`` resolves and why."""
    lines = [f"name: {text!r}  key: {name_key(text)!r}  date: {on or 'unknown'}  ({RESOLVER})"]
    phrase = kb.phrases.get(tuple(t.lower() for t in text.split()))
    candidates = person_candidates(kb, text, on)
    if not candidates and not phrase:
        return [*lines, "decision: unresolved (no actor of the knowledge base is close)"]
    for candidate in candidates[:5]:
        parts = ", ".join(f"{n} {v:+.2f}x{WEIGHTS[n]}" for n, v in candidate.features.items())
        roles = "; ".join(f"{r.title} of {r.of}" for r in candidate.actor.roles_on(on)) or "no role on that date"
        lines.append(f"  {candidate.decision:<9} {candidate.score:5.2f}  {candidate.actor.id} ({candidate.actor.name};"
                     f" {roles})  <- {parts}")
    if phrase and not candidates:
        for actor_id, kind in phrase:
            lines.append(f"  same       1.00  {actor_id} ({kb.actors[actor_id].name})  <- listed {kind}")
    best = candidates[0] if candidates else None
    if best and best.decision == "same":
        lines.append(f"decision: {best.actor.id} ({best.actor.name})")
    elif phrase and not candidates:
        lines.append(f"decision: {phrase[0][0]}")
    else:
        lines.append("decision: unresolved (no candidate reaches the 'same' threshold)")
    return lines
