"""Rule-based sentence splitting: boundaries, abbreviations, quotations, paragraphs."""

from __future__ import annotations

import random

import pytest

from multivector.text.sentences import ALGORITHM, split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


CASES = [
    # plain ends: . ! ? … ?! and ... before a capital
    ("Talks began in the morning. They ended at noon.",
     ["Talks began in the morning.", "They ended at noon."]),
    ("Is the border open? Yes! Trucks are crossing again.",
     ["Is the border open?", "Yes!", "Trucks are crossing again."]),
    ("The delegates waited… Nobody came.", ["The delegates waited…", "Nobody came."]),
    ("Prices rose again... 2023 was worse.", ["Prices rose again...", "2023 was worse."]),
    ("Really?! The minister only laughed.", ["Really?!", "The minister only laughed."]),
    ("He hesitated... and then signed the paper.", ["He hesitated... and then signed the paper."]),
    # closing quotes and brackets stay with the sentence
    ("He said: “We will keep working.” Then the session resumed.",
     ["He said: “We will keep working.”", "Then the session resumed."]),
    ("The bill passed (by a narrow margin.) Critics objected.",
     ["The bill passed (by a narrow margin.)", "Critics objected."]),
    ("«Переговоры завершены.» Затем делегация уехала.", ["«Переговоры завершены.»", "Затем делегация уехала."]),
    ("Министр заявил: „Мы готовы.“ После этого начались консультации.",
     ["Министр заявил: „Мы готовы.“", "После этого начались консультации."]),
    # titles, abbreviations, initials
    ("Mr. Smith met Mrs. Clark, Ms. Diaz, Dr. Jones and Prof. Lee in St. Petersburg.",
     ["Mr. Smith met Mrs. Clark, Ms. Diaz, Dr. Jones and Prof. Lee in St. Petersburg."]),
    ("Gen. Ivanov and Col. Petrov briefed Sen. Brown, Rep. Diaz, Lt. Moss and Gov. Hall.",
     ["Gen. Ivanov and Col. Petrov briefed Sen. Brown, Rep. Diaz, Lt. Moss and Gov. Hall."]),
    ("The U.S. envoy met U.K. and E.U. diplomats at the U.N. building.",
     ["The U.S. envoy met U.K. and E.U. diplomats at the U.N. building."]),
    ("New sanctions came from the U.S. The rouble fell.", ["New sanctions came from the U.S.", "The rouble fell."]),
    ("Resolution No. 2231 was cited. It has expired.", ["Resolution No. 2231 was cited.", "It has expired."]),
    ("The case of Smith vs. Jones took a year.", ["The case of Smith vs. Jones took a year."]),
    ("Some states, e.g. Georgia, objected, i.e. they voted against.",
     ["Some states, e.g. Georgia, objected, i.e. they voted against."]),
    ("The deal was signed on Jan. 15 and ratified on Feb. 3 in Riga.",
     ["The deal was signed on Jan. 15 and ratified on Feb. 3 in Riga."]),
    ("Acme Inc. Chief Executive John Doe Jr. met Globex Corp. and Initech Ltd. managers.",
     ["Acme Inc. Chief Executive John Doe Jr. met Globex Corp. and Initech Ltd. managers."]),
    ("Richard Roe Sr. Director of Umbrella Co. Kazakhstan resigned.",
     ["Richard Roe Sr. Director of Umbrella Co. Kazakhstan resigned."]),
    ("The contract went to Acme Inc. The shares rose.", ["The contract went to Acme Inc.", "The shares rose."]),
    ("V. Putin greeted fans of J. R. R. Tolkien.", ["V. Putin greeted fans of J. R. R. Tolkien."]),
    ("The fallback was plan B. The talks went on.", ["The fallback was plan B.", "The talks went on."]),
    # etc.: a real end before a capital, no end before lower case
    ("They ship grain, oil, metals etc. The surplus grew.", ["They ship grain, oil, metals etc.", "The surplus grew."]),
    ("Grain, oil etc. and metals were shipped.", ["Grain, oil etc. and metals were shipped."]),
    # Russian abbreviations and initials
    ("В.В. Путин и С. В. Лавров прибыли в Душанбе.", ["В.В. Путин и С. В. Лавров прибыли в Душанбе."]),
    ("Делегация посетила г. Душанбе, ул. Рудаки и парк им. Рудаки.",
     ["Делегация посетила г. Душанбе, ул. Рудаки и парк им. Рудаки."]),
    ("Речь шла о транзите, т.е. о поставках газа, нефти и др. товаров.",
     ["Речь шла о транзите, т.е. о поставках газа, нефти и др. товаров."]),
    ("Обсуждались энергетика, транспорт и т.д. Стороны подписали меморандум.",
     ["Обсуждались энергетика, транспорт и т.д.", "Стороны подписали меморандум."]),
    ("Инвестиции составили 3,5 млрд. руб. в 2022 г. и создали 2 тыс. рабочих мест.",
     ["Инвестиции составили 3,5 млрд. руб. в 2022 г. и создали 2 тыс. рабочих мест."]),
    ("В 2020–2022 гг. экспорт вырос до 5 млн. т, а цены, тарифы и т.п. не менялись.",
     ["В 2020–2022 гг. экспорт вырос до 5 млн. т, а цены, тарифы и т.п. не менялись."]),
    ("Договор подписан в 2021 г. Он вступил в силу весной.",
     ["Договор подписан в 2021 г.", "Он вступил в силу весной."]),
    ("Переговоры завершились. Стороны подписали меморандум.",
     ["Переговоры завершились.", "Стороны подписали меморандум."]),
    # numbers, times, dates, versions, URLs, e-mails
    ("Exports reached 3.5 billion at 09:49 on 14.02.2022, says version 2.1.4 of the report at "
     "www.stat.example.kz/data or info@stat.example.kz today.",
     ["Exports reached 3.5 billion at 09:49 on 14.02.2022, says version 2.1.4 of the report at "
      "www.stat.example.kz/data or info@stat.example.kz today."]),
    ("Inflation reached 7.5. The bank reacted.", ["Inflation reached 7.5.", "The bank reacted."]),
    ("Details are at https://example.org/news. Then came the vote.",
     ["Details are at https://example.org/news.", "Then came the vote."]),
    # quotations followed by their attribution stay whole
    ("“We are a sovereign state. We will keep a balanced policy,” Japarov remarked. The visit ended.",
     ["“We are a sovereign state. We will keep a balanced policy,” Japarov remarked.", "The visit ended."]),
    ('"We are ready. We have waited long enough", said the minister.',
     ['"We are ready. We have waited long enough", said the minister.']),
    ('"We are ready. We have waited." – the minister said. Then he left.',
     ['"We are ready. We have waited." – the minister said.', "Then he left."]),
    ("«Мы независимы. Мы будем дружить со всеми», – заявил Жапаров. Визит завершился.",
     ["«Мы независимы. Мы будем дружить со всеми», – заявил Жапаров.", "Визит завершился."]),
    ("“Talks failed. We will try again.” The envoy told reporters this on Friday.",
     ["“Talks failed. We will try again.” The envoy told reporters this on Friday."]),
    ("“Enough!” he shouted.", ["“Enough!” he shouted."]),
    ("«Хватит!» – заявил он.", ["«Хватит!» – заявил он."]),
    ("Он сказал: «Мы продолжим „диалог“. Это важно», – отметил министр. Потом он уехал.",
     ["Он сказал: «Мы продолжим „диалог“. Это важно», – отметил министр.", "Потом он уехал."]),
    ("Он родился в 1952 г. В 1975 г. окончил университет.", ["Он родился в 1952 г.", "В 1975 г. окончил университет."]),
    ("The talks began at 9 a.m. The ministers arrived late.",
     ["The talks began at 9 a.m.", "The ministers arrived late."]),
    # without an attribution, a quotation is split like any text
    ('He wrote: "We won. We are happy." Then he left.', ['He wrote: "We won.', 'We are happy."', "Then he left."]),
    # paragraphs, lines and headings
    ("A paragraph without a final dot\n\nThe next paragraph.",
     ["A paragraph without a final dot", "The next paragraph."]),
    ("The first line ends here.\nthe second starts in lower case.",
     ["The first line ends here.", "the second starts in lower case."]),
    ("Talks in Astana\nThe ministers met on Monday.", ["Talks in Astana", "The ministers met on Monday."]),
    ("The ministers of the two neighbouring countries met in the\nCapital on Monday.",
     ["The ministers of the two neighbouring countries met in the\nCapital on Monday."]),
    ("Key points:\n• Transit grows\n• Tariffs fall", ["Key points:", "• Transit grows", "• Tariffs fall"]),
    ("– Мы готовы, – сказал он.\n– Хорошо.", ["– Мы готовы, – сказал он.", "– Хорошо."]),
    ("1. Background\nThe talks began in 2019.", ["1. Background", "The talks began in 2019."]),
    ("The envoy thanked Mr.\nSmith for the invitation.", ["The envoy thanked Mr.\nSmith for the invitation."]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_algorithm_and_empty_text() -> None:
    assert ALGORITHM == "sentences.rules.v1"
    assert split_sentences("") == []
    assert split_sentences("  \n\n \t ") == []


def test_spans_exclude_surrounding_whitespace() -> None:
    text = "  First one.   Second one.  \n\n  Third one.  "
    assert split_sentences(text) == [(2, 12), (15, 26), (32, 42)]


DOCUMENT = """Central Asia summit

“We are a sovereign state. We will keep a balanced policy,” Japarov remarked. The U.S. envoy met Dr. Lee.
Talks lasted until 09:49 on 14.02.2022... then resumed? Yes!

В.В. Путин прибыл в г. Душанбе. «Мы готовы», – заявил он. Обсуждались транспорт и т.д. Итоги подведут в 2023 г.
"""


def check_cover(text: str) -> None:
    """Spans are ordered, do not overlap, carry no outer whitespace and hold every non-space character once."""
    spans = split_sentences(text)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end <= start
    covered = [0] * len(text)
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        for index in range(start, end):
            covered[index] += 1
    assert all(count <= 1 for count in covered)
    assert all(covered[index] == 1 for index, char in enumerate(text) if not char.isspace())


def test_document_spans_cover_every_character_once() -> None:
    check_cover(DOCUMENT)
    assert sentences(DOCUMENT)[:3] == [
        "Central Asia summit",
        "“We are a sovereign state. We will keep a balanced policy,” Japarov remarked.",
        "The U.S. envoy met Dr. Lee.",
    ]


@pytest.mark.parametrize("seed", range(20))
def test_random_paragraphs_cover_every_character_once(seed: int) -> None:
    rng = random.Random(seed)
    pieces = [text for text, _ in CASES]
    separators = [" ", "  ", "\n", "\n\n", " \n \n", "\t", "\n   \n\n"]
    text = "".join(rng.choice(pieces) + rng.choice(separators) for _ in range(12))
    check_cover(rng.choice(["", " ", "\n"]) + text)
