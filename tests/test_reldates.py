"""Event dates: absolute, relative to the publication date, and anchored to other events."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter
from collections.abc import Callable
from collections.abc import Set as AbstractSet

import pytest

from multivector.text import reldates
from multivector.text.dates import find_dates, month_numbers
from multivector.text.reldates import ALGORITHM, ResolvedDate, resolve_date

ANCHORS = {
    "Tokayev's trip": "2022-02-10",
    "Vladimir Putin's arrival": "2023-11-09",
    "the summit": "2023-06-01",
    "визита Путина": "2022-05-10",
    "саммита ШОС": "2022-09-16",
    "": "2023-05-05",  # the previous event of the document
}


def anchor(phrase: str) -> str | None:
    return ANCHORS.get(phrase)


# sentence, published, expected value, expected precision, expected expression text
CASES = [
    # absolute dates
    ("The accord was signed on January 2, 2022 in Baku.", None, "2022-01-02", "day", "January 2, 2022"),
    ("Talks resumed on 14 February 2022 after a pause.", "2023-01-01", "2022-02-14", "day", "14 February 2022"),
    ("The ceasefire of 14.02.2022 held for a week.", None, "2022-02-14", "day", "14.02.2022"),
    ("The pipeline opened in November 2022.", "2023-05-01", "2022-11-01", "month", "November 2022"),
    ("В ноябре 2022 года стороны подписали договор.", None, "2022-11-01", "month", "ноябре 2022 года"),
    ("The bank was founded in 2019 by three partners.", None, "2019-01-01", "year", "in 2019"),
    ("Relations have been tense since 2014.", "2022-03-01", "2014-01-01", "year", "since 2014"),
    ("Inflation peaked in mid-2022.", None, "2022-01-01", "year", "in mid-2022"),
    ("Prices fell at the end of 2019.", None, "2019-01-01", "year", "the end of 2019"),
    ("Торговля выросла в 2021 году.", None, "2021-01-01", "year", "в 2021 году"),
    # day and month without a year
    ("The forum opened on November 3 in Tashkent.", "2023-11-10", "2023-11-03", "day", "on November 3"),
    ("The forum opened on November 1 in Tashkent.", "2024-01-05", "2023-11-01", "day", "on November 1"),
    ("The envoy arrived on Nov. 7 with a letter.", "2023-11-10", "2023-11-07", "day", "on Nov. 7"),
    ("Talks will be held on 24 December in Minsk.", "2022-11-16", "2022-12-24", "day", "on 24 December"),
    ("Визит состоялся 3 ноября.", "2023-11-10", "2023-11-03", "day", "3 ноября"),
    ("The border reopened on 5 May last year.", "2023-02-01", "2022-05-05", "day", "on 5 May last year"),
    # days relative to publication
    ("Yesterday the delegation left Astana.", "2023-11-10", "2023-11-09", "day", "Yesterday"),
    ("The convoy crossed the border today.", "2023-11-10", "2023-11-10", "day", "today"),
    ("The minister flew home the day before yesterday.", "2023-11-10", "2023-11-08", "day",
     "the day before yesterday"),
    ("The vote takes place tomorrow.", "2023-12-31", "2024-01-01", "day", "tomorrow"),
    ("Вчера министр прибыл в Минск.", "2023-11-10", "2023-11-09", "day", "Вчера"),
    ("Сегодня парламент утвердил бюджет.", "2023-11-10", "2023-11-10", "day", "Сегодня"),
    # weekdays (2022-02-14 is a Monday)
    ("The ministry reported on Thursday that talks had stalled.", "2022-02-14", "2022-02-10", "day", "on Thursday"),
    ("The talks collapsed last Monday.", "2022-02-14", "2022-02-07", "day", "last Monday"),
    ("The parliament met on Monday.", "2022-02-14", "2022-02-14", "day", "on Monday"),
    ("The leaders will meet next Thursday.", "2022-02-14", "2022-02-17", "day", "next Thursday"),
    ("В четверг министр прибыл в Минск.", "2022-02-14", "2022-02-10", "day", "В четверг"),
    # weeks, months, years relative to publication
    ("The envoys met last week.", "2022-05-14", "2022-05-07", "day", "last week"),
    ("Exports fell last month.", "2023-03-10", "2023-02-01", "month", "last month"),
    ("Earlier this year the central bank raised rates.", "2022-05-14", "2022-01-01", "year", "Earlier this year"),
    ("At the end of last year the bank raised rates.", "2022-05-14", "2021-01-01", "year",
     "At the end of last year"),
    ("Elections are due next year.", "2023-03-10", "2024-01-01", "year", "next year"),
    ("В прошлом году товарооборот вырос.", "2023-03-01", "2022-01-01", "year", "В прошлом году"),
    ("На прошлой неделе министр посетил Ташкент.", "2023-03-10", "2023-03-03", "day", "На прошлой неделе"),
    # months and seasons without a year
    ("Last January the parties signed an accord.", "2022-11-20", "2022-01-01", "month", "Last January"),
    ("Last January the parties signed an accord.", "2023-02-10", "2023-01-01", "month", "Last January"),
    ("Since April prices have doubled.", "2023-09-01", "2023-04-01", "month", "Since April"),
    ("The referendum is due in December.", "2022-10-14", "2022-12-01", "month", "in December"),
    ("In January the talks broke down.", "2023-09-14", "2023-01-01", "month", "In January"),
    ("С апреля цены выросли вдвое.", "2023-09-10", "2023-04-01", "month", "С апреля"),
    ("В январе прошлого года было холодно.", "2022-10-14", "2021-01-01", "month", "В январе прошлого года"),
    ("In the spring the road was rebuilt.", "2022-07-14", "2022-03-01", "month", "In the spring"),
    ("In the spring of 2021 the road was rebuilt.", "2022-07-14", "2021-03-01", "month", "In the spring of 2021"),
    # counts
    ("Four days ago the border closed.", "2022-02-14", "2022-02-10", "day", "Four days ago"),
    ("Two years ago the border closed.", "2022-02-14", "2020-01-01", "year", "Two years ago"),
    ("3 months ago the deal collapsed.", "2022-02-16", "2021-11-01", "month", "3 months ago"),
    ("Три дня назад министр ушёл в отставку.", "2022-02-16", "2022-02-13", "day", "Три дня назад"),
    ("Two days later the minister resigned.", "2022-05-14", "2022-05-16", "day", "Two days later"),
]


@pytest.mark.parametrize(("sentence", "published", "value", "precision", "text"), CASES)
def test_resolve(sentence: str, published: str | None, value: str, precision: str, text: str) -> None:
    found = resolve_date(sentence, published)
    assert (found.value, found.precision, found.text) == (value, precision, text)
    assert found.start is not None and found.end is not None
    assert sentence[found.start:found.end] == text


ANCHORED = [
    ("Four days before Tokayev's trip, the ministers met in Almaty.", "2022-02-06",
     "Four days before Tokayev's trip"),
    ("Officials met three days before Vladimir Putin's arrival in Bishkek.", "2023-11-06",
     "three days before Vladimir Putin's arrival"),
    ("The talks collapsed a week after the summit.", "2023-06-08", "a week after the summit"),
    ("The next day he flew home.", "2023-05-06", "The next day"),
    ("The following day the border opened.", "2023-05-06", "The following day"),
    ("The day after, the envoy flew home.", "2023-05-06", "The day after"),
    ("За два дня до визита Путина прошли консультации.", "2022-05-08", "За два дня до визита Путина"),
    ("Через неделю после саммита ШОС министр ушёл в отставку.", "2022-09-23", "Через неделю после саммита ШОС"),
    ("На следующий день делегация уехала.", "2023-05-06", "На следующий день"),
    ("Two days earlier the ministry had warned of it.", "2023-05-03", "Two days earlier"),
]


@pytest.mark.parametrize(("sentence", "value", "text"), ANCHORED)
def test_anchored(sentence: str, value: str, text: str) -> None:
    found = resolve_date(sentence, "2024-01-01", anchor)
    assert (found.value, found.precision, found.text) == (value, "day", text)


def test_anchor_receives_the_phrase() -> None:
    seen: list[str] = []

    def record(phrase: str) -> str | None:
        seen.append(phrase)
        return "2023-11-09"

    resolve_date("Three days before Vladimir Putin's arrival in Bishkek, ministers met.", None, record)
    resolve_date("A week after the summit, the talks collapsed.", None, record)
    resolve_date("The following day the border opened.", None, record)
    assert seen == ["Vladimir Putin's arrival", "the summit", ""]


def test_anchored_without_an_anchor_date_is_unresolved() -> None:
    assert resolve_date("Four days before the parade, troops arrived.", "2022-02-14", anchor) == ResolvedDate(
        None, "unresolved", 0, 27, "Four days before the parade")
    assert resolve_date("The next day he flew home.", "2022-02-14").precision == "unresolved"


def test_no_expression_inherits_the_publication_date() -> None:
    assert ALGORITHM == "dates.relative.v1"
    assert resolve_date("The ministers discussed transit.", "2022-02-14") == ResolvedDate(
        "2022-02-14", "published", None, None, None)
    assert resolve_date("The ministers discussed transit.", "2022-02-14T09:49:00+03:00").value == "2022-02-14"
    assert resolve_date("The ministers discussed transit.", None) == ResolvedDate(
        None, "unresolved", None, None, None)


@pytest.mark.parametrize("sentence", [
    "Yesterday it rained in Astana.",
    "On Thursday the talks resumed.",
    "Last January the parties signed an accord.",
    "The forum opened on November 3.",
    "Two years ago the border closed.",
])
def test_relative_without_publication_date_is_unresolved(sentence: str) -> None:
    found = resolve_date(sentence, None)
    assert found.value is None and found.precision == "unresolved"
    assert found.text is not None


def test_never_invented() -> None:
    vague = resolve_date("A few days ago the border closed.", "2022-02-14")
    assert (vague.value, vague.precision, vague.text) == (None, "unresolved", "A few days ago")
    leap = resolve_date("The ceremony took place on February 29.", "2023-03-05")
    assert (leap.value, leap.precision) == (None, "unresolved")
    assert resolve_date("The ceremony took place on February 29.", "2024-03-05").value == "2024-02-29"
    assert resolve_date("Nothing dated here.", "not a date").precision == "unresolved"
    assert resolve_date("It was founded 999 decades ago.", "2022-02-14").precision == "unresolved"


@pytest.mark.parametrize("sentence", [
    "The plant produced 2019 tonnes of copper.",
    "The fall of Kabul shocked the region.",
    "The Sunday Times published the leak.",
    "Officials may 3 times refuse.",
    "Spring floods damaged the road.",
])
def test_not_dates(sentence: str) -> None:
    assert resolve_date(sentence, "2022-02-14").precision == "published"


def test_first_expression_wins_and_longest_overlap() -> None:
    found = resolve_date("On Monday, two days before the vote, the envoy left.", "2022-02-16", anchor)
    assert (found.value, found.text) == ("2022-02-14", "On Monday")
    found = resolve_date("The law of 2019 was amended yesterday.", "2022-02-16")
    assert (found.value, found.text) == ("2022-02-15", "yesterday")


# -- the prefilter: a pattern is tried only on a sentence holding what every match of it holds -----

EVERY_PATTERN = ("dates", *reldates._needs())
SLOTS = {
    "n": ["3", "12", "999", *reldates._NUMBERS, *reldates._VAGUE],
    "u": ["day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades"],
    "r": ["дней", "дня", "день", "суток", "сутки", "неделю", "недели", "неделя", "месяцев", "месяца", "месяц", "лет",
          "года", "год"],
    "m": [*month_numbers(), "Nov.", "Sept.", "SEPT", "January"], "y": ["1899", "1999", "2019", "2022", "2100"],
    "d": ["0", "3", "3rd", "14", "31", "45", "١٢", "３"], "w": [*reldates._WEEKDAYS, "Thursday"],
    "s": [*reldates._SEASONS], "dw": [*reldates._DAY_WORDS],
    "p": ["Tokayev's trip", "the vote", "визита Путина", "саммита ШОС"],
}
TEMPLATES = [
    "{n} {u} ago", "{n} {r} назад", "{r} назад", "{n} {u} earlier", "{n} {u} later", "через {n} {r}", "спустя {r}",
    "{n} {r} спустя", "{n} {u} before {p}", "the {u} after {p}", "за {n} {r} до {p}", "через {r} после {p}",
    "on the eve of {p}", "накануне {p}", "the next day", "the following morning", "the previous week",
    "на следующий день", "на другое утро", "earlier this year", "at the end of last month", "next week",
    "в прошлом году", "на этой неделе", "в конце прошлого года", "in the {s}", "last {s}", "{s} of {y}", "{s}",
    "in {m}", "in {m}{d}", "by {m}_", "since {m} {y}", "mid-{m}", "mid{m}", "{m} last year", "в {m} прошлого года",
    "{m}", "on {m} {d}", "{m} {d}, {y}", "the {d} of {m}", "{d} {m} {y}", "on {w}", "last {w}", "в {w}", "{w} Times",
    "{dw}", "in {y}", "mid-{y}", "{y} year", "в {y} году", "{y} tonnes", "{d}.{d}.{y}", "{y}-02-14", "{y}-02-{d}",
]
AROUND = ["", "The talks resumed ", "Officials said ", "Министр заявил, что ", "x", "Janet ", "2019: "]
AFTER = ["", ".", " in Astana.", ", officials said.", " 5 tonnes", "ing", " Times", " года", "th"]
# what re.IGNORECASE matches to ASCII and Cyrillic letters, and look-alikes that it does not
LOOKALIKES = {"s": "ſ", "i": "ıİ", "k": "K", "в": "ᲀ", "д": "ᲁ", "о": "ᲂа", "с": "ᲃc", "т": "ᲄᲅ", "ъ": "ᲆ",
              "a": "аá", "e": "её", "y": "у", " ": "\t\n\xa0\u2009\u3000"}


def _variant(text: str, rng: random.Random) -> str:
    cases: list[Callable[[str], str]] = [str.lower, str.upper, str.title, str.capitalize, str.strip]
    text = rng.choice(cases)(text)
    if rng.random() < 0.4:
        text = "".join(rng.choice(LOOKALIKES[c.lower()]) if c.lower() in LOOKALIKES and rng.random() < 0.3 else c
                       for c in text)
    return text


def generated(count: int = 4000) -> list[str]:
    """Date expressions of every kind in varied case, spacing and letters, and sentences around them."""
    rng = random.Random(11)
    texts = ["", " ", "\n", ".", "ſpring", "İn 2019", "SEPT. 3", "yeſterday", "ᲀ ноябре 2022 года"]
    texts += [case[0] for case in CASES] + [case[0] for case in ANCHORED]
    for _ in range(count):
        phrase = re.sub(r"\{(\w+)\}", lambda slot: rng.choice(SLOTS[slot.group(1)]), rng.choice(TEMPLATES))
        texts.append(rng.choice(AROUND) + _variant(phrase, rng) + rng.choice(AFTER))
    return texts


def _matches(name: str, text: str) -> bool:
    return bool(find_dates(text)) if name == "dates" else reldates._rx(name).search(text) is not None


def _outcome(text: str, patterns: AbstractSet[str]) -> object:
    """The expressions found trying ``patterns``, resolved."""
    context = reldates._Context(dt.date(2022, 2, 14), anchor)
    return [(f.start, f.end, f.resolve(context)) for f in reldates._found(text, patterns)]


def test_the_prefilter_loses_no_match() -> None:
    """The patterns the prefilter leaves out do not match; each pattern both matches and is left out."""
    matched, left_out = Counter[str](), Counter[str]()
    for text in generated():
        possible = reldates._possible(text, reldates._fold(text))
        for name in EVERY_PATTERN:
            if _matches(name, text):
                matched[name] += 1
                assert name in possible, (name, text)
            left_out[name] += name not in possible
        assert _outcome(text, possible) == _outcome(text, set(EVERY_PATTERN)), text
    assert all(matched[name] >= 20 and left_out[name] >= 20 for name in EVERY_PATTERN), (matched, left_out)


def _resolved(text: str, published: str | None) -> object:
    return resolve_date(text, published, anchor)


@pytest.mark.parametrize(("odd", "plain"), [("in ſpring 2022", "in spring 2022"), ("yeſterday", "yesterday"),
                                            ("on ſunday", "on Sunday"), ("lAST FrIDAY", "last Friday"),
                                            ("ſix days ago", "six days ago")])
def test_look_alike_letters_resolve_as_the_letters(odd: str, plain: str) -> None:
    """What the patterns match ignoring case ("ſ" is an s to them) the word tables know too."""
    one, other = resolve_date(f"Talks {odd}.", "2023-05-10"), resolve_date(f"Talks {plain}.", "2023-05-10")
    assert (one.value, one.precision) == (other.value, other.precision) and one.value is not None


def test_resolve_date_equals_trying_every_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = generated(1000)
    fast = [_resolved(text, published) for text in texts for published in (None, "2022-02-14")]
    monkeypatch.setattr(reldates, "_possible", lambda sentence, folded: set(EVERY_PATTERN))
    assert fast == [_resolved(text, published) for text in texts for published in (None, "2022-02-14")]
    assert sum(isinstance(r, ResolvedDate) and r.precision not in ("published", "unresolved") for r in fast) > 500


def test_the_words_found_are_the_words_there() -> None:
    words = reldates._vocabulary()[1]
    for text in generated(1500):
        folded = reldates._fold(text)
        assert reldates._present(folded) == {word for word in words if word in folded}, text


def test_folding_is_what_ignorecase_matches_for_every_code_point() -> None:
    """A pattern's letter matched ignoring case is that letter in the folded text, which is as long as the
    text, and a character that is no letter stays none (month names end where letters do)."""
    everything = "".join(map(chr, range(0x110000)))
    folded = reldates._fold(everything)
    assert len(folded) == len(everything)
    letters = {c for needs in reldates._needs().values() for need in needs for word in need.words for c in word}
    letters |= {c for name in month_numbers() for c in reldates._fold(name)}
    for letter in letters:
        same = "".join(re.findall(re.escape(letter), everything, re.IGNORECASE))
        assert set(reldates._fold(same)) == {letter}, letter
    others = "".join(re.findall(r"[\W\d_]", everything))
    assert re.search(r"[^\W\d_]", reldates._fold(others)) is None
