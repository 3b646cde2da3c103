/* The liveness checker's searches over the behaviour graph (checker/liveness/store.py,
 * checker/liveness/check.py, NOTE(fair-cycles)), in C and without recursion on the graph:
 * the states meeting predicate bit tests, breadth-first distances and Dijkstra from
 * seeds (the strongly connected sets with a fair cycle: fair.c). Each function is the
 * Python algorithm it replaces, step for step, in the same order (the same roots, the
 * same order of steps, the same ties), so lassos are the same
 * (tests/liveness/test_cycles_native.py).
 *
 * The graph arrives as buffers (array.array) with their widths (NOTE(graph-widths) in
 * store.py): `start` (uint32 or uint64, one more than states), `target` (uint32 per
 * step), `step` (sw words of 1, 2 or 4 bytes per step), `enabled` (ew words per state).
 * Masks of step bits (forbid, need) are sw uint32 words. Distances are int64 with LIVE_INF for "unreached". */

#include "cycles.h"

void graph_release(Graph *g)
{
    PyBuffer_Release(&g->start);
    PyBuffer_Release(&g->target);
    PyBuffer_Release(&g->step);
    PyBuffer_Release(&g->enabled);
}

static int width_ok(int w) { return w == 1 || w == 2 || w == 4; }

int graph_parse(PyObject *t, Graph *g)
{
    memset(g, 0, sizeof(*g));
    int start_w = 0;
    if (!PyArg_ParseTuple(t, "y*iy*y*niy*ni:graph", &g->start, &start_w, &g->target, &g->step,
                          &g->sw, &g->sb, &g->enabled, &g->ew, &g->eb)) {
        return -1;
    }
    g->wide = start_w == 8;
    g->n = g->start.len / start_w - 1;
    if ((start_w != 4 && start_w != 8) || !width_ok(g->sb) || !width_ok(g->eb) || g->n < 0 ||
        (uint64_t)(g->target.len / 4) != g_start(g, g->n) ||
        g->step.len != g->target.len / 4 * g->sw * g->sb ||
        g->enabled.len != g->n * g->ew * g->eb) {
        graph_release(g);
        PyErr_SetString(PyExc_ValueError, "malformed behaviour graph");
        return -1;
    }
    return 0;
}

/* A words buffer of exactly sw uint32 words (forbid, need). */
int words_of(Py_buffer *b, const Graph *g, const char *what)
{
    if (b->len != 4 * g->sw) {
        PyErr_Format(PyExc_ValueError, "%s: expected %zd words", what, g->sw);
        return -1;
    }
    return 0;
}

/* (dist, parent state, parent label step index) as three bytearrays of int64. */
static PyObject *new_links(Py_ssize_t n, int64_t **dist, int64_t **parent, int64_t **via)
{
    PyObject *d = PyByteArray_FromStringAndSize(NULL, n * 8);
    PyObject *p = PyByteArray_FromStringAndSize(NULL, n * 8);
    PyObject *s = PyByteArray_FromStringAndSize(NULL, n * 8);
    if (d == NULL || p == NULL || s == NULL) {
        Py_XDECREF(d);
        Py_XDECREF(p);
        Py_XDECREF(s);
        return NULL;
    }
    *dist = (int64_t *)PyByteArray_AS_STRING(d);
    *parent = (int64_t *)PyByteArray_AS_STRING(p);
    *via = (int64_t *)PyByteArray_AS_STRING(s);
    for (Py_ssize_t u = 0; u < n; u++) {
        (*dist)[u] = LIVE_INF;
        (*parent)[u] = -1;
        (*via)[u] = -1;
    }
    return Py_BuildValue("(NNN)", d, p, s);
}

/* live_bfs(graph, starts, allowed, forbid) -> (dist, parent, via): breadth-first from
 * the states `starts` marks (in increasing order) through the states `allowed` marks
 * (None: all) and the steps without a `forbid` bit; `via` is the index of the step into
 * each state. */
PyObject *native_live_bfs(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *gt, *starts, *allowed_obj;
    Py_buffer forbid;
    Graph g;
    if (!PyArg_ParseTuple(args, "O!O!Oy*:live_bfs", &PyTuple_Type, &gt, &PyByteArray_Type,
                          &starts, &allowed_obj, &forbid)) {
        return NULL;
    }
    if (graph_parse(gt, &g) < 0) {
        PyBuffer_Release(&forbid);
        return NULL;
    }
    PyObject *out = NULL;
    int64_t *queue = NULL;
    const char *allowed = NULL;
    if (words_of(&forbid, &g, "forbid") < 0) {
        goto done;
    }
    if (allowed_obj != Py_None) {
        if (!PyByteArray_Check(allowed_obj) || PyByteArray_GET_SIZE(allowed_obj) != g.n) {
            PyErr_SetString(PyExc_TypeError, "live_bfs: allowed must be a bytearray per state");
            goto done;
        }
        allowed = PyByteArray_AS_STRING(allowed_obj);
    }
    int64_t *dist, *parent, *via;
    out = new_links(g.n, &dist, &parent, &via);
    queue = PyMem_Malloc((size_t)(g.n + 1) * sizeof(int64_t));
    if (out == NULL || queue == NULL) {
        Py_CLEAR(out);
        PyErr_NoMemory();
        goto done;
    }
    if (PyByteArray_GET_SIZE(starts) != g.n) {
        PyErr_SetString(PyExc_TypeError, "live_bfs: starts must be a bytearray per state");
        Py_CLEAR(out);
        goto done;
    }
    Py_ssize_t head = 0, tail = 0;
    const char *first = PyByteArray_AS_STRING(starts);
    for (Py_ssize_t u = 0; u < g.n; u++) {
        if (first[u]) {
            dist[u] = 0;
            queue[tail++] = u;
        }
    }
    const uint32_t *fw = forbid.buf;
    while (head < tail) {
        int64_t u = queue[head++];
        for (uint64_t i = g_start(&g, u); i < g_start(&g, u + 1); i++) {
            int64_t v = G_TARGET(&g)[i];
            if (dist[v] != LIVE_INF || (allowed != NULL && !allowed[v])) {
                continue;
            }
            int clear = 1;
            for (Py_ssize_t k = 0; k < g.sw; k++) {
                clear &= (step_word(&g, (Py_ssize_t)i, k) & fw[k]) == 0;
            }
            if (clear) {
                dist[v] = dist[u] + 1;
                parent[v] = u;
                via[v] = (int64_t)i;
                queue[tail++] = v;
            }
        }
    }
done:
    PyMem_Free(queue);
    PyBuffer_Release(&forbid);
    graph_release(&g);
    return out;
}

/* A binary heap of (distance, state), least first, as Python's heapq of tuples. */
typedef struct {
    int64_t d, u;
} Entry;

static inline int entry_less(Entry a, Entry b) { return a.d < b.d || (a.d == b.d && a.u < b.u); }

static void heap_push(Entry *h, Py_ssize_t *size, Entry e)
{
    Py_ssize_t i = (*size)++;
    while (i > 0) {
        Py_ssize_t up = (i - 1) / 2;
        if (!entry_less(e, h[up])) {
            break;
        }
        h[i] = h[up];
        i = up;
    }
    h[i] = e;
}

static Entry heap_pop(Entry *h, Py_ssize_t *size)
{
    Entry top = h[0], last = h[--(*size)];
    Py_ssize_t i = 0, n = *size;
    for (;;) {
        Py_ssize_t c = 2 * i + 1;
        if (c >= n) {
            break;
        }
        if (c + 1 < n && entry_less(h[c + 1], h[c])) {
            c++;
        }
        if (!entry_less(h[c], last)) {
            break;
        }
        h[i] = h[c];
        i = c;
    }
    if (n > 0) {
        h[i] = last;
    }
    return top;
}

/* live_dijkstra(graph, seeds, before, region) -> (dist, parent, via): shortest
 * distances from the states `seeds` marks that `before` (int64 distances) reaches, at
 * those distances, through `region` states (None: all), every step of length 1. */
PyObject *native_live_dijkstra(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *gt, *seeds, *region_obj;
    Py_buffer before;
    Graph g;
    if (!PyArg_ParseTuple(args, "O!O!y*O:live_dijkstra", &PyTuple_Type, &gt, &PyByteArray_Type,
                          &seeds, &before, &region_obj)) {
        return NULL;
    }
    if (graph_parse(gt, &g) < 0) {
        PyBuffer_Release(&before);
        return NULL;
    }
    PyObject *out = NULL;
    Entry *heap = NULL;
    const char *region = NULL;
    if (region_obj != Py_None) {
        if (!PyByteArray_Check(region_obj) || PyByteArray_GET_SIZE(region_obj) != g.n) {
            PyErr_SetString(PyExc_TypeError, "live_dijkstra: region must be a bytearray");
            goto done;
        }
        region = PyByteArray_AS_STRING(region_obj);
    }
    if (PyByteArray_GET_SIZE(seeds) != g.n || before.len != 8 * g.n) {
        PyErr_SetString(PyExc_TypeError, "live_dijkstra: a mask and distances per state");
        goto done;
    }
    int64_t *dist, *parent, *via;
    out = new_links(g.n, &dist, &parent, &via);
    Py_ssize_t cap = g.n + (Py_ssize_t)(g.target.len / 4) + 1;
    heap = PyMem_Malloc((size_t)cap * sizeof(Entry));
    if (out == NULL || heap == NULL) {
        Py_CLEAR(out);
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t size = 0;
    const char *seed = PyByteArray_AS_STRING(seeds);
    const int64_t *d0 = before.buf;
    for (Py_ssize_t u = 0; u < g.n; u++) {
        if (seed[u] && d0[u] < LIVE_INF) {
            dist[u] = d0[u];
            heap_push(heap, &size, (Entry){d0[u], u});
        }
    }
    while (size > 0) {
        Entry e = heap_pop(heap, &size);
        if (e.d > dist[e.u]) {
            continue;
        }
        for (uint64_t i = g_start(&g, e.u); i < g_start(&g, e.u + 1); i++) {
            int64_t v = G_TARGET(&g)[i];
            if ((region == NULL || region[v]) && e.d + 1 < dist[v]) {
                dist[v] = e.d + 1;
                parent[v] = e.u;
                via[v] = (int64_t)i;
                heap_push(heap, &size, (Entry){e.d + 1, v});
            }
        }
    }
done:
    PyMem_Free(heap);
    PyBuffer_Release(&before);
    graph_release(&g);
    return out;
}

/* live_region(pred, pw, pb, n, tests, also) -> bytearray: 1 for the n states where every
 * test (bit, value) of their predicate bits (pw words of pb bytes each) holds (and
 * `also`, a bytearray or None, is 1). */
PyObject *native_live_region(PyObject *module, PyObject *args)
{
    (void)module;
    Py_buffer pred;
    Py_ssize_t pw, n;
    int pb;
    PyObject *tests, *also_obj;
    if (!PyArg_ParseTuple(args, "y*ninO!O:live_region", &pred, &pw, &pb, &n, &PyTuple_Type,
                          &tests, &also_obj)) {
        return NULL;
    }
    PyObject *out = NULL;
    Py_ssize_t count = PyTuple_GET_SIZE(tests);
    Py_ssize_t *bits = PyMem_Malloc((size_t)(count + 1) * sizeof(Py_ssize_t));
    int *values = PyMem_Malloc((size_t)(count + 1) * sizeof(int));
    if (bits == NULL || values == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (!width_ok(pb) || pred.len != pb * pw * n ||
        (also_obj != Py_None && (!PyByteArray_Check(also_obj) || PyByteArray_GET_SIZE(also_obj) != n))) {
        PyErr_SetString(PyExc_ValueError, "live_region: malformed arguments");
        goto done;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(tests, k), "np", &bits[k], &values[k])) {
            goto done;
        }
        if (bits[k] < 0 || bits[k] >= 8 * pb * pw) {
            PyErr_SetString(PyExc_IndexError, "live_region: no such predicate bit");
            goto done;
        }
    }
    out = PyByteArray_FromStringAndSize(NULL, n);
    if (out == NULL) {
        goto done;
    }
    char *mark = PyByteArray_AS_STRING(out);
    const char *also = also_obj == Py_None ? NULL : PyByteArray_AS_STRING(also_obj);
    Py_ssize_t per = 8 * (Py_ssize_t)pb;
    for (Py_ssize_t u = 0; u < n; u++) {
        int ok = also == NULL || also[u] != 0;
        for (Py_ssize_t k = 0; ok && k < count; k++) {
            uint32_t w = word_at(pred.buf, pb, u * pw + bits[k] / per);
            ok = (int)((w >> (bits[k] % per)) & 1) == values[k];
        }
        mark[u] = (char)ok;
    }
done:
    PyMem_Free(bits);
    PyMem_Free(values);
    PyBuffer_Release(&pred);
    return out;
}

