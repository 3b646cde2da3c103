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


Conjuncts = tuple[frozenset[int] | None, ...] | None  # NOTE(conjunct-support)


@dataclass(frozen=True)
class InvariantSupport:
    supports: tuple[frozenset[int] | None, ...]
    skippable: bool  # some invariant, or some conjunct of one, has a support
    inline: tuple[tuple[int, ...], ...]  # sorted, () for None: a loop finds no change
    conjuncts: tuple[Conjuncts, ...]  # per invariant whose body is a conjunction

    @staticmethod
    def of(
        bodies: Sequence[ix.Expr], definition: Callable[[Symbol], ix.Definition], nvars: int
    ) -> InvariantSupport:
        """The supports of the invariants whose IR bodies are `bodies`."""
        supports = tuple(_support(b, definition, nvars) for b in bodies)
        conjuncts = tuple(_conjuncts(b, definition, nvars) for b in bodies)
        return InvariantSupport(
            supports,
            any(x is not None for x in supports) or any(c is not None for c in conjuncts),
            tuple(tuple(sorted(x or ())) for x in supports),
            conjuncts,
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


def _conjuncts(
    body: ix.Expr, definition: Callable[[Symbol], ix.Definition], nvars: int
) -> Conjuncts:
    """NOTE(conjunct-support): an invariant `A /\\ B /\\ ...` whose whole support is every
    variable (a TypeOK: one conjunct per variable) is never skipped whole, but each
    conjunct reading only variables a step left as they were held in the parent too,
    whose invariants held (so each of its conjuncts did): the generated invariant skips
    it when given the parent. Per conjunct, its support as `_support`'s; None where no
    conjunct has one."""
    if not isinstance(body, ix.And) or len(body.items) < 2:
        return None
    found = tuple(_support(item, definition, nvars) for item in body.items)
    return found if any(x is not None for x in found) else None


def _impure(name: str) -> bool:
    return name in IMPURE_OPERATORS
