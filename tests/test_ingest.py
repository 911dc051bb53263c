"""Integration tests of the ingest job on small fixtures written here."""

import gzip
import json
from pathlib import Path

from multivector.ingest.run import IngestOptions, ingest
from multivector.store.db import Store
from tests.conftest import write

OPTS = IngestOptions(progress=False)

BODY = [
    "Kazakhstan's foreign ministry said on Tuesday that Astana would keep its neutral position on the war "
    "and would not help anyone to circumvent sanctions.",
    "The statement followed a visit by a European delegation that discussed transport routes across the "
    "Caspian Sea and supplies of critical raw materials.",
    "Officials in Moscow did not comment, but pro-government commentators called the visit an attempt to "
    "pull Central Asia away from Russia.",
]
CHROME = [
    "Dear visitors, comments that insult other readers or contain calls to violence are removed by moderators.",
    "Eurasia Herald is registered as an online media outlet, licence number 12-3456.",
]


def scrape(title: str, body: list[str], date: str) -> str:
    return "\n\n".join([title, date, *body, *CHROME, "Subscribe to Eurasia Herald news on Telegram"])


TOPICS = {
    "gas": ["Gazprom and QazaqGaz signed a road map for gas supplies to the north of Kazakhstan.",
            "The first deliveries through the new pipeline branch are expected next winter.",
            "Critics in Almaty said the deal deepens the country's dependence on Russian gas."],
    "grain": ["Kazakh farmers exported a record amount of wheat through Caspian ports this season.",
              "Traders blamed delays at the Russian border for the rising cost of rail freight.",
              "The agriculture minister promised new storage capacity in the Kostanay region."],
    "uranium": ["Kazatomprom reported higher uranium output and new contracts with Chinese utilities.",
                "Analysts expect the Trans-Caspian route to carry a share of the yellowcake to Europe.",
                "The company declined to say whether Rosatom would remain its partner in Budenovskoye."],
}


def test_chrome_recurring_in_one_outlet_is_learned(tmp_path: Path) -> None:
    for i, (topic, body) in enumerate(TOPICS.items()):
        write(tmp_path / "in" / f"{topic}.txt", scrape(f"Astana talks on {topic} continue", body, f"0{i + 1}.03.2023"))
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest([str(tmp_path / "in")], store, OPTS)
        docs = store.documents()
    assert (summary.read, summary.stored, summary.failed, summary.near_duplicate) == (3, 3, 0, 0)
    for doc in docs:
        assert doc["outlet"] == "Eurasia Herald"
        assert all(line not in doc["text"] for line in CHROME)
        assert doc["text"].count("\n\n") == 2  # three body paragraphs survive
    assert sorted(str(d["published"]) for d in docs) == ["2023-03-01", "2023-03-02", "2023-03-03"]


def test_near_duplicates_in_one_outlet_do_not_teach_their_body_as_chrome(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        write(tmp_path / "in" / f"{name}.txt", scrape(f"Version {name} of the gas story", TOPICS["gas"] + [
            f"This is update {name} of the story."], "01.03.2023"))
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest([str(tmp_path / "in")], store, OPTS)
        docs = store.documents()
    assert (summary.stored, summary.near_duplicate) == (3, 2)
    assert all(TOPICS["gas"][1] in doc["text"] for doc in docs)


def test_single_document_keeps_unlearnable_lines_but_loses_generic_chrome(tmp_path: Path) -> None:
    write(tmp_path / "in" / "one.txt", scrape("Astana talks on gas continue", BODY, "01.03.2023"))
    with Store(tmp_path / "s.duckdb") as store:
        ingest([str(tmp_path / "in")], store, OPTS)
        (doc,) = store.documents()
    assert "Subscribe to" not in doc["text"] and BODY[2] in doc["text"]


def test_exact_and_near_duplicates(tmp_path: Path) -> None:
    text = scrape("Astana talks on gas continue", BODY, "01.03.2023")
    write(tmp_path / "in" / "a.txt", text)
    write(tmp_path / "in" / "copy" / "a.txt", text)  # same bytes elsewhere
    republished = "\n\n".join(["Republished: Astana talks on gas", *BODY,
                               "This article first appeared elsewhere and is reprinted with permission of its author."])
    write(tmp_path / "in" / "b.txt", republished)
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest([str(tmp_path / "in")], store, OPTS)
        docs = {Path(d["source_path"]).name: d for d in store.documents()}
        inputs = store.query("SELECT outcome, doc_id FROM inputs ORDER BY source_path")
    assert (summary.read, summary.stored, summary.duplicate, summary.near_duplicate) == (3, 2, 1, 1)
    assert summary.balanced
    assert docs["b.txt"]["status"] == "near_duplicate"
    assert docs["b.txt"]["duplicate_of"] == docs["a.txt"]["id"]
    assert sorted(i["outcome"] for i in inputs) == ["duplicate", "near_duplicate", "stored"]


def test_reingest_adds_nothing(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", scrape("Astana talks on gas continue", BODY, "01.03.2023"))
    with Store(tmp_path / "s.duckdb") as store:
        ingest([str(tmp_path / "in")], store, OPTS)
        before = store.query("SELECT (SELECT count(*) FROM documents) d, (SELECT count(*) FROM inputs) i")
        again = ingest([str(tmp_path / "in")], store, OPTS)
        after = store.query("SELECT (SELECT count(*) FROM documents) d, (SELECT count(*) FROM inputs) i")
    assert (again.read, again.stored, again.duplicate) == (1, 0, 1)
    assert before == after


def test_jsonl_hints_win_over_the_text(tmp_path: Path) -> None:
    lines = [
        {"url": "https://tass.com/politics/1", "title": "Given title", "published": "2022-06-17T10:00:00Z",
         "text": "\n\n".join(BODY)},
        {"html": "<html><body><article>" + "".join(f"<p>{p}</p>" for p in BODY[:2]) + "</article></body></html>",
         "outlet": "kyivindependent.com", "title": "From HTML"},
    ]
    write(tmp_path / "feed.jsonl", "\n".join(json.dumps(r) for r in lines) + "\n")
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest([str(tmp_path / "feed.jsonl")], store, OPTS)
        docs = {d["locator"]: d for d in store.documents()}
    assert summary.stored == 2
    first, second = docs["line:1"], docs["line:2"]
    assert (first["title"], str(first["published"]), first["outlet"]) == ("Given title", "2022-06-17", "TASS")
    assert first["url"] == "https://tass.com/politics/1"
    assert second["outlet"] == "The Kyiv Independent" and second["kind"] == "html"


def test_html_and_gzip_html(tmp_path: Path) -> None:
    page = ("<html><head><title>Steppe talks | Steppe Observer</title>"
            '<meta property="article:published_time" content="2023-11-01T08:00:00+06:00">'
            '<meta property="og:site_name" content="Steppe Observer"></head><body>'
            "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>Steppe talks</h1>"
            + "".join(f"<p>{p}</p>" for p in BODY)
            + "</article><footer>© 2024 Steppe Observer. All rights reserved.</footer></body></html>")
    write(tmp_path / "in" / "page.html", page)
    (tmp_path / "in" / "page2.html.gz").write_bytes(gzip.compress(page.replace("Tuesday", "Monday").encode()))
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest([str(tmp_path / "in")], store, OPTS)
        docs = store.documents()
    assert summary.stored == 2
    for doc in docs:
        assert doc["outlet"] == "Steppe Observer"
        assert str(doc["published"]) == "2023-11-01"
        assert "All rights reserved" not in doc["text"] and "Home" not in doc["text"]
        assert BODY[1] in doc["text"]


def test_undated_document_gets_an_estimate_not_a_date(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "\n\n".join(BODY + ["The ministry first raised the idea in May 2023, "
                                                   "months after the proposal of November 2022."]))
    with Store(tmp_path / "s.duckdb") as store:
        ingest([str(tmp_path / "a.txt")], store, OPTS)
        (doc,) = store.documents()
    assert doc["published"] is None
    assert str(doc["published_estimate_min"]) == "2023-05-01"


def test_the_earlier_publication_is_the_original_across_runs(tmp_path: Path) -> None:
    body = TOPICS["grain"] + ["The ministry will publish the full figures in the spring."]
    write(tmp_path / "late" / "reprint.txt", "\n\n".join(["Reprint of the grain story", "05.04.2023", *body]))
    write(tmp_path / "early" / "original.txt", "\n\n".join(["The grain story", "01.04.2023", *body[:3]]))
    with Store(tmp_path / "s.duckdb") as store:
        ingest([str(tmp_path / "late")], store, OPTS)
        second = ingest([str(tmp_path / "early")], store, OPTS)
        docs = {Path(d["source_path"]).name: d for d in store.documents()}
        outcomes = {Path(r["source_path"]).name: r["outcome"] for r in store.query("SELECT * FROM inputs")}
    assert second.near_duplicate == 1
    assert docs["original.txt"]["status"] == "ok" and docs["original.txt"]["duplicate_of"] is None
    assert docs["reprint.txt"]["status"] == "near_duplicate"
    assert docs["reprint.txt"]["duplicate_of"] == docs["original.txt"]["id"]
    assert outcomes == {"reprint.txt": "near_duplicate", "original.txt": "stored"}


def test_prose_test_accepts_scripts_without_spaces_and_refuses_menus() -> None:
    from multivector.ingest.run import has_prose

    assert not has_prose(["Home", "", "Economy", "Politics"])
    japanese = "アスタナで首脳会議が開かれ、" * 6  # no spaces, one long line
    assert has_prose([japanese])
    assert has_prose(["Tokayev met Putin in Moscow."])
