/* The canonical order of TLA+ values: exactly the order of checker.values.core.canon_key.
 *
 * Sorting is a stable merge sort over decorated items: every set in the list carries its
 * elements pre-sorted, so comparing two sets never sorts them again.
 */

#include "native.h"

enum { RANK_BOOL, RANK_INT, RANK_STR, RANK_MODEL_VALUE, RANK_TUPLE, RANK_FCN, RANK_SET,
       RANK_LAZY_SET };

#define CMP_ERROR (-2)

static int canon_cmp(NativeState *st, PyObject *a, PyObject *b);

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
    if (native_stack_exhausted() || Py_EnterRecursiveCall(" while ordering TLA+ values")) {
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
    if (native_stack_exhausted() || Py_EnterRecursiveCall(" while ordering TLA+ values")) {
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
int canon_sort_list(NativeState *st, PyObject *list)
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

/* A value whose comparisons never sort a set, materialise a lazy one or fail: an integer,
 * a string, a Boolean, a model value (plain scalars), or a tuple of those. */
static int scalar_rank(NativeState *st, PyObject *v)
{
    PyTypeObject *t = Py_TYPE(v);
    return t == &PyLong_Type          ? RANK_INT
           : t == &PyUnicode_Type     ? RANK_STR
           : t == &PyBool_Type        ? RANK_BOOL
           : t == st->model_value_type ? RANK_MODEL_VALUE
                                      : -1;
}

static int plain(NativeState *st, PyObject *v)
{
    if (scalar_rank(st, v) >= 0) {
        return 1;
    }
    if (Py_TYPE(v) != &PyTuple_Type) {
        return 0;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(v); i++) {
        if (scalar_rank(st, PyTuple_GET_ITEM(v, i)) < 0) {
            return 0;
        }
    }
    return 1;
}

/* canon_cmp of two plain scalars, without its recursion guard. */
static int scalar_cmp(NativeState *st, PyObject *a, PyObject *b)
{
    if (a == b) {
        return 0;
    }
    int ra = scalar_rank(st, a), rb = scalar_rank(st, b);
    return ra != rb ? (ra < rb ? -1 : 1) : cmp_same_rank(st, ra, a, b);
}

/* canon_cmp of two plain values (cmp_tuples for two tuples, which rank above scalars). */
static int plain_cmp(NativeState *st, PyObject *a, PyObject *b)
{
    int ta = Py_TYPE(a) == &PyTuple_Type, tb = Py_TYPE(b) == &PyTuple_Type;
    if (!ta && !tb) {
        return scalar_cmp(st, a, b);
    }
    if (ta != tb) {
        return ta ? 1 : -1;
    }
    Py_ssize_t na = PyTuple_GET_SIZE(a), nb = PyTuple_GET_SIZE(b);
    if (na != nb) {
        return sign_of(na - nb);
    }
    for (Py_ssize_t i = 0; i < na; i++) {
        int c = scalar_cmp(st, PyTuple_GET_ITEM(a, i), PyTuple_GET_ITEM(b, i));
        if (c != 0) {
            return c;
        }
    }
    return 0;
}

/* The position of a plain `x` in a tuple of keys in canonical order (a Fcn's), found by
 * bisection where the keys it meets are plain; -1 where it is not found that way. */
Py_ssize_t plain_position(NativeState *st, PyObject *keys, PyObject *x)
{
    if (!plain(st, x)) {
        return -1;
    }
    Py_ssize_t lo = 0, hi = PyTuple_GET_SIZE(keys);
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        PyObject *k = PyTuple_GET_ITEM(keys, mid);
        if (!plain(st, k)) {
            return -1;
        }
        int c = plain_cmp(st, k, x);
        if (c == 0) {
            return mid;
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return -1;
}

/* The first element of a frozenset in canonical order, found without sorting (a new
 * reference); NULL without an exception when the set is empty or holds a value that is
 * not plain (the caller sorts, as everywhere else), NULL with one on an error. */
PyObject *canon_least(NativeState *st, PyObject *set)
{
    SetWalk w = set_walk(set);
    PyObject *least = NULL, *x;
    while ((x = set_walk_next(&w)) != NULL) {
        int c = !plain(st, x) ? CMP_ERROR : least == NULL ? -1 : plain_cmp(st, x, least);
        if (c == CMP_ERROR) {
            least = NULL;
            break;
        }
        if (c < 0) {
            least = x;
        }
    }
    Py_XINCREF(least); /* an element of `set`, which the caller holds */
    if (set_walk_end(&w) < 0) {
        Py_CLEAR(least);
    }
    return least;
}

PyObject *native_canon_sorted(PyObject *module, PyObject *iterable)
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
