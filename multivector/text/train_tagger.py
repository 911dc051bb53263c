"""Train the tagger and lemmatiser of ``multivector.text.tagger`` on UD English EWT.

    python -m multivector.text.train_tagger --ud ../shared/data/ud_english_ewt \\
        --out multivector/data/models/tagger-en.json.gz

Reads en_ewt-ud-{train,dev,test}.conllu, trains an averaged perceptron on train
(fixed seed, so the same input gives a byte-identical model), prints UPOS, XPOS
and lemma accuracy on dev and test, and writes the model as gzipped JSON
(sorted keys, gzip mtime 0). Standard library only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from multivector.text.tagger import (
    KNOWN_FOR,
    MODEL_FORMAT,
    START,
    Tagger,
    WeightRows,
    dynamic_features,
    dynamic_keys,
    normalise,
    pack_weights,
    plain,
    rule_lemma,
    static_features,
)

SEED = 1
ITERATIONS = 7
TAGDICT_MIN_COUNT = 20
TAGDICT_MIN_SHARE = 0.97
LEMMA_MIN_COUNT = 2
LEXICON_MIN_COUNT = 3
LEXICON_MIN_SHARE = 0.1
PRUNE_BELOW = 0.5  # drop averaged weights of smaller magnitude
NUMBER_WORDS = """
two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen
nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion trillion
"""
KNOWN_GROUPS = {"VERB": ("VERB", "AUX"), "NOUN": ("NOUN",), "ADJ": ("ADJ",), "ADV": ("ADV", "ADJ")}


@dataclass(frozen=True, slots=True)
class Word:
    form: str
    lemma: str
    upos: str
    xpos: str

    @property
    def label(self) -> str:
        return self.upos + " " + self.xpos


Sentence = list[Word]


def read_conllu(path: Path) -> list[Sentence]:
    """Sentences of syntactic words (multiword-token ranges and empty nodes skipped)."""
    sentences: list[Sentence] = []
    current: Sentence = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                if current:
                    sentences.append(current)
                    current = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 10 or not cols[0].isdigit():
                continue
            current.append(Word(plain(cols[1]), cols[2], cols[3], cols[4]))
    if current:
        sentences.append(current)
    return sentences


def build_tagdict(sentences: Sequence[Sentence]) -> dict[str, str]:
    """Frequent words that (nearly) always carry one label, by exact form.

    Cardinal number words are added ("eleven" is rare in EWT but never anything
    but NUM), unless the training data says otherwise.
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for sentence in sentences:
        for word in sentence:
            counts[word.form][word.label] += 1
    tagdict: dict[str, str] = {}
    for form in sorted(counts):
        label = _most_common(counts[form])
        n = counts[form][label]
        total = sum(counts[form].values())
        if total >= TAGDICT_MIN_COUNT and n / total >= TAGDICT_MIN_SHARE:
            tagdict[form] = label
    for number in NUMBER_WORDS.split():
        for form in (number, number.capitalize(), number.upper()):
            seen = counts.get(form)
            if form not in tagdict and (not seen or seen["NUM CD"] / sum(seen.values()) >= TAGDICT_MIN_SHARE):
                tagdict[form] = "NUM CD"
    return tagdict


class Perceptron:
    """Averaged multiclass perceptron over interned features and labels (training only)."""

    def __init__(self, n_labels: int) -> None:
        self.n_labels = n_labels
        self.weights: dict[int, dict[int, float]] = {}
        self._totals: dict[int, float] = defaultdict(float)
        self._stamps: dict[int, int] = defaultdict(int)
        self.instances = 0

    def predict(self, features: Sequence[int]) -> int:
        scores = [0.0] * self.n_labels
        weights = self.weights
        for feat in features:
            row = weights.get(feat)
            if row is not None:
                for label, weight in row.items():
                    scores[label] += weight
        best = 0
        best_score = scores[0]
        for label in range(1, self.n_labels):
            if scores[label] > best_score:
                best, best_score = label, scores[label]
        return best

    def update(self, truth: int, guess: int, features: Sequence[int]) -> None:
        self.instances += 1
        if truth == guess:
            return
        n = self.n_labels
        for feat in features:
            row = self.weights.setdefault(feat, {})
            for label, delta in ((truth, 1.0), (guess, -1.0)):
                key = feat * n + label
                weight = row.get(label, 0.0)
                self._totals[key] += (self.instances - self._stamps[key]) * weight
                self._stamps[key] = self.instances
                row[label] = weight + delta

    def averaged(self) -> dict[int, dict[int, float]]:
        n = self.n_labels
        out: dict[int, dict[int, float]] = {}
        for feat, row in self.weights.items():
            new_row: dict[int, float] = {}
            for label, weight in row.items():
                key = feat * n + label
                total = self._totals[key] + (self.instances - self._stamps[key]) * weight
                if total:
                    new_row[label] = total / self.instances
            if new_row:
                out[feat] = new_row
        return out


class FeatureIndex:
    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.names: list[str] = []

    def add(self, name: str) -> int:
        fid = self.ids.get(name)
        if fid is None:
            fid = self.ids[name] = len(self.names)
            self.names.append(name)
        return fid


def build_lexicon(sentences: Sequence[Sentence]) -> dict[str, str]:
    """Normalised word -> the UPOS tags it took (each at least LEXICON_MIN_SHARE of the time)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for sentence in sentences:
        for word in sentence:
            counts[normalise(word.form)][word.upos] += 1
    lexicon: dict[str, str] = {}
    for norm in sorted(counts):
        total = sum(counts[norm].values())
        if total >= LEXICON_MIN_COUNT:
            tags = sorted(t for t, n in counts[norm].items() if n / total >= LEXICON_MIN_SHARE)
            lexicon[norm] = " ".join(tags)
    return lexicon


def train_perceptron(
    sentences: Sequence[Sentence],
    tagdict: dict[str, str],
    lexicon: dict[str, str],
    labels: list[str],
    iterations: int,
    seed: int,
) -> dict[str, dict[str, float]]:
    label_ids = {label: i for i, label in enumerate(labels)}
    index = FeatureIndex()
    prepared: list[tuple[list[str], list[int], list[list[int]], list[tuple[str, str]]]] = []
    for sentence in sentences:
        forms = [w.form for w in sentence]
        static = static_features(forms, lexicon)
        prepared.append(
            (
                forms,
                [label_ids[w.label] for w in sentence],
                [[index.add(f) for f in feats] for feats in static],
                [dynamic_keys(feats) for feats in static],
            )
        )
    model = Perceptron(len(labels))
    rng = random.Random(seed)
    order = list(range(len(prepared)))
    for it in range(iterations):
        started = time.perf_counter()
        rng.shuffle(order)
        correct = total = 0
        for k in order:
            forms, truths, static_ids, keys = prepared[k]
            prev, prev2 = START
            for i, form in enumerate(forms):
                known = tagdict.get(form)
                if known is not None:
                    guess_label = known
                    guess = label_ids[known]
                else:
                    dyn = dynamic_features(keys[i][0], keys[i][1], prev, prev2)
                    feats = static_ids[i] + [index.add(f) for f in dyn]
                    guess = model.predict(feats)
                    model.update(truths[i], guess, feats)
                    guess_label = labels[guess]
                prev2, prev = prev, guess_label
                correct += guess == truths[i]
                total += 1
        print(
            f"iteration {it + 1}/{iterations}: train accuracy {correct / total:.4f} "
            f"({time.perf_counter() - started:.0f}s)",
            file=sys.stderr,
        )
    averaged = model.averaged()
    weights: dict[str, dict[str, float]] = {}
    for fid in sorted(averaged, key=lambda f: index.names[f]):
        row = {labels[label]: weight for label, weight in averaged[fid].items()}
        weights[index.names[fid]] = row
    return weights


def finalise_weights(
    weights: dict[str, dict[str, float]], labels: list[str], prune: float
) -> dict[str, list[int]]:
    """Round to thousandths (stored as integers), drop weights of magnitude below ``prune``.

    Each row becomes a flat list [label index, weight, label index, weight, ...].
    """
    label_ids = {label: i for i, label in enumerate(labels)}
    out: dict[str, list[int]] = {}
    for feat in sorted(weights):
        flat: list[int] = []
        for label in sorted(weights[feat], key=label_ids.__getitem__):
            value = round(weights[feat][label] * 1000)
            if value and abs(value) >= prune * 1000:
                flat += [label_ids[label], value]
        if flat:
            out[feat] = flat
    return out


def known_lemmas(sentences: Sequence[Sentence]) -> dict[str, list[str]]:
    """Lower-case lemmas seen in training per word class: the rules check their guesses against them."""
    out: dict[str, list[str]] = {}
    for key, group in KNOWN_GROUPS.items():
        lemmas = {
            w.lemma.lower()
            for s in sentences
            for w in s
            if w.upos in group and w.lemma.isalpha()
        }
        out[key] = sorted(lemmas)
    return out


def lemma_table(sentences: Sequence[Sentence], known: dict[str, list[str]]) -> dict[str, str]:
    """Lemmas the rules get wrong, for words seen at least LEMMA_MIN_COUNT times.

    Keys are "word<TAB>UPOS"; "word<TAB>UPOS<TAB>XPOS" where the XPOS decides
    ("her" PRP -> "she", "her" PRP$ -> "her").
    """
    by_upos: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    by_xpos: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    for sentence in sentences:
        for w in sentence:
            by_upos[(w.form.lower(), w.upos)][w.lemma.lower()] += 1
            by_xpos[(w.form.lower(), w.upos, w.xpos)][w.lemma.lower()] += 1
    known_sets = {k: frozenset(v) for k, v in known.items()}

    def rule(word: str, upos: str, xpos: str) -> str:
        return rule_lemma(word, upos, xpos, known_sets.get(KNOWN_FOR.get(upos, ""), frozenset()))

    xpos_counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for (word, upos, xpos), counts in by_xpos.items():
        xpos_counts[(word, upos)][xpos] += sum(counts.values())
    table: dict[str, str] = {}
    for (word, upos), counts in sorted(by_upos.items()):
        if sum(counts.values()) < LEMMA_MIN_COUNT:
            continue
        best = _most_common(counts)
        xpos = _most_common(xpos_counts[(word, upos)])
        if rule(word, upos, xpos) != best:
            table[word + "\t" + upos] = best
    for (word, upos, xpos), counts in sorted(by_xpos.items()):
        if sum(counts.values()) < LEMMA_MIN_COUNT:
            continue
        best = _most_common(counts)
        if table.get(word + "\t" + upos, rule(word, upos, xpos)) != best:
            table[word + "\t" + upos + "\t" + xpos] = best
    return table


def _most_common(counts: Counter[str]) -> str:
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


@dataclass
class Scores:
    tokens: int = 0
    upos: int = 0
    xpos: int = 0
    lemma: int = 0
    lemma_gold_tags: int = 0

    def line(self, name: str) -> str:
        n = self.tokens or 1
        return (
            f"{name}: {self.tokens} words, UPOS {self.upos / n:.2%}, XPOS {self.xpos / n:.2%}, "
            f"lemma {self.lemma / n:.2%} (with gold tags {self.lemma_gold_tags / n:.2%})"
        )

    def as_dict(self) -> dict[str, Any]:
        n = self.tokens or 1
        return {
            "words": self.tokens,
            "upos": round(self.upos / n, 4),
            "xpos": round(self.xpos / n, 4),
            "lemma": round(self.lemma / n, 4),
            "lemma_gold_tags": round(self.lemma_gold_tags / n, 4),
        }


def evaluate(tagger: Tagger, sentences: Sequence[Sentence]) -> Scores:
    scores = Scores()
    for sentence in sentences:
        forms = [w.form for w in sentence]
        for w, (upos, xpos, lemma) in zip(sentence, tagger.analyse(forms), strict=True):
            scores.tokens += 1
            scores.upos += upos == w.upos
            scores.xpos += xpos == w.xpos
            gold = w.lemma.lower()
            scores.lemma += lemma == gold
            scores.lemma_gold_tags += tagger.lemma(w.form, w.upos, w.xpos) == gold
    return scores


def build_model(
    train: Sequence[Sentence], iterations: int = ITERATIONS, seed: int = SEED, prune: float = PRUNE_BELOW
) -> dict[str, Any]:
    tagdict = build_tagdict(train)
    labels = sorted({w.label for s in train for w in s})
    lexicon = build_lexicon(train)
    raw = train_perceptron(train, tagdict, lexicon, labels, iterations, seed)
    known = known_lemmas(train)
    return {
        "format": MODEL_FORMAT,
        "labels": labels,
        "weights": pack_weights(finalise_weights(raw, labels, prune)),
        "tagdict": tagdict,
        "lexicon": lexicon,
        "lemmas": lemma_table(train, known),
        "known": known,
        "info": {
            "data": "UD English EWT (CC BY-SA 4.0), en_ewt-ud-train.conllu",
            "iterations": iterations,
            "seed": seed,
            "prune_below": prune,
        },
    }


def write_model(model: dict[str, Any], out: Path) -> bytes:
    """Write a model file (the layout: ``Tagger.load``, ``Parser.load``), the same bytes for the same model."""
    text = json.dumps(model, sort_keys=True, separators=(",", ":"))  # ASCII: it parses faster than UTF-8
    data = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return data


def training_arguments(doc: str | None, iterations: int, seed: int, prune: float) -> argparse.ArgumentParser:
    """The command line shared by the tagger and parser trainers."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0] if doc else None)
    parser.add_argument("--ud", type=Path, required=True, help="directory with en_ewt-ud-{train,dev,test}.conllu")
    parser.add_argument("--out", type=Path, required=True, help="model file to write (.json.gz)")
    parser.add_argument("--iterations", type=int, default=iterations, help="training passes")
    parser.add_argument("--seed", type=int, default=seed, help="shuffle seed")
    parser.add_argument("--prune", type=float, default=prune, help="drop weights below this magnitude")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = training_arguments(__doc__, ITERATIONS, SEED, PRUNE_BELOW).parse_args(argv)

    started = time.perf_counter()
    splits = {name: read_conllu(args.ud / f"en_ewt-ud-{name}.conllu") for name in ("train", "dev", "test")}
    model = build_model(splits["train"], args.iterations, args.seed, args.prune)
    tagger = Tagger(model)
    for name in ("dev", "test"):
        scores = evaluate(tagger, splits[name])
        print(scores.line(name))
        model["info"][name] = scores.as_dict()
    data = write_model(model, args.out)
    print(
        f"wrote {args.out} ({len(data) / 1e6:.2f} MB, {len(WeightRows(model['weights']))} features, "
        f"{len(model['tagdict'])} tag-dictionary words, {len(model['lemmas'])} lemma exceptions) "
        f"in {time.perf_counter() - started:.0f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
