"""Which invariants are known to hold in a successor without evaluating them.

NOTE(invariant-support) (checker/ir/support.py finds the variables): per invariant of a
model, the variables it reads, or None where it may read more than the state (never
skipped), or reads every variable (a successor that changes none is its parent, already
visited) or none (a constant: not worth a test per state). `held(state, parent)` says,
per invariant, whether it holds in `state` because it held in `parent`, whose
invariants the search checked, and reads no variable the step changed (the same objects:
the generated and compiled actions hand on what they leave). `Model.violated_invariant`
tests the `inline` form in its hot loop.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from checker.compile.codegen.exprgen import IMPURE_OPERATORS
from checker.ir import expr as ix
from checker.ir.support import state_support
from checker.lang.resolve import Symbol
from checker.values import Value

State = tuple[Value, ...]
Held = tuple[bool, ...] | None  # per invariant: known to hold (None: none is)


@dataclass(frozen=True)
class InvariantSupport:
    supports: tuple[frozenset[int] | None, ...]
    skippable: bool  # some invariant has a support
    inline: tuple[tuple[int, ...], ...]  # sorted, () for None: a loop finds no change

    @staticmethod
    def of(
        bodies: Sequence[ix.Expr], definition: Callable[[Symbol], ix.Definition], nvars: int
    ) -> InvariantSupport:
        """The supports of the invariants whose IR bodies are `bodies`."""
        supports = tuple(_support(b, definition, nvars) for b in bodies)
        return InvariantSupport(
            supports,
            any(x is not None for x in supports),
            tuple(tuple(sorted(x or ())) for x in supports),
        )

    def held(self, state: State, parent: State) -> Held:
        if not self.skippable:
            return None
        out = tuple(
            support is not None and all(state[i] is parent[i] for i in support)
            for support in self.supports
        )
        return out if True in out else None


def _support(
    body: ix.Expr, definition: Callable[[Symbol], ix.Definition], nvars: int
) -> frozenset[int] | None:
    found = state_support(body, definition, _impure)
    return None if found is None or len(found) in (0, nvars) else found


def _impure(name: str) -> bool:
    return name in IMPURE_OPERATORS
