/* What the encoder (codec.c) and the decoder (codec_decode.c) of the state codec share:
 * the tags, the limits and the rule for registered values (NOTE(state-codec) and
 * NOTE(chunk-refs) in codec.c). */

#ifndef CHECKER_CODEC_H
#define CHECKER_CODEC_H

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

/* Whether a compound value at this depth taking `span` bytes is registered (both sides
 * apply the same rule, which makes DEF unambiguous). */
static inline int shareable(int depth, size_t span)
{
    return depth >= 2 && span >= MIN_REF_SPAN && span <= MAX_REF_SPAN;
}

/* The module is configured, with FN_TAG (which Fcns are rebuilt with): 0, or -1. */
static inline int require_codec(NativeState *st)
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

/* codec_decode.c: one value decoded from *p (before end), with the chunk's registered
 * values `refs` (a list, or NULL); *p moves past it. A new reference, or NULL with an
 * error (ValueError if malformed). */
NATIVE_INTERNAL PyObject *codec_decode_next(NativeState *st, const unsigned char **p,
                                            const unsigned char *end, PyObject *refs);

/* chunkread.c: the spec of the ChunkReader type, created per module by module.c. */
NATIVE_INTERNAL extern PyType_Spec chunk_reader_spec;

#endif /* CHECKER_CODEC_H */
