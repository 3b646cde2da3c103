"""Compile actions (Next) and initial predicates (Init) into successor generators.

An action compiles, in continuation-passing style, into `run(env)` that calls the
continuation `k(env)` once per way of satisfying it; the continuation is fixed at
compile time, so a conjunction `A /\\ B` becomes `A` with continuation `B-then-k`.

NOTE(primed-variables): TLC's rule, which we follow: the first `x' = e` (or `x' \\in S`)
met while evaluating conjuncts left to right gives x' its value; later occurrences test
it. Disjunctions and `\\E` over action bodies branch. Sub-formulas without primes are
guards, compiled as ordinary Boolean expressions. Init is compiled by the same code
with unprimed variables as the targets.

The decomposition itself (which sub-formulas are actions, what each leaf assigns,
UNCHANGED's variables, the labels) is decided once by checker.ir; this module compiles
that IR, binding names where the source binds them. Action labels: the first
action-level definition met on the way from Next's root (through \\/, \\E, LET, IF)
names the step, with its argument values (`Phase1b(a1)`); an inline disjunct is named
after the root definition and its line (NOTE(labels) in checker/ir/nodes.py).

The leaves (assignments, UNCHANGED, guards) are in action_leaves.py, a mixin of
ActionCompiler; `\\A` over an action, `=>`, `<<A>>_v` and `\\cdot` are in action_forms.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from checker import ir
from checker.compile import action_forms, index, ops
from checker.compile.action_leaves import ActionLeaves, follow
from checker.compile.binders import Binder, assignments
from checker.compile.context import Context
from checker.compile.errors import EvalError, TooDeep, nested_too_deeply, not_boolean
from checker.compile.expr import ExprCompiler
from checker.compile.refinement import FreshVariables
from checker.compile.scope import NOTYET, UNSET, ByName, Env, OpRef, Scope
from checker.diagnostics import Span
from checker.lang import ast, printer
from checker.lang.symbols import STATE
from checker.values import NotEnumerable

K = Callable[[Env], None]
ActionSite = ir.Site  # a named kind of step (checker.ir decides them)
Unevaluated = ir.Unevaluated


class ActionCompiler(ActionLeaves):
    """Compiles one action (Next) or initial predicate (Init), from its IR."""

    def __init__(
        self,
        ctx: Context,
        *,
        init: bool,
        label_slot: int,
        root: str,
        fresh: FreshVariables | None = None,
        witness_slot: int | None = None,
    ) -> None:
        self.ctx = ctx
        self.witness_slot = witness_slot  # NOTE(witness): replay's compilation only
        self.init = init
        self.fresh = fresh  # an ENABLED's fresh variables (NOTE(refinement))
        self.expr = ExprCompiler(ctx, "init" if init else "action", fresh)
        self.offset = 0 if init else ctx.nvars  # slots of the variables being assigned
        self.label_slot = label_slot
        self.root = root
        self.sites: list[ActionSite] = []
        self._lowered: dict[int, tuple[ast.Expr, ir.Lowered]] = {}

    def adopt(self, body: ast.Expr, lowered: ir.Lowered) -> None:
        """Take `body`'s IR as lowered already (checker/pipeline.py's lower stage)."""
        self._lowered[id(body)] = (body, lowered)
        self.sites[:] = lowered.sites

    def lower(self, body: ast.Expr, module: str) -> ir.Lowered:
        """The IR of `body`, lowered once (the generated code walks the same IR, so both
        backends number the sites alike); its sites become this compiler's."""
        key = id(body)
        if key not in self._lowered:
            lowered = ir.lower(self.ctx.resolved, body, module, init=self.init, root=self.root)
            self._lowered[key] = (body, lowered)
            self.sites[:] = lowered.sites
        return self._lowered[key][1]

    def compile_root(self, body: ast.Expr, module: str, k: K) -> K:
        """Init or Next: `k` is called only once every target variable has a value (else
        E406)."""
        lowered = self.lower(body, module)
        run = self.compile(lowered.root, Scope(module), self.complete(k, body.span))
        return _enumerable(run, body)

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

    # -- structure ----------------------------------------------------------------------

    def compile(self, node: ir.Node, scope: Scope, k: K) -> K:
        method: Callable[[Any, Scope, K], K] = getattr(self, "c_" + type(node).__name__)
        return method(node, scope, k)

    def c_Guard(self, node: ir.Guard, scope: Scope, k: K) -> K:
        return self.guard(node.expr, scope, k, node.label)

    def c_Conj(self, node: ir.Conj, scope: Scope, k: K) -> K:
        for item in reversed(node.items):
            k = self.compile(item, scope, k)
        return k

    def c_Disj(self, node: ir.Disj, scope: Scope, k: K) -> K:
        funcs = tuple(self.compile(item, scope, k) for item in node.items)

        def either(env: Env) -> None:
            for f in funcs:
                f(env)

        return either

    def c_Forall(self, node: ir.Forall, scope: Scope, k: K) -> K:
        return action_forms.forall(self, node, scope, k)

    def c_Implies(self, node: ir.Implies, scope: Scope, k: K) -> K:
        return action_forms.implies(self, node, scope, k)

    def c_Angle(self, node: ir.Angle, scope: Scope, k: K) -> K:
        return action_forms.angle(self, node, scope, k)

    def c_Compose(self, node: ir.Compose, scope: Scope, k: K) -> K:
        return action_forms.compose(self, node, scope, k)

    def c_Arg(self, node: ir.Arg, scope: Scope, k: K) -> K:
        _, where = follow(node.expr, scope)  # a parameter standing for an action
        return self.compile(node.body, where, k)

    def c_Exists(self, node: ir.Exists, scope: Scope, k: K) -> K:
        inner, binders = self.expr.bind(node.bounds, scope, False)
        body = self.compile(node.body, inner, k)
        if self.witness_slot is not None:
            body = _witnessed(node, binders, body, self.witness_slot)
        if len(binders) == 1 and not binders[0][1]:
            (slot,), _, dom, span = binders[0]
            fd = dom.fn
            e = node.expr
            assert isinstance(e, ast.Quant)
            prefix = index.indexable_prefix(e.bounds[0].names[0], e.body)
            rest = None if prefix is None else _rest(node, e.body, prefix)
            if prefix is not None and rest is not None and self.witness_slot is None:
                return self.indexed_exists(prefix, binders[0], rest, inner, body, k)

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
        self, prefix: index.Prefix, binder: Binder, rest_node: ir.Node, inner: Scope, body: K, k: K
    ) -> K:
        """`\\E m \\in msgs : m.type = "1a" /\\ A`: only the matching messages, in canonical
        order, are tried (NOTE(index-exactness) in index.py)."""
        (slot,), _, dom, span = binder
        fd = dom.fn
        values = tuple(self.expr.compile(x, inner).fn for x in prefix.exprs)
        rest = self.compile(rest_node, inner, k)
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

    def c_IfThen(self, node: ir.IfThen, scope: Scope, k: K) -> K:
        cond = self.expr.compile(node.cond, scope).fn
        then = self.compile(node.then, scope, k)
        other = self.compile(node.else_, scope, k)
        span = node.cond.span

        def if_(env: Env) -> None:
            c = cond(env)
            if c is True:
                then(env)
            elif c is False:
                other(env)
            else:
                raise not_boolean(c, span, "the condition of IF")

        return if_

    def c_Case(self, node: ir.Case, scope: Scope, k: K) -> K:
        arms = tuple(
            (self.expr.compile(c, scope).fn, self.compile(v, scope, k), c.span)
            for c, v in node.arms
        )
        other = self.compile(node.other, scope, k) if node.other is not None else None
        span = node.span

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

    def c_Let(self, node: ir.Let, scope: Scope, k: K) -> K:
        inner = scope.child()
        lazy = tuple(x.slot for x in self.expr.let_defs(node.defs, inner, False))
        body = self.compile(node.body, inner, k)
        if not lazy:
            return body

        def let(env: Env) -> None:
            for slot in lazy:
                env[slot] = NOTYET
            body(env)

        return let

    # -- definitions --------------------------------------------------------------------

    def c_Call(self, node: ir.Call, scope: Scope, k: K) -> K:
        """An action-level definition, inlined (its body compiled for this call site)."""
        d = node.defn
        inner = self._definition_scope(node, scope).child()
        for p, a in zip(d.params, node.args, strict=True):
            if p.arity:
                inner.names[p.name] = self.ctx.operator_argument(
                    self.expr, a, p.arity, scope, False
                )
            else:  # TLA+ substitutes arguments (see ByName)
                inner.names[p.name] = ByName(a, scope)
        probes = self.ctx.probes
        if probes is None:
            body = self.compile(node.body, inner, k)
        else:  # NOTE(profile-probes)
            root = "init" if self.init else "next"
            index = probes.probe(id(node), "action", d.name, node.expr.span, root, d.span)
            probes.stack.append(index)
            body = probes.timed(index, self.compile(node.body, inner, k))
            probes.stack.pop()
        if node.site is None:
            return body
        values = [a for p, a in zip(d.params, node.args, strict=True) if not p.arity]
        label = tuple(
            self._label_argument(a, scope, action)
            for a, action in zip(values, node.arg_actions, strict=True)
        )
        return self.enter(label, body, node.site)

    def _definition_scope(self, node: ir.Call, scope: Scope) -> Scope:
        """Where the called definition's body reads its free names."""
        if not node.local:
            return Scope(node.module)
        e = node.expr
        assert isinstance(e, (ast.Name, ast.Apply))
        local = scope.lookup(e.name)
        assert isinstance(local, OpRef) and local.def_scope is not None, "lowered as local"
        return local.def_scope

    def _label_argument(self, a: ast.Expr, scope: Scope, action: bool) -> Any:
        """What computes an argument's value for the step's label (TLA+ substitutes
        arguments: one that is an action, such as `x'`, is shown as written)."""
        if action:
            shown = Unevaluated(printer.show(a))
            return lambda env: shown
        return self.expr.compile(a, scope).fn

    def enter(self, label_fns: tuple[Any, ...], body: K, new_site: int) -> K:
        """Label the step on entering an action definition (its argument values)."""
        label_slot = self.label_slot

        def labelled(env: Env) -> None:
            env[label_slot] = (new_site, tuple([f(env) for f in label_fns]))
            body(env)

        return labelled


def _rest(node: ir.Exists, body: ast.Expr, prefix: index.Prefix) -> ir.Node | None:
    """The IR of the conjuncts after an indexed prefix (None: not split as the AST is)."""
    done = ir.Guard(ast.Bool(body.span, True), STATE, node.label)
    if isinstance(node.body, ir.Conj):
        items = node.body.items[len(prefix.exprs) :]
        if len(items) <= 1:
            return items[0] if items else done
        return ir.Conj(ast.And(body.span, prefix.rest), node.body.level, items)
    if isinstance(node.body, ir.Guard):
        if not prefix.rest:
            return done
        rest = prefix.rest[0] if len(prefix.rest) == 1 else ast.And(body.span, prefix.rest)
        return ir.Guard(rest, node.body.level, node.body.label)
    return None


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


def _witnessed(node: ir.Exists, binders: list[Binder], body: K, slot: int) -> K:
    """NOTE(witness): `body`, with the values this `\\E` chose for its names pushed onto
    the witness slot while it runs: at the end of a step the slot holds, outermost
    first, (name, value) of every action-level `\\E` on the way (`m` of `\\E m \\in
    msgs : ...`, the message the step consumed). Only replay compiles Next this way (with
    no field index: the same values, NOTE(index-exactness)), so the search pays nothing."""
    names: list[str] = []
    for b in node.bounds:
        names.extend(["<<" + ", ".join(b.names) + ">>"] if b.is_tuple else b.names)
    chosen = [(name, b[0], b[1]) for name, b in zip(names, binders, strict=True)]

    def witnessed(env: Env) -> None:
        saved = env[slot]
        env[slot] = saved + tuple(
            (name, tuple(env[i] for i in slots) if is_tuple else env[slots[0]])
            for name, slots, is_tuple in chosen
        )
        try:
            body(env)
        finally:
            env[slot] = saved

    return witnessed
