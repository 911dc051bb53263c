import pytest

from multivector.errors import BinaryInput, EmptyInput
from multivector.ingest.encoding import declared_charset, decode

RUSSIAN = "Касым-Жомарт Токаев провёл переговоры с Владимиром Путиным в Москве. Стороны обсудили газовый союз."


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "cp866", "iso8859_5", "utf-8"])
def test_cyrillic_code_pages(encoding: str) -> None:
    text, found, warnings = decode(RUSSIAN.encode(encoding))
    assert text == RUSSIAN
    assert found == encoding
    assert warnings == []


def test_bom_is_removed() -> None:
    text, found, _ = decode(("\ufeff" + "Astana hosted the summit.").encode("utf-8"))
    assert text == "Astana hosted the summit."
    assert found == "utf-8-sig"


def test_stray_bytes_in_utf8_are_repaired_with_a_warning() -> None:
    data = ("Tokayev met Putin in Moscow on Thursday. " * 20).encode() + b"\xff\xfe" + "Алматы".encode()
    text, found, warnings = decode(data)
    assert found == "utf-8" and "Алматы" in text and warnings


def test_western_page_without_declaration() -> None:
    text, found, _ = decode("Le président français a visité Astana en novembre, déjà.".encode("latin-1"))
    assert found == "cp1252" and "président" in text


def test_declared_charset() -> None:
    assert declared_charset(b'<html><head><meta charset="windows-1251">') == "cp1251"
    assert declared_charset(b"<html><head><meta charset=bogus>") is None


def test_bad_bytes() -> None:
    with pytest.raises(EmptyInput):
        decode(b"  \n ")
    with pytest.raises(BinaryInput):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
