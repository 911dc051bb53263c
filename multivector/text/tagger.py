"""Part-of-speech tagger and lemmatiser for English, trained by the project on UD English EWT.

The tagger is a greedy averaged perceptron (Collins 2002; the design popularised
by Honnibal's "A good part-of-speech tagger in about 200 lines of Python"). It
predicts one joint label per token, the UD UPOS tag and the PTB XPOS tag
together ("VERB VBD"): the XPOS half tells the lemmatiser which inflection to
undo. The model is trained by ``python -m multivector.text.train_tagger`` (see
``multivector/data/models/README.md``) and shipped as a gzipped JSON file;
nothing is fetched at run time.

The caller tokenises. Tokens are expected to be split roughly the UD/PTB way
("did" "n't", "Russia" "'s", punctuation apart), as in the training data.

    >>> tag(["Russia", "signed", "eleven", "memoranda", "."])
    [('PROPN', 'russia'), ('VERB', 'sign'), ('NUM', 'eleven'), ('NOUN', 'memorandum'), ('PUNCT', '.')]

Lemmas are lower case. Lemmatisation: a word -> lemma table learned from the
training data for what the rules below cannot predict, then irregular forms
(written here), then suffix rules checked against the lemmas seen in training.
"""

from __future__ import annotations

import binascii
import json
import re
import struct
import sys
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from pathlib import Path
from typing import Any

try:  # compiled inference (setup.py builds it); the same answers as the Python below
    from multivector.text import _perceptron

    COMPILED = True
except ImportError:  # no C compiler at install time: the Python below, slower
    COMPILED = False

MODEL_FORMAT = "multivector-tagger/2"
KNOWN_FOR = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ", "ADV": "ADV"}
_DENSE_MIN = 8  # rows with at least this many labels are packed (see Tagger)
_OFFSET = 1 << 40  # per-field offset of packed rows: sums of up to 2**23 rows stay within 64 bits
_LEMMA_CACHE_SIZE = 100_000
_TOKEN_CACHE_SIZE = 200_000
MODEL_RESOURCE = ("data", "models", "tagger-en.json.gz")
START = ("-START-", "-START2-")
END = ("-END-", "-END2-")

# ---------------------------------------------------------------------------
# Features (shared with the training script: change them and retrain).
# ---------------------------------------------------------------------------


def plain(token: str) -> str:
    """The token with typographic apostrophes made straight, as the tagger reads it ("n’t" -> "n't")."""
    return token.replace("\u2019", "'") if "\u2019" in token else token


def word_shape(word: str, cap: int = 4) -> str:
    """Character classes with runs capped: "Kazakhstan" -> "Xxxxx", "1990" -> "dddd", "U.S." -> "X.X."."""
    out: list[str] = []
    last = ""
    run = 0
    for ch in word:
        if ch.isdigit():
            c = "d"
        elif ch.isalpha():
            c = "X" if ch.isupper() else "x"
        else:
            c = ch
        if c == last:
            run += 1
            if run > cap:
                continue
        else:
            last = c
            run = 1
        out.append(c)
    return "".join(out)


def normalise(word: str) -> str:
    """The word as a feature: lower case; numbers, URLs and e-mail addresses by their shape."""
    low = word.lower()
    if any(ch.isdigit() for ch in word):
        return "!" + word_shape(word)
    if low.startswith(("http:", "https:", "www.")) or ("." in low and "/" in low and len(low) > 6):
        return "!URL"
    if "@" in low and "." in low and len(low) > 4:
        return "!EMAIL"
    return low


def _case(word: str) -> str:
    if not any(ch.isalpha() for ch in word):
        return "n"
    if word.isupper():
        return "U" if len(word) > 1 else "T"
    if word[0].isupper():
        return "T"
    if word.islower():
        return "l"
    return "m"


HYPHEN, DIGIT = 1, 2  # the flags of word_parts


def word_parts(word: str, lexicon: dict[str, str]) -> tuple[str, str, str, str, str, int]:
    """What the features read of one word, whatever its neighbours: normalised, lower
    case, shape, case, ambiguity class, and flags (HYPHEN, DIGIT). The compiled tagger
    takes these per word; ``static_features`` builds its strings from them."""
    norm = normalise(word)
    flags = (HYPHEN if "-" in word and len(word) > 1 else 0) | (DIGIT if any(ch.isdigit() for ch in word) else 0)
    return norm, word.lower(), word_shape(word), _case(word), lexicon.get(norm, "?"), flags


def static_features(tokens: Sequence[str], lexicon: dict[str, str]) -> list[list[str]]:
    """Features of each position that do not depend on predicted tags.

    ``lexicon`` maps a normalised word to its ambiguity class, the UPOS tags it
    took in training ("ADP SCONJ"); it lets the tagger look at the next words.
    """
    parts = [word_parts(t, lexicon) for t in tokens]
    norms = [p[0] for p in parts]
    lows = [p[1] for p in parts]
    shapes = [p[2] for p in parts]
    cases = [p[3] for p in parts]
    amb = ["<s>", "<s>", *(p[4] for p in parts), "</s>", "</s>"]
    n = len(tokens)
    w = [START[1], START[0], *norms, END[0], END[1]]
    s3 = ["", "", *(low[-3:] for low in lows), "", ""]
    sh = ["<s>", "<s>", *shapes, "</s>", "</s>"]
    out: list[list[str]] = []
    for i in range(n):
        j = i + 2
        low = lows[i]
        feats = [
            "b",
            "w " + w[j],
            "s1 " + low[-1:],
            "s2 " + low[-2:],
            "s3 " + low[-3:],
            "s4 " + low[-4:],
            "p1 " + low[:1],
            "p3 " + low[:3],
            "sh " + sh[j],
            "c " + cases[i] + (" 0" if i == 0 else ""),
            "w-1 " + w[j - 1],
            "w-2 " + w[j - 2],
            "w+1 " + w[j + 1],
            "w+2 " + w[j + 2],
            "s3-1 " + s3[j - 1],
            "s3+1 " + s3[j + 1],
            "sh-1 " + sh[j - 1],
            "sh+1 " + sh[j + 1],
            "w-1w " + w[j - 1] + " " + w[j],
            "ww+1 " + w[j] + " " + w[j + 1],
            "a " + amb[j],
            "a+1 " + amb[j + 1],
            "a+2 " + amb[j + 2],
            "aa+1 " + amb[j] + " " + amb[j + 1],
        ]
        if parts[i][5] & HYPHEN:
            feats.append("hy")
        if parts[i][5] & DIGIT:
            feats.append("dg")
        out.append(feats)
    return out


def dynamic_keys(static: Sequence[str]) -> tuple[str, str]:
    """The normalised word and its 3-letter suffix, read back from a position's static features."""
    return static[1][2:], static[4][3:]  # "w <word>", "s3 <suffix>"


def dynamic_features(word_norm: str, suffix3: str, prev: str, prev2: str) -> list[str]:
    """Features that depend on the two previous predicted labels."""
    return [
        "t-1 " + prev,
        "t-2 " + prev2,
        "t-2t-1 " + prev2 + " " + prev,
        "t-1w " + prev + " " + word_norm,
        "t-1s3 " + prev + " " + suffix3,
    ]


# ---------------------------------------------------------------------------
# Lemmatiser rules.
# ---------------------------------------------------------------------------

# Irregular verbs: base, past, past participle (alternatives joined by "/").
_IRREGULAR_VERBS = """
arise arose arisen
awake awoke awoken
be was/were been
bear bore borne/born
beat beat beaten
become became become
begin began begun
bend bent bent
bet bet bet
bid bid bid
bind bound bound
bite bit bitten
bleed bled bled
blow blew blown
break broke broken
breed bred bred
bring brought brought
broadcast broadcast broadcast
build built built
burn burnt burnt
burst burst burst
buy bought bought
cast cast cast
catch caught caught
choose chose chosen
cling clung clung
come came come
cost cost cost
creep crept crept
cut cut cut
deal dealt dealt
dig dug dug
do did done
draw drew drawn
dream dreamt dreamt
drink drank drunk
drive drove driven
dwell dwelt dwelt
eat ate eaten
fall fell fallen
feed fed fed
feel felt felt
fight fought fought
find found found
flee fled fled
fling flung flung
fly flew flown
forbid forbade forbidden
forecast forecast forecast
foresee foresaw foreseen
forget forgot forgotten
forgive forgave forgiven
freeze froze frozen
get got got/gotten
give gave given
go went gone
grind ground ground
grow grew grown
hang hung hung
have had had
hear heard heard
hide hid hidden
hit hit hit
hold held held
hurt hurt hurt
keep kept kept
kneel knelt knelt
know knew known
lay laid laid
lead led led
lean leant leant
leap leapt leapt
learn learnt learnt
leave left left
lend lent lent
let let let
lie lay lain
light lit lit
lose lost lost
make made made
mean meant meant
meet met met
mislead misled misled
mistake mistook mistaken
misunderstand misunderstood misunderstood
outdo outdid outdone
overcome overcame overcome
overdo overdid overdone
overhear overheard overheard
override overrode overridden
overrun overran overrun
oversee oversaw overseen
overtake overtook overtaken
overthrow overthrew overthrown
pay paid paid
prove proved proven
put put put
quit quit quit
read read read
rebuild rebuilt rebuilt
redo redid redone
rewrite rewrote rewritten
rid rid rid
ride rode ridden
ring rang rung
rise rose risen
run ran run
say said said
see saw seen
seek sought sought
sell sold sold
send sent sent
set set set
sew sewed sewn
shake shook shaken
shed shed shed
shine shone shone
shoot shot shot
show showed shown
shrink shrank shrunk
shut shut shut
sing sang sung
sink sank sunk
sit sat sat
slay slew slain
sleep slept slept
slide slid slid
sling slung slung
slit slit slit
speak spoke spoken
speed sped sped
spend spent spent
spill spilt spilt
spin spun spun
spit spat spat
split split split
spoil spoilt spoilt
spread spread spread
spring sprang sprung
stand stood stood
steal stole stolen
stick stuck stuck
sting stung stung
stink stank stunk
stride strode stridden
strike struck struck/stricken
string strung strung
strive strove striven
swear swore sworn
sweep swept swept
swell swelled swollen
swim swam swum
swing swung swung
take took taken
teach taught taught
tear tore torn
tell told told
think thought thought
throw threw thrown
thrust thrust thrust
tread trod trodden
undergo underwent undergone
understand understood understood
undertake undertook undertaken
undo undid undone
uphold upheld upheld
upset upset upset
wake woke woken
wear wore worn
weave wove woven
wed wed wed
weep wept wept
win won won
wind wound wound
withdraw withdrew withdrawn
withhold withheld withheld
withstand withstood withstood
wring wrung wrung
write wrote written
"""

# Other verb forms the suffix rules get wrong.
_VERB_FORMS = {
    "is": "be", "are": "be", "am": "be", "'s": "be", "'re": "be", "'m": "be", "being": "be", "art": "be",
    "has": "have", "'ve": "have", "having": "have",
    "does": "do", "doing": "do", "goes": "go", "going": "go",
    "dying": "die", "lying": "lie", "tying": "tie", "vying": "vie",
    "ca": "can", "wo": "will", "'ll": "will", "'d": "would",
    "gon": "go", "wan": "want",
}

# Irregular noun plurals (EWT keeps "people", "media" and "data" as their own lemmas).
_NOUN_FORMS = {
    "children": "child", "men": "man", "women": "woman", "feet": "foot", "teeth": "tooth", "geese": "goose",
    "mice": "mouse", "oxen": "ox", "lice": "louse", "dice": "die", "pence": "penny",
    "memoranda": "memorandum", "criteria": "criterion", "phenomena": "phenomenon", "curricula": "curriculum",
    "strata": "stratum", "bacteria": "bacterium", "referenda": "referendum", "quanta": "quantum",
    "addenda": "addendum", "errata": "erratum", "spectra": "spectrum", "consortia": "consortium",
    "moratoria": "moratorium", "symposia": "symposium", "crematoria": "crematorium",
    "analyses": "analysis", "crises": "crisis", "theses": "thesis", "hypotheses": "hypothesis",
    "diagnoses": "diagnosis", "emphases": "emphasis", "parentheses": "parenthesis", "oases": "oasis",
    "synopses": "synopsis", "syntheses": "synthesis", "prognoses": "prognosis", "axes": "axis",
    "indices": "index", "appendices": "appendix", "matrices": "matrix", "vertices": "vertex",
    "alumni": "alumnus", "stimuli": "stimulus", "fungi": "fungus", "cacti": "cactus", "nuclei": "nucleus",
    "radii": "radius", "syllabi": "syllabus", "foci": "focus", "loci": "locus",
    "lives": "life", "wives": "wife", "knives": "knife", "halves": "half", "leaves": "leaf",
    "thieves": "thief", "shelves": "shelf", "wolves": "wolf", "selves": "self", "calves": "calf",
    "loaves": "loaf", "sheaves": "sheaf", "elves": "elf",
    "sheep": "sheep", "deer": "deer", "fish": "fish", "species": "species", "series": "series",
    "news": "news", "means": "means", "headquarters": "headquarters", "aircraft": "aircraft",
}

# Comparatives and superlatives.
_ADJ_FORMS = {
    "better": "good", "best": "good", "worse": "bad", "worst": "bad", "further": "far", "furthest": "far",
    "farther": "far", "farthest": "far", "elder": "old", "eldest": "old", "lesser": "less",
}
_ADV_FORMS = {
    "better": "well", "best": "well", "worse": "badly", "worst": "badly", "further": "far", "furthest": "far",
    "farther": "far", "farthest": "far",
}

_VOWELS = frozenset("aeiou")
# Verbs in -ll that keep it (install, recall, fulfill); other polysyllables undouble (control(l)ed, travel(l)ed).
_KEEP_LL = (
    "stall", "call", "fall", "thrall", "tell", "sell", "spell", "pull", "poll", "kill", "shell", "smell", "well",
    "swell", "dwell", "spill", "drill",
)
# Stems in -et whose verbs end in -ete (complete, delete, compete); the others keep -et (target, budget).
_ETE = ("plet", "delet", "compet", "secret", "excret")
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_VERB_XPOS_INFLECTED = frozenset({"VBD", "VBN", "VBG", "VBZ"})


IRREGULAR_VERB_LEMMAS = frozenset(line.split()[0] for line in _IRREGULAR_VERBS.strip().splitlines())


def _build_irregular_verbs() -> dict[str, str]:
    """Inflected form -> base. A form that is itself a base ("lay") is left to the tags and the table."""
    forms: dict[str, str] = {}
    for line in _IRREGULAR_VERBS.strip().splitlines():
        base, past, participle = line.split()
        for form in (*past.split("/"), *participle.split("/")):
            if form not in IRREGULAR_VERB_LEMMAS:
                forms.setdefault(form, base)
        if len(base) > 2 and base.endswith("e") and not base.endswith(("ee", "ie")):
            forms.setdefault(base[:-1] + "ing", base)  # making, taking, writing
    forms.update(_VERB_FORMS)
    return forms


IRREGULAR_VERB_FORMS = _build_irregular_verbs()


def _syllables(stem: str) -> int:
    count = 0
    prev_vowel = False
    for ch in stem:
        vowel = ch in _VOWELS or (ch == "y" and count > 0)
        if vowel and not prev_vowel:
            count += 1
        prev_vowel = vowel
    return count


def _wants_e(stem: str) -> bool:
    """Whether a stem left by stripping -ed/-ing/-er/-est had a silent e ("hop" -> "hope")."""
    if len(stem) < 2:
        return False
    last, before = stem[-1], stem[-2]
    if last in "vcu" and stem[-2:] != "ck" and not (last == "u" and before in _VOWELS):
        return True
    if last == "z" and before != "z":
        return True
    if last == "g":
        if before in "rdl":
            return True
        if before == "n":
            tail = stem[-3:]
            return tail in ("ang", "eng", "ung") and len(stem) >= 5  # change, challenge, plunge
        return before in "aei" and (len(stem) == 2 or stem[-3] not in _VOWELS)
    if last == "s":
        if before in "lnpry":
            return True
        if before in "aio":
            return not stem.endswith("ias")
        return before == "u" and not stem.endswith("focus")
    if last == "l" and (before in "bcdfgkptzy" or before == "u" and stem[-3:-2] not in ("", "u", "a", "e", "o")):
        return True
    if last in _VOWELS or last in "wxy":
        return False
    if before not in _VOWELS:
        return False
    # consonant + single vowel + consonant
    pre = stem[-3] if len(stem) >= 3 else ""
    if pre in _VOWELS:
        if before == "a" and last == "t":  # negotiate, evaluate, create
            return pre in "iu" or stem.endswith("creat")
        return pre == "u" and before == "i" and len(stem) >= 4 and stem[-4] == "q"  # require, acquire
    if before == "a" and last in "tdprkmb":
        return True
    if before == "i" and last in "dnrkmbpl" or before == "i" and last == "t" and _syllables(stem) == 1:
        return True
    if before == "o" and last in "tdkb" or stem.endswith("com"):
        return True
    if before == "u" and last in "tdrmb":
        return True
    if before == "e" and last in "t" and (_syllables(stem) == 1 or stem.endswith(_ETE)):
        return True
    return _syllables(stem) == 1 or stem.endswith(("plor", "stor", "gnor", "scor", "dor", "pon"))


def _undouble(stem: str) -> str | None:
    if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS and stem[-1] not in "wxy":
        return stem[:-1]
    return None


def _restore(stem: str, known: frozenset[str] | set[str]) -> str:
    """The lemma behind a stem left by stripping -ed/-ing/-er/-est, checked against known lemmas."""
    single = _undouble(stem)
    if stem.endswith("ick") and _syllables(stem) >= 2:  # panicked, mimicking
        candidates = [stem[:-1], stem]
    elif single is not None:
        # stop(p)ed, control(l)ed, travel(l)ed; but call, kill, install, pass, buzz
        undo = stem[-1] not in "lszf" or stem[-1] == "l" and _syllables(stem) >= 2 and not stem.endswith(_KEEP_LL)
        candidates = [single, stem] if undo else [stem, single]
    elif _wants_e(stem):
        candidates = [stem + "e", stem]
    else:
        candidates = [stem, stem + "e"]
    for candidate in candidates:
        if candidate in known:
            return candidate
    return candidates[0]


def _verb_lemma(w: str, xpos: str, known: frozenset[str] | set[str]) -> str:
    form = IRREGULAR_VERB_FORMS.get(w)
    if form is not None:
        return form
    if w in known and xpos not in _VERB_XPOS_INFLECTED:
        return w
    if w.endswith("ing") and len(w) >= 5 and xpos != "VBZ":
        return _restore(w[:-3], known)
    if w.endswith("ed") and len(w) >= 4 and xpos != "VBZ":
        if w.endswith("ied"):
            return w[:-1] if len(w) <= 4 else w[:-3] + "y"
        if w.endswith("eed") and w[:-1] not in known and w[:-2] in known:
            return w[:-2]
        if w.endswith(("eed", "oed", "yed")):
            return w[:-1] if w.endswith("eed") else w[:-2]
        if w.endswith("ued"):
            return w[:-1]
        return _restore(w[:-2], known)
    if w.endswith("s") and xpos == "VBZ" and len(w) >= 3:
        return _plural_to_singular(w, known, verb=True)
    return w


def _plural_to_singular(w: str, known: frozenset[str] | set[str], verb: bool = False) -> str:
    if w.endswith(("'s", "’s")) and len(w) > 2 and not verb:  # "CD's", "1970's"
        return w[:-2]
    if w.endswith(("us", "is")) and w[:-1] in known and w not in known:  # gurus, taxis
        return w[:-1]
    if w.endswith(("ss", "us", "is", "'s")) or len(w) < 3:
        return w
    if w.endswith("ies"):
        candidates = [w[:-3] + "y", w[:-1]] if len(w) > 4 else [w[:-1]]
    elif w.endswith("ves") and not verb:
        candidates = [w[:-1], w[:-3] + "f", w[:-3] + "fe"]
    elif w.endswith(("sses", "xes", "ches", "shes", "zzes")):
        candidates = [w[:-2], w[:-1]]
    elif w.endswith("oes"):  # heroes, vetoes; shoes, toes
        candidates = [w[:-2], w[:-1]] if len(w) > 5 and not w.endswith("canoes") else [w[:-1], w[:-2]]
    elif w.endswith("uses") and len(w) >= 5 and w[-5] not in _VOWELS:
        candidates = [w[:-2], w[:-1]]
    elif w.endswith("ses"):
        candidates = [w[:-1], w[:-2]]
    elif w.endswith("men") and len(w) > 4 and not verb:
        candidates = [w[:-2] + "an"]
    elif w.endswith("s"):
        candidates = [w[:-1]]
    else:
        return w
    for candidate in candidates:
        if candidate in known:
            return candidate
    return candidates[0]


def _degree_lemma(w: str, known: frozenset[str] | set[str]) -> str:
    if w.endswith("iest") and len(w) > 5:
        return w[:-4] + "y"
    if w.endswith("ier") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("est") and len(w) > 5:
        return _restore(w[:-3], known)
    if w.endswith("er") and len(w) > 4:
        return _restore(w[:-2], known)
    return w


def rule_lemma(word: str, upos: str, xpos: str, known: frozenset[str] | set[str] = frozenset()) -> str:
    """The lemma by rules alone (no learned table); ``known`` holds lemmas to check guesses against."""
    w = word.lower()
    if upos in ("VERB", "AUX"):
        return _verb_lemma(w, xpos, known)
    if upos == "NOUN" or upos == "PROPN" and xpos == "NNPS":
        form = _NOUN_FORMS.get(w)
        if form is not None:
            return form
        if xpos in ("NNS", "NNPS"):
            return _plural_to_singular(w, known)
        return w
    if upos == "ADJ" and xpos in ("JJR", "JJS"):
        return _ADJ_FORMS.get(w) or _degree_lemma(w, known)
    if upos == "ADV" and xpos in ("RBR", "RBS"):
        return _ADV_FORMS.get(w) or _degree_lemma(w, known)
    if upos == "NUM" and "," in w and _GROUPED_NUMBER.fullmatch(w):
        return w.replace(",", "")
    return w


# ---------------------------------------------------------------------------
# The weights in a model file (the tagger's and the parser's).
# ---------------------------------------------------------------------------

_WEIGHT_ARRAYS = (("counts", "H"), ("classes", "H"), ("values", "i"))  # uint16, uint16, int32
Pairs = tuple[tuple[int, int], ...]  # a weight row: (class, weight in thousandths), ...


def pack_weights(rows: Mapping[str, Sequence[int]]) -> dict[str, str]:
    """The "weights" of a model file, from {feature: [class, weight, class, weight, ...]}.

    Five strings, so that loading is a few decodes in C rather than millions of
    small JSON values:

    * ``features``: the features in sorted order, front-coded, one line each
      (joined by "\\n", which no feature holds): line r is feature r without the
      first ``shared[r]`` code points, those it shares with feature r-1;
    * ``shared``: base64 of one byte (0-255) per feature;
    * ``counts``: base64 of one uint16 per feature, the number of pairs in its row;
    * ``classes``, ``values``: base64 of one uint16 class and one int32 weight (in
      thousandths) per pair, the rows one after another in feature order.

    Integers are little-endian. Weights are kept exactly: one out of range raises
    OverflowError.
    """
    shared = bytearray()
    lines: list[str] = []
    arrays = {name: array(code) for name, code in _WEIGHT_ARRAYS}
    prev = ""
    for feat in sorted(rows):
        flat = rows[feat]
        if "\n" in feat or len(flat) % 2:
            raise ValueError(f"cannot pack the row of {feat!r}")
        k = _shared_prefix(prev, feat)
        shared.append(k)
        lines.append(feat[k:])
        arrays["counts"].append(len(flat) // 2)
        arrays["classes"].extend(flat[0::2])
        arrays["values"].extend(flat[1::2])
        prev = feat
    encoded = {name: _base64(_little_endian(values)) for name, values in arrays.items()}
    return {"features": "\n".join(lines), "shared": _base64(bytes(shared)), **encoded}


def _shared_prefix(a: str, b: str, most: int = 255) -> int:
    k = 0
    limit = min(len(a), len(b), most)
    while k < limit and a[k] == b[k]:
        k += 1
    return k


def _base64(data: bytes) -> str:
    return binascii.b2a_base64(data, newline=False).decode("ascii")


def _little_endian(values: array[int]) -> bytes:
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _decoded(text: str, code: str) -> array[int]:
    values = array(code, binascii.a2b_base64(text, strict_mode=True))
    if sys.byteorder == "big":
        values.byteswap()
    return values


def read_model(data: bytes) -> dict[str, Any]:
    """The JSON object of a gzipped model file (one gzip member). The output buffer is made
    the size the gzip trailer gives at once, rather than grown and joined."""
    try:
        text = zlib.decompress(data, wbits=31, bufsize=max(1, int.from_bytes(data[-4:], "little")))
    except zlib.error as error:
        raise ValueError(f"not a gzipped model file: {error}") from error
    model: dict[str, Any] = json.loads(text)
    return model


def weight_table(packed: Mapping[str, str], n_classes: int) -> _perceptron.Table:
    """The compiled table of a model file's packed weights (see ``pack_weights``)."""
    shared, counts, classes, values = (binascii.a2b_base64(packed[name], strict_mode=True)
                                       for name in ("shared", "counts", "classes", "values"))
    return _perceptron.Table((packed["features"], shared, counts, classes, values), n_classes)


class WeightRows:
    """A model file's packed weights (see ``pack_weights``) for the Python paths: the
    features are decoded at once, a row the first time it is asked for."""

    def __init__(self, packed: Mapping[str, str]) -> None:
        shared = binascii.a2b_base64(packed["shared"], strict_mode=True)
        counts, self._classes, self._values = (_decoded(packed[name], code) for name, code in _WEIGHT_ARRAYS)
        lines = packed["features"].split("\n") if shared else []
        if not len(lines) == len(shared) == len(counts) or not sum(counts) == len(self._classes) == len(self._values):
            raise ValueError("packed weights: the features, counts and pairs do not match")
        self._starts = list(accumulate(counts, initial=0))
        self._index: dict[str, int] = {}
        feat = ""
        for i, (k, line) in enumerate(zip(shared, lines, strict=True)):
            feat = feat[:k] + line
            self._index[feat] = i

    def __len__(self) -> int:
        return len(self._index)

    def get(self, feat: str) -> Pairs | None:
        """A feature's (class, weight) pairs; None for a feature without weights."""
        i = self._index.get(feat)
        return None if i is None else self._row(i)

    def items(self) -> Iterator[tuple[str, Pairs]]:
        """(feature, pairs) of every row, features in sorted order."""
        return ((feat, self._row(i)) for feat, i in self._index.items())

    def _row(self, i: int) -> Pairs:
        start, end = self._starts[i], self._starts[i + 1]
        return tuple(zip(self._classes[start:end], self._values[start:end], strict=True))


# ---------------------------------------------------------------------------
# The tagger.
# ---------------------------------------------------------------------------


class Tagger:
    """A trained tagger: ``Tagger.load()`` then ``tag(tokens)`` -> [(UPOS, lemma), ...].

    Labels are predicted by the compiled module ``_perceptron`` when it is built
    (``compiled``), else by the Python below; both give the same labels.

    Scoring trick of the Python path (no numpy): a weight row with many labels is
    packed into one big integer, a 64-bit field per label holding the weight in
    thousandths plus a constant offset. Adding rows is then one C-level big-int
    addition per feature instead of a Python loop over labels; the sum is
    unpacked once per token with ``struct``. Every packed row adds the same
    offset to every field, so the offsets never change the argmax. Rows with
    few labels stay sparse (label, weight) pairs added after unpacking.
    """

    def __init__(self, model: dict[str, Any], compiled: bool = True) -> None:
        if model.get("format") != MODEL_FORMAT:
            raise ValueError(f"not a {MODEL_FORMAT} model: {model.get('format')!r}")
        self.labels: list[str] = list(model["labels"])
        self.tagdict: dict[str, str] = model["tagdict"]
        self.lemmas: dict[str, str] = model["lemmas"]
        self.lexicon: dict[str, str] = model["lexicon"]
        self.known: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in model["known"].items()}
        self.info: dict[str, Any] = model.get("info", {})
        self._split = [_split_label(label) for label in self.labels]
        self._index = {label: i for i, label in enumerate(self.labels)}
        n = len(self.labels)
        self._unpack = struct.Struct(f"<{n}Q").unpack
        self._nbytes = 8 * n
        self._packed: dict[str, str] = model["weights"]  # decoded by the Python path if it runs
        self._dense: dict[str, int] = {}  # the Python path's rows, packed on first use
        self._sparse: dict[str, tuple[tuple[int, int], ...]] = {}
        self._empty = _pack((), n)
        self._pairs_seen: list[dict[str, tuple[str, str]]] = []  # per label: word -> (UPOS, lemma)
        self._lemmas_made = 0
        self._forget_lemmas()
        self._token_cache: dict[str, tuple[str, str, str, str, str, int, int]] = {}
        self._table = weight_table(self._packed, n) if compiled and COMPILED else None

    @property
    def compiled(self) -> bool:
        """Whether tagging runs in the compiled module (else in Python; the labels are the same)."""
        return self._table is not None

    @classmethod
    def load(cls, path: str | Path | None = None) -> Tagger:
        """Load a model file; by default the one shipped in the package.

        A model file (``train_tagger.write_model``) is gzipped JSON (ASCII, other characters
        escaped), an object with ``format`` ("multivector-tagger/2"; other formats are
        refused), ``labels`` (the joint "UPOS XPOS" labels; a class is an index into them),
        ``weights`` (the perceptron's rows, packed: see ``pack_weights``), ``tagdict``
        (word -> label, skipping the perceptron), ``lexicon`` (normalised word -> ambiguity
        class), ``lemmas`` ("word\\tUPOS[\\tXPOS]" -> lemma), ``known`` (word class ->
        lemmas seen in training) and ``info`` (training data, settings and scores).
        """
        if path is None:
            data = resources.files("multivector").joinpath(*MODEL_RESOURCE).read_bytes()
        else:
            data = Path(path).read_bytes()
        return cls(read_model(data))

    def weight_rows(self) -> dict[str, dict[str, int]]:
        """The weights as {feature: {label: weight in thousandths}} (for inspection)."""
        return {feat: {self.labels[i]: w for i, w in pairs} for feat, pairs in WeightRows(self._packed).items()}

    def _pack_rows(self) -> None:
        n = len(self.labels)
        for feat, pairs in WeightRows(self._packed).items():
            if len(pairs) >= _DENSE_MIN:
                self._dense[feat] = _pack(pairs, n)
            else:
                self._sparse[feat] = pairs

    def predict_ids(self, tokens: Sequence[str]) -> list[int]:
        """Label indices (into ``self.labels``) for a tokenised sentence."""
        if not tokens:
            return []
        if self._table is not None:
            return self._compiled_ids(self._table, tokens)
        return self._python_ids(tokens)

    def _compiled_ids(self, table: _perceptron.Table, tokens: Sequence[str]) -> list[int]:
        """The compiled path: the per-word parts of the features made here, once per word
        (``_token_parts``, remembered), the features' hashes, weights and argmax in C."""
        if len(self._token_cache) >= _TOKEN_CACHE_SIZE:
            self._token_cache.clear()
        return _perceptron.tag(table, list(tokens), self._token_cache, self._token_parts, self.labels)

    def _token_parts(self, token: str) -> tuple[str, str, str, str, str, int, int]:
        """``word_parts`` of a token, and its tag-dictionary label (-1: none)."""
        token = plain(token)
        known = self.tagdict.get(token)
        return (*word_parts(token, self.lexicon), -1 if known is None else self._index[known])

    def _python_ids(self, tokens: Sequence[str]) -> list[int]:
        if not self._dense:
            self._pack_rows()
        dense = self._dense
        sparse = self._sparse
        tagdict = self.tagdict
        index = self._index
        unpack = self._unpack
        nbytes = self._nbytes
        empty = self._empty
        tokens = [plain(t) for t in tokens]
        static = static_features(tokens, self.lexicon)
        prev, prev2 = START
        out: list[int] = []
        for i, token in enumerate(tokens):
            known = tagdict.get(token)
            if known is not None:
                best = index[known]
                label = known
            else:
                feats = static[i]
                feats.extend(dynamic_features(*dynamic_keys(feats), prev, prev2))
                total = empty
                corrections: list[tuple[int, int]] = []
                for feat in feats:
                    packed = dense.get(feat)
                    if packed is not None:
                        total += packed
                    else:
                        pairs = sparse.get(feat)
                        if pairs is not None:
                            corrections.extend(pairs)
                if corrections:
                    scores = list(unpack(total.to_bytes(nbytes, "little")))
                    for j, weight in corrections:
                        scores[j] += weight
                    best = scores.index(max(scores))
                else:
                    fields = unpack(total.to_bytes(nbytes, "little"))
                    best = fields.index(max(fields))
                label = self.labels[best]
            out.append(best)
            prev2, prev = prev, label
        return out

    def predict(self, tokens: Sequence[str]) -> list[str]:
        """Joint labels ("UPOS XPOS") for a tokenised sentence."""
        return [self.labels[i] for i in self.predict_ids(tokens)]

    def lemma(self, word: str, upos: str, xpos: str) -> str:
        """The lemma of a word with its tags: learned table, irregular forms, rules."""
        low = plain(word.lower())
        lemma = self.lemmas.get(low + "\t" + upos + "\t" + xpos) or self.lemmas.get(low + "\t" + upos)
        if lemma is None:
            lemma = rule_lemma(low, upos, xpos, self.known.get(KNOWN_FOR.get(upos, ""), frozenset()))
        return lemma

    def analyse(self, tokens: Sequence[str]) -> list[tuple[str, str, str]]:
        """(UPOS, XPOS, lemma) per token.

        A token with an unsplit clitic ("didn't", "Russia's") is tagged as the
        two words UD would make of it and gets the analysis of its host word.
        """
        words, hosts = self._words(tokens)
        analysed = self._analyse(words)
        return analysed if hosts is None else [analysed[i] for i in hosts]

    def _words(self, tokens: Sequence[str]) -> tuple[Sequence[str], list[int] | None]:
        """The words to tag: the tokens, or the UD words of tokens with clitics and the
        index of each token's host word among them."""
        if _apostrophe_in(tokens):
            words, hosts = _split_clitics([plain(t) for t in tokens], self.tagdict)
            if len(words) != len(tokens):
                return words, hosts
        return tokens, None

    def _analyse(self, tokens: Sequence[str]) -> list[tuple[str, str, str]]:
        ids = self.predict_ids(tokens)
        split = self._split
        pairs = self._pairs(tokens, ids)
        return [(upos, split[best][1], lemma) for best, (upos, lemma) in zip(ids, pairs, strict=True)]

    def _forget_lemmas(self) -> None:
        self._pairs_seen = [{} for _ in self.labels]
        self._lemmas_made = 0

    def tag(self, tokens: Sequence[str]) -> list[tuple[str, str]]:
        """(UPOS, lemma) per token."""
        words, hosts = self._words(tokens)
        pairs = self._pairs(words, self.predict_ids(words))
        return pairs if hosts is None else [pairs[i] for i in hosts]

    def _pairs(self, tokens: Sequence[str], ids: list[int]) -> list[tuple[str, str]]:
        """(UPOS, lemma) of each token given its label, remembered per label and word, so
        that most tokens cost one look-up."""
        seen = self._pairs_seen
        return [seen[best].get(token) or self._pair(token, best) for token, best in zip(tokens, ids, strict=True)]

    def _pair(self, token: str, best: int) -> tuple[str, str]:
        upos, xpos = self._split[best]
        pair = (upos, self.lemma(token, upos, xpos))
        if self._lemmas_made + 1 >= _LEMMA_CACHE_SIZE:
            self._forget_lemmas()  # bounded memory: the lemmas are made again on demand
        else:
            self._pairs_seen[best][token] = pair
            self._lemmas_made += 1
        return pair

    def tag_many(self, sentences: Iterable[Sequence[str]]) -> list[list[tuple[str, str]]]:
        return [self.tag(s) for s in sentences]


def _apostrophe_in(tokens: Sequence[str]) -> bool:
    """Whether a token holds an apostrophe ("'" or "’"): one pass over the joined tokens in C
    (a one-character mark cannot straddle two tokens)."""
    joined = "".join(tokens)
    return "'" in joined or "\u2019" in joined


_CLITIC = re.compile(r"(.+?)(n't|'s|'re|'ve|'ll|'d|'m)", re.IGNORECASE)
_NEGATED_HOSTS = {"can": "ca", "won": "wo", "ain": "ai", "shan": "sha"}


def _split_clitics(tokens: Sequence[str], tagdict: dict[str, str]) -> tuple[list[str], list[int]]:
    """UD-style words for tokens with unsplit clitics, and the index of each token's host word."""
    words: list[str] = []
    hosts: list[int] = []
    for token in tokens:
        match = _CLITIC.fullmatch(token) if "'" in token and token not in tagdict else None
        hosts.append(len(words))
        if match is None:
            words.append(token)
            continue
        host, clitic = match.groups()
        if clitic.lower() == "n't" and host.lower() in _NEGATED_HOSTS:  # can't -> ca n't
            host = host[: len(_NEGATED_HOSTS[host.lower()])]
        words += [host, clitic]
    return words, hosts


def _pack(pairs: Iterable[tuple[int, int]], n: int) -> int:
    fields = [_OFFSET] * n
    for i, weight in pairs:
        fields[i] += weight
    return int.from_bytes(struct.pack(f"<{n}Q", *fields), "little")


def _split_label(label: str) -> tuple[str, str]:
    upos, _, xpos = label.partition(" ")
    return upos, xpos


@lru_cache(maxsize=1)
def default_tagger() -> Tagger:
    """The packaged English model, loaded once."""
    return Tagger.load()


def tag(tokens: Sequence[str]) -> list[tuple[str, str]]:
    """(UPOS, lemma) per token with the packaged English model."""
    return default_tagger().tag(tokens)
