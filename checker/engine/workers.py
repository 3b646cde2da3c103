"""The worker processes of the parallel search: started so that they die with their
parent, watched so that the parent never waits for ever on one that died or stopped.

NOTE(worker-lifetime):
- A worker dies with its parent. Right after the fork it asks for SIGKILL at its
  parent's death (prctl PR_SET_PDEATHSIG: native `parent_death_signal`), then checks that
  its parent is still the process that forked it (the parent may have died before the
  request). It closes the parent's ends of the socket pairs it inherited (its own and the
  earlier workers'), so a parent's death is also an end of file for every worker. Linux
  sends the signal when the *thread* that forked the worker ends: the search's thread
  starts and stops its workers, and outlives them.
- The parent never waits on a worker blindly (engine/channel.py): while it waits it
  checks the time limit and, every HEALTH_EVERY seconds, its workers' health:
    * a worker killed by a signal from outside (SIGKILL, SIGTERM, the kernel's
      out-of-memory killer...) is E508, exit 2: the search could not finish, for a cause
      that is neither the spec's result nor a bug of the checker;
    * a worker that crashed (SIGSEGV, SIGABRT... or exited with a status) or raised an
      unexpected exception (it sends its traceback, then exits) is an InternalError,
      exit 4: a bug;
    * a worker found stopped (state T in /proc/PID/stat: SIGSTOP, SIGTSTP) by
      STOPPED_CHECKS checks in a row (about 5 s) is E508: the search is ended rather
      than wait for ever. A worker under a debugger (state t) is left alone, and so are
      workers stopped with their parent (Ctrl-Z): a stopped parent does not count.
- close() closes the parent's ends (a worker waiting for work reads end of file and
  exits), waits up to a second, then terminates and at last kills what is left; a
  stopped worker is killed at once (it would only act on SIGKILL).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import select
import signal
import socket
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from checker.diagnostics import CheckerError, Diagnostic, InternalError
from checker.engine.channel import TICK, Channel, Closed
from checker.engine.messages import Crashed
from checker.engine.native import parent_death_signal

HEALTH_EVERY = 0.5  # seconds between two looks at the workers' processes
STOPPED_CHECKS = 10  # looks in a row that find a worker stopped before giving up on it
GRACE_S = 1.0  # seconds a worker has to exit at close, then to terminate
# signals a process raises itself when it crashes: a bug, not a kill from outside
CRASH_SIGNALS = frozenset(
    {signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGFPE, signal.SIGABRT, signal.SIGSYS}
)

Handler = Callable[[Any], Any]  # a worker's answer to one message


@dataclass
class _Worker:
    index: int  # from 1, as users count
    process: BaseProcess
    pid: int
    channel: Channel
    stopped: int = 0  # consecutive looks that found it stopped


class Workers:
    """N worker processes, each running `serve(channel)`; messages to and replies
    from them. `wait` runs whenever the parent would block (it checks the time limit)."""

    def __init__(
        self, count: int, serve: Callable[[Channel], None], wait: Callable[[], None]
    ) -> None:
        self.wait = wait
        self.workers: list[_Worker] = []
        self.closed = False
        self.last_look = time.monotonic()
        ctx = multiprocessing.get_context("fork")
        parent_pid = os.getpid()
        ends: list[socket.socket] = []  # the parent's ends so far: each child closes them
        try:
            for index in range(1, count + 1):
                mine, theirs = socket.socketpair()
                ends.append(mine)
                args = (theirs, list(ends), parent_pid, serve)
                proc = ctx.Process(target=_child, args=args, daemon=True)
                try:
                    proc.start()
                finally:
                    theirs.close()
                assert proc.pid is not None  # started
                channel = Channel(mine, blocking=False)
                self.workers.append(_Worker(index, proc, proc.pid, channel))
        except BaseException:  # the workers started so far are ended, then it goes on
            self.close()
            for end in ends:
                end.close()
            raise

    def __len__(self) -> int:
        return len(self.workers)

    def pids(self) -> list[int]:
        return [w.pid for w in self.workers]

    def send(self, w: int, message: Any) -> None:
        worker = self.workers[w]
        try:
            worker.channel.send(message, self.watch)
        except Closed:
            raise self.lost(worker) from None

    def receive(self, w: int) -> Any:
        worker = self.workers[w]
        try:
            return _checked(worker, worker.channel.receive(self.watch))
        except Closed:
            raise self.lost(worker) from None

    def gather(self) -> list[Any]:
        """One reply from each worker, in worker order."""
        replies: dict[int, Any] = {}
        while len(replies) < len(self.workers):
            waiting = [w for w in self.workers if w.index not in replies]
            readable, _, _ = select.select([w.channel for w in waiting], [], [], TICK)
            for worker in waiting:
                try:
                    if worker.channel in readable:
                        worker.channel.fill()
                    found, message = worker.channel.take()
                except Closed:
                    raise self.lost(worker) from None
                if found:
                    replies[worker.index] = _checked(worker, message)
            if not readable:
                self.watch()
        return [replies[w.index] for w in self.workers]

    def watch(self) -> None:
        """The parent's duty while it waits: the time limit, then the workers' health."""
        self.wait()
        now = time.monotonic()
        if now - self.last_look < HEALTH_EVERY:
            return
        parent_was_stopped = now - self.last_look > 4 * HEALTH_EVERY
        self.last_look = now
        for worker in self.workers:
            if worker.process.exitcode is not None:
                raise self.lost(worker)
            if _state(worker.pid) != "T" or parent_was_stopped:
                worker.stopped = 0
                continue
            worker.stopped += 1
            if worker.stopped >= STOPPED_CHECKS:
                raise CheckerError((_stopped(worker, len(self.workers)),))

    def lost(self, worker: _Worker) -> Exception:
        """What to raise for a worker whose channel closed or whose process ended: what
        it said last if that was its crash, else what its exit status says."""
        with contextlib.suppress(Closed):
            while select.select([worker.channel], [], [], 0)[0]:
                worker.channel.fill()
        found, message = worker.channel.take()
        if found:
            _checked(worker, message)  # raises if it reports a crash
        worker.process.join(timeout=GRACE_S)  # its channel closes as it exits
        return _lost(worker, len(self.workers))

    def close(self) -> None:
        """End the workers: end of file first, then SIGTERM, then SIGKILL, each after
        GRACE_S seconds (a worker expanding a level reads no message meanwhile). Once."""
        if self.closed:
            return
        self.closed = True
        for worker in self.workers:
            worker.channel.close()
            if _state(worker.pid) == "T":  # it would wait for SIGCONT
                worker.process.kill()
        self._join_all()
        for worker in self.workers:
            if worker.process.is_alive():
                worker.process.terminate()
        self._join_all()
        for worker in self.workers:
            if worker.process.is_alive():
                worker.process.kill()  # stopped processes ignore SIGTERM
                worker.process.join()
            worker.process.close()  # its sentinel's pipe: a check in a loop leaks no fds

    def _join_all(self) -> None:
        deadline = time.monotonic() + GRACE_S
        for worker in self.workers:
            worker.process.join(timeout=max(0.0, deadline - time.monotonic()))


# -- the child's side -------------------------------------------------------------------


def _child(
    sock: socket.socket,
    inherited: list[socket.socket],
    parent_pid: int,
    serve: Callable[[Channel], None],
) -> None:
    """A worker's life (NOTE(worker-lifetime)): bound to its parent, then serving."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops us
    parent_death_signal(signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the request: nobody to serve
        return
    for end in inherited:
        end.close()
    channel = Channel(sock)
    try:
        serve(channel)
    except Closed:  # the parent is gone
        return
    except Exception as exc:  # not swallowed: sent to the parent, which reports a bug
        with contextlib.suppress(Closed):
            channel.put(Crashed(type(exc).__name__, _summary(exc), traceback.format_exc()))


def _summary(exc: Exception) -> str:
    """`Type: message (at file:line in function)`, the innermost frame."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = ""
    if frames:
        last = frames[-1]
        where = f" (at {Path(last.filename).name}:{last.lineno} in {last.name})"
    return f"{type(exc).__name__}: {exc}{where}"


# -- the parent's diagnoses -------------------------------------------------------------


def _name(worker: _Worker, count: int) -> str:
    return f"worker {worker.index} of {count} (pid {worker.pid})"


def _checked(worker: _Worker, message: Any) -> Any:
    """The reply itself, unless the worker reports that it crashed."""
    if isinstance(message, Crashed):
        if message.kind == "MemoryError":
            raise MemoryError(f"worker {worker.index} (pid {worker.pid}): {message.summary}")
        raise InternalError(f"worker {worker.index} failed: {message.summary}", message.details)
    return message


def _lost(worker: _Worker, count: int) -> Exception:
    name = _name(worker, count)
    code = worker.process.exitcode
    if code is None:
        return InternalError(f"{name} closed its channel but is still running")
    if code >= 0:
        return InternalError(f"{name} exited with status {code} in the middle of the search")
    signame = _signal_name(-code)
    if -code in CRASH_SIGNALS:
        return InternalError(f"{name} crashed ({signame})")
    return CheckerError(
        (
            Diagnostic(
                "E508",
                f"{name} was killed by {signame}; the search cannot finish without the "
                "states it held",
                hint="a process outside the checker sent that signal, or the system's "
                "out-of-memory killer did (see `dmesg`); nothing in the spec caused it. "
                "Run the check again (with fewer --workers if memory ran short)",
            ),
        )
    )


def _stopped(worker: _Worker, count: int) -> Diagnostic:
    seconds = STOPPED_CHECKS * HEALTH_EVERY
    return Diagnostic(
        "E508",
        f"{_name(worker, count)} has been stopped (SIGSTOP or SIGTSTP) for {seconds:g} s; "
        "the search was ended rather than wait for it",
        hint="a process outside the checker stopped that worker; to pause a check, stop "
        "the whole process group (Ctrl-Z, or kill -STOP -PGID) and resume it with SIGCONT",
    )


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:  # a real-time signal has no name in the enum
        return f"signal {number}"


def _state(pid: int) -> str | None:
    """The process's state letter in /proc/PID/stat (R, S, T, t, Z...); None where there
    is no /proc or the process is gone (its exit is seen through its status)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return stat[stat.rindex(")") + 2 : stat.rindex(")") + 3]  # after "pid (comm) "
