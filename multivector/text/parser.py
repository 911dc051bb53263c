"""Dependency parser for English (UD basic relations), trained by the project on UD English EWT.

A greedy transition-based parser: the arc-hybrid system (Kuhlmann, Gómez-Rodríguez
and Satta 2011) trained with a dynamic oracle (Goldberg and Nivre 2013) and an
averaged perceptron (Collins 2002) over the classic feature templates of Zhang
and Nivre (2011), in the style of Honnibal's "Parsing English in 500 lines of
Python". Transitions and labels are predicted together (LEFT-nsubj, RIGHT-obj,
...). The model is trained by ``python -m multivector.text.train_parser`` (see
``multivector/data/models/README.md``) and shipped as gzipped JSON; nothing is
fetched at run time.

The input is a tokenised sentence and its UPOS tags, as given by
``multivector.text.tagger.default_tagger().tag(words)``:

    >>> words = "Russia signed a new agreement .".split()
    >>> tags = [upos for upos, _ in default_tagger().tag(words)]
    >>> default_parser().parse(words, tags)
    [(1, 'nsubj'), (-1, 'root'), (4, 'det'), (4, 'amod'), (1, 'obj'), (1, 'punct')]

Each word gets (head index, 0-based, -1 for the root; deprel). Labels are the UD
relations with the EWT subtypes (nsubj:pass, obl:agent, nmod:poss, acl:relcl,
compound:prt, obl:tmod, ...). There is exactly one root; trees are projective.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from multivector.text.tagger import COMPILED, Pairs, WeightRows, normalise, plain, read_model, weight_table

if COMPILED:
    from multivector.text import _perceptron

MODEL_FORMAT = "multivector-parser/2"
MODEL_RESOURCE = ("data", "models", "parser-en.json.gz")
ROOT_LABEL = "root"
ROOT_WORD = "<root>"
ROOT_TAG = "ROOT"
NONE = "-"
SHIFT, LEFT, RIGHT = 0, 1, 2
_DENSE_MIN = 8  # rows with at least this many classes are packed (see Parser)
_OFFSET = 1 << 40  # per-field offset of packed rows
_ROW_CACHE_SIZE = 2_000_000  # decoded rows (and unknown features) kept

# ---------------------------------------------------------------------------
# Transition system and features (shared with the training script: change them and retrain).
#
# Words are 0..n-1; index n is the artificial root, which stays at the end of the
# buffer; index n+1 stands for "no word". The stack holds indices; the buffer is
# b0..n. Classes: 0 = SHIFT, 1+i = LEFT with label i, 1+R = LEFT-root (only when
# b0 is the root and the stack has one word), 2+R+i = RIGHT with label i, where R
# is the number of labels other than "root".
# ---------------------------------------------------------------------------


def class_move(cls: int, n_labels: int) -> int:
    """SHIFT, LEFT or RIGHT for a class index (``n_labels`` = R, labels other than root)."""
    if cls == 0:
        return SHIFT
    return LEFT if cls <= n_labels + 1 else RIGHT


def valid_moves(stack_size: int, b0: int, n: int) -> tuple[bool, bool, bool]:
    """Whether SHIFT, LEFT and RIGHT are allowed (LEFT onto the root only with one word on the stack)."""
    return b0 < n, stack_size > 0 and (b0 < n or stack_size == 1), stack_size > 1


def best_valid(scores: Sequence[int | float], stack_size: int, b0: int, n: int, n_labels: int) -> int:
    """The best-scoring class allowed in this configuration."""
    can_shift, can_left, can_right = valid_moves(stack_size, b0, n)
    best = -1
    best_score: int | float = 0
    if can_shift:
        best, best_score = 0, scores[0]
    if can_left:
        if b0 == n:
            cls = n_labels + 1
            if best < 0 or scores[cls] > best_score:
                best, best_score = cls, scores[cls]
        else:
            part = scores[1 : n_labels + 1]
            top = max(part)
            if best < 0 or top > best_score:
                best, best_score = 1 + part.index(top), top
    if can_right:
        part = scores[n_labels + 2 :]
        top = max(part)
        if best < 0 or top > best_score:
            best = n_labels + 2 + part.index(top)
    return best


def _bucket(d: int) -> str:
    return str(d) if d < 5 else ("5" if d < 8 else "8")


def features(
    w: Sequence[str],
    t: Sequence[str],
    lab: Sequence[str],
    lefts: Sequence[list[int]],
    rights: Sequence[list[int]],
    stack: Sequence[int],
    b0: int,
    n: int,
) -> list[str]:
    """Feature strings of a configuration.

    ``w``, ``t``, ``lab``: normalised words, tags and attached labels, each of
    length n+2 (index n the root, n+1 "no word"); ``lefts``/``rights``: the left
    children (nearest first) and right children (nearest first) of each index.
    """
    nul = n + 1
    depth = len(stack)
    s0 = stack[-1] if depth else nul
    s1 = stack[-2] if depth > 1 else nul
    s2 = stack[-3] if depth > 2 else nul
    b1 = b0 + 1 if b0 < n else nul
    b2 = b0 + 2 if b0 + 1 < n else nul
    b3 = b0 + 3 if b0 + 2 < n else nul
    ls0 = lefts[s0]
    rs0 = rights[s0]
    lb0 = lefts[b0]
    rs1 = rights[s1]
    s0l = ls0[-1] if ls0 else nul
    s0l2 = ls0[-2] if len(ls0) > 1 else nul
    s0r = rs0[-1] if rs0 else nul
    s0r2 = rs0[-2] if len(rs0) > 1 else nul
    b0l = lb0[-1] if lb0 else nul
    b0l2 = lb0[-2] if len(lb0) > 1 else nul
    s1r = rs1[-1] if rs1 else nul

    ws0, ts0, ws1, ts1, wb0, tb0 = w[s0], t[s0], w[s1], t[s1], w[b0], t[b0]
    wb1, tb1, tb2 = w[b1], t[b1], t[b2]
    ts2 = t[s2]
    s0wt = ws0 + "/" + ts0
    b0wt = wb0 + "/" + tb0
    s1wt = ws1 + "/" + ts1
    if s0 == nul:
        d = "x"
    elif b0 == n:
        d = "r"
    else:
        d = _bucket(b0 - s0)
    d1 = _bucket(s0 - s1) if s1 != nul else "x"
    vl0 = str(len(ls0))
    vr0 = str(len(rs0))
    vlb = str(len(lb0))
    ts0l, ts0r, tb0l = t[s0l], t[s0r], t[b0l]
    ls0l, ls0r, lb0l = lab[s0l], lab[s0r], lab[b0l]
    ls0l2, ls0r2, lb0l2 = lab[s0l2], lab[s0r2], lab[b0l2]
    return [
        "bias",
        "s0w " + ws0,
        "s0t " + ts0,
        "s0wt " + s0wt,
        "s1w " + ws1,
        "s1t " + ts1,
        "s1wt " + s1wt,
        "s2t " + ts2,
        "b0w " + wb0,
        "b0t " + tb0,
        "b0wt " + b0wt,
        "b1w " + wb1,
        "b1t " + tb1,
        "b1wt " + wb1 + "/" + tb1,
        "b2w " + w[b2],
        "b2t " + tb2,
        "b3t " + t[b3],
        # pairs
        "s0wt.b0wt " + s0wt + " " + b0wt,
        "s0wt.b0w " + s0wt + " " + wb0,
        "s0w.b0wt " + ws0 + " " + b0wt,
        "s0wt.b0t " + s0wt + " " + tb0,
        "s0t.b0wt " + ts0 + " " + b0wt,
        "s0w.b0w " + ws0 + " " + wb0,
        "s0t.b0t " + ts0 + " " + tb0,
        "b0t.b1t " + tb0 + " " + tb1,
        "b0w.b1w " + wb0 + " " + wb1,
        "s1t.s0t " + ts1 + " " + ts0,
        "s1w.s0w " + ws1 + " " + ws0,
        "s1wt.s0t " + s1wt + " " + ts0,
        "s1t.s0wt " + ts1 + " " + s0wt,
        "s1t.b0t " + ts1 + " " + tb0,
        "s1w.b0w " + ws1 + " " + wb0,
        # triples
        "b0t.b1t.b2t " + tb0 + " " + tb1 + " " + tb2,
        "s0t.b0t.b1t " + ts0 + " " + tb0 + " " + tb1,
        "s1t.s0t.b0t " + ts1 + " " + ts0 + " " + tb0,
        "s2t.s1t.s0t " + ts2 + " " + ts1 + " " + ts0,
        "s0t.s0lt.b0t " + ts0 + " " + ts0l + " " + tb0,
        "s0t.s0rt.b0t " + ts0 + " " + ts0r + " " + tb0,
        "s0t.b0t.b0lt " + ts0 + " " + tb0 + " " + tb0l,
        "s1t.s0t.s0lt " + ts1 + " " + ts0 + " " + ts0l,
        "s1t.s0t.s0rt " + ts1 + " " + ts0 + " " + ts0r,
        "s1t.s1rt.s0t " + ts1 + " " + t[s1r] + " " + ts0,
        "s0w.b0t.b1t " + ws0 + " " + tb0 + " " + tb1,
        "s0t.b0w.b1t " + ts0 + " " + wb0 + " " + tb1,
        # distance
        "s0w.d " + ws0 + " " + d,
        "s0t.d " + ts0 + " " + d,
        "b0w.d " + wb0 + " " + d,
        "b0t.d " + tb0 + " " + d,
        "s0t.b0t.d " + ts0 + " " + tb0 + " " + d,
        "s0wt.b0wt.d " + s0wt + " " + b0wt + " " + d,
        "s1t.s0t.d1 " + ts1 + " " + ts0 + " " + d1,
        # valency
        "s0w.vr " + ws0 + " " + vr0,
        "s0t.vr " + ts0 + " " + vr0,
        "s0w.vl " + ws0 + " " + vl0,
        "s0t.vl " + ts0 + " " + vl0,
        "b0w.vl " + wb0 + " " + vlb,
        "b0t.vl " + tb0 + " " + vlb,
        # children
        "s0lw " + w[s0l],
        "s0lt " + ts0l,
        "s0ll " + ls0l,
        "s0rw " + w[s0r],
        "s0rt " + ts0r,
        "s0rl " + ls0r,
        "s0l2t " + t[s0l2],
        "s0l2l " + ls0l2,
        "s0r2t " + t[s0r2],
        "s0r2l " + ls0r2,
        "b0lw " + w[b0l],
        "b0lt " + tb0l,
        "b0ll " + lb0l,
        "b0l2t " + t[b0l2],
        "b0l2l " + lb0l2,
        "s1rl " + lab[s1r],
        "s0t.s0ll.s0l2l " + ts0 + " " + ls0l + " " + ls0l2,
        "s0t.s0rl.s0r2l " + ts0 + " " + ls0r + " " + ls0r2,
        "b0t.b0ll.b0l2l " + tb0 + " " + lb0l + " " + lb0l2,
        "s0wt.s0rl " + s0wt + " " + ls0r,
        "s0wt.s0ll " + s0wt + " " + ls0l,
        "b0wt.b0ll " + b0wt + " " + lb0l,
    ]


@lru_cache(maxsize=1 << 16)
def _normalised(word: str) -> str:
    """``normalise(plain(word))`` (a function of the word alone), remembered: every parse
    normalises each word of its sentence, and words recur."""
    return normalise(plain(word))


def word_features(words: Sequence[str], tags: Sequence[str]) -> tuple[list[str], list[str]]:
    """The word and tag arrays ``features`` reads: normalised words and tags plus the root and "no word"."""
    w = [_normalised(word) for word in words]
    w += [ROOT_WORD, NONE]
    t = [*tags, ROOT_TAG, NONE]
    return w, t


class Configuration:
    """A parser state: stack, buffer front, and the arcs built so far (index n = root)."""

    __slots__ = ("n", "stack", "b0", "heads", "labels", "lefts", "rights")

    def __init__(self, n: int) -> None:
        self.n = n
        self.stack: list[int] = []
        self.b0 = 0
        self.heads = [-1] * (n + 2)
        self.labels = [NONE] * (n + 2)
        self.lefts: list[list[int]] = [[] for _ in range(n + 2)]
        self.rights: list[list[int]] = [[] for _ in range(n + 2)]

    @property
    def terminal(self) -> bool:
        return self.b0 >= self.n and not self.stack

    def apply(self, move: int, label: str) -> None:
        if move == SHIFT:
            self.stack.append(self.b0)
            self.b0 += 1
            return
        dep = self.stack.pop()
        head = self.b0 if move == LEFT else self.stack[-1]
        self.heads[dep] = head
        self.labels[dep] = label
        if move == LEFT:
            self.lefts[head].append(dep)
        else:
            self.rights[head].append(dep)


# ---------------------------------------------------------------------------
# The parser.
# ---------------------------------------------------------------------------


class Parser:
    """A trained parser: ``Parser.load()`` then ``parse(words, tags)`` -> [(head, deprel), ...].

    Parsing runs in the compiled module ``_perceptron`` when it is built
    (``compiled``), else in the Python below; both give the same trees.

    The Python path's scoring packs each weight row covering many classes into one big integer (a
    64-bit field per class holding the weight in thousandths plus a constant
    offset), as the tagger does: summing a feature's weights over all classes is
    one C-level addition. Rows with few classes stay sparse pairs, and a row is
    decoded the first time its feature is seen.
    """

    def __init__(self, model: dict[str, Any], compiled: bool = True) -> None:
        if model.get("format") != MODEL_FORMAT:
            raise ValueError(f"not a {MODEL_FORMAT} model: {model.get('format')!r}")
        self.labels: list[str] = list(model["labels"])  # labels other than root
        self.info: dict[str, Any] = model.get("info", {})
        r = len(self.labels)
        self.n_labels = r
        n = 2 * r + 2
        self.n_classes = n
        self._moves = [class_move(c, r) for c in range(n)]
        self._class_labels = [NONE, *self.labels, ROOT_LABEL, *self.labels]
        self._unpack = struct.Struct(f"<{n}Q").unpack
        self._nbytes = 8 * n
        self._rows: dict[str, int | Pairs] = {}
        self._empty = _pack((), n)
        self._table = weight_table(model["weights"], n) if compiled and COMPILED else None
        self._weights = WeightRows(model["weights"]) if self._table is None else None

    @property
    def compiled(self) -> bool:
        """Whether parsing runs in the compiled module (else in Python; the trees are the same)."""
        return self._table is not None

    @classmethod
    def load(cls, path: str | Path | None = None) -> Parser:
        """Load a model file; by default the one shipped in the package.

        A model file (``train_parser`` writes it) is gzipped JSON (ASCII, other characters
        escaped), an object with ``format`` ("multivector-parser/2"; other formats are
        refused), ``labels`` (the relations other than root, which number the classes: see
        the transition system above), ``weights`` (the perceptron's rows, packed as the
        tagger's: ``multivector.text.tagger.pack_weights``) and ``info`` (training data,
        settings and scores).
        """
        if path is None:
            data = resources.files("multivector").joinpath(*MODEL_RESOURCE).read_bytes()
        else:
            data = Path(path).read_bytes()
        return cls(read_model(data))

    def scores(self, feats: Iterable[str]) -> list[int]:
        """Class scores for a configuration's features (thousandths plus one offset common to all classes)."""
        rows = self._rows
        total = self._empty
        corrections: list[tuple[int, int]] = []
        for feat in feats:
            row = rows.get(feat)
            if row is None:
                row = self._decode(feat)
            if isinstance(row, int):
                total += row
            elif row:
                corrections.extend(row)
        scores = list(self._unpack(total.to_bytes(self._nbytes, "little")))
        for j, weight in corrections:
            scores[j] += weight
        return scores

    def _decode(self, feat: str) -> int | Pairs:
        """A feature's row, cached: packed if it covers many classes, else (class, weight) pairs; () if unknown."""
        if self._table is not None:
            pairs: Pairs = tuple(self._table.row(feat))
        else:
            pairs = (self._weights.get(feat) if self._weights is not None else None) or ()
        row = _pack(pairs, self.n_classes) if len(pairs) >= _DENSE_MIN else pairs
        if len(self._rows) >= _ROW_CACHE_SIZE:
            self._rows.clear()
        self._rows[feat] = row
        return row

    def parse(self, words: Sequence[str], tags: Sequence[str]) -> list[tuple[int, str]]:
        """(head index or -1 for the root, deprel) for each word of a tokenised, tagged sentence."""
        if len(words) != len(tags):
            raise ValueError(f"{len(words)} words but {len(tags)} tags")
        n = len(words)
        if n == 0:
            return []
        w, t = word_features(words, tags)
        if self._table is not None:
            heads, classes = _perceptron.parse(self._table, w, t, self._class_labels, self.n_labels)
            return [(h, self._class_labels[c]) for h, c in zip(heads, classes, strict=True)]
        state = Configuration(n)
        r = self.n_labels
        moves = self._moves
        class_labels = self._class_labels
        while not state.terminal:
            feats = features(w, t, state.labels, state.lefts, state.rights, state.stack, state.b0, n)
            best = best_valid(self.scores(feats), len(state.stack), state.b0, n, r)
            state.apply(moves[best], class_labels[best])
        return [(-1 if h == n else h, label) for h, label in zip(state.heads[:n], state.labels[:n], strict=True)]

    def parse_many(self, sentences: Iterable[tuple[Sequence[str], Sequence[str]]]) -> list[list[tuple[int, str]]]:
        return [self.parse(words, tags) for words, tags in sentences]


def _pack(pairs: Iterable[tuple[int, int]], n: int) -> int:
    fields = [_OFFSET] * n
    for i, weight in pairs:
        fields[i] += weight
    return int.from_bytes(struct.pack(f"<{n}Q", *fields), "little")


@lru_cache(maxsize=1)
def default_parser() -> Parser:
    """The packaged English model, loaded once."""
    return Parser.load()


def parse(words: Sequence[str], tags: Sequence[str]) -> list[tuple[int, str]]:
    """(head, deprel) per word with the packaged English model."""
    return default_parser().parse(words, tags)
