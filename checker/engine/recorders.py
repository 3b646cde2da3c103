"""What the search kernel (engine/kernel.py) reports to and queues into: the queue of a
level, the Recorder of stored states and steps (the state graph, the PROPERTY parts, the
liveness graph), the PROPERTY parts checked on the way, and the behaviour graph the
parallel search records. Protocols only: the implementations live with their searches."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from checker.engine.seam import Label, State


class Queue(Protocol):
    def append(self, sid: int, state: State, /) -> None: ...


class Recorder(Protocol):
    """Sees each state the search stores (`s`: its predecessor, None for an initial
    state) and each step to a known state; may answer a violation (property, kind) that
    stops a search that stops at violations (the state graph's does not; the liveness
    graph's does, NOTE(liveness-graph))."""

    def on_stored(
        self,
        new_id: int,
        parent: int,
        label: Label | None,
        s: State | None,
        state: State,
        violated: str | None,
    ) -> tuple[str, str] | None: ...

    def on_known(
        self, parent: int, label: Label, s: State, t: State, known: int, fp: int
    ) -> tuple[str, str] | None:
        """A step from s (stored as `parent`) to t, stored as `known` with fingerprint
        `fp`."""
        ...

    def on_expand(self, sid: int, s: State, successors: Sequence[tuple[Label, State]]) -> None:
        """State `sid` (s) is about to be expanded, with these successors (before any
        rule; NOTE(label-shortcut) in liveness/labelstep.py)."""
        ...


class Properties(Protocol):
    """The PROPERTY parts checked on the way, as TLC checks them (NOTE(liveness-graph)):
    a state predicate on the initial states, `[]P` on every stored state, `[][A]_v` on
    every step into a stored state. An evaluation error is raised (a CheckerError).
    Checked by the one-worker search through `PropertyRecorder`, and by the parallel
    search's workers and parent (engine/parallel.py, NOTE(parallel-properties))."""

    steps: bool  # whether any part is about steps ([][A]_v)

    def state_violation(self, state: State, initial: bool) -> tuple[str, str] | None:
        """The first part `state` violates: (name, "property" | "invariant")."""
        ...

    def step_violation(self, s: State, t: State) -> str | None:
        """The first `[][A]_v` part the step from s to t violates."""
        ...


class BehaviourGraph(Recorder, Protocol):
    """The behaviour graph a temporal PROPERTY needs, recorded by the parallel search
    (NOTE(parallel-graph) in engine/parallel.py): the workers (forked with it) evaluate
    what the one-worker recorder evaluates, the parent records, in the sequential order.
    The parent's kernel uses it as the Recorder of the initial states."""

    @property
    def properties(self) -> Properties:
        """The parts checked on the way."""
        ...

    def state_record(self, key: int, state: State) -> tuple[int, int]:
        """Worker: what is recorded of candidate `key` when stored (predicate bits,
        enabled bits); what it needs later is kept under the key."""
        ...

    def adopt(self, keys: Sequence[int], ids: Sequence[int]) -> None:
        """Worker: the candidates `keys` were stored as `ids` (the next level)."""
        ...

    def step_bits(self, source: int, s: State, t: State, fp: int) -> int:
        """Worker: the step bits of the step from state `source` (s) to t (`fp`)."""
        ...

    def record_state(self, new_id: int, fp: int, parent: int, record: tuple[int, int]) -> None:
        """Parent: a state stored, with its `state_record`."""
        ...

    def record_step(self, source: int, target: int, bits: int, label: Label) -> None:
        """Parent: a step between stored states."""
        ...

    def checkpoint_bytes(self) -> Iterable[bytes]:
        """The graph recorded so far, saved with a checkpoint (NOTE(checkpoint))."""
        ...

    def attach(self, fingerprint: Callable[[int], int]) -> None:
        """The search's visited set: a stored state's fingerprint by id (the graph keeps
        none of its own)."""
        ...
