"""Sentence spans of clean article text (English and Russian), by rules.

The text is the cleaned main text of a document: paragraphs separated by blank
lines. ``split_sentences`` returns character spans ``(start, end)`` with
``text[start:end]`` the sentence, surrounding whitespace excluded; every
non-space character belongs to exactly one span.

Where a sentence ends:

* a blank line (paragraph break) always;
* a single newline when the line before ends in sentence punctuation, when
  that line is a heading (short, no final punctuation, next line starts a
  sentence), or when the next line is a list item or dialogue line (•, *, – );
* ``.``, ``!``, ``?``, ``…``, ``?!``, ``...`` (closing quotes and brackets
  after them stay with the sentence) when the next character is an upper-case
  letter, a digit, an opening quote or bracket. Never before a lower-case letter.

Where it does not:

* after titles and fixed abbreviations (Mr., Dr., Gen., St., e.g., i.e., vs.,
  Jan., т.е., ул., им.) and "No." before a number;
* after initials and dotted capitals (V. Putin, J. R. R. Tolkien, В.В. Путин,
  U.S., E.U.) and after Inc., Ltd., Co., Corp., Jr., Sr., г., гг., др., unless
  the next word is a common sentence opener ("The", "He", "Он", "В"...);
* inside numbers, times, dates, versions, URLs and e-mails (no space after the dot);
* after a list number at the start of a line ("1. Background");
* inside a quotation followed by an attribution: a comma or dash after the
  quote, a comma before its closing mark, a lower-case word, or a speech verb
  within a few words (``“We are independent. We will...,” Japarov said.``,
  ``«...», – заявил Х.``), so the speaker stays with what was said.

"etc.", "т.д.", "т.п.", "руб.", "млн.", "млрд.", "тыс." end a sentence when an
upper-case letter follows (they are usually the last word of a list or a figure).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from types import MappingProxyType

ALGORITHM = "sentences.rules.v1"

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_END = re.compile(r"(?P<punct>[.!?…]+)(?P<close>[\"'”’»“)\]]*)(?=\s)")
_SPACE = re.compile(r"\s*")
_LOOK = 80  # characters looked at around a candidate end, so long paragraphs stay linear
_OPENERS = "\"'“„«‘(["
_TRAILING_CLOSERS = "\"'”’»“)]"
_DASHES = "-–—"
_BULLETS = "•*·▪"
_LIST_ITEM = re.compile(r"\s*(?:[•*·▪]|[-–—]\s)")
_INITIALS = re.compile(r"(?:[A-ZА-ЯЁ]\.)*[A-ZА-ЯЁ]|[a-zа-яё]")
_NEXT_WORD = re.compile(r"[^\W\d_]+(?P<dot>\.)?")
_SPEECH = (r"said|says|say|told|tells|added|adds|commented|comments|stressed|stresses|noted|notes|asked|asks"
           r"|replied|replies|wrote|writes|explained|explains|emphasi[sz]ed|insisted|insists|declared"
           r"|announced|stated|continued|concluded|warned|recalled|argued|claimed|according"
           r"|заяви\w*|сказа\w*|отмети\w*|добави\w*|подчеркну\w*|сообщи\w*|поясни\w*|написа\w*"
           r"|заключи\w*|констатирова\w*|уточни\w*|ответи\w*|говори\w*|пишет|считает")
_ATTRIBUTION = re.compile(
    r"\s*[,\-–—]|\s+[a-zа-яё]"
    r"|\s+(?:[A-ZА-ЯЁ]\.\s*|(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen)\.\s+|[\w’'-]+\s+){0,4}?(?:" + _SPEECH + r")\b")
_QUOTE_CLOSERS: Mapping[str, str] = MappingProxyType({"“": "”", "„": "“", "«": "»", '"': '"'})
_QUOTE_MARK = re.compile('[“”„«»"]')  # every mark in _QUOTE_CLOSERS, opening or closing

# Never end a sentence (lower case, without the final dot).
_NEVER_END = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sen", "rep", "gov", "st", "vs", "e.g", "i.e",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "т.е", "им", "ул", "напр", "см", "т.н", "пр-т", "проф", "ген",
})
# End a sentence before any capital letter, digit or quote.
_END_OF_LIST = frozenset({"etc", "т.д", "т.п", "руб", "млн", "млрд", "тыс", "долл"})
# End a sentence only before a common sentence opener.
_AMBIGUOUS = frozenset({"inc", "ltd", "co", "corp", "jr", "sr", "a.m", "p.m", "г", "гг", "др"})
_OPENER_WORDS = frozenset("""
    the a an he she it they we i you this that these those there here in on at but and or however after before
    since as according meanwhile also his her its their our my if when while what who why how yet so for to with
    by from then now today yesterday earlier later last one all some many most both no not such under despite
    although though because during over following moreover furthermore nevertheless still instead thus therefore
    он она оно они мы я вы это этот эта эти в во на но и а по с со к о об при после до как так также кроме
    однако тогда сегодня вчера его ее её их там здесь что кто когда если уже ранее позже между для из за от у не
""".split())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences of ``text``, left to right."""
    return list(_split(text))


@lru_cache(maxsize=4)
def _split(text: str) -> tuple[tuple[int, int], ...]:
    """The spans, remembered for the last few texts: the event and the claims stages
    (and the co-mention analysis) split the same document one after the other."""
    spans: list[tuple[int, int]] = []
    for para_start, para_end in _paragraphs(text):
        para = text[para_start:para_end]
        cuts = [0, *_boundaries(para), len(para)]
        for left, right in zip(cuts, cuts[1:], strict=False):
            span = _trim(para, left, right)
            if span is not None:
                spans.append((para_start + span[0], para_start + span[1]))
    return tuple(spans)


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _trim(text: str, left: int, right: int) -> tuple[int, int] | None:
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return (left, right) if left < right else None


def _boundaries(para: str) -> list[int]:
    """Offsets in ``para`` after which a new sentence starts."""
    protected = _merged([pair for pair in _quote_pairs(para) if _attributed(para, pair[1])])
    cuts = {match.end() for match in _END.finditer(para)
            if not _inside(match.start(), protected) and _ends_here(para, match)}
    cuts.update(cut for cut in _line_breaks(para) if not _inside(cut, protected))
    return sorted(cuts)


def _merged(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Disjoint, sorted intervals covering the (possibly nested) quotation pairs."""
    merged: list[tuple[int, int]] = []
    for open_at, close_at in sorted(pairs):
        if merged and open_at < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(close_at, merged[-1][1]))
        else:
            merged.append((open_at, close_at))
    return merged


def _inside(position: int, intervals: list[tuple[int, int]]) -> bool:
    """Whether ``position`` lies strictly inside one of the sorted disjoint ``intervals``."""
    index = bisect.bisect_left(intervals, (position, position)) - 1
    return index >= 0 and intervals[index][0] < position < intervals[index][1]


def _ends_here(para: str, match: re.Match[str]) -> bool:
    """Whether the punctuation run ``match`` (followed by whitespace) ends a sentence."""
    gap = _SPACE.match(para, match.end())
    following = para[gap.end():gap.end() + _LOOK] if gap else ""
    if not following:
        return False
    first = following[0]
    punct, close = match["punct"], match["close"]
    word, line_start = _word_before(para, match.start())
    if gap and "\n" in gap.group():
        return punct != "." or not _never_ends(word, following, line_start)
    if first.islower():
        return False
    if first in _DASHES:
        return not close  # “...!” – he said: an attribution, not a new sentence
    if not (first.isupper() or first.isdigit() or first in _OPENERS):
        return False
    return punct != "." or _period_ends(word, following, line_start)


def _word_before(para: str, index: int) -> tuple[str, bool]:
    """The token before ``index`` (opening quotes stripped) and whether it starts its line."""
    low = max(0, index - _LOOK)
    newline = para.rfind("\n", low, index)
    tokens = para[newline + 1 if newline >= 0 else low:index].split()
    at_line_start = (newline >= 0 or low == 0) and len(tokens) == 1
    return (tokens[-1].lstrip(_OPENERS) if tokens else ""), at_line_start


def _never_ends(word: str, following: str, line_start: bool) -> bool:
    low = word.lower()
    if low in _NEVER_END or (low == "no" and following[:1].isdigit()):
        return True
    if line_start and word.isdigit() and len(word) <= 2:
        return True  # a numbered list item or heading
    return bool(_INITIALS.fullmatch(word)) and not _opener_follows(following)


def _period_ends(word: str, following: str, line_start: bool) -> bool:
    """Whether a single period after ``word`` ends the sentence, given the text that follows."""
    low = word.lower()
    if low in _END_OF_LIST:
        return True
    if _never_ends(word, following, line_start):
        return False
    if low in _AMBIGUOUS or _INITIALS.fullmatch(word):
        return _opener_follows(following)
    return True


def _opener_follows(following: str) -> bool:
    match = _NEXT_WORD.match(following.lstrip(_OPENERS))
    return match is not None and not match["dot"] and match.group().lower() in _OPENER_WORDS


def _line_breaks(para: str) -> Iterator[int]:
    """Offsets of the newlines that end a heading line or come before a list item."""
    position = 0
    lines = para.split("\n")
    for line, next_line in zip(lines, lines[1:], strict=False):
        position += len(line)
        if (_is_heading(line) and _starts_sentence(next_line)) or _LIST_ITEM.match(next_line):
            yield position
        position += 1


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    words = stripped.split()
    core = stripped.rstrip(_TRAILING_CLOSERS)
    return (bool(core) and len(stripped) <= 100 and len(words) <= 10 and core[-1].isalnum()
            and (stripped[0].isupper() or stripped[0].isdigit() or stripped[0] in _OPENERS)
            and words[-1].lower() not in _OPENER_WORDS)


def _starts_sentence(line: str) -> bool:
    first = line.lstrip()[:1]
    return bool(first) and (first.isupper() or first.isdigit() or first in _OPENERS + _DASHES + _BULLETS)


def _quote_pairs(para: str) -> list[tuple[int, int]]:
    """Offsets of matching opening and closing quotation marks (only the marks are
    visited: other characters neither open nor close)."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for mark in _QUOTE_MARK.finditer(para):
        index, char = mark.start(), mark.group()
        if stack and char == stack[-1][0]:
            pairs.append((stack.pop()[1], index))
        elif char in _QUOTE_CLOSERS:
            stack.append((_QUOTE_CLOSERS[char], index))
    return pairs


def _attributed(para: str, close_at: int) -> bool:
    """Whether the quotation closing at ``close_at`` is followed by who said it."""
    if para[max(0, close_at - _LOOK):close_at].rstrip().endswith(","):
        return True
    return _ATTRIBUTION.match(para, close_at + 1) is not None
