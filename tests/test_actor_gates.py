"""Evaluation gates of the actor stage on ../shared data, and the issue's named cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from multivector.actors.evaluate import evaluate_store
from multivector.actors.kb import knowledge_base
from multivector.actors.names_eval import read_pairs, recall
from multivector.actors.stage import resolve_actors
from multivector.ingest.run import IngestOptions, ingest
from multivector.store.db import Store
from tests.conftest import ROOT, shared_path

FLOORS = {  # measured 0.968, 0.953 and 0.914 when set; never lowered silently
    "seeds_accuracy": 0.95,
    "kremlin_accuracy": 0.92,
    "names_recall": 0.90,
}


def gold(which: str) -> dict[str, list[dict[str, object]]]:
    data: dict[str, list[dict[str, object]]] = json.loads(
        (ROOT / "bench" / "gold" / f"actors_{which}.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Store:
    folder = shared_path("seeds")
    store = Store(tmp_path_factory.mktemp("actors") / "seeds.duckdb")
    ingest([str(folder / name) for name in gold("seeds")], store, IngestOptions(progress=False))
    resolve_actors(store)
    return store


def actors_of(store: Store, surfaces: list[str]) -> dict[str, set[str]]:
    rows = store.query("SELECT text, actor_id FROM mentions")
    return {s: {r["actor_id"] for r in rows if r["text"] == s} for s in surfaces}


def test_kb_is_consistent() -> None:
    kb = knowledge_base()
    missing = {(a.id, r.of) for a in kb.actors.values() for r in a.roles if r.of not in kb.actors}
    assert not missing, sorted(missing)[:20]
    assert all(r.role in kb.roles for a in kb.actors.values() for r in a.roles)
    assert len([a for a in kb.actors.values() if a.type == "country"]) >= 200


@pytest.mark.shared
def test_seed_accuracy(seeds: Store) -> None:
    scored = evaluate_store(seeds, knowledge_base(), gold("seeds"))
    assert scored.accuracy >= FLOORS["seeds_accuracy"], scored.errors


@pytest.mark.shared
def test_kremlin_accuracy(tmp_path: Path) -> None:
    with Store(tmp_path / "k.duckdb") as store:
        ingest([str(shared_path("data", "kremlin", "pages"))], store, IngestOptions(progress=False))
        resolve_actors(store)
        scored = evaluate_store(store, knowledge_base(), gold("kremlin"))
    assert scored.accuracy >= FLOORS["kremlin_accuracy"], scored.errors


@pytest.mark.shared
def test_transliteration_recall() -> None:
    pairs = read_pairs(shared_path("data", "names", "wd_russian_20.tsv"))
    assert recall(pairs) >= FLOORS["names_recall"]


@pytest.mark.shared
def test_seed_variants_land_on_one_actor(seeds: Store) -> None:
    found = actors_of(seeds, ["Kassym-Jomart Tokayev", "Kassym-Zhomart Tokayev", "Kasym-Zhomart Tokayev",
                              "KAsym-Jomart Tokayev", "Kassim-Jomart Tokayev", "Tokayev", "Nursultan Nazarbayev",
                              "Nazarbayev", "Elbasy", "Russia", "Russian Federation", "Kazakhstan",
                              "Republic of Kazakhstan"])
    tokayev = set().union(*(found[s] for s in ["Kassym-Jomart Tokayev", "Kassym-Zhomart Tokayev",
                                              "Kasym-Zhomart Tokayev", "KAsym-Jomart Tokayev",
                                              "Kassim-Jomart Tokayev", "Tokayev"]))
    assert tokayev == {"kassym-jomart-tokayev"}
    assert set().union(*(found[s] for s in ["Nursultan Nazarbayev", "Nazarbayev", "Elbasy"])) == {
        "nursultan-nazarbayev"}
    assert found["Russia"] | found["Russian Federation"] == {"RUS"}
    assert found["Kazakhstan"] | found["Republic of Kazakhstan"] == {"KAZ"}


@pytest.mark.shared
def test_seed_metonyms_resolve_to_governments(seeds: Store) -> None:
    found = actors_of(seeds, ["Akorda", "the Kremlin", "Kremlin"])
    assert found["Akorda"] == {"KAZ-GOV"} and found["the Kremlin"] | found["Kremlin"] == {"RUS-GOV"}


@pytest.mark.shared
def test_seed_people_outside_the_kb_are_discovered(seeds: Store) -> None:
    rows = {r["name"]: r for r in seeds.query("SELECT * FROM actors WHERE type = 'person'")}
    expected = {"Aidos Sarym": "KAZ", "Shyngys Ilyasov": "KAZ", "Akylzhan Baymagambetov": "KAZ",
                "Nikita Mendkovich": "RUS", "Roman Vassilenko": "KAZ", "Rustam Minnikhanov": "RUS"}
    for name, country in expected.items():
        assert name in rows, name
        assert rows[name]["country"] == country, name


@pytest.mark.shared
def test_no_two_people_merged(seeds: Store) -> None:
    rows = seeds.query("SELECT actor_id, list(DISTINCT text) AS texts FROM mentions m JOIN actors a "
                       "ON a.id = m.actor_id WHERE a.type = 'person' "
                       "AND m.method IN ('name', 'alias', 'surname', 'introduced') "
                       "GROUP BY actor_id")
    for row in rows:
        surnames = {t.split()[-1] for t in row["texts"] if t[:1].isupper() and len(t.split()) > 1
                    and t.split()[0].lower() not in ("the", "mr", "president")}
        assert len({s[:4].lower() for s in surnames}) <= 1, (row["actor_id"], row["texts"])
