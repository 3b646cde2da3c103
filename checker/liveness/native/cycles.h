/* The liveness searches' shared declarations (cycles.c, fair.c): the behaviour graph as
 * the buffers of checker/liveness/store.py, and its bits. NOTE(fair-cycles). */

#ifndef CHECKER_CYCLES_H
#define CHECKER_CYCLES_H

#include "native.h"

#define LIVE_INF ((int64_t)1 << 62)

typedef struct {
    Py_buffer start, target, step, enabled;
    Py_ssize_t n, sw, ew;
} Graph;

/* g from (start, target, step, sw, enabled, ew); 0 on success, -1 with an exception. */
NATIVE_INTERNAL int graph_parse(PyObject *t, Graph *g);
NATIVE_INTERNAL void graph_release(Graph *g);
/* 0 if b holds exactly the graph's sw words (forbid, need), else -1 with an exception. */
NATIVE_INTERNAL int words_of(Py_buffer *b, const Graph *g, const char *what);

#define G_START(g) ((const uint64_t *)(g)->start.buf)
#define G_TARGET(g) ((const uint32_t *)(g)->target.buf)
#define G_STEP(g) ((const uint32_t *)(g)->step.buf)
#define G_ENABLED(g) ((const uint32_t *)(g)->enabled.buf)

/* Whether step i may be a cycle's (no forbidden bit, every needed bit). */
static inline int allows(const Graph *g, Py_ssize_t i, const uint32_t *forbid, const uint32_t *need)
{
    const uint32_t *w = G_STEP(g) + i * g->sw;
    for (Py_ssize_t k = 0; k < g->sw; k++) {
        if ((w[k] & forbid[k]) != 0 || (w[k] & need[k]) != need[k]) {
            return 0;
        }
    }
    return 1;
}

static inline int step_bit(const Graph *g, Py_ssize_t i, Py_ssize_t j)
{
    return (G_STEP(g)[i * g->sw + j / 32] >> (j % 32)) & 1;
}

static inline int enabled_bit(const Graph *g, Py_ssize_t u, Py_ssize_t j)
{
    return (G_ENABLED(g)[u * g->ew + j / 32] >> (j % 32)) & 1;
}

#endif
