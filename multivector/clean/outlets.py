"""Which outlet published a document: from the URL's domain, a hint the input
carries, or a phrase in which the page names itself ("Subscribe to PolitNavigator
news", «Читать на "The Moscow Post"», "the LIGA.net editors")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlparse

from multivector.resources import load_yaml


@dataclass(frozen=True, slots=True)
class OutletTable:
    by_domain: dict[str, str]
    by_alias: dict[str, str]
    cues: tuple[re.Pattern[str], ...]

    def canonical(self, name: str) -> str | None:
        """The known outlet ``name`` stands for, or None when unknown."""
        key = _key(name)
        return self.by_alias.get(key) or self.by_domain.get(key.removeprefix("www."))

    def from_url(self, url: str | None) -> str | None:
        if not url:
            return None
        host = (urlparse(url if "//" in url else "//" + url).hostname or "").lower()
        host = host.removeprefix("www.")
        while host:
            if host in self.by_domain:
                return self.by_domain[host]
            _, _, host = host.partition(".")
        return None

    def _known_prefix(self, name: str) -> str | None:
        """The known outlet that ``name`` or its leading words name ("Atlantic Desk Media")."""
        words = name.split()
        for size in range(len(words), 0, -1):
            if known := self.canonical(" ".join(words[:size])):
                return known
        return None

    def from_text(self, text: str) -> str | None:
        """The first outlet the text names as its own, canonical when known."""
        for pattern in self.cues:
            for match in pattern.finditer(text):
                name = match.group("outlet").strip(" .,;:-")
                name = re.sub(r"^(?i:the) (?=\w+$)", "", name) if not self.canonical(name) else name
                known = self._known_prefix(name)
                if known:
                    return known
                if _plausible(name):
                    return name
        return None


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().strip("«»\"“”'")).lower()


def _plausible(name: str) -> bool:
    words = name.split()
    return 1 <= len(words) <= 4 and not name.lower().startswith(("read", "subscribe", "our "))


@lru_cache(maxsize=1)
def outlets() -> OutletTable:
    data = load_yaml("outlets.yaml")
    by_domain: dict[str, str] = {}
    by_alias: dict[str, str] = {}
    for outlet in data.get("outlets", []):
        name = outlet["name"]
        by_alias[_key(name)] = name
        by_alias[_key(name.removeprefix("The "))] = name
        for alias in outlet.get("aliases") or []:
            by_alias[_key(alias)] = name
        for domain in outlet.get("domains") or []:
            by_domain[domain.lower()] = name
    cues = tuple(re.compile(p, re.MULTILINE) for p in data.get("cues", []))
    return OutletTable(by_domain, by_alias, cues)


def detect_outlet(url: str | None, hint: str | None, text: str | Callable[[], str],
                  sitename: str | None = None) -> str | None:
    """Outlet by the strongest evidence: URL domain, then the input's own hint,
    then the HTML site name, then the page's self-naming phrases (``text``, or a
    function giving it: read only when nothing stronger names the outlet)."""
    table = outlets()
    if found := table.from_url(url):
        return found
    if hint:
        return table.canonical(hint) or table.from_url(hint) or hint.strip()
    if sitename:
        return table.canonical(sitename) or sitename.strip()
    return table.from_text(text if isinstance(text, str) else text())
