"""Which state variables a state predicate reads.

NOTE(invariant-support): an invariant is a function of the state: of the variables it
reads, through every definition it calls (the constants are the model's). The search
checks the invariants of every state it keeps before it expands it, so when it checks a
successor whose variables of that set are the very values of its parent's (the action
left them UNCHANGED), the invariant holds there as it held in the parent: evaluating it
again would give TRUE, with no error (the same evaluation of the same values). The
search skips it (compile/predicates.py, `violated_invariant`). The set is that of the
invariant's IR, lowered once: a `Var` anywhere in its expression or in the body of a
definition it calls or passes as an argument. An invariant that may read anything else is
given no set (None) and is evaluated in every state: one that calls something impure
(TLCGet reads the search's level and registers, RandomElement draws, Print prints), or
holds a prime, ENABLED, a temporal form or a name the consumer binds around it.
"""

from __future__ import annotations

from collections.abc import Callable

from checker.ir import expr as ix
from checker.lang import ast
from checker.lang.symbols import Symbol

# operator symbols an invariant's value may depend on beyond the state's variables
_NOT_OF_THE_STATE = frozenset({"ENABLED", "UNCHANGED", "'", "\\cdot", "[]", "<>", "~>", "-+->"})
_NOT_OF_THE_STATE_NODES = (
    ix.Prime,
    ix.Outer,
    ix.ActionBox,
    ix.Fairness,
    ix.Unsupported,
    ix.Refused,
    ix.At,
)


class _NotOfTheState(Exception):
    """The predicate may depend on more than the state's variables."""


def state_support(
    e: ix.Expr,
    definition: Callable[[Symbol], ix.Definition],
    impure: Callable[[str], bool],
) -> frozenset[int] | None:
    """The indexes of the state variables `e` reads (through the definitions it calls),
    or None if its value may depend on more than them (NOTE(invariant-support))."""
    try:
        return _support(e, definition, impure)
    except _NotOfTheState:
        return None


def _support(
    e: ix.Expr,
    definition: Callable[[Symbol], ix.Definition],
    impure: Callable[[str], bool],
) -> frozenset[int]:
    found: set[int] = set()
    seen: dict[int, ix.Definition] = {}  # the definitions walked, kept alive by id
    roots: list[object] = [e]
    while roots:
        for node in ix.walk(roots.pop()):
            if isinstance(node, ix.Var):
                found.add(node.index)
            elif isinstance(node, _NOT_OF_THE_STATE_NODES) or (
                isinstance(node, ix.OpApp) and node.op in _NOT_OF_THE_STATE
            ):
                raise _NotOfTheState
            elif isinstance(node, (ix.Call, ix.OpName)):
                body = _called(node, definition, impure)
                if body is not None and id(body) not in seen:
                    seen[id(body)] = body
                    roots.append((body.body, body.bounds))
    return frozenset(found)


def _called(
    node: ix.Call | ix.OpName,
    definition: Callable[[Symbol], ix.Definition],
    impure: Callable[[str], bool],
) -> ix.Definition | None:
    """The definition `node` calls, if it is a module's (its body is walked next)."""
    target = node.target
    if impure(node.name) or isinstance(target, ix.OuterOp):
        raise _NotOfTheState
    if isinstance(node, ix.OpName) and node.outer:
        raise _NotOfTheState
    if isinstance(target, ix.Builtin):
        if impure(target.symbol.name):
            raise _NotOfTheState
        return None
    if isinstance(target, ix.Global):
        sym = target.symbol
        if impure(sym.name) or not isinstance(sym.unit, (ast.OpDef, ast.FuncDef)):
            raise _NotOfTheState
        return definition(sym)
    return None  # a LET operator or parameter: its body is in the expression walked
