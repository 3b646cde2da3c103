"""Expand Init and Next into branches: a condition on the state and the values assigned.

NOTE(branches): this mirrors the explicit compiler (checker/compile/action.py) so that
both engines give an action the same meaning: TLC's rule that the first `x' = e` (or
`x' \\in S`) met left to right gives x' its value and later ones test it; disjunctions,
`\\E`, IF and CASE over actions branch; everything else is a guard. The result is a list
of `Branch`es, each a condition over the current state (a Z3 term) and, per variable, a
symbolic value for the next state. Quantifiers over symbolic sets branch per candidate
element, so `\\E m \\in msgs : m.type = "1a" /\\ ...` gives one branch per possible 1a
message and the others fold away. Labels follow the explicit engine's (`Phase1b(a1)`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from checker.diagnostics import CheckerError, Diagnostic, Span
from checker.lang import ast
from checker.lang.resolve import ACTION, STATE
from checker.symbolic import algebra, sets
from checker.symbolic.symvals import SymVal, is_concrete
from checker.symbolic.terms import Cond, and2, disj, neg
from checker.symbolic.translate import Translator
from checker.symbolic.world import Frame, OpClosure, StateMap
from checker.values import render


@dataclass(frozen=True)
class Site:
    """A named kind of step (as checker.compile.action.ActionSite)."""

    name: str
    params: tuple[str, ...]
    span: Span
    inline: bool = False


@dataclass(frozen=True)
class Branch:
    site: Site | None
    args: tuple[SymVal, ...]
    cond: Cond
    assigned: StateMap

    def label(self, concretize: Any = None) -> str | None:
        site = self.site
        if site is None:
            return None
        if site.inline:
            return f"{site.name}@{site.span.line}:{site.span.col}"
        if not site.params:
            return site.name
        args = [a if is_concrete(a) or concretize is None else concretize(a) for a in self.args]
        return f"{site.name}(" + ", ".join(render(a) for a in args) + ")"


@dataclass(frozen=True)
class _Partial:
    cond: Cond
    assigned: StateMap
    site: Site | None
    args: tuple[SymVal, ...] = ()
    named: bool = False

    def guarded(self, c: Cond) -> _Partial | None:
        both = and2(self.cond, c)
        return None if both is False else replace(self, cond=both)


class Expander:
    """Expands one action (or the initial predicate) over one symbolic state."""

    def __init__(self, tr: Translator, state: StateMap | None, *, init: bool, root: str) -> None:
        self.tr = tr
        self.w = tr.w
        self.state = state
        self.init = init
        self.root = root

    def branches(self, body: ast.Expr, module: str) -> list[Branch]:
        fr = Frame(module, {}, None)
        start = _Partial(True, {}, None if self.init else self.inline_site(body))
        out = []
        for p in self.expand(body, fr, start):
            self.check_complete(p)
            out.append(Branch(p.site, p.args, p.cond, p.assigned))
        return out

    def check_complete(self, p: _Partial) -> None:
        missing = [v for v in self.w.variables if v not in p.assigned]
        if not missing:
            return
        if self.init:
            what, var = "the initial predicate", missing[0]
        else:
            what, var = f"the step {Branch(p.site, p.args, True, {}).label()}", missing[0] + "'"
        raise CheckerError(
            (
                Diagnostic(
                    "E406",
                    f"{what} leaves `{var}` without a value",
                    p.site.span if p.site else None,
                    hint="every action must assign each variable (x' = e, x' \\in S) "
                    "or leave it UNCHANGED",
                ),
            )
        )

    def at(self, fr: Frame, p: _Partial) -> Frame:
        """`fr` with the state as it is at this point of the branch."""
        if self.init:
            return fr.with_state(p.assigned, None)
        return fr.with_state(self.state, p.assigned)

    # -- structure ------------------------------------------------------------------------

    def expand(self, e: ast.Expr, fr: Frame, p: _Partial) -> Iterator[_Partial]:
        if not self.is_action(e, fr):
            yield from self.guard(e, fr, p)
        elif isinstance(e, ast.And):
            yield from self.chain(e.items, 0, fr, p)
        elif isinstance(e, ast.Or):
            for item in e.items:
                site = p.site if p.named or self.init else self.inline_site(item)
                yield from self.expand(item, fr, replace(p, site=site))
        elif isinstance(e, ast.Quant) and e.kind == "E":
            for c, names in self.tr.bindings(e.bounds, self.at(fr, p)):
                q = p.guarded(c)
                if q is not None:
                    yield from self.expand(e.body, fr.bind(names), q)
        elif isinstance(e, ast.If):
            c = self.tr.cond(e.cond, self.at(fr, p))
            yield from self.alternatives([(c, e.then), (neg(c), e.else_)], fr, p)
        elif isinstance(e, ast.Case):
            yield from self.case(e, fr, p)
        elif isinstance(e, ast.Let):
            yield from self.expand(e.body, self.tr.let_frame(e.defs, self.at(fr, p)), p)
        elif isinstance(e, ast.ActionBox) and not e.angle:
            stutter = ast.OpExpr(e.span, "UNCHANGED", (e.sub,))
            yield from self.expand(ast.Or(e.span, (e.action, stutter)), fr, p)
        elif isinstance(e, (ast.Name, ast.Apply)):
            yield from self.definition(e, fr, p)
        elif isinstance(e, ast.OpExpr):
            yield from self.leaf(e, fr, p)
        else:
            yield from self.guard(e, fr, p)

    def chain(
        self, items: tuple[ast.Expr, ...], i: int, fr: Frame, p: _Partial
    ) -> Iterator[_Partial]:
        if i == len(items):
            yield p
            return
        for q in self.expand(items[i], fr, p):
            yield from self.chain(items, i + 1, fr, q)

    def alternatives(
        self, arms: list[tuple[Cond, ast.Expr]], fr: Frame, p: _Partial
    ) -> Iterator[_Partial]:
        for c, body in arms:
            q = p.guarded(c)
            if q is not None:
                yield from self.expand(body, fr, q)

    def case(self, e: ast.Case, fr: Frame, p: _Partial) -> Iterator[_Partial]:
        arms: list[tuple[Cond, ast.Expr]] = []
        earlier: Cond = False
        for guard, body in e.arms:
            c = and2(self.tr.cond(guard, self.at(fr, p)), neg(earlier))
            arms.append((c, body))
            earlier = disj((earlier, c))
        if e.other is not None:
            arms.append((neg(earlier), e.other))
        yield from self.alternatives(arms, fr, p)

    def definition(self, e: ast.Name | ast.Apply, fr: Frame, p: _Partial) -> Iterator[_Partial]:
        args = e.args if isinstance(e, ast.Apply) else ()
        local = fr.names.get(e.name)
        if isinstance(local, OpClosure) and local.defn is not None and local.frame is not None:
            d, def_frame = local.defn, local.frame
        else:
            sym = self.w.symbol(fr.module, e.name)
            if sym is None or local is not None or not isinstance(sym.unit, ast.OpDef):
                yield from self.guard(e, fr, p)
                return
            d, def_frame = sym.unit, Frame(sym.module, {}, None)
        values, closures = self.tr.arguments(d.params, args, self.at(fr, p))
        params = [q.name for q in d.params if not q.arity]
        inner = def_frame.bind({**closures, **dict(zip(params, values, strict=True))})
        if not (p.named or self.init):
            site = Site(d.name, tuple(params), d.span)
            p = replace(p, site=site, args=tuple(values), named=True)
        yield from self.expand(d.body, inner, p)

    # -- leaves -----------------------------------------------------------------------------

    def leaf(self, e: ast.OpExpr, fr: Frame, p: _Partial) -> Iterator[_Partial]:
        target = self.target(e.args[0], fr) if e.op in ("=", "\\in") else None
        if target is not None:
            value = self.tr.expr(e.args[1], self.at(fr, p))
            if e.op == "=":
                yield from self.assign(target, value, p)
            else:
                yield from self.choose(target, value, p, e.span)
        elif e.op == "UNCHANGED" and not self.init:
            names = self.unchanged_variables(e.args[0], fr)
            if names is None:
                yield from self.guard(e, fr, p)
            else:
                yield from self.keep(names, p)
        else:
            yield from self.guard(e, fr, p)

    def assign(self, name: str, value: SymVal, p: _Partial) -> Iterator[_Partial]:
        if name in p.assigned:
            q = p.guarded(algebra.eq(p.assigned[name], value))
            if q is not None:
                yield q
            return
        yield replace(p, assigned={**p.assigned, name: value})

    def choose(self, name: str, s: SymVal, p: _Partial, span: Span) -> Iterator[_Partial]:
        if name in p.assigned:
            q = p.guarded(sets.member(p.assigned[name], s, span))
            if q is not None:
                yield q
            return
        for c, x in sets.candidates(s, span):
            q = p.guarded(c)
            if q is not None:
                yield replace(q, assigned={**q.assigned, name: x})

    def keep(self, names: list[str], p: _Partial) -> Iterator[_Partial]:
        assert self.state is not None
        q: _Partial | None = p
        for name in names:
            if q is None:
                return
            q = next(iter(self.assign(name, self.state[name], q)), None)
        if q is not None:
            yield q

    def guard(self, e: ast.Expr, fr: Frame, p: _Partial) -> Iterator[_Partial]:
        q = p.guarded(self.tr.cond(e, self.at(fr, p)))
        if q is not None:
            yield q

    # -- classification ---------------------------------------------------------------------

    def target(self, lhs: ast.Expr, fr: Frame) -> str | None:
        if not self.init:
            if not (isinstance(lhs, ast.OpExpr) and lhs.op == "'"):
                return None
            lhs = lhs.args[0]
        if not isinstance(lhs, ast.Name) or lhs.name in fr.names:
            return None
        sym = self.w.symbol(fr.module, lhs.name)
        return lhs.name if sym is not None and sym.kind == "variable" else None

    def unchanged_variables(self, target: ast.Expr, fr: Frame) -> list[str] | None:
        if isinstance(target, ast.Tuple):
            out: list[str] = []
            for item in target.items:
                inner = self.unchanged_variables(item, fr)
                if inner is None:
                    return None
                out.extend(inner)
            return out
        if isinstance(target, ast.Name) and target.name not in fr.names:
            sym = self.w.symbol(fr.module, target.name)
            if sym is not None and sym.kind == "variable":
                return [target.name]
            if sym is not None and isinstance(sym.unit, ast.OpDef) and not sym.unit.params:
                return self.unchanged_variables(sym.unit.body, Frame(sym.module, {}, None))
        return None

    def is_action(self, e: ast.Expr, fr: Frame) -> bool:
        """Whether `e` may assign a variable (so it is expanded structurally). Memoised by
        node: the answer depends on the frame only through LET operators in scope."""
        local_ops = any(isinstance(v, OpClosure) and v.defn is not None for v in fr.names.values())
        key = (id(e), self.init)
        if local_ops:
            return self._scan(e, fr)
        if key not in self.w.actions:
            self.w.actions[key] = self._scan(e, fr)
        return self.w.actions[key]

    def _scan(self, e: ast.Expr, fr: Frame) -> bool:
        for node in ast.walk(e):
            if isinstance(node, ast.OpExpr) and node.op in ("'", "UNCHANGED") and not self.init:
                return True
            if isinstance(node, (ast.ActionBox, ast.Let)):
                return True
            if isinstance(node, (ast.Name, ast.Apply)) and self.is_target_name(node.name, fr):
                return True
        return False

    def is_target_name(self, name: str, fr: Frame) -> bool:
        local = fr.names.get(name)
        if local is not None:
            return isinstance(local, OpClosure) and local.defn is not None
        sym = self.w.symbol(fr.module, name)
        if sym is None:
            return False
        if sym.kind == "variable":
            return self.init
        if sym.kind == "definition":
            return self.w.level(sym) >= (STATE if self.init else ACTION)
        return False

    def inline_site(self, e: ast.Expr) -> Site:
        return Site(self.root, (), e.span, inline=True)
