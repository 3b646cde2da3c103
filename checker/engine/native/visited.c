/* The Python type VisitedSet over the table of visited_table.c: argument conversion,
 * methods, and the batch insertion that prefetches ahead. */

#include "visited.h"

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
    if (vs_init(s) < 0) {
        Py_DECREF(s);
        return NULL;
    }
    return (PyObject *)s;
}

static void vs_dealloc(PyObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    vs_release((VisitedSet *)self);
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

/* The fingerprint of a value, computed with the module state of self's type. */
static int value_fp(PyObject *self, PyObject *value, uint64_t *fp)
{
    NativeState *st = PyType_GetModuleState(Py_TYPE(self));
    if (st == NULL || require_configured(st) < 0) {
        return -1;
    }
    return fp_state(st, value, fp);
}

/* add(fingerprint(value), parent, action) in one call: the value first, as Python would. */
static PyObject *vs_add_value(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    uint64_t fp;
    uint32_t parent;
    uint16_t action;
    if (check_nargs("add_value", nargs, 3) < 0 || value_fp(self, args[0], &fp) < 0 ||
        arg_parent(args[1], &parent) < 0 || arg_action(args[2], &action) < 0) {
        return NULL;
    }
    int64_t id = vs_add((VisitedSet *)self, fp, parent, action);
    return id == -2 ? NULL : PyLong_FromLongLong(id);
}

/* The action of a successor (label, state): label[0], the label's action site. */
static int successor_parts(PyObject *item, uint16_t *action, PyObject **state)
{
    if (!PyTuple_CheckExact(item) || PyTuple_GET_SIZE(item) != 2 ||
        !PyTuple_Check(PyTuple_GET_ITEM(item, 0)) ||
        PyTuple_GET_SIZE(PyTuple_GET_ITEM(item, 0)) < 1) {
        PyErr_SetString(PyExc_TypeError, "add_next(): a successor is a pair (label, state)");
        return -1;
    }
    *state = PyTuple_GET_ITEM(item, 1);
    return arg_action(PyTuple_GET_ITEM(PyTuple_GET_ITEM(item, 0), 0), action);
}

/* NOTE(add-next): add_next(successors, start, parent) stores the first successor from
 * index `start` on whose fingerprint is not stored yet, and returns its index (its id is
 * len(self) - 1); len(successors) if there is none. The kernel's hot loop over a state's
 * successors (NOTE(plain-rules) in engine/kernel.py) runs here for the successors already
 * visited, which are most of them, and returns to Python for each new one, whose
 * invariants are checked before the next successor is looked at: so the order of the
 * rules, of the states stored and of the errors is exactly that of add_value called on
 * each in turn (an error at a successor is raised when it is reached, the new states
 * before it already returned). */
static PyObject *vs_add_next(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    uint32_t parent;
    if (check_nargs("add_next", nargs, 3) < 0) {
        return NULL;
    }
    PyObject *successors = args[0];
    if (!PyList_CheckExact(successors)) {
        PyErr_SetString(PyExc_TypeError, "add_next() needs a list of (label, state)");
        return NULL;
    }
    Py_ssize_t k = PyLong_AsSsize_t(args[1]);
    if (k == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (k < 0) {
        PyErr_SetString(PyExc_ValueError, "add_next(): start must not be negative");
        return NULL;
    }
    NativeState *st = PyType_GetModuleState(Py_TYPE(self));
    if (arg_parent(args[2], &parent) < 0 || st == NULL || require_configured(st) < 0) {
        return NULL;
    }
    for (; k < PyList_GET_SIZE(successors); k++) {
        PyObject *item = Py_NewRef(PyList_GET_ITEM(successors, k));
        uint16_t action;
        PyObject *state;
        uint64_t fp;
        int64_t id = -2;
        if (successor_parts(item, &action, &state) == 0 && fp_state(st, state, &fp) == 0) {
            id = vs_add((VisitedSet *)self, fp, parent, action);
        }
        Py_DECREF(item);
        if (id == -2) {
            return NULL;
        }
        if (id >= 0) {
            return PyLong_FromSsize_t(k);
        }
    }
    return PyLong_FromSsize_t(PyList_GET_SIZE(successors));
}

static PyObject *vs_contains_value(PyObject *self, PyObject *value)
{
    uint64_t fp;
    if (value_fp(self, value, &fp) < 0) {
        return NULL;
    }
    return PyBool_FromLong(vs_find((VisitedSet *)self, fp) >= 0);
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

static PyObject *vs_min_gap_method(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    uint64_t gap;
    return vs_min_gap((VisitedSet *)self, &gap) < 0 ? NULL : PyLong_FromUnsignedLongLong(gap);
}

/* NOTE(checkpoint): the dense arrays as they are in memory (native byte order), for a
 * checkpoint; restore() adds them back to an empty set, refusing anything a search could
 * not have stored (a parent not before its child, a fingerprint twice). */
static PyObject *vs_dump(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    VisitedSet *s = (VisitedSet *)self;
    size_t n = s->count;
    return Py_BuildValue("(y#y#y#)", (const char *)s->fps, (Py_ssize_t)(n * sizeof(uint64_t)),
                         (const char *)s->parents, (Py_ssize_t)(n * sizeof(uint32_t)),
                         (const char *)s->actions, (Py_ssize_t)(n * sizeof(uint16_t)));
}

static int restore_buffers(VisitedSet *s, const Py_buffer *fps, const Py_buffer *parents,
                           const Py_buffer *actions)
{
    Py_ssize_t n = fps->len / (Py_ssize_t)sizeof(uint64_t);
    if (fps->len % (Py_ssize_t)sizeof(uint64_t) != 0 ||
        parents->len != n * (Py_ssize_t)sizeof(uint32_t) ||
        actions->len != n * (Py_ssize_t)sizeof(uint16_t) || n > (Py_ssize_t)MAX_STATES) {
        PyErr_SetString(PyExc_ValueError, "restore: the arrays differ in length");
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t fp;
        uint32_t parent;
        uint16_t action;
        memcpy(&fp, (const char *)fps->buf + i * (Py_ssize_t)sizeof fp, sizeof fp);
        memcpy(&parent, (const char *)parents->buf + i * (Py_ssize_t)sizeof parent,
               sizeof parent);
        memcpy(&action, (const char *)actions->buf + i * (Py_ssize_t)sizeof action,
               sizeof action);
        int64_t id = vs_add(s, fp, parent, action);
        if (id == -1) {
            PyErr_Format(PyExc_ValueError, "restore: state %zd repeats a fingerprint", i);
        }
        if (id < 0) {
            return -1;
        }
    }
    return 0;
}

static PyObject *vs_restore(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    VisitedSet *s = (VisitedSet *)self;
    if (check_nargs("restore", nargs, 3) < 0) {
        return NULL;
    }
    if (s->count != 0) {
        PyErr_SetString(PyExc_ValueError, "restore: the set is not empty");
        return NULL;
    }
    Py_buffer bufs[3];
    int got = 0;
    int status = 0;
    while (status == 0 && got < 3) {
        status = PyObject_GetBuffer(args[got], &bufs[got], PyBUF_SIMPLE);
        got += status == 0;
    }
    if (status == 0) {
        status = restore_buffers(s, &bufs[0], &bufs[1], &bufs[2]);
    }
    for (int i = 0; i < got; i++) {
        PyBuffer_Release(&bufs[i]);
    }
    if (status < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
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
    {"add_value", (PyCFunction)(void (*)(void))vs_add_value, METH_FASTCALL,
     "add_value(value, parent, action) -> add(fingerprint(value), parent, action)"},
    {"add_next", (PyCFunction)(void (*)(void))vs_add_next, METH_FASTCALL,
     "add_next(successors, start, parent) -> index of the first successor (label, state) "
     "from start on not stored before, now stored (id len(self) - 1); len(successors) if "
     "none (NOTE(add-next))"},
    {"contains_value", vs_contains_value, METH_O,
     "contains_value(value) -> fingerprint(value) in self"},
    {"find", vs_find_method, METH_O, "find(fp) -> state id, or -1 if absent"},
    {"fingerprint", vs_fingerprint, METH_O, "fingerprint(id) -> the state's fingerprint"},
    {"parent", vs_parent, METH_O, "parent(id) -> parent id, NO_PARENT for initial states"},
    {"action", vs_action, METH_O, "action(id) -> index of the action that reached it"},
    {"path", vs_path, METH_O, "path(id) -> ids from an initial state to id"},
    {"memory_bytes", vs_memory_bytes, METH_NOARGS, "bytes allocated for arrays and table"},
    {"bytes_per_state", vs_bytes_per_state, METH_NOARGS, "memory_bytes() / len(self)"},
    {"dump", vs_dump, METH_NOARGS,
     "dump() -> (fingerprints, parents, actions) as bytes, native byte order"},
    {"restore", (PyCFunction)(void (*)(void))vs_restore, METH_FASTCALL,
     "restore(fingerprints, parents, actions): an empty set takes back a dump()"},
    {"min_gap", vs_min_gap_method, METH_NOARGS,
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

PyType_Spec visited_set_spec = {
    .name = "checker._native.VisitedSet",
    .basicsize = sizeof(VisitedSet),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = vs_slots,
};
