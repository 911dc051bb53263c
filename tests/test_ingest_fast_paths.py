"""The ingest's fast paths give what the plain definitions give."""

from __future__ import annotations

import itertools
import re
import zlib

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
