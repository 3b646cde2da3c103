/* FastPath: generated code's helpers with their common case in C.
 *
 * NOTE(fast-path): `FastPath(kind, slow)` is a callable (vectorcall) that generated code
 * calls instead of the Python helper `slow` (checker/compile/codegen/runtime.py), with the
 * helper's arguments. It answers the common case itself and calls `slow(*args)` for
 * everything else, so its result is always the helper's:
 *   EXISTS, CANDS, CANDS_EQ, FILTER   field-matching questions on a set (NOTE(scan));
 *   UNION (a, b)          a \cup b of two frozensets;
 *   EXCEPT1 (f, key, new) [f EXCEPT ![key] = new] on a Fcn (a new Fcn with one value
 *                         replaced, or f itself when key is outside its domain).
 */

#include "native.h"

typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    int kind;
    PyObject *slow;
    RecentQuestions recent;
} FastPath;

static const char *const KIND_NAMES[KIND_COUNT] = {"EXISTS", "CANDS", "CANDS_EQ", "FILTER",
                                                   "UNION",  "EXCEPT1"};
static const Py_ssize_t KIND_NARGS[KIND_COUNT] = {4, 5, 4, 4, 2, 3};

static PyObject *union_of(PyObject *const *args, int *deferred)
{
    if (!PyFrozenSet_CheckExact(args[0]) || !PyFrozenSet_CheckExact(args[1])) {
        *deferred = 1;
        return NULL;
    }
    return PyNumber_Or(args[0], args[1]);
}

static PyObject *except_one(NativeState *st, PyObject *const *args, int *deferred)
{
    PyObject *f = args[0], *key = args[1], *new_value = args[2];
    if (Py_TYPE(f) != st->fcn_type) {
        *deferred = 1;
        return NULL;
    }
    PyObject *keys = fcn_keys(f);
    if (keys == NULL) {
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(keys), at = -1;
    for (Py_ssize_t i = 0; i < n && at < 0; i++) {
        int eq = value_eq(st, PyTuple_GET_ITEM(keys, i), key);
        if (eq < 0) {
            return NULL;
        }
        at = eq ? i : at;
    }
    if (at < 0) {
        return Py_NewRef(f);
    }
    Py_ssize_t size = PyTuple_GET_SIZE(f);
    PyObject *g = st->fcn_type->tp_alloc(st->fcn_type, size);
    if (g == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < size; i++) {
        PyObject *item = i == at + 2 ? new_value : PyTuple_GET_ITEM(f, i);
        PyTuple_SET_ITEM(g, i, Py_NewRef(item));
    }
    return g;
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
    if (fp->kind == KIND_UNION) {
        result = union_of(args, &deferred);
    } else if (fp->kind == KIND_EXCEPT1) {
        result = except_one(st, args, &deferred);
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
                        "FastPath(kind, slow): kind is EXISTS, CANDS, CANDS_EQ, FILTER, UNION "
                        "or EXCEPT1 and slow a callable");
        return NULL;
    }
    FastPath *fp = (FastPath *)type->tp_alloc(type, 0);
    if (fp == NULL) {
        return NULL;
    }
    fp->vectorcall = fast_path_vectorcall;
    fp->kind = kind;
    fp->slow = Py_NewRef(slow);
    fp->recent = (RecentQuestions){NULL, NULL, 0};
    return (PyObject *)fp;
}

static int fast_path_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(((FastPath *)self)->slow);
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static int fast_path_clear(PyObject *self)
{
    Py_CLEAR(((FastPath *)self)->slow);
    return 0;
}

static void fast_path_dealloc(PyObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    fast_path_clear(self);
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
