/* Field indexes: the elements of a set of records grouped by the values of some fields, so
 * that `\E m \in msgs : m.type = "2b" /\ m.bal = b /\ ...` looks its candidates up
 * instead of scanning msgs.
 *
 * `index_lookup(s, fields, values)` has exactly the semantics of FieldIndex.lookup in
 * checker/compile/index.py (NOTE(index-exactness) there), which stays as the reference:
 *   - the result is the tuple of the elements x of s, in canonical order, that are Fcns
 *     with every field and x.f_i == values[i] (Python equality, through a dict keyed by
 *     the tuple of field values);
 *   - None when evaluating `x.f1 = v1 /\ x.f2 = v2 /\ ...` left to right over s would
 *     raise: some element is not a Fcn, or lacks f_{j+1} while its first j field values
 *     equal values[:j]. Such an element is recorded by its "bad prefix", the tuple of
 *     the field values it has.
 *
 * Python's equality takes TRUE for 1 (NOTE(bool-int)), TLC fails comparing them: a
 * lookup is None (the plain loop decides, and reports TLC's error) when a value looked
 * up is a Boolean and some element's field is a non-Boolean (or the reverse, model values
 * aside), when the group found holds values that differ from those looked up in TLA+
 * (<<TRUE>> for <<1>>), and for every lookup in an index some group of which mixes such
 * values.
 *
 * NOTE(index-cache): an index is built once per (set, fields) and kept in the module
 * state, in a direct-mapped table of INDEX_CACHE_SIZE entries keyed by the identities of
 * both; an entry holds strong references to them, so neither address can be reused by
 * another object while the entry exists. Generated code passes `fields` as a constant,
 * so a repeated lookup on the same set is one probe and one dict lookup.
 */

#include "native.h"

/* Where a Fcn keeps the fields: their positions in its keys tuple, up to the first field
 * it lacks. Records built by one expression share its keys tuple, so the previous
 * element's positions often serve again. */
typedef struct {
    PyObject *keys;   /* borrowed (an element holds it): whose positions `at` are, or NULL */
    Py_ssize_t found; /* fields present before the first missing one */
    Py_ssize_t *at;   /* one position per field */
} FieldPositions;

static int locate_fields(NativeState *st, FieldPositions *p, PyObject *keys, PyObject *fields)
{
    if (keys == p->keys) {
        return 0;
    }
    p->keys = NULL;
    Py_ssize_t n = 0;
    for (; n < PyTuple_GET_SIZE(fields); n++) {
        Py_ssize_t at = key_position(st, keys, PyTuple_GET_ITEM(fields, n));
        if (at == -2) {
            return -1;
        }
        if (at == -1) {
            break;
        }
        p->at[n] = at;
    }
    p->keys = keys;
    p->found = n;
    return 0;
}

/* The values of x's fields, stopping before the first field x lacks; () for a non-Fcn. */
static PyObject *element_key(NativeState *st, FieldPositions *p, PyObject *x, PyObject *fields)
{
    if (Py_TYPE(x) != st->fcn_type) {
        return PyTuple_New(0);
    }
    PyObject *keys = fcn_keys(x);
    if (keys == NULL || locate_fields(st, p, keys, fields) < 0) {
        return NULL;
    }
    PyObject *key = PyTuple_New(p->found);
    for (Py_ssize_t n = 0; key != NULL && n < p->found; n++) {
        PyTuple_SET_ITEM(key, n, Py_NewRef(PyTuple_GET_ITEM(x, p->at[n] + 2)));
    }
    return key;
}

static inline int bad_length_possible(const IndexEntry *e, Py_ssize_t n)
{
    return n >= 64 || (e->bad_lengths >> n) & 1;
}

/* Whether Python-equal a and b differ as TLA+ values: 1, 0, -1 with an exception set. */
static int differ(NativeState *st, PyObject *a, PyObject *b)
{
    if (a == b || plainly_same_items(st, a, b)) {
        return 0;
    }
    PyObject *wa = NULL, *wb = NULL;
    int m = bool_mismatch(st, a, b, &wa, &wb);
    Py_XDECREF(wa);
    Py_XDECREF(wb);
    return m;
}

/* A group while building: a list [key it was filed under, element, element, ...]. */
static int add_to_group(NativeState *st, IndexEntry *e, PyObject *key, PyObject *x)
{
    PyObject *group = PyDict_GetItemWithError(e->groups, key);
    if (group != NULL) {
        int m = differ(st, PyList_GET_ITEM(group, 0), key);
        e->conflated |= m > 0;
        return m < 0 ? -1 : PyList_Append(group, x);
    }
    if (PyErr_Occurred()) {
        return -1;
    }
    group = PyList_New(2);
    if (group == NULL) {
        return -1;
    }
    PyList_SET_ITEM(group, 0, Py_NewRef(key));
    PyList_SET_ITEM(group, 1, Py_NewRef(x));
    int rc = PyDict_SetItem(e->groups, key, group);
    Py_DECREF(group);
    return rc;
}

/* Record the kinds of the field values in key (NOTE(bool-int)). */
static void note_kinds(NativeState *st, IndexEntry *e, PyObject *key)
{
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(key) && i < 64; i++) {
        PyObject *v = PyTuple_GET_ITEM(key, i);
        if (Py_IS_TYPE(v, &PyBool_Type)) {
            e->col_bool |= (uint64_t)1 << i;
        } else if (!Py_IS_TYPE(v, st->model_value_type)) {
            e->col_other |= (uint64_t)1 << i;
        }
    }
}

/* Whether some value looked up is compound and holds a Boolean, 0 or 1 (then Python may
 * have matched it with a different TLA+ value: scalars are the kinds' business). */
static int compound_values(NativeState *st, PyObject *values)
{
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(values); i++) {
        PyObject *v = PyTuple_GET_ITEM(values, i);
        PyTypeObject *t = Py_TYPE(v);
        if (t == &PyUnicode_Type || t == &PyLong_Type || t == &PyBool_Type ||
            t == st->model_value_type) {
            continue;
        }
        int mc = may_conflate(st, v);
        if (mc != 0) {
            return mc;
        }
    }
    return 0;
}

/* Whether comparing values[i] with some element's field i would compare a Boolean with a
 * non-Boolean (fields beyond the 64th: assumed). */
static int kinds_clash(NativeState *st, const IndexEntry *e, PyObject *values)
{
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(values); i++) {
        PyObject *v = PyTuple_GET_ITEM(values, i);
        if (Py_IS_TYPE(v, st->model_value_type)) {
            continue;
        }
        uint64_t against = Py_IS_TYPE(v, &PyBool_Type) ? e->col_other : e->col_bool;
        if (i >= 64 || (against >> i) & 1) {
            return 1;
        }
    }
    return 0;
}

static int add_bad_prefix(IndexEntry *e, PyObject *prefix)
{
    Py_ssize_t n = PyTuple_GET_SIZE(prefix);
    e->bad_lengths |= n < 64 ? (uint64_t)1 << n : 0;
    if (e->bad == NULL && (e->bad = PySet_New(NULL)) == NULL) {
        return -1;
    }
    if (n > 0 && e->bad_heads == NULL && (e->bad_heads = PySet_New(NULL)) == NULL) {
        return -1;
    }
    if (n > 0 && PySet_Add(e->bad_heads, PyTuple_GET_ITEM(prefix, 0)) < 0) {
        return -1;
    }
    return PySet_Add(e->bad, prefix);
}

/* File x under its key: appended to its group, or its bad prefix recorded. */
static int file_element(NativeState *st, IndexEntry *e, FieldPositions *p, PyObject *x)
{
    PyObject *key = element_key(st, p, x, e->fields);
    if (key == NULL) {
        return -1;
    }
    note_kinds(st, e, key);
    int rc = PyTuple_GET_SIZE(key) == PyTuple_GET_SIZE(e->fields)
                 ? add_to_group(st, e, key, x)
                 : add_bad_prefix(e, key);
    Py_DECREF(key);
    return rc;
}

/* The groups' lists become tuples of their elements in canonical order: what lookups
 * return, and immutable (the key a group was filed under, first in its list, is not
 * kept: lookups that need it read it off the first element). Sorting each group rather
 * than the whole set first costs far fewer comparisons of (deep) records: most groups
 * hold one or two elements. */
static int freeze_groups(NativeState *st, PyObject *groups)
{
    Py_ssize_t pos = 0;
    PyObject *key, *list;
    while (PyDict_Next(groups, &pos, &key, &list)) {
        Py_ssize_t n = PyList_GET_SIZE(list);
        PyObject *tuple;
        if (n == 2) {
            tuple = PyTuple_Pack(1, PyList_GET_ITEM(list, 1));
        } else {
            PyObject *elements = PyList_GetSlice(list, 1, n);
            if (elements == NULL || canon_sort_list(st, elements) < 0) {
                Py_XDECREF(elements);
                return -1;
            }
            tuple = PyList_AsTuple(elements);
            Py_DECREF(elements);
        }
        /* Replacing the value of an existing key is allowed while iterating. */
        if (tuple == NULL || PyDict_SetItem(groups, key, tuple) < 0) {
            Py_XDECREF(tuple);
            return -1;
        }
        Py_DECREF(tuple);
    }
    return 0;
}

static void release_entry(IndexEntry *e)
{
    Py_CLEAR(e->set);
    Py_CLEAR(e->fields);
    Py_CLEAR(e->groups);
    Py_CLEAR(e->bad);
    Py_CLEAR(e->bad_heads);
    e->bad_lengths = 0;
    e->col_bool = e->col_other = 0;
    e->conflated = 0;
}

/* File each element of s in *e, in the set's own order (groups are sorted after). */
static int file_elements(NativeState *st, IndexEntry *e, PyObject *s)
{
    size_t nf = (size_t)PyTuple_GET_SIZE(e->fields);
    FieldPositions p = {NULL, 0, PyMem_Malloc((nf + 1) * sizeof(Py_ssize_t))};
    if (p.at == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    SetWalk w = set_walk(s);
    PyObject *x;
    int rc = 0;
    while (rc == 0 && (x = set_walk_next(&w)) != NULL) {
        rc = file_element(st, e, &p, x);
    }
    if (set_walk_end(&w) < 0) {
        rc = -1;
    }
    PyMem_Free(p.at);
    return rc;
}

/* Build the index of (s, fields) into *e (zeroed): 0, or -1 with an exception set. */
static int build_entry(NativeState *st, PyObject *s, PyObject *fields, IndexEntry *e)
{
    e->set = Py_NewRef(s);
    e->fields = Py_NewRef(fields);
    e->groups = PyDict_New();
    int rc = e->groups == NULL ? -1 : file_elements(st, e, s);
    if (rc == 0) {
        rc = freeze_groups(st, e->groups);
    }
    if (rc < 0) {
        release_entry(e);
    }
    return rc;
}

/* Whether values[:n] is a bad prefix for some n: 1, 0, or -1 with an exception set.
 * Non-empty prefixes are looked for only when values[0] begins one (no tuple slicing for
 * the common miss). */
static int hits_bad_prefix(const IndexEntry *e, PyObject *bad, PyObject *bad_heads,
                           PyObject *values)
{
    Py_ssize_t nf = PyTuple_GET_SIZE(values);
    int heads_checked = 0;
    for (Py_ssize_t n = 0; n < nf; n++) {
        if (!bad_length_possible(e, n)) {
            continue;
        }
        if (n > 0 && !heads_checked) {
            heads_checked = 1;
            PyObject *head = PyTuple_GET_ITEM(values, 0);
            int begins = bad_heads == NULL ? 0 : PySet_Contains(bad_heads, head);
            if (begins <= 0) {
                return begins;
            }
        }
        PyObject *prefix = PyTuple_GetSlice(values, 0, n);
        int found = prefix == NULL ? -1 : PySet_Contains(bad, prefix);
        Py_XDECREF(prefix);
        if (found != 0) {
            return found;
        }
    }
    return 0;
}

/* The lookup in entry e (whose objects the caller keeps alive). */
static PyObject *lookup_entry(NativeState *st, const IndexEntry *e, PyObject *values)
{
    if (e->conflated || kinds_clash(st, e, values)) {
        return Py_NewRef(Py_None);
    }
    if (e->bad != NULL) {
        int hit = hits_bad_prefix(e, e->bad, e->bad_heads, values);
        if (hit != 0) {
            return hit < 0 ? NULL : Py_NewRef(Py_None);
        }
    }
    PyObject *group = PyDict_GetItemWithError(e->groups, values);
    if (group == NULL) {
        return PyErr_Occurred() ? NULL : PyTuple_New(0);
    }
    Py_INCREF(group);
    int m = compound_values(st, values);
    if (m > 0) { /* <<1>> may have found the group of <<TRUE>>: compare with its key */
        FieldPositions p = {NULL, 0, PyMem_Malloc(((size_t)PyTuple_GET_SIZE(values) + 1) *
                                                  sizeof(Py_ssize_t))};
        PyObject *filed = p.at == NULL ? PyErr_NoMemory()
                                       : element_key(st, &p, PyTuple_GET_ITEM(group, 0),
                                                     e->fields);
        m = filed == NULL ? -1 : differ(st, filed, values);
        Py_XDECREF(filed);
        PyMem_Free(p.at);
    }
    PyObject *result = m < 0 ? NULL : m > 0 ? Py_NewRef(Py_None) : Py_NewRef(group);
    Py_DECREF(group);
    return result;
}

static inline IndexEntry *index_slot(NativeState *st, PyObject *s, PyObject *fields)
{
    uint64_t h = fmix64((uint64_t)(uintptr_t)s ^ rotl64((uint64_t)(uintptr_t)fields, 32));
    return &st->index_cache[h & (INDEX_CACHE_SIZE - 1)];
}

/* A lookup that builds the index: the new entry replaces the slot's old one. */
static PyObject *lookup_new(NativeState *st, PyObject *s, PyObject *fields, PyObject *values)
{
    IndexEntry fresh = {0};
    if (build_entry(st, s, fields, &fresh) < 0) {
        return NULL;
    }
    PyObject *result = lookup_entry(st, &fresh, values);
    if (st->index_cache == NULL) { /* the module is being torn down: nothing to cache in */
        release_entry(&fresh);
        return result;
    }
    /* Read the slot only now: building may have run Python code that refilled it. */
    IndexEntry *slot = index_slot(st, s, fields);
    IndexEntry old = *slot;
    *slot = fresh;
    release_entry(&old);
    return result;
}

/* A lookup in a cached entry; its objects are held during the lookup, which may run
 * Python code (hash and equality of the values) that replaces the entry. */
static PyObject *lookup_cached(NativeState *st, IndexEntry *slot, PyObject *values)
{
    IndexEntry held = *slot;
    Py_INCREF(held.groups);
    Py_XINCREF(held.bad);
    Py_XINCREF(held.bad_heads);
    PyObject *result = lookup_entry(st, &held, values);
    Py_DECREF(held.groups);
    Py_XDECREF(held.bad);
    Py_XDECREF(held.bad_heads);
    return result;
}

static int check_lookup_args(PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_Format(PyExc_TypeError, "index_lookup() takes 3 positional arguments (%zd given)",
                     nargs);
        return -1;
    }
    if (!PyFrozenSet_Check(args[0]) || !PyTuple_Check(args[1]) || !PyTuple_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError,
                        "index_lookup(s, fields, values) expects a frozenset and two tuples");
        return -1;
    }
    if (PyTuple_GET_SIZE(args[1]) != PyTuple_GET_SIZE(args[2])) {
        PyErr_SetString(PyExc_ValueError, "index_lookup: fields and values differ in length");
        return -1;
    }
    return 0;
}

PyObject *native_index_lookup(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    NativeState *st = get_state(module);
    if (require_configured(st) < 0 || check_lookup_args(args, nargs) < 0) {
        return NULL;
    }
    return index_lookup_in(st, args[0], args[1], args[2]);
}

PyObject *index_lookup_in(NativeState *st, PyObject *s, PyObject *fields, PyObject *values)
{
    if (st->index_cache != NULL) {
        IndexEntry *slot = index_slot(st, s, fields);
        if (slot->set == s && slot->fields == fields) {
            return lookup_cached(st, slot, values);
        }
    }
    return lookup_new(st, s, fields, values);
}

/* ------------------------------------------------------------------------------------ */
/* The cache's life cycle (NOTE(index-cache))                                           */

int index_cache_init(NativeState *st)
{
    st->index_cache = PyMem_Calloc(INDEX_CACHE_SIZE, sizeof(IndexEntry));
    if (st->index_cache == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

void index_cache_reset(NativeState *st)
{
    for (size_t i = 0; st->index_cache != NULL && i < INDEX_CACHE_SIZE; i++) {
        IndexEntry old = st->index_cache[i];
        memset(&st->index_cache[i], 0, sizeof(IndexEntry));
        release_entry(&old);
    }
}

void index_cache_free(NativeState *st)
{
    index_cache_reset(st);
    PyMem_Free(st->index_cache);
    st->index_cache = NULL;
}

int index_cache_traverse(NativeState *st, visitproc visit, void *arg)
{
    for (size_t i = 0; st->index_cache != NULL && i < INDEX_CACHE_SIZE; i++) {
        IndexEntry *e = &st->index_cache[i];
        Py_VISIT(e->set);
        Py_VISIT(e->fields);
        Py_VISIT(e->groups);
        Py_VISIT(e->bad);
        Py_VISIT(e->bad_heads);
    }
    return 0;
}
