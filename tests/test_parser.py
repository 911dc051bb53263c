"""The dependency parser: named sentences, the API, the packaged model, and the EWT gate.

The accuracy floors sit about a point below what the shipped model measures
with the tags the shipped tagger predicts (see multivector/data/models/README.md).
A floor is never lowered silently: change it only with a note saying why, after
retraining with ``make model``.
"""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest

from multivector.text.parser import MODEL_FORMAT, Parser, default_parser, parse
from multivector.text.tagger import default_tagger
from multivector.text.train_parser import (
    Sentence,
    build_model,
    evaluate,
    is_projective,
    predicted_tags,
    read_conllu,
    write_model,
)
from tests.conftest import sha256_file, shared_path, write

EWT_TEST_SHA256 = "e266e515a0a7547657ed3d90d9ba46487d6bd251f27ad4269d4e8a427c8555cd"
FLOORS = {
    "uas": 0.84,  # measured 0.8496 on en_ewt-ud-test (predicted tags) when the model was first shipped
    "las": 0.806,  # measured 0.8162 (full labels, subtypes included)
}

Tree = list[tuple[str, int, str]]  # (word, head index or -1, deprel)


def parsed(text: str) -> Tree:
    words = text.split()
    tags = [upos for upos, _ in default_tagger().tag(words)]
    return [(word, head, rel) for word, (head, rel) in zip(words, default_parser().parse(words, tags), strict=True)]


def dependents(tree: Tree, head_word: str) -> dict[str, str]:
    """{dependent word: deprel} of the first word spelled ``head_word``."""
    head = [w for w, _, _ in tree].index(head_word)
    return {w: rel for w, h, rel in tree if h == head}


def test_active_clause_with_coordinated_subject() -> None:
    tree = parsed("Russia and Kazakhstan signed a new agreement on Monday .")
    signed = dependents(tree, "signed")
    assert signed["Russia"] == "nsubj"
    assert signed["agreement"] == "obj"
    monday = [(tree[h][0], rel) for w, h, rel in tree if w == "Monday"][0]
    assert monday in (("signed", "obl"), ("signed", "obl:tmod"), ("agreement", "nmod"))  # PP attachment may vary
    assert dependents(tree, "Russia")["Kazakhstan"] == "conj"
    assert dependents(tree, "Kazakhstan")["and"] == "cc"
    assert [rel for _, h, rel in tree if h == -1] == ["root"]
    assert tree[3][1:] == (-1, "root")


def test_passive_with_agent() -> None:
    tree = parsed("Ukraine was attacked by Russian troops .")
    attacked = dependents(tree, "attacked")
    assert attacked["Ukraine"] == "nsubj:pass"
    assert attacked["was"] == "aux:pass"
    assert attacked["troops"] in ("obl:agent", "obl")
    assert dependents(tree, "troops")["by"] == "case"
    assert dependents(tree, "troops")["Russian"] == "amod"


def test_possessor_and_nominal_modifier() -> None:
    tree = parsed("Putin 's visit to Astana")
    visit = dependents(tree, "visit")
    assert visit["Putin"] == "nmod:poss"
    assert visit["Astana"] == "nmod"
    assert dependents(tree, "Putin")["'s"] == "case"
    assert dependents(tree, "Astana")["to"] == "case"


def test_more_event_sentences() -> None:
    tree = parsed("The government of Kazakhstan condemned the attack on the embassy in Almaty .")
    condemned = dependents(tree, "condemned")
    assert condemned["government"] == "nsubj"
    assert condemned["attack"] == "obj"
    assert dependents(tree, "government")["Kazakhstan"] == "nmod"
    assert dependents(tree, "attack")["embassy"] == "nmod"

    tree = parsed("Tokayev met Putin in Moscow and they agreed to hold talks .")
    met = dependents(tree, "met")
    assert met["Tokayev"] == "nsubj"
    assert met["Putin"] == "obj"
    assert met["Moscow"] == "obl"
    assert met["agreed"] == "conj"
    assert dependents(tree, "agreed")["they"] == "nsubj"
    assert dependents(tree, "agreed")["hold"] == "xcomp"


def test_api_shapes() -> None:
    assert default_parser() is default_parser()
    assert default_parser().parse([], []) == []
    assert parse(["Hello"], ["INTJ"]) == [(-1, "root")]
    with pytest.raises(ValueError, match="2 words but 1 tags"):
        default_parser().parse(["a", "b"], ["DET"])
    words = "Officials said that the talks , which began in May , would resume next week .".split()
    tags = [upos for upos, _ in default_tagger().tag(words)]
    result = parse(words, tags)
    assert len(result) == len(words)
    assert sum(1 for head, _ in result if head == -1) == 1
    assert all(-1 <= head < len(words) and head != i for i, (head, _) in enumerate(result))
    # every word reaches the root (a tree, no cycles)
    for i in range(len(words)):
        seen = set()
        j = i
        while j != -1:
            assert j not in seen
            seen.add(j)
            j = result[j][0]


def test_model_file_and_load_time() -> None:
    started = time.perf_counter()
    loaded = Parser.load()
    assert time.perf_counter() - started < 5.0  # about 0.3 s measured; generous for slow CI
    assert loaded.info["non_projective_skipped"] > 0
    assert "obl:agent" in loaded.labels and "nsubj:pass" in loaded.labels and "nmod:poss" in loaded.labels


def test_is_projective() -> None:
    assert is_projective([1, -1, 1])
    assert not is_projective([2, 3, -1, 2])  # 0->2 and 1->3 cross


def test_train_and_load_roundtrip(tmp_path: Path) -> None:
    conllu = write(
        tmp_path / "tiny.conllu",
        "# text = Russia signed it.\n"
        "1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n"
        "2\tsigned\tsign\tVERB\tVBD\t_\t0\troot\t_\t_\n"
        "3\tit\tit\tPRON\tPRP\t_\t2\tobj\t_\t_\n"
        "3.1\tit\tit\tPRON\tPRP\t_\t_\t_\t_\t_\n"
        "4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n"
        "1-2\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
        "1\tdid\tdo\tAUX\tVBD\t_\t2\taux\t_\t_\n"
        "2\tn't\tnot\tPART\tRB\t_\t0\troot\t_\t_\n\n",
    )
    sentences = read_conllu(conllu)
    assert sentences[0] == Sentence(["Russia", "signed", "it", "."], ["PROPN", "VERB", "PRON", "PUNCT"], [1, -1, 1, 1],
                                    ["nsubj", "root", "obj", "punct"])
    assert sentences[1].forms == ["did", "n't"]
    gold = [s.gold_tags for s in sentences]
    model = build_model(sentences, gold, iterations=3, seed=1, prune=0.0)
    first = write_model(model, tmp_path / "a.json.gz")
    again = write_model(build_model(sentences, gold, iterations=3, seed=1, prune=0.0), tmp_path / "b.json.gz")
    assert first == again
    assert json.loads(gzip.decompress(first))["format"] == MODEL_FORMAT
    tiny = Parser.load(tmp_path / "a.json.gz")
    assert evaluate(tiny, sentences, gold).as_dict()["uas"] == 1.0
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(gzip.compress(json.dumps({"format": "other"}).encode()))
    with pytest.raises(ValueError, match="not a multivector-parser"):
        Parser.load(bad)


@pytest.mark.shared
def test_ewt_test_accuracy() -> None:
    path = shared_path("data", "ud_english_ewt", "en_ewt-ud-test.conllu")
    assert sha256_file(path) == EWT_TEST_SHA256
    sentences = read_conllu(path)
    scores = evaluate(default_parser(), sentences, predicted_tags(default_tagger(), sentences))
    assert scores.words == 25094
    assert scores.uas / scores.words >= FLOORS["uas"]
    assert scores.las / scores.words >= FLOORS["las"]
