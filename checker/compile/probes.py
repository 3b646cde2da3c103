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
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checker.diagnostics import Span

K = Callable[[Any], None]


@dataclass(frozen=True)
class Probe:
    kind: str  # "action" (an operator applied in Next or Init), "next", "init", "invariant"
    name: str  # the operator's (or invariant's) name
    span: Span | None  # where it is applied (a Call), or defined
    parent: int | None  # the probe of the call it is inside (None: at Next's or Init's top)
    root: str  # "next" or "init": whose evaluation it is part of ("" for Next, Init, invariants)
    defined: Span | None  # where the operator is defined


class Probes:
    """The probes of one model and their counters (calls, seconds), by probe index."""

    def __init__(self) -> None:
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
            self.probes.append(Probe(kind, name, span, parent, root, defined or span))
            self.calls.append(0)
            self.seconds.append(0.0)
            self._by_key[key] = found
        return found

    def timed(self, index: int, body: K) -> K:
        """`body` (a closure of the action compiler) counted and timed by probe `index`."""
        calls, seconds, clock = self.calls, self.seconds, self.clock

        def probed(env: Any) -> None:
            calls[index] += 1
            t = clock()
            body(env)
            seconds[index] += clock() - t

        return probed

    def time_call(self, index: int, fn: Callable[..., Any], *args: Any) -> Any:
        """fn(*args), counted and timed by probe `index` (Next, Init, an invariant)."""
        self.calls[index] += 1
        t = self.clock()
        try:
            return fn(*args)
        finally:
            self.seconds[index] += self.clock() - t
