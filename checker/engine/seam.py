"""The Model protocol: all an engine knows about a spec (compare Stateright's `Model`).

A state is a tuple of values (hashable); a label is (action site index, argument values).
Evaluation errors surface as `checker.diagnostics.EvaluationError`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

State = tuple[Any, ...]
Label = tuple[int, tuple[Any, ...]]


class ExplorableModel(Protocol):
    name: str
    variables: tuple[str, ...]
    check_deadlock: bool

    def at_level(self, depth: int) -> None:
        """The level the search expands next (0: the initial states), for TLCGet("level")
        (NOTE(tlcget-level) in compile/model.py)."""
        ...

    def init_states(self) -> list[State]: ...

    def each_init_state(self, emit: Callable[[State], object]) -> None: ...

    def successors(self, state: State) -> list[tuple[Label, State]]: ...

    def next_into(self) -> Callable[[State, list[tuple[Label, State]]], None] | None:
        """What `successors` calls, when it only calls it (NOTE(fused-level)), else None."""

    def violated_invariant(
        self, state: State, parent: State | None = None, held: tuple[bool, ...] | None = None
    ) -> str | None:
        """The first invariant `state` violates, or None. `parent`: a state whose
        invariants held, of which `state` is a successor; `held`: which invariants are
        known to hold in `state` (`held(state, parent)`; NOTE(invariant-support))."""
        ...

    def held(self, state: State, parent: State) -> tuple[bool, ...] | None:
        """Per invariant, whether it holds in `state`, a successor of `parent` (whose
        invariants held), without evaluating it (NOTE(invariant-support)); None: none."""
        ...

    def fingerprint(self, state: State) -> int:
        """What the visited set stores for a state: its fingerprint, or its orbit's
        under SYMMETRY (NOTE(symmetry) in compile/symmetry.py)."""
        ...

    def in_constraints(self, state: State) -> bool: ...

    def action_allowed(self, state: State, nxt: State) -> bool: ...

    def label_text(self, label: Label | None) -> str: ...

    def runtime_fallbacks(self) -> int:
        """How often generated code raised where the interpreter then succeeded, in this
        process (a bug of the generator; NOTE(codegen-fallback) in compile/codegen)."""
        ...

    @property
    def has_constraints(self) -> bool: ...

    @property
    def has_symmetry(self) -> bool: ...

    @property
    def has_view(self) -> bool: ...

    @property
    def has_action_constraints(self) -> bool: ...

    @property
    def model_values(self) -> list[str]: ...
