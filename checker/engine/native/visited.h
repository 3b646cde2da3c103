/* The VisitedSet store, shared by visited_table.c (the table in C) and visited.c (its
 * Python type).
 *
 * NOTE(visited-layout): per state 14 bytes in dense arrays indexed by id (fingerprint,
 * parent id, action index) plus an open-addressing table of 4-byte ids. The dense arrays
 * grow by 1/8 (after 8192 states) and the table by 1/2 at load 3/4, so at steady state a
 * state costs at most 14 * 9/8 + 4 / (3/4 / (3/2)) = 23.75 bytes, typically about 20. The
 * table is not a power of two: a slot is the high half of mix(fp) * capacity, so growth
 * by 1.5 needs no masking and sequential fingerprints still spread out. */


#ifndef CHECKER_NATIVE_VISITED_H
#define CHECKER_NATIVE_VISITED_H

#include "native.h"

#define EMPTY_SLOT 0xFFFFFFFFu
#define MAX_STATES 0xFFFFFFFEu
#define INITIAL_STATES 1024u
#define INITIAL_SLOTS 2048u

typedef struct {
    PyObject_HEAD
    uint64_t *fps;
    uint32_t *parents;
    uint16_t *actions;
    uint32_t count;
    uint32_t capacity;
    uint32_t *table;
    size_t slots;
    size_t slot_limit;
} VisitedSet;

static inline uint64_t mulhi64(uint64_t a, uint64_t b)
{
#ifdef __SIZEOF_INT128__
    return (uint64_t)(((unsigned __int128)a * b) >> 64);
#else
    uint64_t a_lo = (uint32_t)a, a_hi = a >> 32, b_lo = (uint32_t)b, b_hi = b >> 32;
    uint64_t mid1 = a_hi * b_lo + ((a_lo * b_lo) >> 32);
    uint64_t mid2 = a_lo * b_hi + (uint32_t)mid1;
    return a_hi * b_hi + (mid1 >> 32) + (mid2 >> 32);
#endif
}

static inline size_t home_slot(uint64_t fp, size_t slots)
{
    return (size_t)mulhi64(fmix64(fp), (uint64_t)slots);
}


/* The slot holding fp's id, or the empty slot where it would go. */
static inline size_t probe(const VisitedSet *s, uint64_t fp)
{
    size_t i = home_slot(fp, s->slots);
    for (;;) {
        uint32_t id = s->table[i];
        if (id == EMPTY_SLOT || s->fps[id] == fp) {
            return i;
        }
        if (++i == s->slots) {
            i = 0;
        }
    }
}

static inline int64_t vs_find(const VisitedSet *s, uint64_t fp)
{
    uint32_t id = s->table[probe(s, fp)];
    return id == EMPTY_SLOT ? -1 : (int64_t)id;
}


/* Memory-level parallelism: while state i is added, the table slot of state i + 2d and
 * the stored fingerprints probed first for state i + d are already on their way. */
#define PREFETCH_DISTANCE 8
#define PREFETCH_PROBES 4

static inline void prefetch(const void *p) { native_prefetch(p); }


/* Allocate the arrays of a zeroed VisitedSet: 0, or -1 with an exception set. */
NATIVE_INTERNAL int vs_init(VisitedSet *s);

/* Free the arrays of a VisitedSet (not the object). */
NATIVE_INTERNAL void vs_release(VisitedSet *s);

/* Add one state: its new id, -1 if fp was already present, -2 on error. */
NATIVE_INTERNAL int64_t vs_add(VisitedSet *s, uint64_t fp, uint32_t parent, uint16_t action);

/* Bytes allocated for the dense arrays and the table. */
NATIVE_INTERNAL size_t vs_memory(const VisitedSet *s);

/* The smallest difference between two stored fingerprints (0 with fewer than two) in
 * *gap: 0, or -1 with an exception set. */
NATIVE_INTERNAL int vs_min_gap(const VisitedSet *s, uint64_t *gap);

#endif /* CHECKER_NATIVE_VISITED_H */
