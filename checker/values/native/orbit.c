/* Fingerprints of values with their model values renamed, for SYMMETRY.
 *
 * NOTE(orbit-fingerprint): `orbit_fingerprint(state, maps, renamers, cache)` is the least of
 * fingerprint(state) and, for each permutation i (maps[i]: a dict from model value to model
 * value), fingerprint(renamers[i].state(state)): the state's image under it. The images are
 * not built: the fingerprint of an image is computed from the original value, as
 * fingerprint.c computes it (NOTE(fingerprint)) on the image: a model value contributes its
 * image's name; sequences fold their parts in order; a set adds up its elements' images'
 * contributions (the order never matters, and renaming is injective, so the size stays); a
 * function folds (key, value) in the canonical order of the renamed keys: kept where no key
 * is a model value or holds one, sorted by name where every key is a model value, and
 * otherwise found by building the renamed keys with the Python renamer and sorting them
 * canonically. Python's checker/compile/symmetry.py computes the same value with the images
 * built (tests compare the two).
 *
 * Images of compound values are cached per (object, permutation) in the caller's cache (a
 * capsule from `orbit_cache()`), a direct-mapped table holding a strong reference to each
 * object, as the fingerprint cache does (NOTE(fingerprint-cache)).
 */

#include "native.h"

#define ORBIT_CACHE_BITS 16
#define ORBIT_CAPSULE "checker.orbit_cache"


typedef struct {
    ImageWalk walk;   /* first: a Ren is the walk's owner */
    PyObject *map;    /* borrowed: dict ModelValue -> ModelValue */
    PyObject *rename; /* borrowed: the Python renamer (for keys that hold model values) */
} Ren;

static void orbit_cache_free(PyObject *capsule)
{
    OrbitEntry *e = PyCapsule_GetPointer(capsule, ORBIT_CAPSULE);
    if (e == NULL) {
        return;
    }
    for (size_t i = 0; i < (size_t)1 << ORBIT_CACHE_BITS; i++) {
        Py_CLEAR(e[i].obj);
    }
    PyMem_Free(e);
}

PyObject *native_orbit_cache(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    OrbitEntry *e = PyMem_Calloc((size_t)1 << ORBIT_CACHE_BITS, sizeof(OrbitEntry));
    if (e == NULL) {
        return PyErr_NoMemory();
    }
    PyObject *capsule = PyCapsule_New(e, ORBIT_CAPSULE, orbit_cache_free);
    if (capsule == NULL) {
        PyMem_Free(e);
    }
    return capsule;
}

static inline OrbitEntry *orbit_slot(OrbitEntry *cache, PyObject *v, Py_ssize_t key)
{
    uint64_t h = ((uint64_t)(uintptr_t)v ^ ((uint64_t)key * K_MUL1)) * K_GOLDEN;
    return &cache[h >> (64 - ORBIT_CACHE_BITS)];
}

static int rn_model_value(ImageWalk *w, PyObject *v, uint64_t *out)
{
    Ren *r = (Ren *)w;
    PyObject *image = PyDict_GetItemWithError(r->map, v); /* borrowed */
    if (image == NULL && PyErr_Occurred()) {
        return -1;
    }
    return fp_value(w->st, image != NULL ? image : v, out);
}

int image_walk_tuple(ImageWalk *w, PyObject *t, uint64_t *out)
{
    Py_ssize_t n = PyTuple_GET_SIZE(t);
    uint64_t h = fp_combine(fp_start(TAG_SEQ), (uint64_t)n);
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t e;
        if (image_walk_value(w, PyTuple_GET_ITEM(t, i), &e) < 0) {
            return -1;
        }
        h = fp_combine(h, e);
    }
    *out = h;
    return 0;
}

static int walk_set(ImageWalk *w, PyObject *s, uint64_t *out)
{
    uint64_t sum = 0;
    SetWalk sw = set_walk(s);
    PyObject *e;
    while ((e = set_walk_next(&sw)) != NULL) {
        uint64_t fe;
        if (image_walk_value(w, e, &fe) < 0) {
            set_walk_end(&sw);
            return -1;
        }
        sum += fp_set_elem(fe);
    }
    if (set_walk_end(&sw) < 0) {
        return -1;
    }
    *out = fp_combine(fp_combine(fp_start(TAG_SET), (uint64_t)PySet_GET_SIZE(s)), sum);
    return 0;
}

static int walk_compound(ImageWalk *w, PyObject *v, uint64_t *out)
{
    if (orbit_cached(w->cache, v, w->key, out)) {
        return 0;
    }
    if (native_stack_exhausted() || Py_EnterRecursiveCall(" while fingerprinting a TLA+ value")) {
        return -1;
    }
    PyTypeObject *t = Py_TYPE(v);
    int rc;
    if (t == &PyTuple_Type) {
        rc = image_walk_tuple(w, v, out);
    } else if (t == w->st->fcn_type) {
        rc = w->fcn(w, v, out);
    } else if (t == &PyFrozenSet_Type) {
        rc = walk_set(w, v, out);
    } else if (is_lazy_set(w->st, v) || is_lazy_fcn(w->st, v)) {
        PyObject *m = materialize(w->st, v);
        rc = m == NULL ? -1 : image_walk_value(w, m, out);
        Py_XDECREF(m);
    } else {
        PyErr_Format(PyExc_TypeError, "cannot fingerprint a value of type %.200s",
                     t->tp_name);
        rc = -1;
    }
    Py_LeaveRecursiveCall();
    if (rc == 0) {
        orbit_remember(w->cache, v, w->key, *out);
    }
    return rc;
}

int image_walk_value(ImageWalk *w, PyObject *v, uint64_t *out)
{
    PyTypeObject *t = Py_TYPE(v);
    if (t == &PyLong_Type || t == &PyUnicode_Type || t == &PyBool_Type) {
        return fp_value(w->st, v, out);
    }
    if (t == w->st->model_value_type) {
        return w->model_value(w, v, out);
    }
    return walk_compound(w, v, out);
}

/* How a function's keys are renamed: 0 none is or holds a model value, 1 all are model
 * values, 2 otherwise. */
static int key_kind(Ren *r, PyObject *keys)
{
    Py_ssize_t n = PyTuple_GET_SIZE(keys);
    int all_mv = 1, any_compound = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyTypeObject *t = Py_TYPE(PyTuple_GET_ITEM(keys, i));
        if (t != r->walk.st->model_value_type) {
            all_mv = 0;
            if (t != &PyLong_Type && t != &PyUnicode_Type && t != &PyBool_Type) {
                any_compound = 1;
            }
        }
    }
    if (all_mv) {
        return 1;
    }
    if (!any_compound) {
        int has_mv = 0;
        for (Py_ssize_t i = 0; i < n && !has_mv; i++) {
            has_mv = Py_TYPE(PyTuple_GET_ITEM(keys, i)) == r->walk.st->model_value_type;
        }
        return has_mv ? 2 : 0;
    }
    return 2;
}

/* The renamed keys (new references in a new list), as [(renamed key, index), ...] sorted
 * canonically: the order of the image's entries. */
static PyObject *renamed_order(Ren *r, PyObject *keys, int kind)
{
    Py_ssize_t n = PyTuple_GET_SIZE(keys);
    PyObject *list = PyList_New(n);
    if (list == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *k = PyTuple_GET_ITEM(keys, i);
        PyObject *image;
        if (kind == 1) {
            image = PyDict_GetItemWithError(r->map, k);
            if (image == NULL && PyErr_Occurred()) {
                Py_DECREF(list);
                return NULL;
            }
            image = Py_NewRef(image != NULL ? image : k);
        } else {
            image = PyObject_CallOneArg(r->rename, k);
            if (image == NULL) {
                Py_DECREF(list);
                return NULL;
            }
        }
        PyObject *index = PyLong_FromSsize_t(i);
        PyObject *pair = index == NULL ? NULL : PyTuple_Pack(2, image, index);
        Py_DECREF(image);
        Py_XDECREF(index);
        if (pair == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, i, pair);
    }
    if (canon_sort_list(r->walk.st, list) < 0) {
        Py_DECREF(list);
        return NULL;
    }
    return list;
}

static int rn_entry(Ren *r, PyObject *f, PyObject *keys, Py_ssize_t i, uint64_t *h)
{
    uint64_t k, v;
    if (image_walk_value(&r->walk, PyTuple_GET_ITEM(keys, i), &k) < 0 ||
        image_walk_value(&r->walk, PyTuple_GET_ITEM(f, i + 2), &v) < 0) {
        return -1;
    }
    *h = fp_combine(fp_combine(*h, k), v);
    return 0;
}

static int rn_fcn(ImageWalk *w, PyObject *f, uint64_t *out)
{
    Ren *r = (Ren *)w;
    PyObject *keys = fcn_keys(f);
    if (keys == NULL) {
        return -1;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(keys);
    uint64_t h = fp_combine(fp_start(TAG_FCN), (uint64_t)n);
    int kind = key_kind(r, keys);
    if (kind == 0) {
        for (Py_ssize_t i = 0; i < n; i++) {
            if (rn_entry(r, f, keys, i, &h) < 0) {
                return -1;
            }
        }
        *out = h;
        return 0;
    }
    PyObject *order = renamed_order(r, keys, kind);
    if (order == NULL) {
        return -1;
    }
    int rc = 0;
    for (Py_ssize_t j = 0; j < n && rc == 0; j++) {
        PyObject *index = PyTuple_GET_ITEM(PyList_GET_ITEM(order, j), 1);
        rc = rn_entry(r, f, keys, PyLong_AsSsize_t(index), &h);
    }
    Py_DECREF(order);
    *out = h;
    return rc;
}

OrbitEntry *orbit_table(PyObject *capsule) { return PyCapsule_GetPointer(capsule, ORBIT_CAPSULE); }

int orbit_cached(OrbitEntry *cache, PyObject *v, Py_ssize_t key, uint64_t *out)
{
    OrbitEntry *slot = orbit_slot(cache, v, key);
    if (slot->obj == v && slot->perm == key) {
        *out = slot->fp;
        return 1;
    }
    return 0;
}

void orbit_remember(OrbitEntry *cache, PyObject *v, Py_ssize_t key, uint64_t fp)
{
    if (Py_REFCNT(v) <= 1) {
        return;
    }
    OrbitEntry *slot = orbit_slot(cache, v, key);
    PyObject *old = slot->obj;
    slot->obj = Py_NewRef(v);
    slot->perm = key;
    slot->fp = fp;
    Py_XDECREF(old); /* last: a destructor run from here sees a consistent cache */
}

int orbit_image_fp(NativeState *st, PyObject *state, PyObject *map, PyObject *rename,
                   Py_ssize_t perm, OrbitEntry *cache, uint64_t *out)
{
    if (!PyDict_CheckExact(map)) {
        PyErr_SetString(PyExc_TypeError, "orbit_fingerprint: a map is not a dict");
        return -1;
    }
    Ren r = {{st, cache, perm, rn_model_value, rn_fcn}, map, rename};
    return image_walk_tuple(&r.walk, state, out);
}

/* orbit_fingerprint(state, maps, renamers, cache) (NOTE(orbit-fingerprint)). */
PyObject *native_orbit_fingerprint(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    NativeState *st = get_state(module);
    if (require_configured(st) < 0) {
        return NULL;
    }
    if (nargs != 4 || !PyTuple_CheckExact(args[0]) || !PyTuple_CheckExact(args[1]) ||
        !PyTuple_CheckExact(args[2]) || PyTuple_GET_SIZE(args[1]) != PyTuple_GET_SIZE(args[2])) {
        PyErr_SetString(PyExc_TypeError,
                        "orbit_fingerprint(state, maps, renamers, cache): tuples of equal size");
        return NULL;
    }
    OrbitEntry *cache = orbit_table(args[3]);
    if (cache == NULL) {
        return NULL;
    }
    PyObject *state = args[0];
    uint64_t best;
    if (fp_state(st, state, &best) < 0) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(args[1]); i++) {
        uint64_t h;
        if (orbit_image_fp(st, state, PyTuple_GET_ITEM(args[1], i), PyTuple_GET_ITEM(args[2], i),
                           i, cache, &h) < 0) {
            return NULL;
        }
        if (h < best) {
            best = h;
        }
    }
    return PyLong_FromUnsignedLongLong(best);
}
