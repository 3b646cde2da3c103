"""Compile actions (Next) and initial predicates (Init) into successor generators.

An action compiles, in continuation-passing style, into `run(env)` that calls the
continuation `k(env)` once per way of satisfying it; the continuation is fixed at
compile time, so a conjunction `A /\\ B` becomes `A` with continuation `B-then-k`.

NOTE(primed-variables): TLC's rule, which we follow: the first `x' = e` (or `x' \\in S`)
met while evaluating conjuncts left to right gives x' its value; later occurrences test
it. Disjunctions and `\\E` over action bodies branch. Sub-formulas without primes are
guards, compiled as ordinary Boolean expressions. Init is compiled by the same code
with unprimed variables as the targets.

Action labels: the first action-level definition met on the way from Next's root
(through \\/, \\E, LET, IF) names the step, with its argument values (`Phase1b(a1)`);
an inline disjunct is named after the root definition and its line.

The leaves (assignments, UNCHANGED, guards) are in action_leaves.py, a mixin of
ActionCompiler; `\\A` over an action, `=>` and `<<A>>_v` are in action_forms.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checker.compile import action_forms, index, ops
from checker.compile.action_leaves import ActionLeaves, follow
from checker.compile.binders import Binder, assignments
from checker.compile.context import Context
from checker.compile.errors import EvalError, TooDeep, nested_too_deeply, not_boolean
from checker.compile.expr import ExprCompiler
from checker.compile.scope import NOTYET, UNSET, ByName, Env, OpRef, Scope
from checker.diagnostics import Span
from checker.lang import ast, printer
from checker.lang.resolve import ACTION, STATE
from checker.values import NotEnumerable, Value

K = Callable[[Env], None]


@dataclass(frozen=True)
class ActionSite:
    """A named kind of step: a definition applied in Next, or an inline disjunct."""

    name: str
    params: tuple[str, ...]
    span: Span
    inline: bool = False

    def label(self, args: tuple[Value, ...]) -> str:
        from checker.values import render

        if self.inline:
            return f"{self.name}@{self.span.line}:{self.span.col}"
        if not self.params:
            return self.name
        shown = (a.text if isinstance(a, Unevaluated) else render(a) for a in args)
        return f"{self.name}(" + ", ".join(shown) + ")"


@dataclass(frozen=True)
class Unevaluated:
    """A label's argument that is an action (`memInt'`): it has no value before the step
    is taken, so the label shows its text."""

    text: str


class ActionCompiler(ActionLeaves):
    """Compiles one action (Next) or initial predicate (Init)."""

    def __init__(self, ctx: Context, *, init: bool, label_slot: int, root: str) -> None:
        self.ctx = ctx
        self.init = init
        self.expr = ExprCompiler(ctx, "init" if init else "action")
        self.offset = 0 if init else ctx.nvars  # slots of the variables being assigned
        self.label_slot = label_slot
        self.root = root
        self.sites: list[ActionSite] = []
        self._site_index: dict[Any, int] = {}
        # keyed by ids of the expression and scope, which the value keeps alive (so that
        # the ids are never reused by other objects while the entry exists)
        self._memo: dict[tuple[int, int], tuple[bool, ast.Expr, Scope]] = {}
        self._inlining: list[int] = []
        self._depth = 0  # nesting of `compile` calls: 0 at the root of Init or Next

    # -- structure ----------------------------------------------------------------------

    def compile(self, e: ast.Expr, scope: Scope, k: K, site: int, named: bool = False) -> K:
        """`site` labels this path; `named` once an action definition has named it (before
        that, the label is an inline disjunct's and leaves must set it). At the root, `k`
        is called only once every target variable has a value (else E406)."""
        if self._depth > 0:
            return self._compile(e, scope, k, site, named)
        self._depth += 1
        try:
            return _enumerable(self._compile(e, scope, self.complete(k, e.span), site, named), e)
        finally:
            self._depth -= 1

    def complete(self, k: K, root_span: Span) -> K:
        """`k`, after checking that the step (or initial state) gives every variable a
        value; the error points at the action named by the label, else at the root."""
        lo, hi = self.offset, self.offset + self.ctx.nvars
        names = [v.name for v in self.ctx.resolved.variables]
        label_slot, sites, init = self.label_slot, self.sites, self.init

        def complete(env: Env) -> None:
            for i, v in enumerate(env[lo:hi]):
                if v is not UNSET:
                    continue
                name = names[i]
                if init:
                    raise EvalError(
                        "E406",
                        f"the initial predicate leaves `{name}` without a value",
                        root_span,
                        hint="Init must give each variable a value (x = e or x \\in S)",
                    )
                label = env[label_slot]
                raise EvalError(
                    "E406",
                    f"the step leaves `{name}'` without a value",
                    sites[label[0]].span if label is not None else root_span,
                    hint="every action must assign each variable "
                    "(x' = e, x' \\in S) or leave it UNCHANGED",
                )
            k(env)

        return complete

    def _compile(self, e: ast.Expr, scope: Scope, k: K, site: int, named: bool) -> K:
        if not self.is_action(e, scope):
            return self.guard(e, scope, k, site, named)
        if isinstance(e, ast.And):
            for item in reversed(e.items):
                k = self.compile(item, scope, k, site, named)
            return k
        if isinstance(e, ast.Or):
            return self.disjunction(e, scope, k, site, named)
        if isinstance(e, ast.Quant) and e.kind == "E":
            return self.exists(e, scope, k, site, named)
        if isinstance(e, ast.Quant) and e.kind == "A":
            return action_forms.forall(self, e, scope, k, site, named)
        if isinstance(e, ast.If):
            return self.if_then_else(e, scope, k, site, named)
        if isinstance(e, ast.Case):
            return self.case(e, scope, k, site, named)
        if isinstance(e, ast.Let):
            return self.let(e, scope, k, site, named)
        if isinstance(e, ast.ActionBox) and not e.angle:
            stutter = ast.OpExpr(e.span, "UNCHANGED", (e.sub,))
            return self.disjunction(ast.Or(e.span, (e.action, stutter)), scope, k, site, named)
        if isinstance(e, ast.ActionBox):
            return action_forms.angle(self, e, scope, k, site, named)
        if isinstance(e, ast.Name) and isinstance(scope.lookup(e.name), ByName):
            target, where = follow(e, scope)  # a parameter standing for an action
            return self.compile(target, where, k, site, named)
        if isinstance(e, (ast.Name, ast.Apply)):
            return self.definition(e, scope, k, site, named)
        if isinstance(e, ast.OpExpr):
            return self.leaf(e, scope, k, site, named)
        return self.guard(e, scope, k, site, named)

    def disjunction(self, e: ast.Or, scope: Scope, k: K, site: int, named: bool) -> K:
        branches = []
        for item in e.items:
            branch_site = site if named else self.inline_site(item)
            branches.append(self.compile(item, scope, k, branch_site, named))
        funcs = tuple(branches)

        def either(env: Env) -> None:
            for f in funcs:
                f(env)

        return either

    def exists(self, e: ast.Quant, scope: Scope, k: K, site: int, named: bool) -> K:
        inner, binders = self.expr.bind(e.bounds, scope, False)
        body = self.compile(e.body, inner, k, site, named)
        if len(binders) == 1 and not binders[0][1]:
            (slot,), _, dom, span = binders[0]
            fd = dom.fn
            prefix = index.indexable_prefix(e.bounds[0].names[0], e.body)
            if prefix is not None:
                return self.indexed_exists(prefix, binders[0], e, inner, body, k, site, named)

            def each(env: Env) -> None:
                for x in ops.canonical(fd(env), "\\E", span):
                    env[slot] = x
                    body(env)

            return each

        def each_combination(env: Env) -> None:
            for _ in assignments(env, binders, "canonical"):
                body(env)

        return each_combination

    def indexed_exists(
        self,
        prefix: index.Prefix,
        binder: Binder,
        e: ast.Quant,
        inner: Scope,
        body: K,
        k: K,
        site: int,
        named: bool,
    ) -> K:
        """`\\E m \\in msgs : m.type = "1a" /\\ A`: only the matching messages, in canonical
        order, are tried (NOTE(index-exactness) in index.py)."""
        (slot,), _, dom, span = binder
        fd = dom.fn
        values = tuple(self.expr.compile(x, inner).fn for x in prefix.exprs)
        rest = self.compile(self.expr_and(prefix.rest, e.body), inner, k, site, named)
        fields, member = prefix.fields, prefix.member

        def each_indexed(env: Env) -> None:
            s = fd(env)
            found = None
            if type(s) is frozenset and len(s) >= index.MIN_SIZE:
                try:
                    found = index.candidates(s, fields, member, [f(env) for f in values])
                except TooDeep:
                    raise
                except EvalError:
                    found = None
            if found is None:
                for x in ops.canonical(s, "\\E", span):
                    env[slot] = x
                    body(env)
                return
            for x in found:
                env[slot] = x
                rest(env)

        return each_indexed

    @staticmethod
    def expr_and(items: tuple[ast.Expr, ...], whole: ast.Expr) -> ast.Expr:
        if not items:
            return ast.Bool(whole.span, True)
        return items[0] if len(items) == 1 else ast.And(whole.span, items)

    def if_then_else(self, e: ast.If, scope: Scope, k: K, site: int, named: bool) -> K:
        cond = self.expr.compile(e.cond, scope).fn
        then = self.compile(e.then, scope, k, site, named)
        other = self.compile(e.else_, scope, k, site, named)
        span = e.cond.span

        def if_(env: Env) -> None:
            c = cond(env)
            if c is True:
                then(env)
            elif c is False:
                other(env)
            else:
                raise not_boolean(c, span, "the condition of IF")

        return if_

    def case(self, e: ast.Case, scope: Scope, k: K, site: int, named: bool) -> K:
        arms = tuple(
            (self.expr.compile(c, scope).fn, self.compile(v, scope, k, site, named), c.span)
            for c, v in e.arms
        )
        other = self.compile(e.other, scope, k, site, named) if e.other is not None else None
        span = e.span

        def case(env: Env) -> None:
            for cond, then, cspan in arms:
                c = cond(env)
                if c is True:
                    then(env)
                    return
                if c is not False:
                    raise not_boolean(c, cspan, "a CASE condition")
            if other is None:
                raise EvalError("E409", "no CASE arm applies and there is no OTHER", span)
            other(env)

        return case

    def let(self, e: ast.Let, scope: Scope, k: K, site: int, named: bool) -> K:
        inner = scope.child()
        lazy = tuple(self.expr.let_defs(e.defs, inner, False))
        body = self.compile(e.body, inner, k, site, named)
        if not lazy:
            return body

        def let(env: Env) -> None:
            for slot in lazy:
                env[slot] = NOTYET
            body(env)

        return let

    # -- definitions --------------------------------------------------------------------

    def definition(self, e: ast.Name | ast.Apply, scope: Scope, k: K, site: int, named: bool) -> K:
        """Inline an action-level definition (its body is compiled for this call site)."""
        args = e.args if isinstance(e, ast.Apply) else ()
        found = self.find_definition(e.name, scope)
        if found is None:
            return self.guard(e, scope, k, site, named)
        d, def_scope = found
        inner = def_scope.child()
        for p, a in zip(d.params, args, strict=True):
            if p.arity:
                inner.names[p.name] = self.ctx.operator_argument(
                    self.expr, a, p.arity, scope, False
                )
            else:  # TLA+ substitutes arguments (see ByName)
                inner.names[p.name] = ByName(a, scope)
        if id(d) in self._inlining:
            raise EvalError("E106", "recursive action operators are not supported", d.span)
        self._inlining.append(id(d))
        try:
            if named or self.init:
                return self.compile(d.body, inner, k, site, named)
            new_site = self.named_site(d, def_scope)
            body = self.compile(d.body, inner, k, new_site, True)
        finally:
            self._inlining.pop()
        label = tuple(
            self._label_argument(a, scope)
            for p, a in zip(d.params, args, strict=True)
            if not p.arity
        )
        return self.enter(label, body, new_site)

    def _label_argument(self, a: ast.Expr, scope: Scope) -> Any:
        """What computes an argument's value for the step's label (TLA+ substitutes
        arguments: one that is an action, such as `x'`, is shown as written)."""
        if self.is_action(a, scope):
            shown = Unevaluated(printer.show(a))
            return lambda env: shown
        return self.expr.compile(a, scope).fn

    def enter(self, label_fns: tuple[Any, ...], body: K, new_site: int | None) -> K:
        """Label the step on entering an action definition (its argument values)."""
        if new_site is None:
            return body
        label_slot = self.label_slot

        def labelled(env: Env) -> None:
            env[label_slot] = (new_site, tuple([f(env) for f in label_fns]))
            body(env)

        return labelled

    def find_definition(self, name: str, scope: Scope) -> tuple[ast.OpDef, Scope] | None:
        local = scope.lookup(name)
        if isinstance(local, OpRef) and local.defn is not None and local.def_scope is not None:
            return local.defn, local.def_scope
        if local is not None:
            return None
        sym = self.ctx.symbol(scope.module, name)
        if sym.kind == "definition" and isinstance(sym.unit, ast.OpDef):
            return sym.unit, Scope(sym.module)
        return None

    def named_site(self, d: ast.OpDef, def_scope: Scope) -> int:
        key = (def_scope.module, d.name, id(d))
        if key not in self._site_index:
            self._site_index[key] = len(self.sites)
            self.sites.append(ActionSite(d.name, tuple(p.name for p in d.params), d.span))
        return self._site_index[key]

    def inline_site(self, e: ast.Expr) -> int:
        key = ("inline", e.span.key())
        if key not in self._site_index:
            self._site_index[key] = len(self.sites)
            self.sites.append(ActionSite(self.root, (), e.span, inline=True))
        return self._site_index[key]

    # -- which sub-formulas are actions ---------------------------------------------------

    def is_action(self, e: ast.Expr, scope: Scope) -> bool:
        """Whether `e` may assign a target variable (so it must be compiled structurally)."""
        key = (id(e), id(scope))
        if key not in self._memo:
            self._memo[key] = (self._mentions_target(e, scope), e, scope)
        return self._memo[key][0]

    def _mentions_target(self, e: ast.Expr, scope: Scope) -> bool:
        for node in ast.walk(e):
            if isinstance(node, ast.OpExpr) and node.op in ("'", "UNCHANGED") and not self.init:
                return True
            if isinstance(node, ast.ActionBox):
                return True
            if isinstance(node, (ast.Name, ast.Apply)) and self._name_is_target(node.name, scope):
                return True
        return False

    def _name_is_target(self, name: str, scope: Scope) -> bool:
        local = scope.lookup(name)
        if isinstance(local, ByName):
            return self._mentions_target(local.expr, local.scope)
        if local is not None:
            return isinstance(local, OpRef) and local.defn is not None
        sym = self.ctx.resolved.symbol(scope.module, name)
        if sym is None:
            return False
        if sym.kind == "variable":
            return self.init
        if sym.kind == "definition":
            level = self.ctx.resolved.level(sym, STATE)
            return level >= (STATE if self.init else ACTION)
        return False


def _enumerable(run: K, root: ast.Expr) -> K:
    """`run`, reporting an infinite set met where the values layer had to enumerate it
    (deep inside a value: `Nat \\X {}`, equality of functions over Nat) as E405."""

    def guarded(env: Env) -> None:
        try:
            run(env)
        except NotEnumerable as exc:
            raise ops.not_enumerable(exc, "this step", root.span) from None
        except RecursionError:
            raise nested_too_deeply(root.span) from None

    return guarded
