/* FastPath: generated code's helpers with their common case in C.
 *
 * NOTE(fast-path): `FastPath(kind, slow)` is a callable (vectorcall) that generated code
 * calls instead of the Python helper `slow` (checker/compile/codegen/runtime.py), with the
 * helper's arguments. It answers the common case itself and calls `slow(*args)` for
 * everything else, so its result is always the helper's:
 *   EXISTS, CANDS, CANDS_EQ, FILTER   field-matching questions on a set (NOTE(scan));
 *   UNION (a, b)          a \cup b of two frozensets;
 *   EXCEPT1 (f, key, new) [f EXCEPT ![key] = new] on a Fcn (a new Fcn with one value
 *                         replaced, or f itself when key is outside its domain) or on a
 *                         sequence at an integer in 1..Len(f);
 *   AT (f, key)           f[key] for a Fcn or a sequence with key in its domain (the `@`
 *                         of an EXCEPT level, NOTE(except-at)); the helper answers NOKEY
 *                         outside the domain;
 *   IN_FCNSET (f, keys, rng, shape)  f \in [D -> R] for a Fcn f or a sequence f, keys
 *                         the domain D in canonical order and `shape` R's (NOTE(shape), or
 *                         None: the helper answers);
 *   IN_SHAPE (x, s, shape)  x \in s for a constant lazy set s described by `shape`, with
 *                         SUBSETEQ's memory of the pairs found in (below);
 *   EXCEPT (f, keys, value)  [f EXCEPT ![k1]...[kn] = value(@)] where every key is in the
 *                         domain of a Fcn or a sequence at its level (value is called once,
 *                         after the path is found; anything else is the helper's);
 *   LEN, CARD, ELEMS, DOMAIN, CANON, FIRST, BIGUNION, SUBSEQ, DIFF, INTER, ADD, SUB, MUL,
 *   MOD, LT, LE, GT, GE   one call each for sequences, frozensets and integers (basic.c);
 *   FCN (t)               the Fcn (a record, a function) whose tuple t `(FN_TAG, keys, v1,
 *                         ..., vn)` generated code built, made in C: records are built
 *                         in every step (PBFT's messages, 285 a state) and Fcn(t), a call
 *                         of a tuple subclass from Python, took most of the time;
 *   IN_REC (t, s)         MEMBER(FCN(t), s) for a frozenset s, the Fcn not built: a Fcn
 *                         hashes and compares as its tuple (FN_TAG first: no other value
 *                         equals it), so t is looked up itself and the element found is
 *                         checked for a Boolean against an integer (NOTE(bool-int): the
 *                         helper raises); guards test records they never keep;
 *   LET (cell, v)         v kept in a LET's cell (a list of one item) and returned: once
 *                         per LET a state, 5 to 21 times a state in the protocol models;
 *   FIELD (r, name), APPLY (f, x)   r.name and f[x] for a Fcn (a record), x in its
 *                         domain (its keys bisected in canonical order where there are many
 *                         and they and x are plain, order.c `plain_position`, else scanned);
 *                         f[i] for a sequence (a tuple) and an integer i in 1..Len(f);
 *   SUBSETEQ (a, b)       a \subseteq b of two frozensets. Typing invariants test the same
 *                         few records against one constant set in every state, so each
 *                         FastPath remembers MEMBER_SLOTS recent (element, set) pairs found
 *                         in (by identity, holding both: equal identities are the same
 *                         objects) and skips hashing them again;
 *   MEMBER (x, s)         x \in s for a frozenset s, with SUBSETEQ's memory of the pairs
 *                         found in (MultiPaxos' TypeOK hashed every message of every
 *                         state against its 530 messages).
 * Where Python's equality would take a Boolean for an integer (NOTE(bool-int)), the C
 * side raises Incomparable (set operations, MEMBER) or defers to the helper (a function's
 * key), which raises: generated code then reruns with the closures, which report it.
 */

#include "native.h"

#define MEMBER_SLOTS 256 /* a power of two */
#define BISECT_KEYS 8     /* f[x] with this many keys or more: bisection first */

typedef struct {
    PyObject *element; /* strong references, or NULL */
    PyObject *set;
} KnownMember;

typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    int kind;
    PyObject *slow;
    RecentQuestions recent;
    KnownMember *members; /* SUBSETEQ: MEMBER_SLOTS entries; NULL for the other kinds */
} FastPath;

static const char *const KIND_NAMES[] = {
    "EXISTS", "CANDS",  "CANDS_EQ", "FILTER",   "UNION",    "EXCEPT1", "IN_FCNSET",
    "SUBSETEQ", "FIELD", "APPLY",   "MEMBER",   "IN_SHAPE", "EXCEPT",  "AT",      "LEN",
    "CARD",   "ELEMS",  "DOMAIN",   "CANON",    "FIRST",    "BIGUNION", "SUBSEQ",
    "DIFF",   "INTER",  "ADD",      "SUB",      "MUL",      "MOD",     "LT",
    "LE",     "GT",     "GE",       "FCN",      "IN_REC",   "LET"};
static const Py_ssize_t KIND_NARGS[] = {5, 5, 4, 5, 2, 3, 4, 2, 2, 2, 2, 3, 3, 2, 1, 1, 1,
                                        1, 1, 1, 1, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 2, 2};
_Static_assert(sizeof(KIND_NAMES) / sizeof(KIND_NAMES[0]) == KIND_COUNT, "a name per kind");
_Static_assert(sizeof(KIND_NARGS) / sizeof(KIND_NARGS[0]) == KIND_COUNT, "a count per kind");

/* The position of x among a Fcn's keys: -1 if absent, -2 with an exception set, -3 if the
 * key found is a Boolean for an integer or the reverse (NOTE(bool-int): the helper
 * raises). */
static inline Py_ssize_t checked_position(NativeState *st, PyObject *keys, PyObject *x)
{
    Py_ssize_t at = key_position(st, keys, x);
    PyObject *found = at >= 0 ? PyTuple_GET_ITEM(keys, at) : x;
    if (found == x || PyUnicode_CheckExact(x)) { /* a str equals only a str */
        return at;
    }
    PyObject *wa = NULL, *wb = NULL;
    int m = bool_mismatch(st, found, x, &wa, &wb);
    Py_XDECREF(wa);
    Py_XDECREF(wb);
    return m < 0 ? -2 : m > 0 ? -3 : at;
}

/* f[x] for a Fcn f with x in its domain (FIELD: r.name for a record r). */
static PyObject *value_at(NativeState *st, PyObject *const *args, int *deferred)
{
    PyObject *f = args[0], *x = args[1];
    if (PyTuple_CheckExact(f) && PyLong_CheckExact(x)) {
        /* a sequence (a function on 1..n) at an integer (never a Boolean: bool is not
           exactly int, NOTE(bool-int)) within 1..n; anything else is the helper's */
        int overflow = 0;
        long long i = PyLong_AsLongLongAndOverflow(x, &overflow);
        if (!overflow && i >= 1 && i <= (long long)PyTuple_GET_SIZE(f)) {
            return Py_NewRef(PyTuple_GET_ITEM(f, (Py_ssize_t)(i - 1)));
        }
        *deferred = 1;
        return NULL;
    }
    if (Py_TYPE(f) != st->fcn_type) {
        *deferred = 1;
        return NULL;
    }
    PyObject *keys = fcn_keys(f);
    /* many keys: bisection, where found equal in canonical order (so equal in TLA+) */
    Py_ssize_t at = keys != NULL && PyTuple_GET_SIZE(keys) >= BISECT_KEYS
                        ? plain_position(st, keys, x)
                        : -1;
    if (at < 0) {
        at = keys == NULL ? -2 : checked_position(st, keys, x);
    }
    if (at >= 0) {
        return Py_NewRef(PyTuple_GET_ITEM(f, at + 2));
    }
    *deferred = at != -2; /* outside the domain, or TRUE for 1: the helper raises */
    return NULL;
}

/* Whether a sequence's domain 1..n equals `keys`: 1, 0, or SHAPE_DEFER where the keys are
 * not all integers (the helper compares them, NOTE(bool-int)). */
static PyObject *in_function_set(NativeState *st, PyObject *const *args, int *deferred)
{
    PyObject *f = args[0], *keys = args[1], *shape = args[3];
    if ((Py_TYPE(f) != st->fcn_type && !PyTuple_CheckExact(f)) || shape == Py_None ||
        !PyTuple_CheckExact(keys)) {
        *deferred = 1;
        return NULL;
    }
    int same = shape_functions_member(st, keys, shape, f);
    *deferred = same == SHAPE_DEFER;
    return same < 0 ? NULL : PyBool_FromLong(same);
}

static KnownMember *member_slot(FastPath *fp, PyObject *x, PyObject *s);
static void remember_member(FastPath *fp, PyObject *x, PyObject *s);

static PyObject *in_shape(NativeState *st, FastPath *fp, PyObject *const *args, int *deferred)
{
    PyObject *x = args[0], *s = args[1];
    KnownMember *slot = member_slot(fp, x, s);
    if (slot->element == x && slot->set == s) {
        Py_RETURN_TRUE; /* found in before (a record of nested parts walked again) */
    }
    int found = shape_member(st, args[2], x);
    *deferred = found == SHAPE_DEFER;
    if (found == 1) {
        remember_member(fp, x, s);
    }
    return found < 0 ? NULL : PyBool_FromLong(found);
}

static KnownMember *member_slot(FastPath *fp, PyObject *x, PyObject *s)
{
    uint64_t h = fmix64((uint64_t)(uintptr_t)x ^ rotl64((uint64_t)(uintptr_t)s, 29));
    return &fp->members[h & (MEMBER_SLOTS - 1)];
}

/* x \in s (x's hash is h), remembered when true. */
static int known_member(NativeState *st, FastPath *fp, PyObject *x, Py_hash_t h, PyObject *s)
{
    KnownMember *slot = member_slot(fp, x, s);
    if (slot->element == x && slot->set == s) {
        return 1;
    }
    int found = checked_contains_hashed(st, s, x, h);
    if (found == 1) {
        remember_member(fp, x, s); /* PySet_Contains may have run Python code: slot again */
    }
    return found;
}

/* Remember that x is in s (both held: equal identities are the same objects). */
static void remember_member(FastPath *fp, PyObject *x, PyObject *s)
{
    KnownMember *slot = member_slot(fp, x, s);
    PyObject *old_element = slot->element, *old_set = slot->set;
    slot->element = Py_NewRef(x);
    slot->set = Py_NewRef(s);
    Py_XDECREF(old_element);
    Py_XDECREF(old_set);
}

static PyObject *subset_of(NativeState *st, FastPath *fp, PyObject *const *args,
                           int *deferred)
{
    PyObject *a = args[0], *b = args[1];
    if (!PyFrozenSet_CheckExact(a) || !PyFrozenSet_CheckExact(b) || fp->members == NULL) {
        *deferred = 1;
        return NULL;
    }
    if (PySet_GET_SIZE(a) > PySet_GET_SIZE(b)) {
        Py_RETURN_FALSE;
    }
    Entries w = entries(a); /* with the stored hashes: no element is hashed again */
    PyObject *x;
    Py_hash_t h;
    int all = 1;
    while (all > 0 && next_entry(&w, &x, &h)) {
        Py_INCREF(x);
        all = known_member(st, fp, x, h, b);
        Py_DECREF(x);
    }
    if (all < 0) {
        return NULL;
    }
    return PyBool_FromLong(all);
}

static PyObject *union_of(NativeState *st, PyObject *const *args, int *deferred)
{
    if (!PyFrozenSet_CheckExact(args[0]) || !PyFrozenSet_CheckExact(args[1])) {
        *deferred = 1;
        return NULL;
    }
    return checked_union(st, args[0], args[1]);
}

static PyObject *member_of(NativeState *st, FastPath *fp, PyObject *const *args, int *deferred)
{
    PyObject *x = args[0], *s = args[1];
    if (!PyFrozenSet_CheckExact(s)) {
        *deferred = 1;
        return NULL;
    }
    KnownMember *slot = member_slot(fp, x, s);
    if (slot->element == x && slot->set == s) {
        Py_RETURN_TRUE; /* found before, not hashed again (a record with nested parts) */
    }
    Py_hash_t h = PyObject_Hash(x);
    if (h == -1) {
        return NULL;
    }
    int found = known_member(st, fp, x, h, s);
    return found < 0 ? NULL : PyBool_FromLong(found);
}

/* IN_REC: the tuple t of a Fcn, `(FN_TAG, keys, v1, ..., vn)`, looked up in frozenset s. */
static PyObject *record_in(NativeState *st, PyObject *const *args, int *deferred)
{
    PyObject *t = args[0], *s = args[1];
    if (!PyTuple_CheckExact(t) || !PyFrozenSet_CheckExact(s) || PyTuple_GET_SIZE(t) < 2 ||
        PyTuple_GET_ITEM(t, 0) != st->fn_tag) {
        *deferred = 1;
        return NULL;
    }
    Py_hash_t h = PyObject_Hash(t); /* a Fcn's hash is its tuple's */
    if (h == -1) {
        return NULL;
    }
    PyObject *y = NULL;
    int found = set_find(s, t, h, &y);
    if (found <= 0) {
        return found < 0 ? NULL : Py_NewRef(Py_False);
    }
    if (Py_TYPE(y) != st->fcn_type || PyTuple_GET_SIZE(y) != PyTuple_GET_SIZE(t)) {
        *deferred = 1;
        return NULL;
    }
    Py_INCREF(y);
    int m = 0;
    for (Py_ssize_t i = 1; m == 0 && i < PyTuple_GET_SIZE(t); i++) {
        PyObject *a = PyTuple_GET_ITEM(t, i), *b = PyTuple_GET_ITEM(y, i);
        PyObject *wa = NULL, *wb = NULL;
        m = a == b ? 0 : bool_mismatch(st, a, b, &wa, &wb);
        Py_XDECREF(wa);
        Py_XDECREF(wb);
    }
    Py_DECREF(y);
    if (m > 0) {
        *deferred = 1; /* TRUE against 1: the helper raises */
        return NULL;
    }
    return m < 0 ? NULL : Py_NewRef(Py_True);
}

static Py_ssize_t slot_of(NativeState *st, PyObject *f, PyObject *key);
static PyObject *replaced(PyObject *f, Py_ssize_t at, PyObject *item);

static PyObject *except_one(NativeState *st, PyObject *const *args, int *deferred)
{
    PyObject *f = args[0], *key = args[1], *new_value = args[2];
    if (PyTuple_CheckExact(f)) { /* a sequence: f[i] replaced for i in 1..Len(f) */
        Py_ssize_t i = slot_of(st, f, key);
        *deferred = i == -1;
        return i < 0 ? NULL : replaced(f, i, new_value);
    }
    if (Py_TYPE(f) != st->fcn_type) {
        *deferred = 1;
        return NULL;
    }
    PyObject *keys = fcn_keys(f);
    Py_ssize_t at = keys == NULL ? -2 : checked_position(st, keys, key);
    if (at == -2) {
        return NULL;
    }
    if (at == -1) {
        return Py_NewRef(f);
    }
    if (at == -3) {
        *deferred = 1; /* TRUE for 1: the helper raises */
        return NULL;
    }
    return fcn_with(st, f, at + 2, new_value);
}

#define EXCEPT_DEPTH 8 /* a longer path `![k1]...[kn]` is the helper's */

/* Where f[key] sits in the tuple f: the index, -1 where the helper must answer (a key
 * outside the domain, TRUE for 1, a value that is not a Fcn or a sequence), -2 on error. */
static Py_ssize_t slot_of(NativeState *st, PyObject *f, PyObject *key)
{
    if (Py_TYPE(f) == st->fcn_type) {
        PyObject *keys = fcn_keys(f);
        Py_ssize_t at = keys == NULL ? -2 : checked_position(st, keys, key);
        return at >= 0 ? at + 2 : at == -2 ? -2 : -1;
    }
    if (PyTuple_CheckExact(f) && PyLong_CheckExact(key)) {
        int overflow = 0;
        long long i = PyLong_AsLongLongAndOverflow(key, &overflow);
        return !overflow && i >= 1 && i <= (long long)PyTuple_GET_SIZE(f) ? (Py_ssize_t)(i - 1)
                                                                         : -1;
    }
    return -1;
}

/* A copy of the tuple f (a Fcn stays a Fcn) with `item` at index `at`. */
static PyObject *replaced(PyObject *f, Py_ssize_t at, PyObject *item)
{
    Py_ssize_t size = PyTuple_GET_SIZE(f);
    PyTypeObject *type = Py_TYPE(f);
    PyObject *g = type == &PyTuple_Type ? PyTuple_New(size) : type->tp_alloc(type, size);
    if (g == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < size; i++) {
        PyTuple_SET_ITEM(g, i, Py_NewRef(i == at ? item : PyTuple_GET_ITEM(f, i)));
    }
    return g;
}

static PyObject *except_path(NativeState *st, PyObject *const *args, int *deferred)
{
    PyObject *keys = args[1];
    Py_ssize_t depth = PyTuple_CheckExact(keys) ? PyTuple_GET_SIZE(keys) : 0;
    PyObject *level[EXCEPT_DEPTH]; /* borrowed: each is held by the one before, f by the caller */
    Py_ssize_t at[EXCEPT_DEPTH];
    PyObject *cur = args[0];
    *deferred = depth < 1 || depth > EXCEPT_DEPTH;
    for (Py_ssize_t i = 0; !*deferred && i < depth; i++) {
        level[i] = cur;
        at[i] = slot_of(st, cur, PyTuple_GET_ITEM(keys, i));
        if (at[i] == -2) {
            return NULL;
        }
        *deferred = at[i] == -1;
        cur = *deferred ? NULL : PyTuple_GET_ITEM(cur, at[i]);
    }
    if (*deferred) {
        return NULL; /* value not called yet: the helper computes everything */
    }
    PyObject *value = PyObject_CallOneArg(args[2], cur);
    for (Py_ssize_t i = depth - 1; value != NULL && i >= 0; i--) {
        PyObject *outer = replaced(level[i], at[i], value);
        Py_DECREF(value);
        value = outer;
    }
    return value;
}

/* f[key] where slot_of finds it; anything else (outside the domain: NOKEY) the helper's. */
static PyObject *at_key(NativeState *st, PyObject *const *args, int *deferred)
{
    Py_ssize_t i = slot_of(st, args[0], args[1]);
    *deferred = i == -1;
    return i < 0 ? NULL : Py_NewRef(PyTuple_GET_ITEM(args[0], i));
}

static PyObject *fast_path_vectorcall(PyObject *self, PyObject *const *args, size_t nargsf,
                                      PyObject *kwnames)
{
    FastPath *fp = (FastPath *)self;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (kwnames != NULL || nargs != KIND_NARGS[fp->kind]) {
        PyErr_Format(PyExc_TypeError, "FastPath(%s) takes %zd positional arguments",
                     KIND_NAMES[fp->kind], KIND_NARGS[fp->kind]);
        return NULL;
    }
    NativeState *st = PyType_GetModuleState(Py_TYPE(self));
    if (st == NULL || require_configured(st) < 0) {
        return NULL;
    }
    int deferred = 0;
    PyObject *result;
    if (fp->kind == KIND_FCN) { /* the most frequent: first */
        result = basic_answer(st, KIND_FCN, args, &deferred);
    } else if (fp->kind == KIND_LET) {
        result = basic_answer(st, KIND_LET, args, &deferred);
    } else if (fp->kind == KIND_IN_REC) {
        result = record_in(st, args, &deferred);
    } else if (fp->kind == KIND_UNION) {
        result = union_of(st, args, &deferred);
    } else if (fp->kind == KIND_MEMBER) {
        result = member_of(st, fp, args, &deferred);
    } else if (fp->kind == KIND_EXCEPT1) {
        result = except_one(st, args, &deferred);
    } else if (fp->kind == KIND_IN_FCNSET) {
        result = in_function_set(st, args, &deferred);
    } else if (fp->kind == KIND_SUBSETEQ) {
        result = subset_of(st, fp, args, &deferred);
    } else if (fp->kind == KIND_FIELD || fp->kind == KIND_APPLY) {
        result = value_at(st, args, &deferred);
    } else if (fp->kind == KIND_IN_SHAPE) {
        result = in_shape(st, fp, args, &deferred);
    } else if (fp->kind == KIND_EXCEPT) {
        result = except_path(st, args, &deferred);
    } else if (fp->kind == KIND_AT) {
        result = at_key(st, args, &deferred);
    } else if (fp->kind >= KIND_LEN) {
        result = basic_answer(st, fp->kind, args, &deferred);
    } else {
        result = scan_answer(st, &fp->recent, fp->kind, args, &deferred);
    }
    if (!deferred) {
        return result;
    }
    return PyObject_Vectorcall(fp->slow, args, (size_t)nargs, NULL);
}

static PyObject *fast_path_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    const char *kind_name;
    PyObject *slow;
    static char *kwlist[] = {"kind", "slow", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "sO:FastPath", kwlist, &kind_name, &slow)) {
        return NULL;
    }
    int kind = -1;
    for (int i = 0; i < KIND_COUNT; i++) {
        if (strcmp(kind_name, KIND_NAMES[i]) == 0) {
            kind = i;
        }
    }
    if (kind < 0 || !PyCallable_Check(slow)) {
        PyErr_SetString(PyExc_ValueError,
                        "FastPath(kind, slow): kind is EXISTS, CANDS, CANDS_EQ, FILTER, UNION, "
                        "EXCEPT1, IN_FCNSET, SUBSETEQ, FIELD, APPLY, MEMBER, IN_SHAPE, "
                        "EXCEPT, AT, LEN, CARD, ELEMS, DOMAIN, CANON, FIRST, BIGUNION, SUBSEQ, "
                        "DIFF, INTER, ADD, SUB, MUL, MOD, LT, LE, GT, GE, FCN, IN_REC or LET and "
                        "slow a "
                        "callable");
        return NULL;
    }
    FastPath *fp = (FastPath *)type->tp_alloc(type, 0);
    if (fp == NULL) {
        return NULL;
    }
    fp->vectorcall = fast_path_vectorcall;
    fp->kind = kind;
    fp->slow = Py_NewRef(slow);
    fp->recent = (RecentQuestions){NULL, NULL, 0, 0};
    fp->members = NULL;
    if (kind == KIND_SUBSETEQ || kind == KIND_MEMBER || kind == KIND_IN_SHAPE) {
        fp->members = PyMem_Calloc(MEMBER_SLOTS, sizeof(KnownMember));
        if (fp->members == NULL) {
            Py_DECREF(fp);
            return PyErr_NoMemory();
        }
    }
    return (PyObject *)fp;
}

static int fast_path_traverse(PyObject *self, visitproc visit, void *arg)
{
    FastPath *fp = (FastPath *)self;
    Py_VISIT(fp->slow);
    for (int i = 0; fp->members != NULL && i < MEMBER_SLOTS; i++) {
        Py_VISIT(fp->members[i].element);
        Py_VISIT(fp->members[i].set);
    }
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static int fast_path_clear(PyObject *self)
{
    FastPath *fp = (FastPath *)self;
    Py_CLEAR(fp->slow);
    for (int i = 0; fp->members != NULL && i < MEMBER_SLOTS; i++) {
        Py_CLEAR(fp->members[i].element);
        Py_CLEAR(fp->members[i].set);
    }
    return 0;
}

static void fast_path_dealloc(PyObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    fast_path_clear(self);
    PyMem_Free(((FastPath *)self)->members);
    type->tp_free(self);
    Py_DECREF(type);
}

static PyObject *fast_path_kind(PyObject *self, void *closure)
{
    (void)closure;
    return PyUnicode_FromString(KIND_NAMES[((FastPath *)self)->kind]);
}

static PyMemberDef fast_path_members[] = {
    {"__vectorcalloffset__", T_PYSSIZET, offsetof(FastPath, vectorcall), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyGetSetDef fast_path_getset[] = {
    {"kind", fast_path_kind, NULL, "which helper this stands for", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot fast_path_slots[] = {
    {Py_tp_new, fast_path_new},
    {Py_tp_call, PyVectorcall_Call},
    {Py_tp_traverse, fast_path_traverse},
    {Py_tp_clear, fast_path_clear},
    {Py_tp_dealloc, fast_path_dealloc},
    {Py_tp_members, fast_path_members},
    {Py_tp_getset, fast_path_getset},
    {Py_tp_doc, "FastPath(kind, slow): a helper of generated code with its common case in C, "
                "deferring to slow(*args) otherwise (NOTE(fast-path))"},
    {0, NULL},
};

PyType_Spec fast_path_spec = {
    .name = "checker._native.FastPath",
    .basicsize = sizeof(FastPath),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .slots = fast_path_slots,
};
