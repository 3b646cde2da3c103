/* Membership in a constant set described by its shape.
 *
 * NOTE(shape): a constant lazy set that typing invariants test in every state (records,
 * tuples and sequences over small sets, intervals, Nat, Int, STRING) is described once,
 * when code is generated (`shape` in checker/compile/codegen/opgen.py), by nested tuples
 * the C side walks without calling Python:
 *   a frozenset            x \in it (checked_contains, NOTE(bool-int));
 *   (0, names, d1, ..., dn)  records with the fields `names` (sorted) and values in d1..dn;
 *   (1, d1, ..., dn)       n-tuples with components in d1..dn (S1 \X ... \X Sn);
 *   (2, d)                 sequences over d (Seq(S));
 *   (3, lo, hi)            integers in lo..hi, either bound None for none (Nat, Int);
 *   (4,)                   strings (STRING);
 *   (5, d)                 the finite sets of elements in d (SUBSET S; a lazy set tested
 *                          for inclusion is left to Python);
 *   (6, keys, d)           the functions [D -> R] of a finite D whose keys in canonical
 *                          order are `keys` (a Fcn with those keys, or a sequence where
 *                          they are 1..n) and values in d, in order, as IN_FCNSET.
 * The answer is the lazy set's own `contains` (checker/values/lazy_struct.py, lazy.py),
 * parts tested left to right and stopping at the first that fails, as Python's `all`. A
 * function defined by `f[x \in S] == ...` (LazyFcn) tested against a record, tuple or
 * sequence shape is left to Python (SHAPE_DEFER), which normalises it first.
 */

#include "native.h"

enum {
    SHAPE_RECORD,
    SHAPE_PRODUCT,
    SHAPE_SEQ,
    SHAPE_INTERVAL,
    SHAPE_STRING,
    SHAPE_SUBSET,
    SHAPE_FUNCTIONS
};

static int malformed(void)
{
    PyErr_SetString(PyExc_TypeError, "malformed membership shape");
    return -1;
}

/* Each of the n values vals[i] is in shapes[i] (the same shape for all if `one`). */
static int all_in(NativeState *st, PyObject *const *shapes, int one, PyObject *const *vals,
                  Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        int r = shape_member(st, shapes[one ? 0 : i], vals[i]);
        if (r != 1) {
            return r;
        }
    }
    return 1;
}

static int in_interval(PyObject *lo, PyObject *hi, PyObject *x)
{
    if (!PyLong_CheckExact(x)) { /* a Boolean is not exactly an int (NOTE(bool-int)) */
        return 0;
    }
    if (lo != Py_None) {
        int r = PyObject_RichCompareBool(lo, x, Py_LE);
        if (r != 1) {
            return r;
        }
    }
    return hi == Py_None ? 1 : PyObject_RichCompareBool(x, hi, Py_LE);
}

static int in_records(NativeState *st, PyObject *shape, PyObject *x)
{
    Py_ssize_t n = PyTuple_GET_SIZE(shape) - 2;
    if (Py_TYPE(x) != st->fcn_type) {
        return Py_TYPE(x) == st->lazy_fcn_type ? SHAPE_DEFER : 0;
    }
    PyObject *keys = fcn_keys(x), *names = PyTuple_GET_ITEM(shape, 1);
    if (keys == NULL) {
        return -1;
    }
    /* the names are strings: Python's tuple equality is TLA+'s here */
    int same = keys == names ? 1 : PyObject_RichCompareBool(keys, names, Py_EQ);
    if (same != 1) {
        return same;
    }
    PyObject *const *items = &PyTuple_GET_ITEM(shape, 2);
    return all_in(st, items, 0, &PyTuple_GET_ITEM(x, 2), n);
}

static int in_tuples(NativeState *st, PyObject *shape, PyObject *x, int tag)
{
    if (!PyTuple_CheckExact(x)) {
        return Py_TYPE(x) == st->lazy_fcn_type ? SHAPE_DEFER : 0;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(x);
    if (tag == SHAPE_PRODUCT && n != PyTuple_GET_SIZE(shape) - 1) {
        return 0;
    }
    PyObject *const *items = &PyTuple_GET_ITEM(shape, 1);
    return all_in(st, items, tag == SHAPE_SEQ, &PyTuple_GET_ITEM(x, 0), n);
}

static int in_subsets(NativeState *st, PyObject *base, PyObject *x)
{
    if (!PyFrozenSet_CheckExact(x)) {
        return PyObject_TypeCheck(x, st->lazy_set_type) ? SHAPE_DEFER : 0;
    }
    /* in the frozenset's own iteration order, stopping at the first outside (as `all`) */
    SetWalk w = set_walk(x);
    PyObject *e;
    int r = 1;
    while (r == 1 && (e = set_walk_next(&w)) != NULL) {
        r = shape_member(st, base, e);
    }
    return set_walk_end(&w) < 0 ? -1 : r;
}

static int keys_one_to_n(PyObject *keys, Py_ssize_t n)
{
    if (PyTuple_GET_SIZE(keys) != n) {
        return 0;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *k = PyTuple_GET_ITEM(keys, i);
        int overflow = 0;
        if (!PyLong_CheckExact(k) || PyLong_AsLongLongAndOverflow(k, &overflow) != i + 1) {
            return SHAPE_DEFER; /* -1 from a huge integer sets no error (overflow) */
        }
    }
    return 1;
}

int shape_functions_member(NativeState *st, PyObject *keys, PyObject *range, PyObject *f)
{
    int is_fcn = Py_TYPE(f) == st->fcn_type;
    if (!is_fcn && !PyTuple_CheckExact(f)) {
        return Py_TYPE(f) == st->lazy_fcn_type ? SHAPE_DEFER : 0;
    }
    int same;
    Py_ssize_t first = is_fcn ? 2 : 0;
    if (is_fcn) {
        PyObject *own = fcn_keys(f);
        if (own == NULL) {
            return -1;
        }
        /* the domains compared as TLA+ values (NOTE(bool-int)) */
        same = own == keys ? 1 : PyObject_RichCompareBool(own, keys, Py_EQ);
        if (same > 0 && own != keys && check_same(st, own, keys, "eq") < 0) {
            same = -1;
        }
    } else {
        same = keys_one_to_n(keys, PyTuple_GET_SIZE(f));
    }
    for (Py_ssize_t i = first; same == 1 && i < PyTuple_GET_SIZE(f); i++) {
        same = shape_member(st, range, PyTuple_GET_ITEM(f, i)); /* values in R, in order */
    }
    return same;
}

int shape_member(NativeState *st, PyObject *shape, PyObject *x)
{
    if (PyFrozenSet_CheckExact(shape)) {
        return checked_contains(st, shape, x);
    }
    Py_ssize_t size = PyTuple_CheckExact(shape) ? PyTuple_GET_SIZE(shape) : 0;
    PyObject *head = size > 0 ? PyTuple_GET_ITEM(shape, 0) : NULL;
    long tag = head != NULL && PyLong_CheckExact(head) ? PyLong_AsLong(head) : -1;
    if (tag == SHAPE_RECORD && size >= 2 && PyTuple_CheckExact(PyTuple_GET_ITEM(shape, 1)) &&
        PyTuple_GET_SIZE(PyTuple_GET_ITEM(shape, 1)) == size - 2) {
        return in_records(st, shape, x);
    }
    if ((tag == SHAPE_PRODUCT && size >= 1) || (tag == SHAPE_SEQ && size == 2)) {
        return in_tuples(st, shape, x, (int)tag);
    }
    if (tag == SHAPE_INTERVAL && size == 3) {
        return in_interval(PyTuple_GET_ITEM(shape, 1), PyTuple_GET_ITEM(shape, 2), x);
    }
    if (tag == SHAPE_STRING && size == 1) {
        return PyUnicode_CheckExact(x);
    }
    if (tag == SHAPE_SUBSET && size == 2) {
        return in_subsets(st, PyTuple_GET_ITEM(shape, 1), x);
    }
    if (tag == SHAPE_FUNCTIONS && size == 3 && PyTuple_CheckExact(PyTuple_GET_ITEM(shape, 1))) {
        return shape_functions_member(st, PyTuple_GET_ITEM(shape, 1), PyTuple_GET_ITEM(shape, 2),
                                      x);
    }
    if (PyErr_Occurred()) {
        return -1;
    }
    return malformed();
}
