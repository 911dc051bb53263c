"""Direct quotations (``claims.quotes.v1``): spans in quote marks, in every common
layout, with the words that attribute them.

    “…,” said X.        “…,” the expert emphasized.      X noted: “…”
    “…” – X             X explained that «… ”  (mixed marks, as machine translation leaves them)

Short quoted phrases ("the “Russian loop”", scare quotes, slogans) are not quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUOTES = "claims.quotes.v1"
_PAIRS = {"“": "”", "«": "»", "„": "“", '"': '"'}
_CLOSE_FOR = {"“": "”»\"", "«": "»”\"", "„": "“”\"", '"': '"”'}
_INNER_FOR = {"“": "«„", "«": "“„", "„": "«", '"': "«“„"}
_OPENING = re.compile('[“«„"]')  # the keys of _PAIRS
_MIN_WORDS = 6  # shorter quoted runs are quotes only when they end like speech ("…,")
_SPEECH_END = re.compile(r"[.,!?…]\s*$")
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")
REPORTING = re.compile(
    r"\b(said|says|say|saying|noted|notes|note|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|added|adds|commented|"
    r"comments|explained|explains|told|tells|stated|states|declared|declares|announced|announces|assured|assures|"
    r"recalled|recalls|wrote|writes|insisted|insists|argued|argues|warned|warns|remarked|concluded|pointed out|"
    r"points out|underlined|underlines|replied|answered|asked|according to|believes|believed|continued|"
    r"admitted|acknowledged|claimed|claims|complained|reiterated|confirmed|assessed|put it|reads|read|"
    r"remembered|tweeted|wrote|weighed in|replied|responded|quipped|joked|posted)\b", re.I)


# "“…!” Trump tweeted before Election Day.": a few words and a reporting verb
_SHORT_REPORT = re.compile(r"\s*(?:[\w.’'-]+\s+){0,4}?" + REPORTING.pattern + r"(?=[\s,.])", re.I)


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    open_at: int  # index of the opening mark
    close_at: int  # index of the closing mark (or the paragraph end when it never closes)
    start: int  # the quoted words
    end: int


def _opens(text: str, i: int) -> bool:
    """A straight double quote opens when it follows a space, a line start or an opening bracket."""
    return i == 0 or text[i - 1] in " \n\t(—–-:[" or text[i - 1] in _PAIRS


def _paragraph_end(text: str, i: int) -> int:
    end = text.find("\n\n", i)
    return len(text) if end < 0 else end


def find_quotes(text: str) -> list[QuoteSpan]:
    """Top-level quoted spans of ``text`` that read as speech."""
    spans: list[QuoteSpan] = []
    i = 0
    while i < len(text):
        found = _OPENING.search(text, i)  # skip to the next mark that may open a quote
        if found is None:
            break
        i = found.start()
        mark = text[i]
        if mark != '"' or _opens(text, i):
            close = _closing(text, i)
            start, end = i + 1, close
            words = _WORD.findall(text[start:end])
            if len(words) >= _MIN_WORDS or (len(words) >= 4 and _SPEECH_END.search(text[start:end])):
                spans.append(QuoteSpan(i, close, start, end))
                i = close + 1
                continue
            i = close + 1 if close > i else i + 1
            continue
        i += 1
    return spans


def _closing(text: str, i: int) -> int:
    """Where the quote opened at ``i`` closes: its own closer or, as machine translation
    mixes marks («…”), any closer; quotes inside it are skipped; the paragraph end
    bounds a quote that never closes."""
    closers, inner = _CLOSE_FOR[text[i]], _INNER_FOR[text[i]]
    depth = 0
    for j in range(i + 1, _paragraph_end(text, i)):
        c = text[j]
        if c in inner:
            depth += 1
        elif c in closers:
            if not depth:
                return j
            depth -= 1
    return _paragraph_end(text, i)


def after_window(text: str, quote: QuoteSpan) -> tuple[int, int]:
    """The words after a closing mark up to the end of that sentence: "…,” said X."."""
    start = quote.close_at + 1
    limit = min(_paragraph_end(text, start), start + 220)
    found = _SENTENCE_END.search(text, start, limit)
    end = found.end() if found else limit
    if re.search(r"[.!?…]\s*$", text[quote.start:quote.end]) and not dash_attribution(text[start:limit]) \
            and not _SHORT_REPORT.match(text, start, end):
        return start, start  # "… issue.” For some time …": the quote ended its sentence
    return start, end


def before_window(text: str, quote: QuoteSpan) -> tuple[int, int]:
    """The words before an opening mark back to the start of their sentence: "X noted: “…"."""
    para = text.rfind("\n\n", 0, quote.open_at)
    if para >= 0 and not text[para:quote.open_at].strip() and text[:para].rstrip().endswith(":"):
        para = text.rfind("\n\n", 0, para)  # "The message reads, in part:" ¶ "“…”"
    floor = max(para + 2 if para >= 0 else 0, quote.open_at - 260)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, floor, quote.open_at)]
    return (ends[-1] if ends else floor), quote.open_at


def reports(text: str) -> bool:
    return bool(REPORTING.search(text))


def dash_attribution(text: str) -> bool:
    """"“…” – X": a dash right after the closing mark names the speaker."""
    return bool(re.match(r"\s*[,.]?\s*[–—-]\s*(?!(?:and|or|but|which|who|that|as|so|then|while|not)\b)\w", text))
