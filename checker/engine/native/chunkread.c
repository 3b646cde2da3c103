/* ChunkReader: the entries of one frontier chunk, decoded one at a time by iteration in C
 * (NOTE(frontier) in checker/engine/frontier.py, NOTE(chunk-refs) in codec.c).
 *
 * NOTE(chunk-reader): a chunk is a run of encoded entries `(id, state)`; an entry the codec
 * could not encode is the int -1 - id, its state kept as an object in the chunk's `kept`
 * list, in order. Reading a level is the search's hot loop, so the reader is an iterator
 * whose __next__ decodes the next entry in place: no call of decode_from, no (value,
 * offset) pair, no Python generator per entry. It holds the chunk's buffer (a view, so a
 * bytearray cannot be resized under it), the list of the chunk's registered values and
 * the kept states, and drops all three as soon as the last entry is read, so a level
 * being read gives its memory back chunk by chunk. A malformed chunk raises ValueError,
 * as decode_from does; a marker with no kept state left is malformed too.
 */

#include "codec.h"

typedef struct {
    PyObject_HEAD
    Py_buffer view;   /* the chunk's bytes; view.obj NULL once released */
    Py_ssize_t pos;   /* offset of the next entry */
    PyObject *refs;   /* list: the chunk's registered values so far */
    PyObject *kept;   /* list: the states kept as objects, in order */
    Py_ssize_t taken; /* how many of them were read */
} ChunkReader;

static void reader_release(ChunkReader *r)
{
    if (r->view.obj != NULL) {
        PyBuffer_Release(&r->view);
        r->view.obj = NULL;
    }
    Py_CLEAR(r->refs);
    Py_CLEAR(r->kept);
}

static PyObject *reader_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *data, *kept;
    static char *keywords[] = {"data", "kept", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO!:ChunkReader", keywords, &data,
                                     &PyList_Type, &kept)) {
        return NULL;
    }
    NativeState *st = PyType_GetModuleState(type);
    if (st == NULL || require_codec(st) < 0) {
        return NULL;
    }
    ChunkReader *r = (ChunkReader *)type->tp_alloc(type, 0);
    if (r == NULL) {
        return NULL;
    }
    r->view.obj = NULL;
    if (PyObject_GetBuffer(data, &r->view, PyBUF_SIMPLE) < 0) {
        r->view.obj = NULL;
        Py_DECREF(r);
        return NULL;
    }
    r->refs = PyList_New(0);
    if (r->refs == NULL) {
        Py_DECREF(r);
        return NULL;
    }
    r->kept = Py_NewRef(kept);
    return (PyObject *)r;
}

/* The entry for the marker `item` (an int, -1 - id): (id, the next kept state). */
static PyObject *kept_entry(ChunkReader *r, PyObject *item)
{
    PyObject *minus_one = PyLong_FromLong(-1);
    PyObject *id = minus_one == NULL ? NULL : PyNumber_Subtract(minus_one, item);
    Py_XDECREF(minus_one);
    if (id == NULL) {
        return NULL;
    }
    if (r->taken >= PyList_GET_SIZE(r->kept)) {
        Py_DECREF(id);
        PyErr_SetString(PyExc_ValueError, "malformed chunk: a kept state's mark without it");
        return NULL;
    }
    PyObject *state = PyList_GET_ITEM(r->kept, r->taken);
    r->taken++;
    PyObject *entry = PyTuple_Pack(2, id, state);
    Py_DECREF(id);
    return entry;
}

static PyObject *reader_next(PyObject *self)
{
    ChunkReader *r = (ChunkReader *)self;
    if (r->view.obj == NULL) {
        return NULL;
    }
    if (r->pos >= r->view.len) {
        reader_release(r); /* the last entry was read: the chunk's memory goes now */
        return NULL;
    }
    NativeState *st = PyType_GetModuleState(Py_TYPE(self));
    if (st == NULL) {
        return NULL;
    }
    const unsigned char *base = (const unsigned char *)r->view.buf;
    const unsigned char *p = base + r->pos;
    PyObject *item = codec_decode_next(st, &p, base + r->view.len, r->refs);
    if (item == NULL) {
        reader_release(r); /* a malformed chunk is not read further */
        return NULL;
    }
    r->pos = p - base;
    if (!PyLong_CheckExact(item)) {
        return item;
    }
    PyObject *entry = kept_entry(r, item);
    Py_DECREF(item);
    if (entry == NULL) {
        reader_release(r);
    }
    return entry;
}

static int reader_traverse(PyObject *self, visitproc visit, void *arg)
{
    ChunkReader *r = (ChunkReader *)self;
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(r->refs);
    Py_VISIT(r->kept);
    return 0;
}

static int reader_clear(PyObject *self)
{
    reader_release((ChunkReader *)self);
    return 0;
}

static void reader_dealloc(PyObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    reader_release((ChunkReader *)self);
    type->tp_free(self);
    Py_DECREF(type);
}

static PyType_Slot reader_slots[] = {
    {Py_tp_new, reader_new},
    {Py_tp_dealloc, reader_dealloc},
    {Py_tp_traverse, reader_traverse},
    {Py_tp_clear, reader_clear},
    {Py_tp_iter, PyObject_SelfIter},
    {Py_tp_iternext, reader_next},
    {Py_tp_doc, "ChunkReader(data, kept): iterate over the entries (id, state) of one "
                "frontier chunk, each decoded as it is reached; an entry marked as kept is "
                "(id, the next state of kept) (NOTE(chunk-reader))"},
    {0, NULL},
};

PyType_Spec chunk_reader_spec = {
    .name = "checker._native.ChunkReader",
    .basicsize = sizeof(ChunkReader),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = reader_slots,
};
