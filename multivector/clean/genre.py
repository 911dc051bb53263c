"""Opinion or news (``genre.v1``): read from the lines around the body that
cleaning sets aside ("Author column, Zen, Kazakhstan", "Articles in the
Opinions section reflect the point of view of the author") and the URL path.
The body itself is never searched: news quotes opinions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from multivector.resources import load_yaml

GENRE = "genre.v1"
_MAX_LINE = 300  # longer set-aside lines are prose, not labels


@lru_cache(maxsize=1)
def _opinion_cues() -> re.Pattern[str]:
    cues = [str(c) for c in load_yaml("genre.yaml").get("opinion") or []]
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
                      + r")(?![\w-])", re.I)


def detect_genre(set_aside: Iterable[str], url: str | None = None) -> str | None:
    """"opinion" when a label or the URL says so, else None (unknown: no guess)."""
    cues = _opinion_cues()
    if url and cues.search(re.sub(r"[/_.?=&]+", " ", url.split("//", 1)[-1].split("/", 1)[-1])):
        return "opinion"
    for line in set_aside:
        if len(line) <= _MAX_LINE and cues.search(line):
            return "opinion"
    return None
