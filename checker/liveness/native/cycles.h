/* The liveness searches' shared declarations (cycles.c, fair.c): the behaviour graph as
 * the buffers of checker/liveness/store.py, and its bits. NOTE(fair-cycles). */

#ifndef CHECKER_CYCLES_H
#define CHECKER_CYCLES_H

#include "native.h"

#define LIVE_INF ((int64_t)1 << 62)

typedef struct {
    Py_buffer start, target, step, enabled;
    Py_ssize_t n, sw, ew;
    int wide;   /* start: uint64 (1) or uint32 (0) */
    int sb, eb; /* bytes per step / enabled word: 1, 2 or 4 (NOTE(graph-widths)) */
} Graph;

/* g from (start, start width, target, step, sw, step width, enabled, ew, enabled width);
 * 0 on success, -1 with an exception. */
NATIVE_INTERNAL int graph_parse(PyObject *t, Graph *g);
NATIVE_INTERNAL void graph_release(Graph *g);
/* 0 if b holds exactly the graph's sw uint32 words (forbid, need), else -1 with an
 * exception. */
NATIVE_INTERNAL int words_of(Py_buffer *b, const Graph *g, const char *what);

#define G_TARGET(g) ((const uint32_t *)(g)->target.buf)

/* Word k of an array of words `width` bytes wide (1, 2, 4). */
static inline uint32_t word_at(const void *buf, int width, Py_ssize_t k)
{
    switch (width) {
    case 1:
        return ((const uint8_t *)buf)[k];
    case 2:
        return ((const uint16_t *)buf)[k];
    default:
        return ((const uint32_t *)buf)[k];
    }
}

/* Where u's steps start. */
static inline uint64_t g_start(const Graph *g, Py_ssize_t u)
{
    return g->wide ? ((const uint64_t *)g->start.buf)[u] : ((const uint32_t *)g->start.buf)[u];
}

/* Word k of step i's bits. */
static inline uint32_t step_word(const Graph *g, Py_ssize_t i, Py_ssize_t k)
{
    return word_at(g->step.buf, g->sb, i * g->sw + k);
}

/* Whether step i may be a cycle's (no forbidden bit, every needed bit). */
static inline int allows(const Graph *g, Py_ssize_t i, const uint32_t *forbid, const uint32_t *need)
{
    for (Py_ssize_t k = 0; k < g->sw; k++) {
        uint32_t w = step_word(g, i, k);
        if ((w & forbid[k]) != 0 || (w & need[k]) != need[k]) {
            return 0;
        }
    }
    return 1;
}

static inline int step_bit(const Graph *g, Py_ssize_t i, Py_ssize_t j)
{
    Py_ssize_t per = 8 * g->sb;
    return (step_word(g, i, j / per) >> (j % per)) & 1;
}

static inline int enabled_bit(const Graph *g, Py_ssize_t u, Py_ssize_t j)
{
    Py_ssize_t per = 8 * g->eb;
    return (word_at(g->enabled.buf, g->eb, u * g->ew + j / per) >> (j % per)) & 1;
}

#endif
