"""Bytes to text: BOMs, strict UTF-8, declared charsets, Cyrillic single-byte
code pages (windows-1251, KOI8-R, CP866, ISO-8859-5) told apart by letter case,
and charset-normalizer as the last resort.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from multivector.errors import BinaryInput, EmptyInput, UndecodableText

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_ODD_CATEGORIES = {"Cc", "Co", "Cn", "Cs"}
_CYRILLIC_PAGES = ["cp1251", "koi8_r", "cp866", "iso8859_5"]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
# the ten most frequent letters of Russian prose: a wrong code page scatters them
_COMMON_RUSSIAN = set("оеаинтсрвл")
# characters that a stray byte becomes in windows-1252 but that Western prose
# hardly ever uses: seeing them means the bytes are damaged UTF-8, not cp1252
_MOJIBAKE = re.compile("[ÿþý¤¦¨¬¯±³¹¼½¾×÷ÃÂ]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])  # _CONTROL's characters
# share of invalid bytes under which a mostly-UTF-8 input is repaired, not re-guessed
_UTF8_REPAIR_SHARE = 0.05


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB, if Python knows it."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _cyrillic_score(text: str) -> float:
    """How much ``text`` looks like Cyrillic prose: letters mostly lower case."""
    letters = [c for c in text if "\u0400" <= c <= "\u04ff"]
    if not letters:
        return 0.0
    all_letters = sum(1 for c in text if c.isalpha())
    if len(letters) < 0.3 * all_letters:  # accented Latin read as Cyrillic
        return 0.0
    lower = sum(1 for c in letters if c.islower() and ("а" <= c <= "я" or c == "ё"))
    common = sum(1 for c in letters if c in _COMMON_RUSSIAN)
    high = sum(1 for c in text if ord(c) >= 0x80)
    return (lower * common * len(letters)) / (len(letters) ** 2 * high) * min(1.0, len(letters) / 20)


def _best_cyrillic(data: bytes) -> tuple[str, str] | None:
    best: tuple[float, str, str] | None = None
    for name in _CYRILLIC_PAGES:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        score = _cyrillic_score(text)
        if best is None or score > best[0]:
            best = (score, text, name)
    if best and best[0] >= 0.25:
        return best[1], best[2]
    return None


def control_bytes(data: bytes) -> int:
    """How many control characters (tab, newline and carriage return aside) UTF-8 ``data``
    decodes to: its bytes of those codes, since in UTF-8 a byte below 0x80 is always a
    character of its own. Counted in C by ``bytes.translate``, not by a regex over the text."""
    return len(data) - len(data.translate(None, _CONTROL_BYTES))


def _check_text(text: str, encoding: str, strict: bool = False, controls: int | None = None) -> tuple[str, str]:
    """Refuse empty or binary-looking text. ``strict`` also counts private-use,
    unassigned and replacement characters (for wide encodings and guesses, where
    random bytes decode without error). ``controls``: the text's control characters,
    when already counted."""
    if not text.strip():
        raise EmptyInput("the input holds no text; nothing to store")
    if controls is None:
        controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise BinaryInput(f"decoded as {encoding} but full of control characters; not text")
    if strict:
        sample = text[:20000]
        odd = sum(1 for c in sample if c == "\ufffd" or unicodedata.category(c) in _ODD_CATEGORIES)
        if odd > max(4, len(sample) // 50):
            raise BinaryInput(f"decoded as {encoding} but mostly unassigned or private characters; not text")
    return text, encoding


def _repaired_utf8(data: bytes) -> str | None:
    """UTF-8 with a few damaged bytes, repaired: either valid multi-byte
    characters outnumber the invalid sequences, or the text is plain ASCII
    with a handful of stray bytes that no code page would make a word of."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    valid = sum(1 for c in text if ord(c) >= 0x80) - bad
    if bad > _UTF8_REPAIR_SHARE * len(text):
        return None
    if valid >= 2 * bad or (valid >= 1 and bad <= 3):
        return text
    if valid == 0 and bad <= 3 and _MOJIBAKE.search(data.decode("cp1252", errors="replace")):
        return text
    return None


def _western(data: bytes) -> str | None:
    """windows-1252 when every non-ASCII character it yields is a Latin letter or
    common punctuation: the usual case of an undeclared Western European page."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    high = [c for c in text if ord(c) >= 0x80]
    fitting = sum(1 for c in high if ("\u00c0" <= c <= "\u00ff" and c.isalpha()) or c in "«»–—’‘“”…°€£")
    return text if high and fitting / len(high) >= 0.95 else None


def decode(data: bytes, declared: str | None = None, controls: int | None = None) -> tuple[str, str, list[str]]:
    """Return (text, encoding, warnings) or raise an InputError subclass. ``controls``:
    ``control_bytes(data)``, when the caller has counted them already."""
    if not data.strip():
        raise EmptyInput("the input is empty")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return (*_check_text(data.decode(name, errors="replace"), name, strict=True), [])
    if b"\x00" in data[:8192]:
        raise BinaryInput("NUL bytes found: a binary file, not text")
    try:
        text = data.decode("utf-8")
        return (*_check_text(text, "utf-8", controls=control_bytes(data) if controls is None else controls), [])
    except UnicodeDecodeError:
        pass
    repaired = _repaired_utf8(data)
    if repaired is not None:
        return (*_check_text(repaired, "utf-8"), ["invalid UTF-8 bytes replaced by U+FFFD"])
    if declared and declared != "utf-8":
        try:
            return (*_check_text(data.decode(declared), declared), [])
        except (UnicodeDecodeError, LookupError):
            pass
    cyrillic = _best_cyrillic(data)
    if cyrillic is not None:
        return (*_check_text(*cyrillic), [])
    western = _western(data)
    if western is not None:
        return (*_check_text(western, "cp1252"), [])
    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise UndecodableText("no encoding decodes this input to text")
    encoding = best.encoding
    if "cp1252" in best.could_be_from_charset:  # the common Western code page wins ties
        encoding = "cp1252"
    return (*_check_text(data.decode(encoding, errors="replace"), encoding, strict=True), [])
