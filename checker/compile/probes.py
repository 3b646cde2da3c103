"""`check --profile`: where evaluation time goes, counted by the compiled model itself.

NOTE(profile-probes): a model compiled with a `Probes` (Context.probes, only under
--profile: otherwise nothing below is compiled in, so the search runs the same code as
without the flag) counts and times
  - each application of an action-level operator (an IR `Call`: `Phase1b(a)` in Next,
    `Send(m)` inside it), which is where a step enters a named action;
  - Next as a whole (per state expanded), Init, and each invariant (per state checked).
A probe is keyed by its IR node, which the closures and the generated code share (the
Model adopts one lowered IR), so both backends count into the same probe, at the same
points of the same walk: the counts ("calls") are the same whichever runs. Times are
wall-clock seconds (time.perf_counter) and inclusive: actions are compiled in
continuation-passing style, so a call's time runs from entering the operator until the
steps it leads to have been emitted, the conjuncts that follow it in its caller
included; an operator's self time is its time minus that of the calls inside it.

NOTE(profile-sampling): reading the clock costs more than most applications it would
time (about 0.5 us per `perf_counter` on the benchmark machine: with two reads per
application, Paxos_large ran 1.4x slower profiled). So every application is counted
(calls are exact), but only a deterministic sample is timed: the 1st, (EVERY+1)th,
(2 EVERY+1)th ... application of each probe (`calls & (EVERY - 1) == 1`), and a probe's
time is its timed applications' seconds scaled by calls / timed (`estimate`). The same
applications are timed on every run, whichever backend runs. Next and Init are timed at
every call (one per state: exact). The report says which times are estimates and how
many applications each is drawn from (`timed_calls`); `Probes(every=1)` times them all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checker.diagnostics import Span

K = Callable[[Any], None]
EVERY = 16  # one application in EVERY is timed (NOTE(profile-sampling)); a power of two


@dataclass(frozen=True)
class Probe:
    kind: str  # "action" (an operator applied in Next or Init), "next", "init", "invariant"
    name: str  # the operator's (or invariant's) name
    span: Span | None  # where it is applied (a Call), or defined
    parent: int | None  # the probe of the call it is inside (None: at Next's or Init's top)
    root: str  # "next" or "init": whose evaluation it is part of ("" for Next, Init, invariants)
    defined: Span | None  # where the operator is defined
    sampled: bool  # timed one application in `every` (else at every call: Next, Init)


class Probes:
    """The probes of one model and their counters (calls, seconds), by probe index."""

    def __init__(self, every: int = EVERY) -> None:
        if every < 1 or every & (every - 1):
            raise ValueError(f"Probes(every={every}): a power of two is needed")
        self.every = every
        self.mask = every - 1
        self.phase = 1 & self.mask  # calls & mask == phase: timed (the 1st, every+1th...)
        self.probes: list[Probe] = []
        self.calls: list[int] = []
        self.seconds: list[float] = []
        self._by_key: dict[object, int] = {}
        self.stack: list[int] = []  # the calls being compiled, innermost last
        self.clock = time.perf_counter

    def probe(
        self,
        key: object,
        kind: str,
        name: str,
        span: Span | None,
        root: str = "",
        defined: Span | None = None,
    ) -> int:
        """The probe of `key` (an IR node, or a name), made on first use."""
        found = self._by_key.get(key)
        if found is None:
            found = len(self.probes)
            parent = self.stack[-1] if self.stack else None
            sampled = kind in ("action", "invariant")
            self.probes.append(Probe(kind, name, span, parent, root, defined or span, sampled))
            self.calls.append(0)
            self.seconds.append(0.0)
            self._by_key[key] = found
        return found

    def timed(self, index: int, body: K) -> K:
        """`body` (a closure of the action compiler) counted, and timed one application in
        `every` (NOTE(profile-sampling))."""
        calls, seconds, clock = self.calls, self.seconds, self.clock
        mask, phase = self.mask, self.phase

        def probed(env: Any) -> None:
            c = calls[index] + 1
            calls[index] = c
            if c & mask != phase:
                body(env)
                return
            t = clock()
            body(env)
            seconds[index] += clock() - t

        return probed

    def time_call(self, index: int, fn: Callable[..., Any], *args: Any) -> Any:
        """fn(*args), counted by probe `index` and timed at every call (Next, Init) or one
        in `every` (an invariant)."""
        c = self.calls[index] = self.calls[index] + 1
        if self.probes[index].sampled and c & self.mask != self.phase:
            return fn(*args)
        t = self.clock()
        try:
            return fn(*args)
        finally:
            self.seconds[index] += self.clock() - t

    def timed_calls(self, index: int) -> int:
        """How many of probe `index`'s calls were timed."""
        c = self.calls[index]
        if not self.probes[index].sampled or c == 0:
            return c
        return (c - 1) // self.every + 1

    def estimate(self, index: int) -> float:
        """Probe `index`'s seconds over all its calls: the timed ones' scaled by calls /
        timed (exact when every call was timed)."""
        timed = self.timed_calls(index)
        return self.seconds[index] * self.calls[index] / timed if timed else 0.0
