/* The VisitedSet table in C: probing, growth, insertion, statistics (NOTE(visited-layout)
 * in visited.h). Nothing here knows about Python objects except to set MemoryError. */

#include "visited.h"

static uint32_t *new_table(size_t slots)
{
    uint32_t *table = PyMem_Malloc(slots * sizeof(uint32_t));
    if (table != NULL) {
        memset(table, 0xFF, slots * sizeof(uint32_t));
    }
    return table;
}

static int grow_table(VisitedSet *s)
{
    size_t slots = s->slots + s->slots / 2;
    uint32_t *table = new_table(slots);
    if (table == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (uint32_t id = 0; id < s->count; id++) {
        if ((uint64_t)id + 4 * PREFETCH_DISTANCE < s->count) {
            prefetch(&table[home_slot(s->fps[id + 4 * PREFETCH_DISTANCE], slots)]);
        }
        size_t i = home_slot(s->fps[id], slots);
        while (table[i] != EMPTY_SLOT) {
            if (++i == slots) {
                i = 0;
            }
        }
        table[i] = id;
    }
    PyMem_Free(s->table);
    s->table = table;
    s->slots = slots;
    s->slot_limit = slots / 4 * 3;
    return 0;
}

static int resize_dense(VisitedSet *s, uint32_t capacity)
{
    uint64_t *fps = PyMem_Realloc(s->fps, (size_t)capacity * sizeof(uint64_t));
    if (fps != NULL) {
        s->fps = fps;
    }
    uint32_t *parents = PyMem_Realloc(s->parents, (size_t)capacity * sizeof(uint32_t));
    if (parents != NULL) {
        s->parents = parents;
    }
    uint16_t *actions = PyMem_Realloc(s->actions, (size_t)capacity * sizeof(uint16_t));
    if (actions != NULL) {
        s->actions = actions;
    }
    if (fps == NULL || parents == NULL || actions == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    s->capacity = capacity;
    return 0;
}

static int grow_dense(VisitedSet *s)
{
    uint64_t step = s->capacity / 8 > INITIAL_STATES ? s->capacity / 8 : INITIAL_STATES;
    uint64_t capacity = s->capacity + step;
    if (capacity > MAX_STATES) {
        capacity = MAX_STATES;
    }
    if (capacity <= s->capacity) {
        PyErr_SetString(PyExc_OverflowError, "VisitedSet is full (2**32 - 1 states)");
        return -1;
    }
    return resize_dense(s, (uint32_t)capacity);
}

int64_t vs_add(VisitedSet *s, uint64_t fp, uint32_t parent, uint16_t action)
{
    if (parent != NO_PARENT && parent >= s->count) {
        PyErr_Format(PyExc_ValueError, "parent id %lu is not a stored state",
                     (unsigned long)parent);
        return -2;
    }
    size_t slot = probe(s, fp);
    if (s->table[slot] != EMPTY_SLOT) {
        return -1;
    }
    if (s->count >= s->capacity && grow_dense(s) < 0) {
        return -2;
    }
    if (s->count + 1 > s->slot_limit) {
        if (grow_table(s) < 0) {
            return -2;
        }
        slot = probe(s, fp);
    }
    uint32_t id = s->count++;
    s->fps[id] = fp;
    s->parents[id] = parent;
    s->actions[id] = action;
    s->table[slot] = id;
    return id;
}

int vs_init(VisitedSet *s)
{
    s->table = new_table(INITIAL_SLOTS);
    s->slots = INITIAL_SLOTS;
    s->slot_limit = INITIAL_SLOTS / 4 * 3;
    if (s->table == NULL || resize_dense(s, INITIAL_STATES) < 0) {
        if (!PyErr_Occurred()) {
            PyErr_NoMemory();
        }
        return -1;
    }
    return 0;
}

void vs_release(VisitedSet *s)
{
    PyMem_Free(s->fps);
    PyMem_Free(s->parents);
    PyMem_Free(s->actions);
    PyMem_Free(s->table);
}

size_t vs_memory(const VisitedSet *s)
{
    size_t per_state = sizeof(uint64_t) + sizeof(uint32_t) + sizeof(uint16_t);
    return (size_t)s->capacity * per_state + s->slots * sizeof(uint32_t);
}

/* LSD radix sort of n 64-bit keys, one byte per pass, through `buf` (room for n keys).
 * After the eight passes (an even number) the sorted keys are back in `keys`. */
static void radix_sort_u64(uint64_t *keys, uint64_t *buf, size_t n)
{
    uint64_t *from = keys, *to = buf;
    for (int shift = 0; shift < 64; shift += 8) {
        size_t counts[257] = {0};
        for (size_t i = 0; i < n; i++) {
            counts[((from[i] >> shift) & 0xFF) + 1]++;
        }
        for (int b = 0; b < 256; b++) {
            counts[b + 1] += counts[b];
        }
        for (size_t i = 0; i < n; i++) {
            to[counts[(from[i] >> shift) & 0xFF]++] = from[i];
        }
        uint64_t *swap = from;
        from = to;
        to = swap;
    }
}


int vs_min_gap(const VisitedSet *s, uint64_t *gap)
{
    size_t n = s->count;
    *gap = 0;
    if (n < 2) {
        return 0;
    }
    uint64_t *keys = PyMem_Malloc(2 * n * sizeof(uint64_t));
    if (keys == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    memcpy(keys, s->fps, n * sizeof(uint64_t));
    radix_sort_u64(keys, keys + n, n);
    *gap = UINT64_MAX;
    for (size_t i = 1; i < n; i++) {
        uint64_t d = keys[i] - keys[i - 1];
        *gap = d < *gap ? d : *gap;
    }
    PyMem_Free(keys);
    return 0;
}
