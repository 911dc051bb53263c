"""Bad input to the ingest stage.

The promise: bad input gives a recorded failure or a clean document, never a
crash and never a lost file. Every run must balance (read == stored + duplicate
+ failed) and every file given to ingest must show up in the documents or in
the inputs table. Fixtures are built here, in tmp_path; the article texts are
written for these tests.

Each test once marked xfail(strict=True) documented a real bug found while writing it;
each reason says what goes wrong and where.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from multivector.cli import main
from multivector.ingest.run import IngestOptions, ingest
from multivector.model import IngestSummary
from multivector.store.db import Store

OPTS = IngestOptions(progress=False)
MIB = 2**20

# -- texts written for these tests ---------------------------------------------------
TRADE = (
    "Kazakhstan reported a steady rise in trade with its Central Asian neighbours this year, "
    "officials in Astana said on Tuesday. Exports of grain and metals grew faster than expected, "
    "while imports of farm machinery from Uzbekistan also increased over the same period.\n\n"
    "The trade ministry said the new border crossing near Shymkent had cut waiting times for trucks "
    "from two days to a few hours, and that more cargo now moves by rail.\n"
)
RAIL = (
    "A new freight train service between Almaty and Tashkent carried its first containers of cotton and "
    "dried fruit on Friday, the railway operator said in a statement.\n\n"
    "Shippers welcomed the weekly connection but complained that tariffs on the Kazakh section of the "
    "route remain higher than on the Uzbek side.\n"
)
GRAIN = (
    "Farmers in the Kostanay region finished the wheat harvest two weeks early this autumn, and local "
    "traders expect record sales of flour to Afghanistan and Tajikistan next year.\n\n"
    "Storage capacity is the main worry: regional officials admitted that elevators near the railway "
    "are already full and that some grain is being kept under tarpaulins in open fields.\n"
)
ENERGY = (
    "Kyrgyzstan agreed to buy more electricity from Kazakhstan during the winter months, when water "
    "levels at its hydropower plants fall and demand for heating rises sharply.\n\n"
    "Negotiators in Bishkek said the price per kilowatt hour would be reviewed every quarter and linked "
    "to the cost of coal at power stations in the Pavlodar region.\n"
)
# valid UTF-8 with typographic characters (curly quotes, an em dash)
TYPOGRAPHIC = (
    "Kazakhstan’s trade with its neighbours rose again this year, officials in Astana said — and exports "
    "of grain, metals and “other goods” grew faster than anyone expected. Traders in Almaty called the "
    "increase “remarkable” and said the new rail corridor to Uzbekistan’s capital had cut delivery times.\n"
)
RUSSIAN = (
    "Казахстан увеличил поставки пшеницы и муки в соседние страны Центральной Азии, сообщили в "
    "министерстве торговли в среду. По словам чиновников, экспорт зерна в Узбекистан вырос почти на "
    "треть по сравнению с прошлым годом, а новые элеваторы у железной дороги уже заполнены.\n"
)


def html_page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{p.strip()}</p>\n" for p in body.split("\n\n") if p.strip())
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body><article><h1>{title}</h1>\n{paragraphs}</article></body></html>\n")


# -- running ingest and checking the promise ------------------------------------------
@dataclass
class Result:
    summary: IngestSummary
    documents: list[dict[str, Any]]
    failures: list[dict[str, Any]]
    inputs: list[dict[str, Any]]

    def codes(self) -> dict[tuple[str, str], str]:
        """(file name, locator) -> error code of every recorded failure."""
        return {(Path(f["source_path"]).name, f["locator"]): f["code"] for f in self.failures}


def files_under(paths: list[Path]) -> list[str]:
    """Every file ingest is given, named the way ingest names it (symlinks included)."""
    found: list[str] = []
    for path in paths:
        if path.is_dir():
            for root, _, names in os.walk(str(path)):
                found += [str(Path(root) / name) for name in names]
        else:
            found.append(str(path))
    return found


def run_ingest(store: Store, *paths: Path, options: IngestOptions = OPTS) -> Result:
    summary = ingest([str(p) for p in paths], store, options)
    result = Result(summary, store.documents(), store.failures(),
                    store.query("SELECT source_path, locator, raw_sha256, outcome, doc_id, code, reason "
                                "FROM inputs"))
    assert summary.balanced, summary
    assert summary.read == summary.stored + summary.duplicate + summary.failed
    assert summary.near_duplicate <= summary.stored
    seen = {d["source_path"] for d in result.documents} | {r["source_path"] for r in result.inputs}
    missing = [f for f in files_under(list(paths)) if f not in seen]
    assert not missing, f"files neither stored nor recorded: {missing}"
    return result


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with Store(tmp_path / "t.duckdb") as opened:
        yield opened


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


# -- 1. binary files --------------------------------------------------------------------
def test_binary_files_are_e102(store: Store, inbox: Path) -> None:
    noise = random.Random(7).randbytes(4096)
    (inbox / "x.txt").write_bytes(b"\x00\x10" + noise + b"\x00" * 64)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
    (inbox / "y.html").write_bytes(png + random.Random(8).randbytes(2048))
    result = run_ingest(store, inbox)
    assert result.summary.read == 2 and result.summary.stored == 0
    assert result.codes() == {("x.txt", ""): "E102", ("y.html", ""): "E102"}
    assert result.documents == []


def test_binary_file_that_starts_with_a_bom_is_e102(store: Store, inbox: Path) -> None:
    (inbox / "z.txt").write_bytes(b"\xff\xfe" + random.Random(11).randbytes(4096))
    result = run_ingest(store, inbox)
    assert result.codes() == {("z.txt", ""): "E102"}
    assert result.documents == []


# -- 2. empty and blank files -----------------------------------------------------------------
def test_empty_and_whitespace_only_files_are_e101(store: Store, inbox: Path) -> None:
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "blank.txt").write_bytes(b"  \n\t\n \r\n   ")
    (inbox / "empty.html").write_bytes(b"")
    result = run_ingest(store, inbox)
    assert result.summary.read == 3 and result.summary.failed == 3
    assert result.codes() == {("empty.txt", ""): "E101", ("blank.txt", ""): "E101",
                              ("empty.html", ""): "E101"}


# -- 3. broken gzip ---------------------------------------------------------------------------
def test_truncated_gzip_is_e104(store: Store, inbox: Path) -> None:
    packed = gzip.compress(html_page("Trade grows", TRADE + "\n" + RAIL + "\n" + GRAIN).encode("utf-8"))
    (inbox / "cut.html.gz").write_bytes(packed[: len(packed) // 2])
    result = run_ingest(store, inbox)
    assert result.codes() == {("cut.html.gz", ""): "E104"}
    assert "truncated or corrupt" in result.failures[0]["reason"]


def test_gz_that_is_not_gzip_is_e104(store: Store, inbox: Path) -> None:
    (inbox / "plain.html.gz").write_bytes(html_page("Trade grows", TRADE).encode("utf-8"))
    (inbox / "noise.txt.gz").write_bytes(b"\x1f\x8b\x08\x00" + random.Random(3).randbytes(500))
    result = run_ingest(store, inbox)
    assert result.codes() == {("plain.html.gz", ""): "E104", ("noise.txt.gz", ""): "E104"}


def test_gzip_that_inflates_over_the_limit_is_e103(store: Store, inbox: Path) -> None:
    line = "Kazakhstan and Uzbekistan signed new agreements on grain and metal exports on Tuesday.\n"
    (inbox / "bomb.txt.gz").write_bytes(gzip.compress((line * (12 * MIB // len(line))).encode(), 1))
    result = run_ingest(store, inbox)
    assert result.codes() == {("bomb.txt.gz", ""): "E103"}
    assert "10,485,760" in result.failures[0]["reason"]


# -- 4. a 50 MB file ------------------------------------------------------------------------------
SENTENCE = "Kazakhstan and Uzbekistan signed new agreements on grain and metal exports, officials said.\n"


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.txt"
    path.write_bytes((SENTENCE * (50 * MIB // len(SENTENCE) + 1)).encode("ascii"))
    assert path.stat().st_size >= 50 * MIB
    return path


def test_50mb_file_over_the_default_limit_is_e103(store: Store, big_file: Path) -> None:
    result = run_ingest(store, big_file)
    assert result.summary.read == 1 and result.summary.failed == 1
    assert result.codes() == {("big.txt", ""): "E103"}
    reason = result.failures[0]["reason"]
    assert "limit" in reason and "10,485,760" in reason and "--max-bytes" in reason


def test_50mb_file_under_a_raised_limit_is_stored_or_recorded(store: Store, big_file: Path) -> None:
    # One sentence repeated on ~570,000 lines: repeated lines are chrome, so a short document remains.
    result = run_ingest(store, big_file, options=IngestOptions(max_bytes=60 * MIB, progress=False))
    assert result.summary.read == 1
    assert result.summary.stored + result.summary.failed == 1
    if result.summary.stored:
        (doc,) = result.documents
        assert "grain and metal exports" in doc["text"]
    else:
        assert result.failures[0]["code"].startswith("E1")


# -- 5. encodings -------------------------------------------------------------------------------------
def test_stray_bytes_in_utf8_are_replaced_with_a_warning(store: Store, inbox: Path) -> None:
    data = TYPOGRAPHIC.encode("utf-8")
    cut = data.index(b"officials")
    (inbox / "stray.txt").write_bytes(data[:cut] + b"\xff\xfe" + data[cut:])
    result = run_ingest(store, inbox)
    (doc,) = result.documents
    assert doc["encoding"] == "utf-8"
    assert any("replace" in w for w in doc["warnings"]), doc["warnings"]
    assert "Kazakhstan’s trade" in doc["text"] and "“remarkable”" in doc["text"]
    assert "\ufffd" in doc["text"] and "â€" not in doc["text"]


@pytest.mark.parametrize("text", [TRADE, TRADE.replace("this year,", "this year —")],
                         ids=["plain-ascii", "one-em-dash"])
def test_stray_bytes_in_mostly_ascii_utf8_are_replaced_with_a_warning(
        store: Store, inbox: Path, text: str) -> None:
    data = text.encode("utf-8")
    cut = data.index(b"officials")
    (inbox / "stray.txt").write_bytes(data[:cut] + b"\xff\xfe" + data[cut:])
    result = run_ingest(store, inbox)
    (doc,) = result.documents
    assert "â€" not in doc["text"] and "ÿþ" not in doc["text"]
    assert doc["encoding"] == "utf-8"
    assert any("replace" in w for w in doc["warnings"]), doc["warnings"]


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_russian_single_byte_code_pages_are_detected(store: Store, inbox: Path, encoding: str) -> None:
    (inbox / f"{encoding}.txt").write_bytes(RUSSIAN.encode(encoding))
    result = run_ingest(store, inbox)
    (doc,) = result.documents
    assert doc["encoding"] == encoding
    for word in ("Казахстан", "пшеницы", "Узбекистан", "элеваторы", "железной"):
        assert word in doc["text"]
    assert doc["language"] == "ru"


def test_utf8_bom_is_removed(store: Store, inbox: Path) -> None:
    (inbox / "bom.txt").write_bytes(("\ufeff" + TRADE).encode("utf-8"))
    result = run_ingest(store, inbox)
    (doc,) = result.documents
    assert doc["encoding"] == "utf-8-sig"
    assert not doc["text"].startswith("\ufeff") and "\ufeff" not in doc["text"]
    assert doc["text"].startswith("Kazakhstan reported")


# -- 6. pages without main text ------------------------------------------------------------------------
def test_html_without_body_text_is_e106(store: Store, inbox: Path) -> None:
    (inbox / "nobody.html").write_text("<html><head><title>x</title></head><body></body></html>")
    (inbox / "script.html").write_text(
        "<html><head><title>Loading</title><script src=\"/app.js\"></script></head><body>"
        "<script>document.write('Trade figures for Kazakhstan are loading, please wait.');</script>"
        "<noscript></noscript></body></html>")
    result = run_ingest(store, inbox)
    assert result.codes() == {("nobody.html", ""): "E106", ("script.html", ""): "E106"}
    assert result.documents == []


def test_navigation_only_page_is_e106(store: Store, inbox: Path) -> None:
    (inbox / "nav.html").write_text(
        "<!DOCTYPE html><html><head><title>Steppe Observer</title><script>var a = 1;</script></head>"
        "<body><header><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/economy\">Economy</a></li>"
        "<li><a href=\"/politics\">Politics</a></li></ul></nav></header>"
        "<script>trackVisit('home');</script></body></html>")
    result = run_ingest(store, inbox)
    assert result.codes() == {("nav.html", ""): "E106"}


# -- 7. ten thousand small files -------------------------------------------------------------------------
FIRST = ["Aigerim", "Nurlan", "Dilnoza", "Timur", "Madina", "Rustam", "Saule", "Bakhyt", "Gulnara",
         "Erlan", "Zarina", "Askar", "Kamila", "Daniyar", "Aliya", "Farrukh"]
LAST = ["Abenova", "Sadykov", "Yusupova", "Karimov", "Tokhtarova", "Ismailov", "Zhumabekova", "Rakhimov",
        "Omarova", "Bekov", "Nazarova", "Alimov", "Seitkali", "Mirzaev", "Kasymova", "Urazov"]
ROLES = ["a logistics manager", "an economist", "a customs broker", "a grain trader", "a freight analyst",
         "a railway planner", "a port manager", "a market researcher"]
FIRMS = ["Qazaq Freight", "Steppe Logistics", "Caspian Terminals", "Silk Cargo", "Orient Rail",
         "Tien Shan Trade", "Aral Transit", "Zhibek Agro", "Navoi Metals", "Altyn Grain", "Turan Shipping",
         "Kok Zhol", "Samruk Cargo", "Ili Valley Foods", "Baikonur Supply", "Syr Darya Mills"]
CITIES = ["Astana", "Almaty", "Tashkent", "Samarkand", "Bishkek", "Dushanbe", "Ashgabat", "Aktau",
          "Shymkent", "Karaganda", "Termez", "Osh", "Khujand", "Nukus", "Atyrau", "Pavlodar",
          "Bukhara", "Andijan", "Kostanay", "Taraz", "Turkistan", "Namangan", "Fergana", "Semey"]
GOODS = ["grain", "flour", "copper", "zinc", "uranium", "cotton", "fertiliser", "cement", "coal", "diesel",
         "textiles", "lead", "rice", "wool", "barley", "tomatoes", "aluminium", "steel", "melons",
         "apricots", "wheat", "sugar", "timber", "onions"]
AGENCIES = ["Customs", "Railway", "Ministry", "Port", "Border", "Treasury", "Statistics", "Chamber",
            "Exchange", "Regional"]
TRENDS = ["rise", "fall", "recover", "double", "slow", "grow", "shrink", "stabilise"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "June", "July", "August", "September", "October",
          "November", "December"]


def small_report(i: int) -> str:
    """A two-sentence report, distinct for every i. Words are drawn so that few word
    5-shingles recur across thousands of reports (templated texts that share many
    phrases make the near-duplicate lookup slow; see the final report)."""
    r = random.Random(i)
    c = r.sample(CITIES, 3)
    g = r.sample(GOODS, 3)
    first = (f"Report {i}: {r.choice(FIRST)} {r.choice(LAST)}, {r.choice(ROLES)} at {r.choice(FIRMS)} in "
             f"{c[0]}, said {r.randint(20, 990)} wagons of {g[0]} and {r.randint(10, 990)} trucks of {g[1]} "
             f"reached {c[1]} on {r.choice(DAYS)}, {r.randint(10, 990)} more than in {r.choice(MONTHS)}.")
    second = (f"{r.choice(AGENCIES)} officials in {c[2]} expect {g[2]} prices to {r.choice(TRENDS)} by "
              f"{r.randint(2, 30)} percent before {r.choice(MONTHS)} {r.randint(1, 28)}.")
    return f"{first} {second}\n"


def test_ten_thousand_small_files_are_all_accounted_for(store: Store, inbox: Path) -> None:
    count = 10_000
    for i in range(count):
        (inbox / f"report_{i:05d}.txt").write_text(small_report(i), encoding="utf-8")
    result = run_ingest(store, inbox)
    s = result.summary
    assert s.read == count
    assert s.stored + s.duplicate + s.failed == count
    assert (s.duplicate, s.failed) == (0, 0), result.failures[:5]
    (row,) = store.query("SELECT count(*) AS n, count(DISTINCT source_path) AS files FROM inputs")
    assert row == {"n": count, "files": count}
    (docs,) = store.query("SELECT count(*) AS n FROM documents")
    assert docs["n"] == s.stored


# -- 8. unsupported file types ----------------------------------------------------------------------------
def test_unsupported_extensions_are_e107(store: Store, inbox: Path) -> None:
    (inbox / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    (inbox / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (inbox / "story.txt").write_text(TRADE, encoding="utf-8")
    result = run_ingest(store, inbox)
    assert result.codes() == {("report.pdf", ""): "E107", ("chart.png", ""): "E107"}
    assert result.summary.stored == 1
    reasons = {Path(f["source_path"]).name: f["reason"] for f in result.failures}
    assert "'.pdf'" in reasons["report.pdf"] and "'.png'" in reasons["chart.png"]


# -- 9. JSONL ------------------------------------------------------------------------------------------------
def test_jsonl_bad_lines_are_recorded_with_line_locators(store: Store, inbox: Path) -> None:
    lines = [
        json.dumps({"url": "https://news.example.kz/trade", "title": "Trade grows", "text": TRADE}),
        '{"title": "Broken", "text": "Astana and Tashkent discussed',  # invalid JSON
        json.dumps(["Astana", "Tashkent", "trade"]),  # a list, not an object
        json.dumps({"title": "Only a title", "url": "https://news.example.kz/empty"}),  # no text, no html
        "",  # a blank line is skipped, not counted
    ]
    (inbox / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_ingest(store, inbox)
    s = result.summary
    assert (s.read, s.stored, s.failed) == (4, 1, 3)
    assert result.codes() == {("feed.jsonl", "line:2"): "E104", ("feed.jsonl", "line:3"): "E104",
                              ("feed.jsonl", "line:4"): "E101"}
    (doc,) = result.documents
    assert doc["locator"] == "line:1" and doc["url"] == "https://news.example.kz/trade"


def test_truncated_jsonl_gz_is_e104(store: Store, inbox: Path) -> None:
    records = [{"title": f"Report {i}", "text": small_report(i) + "\n" + [TRADE, RAIL, GRAIN, ENERGY][i % 4]}
               for i in range(40)]
    packed = gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode("utf-8"))
    (inbox / "feed.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    result = run_ingest(store, inbox)
    assert ("feed.jsonl.gz", "") in result.codes()
    assert result.codes()[("feed.jsonl.gz", "")] == "E104"


def test_jsonl_of_only_blank_lines_is_recorded(store: Store, inbox: Path) -> None:
    (inbox / "blank.jsonl").write_bytes(b"\n  \n\t\n\n")
    result = run_ingest(store, inbox)
    assert result.codes() == {("blank.jsonl", ""): "E101"}


def test_jsonl_text_with_a_lone_surrogate_does_not_crash(store: Store, inbox: Path) -> None:
    good = json.dumps({"text": RAIL})
    cut_emoji = json.dumps({"text": TRADE.strip() + " \ud83d"})  # json.dumps writes it as \ud83d
    (inbox / "feed.jsonl").write_text(good + "\n" + cut_emoji + "\n", encoding="utf-8")
    result = run_ingest(store, inbox)
    assert result.summary.read == 2 and result.summary.stored >= 1


def test_jsonl_hint_with_a_lone_surrogate_does_not_crash(store: Store, inbox: Path) -> None:
    line = json.dumps({"title": "Trade grows \ud83d", "text": TRADE})
    (inbox / "feed.jsonl").write_text(line + "\n", encoding="utf-8")
    result = run_ingest(store, inbox)
    assert result.summary.read == 1 and result.summary.stored + result.summary.failed == 1


# -- 10. WARC ---------------------------------------------------------------------------------------------------
def warc_bytes() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    page = html_page("Trade grows across Central Asia", TRADE).encode("utf-8")
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://news.example.kz/trade", "response",
                                                  payload=io.BytesIO(page), http_headers=headers))
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://news.example.kz/logo.png", "response",
                                                  payload=io.BytesIO(png), http_headers=headers))
    request = StatusAndHeaders("GET /trade HTTP/1.1", [("Host", "news.example.kz")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://news.example.kz/trade", "request",
                                                  payload=io.BytesIO(b""), http_headers=request))
    return buffer.getvalue()


def test_warc_image_record_is_e107_and_request_is_skipped(store: Store, inbox: Path) -> None:
    (inbox / "crawl.warc.gz").write_bytes(warc_bytes())
    result = run_ingest(store, inbox)
    assert result.summary.read == 2  # two response records; the request record is not a unit
    image = [f for f in result.failures if f["code"] == "E107"]
    assert len(image) == 1 and "image/png" in image[0]["reason"]
    assert image[0]["locator"].startswith("record:") and image[0]["locator"] != "record:1"


def test_warc_html_response_becomes_a_document_with_its_url(store: Store, inbox: Path) -> None:
    (inbox / "crawl.warc.gz").write_bytes(warc_bytes())
    result = run_ingest(store, inbox)
    assert (result.summary.stored, result.summary.failed) == (1, 1)
    (doc,) = result.documents
    assert doc["url"] == "https://news.example.kz/trade"
    assert doc["locator"] == "record:1"
    assert "steady rise in trade" in doc["text"]


def test_truncated_warc_gz_is_recorded_without_a_crash(store: Store, inbox: Path) -> None:
    data = warc_bytes()
    (inbox / "cut.warc.gz").write_bytes(data[: len(data) // 2])
    result = run_ingest(store, inbox)
    assert result.summary.read >= 1
    assert any(r["source_path"].endswith("cut.warc.gz") for r in result.inputs)


def test_truncated_warc_gz_is_e104(store: Store, inbox: Path) -> None:
    data = warc_bytes()
    (inbox / "cut.warc.gz").write_bytes(data[: len(data) // 2])
    result = run_ingest(store, inbox)
    assert "E104" in result.codes().values()


def test_text_file_named_warc_gz_is_e104(store: Store, inbox: Path) -> None:
    (inbox / "notes.warc.gz").write_bytes(b"this is not a web archive, just notes about trade\n" * 5)
    result = run_ingest(store, inbox)
    assert set(result.codes().values()) == {"E104"}


# -- 11. re-ingest ----------------------------------------------------------------------------------------------
def test_reingesting_a_folder_adds_nothing(store: Store, inbox: Path) -> None:
    (inbox / "trade.txt").write_text(TRADE, encoding="utf-8")
    (inbox / "rail.html").write_text(html_page("Almaty to Tashkent by rail", RAIL), encoding="utf-8")
    (inbox / "grain.html.gz").write_bytes(gzip.compress(html_page("Harvest", GRAIN).encode("utf-8")))
    (inbox / "feed.jsonl").write_text(json.dumps({"text": ENERGY}) + "\n", encoding="utf-8")
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "binary.txt").write_bytes(b"\x00\x01\x02" + random.Random(5).randbytes(512))
    counts = "SELECT (SELECT count(*) FROM documents) AS docs, (SELECT count(*) FROM inputs) AS inputs"

    first = run_ingest(store, inbox)
    # only failures found after decoding (E101, E102 here): those made while reading are
    # re-recorded on every run, see test_reingest_does_not_duplicate_failure_rows
    assert (first.summary.stored, first.summary.duplicate, first.summary.failed) == (4, 0, 2)
    before = store.query(counts)
    documents_before = store.query("SELECT id, text FROM documents ORDER BY id")

    again = run_ingest(store, inbox)
    assert again.summary.read == first.summary.read
    assert again.summary.stored == 0
    assert again.summary.duplicate == first.summary.stored
    assert again.summary.failed == first.summary.failed  # failures are retried, and fail again
    assert store.query(counts) == before
    assert store.query("SELECT id, text FROM documents ORDER BY id") == documents_before


def test_reingest_does_not_duplicate_failure_rows(store: Store, inbox: Path) -> None:
    (inbox / "trade.txt").write_text(TRADE, encoding="utf-8")
    (inbox / "report.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n")
    packed = gzip.compress(html_page("Harvest", GRAIN).encode("utf-8"))
    (inbox / "cut.html.gz").write_bytes(packed[: len(packed) // 2])
    (inbox / "feed.jsonl").write_text(json.dumps({"text": RAIL}) + "\nnot json\n", encoding="utf-8")
    run_ingest(store, inbox)
    before = store.query("SELECT count(*) AS n FROM inputs")
    run_ingest(store, inbox)
    assert store.query("SELECT count(*) AS n FROM inputs") == before
    keys = [(f["source_path"], f["locator"]) for f in store.failures()]
    assert len(keys) == len(set(keys)) == 3


# -- 12. unreadable files -------------------------------------------------------------------------------------------
def test_unreadable_file_is_e108(store: Store, inbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 000 does not stop root (CI runs as root), so the OS's refusal is simulated.
    locked = inbox / "locked.txt"
    locked.write_text(TRADE, encoding="utf-8")
    (inbox / "open.txt").write_text(RAIL, encoding="utf-8")
    real_read = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = run_ingest(store, inbox)
    assert result.codes() == {("locked.txt", ""): "E108"}
    assert result.summary.stored == 1


def test_dangling_symlink_in_a_folder_is_e108(store: Store, inbox: Path) -> None:
    # Works as root too: the OS refuses to read a file that a link points to but that is gone.
    os.symlink(inbox / "deleted.txt", inbox / "gone.txt")
    (inbox / "trade.txt").write_text(TRADE, encoding="utf-8")
    result = run_ingest(store, inbox)
    assert result.codes() == {("gone.txt", ""): "E108"}
    assert "cannot read" in result.failures[0]["reason"]
    assert result.summary.stored == 1


# -- 13. the command line --------------------------------------------------------------------------------------------
def test_cli_nonexistent_path_exits_2_without_a_traceback(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no" / "such" / "folder"
    code = main(["ingest", str(missing), "--db", str(tmp_path / "t.duckdb")])
    out, err = capsys.readouterr()
    assert code == 2
    assert "no such file or directory" in err and str(missing) in err
    assert err.startswith("multivector:")
    assert "Traceback" not in err and "Traceback" not in out


def test_cli_with_bad_files_exits_0_and_lists_failures(tmp_path: Path, inbox: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    (inbox / "trade.txt").write_text(TRADE, encoding="utf-8")
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    code = main(["ingest", str(inbox), "--db", str(tmp_path / "t.duckdb")])
    out, err = capsys.readouterr()
    assert code == 0
    assert "read 3  stored 1" in out and "failed 2" in out
    assert "[E101]" in out and "[E107]" in out
    assert "Traceback" not in err
