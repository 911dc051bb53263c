"""Generic chrome cues from data/boilerplate.yaml, compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from multivector.resources import load_yaml


@dataclass(frozen=True, slots=True)
class CueSet:
    line: tuple[re.Pattern[str], ...]
    whole: tuple[re.Pattern[str], ...]
    lists: tuple[re.Pattern[str], ...]
    max_chars: int

    def starts_list(self, line: str) -> bool:
        """Does ``line`` head a block of links ("Read also", "Most read")?"""
        stripped = line.strip()
        return any(p.search(stripped) for p in self.lists)

    def match(self, line: str) -> str | None:
        """The pattern that marks ``line`` as chrome, or None."""
        stripped = line.strip()
        for pattern in self.whole:
            if pattern.fullmatch(stripped):
                return pattern.pattern
        if len(stripped) > self.max_chars:
            return None
        for pattern in self.line:
            if pattern.search(stripped):
                return pattern.pattern
        return None


@lru_cache(maxsize=1)
def cues() -> CueSet:
    data = load_yaml("boilerplate.yaml")
    flags = re.IGNORECASE | re.UNICODE
    return CueSet(
        line=tuple(re.compile(p, flags) for p in data.get("line", [])),
        whole=tuple(re.compile(p, flags) for p in data.get("whole", [])),
        lists=tuple(re.compile(p, flags) for p in data.get("list", [])),
        max_chars=int(data.get("max_chars", 260)),
    )
