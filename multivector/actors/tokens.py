"""Tokens with character offsets, shared by the knowledge-base index and the
mention finder so that both cut text the same way."""

from __future__ import annotations

import re
from dataclasses import dataclass

try:  # the compiled tokeniser (setup.py builds it); the same tokens as the Python below
    from multivector.actors import _tokens

    COMPILED = True
except ImportError:  # no C compiler at install time: the Python below, slower
    COMPILED = False

_TOKEN = re.compile(r"\w+(?:['’.]\w+)*\.?|[^\w\s]", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$|['’]$")
_ABBREVIATION = re.compile(r"^(?:[A-Za-z]\.){2,}$")


@dataclass(slots=True)  # not frozen: a frozen dataclass is 4x slower to make, and tokens are made by the million
class Token:
    """A word or mark with its character offsets in the text it was cut from (treat as read-only)."""

    text: str
    start: int
    end: int
    norm: str  # lower case, possessive and final period removed
    possessive: bool

    def touches(self, other: Token) -> bool:
        """No space between this token and the next one ("Nur" "-" "Sultan")."""
        return self.end == other.start

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def _norm(text: str) -> tuple[str, bool]:
    possessive = bool(_POSSESSIVE.search(text)) and len(text) > 2
    core = _POSSESSIVE.sub("", text) if possessive else text
    if core.endswith(".") and not _ABBREVIATION.match(core):
        core = core[:-1]
    return core.lower().replace("’", "'"), possessive


def tokenize(text: str) -> list[Token]:
    """Words and marks of a text with their offsets (compiled when built; ``python_tokenize`` otherwise)."""
    if COMPILED:
        return _tokens.tokenize(Token, text)
    return python_tokenize(text)


def shifted(tokens: list[Token], first: int, last: int, offset: int) -> list[Token]:
    """Copies of ``tokens[first:last]`` with their offsets less ``offset``: a sentence's
    tokens cut from its document's (compiled when built; ``python_shifted`` otherwise)."""
    if COMPILED:
        return _tokens.shifted(Token, tokens, first, last, offset)
    return python_shifted(tokens, first, last, offset)


def python_shifted(tokens: list[Token], first: int, last: int, offset: int) -> list[Token]:
    return [Token(t.text, t.start - offset, t.end - offset, t.norm, t.possessive) for t in tokens[first:last]]


def python_tokenize(text: str) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        raw = match.group()
        if raw.isalnum():  # most words: no apostrophe nor period to strip, so the norm is the lower case
            tokens.append(Token(raw, match.start(), match.end(), raw.lower(), False))
            continue
        end = match.end()
        final_period = raw.endswith(".") and len(raw) > 1 and not _ABBREVIATION.match(raw)
        if final_period:
            raw, end = raw[:-1], end - 1  # a sentence's final period is not part of the word
        norm, possessive = _norm(raw)
        tokens.append(Token(raw, match.start(), end, norm, possessive))
        if final_period:
            tokens.append(Token(".", end, end + 1, ".", False))
    return tokens


def norms(text: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokenize(text))
