/* The signal a worker process receives when its parent dies (NOTE(worker-lifetime) in
 * checker/engine/workers.py).
 *
 * parent_death_signal(sig) asks Linux (prctl PR_SET_PDEATHSIG) to send `sig` to the
 * calling process when the thread that forked it ends, which happens at the latest when
 * the parent process dies, however it dies (SIGKILL included). It returns True once set,
 * False where the system has no such request (the caller then relies on its pipes
 * reaching end of file). The setting does not survive fork; the caller must still check
 * that its parent has not died before the call (getppid).
 */

#include "native.h"

#include <errno.h>
#include <signal.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

PyObject *native_parent_death_signal(PyObject *module, PyObject *arg)
{
    (void)module;
    long sig = PyLong_AsLong(arg);
    if (sig == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (sig <= 0 || sig >= NSIG) {
        PyErr_Format(PyExc_ValueError, "not a signal number: %ld", sig);
        return NULL;
    }
#ifdef __linux__
    if (prctl(PR_SET_PDEATHSIG, (unsigned long)sig, 0UL, 0UL, 0UL) != 0) {
        return PyErr_SetFromErrno(PyExc_OSError);
    }
    Py_RETURN_TRUE;
#else
    Py_RETURN_FALSE;
#endif
}
