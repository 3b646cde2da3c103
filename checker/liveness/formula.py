"""PROPERTY formulas and the SPECIFICATION's fairness, taken apart as TLC does
(SpecProcessor.processConfigProps) into the parts each checker handles.

NOTE(property-parts): a PROPERTY is split at conjunctions, through 0-ary and applied
definitions (arguments substituted), and `\\A x \\in S : F` over a set it can evaluate is
unrolled into one part per element (TLC's rule). Each part is then, as in TLC:
- a state predicate P: checked on every initial state ("implied init");
- `[]P`, P a state predicate: checked on every reachable state, as an invariant;
- `[][A]_v`: checked on every step of the reachable graph ("implied action");
- `<>P`, `[]<>P`, `<>[]P`, `P ~> Q` (also written `[](P => <>Q)`), `[](P => <>[]Q)`,
  `[](P => []Q)`
  (P, Q state predicates, ENABLED allowed), `<><<A>>_v`, `[]<><<A>>_v`, and `WF_v(A)`,
  `SF_v(A)` (an abstract spec's fairness, in refinement): liveness, checked on the graph
  under the fairness (liveness/check.py).
`IF c THEN F ELSE G` and `c => F`, c a state predicate, apply F (G) to the behaviours
whose first state satisfies c (does not).
Other temporal formulas (other nestings of temporal operators, temporal
disjunctions) are refused at their place (E314). Fairness parts are `WF_v(A)`, `SF_v(A)`
and `<>[][A]_v` (from some point on, every step is an [A]_v step), through definitions
and unrolled `\\A`; other temporal conjuncts of the SPECIFICATION are refused likewise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from checker.compile.behaviour import level_of
from checker.compile.binders import assignments
from checker.compile.context import Context
from checker.compile.errors import EvalError
from checker.compile.expr import ExprCompiler
from checker.compile.scope import ByName, Env, Scope
from checker.diagnostics import CheckerError, Diagnostic, Span
from checker.lang import ast
from checker.lang.printer import show
from checker.lang.symbols import ACTION, STATE, TEMPORAL
from checker.values import Value

Bindings = tuple[tuple[int, Value], ...]


@dataclass(frozen=True)
class Pred:
    """A state (or action) formula compiled, with the values of unrolled `\\A` variables."""

    fn: Callable[[Env], Value]
    bindings: Bindings
    expr: ast.Expr
    scope: Scope | None = None  # where `expr` is read (the symbolic checker translates it)

    def holds(self, env: Env) -> bool:
        for slot, value in self.bindings:
            env[slot] = value
        v = self.fn(env)
        if v is True or v is False:
            return v
        raise EvalError("E408", "this property part is not a Boolean", self.expr.span)


@dataclass(frozen=True)
class Part:
    """One part of a PROPERTY: `form` is "init" (P), "always" ([]P), "action" ([][A]_v),
    "eventually" (<>P), "infinitely" ([]<>P), "stable" (<>[]P) or "leadsto" (P ~> Q);
    `given`: a state predicate and the value it must have in the behaviour's first state
    for the part to apply (`IF c THEN F ELSE G`, `c => F`)."""

    name: str
    form: str
    p: Pred
    q: Pred | None
    span: Span
    given: tuple[Pred, bool] | None = None
    # forms "wf"/"sf" (p: ENABLED <<A>>_v) and "eventually-action"/"infinitely-action"
    # (p: TRUE): the part's own action
    fair: Fair | None = None


@dataclass(frozen=True)
class Fair:
    """An action of a fairness condition or of a property: `kind` "WF" or "SF"
    (`action` is `<<A>>_v`), "ALWAYS" (the assumption `<>[][A]_v`: `action` is
    `[A]_v`) or "STEP" (a property's `<<A>>_v`); read in `scope` with `bindings` set."""

    kind: str
    action: ast.ActionBox
    scope: Scope
    bindings: Bindings
    text: str

    @property
    def strong(self) -> bool:
        return self.kind == "SF"


@dataclass(frozen=True)
class _At:
    """A formula where it is read: its scope and the unrolled variables' values."""

    expr: ast.Expr
    scope: Scope
    bindings: Bindings


class Splitter:
    """Takes PROPERTY formulas and fairness conjuncts apart (NOTE(property-parts))."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.state = ExprCompiler(ctx, "state")
        self.action = ExprCompiler(ctx, "action")

    # -- properties ---------------------------------------------------------------------

    def property_parts(self, name: str, expr: ast.Expr, module: str) -> list[Part]:
        out: list[Part] = []
        for at in self._conjuncts(_At(expr, Scope(module), ())):
            out += self._parts(name, at, None)
        return out

    def _parts(self, name: str, at: _At, given: tuple[Pred, bool] | None) -> list[Part]:
        """A conjunct's parts: `IF c THEN F ELSE G` and `c => F` with c a state predicate
        and F, G temporal apply F (G) to the behaviours whose first state satisfies c
        (does not); anything else is one part."""
        e = at.expr
        if given is None and self._temporal(at):
            cond: ast.Expr | None = None
            branches: list[tuple[ast.Expr, bool]] = []
            if isinstance(e, ast.If) and self._plain(_At(e.cond, at.scope, at.bindings)):
                cond, branches = e.cond, [(e.then, True), (e.else_, False)]
            elif isinstance(e, ast.OpExpr) and e.op == "=>":
                first = _At(e.args[0], at.scope, at.bindings)
                if self._plain(first):
                    cond, branches = e.args[0], [(e.args[1], True)]
            if cond is not None:
                c = self._sub(at, cond)
                out: list[Part] = []
                for branch, value in branches:
                    inner = _At(branch, at.scope, at.bindings)
                    for sub in self._conjuncts(inner):
                        out += self._parts(name, sub, (c, value))
                return out
        part = self._part(name, at)
        return [part if given is None else replace(part, given=given)]

    def _part(self, name: str, at: _At) -> Part:
        e, span = at.expr, at.expr.span
        if not self._temporal(at):
            if self._level(at) > STATE:
                raise _refused("a PROPERTY part that is an action (not `[][A]_v`)", span)
            return Part(_name_of(e, name), "init", self._pred(at), None, span)
        if isinstance(e, ast.Fairness):  # a fairness condition to check (refinement)
            fair = self._fair(at, e)
            enabled = ast.OpExpr(e.span, "ENABLED", (fair.action,))
            p = Pred(self.state.compile(enabled, at.scope).fn, at.bindings, enabled)
            return Part(name, "sf" if fair.strong else "wf", p, None, span, fair=fair)
        if isinstance(e, ast.OpExpr) and e.op == "[]":
            inner = e.args[0]
            if isinstance(inner, ast.ActionBox) and not inner.angle:
                return Part(name, "action", self._action_pred(at, inner), None, span)
            if self._plain(_At(inner, at.scope, at.bindings)):
                return Part(_name_of(inner, name), "always", self._sub(at, inner), None, span)
            if isinstance(inner, ast.OpExpr) and inner.op == "<>" and self._plain_in(at, inner):
                return Part(name, "infinitely", self._sub(at, inner.args[0]), None, span)
            if isinstance(inner, ast.OpExpr) and inner.op == "<>" and _angle(inner.args[0]):
                return self._step_part(name, "infinitely-action", at, inner.args[0])
            if (found := self._leads(name, at, inner)) is not None:
                return found
        if isinstance(e, ast.OpExpr) and e.op == "<>":
            inner = e.args[0]
            if self._plain(_At(inner, at.scope, at.bindings)):
                return Part(name, "eventually", self._sub(at, inner), None, span)
            if isinstance(inner, ast.OpExpr) and inner.op == "[]" and self._plain_in(at, inner):
                return Part(name, "stable", self._sub(at, inner.args[0]), None, span)
            if _angle(inner):
                return self._step_part(name, "eventually-action", at, inner)
        if isinstance(e, ast.OpExpr) and e.op == "~>" and self._plain_args(at, e):
            p, q = (self._sub(at, a) for a in e.args)
            return Part(name, "leadsto", p, q, span)
        raise _refused(f"the temporal formula `{_short(e)}`", span)

    def _leads(self, name: str, at: _At, e: ast.Expr) -> Part | None:
        """`[](P => <>Q)` (P ~> Q), `[](P => <>[]Q)` and `[](P => []Q)`."""
        if not (isinstance(e, ast.OpExpr) and e.op == "=>" and self._plain_in(at, e)):
            return None
        rhs = e.args[1]
        if not (isinstance(rhs, ast.OpExpr) and rhs.op in ("<>", "[]")):
            return None
        target = rhs.args[0]
        form = "leadsto" if rhs.op == "<>" else "stays"
        if rhs.op == "<>" and isinstance(target, ast.OpExpr) and target.op == "[]":
            form, target = "leadsto-stable", target.args[0]
        if not self._plain(_At(target, at.scope, at.bindings)):
            return None
        p, q = self._sub(at, e.args[0]), self._sub(at, target)
        return Part(name, form, p, q, at.expr.span)

    def _step_part(self, name: str, form: str, at: _At, box: ast.Expr) -> Part:
        """`<><<A>>_v`, `[]<><<A>>_v`: the step test of `<<A>>_v` (p: TRUE, unused)."""
        assert isinstance(box, ast.ActionBox)
        fair = Fair("STEP", box, at.scope, at.bindings, show(box))
        true = ast.Bool(box.span, True)
        p = Pred(self.state.compile(true, at.scope).fn, at.bindings, true)
        return Part(name, form, p, None, at.expr.span, fair=fair)

    def _level(self, at: _At) -> int:
        """The level of a formula, through the definitions it uses (a parameter standing
        for an argument counts as a constant: arguments are read where written)."""
        return level_of(self.ctx.resolved, at.expr, at.scope.module)

    def _temporal(self, at: _At) -> bool:
        return _temporal(at.expr) or self._level(at) >= TEMPORAL

    def _plain(self, at: _At) -> bool:
        """A state predicate (ENABLED allowed)."""
        return not _temporal(at.expr) and not _primed(at.expr) and self._level(at) <= STATE

    def _plain_args(self, at: _At, e: ast.OpExpr) -> bool:
        return all(self._plain(_At(a, at.scope, at.bindings)) for a in e.args)

    def _plain_in(self, at: _At, e: ast.OpExpr) -> bool:
        return self._plain(_At(e.args[0], at.scope, at.bindings))

    def _sub(self, at: _At, e: ast.Expr) -> Pred:
        return self._pred(_At(e, at.scope, at.bindings))

    def _pred(self, at: _At) -> Pred:
        c = self.state.compile(at.expr, at.scope)
        return Pred(c.fn, at.bindings, at.expr, at.scope)

    def _action_pred(self, at: _At, box: ast.ActionBox) -> Pred:
        c = self.action.compile(box, at.scope)
        return Pred(c.fn, at.bindings, box, at.scope)

    # -- fairness -----------------------------------------------------------------------

    def fairness(self, expr: ast.Expr, module: str) -> list[Fair]:
        out = []
        for at in self._conjuncts(_At(expr, Scope(module), ())):
            e = at.expr
            if isinstance(e, ast.Fairness):
                out.append(self._fair(at, e))
            elif (
                isinstance(e, ast.OpExpr)
                and e.op == "<>"
                and isinstance(box := e.args[0], ast.OpExpr)
                and box.op == "[]"
                and isinstance(act := box.args[0], ast.ActionBox)
                and not act.angle
            ):  # the assumption that from some point on every step is an [A]_v step
                out.append(Fair("ALWAYS", act, at.scope, at.bindings, show(e)))
            else:
                raise _refused(f"the fairness condition `{_short(e)}`", e.span)
        return out

    def _fair(self, at: _At, e: ast.Fairness) -> Fair:
        box = ast.ActionBox(e.span, e.action, e.sub, True)
        text = f"{e.kind}_{show(e.sub)}({show(e.action)})"
        return Fair(e.kind, box, at.scope, at.bindings, text)

    # -- taking apart -------------------------------------------------------------------

    def _conjuncts(self, at: _At, depth: int = 0) -> Iterator[_At]:
        e = at.expr
        if depth > 200:
            raise CheckerError((Diagnostic("E314", "this formula nests too deeply", e.span),))
        if isinstance(e, ast.And):
            for item in e.items:
                yield from self._conjuncts(_At(item, at.scope, at.bindings), depth + 1)
        elif isinstance(e, ast.Quant) and e.kind == "A" and self._deep(at, e.body):
            yield from self._unrolled(at, e, depth)
        elif (inlined := self._inline(at)) is not None:
            yield from self._conjuncts(inlined, depth + 1)
        else:
            yield at

    def _deep(self, at: _At, e: ast.Expr) -> bool:
        """Whether `e` is more than a state predicate (an action or temporal formula)."""
        return _temporal(e) or _primed(e) or self._level(_At(e, at.scope, at.bindings)) > STATE

    def _unrolled(self, at: _At, e: ast.Quant, depth: int) -> Iterator[_At]:
        inner, binders = self.state.bind(e.bounds, at.scope, False)
        env = self.ctx.scratch()
        for slot, value in at.bindings:
            env[slot] = value
        slots = [k for ks, _, _, _ in binders for k in ks]
        try:
            combos = [
                tuple((k, env[k]) for k in slots) for _ in assignments(env, binders, "canonical")
            ]
        except EvalError as exc:
            raise CheckerError((exc.diagnostic(),)) from None
        for combo in combos:
            yield from self._conjuncts(_At(e.body, inner, at.bindings + combo), depth + 1)

    def _inline(self, at: _At) -> _At | None:
        """A temporal-level definition applied: its body, parameters substituted."""
        e = at.expr
        if not isinstance(e, (ast.Name, ast.Apply)) or at.scope.lookup(e.name) is not None:
            return None
        sym = self.ctx.resolved.symbol(at.scope.module, e.name)
        if sym is None or sym.kind != "definition" or not isinstance(sym.unit, ast.OpDef):
            return None
        d = sym.unit
        if self.ctx.resolved.level(sym) < ACTION:
            return None
        args = e.args if isinstance(e, ast.Apply) else ()
        if any(p.arity for p in d.params) or len(args) != len(d.params):
            return None
        scope = Scope(sym.module)
        for p, a in zip(d.params, args, strict=True):
            scope.names[p.name] = ByName(a, at.scope)
        return _At(d.body, scope, at.bindings)


def _walk(e: ast.Expr) -> Iterator[ast.Expr]:
    return (n for n in ast.walk(e) if isinstance(n, ast.Expr))


def _temporal(e: ast.Expr) -> bool:
    """Whether `e` is written with a temporal operator (looking through nothing)."""
    for n in _walk(e):
        if isinstance(n, ast.OpExpr) and n.op in ("[]", "<>", "~>", "-+->"):
            return True
        if isinstance(n, ast.Fairness):
            return True
    return False


def _primed(e: ast.Expr) -> bool:
    for n in _walk(e):
        if isinstance(n, ast.OpExpr) and n.op in ("'", "UNCHANGED"):
            return True
        if isinstance(n, ast.ActionBox):
            return True
    return False


def _angle(e: ast.Expr) -> bool:
    return isinstance(e, ast.ActionBox) and e.angle


def _name_of(e: ast.Expr, default: str) -> str:
    return e.name if isinstance(e, ast.Name) else default


def _short(e: ast.Expr) -> str:
    text = show(e)
    return text if len(text) <= 60 else text[:57] + "..."


def _refused(what: str, span: Span) -> CheckerError:
    return CheckerError(
        (
            Diagnostic(
                "E314",
                f"{what} is not checked yet",
                span,
                hint="supported: state predicates, []P, [][A]_v, <>P, []<>P, <>[]P and "
                "P ~> Q over state predicates, under WF/SF fairness",
            ),
        )
    )
