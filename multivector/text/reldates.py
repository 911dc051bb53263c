"""The date of the event a sentence reports, resolved against the publication date.

``resolve_date(sentence, published, anchor)`` finds every date expression in
the sentence, resolves overlaps to the longest (so "the day before yesterday"
beats "yesterday", "January last year" beats "last year"), and resolves the
first (leftmost) of what remains. Supported, English and the common Russian:

* absolute dates from ``multivector.text.dates`` ("14 February 2022",
  "February 14, 2022", "14.02.2022", "in November 2022", "в ноябре 2022 года");
* bare years 1900-2099 after in/since/until/till/by/from/during/through/
  early/late/mid-/"the end|start|beginning|middle|first half of"/в/с/до/к, or
  before "year"/"год"/"г." ("in 2019", "mid-2022", "в 2019 году"); not "2019
  tonnes", nor "the law of 2019" (an attribute, not the time of the event);
* day and month without a year ("on November 3", "Nov. 3", "3 November",
  "3 ноября"): the year of publication, or the year before when that date
  would fall more than 61 days after publication; "3 November last year" and
  "3 ноября прошлого года" shift the year instead;
* a month without a year, after a preposition: "last January" (the most
  recent January strictly before the month of publication), "since/from
  April", "с апреля" (on or before that month), "next March" (strictly after),
  "in/this/until/by/during January", "в январе" (the rule of day and month
  above); "January last year", "в январе прошлого года";
* seasons: "in the spring", "last summer", "this autumn", "весной": the first
  month of the season (March, June, September, December; northern
  hemisphere) at month precision, the year chosen as for months; "in the
  spring of 2022" is 2022-03; winter with an explicit year gives only the year;
* today, tonight, this morning/afternoon/evening, yesterday, the day before
  yesterday, tomorrow, the day after tomorrow, сегодня, вчера, позавчера,
  завтра, послезавтра;
* weekdays: "on Thursday", "Thursday", "this Thursday", "в четверг": the most
  recent such day on or before publication; "last/past Thursday", "в прошлый
  четверг": strictly before it; "next/coming Thursday", "в следующий четверг":
  strictly after it. A bare weekday before a capitalised word ("The Sunday
  Times") is not a date;
* "last/this/next month|year" with optional "earlier/later/early/late/at the
  end|start of/in the first half of", "в прошлом году", "в этом месяце", "в
  конце прошлого года": month and year precision;
* weeks: "last week", "на прошлой неделе" is publication − 7 days, "this week"
  the publication date, "next week" + 7 days, at day precision. This is a
  choice: a week has no precision of its own and the vocabulary stays day/
  month/year, so it is approximate (±3 days), exactly as "a week ago" is;
* "N days/weeks/months/years/decades ago", "N дней назад", "неделю назад"
  (digits or number words; weeks count as 7 days at day precision, months at
  month precision, years and decades at year precision);
* "N days earlier/later", "через/спустя N дней", "N дней спустя": from
  ``anchor("")`` (the date of the previous event in the document) when an
  anchor is given, else from the publication date;
* anchored: "four days before Tokayev's trip", "a week after the summit",
  "the day before the vote", "on the eve of the talks", "за три дня до визита
  Путина", "через неделю после саммита", "накануне визита": the noun phrase
  after before/after/of/до/после/накануне (up to punctuation, a clause word,
  a preposition, a new article, or for Russian a verb or a word that is not
  genitive; at most six words) goes to ``anchor(phrase)``. "The next day",
  "the following day", "the day after", "the previous day", "на следующий
  день" and a bare "накануне" call ``anchor("")``. The result is the anchor's
  date ± N at the unit's precision.

Nothing is invented: a relative expression without a publication date, an
anchored one without an anchor date, a vague count ("a few days ago",
"несколько лет назад") or an impossible date ("February 29" in 2023) is
"unresolved", with the span of the expression. A sentence without any
expression inherits the publication date (precision "published"). Values are
ISO dates: the 1st of the month at month precision, 1 January at year precision.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from types import MappingProxyType

from multivector.text.dates import find_dates, month_numbers, normalise_iso

ALGORITHM = "dates.relative.v1"

Anchor = Callable[[str], str | None]
_Value = tuple[dt.date, str]
_Resolver = Callable[["_Context"], _Value | None]

_AHEAD = dt.timedelta(days=61)  # how far after publication a yearless date may fall
_NUMBERS: Mapping[str, int] = MappingProxyType({
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "один": 1, "одну": 1, "одного": 1, "два": 2, "две": 2, "двух": 2, "три": 3, "трёх": 3, "трех": 3,
    "двое": 2, "трое": 3, "четыре": 4, "четверо": 4, "пять": 5, "шесть": 6, "семь": 7,
    "восемь": 8, "девять": 9, "десять": 10,
})
_VAGUE = ("a few", "a couple of", "several", "few", "some", "many", "несколько")
_WEEKDAYS: Mapping[str, int] = MappingProxyType({
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "понедельник": 0, "вторник": 1, "среду": 2, "среда": 2, "четверг": 3, "пятницу": 4, "пятница": 4,
    "субботу": 5, "суббота": 5, "воскресенье": 6,
})
_SEASONS: Mapping[str, int] = MappingProxyType({
    "spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12,
    "весной": 3, "летом": 6, "осенью": 9, "зимой": 12,
})
_DAY_WORDS: Mapping[str, int] = MappingProxyType({
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "сегодня": 0,
    "yesterday": -1, "вчера": -1, "the day before yesterday": -2, "позавчера": -2,
    "tomorrow": 1, "завтра": 1, "the day after tomorrow": 2, "послезавтра": 2,
})
_PHRASE_STOPS = frozenset("""
    and but or when while which that who whom where because as although though in at on to from with by for
    during near into within after before until since
    и а но или когда который которая которое которые что где чтобы хотя поскольку в во на к ко с со по у при
    из от для без под над
""".split())
_RU_VERB = re.compile(r"[а-яё]{2,}(?:л|ла|ло|ли|лся|лась|лось|лись|ёл|ет|ют|ит|ят)")
_RU_GENITIVE = ("а", "я", "ов", "ев", "ей", "и", "ы", "ого", "его", "ой", "их", "ых")
_CAPITALISED = re.compile(r"\s+[A-ZА-ЯЁ]")  # "The Sunday Times" is a newspaper, not a date
_TITLES = frozenset({"mr.", "mrs.", "ms.", "dr.", "prof.", "gen.", "sen.", "st."})
_UNIT_EN = r"days?|weeks?|months?|years?|decades?"
_UNIT_RU = r"дней|дня|день|суток|сутки|недел[юиь]|неделя|месяцев|месяца|месяц|лет|года|год"
_YEAR = r"(?:19|20)\d\d"
_REL_YEAR = (r"(?:\s+(?:of\s+)?(?P<rel>last|this|next)\s+year"
             r"|\s+(?P<rel_ru>прошлого|этого|текущего|следующего|будущего)\s+года)?")
_MODS: Mapping[str, str] = MappingProxyType({
    "last": "last", "past": "last", "прошл": "last", "this": "this", "эт": "this", "текущ": "this",
    "next": "next", "coming": "next", "следующ": "next", "будущ": "next", "ближайш": "next",
})


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """The date of an event and the expression it was read from."""

    value: str | None  # ISO date; the 1st at month precision, 1 January at year precision
    precision: str  # "day" | "month" | "year" | "published" | "unresolved"
    start: int | None  # span of the expression in the sentence
    end: int | None
    text: str | None


@dataclass(frozen=True, slots=True)
class _Context:
    published: dt.date | None
    anchor: Anchor | None


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    resolve: _Resolver


def resolve_date(sentence: str, published: str | None, anchor: Anchor | None = None) -> ResolvedDate:
    """The date of the event in ``sentence``; ``published`` is the document's ISO publication date."""
    context = _Context(_to_date(published), anchor)
    found = _select(_found(sentence, _possible(sentence, _fold(sentence))))
    if found is None:
        if context.published is None:
            return ResolvedDate(None, "unresolved", None, None, None)
        return ResolvedDate(context.published.isoformat(), "published", None, None, None)
    text = sentence[found.start:found.end]
    value = found.resolve(context)
    if value is None:
        return ResolvedDate(None, "unresolved", found.start, found.end, text)
    return ResolvedDate(_normal(*value).isoformat(), value[1], found.start, found.end, text)


def _found(sentence: str, possible: AbstractSet[str]) -> list[_Found]:
    """Every expression in ``sentence``, trying the patterns named in ``possible`` (the others cannot match)."""
    return [found for finder in _FINDERS for found in finder(sentence, possible)] if possible else []


def _select(found: list[_Found]) -> _Found | None:
    """The leftmost expression after overlaps are resolved to the longest."""
    taken: list[_Found] = []
    for candidate in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        if all(candidate.end <= t.start or t.end <= candidate.start for t in taken):
            taken.append(candidate)
    return min(taken, key=lambda f: f.start, default=None)


# -- dates and arithmetic -------------------------------------------------------------------------

@lru_cache(maxsize=1024)
def _to_date(value: str | None) -> dt.date | None:
    iso = normalise_iso(value)
    return dt.date.fromisoformat(iso) if iso else None


def _normal(value: dt.date, precision: str) -> dt.date:
    if precision == "month":
        return value.replace(day=1)
    if precision == "year":
        return value.replace(month=1, day=1)
    return value


def _add_months(value: dt.date, months: int) -> dt.date:
    index = value.year * 12 + value.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _shift(value: dt.date, count: int, unit: str) -> _Value | None:
    """``value`` moved by ``count`` units, at the unit's precision; None outside the calendar."""
    try:
        if unit in ("day", "week"):
            return value + dt.timedelta(days=count * (7 if unit == "week" else 1)), "day"
        if unit == "month":
            return _add_months(value, count), "month"
        return dt.date(value.year + count * (10 if unit == "decade" else 1), 1, 1), "year"
    except (ValueError, OverflowError):
        return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _yearless(published: dt.date, month: int, day: int, mode: str) -> dt.date | None:
    """Month ``month`` (day ``day``) in the year the mode implies relative to ``published``."""
    if mode == "last":
        year = published.year if month < published.month else published.year - 1
    elif mode == "since":
        year = published.year if month <= published.month else published.year - 1
    elif mode == "next":
        year = published.year if month > published.month else published.year + 1
    else:
        candidate = _safe_date(published.year, month, day)
        if candidate is None:
            return None  # "February 29" in a common year: no guess at which leap year was meant
        year = published.year - 1 if candidate > published + _AHEAD else published.year
    return _safe_date(year, month, day)


def _year_offset(match: re.Match[str]) -> int | None:
    rel = match.group("rel") or match.group("rel_ru")
    return None if rel is None else {"last": -1, "next": 1}.get(_mod(rel), 0)


def _mod(word: str | None) -> str:
    low = _fold(word or "")
    return next((mode for prefix, mode in _MODS.items() if low.startswith(prefix)), "this")


def _unit(word: str) -> str:
    low = _fold(word)
    for prefix, unit in (("day", "day"), ("дн", "day"), ("ден", "day"), ("сут", "day"), ("week", "week"),
                         ("недел", "week"), ("month", "month"), ("месяц", "month"), ("decade", "decade")):
        if low.startswith(prefix):
            return unit
    return "year"


def _count(word: str | None) -> int | None:
    """The number a count word or numeral stands for; None when vague."""
    if word is None:
        return 1
    low = " ".join(_fold(word).split())
    return int(low) if low.isdigit() else _NUMBERS.get(low)


def _proper(name: str) -> bool:
    """English month and day names are capitalised ("may" is a verb, "march" a noun)."""
    return not (name.isascii() and name[:1].islower())


# -- patterns ---------------------------------------------------------------------------------------

def _alternation(words: list[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


def _month_alternation() -> str:
    """Month names; a dot may follow only an abbreviation ("Nov.", not "November.")."""
    names = month_numbers()
    abbreviations = [n for n in names if any(o != n and o.startswith(n) and names[o] == names[n] for o in names)]
    full = [n for n in names if n not in abbreviations]
    return rf"(?:{_alternation(full)}|{_alternation(abbreviations)}(?![^\W\d_])\.?)(?![^\W\d_])"


@cache
def _rx(name: str) -> re.Pattern[str]:
    count = rf"(?P<n>{_alternation([*_NUMBERS, *_VAGUE])}|\d{{1,3}})"
    month = _month_alternation()
    weekday = _alternation(list(_WEEKDAYS)) + r"(?![^\W\d_])"
    no_year = rf"(?!\.?,?\s*(?:of\s+)?{_YEAR})"
    ru = r"(?<![^\W\d_])"  # a word start that also holds before Cyrillic
    ru_end = r"(?![^\W\d_])"
    sources = {
        "year": rf"\b(?:(?:in|since|until|till|by|from|during|through|в|во|с|со|до|к"
                r"|(?:the\s+)?(?:end|start|beginning|middle|(?:first|second)\s+half)\s+of)\s+"
                rf"(?:(?:early|late|mid)-?\s*)?|(?:early|late|mid)-?\s*)?(?P<y>{_YEAR})(?!\d)(?![.,:/]\d)"
                r"(?P<tail>\s+(?:year\b|год\w*|г\.))?"
                r"(?!\s*(?:%|percent|per\s+cent|tonnes|tons|barrels|dollars|euros|roubles|rubles|km|тонн|рубл|долл))",
        "year_word": r"\s+(?:year\b|год\w*|г\.)",
        "month_day": rf"\b(?:on\s+)?(?P<mn>{month})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?![.:,]\d){no_year}"
                     + _REL_YEAR,
        "day_month": rf"(?<![\d.,:/-])\b(?:on\s+)?(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
                     rf"(?P<mn>{month}){no_year}" + _REL_YEAR,
        "month": rf"{ru}(?:(?P<prep>in|since|from|until|till|by|during|last|this|next|в|во|с|со|до|к)\s+)?"
                 rf"(?:(?:early|late|mid)-?\s*)?(?P<mn>{month})(?!\s+\d){no_year}" + _REL_YEAR,
        "season": rf"{ru}(?:(?P<mod>last|this|next|прошл\w*|эт\w*|следующ\w*)\s+|(?:in|during|over)\s+(?:the\s+)?)?"
                  rf"(?P<season>{_alternation(list(_SEASONS))}){ru_end}"
                  rf"(?!\s+of\s+(?!{_YEAR}|last\b|this\b|next\b))"
                  rf"(?:\s+(?:of\s+)?(?P<y>{_YEAR})(?:\s+год\w*)?)?" + _REL_YEAR,
        "day_word": rf"{ru}{_alternation(list(_DAY_WORDS))}{ru_end}",
        "weekday": rf"{ru}(?:(?:on|в|во)\s+)?(?:(?P<mod>last|this|next|past|coming|прошл\w*|эт\w*|следующ\w*"
                   rf"|ближайш\w*)\s+)?(?P<day>{weekday})",
        "period": r"\b(?:(?:earlier|later|early|late|at\s+the\s+(?:end|start|beginning)\s+of"
                  r"|in\s+the\s+(?:first|second)\s+half\s+of)\s+)?(?P<mod>last|this|next)\s+(?P<unit>week|month|year)\b",
        "period_ru": rf"{ru}(?:(?:в|на)\s+)?(?:(?:конце|начале|середине)\s+)?"
                     r"(?P<mod>прошл(?:ой|ом|ого|ую|ый|ая)|эт(?:ой|ом|ого|у|от|а)|(?:текущ|следующ|будущ)(?:ей|ем|его|ий|ую))"
                     rf"\s+(?P<unit>недел[еюи]|месяц[еа]?|год[ау]?){ru_end}",
        "ago": rf"\b{count}\s+(?P<unit>{_UNIT_EN})\s+ago\b",
        "ago_ru": rf"{ru}(?:{count}\s+)?(?P<unit>{_UNIT_RU})\s+назад{ru_end}",
        "later": rf"\b{count}\s+(?P<unit>{_UNIT_EN})\s+(?P<dir>earlier|later)\b",
        "later_ru": rf"{ru}(?:через|спустя)\s+(?:{count}\s+)?(?P<unit>{_UNIT_RU}){ru_end}(?!\s+после{ru_end})",
        "later_ru_post": rf"{ru}{count}\s+(?P<unit>{_UNIT_RU})\s+спустя{ru_end}",
        "anchored": rf"\b(?:{count}|the)\s+(?P<unit>{_UNIT_EN})\s+(?P<dir>before|after)\b"
                    r"(?!\s+(?:yesterday|tomorrow)\b)",
        "anchored_ru": rf"{ru}(?P<dir>за|через|спустя)\s+(?:{count}\s+)?(?P<unit>{_UNIT_RU})\s+(?:до|после){ru_end}",
        "eve": rf"\b(?:on\s+)?the\s+eve\s+of\b|{ru}накануне{ru_end}",
        "next_day": r"\bthe\s+(?P<dir>next|following|previous|preceding)\s+(?P<unit>day|morning|evening|night|week)\b"
                    rf"|{ru}на\s+(?:следующ|друг)\w*\s+(?:день|утро){ru_end}",
    }
    return re.compile(sources[name], re.IGNORECASE)


# -- prefilter -------------------------------------------------------------------------------------
# Most sentences hold no date. Every match of a pattern contains some of the pattern's words (matched
# ignoring case) and pieces: a pattern is tried only on a sentence that holds them, which loses no match.

# What re.IGNORECASE matches to an ASCII or Cyrillic letter but str.lower() does not turn into it ("İ"
# it even makes two characters); the tests check every code point.
_CASE_FOLD: Mapping[str, str] = MappingProxyType({
    "İ": "i", "ı": "i", "ſ": "s", "ᲀ": "в", "ᲁ": "д", "ᲂ": "о", "ᲃ": "с", "ᲄ": "т", "ᲅ": "т", "ᲆ": "ъ",
})
_CASE_ODD = re.compile("[" + "".join(_CASE_FOLD) + "]")
_CASE_TABLE = str.maketrans(dict(_CASE_FOLD))


def _fold(text: str) -> str:
    """``text`` in lower case, where whatever re.IGNORECASE matches to a letter is that letter.
    What a pattern matched is read through it too (word tables, modes, units), so a look-alike
    the pattern accepts ("laſt", "yeſterday") means what the plain word means."""
    return (text.translate(_CASE_TABLE) if _CASE_ODD.search(text) else text).lower()


@dataclass(frozen=True, slots=True)
class _Need:
    """Something every match of a pattern contains: one of ``words`` in the folded sentence, or else a
    match of ``pattern`` in the folded sentence (in the sentence itself when ``raw``)."""

    words: frozenset[str] = frozenset()
    pattern: re.Pattern[str] | None = None
    raw: bool = False

    def held(self, sentence: str, folded: str, present: AbstractSet[str]) -> bool:
        if self.pattern is None:
            return not self.words.isdisjoint(present)
        return self.pattern.search(sentence if self.raw else folded) is not None


def _words(*words: str) -> _Need:
    """One of ``words``, literals of the pattern; a word holding another is left to the other."""
    folded = {_fold(word) for word in words}
    return _Need(frozenset(w for w in folded if not any(o != w and o in w for o in folded)))


def _piece(regex: str) -> _Need:
    """A match of ``regex``, a piece of the pattern."""
    return _Need(pattern=re.compile(regex, re.IGNORECASE), raw=True)


@cache
def _needs() -> Mapping[str, tuple[_Need, ...]]:
    """What any match of each pattern contains, the most telling first."""
    year, digit, eve = _piece(_YEAR), _piece(r"\d"), _piece(r"the\s+eve\s+of|накануне")
    names = sorted(month_numbers(), key=len, reverse=True)
    # a month name ends where letters do (see _month_alternation), so it does in the folded sentence
    month_end = re.compile(f"(?:{'|'.join(map(re.escape, names))})(?![^\\W\\d_])")
    month = (_words(*names), _Need(pattern=month_end))
    en_units = _words("day", "week", "month", "year", "decade")
    ru_units = _words("дней", "дня", "день", "сут", "недел", "месяц", "лет", "год")
    return MappingProxyType({
        "dates": (year,), "year": (year,),  # every pattern of find_dates holds a _YEAR too
        "month_day": (*month, digit), "day_month": (*month, digit),
        "month": month, "season": (_words(*_SEASONS),), "day_word": (_words(*(w.split()[-1] for w in _DAY_WORDS)),),
        "weekday": (_words(*_WEEKDAYS),),
        "period": (_words("week", "month", "year"), _words("last", "this", "next")),
        "period_ru": (_words("недел", "месяц", "год"), _words("прошл", "эт", "текущ", "следующ", "будущ")),
        "ago": (_words("ago"), en_units), "ago_ru": (_words("назад"), ru_units),
        "later": (_words("earlier", "later"), en_units), "later_ru": (_words("через", "спустя"), ru_units),
        "later_ru_post": (_words("спустя"), ru_units), "anchored": (_words("before", "after"), en_units),
        "anchored_ru": (_words("через", "спустя", "за"), _words("после", "до"), ru_units),
        "eve": (_words("eve", "накануне"), eve),
        "next_day": (_words("next", "following", "previous", "preceding", "следующ", "друг"),
                     _words("day", "morning", "evening", "night", "week", "день", "утро")),
    })


def _trie(words: Iterable[str]) -> str:
    """A regular expression that matches the longest of ``words`` a text starts with, branching by letter."""
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[:1], []).append(word[1:])
    branches = [re.escape(first) + _trie(rest) for first, rest in sorted(rests.items()) if first]
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "" if not branches else f"(?:{body})?" if "" in rests else body


@cache
def _vocabulary() -> tuple[re.Pattern[str], Mapping[str, frozenset[str]]]:
    """A pattern for the longest word of the needs at a place, and for each word those it starts with."""
    words = {word for needs in _needs().values() for need in needs for word in need.words}
    return re.compile(_trie(words)), {w: frozenset(o for o in words if w.startswith(o)) for w in words}


def _present(folded: str) -> set[str]:
    """The words of the needs in ``folded``: at each place where one starts, the longest and its beginnings."""
    pattern, beginnings = _vocabulary()
    present: set[str] = set()
    match = pattern.search(folded)
    while match:
        present |= beginnings[match.group()]
        match = pattern.search(folded, match.start() + 1)
    return present


def _possible(sentence: str, folded: str) -> set[str]:
    """The patterns that may match ``sentence`` (``folded`` is ``_fold(sentence)``): no other can."""
    present = _present(folded)
    held: dict[int, bool] = {}  # by the id of a need: patterns share some
    possible = set()
    for name, needs in _needs().items() if present else _led_by_pieces():
        for need in needs:
            if id(need) not in held:
                held[id(need)] = need.held(sentence, folded, present)
            if not held[id(need)]:
                break
        else:
            possible.add(name)
    return possible


@cache
def _led_by_pieces() -> tuple[tuple[str, tuple[_Need, ...]], ...]:
    """The patterns that need no word first (the others need some)."""
    return tuple((name, needs) for name, needs in _needs().items() if needs[0].pattern is not None)


def _finditer(name: str, sentence: str, possible: AbstractSet[str]) -> Iterator[re.Match[str]]:
    return _rx(name).finditer(sentence) if name in possible else iter(())


# -- finders ----------------------------------------------------------------------------------------

def _fixed(value: dt.date, precision: str, _context: _Context) -> _Value:
    return value, precision


def _absolute(sentence: str, possible: AbstractSet[str]) -> Iterator[_Found]:
    for mention in find_dates(sentence) if "dates" in possible else []:
        suffix = _rx("year_word").match(sentence, mention.end)  # "в мае 2022 года": the whole of it
        end = suffix.end() if suffix else mention.end
        yield _Found(mention.start, end, partial(_fixed, mention.value, mention.precision))
    for match in _finditer("year", sentence, possible):
        if match.start("y") > match.start() or match.group("tail"):
            value = dt.date(int(match.group("y")), 1, 1)
            yield _Found(match.start(), match.end(), partial(_fixed, value, "year"))


def _on_day(month: int, day: int, offset: int | None, context: _Context) -> _Value | None:
    if context.published is None:
        return None
    if offset is not None:
        value = _safe_date(context.published.year + offset, month, day)
    else:
        value = _yearless(context.published, month, day, "in")
    return None if value is None else (value, "day")


def _month_number(match: re.Match[str]) -> int | None:
    name = match.group("mn")
    return month_numbers().get(_fold(name).rstrip(".")) if _proper(name) else None


def _days_of_months(sentence: str, possible: AbstractSet[str]) -> Iterator[_Found]:
    for name in ("month_day", "day_month"):
        for match in _finditer(name, sentence, possible):
            month, day = _month_number(match), int(match.group("d"))
            if month is not None and 1 <= day <= 31:
                yield _Found(match.start(), match.end(), partial(_on_day, month, day, _year_offset(match)))


def _in_month(month: int, mode: str, offset: int | None, context: _Context) -> _Value | None:
    if context.published is None:
        return None
    if offset is not None:
        return dt.date(context.published.year + offset, month, 1), "month"
    value = _yearless(context.published, month, 1, mode)
    return None if value is None else (value, "month")


def _month_mode(prep: str | None) -> str:
    low = _fold(prep or "")
    if low in ("since", "from", "с", "со"):
        return "since"
    return low if low in ("last", "next") else "in"


def _months(sentence: str, possible: AbstractSet[str]) -> Iterator[_Found]:
    for match in _finditer("month", sentence, possible):
        month, offset = _month_number(match), _year_offset(match)
        if month is None or (match.group("prep") is None and offset is None):
            continue  # a bare month name is not enough ("January saw...")
        resolver = partial(_in_month, month, _month_mode(match.group("prep")), offset)
        yield _Found(match.start(), match.end(), resolver)


def _seasons(sentence: str, possible: AbstractSet[str]) -> Iterator[_Found]:
    for match in _finditer("season", sentence, possible):
        season = _fold(match.group("season"))
        if season.isascii() and _fold(match.group(0)) == season:
            continue  # a bare English "spring" is a noun; Russian "весной" is always a date
        month = _SEASONS[season]
        if match.group("y"):
            year = int(match.group("y"))
            precision = "year" if month == 12 else "month"  # winter 2022 straddles two years
            yield _Found(match.start(), match.end(), partial(_fixed, dt.date(year, 1 if month == 12 else month, 1),
                                                             precision))
            continue
        mode = _mod(match.group("mod"))
        resolver = partial(_in_month, month, "in" if mode == "this" else mode, _year_offset(match))
        yield _Found(match.start(), match.end(), resolver)


def _from_published(count: int | None, unit: str, context: _Context) -> _Value | None:
    if context.published is None or count is None:
        return None
    return _shift(context.published, count, unit)


def _day_words(sentence: str, possible: AbstractSet[str]) -> Iterator[_Found]:
    for match in _finditer("day_word", sentence, possible):
        offset = _DAY_WORDS[" ".join(_fold(match.group(0)).split())]
        yield _Found(match.start(), match.end(), partial(_from_published, offset, "day"))


def _on_weekday(weekday: int, mode: str, context: _Context) -> _Value | None:
    if context.published is None:
        return None
    back = (context.published.weekday() - weekday) % 7
    if mode == "last":
        back = back or 7
    elif mode == "next":
        back = -((weekday - context.published.weekday()) % 7 or 7)
    return context.published - dt.timedelta(days=back), "day"


def _weekdays(sentence: str, possible: AbstractSet[str]) -> Iterator[_Found]:
    for match in _finditer("weekday", sentence, possible):
        bare = match.start("day") == match.start()
        if _proper(match.group("day")) and not (bare and _CAPITALISED.match(sentence, match.end())):
            weekday = _WEEKDAYS[_fold(match.group("day"))]
            yield _Found(match.start(), match.end(), partial(_on_weekday, weekday, _mod(match.group("mod"))))


def _periods(sentence: str, possible: AbstractSet[str]) -> Iterator[_Found]:
    for name in ("period", "period_ru"):
        for match in _finditer(name, sentence, possible):
            offset = {"last": -1, "next": 1}.get(_mod(match.group("mod")), 0)
            yield _Found(match.start(), match.end(), partial(_from_published, offset, _unit(match.group("unit"))))


def _signed(count: int | None, sign: int) -> int | None:
    return None if count is None else sign * count


def _ago(sentence: str, possible: AbstractSet[str]) -> Iterator[_Found]:
    for name in ("ago", "ago_ru"):
        for match in _finditer(name, sentence, possible):
            count, unit = _signed(_count(match.group("n")), -1), _unit(match.group("unit"))
            yield _Found(match.start(), match.end(), partial(_from_published, count, unit))


def _from_anchor(phrase: str, count: int | None, unit: str, context: _Context) -> _Value | None:
    if context.anchor is None or count is None:
        return None
    base = _to_date(context.anchor(phrase))
    return None if base is None else _shift(base, count, unit)


def _later_from(count: int | None, unit: str, context: _Context) -> _Value | None:
    """"Two days later": after the previous event when the caller tracks one, else after publication."""
    if context.anchor is not None:
        return _from_anchor("", count, unit, context)
    return _from_published(count, unit, context)


def _later(sentence: str, possible: AbstractSet[str]) -> Iterator[_Found]:
    for name in ("later", "later_ru", "later_ru_post"):
        for match in _finditer(name, sentence, possible):
            sign = -1 if name == "later" and _fold(match.group("dir")) == "earlier" else 1
            count = _signed(_count(match.group("n")), sign)
            yield _Found(match.start(), match.end(), partial(_later_from, count, _unit(match.group("unit"))))


def _phrase(sentence: str, position: int) -> tuple[str, int]:
    """The noun phrase after before/after/до/после ("Tokayev's trip") and where it ends."""
    end = position
    previous = ""
    for index, token in enumerate(re.finditer(r"\S+", sentence[position:])):
        word = token.group()
        if index >= 6 or (index > 0 and _phrase_stops(word, previous)):
            break
        cut = next((i for i, char in enumerate(word) if char in ",;:!?()[]"), len(word))
        if cut == len(word) and word.endswith(".") and not _keeps_dot(word):
            cut -= 1
        end = position + token.start() + cut
        if cut < len(word):
            break
        previous = word
    return sentence[position:end].strip(), end


def _phrase_stops(word: str, previous: str) -> bool:
    """Whether ``word`` no longer belongs to the phrase: a clause word, preposition, new article or verb."""
    low = word.lower().strip(".,;:!?")
    if low in _PHRASE_STOPS or (low in ("the", "a", "an") and previous.lower() != "of"):
        return True
    if not re.fullmatch(r"[а-яёА-ЯЁ-]+[.,;:!?]?", word):
        return False
    if _RU_VERB.fullmatch(low):
        return True
    return word[0].islower() and not low.endswith(_RU_GENITIVE)  # the phrase after до/после is genitive


def _keeps_dot(word: str) -> bool:
    """Initials and titles inside a phrase ("V. Putin's visit", "Mr. Smith's arrival")."""
    return word.lower() in _TITLES or (len(word) == 2 and word[0].isupper())


def _anchored(sentence: str, possible: AbstractSet[str]) -> Iterator[_Found]:
    for name in ("anchored", "anchored_ru", "eve"):
        for match in _finditer(name, sentence, possible):
            phrase, end = _phrase(sentence, match.end())
            count: int | None = -1
            unit = "day"  # on the eve of, накануне: the day before
            if name != "eve":
                sign = -1 if _fold(match.group("dir")) in ("before", "за") else 1
                count, unit = _signed(_count(match.group("n")), sign), _unit(match.group("unit"))
            yield _Found(match.start(), max(end, match.end()), partial(_from_anchor, phrase, count, unit))


def _next_day(sentence: str, possible: AbstractSet[str]) -> Iterator[_Found]:
    for match in _finditer("next_day", sentence, possible):
        words = _fold(match.group(0))
        unit = "week" if words.endswith("week") else "day"
        sign = -1 if "previous" in words or "preceding" in words else 1
        yield _Found(match.start(), match.end(), partial(_from_anchor, "", sign, unit))


_FINDERS: tuple[Callable[[str, AbstractSet[str]], Iterator[_Found]], ...] = (
    _absolute, _days_of_months, _months, _seasons, _day_words, _weekdays, _periods, _ago, _later,
    _anchored, _next_day,
)
