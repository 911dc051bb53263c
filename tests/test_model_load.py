"""The model files: their packed weights (tagger.pack_weights), loading, and saving again.

The weight digests pin the shipped weights to those the training scripts wrote
in the first format (rows as JSON lists or "class weight ..." strings), before
the rows were packed: a conversion or a retrain that changes one weight fails.
"""

from __future__ import annotations

import binascii
import gzip
import hashlib
import json
import random
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from multivector.text import _perceptron as perceptron
from multivector.text import parser as parser_module
from multivector.text import tagger as tagger_module
from multivector.text.parser import Parser, default_parser
from multivector.text.tagger import Tagger, WeightRows, default_tagger, pack_weights, read_model, weight_table
from multivector.text.train_tagger import write_model

WEIGHT_DIGESTS = {  # sha256 of the rows as json.dumps([feature, [class, weight, ...]]) lines, features sorted
    "tagger": "31665793800e3c8666985255dcd63c577e4cacff2922f95a826e466a27f285df",
    "parser": "a4a2cfbf8be03f29442f7d913f55cfcbebd5eca03f9efc9d5021c665af70fc51",
}
SENTENCES = [
    "Russia and Kazakhstan signed eleven memoranda on Thursday .",
    "Ukraine was attacked by Russian troops , officials said .",
    "Tokayev didn't meet Putin in Moscow , but they agreed to hold talks next week .",
    "See https://example.org/a or write to desk@example.org !",
    "Токаев met Erdoğan and Xi — again .",
]
MODULES = {"tagger": tagger_module, "parser": parser_module}


def shipped(kind: str) -> bytes:
    return resources.files("multivector").joinpath(*MODULES[kind].MODEL_RESOURCE).read_bytes()


def flat_rows(packed: dict[str, str]) -> dict[str, list[int]]:
    return {feat: [x for pair in pairs for x in pair] for feat, pairs in WeightRows(packed).items()}


def analysed(tagger: Tagger, parser: Parser) -> list[Any]:
    out = []
    for sentence in SENTENCES:
        words = sentence.split()
        tags = tagger.tag(words)
        out.append((tags, tagger.analyse(words), parser.parse(words, [upos for upos, _ in tags])))
    return out


def random_rows(rng: random.Random, n_classes: int) -> dict[str, list[int]]:
    """Rows with what the format must carry exactly: shared prefixes beyond 255 code points,
    non-ASCII and non-BMP features, the empty feature, int32 extremes, one-pair rows."""
    long = "x" * 300
    feats = {"", "b", "bb", "s0w ü", "s0w ü𝔘", "s0w 😀 z", long + "a", long + "b", long, "w 1,200"}
    feats |= {"".join(rng.choice("ab ü𝔘") for _ in range(rng.randrange(1, 8))) for _ in range(300)}
    rows = {}
    for feat in feats:
        classes = sorted(rng.sample(range(n_classes), rng.randrange(1, min(n_classes, 12) + 1)))
        rows[feat] = [x for c in classes for x in (c, rng.choice([-(2**31), 2**31 - 1, rng.randrange(-99999, 99999)]))]
    return rows


@pytest.mark.parametrize("kind", ["tagger", "parser"])
def test_shipped_model_holds_the_trained_weights(kind: str) -> None:
    data = shipped(kind)
    assert gzip.decompress(data).isascii()  # ASCII JSON parses faster than UTF-8
    model = read_model(data)
    assert model["format"] == MODULES[kind].MODEL_FORMAT
    assert "CC BY-SA 4.0" in model["info"]["data"]
    rows = flat_rows(model["weights"])
    digest = hashlib.sha256()
    for feat, flat in rows.items():
        digest.update(json.dumps([feat, flat]).encode() + b"\n")
    assert digest.hexdigest() == WEIGHT_DIGESTS[kind]
    assert pack_weights(rows) == model["weights"]  # what the training scripts write from these rows


@pytest.mark.parametrize("kind", ["tagger", "parser"])
def test_a_saved_model_is_the_same_file_and_predicts_the_same(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "again.json.gz"
    assert write_model(read_model(shipped(kind)), path) == shipped(kind)
    tagger = Tagger.load(path) if kind == "tagger" else default_tagger()
    parser = Parser.load(path) if kind == "parser" else default_parser()
    assert analysed(tagger, parser) == analysed(default_tagger(), default_parser())


def test_the_python_path_reads_the_same_weights() -> None:
    tagger = Tagger(read_model(shipped("tagger")), compiled=False)
    parser = Parser(read_model(shipped("parser")), compiled=False)
    assert not tagger.compiled and not parser.compiled
    expected = analysed(default_tagger(), default_parser())
    assert analysed(tagger, parser) == expected
    assert [upos for upos, _ in expected[0][0]] == ["PROPN", "CCONJ", "PROPN", "VERB", "NUM", "NOUN", "ADP", "PROPN",
                                                    "PUNCT"]


def test_pack_and_read_back_exactly() -> None:
    rng = random.Random(3)
    rows = random_rows(rng, 300)
    packed = pack_weights(rows)
    assert flat_rows(packed) == rows and list(flat_rows(packed)) == sorted(rows)
    table = weight_table(packed, 300)
    assert table.pairs() == sum(len(flat) // 2 for flat in rows.values())
    for feat, flat in rows.items():
        assert table.row(feat) == list(zip(flat[0::2], flat[1::2], strict=True)), feat
    assert table.row("not a feature") == []
    assert WeightRows(packed).get("not a feature") is None and len(WeightRows(packed)) == len(rows)
    empty = pack_weights({})
    assert flat_rows(empty) == {} and weight_table(empty, 3).pairs() == 0


def test_the_table_hashes_front_coded_features_as_whole_strings() -> None:
    rows = {"s0w.b0w a b": [0, 1], "s0w.b0w a c": [1, 2], "s0w.b0wt a b/NOUN": [2, 3], "s1w 😀": [0, 4]}
    table = weight_table(pack_weights(rows), 3)
    whole = perceptron.Table(rows, 3)
    for feat in rows:
        assert table.row(feat) == whole.row(feat)


def test_weights_out_of_range_are_not_packed() -> None:
    with pytest.raises(OverflowError):
        pack_weights({"b": [0, 2**31]})
    with pytest.raises(OverflowError):
        pack_weights({"b": [-1, 5]})
    with pytest.raises(ValueError, match="cannot pack"):
        pack_weights({"two\nlines": [0, 1]})
    with pytest.raises(ValueError, match="cannot pack"):
        pack_weights({"b": [0, 1, 2]})


def broken(packed: dict[str, str], **changes: bytes | str) -> dict[str, str]:
    out = dict(packed)
    for name, value in changes.items():
        out[name] = value if isinstance(value, str) else binascii.b2a_base64(value, newline=False).decode()
    return out


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"features": "a"}, "fewer lines"),
        ({"features": "a\nb\nc"}, "more lines"),
        ({"shared": bytes([0, 0, 0])}, "one count per feature"),
        ({"counts": b"\x01\x00\x01\x00"}, "a class and a value per pair"),
        ({"classes": b"\x07\x00\x01\x00\x02\x00"}, "class out of range"),
        ({"shared": bytes([0, 5])}, "prefix longer"),
        ({"features": "a\nb", "shared": bytes([0, 0])}, None),
    ],
)
def test_broken_packed_weights_are_refused(changes: dict[str, bytes | str], message: str | None) -> None:
    packed = pack_weights({"a": [0, 1], "ab": [1, 2, 2, -3]})
    if message is None:  # the control: well formed, other features
        assert weight_table(broken(packed, **changes), 3).row("b") == [(1, 2), (2, -3)]
        return
    with pytest.raises(ValueError, match=message):
        weight_table(broken(packed, **changes), 3)


def test_broken_packed_weights_are_refused_in_python() -> None:
    packed = pack_weights({"a": [0, 1], "ab": [1, 2, 2, -3]})
    for changes in ({"features": "a\nab\nc"}, {"counts": b"\x01\x00\x01\x00"}, {"values": b"\x00" * 8}):
        with pytest.raises(ValueError, match="do not match"):
            WeightRows(broken(packed, **changes))
    with pytest.raises(binascii.Error):
        WeightRows(broken(packed, values="not base64!"))


@pytest.mark.parametrize("kind", ["tagger", "parser"])
def test_other_files_are_refused(kind: str, tmp_path: Path) -> None:
    loader = Tagger if kind == "tagger" else Parser
    old = tmp_path / "old.json.gz"
    old.write_bytes(gzip.compress(json.dumps({"format": f"multivector-{kind}/1", "weights": {"b": [0, 1]}}).encode()))
    with pytest.raises(ValueError, match=f"not a multivector-{kind}/2 model: 'multivector-{kind}/1'"):
        loader.load(old)
    plain = tmp_path / "plain.json"
    plain.write_text("{}")
    with pytest.raises(ValueError, match="not a gzipped model file"):
        loader.load(plain)
    truncated = tmp_path / "truncated.json.gz"
    truncated.write_bytes(shipped(kind)[:1000])
    with pytest.raises(ValueError, match="not a gzipped model file"):
        loader.load(truncated)


def test_an_unreadable_parser_model_is_said_not_silently_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    from multivector.events.code import optional_parser
    from multivector.text import parser

    def broken() -> None:
        raise ValueError("not a multivector-parser/2 model: 'multivector-parser/1'")

    monkeypatch.setattr(parser, "default_parser", broken)
    with pytest.warns(RuntimeWarning, match="word-order rules only"):
        assert optional_parser() is None
