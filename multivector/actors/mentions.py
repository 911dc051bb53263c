"""Mentions of actors in a clean document, each resolved to an actor.

Passes, in order, each skipping tokens an earlier pass took:
1. listed names (KB aliases, epithets, metonyms, capitals), longest match first;
2. titles and roles ("the Kazakh president", "Russia's foreign minister",
   "the head of Tatarstan"), resolved to who held the role on the document's date;
3. person names: transliteration-aware lookup, surnames resolved to a person
   already named in the document, new people introduced by a descriptor
   ("Russian political scientist Nikita Mendkovich") become discovered actors;
4. groups: a country adjective and a group noun ("Kazakh nationalists");
5. pronouns to the latest person.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count
from operator import attrgetter, or_

from multivector.actors.kb import Actor, KnowledgeBase, Role
from multivector.actors.resolve import SAME, person_candidates
from multivector.actors.tokens import Token, norms, tokenize
from multivector.actors.translit import name_key
from multivector.resources import load_yaml
from multivector.text.dates import month_numbers

FINDER = "mentions.rules.v1"
OF_ANY = "*"  # a title that names whatever role its holder has "of" the body that follows
MAX_PHRASE = 8
_LOWER_WORDS = {"of", "the", "and", "for", "de", "van", "von", "der", "al", "bin", "ibn", "la", "le", "du"}
_NAME_TOKEN = re.compile(r"^[A-ZА-ЯЁ][\w'’-]*$")
_DESCRIBED_SECTORS = {"EDU", "JRN", "BUS", "OPP", "REL"}  # "the expert"; "the minister" is a title
_AFFILIATION = {"at", "of", "for", "from", "with", "by", "in"}  # "an analyst at Stratfor"
# capitalised words that open a sentence or name a day, never a person's name
_NOT_NAMES = {"on", "in", "at", "the", "a", "an", "this", "that", "but", "and", "after", "before", "during", "when",
              "while", "for", "with", "from", "by", "as", "if", "since", "until", "last", "next", "monday", "tuesday",
              "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "meanwhile", "however"}
_HONORIFICS = {"mr", "mrs", "ms", "mister", "madam", "dr", "sir"}
_GOVERNMENT_NOUNS = {"leadership", "government", "authorities", "cabinet", "administration"}
_SENTENCE_END = re.compile(r"[.!?]\s*$")
_POSSESSIVE_END = re.compile(r"['’]s?$")


@dataclass(slots=True)
class Found:
    start: int  # token index
    end: int  # token index, exclusive
    actor_id: str
    method: str
    score: float


@dataclass(slots=True)
class DocumentActors:
    """What the finder learned about one document."""

    found: list[Found] = field(default_factory=list)
    new_actors: dict[str, Actor] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    titles: dict[tuple[str, ...], str]  # title tokens -> role key
    groups: dict[tuple[str, ...], str]  # group noun tokens -> sector
    occupations: dict[tuple[str, ...], str]  # occupation tokens -> sector
    pronouns: dict[str, str]  # pronoun -> gender
    title_words: frozenset[str]  # single words of titles and occupations ("senator", "minister")
    given_names: frozenset[str]  # name keys of common given names
    organisation_words: frozenset[str]  # "Securities", "Institute": a run ending so names no person
    first_words: frozenset[str]  # first words of titles, groups and occupations: no entry starts elsewhere


@lru_cache(maxsize=1)
def vocabulary(kb_roles: tuple[tuple[str, tuple[str, ...]], ...]) -> Vocabulary:
    titles = {norms(t): role for role, ts in kb_roles for t in ts if t and not t.endswith(" of")}
    for _role, ts in kb_roles:  # "head of", "governor of": a title only with its "of ..."
        for title in ts:
            if title.endswith(" of"):
                titles.setdefault(norms(title[:-3]), OF_ANY)
    titles[("leader",)] = "head_of_state"
    data = load_yaml("groups.yaml")
    groups = {norms(w): sector for sector, words in data["group_nouns"].items() for w in words}
    occupations = {norms(w): sector for sector, words in data["occupations"].items() for w in words}
    pronouns = {w: gender for gender, words in data["pronouns"].items() for w in words}
    words = {w for key in [*titles, *occupations] for w in key if len(w) > 2} | set(data.get("title_words", []))
    given = frozenset(name_key(n) for names in load_yaml("given_names.yaml").values() for n in names)
    first = frozenset(key[0] for table in (titles, groups, occupations) for key in table if key)
    return Vocabulary(titles, groups, occupations, pronouns, frozenset(words - _LOWER_WORDS), given,
                      frozenset(data.get("organisation_words", [])), first)


def _vocab(kb: KnowledgeBase) -> Vocabulary:
    roles = tuple(sorted((k, tuple(v.get("titles", []))) for k, v in kb.roles.items()))
    return vocabulary(roles)


def _name_like(token: Token) -> bool:
    """Could this word be part of a person's name (if no earlier pass took it)?"""
    return bool(_NAME_TOKEN.match(token.text)) and token.norm not in _LOWER_WORDS and not token.text.isupper()


def _where(norms: list[str], words: Container[str]) -> Iterator[int]:
    """The indices of the norms that are among ``words``, in order: the tokens that
    ``for i, norm in enumerate(norms): if norm not in words: continue`` goes on with,
    found by a loop in C (the passes below look at few words of a document)."""
    return compress(count(), map(words.__contains__, norms))


_POSSESSIVE = attrgetter("possessive")


def kind_of(entries: list[tuple[str, str]]) -> str:
    return entries[0][1] if entries else ""


class Finder:
    """Finds and resolves the actor mentions of one document."""

    def __init__(self, kb: KnowledgeBase, text: str, date: str | None, tokens: list[Token] | None = None) -> None:
        self.kb = kb
        self.text = text
        self.date = date
        self.tokens = tokenize(text) if tokens is None else tokens
        self.norms = [t.norm for t in self.tokens]  # every phrase lookup slices these
        self.taken = [False] * len(self.tokens)
        self.vocab = _vocab(kb)
        self.name_like = [False] * len(self.tokens)
        for i in compress(count(), map(_NAME_TOKEN.match, [t.text for t in self.tokens])):
            self.name_like[i] = _name_like(self.tokens[i])  # the rest fail _name_like's first test
        self.result = DocumentActors()
        self.persons_named: dict[str, str] = {}  # surname key -> actor id, as named in this document
        self.focus: str | None = None  # the country the document is most about

    # -- helpers ----------------------------------------------------------------
    def _free(self, start: int, end: int) -> bool:
        return end <= len(self.tokens) and not any(self.taken[start:end])

    def _add(self, start: int, end: int, actor_id: str, method: str, score: float) -> None:
        self.result.found.append(Found(start, end, actor_id, method, round(score, 3)))
        for i in range(start, end):
            self.taken[i] = True
        actor = self.result.new_actors.get(actor_id) or self.kb.actors.get(actor_id)
        if actor and actor.type == "person" and actor.surname:
            self.persons_named[name_key(actor.surname)] = actor_id

    def _key(self, start: int, end: int) -> tuple[str, ...]:
        return tuple(self.norms[start:end])

    def _lookup(self, table: dict[tuple[str, ...], str], start: int, end: int) -> str | None:
        """The entry of a vocabulary table for tokens start..end. Most words open no
        entry, and testing the first word is cheaper than building the key."""
        if start < len(self.norms) and self.norms[start] not in self.vocab.first_words:
            return None
        return table.get(self._key(start, end))

    def _sentence_start(self, index: int) -> bool:
        return index == 0 or bool(_SENTENCE_END.search(self.text[self.tokens[index - 1].end:self.tokens[index].start]
                                                        or "")) or self.text[self.tokens[index - 1].start:
                                                                             self.tokens[index - 1].end] in ".!?"

    # -- pass 1: listed names ---------------------------------------------------------
    def listed_names(self) -> None:
        longest = self.kb.phrase_lengths()
        after = 0  # the end of the latest match: no phrase starts inside it
        for i in _where(self.norms, longest):
            if i >= after:
                after = self._match_phrase(i, longest[self.norms[i]]) or after

    def _match_phrase(self, i: int, longest: int) -> int | None:
        """Where the longest listed name starting at token ``i`` ends (no listed name
        starting with this word is longer than ``longest`` tokens)."""
        for length in range(min(MAX_PHRASE, len(self.tokens) - i, longest), 0, -1):
            key = self._key(i, i + length)
            entries = self.kb.phrases.get(key)
            if not entries or not self._free(i, i + length):
                continue
            span = self.tokens[i:i + length]
            if key in self.kb.exact_case and not all(t.text.replace(".", "").isupper() for t in span):
                continue
            if not any(t.capitalised for t in span) and not (length >= 3 and kind_of(entries) == "epithet"):
                continue
            actor_id, kind = self._choose(entries)
            following = i + length
            if kind in ("capital", "metonym") and following < len(self.tokens) and self._name_word(following) \
                    and span[-1].touches(self.tokens[following]) is False:
                continue  # "Nursultan Nazarbayev": a given name that is also a city's name
            self._add(i, i + length, actor_id, kind, 1.0 if kind in ("name", "alias") else 0.9)
            return i + length
        return None

    def _choose(self, entries: list[tuple[str, str]]) -> tuple[str, str]:
        """Among actors sharing a name, prefer one holding a role on the date, then a state."""
        if len(entries) == 1:
            return entries[0]
        def rank(entry: tuple[str, str]) -> tuple[int, int, int]:
            actor = self.kb.actors[entry[0]]
            return (0 if entry[1] in ("name", "alias") else 1, 0 if actor.roles_on(self.date) else 1,
                    0 if actor.type == "country" else 1)
        return sorted(entries, key=rank)[0]

    # -- pass 2: titles and roles -------------------------------------------------------
    def titles(self, focus: str | None) -> None:
        for i in _where(self.norms, self.vocab.first_words):
            for length in (4, 3, 2, 1):
                role = self.vocab.titles.get(self._key(i, i + length))
                if role and self._free(i, i + length):
                    self._title_at(i, i + length, role, focus)
                    break

    def _title_at(self, start: int, end: int, role: str, focus: str | None) -> None:
        if end < len(self.tokens) and _NAME_TOKEN.match(self.tokens[end].text) and not self.taken[end]:
            return  # "President Vladimir Putin": the name pass resolves the person
        if end < len(self.tokens) and self.taken[end]:
            found = self._found_at(end)
            if found and self._is_person(found.actor_id):
                return  # the name right after the title is already resolved
        country, left, right = self._qualifier(start, end, focus)
        if country is None and role == "head_of_state" and focus and self._definite_singular(start, end):
            country, left, right = focus, start - 1, end  # "the president": the document's own country's
        if country is None or (role == OF_ANY and right <= end):
            return
        holders = self._holders(role, country)
        if left > 0 and self.tokens[left - 1].norm in ("first", "founding") or self.tokens[start].norm == "first":
            holders = self._first_holder(role, country)
            left = left - 1 if left > 0 and self.tokens[left - 1].norm in ("first", "founding") else left
        if len(holders) == 1:
            self.result.found = [f for f in self.result.found if not (left <= f.start and f.end <= right)]
            self._add(left, right, holders[0].id, "role", 0.85)

    def _definite_singular(self, start: int, end: int) -> bool:
        """"the president" standing alone, not "the presidents" nor "the president of ..."."""
        return (start > 0 and self.tokens[start - 1].norm == "the" and end - start == 1
                and not (end < len(self.tokens) and self.tokens[end].norm in ("of", "'s")))

    def _first_holder(self, role: str, country: str) -> list[Actor]:
        holders = [(r.start or "", a) for r, a in self.kb.roles_of.get(country, []) if r.role == role]
        return [min(holders, key=lambda pair: pair[0])[1]] if holders else []

    def _holders(self, role: str, country: str) -> list[Actor]:
        if role == OF_ANY:
            return self.kb.any_holders(country, self.date)
        if role == "head_of_state" and self.tokens:
            holders = self.kb.holders(role, country, self.date)
            return holders or self.kb.holders("head_of_government", country, self.date)
        return self.kb.holders(role, country, self.date)

    def _qualifier(self, start: int, end: int, focus: str | None) -> tuple[str | None, int, int]:
        """The country (or body) a title belongs to, and the span of the whole phrase."""
        if start > 0:
            before = self.tokens[start - 1]
            country = self.kb.adjectives.get(before.norm)
            if country is None and before.possessive:
                country = self._country_at(start - 1)
            if country:
                left = start - 2 if start >= 2 and self.tokens[start - 2].norm == "the" else start - 1
                return country, left, end
        if end + 1 < len(self.tokens) and self.tokens[end].norm == "of":
            j = end + 1 + (self.tokens[end + 1].norm == "the")
            republic = j < len(self.tokens) and self.tokens[j].norm == "republic"
            country = self._country_at(j) or (focus if republic else None)
            if country:
                left = start - 1 if start and self.tokens[start - 1].norm == "the" else start
                return country, left, self._span_end(j)
        return None, start, end

    def _country_at(self, index: int) -> str | None:
        found = self._found_at(index)
        if found:
            actor = self.kb.actors.get(found.actor_id)
            if actor and actor.type in ("country", "government"):
                return actor.country or actor.id
            if actor and actor.type not in ("person", "group"):
                return actor.id  # a region, body or organisation: "the head of Tatarstan"
        return None

    def _span_end(self, index: int) -> int:
        found = self._found_at(index)
        return found.end if found else index + 1

    def _found_at(self, index: int) -> Found | None:
        if not self.taken[index] if 0 <= index < len(self.taken) else True:
            return None
        return next((f for f in reversed(self.result.found) if f.start <= index < f.end), None)

    def _is_person(self, actor_id: str) -> bool:
        actor = self.result.new_actors.get(actor_id) or self.kb.actors.get(actor_id)
        return bool(actor and actor.type == "person")

    # -- pass 3: person names -------------------------------------------------------------
    def names(self) -> None:
        after = 0  # the end of the latest name: no name starts inside it
        for i in compress(range(len(self.tokens)), self.name_like):  # the few capitalised words
            if i < after or self.taken[i]:
                continue
            end = self._name_chunk(i)
            if end > i:
                self._resolve_name(i, end)
                after = end

    def _name_chunk(self, i: int) -> int:
        """End of a run of capitalised words starting at ``i`` ("Kassym - Jomart Tokayev")."""
        j = i
        while j < len(self.tokens) and self._name_word(j):
            j += 1
            if self.tokens[j - 1].possessive:
                break
            if self._hyphen_joins(j):
                j += 1
        words = sum(1 for t in self.tokens[i:j] if t.text != "-")
        return j if 0 < words <= 5 else i

    def _name_word(self, j: int) -> bool:
        return self.name_like[j] and not self.taken[j]

    def _hyphen_joins(self, j: int) -> bool:
        return (j + 1 < len(self.tokens) and self.tokens[j].text == "-" and self.tokens[j - 1].touches(self.tokens[j])
                and self.tokens[j].touches(self.tokens[j + 1]) and self._name_word(j + 1))

    def _surface(self, start: int, end: int) -> str:
        text = self.text[self.tokens[start].start:self.tokens[end - 1].end]
        return _POSSESSIVE_END.sub("", text)

    def _resolve_name(self, start: int, end: int) -> None:
        """A run of capitalised words: a known person, a person named earlier, or a
        new person; leading title words ("Senator", "National Bank") are shed."""
        honorific = False
        while start < end and self.tokens[start].norm in self.vocab.title_words:
            honorific = honorific or self.tokens[start].norm in _HONORIFICS
            start += 1
        if start >= end:
            return
        text = self._surface(start, end)
        if end - start == 1:
            self._resolve_surname(start, text, honorific)
            return
        for first in range(start, end - 1):
            text = self._surface(first, end)
            candidates = person_candidates(self.kb, text, self.date)
            if candidates and candidates[0].score >= SAME:
                self._add(first, end, candidates[0].actor.id, "name", min(1.0, candidates[0].score))
                return
            local = self._local_person(text)
            if local:
                self._add(first, end, local, "name", 0.9)
                return
        first = max(start, end - 3) if end - start > 3 else start
        while end - first > 2 and self.tokens[first].text != "-" and self.tokens[first + 1].text != "-":
            first += 1  # a new person is named by the last two words at most ("given-name surname")
        new = self._discover(first, end, self._surface(first, end))
        if new:
            self._add(first, end, new.id, "introduced", 0.8)

    def _resolve_surname(self, index: int, text: str, honorific: bool = False) -> None:
        if self.tokens[index].norm in self.vocab.title_words or len(text) < 3:
            return
        if not honorific and self.tokens[index].norm in month_numbers():
            return  # "May 9", "in March": a month, not Theresa May
        key = name_key(text)
        if key in self.persons_named:  # named earlier in the document
            self._add(index, index + 1, self.persons_named[key], "surname", 0.9)
            return
        candidates = [c for c in person_candidates(self.kb, text, self.date) if "same_surname" in c.features]
        holding = [c for c in candidates if c.actor.roles_on(self.date)]
        pick = holding if holding else candidates
        if len(pick) == 1 or (pick and pick[0].score > pick[1].score):
            self._add(index, index + 1, pick[0].actor.id, "surname", 0.75)
        elif honorific and not pick:  # "Mr Borodavkin": a person, not yet known by the full name
            new = self._discover(index, index + 1, text, named=True)
            if new:
                self._add(index, index + 1, new.id, "introduced", 0.7)

    def _local_person(self, text: str) -> str | None:
        key = name_key(text)
        for actor in self.result.new_actors.values():
            if name_key(actor.name) == key:
                return actor.id
        return None

    def _discover(self, start: int, end: int, text: str, named: bool = False) -> Actor | None:
        """A person the KB does not know: introduced by a descriptor right before the
        name, by an honorific, or by a common given name opening it."""
        if self.tokens[end - 1].norm in self.vocab.organisation_words or self.tokens[end - 1].norm in \
                self.vocab.title_words:
            return None  # "Kotak Securities", "the Space Agency", "Chinese President"
        sector, country, parent = self._descriptor(start)
        if start > 0 and self.tokens[start - 1].norm in _AFFILIATION:
            sector = None  # "head of research at Kotak Securities": the title is someone else's
        sector = sector or self._appositive(start, end)
        key = name_key(text)
        given = key.split()[0] in self.vocab.given_names if " " in key else False
        if sector is None and not named and not given:
            return None
        surname = key.split()[-1]
        earlier = self.persons_named.get(surname)
        if earlier and earlier in self.result.new_actors:  # "Mr Yakunin" ... "Vladimir Yakunin"
            actor = self.result.new_actors[earlier]
            if len(text) > len(actor.name):
                actor.name = text
            return actor
        sector = sector or "UNK"
        actor_id = "new:" + key.replace(" ", "-")
        actor = Actor(actor_id, text, "person", country, f"{country or ''}{sector}", sector,
                      parent=parent, source="discovered")
        self.result.new_actors.setdefault(actor_id, actor)
        return self.result.new_actors[actor_id]

    def _appositive(self, start: int, end: int) -> str | None:
        """"Pankaj Pandey, head of research at …", "Derek Scissors, a China expert": the
        sector of a descriptor set off by a comma right after a two-word name."""
        if end >= len(self.tokens) or self.tokens[end].text != "," or self.tokens[start].norm in _NOT_NAMES \
                or any(t.norm in _NOT_NAMES or t.norm in month_numbers() for t in self.tokens[start:end]):
            return None  # "On Tuesday, Nigerian junior foreign minister …" introduces nobody
        for j in range(end + 1, min(end + 6, len(self.tokens))):
            if self.tokens[j].text in ".;:!?,\"“”()":
                return None
            for length in (3, 2, 1):
                occupation = self._lookup(self.vocab.occupations, j, j + length)
                if occupation:
                    return occupation
                role = self._lookup(self.vocab.titles, j, j + length)
                if role:
                    return self.kb.role_sector(role) or "GOV"
        return None

    def _descriptor(self, start: int) -> tuple[str | None, str | None, str | None]:
        """(sector, country, affiliation) from up to 12 tokens before a name, within the clause."""
        sector = country = parent = None
        first = start
        for j in range(start - 1, max(-1, start - 13), -1):
            if self.tokens[j].text in ".;:!?\"“”" :
                break
            first = j
        window = range(start - 1, first - 1, -1)  # nearest words first: "Zambia extradited British militant X"
        for j in window:
            sector = sector or self._sector_at(j, start)
            adjective = self.kb.adjectives.get(self.tokens[j].norm)
            if self.tokens[j].norm in ("republic", "country") and j and self.tokens[j - 1].norm == "the":
                adjective = self.focus  # "the Ministry of Energy of the republic"
            if adjective:
                country = country or adjective
            found = self._found_at(j)
            if found:
                actor = self.kb.actors.get(found.actor_id)
                if actor and actor.type != "person":
                    country = country or actor.country or (actor.id if actor.type == "country" else None)
                    if actor.type not in ("country", "government"):
                        parent = parent or actor.id
        return sector, country, parent

    def _sector_at(self, j: int, start: int) -> str | None:
        """The sector of an occupation, else of a title, starting at token ``j`` and
        ending by ``start`` ("political scientist", "foreign minister")."""
        if self.norms[j] not in self.vocab.first_words:
            return None  # most words start neither
        for length in (3, 2, 1):
            occupation = self.vocab.occupations.get(self._key(j, j + length))
            if occupation and j + length <= start:
                return occupation
        for length in (4, 3, 2, 1):
            role = self.vocab.titles.get(self._key(j, j + length))
            if role and j + length <= start:
                return self.kb.role_sector(role)
        return None

    # -- pass 4: groups --------------------------------------------------------------------
    def governments(self) -> None:
        """"the leadership of Kazakhstan", "the government of Russia" -> the government."""
        for i in _where(self.norms, _GOVERNMENT_NOUNS):
            if self.taken[i] or i + 2 >= len(self.tokens):
                continue
            if self.tokens[i + 1].norm != "of":
                continue
            country = self._country_at(i + 2)
            found = self._found_at(i + 2)
            if country and found and country in self.kb.countries:
                left = i - 1 if i and self.tokens[i - 1].norm == "the" else i
                self.result.found = [f for f in self.result.found if f is not found]
                self._add(left, found.end, self.kb.group(country, "GOV").id, "group", 0.85)

    def groups(self) -> None:
        """Country adjective (or possessive country) and group noun: "Kazakh nationalists",
        "the Turkish and Greek sides", "Nicaragua's Sandinista government"."""
        adjective_words = self.kb.adjective_words()
        # "Russia's" or (the first word of) a country adjective
        for i in compress(count(), map(or_, map(_POSSESSIVE, self.tokens), map(adjective_words.__contains__,
                                                                              self.norms))):
            countries = self._group_countries(i)
            if not countries:
                continue
            for skip in (0, 1):  # one descriptive word may stand between ("Afghan rebel leaders")
                found = self._group_noun(i + 1 + skip)
                if found:
                    sector, end = found
                    left = i - 1 if i and self.tokens[i - 1].norm == "the" else i
                    for country in countries:
                        self.result.found.append(Found(left, end, self.kb.group(country, sector).id, "group", 0.8))
                    for k in range(left, end):
                        self.taken[k] = True
                    break
        for i in _where(self.norms, self.kb.demonyms):
            token = self.tokens[i]
            people = self.kb.demonyms[token.norm]
            if people and token.capitalised and not self.taken[i] and token.norm not in self.kb.adjectives:
                self._add(i, i + 1, self.kb.group(people, "CVL").id, "group", 0.7)

    def _group_countries(self, i: int) -> list[str]:
        token = self.tokens[i]
        if self.taken[i] and not token.possessive:
            return []
        if token.possessive:
            found = self._found_at(i)
            actor = self.kb.actors.get(found.actor_id) if found else None
            return [actor.id] if actor and actor.type == "country" else []
        country = self.kb.adjectives.get(token.norm) if token.capitalised else None
        if country is None and token.capitalised and i + 1 < len(self.tokens):
            country = self.kb.adjectives.get(f"{token.norm} {self.tokens[i + 1].norm}")  # "Sri Lankan"
            if country is not None:
                if not self._group_noun(i + 2):
                    return []
                self.taken[i] = True  # the first word of the adjective; the group starts at it
                return [country]
        if country is None:
            return []
        countries = [country]
        if i + 2 < len(self.tokens) and self.tokens[i + 1].norm == "and" and self.tokens[i + 2].capitalised:
            other = self.kb.adjectives.get(self.tokens[i + 2].norm)
            if other:
                countries.append(other)  # "the Turkish and Greek sides"
        return countries

    def _group_noun(self, j: int) -> tuple[str, int] | None:
        for start in (j, j + 2):  # after "Turkish and Greek" the noun stands two further
            for length in (2, 1):
                sector = self._lookup(self.vocab.groups, start, start + length)
                if sector and self._free(start, start + length):
                    return sector, start + length
        return None

    # -- pass 5: pronouns and definite descriptions ------------------------------------------
    def descriptions(self) -> None:
        """"the expert", "the analyst": the latest person of that occupation's sector."""
        persons = sorted((f for f in self.result.found if self._is_person(f.actor_id)), key=lambda f: f.start)
        for i in _where(self.norms, ("the",)):
            if i + 1 >= len(self.tokens):
                continue
            for length in (2, 1):
                sector = self._lookup(self.vocab.occupations, i + 1, i + 1 + length)
                if sector not in _DESCRIBED_SECTORS or not self._free(i, i + 1 + length):
                    continue
                if i + 1 + length < len(self.tokens) and self.tokens[i + 1 + length].norm == "of":
                    break
                for found in reversed([f for f in persons if f.end <= i and i - f.end <= 120]):
                    actor = self.result.new_actors.get(found.actor_id) or self.kb.actors[found.actor_id]
                    if actor.sector == sector:
                        self._add(i, i + 1 + length, actor.id, "description", 0.6)
                        break
                break

    def plural_leaders(self) -> None:
        """"the presidents", "both leaders", "the two presidents": the two heads of
        state or government the document names most."""
        counts = Counter(f.actor_id for f in self.result.found
                         if self._is_person(f.actor_id) and self._leads(f.actor_id))
        leaders = [a for a, _ in counts.most_common(2)]
        if len(leaders) < 2:
            return
        for i in _where(self.norms, ("presidents", "leaders", "heads")):
            if self.taken[i]:
                continue
            left = i - 1 if i and self.tokens[i - 1].norm in ("the", "both", "two") else i
            left = left - 1 if left and self.tokens[left].norm == "two" and self.tokens[left - 1].norm == "the" \
                else left
            if left == i or (i + 1 < len(self.tokens) and self.tokens[i + 1].norm == "of"):
                continue
            for actor in leaders:
                self.result.found.append(Found(left, i + 1, actor, "plural", 0.6))
            for k in range(left, i + 1):
                self.taken[k] = True

    def addressees(self) -> None:
        """"Mr President" in a transcript: the head of state the speaker talks to,
        the most named one in the document other than the speaker."""
        speaker: str | None = None
        counts = Counter(f.actor_id for f in self.result.found if self._is_person(f.actor_id))
        for i, token in enumerate(self.tokens):
            if token.text == ":" and i > 0:
                found = self._found_at(i - 1)
                if found and self._is_person(found.actor_id) and self._paragraph_start(found.start, i):
                    speaker = found.actor_id
            if token.norm not in _HONORIFICS or i + 1 >= len(self.tokens) or not self._free(i, i + 2):
                continue
            role = self._lookup(self.vocab.titles, i + 1, i + 2) or self._lookup(self.vocab.titles, i + 1, i + 3)
            if role not in ("head_of_state", "head_of_government") or speaker is None:
                continue
            others = [a for a, _ in counts.most_common() if a != speaker and self._holds(a, role)]
            if others:
                length = 2 if self._lookup(self.vocab.titles, i + 1, i + 2) else 3
                self._add(i, i + length, others[0], "addressee", 0.7)

    def _leads(self, actor_id: str) -> bool:
        return self._holds(actor_id, "head_of_state") or self._holds(actor_id, "head_of_government")

    def _holds(self, actor_id: str, role: str) -> bool:
        actor = self.kb.actors.get(actor_id)
        return bool(actor and any(r.role == role for r in actor.roles_on(self.date)))

    def _paragraph_start(self, start: int, colon: int) -> bool:
        """Does a speaker label ("President of Russia Vladimir Putin:") open the paragraph here?"""
        begin = self.text.rfind("\n", 0, self.tokens[start].start) + 1
        return colon - start <= 6 and self.tokens[colon].start - begin <= 160

    def pronouns(self) -> None:
        persons = sorted((f for f in self.result.found if self._is_person(f.actor_id)), key=lambda f: f.start)
        for i in _where(self.norms, self.vocab.pronouns):
            gender = self.vocab.pronouns[self.norms[i]]
            if not gender or self.taken[i]:
                continue
            before = [f for f in persons if f.end <= i and i - f.end <= 60]
            for found in reversed(before):
                actor = self.result.new_actors.get(found.actor_id) or self.kb.actors[found.actor_id]
                if actor.gender in (None, gender):
                    self.result.found.append(Found(i, i + 1, found.actor_id, "pronoun", 0.6))
                    break

    def focus_country(self) -> str | None:
        counts: Counter[str] = Counter()
        for found in self.result.found:
            actor = self.kb.actors.get(found.actor_id)
            if actor and actor.type in ("country", "government"):
                counts[actor.country or actor.id] += 1
        return counts.most_common(1)[0][0] if counts else None

    def run(self) -> DocumentActors:
        self.listed_names()
        self.focus = self.focus_country()
        self.names()
        self.titles(self.focus)
        self.governments()
        self.groups()
        self.descriptions()
        self.plural_leaders()
        self.addressees()
        self.pronouns()
        self.result.found.sort(key=lambda f: f.start)
        return self.result


def find_mentions(kb: KnowledgeBase, text: str, date: str | None,
                  tokens: list[Token] | None = None) -> tuple[list[tuple[int, int, str, str, str, float]],
                                                              dict[str, Actor]]:
    """(start, end, text, actor id, method, score) character spans, and new actors;
    ``tokens``: the text's tokens, when the caller has them already."""
    finder = Finder(kb, text, date, tokens)
    result = finder.run()
    spans = []
    for found in result.found:
        start, end = finder.tokens[found.start].start, finder.tokens[found.end - 1].end
        spans.append((start, end, text[start:end], found.actor_id, found.method, found.score))
    return spans, result.new_actors


__all__ = ["Finder", "Role", "find_mentions"]
