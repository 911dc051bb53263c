"""The knowledge base: actors from the YAML files in multivector/data/actors
(and $MULTIVECTOR_DATA/actors), indexed for mention finding.

File kinds by name: countries*.yaml, organisations*.yaml, people*.yaml,
bodies*.yaml (roles.yaml is the role vocabulary). Every country also yields a
government actor (``KAZ-GOV``, code KAZGOV) that its capital, its seat of
government ("the Kremlin", "Akorda") and "the Kazakh government" resolve to,
and sector groups (``KAZ-MIL``...) are made on demand for "Russian troops".
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from multivector.actors.tokens import norms
from multivector.actors.translit import name_key
from multivector.errors import MultivectorError
from multivector.resources import parse_yaml

KB_VERSION = "kb.v1"


class KnowledgeBaseError(MultivectorError):
    code = "E401"


@dataclass(frozen=True, slots=True)
class Role:
    role: str
    title: str
    of: str
    start: str | None
    end: str | None
    acting: bool = False

    def active(self, on: str | None) -> bool:
        """Held on the ISO date ``on`` (an unknown date matches current roles only)."""
        if on is None:
            return self.end is None
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    type: str  # country | government | group | igo | person | company | party | legislature | agency ...
    country: str | None
    code: str
    sector: str | None
    aliases: list[str] = field(default_factory=list)
    epithets: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    gender: str | None = None
    parent: str | None = None
    source: str = "kb"  # kb | discovered

    @property
    def surname(self) -> str | None:
        return self.name.split()[-1] if self.type == "person" and self.name.split() else None

    def roles_on(self, on: str | None) -> list[Role]:
        return [r for r in self.roles if r.active(on)]

    def code_on(self, on: str | None, kb: KnowledgeBase) -> str:
        """CAMEO-style code while holding a role on that date (KAZGOV), else the default."""
        for role in self.roles_on(on):
            org = kb.actors.get(role.of) if role.of else None
            if org is not None and org.type in ("igo", "format") and org.code:
                return org.code  # the UN Secretary-General acts for the UN
            sector = kb.role_sector(role.role)
            country = role.of if role.of in kb.countries else self.country
            if country and sector and sector not in ("IGO", "BUS", "PTY"):
                return f"{country}{sector}"
        return self.code


@dataclass(slots=True)
class CountryInfo:
    id: str
    adjectives: list[str]
    demonyms: list[str]
    capitals: list[str]
    metonyms: list[str]


@dataclass(slots=True)
class KnowledgeBase:
    actors: dict[str, Actor] = field(default_factory=dict)
    countries: dict[str, CountryInfo] = field(default_factory=dict)
    roles: dict[str, dict[str, Any]] = field(default_factory=dict)
    # lower-case token tuples -> [(actor id, kind)], kind: name|alias|epithet|metonym|capital
    phrases: dict[tuple[str, ...], list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    # short all-caps aliases ("US", "UN", "RF") that must match case-sensitively
    exact_case: set[tuple[str, ...]] = field(default_factory=set)
    keys: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # full-name key -> persons
    surnames: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # surname key -> persons
    roles_of: dict[str, list[tuple[Role, Actor]]] = field(default_factory=lambda: defaultdict(list))
    fuzzy_cache: dict[str, set[str]] = field(default_factory=dict)  # misspelt surname -> persons
    adjectives: dict[str, str] = field(default_factory=dict)  # "kazakh" -> KAZ
    demonyms: dict[str, str] = field(default_factory=dict)  # "kazakhs" -> KAZ
    lengths_cache: tuple[int, dict[str, int]] = field(default_factory=lambda: (0, {}))
    adjective_words_cache: tuple[int, frozenset[str]] = (0, frozenset())
    initials_cache: tuple[int, dict[str, list[str]]] = field(default_factory=lambda: (0, {}))

    # -- lookups ---------------------------------------------------------------
    def phrase_lengths(self) -> dict[str, int]:
        """The first word of every listed phrase -> the most tokens of a phrase starting
        with it: no phrase begins at any other word, nor runs longer."""
        size, lengths = self.lengths_cache
        if size != len(self.phrases):
            lengths = {}
            for key in self.phrases:
                if key:
                    lengths[key[0]] = max(lengths.get(key[0], 0), len(key))
            self.lengths_cache = (len(self.phrases), lengths)
        return lengths

    def adjective_words(self) -> frozenset[str]:
        """The first words of every country adjective ("kazakh", "sri"): the group pass
        looks no further at any other word."""
        size, words = self.adjective_words_cache
        if size != len(self.adjectives):
            words = frozenset(adjective.split(" ", 1)[0] for adjective in self.adjectives)
            self.adjective_words_cache = (len(self.adjectives), words)
        return words

    def surnames_by_initial(self) -> dict[str, list[str]]:
        """Surname keys by their first letter: a misspelt surname is looked for only
        among those sharing its first letter."""
        size, initials = self.initials_cache
        if size != len(self.surnames):
            grouped: dict[str, list[str]] = defaultdict(list)
            for surname in self.surnames:
                grouped[surname[:1]].append(surname)
            initials = dict(grouped)
            self.initials_cache = (len(self.surnames), initials)
        return initials

    def role_sector(self, role: str) -> str | None:
        spec = self.roles.get(role)
        return str(spec["sector"]) if spec else None

    def holders(self, role: str, of: str, on: str | None) -> list[Actor]:
        """Who held ``role`` of ``of`` (a country, organisation or body) on ``on``."""
        return [a for r, a in self.roles_of.get(of, []) if r.role == role and r.active(on)]

    def any_holders(self, of: str, on: str | None) -> list[Actor]:
        """Everyone holding some role of ``of`` on ``on`` ("the head of Tatarstan")."""
        return list({a.id: a for r, a in self.roles_of.get(of, []) if r.active(on)}.values())

    def government(self, country: str) -> Actor | None:
        return self.actors.get(f"{country}-GOV")

    def group(self, country: str, sector: str) -> Actor:
        """The group actor of a country's sector ("Russian troops" -> RUS-MIL), made on demand."""
        if sector == "GOV":
            gov = self.government(country)
            if gov:
                return gov
        actor_id = f"{country}-{sector}"
        if actor_id not in self.actors:
            name = self.actors[country].name if country in self.actors else country
            self.actors[actor_id] = Actor(actor_id, f"{name} ({sector})", "group", country,
                                          f"{country}{sector}", sector)
        return self.actors[actor_id]

    # -- building ----------------------------------------------------------------
    def add(self, actor: Actor) -> None:
        if actor.id in self.actors:
            raise KnowledgeBaseError(f"actor id {actor.id!r} is defined twice; ids must be unique")
        self.actors[actor.id] = actor
        self._index(actor.name, actor.id, "name")
        for alias in actor.aliases:
            self._index(alias, actor.id, "alias")
        for epithet in actor.epithets:
            self._index(epithet, actor.id, "epithet")
        for role in actor.roles:
            self.roles_of[role.of].append((role, actor))
        if actor.type == "person":
            for name in [actor.name, *actor.aliases]:
                key = name_key(name)
                if key and actor.id not in self.keys[key]:
                    self.keys[key].append(actor.id)
                    self.keys[key.replace(" ", "")].append(actor.id) if " " in key else None
                surname = key.split()[-1] if key else ""
                if surname and actor.id not in self.surnames[surname]:
                    self.surnames[surname].append(actor.id)

    def _index(self, phrase: str, actor_id: str, kind: str) -> None:
        key = norms(phrase)
        if not key:
            return
        if (actor_id, kind) not in self.phrases[key]:
            self.phrases[key].append((actor_id, kind))
        if len(phrase) <= 4 and phrase.replace(".", "").isupper():
            self.exact_case.add(key)


def _date(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _add_country(kb: KnowledgeBase, entry: dict[str, Any]) -> None:
    cid = str(entry["id"])
    kb.add(Actor(cid, entry["name"], "country", cid, str(entry.get("code") or cid), None,
                 aliases=_list(entry.get("aliases"))))
    info = CountryInfo(cid, _list(entry.get("adjectives")), _list(entry.get("demonyms")),
                       [c for c in [entry.get("capital"), *_list(entry.get("capital_aliases"))] if c],
                       _list(entry.get("government_metonyms")))
    kb.countries[cid] = info
    gov = Actor(f"{cid}-GOV", f"Government of {entry['name']}", "government", cid,
                f"{entry.get('code') or cid}GOV", "GOV")
    kb.add(gov)
    for capital in info.capitals:
        kb._index(capital, gov.id, "capital")
    for metonym in info.metonyms:
        kb._index(metonym, gov.id, "metonym")
        if not metonym.lower().startswith("the "):
            kb._index("the " + metonym, gov.id, "metonym")
    for adjective in info.adjectives:
        if adjective.lower() in kb.adjectives and cid in _PREFERRED_FOR_SHARED:
            kb.adjectives[adjective.lower()] = cid  # "Congolese" means the DRC more often than Congo
        kb.adjectives.setdefault(adjective.lower(), cid)
        for noun in ("government", "authorities", "leadership", "cabinet"):
            kb._index(f"the {adjective} {noun}", gov.id, "group")
    for demonym in info.demonyms:
        kb.demonyms.setdefault(demonym.lower(), cid)


# When two countries share an adjective or demonym, the one more often meant.
_PREFERRED_FOR_SHARED = {"COD"}


def _add_organisation(kb: KnowledgeBase, entry: dict[str, Any]) -> None:
    kb.add(Actor(str(entry["id"]), entry["name"], str(entry.get("type") or "igo"), None,
                 str(entry.get("code") or f"IGO{entry['id']}"), str(entry.get("sector") or "IGO"),
                 aliases=_list(entry.get("aliases")), parent=entry.get("parent")))


def _add_body(kb: KnowledgeBase, entry: dict[str, Any]) -> None:
    country = entry.get("country")
    sector = str(entry.get("sector") or "GOV")
    kb.add(Actor(str(entry["id"]), entry["name"], str(entry.get("type") or "body"), country,
                 str(entry.get("code") or f"{country or ''}{sector}"), sector,
                 aliases=_list(entry.get("aliases")), parent=entry.get("parent")))


def _add_person(kb: KnowledgeBase, entry: dict[str, Any]) -> None:
    roles = [Role(str(r["role"]), str(r.get("title") or r["role"]), str(r["of"]), _date(r.get("start")),
                  _date(r.get("end")), bool(r.get("acting"))) for r in entry.get("roles") or []]
    country = entry.get("country")
    kb.add(Actor(str(entry["id"]), entry["name"], "person", country, f"{country or ''}ELI", "ELI",
                 aliases=_list(entry.get("aliases")), epithets=_list(entry.get("epithets")),
                 roles=roles, gender=entry.get("gender")))


_LOADERS = {"countries": _add_country, "organisations": _add_organisation, "bodies": _add_body,
            "people": _add_person}


def _files() -> list[tuple[str, str]]:
    """(name, text) of every actor file: the package's, then the user's."""
    found = []
    folder = resources.files("multivector").joinpath("data", "actors")
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.name.endswith(".yaml"):
            found.append((item.name, item.read_text(encoding="utf-8")))
    user = os.environ.get("MULTIVECTOR_DATA")
    if user and (Path(user) / "actors").is_dir():
        for path in sorted((Path(user) / "actors").glob("*.yaml")):
            found.append((path.name, path.read_text(encoding="utf-8")))
    return found


def _kind(file_name: str) -> str | None:
    return next((kind for kind in _LOADERS if file_name.startswith(kind)), None)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off meanwhile. Building makes some 100,000 objects
    and no garbage; the full collections they set off would each walk every object of
    the process (the loaded models, the imported modules): up to a third of the build time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_collector_paused()
def build() -> KnowledgeBase:
    kb = KnowledgeBase()
    files = _files()
    for name, text in files:
        if name == "roles.yaml":
            kb.roles.update(parse_yaml(text).get("roles", {}))
    order = ["countries", "organisations", "bodies", "people"]
    for kind in order:
        for name, text in files:
            if _kind(name) != kind:
                continue
            for entry in parse_yaml(text) or []:
                try:
                    _LOADERS[kind](kb, entry)
                except (KeyError, TypeError) as error:
                    raise KnowledgeBaseError(f"{name}: bad entry {entry!r:.120}: missing {error}") from error
    return kb


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    """The shared, read-only knowledge base (built once per process)."""
    return build()
