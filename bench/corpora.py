"""Corpus builders for the speed benchmark.

Two synthetic corpora, both built deterministically (one ``random.Random(seed)``) from
data already on disk:

* HTML pages: the Scrapinghub extraction benchmark pages (../shared/data/extraction/html)
  and the kremlin.ru pages (../shared/data/kremlin/pages), each reused many times with
  about 60% of its long runs of text swapped for paragraphs from a pool (a whole ``<p>``
  of 12+ words, or 12+ words of loose text in a ``<div>``, ``<td>`` ... between ``<br>``),
  a dateline in the first swapped one and a numbered title.
* Text scrapes: "Dispatch {i}", a date and 4 to 9 pool paragraphs.

The paragraph pool is the extraction gold bodies, the seeds and the demo corpus text
files, cut into lines of at least 12 words.

Why varied: the ingest drops exact duplicates (hash of the extracted text) and links
near-duplicates (MinHash estimate of the Jaccard similarity of word shingles). Copies of
a few hundred pages would mostly be dropped, and the benchmark would time deduplication
instead of extraction. The swaps keep each page's real markup (the expensive part) while
making its text distinct. Loose text counts as well as ``<p>`` because many pages carry
their body in ``<div>``/``<br>`` text: swapping only ``<p>`` left their copies identical
once extracted. Pages with nothing long enough get only a numbered title and one
appended paragraph; they are realistic hard cases and are kept as such.

Build by hand: ``python -m bench.corpora html|text DIR COUNT``.
"""

from __future__ import annotations

import copy
import gzip
import json
import os
import random
import re
import sys
import time
from pathlib import Path

import lxml.html
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MULTIVECTOR_SHARED", ROOT.parent / "shared"))

MIN_WORDS = 12
REPLACE_SHARE = 0.6
CITIES = ["ALMATY", "ASTANA", "TASHKENT", "BISHKEK", "DUSHANBE", "ASHGABAT", "MOSCOW", "KYIV", "TBILISI", "BAKU",
          "YEREVAN", "MINSK", "BEIJING", "ISTANBUL", "BRUSSELS"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
SKIP = {"head", "script", "style", "noscript", "template", "textarea", "svg", "title"}
CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _decode(data: bytes) -> str:
    """Bytes decoded with the charset the page declares, else UTF-8 (errors replaced)."""
    found = CHARSET.search(data[:65536])
    if found:
        try:
            return data.decode(found.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return data.decode("utf-8", "replace")


def source_pages() -> list[str]:
    """The extraction benchmark pages and the kremlin pages, decoded, in a fixed order."""
    pages = [_decode(gzip.decompress(p.read_bytes()))
             for p in sorted((SHARED / "data" / "extraction" / "html").glob("*.html.gz"))]
    pages += [_decode(p.read_bytes()) for p in sorted((SHARED / "data" / "kremlin" / "pages").glob("*.html"))]
    return pages


def paragraph_pool() -> list[str]:
    """Lines of 12+ words (whitespace normalised) from the gold bodies, seeds and demo texts."""
    truth = json.loads((SHARED / "data" / "extraction" / "ground-truth.json").read_text(encoding="utf-8"))
    texts = [str(entry.get("articleBody") or "") for entry in truth.values()]
    files = sorted((SHARED / "seeds").glob("0*.txt")) + sorted((ROOT / "examples" / "corpus").rglob("*.txt"))
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in files]
    return [" ".join(line.split()) for text in texts for line in text.replace("\r", "\n").split("\n")
            if len(line.split()) >= MIN_WORDS]


def _dateline(rng: random.Random) -> str:
    return f"{rng.choice(CITIES)}, {rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2019, 2024)} — "


def _utf8_meta(root: lxml.html.HtmlElement) -> None:
    """The output is UTF-8 whatever the source said: make its meta tags agree."""
    for meta in root.iter("meta"):
        if meta.get("charset") is not None:
            meta.set("charset", "utf-8")
        elif (meta.get("http-equiv") or "").lower() == "content-type":
            meta.set("content", "text/html; charset=utf-8")


def _long(text: str) -> bool:
    """12+ words; in Chinese or Japanese, which have no spaces, 24+ characters."""
    return len(text.split()) >= MIN_WORDS or len(CJK.findall(text)) >= 2 * MIN_WORDS


def _slots(root: lxml.html.HtmlElement) -> list[tuple[lxml.html.HtmlElement, str]]:
    """The long runs of text, in document order: a ``<p>`` as a whole ("p"), else an
    element's own text ("text") or the text after it ("tail"). Many pages carry their
    body in ``<div>``/``<br>`` text rather than ``<p>``: without these, their copies
    would extract to the same text."""
    slots = []
    walker = etree.iterwalk(root, events=("start", "end", "comment"))
    for event, element in walker:
        if event != "start":
            if element.tail and _long(element.tail):
                slots.append((element, "tail"))
        elif element.tag in SKIP:
            walker.skip_subtree()
        elif element.tag == "p" and _long(element.text_content()):
            slots.append((element, "p"))
            walker.skip_subtree()
        elif element.text and _long(element.text):
            slots.append((element, "text"))
    return slots


def _replace(element: lxml.html.HtmlElement, part: str, text: str) -> None:
    if part == "tail":
        element.tail = text
        return
    if part == "p":
        for child in list(element):
            element.remove(child)
    element.text = text


def vary(source: lxml.html.HtmlElement, i: int, pool: list[str], rng: random.Random) -> str:
    """Page number ``i`` made from a parsed source page (left untouched): numbered title,
    ~60% of the long runs of text replaced, a dateline in the first replaced one."""
    root = copy.deepcopy(source)
    title = root.find(".//title")
    if title is not None and (title.text or "").strip():
        title.text = f"{title.text_content().strip()} ({i})"
    slots = _slots(root)
    chosen = sorted(rng.sample(range(len(slots)), round(len(slots) * REPLACE_SHARE)))
    for n, index in enumerate(chosen):
        _replace(*slots[index], (_dateline(rng) if n == 0 else "") + rng.choice(pool))
    if not slots:
        body = root.find(".//body")
        extra = lxml.html.Element("p")
        extra.text = rng.choice(pool)
        (body if body is not None else root).append(extra)
    _utf8_meta(root)
    return "<!DOCTYPE html>\n" + str(lxml.html.tostring(root, encoding="unicode"))


def html_corpus(target: Path, count: int, seed: int = 13) -> int:
    """Write ``count`` varied HTML pages (page00000.html ...) into ``target``."""
    sources = [lxml.html.document_fromstring(page) for page in source_pages()]
    pool = paragraph_pool()
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        page = vary(sources[i % len(sources)], i, pool, rng)
        (target / f"page{i:05d}.html").write_text(page, encoding="utf-8")
    return count


def text_corpus(target: Path, count: int, seed: int = 11) -> int:
    """Write ``count`` text scrapes (text00000.txt ...): title, date, 4-9 pool paragraphs."""
    pool = paragraph_pool()
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        paragraphs = rng.sample(pool, rng.randint(4, 9))
        day = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2019, 2024)}"
        (target / f"text{i:05d}.txt").write_text("\n\n".join([f"Dispatch {i}", day, *paragraphs]) + "\n",
                                                 encoding="utf-8")
    return count


def trafilatura_reference(paths: list[Path]) -> tuple[int, float]:
    """Plain ``trafilatura.extract`` (default settings) on every file: pages with
    non-empty output, and wall seconds of the loop (reading included, import not).
    Run in a process of its own, which never imports multivector: trafilatura's own
    XPaths, not the stand-ins of ``multivector.clean.xpaths``."""
    import trafilatura

    if "multivector.clean.xpaths" in sys.modules:
        raise RuntimeError("the reference must be plain trafilatura, in a process without multivector")

    extracted = 0
    start = time.perf_counter()
    for path in paths:
        if trafilatura.extract(path.read_bytes().decode("utf-8", "replace")):
            extracted += 1
    return extracted, time.perf_counter() - start


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "reference":  # run by bench.run in a child pinned to one core
        paths = sorted(Path(argv[1]).glob("*.html"))
        extracted, seconds = trafilatura_reference(paths)
        print(json.dumps({"pages": len(paths), "extracted": extracted, "seconds": seconds}))
        return 0
    builders = {"html": html_corpus, "text": text_corpus}
    if len(argv) != 3 or argv[0] not in builders or not argv[2].isdigit():
        print("usage: python -m bench.corpora html|text DIR COUNT | reference DIR", file=sys.stderr)
        return 2
    start = time.perf_counter()
    written = builders[argv[0]](Path(argv[1]), int(argv[2]))
    print(f"{written} {argv[0]} files in {argv[1]} ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
