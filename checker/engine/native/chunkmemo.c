/* ChunkMemo: the values already written in one chunk of encoded states, so that a value met
 * again is written as a reference (NOTE(chunk-refs) in codec.c).
 *
 * An open-addressing table of (hash of the encoding, where it is, its length, its number);
 * the bytes themselves stay in the chunk (a bytearray the memo is bound to on first use)
 * or, for the value being encoded, in the codec's writer. No Python objects are held but
 * the chunk, so the memo keeps nothing of the states alive.
 */

#include "native.h"

typedef struct {
    uint64_t hash;
    Py_ssize_t offset; /* in the chunk, counting the writer's bytes as if appended */
    Py_ssize_t length;
    Py_ssize_t number; /* the order in which the value was registered */
} MemoEntry;

struct ChunkMemo {
    PyObject_HEAD
    PyObject *chunk; /* the bytearray this memo describes, or NULL before first use */
    MemoEntry *table;
    size_t capacity; /* a power of two, or 0 */
    Py_ssize_t count;
};

int chunk_memo_bind(ChunkMemo *m, PyObject *chunk)
{
    if (m->chunk == NULL) {
        m->chunk = Py_NewRef(chunk);
    } else if (m->chunk != chunk) {
        PyErr_SetString(PyExc_ValueError, "a ChunkMemo describes one bytearray only");
        return -1;
    }
    return 0;
}

Py_ssize_t chunk_memo_count(const ChunkMemo *m) { return m->count; }

Py_ssize_t chunk_memo_find(const ChunkMemo *m, uint64_t hash, const unsigned char *bytes,
                           Py_ssize_t length, const unsigned char *chunk, Py_ssize_t chunk_len,
                           const unsigned char *writer)
{
    if (m->capacity == 0) {
        return -1;
    }
    for (size_t i = hash & (m->capacity - 1);; i = (i + 1) & (m->capacity - 1)) {
        const MemoEntry *e = &m->table[i];
        if (e->length == 0) {
            return -1;
        }
        if (e->hash == hash && e->length == length) {
            const unsigned char *at =
                e->offset < chunk_len ? chunk + e->offset : writer + (e->offset - chunk_len);
            if (memcmp(at, bytes, (size_t)length) == 0) {
                return e->number;
            }
        }
    }
}

static int grow(ChunkMemo *m)
{
    size_t capacity = m->capacity == 0 ? 256 : m->capacity * 2;
    MemoEntry *table = PyMem_Calloc(capacity, sizeof(MemoEntry));
    if (table == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t j = 0; j < m->capacity; j++) {
        MemoEntry e = m->table[j];
        if (e.length == 0) {
            continue;
        }
        size_t i = e.hash & (capacity - 1);
        while (table[i].length != 0) {
            i = (i + 1) & (capacity - 1);
        }
        table[i] = e;
    }
    PyMem_Free(m->table);
    m->table = table;
    m->capacity = capacity;
    return 0;
}

int chunk_memo_add(ChunkMemo *m, uint64_t hash, Py_ssize_t offset, Py_ssize_t length)
{
    if ((size_t)(m->count + 1) * 2 > m->capacity && grow(m) < 0) {
        return -1;
    }
    size_t i = hash & (m->capacity - 1);
    while (m->table[i].length != 0) {
        i = (i + 1) & (m->capacity - 1);
    }
    m->table[i] = (MemoEntry){hash, offset, length, m->count++};
    return 0;
}

int chunk_memo_rollback(ChunkMemo *m, Py_ssize_t count)
{
    if (m->count == count) {
        return 0;
    }
    MemoEntry *old = m->table;
    size_t capacity = m->capacity;
    m->table = PyMem_Calloc(capacity, sizeof(MemoEntry));
    if (m->table == NULL) {
        m->table = old;
        PyErr_NoMemory();
        return -1;
    }
    for (size_t j = 0; j < capacity; j++) {
        MemoEntry e = old[j];
        if (e.length == 0 || e.number >= count) {
            continue;
        }
        size_t i = e.hash & (capacity - 1);
        while (m->table[i].length != 0) {
            i = (i + 1) & (capacity - 1);
        }
        m->table[i] = e;
    }
    PyMem_Free(old);
    m->count = count;
    return 0;
}

static PyObject *chunk_memo_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    if (!_PyArg_NoPositional("ChunkMemo", args) || !_PyArg_NoKeywords("ChunkMemo", kwds)) {
        return NULL;
    }
    ChunkMemo *m = (ChunkMemo *)type->tp_alloc(type, 0);
    if (m != NULL) {
        m->chunk = NULL;
        m->table = NULL;
        m->capacity = 0;
        m->count = 0;
    }
    return (PyObject *)m;
}

static void chunk_memo_dealloc(PyObject *self)
{
    ChunkMemo *m = (ChunkMemo *)self;
    PyTypeObject *type = Py_TYPE(self);
    Py_CLEAR(m->chunk);
    PyMem_Free(m->table);
    type->tp_free(self);
    Py_DECREF(type);
}

static PyObject *chunk_memo_len(PyObject *self, void *closure)
{
    (void)closure;
    return PyLong_FromSsize_t(((ChunkMemo *)self)->count);
}

static PyGetSetDef chunk_memo_getset[] = {
    {"count", chunk_memo_len, NULL, "values registered so far", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot chunk_memo_slots[] = {
    {Py_tp_new, chunk_memo_new},
    {Py_tp_dealloc, chunk_memo_dealloc},
    {Py_tp_getset, chunk_memo_getset},
    {Py_tp_doc, "ChunkMemo(): the values written so far in one chunk of encoded states "
                "(NOTE(chunk-refs)); pass it to every encode_into of that bytearray"},
    {0, NULL},
};

PyType_Spec chunk_memo_spec = {
    .name = "checker._native.ChunkMemo",
    .basicsize = sizeof(ChunkMemo),
    .flags = Py_TPFLAGS_DEFAULT,
    .slots = chunk_memo_slots,
};
