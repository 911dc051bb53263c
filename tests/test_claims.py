"""The claims stage: quotes in every layout, reported speech, the author's voice,
framing cues, outlet profiles and contradictions; gates on the read gold."""

from __future__ import annotations

import glob
import json
from pathlib import Path
from typing import Any

import pytest

from multivector.claims.cues import cues_of
from multivector.claims.evaluate import evaluate_attribution
from multivector.claims.outlets import contradictions, outlet_profiles
from multivector.claims.quotes import find_quotes
from multivector.claims.stage import code_claims
from multivector.clean.genre import detect_genre
from multivector.cli import main
from multivector.events.stage import code_events
from multivector.ingest.run import IngestOptions, ingest
from multivector.store.db import Store
from tests.conftest import shared_path, write

ROOT = Path(__file__).resolve().parents[1]
# measured 0.913 / 0.943 on the development gold, 0.817 / 0.913 held out (see bench/results.json)
FLOORS = {"attribution": 0.89, "attribution_located": 0.92, "heldout": 0.79, "heldout_located": 0.89}

ARTICLE = """Talks in Astana

12.03.2023

“We will keep buying Kazakh grain,” said Russian Deputy Prime Minister Alexei Overchuk.

Kazakh Foreign Minister Mukhtar Tileuberdi noted: “Our policy is multi-vector and it will stay so.”

“The pipeline will be repaired by May at the latest” – Nikolai Shulginov.

According to Tokayev, the country will never be a colony of anyone.

Kassym-Jomart Tokayev said that Kazakhstan would not help anyone to bypass sanctions.

Undoubtedly, the bandits who stormed the city hall were paid from abroad.

Subscribe to Steppe Observer news on Telegram
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("claims")
    write(folder / "in" / "a.txt", ARTICLE)
    with Store(folder / "s.duckdb") as store:
        ingest([str(folder / "in")], store, IngestOptions(progress=False))
        code_events(store)
        code_claims(store)
        return store.query("SELECT c.*, a.name AS speaker_name FROM claims c "
                           "LEFT JOIN actors a ON a.id = c.speaker_actor_id ORDER BY start")


NEWS = "\n\n".join([
    "Pipeline talks stall",
    "14.05.2024",
    "Exports through the Caspian route will double by 2026, Aidar Serikbayev, head of research at "
    "Steppe Securities, said on Tuesday in Almaty.",
    "“The tariff question is settled,” Dana Omarova told Serikbayev, adding that the consortium had agreed. "
    "“We really took that to heart,” she said.",
    "“It is done and signed!” Omarova wrote before the vote. “Nobody will reopen it.”",
    "“That is fair,” Serikbayev said. “The shippers can plan for ten years now.”",
]) + "\n"


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("news")
    write(folder / "in" / "b.txt", NEWS)
    with Store(folder / "s.duckdb") as store:
        ingest([str(folder / "in")], store, IngestOptions(progress=False))
        code_claims(store)
        return store.query("SELECT * FROM claims ORDER BY start")


def test_news_layouts(news: list[dict[str, Any]]) -> None:
    trailing = claim_with(news, "will double by 2026")  # "…, X, head of research at Y, said on Tuesday"
    assert trailing["kind"] == "reported" and "Serikbayev" in trailing["speaker_text"]
    assert "securities" not in (trailing["speaker_actor_id"] or "")
    assert not [r for r in news if r["text"].startswith("Tuesday")]  # the adjunct after "said" claims nothing
    she = claim_with(news, "took that to heart")  # the actor stage binds "she" to Serikbayev, named last
    settled = claim_with(news, "tariff question is settled")  # "…,” Dana Omarova told Serikbayev"
    assert "Omarova" in (settled["speaker_text"] or "")
    assert she["speaker_actor_id"] == settled["speaker_actor_id"] and "Omarova" in she["speaker_text"]
    exclaimed = claim_with(news, "It is done and signed!")  # a quote that ends its sentence, then "X wrote"
    assert "Omarova" in (exclaimed["speaker_text"] or "")
    between = claim_with(news, "plan for ten years")  # after a quote too short to keep and "X said."
    assert "Serikbayev" in (between["speaker_text"] or "")


def claim_with(rows: list[dict[str, Any]], words: str) -> dict[str, Any]:
    found = [r for r in rows if words in r["text"]]
    assert found, f"no claim holds {words!r}: {[r['text'] for r in rows]}"
    return found[0]


def test_quote_layouts(small: list[dict[str, Any]]) -> None:
    after = claim_with(small, "keep buying Kazakh grain")
    assert after["kind"] == "quote" and after["speaker_actor_id"] and "Overchuk" in after["speaker_text"]
    before = claim_with(small, "multi-vector and it will stay so")
    assert before["kind"] == "quote" and "Tileuberdi" in (before["speaker_text"] or "")
    dash = claim_with(small, "repaired by May")
    assert dash["speaker_actor_id"] == "nikolai-shulginov"


def test_reported_speech(small: list[dict[str, Any]]) -> None:
    according = claim_with(small, "will never be a colony")
    assert according["kind"] == "reported" and according["speaker_actor_id"] == "kassym-jomart-tokayev"
    assert "colony" in according["loaded_terms"]
    that = claim_with(small, "would not help anyone to bypass sanctions")
    assert that["kind"] == "reported" and that["speaker_actor_id"] == "kassym-jomart-tokayev"
    assert not that["text"].startswith("that")


def test_author_voice_with_stance(small: list[dict[str, Any]]) -> None:
    author = claim_with(small, "the bandits who stormed")
    assert author["kind"] == "author" and author["speaker_actor_id"] is None
    assert author["certainty"] == "certain" and "bandits" in author["loaded_terms"]
    assert author["polarity"] == "negative"
    assert not any("Subscribe" in r["text"] for r in small)


def test_scare_quotes_are_not_quotes() -> None:
    text = "Moscow spoke of the “Russian loop” and of a «fair» price, then said: “We will not accept any of it.”"
    quotes = [text[q.start:q.end] for q in find_quotes(text)]
    assert quotes == ["We will not accept any of it."]


def test_mixed_and_unclosed_marks() -> None:
    text = "He explained that «we are in favour of the Charter. It has caused pain in our society.”\n\nNext."
    assert [text[q.start:q.end] for q in find_quotes(text)] == [
        "we are in favour of the Charter. It has caused pain in our society."]


def test_cues_negation_and_hedging() -> None:
    warm = cues_of("Russia is a reliable friend".split(), "russia be a reliable friend".split())
    cold = cues_of("Russia is no friend".split(), "russia be no friend".split())
    assert warm.tone > 0 > cold.tone
    hedged = cues_of("Apparently the regime fell".split(), "apparently the regime fall".split())
    assert hedged.certainty == "hedged" and hedged.loaded_terms == ["regime"]


def test_genre_from_labels_not_body() -> None:
    assert detect_genre(["Author column, Zen, Kazakhstan, Policy"]) == "opinion"
    assert detect_genre([], "https://example.org/opinions/2023/kazakhstan") == "opinion"
    assert detect_genre(["Subscribe to our news"], "https://example.org/news/1") is None


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = shared_path("seeds")
    db = tmp_path_factory.mktemp("claims-seeds") / "s.duckdb"
    with Store(db) as store:
        ingest(sorted(glob.glob(str(folder / "0*.txt"))), store, IngestOptions(progress=False))
        code_events(store)
        code_claims(store)
    return db


@pytest.mark.shared
def test_seed_speakers(seeds: Path) -> None:
    with Store(seeds, read_only=True) as store:
        rows = store.query("SELECT kind, speaker_actor_id, speaker_text, text FROM claims")
    expected = {"Kazakhstan and Europe": "roman-vassilenko", "main transit point": "mendkovich",
                "will not allow it": "sadyr-japarov", "sincerely grateful": "rustam-minnikhanov",
                "We will continue to work": "vladimir-putin"}
    for words, speaker in expected.items():
        claim = claim_with(rows, words)
        assert claim["kind"] == "quote" and speaker in str(claim["speaker_actor_id"]), (words, claim)


@pytest.mark.shared
def test_seed_author_voice_and_outlets(seeds: Path) -> None:
    with Store(seeds, read_only=True) as store:
        author = store.query("SELECT c.speaker_text, c.certainty, c.text, d.outlet FROM claims c "
                             "JOIN documents d ON d.id = c.doc_id WHERE c.kind = 'author'")
        profiles = {p["outlet"]: p for p in outlet_profiles(store)}
        pairs = contradictions(store)
    pogromists = [a for a in author if "behind the pogromists" in a["text"] and a["certainty"] == "certain"]
    assert pogromists and pogromists[0]["speaker_text"] == "The Moscow Post"
    assert {a["speaker_text"] for a in author if a["outlet"] == "PolitNavigator"} == {"Ainur Kurmanov"}
    assert profiles["PolitNavigator"]["documents"] == 2

    def russia(outlet: str) -> float:
        return next(t["tone"] for t in profiles[outlet]["tone_by_country"] if t["country"] == "RUS")

    italian = next(name for name in profiles if name.endswith("004_c52e6ff163ec470b.txt"))
    assert russia("PolitNavigator") > russia("LIGA.net") + 0.3 and russia("PolitNavigator") > russia(italian) + 0.3
    assert pairs[0]["speaker_actor_id"] == "kassym-jomart-tokayev" and "RUS" in pairs[0]["about"]
    texts = [{p["one"]["text"], p["other"]["text"]} for p in pairs if p["speaker_actor_id"] == "kassym-jomart-tokayev"]
    assert any(any("invasion" in t for t in pair) and any("strategic partner" in t for t in pair) for pair in texts)


@pytest.mark.shared
def test_attribution_gate(tmp_path: Path) -> None:
    pages = shared_path("data", "kremlin", "pages")
    with Store(tmp_path / "s.duckdb") as store:
        ingest([str(shared_path("seeds")), str(pages)], store, IngestOptions(progress=False))
        code_events(store)
        code_claims(store)
        tally = evaluate_attribution(store, ROOT / "bench" / "gold" / "quotes.json")
    assert tally.total >= 120
    assert tally.accuracy >= FLOORS["attribution"]
    assert tally.precision >= FLOORS["attribution_located"]


@pytest.mark.shared
def test_heldout_attribution_gate(tmp_path: Path) -> None:
    """Attribution on 12 English news pages the claims stage was not developed on."""
    gold = ROOT / "bench" / "gold" / "quotes_heldout.json"
    files = sorted({item["file"] for item in json.loads(gold.read_text(encoding="utf-8"))["items"]})
    pages = [str(shared_path("data", "extraction", "html", f"{name}.gz")) for name in files]
    with Store(tmp_path / "h.duckdb") as store:
        ingest(pages, store, IngestOptions(progress=False))
        code_events(store)
        code_claims(store)
        tally = evaluate_attribution(store, gold)
    assert tally.total >= 140
    assert tally.accuracy >= FLOORS["heldout"]
    assert tally.precision >= FLOORS["heldout_located"]


def test_cli_claims_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "in" / "a.txt", ARTICLE)
    db = str(tmp_path / "s.duckdb")
    assert main(["ingest", str(tmp_path / "in"), "--db", db, "--no-progress"]) == 0
    assert main(["claims", "run", "--db", db]) == 0
    assert main(["claims", "--db", db, "--kind", "quote"]) == 0
    assert "Overchuk" in capsys.readouterr().out
    assert main(["outlets", "--db", db]) == 0
    assert main(["contradictions", "--db", db]) == 0
    assert main(["export", "--db", db, "--out", str(tmp_path / "out")]) == 0
    claims = [json.loads(line) for line in (tmp_path / "out" / "claims.jsonl").read_text().splitlines()]
    fields = {"id", "doc_id", "outlet", "kind", "speaker_actor_id", "speaker_text", "text", "start", "end",
              "about_actor_ids", "polarity", "certainty", "loaded_terms"}
    assert claims and fields <= set(claims[0])
    outlets = [json.loads(line) for line in (tmp_path / "out" / "outlets.jsonl").read_text().splitlines()]
    assert outlets and {"outlet", "documents", "tone_by_actor"} <= set(outlets[0])
