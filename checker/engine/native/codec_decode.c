/* Decoding states (NOTE(state-codec), NOTE(decode-cache), NOTE(chunk-refs) in codec.c):
 * decode_state(data) and decode_from(data, offset[, refs]). Decoding checks every length
 * against the bytes left before allocating; malformed input raises ValueError. */

#include "codec.h"

/* ------------------------------------------------------------------------------------ */
/* Decoding                                                                              */

typedef struct {
    NativeState *st;
    const unsigned char *p, *end;
    PyObject *refs; /* NOTE(chunk-refs): the chunk's registered values (a list), or NULL */
} Reader;

/* The decode cache (NOTE(decode-cache)) */

struct DecCacheEntry {
    PyObject *obj; /* a strong reference, or NULL */
    uint64_t h;
    size_t len;
    unsigned char *bytes; /* DEC_CACHE_SPAN bytes owned by the table, `len` of them used */
};

int dec_cache_init(NativeState *st)
{
    size_t n = (size_t)1 << DEC_CACHE_BITS;
    st->dec_cache = PyMem_Calloc(n, sizeof(DecCacheEntry));
    st->dec_cache_bytes = PyMem_Malloc(n * DEC_CACHE_SPAN);
    if (st->dec_cache == NULL || st->dec_cache_bytes == NULL) {
        PyMem_Free(st->dec_cache);
        PyMem_Free(st->dec_cache_bytes);
        st->dec_cache = NULL;
        st->dec_cache_bytes = NULL;
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        st->dec_cache[i].bytes = st->dec_cache_bytes + i * DEC_CACHE_SPAN;
    }
    return 0;
}

void dec_cache_reset(NativeState *st)
{
    for (size_t i = 0; st->dec_cache != NULL && i < (size_t)1 << DEC_CACHE_BITS; i++) {
        Py_CLEAR(st->dec_cache[i].obj);
    }
}

void dec_cache_free(NativeState *st)
{
    dec_cache_reset(st);
    PyMem_Free(st->dec_cache);
    PyMem_Free(st->dec_cache_bytes);
    st->dec_cache = NULL;
    st->dec_cache_bytes = NULL;
}

int dec_cache_traverse(NativeState *st, visitproc visit, void *arg)
{
    for (size_t i = 0; st->dec_cache != NULL && i < (size_t)1 << DEC_CACHE_BITS; i++) {
        Py_VISIT(st->dec_cache[i].obj);
    }
    return 0;
}

static inline DecCacheEntry *dec_cache_slot(NativeState *st, const unsigned char *p, size_t n,
                                            uint64_t *h)
{
    *h = fp_bytes(FP_SEED, p, n);
    return &st->dec_cache[*h >> (64 - DEC_CACHE_BITS)];
}

static inline void dec_cache_put(DecCacheEntry *e, uint64_t h, const unsigned char *p,
                                 size_t n, PyObject *obj)
{
    PyObject *old = e->obj;
    e->obj = Py_NewRef(obj);
    e->h = h;
    e->len = n;
    memcpy(e->bytes, p, n);
    Py_XDECREF(old); /* last: a destructor run from here sees a consistent table */
}

/* Skip a varint; NULL if it does not end before `end`. */
static inline const unsigned char *skip_varint(const unsigned char *p, const unsigned char *end)
{
    for (int i = 0; i < 10 && p < end; i++) {
        if (!(*p++ & 0x80)) {
            return p;
        }
    }
    return NULL;
}

/* The length of the encoded value at p if it is at most DEC_CACHE_SPAN bytes long, else 0
 * (also if it is malformed: decoding it then reports the error). No allocation. With
 * `flat`, also 0 for a value holding a compound value: in a chunk, a nested compound may
 * be followed by a DEF (NOTE(chunk-refs)), which this walk would not see. */
static size_t cacheable_span(const unsigned char *start, const unsigned char *end, int flat)
{
    const unsigned char *p = start;
    if (end - p > DEC_CACHE_SPAN) {
        end = p + DEC_CACHE_SPAN;
    }
    uint64_t todo = 1; /* values still to skip */
    while (todo > 0) {
        if (p >= end) {
            return 0;
        }
        unsigned char tag = *p++;
        todo--;
        if (tag >= C_SMALL || tag == C_FALSE || tag == C_TRUE) {
            continue;
        }
        if (flat && p - 1 != start && (tag == C_TUPLE || tag == C_FCN || tag == C_SET)) {
            return 0;
        }
        uint64_t n = 0;
        const unsigned char *q = skip_varint(p, end);
        if (q == NULL) {
            return 0;
        }
        if (tag == C_INT) {
            p = q;
            continue;
        }
        for (const unsigned char *b = q; b-- > p;) {
            n = (n << 7) | (*b & 0x7F);
        }
        p = q;
        if (n > (uint64_t)(end - p)) {
            return 0; /* each item or byte takes at least one byte */
        }
        switch (tag) {
        case C_BIGINT:
        case C_STR:
        case C_MODEL_VALUE:
            p += n;
            break;
        case C_TUPLE:
        case C_SET:
            todo += n;
            break;
        case C_FCN:
            todo += 2 * n;
            break;
        default:
            return 0;
        }
        if (todo > (uint64_t)(end - p)) {
            return 0;
        }
    }
    return (size_t)(p - start);
}

static PyObject *malformed(const char *why)
{
    PyErr_Format(PyExc_ValueError, "malformed encoded value: %s", why);
    return NULL;
}

static int r_varint(Reader *r, uint64_t *out)
{
    uint64_t x = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) {
            malformed("truncated");
            return -1;
        }
        unsigned char b = *r->p++;
        if (shift == 63 && b > 1) {
            break;
        }
        x |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            *out = x;
            return 0;
        }
    }
    malformed("varint out of range");
    return -1;
}

/* A count of items, each taking at least `per_item` of the bytes left. */
static int r_count(Reader *r, size_t per_item, Py_ssize_t *out)
{
    uint64_t n;
    if (r_varint(r, &n) < 0) {
        return -1;
    }
    size_t left = (size_t)(r->end - r->p);
    if (n > left / per_item) {
        malformed("a length runs past the end");
        return -1;
    }
    *out = (Py_ssize_t)n;
    return 0;
}

static PyObject *dec_str(Reader *r)
{
    Py_ssize_t n;
    if (r_count(r, 1, &n) < 0) {
        return NULL;
    }
    PyObject *s = PyUnicode_DecodeUTF8((const char *)r->p, n, "strict");
    if (s == NULL) {
        return NULL; /* UnicodeDecodeError, a ValueError */
    }
    r->p += n;
    PyUnicode_InternInPlace(&s);
    return s;
}

static PyObject *dec_bigint(Reader *r)
{
    Py_ssize_t n;
    if (r_count(r, 1, &n) < 0) {
        return NULL;
    }
    if (n == 0) {
        return malformed("an empty big integer");
    }
    PyObject *raw = PyBytes_FromStringAndSize((const char *)r->p, n);
    PyObject *order = PyUnicode_FromString("little");
    PyObject *meth = PyUnicode_FromString("from_bytes");
    PyObject *kwnames = Py_BuildValue("(s)", "signed");
    PyObject *v = NULL;
    if (raw != NULL && order != NULL && meth != NULL && kwnames != NULL) {
        PyObject *args[4] = {(PyObject *)&PyLong_Type, raw, order, Py_True};
        v = PyObject_VectorcallMethod(meth, args, 3, kwnames);
    }
    Py_XDECREF(raw);
    Py_XDECREF(order);
    Py_XDECREF(meth);
    Py_XDECREF(kwnames);
    if (v != NULL) {
        r->p += n;
    }
    return v;
}

static PyObject *dec_value(Reader *r, int depth);

/* n values into a new tuple of `size` items starting at item `first` of `into`. */
static int dec_items(Reader *r, PyObject *into, Py_ssize_t first, Py_ssize_t n, int depth)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *e = dec_value(r, depth);
        if (e == NULL) {
            return -1;
        }
        PyTuple_SET_ITEM(into, first + i, e);
    }
    return 0;
}

static PyObject *dec_tuple(Reader *r, int depth)
{
    Py_ssize_t n;
    if (r_count(r, 1, &n) < 0) {
        return NULL;
    }
    PyObject *t = PyTuple_New(n);
    if (t != NULL && dec_items(r, t, 0, n, depth) < 0) {
        Py_CLEAR(t);
    }
    return t;
}

static PyObject *dec_fcn(Reader *r, int depth)
{
    PyTypeObject *ft = r->st->fcn_type;
    if (!PyType_IsSubtype(ft, &PyTuple_Type) || ft->tp_itemsize != sizeof(PyObject *)) {
        PyErr_SetString(PyExc_TypeError, "the registered Fcn type is not a tuple subclass");
        return NULL;
    }
    Py_ssize_t n;
    if (r_count(r, 2, &n) < 0) {
        return NULL;
    }
    if (n == 0) {
        return malformed("a function with an empty domain");
    }
    PyObject *keys = PyTuple_New(n);
    if (keys == NULL || dec_items(r, keys, 0, n, depth) < 0) {
        Py_XDECREF(keys);
        return NULL;
    }
    /* As tuple.__new__ builds a subclass instance: allocate, then fill every item. */
    PyObject *f = ft->tp_alloc(ft, n + 2);
    if (f == NULL) {
        Py_DECREF(keys);
        return NULL;
    }
    PyTuple_SET_ITEM(f, 0, Py_NewRef(r->st->fn_tag));
    PyTuple_SET_ITEM(f, 1, keys);
    if (dec_items(r, f, 2, n, depth) < 0) {
        Py_DECREF(f); /* the items not yet set are NULL, which tuple dealloc skips */
        return NULL;
    }
    return f;
}

static PyObject *dec_set(Reader *r, int depth)
{
    PyObject *elems = dec_tuple(r, depth);
    if (elems == NULL) {
        return NULL;
    }
    PyObject *s = PyFrozenSet_New(PyTuple_GET_SIZE(elems) ? elems : NULL);
    Py_DECREF(elems);
    return s;
}

static PyObject *dec_uncached(Reader *r, int depth);

static inline PyObject *untracked(PyObject *v)
{
    if (v != NULL) {
        PyObject_GC_UnTrack(v);
    }
    return v;
}

static PyObject *dec_one(Reader *r, int depth);

/* A value, registered if the encoder registered it (NOTE(chunk-refs)): a shareable
 * compound followed by DEF. Only such a value can own the DEF after it, so a DEF after a
 * compound's last item is never mistaken for the compound's own. */
static PyObject *dec_value(Reader *r, int depth)
{
    const unsigned char *start = r->p;
    unsigned char tag = start < r->end ? *start : 0;
    PyObject *v = dec_one(r, depth);
    int compound = tag == C_TUPLE || tag == C_FCN || tag == C_SET;
    if (v == NULL || !compound || !shareable(depth, (size_t)(r->p - start)) ||
        r->p >= r->end || *r->p != C_DEF) {
        return v;
    }
    r->p++;
    if (r->refs == NULL) {
        Py_DECREF(v);
        return malformed("a registered value outside a chunk");
    }
    if (PyList_Append(r->refs, v) < 0) {
        Py_CLEAR(v);
    }
    return v;
}

static PyObject *dec_ref(Reader *r)
{
    uint64_t k;
    if (r_varint(r, &k) < 0) {
        return NULL;
    }
    if (r->refs == NULL || k >= (uint64_t)PyList_GET_SIZE(r->refs)) {
        return malformed("a reference to no registered value");
    }
    return Py_NewRef(PyList_GET_ITEM(r->refs, (Py_ssize_t)k));
}

static PyObject *dec_one(Reader *r, int depth)
{
    if (r->p >= r->end) {
        return malformed("truncated");
    }
    unsigned char tag = *r->p;
    if (tag >= C_SMALL || tag <= C_BIGINT || r->st->dec_cache == NULL) {
        return dec_uncached(r, depth);
    }
    const unsigned char *start = r->p;
    size_t span = cacheable_span(start, r->end, r->refs != NULL);
    if (span == 0) {
        return dec_uncached(r, depth);
    }
    uint64_t h;
    DecCacheEntry *e = dec_cache_slot(r->st, start, span, &h);
    if (e->obj != NULL && e->h == h && e->len == span && memcmp(e->bytes, start, span) == 0) {
        r->p += span;
        return Py_NewRef(e->obj);
    }
    PyObject *v = dec_uncached(r, depth);
    if (v != NULL && r->p == start + span) {
        dec_cache_put(e, h, start, span, v);
    }
    return v;
}

static PyObject *dec_uncached(Reader *r, int depth)
{
    unsigned char tag = *r->p++;
    if (tag >= C_SMALL) {
        return PyLong_FromLongLong(SMALL_MIN + (long long)(tag - C_SMALL));
    }
    switch (tag) {
    case C_FALSE:
        Py_RETURN_FALSE;
    case C_TRUE:
        Py_RETURN_TRUE;
    case C_INT: {
        uint64_t z;
        if (r_varint(r, &z) < 0) {
            return NULL;
        }
        return PyLong_FromLongLong((long long)(z >> 1) ^ -(long long)(z & 1));
    }
    case C_BIGINT:
        return dec_bigint(r);
    case C_STR:
        return dec_str(r);
    case C_REF:
        return dec_ref(r);
    case C_MODEL_VALUE: {
        PyObject *name = dec_str(r);
        if (name == NULL) {
            return NULL;
        }
        PyObject *mv = PyObject_CallOneArg((PyObject *)r->st->model_value_type, name);
        Py_DECREF(name);
        return mv;
    }
    default:
        break;
    }
    if (tag != C_TUPLE && tag != C_FCN && tag != C_SET) {
        return malformed("unknown tag");
    }
    if (depth >= CODEC_MAX_DEPTH) {
        return malformed("nested too deeply");
    }
    if (native_stack_exhausted()) {
        return NULL;
    }
    if (tag == C_TUPLE) {
        return untracked(dec_tuple(r, depth + 1));
    }
    return untracked(tag == C_FCN ? dec_fcn(r, depth + 1) : dec_set(r, depth + 1));
}

/* One value decoded from *p (before end) with the chunk's registered values `refs` (a
 * list, or NULL); *p moves past it. For the chunk reader (chunkread.c). */
PyObject *codec_decode_next(NativeState *st, const unsigned char **p, const unsigned char *end,
                            PyObject *refs)
{
    Reader r = {st, *p, end, refs};
    PyObject *v = dec_value(&r, 0);
    *p = r.p;
    return v;
}

/* Decode one value from data[offset:]; *end receives the offset just after it and *size
 * the length of data in bytes. */
static PyObject *decode(PyObject *module, PyObject *data, Py_ssize_t offset, PyObject *refs,
                        Py_ssize_t *end, Py_ssize_t *size)
{
    NativeState *st = get_state(module);
    if (require_codec(st) < 0) {
        return NULL;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(data, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    PyObject *v = NULL;
    if (offset < 0 || offset > view.len) {
        PyErr_SetString(PyExc_ValueError, "offset outside the buffer");
    } else {
        const unsigned char *base = (const unsigned char *)view.buf;
        Reader r = {st, base + offset, base + view.len, refs};
        v = dec_value(&r, 0);
        *end = (Py_ssize_t)(r.p - base);
    }
    *size = view.len;
    PyBuffer_Release(&view);
    return v;
}

PyObject *native_decode_state(PyObject *module, PyObject *data)
{
    Py_ssize_t end = 0, size = 0;
    PyObject *v = decode(module, data, 0, NULL, &end, &size);
    if (v != NULL && end != size) {
        Py_DECREF(v);
        return malformed("bytes left after the value");
    }
    return v;
}

/* decode_from(data, offset[, refs]) -> (value, offset after it); refs: the list of the
 * chunk's registered values (NOTE(chunk-refs)), empty at the chunk's start. */
PyObject *native_decode_from(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 && nargs != 3) {
        PyErr_Format(PyExc_TypeError, "decode_from() takes 2 or 3 positional arguments (%zd given)",
                     nargs);
        return NULL;
    }
    PyObject *refs = nargs == 3 && args[2] != Py_None ? args[2] : NULL;
    if (refs != NULL && !PyList_CheckExact(refs)) {
        PyErr_SetString(PyExc_TypeError, "decode_from(): refs must be a list");
        return NULL;
    }
    Py_ssize_t offset = PyLong_AsSsize_t(args[1]);
    if (offset == -1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t end = 0, size = 0;
    PyObject *v = decode(module, args[0], offset, refs, &end, &size);
    if (v == NULL) {
        return NULL;
    }
    PyObject *pos = PyLong_FromSsize_t(end);
    if (pos == NULL) {
        Py_DECREF(v);
        return NULL;
    }
    PyObject *out = PyTuple_Pack(2, v, pos);
    Py_DECREF(v);
    Py_DECREF(pos);
    return out;
}
