/* Compiled inference for the project's averaged-perceptron tagger and parser.
 *
 * The models, their features and their training stay in Python
 * (multivector/text/tagger.py, parser.py, train_*.py); this module only runs
 * them faster, with the same answers. Python builds each feature as a string
 * ("s3 ing", "s0t.b0t NOUN VERB") and looks it up in a dict; here the same
 * string is never built: its hash is computed from its parts, code point by
 * code point, and looked up in a table made from the model's feature strings
 * hashed the same way. Scores are the same integer sums (weights in
 * thousandths), and ties go to the first class, as in Python, so the argmax is
 * the same. tests/test_perceptron.py checks feature hashes and outputs
 * against the Python code.
 *
 * Two entry points:
 *   Table(weights, n_classes)       weights: {feature: [class, weight, ...]}
 *                                   or {feature: "class weight ..."}
 *                                   or the packed rows of a model file, a tuple
 *                                   (features, shared, counts, classes, values):
 *                                   see tagger.pack_weights
 *   tag(table, tokens, cache, parts, labels) -> [label id]
 *   parse(table, words, tags, class_labels, n_labels) -> ([head], [class])
 *   feature_hash(str) -> int        the hash of one feature string
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FNV_OFFSET 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL

/* ---------------------------------------------------------------- hashing */

static inline uint64_t h_cp(uint64_t h, Py_UCS4 c) { return (h ^ (uint64_t)c) * FNV_PRIME; }

static inline uint64_t h_ascii(uint64_t h, const char *s) {
    while (*s) h = h_cp(h, (unsigned char)*s++);
    return h;
}

/* h_ascii(FNV_OFFSET, lit) of a string literal: a feature's constant prefix ("s0wt.b0t "),
   hashed on first use at each place it is written and remembered there (a static per
   expansion), so the per-word features do not hash the same letters again. */
#define PREFIX(lit) (__extension__({ \
    static uint64_t prefix_hash_; \
    static int prefix_made_; \
    if (!prefix_made_) { prefix_hash_ = h_ascii(FNV_OFFSET, lit); prefix_made_ = 1; } \
    prefix_hash_; }))

/* Code points [start, stop) of a str. */
static inline uint64_t h_slice(uint64_t h, PyObject *s, Py_ssize_t start, Py_ssize_t stop) {
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    for (Py_ssize_t i = start; i < stop; i++) h = h_cp(h, PyUnicode_READ(kind, data, i));
    return h;
}

static inline uint64_t h_str(uint64_t h, PyObject *s) { return h_slice(h, s, 0, PyUnicode_GET_LENGTH(s)); }

static inline uint64_t mix(uint64_t x) { /* splitmix64 finaliser: spreads the bits for the table index */
    x ^= x >> 30; x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27; x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* ------------------------------------------------------------------ table */

typedef struct { uint64_t key; uint32_t start; uint32_t count; } Slot;
#define EMPTY UINT32_MAX /* the start of a free slot */

typedef struct {
    PyObject_HEAD
    Slot *slots;
    uint64_t mask;
    uint16_t *cls;
    int32_t *weight;
    Py_ssize_t n_pairs;
    int n_classes;
} Table;

static void Table_dealloc(Table *self) {
    free(self->slots);
    free(self->cls);
    free(self->weight);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static const Slot *find(const Table *t, uint64_t key) {
    uint64_t i = mix(key) & t->mask;
    for (;;) {
        const Slot *s = &t->slots[i];
        if (s->start == EMPTY) return NULL;
        if (s->key == key) return s;
        i = (i + 1) & t->mask;
    }
}

/* Add the rows of k features to the scores. The table is larger than the caches, so
   every lookup would wait on memory in turn: the slots, then the rows, are prefetched
   for all k features before any is read. */
static void add_rows(const Table *t, const uint64_t *keys, int k, int64_t *scores) {
    const Slot *found[128];  /* k <= 128: the tagger has at most 31 features, the parser MAX_FEATURES */
    uint64_t at[128];
    for (int j = 0; j < k; j++) {
        at[j] = mix(keys[j]) & t->mask;
        __builtin_prefetch(&t->slots[at[j]]);
    }
    for (int j = 0; j < k; j++) {
        uint64_t i = at[j];
        found[j] = NULL;
        for (;;) {
            const Slot *s = &t->slots[i];
            if (s->start == EMPTY) break;
            if (s->key == keys[j]) {
                found[j] = s;
                __builtin_prefetch(t->cls + s->start);
                __builtin_prefetch(t->weight + s->start);
                break;
            }
            i = (i + 1) & t->mask;
        }
    }
    for (int j = 0; j < k; j++) {
        const Slot *s = found[j];
        if (s == NULL) continue;
        const uint16_t *c = t->cls + s->start;
        const int32_t *w = t->weight + s->start;
        for (uint32_t m = 0; m < s->count; m++) scores[c[m]] += w[m];
    }
}

/* Count the pairs of a row value: a list [class, weight, ...] or a str "class weight ...". */
static Py_ssize_t row_pairs(PyObject *value) {
    if (PyList_Check(value)) return PyList_GET_SIZE(value) / 2;
    if (!PyUnicode_Check(value)) {
        PyErr_SetString(PyExc_TypeError, "a weight row is a list or a str");
        return -1;
    }
    Py_ssize_t size;
    const char *text = PyUnicode_AsUTF8AndSize(value, &size);
    if (text == NULL) return -1;
    Py_ssize_t words = 0;
    int in_word = 0;
    for (Py_ssize_t i = 0; i < size; i++) {
        int space = text[i] == ' ';
        if (!space && !in_word) words++;
        in_word = !space;
    }
    return words / 2;
}

static int put_pair(Table *t, Py_ssize_t at, long c, long w) {
    if (c < 0 || c >= t->n_classes) {
        PyErr_Format(PyExc_ValueError, "class %ld out of range", c);
        return -1;
    }
    t->cls[at] = (uint16_t)c;
    t->weight[at] = (int32_t)w;
    return 0;
}

static int read_list_row(Table *t, PyObject *value, Py_ssize_t at, Py_ssize_t pairs) {
    for (Py_ssize_t k = 0; k < pairs; k++) {
        long c = PyLong_AsLong(PyList_GET_ITEM(value, 2 * k));
        long w = PyLong_AsLong(PyList_GET_ITEM(value, 2 * k + 1));
        if (PyErr_Occurred() || put_pair(t, at + k, c, w) < 0) return -1;
    }
    return 0;
}

/* Strings are read once each: split "c w c w" into the arrays without re-scanning. */
static int read_text_row(Table *t, PyObject *value, Py_ssize_t at, Py_ssize_t pairs) {
    const char *p = PyUnicode_AsUTF8(value);
    if (p == NULL) return -1;
    for (Py_ssize_t k = 0; k < pairs; k++) {
        char *end;
        long c = strtol(p, &end, 10);
        long w = strtol(end, &end, 10);
        p = end;
        if (put_pair(t, at + k, c, w) < 0) return -1;
    }
    return 0;
}

static int insert(Table *t, uint64_t key, uint32_t start, uint32_t count) {
    uint64_t i = mix(key) & t->mask;
    for (;;) {
        Slot *s = &t->slots[i];
        if (s->start == EMPTY) {
            s->key = key; s->start = start; s->count = count;
            return 0;
        }
        if (s->key == key) {
            PyErr_SetString(PyExc_ValueError, "two features of the model share a hash");
            return -1;
        }
        i = (i + 1) & t->mask;
    }
}

/* Room for n_rows features (the slots, at most half full) and total pairs. */
static int table_alloc(Table *self, Py_ssize_t n_rows, Py_ssize_t total) {
    uint64_t size = 16;
    while (size < (uint64_t)n_rows * 2) size <<= 1;
    self->mask = size - 1;
    self->slots = malloc(size * sizeof(Slot));
    self->cls = malloc(sizeof(uint16_t) * (total ? total : 1));
    self->weight = malloc(sizeof(int32_t) * (total ? total : 1));
    if (!self->slots || !self->cls || !self->weight) {
        PyErr_NoMemory();
        return -1;
    }
    for (uint64_t i = 0; i < size; i++) self->slots[i].start = EMPTY;
    self->n_pairs = total;
    return 0;
}

static int init_from_dict(Table *self, PyObject *weights) {
    Py_ssize_t n_rows = PyDict_Size(weights), total = 0, pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(weights, &pos, &key, &value)) {
        Py_ssize_t pairs = row_pairs(value);
        if (pairs < 0) return -1;
        total += pairs;
    }
    if (table_alloc(self, n_rows, total) < 0) return -1;
    Py_ssize_t at = 0;
    pos = 0;
    while (PyDict_Next(weights, &pos, &key, &value)) {
        if (!PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "features are str");
            return -1;
        }
        Py_ssize_t pairs = row_pairs(value);
        int failed = PyList_Check(value) ? read_list_row(self, value, at, pairs) : read_text_row(self, value, at, pairs);
        if (failed || insert(self, h_str(FNV_OFFSET, key), (uint32_t)at, (uint32_t)pairs) < 0) return -1;
        at += pairs;
    }
    return 0;
}

static inline uint32_t le16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }

static inline int32_t le32(const unsigned char *p) {
    return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
}

static int bad_packed(const char *what) {
    PyErr_Format(PyExc_ValueError, "packed weights: %s", what);
    return -1;
}

/* Rows queued for insertion, their slots prefetched as they are queued: the slots lie
   far apart in a table larger than the caches, so the loads overlap instead of each
   waiting for memory in turn. */
#define QUEUED 32
typedef struct { Slot rows[QUEUED]; int n; } Queue;

static int flush_rows(Table *t, Queue *q) {
    for (int j = 0; j < q->n; j++)
        if (insert(t, q->rows[j].key, q->rows[j].start, q->rows[j].count) < 0) return -1;
    q->n = 0;
    return 0;
}

static int queue_row(Table *t, Queue *q, uint64_t key, uint32_t start, uint32_t count) {
    __builtin_prefetch(&t->slots[mix(key) & t->mask], 1);
    q->rows[q->n++] = (Slot){key, start, count};
    return q->n == QUEUED ? flush_rows(t, q) : 0;
}

/* Insert the front-coded features: feature r is the first shared[r] code points of
   feature r-1, then line r of ``features`` (lines end at "\n"). hs[i] holds the hash
   of the first i code points of the feature being read, so a row's hash goes on from
   the prefix it shares with the one before. */
static int insert_packed(Table *t, PyObject *features, const unsigned char *shared, const unsigned char *counts,
                         Py_ssize_t n_rows) {
    int kind = PyUnicode_KIND(features);
    const void *data = PyUnicode_DATA(features);
    Py_ssize_t len = PyUnicode_GET_LENGTH(features), pos = 0, have = 0, cap = 256, at = 0;
    uint64_t *hs = malloc(sizeof(uint64_t) * (size_t)cap);
    if (hs == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    hs[0] = FNV_OFFSET;
    int failed = 0;
    Queue queue = {.n = 0};
    for (Py_ssize_t r = 0; r < n_rows && !failed; r++) {
        Py_ssize_t k = shared[r], end = pos;
        if (k > have || pos > len) {
            failed = bad_packed(pos > len ? "fewer lines than features" : "a prefix longer than the feature before");
            break;
        }
        while (end < len && PyUnicode_READ(kind, data, end) != '\n') end++;
        if (k + end - pos >= cap) {
            cap = 2 * (k + end - pos + 1);
            uint64_t *more = realloc(hs, sizeof(uint64_t) * (size_t)cap);
            if (more == NULL) {
                failed = (PyErr_NoMemory(), -1);
                break;
            }
            hs = more;
        }
        for (; pos < end; pos++, k++) hs[k + 1] = h_cp(hs[k], PyUnicode_READ(kind, data, pos));
        pos++;
        have = k;
        uint32_t count = le16(counts + 2 * r);
        failed = queue_row(t, &queue, hs[k], (uint32_t)at, count);
        at += count;
    }
    failed = failed || flush_rows(t, &queue) < 0;
    free(hs);
    if (!failed && pos != (n_rows ? len + 1 : 0)) failed = bad_packed("more lines than features");
    return failed ? -1 : 0;
}

/* The packed rows of a model file (see tagger.pack_weights): the pairs are copied
   from little-endian arrays, the features hashed in one pass over their text. */
static int init_from_packed(Table *self, PyObject *packed) {
    PyObject *features;
    Py_buffer shared, counts, classes, values;
    if (!PyArg_ParseTuple(packed, "Uy*y*y*y*", &features, &shared, &counts, &classes, &values)) return -1;
    Py_ssize_t n_rows = shared.len, total = 0;
    int failed = counts.len != 2 * n_rows ? bad_packed("one count per feature") : 0;
    for (Py_ssize_t r = 0; !failed && r < n_rows; r++) total += le16((const unsigned char *)counts.buf + 2 * r);
    if (!failed && (classes.len != 2 * total || values.len != 4 * total))
        failed = bad_packed("a class and a value per pair");
    failed = failed || table_alloc(self, n_rows, total) < 0;
    const unsigned char *c = classes.buf, *v = values.buf;
    for (Py_ssize_t i = 0; !failed && i < total; i++) {
        self->cls[i] = (uint16_t)le16(c + 2 * i);
        self->weight[i] = le32(v + 4 * i);
        if (self->cls[i] >= self->n_classes) failed = bad_packed("a class out of range");
    }
    failed = failed || insert_packed(self, features, shared.buf, counts.buf, n_rows) < 0;
    PyBuffer_Release(&shared);
    PyBuffer_Release(&counts);
    PyBuffer_Release(&classes);
    PyBuffer_Release(&values);
    return failed ? -1 : 0;
}

static int Table_init(Table *self, PyObject *args, PyObject *kwds) {
    PyObject *weights;
    int n_classes;
    static char *names[] = {"weights", "n_classes", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "Oi", names, &weights, &n_classes)) return -1;
    if (n_classes <= 0 || n_classes > 65535) {
        PyErr_SetString(PyExc_ValueError, "n_classes out of range");
        return -1;
    }
    self->n_classes = n_classes;
    if (PyTuple_Check(weights)) return init_from_packed(self, weights);
    if (!PyDict_Check(weights)) {
        PyErr_SetString(PyExc_TypeError, "weights: a dict or the packed rows of a model file");
        return -1;
    }
    return init_from_dict(self, weights);
}

/* A row's (class, weight) pairs, for tests and inspection. */
static PyObject *Table_row(Table *self, PyObject *feature) {
    if (!PyUnicode_Check(feature)) {
        PyErr_SetString(PyExc_TypeError, "a feature is a str");
        return NULL;
    }
    const Slot *s = find(self, h_str(FNV_OFFSET, feature));
    PyObject *out = PyList_New(0);
    if (out == NULL || s == NULL) return out;
    for (uint32_t k = 0; k < s->count; k++) {
        PyObject *pair = Py_BuildValue("(ii)", self->cls[s->start + k], self->weight[s->start + k]);
        if (pair == NULL || PyList_Append(out, pair) < 0) {
            Py_XDECREF(pair);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(pair);
    }
    return out;
}

static PyObject *Table_len(Table *self, PyObject *unused) { return PyLong_FromSsize_t(self->n_pairs); }

static PyMethodDef Table_methods[] = {
    {"row", (PyCFunction)Table_row, METH_O, "The (class, weight) pairs of a feature; [] if unknown."},
    {"pairs", (PyCFunction)Table_len, METH_NOARGS, "How many (class, weight) pairs the table holds."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject TableType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "multivector.text._perceptron.Table",
    .tp_basicsize = sizeof(Table),
    .tp_dealloc = (destructor)Table_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Perceptron weights: feature hash -> (class, weight) pairs.",
    .tp_methods = Table_methods,
    .tp_init = (initproc)Table_init,
    .tp_new = PyType_GenericNew,
};

static PyObject *feature_hash(PyObject *self, PyObject *feature) {
    if (!PyUnicode_Check(feature)) {
        PyErr_SetString(PyExc_TypeError, "a feature is a str");
        return NULL;
    }
    return PyLong_FromUnsignedLongLong(h_str(FNV_OFFSET, feature));
}

/* ----------------------------------------------------------------- tagger */

static int str_list(PyObject *o, Py_ssize_t n, const char *what) {
    if (!PyList_Check(o) || PyList_GET_SIZE(o) != n) {
        PyErr_Format(PyExc_ValueError, "%s: a list of %zd", what, n);
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!PyUnicode_Check(PyList_GET_ITEM(o, i))) {
            PyErr_Format(PyExc_TypeError, "%s: str items", what);
            return -1;
        }
    }
    return 0;
}

/* What the tagger's features read of each word (tagger.Tagger._token_parts), as arrays. */
typedef struct {
    PyObject **norm, **low, **shape, **cas, **amb;
    long *flags, *known;
    Py_ssize_t n;
} Words;

/* w[j] of tagger.static_features: padded normalised words. */
static inline uint64_t h_word(uint64_t h, const Words *ws, Py_ssize_t i) {
    if (i == -2) return h_ascii(h, "-START2-");
    if (i == -1) return h_ascii(h, "-START-");
    if (i == ws->n) return h_ascii(h, "-END-");
    if (i == ws->n + 1) return h_ascii(h, "-END2-");
    return h_str(h, ws->norm[i]);
}

/* sh[j] and amb[j] of static_features: "<s>" before the sentence, "</s>" after it. */
static inline uint64_t h_pad(uint64_t h, PyObject **items, Py_ssize_t i, Py_ssize_t n) {
    if (i < 0) return h_ascii(h, "<s>");
    if (i >= n) return h_ascii(h, "</s>");
    return h_str(h, items[i]);
}

static inline uint64_t h_suffix(uint64_t h, PyObject *s, Py_ssize_t k) {
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    return h_slice(h, s, len > k ? len - k : 0, len);
}

static inline uint64_t h_prefix(uint64_t h, PyObject *s, Py_ssize_t k) {
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    return h_slice(h, s, 0, len < k ? len : k);
}

/* s3[j] of static_features: the 3-letter suffix of the lower-cased word, "" beyond the sentence. */
static inline uint64_t h_s3(uint64_t h, const Words *ws, Py_ssize_t i) {
    return (i < 0 || i >= ws->n) ? h : h_suffix(h, ws->low[i], 3);
}

static int static_hashes(uint64_t *f, const Words *ws, Py_ssize_t i) {
    PyObject *low = ws->low[i];
    Py_ssize_t n = ws->n;
    int k = 0;
    uint64_t h;
    f[k++] = PREFIX("b");
    f[k++] = h_word(PREFIX("w "), ws, i);
    f[k++] = h_suffix(PREFIX("s1 "), low, 1);
    f[k++] = h_suffix(PREFIX("s2 "), low, 2);
    f[k++] = h_suffix(PREFIX("s3 "), low, 3);
    f[k++] = h_suffix(PREFIX("s4 "), low, 4);
    f[k++] = h_prefix(PREFIX("p1 "), low, 1);
    f[k++] = h_prefix(PREFIX("p3 "), low, 3);
    f[k++] = h_pad(PREFIX("sh "), ws->shape, i, n);
    h = h_str(PREFIX("c "), ws->cas[i]);
    f[k++] = i == 0 ? h_ascii(h, " 0") : h;
    f[k++] = h_word(PREFIX("w-1 "), ws, i - 1);
    f[k++] = h_word(PREFIX("w-2 "), ws, i - 2);
    f[k++] = h_word(PREFIX("w+1 "), ws, i + 1);
    f[k++] = h_word(PREFIX("w+2 "), ws, i + 2);
    f[k++] = h_s3(PREFIX("s3-1 "), ws, i - 1);
    f[k++] = h_s3(PREFIX("s3+1 "), ws, i + 1);
    f[k++] = h_pad(PREFIX("sh-1 "), ws->shape, i - 1, n);
    f[k++] = h_pad(PREFIX("sh+1 "), ws->shape, i + 1, n);
    f[k++] = h_word(h_ascii(h_word(PREFIX("w-1w "), ws, i - 1), " "), ws, i);
    f[k++] = h_word(h_ascii(h_word(PREFIX("ww+1 "), ws, i), " "), ws, i + 1);
    f[k++] = h_pad(PREFIX("a "), ws->amb, i, n);
    f[k++] = h_pad(PREFIX("a+1 "), ws->amb, i + 1, n);
    f[k++] = h_pad(PREFIX("a+2 "), ws->amb, i + 2, n);
    h = h_ascii(h_pad(PREFIX("aa+1 "), ws->amb, i, n), " ");
    f[k++] = h_pad(h, ws->amb, i + 1, n);
    if (ws->flags[i] & 1) f[k++] = PREFIX("hy");
    if (ws->flags[i] & 2) f[k++] = PREFIX("dg");
    return k;
}

static int dynamic_hashes(uint64_t *f, PyObject *norm, PyObject *low, PyObject *prev, PyObject *prev2) {
    f[0] = h_str(PREFIX("t-1 "), prev);
    f[1] = h_str(PREFIX("t-2 "), prev2);
    f[2] = h_str(h_ascii(h_str(PREFIX("t-2t-1 "), prev2), " "), prev);
    f[3] = h_str(h_ascii(h_str(PREFIX("t-1w "), prev), " "), norm);
    f[4] = h_suffix(h_ascii(h_str(PREFIX("t-1s3 "), prev), " "), low, 3);
    return 5;
}

static Py_ssize_t argmax(const int64_t *scores, Py_ssize_t from, Py_ssize_t to) {
    Py_ssize_t best = from;
    for (Py_ssize_t c = from + 1; c < to; c++)
        if (scores[c] > scores[best]) best = c;
    return best;
}

static void words_free(Words *ws) {
    free(ws->norm);
    free(ws->flags);
}

static int words_alloc(Words *ws, Py_ssize_t n) {
    ws->n = n;
    ws->norm = malloc(sizeof(PyObject *) * (size_t)(5 * n + 1));
    ws->flags = malloc(sizeof(long) * (size_t)(2 * n + 1));
    if (ws->norm == NULL || ws->flags == NULL) {
        words_free(ws);
        PyErr_NoMemory();
        return -1;
    }
    ws->low = ws->norm + n; ws->shape = ws->norm + 2 * n; ws->cas = ws->norm + 3 * n; ws->amb = ws->norm + 4 * n;
    ws->known = ws->flags + n;
    return 0;
}

/* Read word i's parts from a 7-tuple (norm, low, shape, case, ambiguity, flags, known label). */
static int word_from(Words *ws, Py_ssize_t i, PyObject *parts) {
    if (!PyTuple_Check(parts) || PyTuple_GET_SIZE(parts) != 7) {
        PyErr_SetString(PyExc_TypeError, "a word's parts are a 7-tuple");
        return -1;
    }
    PyObject **slots[5] = {ws->norm, ws->low, ws->shape, ws->cas, ws->amb};
    for (int k = 0; k < 5; k++) {
        PyObject *item = PyTuple_GET_ITEM(parts, k);
        if (!PyUnicode_Check(item)) {
            PyErr_SetString(PyExc_TypeError, "a word's first five parts are str");
            return -1;
        }
        slots[k][i] = item;
    }
    ws->flags[i] = PyLong_AsLong(PyTuple_GET_ITEM(parts, 5));
    ws->known[i] = PyLong_AsLong(PyTuple_GET_ITEM(parts, 6));
    return PyErr_Occurred() ? -1 : 0;
}

/* Greedy left-to-right labels, as tagger.Tagger._python_ids. */
static PyObject *predict(const Table *table, const Words *ws, PyObject *labels) {
    int64_t *scores = malloc(sizeof(int64_t) * table->n_classes);
    PyObject *out = PyList_New(ws->n);
    if (scores == NULL || out == NULL) {
        free(scores);
        Py_XDECREF(out);
        return PyErr_NoMemory();
    }
    PyObject *start = PyUnicode_FromString("-START-"), *start2 = PyUnicode_FromString("-START2-");
    PyObject *prev = start, *prev2 = start2;
    uint64_t f[32];
    for (Py_ssize_t i = 0; i < ws->n; i++) {
        long best = ws->known[i];
        if (best < 0) {
            int k = static_hashes(f, ws, i);
            k += dynamic_hashes(f + k, ws->norm[i], ws->low[i], prev, prev2);
            memset(scores, 0, sizeof(int64_t) * table->n_classes);
            add_rows(table, f, k, scores);
            best = (long)argmax(scores, 0, table->n_classes);
        } else if (best >= table->n_classes) {
            PyErr_SetString(PyExc_ValueError, "known label out of range");
            break;
        }
        PyList_SET_ITEM(out, i, PyLong_FromLong(best));
        prev2 = prev;
        prev = PyList_GET_ITEM(labels, best);
    }
    free(scores);
    Py_DECREF(start);
    Py_DECREF(start2);
    if (PyErr_Occurred()) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

/* tag(table, tokens, cache, parts, labels): label ids of a sentence. ``cache`` maps a
   token to its parts; ``parts(token)`` makes those of a token not in it yet. */
static PyObject *tag(PyObject *self, PyObject *args) {
    Table *table;
    PyObject *tokens, *cache, *parts_fn, *labels;
    if (!PyArg_ParseTuple(args, "O!O!O!OO!", &TableType, &table, &PyList_Type, &tokens, &PyDict_Type, &cache,
                          &parts_fn, &PyList_Type, &labels))
        return NULL;
    if (str_list(labels, table->n_classes, "labels")) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(tokens);
    Words ws;
    if (words_alloc(&ws, n) < 0) return NULL;
    PyObject *held = PyList_New(n);  /* the parts tuples, held while their items are read */
    int failed = held == NULL;
    for (Py_ssize_t i = 0; !failed && i < n; i++) {
        PyObject *token = PyList_GET_ITEM(tokens, i);
        PyObject *parts = PyDict_GetItemWithError(cache, token);
        if (parts != NULL) {
            Py_INCREF(parts);
        } else if (!PyErr_Occurred()) {
            parts = PyObject_CallOneArg(parts_fn, token);
            if (parts != NULL && PyDict_SetItem(cache, token, parts) < 0) Py_CLEAR(parts);
        }
        failed = parts == NULL;
        if (!failed) {
            PyList_SET_ITEM(held, i, parts);
            failed = word_from(&ws, i, parts) < 0;
        }
    }
    PyObject *out = failed ? NULL : predict(table, &ws, labels);
    Py_XDECREF(held);
    words_free(&ws);
    return out;
}

/* ----------------------------------------------------------------- parser */

enum { SHIFT = 0, LEFT = 1, RIGHT = 2 };

typedef struct {
    Py_ssize_t n, depth, b0;
    Py_ssize_t *stack, *heads, *label;       /* label: index into class_labels (0 = "-") */
    Py_ssize_t *lcount, *rcount;             /* children so far, and the last two of each side */
    Py_ssize_t *l1, *l2, *r1, *r2;
} Config;

/* The number of words of a parser sentence (words and tags padded with the root and
   "no word", so n + 2 each), or -1 with an error set. */
static Py_ssize_t sentence_words(PyObject *w, PyObject *t, PyObject *labels, Py_ssize_t r) {
    if (!PyList_Check(w)) {
        PyErr_SetString(PyExc_TypeError, "words: a list");
        return -1;
    }
    Py_ssize_t n = PyList_GET_SIZE(w) - 2;
    if (n < 1) {
        PyErr_SetString(PyExc_ValueError, "no words");
        return -1;
    }
    if (str_list(w, n + 2, "words") || str_list(t, n + 2, "tags") || str_list(labels, 2 * r + 2, "labels")) return -1;
    return n;
}

/* The initial configuration of n words; free(c->stack) releases it. */
static int config_init(Config *c, Py_ssize_t n) {
    Py_ssize_t m = n + 2;
    Py_ssize_t *mem = calloc((size_t)(9 * m), sizeof(Py_ssize_t));
    if (mem == NULL) return -1;
    c->n = n; c->depth = 0; c->b0 = 0;
    c->stack = mem; c->heads = mem + m; c->label = mem + 2 * m; c->lcount = mem + 3 * m; c->rcount = mem + 4 * m;
    c->l1 = mem + 5 * m; c->l2 = mem + 6 * m; c->r1 = mem + 7 * m; c->r2 = mem + 8 * m;
    for (Py_ssize_t i = 0; i < m; i++) c->heads[i] = -1;
    return 0;
}

static const char *bucket(Py_ssize_t d) {
    static const char *small[] = {"0", "1", "2", "3", "4"};
    if (d >= 0 && d < 5) return small[d];
    return d < 8 ? "5" : "8";
}

typedef struct {
    PyObject *w, *t, *labels;  /* lists: words and tags (n+2 each), class labels */
    Py_ssize_t n;
} Sentence;

static inline uint64_t W(uint64_t h, const Sentence *s, Py_ssize_t i) { return h_str(h, PyList_GET_ITEM(s->w, i)); }
static inline uint64_t T(uint64_t h, const Sentence *s, Py_ssize_t i) { return h_str(h, PyList_GET_ITEM(s->t, i)); }
static inline uint64_t L(uint64_t h, const Sentence *s, const Config *c, Py_ssize_t i) {
    return h_str(h, PyList_GET_ITEM(s->labels, c->label[i]));
}
static inline uint64_t WT(uint64_t h, const Sentence *s, Py_ssize_t i) { return T(h_ascii(W(h, s, i), "/"), s, i); }
#define P(prefix) PREFIX(prefix)
static inline uint64_t SP(uint64_t h) { return h_cp(h, ' '); }

/* The decimal digits of v, as "%zd" writes them (a count: never negative, but kept exact). */
static inline uint64_t h_count(uint64_t h, Py_ssize_t v) {
    char buf[32];
    if (v < 0) {
        snprintf(buf, sizeof buf, "%zd", v);
        return h_ascii(h, buf);
    }
    int k = 0;
    do { buf[k++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (k) h = h_cp(h, (unsigned char)buf[--k]);
    return h;
}

/* The hashes of parser.features for a configuration (same order, same strings). */
static int parser_hashes(uint64_t *f, const Sentence *s, const Config *c) {
    Py_ssize_t n = s->n, nul = n + 1, b0 = c->b0, depth = c->depth;
    Py_ssize_t s0 = depth ? c->stack[depth - 1] : nul;
    Py_ssize_t s1 = depth > 1 ? c->stack[depth - 2] : nul;
    Py_ssize_t s2 = depth > 2 ? c->stack[depth - 3] : nul;
    Py_ssize_t b1 = b0 < n ? b0 + 1 : nul, b2 = b0 + 1 < n ? b0 + 2 : nul, b3 = b0 + 2 < n ? b0 + 3 : nul;
    Py_ssize_t s0l = c->lcount[s0] ? c->l1[s0] : nul, s0l2 = c->lcount[s0] > 1 ? c->l2[s0] : nul;
    Py_ssize_t s0r = c->rcount[s0] ? c->r1[s0] : nul, s0r2 = c->rcount[s0] > 1 ? c->r2[s0] : nul;
    Py_ssize_t b0l = c->lcount[b0] ? c->l1[b0] : nul, b0l2 = c->lcount[b0] > 1 ? c->l2[b0] : nul;
    Py_ssize_t s1r = c->rcount[s1] ? c->r1[s1] : nul;
    const char *d = s0 == nul ? "x" : b0 == n ? "r" : bucket(b0 - s0);
    const char *d1 = s1 != nul ? bucket(s0 - s1) : "x";
    int k = 0;
    f[k++] = P("bias");
    f[k++] = W(P("s0w "), s, s0);
    f[k++] = T(P("s0t "), s, s0);
    f[k++] = WT(P("s0wt "), s, s0);
    f[k++] = W(P("s1w "), s, s1);
    f[k++] = T(P("s1t "), s, s1);
    f[k++] = WT(P("s1wt "), s, s1);
    f[k++] = T(P("s2t "), s, s2);
    f[k++] = W(P("b0w "), s, b0);
    f[k++] = T(P("b0t "), s, b0);
    f[k++] = WT(P("b0wt "), s, b0);
    f[k++] = W(P("b1w "), s, b1);
    f[k++] = T(P("b1t "), s, b1);
    f[k++] = WT(P("b1wt "), s, b1);
    f[k++] = W(P("b2w "), s, b2);
    f[k++] = T(P("b2t "), s, b2);
    f[k++] = T(P("b3t "), s, b3);
    /* pairs */
    f[k++] = WT(SP(WT(P("s0wt.b0wt "), s, s0)), s, b0);
    f[k++] = W(SP(WT(P("s0wt.b0w "), s, s0)), s, b0);
    f[k++] = WT(SP(W(P("s0w.b0wt "), s, s0)), s, b0);
    f[k++] = T(SP(WT(P("s0wt.b0t "), s, s0)), s, b0);
    f[k++] = WT(SP(T(P("s0t.b0wt "), s, s0)), s, b0);
    f[k++] = W(SP(W(P("s0w.b0w "), s, s0)), s, b0);
    f[k++] = T(SP(T(P("s0t.b0t "), s, s0)), s, b0);
    f[k++] = T(SP(T(P("b0t.b1t "), s, b0)), s, b1);
    f[k++] = W(SP(W(P("b0w.b1w "), s, b0)), s, b1);
    f[k++] = T(SP(T(P("s1t.s0t "), s, s1)), s, s0);
    f[k++] = W(SP(W(P("s1w.s0w "), s, s1)), s, s0);
    f[k++] = T(SP(WT(P("s1wt.s0t "), s, s1)), s, s0);
    f[k++] = WT(SP(T(P("s1t.s0wt "), s, s1)), s, s0);
    f[k++] = T(SP(T(P("s1t.b0t "), s, s1)), s, b0);
    f[k++] = W(SP(W(P("s1w.b0w "), s, s1)), s, b0);
    /* triples */
    f[k++] = T(SP(T(SP(T(P("b0t.b1t.b2t "), s, b0)), s, b1)), s, b2);
    f[k++] = T(SP(T(SP(T(P("s0t.b0t.b1t "), s, s0)), s, b0)), s, b1);
    f[k++] = T(SP(T(SP(T(P("s1t.s0t.b0t "), s, s1)), s, s0)), s, b0);
    f[k++] = T(SP(T(SP(T(P("s2t.s1t.s0t "), s, s2)), s, s1)), s, s0);
    f[k++] = T(SP(T(SP(T(P("s0t.s0lt.b0t "), s, s0)), s, s0l)), s, b0);
    f[k++] = T(SP(T(SP(T(P("s0t.s0rt.b0t "), s, s0)), s, s0r)), s, b0);
    f[k++] = T(SP(T(SP(T(P("s0t.b0t.b0lt "), s, s0)), s, b0)), s, b0l);
    f[k++] = T(SP(T(SP(T(P("s1t.s0t.s0lt "), s, s1)), s, s0)), s, s0l);
    f[k++] = T(SP(T(SP(T(P("s1t.s0t.s0rt "), s, s1)), s, s0)), s, s0r);
    f[k++] = T(SP(T(SP(T(P("s1t.s1rt.s0t "), s, s1)), s, s1r)), s, s0);
    f[k++] = T(SP(T(SP(W(P("s0w.b0t.b1t "), s, s0)), s, b0)), s, b1);
    f[k++] = T(SP(W(SP(T(P("s0t.b0w.b1t "), s, s0)), s, b0)), s, b1);
    /* distance */
    f[k++] = h_ascii(SP(W(P("s0w.d "), s, s0)), d);
    f[k++] = h_ascii(SP(T(P("s0t.d "), s, s0)), d);
    f[k++] = h_ascii(SP(W(P("b0w.d "), s, b0)), d);
    f[k++] = h_ascii(SP(T(P("b0t.d "), s, b0)), d);
    f[k++] = h_ascii(SP(T(SP(T(P("s0t.b0t.d "), s, s0)), s, b0)), d);
    f[k++] = h_ascii(SP(WT(SP(WT(P("s0wt.b0wt.d "), s, s0)), s, b0)), d);
    f[k++] = h_ascii(SP(T(SP(T(P("s1t.s0t.d1 "), s, s1)), s, s0)), d1);
    /* valency */
    f[k++] = h_count(SP(W(P("s0w.vr "), s, s0)), c->rcount[s0]);
    f[k++] = h_count(SP(T(P("s0t.vr "), s, s0)), c->rcount[s0]);
    f[k++] = h_count(SP(W(P("s0w.vl "), s, s0)), c->lcount[s0]);
    f[k++] = h_count(SP(T(P("s0t.vl "), s, s0)), c->lcount[s0]);
    f[k++] = h_count(SP(W(P("b0w.vl "), s, b0)), c->lcount[b0]);
    f[k++] = h_count(SP(T(P("b0t.vl "), s, b0)), c->lcount[b0]);
    /* children */
    f[k++] = W(P("s0lw "), s, s0l);
    f[k++] = T(P("s0lt "), s, s0l);
    f[k++] = L(P("s0ll "), s, c, s0l);
    f[k++] = W(P("s0rw "), s, s0r);
    f[k++] = T(P("s0rt "), s, s0r);
    f[k++] = L(P("s0rl "), s, c, s0r);
    f[k++] = T(P("s0l2t "), s, s0l2);
    f[k++] = L(P("s0l2l "), s, c, s0l2);
    f[k++] = T(P("s0r2t "), s, s0r2);
    f[k++] = L(P("s0r2l "), s, c, s0r2);
    f[k++] = W(P("b0lw "), s, b0l);
    f[k++] = T(P("b0lt "), s, b0l);
    f[k++] = L(P("b0ll "), s, c, b0l);
    f[k++] = T(P("b0l2t "), s, b0l2);
    f[k++] = L(P("b0l2l "), s, c, b0l2);
    f[k++] = L(P("s1rl "), s, c, s1r);
    f[k++] = L(SP(L(SP(T(P("s0t.s0ll.s0l2l "), s, s0)), s, c, s0l)), s, c, s0l2);
    f[k++] = L(SP(L(SP(T(P("s0t.s0rl.s0r2l "), s, s0)), s, c, s0r)), s, c, s0r2);
    f[k++] = L(SP(L(SP(T(P("b0t.b0ll.b0l2l "), s, b0)), s, c, b0l)), s, c, b0l2);
    f[k++] = L(SP(WT(P("s0wt.s0rl "), s, s0)), s, c, s0r);
    f[k++] = L(SP(WT(P("s0wt.s0ll "), s, s0)), s, c, s0l);
    f[k++] = L(SP(WT(P("b0wt.b0ll "), s, b0)), s, c, b0l);
    return k;
}

#define MAX_FEATURES 96

/* parser.best_valid: the best class allowed here, ties to the first. */
static Py_ssize_t best_valid(const int64_t *scores, const Config *c, Py_ssize_t r) {
    Py_ssize_t n = c->n, depth = c->depth, b0 = c->b0, best = -1;
    int64_t top = 0;
    if (b0 < n) { best = 0; top = scores[0]; }
    if (depth > 0 && (b0 < n || depth == 1)) {
        Py_ssize_t cls = b0 == n ? r + 1 : argmax(scores, 1, r + 1);
        if (best < 0 || scores[cls] > top) { best = cls; top = scores[cls]; }
    }
    if (depth > 1) {
        Py_ssize_t cls = argmax(scores, r + 2, 2 * r + 2);
        if (best < 0 || scores[cls] > top) best = cls;
    }
    return best;
}

static void apply(Config *c, Py_ssize_t cls, Py_ssize_t r) {
    if (cls == 0) {
        c->stack[c->depth++] = c->b0++;
        return;
    }
    Py_ssize_t dep = c->stack[--c->depth];
    int left = cls <= r + 1;
    Py_ssize_t head = left ? c->b0 : c->stack[c->depth - 1];
    c->heads[dep] = head;
    c->label[dep] = cls;
    if (left) {
        c->l2[head] = c->l1[head]; c->l1[head] = dep; c->lcount[head]++;
    } else {
        c->r2[head] = c->r1[head]; c->r1[head] = dep; c->rcount[head]++;
    }
}

static PyObject *parse(PyObject *self, PyObject *args) {
    Table *table;
    PyObject *w, *t, *labels;
    Py_ssize_t r;
    if (!PyArg_ParseTuple(args, "O!OOOn", &TableType, &table, &w, &t, &labels, &r)) return NULL;
    Py_ssize_t n = sentence_words(w, t, labels, r);
    if (n < 0) return NULL;
    if (table->n_classes != 2 * r + 2) return PyErr_Format(PyExc_ValueError, "the table has other classes");
    Sentence s = {w, t, labels, n};
    Config c;
    int64_t *scores = malloc(sizeof(int64_t) * (size_t)(2 * r + 2));
    if (scores == NULL || config_init(&c, n) < 0) {
        free(scores);
        return PyErr_NoMemory();
    }
    uint64_t f[MAX_FEATURES];
    while (!(c.b0 >= n && c.depth == 0)) {
        int k = parser_hashes(f, &s, &c);
        memset(scores, 0, sizeof(int64_t) * (size_t)(2 * r + 2));
        add_rows(table, f, k, scores);
        apply(&c, best_valid(scores, &c, r), r);
    }
    PyObject *heads = PyList_New(n), *classes = PyList_New(n);
    for (Py_ssize_t i = 0; heads && classes && i < n; i++) {
        PyList_SET_ITEM(heads, i, PyLong_FromSsize_t(c.heads[i] == n ? -1 : c.heads[i]));
        PyList_SET_ITEM(classes, i, PyLong_FromSsize_t(c.label[i]));
    }
    free(c.stack);
    free(scores);
    if (heads == NULL || classes == NULL) {
        Py_XDECREF(heads);
        Py_XDECREF(classes);
        return NULL;
    }
    return Py_BuildValue("(NN)", heads, classes);
}

static PyObject *hash_list(const uint64_t *f, int k) {
    PyObject *out = PyList_New(k);
    for (int j = 0; out && j < k; j++) PyList_SET_ITEM(out, j, PyLong_FromUnsignedLongLong(f[j]));
    return out;
}

/* The hashes parser_hashes gives the first configuration of a sentence after
   ``moves`` (a list of classes), for tests against parser.features. */
static PyObject *parser_feature_hashes(PyObject *self, PyObject *args) {
    PyObject *w, *t, *labels, *moves;
    Py_ssize_t r;
    if (!PyArg_ParseTuple(args, "OOOnO!", &w, &t, &labels, &r, &PyList_Type, &moves)) return NULL;
    Py_ssize_t n = sentence_words(w, t, labels, r);
    if (n < 0) return NULL;
    Sentence s = {w, t, labels, n};
    Config c;
    if (config_init(&c, n) < 0) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(moves); i++) {
        Py_ssize_t cls = PyLong_AsSsize_t(PyList_GET_ITEM(moves, i));
        if (cls < 0 || cls >= 2 * r + 2 || (cls == 0 && c.b0 >= n) || (cls > 0 && c.depth < (cls <= r + 1 ? 1 : 2))) {
            free(c.stack);
            return PyErr_Occurred() ? NULL : PyErr_Format(PyExc_ValueError, "move %zd not allowed", i);
        }
        apply(&c, cls, r);
    }
    uint64_t f[MAX_FEATURES];
    int k = parser_hashes(f, &s, &c);
    free(c.stack);
    return hash_list(f, k);
}

/* The hashes of the tagger's features for word i of ``parts`` (a list of 7-tuples, see
   tag) with the two previous labels, for tests against tagger.static_features. */
static PyObject *tagger_feature_hashes(PyObject *self, PyObject *args) {
    PyObject *parts, *prev, *prev2;
    Py_ssize_t i;
    if (!PyArg_ParseTuple(args, "O!nUU", &PyList_Type, &parts, &i, &prev, &prev2)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(parts);
    if (i < 0 || i >= n) return PyErr_Format(PyExc_IndexError, "token %zd", i);
    Words ws;
    if (words_alloc(&ws, n) < 0) return NULL;
    for (Py_ssize_t j = 0; j < n; j++) {
        if (word_from(&ws, j, PyList_GET_ITEM(parts, j)) < 0) {
            words_free(&ws);
            return NULL;
        }
    }
    uint64_t f[32];
    int k = static_hashes(f, &ws, i);
    k += dynamic_hashes(f + k, ws.norm[i], ws.low[i], prev, prev2);
    words_free(&ws);
    return hash_list(f, k);
}

static PyMethodDef methods[] = {
    {"feature_hash", feature_hash, METH_O, "The hash of one feature string."},
    {"tag", tag, METH_VARARGS, "Label ids of a sentence (see tagger.Tagger.predict_ids)."},
    {"parse", parse, METH_VARARGS, "Heads and classes of a sentence (see parser.Parser.parse)."},
    {"tagger_feature_hashes", tagger_feature_hashes, METH_VARARGS, "Feature hashes of one token (for tests)."},
    {"parser_feature_hashes", parser_feature_hashes, METH_VARARGS, "Feature hashes after some moves (for tests)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_perceptron", "Compiled perceptron inference.", -1,
                                    methods};

PyMODINIT_FUNC PyInit__perceptron(void) {
    if (PyType_Ready(&TableType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
    Py_INCREF(&TableType);
    if (PyModule_AddObject(m, "Table", (PyObject *)&TableType) < 0) {
        Py_DECREF(&TableType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
