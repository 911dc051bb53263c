"""Already-extracted text (a scrape with site chrome): header metadata out,
generic chrome out; corpus-learned chrome is removed later, in boilerplate.py."""

from __future__ import annotations

from multivector.clean.header import read_header
from multivector.clean.lines import drop_chrome
from multivector.model import Extracted

CLEANER = "clean.text.v1"


def extract_text(text: str) -> Extracted:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header = read_header(lines)
    body, dropped = drop_chrome(lines[header.body_start:])
    extracted = Extracted(lines=body, title=header.title, author=header.author,
                          published=header.published, header=header.lines,
                          title_candidates=header.title_candidates)
    extracted.dropped = [d[0] for d in dropped]
    return extracted
