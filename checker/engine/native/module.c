/* The module `checker._native`: its state, `configure`, the method table and the
 * module definition. The functions themselves live in the other files (see native.h). */

#include "native.h"
#include "codec.h"

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
    PyObject *fn_tag = NULL;
    if (!PyArg_ParseTuple(args, "O!O!O!O!|O:configure", &PyType_Type, &fcn, &PyType_Type,
                          &model_value, &PyType_Type, &lazy_set, &PyType_Type, &lazy_fcn,
                          &fn_tag)) {
        return NULL;
    }
    if (fn_tag != NULL && (!PyType_IsSubtype(fcn, &PyTuple_Type) ||
                           fcn->tp_itemsize != (Py_ssize_t)sizeof(PyObject *))) {
        PyErr_SetString(PyExc_TypeError, "configure(): the Fcn type must subclass tuple");
        return NULL;
    }
    NativeState *st = get_state(module);
    Py_XSETREF(st->fn_tag, Py_XNewRef(fn_tag));
    Py_XSETREF(st->fcn_type, (PyTypeObject *)Py_NewRef(fcn));
    Py_XSETREF(st->model_value_type, (PyTypeObject *)Py_NewRef(model_value));
    st->name_offset = slot_offset(model_value, st->str_name);
    Py_XSETREF(st->lazy_set_type, (PyTypeObject *)Py_NewRef(lazy_set));
    Py_XSETREF(st->lazy_fcn_type, (PyTypeObject *)Py_NewRef(lazy_fcn));
    fp_cache_reset(st); /* fingerprints and indexes depend on the registered classes */
    index_cache_reset(st);
    dec_cache_reset(st);
    Py_RETURN_NONE;
}

static PyMethodDef native_methods[] = {
    {"configure", native_configure, METH_VARARGS,
     "configure(fcn_type, model_value_type, lazy_set_type, lazy_fcn_type[, fn_tag]): "
     "register the value classes of checker.values (and FN_TAG, which the codec needs)"},
    {"fingerprint", native_fingerprint, METH_O,
     "fingerprint(value) -> 64-bit fingerprint, equal for equal TLA+ values"},
    {"orbit_cache", native_orbit_cache, METH_NOARGS,
     "orbit_cache() -> a cache for orbit_fingerprint (a capsule)"},
    {"orbit_fingerprint", (PyCFunction)(void (*)(void))native_orbit_fingerprint, METH_FASTCALL,
     "orbit_fingerprint(state, maps, renamers, cache) -> the least fingerprint of the state "
     "and of its images under the permutations (NOTE(orbit-fingerprint))"},
    {"orbit_canonical", (PyCFunction)(void (*)(void))native_orbit_canonical, METH_FASTCALL,
     "orbit_canonical(state, classes, maps, renamers, cache) -> the least fingerprint of the "
     "state's images under the permutations that sort each class by signature "
     "(NOTE(orbit-canonical))"},
    {"canon_sorted", native_canon_sorted, METH_O,
     "canon_sorted(iterable) -> list in the order of checker.values.core.canon_key"},
    {"index_lookup", (PyCFunction)(void (*)(void))native_index_lookup, METH_FASTCALL,
     "index_lookup(s, fields, values) -> tuple of the elements of s (canonical order) whose "
     "fields equal values, or None if evaluating the conjunction over s would raise"},
    {"encode_state", native_encode_state, METH_O,
     "encode_state(value) -> bytes: the compact encoding of a state (NOTE(state-codec))"},
    {"decode_state", native_decode_state, METH_O,
     "decode_state(data) -> value: the inverse of encode_state; ValueError if malformed"},
    {"encode_into", (PyCFunction)(void (*)(void))native_encode_into, METH_FASTCALL,
     "encode_into(buf, value[, memo]) -> int: append the encoding to a bytearray, return "
     "its size; with the chunk's ChunkMemo, repeated parts become references"},
    {"encode_entry", (PyCFunction)(void (*)(void))native_encode_entry, METH_FASTCALL,
     "encode_entry(buf, memo, kept, id, state) -> int: append a frontier's entry (id, state) "
     "as encode_into(buf, (id, state), memo) does, or, for a state the codec cannot encode, "
     "the mark -1 - id with the state appended to kept (NOTE(frontier))"},
    {"decode_from", (PyCFunction)(void (*)(void))native_decode_from, METH_FASTCALL,
     "decode_from(data, offset[, refs]) -> (value, offset just after it); refs: the list "
     "of the chunk's registered values"},
    {"stack_low", native_stack_low, METH_NOARGS,
     "stack_low() -> bool: whether less than a quarter of the running thread's C stack or "
     "of Python's recursion budget is left (NOTE(deep-recursion))"},
    {"stack_used", native_stack_used, METH_NOARGS,
     "stack_used() -> int: the bytes of C stack the running thread uses (0: unknown)"},
    {"stack_size", native_stack_size, METH_NOARGS,
     "stack_size() -> int: the size in bytes of the running thread's C stack (0: unknown)"},
    {"deep_enter", native_deep_enter, METH_O,
     "deep_enter(limit): a deep thread starts: raise the recursion limit to at least limit"},
    {"deep_exit", native_deep_exit, METH_NOARGS,
     "deep_exit(): a deep thread ends: restore the recursion limit after the last one"},
    {"interrupt_thread", native_interrupt_thread, METH_O,
     "interrupt_thread(ident) -> int: raise KeyboardInterrupt in that thread (as Ctrl-C)"},
    {"parent_death_signal", native_parent_death_signal, METH_O,
     "parent_death_signal(sig) -> bool: receive sig when the parent dies (Linux; False "
     "elsewhere)"},
    {"raise_in_thread", (PyCFunction)(void (*)(void))native_raise_in_thread, METH_FASTCALL,
     "raise_in_thread(ident, exc_type, armed) -> int: raise exc_type in that thread if "
     "armed[0] is True, checked atomically (exc_type None: clear its pending one)"},
    {"live_region", native_live_region, METH_VARARGS,
     "live_region(pred, words, states, tests, also) -> bytearray: 1 where every predicate "
     "bit test (bit, value) holds (and also, if not None)"},
    {"live_bfs", native_live_bfs, METH_VARARGS,
     "live_bfs(graph, starts, allowed, forbid) -> (dist, parent, via): breadth-first "
     "distances over the behaviour graph (NOTE(fair-cycles))"},
    {"live_dijkstra", native_live_dijkstra, METH_VARARGS,
     "live_dijkstra(graph, seeds, before, region) -> (dist, parent, via): shortest "
     "distances from seeds at their distances"},
    {"live_fair_component", native_live_fair_component, METH_VARARGS,
     "live_fair_component(graph, region, dist, forbid, need, conditions, accept) -> the "
     "nearest strongly connected set with a fair cycle (sorted list) or None"},
    {"eq", (PyCFunction)(void (*)(void))native_eq, METH_FASTCALL,
     "eq(a, b) -> bool: TLA+ `a = b`; Incomparable where TLC fails (NOTE(bool-int))"},
    {"ne", (PyCFunction)(void (*)(void))native_ne, METH_FASTCALL,
     "ne(a, b) -> bool: TLA+ `a # b`; Incomparable where TLC fails"},
    {"check_same", (PyCFunction)(void (*)(void))native_check_same, METH_FASTCALL,
     "check_same(a, b): for Python-equal a and b, Incomparable if a Boolean of one meets "
     "a non-Boolean of the other"},
    {"same_value", (PyCFunction)(void (*)(void))native_same_value, METH_FASTCALL,
     "same_value(a, b) -> bool: equality that tells Booleans from integers, never raising "
     "Incomparable (for viewers and tests)"},
    {"memo_same", (PyCFunction)(void (*)(void))native_memo_same, METH_FASTCALL,
     "memo_same(entry, key) -> whether a memo entry (stored key, value) is for key as a TLA+ "
     "value too (a dict takes TRUE for 1, NOTE(bool-int))"},
    {"memo_value", (PyCFunction)(void (*)(void))native_memo_value, METH_FASTCALL,
     "memo_value(entry, key) -> the value of a memo entry (stored key, value), Incomparable "
     "if the stored key equals key in Python only (TRUE for 1)"},
    {"may_conflate", native_may_conflate, METH_O,
     "may_conflate(v) -> bool: whether v holds a Boolean or an integer 0 or 1 at any depth"},
    {"member", (PyCFunction)(void (*)(void))native_member, METH_FASTCALL,
     "member(x, s) -> bool: x \\in s for a frozenset s; Incomparable where TLC fails"},
    {"set_of", native_set_of, METH_O,
     "set_of(iterable) -> frozenset of its items; Incomparable if two of them are "
     "a Boolean and an integer Python takes as equal"},
    {"union", (PyCFunction)(void (*)(void))native_union, METH_FASTCALL,
     "union(a, b) -> a | b of two frozensets, checked (NOTE(bool-int))"},
    {"intersection", (PyCFunction)(void (*)(void))native_intersection, METH_FASTCALL,
     "intersection(a, b) -> a & b of two frozensets, checked"},
    {"difference", (PyCFunction)(void (*)(void))native_difference, METH_FASTCALL,
     "difference(a, b) -> a - b of two frozensets, checked"},
    {"subseteq", (PyCFunction)(void (*)(void))native_subseteq, METH_FASTCALL,
     "subseteq(a, b) -> a <= b of two frozensets, checked"},
    {NULL, NULL, 0, NULL},
};

static int native_exec(PyObject *module)
{
    NativeState *st = get_state(module);
    st->str_name = PyUnicode_InternFromString("name");
    st->str_materialize = PyUnicode_InternFromString("materialize");
    if (st->str_name == NULL || st->str_materialize == NULL || fp_cache_init(st) < 0 ||
        index_cache_init(st) < 0 || dec_cache_init(st) < 0) {
        return -1;
    }
    st->incomparable = PyErr_NewExceptionWithDoc(
        "checker._native.Incomparable",
        "Incomparable(left, right, how): TLC would fail comparing a Boolean with a "
        "non-Boolean here; how is 'eq' (equality) or 'order' (sets). NOTE(bool-int)",
        PyExc_Exception, NULL);
    if (st->incomparable == NULL ||
        PyModule_AddObjectRef(module, "Incomparable", st->incomparable) < 0) {
        return -1;
    }
    st->visited_set_type = (PyTypeObject *)PyType_FromModuleAndSpec(module, &visited_set_spec, NULL);
    if (st->visited_set_type == NULL ||
        PyModule_AddObjectRef(module, "VisitedSet", (PyObject *)st->visited_set_type) < 0) {
        return -1;
    }
    st->chunk_memo_type = (PyTypeObject *)PyType_FromModuleAndSpec(module, &chunk_memo_spec, NULL);
    if (st->chunk_memo_type == NULL ||
        PyModule_AddObjectRef(module, "ChunkMemo", (PyObject *)st->chunk_memo_type) < 0) {
        return -1;
    }
    PyObject *reader = PyType_FromModuleAndSpec(module, &chunk_reader_spec, NULL);
    int ok = reader == NULL ? -1 : PyModule_AddObjectRef(module, "ChunkReader", reader);
    Py_XDECREF(reader);
    if (ok < 0) {
        return -1;
    }
    PyObject *fast_path = PyType_FromModuleAndSpec(module, &fast_path_spec, NULL);
    int added = fast_path == NULL ? -1 : PyModule_AddObjectRef(module, "FastPath", fast_path);
    Py_XDECREF(fast_path);
    if (added < 0) {
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
    Py_VISIT(st->chunk_memo_type);
    Py_VISIT(st->fn_tag);
    Py_VISIT(st->incomparable);
    int rc = fp_cache_traverse(st, visit, arg);
    rc = rc != 0 ? rc : index_cache_traverse(st, visit, arg);
    return rc != 0 ? rc : dec_cache_traverse(st, visit, arg);
}

static int native_clear(PyObject *module)
{
    NativeState *st = get_state(module);
    Py_CLEAR(st->fcn_type);
    Py_CLEAR(st->model_value_type);
    Py_CLEAR(st->lazy_set_type);
    Py_CLEAR(st->lazy_fcn_type);
    Py_CLEAR(st->visited_set_type);
    Py_CLEAR(st->chunk_memo_type);
    Py_CLEAR(st->fn_tag);
    Py_CLEAR(st->incomparable);
    Py_CLEAR(st->str_name);
    Py_CLEAR(st->str_materialize);
    fp_cache_free(st);
    index_cache_free(st);
    dec_cache_free(st);
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
    .m_doc = "Fingerprints, canonical order, the visited-state store, field indexes and the state codec.",
    .m_size = sizeof(NativeState),
    .m_methods = native_methods,
    .m_slots = native_slots,
    .m_traverse = native_traverse,
    .m_clear = native_clear,
    .m_free = native_free,
};

PyMODINIT_FUNC PyInit__native(void) { return PyModuleDef_Init(&native_module); }
