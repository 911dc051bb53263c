from multivector.clean.header import date_line, person_name, read_header
from multivector.clean.lines import drop_chrome, is_teaser, paragraphs, shape_of, tokens
from multivector.clean.outlets import detect_outlet, outlets
from multivector.clean.text import extract_text
from multivector.text.language import detect_language

SCRAPE = """Astana and Moscow agree on a new gas route

Dana Seitkali.
03.03.2023 10:15
Views: 1502
Politics, Kazakhstan, Russia

Kazakhstan and Russia agreed on Thursday to expand gas deliveries through the northern route, \
officials in Astana said after a day of talks.

Kazakhstan and Russia agreed on Thursday to expand gas deliveries through the...

Subscribe to Steppe Observer news on Telegram

Read also: Ten recipes for the perfect plov
The deal was announced by the energy ministry, which said the details would be
published next month.

If you find a typo, select it and press Ctrl+Enter.
Tags: gas, Russia
"""


def test_header_metadata_is_read_and_left_out_of_the_body() -> None:
    extracted = extract_text(SCRAPE)
    assert extracted.title == "Astana and Moscow agree on a new gas route"
    assert extracted.author == "Dana Seitkali"
    assert extracted.published == "2023-03-03"
    body = paragraphs(extracted.lines)
    assert body[0].startswith("Kazakhstan and Russia agreed on Thursday")
    assert body[1] == ("The deal was announced by the energy ministry, which said the details would be "
                       "published next month.")
    assert len(body) == 2  # teaser, subscribe, read-also, typo note and tags are gone


def test_header_needs_prose_to_end() -> None:
    header = read_header(["Tokayev visited Moscow on Thursday and met the Russian president for "
                          "talks on gas, grain and the CSTO."])
    assert header.body_start == 0 and header.title is None


def test_bylines() -> None:
    assert person_name("Ainur Kurmanov.") == "Ainur Kurmanov"
    assert person_name("By Jane Doe") == "Jane Doe"
    assert person_name("Author column, Zen, Kazakhstan") is None
    assert person_name("by admin") is None


def test_datelines() -> None:
    assert date_line("14.02.2022 09:49") == "2022-02-14"
    assert date_line("Published: 3 March 2023, 10:00 (MSK)") == "2023-03-03"
    assert date_line("On 3 March 2023 the ministers met in Astana to talk about gas") is None


def test_generic_cues_keep_prose() -> None:
    kept, dropped = drop_chrome([
        "Read also", "–", "See also  Some unrelated story", "This website uses cookies to improve it.",
        "Mon Tues Wed Thurs Fri Sat Total", "12345", "• May 2024",
        "The cookies Nuland handed out on the Maidan became a symbol for Moscow's propaganda.",
        "Читать на \"Вестник Евразии\"",
    ])
    assert [k for k in kept if k] == [
        "The cookies Nuland handed out on the Maidan became a symbol for Moscow's propaganda."]
    assert len(dropped) == 8


def test_teaser_matches_despite_punctuation_and_quotes() -> None:
    lead = tokens("Before Vladimir Putin’s visit to Astana, an unprecedented campaign took place, "
                  "when the president spoke.")
    teaser = "Before Vladimir Putin's visit to Astana, an unprecedented campaign took place when..."
    assert is_teaser(teaser, [lead])
    assert not is_teaser("Something else entirely happened in Bishkek on that day...", [lead])


def test_shapes_fold_numbers_and_case() -> None:
    assert shape_of("Views: 3537") == shape_of("views:  7785")
    assert shape_of("Views: 3537") != shape_of("Likes: 3537")


def test_paragraphs_join_wrapped_lines_only() -> None:
    assert paragraphs(["The talks went on", "until late.", "Next day they met."]) == [
        "The talks went on until late.", "Next day they met."]


def test_outlets() -> None:
    table = outlets()
    assert table.from_text("Subscribe to PolitNavigator news at Telegram") == "PolitNavigator"
    assert table.from_text('Читать на "The Moscow Post"') == "The Moscow Post"
    assert table.from_text("may not reflect the position of the LIGA.net editors") == "LIGA.net"
    assert table.from_url("https://www.politnavigator.net/a.html") == "PolitNavigator"
    assert detect_outlet(None, None, "no cue here at all") is None
    assert detect_outlet("https://en.kremlin.ru/events/1", "someone", "") == "President of Russia"


def test_language() -> None:
    assert detect_language("The president of Kazakhstan met the Russian leader in Moscow.") == "en"
    assert detect_language("Президент Казахстана встретился с российским лидером в Москве.") == "ru"
    assert detect_language("Президент України заявив, що це рішення є важливим для держави.") == "uk"
    assert detect_language("ok") is None
