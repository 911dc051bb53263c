"""Train the dependency parser of ``multivector.text.parser`` on UD English EWT.

    python -m multivector.text.train_parser --ud ../shared/data/ud_english_ewt \\
        --out multivector/data/models/parser-en.json.gz

Reads en_ewt-ud-{train,dev,test}.conllu, tags every sentence with the shipped
tagger (``multivector.text.tagger``) so that the parser learns from and is
scored on the tags it will see at run time, trains an arc-hybrid parser with a
dynamic oracle and an averaged perceptron on the projective train sentences
(fixed seed, so the same input gives a byte-identical model), prints UAS and
LAS on dev and test (predicted and gold tags) and writes the model as gzipped
JSON (sorted keys, gzip mtime 0). Standard library only.
"""

from __future__ import annotations

import random
import struct
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from multivector.text.parser import (
    MODEL_FORMAT,
    NONE,
    ROOT_LABEL,
    Configuration,
    Parser,
    best_valid,
    class_move,
    features,
    valid_moves,
    word_features,
)
from multivector.text.tagger import Tagger, WeightRows, default_tagger, pack_weights, plain
from multivector.text.train_tagger import training_arguments, write_model

SEED = 1
ITERATIONS = 14
PRUNE_BELOW = 1.0  # drop averaged weights of smaller magnitude (keeps the model under 8 MB)
DENSE_MIN = 8
_OFFSET = 1 << 40


@dataclass(frozen=True, slots=True)
class Sentence:
    forms: list[str]
    gold_tags: list[str]
    heads: list[int]  # 0-based, -1 for the root
    deprels: list[str]


def read_conllu(path: Path) -> list[Sentence]:
    """Sentences of syntactic words (multiword-token ranges and empty nodes skipped)."""
    sentences: list[Sentence] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            sentences.append(
                Sentence(
                    [plain(r[1]) for r in rows],
                    [r[3] for r in rows],
                    [int(r[6]) - 1 for r in rows],
                    [r[7] for r in rows],
                )
            )
            rows.clear()

    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                flush()
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 10 or not cols[0].isdigit():
                continue
            rows.append(cols)
    flush()
    return sentences


def is_projective(heads: Sequence[int]) -> bool:
    """Whether no two arcs cross (the root arc counts as coming from position n)."""
    n = len(heads)
    arcs = [(min(d, n if h < 0 else h), max(d, n if h < 0 else h)) for d, h in enumerate(heads)]
    for a1, b1 in arcs:
        for a2, b2 in arcs:
            if a1 < a2 < b1 < b2:
                return False
    return True


def predicted_tags(tagger: Tagger, sentences: Iterable[Sentence]) -> list[list[str]]:
    return [[upos for upos, _, _ in tagger.analyse(s.forms)] for s in sentences]


def _pack(pairs: Iterable[tuple[int, int]], n: int) -> int:
    fields = [_OFFSET] * n
    for i, weight in pairs:
        fields[i] += weight
    return int.from_bytes(struct.pack(f"<{n}Q", *fields), "little")


class Perceptron:
    """Averaged perceptron with integer updates (training only).

    Rows with many classes are packed into big integers as at run time, so
    scoring stays fast; averaging uses the Daumé trick (average = w - u / c,
    where u sums c * delta over the updates).
    """

    def __init__(self, n_classes: int) -> None:
        self.n = n_classes
        self.dense: dict[str, int] = {}
        self.sparse: dict[str, dict[int, int]] = {}
        self.acc: dict[str, dict[int, int]] = {}
        self.c = 1
        self._unpack = struct.Struct(f"<{n_classes}Q").unpack
        self._nbytes = 8 * n_classes
        self._empty = _pack((), n_classes)
        self._shifts = [1 << (64 * i) for i in range(n_classes)]

    def scores(self, feats: Sequence[str]) -> list[int]:
        dense = self.dense
        sparse = self.sparse
        total = self._empty
        corrections: list[dict[int, int]] = []
        for feat in feats:
            packed = dense.get(feat)
            if packed is not None:
                total += packed
            else:
                row = sparse.get(feat)
                if row is not None:
                    corrections.append(row)
        scores = list(self._unpack(total.to_bytes(self._nbytes, "little")))
        for row in corrections:
            for j, weight in row.items():
                scores[j] += weight
        return scores

    def update(self, truth: int, guess: int, feats: Sequence[str]) -> None:
        c = self.c
        dense = self.dense
        sparse = self.sparse
        acc = self.acc
        delta = self._shifts[truth] - self._shifts[guess]
        for feat in feats:
            packed = dense.get(feat)
            if packed is not None:
                dense[feat] = packed + delta
            else:
                row = sparse.get(feat)
                if row is None:
                    row = sparse[feat] = {}
                row[truth] = row.get(truth, 0) + 1
                row[guess] = row.get(guess, 0) - 1
                if len(row) >= DENSE_MIN:
                    dense[feat] = _pack(row.items(), self.n)
                    del sparse[feat]
            arow = acc.get(feat)
            if arow is None:
                arow = acc[feat] = {}
            arow[truth] = arow.get(truth, 0) + c
            arow[guess] = arow.get(guess, 0) - c

    def averaged(self, prune: float) -> dict[str, list[int]]:
        """Averaged weights in thousandths, |w| >= prune kept, as {feature: [class, weight, ...]}."""
        out: dict[str, list[int]] = {}
        c = self.c
        for feat in sorted(self.acc):
            packed = self.dense.get(feat)
            if packed is not None:
                fields = self._unpack(packed.to_bytes(self._nbytes, "little"))
                row = {i: v - _OFFSET for i, v in enumerate(fields) if v != _OFFSET}
            else:
                row = self.sparse.get(feat, {})
            arow = self.acc[feat]
            flat: list[int] = []
            for cls in sorted(set(row) | set(arow)):
                value = round((row.get(cls, 0) - arow.get(cls, 0) / c) * 1000)
                if value and abs(value) >= prune * 1000:
                    flat += [cls, value]
            if flat:
                out[feat] = flat
        return out


def oracle(
    scores: Sequence[int],
    state: Configuration,
    gold_heads: Sequence[int],
    gold_classes: tuple[Sequence[int], Sequence[int]],
    gold_children: Sequence[Sequence[int]],
    n_labels: int,
) -> int:
    """The best-scoring zero-cost class (arc-hybrid dynamic oracle), or -1 if every move costs."""
    stack = state.stack
    b0 = state.b0
    n = state.n
    heads = state.heads
    can_shift, can_left, can_right = valid_moves(len(stack), b0, n)
    best = -1
    best_score = 0
    s0 = stack[-1] if stack else -1
    if can_shift:
        h = gold_heads[b0]
        lost = (h < b0 and h != s0 and heads[h] < 0) or any(c < b0 and heads[c] < 0 for c in gold_children[b0])
        if not lost:
            best, best_score = 0, scores[0]
    if not stack:
        return best
    s1 = stack[-2] if len(stack) > 1 else -1
    h = gold_heads[s0]
    children_lost = any(c >= b0 for c in gold_children[s0])
    if children_lost:
        return best
    if can_left and not (h == s1 or h > b0):
        if b0 == n:
            cls = n_labels + 1
        elif h == b0:
            cls = gold_classes[0][s0]
        else:
            part = scores[1 : n_labels + 1]
            cls = 1 + part.index(max(part))
        if best < 0 or scores[cls] > best_score:
            best, best_score = cls, scores[cls]
    if can_right and not h >= b0:
        if h == s1:
            cls = gold_classes[1][s0]
        else:
            part = scores[n_labels + 2 :]
            cls = n_labels + 2 + part.index(max(part))
        if best < 0 or scores[cls] > best_score:
            best = cls
    return best


def train_perceptron(
    sentences: Sequence[Sentence],
    tags: Sequence[Sequence[str]],
    labels: list[str],
    iterations: int,
    seed: int,
) -> Perceptron:
    r = len(labels)
    label_ids = {label: i for i, label in enumerate(labels)}
    class_labels = [NONE, *labels, ROOT_LABEL, *labels]
    moves = [class_move(c, r) for c in range(2 * r + 2)]
    prepared: list[tuple[list[str], list[str], list[int], tuple[list[int], list[int]], list[list[int]]]] = []
    for sentence, sentence_tags in zip(sentences, tags, strict=True):
        n = len(sentence.forms)
        w, t = word_features(sentence.forms, sentence_tags)
        heads = [n if h < 0 else h for h in sentence.heads]
        left_classes = [r + 1 if rel == ROOT_LABEL else 1 + label_ids[rel] for rel in sentence.deprels]
        right_classes = [-1 if rel == ROOT_LABEL else r + 2 + label_ids[rel] for rel in sentence.deprels]
        children: list[list[int]] = [[] for _ in range(n + 2)]
        for d, h in enumerate(heads):
            children[h].append(d)
        prepared.append((w, t, heads + [-1, -1], (left_classes, right_classes), children))
    model = Perceptron(2 * r + 2)
    rng = random.Random(seed)
    order = list(range(len(prepared)))
    for it in range(iterations):
        started = time.perf_counter()
        rng.shuffle(order)
        correct = total = 0
        for k in order:
            w, t, gold_heads, gold_classes, children = prepared[k]
            n = len(w) - 2
            state = Configuration(n)
            while not state.terminal:
                feats = features(w, t, state.labels, state.lefts, state.rights, state.stack, state.b0, n)
                scores = model.scores(feats)
                guess = best_valid(scores, len(state.stack), state.b0, n, r)
                best = oracle(scores, state, gold_heads, gold_classes, children, r)
                if best >= 0 and best != guess:
                    model.update(best, guess, feats)
                model.c += 1
                follow = best if it == 0 and best >= 0 else guess
                state.apply(moves[follow], class_labels[follow])
            for d in range(n):
                total += 1
                correct += state.heads[d] == gold_heads[d]
        print(
            f"iteration {it + 1}/{iterations}: train UAS {correct / total:.4f} "
            f"({time.perf_counter() - started:.0f}s, {len(model.dense)} dense and {len(model.sparse)} sparse rows)",
            file=sys.stderr,
        )
    return model


@dataclass
class Scores:
    words: int = 0
    uas: int = 0
    las: int = 0

    def as_dict(self) -> dict[str, Any]:
        n = self.words or 1
        return {"words": self.words, "uas": round(self.uas / n, 4), "las": round(self.las / n, 4)}

    def text(self) -> str:
        n = self.words or 1
        return f"UAS {self.uas / n:.2%}, LAS {self.las / n:.2%}"


def evaluate(parser: Parser, sentences: Sequence[Sentence], tags: Sequence[Sequence[str]]) -> Scores:
    """Attachment scores over all words, punctuation included; LAS compares full labels (with subtypes)."""
    scores = Scores()
    for sentence, sentence_tags in zip(sentences, tags, strict=True):
        for (head, rel), gold_head, gold_rel in zip(
            parser.parse(sentence.forms, sentence_tags), sentence.heads, sentence.deprels, strict=True
        ):
            scores.words += 1
            if head == gold_head:
                scores.uas += 1
                scores.las += rel == gold_rel
    return scores


def build_model(
    train: Sequence[Sentence],
    tags: Sequence[Sequence[str]],
    iterations: int = ITERATIONS,
    seed: int = SEED,
    prune: float = PRUNE_BELOW,
) -> dict[str, Any]:
    kept = [i for i, s in enumerate(train) if is_projective(s.heads)]
    labels = sorted({rel for s in train for rel in s.deprels if rel != ROOT_LABEL})
    model = train_perceptron([train[i] for i in kept], [tags[i] for i in kept], labels, iterations, seed)
    return {
        "format": MODEL_FORMAT,
        "labels": labels,
        "weights": pack_weights(model.averaged(prune)),
        "info": {
            "data": "UD English EWT (CC BY-SA 4.0), en_ewt-ud-train.conllu, tagged with the shipped tagger",
            "iterations": iterations,
            "seed": seed,
            "prune_below": prune,
            "train_sentences": len(kept),
            "non_projective_skipped": len(train) - len(kept),
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = training_arguments(__doc__, ITERATIONS, SEED, PRUNE_BELOW).parse_args(argv)

    started = time.perf_counter()
    splits = {name: read_conllu(args.ud / f"en_ewt-ud-{name}.conllu") for name in ("train", "dev", "test")}
    tagger = default_tagger()
    tags = {name: predicted_tags(tagger, sentences) for name, sentences in splits.items()}
    model = build_model(splits["train"], tags["train"], args.iterations, args.seed, args.prune)
    info = model["info"]
    print(
        f"trained on {info['train_sentences']} sentences ({info['non_projective_skipped']} non-projective skipped) "
        f"in {time.perf_counter() - started:.0f}s"
    )
    dep_parser = Parser(model)
    for name in ("dev", "test"):
        predicted = evaluate(dep_parser, splits[name], tags[name])
        gold = evaluate(dep_parser, splits[name], [s.gold_tags for s in splits[name]])
        print(f"{name}: {predicted.words} words, predicted tags {predicted.text()}; gold tags {gold.text()}")
        info[name] = {"predicted_tags": predicted.as_dict(), "gold_tags": gold.as_dict()}
    data = write_model(model, args.out)
    print(
        f"wrote {args.out} ({len(data) / 1e6:.2f} MB, {len(WeightRows(model['weights']))} features) "
        f"in {time.perf_counter() - started:.0f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
