/* Scanning sets: `\E m \in msgs : m.type = "2b" /\ m.acc \in Q /\ ...` on a small set, in C.
 *
 * NOTE(scan): generated code asks four questions of a set of records whose leading
 * conjuncts compare fields with values (`x.f = v`) or test them against a set
 * (`x.f \in T`): does an element match (EXISTS), which elements match, in canonical order
 * or not (CANDS, CANDS_EQ), and the set of those that match (FILTER). The Python helpers
 * in checker/compile/codegen/runtime.py answer them through a field index
 * (NOTE(index-exactness) in checker/compile/index.py). Building an index costs a few
 * hundred nanoseconds per element, so for a set of at most SCAN_MAX elements a FastPath
 * answers by looking at every element instead: it evaluates the conjuncts left to right
 * per element, exactly as the plain loop would, and hands the whole question to the
 * Python helper (its `slow` function) whenever anything is out of the ordinary:
 *   - the set is not a frozenset, is larger than SCAN_MAX, or a `\in` operand is not a
 *     frozenset;
 *   - some element is not a record, or lacks a field that evaluation reaches (the plain
 *     loop would raise there, and which element comes first is for the helper to
 *     decide, as it does today).
 * So a FastPath returns what its helper would, or defers to it; every element is looked at,
 * so the answer never depends on the set's iteration order. Equality is Python's (as the
 * index's dict lookups), which is TLA+ equality on values (NOTE(value-representation)),
 * except for a Boolean against an integer or any non-Boolean (NOTE(bool-int)): where a
 * conjunct would compare them the helper decides too (the closures report TLC's error).
 *
 * Questions of equalities only go to the field index itself (no Python call) when the set
 * is larger than SCAN_MAX, or when the same (set, fields) was asked INDEX_AFTER times in a
 * row (an invariant probing one set many times): then one build serves the rest.
 *
 * The questions are asked through a FastPath (fastpath.c) of kind EXISTS, CANDS, CANDS_EQ
 * or FILTER; its arguments are those of the helper it stands for:
 *   EXISTS   (s, fields, member, values)             -> bool
 *   CANDS    (s, fields, member, values, canonical)  -> list of the matches
 *   CANDS_EQ (s, fields, values, canonical)          -> list of the matches
 *   FILTER   (s, fields, member, values)             -> frozenset of the matches
 */

#include "native.h"

#define SCAN_MAX 24
#define SCAN_FIELDS 16 /* more fields than this: the helper answers */
#define INDEX_AFTER 4  /* the same (set, fields) asked this many times in a row: index it */
#define LONG_RUN 12    /* a run of this many questions on one (set, fields) is long */
#define LONG_RUNS_MAX 8

/* The arguments of one question, unpacked; `member` NULL means all equalities. */
typedef struct {
    PyObject *set;
    PyObject *fields;
    PyObject *member;
    PyObject *values;
    int canonical;
} Question;

/* 1 if the fast path may answer (arguments as expected and small), 0 if not, -1 on error. */
static int unpack(int kind, PyObject *const *args, Question *q)
{
    q->set = args[0];
    q->fields = args[1];
    if (kind == KIND_CANDS_EQ) {
        q->member = NULL;
        q->values = args[2];
        q->canonical = PyObject_IsTrue(args[3]);
    } else {
        q->member = args[2];
        q->values = args[3];
        q->canonical = kind == KIND_CANDS ? PyObject_IsTrue(args[4]) : 0;
    }
    if (q->canonical < 0) {
        return -1;
    }
    if (!PyFrozenSet_CheckExact(q->set) || !PyTuple_CheckExact(q->fields) ||
        !PyTuple_CheckExact(q->values)) {
        return 0;
    }
    Py_ssize_t nf = PyTuple_GET_SIZE(q->fields);
    if (PyTuple_GET_SIZE(q->values) != nf || nf == 0 || nf > SCAN_FIELDS) {
        return 0;
    }
    if (q->member == NULL) {
        return 1;
    }
    if (!PyTuple_CheckExact(q->member) || PyTuple_GET_SIZE(q->member) != nf) {
        return 0;
    }
    int equalities = 1;
    for (Py_ssize_t i = 0; i < nf; i++) {
        if (PyTuple_GET_ITEM(q->member, i) != Py_True) {
            continue;
        }
        equalities = 0;
        if (!PyFrozenSet_CheckExact(PyTuple_GET_ITEM(q->values, i))) {
            return 0;
        }
    }
    if (equalities) {
        q->member = NULL;
    }
    return 1;
}

enum { MATCH_NO = 0, MATCH_YES = 1, MATCH_IRREGULAR = 2, MATCH_ERROR = -1 };

/* Conjunct i on field value v: MATCH_YES, MATCH_NO, MATCH_IRREGULAR where TLC would fail
 * comparing a Boolean with a non-Boolean (NOTE(bool-int)), MATCH_ERROR. */
static int conjunct(NativeState *st, const Question *q, Py_ssize_t i, PyObject *v)
{
    PyObject *want = PyTuple_GET_ITEM(q->values, i);
    if (q->member != NULL && PyTuple_GET_ITEM(q->member, i) == Py_True) {
        int found = checked_contains(st, want, v);
        if (found < 0 && PyErr_ExceptionMatches(st->incomparable)) {
            PyErr_Clear();
            return MATCH_IRREGULAR;
        }
        return found;
    }
    if (v == want) {
        return MATCH_YES;
    }
    PyTypeObject *tv = Py_TYPE(v), *tw = Py_TYPE(want);
    if (tv == tw) { /* the common cases: no Boolean against a non-Boolean */
        if (tv == &PyUnicode_Type) {
            return str_eq(v, want);
        }
        if (tv == st->model_value_type) {
            return MATCH_NO; /* interned: equal only to itself */
        }
        if (tv == &PyLong_Type) {
            return PyObject_RichCompareBool(v, want, Py_EQ);
        }
    }
    int eq = value_eq(st, v, want);
    int vb = tv == &PyBool_Type, wb = tw == &PyBool_Type;
    if (eq == 0 && vb != wb && tv != st->model_value_type && tw != st->model_value_type) {
        return MATCH_IRREGULAR; /* TRUE = 2: TLC's error */
    }
    if (eq > 0 && tv != &PyUnicode_Type) {
        PyObject *wa = NULL, *wbv = NULL;
        int m = bool_mismatch(st, v, want, &wa, &wbv);
        Py_XDECREF(wa);
        Py_XDECREF(wbv);
        return m < 0 ? MATCH_ERROR : m > 0 ? MATCH_IRREGULAR : MATCH_YES;
    }
    return eq;
}

/* Where the records of one keys tuple keep the fields (-1: absent). Records built by one
 * expression share their keys tuple, and a set of messages has a few kinds of records, so
 * a scan remembers the positions for the last POSITION_SLOTS keys tuples it met. */
#define POSITION_SLOTS 8

typedef struct {
    PyObject *keys[POSITION_SLOTS]; /* borrowed (elements hold them), or NULL */
    Py_ssize_t at[POSITION_SLOTS][SCAN_FIELDS];
    int next; /* the slot the next new keys tuple takes */
} Positions;

/* The positions of the fields in `keys`: a row of Positions, or NULL with an error. */
static const Py_ssize_t *locate(NativeState *st, Positions *p, PyObject *keys,
                                PyObject *fields)
{
    for (int i = 0; i < POSITION_SLOTS; i++) {
        if (p->keys[i] == keys) {
            return p->at[i];
        }
    }
    int slot = p->next;
    p->next = (p->next + 1) % POSITION_SLOTS;
    p->keys[slot] = NULL;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(fields); i++) {
        p->at[slot][i] = key_position(st, keys, PyTuple_GET_ITEM(fields, i));
        if (p->at[slot][i] == -2) {
            return NULL;
        }
    }
    p->keys[slot] = keys;
    return p->at[slot];
}

/* The conjuncts evaluated left to right on element x. */
static int match(NativeState *st, const Question *q, Positions *p, PyObject *x)
{
    if (Py_TYPE(x) != st->fcn_type) {
        return MATCH_IRREGULAR;
    }
    PyObject *keys = fcn_keys(x);
    const Py_ssize_t *positions = keys == NULL ? NULL : locate(st, p, keys, q->fields);
    if (positions == NULL) {
        return MATCH_ERROR;
    }
    Py_ssize_t nf = PyTuple_GET_SIZE(q->fields);
    for (Py_ssize_t i = 0; i < nf; i++) {
        Py_ssize_t at = positions[i];
        if (at < 0) {
            return MATCH_IRREGULAR;
        }
        int holds = conjunct(st, q, i, PyTuple_GET_ITEM(x, at + 2));
        if (holds != MATCH_YES) {
            return holds;
        }
    }
    return MATCH_YES;
}

/* Every element of the set through match(); the matches appended to `found` (if not NULL).
 * Returns the number of matches, -1 on error, -2 if some element is irregular. */
static Py_ssize_t scan(NativeState *st, const Question *q, PyObject *found)
{
    /* The elements are first gathered and their memory requested, then examined: the
     * records of a state are scattered over the heap, and waiting for them one at a time
     * cost more than the comparisons. */
    PyObject *items[SCAN_MAX];
    Py_ssize_t n = 0;
    SetWalk w = set_walk(q->set);
    PyObject *x;
    while (n < SCAN_MAX && (x = set_walk_next(&w)) != NULL) {
        native_prefetch(x);
        native_prefetch((const char *)x + 64);
        items[n++] = x;
    }
    if (set_walk_end(&w) < 0) {
        return -1;
    }
    Py_ssize_t matches = 0;
    Positions p = {.next = 0};
    for (Py_ssize_t i = 0; i < n; i++) {
        x = items[i];
        int m = match(st, q, &p, x);
        if (m == MATCH_YES) {
            matches++;
            if (found != NULL && PyList_Append(found, x) < 0) {
                m = MATCH_ERROR;
            }
        }
        if (m == MATCH_ERROR || m == MATCH_IRREGULAR) {
            return m == MATCH_ERROR ? -1 : -2;
        }
    }
    return matches;
}

/* The answer from the field index (index.c): its lookup gives the matches in canonical
 * order, or None where some element would raise (then the helper decides). */
static PyObject *indexed_answer(NativeState *st, int kind, const Question *q, int *deferred)
{
    PyObject *found = index_lookup_in(st, q->set, q->fields, q->values);
    if (found == NULL || found == Py_None) {
        *deferred = found == Py_None;
        Py_XDECREF(found);
        return NULL;
    }
    PyObject *result;
    if (kind == KIND_EXISTS) {
        result = PyBool_FromLong(PyTuple_GET_SIZE(found) > 0);
    } else if (kind == KIND_FILTER) {
        result = PyFrozenSet_New(found);
    } else {
        result = Py_NewRef(found);
    }
    Py_DECREF(found);
    return result;
}

/* Whether to use the index for this question: it is on the same set and fields as the
 * INDEX_AFTER before it, or this call site's runs of questions have lately been long
 * (an invariant probing each state's set dozens of times: index from the first one). */
static int repeated(RecentQuestions *recent, const Question *q)
{
    if (recent->set == (const void *)q->set && recent->fields == (const void *)q->fields) {
        recent->repeats++;
    } else {
        int was_long = recent->repeats >= LONG_RUN;
        recent->long_runs += was_long ? (recent->long_runs < LONG_RUNS_MAX)
                                      : -(recent->long_runs > 0);
        recent->set = q->set;
        recent->fields = q->fields;
        recent->repeats = 1;
    }
    return recent->repeats > INDEX_AFTER || recent->long_runs >= LONG_RUNS_MAX / 2;
}

static PyObject *answer(NativeState *st, int kind, const Question *q, int *deferred)
{
    PyObject *found = kind == KIND_EXISTS ? NULL : PyList_New(0);
    if (kind != KIND_EXISTS && found == NULL) {
        return NULL;
    }
    Py_ssize_t n = scan(st, q, found);
    PyObject *result = NULL;
    if (n == -2) {
        *deferred = 1;
    } else if (n >= 0 && kind == KIND_EXISTS) {
        result = PyBool_FromLong(n > 0);
    } else if (n >= 0 && kind == KIND_FILTER) {
        result = PyFrozenSet_New(found);
    } else if (n >= 0 && (!q->canonical || canon_sort_list(st, found) == 0)) {
        result = Py_NewRef(found);
    }
    Py_XDECREF(found);
    return result;
}

PyObject *scan_answer(NativeState *st, RecentQuestions *recent, int kind, PyObject *const *args,
                      int *deferred)
{
    Question q;
    int fast = unpack(kind, args, &q);
    if (fast < 0) {
        return NULL;
    }
    int again = fast && repeated(recent, &q);
    if (fast && q.member == NULL && (again || PySet_GET_SIZE(q.set) > SCAN_MAX)) {
        return indexed_answer(st, kind, &q, deferred);
    }
    if (fast && PySet_GET_SIZE(q.set) <= SCAN_MAX) {
        return answer(st, kind, &q, deferred);
    }
    *deferred = 1;
    return NULL;
}
