"""Who a direct quotation belongs to: the actor named by the attributing words
after it or before it, the speaker of the transcript turn it sits in, or the
person last named before it in its paragraph."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from multivector.claims.quotes import REPORTING, QuoteSpan, after_window, before_window, dash_attribution, reports

_SPEAKING_KINDS = ("person", "discovered")
_INNER = re.compile(r",\s+((?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,5}?)\s+(?:stresses|stressed|said|says|noted|notes|"
                    r"added|adds|emphasi[sz]es|emphasi[sz]ed|explained|continued|believes),\s", re.I)
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")
_NAME_BEFORE = re.compile(r"((?:[A-Z][\w.'’-]+\s+){0,3}[A-Z][\w'’-]+)\s*(?:,[^,]{0,60},\s*)?\s*$")
_PRONOUN = re.compile(r"(?:He|She|They|We|I|It)$")
_DOCUMENT = re.compile(r"\b(message|letter|telegram|address|greetings?|appeal)\b", re.I)


@dataclass(frozen=True, slots=True)
class Named:
    start: int
    end: int
    actor_id: str
    kind: str  # person, government, country, ...
    text: str


@dataclass(frozen=True, slots=True)
class Attribution:
    actor_id: str | None
    text: str | None
    cue: str  # after | before | dash | turn | nearest


def attribute(text: str, quote: QuoteSpan, named: Sequence[Named], turn_speaker: tuple[str, str] | None,
              previous: tuple[QuoteSpan, Attribution] | None = None) -> Attribution:
    """The speaker of ``quote``; ``previous`` is the quote before it and its speaker,
    which a chained quote ("… “is false,” and that “…”") shares."""
    inner = _INNER.search(text, quote.start, quote.end)
    if inner:  # "“The cooperation of the four, the statement stresses, is developing …”"
        return _from_window(named, inner.start(1), inner.end(1), inner.group(1), "inside", first=True)
    a, b = after_window(text, quote)
    after = text[a:b]
    if after.strip() and dash_attribution(after):
        return _from_window(named, a, b, after, "dash", first=True)
    if after.strip() and reports(after):
        return _after_report(named, a, b, after)
    x, y = before_window(text, quote)
    before = text[x:y]
    if previous is not None and x <= previous[0].close_at < y and previous[1].text \
            and not _SENTENCE_BREAK.search(text, previous[0].close_at + 1, y):
        return Attribution(previous[1].actor_id, previous[1].text, "chained")
    if reports(before[-90:]):  # the attributing verb stands next to the quote
        found = _subject_of_report(named, x, y, before)
        if found.actor_id or turn_speaker is None:
            return found
    if turn_speaker is not None:
        return Attribution(turn_speaker[0], turn_speaker[1], "turn")
    relative = re.search(r"((?:\w+\W+){1,5}?\w+),?\s+(?:which|who)\s*$", before)
    if relative:  # "an almost transparent opposition, which “…”": the antecedent speaks
        return Attribution(None, relative.group(1).strip(), "relative")
    if not (before.rstrip().endswith(":") or not before.strip()):
        return Attribution(None, None, "unattributed")
    between = _between_quotes(text, quote)
    if between is not None:  # "“That’s perfect,” Boudreau said. “It’s the mark …”"
        found = _after_report(named, between[0], between[1], text[between[0]:between[1]])
        return Attribution(found.actor_id, found.text, "between")
    para = text.rfind("\n\n", 0, quote.open_at)
    earlier = [n for n in named if max(para, 0) <= n.start < quote.open_at and n.kind in _SPEAKING_KINDS]
    if earlier:
        return Attribution(earlier[-1].actor_id, earlier[-1].text, "nearest")
    return Attribution(None, None, "unattributed")


def _after_report(named: Sequence[Named], a: int, b: int, after: str) -> Attribution:
    """"…,” said X." or "…,” X told Y.": who is named before the reporting verb speaks;
    with nobody named there, the name words before it ("Dana Omarova told Serikbayev")."""
    verb = REPORTING.search(after)
    verb_at = a + verb.start() if verb else b
    before_verb = [n for n in named if a <= n.start and n.end <= verb_at]
    if not before_verb and verb is not None:
        name = _NAME_BEFORE.search(after[:verb.start()].rstrip())
        if name and not _PRONOUN.match(name.group(1)):
            return Attribution(None, name.group(1), "after")
    return _from_window(named, a, b, after, "after", first=True)


def _between_quotes(text: str, quote: QuoteSpan) -> tuple[int, int] | None:
    """The short attribution between the quote closed just before this one and it."""
    closer = max(text.rfind(mark, max(0, quote.open_at - 80), quote.open_at) for mark in "”\"»")
    if closer < 0 or "\n\n" in text[closer:quote.open_at]:
        return None
    words = text[closer + 1:quote.open_at]
    return (closer + 1, quote.open_at) if reports(words) and len(words.split()) <= 8 else None


def _subject_of_report(named: Sequence[Named], x: int, y: int, before: str) -> Attribution:
    """"Cook remembered Jobs … and “…”": the one named before the reporting verb."""
    verbs = list(REPORTING.finditer(before))
    verb_at = x + verbs[-1].start() if verbs else y
    inside = [n for n in named if x <= n.start and n.end <= verb_at]
    people = [n for n in inside if n.kind in _SPEAKING_KINDS] or inside
    if people:
        return Attribution(people[-1].actor_id, people[-1].text, "before")
    text_before = before[:verb_at - x]
    name = _NAME_BEFORE.search(text_before)
    if name:
        return Attribution(None, name.group(1), "before")
    return _from_window(named, x, y, text_before or before, "before", first=False)


def _from_window(named: Sequence[Named], a: int, b: int, words: str, cue: str, first: bool) -> Attribution:
    inside = [n for n in named if a <= n.start and n.end <= b]
    people = [n for n in inside if n.kind in _SPEAKING_KINDS]
    pool = people or inside
    if pool:
        pick = pool[0] if first else pool[-1]
        return Attribution(pick.actor_id, pick.text, cue)
    if _DOCUMENT.search(words):  # "The message reads: «…»": its sender speaks
        sender = _sender(named, text_before=words, a=a)
        if sender is not None:
            return Attribution(sender.actor_id, sender.text, "sender")
    return Attribution(None, _speaker_words(words), cue)


def _sender(named: Sequence[Named], text_before: str, a: int) -> Named | None:
    """Who sent the message: the person named last before "sent" in the text before it."""
    people = [n for n in named if a - 1500 <= n.start < a and n.kind in _SPEAKING_KINDS]
    return people[0] if people else None


def _speaker_words(words: str) -> str | None:
    """"The statement says, in particular:": the words naming the speaker when no actor
    is resolved there."""
    stripped = re.sub(r"\b(in part|in particular|also|said|says|say|reads|read|noted|stressed|emphasi[sz]ed|added|"
                      r"commented|explained|stated|states|declared|announced|recalled|wrote|according to)\b", " ",
                      words, flags=re.I)
    text = " ".join(re.findall(r"[\w’'-]+", stripped))
    return " ".join(text.split()[:10]) or None
