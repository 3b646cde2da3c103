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
Any other temporal formula (Boolean combinations and nestings of temporal operators over
state predicates and steps, `\\E x \\in S` unrolled into a disjunction, LET definitions
applied to each predicate in the body) becomes a "general" part: a tree (ltl.py) checked
with a tableau (NOTE(tableau)); an action other than `<<A>>_v` / `[A]_v` inside one, and
temporal quantifiers, are refused at their place (E314). Fairness parts are `WF_v(A)`,
`SF_v(A)` and `<>[][A]_v` (from some point on, every step is an [A]_v step), through
definitions, unrolled `\\A` and `c => F` / `IF c THEN F ELSE G` with c a constant formula
(the branch c selects). Any other temporal conjunct of the SPECIFICATION but `[]P` (P a
state predicate: refused, as TLC does) is an assumption: a tree every liveness part is then
checked under (each becomes a "general" part, its formula `assumptions => part`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from checker.compile.behaviour import level_of
from checker.compile.binders import assignments
from checker.compile.context import Context
from checker.compile.errors import EvalError
from checker.compile.expr import ExprCompiler
from checker.compile.scope import ByName, Env, Scope
from checker.diagnostics import CheckerError, Diagnostic, Span
from checker.lang import ast
from checker.lang.printer import show
from checker.lang.symbols import ACTION, CONSTANT, STATE, TEMPORAL
from checker.liveness import ltl
from checker.liveness.ltl import Formula
from checker.values import Value

Bindings = tuple[tuple[int, Value], ...]


@dataclass(frozen=True)
class Pred:
    """A state (or action) formula compiled, with the values of unrolled `\\A` variables."""

    fn: Callable[[Env], Value]
    bindings: Bindings
    expr: ast.Expr
    # for the symbolic checker: `expr` under the LET definitions around it, and its scope
    read: tuple[ast.Expr, Scope] | None = None

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
    # form "general" (p: TRUE): the formula, checked with a tableau (NOTE(tableau))
    formula: Formula | None = None


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
    """A formula where it is read: its scope, the unrolled variables' values and the
    LET definitions around it (outermost first), which apply to each predicate in it."""

    expr: ast.Expr
    scope: Scope
    bindings: Bindings
    lets: tuple[ast.Let, ...] = field(default=())

    def at(self, e: ast.Expr) -> _At:
        """A subformula, read in the same place."""
        return _At(e, self.scope, self.bindings, self.lets)

    def wrap(self, e: ast.Expr) -> ast.Expr:
        """`e` under the LET definitions around it."""
        for let in reversed(self.lets):
            e = ast.Let(let.span, let.defs, e)
        return e


class Splitter:
    """Takes PROPERTY formulas and fairness conjuncts apart (NOTE(property-parts))."""

    def __init__(self, ctx: Context, general: bool = False) -> None:
        self.ctx = ctx
        self.state = ExprCompiler(ctx, "state")
        self.action = ExprCompiler(ctx, "action")
        # every liveness part as a tree (when the SPECIFICATION has assumptions)
        self.general = general
        # the SPECIFICATION's temporal conjuncts other than fairness, as trees
        self.assumptions: list[Formula] = []

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
            if isinstance(e, ast.If) and self._plain(at.at(e.cond)):
                cond, branches = e.cond, [(e.then, True), (e.else_, False)]
            elif isinstance(e, ast.OpExpr) and e.op == "=>":
                first = at.at(e.args[0])
                if self._plain(first):
                    cond, branches = e.args[0], [(e.args[1], True)]
            if cond is not None:
                c = self._sub(at, cond)
                out: list[Part] = []
                for branch, value in branches:
                    inner = at.at(branch)
                    for sub in self._conjuncts(inner):
                        out += self._parts(name, sub, (c, value))
                return out
        part = self._part(name, at)
        if given is not None and part.form in ("init", "action"):  # as a formula
            formula = self._tree(at, 0)
            part = Part(
                name,
                "general",
                self._sub(at, ast.Bool(at.expr.span, True)),
                None,
                part.span,
                formula=formula,
            )
        return [part if given is None else replace(part, given=given)]

    def _part(self, name: str, at: _At) -> Part:
        e, span = at.expr, at.expr.span
        if not self._temporal(at):
            if self._level(at) > STATE:
                raise _refused("a PROPERTY part that is an action (not `[][A]_v`)", span)
            return Part(_name_of(e, name), "init", self._pred(at), None, span)
        part = self._special(name, at)
        if part is not None and (part.form in ("always", "action") or not self.general):
            return part
        true = self._sub(at, ast.Bool(span, True))
        return Part(name, "general", true, None, span, formula=self._tree(at, 0))

    def _special(self, name: str, at: _At) -> Part | None:
        """The part when it is one of the forms check.py handles directly."""
        e, span = at.expr, at.expr.span
        if isinstance(e, ast.Fairness):  # a fairness condition to check (refinement)
            fair = self._fair(at, e)
            enabled = ast.OpExpr(e.span, "ENABLED", (fair.action,))
            p = Pred(self.state.compile(enabled, at.scope).fn, at.bindings, enabled)
            return Part(name, "sf" if fair.strong else "wf", p, None, span, fair=fair)
        if isinstance(e, ast.OpExpr) and e.op == "[]":
            inner = e.args[0]
            if isinstance(inner, ast.ActionBox) and not inner.angle:
                return Part(name, "action", self._action_pred(at, inner), None, span)
            if self._plain(at.at(inner)):
                return Part(_name_of(inner, name), "always", self._sub(at, inner), None, span)
            if isinstance(inner, ast.OpExpr) and inner.op == "<>" and self._plain_in(at, inner):
                return Part(name, "infinitely", self._sub(at, inner.args[0]), None, span)
            if isinstance(inner, ast.OpExpr) and inner.op == "<>" and _angle(inner.args[0]):
                return self._step_part(name, "infinitely-action", at, inner.args[0])
            if (found := self._leads(name, at, inner)) is not None:
                return found
        if isinstance(e, ast.OpExpr) and e.op == "<>":
            inner = e.args[0]
            if self._plain(at.at(inner)):
                return Part(name, "eventually", self._sub(at, inner), None, span)
            if isinstance(inner, ast.OpExpr) and inner.op == "[]" and self._plain_in(at, inner):
                return Part(name, "stable", self._sub(at, inner.args[0]), None, span)
            if _angle(inner):
                return self._step_part(name, "eventually-action", at, inner)
        if isinstance(e, ast.OpExpr) and e.op == "~>" and self._plain_args(at, e):
            p, q = (self._sub(at, a) for a in e.args)
            return Part(name, "leadsto", p, q, span)
        return None

    # -- any other temporal formula: a tree for the tableau (NOTE(tableau)) -------------

    def _tree(self, at: _At, depth: int) -> Formula:
        e = at.expr
        if depth > 200:
            raise CheckerError((Diagnostic("E314", "this formula nests too deeply", e.span),))
        if not self._temporal(at):
            if self._level(at) > STATE:
                raise _refused(f"the action `{_short(e)}` inside a temporal formula", e.span)
            return ltl.StateAtom(self._pred(at))
        sub = [at.at(a) for a in _operands(e)]
        items = tuple(self._tree(a, depth + 1) for a in sub)
        if isinstance(e, ast.And):
            return ltl.And(items)
        if isinstance(e, ast.Or):
            return ltl.Or(items)
        if isinstance(e, ast.If):
            c, then, other = items
            return ltl.Or((ltl.And((c, then)), ltl.And((ltl.Not(c), other))))
        if isinstance(e, ast.OpExpr) and e.op in ("[]", "<>") and _box(e.args[0]):
            box = e.args[0]
            assert isinstance(box, ast.ActionBox)
            kind = "STEP" if box.angle else "ALWAYS"
            step = ltl.StepAtom(Fair(kind, _boxed(at, box), at.scope, at.bindings, show(box)))
            return ltl.Always(step) if e.op == "[]" else ltl.Eventually(step)
        if isinstance(e, ast.OpExpr) and e.op in ltl.CONNECTIVES:
            return ltl.CONNECTIVES[e.op](items)
        if isinstance(e, ast.Fairness):
            return self._fair_tree(at, e)
        if isinstance(e, ast.Quant) and e.kind in ("A", "E"):
            trees = tuple(
                self._tree(_At(e.body, inner, at.bindings + combo, at.lets), depth + 1)
                for combo, inner in self._combos(at, e)
            )
            return ltl.And(trees) if e.kind == "A" else ltl.Or(trees)
        if isinstance(e, ast.Let):
            return self._tree(_At(e.body, at.scope, at.bindings, (*at.lets, e)), depth + 1)
        if (inlined := self._inline(at)) is not None:
            return self._tree(inlined, depth + 1)
        raise _refused(f"the temporal formula `{_short(e)}`", e.span)

    def _fair_tree(self, at: _At, e: ast.Fairness) -> Formula:
        """WF_v(A) as []<>(~ENABLED <<A>>_v \\/ <<A>>_v), SF_v(A) as
        <>[]~ENABLED <<A>>_v \\/ []<><<A>>_v (TLC's expansions)."""
        fair = self._fair(at, e)
        enabled = ast.OpExpr(e.span, "ENABLED", (fair.action,))
        en = ltl.StateAtom(Pred(self.state.compile(enabled, at.scope).fn, at.bindings, enabled))
        step = ltl.StepAtom(replace(fair, kind="STEP"))
        if not fair.strong:
            return ltl.Always(ltl.Eventually(ltl.Or((ltl.Not(en), step))))
        return ltl.Or((ltl.Eventually(ltl.Always(ltl.Not(en))), ltl.Always(ltl.Eventually(step))))

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
        if not self._plain(at.at(target)):
            return None
        p, q = self._sub(at, e.args[0]), self._sub(at, target)
        return Part(name, form, p, q, at.expr.span)

    def _step_part(self, name: str, form: str, at: _At, box: ast.Expr) -> Part:
        """`<><<A>>_v`, `[]<><<A>>_v`: the step test of `<<A>>_v` (p: TRUE, unused)."""
        assert isinstance(box, ast.ActionBox)
        fair = Fair("STEP", _boxed(at, box), at.scope, at.bindings, show(box))
        true = ast.Bool(box.span, True)
        p = Pred(self.state.compile(true, at.scope).fn, at.bindings, true)
        return Part(name, form, p, None, at.expr.span, fair=fair)

    def _level(self, at: _At) -> int:
        """The level of a formula, through the definitions it uses (a parameter standing
        for an argument counts as a constant: arguments are read where written)."""
        return level_of(self.ctx.resolved, at.wrap(at.expr), at.scope.module)

    def _temporal(self, at: _At) -> bool:
        return _temporal(at.expr) or self._level(at) >= TEMPORAL

    def _plain(self, at: _At) -> bool:
        """A state predicate (ENABLED allowed)."""
        return not _temporal(at.expr) and not _primed(at.expr) and self._level(at) <= STATE

    def _plain_args(self, at: _At, e: ast.OpExpr) -> bool:
        return all(self._plain(at.at(a)) for a in e.args)

    def _plain_in(self, at: _At, e: ast.OpExpr) -> bool:
        return self._plain(at.at(e.args[0]))

    def _sub(self, at: _At, e: ast.Expr) -> Pred:
        return self._pred(at.at(e))

    def _pred(self, at: _At) -> Pred:
        e = at.wrap(at.expr)
        c = self.state.compile(e, at.scope)
        return Pred(c.fn, at.bindings, at.expr, (e, at.scope))

    def _action_pred(self, at: _At, box: ast.ActionBox) -> Pred:
        e = _boxed(at, box)
        c = self.action.compile(e, at.scope)
        return Pred(c.fn, at.bindings, box, (e, at.scope))

    # -- fairness -----------------------------------------------------------------------

    def fairness(self, expr: ast.Expr, module: str) -> list[Fair]:
        return self._fairs(_At(expr, Scope(module), ()))

    def _fairs(self, root: _At) -> list[Fair]:
        out = []
        for at in self._conjuncts(root):
            e = at.expr
            if (branches := self._constant_branch(at)) is not None:
                for branch in branches:
                    out += self._fairs(branch)
            elif isinstance(e, ast.Fairness):
                out.append(self._fair(at, e))
            elif (
                isinstance(e, ast.OpExpr)
                and e.op == "<>"
                and isinstance(box := e.args[0], ast.OpExpr)
                and box.op == "[]"
                and isinstance(act := box.args[0], ast.ActionBox)
                and not act.angle
            ):  # the assumption that from some point on every step is an [A]_v step
                out.append(Fair("ALWAYS", _boxed(at, act), at.scope, at.bindings, show(e)))
            elif isinstance(e, ast.OpExpr) and e.op == "[]" and self._plain_in(at, e):
                what = f"the SPECIFICATION conjunct `{_short(e)}` (TLC refuses it too)"
                raise _refused(what, e.span)
            else:  # any other temporal formula: behaviours are those satisfying it
                self.assumptions.append(self._tree(at, 0))
        return out

    def _constant_branch(self, at: _At) -> list[_At] | None:
        """`c => F`, `IF c THEN F ELSE G` with c a constant formula (quantified variables
        allowed): the formula that applies (none when `c => F` and c is FALSE)."""
        e = at.expr
        if isinstance(e, ast.OpExpr) and e.op == "=>":
            cond, then, other = e.args[0], e.args[1], None
        elif isinstance(e, ast.If):
            cond, then, other = e.cond, e.then, e.else_
        else:
            return None
        c = at.at(cond)
        if _temporal(cond) or self._level(c) > CONSTANT:
            return None
        try:
            holds = self._pred(c).holds(self.ctx.scratch())
        except EvalError as exc:
            raise CheckerError((exc.diagnostic(),)) from None
        taken = then if holds else other
        return [] if taken is None else [at.at(taken)]

    def _fair(self, at: _At, e: ast.Fairness) -> Fair:
        box = _boxed(at, ast.ActionBox(e.span, e.action, e.sub, True))
        text = f"{e.kind}_{show(e.sub)}({show(e.action)})"
        return Fair(e.kind, box, at.scope, at.bindings, text)

    # -- taking apart -------------------------------------------------------------------

    def _conjuncts(self, at: _At, depth: int = 0) -> Iterator[_At]:
        e = at.expr
        if depth > 200:
            raise CheckerError((Diagnostic("E314", "this formula nests too deeply", e.span),))
        if isinstance(e, ast.And):
            for item in e.items:
                yield from self._conjuncts(at.at(item), depth + 1)
        elif isinstance(e, ast.Quant) and e.kind == "A" and self._deep(at, e.body):
            yield from self._unrolled(at, e, depth)
        elif isinstance(e, ast.Let) and self._deep(at, e.body):
            inner = _At(e.body, at.scope, at.bindings, (*at.lets, e))
            yield from self._conjuncts(inner, depth + 1)
        elif (inlined := self._inline(at)) is not None:
            yield from self._conjuncts(inlined, depth + 1)
        else:
            yield at

    def _deep(self, at: _At, e: ast.Expr) -> bool:
        """Whether `e` is more than a state predicate (an action or temporal formula)."""
        return _temporal(e) or _primed(e) or self._level(at.at(e)) > STATE

    def _unrolled(self, at: _At, e: ast.Quant, depth: int) -> Iterator[_At]:
        for combo, inner in self._combos(at, e):
            yield from self._conjuncts(_At(e.body, inner, at.bindings + combo, at.lets), depth + 1)

    def _combos(self, at: _At, e: ast.Quant) -> list[tuple[Bindings, Scope]]:
        """The values of a quantifier's variables over its sets, in TLC's order."""
        bounds = tuple(
            b if b.domain is None else replace(b, domain=at.wrap(b.domain)) for b in e.bounds
        )
        inner, binders = self.state.bind(bounds, at.scope, False)
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
        return [(combo, inner) for combo in combos]

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
            scope.names[p.name] = ByName(at.wrap(a), at.scope)
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


def _operands(e: ast.Expr) -> tuple[ast.Expr, ...]:
    """The subformulas a temporal connective combines (none for other expressions)."""
    if isinstance(e, (ast.And, ast.Or)):
        return e.items
    if isinstance(e, ast.If):
        return (e.cond, e.then, e.else_)
    if isinstance(e, ast.OpExpr) and e.op in ltl.CONNECTIVES and not _box(e.args[0]):
        return e.args
    return ()


def _box(e: ast.Expr) -> bool:
    return isinstance(e, ast.ActionBox)


def _boxed(at: _At, box: ast.ActionBox) -> ast.ActionBox:
    """An action box under the LET definitions around it."""
    if not at.lets:
        return box
    return ast.ActionBox(box.span, at.wrap(box.action), at.wrap(box.sub), box.angle)


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
                hint="supported: temporal formulas over state predicates (ENABLED allowed) "
                "and steps `<<A>>_v`, `[A]_v`, built with /\\, \\/, ~, =>, <=>, IF, [], <>, "
                "~>, WF, SF and \\A, \\E over constant sets",
            ),
        )
    )
