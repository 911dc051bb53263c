"""The event stage: coder rules on sentences written here, the seeds' key events,
cross-document merging, and evaluation gates on the shared gold sets."""

from __future__ import annotations

import glob
import json
from pathlib import Path
from typing import Any

import pytest

from multivector.cli import main
from multivector.events.code import code_text
from multivector.events.evaluate import evaluate_gsr, evaluate_petr
from multivector.events.stage import code_events
from multivector.ingest.run import IngestOptions, ingest
from multivector.store.db import Store
from tests.conftest import shared_path, write

FLOORS = {  # measured 0.787, 0.736, 0.705 and 0.667 when set (with the parser); never lowered silently
    "gsr_type": 0.78,  # the issue asks >= 0.75, 0.70, 0.70 and 0.60
    "gsr_source": 0.72,
    "gsr_target": 0.70,
    "petr_root": 0.65,
}


def best(sentence: str, date: str | None = "2022-06-20") -> Any:
    events, _ = code_text(sentence, date)
    assert events, sentence
    return events[0]


def test_coordinated_sources_and_agreements() -> None:
    event = best("Russia and Kazakhstan signed a new agreement on gas transit on Monday.")
    assert event.plover_type == "SUPPORT" and event.cameo_code == "057"
    assert event.source_actor_ids == ["RUS", "KAZ"]


def test_passive_voice_swaps_roles() -> None:
    event = best("Ukraine was attacked by Russian troops on Thursday.")
    assert event.plover_type == "ASSAULT"
    assert event.source_actor_ids == ["RUS-MIL"] and event.target_actor_ids == ["UKR"]


def test_negation_is_flagged_not_coded_as_agreement() -> None:
    events, _ = code_text("Kazakhstan did not receive official proposals from Russia on a gas union.", None)
    assert all(e.negated or e.plover_type != "AGREE" for e in events)
    event = best("Russia did not sign the agreement with Ukraine.")
    assert event.negated and event.cameo_code == "057"


def test_hypothetical_threat_is_not_an_assault() -> None:
    event = best("The former president Dmitry Medvedev recalled that Astana could be the next target.")
    assert event.plover_type == "THREATEN" and event.hypothetical
    assert event.source_actor_ids == ["dmitry-medvedev"] and event.target_actor_ids == ["KAZ-GOV"]


def test_refusal_is_the_event() -> None:
    event = best("Tokayev refused to recognise the self-proclaimed republics of Donetsk and Luhansk.")
    assert event.plover_type == "REJECT" and event.source_actor_ids == ["kassym-jomart-tokayev"]


def test_future_cooperation_is_an_intent() -> None:
    """PLOVER codes a future cooperative act AGREE; CAMEO keeps the act with the future flag
    (as the PETRARCH-2 gold does), and a conditional one becomes an intent (03)."""
    event = best("China will provide emergency aid to Kyrgyzstan.")
    assert event.plover_type == "AGREE" and event.cameo_code == "070" and event.future
    assert event.source_actor_ids == ["CHN"] and event.target_actor_ids == ["KGZ"]
    event = best("China could provide emergency aid to Kyrgyzstan.")
    assert event.cameo_code == "033" and event.hypothetical
    event = best("Russia will withdraw its troops from Kazakhstan.")
    assert event.plover_type == "CONCEDE" and event.future


def test_receiving_turns_the_roles() -> None:
    event = best("Kyrgyz rebels received weapons from the Russian government.")
    assert event.cameo_code == "072" and event.source_actor_ids[0].startswith("RUS")


def test_background_participle_is_not_the_news() -> None:
    event = best("A report released on Tuesday in Astana accused Russia of meddling.")
    assert event.trigger == "accused"


def test_role_named_actors_and_visits() -> None:
    event = best("The Kazakh president visited Moscow on Thursday.", "2022-02-14")
    assert event.plover_type == "CONSULT"
    assert event.source_actor_ids == ["kassym-jomart-tokayev"] and event.target_actor_ids == ["RUS-GOV"]


def test_demands_reported_with_must() -> None:
    event = best("The European Union said that Russia must withdraw its troops from Ukraine.")
    assert event.plover_type == "REQUEST"
    assert event.source_actor_ids == ["EU"] and event.target_actor_ids == ["RUS"]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    folder = shared_path("seeds")
    with Store(tmp_path_factory.mktemp("events") / "s.duckdb") as store:
        ingest(sorted(glob.glob(str(folder / "0*.txt"))), store, IngestOptions(progress=False))
        code_events(store)
        return store.query("SELECT *, CAST(date AS VARCHAR) AS day FROM event_mentions")


def find(rows: list[dict[str, Any]], trigger: str, **want: Any) -> dict[str, Any]:
    for row in rows:
        if row["trigger"] == trigger and all(
                set(row[k]) >= set(v) if isinstance(v, list) else row[k] == v for k, v in want.items()):
            return row
    raise AssertionError(f"no {trigger} event with {want}")


@pytest.mark.shared
def test_seed_key_events(seeds: list[dict[str, Any]]) -> None:
    find(seeds, "met", plover_type="CONSULT", day="2022-02-10",
         source_actor_ids=["kassym-jomart-tokayev", "vladimir-putin"])
    find(seeds, "signed", cameo_code="057", day="2022-02-10", source_actor_ids=["kassym-jomart-tokayev"])
    find(seeds, "visit", plover_type="CONSULT", source_actor_ids=["vladimir-putin"], target_actor_ids=["KAZ-GOV"])
    find(seeds, "signed", cameo_code="057", source_actor_ids=["RUS", "KAZ"])
    find(seeds, "signed", cameo_code="057", day="2023-11-01", source_actor_ids=["kassym-jomart-tokayev"],
         target_actor_ids=["emmanuel-macron"])
    find(seeds, "summit", plover_type="CONSULT", day="2023-11-03", source_actor_ids=["OTS"])
    find(seeds, "rallies", plover_type="PROTEST", day="2022-01-02")
    find(seeds, "be", plover_type="THREATEN", hypothetical=True, source_actor_ids=["dmitry-medvedev"],
         target_actor_ids=["KAZ-GOV"])
    find(seeds, "refusing", plover_type="REJECT", source_actor_ids=["kassym-jomart-tokayev"])
    find(seeds, "called", plover_type="REQUEST", source_actor_ids=["robert-menendez"])


def test_same_event_in_two_outlets_is_merged(tmp_path: Path) -> None:
    one = "Tokayev in Moscow\n\n10.02.2022\n\nKazakh President Kassym-Jomart Tokayev met Vladimir Putin in Moscow."
    two = ("Talks in the Kremlin\n\n10.02.2022\n\nVladimir Putin met Kassym-Zhomart Tokayev in Moscow, "
           "officials said.\n\nSubscribe to Steppe Observer news on Telegram")
    write(tmp_path / "in" / "a.txt", one + "\n\nSubscribe to Eurasia Herald news on Telegram")
    write(tmp_path / "in" / "b.txt", two)
    with Store(tmp_path / "s.duckdb") as store:
        ingest([str(tmp_path / "in")], store, IngestOptions(progress=False))
        summary = code_events(store)
        events = store.query("SELECT * FROM events WHERE plover_type = 'CONSULT'")
    assert summary.event_mentions >= 2
    assert len(events) == 1
    assert events[0]["mention_count"] == 2 and events[0]["outlet_count"] == 2
    assert str(events[0]["date"]) == "2022-02-10" and events[0]["place"] == "Moscow"


def test_code_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "s.jsonl", json.dumps({"id": "s1", "text": "Turkey and Azerbaijan signed a defence pact.",
                                            "date": "2021-06-15"}) + "\nnot json\n")
    assert main(["code", str(tmp_path / "s.jsonl")]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["id"] == "s1" and lines[0]["cameo_code"] == "057"
    assert "error" in lines[-1]


@pytest.mark.shared
def test_plover_gsr_gate() -> None:
    tally = evaluate_gsr(shared_path("data", "events", "plover_gsr_dev.json"))
    assert tally.total == 164
    assert tally.rate("type") >= FLOORS["gsr_type"]
    assert tally.rate("source", "has_source") >= FLOORS["gsr_source"]
    assert tally.rate("target", "has_target") >= FLOORS["gsr_target"]


@pytest.mark.shared
def test_petr2_gate() -> None:
    tally = evaluate_petr(shared_path("data", "events", "PETR2_GSR_validation.xml"))
    assert tally.rate("root") >= FLOORS["petr_root"]
