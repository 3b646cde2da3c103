/* Shared declarations of the C extension `checker._native`: the module state, the hashing
 * primitives (static inline) and the functions one source file offers the others.
 *
 * The Python side (checker/engine/native.py) imports the module as `checker._native` and
 * calls `configure` with the value classes of checker.values. Values are described in
 * checker/values/core.py (NOTE(value-representation)).
 *
 * The sources sit with the layer that owns each part (one extension all the same, built
 * by setup.py): this header at the lowest layer, so every file includes downwards.
 *   checker/values/native/: fingerprint.c (NOTE(fingerprint)), order.c (canonical order),
 *     tlaeq.c (NOTE(bool-int): Booleans and integers, which Python's equality does not
 *     tell apart);
 *   checker/compile/native/: index.c (field indexes), scan.c (NOTE(scan): small sets of
 *     records searched by field values), fastpath.c (NOTE(fast-path): the C side of
 *     generated code's helpers);
 *   checker/engine/native/: module.c (module definition, state, `configure`, method
 *     table), visited_table.c and visited.c (the VisitedSet store and its Python type),
 *     codec.c and codec_decode.c (with codec.h) (NOTE(state-codec): the binary encoding of
 *     states for the frontier), chunkmemo.c (what one frontier chunk already holds),
 *     stack.c (the C stack and recursion budget of the running thread,
 *     NOTE(deep-recursion)), process.c (a worker's parent-death signal);
 *   checker/liveness/native/: cycles.c and fair.c (with cycles.h) (the searches over the
 *     liveness checker's behaviour graph, NOTE(fair-cycles)).
 *
 * No mutable global state: the registered classes live in the module state, everything
 * else at file scope is a constant. Functions shared between files are NATIVE_INTERNAL:
 * hidden from the shared object's symbol table, so only PyInit__native is exported.
 */

#ifndef CHECKER_NATIVE_H
#define CHECKER_NATIVE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>
#include <string.h>

#if PY_VERSION_HEX < 0x030C0000
#include <structmember.h>
#define MEMBER_OBJECT_EX T_OBJECT_EX
#else
#define MEMBER_OBJECT_EX Py_T_OBJECT_EX
#endif

#if defined(__GNUC__) || defined(__clang__)
#define NATIVE_INTERNAL __attribute__((visibility("hidden")))
#else
#define NATIVE_INTERNAL
#endif

_Static_assert(sizeof(long long) == 8, "fingerprints assume a 64-bit long long");

/* ------------------------------------------------------------------------------------ */
/* Mixing primitives                                                                     */

static const uint64_t FP_SEED = 0x6a09e667f3bcc908ULL;
static const uint64_t K_GOLDEN = 0x9e3779b97f4a7c15ULL;
static const uint64_t K_MUL1 = 0x87c37b91114253d5ULL;
static const uint64_t K_MUL2 = 0x4cf5ad432745937fULL;
static const uint64_t K_SET = 0xd6e8feb86659fd93ULL;

enum {
    TAG_BOOL = 1,
    TAG_INT = 2,
    TAG_BIGINT = 3,
    TAG_STR = 4,
    TAG_MODEL_VALUE = 5,
    TAG_SEQ = 6,
    TAG_FCN = 7,
    TAG_SET = 8,
};

static inline uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

/* The murmur3 64-bit finalizer: a bijection with full avalanche. */
static inline uint64_t fmix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static inline uint64_t fp_start(int tag) { return fmix64(FP_SEED ^ ((uint64_t)tag * K_GOLDEN)); }

/* Ordered combination: injective in h for fixed v and in v for fixed h. */
static inline uint64_t fp_combine(uint64_t h, uint64_t v)
{
    return fmix64((rotl64(h, 23) * K_MUL1) ^ v);
}

/* What a set element contributes to the (commutative) sum over its set. */
static inline uint64_t fp_set_elem(uint64_t fp) { return fmix64(fp ^ K_SET); }

static inline uint64_t load_le64(const unsigned char *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t w; /* the same word as the loop below, in one load */
    memcpy(&w, p, sizeof w);
    return w;
#else
    uint64_t w = 0;
    for (int i = 7; i >= 0; i--) {
        w = (w << 8) | p[i];
    }
    return w;
#endif
}

static inline uint64_t absorb_word(uint64_t h, uint64_t w)
{
    w *= K_MUL1;
    w = rotl64(w, 31);
    w *= K_MUL2;
    h ^= w;
    return rotl64(h, 27) * 5 + 0x52dce729ULL;
}

/* Bytes as little-endian 8-byte words, the last one zero-padded, then the length. */
static inline uint64_t fp_bytes(uint64_t h, const unsigned char *p, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        h = absorb_word(h, load_le64(p + i));
    }
    if (i < n) {
        unsigned char tail[8] = {0};
        memcpy(tail, p + i, n - i);
        h = absorb_word(h, load_le64(tail));
    }
    return fmix64(h ^ (uint64_t)n);
}

static inline void native_prefetch(const void *p)
{
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}

/* ------------------------------------------------------------------------------------ */
/* Module state                                                                          */

/* One entry of the fingerprint cache (NOTE(fingerprint-cache) in fingerprint.c). */
typedef struct {
    PyObject *obj; /* a strong reference, or NULL */
    uint64_t fp;
} FpCacheEntry;

#define FP_CACHE_BITS 16

/* One entry of the field-index cache (NOTE(index-cache) in index.c); all NULL if empty. */
typedef struct {
    PyObject *set;        /* strong references: the identities the entry is keyed by */
    PyObject *fields;
    PyObject *groups;     /* dict: tuple of field values -> tuple of elements, canonical order */
    PyObject *bad;        /* set of the bad prefixes (tuples), or NULL if there are none */
    PyObject *bad_heads;  /* set of their first values (of those not empty), or NULL */
    uint64_t bad_lengths; /* bit n set: some bad prefix has length n (n < 64) */
    uint64_t col_bool;    /* bit i set: some element's field i is a Boolean (i < 64) */
    uint64_t col_other;   /* ... is neither a Boolean nor a model value */
    int conflated;        /* some group holds a Boolean where another holds an integer */
} IndexEntry;

#define INDEX_CACHE_SIZE 1024 /* a power of two */

/* One entry of the decode cache (NOTE(decode-cache) in codec.c). */
typedef struct DecCacheEntry DecCacheEntry;

#define DEC_CACHE_BITS 14

typedef struct {
    PyTypeObject *fcn_type;
    PyTypeObject *model_value_type;
    PyTypeObject *lazy_set_type;
    PyTypeObject *lazy_fcn_type;
    PyTypeObject *visited_set_type;
    PyTypeObject *chunk_memo_type;
    PyObject *fn_tag;       /* the FN_TAG object in position 0 of every Fcn, or NULL */
    Py_ssize_t name_offset; /* of ModelValue's `name` slot; 0: look the attribute up */
    PyObject *str_name;
    PyObject *str_materialize;
    FpCacheEntry *fp_cache;   /* 2**FP_CACHE_BITS entries */
    IndexEntry *index_cache; /* INDEX_CACHE_SIZE entries */
    DecCacheEntry *dec_cache; /* 2**DEC_CACHE_BITS entries */
    unsigned char *dec_cache_bytes; /* the entries' byte copies, one block */
    int deep_threads;            /* deep threads running (stack.c) */
    int saved_recursion_limit;   /* the recursion limit before the first of them */
    PyObject *incomparable; /* the exception class Incomparable (NOTE(bool-int)) */
} NativeState;

static inline NativeState *get_state(PyObject *module)
{
    return (NativeState *)PyModule_GetState(module);
}

static inline int require_configured(NativeState *st)
{
    if (st->fcn_type == NULL) {
        PyErr_SetString(PyExc_RuntimeError,
                        "checker._native.configure() has not been called");
        return -1;
    }
    return 0;
}

static inline int is_lazy_set(NativeState *st, PyObject *v)
{
    return PyType_IsSubtype(Py_TYPE(v), st->lazy_set_type);
}

static inline int is_lazy_fcn(NativeState *st, PyObject *v)
{
    return PyType_IsSubtype(Py_TYPE(v), st->lazy_fcn_type);
}

/* A new Fcn with the items of the tuple t (a Fcn's or its tuple's), `item` at index `at`
 * instead (at -1: none replaced). */
static inline PyObject *fcn_with(NativeState *st, PyObject *t, Py_ssize_t at, PyObject *item)
{
    Py_ssize_t size = PyTuple_GET_SIZE(t);
    PyObject *f = st->fcn_type->tp_alloc(st->fcn_type, size);
    if (f == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < size; i++) {
        PyTuple_SET_ITEM(f, i, Py_NewRef(i == at ? item : PyTuple_GET_ITEM(t, i)));
    }
    return f;
}

static inline PyObject *materialize(NativeState *st, PyObject *v)
{
    return PyObject_CallMethodNoArgs(v, st->str_materialize);
}

/* The name of a model value as a new reference to an exact str. */
static inline PyObject *model_value_name(NativeState *st, PyObject *v)
{
    PyObject *name;
    if (st->name_offset > 0) {
        name = *(PyObject **)((char *)v + st->name_offset);
        if (name == NULL) {
            PyErr_SetString(PyExc_AttributeError, "model value without a name");
            return NULL;
        }
        Py_INCREF(name);
    } else {
        name = PyObject_GetAttr(v, st->str_name);
    }
    if (name != NULL && !PyUnicode_CheckExact(name)) {
        Py_DECREF(name);
        PyErr_SetString(PyExc_TypeError, "a model value's name must be a str");
        return NULL;
    }
    return name;
}

/* Equality of two exact str: length, kind and code units. */
static inline int str_eq(PyObject *a, PyObject *b)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(a);
    int kind = PyUnicode_KIND(a);
    if (n != PyUnicode_GET_LENGTH(b) || kind != (int)PyUnicode_KIND(b)) {
        return 0;
    }
    const char *da = PyUnicode_DATA(a), *db = PyUnicode_DATA(b);
    size_t bytes = (size_t)n * (size_t)kind;
    return bytes == 0 || (da[0] == db[0] && memcmp(da, db, bytes) == 0);
}

/* TLA+ equality of two values, as Python's == on them (NOTE(value-representation)), with
 * the common cases inline: identity, two str (compared by length, kind and code units,
 * which is str equality), and a model value (interned: equal only to itself). 1 equal,
 * 0 not, -1 with an exception set. */
static inline int value_eq(NativeState *st, PyObject *a, PyObject *b)
{
    if (a == b) {
        return 1;
    }
    PyTypeObject *ta = Py_TYPE(a), *tb = Py_TYPE(b);
    if (ta == &PyUnicode_Type && tb == &PyUnicode_Type) {
        return str_eq(a, b);
    }
    if (ta == st->model_value_type || tb == st->model_value_type) {
        return 0;
    }
    return PyObject_RichCompareBool(a, b, Py_EQ);
}

/* Whether a and b, Python-equal tuples, have only parts that are the same object or
 * non-Boolean scalars of one type (str, int, model value): then they are also equal TLA+
 * values (NOTE(bool-int)), and bool_mismatch need not look. */
static inline int plainly_same_items(NativeState *st, PyObject *a, PyObject *b)
{
    Py_ssize_t n = PyTuple_GET_SIZE(a);
    if (!PyTuple_Check(b) || PyTuple_GET_SIZE(b) != n) {
        return 0;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *x = PyTuple_GET_ITEM(a, i), *y = PyTuple_GET_ITEM(b, i);
        PyTypeObject *t = Py_TYPE(x);
        if (x != y && (t != Py_TYPE(y) || (t != &PyUnicode_Type && t != &PyLong_Type &&
                                           t != st->model_value_type))) {
            return 0;
        }
    }
    return 1;
}

/* Position of `key` in a Fcn's keys tuple (as keys.index(key)): -1 if absent, -2 with an
 * exception set. */
static inline Py_ssize_t key_position(NativeState *st, PyObject *keys, PyObject *key)
{
    Py_ssize_t n = PyTuple_GET_SIZE(keys);
    for (Py_ssize_t i = 0; i < n; i++) {
        int eq = value_eq(st, PyTuple_GET_ITEM(keys, i), key);
        if (eq != 0) {
            return eq < 0 ? -2 : i;
        }
    }
    return -1;
}

/* The keys tuple of a Fcn `(FN_TAG, keys, v1, ..., vn)`, borrowed, or NULL if malformed. */
static inline PyObject *fcn_keys(PyObject *f)
{
    Py_ssize_t size = PyTuple_GET_SIZE(f);
    PyObject *keys = size >= 2 ? PyTuple_GET_ITEM(f, 1) : NULL;
    if (keys == NULL || !PyTuple_CheckExact(keys) || PyTuple_GET_SIZE(keys) != size - 2) {
        PyErr_SetString(PyExc_TypeError, "malformed Fcn: expected (FN_TAG, keys, *values)");
        return NULL;
    }
    return keys;
}

/* ------------------------------------------------------------------------------------ */
/* Walking a frozenset                                                                   */

/* The elements of a frozenset the caller holds, without allocating an iterator where the
 * C API allows (before 3.13):
 *     SetWalk w = set_walk(s); PyObject *x;
 *     while ((x = set_walk_next(&w)) != NULL) { ... x is borrowed until the next call ... }
 *     if (set_walk_end(&w) < 0) { ... an error is set ... }
 */
typedef struct {
    PyObject *set;
    Py_ssize_t pos;
    PyObject *it;   /* 3.13+: the iterator, or NULL if it could not be made */
    PyObject *held; /* 3.13+: the element last returned */
} SetWalk;

static inline SetWalk set_walk(PyObject *set)
{
    SetWalk w = {set, 0, NULL, NULL};
#if PY_VERSION_HEX >= 0x030D0000
    w.it = PyObject_GetIter(set);
#endif
    return w;
}

static inline PyObject *set_walk_next(SetWalk *w)
{
#if PY_VERSION_HEX >= 0x030D0000
    Py_CLEAR(w->held);
    w->held = w->it == NULL ? NULL : PyIter_Next(w->it);
    return w->held;
#else
    PyObject *key;
    Py_hash_t hash;
    return _PySet_NextEntry(w->set, &w->pos, &key, &hash) ? key : NULL;
#endif
}

/* 0, or -1 if the walk stopped on an error. Releases what the walk held. */
static inline int set_walk_end(SetWalk *w)
{
#if PY_VERSION_HEX >= 0x030D0000
    Py_CLEAR(w->held);
    int failed = w->it == NULL || PyErr_Occurred();
    Py_CLEAR(w->it);
    return failed ? -1 : 0;
#else
    (void)w;
    return 0;
#endif
}

/* The entries of a frozenset's hash table (PySetObject, public in CPython's
 * cpython/setobject.h), each element with its stored hash, without hashing again:
 *     Entries w = entries(s); PyObject *x; Py_hash_t h;
 *     while (next_entry(&w, &x, &h)) { ... x is borrowed ... }
 * Slots without a key or with hash -1 (a deleted key) are skipped. */
typedef struct {
    PySetObject *so;
    Py_ssize_t i;
} Entries;

static inline Entries entries(PyObject *s) { return (Entries){(PySetObject *)s, 0}; }

static inline int next_entry(Entries *w, PyObject **key, Py_hash_t *hash)
{
    while (w->i <= w->so->mask) {
        setentry *e = &w->so->table[w->i++];
        if (e->key != NULL && e->hash != -1) {
            *key = e->key;
            *hash = e->hash;
            return 1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------------------ */
/* Offered by one file to the others                                                     */

/* fingerprint.c: the fingerprint of a TLA+ value; 0, or -1 with an exception set. */
NATIVE_INTERNAL int fp_value(NativeState *st, PyObject *v, uint64_t *out);
/* fingerprint.c: fp_value for the value `fingerprint()` is called on (a state: its own
 * tuple is not cached, NOTE(fingerprint-cache)). */
NATIVE_INTERNAL int fp_state(NativeState *st, PyObject *v, uint64_t *out);
/* fingerprint.c: a big int's bytes (also what codec.c stores); NULL with an exception set. */
NATIVE_INTERNAL PyObject *bigint_to_bytes(PyObject *v);
NATIVE_INTERNAL PyObject *native_fingerprint(PyObject *module, PyObject *value);
/* orbit.c: the least fingerprint of a state's images under SYMMETRY (NOTE(orbit-fingerprint)). */
NATIVE_INTERNAL PyObject *native_orbit_cache(PyObject *module, PyObject *unused);
NATIVE_INTERNAL PyObject *native_orbit_fingerprint(PyObject *module, PyObject *const *args,
                                                   Py_ssize_t nargs);
/* orbit.c: the cache of images' fingerprints, keyed by (object, key): a key >= 0 is a
 * permutation's index, < 0 is canon.c's. */
typedef struct {
    PyObject *obj; /* a strong reference, or NULL */
    Py_ssize_t perm;
    uint64_t fp;
} OrbitEntry;
NATIVE_INTERNAL OrbitEntry *orbit_table(PyObject *capsule);
NATIVE_INTERNAL int orbit_cached(OrbitEntry *cache, PyObject *v, Py_ssize_t key, uint64_t *out);
NATIVE_INTERNAL void orbit_remember(OrbitEntry *cache, PyObject *v, Py_ssize_t key, uint64_t fp);
/* orbit.c: one walk over a value hashing it as fingerprint.c does (NOTE(fingerprint)),
 * where the walk's owner decides what a model value and a function contribute (orbit.c:
 * a permutation's image; canon.c: a signature). Sequences, sets, lazy values and the cache
 * (under `key`) are the walk's. An owner's struct starts with an ImageWalk. */
typedef struct ImageWalk ImageWalk;
struct ImageWalk {
    NativeState *st;
    OrbitEntry *cache;
    Py_ssize_t key;
    int (*model_value)(ImageWalk *w, PyObject *v, uint64_t *out);
    int (*fcn)(ImageWalk *w, PyObject *f, uint64_t *out);
};
NATIVE_INTERNAL int image_walk_value(ImageWalk *w, PyObject *v, uint64_t *out);
NATIVE_INTERNAL int image_walk_tuple(ImageWalk *w, PyObject *t, uint64_t *out);
/* orbit.c: the fingerprint of the state's image under one permutation (map: a dict,
 * rename: its Python Permuter, perm: its index, the cache's key); 0, or -1 with an
 * exception set. */
NATIVE_INTERNAL int orbit_image_fp(NativeState *st, PyObject *state, PyObject *map,
                                   PyObject *rename, Py_ssize_t perm, OrbitEntry *cache,
                                   uint64_t *out);
/* canon.c: the orbit fingerprint for a group of all permutations of each class of model
 * values, from the permutations that sort each class by signature (NOTE(orbit-canonical)). */
NATIVE_INTERNAL PyObject *native_orbit_canonical(PyObject *module, PyObject *const *args,
                                                 Py_ssize_t nargs);

/* fingerprint.c: the cache's life cycle. init: 0, or -1 with an exception set; reset drops
 * every entry; free also releases the table. */
NATIVE_INTERNAL int fp_cache_init(NativeState *st);
NATIVE_INTERNAL void fp_cache_reset(NativeState *st);
NATIVE_INTERNAL void fp_cache_free(NativeState *st);
NATIVE_INTERNAL int fp_cache_traverse(NativeState *st, visitproc visit, void *arg);

/* order.c: sort a list (private to the caller) in place in canonical order. */
NATIVE_INTERNAL int canon_sort_list(NativeState *st, PyObject *list);
NATIVE_INTERNAL PyObject *native_canon_sorted(PyObject *module, PyObject *iterable);
/* order.c: a frozenset's first element in canonical order, without sorting; NULL without
 * an exception where the set is empty or holds a value other than an integer, a string, a
 * Boolean, a model value or a tuple of those (the caller then sorts). */
NATIVE_INTERNAL PyObject *canon_least(NativeState *st, PyObject *set);
/* order.c: the position of x, an integer, string, Boolean, model value or tuple of those,
 * in keys sorted canonically (a Fcn's), by bisection; -1 where it is not found so. */
NATIVE_INTERNAL Py_ssize_t plain_position(NativeState *st, PyObject *keys, PyObject *x);

/* index.c: index_lookup(s, fields, values), and the life cycle of its cache (as for the
 * fingerprint cache). */
NATIVE_INTERNAL PyObject *native_index_lookup(PyObject *module, PyObject *const *args,
                                              Py_ssize_t nargs);
/* index.c: the same lookup on checked arguments (a frozenset, two tuples of one length). */
NATIVE_INTERNAL PyObject *index_lookup_in(NativeState *st, PyObject *s, PyObject *fields,
                                          PyObject *values);
NATIVE_INTERNAL int index_cache_init(NativeState *st);
NATIVE_INTERNAL void index_cache_reset(NativeState *st);
NATIVE_INTERNAL void index_cache_free(NativeState *st);
NATIVE_INTERNAL int index_cache_traverse(NativeState *st, visitproc visit, void *arg);

/* codec.c: encode_state(value) -> bytes, decode_state(data) -> value,
 * encode_into(bytearray, value) -> bytes written, decode_from(data, offset) ->
 * (value, offset after it). */
NATIVE_INTERNAL PyObject *native_encode_state(PyObject *module, PyObject *value);
NATIVE_INTERNAL PyObject *native_decode_state(PyObject *module, PyObject *data);
NATIVE_INTERNAL PyObject *native_encode_into(PyObject *module, PyObject *const *args,
                                             Py_ssize_t nargs);
NATIVE_INTERNAL PyObject *native_decode_from(PyObject *module, PyObject *const *args,
                                             Py_ssize_t nargs);
NATIVE_INTERNAL PyObject *native_encode_entry(PyObject *module, PyObject *const *args,
                                              Py_ssize_t nargs);
NATIVE_INTERNAL int dec_cache_init(NativeState *st);
NATIVE_INTERNAL void dec_cache_reset(NativeState *st);
NATIVE_INTERNAL void dec_cache_free(NativeState *st);
NATIVE_INTERNAL int dec_cache_traverse(NativeState *st, visitproc visit, void *arg);

/* stack.c (NOTE(deep-recursion)): 1 with RecursionError set when less than a reserve of C
 * stack is left below the caller (recursive functions on values call it), else 0; and the
 * module functions stack_low, stack_size, stack_used, deep_enter, deep_exit,
 * interrupt_thread, raise_in_thread. */
NATIVE_INTERNAL int native_stack_exhausted(void);
NATIVE_INTERNAL PyObject *native_stack_low(PyObject *module, PyObject *unused);
NATIVE_INTERNAL PyObject *native_stack_size(PyObject *module, PyObject *unused);
NATIVE_INTERNAL PyObject *native_stack_used(PyObject *module, PyObject *unused);
NATIVE_INTERNAL PyObject *native_deep_enter(PyObject *module, PyObject *arg);
NATIVE_INTERNAL PyObject *native_deep_exit(PyObject *module, PyObject *unused);
NATIVE_INTERNAL PyObject *native_interrupt_thread(PyObject *module, PyObject *arg);
/* checker/liveness/native/cycles.c, fair.c (NOTE(fair-cycles)): the searches over the
 * behaviour graph: live_region, live_bfs, live_dijkstra; live_fair_component. */
NATIVE_INTERNAL PyObject *native_live_region(PyObject *module, PyObject *args);
NATIVE_INTERNAL PyObject *native_live_bfs(PyObject *module, PyObject *args);
NATIVE_INTERNAL PyObject *native_live_dijkstra(PyObject *module, PyObject *args);
NATIVE_INTERNAL PyObject *native_live_fair_component(PyObject *module, PyObject *args);
/* process.c (NOTE(worker-lifetime)): parent_death_signal(sig) -> bool. */
NATIVE_INTERNAL PyObject *native_parent_death_signal(PyObject *module, PyObject *arg);
NATIVE_INTERNAL PyObject *native_raise_in_thread(PyObject *module, PyObject *const *args,
                                                 Py_ssize_t nargs);
/* tlaeq.c (NOTE(bool-int)). may_conflate: whether v holds a Boolean or an integer 0 or 1
 * at any depth (1, 0, -1 with an exception set). set_find: the element of frozenset s
 * equal to x (hash h), borrowed, in *out: 1, 0 if absent, -1 on error. bool_mismatch:
 * for Python-equal a and b, 1 with new references to a Boolean and the non-Boolean it
 * meets in *wa, *wb, 0 if they are equal TLA+ values, -1 on error. check_same: 0, or -1
 * with Incomparable (or another error) set. check_common: check_same on each element of
 * p with the element of q equal to it (p's first if p_left). The checked_* functions do
 * what Python's set operations do, raising Incomparable where TLC would fail. */
NATIVE_INTERNAL int may_conflate(NativeState *st, PyObject *v);
NATIVE_INTERNAL int set_find(PyObject *s, PyObject *x, Py_hash_t h, PyObject **out);
NATIVE_INTERNAL int bool_mismatch(NativeState *st, PyObject *a, PyObject *b, PyObject **wa,
                                  PyObject **wb);
NATIVE_INTERNAL int raise_incomparable(NativeState *st, PyObject *left, PyObject *right,
                                       const char *how);
NATIVE_INTERNAL int check_same(NativeState *st, PyObject *a, PyObject *b, const char *how);
NATIVE_INTERNAL int check_common(NativeState *st, PyObject *p, PyObject *q, int p_left);
NATIVE_INTERNAL int checked_contains(NativeState *st, PyObject *s, PyObject *x);
/* checked_contains for an x whose hash h is known (an element of another set). */
NATIVE_INTERNAL int checked_contains_hashed(NativeState *st, PyObject *s, PyObject *x,
                                            Py_hash_t h);
NATIVE_INTERNAL int tla_equal(NativeState *st, PyObject *a, PyObject *b);
NATIVE_INTERNAL PyObject *checked_set_of(NativeState *st, PyObject *iterable);
NATIVE_INTERNAL PyObject *checked_union(NativeState *st, PyObject *a, PyObject *b);
NATIVE_INTERNAL PyObject *checked_intersection(NativeState *st, PyObject *a, PyObject *b);
NATIVE_INTERNAL PyObject *checked_difference(NativeState *st, PyObject *a, PyObject *b);
NATIVE_INTERNAL int checked_subset(NativeState *st, PyObject *a, PyObject *b);
NATIVE_INTERNAL PyObject *native_eq(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
NATIVE_INTERNAL PyObject *native_ne(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
NATIVE_INTERNAL PyObject *native_check_same(PyObject *module, PyObject *const *args,
                                            Py_ssize_t nargs);
NATIVE_INTERNAL PyObject *native_same_value(PyObject *module, PyObject *const *args,
                                            Py_ssize_t nargs);
NATIVE_INTERNAL PyObject *native_may_conflate(PyObject *module, PyObject *value);
NATIVE_INTERNAL PyObject *native_memo_same(PyObject *module, PyObject *const *args,
                                           Py_ssize_t nargs);
NATIVE_INTERNAL PyObject *native_memo_value(PyObject *module, PyObject *const *args,
                                            Py_ssize_t nargs);
NATIVE_INTERNAL PyObject *native_member(PyObject *module, PyObject *const *args,
                                        Py_ssize_t nargs);
NATIVE_INTERNAL PyObject *native_set_of(PyObject *module, PyObject *iterable);
NATIVE_INTERNAL PyObject *native_union(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
NATIVE_INTERNAL PyObject *native_intersection(PyObject *module, PyObject *const *args,
                                              Py_ssize_t nargs);
NATIVE_INTERNAL PyObject *native_difference(PyObject *module, PyObject *const *args,
                                            Py_ssize_t nargs);
NATIVE_INTERNAL PyObject *native_subseteq(PyObject *module, PyObject *const *args,
                                          Py_ssize_t nargs);

/* fastpath.c: the spec of the FastPath type (NOTE(fast-path)), created by module.c. */
NATIVE_INTERNAL extern PyType_Spec fast_path_spec;

/* The kinds of FastPath; the first four are questions to scan.c (NOTE(scan)). */
enum {
    KIND_EXISTS,
    KIND_CANDS,
    KIND_CANDS_EQ,
    KIND_FILTER,
    KIND_UNION,
    KIND_EXCEPT1,
    KIND_IN_FCNSET,
    KIND_SUBSETEQ,
    KIND_FIELD,
    KIND_APPLY,
    KIND_MEMBER,
    KIND_IN_SHAPE,
    KIND_EXCEPT,
    KIND_AT,
    KIND_LEN, /* from here on: basic.c */
    KIND_CARD,
    KIND_ELEMS,
    KIND_DOMAIN,
    KIND_CANON,
    KIND_FIRST,
    KIND_BIGUNION,
    KIND_SUBSEQ,
    KIND_DIFF,
    KIND_INTER,
    KIND_ADD, /* the integer operators, in this order */
    KIND_SUB,
    KIND_MUL,
    KIND_MOD,
    KIND_LT,
    KIND_LE,
    KIND_GT,
    KIND_GE,
    KIND_FCN,    /* a Fcn from its tuple `(FN_TAG, keys, v1, ..., vn)` */
    KIND_IN_REC, /* a Fcn's tuple in a frozenset, the Fcn not built */
    KIND_LET,    /* a LET value kept in its cell (a list of one item), and returned */
    KIND_COUNT
};

/* shape.c (NOTE(shape)): x \in the set `shape` describes: 1, 0, -1 with an exception set,
 * or SHAPE_DEFER where the Python helper must answer. */
#define SHAPE_DEFER (-2)

/* basic.c: the answer for a kind from KIND_LEN on, args as the helper's; NULL with
 * *deferred set when the helper must answer, NULL with an error otherwise. */
NATIVE_INTERNAL PyObject *basic_answer(NativeState *st, int kind, PyObject *const *args,
                                       int *deferred);
NATIVE_INTERNAL int shape_member(NativeState *st, PyObject *shape, PyObject *x);
/* f \in [D -> R], `keys` D's keys in canonical order, `range` R's shape: as shape_member. */
NATIVE_INTERNAL int shape_functions_member(NativeState *st, PyObject *keys, PyObject *range,
                                           PyObject *f);

/* Which (set, fields) a FastPath was asked about last, and how many times in a row. The
 * identities are only compared, never dereferenced. */
typedef struct {
    const void *set;
    const void *fields;
    Py_ssize_t repeats;
    int long_runs; /* how often runs of questions were long lately (0..LONG_RUNS_MAX) */
} RecentQuestions;

/* scan.c: the answer to a question of one of the first four kinds, args as the helper's;
 * NULL with *deferred set when the helper must answer, NULL with an error otherwise. */
NATIVE_INTERNAL PyObject *scan_answer(NativeState *st, RecentQuestions *recent, int kind,
                                      PyObject *const *args, int *deferred);

/* chunkmemo.c: what one chunk of encoded states holds (NOTE(chunk-refs) in codec.c). */
typedef struct ChunkMemo ChunkMemo;
NATIVE_INTERNAL extern PyType_Spec chunk_memo_spec;
/* Bind the memo to its bytearray (on first use); 0, or -1 if it is bound to another. */
NATIVE_INTERNAL int chunk_memo_bind(ChunkMemo *m, PyObject *chunk);
NATIVE_INTERNAL Py_ssize_t chunk_memo_count(const ChunkMemo *m);
/* The number of a registered encoding equal to bytes[:length], or -1. Offsets below
 * chunk_len are in `chunk`, the others in `writer` (offset - chunk_len). */
NATIVE_INTERNAL Py_ssize_t chunk_memo_find(const ChunkMemo *m, uint64_t hash,
                                           const unsigned char *bytes, Py_ssize_t length,
                                           const unsigned char *chunk, Py_ssize_t chunk_len,
                                           const unsigned char *writer);
/* Forget the encodings numbered `count` and above (an encoding that failed midway). */
NATIVE_INTERNAL int chunk_memo_rollback(ChunkMemo *m, Py_ssize_t count);
/* Register an encoding: it gets the next number. 0, or -1 with an exception set. */
NATIVE_INTERNAL int chunk_memo_add(ChunkMemo *m, uint64_t hash, Py_ssize_t offset,
                                   Py_ssize_t length);

/* visited.c: the spec of the VisitedSet type, created per module by module.c. */
#define NO_PARENT 0xFFFFFFFFu
NATIVE_INTERNAL extern PyType_Spec visited_set_spec;

#endif /* CHECKER_NATIVE_H */
