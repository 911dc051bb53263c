"""Unit tests of the actor stage on a small knowledge base built here."""

from __future__ import annotations

import pytest

from multivector.actors import kb as kbmod
from multivector.actors.kb import KnowledgeBase
from multivector.actors.mentions import find_mentions
from multivector.actors.resolve import explain, person_candidates
from multivector.actors.translit import name_key, name_similarity
from multivector.resources import load_yaml


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    from importlib import resources

    import yaml

    base = KnowledgeBase()
    base.roles.update(yaml.safe_load(resources.files("multivector").joinpath("data", "actors", "roles.yaml")
                                     .read_text(encoding="utf-8"))["roles"])
    for entry in [
        {"id": "KAZ", "name": "Kazakhstan", "aliases": ["Republic of Kazakhstan", "Казахстан"],
         "adjectives": ["Kazakh", "Kazakhstani"], "demonyms": ["Kazakhs"], "capital": "Astana",
         "capital_aliases": ["Nur-Sultan"], "government_metonyms": ["Akorda"]},
        {"id": "RUS", "name": "Russia", "aliases": ["Russian Federation", "RF", "Россия"],
         "adjectives": ["Russian"], "demonyms": ["Russians"], "capital": "Moscow",
         "government_metonyms": ["Kremlin"]},
    ]:
        kbmod._add_country(base, entry)
    kbmod._add_body(base, {"id": "RUS-TA", "name": "Tatarstan", "type": "region", "country": "RUS",
                           "sector": "GOV", "aliases": ["Republic of Tatarstan"]})
    kbmod._add_body(base, {"id": "NUR-OTAN", "name": "Nur Otan", "type": "party", "country": "KAZ",
                           "sector": "PTY", "aliases": ["Amanat"]})
    people = [
        {"id": "kassym-jomart-tokayev", "name": "Kassym-Jomart Tokayev", "country": "KAZ", "gender": "m",
         "aliases": ["Касым-Жомарт Токаев"],
         "roles": [{"role": "head_of_state", "title": "President", "of": "KAZ", "start": "2019-03-20"}]},
        {"id": "nursultan-nazarbayev", "name": "Nursultan Nazarbayev", "country": "KAZ", "gender": "m",
         "epithets": ["Elbasy"],
         "roles": [{"role": "head_of_state", "title": "President", "of": "KAZ", "start": "1991-12-16",
                    "end": "2019-03-19"}]},
        {"id": "vladimir-putin", "name": "Vladimir Putin", "country": "RUS", "gender": "m",
         "roles": [{"role": "head_of_state", "title": "President", "of": "RUS", "start": "2012-05-07"}]},
        {"id": "rustam-minnikhanov", "name": "Rustam Minnikhanov", "country": "RUS", "gender": "m",
         "roles": [{"role": "regional_head", "title": "Head", "of": "RUS-TA", "start": "2010-03-25"}]},
    ]
    for person in people:
        kbmod._add_person(base, person)
    return base


def resolved(kb: KnowledgeBase, text: str, date: str | None = "2022-02-14") -> list[tuple[str, str]]:
    spans, new = find_mentions(kb, text, date)
    return [(surface, actor) for _, _, surface, actor, _, _ in spans]


def test_name_keys_fold_romanisations_and_scripts() -> None:
    keys = {name_key(n) for n in ["Kassym-Jomart Tokayev", "Kassym-Zhomart Tokayev", "Kasym-Zhomart Tokayev",
                                  "KAsym-Jomart Tokayev", "Kassim-Jomart Tokayev", "Касым-Жомарт Токаев"]}
    assert keys == {"kasim jomart tokaev"}
    assert name_key("Nazarbaev") == name_key("Nazarbayev") == name_key("Назарбаев")
    assert name_similarity("Nazabayev", "Nazarbayev") >= 0.8
    assert name_similarity("Tokayev", "Nazarbayev") < 0.8


def test_spellings_land_on_one_person(kb: KnowledgeBase) -> None:
    for spelling in ["Kassym-Zhomart Tokayev", "Kasym-Zhomart Tokayev", "KAsym-Jomart Tokayev",
                     "Kassim-Jomart Tokayev", "Kasymzhomart Tokayev"]:
        best = person_candidates(kb, spelling, "2022-02-10")[0]
        assert best.actor.id == "kassym-jomart-tokayev" and best.decision == "same", spelling


def test_another_tokayev_is_never_merged(kb: KnowledgeBase) -> None:
    candidates = person_candidates(kb, "Kairat Tokayev", "2022-02-10")
    assert all(c.decision == "different" for c in candidates)
    spans = resolved(kb, "The Kazakh analyst Kairat Tokayev disagreed with President Kassym-Jomart Tokayev.")
    actors = dict(spans)
    assert actors["Kairat Tokayev"] != actors["Kassym-Jomart Tokayev"] == "kassym-jomart-tokayev"


def test_roles_honour_dates(kb: KnowledgeBase) -> None:
    assert dict(resolved(kb, "The Kazakh president spoke.", "2018-05-01"))["The Kazakh president"] == \
        "nursultan-nazarbayev"
    assert dict(resolved(kb, "The Kazakh president spoke.", "2022-02-10"))["The Kazakh president"] == \
        "kassym-jomart-tokayev"
    assert dict(resolved(kb, "Russia's president met the head of Tatarstan.", "2022-02-10")) == {
        "Russia's president": "vladimir-putin", "the head of Tatarstan": "rustam-minnikhanov"}


def test_metonyms_resolve_to_the_government(kb: KnowledgeBase) -> None:
    assert dict(resolved(kb, "The Kremlin and Akorda agreed; Moscow said nothing.")) == {
        "The Kremlin": "RUS-GOV", "Akorda": "KAZ-GOV", "Moscow": "RUS-GOV"}


def test_surnames_epithets_and_groups(kb: KnowledgeBase) -> None:
    spans = resolved(kb, "Vladimir Putin met Kassym-Zhomart Tokayev. Putin praised Tokayev. "
                         "Elbasy stayed away. Kazakh nationalists and Russian officials protested.")
    assert spans == [("Vladimir Putin", "vladimir-putin"), ("Kassym-Zhomart Tokayev", "kassym-jomart-tokayev"),
                     ("Putin", "vladimir-putin"), ("Tokayev", "kassym-jomart-tokayev"),
                     ("Elbasy", "nursultan-nazarbayev"), ("Kazakh nationalists", "KAZ-OPP"),
                     ("Russian officials", "RUS-GOV")]


def test_new_people_are_discovered_with_country_and_affiliation(kb: KnowledgeBase) -> None:
    text = ("In the Mazhilis, a deputy from the Nur Otan party, Aidos Sarym, spoke. "
            "Russian political scientist Nikita Mendkovich agreed. Sarym later left.")
    spans, new = find_mentions(kb, text, "2022-02-14")
    by_text = {surface: actor for _, _, surface, actor, _, _ in spans}
    sarym, mendkovich = new[by_text["Aidos Sarym"]], new[by_text["Nikita Mendkovich"]]
    assert (sarym.country, sarym.parent, sarym.sector) == ("KAZ", "NUR-OTAN", "LEG")
    assert (mendkovich.country, mendkovich.sector) == ("RUS", "EDU")
    assert by_text["Sarym"] == by_text["Aidos Sarym"]


def test_pronouns_follow_the_latest_person(kb: KnowledgeBase) -> None:
    spans = resolved(kb, "Vladimir Putin arrived. He spoke first.")
    assert ("He", "vladimir-putin") in spans


def test_explain_says_why(kb: KnowledgeBase) -> None:
    lines = explain(kb, "Kasym-Zhomart Tokayev", "2022-02-10")
    assert lines[-1] == "decision: kassym-jomart-tokayev (Kassym-Jomart Tokayev)"
    assert any("same_name_key" in line for line in lines)


def test_every_role_has_a_sector() -> None:
    roles = load_yaml("actors/roles.yaml")["roles"]
    assert all(spec.get("sector") and spec.get("titles") for spec in roles.values())
