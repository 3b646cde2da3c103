/* Fingerprints of TLA+ values, their canonical order, and the visited-state store.
 *
 * The Python side (checker/engine/native.py) imports this module as `checker._native` and
 * calls `configure` with the value classes of checker.values. Values are described in
 * checker/values/core.py (NOTE(value-representation)); checker/engine/fingerprint_ref.py
 * is a line-by-line Python reference of the fingerprint defined here.
 *
 * NOTE(fingerprint): a fingerprint is a 64-bit hash with a fixed seed that never calls
 * Python's hash, so it is the same in every process whatever PYTHONHASHSEED is. Each kind
 * of value starts from its own tag; sequences and functions fold their parts in order,
 * sets add up a mix of their elements' fingerprints so iteration order never matters.
 *
 * No mutable global state: the registered classes live in the module state, everything
 * else at file scope is a constant.
 */

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
    uint64_t w = 0;
    for (int i = 7; i >= 0; i--) {
        w = (w << 8) | p[i];
    }
    return w;
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
static uint64_t fp_bytes(uint64_t h, const unsigned char *p, size_t n)
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

/* ------------------------------------------------------------------------------------ */
/* Module state                                                                          */

typedef struct {
    PyTypeObject *fcn_type;
    PyTypeObject *model_value_type;
    PyTypeObject *lazy_set_type;
    PyTypeObject *lazy_fcn_type;
    PyTypeObject *visited_set_type;
    Py_ssize_t name_offset; /* of ModelValue's `name` slot; 0: look the attribute up */
    PyObject *str_name;
    PyObject *str_materialize;
} NativeState;

static inline NativeState *get_state(PyObject *module)
{
    return (NativeState *)PyModule_GetState(module);
}

static int require_configured(NativeState *st)
{
    if (st->fcn_type == NULL) {
        PyErr_SetString(PyExc_RuntimeError,
                        "checker._native.configure() has not been called");
        return -1;
    }
    return 0;
}

static int is_lazy_set(NativeState *st, PyObject *v)
{
    return PyType_IsSubtype(Py_TYPE(v), st->lazy_set_type);
}

static int is_lazy_fcn(NativeState *st, PyObject *v)
{
    return PyType_IsSubtype(Py_TYPE(v), st->lazy_fcn_type);
}

static PyObject *materialize(NativeState *st, PyObject *v)
{
    return PyObject_CallMethodNoArgs(v, st->str_materialize);
}

/* The name of a model value as a new reference to an exact str. */
static PyObject *model_value_name(NativeState *st, PyObject *v)
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

/* The keys tuple of a Fcn `(FN_TAG, keys, v1, ..., vn)`, borrowed, or NULL if malformed. */
static PyObject *fcn_keys(PyObject *f)
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
/* Fingerprints                                                                          */

static int fp_value(NativeState *st, PyObject *v, uint64_t *out);

static int fp_bigint(PyObject *v, uint64_t *out)
{
    /* v.to_bytes(v.bit_length() // 8 + 1, "little", signed=True) */
    PyObject *bits = PyObject_CallMethod(v, "bit_length", NULL);
    size_t nbits = bits == NULL ? (size_t)-1 : PyLong_AsSize_t(bits);
    Py_XDECREF(bits);
    if (nbits == (size_t)-1) {
        return -1;
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

static int fp_set(NativeState *st, PyObject *s, uint64_t *out)
{
    PyObject *it = PyObject_GetIter(s);
    if (it == NULL) {
        return -1;
    }
    uint64_t sum = 0;
    PyObject *e;
    while ((e = PyIter_Next(it)) != NULL) {
        uint64_t fe;
        int rc = fp_value(st, e, &fe);
        Py_DECREF(e);
        if (rc < 0) {
            Py_DECREF(it);
            return -1;
        }
        sum += fp_set_elem(fe);
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) {
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

/* Values that contain other values: guarded against runaway recursion. */
static int fp_compound(NativeState *st, PyObject *v, uint64_t *out)
{
    PyTypeObject *t = Py_TYPE(v);
    int rc;
    if (Py_EnterRecursiveCall(" while fingerprinting a TLA+ value")) {
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
    return rc;
}

static int fp_value(NativeState *st, PyObject *v, uint64_t *out)
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

static PyObject *native_fingerprint(PyObject *module, PyObject *value)
{
    NativeState *st = get_state(module);
    uint64_t h;
    if (require_configured(st) < 0 || fp_value(st, value, &h) < 0) {
        return NULL;
    }
    return PyLong_FromUnsignedLongLong(h);
}

/* ------------------------------------------------------------------------------------ */
/* Canonical order: exactly the order of checker.values.core.canon_key                   */

enum { RANK_BOOL, RANK_INT, RANK_STR, RANK_MODEL_VALUE, RANK_TUPLE, RANK_FCN, RANK_SET,
       RANK_LAZY_SET };

#define CMP_ERROR (-2)

static int canon_cmp(NativeState *st, PyObject *a, PyObject *b);
static int canon_sort_list(NativeState *st, PyObject *list);

static int canon_rank(NativeState *st, PyObject *v)
{
    PyTypeObject *t = Py_TYPE(v);
    if (t == &PyLong_Type) return RANK_INT;
    if (t == &PyUnicode_Type) return RANK_STR;
    if (t == &PyBool_Type) return RANK_BOOL;
    if (t == st->model_value_type) return RANK_MODEL_VALUE;
    if (t == &PyTuple_Type) return RANK_TUPLE;
    if (t == st->fcn_type) return RANK_FCN;
    if (t == &PyFrozenSet_Type) return RANK_SET;
    if (is_lazy_set(st, v)) return RANK_LAZY_SET;
    PyErr_Format(PyExc_TypeError, "not a TLA+ value: an object of type %.200s", t->tp_name);
    return -1;
}

static inline PyObject *const *tuple_items(PyObject *t)
{
    return ((PyTupleObject *)t)->ob_item;
}

static inline PyObject *const *list_items(PyObject *l)
{
    return ((PyListObject *)l)->ob_item;
}

static inline int sign_of(Py_ssize_t d) { return (d > 0) - (d < 0); }

static int cmp_int(PyObject *a, PyObject *b)
{
    int oa, ob;
    long long x = PyLong_AsLongLongAndOverflow(a, &oa);
    long long y = PyLong_AsLongLongAndOverflow(b, &ob);
    if (!oa && !ob) {
        return (x > y) - (x < y);
    }
    if (oa != ob) {
        return oa < ob ? -1 : 1;
    }
    int lt = PyObject_RichCompareBool(a, b, Py_LT);
    if (lt != 0) {
        return lt < 0 ? CMP_ERROR : -1;
    }
    int gt = PyObject_RichCompareBool(a, b, Py_GT);
    return gt < 0 ? CMP_ERROR : gt;
}

static int cmp_str(PyObject *a, PyObject *b)
{
    int c = PyUnicode_Compare(a, b);
    return c == -1 && PyErr_Occurred() ? CMP_ERROR : c;
}

static int cmp_model_values(NativeState *st, PyObject *a, PyObject *b)
{
    PyObject *na = model_value_name(st, a);
    PyObject *nb = na == NULL ? NULL : model_value_name(st, b);
    int c = nb == NULL ? CMP_ERROR : cmp_str(na, nb);
    Py_XDECREF(na);
    Py_XDECREF(nb);
    return c;
}

/* Lexicographic comparison of two item arrays; a proper prefix comes first. */
static int cmp_items(NativeState *st, PyObject *const *a, Py_ssize_t na, PyObject *const *b,
                     Py_ssize_t nb)
{
    Py_ssize_t n = na < nb ? na : nb;
    for (Py_ssize_t i = 0; i < n; i++) {
        int c = a[i] == b[i] ? 0 : canon_cmp(st, a[i], b[i]);
        if (c != 0) {
            return c;
        }
    }
    return sign_of(na - nb);
}

static int cmp_tuples(NativeState *st, PyObject *a, PyObject *b)
{
    Py_ssize_t na = PyTuple_GET_SIZE(a), nb = PyTuple_GET_SIZE(b);
    if (na != nb) {
        return sign_of(na - nb);
    }
    return cmp_items(st, tuple_items(a), na, tuple_items(b), nb);
}

/* (keys, values) lexicographically, each a tuple compared as canon_key does. */
static int cmp_fcns(NativeState *st, PyObject *a, PyObject *b)
{
    PyObject *ka = fcn_keys(a);
    PyObject *kb = ka == NULL ? NULL : fcn_keys(b);
    if (kb == NULL) {
        return CMP_ERROR;
    }
    Py_ssize_t na = PyTuple_GET_SIZE(ka), nb = PyTuple_GET_SIZE(kb);
    int c = cmp_items(st, tuple_items(ka), na, tuple_items(kb), nb);
    if (c != 0) {
        return c;
    }
    return cmp_items(st, tuple_items(a) + 2, na, tuple_items(b) + 2, nb);
}

/* The elements of a set as a new list in canonical order. */
static PyObject *sorted_elements(NativeState *st, PyObject *set)
{
    if (Py_EnterRecursiveCall(" while ordering TLA+ values")) {
        return NULL;
    }
    PyObject *list = PySequence_List(set);
    if (list != NULL && canon_sort_list(st, list) < 0) {
        Py_CLEAR(list);
    }
    Py_LeaveRecursiveCall();
    return list;
}

static int cmp_sorted_lists(NativeState *st, PyObject *la, PyObject *lb)
{
    Py_ssize_t na = PyList_GET_SIZE(la), nb = PyList_GET_SIZE(lb);
    if (na != nb) {
        return sign_of(na - nb);
    }
    return cmp_items(st, list_items(la), na, list_items(lb), nb);
}

static int cmp_sets(NativeState *st, PyObject *a, PyObject *b)
{
    Py_ssize_t na = PySet_GET_SIZE(a), nb = PySet_GET_SIZE(b);
    if (na != nb) {
        return sign_of(na - nb);
    }
    PyObject *la = sorted_elements(st, a);
    PyObject *lb = la == NULL ? NULL : sorted_elements(st, b);
    int c = lb == NULL ? CMP_ERROR : cmp_sorted_lists(st, la, lb);
    Py_XDECREF(la);
    Py_XDECREF(lb);
    return c;
}

/* A lazy set is ordered as its materialised frozenset (as canon_key does). */
static int cmp_lazy(NativeState *st, PyObject *a, int ra, PyObject *b, int rb)
{
    PyObject *ma = ra == RANK_LAZY_SET ? materialize(st, a) : Py_NewRef(a);
    PyObject *mb = ma == NULL ? NULL : rb == RANK_LAZY_SET ? materialize(st, b) : Py_NewRef(b);
    int c = mb == NULL ? CMP_ERROR : canon_cmp(st, ma, mb);
    Py_XDECREF(ma);
    Py_XDECREF(mb);
    return c;
}

static int cmp_same_rank(NativeState *st, int rank, PyObject *a, PyObject *b)
{
    switch (rank) {
    case RANK_BOOL:
        return (a == Py_True) - (b == Py_True);
    case RANK_INT:
        return cmp_int(a, b);
    case RANK_STR:
        return cmp_str(a, b);
    case RANK_MODEL_VALUE:
        return cmp_model_values(st, a, b);
    case RANK_TUPLE:
        return cmp_tuples(st, a, b);
    case RANK_FCN:
        return cmp_fcns(st, a, b);
    default:
        return cmp_sets(st, a, b);
    }
}

/* -1, 0 or 1 as canon_key(a) <, ==, > canon_key(b); CMP_ERROR with an exception set. */
static int canon_cmp(NativeState *st, PyObject *a, PyObject *b)
{
    if (a == b) {
        return 0;
    }
    int ra = canon_rank(st, a);
    int rb = ra < 0 ? -1 : canon_rank(st, b);
    if (rb < 0) {
        return CMP_ERROR;
    }
    int lazy = ra == RANK_LAZY_SET || rb == RANK_LAZY_SET;
    if (!lazy && ra != rb) {
        return ra < rb ? -1 : 1;
    }
    if (!lazy && ra <= RANK_STR) {
        return cmp_same_rank(st, ra, a, b);
    }
    if (Py_EnterRecursiveCall(" while ordering TLA+ values")) {
        return CMP_ERROR;
    }
    int c = lazy ? cmp_lazy(st, a, ra, b, rb) : cmp_same_rank(st, ra, a, b);
    Py_LeaveRecursiveCall();
    return c;
}

/* A list element during sorting; sets carry their elements pre-sorted (`sorted`), so
 * a comparison of two sets does not sort them again. */
typedef struct {
    PyObject *value;
    PyObject *sorted;
} SortItem;

static int cmp_sort_items(NativeState *st, const SortItem *x, const SortItem *y)
{
    if (x->sorted != NULL && y->sorted != NULL) {
        return cmp_sorted_lists(st, x->sorted, y->sorted);
    }
    return canon_cmp(st, x->value, y->value);
}

static int insertion_sort(NativeState *st, SortItem *a, Py_ssize_t n)
{
    for (Py_ssize_t i = 1; i < n; i++) {
        SortItem x = a[i];
        Py_ssize_t j = i;
        while (j > 0) {
            int c = cmp_sort_items(st, &a[j - 1], &x);
            if (c == CMP_ERROR) {
                a[j] = x; /* keep `a` a permutation: it owns the `sorted` lists */
                return -1;
            }
            if (c <= 0) {
                break;
            }
            a[j] = a[j - 1];
            j--;
        }
        a[j] = x;
    }
    return 0;
}

/* Stable merge of the sorted runs a[0:mid] and a[mid:n], using tmp[0:mid]. */
static int merge_runs(NativeState *st, SortItem *a, SortItem *tmp, Py_ssize_t mid,
                      Py_ssize_t n)
{
    memcpy(tmp, a, (size_t)mid * sizeof(SortItem));
    Py_ssize_t i = 0, j = mid, k = 0;
    while (i < mid && j < n) {
        int c = cmp_sort_items(st, &a[j], &tmp[i]);
        if (c == CMP_ERROR) {
            memcpy(a + k, tmp + i, (size_t)(mid - i) * sizeof(SortItem));
            return -1;
        }
        a[k++] = c < 0 ? a[j++] : tmp[i++];
    }
    memcpy(a + k, tmp + i, (size_t)(mid - i) * sizeof(SortItem));
    return 0;
}

static int merge_sort(NativeState *st, SortItem *a, SortItem *tmp, Py_ssize_t n)
{
    if (n <= 12) {
        return insertion_sort(st, a, n);
    }
    Py_ssize_t mid = n / 2;
    if (merge_sort(st, a, tmp, mid) < 0 || merge_sort(st, a + mid, tmp, n - mid) < 0) {
        return -1;
    }
    int c = cmp_sort_items(st, &a[mid - 1], &a[mid]);
    if (c == CMP_ERROR) {
        return -1;
    }
    return c <= 0 ? 0 : merge_runs(st, a, tmp, mid, n);
}

static int all_of_type(PyObject *list, PyTypeObject *type)
{
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); i++) {
        if (Py_TYPE(PyList_GET_ITEM(list, i)) != type) {
            return 0;
        }
    }
    return 1;
}

/* Fill `items` from `list`, pre-sorting the elements of every (lazy) set. */
static int decorate(NativeState *st, PyObject *list, SortItem *items)
{
    Py_ssize_t n = PyList_GET_SIZE(list);
    for (Py_ssize_t i = 0; i < n; i++) {
        items[i].value = PyList_GET_ITEM(list, i);
        items[i].sorted = NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *v = items[i].value;
        int lazy = Py_TYPE(v) != &PyFrozenSet_Type && is_lazy_set(st, v);
        if (Py_TYPE(v) != &PyFrozenSet_Type && !lazy) {
            continue;
        }
        PyObject *set = lazy ? materialize(st, v) : Py_NewRef(v);
        if (set != NULL && Py_TYPE(set) == &PyFrozenSet_Type) {
            items[i].sorted = sorted_elements(st, set);
        } else if (set != NULL) {
            PyErr_SetString(PyExc_TypeError, "materialize() did not return a frozenset");
        }
        Py_XDECREF(set);
        if (items[i].sorted == NULL) {
            return -1;
        }
    }
    return 0;
}

static int sort_decorated(NativeState *st, PyObject *list, SortItem *items)
{
    Py_ssize_t n = PyList_GET_SIZE(list);
    int rc = decorate(st, list, items);
    if (rc == 0) {
        rc = merge_sort(st, items, items + n, n);
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_CLEAR(items[i].sorted);
    }
    if (rc == 0) {
        /* A permutation of the list's own references: no reference counts change. */
        for (Py_ssize_t i = 0; i < n; i++) {
            PyList_SET_ITEM(list, i, items[i].value);
        }
    }
    return rc;
}

/* Sort a list (private to the caller) in place in canonical order. */
static int canon_sort_list(NativeState *st, PyObject *list)
{
    Py_ssize_t n = PyList_GET_SIZE(list);
    if (n < 2) {
        return 0;
    }
    if (all_of_type(list, &PyLong_Type) || all_of_type(list, &PyUnicode_Type)) {
        return PyList_Sort(list);
    }
    SortItem *items = PyMem_Calloc((size_t)n * 2, sizeof(SortItem));
    if (items == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    int rc = sort_decorated(st, list, items);
    PyMem_Free(items);
    return rc;
}

static PyObject *native_canon_sorted(PyObject *module, PyObject *iterable)
{
    NativeState *st = get_state(module);
    if (require_configured(st) < 0) {
        return NULL;
    }
    PyObject *list = PySequence_List(iterable);
    if (list != NULL && canon_sort_list(st, list) < 0) {
        Py_CLEAR(list);
    }
    return list;
}

/* ------------------------------------------------------------------------------------ */
/* VisitedSet                                                                            */

/* NOTE(visited-layout): per state 14 bytes in dense arrays indexed by id (fingerprint,
 * parent id, action index) plus an open-addressing table of 4-byte ids. The dense arrays
 * grow by 1/8 (after 8192 states) and the table by 1/2 at load 3/4, so at steady state a
 * state costs at most 14 * 9/8 + 4 / (3/4 / (3/2)) = 23.75 bytes, typically about 20. The
 * table is not a power of two: a slot is the high half of mix(fp) * capacity, so growth
 * by 1.5 needs no masking and sequential fingerprints still spread out. */

#define NO_PARENT 0xFFFFFFFFu
#define EMPTY_SLOT 0xFFFFFFFFu
#define MAX_STATES 0xFFFFFFFEu
#define INITIAL_STATES 1024u
#define INITIAL_SLOTS 2048u

typedef struct {
    PyObject_HEAD
    uint64_t *fps;
    uint32_t *parents;
    uint16_t *actions;
    uint32_t count;
    uint32_t capacity;
    uint32_t *table;
    size_t slots;
    size_t slot_limit;
} VisitedSet;

static inline uint64_t mulhi64(uint64_t a, uint64_t b)
{
#ifdef __SIZEOF_INT128__
    return (uint64_t)(((unsigned __int128)a * b) >> 64);
#else
    uint64_t a_lo = (uint32_t)a, a_hi = a >> 32, b_lo = (uint32_t)b, b_hi = b >> 32;
    uint64_t mid1 = a_hi * b_lo + ((a_lo * b_lo) >> 32);
    uint64_t mid2 = a_lo * b_hi + (uint32_t)mid1;
    return a_hi * b_hi + (mid1 >> 32) + (mid2 >> 32);
#endif
}

static inline size_t home_slot(uint64_t fp, size_t slots)
{
    return (size_t)mulhi64(fmix64(fp), (uint64_t)slots);
}

/* The slot holding fp's id, or the empty slot where it would go. */
static size_t probe(const VisitedSet *s, uint64_t fp)
{
    size_t i = home_slot(fp, s->slots);
    for (;;) {
        uint32_t id = s->table[i];
        if (id == EMPTY_SLOT || s->fps[id] == fp) {
            return i;
        }
        if (++i == s->slots) {
            i = 0;
        }
    }
}

static int64_t vs_find(const VisitedSet *s, uint64_t fp)
{
    uint32_t id = s->table[probe(s, fp)];
    return id == EMPTY_SLOT ? -1 : (int64_t)id;
}

/* Memory-level parallelism: while state i is added, the table slot of state i + 2d and
 * the stored fingerprints probed first for state i + d are already on their way. */
#define PREFETCH_DISTANCE 8
#define PREFETCH_PROBES 4

static inline void prefetch(const void *p)
{
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}

static uint32_t *new_table(size_t slots)
{
    uint32_t *table = PyMem_Malloc(slots * sizeof(uint32_t));
    if (table != NULL) {
        memset(table, 0xFF, slots * sizeof(uint32_t));
    }
    return table;
}

static int grow_table(VisitedSet *s)
{
    size_t slots = s->slots + s->slots / 2;
    uint32_t *table = new_table(slots);
    if (table == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (uint32_t id = 0; id < s->count; id++) {
        if ((uint64_t)id + 4 * PREFETCH_DISTANCE < s->count) {
            prefetch(&table[home_slot(s->fps[id + 4 * PREFETCH_DISTANCE], slots)]);
        }
        size_t i = home_slot(s->fps[id], slots);
        while (table[i] != EMPTY_SLOT) {
            if (++i == slots) {
                i = 0;
            }
        }
        table[i] = id;
    }
    PyMem_Free(s->table);
    s->table = table;
    s->slots = slots;
    s->slot_limit = slots / 4 * 3;
    return 0;
}

static int resize_dense(VisitedSet *s, uint32_t capacity)
{
    uint64_t *fps = PyMem_Realloc(s->fps, (size_t)capacity * sizeof(uint64_t));
    if (fps != NULL) {
        s->fps = fps;
    }
    uint32_t *parents = PyMem_Realloc(s->parents, (size_t)capacity * sizeof(uint32_t));
    if (parents != NULL) {
        s->parents = parents;
    }
    uint16_t *actions = PyMem_Realloc(s->actions, (size_t)capacity * sizeof(uint16_t));
    if (actions != NULL) {
        s->actions = actions;
    }
    if (fps == NULL || parents == NULL || actions == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    s->capacity = capacity;
    return 0;
}

static int grow_dense(VisitedSet *s)
{
    uint64_t step = s->capacity / 8 > INITIAL_STATES ? s->capacity / 8 : INITIAL_STATES;
    uint64_t capacity = s->capacity + step;
    if (capacity > MAX_STATES) {
        capacity = MAX_STATES;
    }
    if (capacity <= s->capacity) {
        PyErr_SetString(PyExc_OverflowError, "VisitedSet is full (2**32 - 1 states)");
        return -1;
    }
    return resize_dense(s, (uint32_t)capacity);
}

/* Add one state: its new id, -1 if fp was already present, -2 on error. */
static int64_t vs_add(VisitedSet *s, uint64_t fp, uint32_t parent, uint16_t action)
{
    if (parent != NO_PARENT && parent >= s->count) {
        PyErr_Format(PyExc_ValueError, "parent id %lu is not a stored state",
                     (unsigned long)parent);
        return -2;
    }
    size_t slot = probe(s, fp);
    if (s->table[slot] != EMPTY_SLOT) {
        return -1;
    }
    if (s->count >= s->capacity && grow_dense(s) < 0) {
        return -2;
    }
    if (s->count + 1 > s->slot_limit) {
        if (grow_table(s) < 0) {
            return -2;
        }
        slot = probe(s, fp);
    }
    uint32_t id = s->count++;
    s->fps[id] = fp;
    s->parents[id] = parent;
    s->actions[id] = action;
    s->table[slot] = id;
    return id;
}

/* Conversions of Python arguments; each returns -1 with an exception set on failure. */

static int arg_fp(PyObject *o, uint64_t *out)
{
    int overflow;
    long long x = PyLong_Check(o) ? PyLong_AsLongLongAndOverflow(o, &overflow) : -1;
    if (x >= 0) { /* the fast path for fingerprints below 2**63; never an error */
        *out = (uint64_t)x;
        return 0;
    }
    unsigned long long v = PyLong_AsUnsignedLongLong(o);
    if (v == (unsigned long long)-1 && PyErr_Occurred()) {
        return -1;
    }
    *out = (uint64_t)v;
    return 0;
}

static int arg_parent(PyObject *o, uint32_t *out)
{
    unsigned long long v = PyLong_AsUnsignedLongLong(o);
    if (v == (unsigned long long)-1 && PyErr_Occurred()) {
        return -1;
    }
    if (v > NO_PARENT) {
        PyErr_SetString(PyExc_OverflowError, "a parent id must fit in 32 bits");
        return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

static int arg_action(PyObject *o, uint16_t *out)
{
    long v = PyLong_AsLong(o);
    if (v == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (v < 0 || v > 0xFFFF) {
        PyErr_SetString(PyExc_OverflowError, "an action index must be in 0..65535");
        return -1;
    }
    *out = (uint16_t)v;
    return 0;
}

static int check_nargs(const char *name, Py_ssize_t nargs, Py_ssize_t expected)
{
    if (nargs != expected) {
        PyErr_Format(PyExc_TypeError, "%s() takes %zd positional arguments (%zd given)", name,
                     expected, nargs);
        return -1;
    }
    return 0;
}

/* A state id argument: must name a stored state. */
static int arg_id(const VisitedSet *s, PyObject *o, uint32_t *out)
{
    Py_ssize_t v = PyNumber_AsSsize_t(o, PyExc_IndexError);
    if (v == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (v < 0 || v >= (Py_ssize_t)s->count) {
        PyErr_Format(PyExc_IndexError, "state id %zd out of range", v);
        return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

static PyObject *vs_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    if (PyTuple_GET_SIZE(args) != 0 || (kwds != NULL && PyDict_GET_SIZE(kwds) != 0)) {
        PyErr_SetString(PyExc_TypeError, "VisitedSet() takes no arguments");
        return NULL;
    }
    VisitedSet *s = (VisitedSet *)type->tp_alloc(type, 0);
    if (s == NULL) {
        return NULL;
    }
    s->table = new_table(INITIAL_SLOTS);
    s->slots = INITIAL_SLOTS;
    s->slot_limit = INITIAL_SLOTS / 4 * 3;
    if (s->table == NULL || resize_dense(s, INITIAL_STATES) < 0) {
        if (!PyErr_Occurred()) {
            PyErr_NoMemory();
        }
        Py_DECREF(s);
        return NULL;
    }
    return (PyObject *)s;
}

static void vs_dealloc(PyObject *self)
{
    VisitedSet *s = (VisitedSet *)self;
    PyTypeObject *type = Py_TYPE(self);
    PyMem_Free(s->fps);
    PyMem_Free(s->parents);
    PyMem_Free(s->actions);
    PyMem_Free(s->table);
    type->tp_free(self);
    Py_DECREF(type);
}

static PyObject *vs_add_method(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    uint64_t fp;
    uint32_t parent;
    uint16_t action;
    if (check_nargs("add", nargs, 3) < 0 || arg_fp(args[0], &fp) < 0 ||
        arg_parent(args[1], &parent) < 0 || arg_action(args[2], &action) < 0) {
        return NULL;
    }
    int64_t id = vs_add((VisitedSet *)self, fp, parent, action);
    return id == -2 ? NULL : PyLong_FromLongLong(id);
}

/* A batch converted to C, so that add_many can look ahead and prefetch. */
typedef struct {
    uint64_t *fps;
    uint32_t *parents;
    uint16_t *actions;
} Batch;

static int convert_batch(PyObject *fps, PyObject *parents, PyObject *actions, Batch *b)
{
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fps);
    b->fps = PyMem_Malloc((size_t)n * sizeof(uint64_t) + 1);
    b->parents = PyMem_Malloc((size_t)n * sizeof(uint32_t) + 1);
    b->actions = PyMem_Malloc((size_t)n * sizeof(uint16_t) + 1);
    if (b->fps == NULL || b->parents == NULL || b->actions == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (arg_fp(PySequence_Fast_GET_ITEM(fps, i), &b->fps[i]) < 0 ||
            arg_parent(PySequence_Fast_GET_ITEM(parents, i), &b->parents[i]) < 0 ||
            arg_action(PySequence_Fast_GET_ITEM(actions, i), &b->actions[i]) < 0) {
            return -1;
        }
    }
    return 0;
}

static void prefetch_ahead(const VisitedSet *s, const uint64_t *fps, Py_ssize_t i, Py_ssize_t n)
{
    if (i + 2 * PREFETCH_DISTANCE < n) {
        prefetch(&s->table[home_slot(fps[i + 2 * PREFETCH_DISTANCE], s->slots)]);
    }
    if (i + PREFETCH_DISTANCE < n) {
        size_t slot = home_slot(fps[i + PREFETCH_DISTANCE], s->slots);
        for (int k = 0; k < PREFETCH_PROBES; k++) {
            uint32_t id = s->table[slot];
            if (id >= s->count) {
                break;
            }
            prefetch(&s->fps[id]);
            slot = slot + 1 < s->slots ? slot + 1 : 0;
        }
    }
}

static PyObject *add_converted(VisitedSet *s, const Batch *b, Py_ssize_t n)
{
    PyObject *result = PyList_New(n);
    for (Py_ssize_t i = 0; result != NULL && i < n; i++) {
        prefetch_ahead(s, b->fps, i, n);
        int64_t id = vs_add(s, b->fps[i], b->parents[i], b->actions[i]);
        PyObject *item = id == -2 ? NULL : PyLong_FromLongLong(id);
        if (item == NULL) {
            Py_CLEAR(result);
        } else {
            PyList_SET_ITEM(result, i, item);
        }
    }
    return result;
}

/* All arguments are converted first: a wrong type or range adds nothing. An unknown
 * parent id is found while adding: the states before it stay added (as with add()). */
static PyObject *add_batch(VisitedSet *s, PyObject *fps, PyObject *parents, PyObject *actions)
{
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fps);
    if (PySequence_Fast_GET_SIZE(parents) != n || PySequence_Fast_GET_SIZE(actions) != n) {
        PyErr_SetString(PyExc_ValueError, "add_many: fps, parents, actions differ in length");
        return NULL;
    }
    Batch b;
    PyObject *result = NULL;
    if (convert_batch(fps, parents, actions, &b) == 0) {
        result = add_converted(s, &b, n);
    }
    PyMem_Free(b.fps);
    PyMem_Free(b.parents);
    PyMem_Free(b.actions);
    return result;
}

static PyObject *vs_add_many(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (check_nargs("add_many", nargs, 3) < 0) {
        return NULL;
    }
    const char *msg = "add_many expects sequences";
    PyObject *fps = PySequence_Fast(args[0], msg);
    PyObject *parents = fps == NULL ? NULL : PySequence_Fast(args[1], msg);
    PyObject *actions = parents == NULL ? NULL : PySequence_Fast(args[2], msg);
    PyObject *result = NULL;
    if (actions != NULL) {
        result = add_batch((VisitedSet *)self, fps, parents, actions);
    }
    Py_XDECREF(fps);
    Py_XDECREF(parents);
    Py_XDECREF(actions);
    return result;
}

static PyObject *vs_find_method(PyObject *self, PyObject *arg)
{
    uint64_t fp;
    if (arg_fp(arg, &fp) < 0) {
        return NULL;
    }
    return PyLong_FromLongLong(vs_find((VisitedSet *)self, fp));
}

static PyObject *vs_fingerprint(PyObject *self, PyObject *arg)
{
    VisitedSet *s = (VisitedSet *)self;
    uint32_t id;
    return arg_id(s, arg, &id) < 0 ? NULL : PyLong_FromUnsignedLongLong(s->fps[id]);
}

static PyObject *vs_parent(PyObject *self, PyObject *arg)
{
    VisitedSet *s = (VisitedSet *)self;
    uint32_t id;
    return arg_id(s, arg, &id) < 0 ? NULL : PyLong_FromUnsignedLong(s->parents[id]);
}

static PyObject *vs_action(PyObject *self, PyObject *arg)
{
    VisitedSet *s = (VisitedSet *)self;
    uint32_t id;
    return arg_id(s, arg, &id) < 0 ? NULL : PyLong_FromLong(s->actions[id]);
}

static PyObject *vs_path(PyObject *self, PyObject *arg)
{
    VisitedSet *s = (VisitedSet *)self;
    uint32_t id;
    if (arg_id(s, arg, &id) < 0) {
        return NULL;
    }
    Py_ssize_t length = 1;
    for (uint32_t at = id; s->parents[at] != NO_PARENT; at = s->parents[at]) {
        length++;
    }
    PyObject *path = PyList_New(length);
    uint32_t at = id;
    for (Py_ssize_t i = length - 1; path != NULL && i >= 0; i--, at = s->parents[at]) {
        PyObject *item = PyLong_FromUnsignedLong(at);
        if (item == NULL) {
            Py_CLEAR(path);
        } else {
            PyList_SET_ITEM(path, i, item);
        }
    }
    return path;
}

static size_t vs_memory(const VisitedSet *s)
{
    size_t per_state = sizeof(uint64_t) + sizeof(uint32_t) + sizeof(uint16_t);
    return (size_t)s->capacity * per_state + s->slots * sizeof(uint32_t);
}

static PyObject *vs_memory_bytes(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromSize_t(vs_memory((VisitedSet *)self));
}

static PyObject *vs_bytes_per_state(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    VisitedSet *s = (VisitedSet *)self;
    double count = s->count > 0 ? (double)s->count : 1.0;
    return PyFloat_FromDouble((double)vs_memory(s) / count);
}

/* LSD radix sort of n 64-bit keys, one byte per pass, through `buf` (room for n keys).
 * After the eight passes (an even number) the sorted keys are back in `keys`. */
static void radix_sort_u64(uint64_t *keys, uint64_t *buf, size_t n)
{
    uint64_t *from = keys, *to = buf;
    for (int shift = 0; shift < 64; shift += 8) {
        size_t counts[257] = {0};
        for (size_t i = 0; i < n; i++) {
            counts[((from[i] >> shift) & 0xFF) + 1]++;
        }
        for (int b = 0; b < 256; b++) {
            counts[b + 1] += counts[b];
        }
        for (size_t i = 0; i < n; i++) {
            to[counts[(from[i] >> shift) & 0xFF]++] = from[i];
        }
        uint64_t *swap = from;
        from = to;
        to = swap;
    }
}

static PyObject *vs_min_gap(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    VisitedSet *s = (VisitedSet *)self;
    size_t n = s->count;
    if (n < 2) {
        return PyLong_FromLong(0);
    }
    uint64_t *keys = PyMem_Malloc(2 * n * sizeof(uint64_t));
    if (keys == NULL) {
        return PyErr_NoMemory();
    }
    memcpy(keys, s->fps, n * sizeof(uint64_t));
    radix_sort_u64(keys, keys + n, n);
    uint64_t gap = UINT64_MAX;
    for (size_t i = 1; i < n; i++) {
        uint64_t d = keys[i] - keys[i - 1];
        gap = d < gap ? d : gap;
    }
    PyMem_Free(keys);
    return PyLong_FromUnsignedLongLong(gap);
}

static Py_ssize_t vs_len(PyObject *self) { return (Py_ssize_t)((VisitedSet *)self)->count; }

static int vs_contains(PyObject *self, PyObject *arg)
{
    if (!PyLong_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "a fingerprint is an int, not %.200s",
                     Py_TYPE(arg)->tp_name);
        return -1;
    }
    uint64_t fp;
    if (arg_fp(arg, &fp) < 0) {
        PyErr_Clear(); /* negative or wider than 64 bits: never stored */
        return 0;
    }
    return vs_find((VisitedSet *)self, fp) >= 0;
}

static PyMethodDef vs_methods[] = {
    {"add", (PyCFunction)(void (*)(void))vs_add_method, METH_FASTCALL,
     "add(fp, parent, action) -> new state id, or -1 if fp is already stored"},
    {"add_many", (PyCFunction)(void (*)(void))vs_add_many, METH_FASTCALL,
     "add_many(fps, parents, actions) -> list of add() results, in order"},
    {"find", vs_find_method, METH_O, "find(fp) -> state id, or -1 if absent"},
    {"fingerprint", vs_fingerprint, METH_O, "fingerprint(id) -> the state's fingerprint"},
    {"parent", vs_parent, METH_O, "parent(id) -> parent id, NO_PARENT for initial states"},
    {"action", vs_action, METH_O, "action(id) -> index of the action that reached it"},
    {"path", vs_path, METH_O, "path(id) -> ids from an initial state to id"},
    {"memory_bytes", vs_memory_bytes, METH_NOARGS, "bytes allocated for arrays and table"},
    {"bytes_per_state", vs_bytes_per_state, METH_NOARGS, "memory_bytes() / len(self)"},
    {"min_gap", vs_min_gap, METH_NOARGS,
     "smallest difference between two stored fingerprints (0 with fewer than 2)"},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot vs_slots[] = {
    {Py_tp_doc, "The visited states of a breadth-first search: per state its fingerprint, "
                "parent id and action index; ids are 0, 1, 2, ... in insertion order."},
    {Py_tp_new, vs_new},
    {Py_tp_dealloc, vs_dealloc},
    {Py_tp_methods, vs_methods},
    {Py_sq_length, vs_len},
    {Py_sq_contains, vs_contains},
    {0, NULL},
};

static PyType_Spec vs_spec = {
    .name = "checker._native.VisitedSet",
    .basicsize = sizeof(VisitedSet),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = vs_slots,
};

/* ------------------------------------------------------------------------------------ */
/* Module                                                                                */

/* Where instances of `type` keep the __slots__ attribute `attr`, or 0 if it is not one. */
static Py_ssize_t slot_offset(PyTypeObject *type, PyObject *attr)
{
    PyObject *descr = PyObject_GetAttr((PyObject *)type, attr);
    if (descr == NULL) {
        PyErr_Clear();
        return 0;
    }
    Py_ssize_t offset = 0;
    if (Py_IS_TYPE(descr, &PyMemberDescr_Type)) {
        PyMemberDef *member = ((PyMemberDescrObject *)descr)->d_member;
        offset = member->type == MEMBER_OBJECT_EX ? member->offset : 0;
    }
    Py_DECREF(descr);
    return offset;
}

static PyObject *native_configure(PyObject *module, PyObject *args)
{
    PyTypeObject *fcn, *model_value, *lazy_set, *lazy_fcn;
    if (!PyArg_ParseTuple(args, "O!O!O!O!:configure", &PyType_Type, &fcn, &PyType_Type,
                          &model_value, &PyType_Type, &lazy_set, &PyType_Type, &lazy_fcn)) {
        return NULL;
    }
    NativeState *st = get_state(module);
    Py_XSETREF(st->fcn_type, (PyTypeObject *)Py_NewRef(fcn));
    Py_XSETREF(st->model_value_type, (PyTypeObject *)Py_NewRef(model_value));
    st->name_offset = slot_offset(model_value, st->str_name);
    Py_XSETREF(st->lazy_set_type, (PyTypeObject *)Py_NewRef(lazy_set));
    Py_XSETREF(st->lazy_fcn_type, (PyTypeObject *)Py_NewRef(lazy_fcn));
    Py_RETURN_NONE;
}

static PyMethodDef native_methods[] = {
    {"configure", native_configure, METH_VARARGS,
     "configure(fcn_type, model_value_type, lazy_set_type, lazy_fcn_type): register the "
     "value classes of checker.values"},
    {"fingerprint", native_fingerprint, METH_O,
     "fingerprint(value) -> 64-bit fingerprint, equal for equal TLA+ values"},
    {"canon_sorted", native_canon_sorted, METH_O,
     "canon_sorted(iterable) -> list in the order of checker.values.core.canon_key"},
    {NULL, NULL, 0, NULL},
};

static int native_exec(PyObject *module)
{
    NativeState *st = get_state(module);
    st->str_name = PyUnicode_InternFromString("name");
    st->str_materialize = PyUnicode_InternFromString("materialize");
    if (st->str_name == NULL || st->str_materialize == NULL) {
        return -1;
    }
    st->visited_set_type = (PyTypeObject *)PyType_FromModuleAndSpec(module, &vs_spec, NULL);
    if (st->visited_set_type == NULL ||
        PyModule_AddObjectRef(module, "VisitedSet", (PyObject *)st->visited_set_type) < 0) {
        return -1;
    }
    PyObject *no_parent = PyLong_FromUnsignedLong(NO_PARENT);
    int rc = no_parent == NULL ? -1 : PyModule_AddObjectRef(module, "NO_PARENT", no_parent);
    Py_XDECREF(no_parent);
    return rc;
}

static int native_traverse(PyObject *module, visitproc visit, void *arg)
{
    NativeState *st = get_state(module);
    Py_VISIT(st->fcn_type);
    Py_VISIT(st->model_value_type);
    Py_VISIT(st->lazy_set_type);
    Py_VISIT(st->lazy_fcn_type);
    Py_VISIT(st->visited_set_type);
    return 0;
}

static int native_clear(PyObject *module)
{
    NativeState *st = get_state(module);
    Py_CLEAR(st->fcn_type);
    Py_CLEAR(st->model_value_type);
    Py_CLEAR(st->lazy_set_type);
    Py_CLEAR(st->lazy_fcn_type);
    Py_CLEAR(st->visited_set_type);
    Py_CLEAR(st->str_name);
    Py_CLEAR(st->str_materialize);
    return 0;
}

static void native_free(void *module) { native_clear((PyObject *)module); }

static PyModuleDef_Slot native_slots[] = {
    {Py_mod_exec, native_exec},
    {0, NULL},
};

static struct PyModuleDef native_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "checker._native",
    .m_doc = "Fingerprints, canonical order and the visited-state store (C hot path).",
    .m_size = sizeof(NativeState),
    .m_methods = native_methods,
    .m_slots = native_slots,
    .m_traverse = native_traverse,
    .m_clear = native_clear,
    .m_free = native_free,
};

PyMODINIT_FUNC PyInit__native(void) { return PyModuleDef_Init(&native_module); }
