"""The compiled inference (multivector/text/_perceptron.c) against the Python it replaces.

The C code never builds a feature string: it hashes the parts. These tests check
that the hashes are those of the strings Python builds, feature by feature, and
that the compiled tagger and parser give the same labels and trees as the Python
ones on every sentence of the demo corpus.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from multivector.actors.tokens import tokenize
from multivector.text import _perceptron as perceptron
from multivector.text import tagger as tagger_module
from multivector.text.parser import MODEL_RESOURCE as PARSER_RESOURCE
from multivector.text.parser import Parser, class_move, features, valid_moves, word_features
from multivector.text.sentences import split_sentences
from multivector.text.tagger import Tagger, default_tagger

ROOT = Path(__file__).resolve().parents[1]

ODD = [
    ["Kazakhstan", "'s", "re-export", "of", "1,200", "cars", "rose", "12.5%", "in", "2022", "."],
    ["See", "https://example.org/a/b", "or", "write", "to", "desk@example.org", "!"],
    ["Токаев", "met", "Erdoğan", "and", "Xi", "—", "again", "."],
    ["A"],
    ["U.S.", "officials", "said", "no", "-", "well", ",", "not", "yet", "..."],
]


def demo_sentences() -> list[list[str]]:
    sentences = []
    for path in sorted((ROOT / "examples" / "corpus" / "text").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for start, end in split_sentences(text):
            words = [t.text for t in tokenize(text[start:end])]
            if words:
                sentences.append(words)
    assert len(sentences) > 100
    return sentences + ODD


def test_the_extension_is_built() -> None:
    """``make`` builds it (setup.py); a machine without a C compiler falls back to Python,
    but this project's own machines must not, or the speed figures are not ours."""
    assert tagger_module.COMPILED
    assert default_tagger().compiled and Parser.load().compiled


def test_tagger_feature_hashes_are_those_of_the_strings() -> None:
    model = default_tagger()
    for words in ODD + demo_sentences()[:40]:
        tokens = [tagger_module.plain(w) for w in words]
        static = tagger_module.static_features(tokens, model.lexicon)
        parts = [model._token_parts(t) for t in tokens]
        for i, feats in enumerate(static):
            for prev, prev2 in (tagger_module.START, ("NOUN NN", "DET DT")):
                full = feats + tagger_module.dynamic_features(*tagger_module.dynamic_keys(feats), prev, prev2)
                got = perceptron.tagger_feature_hashes(parts, i, prev, prev2)
                assert got == [perceptron.feature_hash(f) for f in full], (words, i)


def test_parser_feature_hashes_are_those_of_the_strings() -> None:
    rng = random.Random(7)
    parser = Parser.load()
    r = parser.n_labels
    labels = parser._class_labels
    tagger = default_tagger()
    for words in ODD + demo_sentences()[:30]:
        tags = [upos for upos, _ in tagger.tag(words)]
        w, t = word_features(words, tags)
        n = len(words)
        lab, lefts, rights = ["-"] * (n + 2), [[] for _ in range(n + 2)], [[] for _ in range(n + 2)]
        stack: list[int] = []
        b0 = 0
        moves: list[int] = []
        while not (b0 >= n and not stack):
            expected = [perceptron.feature_hash(f) for f in features(w, t, lab, lefts, rights, stack, b0, n)]
            assert perceptron.parser_feature_hashes(w, t, labels, r, moves) == expected, (words, moves)
            can = valid_moves(len(stack), b0, n)
            choices = [c for c in range(2 * r + 2) if can[class_move(c, r)]
                       and (c != r + 1 or b0 == n) and not (class_move(c, r) == 1 and b0 == n and c != r + 1)]
            cls = rng.choice(choices)
            moves.append(cls)
            if cls == 0:
                stack.append(b0)
                b0 += 1
                continue
            dep = stack.pop()
            head = b0 if class_move(cls, r) == 1 else stack[-1]
            lab[dep] = labels[cls]
            (lefts if class_move(cls, r) == 1 else rights)[head].append(dep)


def test_compiled_tagger_labels_equal_python_labels() -> None:
    compiled = default_tagger()
    python = Tagger.load()
    python._table = None
    for words in demo_sentences():
        assert compiled.predict_ids(words) == python.predict_ids(words), words


def test_compiled_parser_trees_equal_python_trees() -> None:
    compiled = Parser.load()
    import gzip
    import json
    from importlib import resources

    model = json.loads(gzip.decompress(resources.files("multivector").joinpath(*PARSER_RESOURCE).read_bytes()))
    python = Parser(model, compiled=False)
    tagger = default_tagger()
    for words in demo_sentences()[:250]:
        tags = [upos for upos, _ in tagger.tag(words)]
        assert compiled.parse(words, tags) == python.parse(words, tags), words


def test_compiled_parser_scores_read_the_table() -> None:
    """``Parser.scores`` still answers when the weights live in the compiled table."""
    parser = Parser.load()
    assert parser.compiled
    row = parser._table.row("bias")
    assert row and all(0 <= c < parser.n_classes for c, _ in row)
    scores = parser.scores(["bias"])
    base = min(scores)
    assert sorted(s - base for s in scores) == sorted(s - base for s in parser.scores(["bias", "no such feature"]))


def test_bad_tables_are_refused() -> None:
    with pytest.raises(ValueError, match="out of range"):
        perceptron.Table({"b": [5, 10]}, 3)
    with pytest.raises(TypeError):
        perceptron.Table({"b": 3.5}, 3)
    with pytest.raises(TypeError):
        perceptron.Table({7: "0 1"}, 3)
    table = perceptron.Table({"b": "0 10 2 -4", "c": [1, 7]}, 3)
    assert table.row("b") == [(0, 10), (2, -4)] and table.row("c") == [(1, 7)] and table.row("x") == []
    assert table.pairs() == 3


def test_bad_word_parts_are_refused() -> None:
    model = default_tagger()
    table = model._table
    assert table is not None
    with pytest.raises(TypeError, match="7-tuple"):
        perceptron.tag(table, ["word"], {}, lambda token: (token,), model.labels)
    with pytest.raises(ZeroDivisionError):
        perceptron.tag(table, ["word"], {}, lambda token: 1 // 0, model.labels)
    cache: dict[str, tuple[str, str, str, str, str, int, int]] = {}
    assert perceptron.tag(table, ["Astana", "Astana"], cache, model._token_parts, model.labels)
    assert list(cache) == ["Astana"]  # made once, then read from the cache


def test_bad_parser_input_is_refused() -> None:
    parser = Parser.load()
    labels, r = parser._class_labels, parser.n_labels
    assert parser._table is not None
    with pytest.raises(ValueError, match="no words"):
        perceptron.parse(parser._table, ["<root>", "-"], ["ROOT", "-"], labels, r)
    with pytest.raises(TypeError, match="tags"):
        perceptron.parser_feature_hashes(["x", "<root>", "-"], ["NOUN", "ROOT", 3], labels, r, [])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="not allowed"):
        perceptron.parser_feature_hashes(["x", "<root>", "-"], ["NOUN", "ROOT", "-"], labels, r, [2 * r + 1])
