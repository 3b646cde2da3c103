"""Fairness conditions about the spec's own next-state action, decided without evaluating it.

NOTE(next-shortcut): every step the search records goes from a state s to a successor t
that Next gives (engine/kernel.py), so (s, t) satisfies Next. For a condition whose
action is the spec's Next itself (`WF_v(Next)`, `SF_v(Next)`, `<>[][Next]_v`, a
property's `<<Next>>_v`): a recorded step is an `<<Next>>_v` step iff v changes (v a
tuple of all the variables: iff t is not s, no evaluation at all; otherwise `v' = v` is
evaluated on the pair) and always a `[Next]_v` step. Without CONSTRAINT and
ACTION_CONSTRAINT every successor of a state is recorded, so `ENABLED <<Next>>_v` holds
in s iff one of its recorded steps is an `<<Next>>_v` step; with them it is evaluated as
before. "Next itself" is decided on names, conservatively: the action is a name,
neither bound nor replaced by a value, resolving to the definition whose body is the
SPECIFICATION's next-state action; `Next \\/ A`, a disjunct of Next or a parametrised
action never takes the shortcut.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.compile.behaviour import Behaviour
from checker.compile.scope import Scope
from checker.lang import ast
from checker.lang.resolve import ResolvedSpec
from checker.liveness.formula import Fair


@dataclass(frozen=True)
class NextAction:
    """The SPECIFICATION's next-state action and the definitions the config replaces by
    values (a name among them is not its definition)."""

    behaviour: Behaviour
    replaced: frozenset[str]


@dataclass(frozen=True)
class Shortcut:
    """How a condition about Next is decided on a recorded step: `always` (`[Next]_v`,
    every step), else an `<<Next>>_v` step iff the state changes (`whole`: v holds every
    variable) or `v' = v` is false."""

    always: bool
    whole: bool


def next_shortcut(resolved: ResolvedSpec, nxt: NextAction | None, fair: Fair) -> Shortcut | None:
    """The shortcut for a condition whose action is the spec's Next (None: another)."""
    if nxt is None or fair.bindings:
        return None
    action = fair.action.action
    if not isinstance(action, ast.Name) or fair.scope.lookup(action.name) is not None:
        return None
    if not _definition(resolved, nxt, fair.scope.module, action):
        return None
    sym = resolved.symbol(fair.scope.module, action.name)
    assert sym is not None and isinstance(sym.unit, ast.OpDef)
    if sym.unit.body is not nxt.behaviour.body:
        return None
    if fair.kind == "ALWAYS":
        return Shortcut(always=True, whole=False)
    every = {v.name for v in resolved.variables}
    return Shortcut(False, subscript_variables(resolved, nxt, fair.scope, fair.action.sub) == every)


def _definition(resolved: ResolvedSpec, nxt: NextAction, module: str, name: ast.Name) -> bool:
    """Whether `name`, read in `module`, is a 0-ary definition not replaced by a value."""
    if name.name in nxt.replaced:
        return False
    sym = resolved.symbol(module, name.name)
    return (
        sym is not None
        and sym.kind == "definition"
        and isinstance(sym.unit, ast.OpDef)
        and not sym.unit.params
    )


def subscript_variables(
    resolved: ResolvedSpec, nxt: NextAction, scope: Scope, sub: ast.Expr
) -> set[str] | None:
    """The variables of a subscript made of variables and tuples of them (through 0-ary
    definitions); None for a subscript of another form."""
    found: set[str] = set()
    stack: list[tuple[ast.Expr, str]] = [(sub, scope.module)]
    while stack:
        e, module = stack.pop()
        if isinstance(e, ast.Tuple):
            stack.extend((item, module) for item in e.items)
            continue
        if not isinstance(e, ast.Name) or (module == scope.module and scope.lookup(e.name)):
            return None
        sym = resolved.symbol(module, e.name)
        if sym is not None and sym.kind == "variable":
            found.add(sym.name)
        elif sym is not None and _definition(resolved, nxt, module, e):
            assert isinstance(sym.unit, ast.OpDef)
            stack.append((sym.unit.body, sym.module))
        else:
            return None
    return found
