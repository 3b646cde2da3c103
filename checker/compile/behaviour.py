"""The behaviour a model explores: its initial predicate, next-state action and fairness.

From `INIT`/`NEXT`, or from a `SPECIFICATION` formula decomposed as TLC does it
(SpecProcessor.processConfigSpec): conjunctions are split, 0-ary definitions are looked
through until their body is a state predicate, `[][A]_v` gives the next-state action A
(only one), every state-level conjunct is part of the initial predicate, and temporal
conjuncts (WF/SF, `[]P`, quantified fairness) are kept as the model's fairness for the
liveness checker. Anything else (an action-level conjunct, a temporal quantifier, a
second `[][A]_v`) is refused with a located diagnostic.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from checker.diagnostics import Diagnostic, Note, Span
from checker.lang import ast
from checker.lang.resolve import ACTION, CONSTANT, STATE, TEMPORAL, ResolvedSpec, Symbol


@dataclass(frozen=True)
class Part:
    """A formula and the module whose names it uses."""

    expr: ast.Expr
    module: str


@dataclass(frozen=True)
class Behaviour:
    """The initial predicate or the next-state action, as one formula of one module.

    `name` labels it (the definition's name, or the SPECIFICATION's); `span` is where it
    is defined."""

    name: str
    body: ast.Expr
    module: str
    span: Span | None


@dataclass
class Decomposition:
    """What a SPECIFICATION formula is made of."""

    init: list[Part] = field(default_factory=list)
    next: list[tuple[Part, ast.Expr]] = field(default_factory=list)  # (action, subscript)
    fairness: list[Part] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)


def no_behaviour(resolved: ResolvedSpec, span: Span) -> Behaviour:
    """The behaviour of a model of constants only: no initial state (as TLC: 0 states)."""
    return Behaviour("(constants only)", ast.Bool(span, False), resolved.root.name, None)


def from_definition(resolved: ResolvedSpec, sym: Symbol) -> Behaviour:
    assert isinstance(sym.unit, ast.OpDef)
    return Behaviour(sym.name, sym.unit.body, sym.module, sym.span)


def decompose(resolved: ResolvedSpec, sym: Symbol) -> Decomposition:
    """Split the SPECIFICATION definition `sym` into its parts (TLC's rules)."""
    assert isinstance(sym.unit, ast.OpDef)
    out = Decomposition()
    _walk(resolved, Part(sym.unit.body, sym.module), out, depth=0)
    return out


def _walk(resolved: ResolvedSpec, part: Part, out: Decomposition, depth: int) -> None:
    e, module = part.expr, part.module
    if depth > 100:
        out.errors.append(Diagnostic("E306", "this SPECIFICATION nests too deeply", e.span))
    elif isinstance(e, ast.And):
        for item in e.items:
            _walk(resolved, Part(item, module), out, depth + 1)
    elif isinstance(e, ast.OpExpr) and e.op == "[]" and _is_box_action(e.args[0]):
        box = e.args[0]
        assert isinstance(box, ast.ActionBox)
        out.next.append((Part(box.action, module), box.sub))
    elif isinstance(e, ast.Quant) and e.kind in ("AA", "EE"):
        out.errors.append(
            Diagnostic("E306", "a SPECIFICATION may not use temporal quantifiers", e.span)
        )
    elif (definition := _definition(resolved, e, module)) is not None:
        body_level = resolved.level(definition, STATE)
        if body_level <= STATE:
            out.init.append(part)
        else:
            assert isinstance(definition.unit, ast.OpDef)
            _walk(resolved, Part(definition.unit.body, definition.module), out, depth + 1)
    else:
        _by_level(resolved, part, out)


def _is_box_action(e: ast.Expr) -> bool:
    return isinstance(e, ast.ActionBox) and not e.angle


def _definition(resolved: ResolvedSpec, e: ast.Expr, module: str) -> Symbol | None:
    """The 0-ary operator definition `e` names, if it is one."""
    if not isinstance(e, ast.Name):
        return None
    sym = resolved.symbol(module, e.name)
    if sym is None or sym.kind != "definition" or not isinstance(sym.unit, ast.OpDef):
        return None
    return None if sym.unit.params else sym


def _by_level(resolved: ResolvedSpec, part: Part, out: Decomposition) -> None:
    level = level_of(resolved, part.expr, part.module)
    if level <= STATE:
        out.init.append(part)
    elif level == TEMPORAL:
        out.fairness.append(part)
    else:
        out.errors.append(
            Diagnostic(
                "E306",
                "this conjunct of the SPECIFICATION is an action: TLC accepts only state "
                "predicates, `[][Next]_vars` and temporal formulas here",
                part.expr.span,
            )
        )


def level_of(resolved: ResolvedSpec, e: ast.Expr, module: str) -> int:
    """The level of an expression of `module` (definitions' levels as resolved)."""
    level = CONSTANT
    for node in _nodes(e):
        if isinstance(node, (ast.Fairness, ast.Quant)) and (
            isinstance(node, ast.Fairness) or node.kind in ("AA", "EE")
        ):
            return TEMPORAL
        if isinstance(node, ast.OpExpr) and node.op in ("[]", "<>", "~>", "-+->"):
            return TEMPORAL
        if (isinstance(node, ast.OpExpr) and node.op in ("'", "UNCHANGED")) or isinstance(
            node, ast.ActionBox
        ):
            level = max(level, ACTION)
        elif isinstance(node, (ast.Name, ast.Apply)):
            level = max(level, _name_level(resolved, module, node.name))
    return level


def _is_action_operator(node: object) -> bool:
    if isinstance(node, ast.ActionBox):
        return True
    return isinstance(node, ast.OpExpr) and node.op in ("'", "UNCHANGED")


def _nodes(e: ast.Expr) -> Iterator[object]:
    """Every node of `e`, except below ENABLED (whose value is a state predicate)."""
    stack: list[object] = [e]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.OpExpr) and node.op == "ENABLED":
            continue
        if isinstance(node, (list, tuple)):
            stack.extend(node)
        elif hasattr(node, "__dataclass_fields__"):
            stack.extend(getattr(node, f) for f in node.__dataclass_fields__ if f != "span")


def _name_level(resolved: ResolvedSpec, module: str, name: str) -> int:
    sym = resolved.symbol(module, name)
    if sym is None:  # a bound name: its level is its domain's, met elsewhere in the walk
        return CONSTANT
    if sym.kind == "variable":
        return STATE
    if sym.kind in ("definition", "recursive"):
        return resolved.level(sym, STATE)
    return CONSTANT


def rebase(resolved: ResolvedSpec, part: Part, module: str) -> bool:
    """Whether `part` means the same in `module` as where it was written (every name in
    it resolves to the same symbol, or to none in both), so it can be read there."""
    if part.module == module:
        return True
    for node in ast.walk(part.expr):
        if isinstance(node, (ast.Name, ast.Apply)):
            here = resolved.symbol(part.module, node.name)
            there = resolved.symbol(module, node.name)
            if here != there:
                return False
    return True


def conjunction(resolved: ResolvedSpec, parts: list[Part], name: str) -> Behaviour | Diagnostic:
    """The initial predicate made of `parts`, read in the module of the first part."""
    module = parts[0].module
    for p in parts[1:]:
        if not rebase(resolved, p, module):
            return Diagnostic(
                "E306",
                "the initial predicate of this SPECIFICATION is made of conjuncts whose "
                "names mean different things in their modules",
                p.expr.span,
                notes=(Note("first conjunct", parts[0].expr.span),),
            )
    if len(parts) == 1:
        body = parts[0].expr
    else:
        span = parts[0].expr.span
        body = ast.And(span, tuple(p.expr for p in parts))
    return Behaviour(name, body, module, parts[0].expr.span)


def subscript_variables(resolved: ResolvedSpec, sub: ast.Expr, module: str) -> set[str] | None:
    """The variables of a `[][A]_v` subscript that TLC recognises (variables and tuples of
    them, through definitions), or None if it is of another form."""
    out: set[str] = set()
    stack: list[tuple[ast.Expr, str]] = [(sub, module)]
    while stack:
        e, mod = stack.pop()
        if isinstance(e, ast.Tuple):
            stack.extend((item, mod) for item in e.items)
            continue
        if not isinstance(e, ast.Name):
            return None
        sym = resolved.symbol(mod, e.name)
        if sym is not None and sym.kind == "variable":
            out.add(sym.name)
        elif sym is not None and isinstance(sym.unit, ast.OpDef) and not sym.unit.params:
            stack.append((sym.unit.body, sym.module))
        else:
            return None
    return out
