"""A thin wrapper around one Z3 solver: scopes, per-query timeout, progress, Ctrl-C.

`check` runs Z3 in a helper thread (Z3 releases the GIL) so that the calling thread
can report progress every `tick` seconds through the observer and, on Ctrl-C, interrupt
Z3 and re-raise KeyboardInterrupt. Nothing here prints.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

import z3

from checker.symbolic.result import QueryProgress, SymbolicObserver
from checker.symbolic.symvals import (
    SChoice,
    SFun,
    SInt,
    SSet,
    SymVal,
)
from checker.symbolic.terms import Cond
from checker.values import LazySet, Value, fcn_from_sorted

Answer = Literal["sat", "unsat", "unknown"]


class Solver:
    """Two Z3 solvers kept in step. NOTE(two-solvers): the finite-domain solver
    (QF_FD: bounded integers and Booleans, bit-blasted to SAT) is much faster on our
    encodings (a Paxos bmc query: 2 s instead of 8 s), but gives up on unbounded or
    nonlinear integers; the general solver then answers the same query."""

    def __init__(
        self,
        ctx: z3.Context,
        timeout_s: float | None,
        observer: SymbolicObserver | None,
        tick: float = 0.5,
    ) -> None:
        self.ctx = ctx
        self.solvers = (z3.SolverFor("QF_FD", ctx=ctx), z3.Solver(ctx=ctx))
        self.last = self.solvers[0]  # the solver that answered the last query
        if timeout_s is not None:
            for s in self.solvers:
                s.set("timeout", max(1, int(timeout_s * 1000)))
        self.timeout_s = timeout_s
        self.observer = observer
        self.tick = tick
        self.stats: list[tuple[str, str, float]] = []  # (query, answer, seconds)

    @contextmanager
    def scope(self) -> Iterator[None]:
        for s in self.solvers:
            s.push()
        try:
            yield
        finally:
            for s in self.solvers:
                s.pop()

    def add(self, *conds: Cond) -> None:
        for c in conds:
            if c is True:
                continue
            term = z3.BoolVal(False, self.ctx) if c is False else c
            for s in self.solvers:
                s.add(term)

    def check(self, name: str, index: int = 0, total: int | None = None) -> Answer:
        """Check the current assertions; reports start, progress and end."""
        start = time.monotonic()
        self._report(name, index, total, 0.0, None)
        answer: Answer = "unknown"
        for solver in self.solvers:
            self.last = solver
            answer = self._run(solver, name, index, total, start)
            if answer != "unknown" or self._timed_out(start):
                break
        elapsed = time.monotonic() - start
        self.stats.append((name, answer, elapsed))
        self._report(name, index, total, elapsed, answer)
        return answer

    def _timed_out(self, start: float) -> bool:
        return self.timeout_s is not None and time.monotonic() - start >= self.timeout_s * 0.9

    def _run(
        self, solver: z3.Solver, name: str, index: int, total: int | None, start: float
    ) -> Answer:
        box: list[object] = []

        def work() -> None:
            try:
                box.append(solver.check())
            except BaseException as exc:  # re-raised in the calling thread
                box.append(exc)

        worker = threading.Thread(target=work, name="z3-check", daemon=True)
        worker.start()
        try:
            while worker.is_alive():
                worker.join(self.tick)
                if worker.is_alive():
                    self._report(name, index, total, time.monotonic() - start, None)
        except KeyboardInterrupt:
            self.ctx.interrupt()
            worker.join()
            raise
        result = box[0]
        if isinstance(result, BaseException):
            raise result
        if result == z3.sat:
            return "sat"
        return "unsat" if result == z3.unsat else "unknown"

    def _report(
        self, name: str, index: int, total: int | None, elapsed: float, answer: str | None
    ) -> None:
        if self.observer is not None:
            self.observer.on_query(QueryProgress(name, index, total, elapsed, answer))

    def reason_unknown(self) -> str:
        reason: str = self.last.reason_unknown()
        last = self.stats[-1][2] if self.stats else 0.0
        if self.timeout_s is not None and last >= self.timeout_s * 0.9:
            return f"timed out after {self.timeout_s:g} s (Z3: {reason})"
        return reason

    def model(self) -> Model:
        return Model(self.last.model())


class Model:
    """A Z3 model, reading symbolic values back as concrete TLA+ values."""

    def __init__(self, m: z3.ModelRef) -> None:
        self.m = m

    def truth(self, c: Cond) -> bool:
        if c is True or c is False:
            return c
        return bool(z3.is_true(self.m.eval(c, model_completion=True)))

    def value(self, v: SymVal) -> Value:
        if isinstance(v, z3.BoolRef):
            return self.truth(v)
        if isinstance(v, SInt):
            number: int = self.m.eval(v.term, model_completion=True).as_long()
            return number
        if isinstance(v, SFun):
            return fcn_from_sorted(v.keys, tuple(self.value(x) for x in v.vals))
        if isinstance(v, SSet):
            known = {u for u, c in v.known.items() if self.truth(c)}
            return frozenset(known | {self.value(e) for c, e in v.extra if self.truth(c)})
        if isinstance(v, SChoice):
            for c, x in v.cases:
                if self.truth(c):
                    return self.value(x)
            return self.value(v.cases[-1][1])
        if isinstance(v, LazySet):
            return v.materialize()
        return v

    def state(self, variables: tuple[str, ...], values: dict[str, SymVal]) -> tuple[Value, ...]:
        return tuple(self.value(values[name]) for name in variables)
