"""Translation rules for binders and data: quantifiers, CHOOSE, sets, functions, records.

A mixin of `Translator` (translate.py), split out to keep modules short; the methods it
needs from the translator (`expr`, `cond`, `w`) are declared here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise

from checker.diagnostics import CheckerError, Diagnostic, Span
from checker.ir import expr as ix
from checker.lang import ast
from checker.symbolic import algebra, sets
from checker.symbolic.errors import unsupported
from checker.symbolic.symvals import SymVal, fun_from_pairs, is_concrete, make_fun, make_set
from checker.symbolic.terms import Cond, and2, at_most_one, conj, disj, implies, neg
from checker.symbolic.world import Frame, World
from checker.values import RecordSet, Value, canon_key

Binding = tuple[Cond, dict[ix.Binder, SymVal]]


class StructureRules:
    w: World

    def value(self, e: ix.Expr, fr: Frame) -> SymVal:
        raise NotImplementedError

    def truth(self, e: ix.Expr, fr: Frame) -> Cond:
        raise NotImplementedError

    # -- binders --------------------------------------------------------------------------

    def bindings_by_name(
        self, bounds: tuple[ast.Bound, ...], fr: Frame
    ) -> list[tuple[Cond, dict[str, SymVal]]]:
        """The bindings of binders whose consumer binds names (the action IR's `\\E`,
        the explanation's walk; NOTE(outer-names))."""
        lowered = self.w.lowered_bounds(bounds, fr)
        return [
            (c, {b.name: v for b, v in names.items()}) for c, names in self.bindings(lowered, fr)
        ]

    def bindings(self, bounds: tuple[ix.Bound, ...], fr: Frame) -> list[Binding]:
        out: list[Binding] = [(True, {})]
        for b in bounds:
            if b.domain is None:
                raise unsupported("an unbounded quantifier cannot be encoded", b.span)
            out = [nb for c, names in out for nb in self.bind_one(b, c, names, fr)]
        return out

    def bind_one(
        self, b: ix.Bound, c: Cond, names: dict[ix.Binder, SymVal], fr: Frame
    ) -> Iterator[Binding]:
        assert b.domain is not None
        dom = self.value(b.domain, fr.bind(names) if names else fr)
        elems = sets.candidates(dom, b.domain.span)
        if b.is_tuple:
            for ce, x in elems:
                cc = and2(c, ce)
                if cc is not False:
                    parts = {}
                    for i, n in enumerate(b.binders):  # <<a, b>> \in S: S's elements' parts
                        parts[n], d = algebra.apply(x, i + 1, b.span)
                        self.w.require(fr.assuming(cc), d, b.span, "domain")
                    yield cc, {**names, **parts}
            return
        partial: list[Binding] = [(c, names)]
        for n in b.binders:
            partial = [
                (and2(pc, ce), {**pn, n: x})
                for pc, pn in partial
                for ce, x in elems
                if and2(pc, ce) is not False
            ]
        yield from partial

    def t_Quant(self, e: ix.Quant, fr: Frame) -> SymVal:
        if e.kind not in ("A", "E"):
            raise unsupported("temporal quantifiers are not supported", e.span)
        universal = e.kind == "A"
        parts: list[Cond] = []
        for c, names in self.bindings(e.bounds, fr):
            body = self.truth(e.body, fr.bind(names).assuming(c))
            item = implies(c, body) if universal else and2(c, body)
            if item is (not universal):
                return item
            parts.append(item)
        return conj(parts) if universal else disj(parts)

    def t_Choose(self, e: ix.Choose, fr: Frame) -> SymVal:
        options: list[tuple[Cond, SymVal]] = []
        for c, names in self.bindings((e.bound,), fr):
            w = and2(c, self.truth(e.body, fr.bind(names).assuming(c)))
            if w is not False:
                options.append((w, _bound_value(e.bound, names)))
        if not options:
            raise CheckerError((Diagnostic("E404", "CHOOSE has no witness here", e.span),))
        if all(w is True for w, _ in options):
            return options[0][1]  # a constant choice: the first in canonical order, as TLC
        ws = [w for w, _ in options]
        if _canonical([v for _, v in options]):  # the first witness, as the explicit engine
            self.w.require(fr, disj(ws), e.span, "witness")
        else:  # an order that may not be the explicit engine's: one witness only
            self.w.require(fr, and2(disj(ws), at_most_one(ws)), e.span, "choose")
        chosen: list[tuple[Cond, SymVal]] = []
        earlier: Cond = False
        for w, v in options:
            chosen.append((and2(w, neg(earlier)), v))
            earlier = disj((earlier, w))
        return algebra.merge(algebra.exhaustive(chosen))

    # -- sets -----------------------------------------------------------------------------

    def t_SetEnum(self, e: ix.SetEnum, fr: Frame) -> SymVal:
        items = [self.value(x, fr) for x in e.items]
        if all(is_concrete(x) for x in items):
            return frozenset(items)
        return make_set({}, [(True, x) for x in items])

    def t_SetFilter(self, e: ix.SetFilter, fr: Frame) -> SymVal:
        out = []
        for c, names in self.bindings((e.bound,), fr):
            keep = and2(c, self.truth(e.pred, fr.bind(names).assuming(c)))
            out.append((keep, _bound_value(e.bound, names)))
        return _set_of(out)

    def t_SetMap(self, e: ix.SetMap, fr: Frame) -> SymVal:
        out = [
            (c, self.value(e.expr, fr.bind(names).assuming(c)))
            for c, names in self.bindings(e.bounds, fr)
        ]
        return _set_of(out)

    def t_RecordSet(self, e: ix.RecordSet, fr: Frame) -> SymVal:
        fields = [(name, self.value(s, fr)) for name, s in e.fields]
        if not all(is_concrete(s) for _, s in fields):
            raise unsupported("a record set with symbolic field sets", e.span)
        return RecordSet(tuple(fields))

    def t_FuncSet(self, e: ix.FuncSet, fr: Frame) -> SymVal:
        dom, rng = self.value(e.dom, fr), self.value(e.rng, fr)
        if not (is_concrete(dom) and is_concrete(rng)):
            raise unsupported("a function set [S -> T] with symbolic S or T", e.span)
        from checker.compile import ops

        return ops.func_set(dom, rng, e.span)

    # -- functions and records ------------------------------------------------------------

    def t_FuncCons(self, e: ix.FuncCons, fr: Frame) -> SymVal:
        return self.func_cons(e.bounds, e.body, fr, e.span)

    def func_cons(
        self, bounds: tuple[ix.Bound, ...], body: ix.Expr, fr: Frame, span: Span
    ) -> SymVal:
        pairs = []
        single = len(bounds) == 1 and len(bounds[0].binders) == 1 and not bounds[0].is_tuple
        for c, names in self.bindings(bounds, fr):
            if c is not True:
                raise unsupported("a function whose domain is not constant", span)
            key = names[bounds[0].binders[0]] if single else _tuple_key(bounds, names)
            pairs.append((key, self.value(body, fr.bind(names))))
        return fun_from_pairs(pairs)

    def t_FuncApp(self, e: ix.FuncApp, fr: Frame) -> SymVal:
        f = self.value(e.func, fr)
        args = [self.value(a, fr) for a in e.args]
        key = args[0] if len(args) == 1 else make_fun(tuple(range(1, len(args) + 1)), args)
        return self.applied(f, key, e.span, fr)

    def t_FieldAccess(self, e: ix.FieldAccess, fr: Frame) -> SymVal:
        return self.applied(self.value(e.expr, fr), e.name, e.span, fr)

    def applied(self, f: SymVal, key: SymVal, span: Span, fr: Frame) -> SymVal:
        """f[key], defined where `fr`'s guard holds (NOTE(definedness))."""
        value, defined = algebra.apply(f, key, span)
        self.w.require(fr, defined, span, "domain")
        return value

    def t_Record(self, e: ix.Record, fr: Frame) -> SymVal:
        return fun_from_pairs((name, self.value(v, fr)) for name, v in e.fields)

    def t_Tuple(self, e: ix.Tuple, fr: Frame) -> SymVal:
        return make_fun(tuple(range(1, len(e.items) + 1)), [self.value(x, fr) for x in e.items])

    def t_Except(self, e: ix.Except, fr: Frame) -> SymVal:
        f = self.value(e.func, fr)
        for up in e.updates:
            path: list[SymVal] = []
            for sel in up.path:
                if isinstance(sel, ix.Field):
                    path.append(sel.name)
                else:
                    vals = [self.value(a, fr) for a in sel.args]
                    path.append(
                        vals[0]
                        if len(vals) == 1
                        else make_fun(tuple(range(1, len(vals) + 1)), vals)
                    )

            def new(old: SymVal, value: ix.Expr = up.value) -> SymVal:
                return self.value(value, replace(fr, at=old))

            f = algebra.except_at(f, path, new, up.span)
        return f

    def t_At(self, e: ix.At, fr: Frame) -> SymVal:
        if not fr.has_at():
            raise unsupported("`@` outside an EXCEPT value", e.span)
        return fr.at


def _bound_value(b: ix.Bound, names: dict[ix.Binder, SymVal]) -> SymVal:
    if b.is_tuple:
        return make_fun(tuple(range(1, len(b.binders) + 1)), [names[n] for n in b.binders])
    return names[b.binders[0]]


def _tuple_key(bounds: tuple[ix.Bound, ...], names: dict[ix.Binder, SymVal]) -> Value:
    items: list[SymVal] = []
    for b in bounds:
        if b.is_tuple:
            items.append(_bound_value(b, names))
        else:
            items.extend(names[n] for n in b.binders)
    return make_fun(tuple(range(1, len(items) + 1)), items)


def _set_of(items: list[tuple[Cond, SymVal]]) -> SymVal:
    known: dict[Value, Cond] = {}
    extra: list[tuple[Cond, SymVal]] = []
    for c, x in items:
        if c is False:
            continue
        if is_concrete(x):
            known[x] = disj((known.get(x, False), c))
        else:
            extra.append((c, x))
    return make_set(known, extra)


def _canonical(values: list[SymVal]) -> bool:
    """Concrete values in strictly increasing canonical order: the order in which the
    explicit engine tries CHOOSE's candidates (checker/compile/binders.py)."""
    if not all(is_concrete(v) for v in values):
        return False
    keys = [canon_key(v) for v in values]
    return all(a < b for a, b in pairwise(keys))
