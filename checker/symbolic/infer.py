"""Types of the variables the invariant does not type, inferred from Init and Next.

NOTE(inference): a variable without a type conjunct in the invariant (types.py) gets
a type (NOTE(shapes)) that holds every value Init and the actions may give it:
`x = e` and `x \\in S` in Init, `x' = e` and `x' \\in S` in Next (through definitions,
LET, \\E, IF, CASE and disjunctions), the types of e and S computed from the types of
the variables (infer_expr.py). Starting from the empty type, the rules are applied
again with the new types until nothing changes (a fixpoint), so `msgs' = msgs \\cup {m}`
with m built from other messages gets every message any action may send. The types
given by the invariant are taken as they are (a step leaving them is a violation of the
invariant, as before). The fixpoint is closed under every action from every state of
the types, so a step can never leave an inferred type; prove then checks I together
with the inferred types (which are inductive), bmc explores the same states as without
them. As a guard, a counterexample that leaves an inferred type is refused (E512)
rather than reported. Where a type cannot be found (an expression inference does not
know, a type the encoding cannot take, a type that keeps growing) the variable gets
E601 at the place, saying what to add to the invariant: never a guessed type.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker import ir
from checker.diagnostics import CheckerError, Diagnostic, Note, Span
from checker.lang import ast
from checker.symbolic.errors import untyped
from checker.symbolic.infer_expr import Env, LetOp, Typer
from checker.symbolic.shapes import (
    BOTTOM,
    Dependent,
    NoType,
    Refusal,
    Ty,
    domain,
    element,
    encodable,
    join,
    members,
    show,
)
from checker.symbolic.types import VarType, declared_types
from checker.symbolic.world import World
from checker.values import Value, member, shown

MAX_ROUNDS = 40  # rounds of the fixpoint before a type counts as growing forever


@dataclass(frozen=True)
class InferredType(VarType):
    """A type found by inference rather than read from the invariant."""

    shown: str = ""


@dataclass(frozen=True)
class Failure:
    reason: str
    span: Span | None
    hint: str = ""


def variable_types(
    world: World,
    invariants: list[tuple[str, ast.Expr, str]],
    behaviour: list[tuple[ir.Lowered, str]],
) -> dict[str, VarType]:
    """Every variable's type: from the invariants where they give one, else inferred
    from `behaviour` (Init and Next as their action IR and module); E601 where neither."""
    declared = declared_types(world, invariants)
    missing = [v for v in world.variables if v not in declared]
    if not missing:
        return {v: declared[v] for v in world.variables}
    inference = Inference(world, declared, missing)
    inferred, failures = inference.run(behaviour)
    if failures:
        names = " /\\ ".join(n for n, _, _ in invariants) or "the invariant"
        raise _untyped(world, failures, names)
    return {v: declared[v] if v in declared else inferred[v] for v in world.variables}


class Inference:
    def __init__(self, world: World, declared: dict[str, VarType], missing: list[str]) -> None:
        self.w = world
        self.missing = missing
        self.known: dict[str, Ty | str] = {v: _declared_ty(t) for v, t in declared.items()}
        self.current: dict[str, Ty] = {v: BOTTOM for v in missing}
        self.failed: dict[str, Failure] = {}
        self.typer = Typer(world, self.variable)

    def variable(self, name: str, span: Span) -> Ty:
        known = self.known.get(name)
        if isinstance(known, str):
            raise NoType(f"it depends on `{name}`, whose type in the invariant {known}")
        if known is not None:
            return known
        if name in self.failed:
            raise Dependent(name)
        return self.current[name]

    def run(
        self, behaviour: list[tuple[ir.Lowered, str]]
    ) -> tuple[dict[str, InferredType], dict[str, Failure]]:
        previous = self.current
        for _ in range(MAX_ROUNDS):
            col = Collector(self.typer, set(self.missing), self.failed)
            for lowered, module in behaviour:
                col.walk(lowered.root, {}, module)
            new = {v: col.found.get(v, BOTTOM) for v in self.missing}
            if new == self.current and col.failed.keys() == self.failed.keys():
                return self.finish(col.failed)
            previous, self.current, self.failed = self.current, new, col.failed
        return {}, self.growing(previous)

    def growing(self, previous: dict[str, Ty]) -> dict[str, Failure]:
        """Failures for every inferred variable when there is no fixpoint: the types
        that still change, and those computed from them."""
        changing = [v for v in self.missing if previous[v] != self.current[v]]
        first = changing[0] if changing else self.missing[0]
        out = {}
        for v in self.missing:
            if v in changing:
                reason = (
                    "its type keeps growing: values nest without bound (a set or sequence "
                    "holding values of its own type, e.g. messages carrying sets of messages)"
                )
            else:
                reason = f"inference found no fixpoint (the type of `{first}` keeps growing)"
            out[v] = Failure(reason, None)
        return out

    def finish(
        self, failed: dict[str, Failure]
    ) -> tuple[dict[str, InferredType], dict[str, Failure]]:
        out: dict[str, InferredType] = {}
        failures = dict(failed)
        decls = {d.name: d.span for d in self.w.resolved.variables}
        for v in self.missing:
            if v in failures:
                continue
            t = self.current[v]
            refusal = _refusal(t)
            if refusal is not None:
                failures[v] = Failure(refusal.reason, decls.get(v), refusal.hint)
                continue
            out[v] = InferredType(v, domain(t), decls[v], show(t))
        return out, failures


def _refusal(t: Ty) -> Refusal | None:
    if t.is_bottom():
        return Refusal("neither Init nor Next gives it a value inference can see")
    return encodable(t)


def _declared_ty(t: VarType) -> Ty | str:
    try:
        return members(t.domain)
    except NoType as exc:
        return f"cannot be read: {exc.reason}"


class Collector:
    """The values Init or Next may give the variables, on one pass over its action IR
    (the decomposition every backend walks, checker/ir: the `x' = e` and `x' \\in S`
    leaves, through definitions, LET, \\E, \\A, IF, CASE and disjunctions)."""

    def __init__(self, typer: Typer, targets: set[str], previous: dict[str, Failure]) -> None:
        self.typer = typer
        self.previous = previous  # the failures of the round before
        self.w = typer.w
        self.targets = targets
        self.found: dict[str, Ty] = {}
        self.failed: dict[str, Failure] = {}

    def walk(self, node: ir.Node, env: Env, module: str) -> None:
        if isinstance(node, (ir.Conj, ir.Disj)):
            for item in node.items:
                self.walk(item, env, module)
        elif isinstance(node, (ir.Exists, ir.Forall)):
            self.walk(node.body, self.typer.bind(node.bounds, env, module), module)
        elif isinstance(node, ir.IfThen):
            self.walk(node.then, env, module)
            self.walk(node.else_, env, module)
        elif isinstance(node, ir.Case):
            for _, body in node.arms:
                self.walk(body, env, module)
            if node.other is not None:
                self.walk(node.other, env, module)
        elif isinstance(node, ir.Let):
            self.walk(node.body, self.typer.let(node.defs, env, module), module)
        elif isinstance(node, (ir.Implies, ir.Angle)):
            self.walk(node.then if isinstance(node, ir.Implies) else node.action, env, module)
        elif isinstance(node, ir.Compose):
            self.walk(node.first, env, module)
            self.walk(node.second, env, module)
        elif isinstance(node, ir.Call):
            self.call(node, env, module)
        elif isinstance(node, ir.Arg):  # read where the argument is written
            where, where_module = env.get(_by_name(node.name), (env, module))
            self.walk(node.body, where, where_module)
        elif isinstance(node, (ir.Assign, ir.AssignIn)):
            self.leaf(node, env, module)

    def call(self, node: ir.Call, env: Env, module: str) -> None:
        """An action-level operator inlined: its parameters typed from the arguments."""
        d = node.defn
        def_env: Env = {}
        if node.local:
            e = node.expr
            local = env.get(e.name) if isinstance(e, (ast.Name, ast.Apply)) else None
            def_env = local.env if isinstance(local, LetOp) else {}
        typer = self.typer
        if typer.depth >= 64:
            self.fail_all(Failure(f"the definition `{d.name}` is recursive", node.span))
            return
        inner = dict(def_env)
        for p, a in zip(d.params, node.args, strict=True):
            inner[p.name] = typer.argument(p, a, env, module)
            inner[_by_name(p.name)] = (env, module)  # where an action argument is read
        typer.depth += 1
        try:
            self.walk(node.body, inner, node.module)
        finally:
            typer.depth -= 1

    def leaf(self, node: ir.Assign | ir.AssignIn, env: Env, module: str) -> None:
        name = node.name
        if name not in self.targets or name in self.failed:
            return
        try:
            t = self.typer.ty(node.value, env, module)
            if isinstance(node, ir.AssignIn):
                t = element(t)
        except NoType as exc:
            cause = exc.variable if isinstance(exc, Dependent) else None
            earlier = self.previous.get(name)
            if cause == name and earlier is not None:  # keep the first cause
                self.failed[name] = earlier
            else:
                self.failed[name] = Failure(exc.reason, exc.span or node.value.span)
            return
        self.found[name] = join(self.found.get(name, BOTTOM), t)

    def fail_all(self, failure: Failure) -> None:
        for name in self.targets:
            self.failed.setdefault(name, failure)


def _by_name(param: str) -> str:
    """Where an environment keeps the place a parameter's argument is written (a key no
    TLA+ name can be)."""
    return "by-name " + param


def _untyped(world: World, failures: dict[str, Failure], invariant: str) -> CheckerError:
    decls = {d.name: d.span for d in world.resolved.variables}
    return CheckerError(
        tuple(
            untyped(v, f.reason, f.span, decls.get(v), invariant, f.hint)
            for v, f in ((v, failures.get(v)) for v in world.variables)
            if f is not None
        )
    )


def check_inferred(
    types: dict[str, VarType], variables: tuple[str, ...], state: tuple[Value, ...]
) -> None:
    """Refuse (E512) a counterexample whose last state leaves an inferred type while the
    invariant's own types hold: inference was too narrow there, and reporting it as a
    violation could be a wrong answer (NOTE(inference))."""
    values = dict(zip(variables, state, strict=True))
    if not all(member(values[v], t.domain) for v, t in types.items() if type(t) is VarType):
        return  # a type of the invariant fails: a true violation
    for v, t in types.items():
        if isinstance(t, InferredType) and not member(values[v], t.domain):
            raise CheckerError(
                (
                    Diagnostic(
                        "E512",
                        f"a step gives `{v}` the value {shown(values[v])}, outside the type "
                        f"inferred for it from Init and Next ({t.shown})",
                        t.span,
                        (
                            Note(
                                "this happens when a function is applied outside its "
                                "domain or a record lacks a field (an error in TLC)"
                            ),
                        ),
                        hint=f"give `{v}` its type in the invariant (e.g. TypeOK)",
                    ),
                )
            )
