"""Lower Init or Next, from the resolved and bound module, into the action IR (nodes.py).

The lowering walks the formula as TLC's Tool.getNextStates does: conjunctions,
disjunctions, `\\E` and `\\A` over actions, IF, CASE, LET, `P => A`, `[A]_v`, `<<A>>_v`,
`A \\cdot B` and applications of action-level operators are structure; `x' = e`, `x' \\in S` and
UNCHANGED are assignments; everything else is a guard. Operators are inlined per call
(their parameters substituted, NOTE(primed-variables)), so each path of the tree is one
way through the source and the labels are decided here once (NOTE(labels) in nodes.py).
"""

from __future__ import annotations

from typing import Any

from checker.diagnostics import CheckerError, Diagnostic
from checker.ir import nodes as ir
from checker.ir.classify import Classifier, FreshTargets, follow
from checker.ir.env import BOUND, Env, LocalName, LocalOp, ParamArg
from checker.lang import ast
from checker.lang.symbols import ACTION, STATE, ResolvedSpec


def lower(
    resolved: ResolvedSpec,
    body: ast.Expr,
    module: str,
    *,
    init: bool,
    root: str,
    env: Env | None = None,
    fresh: FreshTargets | None = None,
) -> ir.Lowered:
    """Init (`init=True`) or Next as IR; `root` names inline disjuncts (`Next@3:5`).
    `env`: the locals in view where `body` is written (an ENABLED's action); `fresh`:
    an ENABLED's fresh variables (NOTE(refinement))."""
    return Lowerer(resolved, init=init, root=root, fresh=fresh).lower(body, module, env)


class Lowerer(Classifier):
    def __init__(
        self, resolved: ResolvedSpec, *, init: bool, root: str, fresh: FreshTargets | None = None
    ) -> None:
        super().__init__(resolved, init=init, fresh=fresh)
        self.root = root
        self.sites: list[ir.Site] = []
        self._site_index: dict[Any, int] = {}
        self._inlining: list[int] = []

    def lower(self, body: ast.Expr, module: str, env: Env | None = None) -> ir.Lowered:
        site = self.inline_site(body)
        node = self.node(body, env if env is not None else Env(module), site, False)
        return ir.Lowered(node, tuple(self.sites), site, self.init)

    # -- sites --------------------------------------------------------------------------

    def inline_site(self, e: ast.Expr) -> int:
        key = ("inline", e.span.key())
        if key not in self._site_index:
            self._site_index[key] = len(self.sites)
            self.sites.append(ir.Site(self.root, (), e.span, inline=True))
        return self._site_index[key]

    def named_site(self, d: ast.OpDef, module: str) -> int:
        key = (module, d.name, id(d))
        if key not in self._site_index:
            self._site_index[key] = len(self.sites)
            self.sites.append(ir.Site(d.name, tuple(p.name for p in d.params), d.span))
        return self._site_index[key]

    def label(self, site: int, named: bool) -> int | None:
        """The label a leaf sets: its inline disjunct's, on a path no definition named."""
        return None if named or self.init else site

    # -- structure ----------------------------------------------------------------------

    def node(self, e: ast.Expr, env: Env, site: int, named: bool) -> ir.Node:
        if not self.is_action(e, env):
            return ir.Guard(e, STATE, self.label(site, named))
        if isinstance(e, ast.And):
            return ir.Conj(e, ACTION, tuple(self.node(i, env, site, named) for i in e.items))
        if isinstance(e, ast.Or):
            return self.disjunction(e, env, site, named)
        if isinstance(e, ast.Quant) and e.kind in ("E", "A"):
            return self.quantifier(e, env, site, named)
        if isinstance(e, ast.If):
            then = self.node(e.then, env, site, named)
            return ir.IfThen(e, ACTION, e.cond, then, self.node(e.else_, env, site, named))
        if isinstance(e, ast.Case):
            arms = tuple((c, self.node(v, env, site, named)) for c, v in e.arms)
            other = None if e.other is None else self.node(e.other, env, site, named)
            return ir.Case(e, ACTION, arms, other)
        if isinstance(e, ast.Let):
            return self.let(e, env, site, named)
        if isinstance(e, ast.ActionBox) and not e.angle:
            stutter = ast.OpExpr(e.span, "UNCHANGED", (e.sub,))
            return self.disjunction(ast.Or(e.span, (e.action, stutter)), env, site, named)
        if isinstance(e, ast.ActionBox):
            action = self.node(e.action, env, site, named)
            return ir.Angle(e, ACTION, action, e.sub, self.label(site, named))
        if isinstance(e, ast.Name) and isinstance(env.lookup(e.name), ParamArg):
            target, where = follow(e, env)
            return ir.Arg(e, ACTION, e.name, self.node(target, where, site, named))
        if isinstance(e, (ast.Name, ast.Apply)):
            return self.call(e, env, site, named)
        if isinstance(e, ast.OpExpr):
            return self.leaf(e, env, site, named)
        return ir.Guard(e, ACTION, self.label(site, named))

    def disjunction(self, e: ast.Or, env: Env, site: int, named: bool) -> ir.Node:
        items = tuple(
            self.node(i, env, site if named else self.inline_site(i), named) for i in e.items
        )
        return ir.Disj(e, ACTION, items)

    def quantifier(self, e: ast.Quant, env: Env, site: int, named: bool) -> ir.Node:
        inner = env.child()
        for b in e.bounds:
            for name in b.names:
                inner.names[name] = BOUND
        body = self.node(e.body, inner, site, named)
        make = ir.Exists if e.kind == "E" else ir.Forall
        return make(e, ACTION, e.bounds, body, self.label(site, named))

    def let(self, e: ast.Let, env: Env, site: int, named: bool) -> ir.Node:
        inner = env.child()
        for d in e.defs:
            if isinstance(d, ast.OpDef) and d.params:
                inner.names[d.name] = LocalOp(d, inner)
            elif isinstance(d, (ast.OpDef, ast.FuncDef, ast.Recursive)):
                inner.names[d.name] = BOUND
        return ir.Let(e, ACTION, e.defs, self.node(e.body, inner, site, named))

    # -- definitions --------------------------------------------------------------------

    def call(self, e: ast.Name | ast.Apply, env: Env, site: int, named: bool) -> ir.Node:
        """An action-level operator applied: its body inlined for this call."""
        found = self.find_definition(e.name, env)
        if found is None:
            return ir.Guard(e, ACTION, self.label(site, named))
        d, def_env, local = found
        args = e.args if isinstance(e, ast.Apply) else ()
        inner = def_env.child()
        for p, a in zip(d.params, args, strict=True):
            inner.names[p.name] = self.parameter(p, a, env)
        if id(d) in self._inlining:
            raise CheckerError(
                (Diagnostic("E106", "recursive action operators are not supported", d.span),)
            )
        self._inlining.append(id(d))
        try:
            new_site = None if named or self.init else self.named_site(d, def_env.module)
            if new_site is None:
                body = self.node(d.body, inner, site, named)
            else:
                body = self.node(d.body, inner, new_site, True)
        finally:
            self._inlining.pop()
        actions = tuple(
            self.is_action(a, env) for p, a in zip(d.params, args, strict=True) if not p.arity
        )
        module = def_env.module
        return ir.Call(e, ACTION, d, module, local, args, body, new_site, actions)

    def parameter(self, p: ast.Param, a: ast.Expr, env: Env) -> LocalName:
        if not p.arity:
            return ParamArg(a, env)  # TLA+ substitutes arguments
        if isinstance(a, ast.Lambda):
            params = tuple(ast.Param(a.span, q, 0) for q in a.params)
            return LocalOp(ast.OpDef(a.span, "LAMBDA", params, a.body), env)
        local = env.lookup(a.name) if isinstance(a, ast.Name) else None
        return local if isinstance(local, LocalOp) else BOUND

    # -- leaves -------------------------------------------------------------------------

    def leaf(self, e: ast.OpExpr, env: Env, site: int, named: bool) -> ir.Node:
        label = self.label(site, named)
        if e.op in ("=", "\\in"):
            target = self.target_variable(e.args[0], env)
            if target is not None:
                var, name = target
                make = ir.Assign if e.op == "=" else ir.AssignIn
                return make(e, ACTION, var, name, e.args[1], label)
        if e.op == "UNCHANGED" and not self.init:
            kept = self.unchanged_variables(e.args[0], env)
            if kept is not None:
                vars_ = tuple(i for i, _ in kept)
                return ir.Unchanged(e, ACTION, vars_, tuple(n for _, n in kept), label)
        if e.op == "=>":
            then = self.node(e.args[1], env, site, named)
            return ir.Implies(e, ACTION, e.args[0], then, label)
        if e.op == "\\cdot" and not self.init:
            first, second = (self.node(a, env, site, named) for a in e.args)
            return ir.Compose(e, ACTION, first, second, label)
        return ir.Guard(e, ACTION, label)
