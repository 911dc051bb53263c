/* Compiled tokeniser: the same tokens as multivector/actors/tokens.py, made faster.
 *
 * tokens.py cuts text with the pattern  \w+(?:['’.]\w+)*\.?|[^\w\s]  and then
 * splits a sentence's final period off a word and strips possessives for the
 * norm. The pattern needs no backtracking: a word is the longest run of word
 * characters, then any number of ("'", "’" or ".") followed by a run of word
 * characters, then one optional "."; anything else that is not a space is a
 * one-character token. Word and space are what Python's re takes them to be
 * for str patterns (Py_UNICODE_ISALNUM or "_"; Py_UNICODE_ISSPACE).
 *
 * Tokens are made by the million, and Token.__init__ (a dataclass's: it stores the
 * five fields and does nothing else) would run a Python frame for each. Where
 * the class is laid out as a slotted dataclass (each field a slot of type
 * object, see layout()), a token is allocated and its slots filled here, as
 * __init__ fills them; otherwise the class is called.
 *
 * Two entry points, both returning lists of the Token class they are given:
 *   tokenize(Token, text)                       tokens.tokenize(text)
 *   shifted(Token, tokens, first, last, offset) copies of tokens[first:last]
 *                                               with offsets less ``offset``
 * tests/test_stage_fast_paths.py checks them against the Python code.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#define APOSTROPHE 0x2019 /* ’ */

static PyObject *s_lower, *s_curly, *s_straight, *s_period;

/* ------------------------------------------------------------ the Token class */

#define FIELDS 5 /* text, start, end, norm, possessive: Token's fields in order */

static PyObject *names[FIELDS];

typedef struct {
    PyObject *type;              /* the class the offsets are for */
    int slotted;                 /* its fields are object slots at offsets[] */
    Py_ssize_t offsets[FIELDS];
} Layout;

static Layout known = {NULL, 0, {0}};

/* Where ``type`` keeps its fields: each must be a slot (member descriptor) of type
 * object defined by the class itself, in an instance with these five slots and
 * nothing else (no __dict__, no other field), and no __post_init__ to run. */
static const Layout *layout(PyObject *type) {
    if (known.type == type) return &known;
    Py_XSETREF(known.type, Py_NewRef(type));
    known.slotted = PyType_Check(type) && ((PyTypeObject *)type)->tp_dictoffset == 0 &&
                    ((PyTypeObject *)type)->tp_alloc != NULL &&
                    ((PyTypeObject *)type)->tp_basicsize == (Py_ssize_t)(sizeof(PyObject) + FIELDS * sizeof(PyObject *));
    if (known.slotted) {
        int post_init = PyObject_HasAttrString(type, "__post_init__");
        known.slotted = post_init == 0;
    }
    for (int k = 0; k < FIELDS && known.slotted; k++) {
        PyObject *descr = PyObject_GetAttr(type, names[k]);
        if (descr == NULL) {
            PyErr_Clear();
            known.slotted = 0;
            break;
        }
        if (Py_IS_TYPE(descr, &PyMemberDescr_Type) && ((PyDescrObject *)descr)->d_type == (PyTypeObject *)type) {
            PyMemberDef *member = ((PyMemberDescrObject *)descr)->d_member;
            known.slotted = member->type == T_OBJECT_EX && !(member->flags & READONLY);
            known.offsets[k] = member->offset;
        } else {
            known.slotted = 0;
        }
        Py_DECREF(descr);
    }
    return &known;
}

/* A new token with these fields (references borrowed). */
static PyObject *make(PyObject *type, PyObject *const *fields) {
    const Layout *lay = layout(type);
    if (!lay->slotted) return PyObject_Vectorcall(type, fields, FIELDS, NULL);
    PyObject *token = ((PyTypeObject *)type)->tp_alloc((PyTypeObject *)type, 0);
    if (token == NULL) return NULL;
    for (int k = 0; k < FIELDS; k++) *(PyObject **)((char *)token + lay->offsets[k]) = Py_NewRef(fields[k]);
    return token;
}

/* The fields of a token (new references), read from its slots when it is of the laid-out class. */
static int fields_of(PyObject *type, PyObject *token, PyObject **fields) {
    const Layout *lay = layout(type);
    for (int k = 0; k < FIELDS; k++) {
        PyObject *value = NULL;
        if (lay->slotted && Py_IS_TYPE(token, (PyTypeObject *)type))
            value = Py_XNewRef(*(PyObject **)((char *)token + lay->offsets[k]));
        if (value == NULL) value = PyObject_GetAttr(token, names[k]); /* an unset slot raises here */
        if (value == NULL) {
            while (k--) Py_DECREF(fields[k]);
            return -1;
        }
        fields[k] = value;
    }
    return 0;
}

/* ------------------------------------------------------------------ scanning */

static inline int is_word(Py_UCS4 c) { return Py_UNICODE_ISALNUM(c) || c == '_'; }

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n;
} Text;

static inline Py_UCS4 at(const Text *t, Py_ssize_t i) { return PyUnicode_READ(t->kind, t->data, i); }

/* End of the word token starting at ``i`` (a word character); *alnum: no "_", "'", "’" or "." in it. */
static Py_ssize_t word_end(const Text *t, Py_ssize_t i, int *alnum) {
    Py_ssize_t j = i;
    *alnum = 1;
    for (;;) {
        while (j < t->n && is_word(at(t, j))) {
            if (at(t, j) == '_') *alnum = 0;
            j++;
        }
        if (j + 1 < t->n) {
            Py_UCS4 c = at(t, j);
            if ((c == '\'' || c == APOSTROPHE || c == '.') && is_word(at(t, j + 1))) {
                *alnum = 0;
                j++;
                continue;
            }
        }
        break;
    }
    if (j < t->n && at(t, j) == '.') {
        *alnum = 0;
        j++;
    }
    return j;
}

/* ^(?:[A-Za-z]\.){2,}$ */
static int abbreviation(const Text *t, Py_ssize_t start, Py_ssize_t stop) {
    Py_ssize_t len = stop - start;
    if (len < 4 || len % 2) return 0;
    for (Py_ssize_t k = start; k < stop; k += 2) {
        Py_UCS4 c = at(t, k);
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) || at(t, k + 1) != '.') return 0;
    }
    return 1;
}

static inline int is_apostrophe(Py_UCS4 c) { return c == '\'' || c == APOSTROPHE; }

/* str.lower() of a str; an ASCII one (most words) is lowered here, without the method call. */
static PyObject *lower(PyObject *word) {
    if (!PyUnicode_IS_ASCII(word)) return PyObject_CallMethodNoArgs(word, s_lower);
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    const Py_UCS1 *data = PyUnicode_1BYTE_DATA(word);
    Py_ssize_t k = 0;
    while (k < n && !(data[k] >= 'A' && data[k] <= 'Z')) k++;
    if (k == n) return Py_NewRef(word); /* already lower case: the same characters */
    PyObject *low = PyUnicode_New(n, 127);
    if (low == NULL) return NULL;
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(low);
    for (k = 0; k < n; k++) out[k] = data[k] >= 'A' && data[k] <= 'Z' ? data[k] + ('a' - 'A') : data[k];
    return low;
}

/* text[start:stop] in lower case with "’" made "'" (tokens._norm's last step). */
static PyObject *lowered(PyObject *text, Py_ssize_t start, Py_ssize_t stop) {
    PyObject *core = PyUnicode_Substring(text, start, stop);
    if (core == NULL) return NULL;
    PyObject *low = lower(core);
    Py_DECREF(core);
    if (low == NULL || PyUnicode_FindChar(low, APOSTROPHE, 0, PyUnicode_GET_LENGTH(low), 1) == -1) return low;
    PyObject *plain = PyUnicode_Replace(low, s_curly, s_straight, -1);
    Py_DECREF(low);
    return plain;
}

static int append(PyObject *out, PyObject *type, PyObject *raw, Py_ssize_t start, Py_ssize_t end, PyObject *norm,
                  int possessive) {
    PyObject *first = PyLong_FromSsize_t(start), *last = PyLong_FromSsize_t(end);
    PyObject *token = NULL;
    if (first != NULL && last != NULL) {
        PyObject *fields[FIELDS] = {raw, first, last, norm, possessive ? Py_True : Py_False};
        token = make(type, fields);
    }
    Py_XDECREF(first);
    Py_XDECREF(last);
    if (token == NULL) return -1;
    int rc = PyList_Append(out, token);
    Py_DECREF(token);
    return rc;
}

/* A token with an apostrophe, a period or "_" in it, or a mark: tokenize's general path. */
static int append_general(PyObject *out, PyObject *type, PyObject *text, const Text *t, Py_ssize_t start,
                          Py_ssize_t stop) {
    Py_ssize_t end = stop;
    int final_period = stop - start > 1 && at(t, stop - 1) == '.' && !abbreviation(t, start, stop);
    if (final_period) end--; /* a sentence's final period is not part of the word */
    /* _norm: possessive "'s", "’s", "'" or "’" at the end of a token of more than two characters */
    Py_ssize_t core_end = end;
    int possessive = 0;
    if (end - start > 2) {
        if (at(t, end - 1) == 's' && is_apostrophe(at(t, end - 2))) {
            possessive = 1;
            core_end = end - 2;
        } else if (is_apostrophe(at(t, end - 1))) {
            possessive = 1;
            core_end = end - 1;
        }
    }
    if (core_end > start && at(t, core_end - 1) == '.' && !abbreviation(t, start, core_end)) core_end--;
    PyObject *raw = PyUnicode_Substring(text, start, end);
    PyObject *norm = raw == NULL ? NULL : lowered(text, start, core_end);
    int rc = norm == NULL ? -1 : append(out, type, raw, start, end, norm, possessive);
    Py_XDECREF(raw);
    Py_XDECREF(norm);
    if (rc == 0 && final_period) rc = append(out, type, s_period, end, end + 1, s_period, 0);
    return rc;
}

static PyObject *tokenize(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "tokenize(Token, text: str)");
        return NULL;
    }
    PyObject *type = args[0], *text = args[1];
    Text t = {PyUnicode_KIND(text), PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text)};
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    Py_ssize_t i = 0;
    while (i < t.n) {
        Py_UCS4 c = at(&t, i);
        if (Py_UNICODE_ISSPACE(c)) {
            i++;
            continue;
        }
        int alnum = 0, rc;
        Py_ssize_t j = is_word(c) ? word_end(&t, i, &alnum) : i + 1;
        if (alnum) { /* most words: the norm is the lower case */
            PyObject *raw = PyUnicode_Substring(text, i, j);
            PyObject *norm = raw == NULL ? NULL : lower(raw);
            rc = norm == NULL ? -1 : append(out, type, raw, i, j, norm, 0);
            Py_XDECREF(raw);
            Py_XDECREF(norm);
        } else {
            rc = append_general(out, type, text, &t, i, j);
        }
        if (rc < 0) {
            Py_DECREF(out);
            return NULL;
        }
        i = j;
    }
    return out;
}

static PyObject *shift_one(PyObject *type, PyObject *token, PyObject *offset) {
    PyObject *fields[FIELDS];
    if (fields_of(type, token, fields) < 0) return NULL;
    PyObject *first = PyNumber_Subtract(fields[1], offset);
    PyObject *last = first == NULL ? NULL : PyNumber_Subtract(fields[2], offset);
    PyObject *copy = NULL;
    if (last != NULL) {
        PyObject *shifted_fields[FIELDS] = {fields[0], first, last, fields[3], fields[4]};
        copy = make(type, shifted_fields);
    }
    for (int k = 0; k < FIELDS; k++) Py_DECREF(fields[k]);
    Py_XDECREF(first);
    Py_XDECREF(last);
    return copy;
}

static PyObject *shifted(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 5 || !PyList_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "shifted(Token, tokens: list, first: int, last: int, offset: int)");
        return NULL;
    }
    PyObject *type = args[0], *tokens = args[1], *offset = args[4];
    Py_ssize_t first = PyLong_AsSsize_t(args[2]), last = PyLong_AsSsize_t(args[3]);
    if (PyErr_Occurred()) return NULL;
    Py_ssize_t count = PySlice_AdjustIndices(PyList_GET_SIZE(tokens), &first, &last, 1); /* tokens[first:last] */
    PyObject *out = PyList_New(count);
    if (out == NULL) return NULL;
    for (Py_ssize_t k = first; k < first + count; k++) {
        if (k >= PyList_GET_SIZE(tokens)) { /* shortened meanwhile, by a class's own attribute code */
            Py_DECREF(out);
            PyErr_SetString(PyExc_RuntimeError, "tokens changed while being copied");
            return NULL;
        }
        PyObject *token = Py_NewRef(PyList_GET_ITEM(tokens, k));
        PyObject *copy = shift_one(type, token, offset);
        Py_DECREF(token);
        if (copy == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, k - first, copy);
    }
    return out;
}

static PyMethodDef methods[] = {
    {"tokenize", (PyCFunction)(void (*)(void))tokenize, METH_FASTCALL, "The tokens of a text (see tokens.tokenize)."},
    {"shifted", (PyCFunction)(void (*)(void))shifted, METH_FASTCALL,
     "Copies of tokens[first:last] with their offsets less offset."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_tokens", "Compiled tokeniser.", -1, methods};

PyMODINIT_FUNC PyInit__tokens(void) {
    s_lower = PyUnicode_InternFromString("lower");
    names[0] = PyUnicode_InternFromString("text");
    names[1] = PyUnicode_InternFromString("start");
    names[2] = PyUnicode_InternFromString("end");
    names[3] = PyUnicode_InternFromString("norm");
    names[4] = PyUnicode_InternFromString("possessive");
    s_curly = PyUnicode_FromOrdinal(APOSTROPHE);
    s_straight = PyUnicode_FromString("'");
    s_period = PyUnicode_InternFromString(".");
    if (!s_lower || !names[0] || !names[1] || !names[2] || !names[3] || !names[4] || !s_curly || !s_straight || !s_period)
        return NULL;
    return PyModule_Create(&module);
}
