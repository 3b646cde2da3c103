"""What a module being expanded sees of instances (Inst, Names), and the rewriting of its
own expressions: `N!Op` references become the expanded definitions' names, and a LET's
INSTANCE its definitions (RefRewriter); used by the expander of instance.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from checker.diagnostics import Note, Span, error, suggest
from checker.lang import ast, selectors
from checker.lang.instance_body import Op
from checker.lang.rewrite import Env, Rewriter, names_in


@dataclass(frozen=True)
class Inst:
    """A named instance as seen from a module: `N` or a nested `N!P`."""

    params: int
    ops: dict[str, Op]  # the definitions reachable as N!Op
    span: Span
    local: bool


@dataclass
class Names:
    """What a module being expanded sees so far."""

    kinds: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (kind, arity)
    instances: dict[str, Inst] = field(default_factory=dict)
    std: set[str] = field(default_factory=set)
    unit_names: set[str] = field(default_factory=set)  # every top-level name of the module
    defs: dict[str, ast.OpDef] = field(default_factory=dict)  # for `Inv!2` (selectors.py)


# The expansion of an INSTANCE (inst, the names seen, the names bound around it, the
# module): instance.py's expander.
Expand = Callable[[ast.Instance, "Names", Env, str], list[ast.Unit]]


class RefRewriter(Rewriter):
    """The instantiating module's own expressions: `N!Op` references and LET instances."""

    def __init__(self, expand: Expand, names: Names, module: str) -> None:
        self.expand = expand
        self.names = names
        self.module = module
        self.from_instance: set[int] = set()  # the LET definitions an instance made

    def unit(self, u: ast.Unit) -> ast.Unit:
        if isinstance(u, ast.OpDef):
            env: Env = {}
            params = self.params(u.params, env)
            return replace(u, params=params, body=self.expr(u.body, env))
        if isinstance(u, ast.FuncDef):
            bounds, env = self.bounds(u.bounds, {})
            return replace(u, bounds=bounds, body=self.expr(u.body, env))
        if isinstance(u, ast.Assume):
            return replace(u, expr=self.expr(u.expr, {}))
        if isinstance(u, ast.Theorem):
            return replace(u, statement=self.statement(u.statement))
        return u

    def statement(self, s: ast.Expr | ast.AssumeProve) -> ast.Expr | ast.AssumeProve:
        if isinstance(s, ast.Expr):
            return self.expr(s, {})
        items: list[ast.Expr | ast.NewDecl | ast.AssumeProve] = []
        for item in s.assumptions:
            if isinstance(item, ast.NewDecl):
                domain = item.domain
                items.append(
                    replace(item, domain=None if domain is None else self.expr(domain, {}))
                )
            else:
                items.append(self.statement(item))
        return replace(s, assumptions=tuple(items), goal=self.expr(s.goal, {}))

    def instance_ref(self, e: ast.InstanceRef, env: Env) -> ast.Expr:
        if e.selectors:
            return self.selection(e, env)
        prefix = ""
        args: list[ast.Expr] = []
        info: Inst | None = None
        for part in e.parts[:-1]:
            prefix = f"{prefix}!{part.name}" if prefix else part.name
            info = self.names.instances.get(prefix)
            if info is None:
                raise self.unknown_instance(prefix, part)
            if len(part.args) != info.params:
                raise error(
                    "E202",
                    f"the instance `{prefix}` takes {info.params} argument"
                    f"{'' if info.params == 1 else 's'}, but {len(part.args)} "
                    f"{'is' if len(part.args) == 1 else 'are'} given",
                    part.span,
                    notes=(Note("the instance", info.span),),
                )
            args.extend(self.expr(a, env) for a in part.args)
        assert info is not None
        last = e.parts[-1]
        op = info.ops.get(last.name)
        if op is None:
            guess = suggest(last.name, list(info.ops))
            raise error(
                "E201",
                f"the instance `{prefix}` has no definition `{last.name}`",
                last.span,
                hint=f"did you mean `{prefix}!{guess}`?" if guess else None,
                notes=(Note("the instance", info.span),),
            )
        if last.args and len(last.args) != op.arity:
            raise error(
                "E202",
                f"`{prefix}!{last.name}` takes {op.arity} argument"
                f"{'' if op.arity == 1 else 's'}, but {len(last.args)} "
                f"{'is' if len(last.args) == 1 else 'are'} given",
                last.span,
            )
        all_args = (args if op.instance_args else []) + [self.expr(a, env) for a in last.args]
        if not all_args:
            return ast.Name(e.span, op.target)
        return ast.Apply(e.span, op.target, tuple(all_args))

    def selection(self, e: ast.InstanceRef, env: Env) -> ast.Expr:
        """`Inv!2`, `N!Init!1`: a part of a 0-ary definition's body (selectors.py)."""
        return selectors.selection(e, lambda ref: self.instance_ref(ref, env), self.names.defs)

    def unknown_instance(self, prefix: str, part: ast.RefPart) -> Exception:
        parent = prefix.rpartition("!")[0]
        siblings = [
            k.rpartition("!")[2] for k in self.names.instances if k.rpartition("!")[0] == parent
        ]
        guess = suggest(part.name, siblings)
        what = "is not an instance" if prefix in self.names.kinds else "is not a known instance"
        return error(
            "E201",
            f"`{prefix}` {what}",
            part.span,
            hint=f"did you mean `{guess}`?" if guess else "`N!Op` needs `N == INSTANCE M` first",
        )

    def expr(self, e: ast.Expr, env: Env) -> ast.Expr:
        if not isinstance(e, ast.Let):
            return super().expr(e, env)
        outside = dict(self.names.instances)  # an instance in a LET is visible in it only
        try:
            let = super().expr(e, env)
        finally:
            self.names.instances = outside
        assert isinstance(let, ast.Let)
        return self.prune(let)

    def prune(self, let: ast.Let) -> ast.Let:
        """Only the definitions of a LET's instances that it uses are kept (the others
        may be actions, which a LET used as a value could not compile)."""
        if not any(id(d) in self.from_instance for d in let.defs):
            return let
        used = names_in(let.body)
        kept: list[ast.Unit] = []
        for d in reversed(let.defs):
            name = getattr(d, "name", None)
            if id(d) not in self.from_instance or name in used or isinstance(d, ast.SubstLevel):
                kept.append(d)
                used |= names_in(d)
        return replace(let, defs=tuple(reversed(kept)))

    def let_instance(self, d: ast.Instance, env: Env) -> list[ast.Unit]:
        # The expanded definitions see the names bound around the LET.
        units = self.expand(d, self.names, env, self.module)
        self.from_instance.update(id(u) for u in units)
        for u in units:
            if isinstance(u, (ast.OpDef, ast.FuncDef, ast.Recursive)):
                env[u.name] = u.name
        return units
