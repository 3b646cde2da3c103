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
 * they can never be part of a cycle.
 */

#include "native.h"

enum {
    C_FALSE = 0x00,
    C_TRUE = 0x01,
    C_INT = 0x02,
    C_BIGINT = 0x03,
    C_STR = 0x04,
    C_MODEL_VALUE = 0x05,
    C_TUPLE = 0x06,
    C_FCN = 0x07,
    C_SET = 0x08,
    C_REF = 0x09,
    C_DEF = 0x0A,
    C_SMALL = 0x40,
};

#define MIN_REF_SPAN 4   /* bytes: shorter values are cheaper written again */
#define MAX_REF_SPAN 512 /* bytes: longer ones rarely repeat */

#define SMALL_MIN (-32LL)
#define SMALL_MAX (SMALL_MIN + (0xFF - C_SMALL))
#define CODEC_MAX_DEPTH 2000 /* the deepest nesting encoded or decoded (C stack) */
#define WRITER_STACK 1024
#define DEC_CACHE_SPAN 128 /* bytes: the longest encoding the decode cache holds */

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

static int w_reserve(Writer *w, size_t extra)
{
    if (w->cap - w->len >= extra) {
        return 0;
    }
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
/* Whether a compound value at this depth taking `span` bytes is registered (both sides
 * apply the same rule, which makes DEF unambiguous). */
static inline int shareable(int depth, size_t span)
{
    return depth >= 2 && span >= MIN_REF_SPAN && span <= MAX_REF_SPAN;
}

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
    if (Py_EnterRecursiveCall(" while encoding a TLA+ value")) {
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

static int require_codec(NativeState *st)
{
    if (require_configured(st) < 0) {
        return -1;
    }
    if (st->fn_tag == NULL) {
        PyErr_SetString(PyExc_RuntimeError,
                        "checker._native.configure() was called without FN_TAG");
        return -1;
    }
    return 0;
}

/* Encode v into w (which starts on `stack`); the caller frees w->heap. */
static int encode(NativeState *st, PyObject *v, Writer *w, unsigned char *stack)
{
    w->p = stack;
    w->len = 0;
    w->cap = WRITER_STACK;
    w->heap = NULL;
    return require_codec(st) < 0 ? -1 : enc_value(st, w, v, 0);
}

static void no_memo(Writer *w)
{
    w->memo = NULL;
    w->chunk = NULL;
    w->chunk_len = 0;
}

PyObject *native_encode_state(PyObject *module, PyObject *value)
{
    unsigned char stack[WRITER_STACK];
    Writer w;
    no_memo(&w);
    PyObject *out = NULL;
    if (encode(get_state(module), value, &w, stack) == 0) {
        out = PyBytes_FromStringAndSize((const char *)w.p, (Py_ssize_t)w.len);
    }
    PyMem_Free(w.heap);
    return out;
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
    no_memo(&w);
    if (nargs == 3 && args[2] != Py_None) {
        if (Py_TYPE(args[2]) != st->chunk_memo_type) {
            PyErr_SetString(PyExc_TypeError, "encode_into(): the memo must be a ChunkMemo");
            return NULL;
        }
        w.memo = (ChunkMemo *)args[2];
        if (chunk_memo_bind(w.memo, buf) < 0) {
            return NULL;
        }
        w.chunk = (const unsigned char *)PyByteArray_AS_STRING(buf);
        w.chunk_len = PyByteArray_GET_SIZE(buf);
    }
    PyObject *out = NULL;
    Py_ssize_t registered = w.memo == NULL ? 0 : chunk_memo_count(w.memo);
    if (encode(st, args[1], &w, stack) == 0) {
        Py_ssize_t old = PyByteArray_GET_SIZE(buf);
        if ((size_t)(PY_SSIZE_T_MAX - old) < w.len) {
            PyErr_NoMemory();
        } else if (PyByteArray_Resize(buf, old + (Py_ssize_t)w.len) == 0) {
            memcpy(PyByteArray_AS_STRING(buf) + old, w.p, w.len);
            out = PyLong_FromSize_t(w.len);
        }
    }
    PyMem_Free(w.heap);
    if (out == NULL && w.memo != NULL) {
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb); /* the encoding's own error is the one to report */
        if (chunk_memo_rollback(w.memo, registered) < 0) {
            PyErr_Clear();
        }
        PyErr_Restore(type, value, tb);
    }
    return out;
}

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
    if (tag == C_TUPLE) {
        return untracked(dec_tuple(r, depth + 1));
    }
    return untracked(tag == C_FCN ? dec_fcn(r, depth + 1) : dec_set(r, depth + 1));
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
