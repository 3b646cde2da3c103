/* The strongly connected sets with a fair cycle (check.py's search, NOTE(fair-cycles)):
 * Tarjan's algorithm without recursion over the candidates, then for each set the WF/SF
 * conditions, SF ones with Emerson and Lei's pruning (recursion only on conditions:
 * each level has one strong condition fewer enabled). */

#include "cycles.h"

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
        s->work_i[depth++] = g_start(g, root);
        while (depth > 0) {
            uint32_t u = s->work_u[depth - 1];
            uint64_t i = s->work_i[depth - 1];
            if (i < g_start(g, u + 1)) {
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
                    s->work_i[depth++] = g_start(g, v);
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
        for (uint64_t i = g_start(g, comp[k]); i < g_start(g, comp[k] + 1); i++) {
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
        if (conds[c] < 0 || conds[c] >= 8 * g.sb * g.sw || conds[c] >= 8 * g.eb * g.ew) {
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
