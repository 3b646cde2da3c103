/* FastPath kinds that are one C-API call in their common case (NOTE(fast-path)).
 *
 *   LEN (s)            Len(s) of a sequence (a tuple);
 *   CARD (s)           Cardinality(s) of a frozenset;
 *   ELEMS (s)          a frozenset itself, to iterate;
 *   DOMAIN (f)         DOMAIN f of a Fcn: the set of its keys;
 *   CANON (s)          a frozenset's elements in the canonical order (a list);
 *   FIRST (s)          a frozenset's first element in the canonical order, found without
 *                      sorting where its elements are plain (order.c `canon_least`): the
 *                      value of CHOOSE x \in s : TRUE;
 *   SUBSEQ (s, m, n)   SubSeq(s, m, n) of a tuple within its bounds (or empty: m > n);
 *   DIFF, INTER (a, b) a \ b and a \cap b of two frozensets (where a Boolean meets an
 *                      integer, NOTE(bool-int), the helper raises its error);
 *   ADD, SUB, MUL, MOD, LT, LE, GT, GE (a, b)  +, -, *, % (by a positive divisor), <,
 *                      <=, >, >= of two integers: exactly int, so a Boolean is the
 *                      helper's, which refuses it (NOTE(bool-int));
 *   LET (cell, v)      v kept in a LET's cell, a list of one item, and returned
 *                      (NOTE(let-binding)).
 * Anything else is deferred to the Python helper, whose answer is the reference.
 */

#include "native.h"

static int positive(PyObject *n)
{
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(n, &overflow);
    return overflow > 0 || (!overflow && v > 0);
}

static PyObject *integer_op(int kind, PyObject *a, PyObject *b, int *deferred)
{
    if (!PyLong_CheckExact(a) || !PyLong_CheckExact(b) || (kind == KIND_MOD && !positive(b))) {
        *deferred = 1;
        return NULL;
    }
    static const int COMPARE[] = {Py_LT, Py_LE, Py_GT, Py_GE};
    switch (kind) {
    case KIND_ADD:
        return PyNumber_Add(a, b);
    case KIND_SUB:
        return PyNumber_Subtract(a, b);
    case KIND_MUL:
        return PyNumber_Multiply(a, b);
    case KIND_MOD:
        return PyNumber_Remainder(a, b); /* in 0..b-1 for b > 0, as TLA+'s % */
    default:
        return PyObject_RichCompare(a, b, COMPARE[kind - KIND_LT]);
    }
}

static PyObject *set_op(NativeState *st, int kind, PyObject *const *args, int *deferred)
{
    PyObject *a = args[0];
    if (!PyFrozenSet_CheckExact(a) ||
        ((kind == KIND_DIFF || kind == KIND_INTER) && !PyFrozenSet_CheckExact(args[1]))) {
        *deferred = 1;
        return NULL;
    }
    if (kind == KIND_CARD) {
        return PyLong_FromSsize_t(PySet_GET_SIZE(a));
    }
    if (kind == KIND_ELEMS) {
        return Py_NewRef(a);
    }
    PyObject *r = kind == KIND_DIFF ? checked_difference(st, a, args[1])
                                    : checked_intersection(st, a, args[1]);
    if (r == NULL && PyErr_ExceptionMatches(st->incomparable)) {
        PyErr_Clear(); /* TRUE against 1: the helper raises the closures' error */
        *deferred = 1;
    }
    return r;
}

static PyObject *big_union(NativeState *st, PyObject *s, int *deferred)
{
    if (!PyFrozenSet_CheckExact(s)) {
        *deferred = 1;
        return NULL;
    }
    PyObject *all = PyList_New(0);
    SetWalk w = set_walk(s);
    PyObject *inner;
    while (all != NULL && (inner = set_walk_next(&w)) != NULL) {
        if (!PyFrozenSet_CheckExact(inner)) {
            *deferred = 1; /* a lazy set, or not a set: the helper's */
            Py_CLEAR(all);
            break;
        }
        SetWalk v = set_walk(inner);
        PyObject *x;
        while ((x = set_walk_next(&v)) != NULL) {
            if (PyList_Append(all, x) < 0) {
                break;
            }
        }
        if (set_walk_end(&v) < 0 || PyErr_Occurred()) {
            Py_CLEAR(all);
        }
    }
    if (set_walk_end(&w) < 0 || all == NULL) {
        Py_XDECREF(all);
        return NULL;
    }
    PyObject *r = checked_set_of(st, all);
    Py_DECREF(all);
    if (r == NULL && PyErr_ExceptionMatches(st->incomparable)) {
        PyErr_Clear(); /* TRUE against 1: the helper raises the closures' error */
        *deferred = 1;
    }
    return r;
}

/* SubSeq(s, m, n) of a tuple for integers m, n with m > n or 1 <= m <= n <= Len(s). */
static PyObject *subsequence(PyObject *const *args, int *deferred)
{
    PyObject *s = args[0];
    int om = 0, on = 0;
    long long m = PyLong_CheckExact(args[1]) ? PyLong_AsLongLongAndOverflow(args[1], &om) : 0;
    long long n = PyLong_CheckExact(args[2]) ? PyLong_AsLongLongAndOverflow(args[2], &on) : 0;
    if (!PyTuple_CheckExact(s) || !PyLong_CheckExact(args[1]) || !PyLong_CheckExact(args[2]) ||
        om || on) {
        *deferred = 1;
        return NULL;
    }
    if (m > n) {
        return PyTuple_New(0);
    }
    if (m < 1 || n > (long long)PyTuple_GET_SIZE(s)) {
        *deferred = 1; /* outside the sequence: the helper raises */
        return NULL;
    }
    return PyTuple_GetSlice(s, (Py_ssize_t)(m - 1), (Py_ssize_t)n);
}

/* The Fcn whose items are those of the tuple t (FCN); anything else is the helper's. */
static PyObject *fcn_of(NativeState *st, PyObject *t, int *deferred)
{
    if (!PyTuple_CheckExact(t)) {
        *deferred = 1;
        return NULL;
    }
    return fcn_with(st, t, -1, NULL);
}

PyObject *basic_answer(NativeState *st, int kind, PyObject *const *args, int *deferred)
{
    if (kind == KIND_FCN) {
        return fcn_of(st, args[0], deferred);
    }
    if (kind == KIND_LET) { /* NOTE(let-binding): the cell is a list of one item */
        if (!PyList_CheckExact(args[0]) || PyList_GET_SIZE(args[0]) != 1) {
            *deferred = 1;
            return NULL;
        }
        PyList_SetItem(args[0], 0, Py_NewRef(args[1])); /* steals; drops the old item */
        return Py_NewRef(args[1]);
    }
    if (kind == KIND_SUBSEQ) {
        return subsequence(args, deferred);
    }
    if (kind == KIND_CANON) {
        if (!PyFrozenSet_CheckExact(args[0])) {
            *deferred = 1;
            return NULL;
        }
        PyObject *list = PySequence_List(args[0]);
        if (list != NULL && canon_sort_list(st, list) < 0) {
            Py_CLEAR(list);
        }
        return list;
    }
    if (kind == KIND_BIGUNION) {
        return big_union(st, args[0], deferred);
    }
    if (kind == KIND_FIRST) {
        PyObject *least = PyFrozenSet_CheckExact(args[0]) ? canon_least(st, args[0]) : NULL;
        *deferred = least == NULL && !PyErr_Occurred();
        return least;
    }
    if (kind == KIND_DOMAIN) {
        if (Py_TYPE(args[0]) != st->fcn_type) {
            *deferred = 1;
            return NULL;
        }
        PyObject *keys = fcn_keys(args[0]);
        return keys == NULL ? NULL : PyFrozenSet_New(keys);
    }
    if (kind == KIND_LEN) {
        if (!PyTuple_CheckExact(args[0])) {
            *deferred = 1;
            return NULL;
        }
        return PyLong_FromSsize_t(PyTuple_GET_SIZE(args[0]));
    }
    if (kind >= KIND_ADD) {
        return integer_op(kind, args[0], args[1], deferred);
    }
    return set_op(st, kind, args, deferred);
}
