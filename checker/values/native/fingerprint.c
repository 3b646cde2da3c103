/* Fingerprints of TLA+ values. checker/engine/fingerprint_ref.py is a line-by-line Python
 * reference of the fingerprint defined here.
 *
 * NOTE(fingerprint): a fingerprint is a 64-bit hash with a fixed seed that never calls
 * Python's hash, so it is the same in every process whatever PYTHONHASHSEED is. Each kind
 * of value starts from its own tag; sequences and functions fold their parts in order,
 * sets add up a mix of their elements' fingerprints so iteration order never matters.
 *
 * NOTE(fingerprint-cache): successive states share most of their parts (the same set of
 * records, the same records inside a new set), so fingerprints of compound values are
 * cached by object identity in the module state: a direct-mapped table of
 * 2**FP_CACHE_BITS entries (object, fingerprint) indexed by a multiplicative hash of the
 * address. Cached are tuples of length >= 1, Fcns and frozensets: immutable, so their
 * fingerprint never changes. An entry holds a strong reference, so the address cannot be
 * reused by another object while it is cached; a new entry replaces (and releases) the
 * old one. The cache only skips recomputation: a fingerprint is the same, bit for bit,
 * whether it was cached or not. Errors are never cached. Not cached: a value referenced
 * once (only by the value being fingerprinted, as the new message set of a successor
 * state: it will not be seen again) and the value `fingerprint()` is called on (a state
 * tuple, made once): caching them would only evict parts that recur.
 */

#include "native.h"

/* v.to_bytes(v.bit_length() // 8 + 1, "little", signed=True): the bytes of a big int that
 * fingerprints hash and the state codec stores. A new reference, or NULL with an error. */
PyObject *bigint_to_bytes(PyObject *v)
{
    PyObject *bits = PyObject_CallMethod(v, "bit_length", NULL);
    size_t nbits = bits == NULL ? (size_t)-1 : PyLong_AsSize_t(bits);
    Py_XDECREF(bits);
    if (nbits == (size_t)-1) {
        return NULL;
    }
    PyObject *length = PyLong_FromSize_t(nbits / 8 + 1);
    PyObject *order = PyUnicode_FromString("little");
    PyObject *meth = PyUnicode_FromString("to_bytes");
    PyObject *kwnames = Py_BuildValue("(s)", "signed");
    PyObject *raw = NULL;
    if (length != NULL && order != NULL && meth != NULL && kwnames != NULL) {
        PyObject *args[4] = {v, length, order, Py_True};
        raw = PyObject_VectorcallMethod(meth, args, 3, kwnames);
    }
    Py_XDECREF(length);
    Py_XDECREF(order);
    Py_XDECREF(meth);
    Py_XDECREF(kwnames);
    return raw;
}

static int fp_bigint(PyObject *v, uint64_t *out)
{
    PyObject *raw = bigint_to_bytes(v);
    if (raw == NULL) {
        return -1;
    }
    *out = fp_bytes(fp_start(TAG_BIGINT), (const unsigned char *)PyBytes_AS_STRING(raw),
                    (size_t)PyBytes_GET_SIZE(raw));
    Py_DECREF(raw);
    return 0;
}

static int fp_int(PyObject *v, uint64_t *out)
{
    int overflow;
    long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (x == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (overflow) {
        return fp_bigint(v, out);
    }
    *out = fp_combine(fp_start(TAG_INT), (uint64_t)x);
    return 0;
}

static int fp_str(int tag, PyObject *s, uint64_t *out)
{
    Py_ssize_t n;
    const char *p = PyUnicode_AsUTF8AndSize(s, &n);
    if (p == NULL) {
        return -1;
    }
    *out = fp_bytes(fp_start(tag), (const unsigned char *)p, (size_t)n);
    return 0;
}

static int fp_model_value(NativeState *st, PyObject *v, uint64_t *out)
{
    PyObject *name = model_value_name(st, v);
    if (name == NULL) {
        return -1;
    }
    int rc = fp_str(TAG_MODEL_VALUE, name, out);
    Py_DECREF(name);
    return rc;
}

static int fp_tuple(NativeState *st, PyObject *t, uint64_t *out)
{
    Py_ssize_t n = PyTuple_GET_SIZE(t);
    uint64_t h = fp_combine(fp_start(TAG_SEQ), (uint64_t)n);
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t e;
        if (fp_value(st, PyTuple_GET_ITEM(t, i), &e) < 0) {
            return -1;
        }
        h = fp_combine(h, e);
    }
    *out = h;
    return 0;
}

static int fp_fcn(NativeState *st, PyObject *f, uint64_t *out)
{
    PyObject *keys = fcn_keys(f);
    if (keys == NULL) {
        return -1;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(keys);
    uint64_t h = fp_combine(fp_start(TAG_FCN), (uint64_t)n);
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t k, v;
        if (fp_value(st, PyTuple_GET_ITEM(keys, i), &k) < 0 ||
            fp_value(st, PyTuple_GET_ITEM(f, i + 2), &v) < 0) {
            return -1;
        }
        h = fp_combine(fp_combine(h, k), v);
    }
    *out = h;
    return 0;
}

/* The sum over a frozenset of its elements' contributions. */
static int fp_set_sum(NativeState *st, PyObject *s, uint64_t *sum)
{
    SetWalk w = set_walk(s);
    PyObject *e;
    while ((e = set_walk_next(&w)) != NULL) {
        uint64_t fe;
        if (fp_value(st, e, &fe) < 0) {
            set_walk_end(&w);
            return -1;
        }
        *sum += fp_set_elem(fe);
    }
    return set_walk_end(&w);
}

static int fp_set(NativeState *st, PyObject *s, uint64_t *out)
{
    uint64_t sum = 0;
    if (fp_set_sum(st, s, &sum) < 0) {
        return -1;
    }
    uint64_t h = fp_combine(fp_start(TAG_SET), (uint64_t)PySet_GET_SIZE(s));
    *out = fp_combine(h, sum);
    return 0;
}

static int fp_lazy(NativeState *st, PyObject *v, uint64_t *out)
{
    PyObject *m = materialize(st, v);
    if (m == NULL) {
        return -1;
    }
    int rc = fp_value(st, m, out);
    Py_DECREF(m);
    return rc;
}

/* ------------------------------------------------------------------------------------ */
/* The identity cache (NOTE(fingerprint-cache))                                          */

static inline FpCacheEntry *fp_cache_slot(NativeState *st, PyObject *v)
{
    uint64_t h = (uint64_t)(uintptr_t)v * K_GOLDEN;
    return &st->fp_cache[h >> (64 - FP_CACHE_BITS)];
}

static inline int fp_cache_get(NativeState *st, PyObject *v, uint64_t *out)
{
    if (st->fp_cache == NULL) {
        return 0;
    }
    FpCacheEntry *e = fp_cache_slot(st, v);
    if (e->obj != v) {
        /* The entry is replaced once v's fingerprint is known: start loading the object it
         * releases now, so its reference count is in cache by then. */
        if (e->obj != NULL) {
            native_prefetch(e->obj);
        }
        return 0;
    }
    *out = e->fp;
    return 1;
}

static inline void fp_cache_put(NativeState *st, PyObject *v, uint64_t fp)
{
    if (st->fp_cache == NULL) {
        return;
    }
    FpCacheEntry *e = fp_cache_slot(st, v);
    PyObject *old = e->obj;
    e->obj = Py_NewRef(v);
    e->fp = fp;
    Py_XDECREF(old); /* last: a destructor run from here sees a consistent cache */
}

int fp_cache_init(NativeState *st)
{
    st->fp_cache = PyMem_Calloc((size_t)1 << FP_CACHE_BITS, sizeof(FpCacheEntry));
    if (st->fp_cache == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

void fp_cache_reset(NativeState *st)
{
    for (size_t i = 0; st->fp_cache != NULL && i < (size_t)1 << FP_CACHE_BITS; i++) {
        Py_CLEAR(st->fp_cache[i].obj);
    }
}

void fp_cache_free(NativeState *st)
{
    fp_cache_reset(st);
    PyMem_Free(st->fp_cache);
    st->fp_cache = NULL;
}

int fp_cache_traverse(NativeState *st, visitproc visit, void *arg)
{
    for (size_t i = 0; st->fp_cache != NULL && i < (size_t)1 << FP_CACHE_BITS; i++) {
        Py_VISIT(st->fp_cache[i].obj);
    }
    return 0;
}

/* ------------------------------------------------------------------------------------ */
/* Compound values                                                                       */

static inline int fp_cacheable(NativeState *st, PyObject *v)
{
    PyTypeObject *t = Py_TYPE(v);
    return (t == &PyTuple_Type && PyTuple_GET_SIZE(v) > 0) || t == st->fcn_type ||
           t == &PyFrozenSet_Type;
}

/* Values that contain other values: guarded against runaway recursion. */
static int fp_compound(NativeState *st, PyObject *v, uint64_t *out)
{
    PyTypeObject *t = Py_TYPE(v);
    int cacheable = fp_cacheable(st, v);
    if (cacheable && fp_cache_get(st, v, out)) {
        return 0;
    }
    int rc;
    if (native_stack_exhausted() || Py_EnterRecursiveCall(" while fingerprinting a TLA+ value")) {
        return -1;
    }
    if (t == &PyTuple_Type) {
        rc = fp_tuple(st, v, out);
    } else if (t == st->fcn_type) {
        rc = fp_fcn(st, v, out);
    } else if (t == &PyFrozenSet_Type) {
        rc = fp_set(st, v, out);
    } else if (is_lazy_set(st, v) || is_lazy_fcn(st, v)) {
        rc = fp_lazy(st, v, out);
    } else {
        PyErr_Format(PyExc_TypeError, "cannot fingerprint a value of type %.200s",
                     t->tp_name);
        rc = -1;
    }
    Py_LeaveRecursiveCall();
    if (rc == 0 && cacheable && Py_REFCNT(v) > 1) {
        fp_cache_put(st, v, *out);
    }
    return rc;
}

int fp_value(NativeState *st, PyObject *v, uint64_t *out)
{
    PyTypeObject *t = Py_TYPE(v);
    if (t == &PyLong_Type) {
        return fp_int(v, out);
    }
    if (t == &PyUnicode_Type) {
        return fp_str(TAG_STR, v, out);
    }
    if (t == &PyBool_Type) {
        *out = fp_combine(fp_start(TAG_BOOL), v == Py_True ? 1 : 0);
        return 0;
    }
    if (t == st->model_value_type) {
        return fp_model_value(st, v, out);
    }
    return fp_compound(st, v, out);
}

int fp_state(NativeState *st, PyObject *value, uint64_t *out)
{
    if (PyTuple_CheckExact(value) && PyTuple_GET_SIZE(value) > 0) {
        return fp_tuple(st, value, out); /* a state tuple is made once: not cached */
    }
    return fp_value(st, value, out);
}

PyObject *native_fingerprint(PyObject *module, PyObject *value)
{
    NativeState *st = get_state(module);
    uint64_t h;
    if (require_configured(st) < 0) {
        return NULL;
    }
    if (fp_state(st, value, &h) < 0) {
        return NULL;
    }
    return PyLong_FromUnsignedLongLong(h);
}
