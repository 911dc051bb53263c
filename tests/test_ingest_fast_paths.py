"""The ingest's fast paths give what the plain definitions give."""

from __future__ import annotations

import itertools
import re
import zlib
from pathlib import Path

from multivector.clean import html, lines
from multivector.clean.outlets import detect_outlet
from multivector.ingest import dedup

QUOTE_TABLE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "„": '"'})
SAMPLES = [
    "", " ", "plain words here.", "Two  spaces", "tab\there", "no\u00a0break", "«Ёлки» „палки“ — ‘да’ “нет”",
    "Share this article:", "Read also", "12 345", "Mon Tue Wed Thu", "Home » Politics", "© 2023 Outlet",
    "Subscribe to our Telegram news channel today", "Photo: Reuters", "Views: 3537", "Президент заявил, что…",
]


def test_normalise_line_equals_the_regex_on_every_short_mix_of_spaces() -> None:
    chars = [" ", "\t", "\u00a0", "a", "б", "\u2000", "\u200b", "\u202f", "\n", "\u3000"]
    for size in range(1, 5):
        for combo in itertools.product(chars, repeat=size):
            line = "".join(combo)
            assert lines.normalise_line(line) == lines._SPACES.sub(" ", line).strip(), repr(line)


def test_fold_quotes_equals_translate() -> None:
    for text in SAMPLES:
        assert lines.fold_quotes(text) == text.translate(QUOTE_TABLE)


def test_sketch_equals_the_set_of_shingle_hashes() -> None:
    def slow(text: str) -> list[int]:
        words = re.findall(r"\w+", text.translate(QUOTE_TABLE).casefold())
        if len(words) < dedup.SHINGLE:
            grams = {" ".join(words)} if words else set()
        else:
            grams = {" ".join(words[i:i + dedup.SHINGLE]) for i in range(len(words) - dedup.SHINGLE + 1)}
        return sorted({zlib.crc32(g.encode("utf-8")) for g in grams})[:dedup.SKETCH_SIZE]

    texts = ["", "one", "a b c d", "a b c d e", " ".join(SAMPLES), " ".join(f"w{i}" for i in range(300))]
    for text in texts:
        assert dedup.sketch(text) == slow(text)


def test_page_text_is_read_only_when_the_outlet_needs_it() -> None:
    asked: list[bool] = []

    def text() -> str:
        asked.append(True)
        return "Subscribe to PolitNavigator news"

    assert detect_outlet("https://en.kremlin.ru/events/1", None, text) == "President of Russia"
    assert not asked
    assert detect_outlet(None, None, text) is not None
    assert asked


def test_visible_text_cuts_tags_scripts_and_entities() -> None:
    page = "<html><head><style>p{}</style><script>var x=1;</script></head><body><p>A &amp; B</p></body></html>"
    assert html.visible_text(page).split() == ["A", "&", "B"]


def test_control_bytes_count_the_controls_of_utf8_text() -> None:
    from multivector.ingest.encoding import _CONTROL, control_bytes

    for text in [*SAMPLES, "a\x00b\x07c\x1b\x7f", "\t\n\r plain", "Ж\x01Ж", "\x0b\x0c\x0e\x1f"]:
        assert control_bytes(text.encode("utf-8")) == len(_CONTROL.findall(text))


REPAIR_CASES = [
    "<!DOCTYPE html>\n<html><body><p>x</p></body></html>",
    "<!DOCTYPE html/>\n<html><body><p>x</p></body></html>",
    "<html lang='en' />\n<body><p>x</p></body>",
    "a\nb\nc\n<html lang='en' />\n<body><p>x</p></body>",
    "<html lang='en'\n\n\n\n/><body><p>x</p></body>",
    "\n" * 20000 + "<html><body><p>late</p></body></html>",
    "<html a='" + "x" * 9000 + "'\n\n/>\n<body></body>",
    "".join(f"<p>line {i}</p>\n" for i in range(2000)),
    "<html>\n" + "<p>" + "y" * 9000 + "</p>\n" * 3 + "   \n/> after the cut",
    "no newline at all " * 1000,
    "<p>a \ufffe b</p>\n" * 1000,
]


def test_repair_with_a_clean_page_equals_trafilatura() -> None:
    from trafilatura.utils import repair_faulty_html

    for page in REPAIR_CASES:
        beginning = page[:50].lower()
        assert html.repair(page, beginning, xml_safe=True) == repair_faulty_html(page, beginning)
        assert html.repair(page, beginning) == repair_faulty_html(page, beginning)
    dirty = "<p>bell\x07</p>\n" * 2000  # not xml_safe: the whole page is repaired
    assert "\x07" not in html.repair(dirty, dirty[:50].lower())


def test_ingest_marks_only_clean_utf8_pages_xml_safe(tmp_path: Path) -> None:
    from multivector.ingest.run import extract_unit
    from multivector.model import RawInput

    body = "<p>" + " ".join(["The ministers met in Astana and agreed on a plan."] * 6) + "</p>"
    page = f"<html><head><title>T</title></head><body><article>{body}</article></body></html>"
    clean = extract_unit(RawInput("a.html", "", "html", page.encode("utf-8"), {}))
    dirty = extract_unit(RawInput("b.html", "", "html", page.replace("Astana", "Ast\x07ana").encode("utf-8"), {}))
    assert "Astana" in "\n".join(clean.lines) and "Astana" in "\n".join(dirty.lines)
