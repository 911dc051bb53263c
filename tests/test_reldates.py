"""Event dates: absolute, relative to the publication date, and anchored to other events."""

from __future__ import annotations

import pytest

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
