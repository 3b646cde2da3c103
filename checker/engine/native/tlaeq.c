/* TLA+ equality where Python's is coarser: Booleans against integers.
 *
 * NOTE(bool-int): TRUE and FALSE are Python's True and False, integers Python ints, and
 * Python has True == 1, False == 0, with equal hashes. In TLA+ as TLC evaluates it they
 * are different values, and comparing a Boolean with a non-Boolean (other than a model
 * value) is an error: TLC stops with "Attempted to compare ... boolean TRUE with
 * non-boolean: 1". Keeping Python's representation, everything that compares or collects
 * values checks, cheaply, that Python equality did not equate a Boolean with an integer
 * at any depth (`<<TRUE>>` and `<<1>>`, `{FALSE}` and `{0}` are Python-equal too):
 *   - a conflation needs a Boolean on one side, and on the other side an integer 0 or 1
 *     in the same place; a value holding neither (`may_conflate` false) equals, in
 *     Python, only values it equals in TLA+;
 *   - two Python-equal values differ in TLA+ exactly when, walking both in parallel
 *     (sets: each element with the element of the other set Python-equal to it), some
 *     Boolean meets a non-Boolean (`bool_mismatch`);
 *   - a set operation can equate values only where elements of two sets meet (a
 *     duplicate in a set being built, a common element of a union, intersection,
 *     difference or inclusion, a member found): those pairs, and only those, are
 *     checked, through the stored element (`set_find`: CPython's first probes of the
 *     set's table, then the whole table).
 * A conflation raises `Incomparable(left, right, how)`: `how` is "eq" for equality
 * (`=`, `#`, function application, EXCEPT) and "order" where TLC compares elements to
 * order or search a set; the Python side turns it into TLC's message, located.
 *
 * `eq`/`ne` (TLA+ `=` and `#`) also raise when, at the top, a Boolean is compared with a
 * non-Boolean that is not a model value (`TRUE = 2`, `"a" # FALSE`), as TLC does; deeper
 * mismatches of kinds that Python already tells apart (`<<TRUE>> = <<2>>`) are not
 * detected (README.md, "The spec language").
 *
 * These functions read frozensets' hash tables (PySetObject, public in CPython's
 * cpython/setobject.h): entries with a key and a hash other than -1 (a deleted slot).
 */

#include "native.h"

#define LINEAR_WINDOW 9 /* CPython probes this many slots after the first linearly */

static inline int is_bool(PyObject *v) { return Py_IS_TYPE(v, &PyBool_Type); }

/* Whether an exact int is 0 or 1 (read off its digits: no call). */
static inline int int_is_0_or_1(PyObject *v)
{
#if PY_VERSION_HEX >= 0x030C0000
    PyLongObject *n = (PyLongObject *)v;
    return PyUnstable_Long_IsCompact(n) && (size_t)PyUnstable_Long_CompactValue(n) <= 1;
#else
    Py_ssize_t size = Py_SIZE(v);
    return size == 0 || (size == 1 && ((PyLongObject *)v)->ob_digit[0] == 1);
#endif
}

int may_conflate(NativeState *st, PyObject *v)
{
    PyTypeObject *t = Py_TYPE(v);
    if (t == &PyBool_Type) {
        return 1;
    }
    if (t == &PyLong_Type) {
        return int_is_0_or_1(v);
    }
    if (t == &PyUnicode_Type || t == st->model_value_type) {
        return 0;
    }
    int fcn = t == st->fcn_type;
    if (t != &PyTuple_Type && !fcn && t != &PyFrozenSet_Type) {
        return 1; /* a lazy value, or anything else: assume it may */
    }
    if (Py_EnterRecursiveCall(" while comparing TLA+ values")) {
        return -1;
    }
    int found = 0;
    if (t == &PyFrozenSet_Type) {
        Entries w = entries(v);
        PyObject *x;
        Py_hash_t h;
        while (found == 0 && next_entry(&w, &x, &h)) {
            found = may_conflate(st, x);
        }
    } else {
        /* a Fcn: its keys tuple and values (position 0 holds FN_TAG) */
        for (Py_ssize_t i = fcn; found == 0 && i < PyTuple_GET_SIZE(v); i++) {
            found = may_conflate(st, PyTuple_GET_ITEM(v, i));
        }
    }
    Py_LeaveRecursiveCall();
    return found;
}

/* Whether the stored key equals x: 1, 0, or -1 with an exception set. */
static int key_matches(PyObject *key, PyObject *x)
{
    if (key == x) {
        return 1;
    }
    Py_INCREF(key);
    int eq = PyObject_RichCompareBool(key, x, Py_EQ);
    Py_DECREF(key);
    return eq;
}

int set_find(PyObject *s, PyObject *x, Py_hash_t h, PyObject **out)
{
    PySetObject *so = (PySetObject *)s;
    size_t mask = (size_t)so->mask, i = (size_t)h & mask;
    size_t last = i + LINEAR_WINDOW <= mask ? i + LINEAR_WINDOW : i;
    for (size_t j = i; j <= last; j++) {
        setentry *e = &so->table[j];
        if (e->key == NULL) {
            break;
        }
        if (e->hash == h) {
            int eq = key_matches(e->key, x);
            if (eq != 0) {
                *out = e->key;
                return eq;
            }
        }
    }
    /* Not among the first probes: ask the set, and look through the whole table only if
     * x is there (correct whatever CPython's probing is). */
    int present = PySet_Contains(s, x);
    if (present <= 0) {
        return present;
    }
    Entries w = entries(s);
    PyObject *key;
    Py_hash_t kh;
    while (next_entry(&w, &key, &kh)) {
        if (kh == h) {
            int eq = key_matches(key, x);
            if (eq != 0) {
                *out = key;
                return eq;
            }
        }
    }
    return 0;
}

static int mismatch_lazy(NativeState *st, PyObject *a, PyObject *b, PyObject **wa,
                         PyObject **wb);

static int mismatch_in_sets(NativeState *st, PyObject *a, PyObject *b, PyObject **wa,
                            PyObject **wb)
{
    Entries w = entries(a);
    PyObject *x;
    Py_hash_t h;
    int found = 0;
    while (found == 0 && next_entry(&w, &x, &h)) {
        int mc = may_conflate(st, x);
        if (mc <= 0) {
            found = mc;
            continue;
        }
        PyObject *y = NULL;
        Py_INCREF(x);
        found = set_find(b, x, h, &y);
        if (found > 0) {
            found = y == x ? 0 : bool_mismatch(st, x, y, wa, wb);
        }
        Py_DECREF(x);
    }
    return found;
}

int bool_mismatch(NativeState *st, PyObject *a, PyObject *b, PyObject **wa, PyObject **wb)
{
    if (a == b) {
        return 0;
    }
    PyTypeObject *ta = Py_TYPE(a), *tb = Py_TYPE(b);
    if (ta == &PyBool_Type || tb == &PyBool_Type) {
        if (ta == tb) {
            return 0;
        }
        *wa = Py_NewRef(a);
        *wb = Py_NewRef(b);
        return 1;
    }
    if (ta == &PyLong_Type || ta == &PyUnicode_Type || ta == st->model_value_type) {
        return 0;
    }
    if (ta != tb || (ta != &PyTuple_Type && ta != st->fcn_type && ta != &PyFrozenSet_Type)) {
        return mismatch_lazy(st, a, b, wa, wb);
    }
    if (Py_EnterRecursiveCall(" while comparing TLA+ values")) {
        return -1;
    }
    int found = 0;
    if (ta == &PyFrozenSet_Type) {
        found = mismatch_in_sets(st, a, b, wa, wb);
    } else {
        Py_ssize_t n = PyTuple_GET_SIZE(a);
        if (n != PyTuple_GET_SIZE(b)) {
            PyErr_SetString(PyExc_ValueError, "bool_mismatch() on values of different sizes");
            found = -1;
        }
        for (Py_ssize_t i = ta == st->fcn_type; found == 0 && i < n; i++) {
            PyObject *x = PyTuple_GET_ITEM(a, i), *y = PyTuple_GET_ITEM(b, i);
            PyTypeObject *tx = Py_TYPE(x);
            if (x == y || (tx == Py_TYPE(y) && (tx == &PyUnicode_Type || tx == &PyLong_Type ||
                                                 tx == st->model_value_type))) {
                continue; /* the common parts, without a call */
            }
            found = bool_mismatch(st, x, y, wa, wb);
        }
    }
    Py_LeaveRecursiveCall();
    return found;
}

/* A lazy set or function against a value it equals in Python: compared as their
 * materialised values, or, two lazy sets of one kind, by their structural keys (as
 * LazySet.__eq__ compares them, NOTE(lazy-equality) in checker/values/lazy.py): always
 * where the keys are Python-equal (the same construction from parts: a huge finite
 * `SUBSET SUBSET S` is never listed), else where either set is not known finite. */
static int mismatch_lazy(NativeState *st, PyObject *a, PyObject *b, PyObject **wa,
                         PyObject **wb)
{
    int la = is_lazy_set(st, a), lb = is_lazy_set(st, b);
    int fa = is_lazy_fcn(st, a), fb = is_lazy_fcn(st, b);
    if (!la && !lb && !fa && !fb) {
        return 0; /* not TLA+ values we know: Python's equality stands */
    }
    PyObject *ma = NULL, *mb = NULL;
    if (la && lb) {
        PyObject *finite_a = PyObject_GetAttrString(a, "finite");
        PyObject *finite_b = finite_a == NULL ? NULL : PyObject_GetAttrString(b, "finite");
        int both = finite_b == NULL ? -1 : (finite_a == Py_True && finite_b == Py_True);
        Py_XDECREF(finite_a);
        Py_XDECREF(finite_b);
        if (both < 0) {
            return -1;
        }
        if (Py_TYPE(a) == Py_TYPE(b)) {
            ma = PyObject_CallMethod(a, "key", NULL);
            mb = ma == NULL ? NULL : PyObject_CallMethod(b, "key", NULL);
            int same = mb == NULL ? -1 : PyObject_RichCompareBool(ma, mb, Py_EQ);
            if (same < 0) {
                Py_XDECREF(ma);
                Py_XDECREF(mb);
                return -1;
            }
            if (!same && both) { /* equal elements, other parts: compare the elements */
                Py_CLEAR(ma);
                Py_CLEAR(mb);
            }
        } else if (!both) {
            ma = PyObject_CallMethod(a, "key", NULL);
            mb = ma == NULL ? NULL : PyObject_CallMethod(b, "key", NULL);
        }
    }
    if (ma == NULL && !PyErr_Occurred()) {
        ma = la || fa ? materialize(st, a) : Py_NewRef(a);
        mb = ma == NULL ? NULL : lb || fb ? materialize(st, b) : Py_NewRef(b);
    }
    int found = mb == NULL ? -1 : bool_mismatch(st, ma, mb, wa, wb);
    Py_XDECREF(ma);
    Py_XDECREF(mb);
    return found;
}

int raise_incomparable(NativeState *st, PyObject *left, PyObject *right, const char *how)
{
    PyObject *args = Py_BuildValue("(OOs)", left, right, how);
    if (args != NULL) {
        PyErr_SetObject(st->incomparable, args);
        Py_DECREF(args);
    }
    return -1;
}

int check_same(NativeState *st, PyObject *a, PyObject *b, const char *how)
{
    if (a == b || (PyTuple_Check(a) && plainly_same_items(st, a, b))) {
        return 0;
    }
    PyObject *wa = NULL, *wb = NULL;
    int m = bool_mismatch(st, a, b, &wa, &wb);
    if (m > 0) {
        raise_incomparable(st, wa, wb, how);
    }
    Py_XDECREF(wa);
    Py_XDECREF(wb);
    return m == 0 ? 0 : -1;
}

int check_common(NativeState *st, PyObject *p, PyObject *q, int p_left)
{
    Entries w = entries(p);
    PyObject *x;
    Py_hash_t h;
    int rc = 0;
    while (rc == 0 && next_entry(&w, &x, &h)) {
        int mc = may_conflate(st, x);
        if (mc <= 0) {
            rc = mc;
            continue;
        }
        PyObject *y = NULL;
        Py_INCREF(x);
        int found = set_find(q, x, h, &y);
        if (found < 0) {
            rc = -1;
        } else if (found > 0 && y != x) {
            Py_INCREF(y);
            rc = p_left ? check_same(st, x, y, "order") : check_same(st, y, x, "order");
            Py_DECREF(y);
        }
        Py_DECREF(x);
    }
    return rc;
}

int checked_contains(NativeState *st, PyObject *s, PyObject *x)
{
    int mc = may_conflate(st, x);
    if (mc <= 0) {
        return mc < 0 ? -1 : PySet_Contains(s, x);
    }
    Py_hash_t h = PyObject_Hash(x);
    return h == -1 ? -1 : checked_contains_hashed(st, s, x, h);
}

int checked_contains_hashed(NativeState *st, PyObject *s, PyObject *x, Py_hash_t h)
{
    PyObject *y = NULL;
    int found = set_find(s, x, h, &y);
    if (found > 0 && y != x) {
        Py_INCREF(y);
        int rc = check_same(st, x, y, "order");
        Py_DECREF(y);
        return rc < 0 ? -1 : 1;
    }
    return found;
}

/* a == b as TLA+ values: 1, 0, or -1 with an exception set (Incomparable included). */
int tla_equal(NativeState *st, PyObject *a, PyObject *b)
{
    PyTypeObject *t = Py_TYPE(a);
    int lazy = !(t == &PyLong_Type || t == &PyUnicode_Type || t == &PyBool_Type ||
                 t == &PyTuple_Type || t == st->fcn_type || t == &PyFrozenSet_Type ||
                 t == st->model_value_type);
    if (a == b && !lazy) {
        return 1;
    }
    int eq;
    if (lazy) { /* even itself: a function over Nat cannot be compared (NotEnumerable) */
        PyObject *r = PyObject_RichCompare(a, b, Py_EQ);
        eq = r == NULL ? -1 : PyObject_IsTrue(r);
        Py_XDECREF(r);
    } else {
        eq = value_eq(st, a, b);
    }
    if (eq > 0) {
        PyTypeObject *tb = Py_TYPE(b);
        if (t == tb && (t == &PyUnicode_Type || t == &PyLong_Type)) {
            return 1; /* no Boolean involved */
        }
        return check_same(st, a, b, "eq") < 0 ? -1 : 1;
    }
    if (eq == 0 && is_bool(a) != is_bool(b) && !Py_IS_TYPE(a, st->model_value_type) &&
        !Py_IS_TYPE(b, st->model_value_type)) {
        return raise_incomparable(st, a, b, "eq");
    }
    return eq;
}

/* ------------------------------------------------------------------------------------ */
/* Set operations                                                                        */

PyObject *checked_set_of(NativeState *st, PyObject *iterable)
{
    PyObject *it = PyObject_GetIter(iterable);
    if (it == NULL) {
        return NULL;
    }
    PyObject *s = PyFrozenSet_New(NULL);
    PyObject *x;
    while (s != NULL && (x = PyIter_Next(it)) != NULL) {
        Py_ssize_t before = PySet_GET_SIZE(s);
        int rc = PySet_Add(s, x);
        if (rc == 0 && PySet_GET_SIZE(s) == before) { /* a duplicate: compare with it */
            int mc = may_conflate(st, x);
            Py_hash_t h = mc > 0 ? PyObject_Hash(x) : 0;
            PyObject *y = NULL;
            int found = mc <= 0 ? mc : h == -1 ? -1 : set_find(s, x, h, &y);
            rc = found < 0 ? -1 : 0;
            if (found > 0 && y != x) {
                Py_INCREF(y);
                rc = check_same(st, y, x, "order");
                Py_DECREF(y);
            }
        }
        Py_DECREF(x);
        if (rc < 0) {
            Py_CLEAR(s);
        }
    }
    Py_DECREF(it);
    if (s != NULL && PyErr_Occurred()) {
        Py_CLEAR(s);
    }
    return s;
}

PyObject *checked_union(NativeState *st, PyObject *a, PyObject *b)
{
    PyObject *r = PyNumber_Or(a, b);
    if (r == NULL || PySet_GET_SIZE(r) == PySet_GET_SIZE(a) + PySet_GET_SIZE(b)) {
        return r;
    }
    int b_smaller = PySet_GET_SIZE(b) <= PySet_GET_SIZE(a);
    int rc = b_smaller ? check_common(st, b, a, 1) : check_common(st, a, b, 1);
    if (rc < 0) {
        Py_CLEAR(r);
    }
    return r;
}

PyObject *checked_intersection(NativeState *st, PyObject *a, PyObject *b)
{
    PyObject *r = PyNumber_And(a, b);
    if (r == NULL || PySet_GET_SIZE(r) == 0) {
        return r;
    }
    if (check_common(st, a, b, 1) < 0) {
        Py_CLEAR(r);
    }
    return r;
}

PyObject *checked_difference(NativeState *st, PyObject *a, PyObject *b)
{
    PyObject *r = PyNumber_Subtract(a, b);
    if (r == NULL || PySet_GET_SIZE(r) == PySet_GET_SIZE(a)) {
        return r;
    }
    if (check_common(st, a, b, 1) < 0) {
        Py_CLEAR(r);
    }
    return r;
}

int checked_subset(NativeState *st, PyObject *a, PyObject *b)
{
    int le = PyObject_RichCompareBool(a, b, Py_LE);
    if (le <= 0) {
        return le;
    }
    return check_common(st, a, b, 1) < 0 ? -1 : 1;
}

/* ------------------------------------------------------------------------------------ */
/* Module functions                                                                      */

static NativeState *configured_state(PyObject *module)
{
    NativeState *st = get_state(module);
    return require_configured(st) < 0 ? NULL : st;
}

static int two_args(const char *name, Py_ssize_t nargs)
{
    if (nargs == 2) {
        return 0;
    }
    PyErr_Format(PyExc_TypeError, "%s() takes 2 positional arguments (%zd given)", name, nargs);
    return -1;
}

static int two_frozensets(const char *name, PyObject *const *args, Py_ssize_t nargs)
{
    if (two_args(name, nargs) < 0) {
        return -1;
    }
    if (!PyFrozenSet_CheckExact(args[0]) || !PyFrozenSet_CheckExact(args[1])) {
        PyErr_Format(PyExc_TypeError, "%s() expects two frozensets", name);
        return -1;
    }
    return 0;
}

PyObject *native_eq(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    NativeState *st = configured_state(module);
    if (st == NULL || two_args("eq", nargs) < 0) {
        return NULL;
    }
    int eq = tla_equal(st, args[0], args[1]);
    return eq < 0 ? NULL : PyBool_FromLong(eq);
}

PyObject *native_ne(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    NativeState *st = configured_state(module);
    if (st == NULL || two_args("ne", nargs) < 0) {
        return NULL;
    }
    int eq = tla_equal(st, args[0], args[1]);
    return eq < 0 ? NULL : PyBool_FromLong(!eq);
}

PyObject *native_check_same(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    NativeState *st = configured_state(module);
    if (st == NULL || two_args("check_same", nargs) < 0) {
        return NULL;
    }
    if (args[0] != args[1] && check_same(st, args[0], args[1], "eq") < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

PyObject *native_same_value(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    NativeState *st = configured_state(module);
    if (st == NULL || two_args("same_value", nargs) < 0) {
        return NULL;
    }
    PyObject *a = args[0], *b = args[1];
    if (a == b) {
        Py_RETURN_TRUE;
    }
    int eq = PyObject_RichCompareBool(a, b, Py_EQ);
    PyObject *wa = NULL, *wb = NULL;
    int m = eq <= 0 ? 0 : bool_mismatch(st, a, b, &wa, &wb);
    Py_XDECREF(wa);
    Py_XDECREF(wb);
    if (eq < 0 || m < 0) {
        return NULL;
    }
    return PyBool_FromLong(eq && !m);
}

PyObject *native_memo_value(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    NativeState *st = configured_state(module);
    if (st == NULL || two_args("memo_value", nargs) < 0) {
        return NULL;
    }
    PyObject *entry = args[0], *key = args[1];
    if (!PyTuple_CheckExact(entry) || PyTuple_GET_SIZE(entry) != 2) {
        PyErr_SetString(PyExc_TypeError, "memo_value(entry, key) expects a (key, value) pair");
        return NULL;
    }
    PyObject *stored = PyTuple_GET_ITEM(entry, 0);
    if (stored != key && check_same(st, stored, key, "eq") < 0) {
        return NULL;
    }
    return Py_NewRef(PyTuple_GET_ITEM(entry, 1));
}

PyObject *native_memo_same(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    NativeState *st = configured_state(module);
    if (st == NULL || two_args("memo_same", nargs) < 0) {
        return NULL;
    }
    PyObject *entry = args[0], *key = args[1];
    if (!PyTuple_CheckExact(entry) || PyTuple_GET_SIZE(entry) != 2) {
        PyErr_SetString(PyExc_TypeError, "memo_same(entry, key) expects a (key, value) pair");
        return NULL;
    }
    PyObject *stored = PyTuple_GET_ITEM(entry, 0);
    if (stored == key || (PyTuple_Check(stored) && plainly_same_items(st, stored, key))) {
        Py_RETURN_TRUE;
    }
    PyObject *wa = NULL, *wb = NULL;
    int m = bool_mismatch(st, stored, key, &wa, &wb);
    Py_XDECREF(wa);
    Py_XDECREF(wb);
    return m < 0 ? NULL : PyBool_FromLong(m == 0);
}

PyObject *native_may_conflate(PyObject *module, PyObject *value)
{
    NativeState *st = configured_state(module);
    int mc = st == NULL ? -1 : may_conflate(st, value);
    return mc < 0 ? NULL : PyBool_FromLong(mc);
}

PyObject *native_member(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    NativeState *st = configured_state(module);
    if (st == NULL || two_args("member", nargs) < 0) {
        return NULL;
    }
    if (!PyFrozenSet_CheckExact(args[1])) {
        PyErr_SetString(PyExc_TypeError, "member(x, s) expects a frozenset s");
        return NULL;
    }
    int found = checked_contains(st, args[1], args[0]);
    return found < 0 ? NULL : PyBool_FromLong(found);
}

PyObject *native_set_of(PyObject *module, PyObject *iterable)
{
    NativeState *st = configured_state(module);
    return st == NULL ? NULL : checked_set_of(st, iterable);
}

PyObject *native_union(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    NativeState *st = configured_state(module);
    if (st == NULL || two_frozensets("union", args, nargs) < 0) {
        return NULL;
    }
    return checked_union(st, args[0], args[1]);
}

PyObject *native_intersection(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    NativeState *st = configured_state(module);
    if (st == NULL || two_frozensets("intersection", args, nargs) < 0) {
        return NULL;
    }
    return checked_intersection(st, args[0], args[1]);
}

PyObject *native_difference(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    NativeState *st = configured_state(module);
    if (st == NULL || two_frozensets("difference", args, nargs) < 0) {
        return NULL;
    }
    return checked_difference(st, args[0], args[1]);
}

PyObject *native_subseteq(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    NativeState *st = configured_state(module);
    if (st == NULL || two_frozensets("subseteq", args, nargs) < 0) {
        return NULL;
    }
    int r = checked_subset(st, args[0], args[1]);
    return r < 0 ? NULL : PyBool_FromLong(r);
}
