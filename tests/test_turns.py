"""Speaker turns in transcripts, and what they do to the sides of events."""

from __future__ import annotations

from pathlib import Path

from multivector.events.coder import Mention, SentenceCoder
from multivector.events.stage import code_events
from multivector.events.turns import Named, pronouns, speaker_turns, turn_at
from multivector.ingest.run import IngestOptions, ingest
from multivector.store.db import Store
from multivector.text.tagger import default_tagger

TRANSCRIPT = ("Talks with the President of Kazakhstan\n\n"
              "President of Russia Vladimir Putin: Mr Tokayev, friends, good afternoon.\n\n"
              "Mr Tokayev and I will visit the new plant tomorrow.\n\n"
              "President of Kazakhstan Kassym-Jomart Tokayev (retranslated): Thank you.\n\n"
              "I thank you for the invitation to Moscow.\n")


def named(text: str, name: str, actor: str) -> Named:
    start = text.index(name)
    return Named(start, start + len(name), actor)


def test_labels_open_turns_and_the_other_speaker_is_addressed() -> None:
    people = [named(TRANSCRIPT, "Vladimir Putin", "vladimir-putin"),
              named(TRANSCRIPT, "Kassym-Jomart Tokayev", "kassym-jomart-tokayev")]
    turns = speaker_turns(TRANSCRIPT, people)
    assert [(t.speaker, t.addressee) for t in turns] == [("vladimir-putin", "kassym-jomart-tokayev"),
                                                         ("kassym-jomart-tokayev", "vladimir-putin")]
    second = turn_at(turns, TRANSCRIPT.index("I thank"))
    assert second is not None and second.speaker == "kassym-jomart-tokayev"
    sentence = "I thank you for the invitation to Moscow."
    found = pronouns(sentence, TRANSCRIPT.index(sentence), second)
    assert [(TRANSCRIPT[n.start:n.end], n.actor_id) for n in found] == [("I", "kassym-jomart-tokayev"),
                                                                         ("you", "vladimir-putin")]


def test_no_label_without_a_person_at_its_end() -> None:
    text = "Moscow, 10 February: the talks began.\n\nNote: this is not a speaker.\n"
    assert speaker_turns(text, [named(text, "Moscow", "RUS-GOV")]) == []


def test_vocative_is_the_one_spoken_to() -> None:
    sentence = "Mr Putin, thank you for the invitation."
    mentions = [Mention(3, 8, "vladimir-putin", "name"), Mention(16, 19, "nursultan-nazarbayev", "pronoun")]
    event = SentenceCoder(sentence, mentions, default_tagger().tag, speaker="kassym-jomart-tokayev").events()[0]
    assert event.plover_type == "SUPPORT"
    assert event.source_actor_ids == ["kassym-jomart-tokayev"] and event.target_actor_ids == ["vladimir-putin"]


def test_first_person_in_a_transcript_joins_the_speaker(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "talks.txt").write_text("Talks in Astana\n\n10.02.2022\n\n" + TRANSCRIPT.split("\n\n", 1)[1],
                                      encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        ingest([str(folder)], store, IngestOptions(progress=False))
        code_events(store, min_confidence=0)
        rows = store.query("SELECT trigger, source_actor_ids, target_actor_ids FROM event_mentions")
    visit = [r for r in rows if r["trigger"] == "visit"]
    assert visit and set(visit[0]["source_actor_ids"]) == {"vladimir-putin", "kassym-jomart-tokayev"}
    thanks = [r for r in rows if r["trigger"] == "thank"]
    assert thanks and thanks[0]["source_actor_ids"] == ["kassym-jomart-tokayev"]
    assert thanks[0]["target_actor_ids"] == ["vladimir-putin"]
    assert not [r for r in rows if r["trigger"] == "Thank"]  # "Thank you." alone is a formula


def test_unnamed_president_in_a_turn_is_the_one_spoken_to() -> None:
    from multivector.events.stage import _in_turn
    from multivector.events.turns import Turn

    turn = Turn(0, 30, 200, "vladimir-putin", "sooronbay-jeenbekov")
    wrong = {"method": "role", "text": "the President", "actor_id": "nursultan-nazarbayev"}
    assert _in_turn(wrong, turn) == "sooronbay-jeenbekov"
    assert _in_turn({**wrong, "text": "the President of Kazakhstan"}, turn) == "nursultan-nazarbayev"
    assert _in_turn(wrong, None) == "nursultan-nazarbayev"
