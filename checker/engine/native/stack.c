/* The C stack and Python's recursion budget of the running thread (NOTE(deep-recursion) in
 * checker/stack.py).
 *
 * stack_low() tells the evaluator when to continue a recursive TLA+ call on a fresh thread:
 * when a quarter of the thread's C stack or of Python's recursion budget is left;
 * stack_used() how much of its C stack the thread has used. The
 * recursive C functions on values (fingerprint.c, order.c, codec.c, codec_decode.c) call
 * native_stack_exhausted() and raise RecursionError ("nested too deeply") instead of
 * running off the end of the stack, whatever the recursion limit.
 *
 * The bounds of a thread's stack are read once (pthread_getattr_np) and kept in
 * thread-local variables: a per-thread constant, not mutable state. deep_enter/deep_exit
 * raise the interpreter's recursion limit while deep threads (big stacks) run and restore
 * it after the last one; their count lives in the module state.
 */

#include "native.h" /* Python.h defines _GNU_SOURCE, for pthread_getattr_np */

#include <pthread.h>

#define NATIVE_STACK_RESERVE (256 * 1024) /* bytes kept free below the recursive C code */

static _Thread_local uintptr_t stack_lo;  /* lowest address of this thread's stack */
static _Thread_local size_t stack_bytes;  /* its size; 0 until read, 1 if unknown */

static void read_stack_bounds(void)
{
    pthread_attr_t attr;
    void *addr = NULL;
    size_t size = 0;
    stack_bytes = 1;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) {
        return;
    }
    if (pthread_attr_getstack(&attr, &addr, &size) == 0 && size > 0) {
        stack_lo = (uintptr_t)addr;
        stack_bytes = size;
    }
    pthread_attr_destroy(&attr);
}

/* Bytes of C stack left below the caller, or -1 if unknown. */
static Py_ssize_t stack_room(void)
{
    if (stack_bytes == 0) {
        read_stack_bounds();
    }
    if (stack_bytes == 1) {
        return -1;
    }
    char here;
    uintptr_t sp = (uintptr_t)&here;
    return sp > stack_lo ? (Py_ssize_t)(sp - stack_lo) : 0;
}

int native_stack_exhausted(void)
{
    Py_ssize_t room = stack_room();
    if (room >= 0 && room < NATIVE_STACK_RESERVE) {
        PyErr_SetString(PyExc_RecursionError, "a value nested too deeply for the C stack");
        return 1;
    }
    return 0;
}

static void recursion_budget(int *left, int *limit)
{
    PyThreadState *ts = PyThreadState_Get();
#if PY_VERSION_HEX >= 0x030C0000
    *left = ts->py_recursion_remaining;
    *limit = ts->py_recursion_limit;
#else
    *left = ts->recursion_remaining;
    *limit = ts->recursion_limit;
#endif
}

PyObject *native_stack_low(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    Py_ssize_t room = stack_room();
    if (room >= 0 && (size_t)room < stack_bytes / 4) {
        Py_RETURN_TRUE;
    }
    int left, limit;
    recursion_budget(&left, &limit);
    return PyBool_FromLong(left < limit / 4);
}

PyObject *native_stack_used(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    Py_ssize_t room = stack_room();
    return PyLong_FromSsize_t(room < 0 ? 0 : (Py_ssize_t)stack_bytes - room);
}

PyObject *native_stack_size(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    if (stack_bytes == 0) {
        read_stack_bounds();
    }
    return PyLong_FromSize_t(stack_bytes == 1 ? 0 : stack_bytes);
}

PyObject *native_deep_enter(PyObject *module, PyObject *arg)
{
    long limit = PyLong_AsLong(arg);
    if (limit == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (limit <= 0 || limit > INT_MAX) {
        PyErr_SetString(PyExc_ValueError, "deep_enter(): the limit must be a positive int");
        return NULL;
    }
    NativeState *st = get_state(module);
    if (st->deep_threads++ == 0) {
        st->saved_recursion_limit = Py_GetRecursionLimit();
    }
    if (limit > Py_GetRecursionLimit()) {
        Py_SetRecursionLimit((int)limit);
    }
    Py_RETURN_NONE;
}

PyObject *native_deep_exit(PyObject *module, PyObject *unused)
{
    (void)unused;
    NativeState *st = get_state(module);
    if (st->deep_threads > 0 && --st->deep_threads == 0) {
        Py_SetRecursionLimit(st->saved_recursion_limit);
    }
    Py_RETURN_NONE;
}

PyObject *native_interrupt_thread(PyObject *module, PyObject *arg)
{
    (void)module;
    unsigned long ident = PyLong_AsUnsignedLong(arg);
    if (ident == (unsigned long)-1 && PyErr_Occurred()) {
        return NULL;
    }
    return PyLong_FromLong(PyThreadState_SetAsyncExc(ident, PyExc_KeyboardInterrupt));
}

PyObject *native_raise_in_thread(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "raise_in_thread(ident, exc_type, armed)");
        return NULL;
    }
    unsigned long ident = PyLong_AsUnsignedLong(args[0]);
    if (ident == (unsigned long)-1 && PyErr_Occurred()) {
        return NULL;
    }
    PyObject *exc = args[1];
    if (exc == Py_None) { /* clears the thread's pending asynchronous exception */
        return PyLong_FromLong(PyThreadState_SetAsyncExc(ident, NULL));
    }
    if (!PyExceptionClass_Check(exc) || !PyList_Check(args[2])
        || PyList_GET_SIZE(args[2]) < 1) {
        PyErr_SetString(PyExc_TypeError, "raise_in_thread: an exception class and a list");
        return NULL;
    }
    /* the check and the shot happen under the GIL, with no Python code in between: once
     * the target has stored False in armed[0], no shot can follow */
    if (PyList_GET_ITEM(args[2], 0) != Py_True) {
        return PyLong_FromLong(0);
    }
    return PyLong_FromLong(PyThreadState_SetAsyncExc(ident, exc));
}
