/* The orbit fingerprint from a few permutations, for the usual SYMMETRY groups.
 *
 * NOTE(orbit-canonical): when the group is every permutation of each of some classes of
 * model values (Permutations(A) \cup Permutations(B): compile/symmetry.py checks that
 * its size is the product of the classes' factorials), the orbit fingerprint is the least
 * fingerprint of the images under the *candidate* permutations only, not the whole group:
 *
 *  1. each moved model value m gets a signature sig(s, m): a hash of the state where m is
 *     replaced by a mark and every other moved value by its class's token (the others
 *     kept); sequences fold their parts in order, sets and functions add up their
 *     elements' (entries') contributions, so the hash is of the value, not of an order of
 *     it. Renaming by any g of the group changes nothing but which value is marked:
 *     sig(g.s, g(m)) = sig(s, m).
 *  2. the candidates for s are the permutations g of the group that put the values of
 *     each class in the order of their signatures: listing the class's values as
 *     e_0 < ... < e_k-1 (by name), the value g sends to e_i has a signature <= that of the
 *     one g sends to e_i+1. Values of equal signature are tried in every order.
 *
 * By 1, g is a candidate for h.s exactly when g.h is one for s, so the images of h.s under
 * its candidates are those of s under its own: the least fingerprint of them is the same
 * for every state of the orbit, and two states of different orbits have no image in
 * common. The partition of states into orbits, hence every count, is the one the whole
 * group gives (tests/engine/test_symmetry.py compares the two on random states), from
 * n signature walks and usually one image instead of n! images. A state with values of
 * equal signature (often a symmetric one: its images under swapping them are itself)
 * tries their orders; at worst every permutation, as without the signatures.
 *
 * Signatures of compound values are cached with the images (orbit.c's table, keyed by
 * (object, -1 - marked value)); the permutations are numbered (their index in `maps`) by
 * the lexicographic rank of each class's permutation, in mixed radix, as
 * compile/symmetry.py numbers them.
 */

#include "native.h"

#define CANON_MAX_MOVED 64

typedef struct {
    ImageWalk walk;         /* first: a Sig is the walk's owner; its key is -1 - mark */
    PyObject *const *moved; /* borrowed: every moved model value, class after class */
    const int *cls;         /* the class of each */
    Py_ssize_t n;
    Py_ssize_t mark;        /* the index of the marked value */
} Sig;

static int sig_model_value(ImageWalk *w, PyObject *v, uint64_t *out)
{
    Sig *s = (Sig *)w;
    for (Py_ssize_t i = 0; i < s->n; i++) {
        if (s->moved[i] == v) {
            uint64_t token = i == s->mark ? 0x6d61726bULL : 0x636c6173ULL + (uint64_t)s->cls[i];
            *out = fp_combine(fp_start(TAG_MODEL_VALUE), token);
            return 0;
        }
    }
    return fp_value(w->st, v, out);
}

static int sig_fcn(ImageWalk *w, PyObject *f, uint64_t *out)
{
    PyObject *keys = fcn_keys(f);
    if (keys == NULL) {
        return -1;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(keys);
    uint64_t sum = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t k, v;
        if (image_walk_value(w, PyTuple_GET_ITEM(keys, i), &k) < 0 ||
            image_walk_value(w, PyTuple_GET_ITEM(f, i + 2), &v) < 0) {
            return -1;
        }
        sum += fp_set_elem(fp_combine(k, v));
    }
    *out = fp_combine(fp_combine(fp_start(TAG_FCN), (uint64_t)n), sum);
    return 0;
}

/* The moved values (class after class) and their classes, from `classes` (a tuple of
 * tuples of model values); the number of values, or -1 with an exception set. */
static Py_ssize_t read_classes(PyObject *classes, PyObject **moved, int *cls, Py_ssize_t *start)
{
    Py_ssize_t n = 0, nc = PyTuple_GET_SIZE(classes);
    for (Py_ssize_t c = 0; c < nc; c++) {
        PyObject *members = PyTuple_GET_ITEM(classes, c);
        if (!PyTuple_CheckExact(members) || n + PyTuple_GET_SIZE(members) > CANON_MAX_MOVED) {
            PyErr_SetString(PyExc_TypeError, "orbit_canonical: classes are tuples, at most "
                                             "64 values in all");
            return -1;
        }
        start[c] = n;
        for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(members); j++) {
            moved[n] = PyTuple_GET_ITEM(members, j);
            cls[n++] = (int)c;
        }
    }
    start[nc] = n;
    return n;
}

/* The next arrangement of a[0..k) in lexicographic order; 0 (and a sorted again) after
 * the last. */
static int next_arrangement(int *a, Py_ssize_t k)
{
    Py_ssize_t i = k - 2;
    while (i >= 0 && a[i] >= a[i + 1]) {
        i--;
    }
    Py_ssize_t lo = i + 1, hi = k - 1;
    if (i >= 0) {
        Py_ssize_t j = k - 1;
        while (a[j] <= a[i]) {
            j--;
        }
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
    for (; lo < hi; lo++, hi--) {
        int t = a[lo];
        a[lo] = a[hi];
        a[hi] = t;
    }
    return i >= 0;
}

/* The candidate's number: order[p] is the value sent to position p. */
static Py_ssize_t candidate_rank(const int *order, const Py_ssize_t *start, Py_ssize_t nc)
{
    Py_ssize_t rank = 0, base = 1;
    for (Py_ssize_t c = 0; c < nc; c++) {
        Py_ssize_t o = start[c], k = start[c + 1] - o, lehmer = 0, fact = 1;
        int image[CANON_MAX_MOVED];
        for (Py_ssize_t p = o; p < o + k; p++) {
            image[order[p] - o] = (int)(p - o);
        }
        for (Py_ssize_t j = k - 1; j >= 0; j--) { /* digits from the last */
            Py_ssize_t smaller = 0;
            for (Py_ssize_t l = j + 1; l < k; l++) {
                smaller += image[l] < image[j];
            }
            lehmer += smaller * fact;
            fact *= k - j;
        }
        rank += lehmer * base;
        base *= fact;
    }
    return rank;
}

/* Sorts each class's values by signature (insertion sort; equal ones by index) into
 * order, and marks where each run of equal signatures starts (tie[p]). */
static void sort_by_signature(const uint64_t *sig, const Py_ssize_t *start, Py_ssize_t nc,
                              int *order, char *tie)
{
    for (Py_ssize_t c = 0; c < nc; c++) {
        for (Py_ssize_t p = start[c]; p < start[c + 1]; p++) {
            Py_ssize_t q = p;
            while (q > start[c] && sig[order[q - 1]] > sig[p]) {
                order[q] = order[q - 1];
                q--;
            }
            order[q] = (int)p;
        }
        for (Py_ssize_t p = start[c]; p < start[c + 1]; p++) {
            tie[p] = p == start[c] || sig[order[p]] != sig[order[p - 1]];
        }
    }
}

/* The next candidate (every run of equal signatures in every order, as an odometer); 0
 * after the last. */
static int next_candidate(int *order, const char *tie, Py_ssize_t n)
{
    for (Py_ssize_t p = 0; p < n;) {
        Py_ssize_t q = p + 1;
        while (q < n && !tie[q]) {
            q++;
        }
        if (q - p > 1 && next_arrangement(order + p, q - p)) {
            return 1;
        }
        p = q;
    }
    return 0;
}

/* orbit_canonical(state, classes, maps, renamers, cache) (NOTE(orbit-canonical)). */
PyObject *native_orbit_canonical(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    NativeState *st = get_state(module);
    if (require_configured(st) < 0) {
        return NULL;
    }
    if (nargs != 5 || !PyTuple_CheckExact(args[0]) || !PyTuple_CheckExact(args[1]) ||
        !PyTuple_CheckExact(args[2]) || !PyTuple_CheckExact(args[3]) ||
        PyTuple_GET_SIZE(args[2]) != PyTuple_GET_SIZE(args[3]) ||
        PyTuple_GET_SIZE(args[1]) >= CANON_MAX_MOVED) {
        PyErr_SetString(PyExc_TypeError, "orbit_canonical(state, classes, maps, renamers, "
                                         "cache): tuples, maps and renamers of equal size");
        return NULL;
    }
    OrbitEntry *cache = orbit_table(args[4]);
    if (cache == NULL) {
        return NULL;
    }
    PyObject *state = args[0], *moved[CANON_MAX_MOVED];
    int cls[CANON_MAX_MOVED], order[CANON_MAX_MOVED];
    Py_ssize_t start[CANON_MAX_MOVED + 1], nc = PyTuple_GET_SIZE(args[1]);
    Py_ssize_t n = read_classes(args[1], moved, cls, start);
    if (n < 0) {
        return NULL;
    }
    uint64_t sig[CANON_MAX_MOVED];
    for (Py_ssize_t m = 0; m < n; m++) {
        Sig s = {{st, cache, -1 - m, sig_model_value, sig_fcn}, moved, cls, n, m};
        if (image_walk_tuple(&s.walk, state, &sig[m]) < 0) {
            return NULL;
        }
    }
    char tie[CANON_MAX_MOVED];
    sort_by_signature(sig, start, nc, order, tie);
    uint64_t best = UINT64_MAX;
    do {
        Py_ssize_t rank = candidate_rank(order, start, nc);
        if (rank >= PyTuple_GET_SIZE(args[2])) {
            PyErr_SetString(PyExc_ValueError, "orbit_canonical: a permutation out of range");
            return NULL;
        }
        uint64_t h;
        if (orbit_image_fp(st, state, PyTuple_GET_ITEM(args[2], rank),
                           PyTuple_GET_ITEM(args[3], rank), rank, cache, &h) < 0) {
            return NULL;
        }
        best = h < best ? h : best;
    } while (next_candidate(order, tie, n));
    return PyLong_FromUnsignedLongLong(best);
}
