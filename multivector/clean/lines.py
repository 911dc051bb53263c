"""Line-level clean-up shared by HTML and text inputs: generic chrome cues,
teasers that repeat the lead, repeated lines, and paragraph assembly."""

from __future__ import annotations

import hashlib
import re
from difflib import SequenceMatcher

from multivector.clean.cues import cues

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_ODD_SPACES = re.compile(r"[\t\u00a0\u2000-\u200b\u202f\u205f\u3000]|  ")  # what _SPACES would change
_TOKEN = re.compile(r"\w+", re.UNICODE)
_ELLIPSIS = re.compile(r"(\.\.\.|…)\s*$")
_DIGITS = re.compile(r"\d+")
_QUOTES = {"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "„": '"'}


def fold_quotes(text: str) -> str:
    """Typographic quotes as plain ones. (``str.translate`` reads a dict per character
    of any non-ASCII text: several times slower than a few scans for quotes.)"""
    if text.isascii():
        return text
    for quote, plain in _QUOTES.items():
        if quote in text:
            text = text.replace(quote, plain)
    return text


def normalise_line(line: str) -> str:
    if "  " not in line and "\t" not in line and (line.isascii() or _ODD_SPACES.search(line) is None):
        return line.strip()  # single plain spaces only (most lines): nothing to fold
    return _SPACES.sub(" ", line).strip()


def shape_of(line: str) -> int:
    """A 63-bit key of the line's shape: case, digits, spacing and quotes folded,
    so "Views: 3537" and "Views: 7785" share a shape."""
    folded = _DIGITS.sub("0", fold_quotes(normalise_line(line)).casefold())
    return int.from_bytes(hashlib.blake2b(folded.encode("utf-8"), digest_size=8).digest(), "big") >> 1


def tokens(line: str) -> list[str]:
    return _TOKEN.findall(fold_quotes(line).casefold())


def is_teaser(line: str, others: list[list[str]]) -> bool:
    """A line cut off with an ellipsis whose words open another paragraph."""
    if not _ELLIPSIS.search(line):
        return False
    head = tokens(_ELLIPSIS.sub("", line))
    if len(head) < 5:
        return False
    for other in others:
        if len(other) < len(head):
            continue
        if SequenceMatcher(None, head, other[: len(head)], autojunk=False).ratio() >= 0.85:
            return True
    return False


_TURN = re.compile(r"^(?:[A-Z][\w.'-]*\s(?:(?:of|the|and|de|von)\s)*)*[A-Z][\w.'-]+\s[A-Z][\w'-]+:(?:\s+\S.*)?$")


def is_speech_turn(line: str) -> bool:
    """"Vladimir Putin: Thank you very much.", "President of Russia Vladimir Putin:": a
    transcript turn, whose label ends with a name, however often the same words recur
    across an outlet's pages."""
    return bool(_TURN.match(normalise_line(line)))


def is_headline_like(line: str) -> bool:
    """Short and without closing punctuation: a link text, not prose."""
    return len(tokens(line)) <= 16 and not re.search(r"[.!…:;]\W*$", line)


def drop_chrome(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Lines kept (blank lines kept as paragraph breaks) and (line, reason) dropped."""
    cue_set = cues()
    kept: list[str] = []
    dropped: list[tuple[str, str]] = []
    seen: set[str] = set()
    in_list = False
    for raw in lines:
        line = normalise_line(raw)
        if not line:
            kept.append("")
            continue
        reason = cue_set.match(line)
        if reason is None and in_list and is_headline_like(line):
            reason = "link in a list of related stories"
        key = line.casefold()
        if reason is None and key in seen and len(line) < 400 and not is_speech_turn(line):
            reason = "repeated line"
        in_list = cue_set.starts_list(line) or (in_list and reason is not None)
        if reason:
            dropped.append((line, reason))
            continue
        seen.add(key)
        kept.append(line)
    return _drop_teasers(kept, dropped)


def _drop_teasers(kept: list[str], dropped: list[tuple[str, str]]) -> tuple[list[str], list[tuple[str, str]]]:
    if not any(line.endswith(("...", "…")) for line in kept):
        return kept, dropped  # no line cut off with an ellipsis (lines are stripped), so no teaser
    body = [tokens(line) for line in kept if line and not _ELLIPSIS.search(line)]
    result: list[str] = []
    for line in kept:
        if line and is_teaser(line, body):
            dropped.append((line, "teaser repeating the lead"))
        else:
            result.append(line)
    return result, dropped


def paragraphs(lines: list[str]) -> list[str]:
    """Join lines into paragraphs. A blank line always ends one; inside a block, a
    line is glued to the previous one only when that one was cut mid-sentence
    (no closing punctuation and the next line starts in lower case)."""
    result: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                result.append(current)
            current = ""
            continue
        if current and not re.search(r"[.!?:;…\"»”)]\s*$", current) and line[:1].islower():
            current = f"{current} {line}"
        else:
            if current:
                result.append(current)
            current = line
    if current:
        result.append(current)
    return result
