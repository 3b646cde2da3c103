/* A compact binary encoding of TLA+ values, for the BFS frontier (checker/engine/frontier.py).
 *
 * NOTE(state-codec): a value is one tag byte and a payload; lengths and ints are LEB128
 * varints (ints zigzag-mapped), so nothing depends on the machine's byte order:
 *
 *   0x00 FALSE, 0x01 TRUE
 *   0x02 INT      zigzag varint of a 64-bit int
 *   0x03 BIGINT   varint n, then n bytes: int.to_bytes(n, "little", signed=True)
 *   0x04 STR      varint n, then n bytes of UTF-8
 *   0x05 MODEL    varint n, then the name in UTF-8 (rebuilt through ModelValue(name), so
 *                 NOTE(interning) holds: the decoded value is the very same object)
 *   0x06 TUPLE    varint n, then n values
 *   0x07 FCN      varint n >= 1, then the n keys, then the n values (rebuilt as a Fcn
 *                 `(FN_TAG, keys, *values)` with the registered FN_TAG object)
 *   0x08 SET      varint n, then n values (in the frozenset's iteration order)
 *   0x09 REF      varint k: the k-th value registered in this chunk (below)
 *   0x0A DEF      after a value: register it (it gets the next number)
 *   0x40 + k      the int SMALL_MIN + k, for k in 0..191 (one byte)
 *
 * NOTE(chunk-refs): the frontier writes states into chunks, each decoded once from its
 * start, and states share most of their parts (the same records in many message sets).
 * So within a chunk a compound value nested in a state (depth >= 2: not the entry or the
 * state tuple) whose encoding takes MIN_REF_SPAN..MAX_REF_SPAN bytes is written in full
 * once, followed by DEF, and as REF k afterwards. The encoder finds repeats by their
 * bytes (a ChunkMemo, chunkmemo.c); equal bytes are equal values. Numbers are given in
 * the order the DEF bytes appear, which is the order the decoder meets them, children
 * before their parents. A value is replaced by a REF only when no DEF was written inside
 * it (else the DEFs it holds would disappear). REF and DEF exist only with a memo
 * (encode_into) and a list of registered values (decode_from); encode_state and
 * decode_state never use them. A span holding REF or DEF is never decode-cached: its
 * meaning depends on the chunk.
 *
 * Only these exact types are encoded; anything else (a LazySet, an int or str subclass,
 * a list) raises TypeError, so a value is never silently changed. Decoded strings are
 * interned, like the identifiers the compiled code compares them with. Decoding checks
 * every length against the bytes left before allocating, and any malformed input raises
 * ValueError (UnicodeDecodeError is one). Neither side uses pickle or marshal.
 *
 * NOTE(decode-cache): states share most of their parts (the same records in many sets),
 * and building them again for every decoded state cost more than the rest of decoding
 * (string decoding and interning, ModelValue(name) calls, the collector scanning the new
 * containers), and lost the sharing the identity caches (NOTE(fingerprint-cache),
 * NOTE(index-cache)) rely on. So the decoder hash-conses: every string, model value and
 * compound value whose encoding takes at most DEC_CACHE_SPAN bytes is looked up by its
 * bytes in a direct-mapped table in the module state (2**DEC_CACHE_BITS entries of a hash,
 * a copy of the bytes and a strong reference to the object), and a hit returns the cached
 * object. Equal bytes decode to equal immutable values, so sharing one object changes
 * nothing observable except identity, which no TLA+ operation sees. Decoded containers
 * are untracked by the cyclic collector: they are immutable trees built bottom-up, so
 * they can never be part of a cycle (codec_decode.c).
 */

#include "codec.h"

/* The encoder; the decoder is in codec_decode.c. */

/* ------------------------------------------------------------------------------------ */
/* Encoding                                                                              */

typedef struct {
    unsigned char *p; /* stack buffer first, then heap (PyMem) */
    size_t len, cap;
    unsigned char *heap; /* NULL while p is the stack buffer */
    ChunkMemo *memo;     /* NOTE(chunk-refs): the chunk's memo, or NULL */
    const unsigned char *chunk; /* the chunk's bytes so far (the writer's come after) */
    Py_ssize_t chunk_len;
} Writer;

/* The writer's room grown for `extra` more bytes (w_reserve's slow path): 0, or -1. */
static int w_grow(Writer *w, size_t extra)
{
    if (extra > (size_t)PY_SSIZE_T_MAX - w->len) {
        PyErr_NoMemory();
        return -1;
    }
    size_t need = w->len + extra;
    size_t cap = w->cap <= (size_t)PY_SSIZE_T_MAX / 2 ? w->cap * 2 : (size_t)PY_SSIZE_T_MAX;
    if (cap < need) {
        cap = need;
    }
    unsigned char *q;
    if (w->heap == NULL) {
        q = PyMem_Malloc(cap);
        if (q != NULL) {
            memcpy(q, w->p, w->len);
        }
    } else {
        q = PyMem_Realloc(w->heap, cap);
    }
    if (q == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    w->heap = q;
    w->p = q;
    w->cap = cap;
    return 0;
}

/* Room for `extra` more bytes: called for every byte written, so the common case (room
 * enough) is inline. 0, or -1 with MemoryError. */
static inline int w_reserve(Writer *w, size_t extra)
{
    return w->cap - w->len >= extra ? 0 : w_grow(w, extra);
}

static int w_byte(Writer *w, unsigned char b)
{
    if (w_reserve(w, 1) < 0) {
        return -1;
    }
    w->p[w->len++] = b;
    return 0;
}

static int w_varint(Writer *w, uint64_t x)
{
    if (w_reserve(w, 10) < 0) {
        return -1;
    }
    while (x >= 0x80) {
        w->p[w->len++] = (unsigned char)(x | 0x80);
        x >>= 7;
    }
    w->p[w->len++] = (unsigned char)x;
    return 0;
}

static int w_bytes(Writer *w, int tag, const char *s, size_t n)
{
    if (w_byte(w, (unsigned char)tag) < 0 || w_varint(w, n) < 0 || w_reserve(w, n) < 0) {
        return -1;
    }
    memcpy(w->p + w->len, s, n);
    w->len += n;
    return 0;
}

static int enc_bigint(Writer *w, PyObject *v)
{
    PyObject *raw = bigint_to_bytes(v); /* the bytes fingerprint.c hashes */
    if (raw == NULL) {
        return -1;
    }
    int rc = w_bytes(w, C_BIGINT, PyBytes_AS_STRING(raw), (size_t)PyBytes_GET_SIZE(raw));
    Py_DECREF(raw);
    return rc;
}

static int enc_int(Writer *w, PyObject *v)
{
    int overflow;
    long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (x == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (overflow) {
        return enc_bigint(w, v);
    }
    if (x >= SMALL_MIN && x <= SMALL_MAX) {
        return w_byte(w, (unsigned char)(C_SMALL + (x - SMALL_MIN)));
    }
    uint64_t zigzag = ((uint64_t)x << 1) ^ (uint64_t)(x >> 63);
    return w_byte(w, C_INT) < 0 ? -1 : w_varint(w, zigzag);
}

static int enc_str(Writer *w, int tag, PyObject *s)
{
    Py_ssize_t n;
    const char *p = PyUnicode_AsUTF8AndSize(s, &n);
    return p == NULL ? -1 : w_bytes(w, tag, p, (size_t)n);
}

static int enc_value(NativeState *st, Writer *w, PyObject *v, int depth);

static int enc_items(NativeState *st, Writer *w, PyObject *const *items, Py_ssize_t n,
                     int depth)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        if (enc_value(st, w, items[i], depth) < 0) {
            return -1;
        }
    }
    return 0;
}

static int enc_fcn(NativeState *st, Writer *w, PyObject *f, int depth)
{
    PyObject *keys = fcn_keys(f);
    if (keys == NULL) {
        return -1;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(keys);
    if (n == 0 || PyTuple_GET_ITEM(f, 0) != st->fn_tag) {
        PyErr_SetString(PyExc_TypeError, "malformed Fcn: expected (FN_TAG, keys, *values)");
        return -1;
    }
    PyObject *const *items = ((PyTupleObject *)f)->ob_item;
    if (w_byte(w, C_FCN) < 0 || w_varint(w, (uint64_t)n) < 0 ||
        enc_items(st, w, ((PyTupleObject *)keys)->ob_item, n, depth) < 0) {
        return -1;
    }
    return enc_items(st, w, items + 2, n, depth);
}

static int enc_set(NativeState *st, Writer *w, PyObject *s, int depth)
{
    Py_ssize_t n = PySet_GET_SIZE(s);
    if (w_byte(w, C_SET) < 0 || w_varint(w, (uint64_t)n) < 0) {
        return -1;
    }
    SetWalk walk = set_walk(s);
    Py_ssize_t count = 0;
    PyObject *e;
    while ((e = set_walk_next(&walk)) != NULL) {
        if (enc_value(st, w, e, depth) < 0) {
            set_walk_end(&walk);
            return -1;
        }
        count++;
    }
    if (set_walk_end(&walk) < 0) {
        return -1;
    }
    if (count != n) {
        PyErr_SetString(PyExc_RuntimeError, "a frozenset changed size while being encoded");
        return -1;
    }
    return 0;
}

/* NOTE(chunk-refs): the compound value just written at w->p[start:] becomes a REF if its
 * bytes were registered before (and nothing was registered inside it), else it is
 * registered (DEF). */
static int share(Writer *w, int depth, size_t start, Py_ssize_t registered_before)
{
    size_t span = w->len - start;
    if (!shareable(depth, span)) {
        return 0;
    }
    const unsigned char *bytes = w->p + start;
    uint64_t h = fp_bytes(FP_SEED, bytes, span);
    if (chunk_memo_count(w->memo) == registered_before) {
        Py_ssize_t k = chunk_memo_find(w->memo, h, bytes, (Py_ssize_t)span, w->chunk,
                                       w->chunk_len, w->p);
        if (k >= 0) {
            w->len = start;
            return w_byte(w, C_REF) < 0 ? -1 : w_varint(w, (uint64_t)k);
        }
    }
    if (chunk_memo_add(w->memo, h, w->chunk_len + (Py_ssize_t)start, (Py_ssize_t)span) < 0) {
        return -1;
    }
    return w_byte(w, C_DEF);
}

static int enc_compound_items(NativeState *st, Writer *w, PyObject *v, int depth);

static int enc_compound(NativeState *st, Writer *w, PyObject *v, int depth)
{
    if (w->memo == NULL || depth < 2) {
        return enc_compound_items(st, w, v, depth);
    }
    size_t start = w->len;
    Py_ssize_t registered = chunk_memo_count(w->memo);
    if (enc_compound_items(st, w, v, depth) < 0) {
        return -1;
    }
    return share(w, depth, start, registered);
}

static int enc_compound_items(NativeState *st, Writer *w, PyObject *v, int depth)
{
    PyTypeObject *t = Py_TYPE(v);
    if (depth >= CODEC_MAX_DEPTH) {
        PyErr_Format(PyExc_RecursionError, "a value nested deeper than %d levels",
                     CODEC_MAX_DEPTH);
        return -1;
    }
    if (native_stack_exhausted() || Py_EnterRecursiveCall(" while encoding a TLA+ value")) {
        return -1;
    }
    int rc;
    if (t == &PyTuple_Type) {
        Py_ssize_t n = PyTuple_GET_SIZE(v);
        rc = w_byte(w, C_TUPLE) < 0 || w_varint(w, (uint64_t)n) < 0
                 ? -1
                 : enc_items(st, w, ((PyTupleObject *)v)->ob_item, n, depth + 1);
    } else if (t == st->fcn_type) {
        rc = enc_fcn(st, w, v, depth + 1);
    } else if (t == &PyFrozenSet_Type) {
        rc = enc_set(st, w, v, depth + 1);
    } else {
        PyErr_Format(PyExc_TypeError,
                     "cannot encode a value of type %.200s (only bool, int, str, model "
                     "values, tuples, functions and frozensets)",
                     t->tp_name);
        rc = -1;
    }
    Py_LeaveRecursiveCall();
    return rc;
}

static int enc_value(NativeState *st, Writer *w, PyObject *v, int depth)
{
    PyTypeObject *t = Py_TYPE(v);
    if (t == &PyLong_Type) {
        return enc_int(w, v);
    }
    if (t == &PyUnicode_Type) {
        return enc_str(w, C_STR, v);
    }
    if (t == &PyBool_Type) {
        return w_byte(w, v == Py_True ? C_TRUE : C_FALSE);
    }
    if (t == st->model_value_type) {
        PyObject *name = model_value_name(st, v);
        if (name == NULL) {
            return -1;
        }
        int rc = enc_str(w, C_MODEL_VALUE, name);
        Py_DECREF(name);
        return rc;
    }
    return enc_compound(st, w, v, depth);
}

static void no_memo(Writer *w)
{
    w->memo = NULL;
    w->chunk = NULL;
    w->chunk_len = 0;
}

/* The writer starts on `stack`, with the chunk's memo bound to buf if `memo` is not None
 * (NOTE(chunk-refs)): 0, or -1 with an error. */
static int w_start(NativeState *st, Writer *w, unsigned char *stack, PyObject *buf,
                   PyObject *memo, const char *who)
{
    w->p = stack;
    w->len = 0;
    w->cap = WRITER_STACK;
    w->heap = NULL;
    no_memo(w);
    if (require_codec(st) < 0) {
        return -1;
    }
    if (memo == Py_None) {
        return 0;
    }
    if (Py_TYPE(memo) != st->chunk_memo_type) {
        PyErr_Format(PyExc_TypeError, "%s(): the memo must be a ChunkMemo", who);
        return -1;
    }
    w->memo = (ChunkMemo *)memo;
    if (chunk_memo_bind(w->memo, buf) < 0) {
        return -1;
    }
    w->chunk = (const unsigned char *)PyByteArray_AS_STRING(buf);
    w->chunk_len = PyByteArray_GET_SIZE(buf);
    return 0;
}

PyObject *native_encode_state(PyObject *module, PyObject *value)
{
    NativeState *st = get_state(module);
    unsigned char stack[WRITER_STACK];
    Writer w;
    PyObject *out = NULL;
    if (w_start(st, &w, stack, NULL, Py_None, "encode_state") == 0 &&
        enc_value(st, &w, value, 0) == 0) {
        out = PyBytes_FromStringAndSize((const char *)w.p, (Py_ssize_t)w.len);
    }
    PyMem_Free(w.heap);
    return out;
}

/* Append what the writer holds to the bytearray: the bytes appended, or -1. */
static Py_ssize_t w_append_to(Writer *w, PyObject *buf)
{
    Py_ssize_t old = PyByteArray_GET_SIZE(buf);
    if ((size_t)(PY_SSIZE_T_MAX - old) < w->len) {
        PyErr_NoMemory();
        return -1;
    }
    if (PyByteArray_Resize(buf, old + (Py_ssize_t)w->len) < 0) {
        return -1;
    }
    memcpy(PyByteArray_AS_STRING(buf) + old, w->p, w->len);
    return (Py_ssize_t)w->len;
}

/* After a failed encoding: the values it registered forgotten, its own error kept. */
static void w_rollback(Writer *w, Py_ssize_t registered)
{
    if (w->memo == NULL) {
        return;
    }
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb); /* the encoding's own error is the one to report */
    if (chunk_memo_rollback(w->memo, registered) < 0) {
        PyErr_Clear();
    }
    PyErr_Restore(type, value, tb);
}

/* encode_into(buf, value[, memo]): append value's encoding to the bytearray; the bytes
 * written. With the chunk's memo, repeated parts become references (NOTE(chunk-refs)).
 * On an error buf and the memo are left unchanged. */
PyObject *native_encode_into(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    NativeState *st = get_state(module);
    if (nargs != 2 && nargs != 3) {
        PyErr_Format(PyExc_TypeError, "encode_into() takes 2 or 3 positional arguments (%zd given)",
                     nargs);
        return NULL;
    }
    PyObject *buf = args[0];
    if (!PyByteArray_CheckExact(buf)) {
        PyErr_SetString(PyExc_TypeError, "encode_into() needs a bytearray");
        return NULL;
    }
    unsigned char stack[WRITER_STACK];
    Writer w;
    if (w_start(st, &w, stack, buf, nargs == 3 ? args[2] : Py_None, "encode_into") < 0) {
        return NULL;
    }
    Py_ssize_t registered = w.memo == NULL ? 0 : chunk_memo_count(w.memo);
    Py_ssize_t n = enc_value(st, &w, args[1], 0) < 0 ? -1 : w_append_to(&w, buf);
    PyMem_Free(w.heap);
    if (n < 0) {
        w_rollback(&w, registered);
        return NULL;
    }
    return PyLong_FromSsize_t(n);
}

/* The entry (id, state) into the writer, as the tuple's encoding (NOTE(state-codec)). */
static int enc_entry(NativeState *st, Writer *w, PyObject *id, PyObject *state)
{
    if (w_byte(w, C_TUPLE) < 0 || w_varint(w, 2) < 0 || enc_value(st, w, id, 1) < 0) {
        return -1;
    }
    return enc_value(st, w, state, 1);
}

/* The mark of a kept state, the int -1 - id, in place of its entry, and the state added
 * to `kept`: the bytes appended to buf, or -1 (buf and kept then unchanged). */
static Py_ssize_t enc_kept(NativeState *st, Writer *w, PyObject *buf, PyObject *kept,
                           PyObject *id, PyObject *state)
{
    PyObject *minus_one = PyLong_FromLong(-1);
    PyObject *mark = minus_one == NULL ? NULL : PyNumber_Subtract(minus_one, id);
    Py_XDECREF(minus_one);
    w->len = 0;
    Py_ssize_t old = PyByteArray_GET_SIZE(buf);
    Py_ssize_t n = mark == NULL || enc_value(st, w, mark, 0) < 0 ? -1 : w_append_to(w, buf);
    Py_XDECREF(mark);
    if (n >= 0 && PyList_Append(kept, state) < 0) {
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        if (PyByteArray_Resize(buf, old) < 0) {
            PyErr_Clear();
        }
        PyErr_Restore(type, value, tb);
        n = -1;
    }
    return n;
}

/* encode_entry(buf, memo, kept, id, state) -> the bytes appended: a frontier's entry
 * (NOTE(frontier)) in one call, as encode_into(buf, (id, state), memo); a state the codec
 * cannot encode (TypeError) or nested too deeply for it (RecursionError) is appended to
 * `kept` instead and its place marked by the int -1 - id (encoded without the memo). Any
 * other error is raised, buf, memo and kept unchanged. */
PyObject *native_encode_entry(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    NativeState *st = get_state(module);
    if (nargs != 5) {
        PyErr_Format(PyExc_TypeError, "encode_entry() takes 5 positional arguments (%zd given)",
                     nargs);
        return NULL;
    }
    PyObject *buf = args[0], *kept = args[2], *id = args[3], *state = args[4];
    if (!PyByteArray_CheckExact(buf) || !PyList_CheckExact(kept) || !PyLong_CheckExact(id)) {
        PyErr_SetString(PyExc_TypeError,
                        "encode_entry() needs a bytearray, a ChunkMemo, a list and an int id");
        return NULL;
    }
    unsigned char stack[WRITER_STACK];
    Writer w;
    if (w_start(st, &w, stack, buf, args[1], "encode_entry") < 0) {
        return NULL;
    }
    Py_ssize_t registered = w.memo == NULL ? 0 : chunk_memo_count(w.memo);
    Py_ssize_t n = enc_entry(st, &w, id, state) < 0 ? -1 : w_append_to(&w, buf);
    if (n < 0) {
        w_rollback(&w, registered);
        if (PyErr_ExceptionMatches(PyExc_TypeError) ||
            PyErr_ExceptionMatches(PyExc_RecursionError)) {
            PyErr_Clear(); /* not encodable: kept as an object, its id marks the place */
            n = enc_kept(st, &w, buf, kept, id, state);
        }
    }
    PyMem_Free(w.heap);
    return n < 0 ? NULL : PyLong_FromSsize_t(n);
}
