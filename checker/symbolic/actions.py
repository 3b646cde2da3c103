"""Expand Init and Next into branches: a condition on the state and the values assigned.

NOTE(branches): this walks the action IR (checker.ir) that the explicit compiler
(checker/compile/action.py) walks, so that both engines give an action the same meaning:
TLC's rule that the first `x' = e` (or `x' \\in S`) met left to right gives x' its
value and later ones test it; disjunctions, `\\E`, IF and CASE over actions branch;
everything else is a guard (`\\A`, `=>` and `<<A>>_v` over actions too). The result is a list
of `Branch`es, each a condition over the current state (a Z3 term) and, per variable, a
symbolic value for the next state. Quantifiers over symbolic sets branch per candidate
element, so `\\E m \\in msgs : m.type = "1a" /\\ ...` gives one branch per possible 1a
message and the others fold away. Labels follow the explicit engine's (`Phase1b(a1)`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from checker import ir
from checker.diagnostics import CheckerError, Diagnostic, Span
from checker.lang import ast, printer
from checker.symbolic import algebra, sets
from checker.symbolic.errors import unsupported
from checker.symbolic.symvals import SymVal, is_concrete
from checker.symbolic.terms import Cond, and2, disj, neg
from checker.symbolic.translate import Translator
from checker.symbolic.world import Frame, OpClosure, StateMap, Thunk, World

Site = ir.Site


@dataclass(frozen=True)
class Branch:
    site: Site | None
    args: tuple[SymVal | ir.Unevaluated, ...]
    cond: Cond
    assigned: StateMap

    def label(self, concretize: Any = None) -> str | None:
        """The step's label (the IR site's), symbolic arguments made concrete by
        `concretize` (a model's values) where given."""
        if self.site is None:
            return None
        return self.site.label(tuple(_concrete(a, concretize) for a in self.args))


def _concrete(a: SymVal | ir.Unevaluated, concretize: Any) -> Any:
    if isinstance(a, ir.Unevaluated) or is_concrete(a) or concretize is None:
        return a
    return concretize(a)


@dataclass(frozen=True)
class _Partial:
    cond: Cond
    assigned: StateMap
    site: Site | None
    args: tuple[SymVal | ir.Unevaluated, ...] = ()

    def guarded(self, c: Cond) -> _Partial | None:
        both = and2(self.cond, c)
        return None if both is False else replace(self, cond=both)

    def labelled(self, sites: tuple[Site, ...], label: int | None) -> _Partial:
        """The branch after a leaf that labels it with its inline disjunct."""
        return self if label is None else replace(self, site=sites[label], args=())


def lowered(w: World, body: ast.Expr, module: str, *, init: bool, root: str) -> ir.Lowered:
    """Init or Next as IR, lowered once per world."""
    key = (id(body), init)
    if key not in w.lowered:
        w.lowered[key] = (body, ir.lower(w.resolved, body, module, init=init, root=root))
    return w.lowered[key][1]


def by_name_key(param: str) -> str:
    """Where a frame keeps a parameter's argument and the frame to read it in (a key no
    TLA+ name can be)."""
    return "by-name " + param


class Expander:
    """Expands one action (or the initial predicate) over one symbolic state."""

    def __init__(self, tr: Translator, state: StateMap | None, *, init: bool, root: str) -> None:
        self.tr = tr
        self.w = tr.w
        self.state = state
        self.init = init
        self.root = root
        self.sites: tuple[Site, ...] = ()

    def branches(self, body: ast.Expr, module: str) -> list[Branch]:
        low = lowered(self.w, body, module, init=self.init, root=self.root)
        out = self.expand_lowered(low, Frame(module, {}, None))
        for b in out:
            self.check_complete(b)
        return out

    def expand_lowered(self, low: ir.Lowered, fr: Frame) -> list[Branch]:
        """The branches of an action lowered elsewhere (a fairness condition's, read in
        `fr`), variables it leaves without a value left out of `assigned`."""
        self.sites = low.sites
        start = _Partial(True, {}, None if self.init else low.sites[low.site])
        return [
            Branch(p.site, p.args, p.cond, p.assigned) for p in self.expand(low.root, fr, start)
        ]

    def check_complete(self, p: Branch) -> None:
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
        """`fr` with the state as it is at this point of the branch, and the branch's
        guards so far as its guard (NOTE(definedness))."""
        if self.init:
            return fr.with_state(p.assigned, None).assuming(p.cond)
        return fr.with_state(self.state, p.assigned).assuming(p.cond)

    # -- structure ------------------------------------------------------------------------

    def expand(self, node: ir.Node, fr: Frame, p: _Partial) -> Iterator[_Partial]:
        if isinstance(node, ir.Conj):
            yield from self.chain(node.items, 0, fr, p)
        elif isinstance(node, ir.Disj):
            for item in node.items:
                yield from self.expand(item, fr, p)
        elif isinstance(node, ir.Exists):
            for c, names in self.tr.bindings_by_name(node.bounds, self.at(fr, p)):
                q = p.guarded(c)
                if q is not None:
                    yield from self.expand(node.body, fr.bind(names), q)
        elif isinstance(node, ir.IfThen):
            c = self.tr.cond(node.cond, self.at(fr, p))
            yield from self.alternatives([(c, node.then), (neg(c), node.else_)], fr, p)
        elif isinstance(node, ir.Case):
            yield from self.case(node, fr, p)
        elif isinstance(node, ir.Let):
            yield from self.expand(node.body, self.tr.let_frame(node.defs, self.at(fr, p)), p)
        elif isinstance(node, ir.Call):
            yield from self.definition(node, fr, p)
        elif isinstance(node, ir.Arg):
            yield from self.expand(node.body, self.argument_frame(node.name, fr), p)
        else:
            yield from self.leaf(node, fr, p)

    def chain(
        self, items: tuple[ir.Node, ...], i: int, fr: Frame, p: _Partial
    ) -> Iterator[_Partial]:
        if i == len(items):
            yield p
            return
        for q in self.expand(items[i], fr, p):
            yield from self.chain(items, i + 1, fr, q)

    def alternatives(
        self, arms: list[tuple[Cond, ir.Node]], fr: Frame, p: _Partial
    ) -> Iterator[_Partial]:
        for c, body in arms:
            q = p.guarded(c)
            if q is not None:
                yield from self.expand(body, fr, q)

    def case(self, node: ir.Case, fr: Frame, p: _Partial) -> Iterator[_Partial]:
        arms: list[tuple[Cond, ir.Node]] = []
        earlier: Cond = False
        for guard, body in node.arms:
            c = and2(self.tr.cond(guard, self.at(fr, p)), neg(earlier))
            arms.append((c, body))
            earlier = disj((earlier, c))
        if node.other is not None:
            arms.append((neg(earlier), node.other))
        yield from self.alternatives(arms, fr, p)

    def definition(self, node: ir.Call, fr: Frame, p: _Partial) -> Iterator[_Partial]:
        d = node.defn
        def_frame = self.definition_frame(node, fr)
        now = self.at(fr, p)
        bound: dict[str, Any] = {}
        shown: list[SymVal | ir.Unevaluated] = []
        actions = iter(node.arg_actions)
        for q, a in zip(d.params, node.args, strict=True):
            if q.arity:
                bound[q.name] = self.tr.operator_argument_source(a, now)
                continue
            bound[by_name_key(q.name)] = (a, fr)
            if next(actions):  # an action (`x'`): TLA+ substitutes it, read where used
                bound[q.name] = Thunk(_later(self.tr, a, now.unguarded()))
                shown.append(ir.Unevaluated(printer.show(a)))
            else:
                bound[q.name] = self.tr.expr(a, now)
                shown.append(bound[q.name])
        if node.site is not None:
            p = replace(p, site=self.sites[node.site], args=tuple(shown))
        yield from self.expand(node.body, def_frame.bind(bound), p)

    def definition_frame(self, node: ir.Call, fr: Frame) -> Frame:
        if not node.local:
            return Frame(node.module, {}, None)
        e = node.expr
        assert isinstance(e, (ast.Name, ast.Apply))
        local = fr.names.get(e.name)
        if isinstance(local, OpClosure) and local.frame is not None:
            return local.frame
        raise unsupported("a LAMBDA applied as an action", e.span)

    def argument_frame(self, name: str, fr: Frame) -> Frame:
        """The frame of the argument a parameter stands for (followed through parameters
        passed on as arguments, as checker.ir.classify.follow)."""
        while by_name_key(name) in fr.names:
            e, fr = fr.names[by_name_key(name)]
            if not isinstance(e, ast.Name):
                break
            name = e.name
        return fr

    # -- leaves -----------------------------------------------------------------------------

    def leaf(self, node: ir.Node, fr: Frame, p: _Partial) -> Iterator[_Partial]:
        if isinstance(node, (ir.Assign, ir.AssignIn)):
            p = p.labelled(self.sites, node.label)
            value = self.tr.expr(node.value, self.at(fr, p))
            if isinstance(node, ir.Assign):
                yield from self.assign(node.name, value, p)
            else:
                yield from self.choose(node.name, value, p, node.span)
        elif isinstance(node, ir.Unchanged):
            yield from self.keep(list(node.names), p.labelled(self.sites, node.label))
        else:  # a guard; `\\A`, `=>` and `<<A>>_v` over actions are conditions here
            # `\\cdot`: a condition here, which the translator refuses at its place
            assert isinstance(node, (ir.Guard, ir.Forall, ir.Implies, ir.Angle, ir.Compose))
            yield from self.guard(node.expr, fr, p.labelled(self.sites, node.label))

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


def _later(tr: Translator, a: ast.Expr, fr: Frame) -> Callable[[], SymVal]:
    return lambda: tr.expr(a, fr)
