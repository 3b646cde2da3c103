"""The parallel search's protocol: one frozen dataclass per kind of message between the
parent and a worker (engine/parallel.py), sent over our own framing (engine/channel.py).

A key is `parent id * KMAX + successor index`, the sequential order of a candidate
(NOTE(parallel-determinism)). Arrays are typed `array`s: "q" ids and keys, "Q"
fingerprints, "b" flags.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from checker.diagnostics import Diagnostic
from checker.engine.checkpoint import FileEntry
from checker.engine.seam import Label, State

Entries = list[tuple[int, State]]  # (state id, state), in id order
KMAX = 1 << 24  # successor index bound inside a key: key = parent id * KMAX + index

# what a step's ACTION_CONSTRAINT said (a flag per candidate)
ALLOWED = 0
EXCLUDED = 1  # the step is outside the model
ERROR = 2  # its evaluation failed: raised if the parent's judging comes to it

# -- parent to worker ---------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """Expand the next level: the candidates kept from the last one (`keys` stored as
    `ids`) merged with `incoming` (or, for the first level, `initial`); `new_fps` are the
    fingerprints stored since the last level, for the worker's replica of the visited set."""

    keys: array[int]
    ids: array[int]
    new_fps: array[int]
    initial: Entries | None
    incoming: Entries
    depth: int  # the level's (NOTE(tlcget-level))


@dataclass(frozen=True)
class Export:
    """Hand the kept candidates `keys` (stored as `ids`) to the parent (load balancing)."""

    keys: list[int]
    ids: list[int]


@dataclass(frozen=True)
class Check:
    """Judge the candidates `keys` (NOTE(tlc-semantics)), with their steps' flags."""

    keys: array[int]
    steps: array[int]


@dataclass(frozen=True)
class Fetch:
    """Send the candidate `key` itself (the last step of a counterexample)."""

    key: int


@dataclass(frozen=True)
class SaveLevel:
    """Write the kept candidates `keys` (stored as `ids`) to `path` (NOTE(checkpoint))."""

    keys: array[int]
    ids: array[int]
    path: str


# -- worker to parent ---------------------------------------------------------------------


@dataclass(frozen=True)
class Moves:
    """Every step an ACTION_CONSTRAINT allows, with its step bits, in key order, for the
    behaviour graph (NOTE(parallel-graph))."""

    keys: array[int]
    fps: array[int]
    bits: list[int]
    labels: list[Label]


@dataclass(frozen=True)
class StepEvent:
    """A step whose `[][A]_v` PROPERTY parts said something (NOTE(parallel-properties)):
    the first part it violates, or the error evaluating its ACTION_CONSTRAINT or parts."""

    key: int
    fp: int  # its target's fingerprint
    violated: str | None
    error: Diagnostic | None


@dataclass(frozen=True)
class Expanded:
    """A level expanded: per state (`sids`) its successor count; the states deadlocked
    (NOTE(tlc-semantics)); per new-looking candidate its key, fingerprint, action site
    and what its step's ACTION_CONSTRAINT said (ALLOWED, EXCLUDED, ERROR; a step whose
    constraint failed is a candidate even to a visited state: NOTE(tlc-semantics)); the
    first evaluation error (state id, diagnostic) and the successor it failed on
    (`error_index`: its fingerprint; -1: its successors, Next); the bytes the worker has
    spilled so far."""

    sids: array[int]
    counts: array[int]
    deadlocks: array[int]
    keys: array[int]
    fps: array[int]
    sites: array[int]
    steps: array[int]
    error: tuple[int, Diagnostic] | None
    spilled: int
    fallbacks: int  # the worker's runtime fallbacks of generated code so far
    events: tuple[StepEvent, ...] = ()  # in key order (NOTE(parallel-properties))
    moves: Moves | None = None  # with a behaviour graph (NOTE(parallel-graph))
    error_index: int = -1
    # Next failed (`error_index` -1): how many successors it computed before the error,
    # candidates like any (keys below the error's); TLC has counted them (NOTE(error-trace))
    successors_before_error: int = 0


@dataclass(frozen=True)
class Exported:
    states: Entries


@dataclass(frozen=True)
class Checked:
    """Per candidate judged, in order: the invariant it violates and whether it is in the
    model; then the first evaluation error (key, diagnostic), which stopped the judging."""

    violated: list[str | None]
    in_model: array[int]
    error: tuple[int, Diagnostic] | None
    # with PROPERTY parts (NOTE(parallel-properties)): per candidate judged in the model
    # and violating no invariant, the first state part it violates (name, kind); the
    # error evaluating them (key, diagnostic), which stopped the judging after that key
    properties: list[tuple[str, str] | None] | None = None
    # with a behaviour graph: the record of each of those (NOTE(parallel-graph))
    records: list[tuple[int, int] | None] | None = None
    property_error: tuple[int, Diagnostic] | None = None
    # `error` came from an invariant, after the store decision (NOTE(error-trace)): its
    # candidate is stored if in the model (`error_in_model`), then TLC's replay
    error_after: bool = False
    error_in_model: bool = False


@dataclass(frozen=True)
class Fetched:
    label: Label
    state: State


@dataclass(frozen=True)
class Saved:
    entry: FileEntry


@dataclass(frozen=True)
class SaveFailed:
    diagnostic: Diagnostic


@dataclass(frozen=True)
class Crashed:
    """The worker raised an unexpected exception (a bug): it sends this, then exits."""

    kind: str  # the exception's type name
    summary: str
    details: str  # the traceback


Request = Level | Export | Check | Fetch | SaveLevel
Reply = Expanded | Exported | Checked | Fetched | Saved | SaveFailed | Crashed
