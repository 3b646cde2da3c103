"""The Trace: a sequence of states with the action that led to each one.

Engines produce traces (counterexamples, counterexamples to induction, bounded
violations); the ITF writer, the text printer and the viewers consume them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from checker.values import Value, shown


@dataclass(frozen=True)
class Step:
    """One state of a trace; `action` names the step that produced it (None for the
    first state); `witness`: the (name, value) each action-level `\\E` of the step chose,
    outermost first (NOTE(witness) in checker/compile/witness.py; empty when unknown)."""

    state: tuple[Value, ...]
    action: str | None = None
    witness: tuple[tuple[str, Value], ...] = ()
    reads: tuple[tuple[str, Value], ...] = ()  # (variable, message) the step needed


class State(Mapping[str, Value]):
    """A state of a trace read by variable name (`state["msgs"]`), read-only; printed as
    TLA+ text, sets in the canonical order (`/\\ x = 1 /\\ msgs = {...}`)."""

    __slots__ = ("_index", "_values")

    def __init__(self, variables: tuple[str, ...], values: tuple[Value, ...]) -> None:
        self._index = {name: i for i, name in enumerate(variables)}
        self._values = values

    def __getitem__(self, name: str) -> Value:
        try:
            return self._values[self._index[name]]
        except KeyError:
            known = ", ".join(self._index)
            raise KeyError(f"no variable {name!r} in this state (variables: {known})") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return " ".join(f"/\\ {name} = {shown(v)}" for name, v in self.items())


@dataclass(frozen=True)
class Trace:
    variables: tuple[str, ...]
    steps: tuple[Step, ...]
    spec: str | None = None  # the spec's module name
    violated: str | None = None  # the violated property (invariant name, "Deadlock", ...)
    kind: str | None = None  # "invariant" | "deadlock" | "cti" | "bmc" | ...
    model_values: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)  # more metadata for #meta
    # a lasso (liveness): the index of the state the last one goes back to, forever (the
    # last itself: it stutters forever), and the action of that step back
    loop: int | None = None
    back: str | None = None

    @property
    def length(self) -> int:
        """The number of steps (transitions): one less than the number of states."""
        return len(self.steps) - 1

    def state(self, index: int) -> State:
        """State `index` (from 0) as a read-only mapping from variable names to values."""
        return State(self.variables, self.steps[index].state)

    @property
    def states(self) -> tuple[State, ...]:
        return tuple(State(self.variables, step.state) for step in self.steps)

    def value(self, index: int, variable: str) -> Value:
        return self.steps[index].state[self.variables.index(variable)]

    def changed(self, index: int) -> list[str]:
        """The variables whose value differs from the previous state's."""
        if index == 0:
            return list(self.variables)
        before, after = self.steps[index - 1].state, self.steps[index].state
        return [v for v, a, b in zip(self.variables, before, after, strict=True) if a != b]


def error_words(trace: Trace) -> str:
    """What the behaviour to an evaluation error (kind "error", NOTE(error-trace) in
    engine/kernel.py) says of its end: the error's code, kept in its #meta."""
    code = trace.extra.get("error")
    return f"evaluation error {code}" if code else "evaluation error"
