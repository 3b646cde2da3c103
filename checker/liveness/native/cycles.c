/* The liveness checker's searches over the behaviour graph (checker/liveness/store.py,
 * checker/liveness/check.py, NOTE(fair-cycles)), in C and without recursion on the graph:
 * breadth-first distances, Dijkstra from seeds, and the strongly connected sets with a
 * fair cycle (Tarjan, then Emerson and Lei's pruning for strong fairness). Each function
 * is the Python algorithm it replaces, step for step, in the same order (the same
 * roots, the same order of steps, the same ties), so lassos are the same.
 *
 * The graph arrives as buffers (array.array): `start` (uint64, one more than states),
 * `target` (uint32 per step), `step` (sw uint32 words per step), `enabled` (ew words per
 * state). Distances are int64 with LIVE_INF for "unreached". */

#include "native.h"

#define LIVE_INF ((int64_t)1 << 62)

typedef struct {
    Py_buffer start, target, step, enabled;
    Py_ssize_t n, sw, ew;
} Graph;

static void graph_release(Graph *g)
{
    PyBuffer_Release(&g->start);
    PyBuffer_Release(&g->target);
    PyBuffer_Release(&g->step);
    PyBuffer_Release(&g->enabled);
}

/* g from (start, target, step, sw, enabled, ew); 0 on success. */
static int graph_parse(PyObject *t, Graph *g)
{
    memset(g, 0, sizeof(*g));
    if (!PyArg_ParseTuple(t, "y*y*y*ny*n:graph", &g->start, &g->target, &g->step, &g->sw,
                          &g->enabled, &g->ew)) {
        return -1;
    }
    g->n = g->start.len / 8 - 1;
    if (g->n < 0 || (uint64_t)(g->target.len / 4) != ((uint64_t *)g->start.buf)[g->n] ||
        g->step.len != g->target.len * g->sw || g->enabled.len != 4 * g->n * g->ew) {
        graph_release(g);
        PyErr_SetString(PyExc_ValueError, "malformed behaviour graph");
        return -1;
    }
    return 0;
}

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

/* A words buffer of exactly sw words (forbid, need). */
static int words_of(Py_buffer *b, const Graph *g, const char *what)
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
        for (uint64_t i = G_START(&g)[u]; i < G_START(&g)[u + 1]; i++) {
            int64_t v = G_TARGET(&g)[i];
            if (dist[v] != LIVE_INF || (allowed != NULL && !allowed[v])) {
                continue;
            }
            int clear = 1;
            for (Py_ssize_t k = 0; k < g.sw; k++) {
                clear &= (G_STEP(&g)[i * g.sw + k] & fw[k]) == 0;
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
        for (uint64_t i = G_START(&g)[e.u]; i < G_START(&g)[e.u + 1]; i++) {
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

/* live_region(pred, pw, tests, also) -> bytearray: 1 for the states where every test
 * (bit, value) of their predicate bits holds (and `also`, a bytearray or None, is 1). */
PyObject *native_live_region(PyObject *module, PyObject *args)
{
    (void)module;
    Py_buffer pred;
    Py_ssize_t pw, n;
    PyObject *tests, *also_obj;
    if (!PyArg_ParseTuple(args, "y*nnO!O:live_region", &pred, &pw, &n, &PyTuple_Type, &tests,
                          &also_obj)) {
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
    if (pred.len != 4 * pw * n ||
        (also_obj != Py_None && (!PyByteArray_Check(also_obj) || PyByteArray_GET_SIZE(also_obj) != n))) {
        PyErr_SetString(PyExc_ValueError, "live_region: malformed arguments");
        goto done;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(tests, k), "np", &bits[k], &values[k])) {
            goto done;
        }
        if (bits[k] < 0 || bits[k] >= 32 * pw) {
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
    const uint32_t *w = pred.buf;
    for (Py_ssize_t u = 0; u < n; u++) {
        int ok = also == NULL || also[u] != 0;
        for (Py_ssize_t k = 0; ok && k < count; k++) {
            ok = (int)((w[u * pw + bits[k] / 32] >> (bits[k] % 32)) & 1) == values[k];
        }
        mark[u] = (char)ok;
    }
done:
    PyMem_Free(bits);
    PyMem_Free(values);
    PyBuffer_Release(&pred);
    return out;
}

/* -- strongly connected sets with a fair cycle ------------------------------------------ */

typedef struct {
    const Graph *g;
    const uint32_t *forbid, *need;
    const Py_ssize_t *conds; /* the WF/SF conditions' bits, in order */
    const int *strong;
    Py_ssize_t nconds;
    const char *accept; /* a state the cycle must visit (NULL: none) */
    uint32_t *mark;     /* mark[v] == stamp: v is in the set at hand */
    uint32_t stamp;
    uint32_t *index, *low; /* Tarjan's, valid where index >= the run's base */
    uint32_t counter;
    char *on;
    uint32_t *stack, *work_u;
    uint64_t *work_i;
} Search;

typedef struct {
    uint32_t *nodes;     /* the components one after the other, each sorted */
    Py_ssize_t *ends;    /* where each ends */
    Py_ssize_t count, size;
} Comps;

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static uint32_t new_stamp(Search *s, const uint32_t *nodes, Py_ssize_t count)
{
    uint32_t m = ++s->stamp;
    for (Py_ssize_t k = 0; k < count; k++) {
        s->mark[nodes[k]] = m;
    }
    return m;
}

/* The strongly connected components of `roots` (the states marked m), as check.py's
 * iterative Tarjan: roots in order, steps in order, only the steps a cycle may take. */
static int tarjan(Search *s, const uint32_t *roots, Py_ssize_t nroots, uint32_t m, Comps *out)
{
    const Graph *g = s->g;
    out->nodes = PyMem_Malloc((size_t)(nroots + 1) * sizeof(uint32_t));
    out->ends = PyMem_Malloc((size_t)(nroots + 1) * sizeof(Py_ssize_t));
    out->count = out->size = 0;
    if (out->nodes == NULL || out->ends == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    if ((uint64_t)s->counter + (uint64_t)nroots + 1 > UINT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "the fair-cycle search numbers too many states");
        return -1;
    }
    uint32_t base = ++s->counter;
    Py_ssize_t top = 0, depth = 0;
    for (Py_ssize_t r = 0; r < nroots; r++) {
        uint32_t root = roots[r];
        if (s->index[root] >= base) {
            continue;
        }
        s->index[root] = s->low[root] = s->counter++;
        s->stack[top++] = root;
        s->on[root] = 1;
        s->work_u[depth] = root;
        s->work_i[depth++] = G_START(g)[root];
        while (depth > 0) {
            uint32_t u = s->work_u[depth - 1];
            uint64_t i = s->work_i[depth - 1];
            if (i < G_START(g)[u + 1]) {
                s->work_i[depth - 1] = i + 1;
                uint32_t v = G_TARGET(g)[i];
                if (s->mark[v] != m || !allows(g, (Py_ssize_t)i, s->forbid, s->need)) {
                    continue;
                }
                if (s->index[v] < base) {
                    s->index[v] = s->low[v] = s->counter++;
                    s->stack[top++] = v;
                    s->on[v] = 1;
                    s->work_u[depth] = v;
                    s->work_i[depth++] = G_START(g)[v];
                } else if (s->on[v] && s->index[v] < s->low[u]) {
                    s->low[u] = s->index[v];
                }
                continue;
            }
            depth--;
            if (depth > 0) {
                uint32_t w = s->work_u[depth - 1];
                if (s->low[u] < s->low[w]) {
                    s->low[w] = s->low[u];
                }
            }
            if (s->low[u] == s->index[u]) {
                Py_ssize_t begin = out->size;
                uint32_t v;
                do {
                    v = s->stack[--top];
                    s->on[v] = 0;
                    out->nodes[out->size++] = v;
                } while (v != u);
                qsort(out->nodes + begin, (size_t)(out->size - begin), sizeof(uint32_t), cmp_u32);
                out->ends[out->count++] = out->size;
            }
        }
    }
    return 0;
}

static void comps_free(Comps *c)
{
    PyMem_Free(c->nodes);
    PyMem_Free(c->ends);
}

/* Whether a step inside the set marked m is an <<A>>_v step of condition bit j. */
static int taken(Search *s, const uint32_t *comp, Py_ssize_t len, uint32_t m, Py_ssize_t j)
{
    const Graph *g = s->g;
    for (Py_ssize_t k = 0; k < len; k++) {
        for (uint64_t i = G_START(g)[comp[k]]; i < G_START(g)[comp[k] + 1]; i++) {
            if (s->mark[G_TARGET(g)[i]] == m && step_bit(g, (Py_ssize_t)i, j) &&
                allows(g, (Py_ssize_t)i, s->forbid, s->need)) {
                return 1;
            }
        }
    }
    return 0;
}

/* check.py's _accepting: 1 with *found (PyMem) the accepting part, 0 none, -1 error. */
static int accepting(Search *s, const uint32_t *comp, Py_ssize_t len, uint32_t **found,
                     Py_ssize_t *flen)
{
    if (s->accept != NULL) {
        int any = 0;
        for (Py_ssize_t k = 0; k < len && !any; k++) {
            any = s->accept[comp[k]] != 0;
        }
        if (!any) {
            return 0;
        }
    }
    uint32_t m = new_stamp(s, comp, len);
    for (Py_ssize_t c = 0; c < s->nconds; c++) {
        Py_ssize_t j = s->conds[c];
        if (taken(s, comp, len, m, j)) {
            continue;
        }
        Py_ssize_t enabled = 0;
        for (Py_ssize_t k = 0; k < len; k++) {
            enabled += enabled_bit(s->g, comp[k], j);
        }
        if (enabled == 0) {
            continue;
        }
        if (!s->strong[c]) {
            if (enabled == len) {
                return 0;
            }
            continue;
        }
        /* Emerson-Lei: the states where it is disabled, and their components in turn */
        uint32_t *rest = PyMem_Malloc((size_t)(len - enabled + 1) * sizeof(uint32_t));
        if (rest == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        Py_ssize_t nrest = 0;
        for (Py_ssize_t k = 0; k < len; k++) {
            if (!enabled_bit(s->g, comp[k], j)) {
                rest[nrest++] = comp[k];
            }
        }
        Comps subs;
        int rc = tarjan(s, rest, nrest, new_stamp(s, rest, nrest), &subs);
        for (Py_ssize_t k = 0; rc == 0 && k < subs.count; k++) {
            Py_ssize_t begin = k == 0 ? 0 : subs.ends[k - 1];
            rc = accepting(s, subs.nodes + begin, subs.ends[k] - begin, found, flen);
            if (rc != 0) {
                break;
            }
        }
        comps_free(&subs);
        PyMem_Free(rest);
        return rc;
    }
    *found = PyMem_Malloc((size_t)(len + 1) * sizeof(uint32_t));
    if (*found == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    memcpy(*found, comp, (size_t)len * sizeof(uint32_t));
    *flen = len;
    return 1;
}

/* live_fair_component(graph, region, dist, forbid, need, conditions, accept) -> the
 * strongly connected set with a fair cycle nearest an initial state (by (distance,
 * state) of its nearest state), as a sorted list, or None: check.py's fair_lasso
 * search over the candidates (region states at a finite distance, increasing), their
 * components through the steps a cycle may take (no `forbid` bit, every `need` bit),
 * each kept if `accept` (None: no test) marks one of its states and every WF/SF
 * condition (bit, strong) is met, SF ones after Emerson and Lei's pruning. */
PyObject *native_live_fair_component(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *gt, *region_obj, *conds_obj, *accept_obj;
    Py_buffer dist_buf, forbid, need;
    Graph g;
    if (!PyArg_ParseTuple(args, "O!O!y*y*y*O!O:live_fair_component", &PyTuple_Type, &gt,
                          &PyByteArray_Type, &region_obj, &dist_buf, &forbid, &need, &PyTuple_Type,
                          &conds_obj, &accept_obj)) {
        return NULL;
    }
    PyObject *out = NULL;
    Search s;
    memset(&s, 0, sizeof(s));
    Py_ssize_t *conds = NULL;
    int *strong = NULL;
    uint32_t *roots = NULL, *best = NULL;
    Comps comps = {NULL, NULL, 0, 0};
    if (graph_parse(gt, &g) < 0) {
        PyBuffer_Release(&dist_buf);
        PyBuffer_Release(&forbid);
        PyBuffer_Release(&need);
        return NULL;
    }
    if (words_of(&forbid, &g, "forbid") < 0 || words_of(&need, &g, "need") < 0) {
        goto done;
    }
    if (PyByteArray_GET_SIZE(region_obj) != g.n || dist_buf.len != 8 * g.n ||
        (accept_obj != Py_None &&
         (!PyByteArray_Check(accept_obj) || PyByteArray_GET_SIZE(accept_obj) != g.n))) {
        PyErr_SetString(PyExc_ValueError, "live_fair_component: a mark or distance per state");
        goto done;
    }
    Py_ssize_t nconds = PyTuple_GET_SIZE(conds_obj);
    conds = PyMem_Malloc((size_t)(nconds + 1) * sizeof(Py_ssize_t));
    strong = PyMem_Malloc((size_t)(nconds + 1) * sizeof(int));
    size_t n1 = (size_t)g.n + 1;
    s.mark = PyMem_Calloc(n1, sizeof(uint32_t));
    s.index = PyMem_Calloc(n1, sizeof(uint32_t));
    s.low = PyMem_Calloc(n1, sizeof(uint32_t));
    s.on = PyMem_Calloc(n1, 1);
    s.stack = PyMem_Malloc(n1 * sizeof(uint32_t));
    s.work_u = PyMem_Malloc(n1 * sizeof(uint32_t));
    s.work_i = PyMem_Malloc(n1 * sizeof(uint64_t));
    roots = PyMem_Malloc(n1 * sizeof(uint32_t));
    if (conds == NULL || strong == NULL || s.mark == NULL || s.index == NULL || s.low == NULL ||
        s.on == NULL || s.stack == NULL || s.work_u == NULL || s.work_i == NULL || roots == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t c = 0; c < nconds; c++) {
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(conds_obj, c), "np", &conds[c], &strong[c])) {
            goto done;
        }
        if (conds[c] < 0 || conds[c] >= 32 * g.sw || conds[c] >= 32 * g.ew) {
            PyErr_SetString(PyExc_IndexError, "live_fair_component: no such condition bit");
            goto done;
        }
    }
    s.g = &g;
    s.forbid = forbid.buf;
    s.need = need.buf;
    s.conds = conds;
    s.strong = strong;
    s.nconds = nconds;
    s.accept = accept_obj == Py_None ? NULL : PyByteArray_AS_STRING(accept_obj);
    const char *region = PyByteArray_AS_STRING(region_obj);
    const int64_t *dist = dist_buf.buf;
    Py_ssize_t nroots = 0;
    for (Py_ssize_t u = 0; u < g.n; u++) {
        if (region[u] && dist[u] < LIVE_INF) {
            roots[nroots++] = (uint32_t)u;
        }
    }
    if (tarjan(&s, roots, nroots, new_stamp(&s, roots, nroots), &comps) < 0) {
        goto done;
    }
    Py_ssize_t best_len = 0;
    int64_t best_d = 0;
    uint32_t best_u = 0;
    for (Py_ssize_t k = 0; k < comps.count; k++) {
        Py_ssize_t begin = k == 0 ? 0 : comps.ends[k - 1];
        uint32_t *found = NULL;
        Py_ssize_t flen = 0;
        int rc = accepting(&s, comps.nodes + begin, comps.ends[k] - begin, &found, &flen);
        if (rc < 0) {
            goto done;
        }
        if (rc == 0) {
            continue;
        }
        uint32_t entry = found[0];
        for (Py_ssize_t q = 1; q < flen; q++) {
            uint32_t u = found[q];
            if (dist[u] < dist[entry] || (dist[u] == dist[entry] && u < entry)) {
                entry = u;
            }
        }
        if (best == NULL || dist[entry] < best_d || (dist[entry] == best_d && entry < best_u)) {
            PyMem_Free(best);
            best = found;
            best_len = flen;
            best_d = dist[entry];
            best_u = entry;
        } else {
            PyMem_Free(found);
        }
    }
    if (best == NULL) {
        out = Py_NewRef(Py_None);
        goto done;
    }
    out = PyList_New(best_len);
    for (Py_ssize_t q = 0; out != NULL && q < best_len; q++) {
        PyObject *item = PyLong_FromUnsignedLong(best[q]);
        if (item == NULL) {
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, q, item);
    }
done:
    comps_free(&comps);
    PyMem_Free(best);
    PyMem_Free(roots);
    PyMem_Free(conds);
    PyMem_Free(strong);
    PyMem_Free(s.mark);
    PyMem_Free(s.index);
    PyMem_Free(s.low);
    PyMem_Free(s.on);
    PyMem_Free(s.stack);
    PyMem_Free(s.work_u);
    PyMem_Free(s.work_i);
    PyBuffer_Release(&dist_buf);
    PyBuffer_Release(&forbid);
    PyBuffer_Release(&need);
    graph_release(&g);
    return out;
}
