"""Generated code for binders: quantifiers, CHOOSE, set builders (function constructors
are defgen.py's).

Each becomes a Python generator expression or comprehension. Domains are evaluated once
(TLA+ semantics; Python would re-evaluate every `for` iterable but the first); constant
domains are precomputed (canonical order where the order matters); a body starting with
`x.f = e` conjuncts draws its elements from a field index (NOTE(index-exactness)).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from checker.compile import index
from checker.compile.codegen.genbase import GenBase
from checker.compile.codegen.hoist import (
    extreme_choice,
    flatten,
    nest,
    split_quantifier,
    unique_choice,
)
from checker.compile.codegen.scopes import Gen, GScope, _simple, free_locals
from checker.compile.codegen.source import NotGeneratable
from checker.ir import expr as ix
from checker.lang import ast, printer
from checker.values import Interval, LazySet, SetPred, Value, canon_sorted
from checker.values.lazy import LAZY_FILTER_BASE, filters_lazily, is_finite

_DOMAIN = "\x00domain"  # a set filter's domain in its scope: never a TLA+ name
_CELLS = re.compile(r"\bz\d+\b")  # LET cells (NOTE(let-binding))
_VARIABLE = re.compile(r"s\d+")  # a variable's value in the state a step starts from
_CELL_BINDS = re.compile(r"\((z\d+) :=|\blambda ([\w, ]+):")  # cells bound inside
UNROLL_MAX = 8  # quantifiers over constant sets up to this size are unrolled ...
UNROLL_BUDGET = 64  # ... while the product of the unrolled sizes stays within this


class BinderGen(GenBase):
    def binders(
        self,
        bounds: tuple[ix.Bound, ...],
        scope: GScope,
        primed: bool,
        assigned: frozenset[int],
        canonical: bool,
        body: ix.Expr | ast.Expr | None = None,
    ) -> tuple[str, GScope, list[str], list[tuple[str, str]]]:
        """`for ... in ...` clauses binding the names, the inner scope, the targets, and
        the domains to evaluate once beforehand (Python would re-evaluate the iterable of
        every `for` but the first for each outer element; TLA+ evaluates each once).
        `body` (the IR, or the action IR's source, read by name) may choose a field index."""
        inner = scope.child()
        clauses: list[str] = []
        targets: list[str] = []
        hoisted: list[tuple[str, str]] = []
        h = self.src.helper
        after_empty = False  # NOTE(empty-binder): a domain before was the empty set
        for b in bounds:
            if b.domain is None:
                raise NotGeneratable("unbounded")
            dom = self.gen(b.domain, scope, primed, assigned)[0]
            ints = None
            if not after_empty and not b.is_tuple:
                ints = self.int_range(b.domain, dom, scope, primed, assigned)
            if ints is not None:
                elems = self.hoist(ints, clauses or b.binders[1:], hoisted)
                self.loop_each(b.binders, elems, "int", inner, clauses, targets)
                continue
            dom = self.hoist(dom, (), hoisted)
            if after_empty:
                elems = self.hoist(f"{h('ELEMS_UNUSED')}({dom})", [dom], hoisted)
                self.loop_each(b.binders, elems, "any", inner, clauses, targets)
                continue
            value = self.const_value(dom) if dom.startswith("k") else None
            after_empty = (type(value) is frozenset or type(value) is Interval) and not value
            elems = self.elements(dom, canonical)
            if b.is_tuple:
                names = [self.src.fresh("b") for _ in b.binders]
                for x, q in zip(b.binders, names, strict=True):
                    inner.bind(x, (q, "any"))
                elems = self.hoist(f"{h('TUPLES')}({elems}, {len(names)})", clauses, hoisted)
                clauses.append(f"for ({', '.join(names)},) in {elems}")
                targets.append("(" + ", ".join(names) + ",)")
                continue
            elems = self.hoist(elems, clauses or b.binders[1:], hoisted)
            for x in b.binders:
                q = self.src.fresh("b")
                inner.bind(x, (q, self.element_type(dom)))
                if type(value) is frozenset or type(value) is Interval:
                    self.const_bound.add(q)  # its values: one constant set's (NOTE(bool-int))
                source = elems
                if body is not None and len(bounds) == 1 and len(b.binders) == 1:
                    source = self.indexed(x, body, dom, inner, primed, assigned, canonical) or elems
                source = self.hoist(source, (), hoisted)  # an index's key may bind
                clauses.append(f"for {q} in {source}")
                targets.append(q)
        return " ".join(clauses), inner, targets, hoisted

    def loop_each(
        self,
        binders: Sequence[ix.Binder],
        elems: str,
        typ: str,
        inner: GScope,
        clauses: list[str],
        targets: list[str],
    ) -> None:
        """A `for` over `elems` for each of the names, one bound by each."""
        for x in binders:
            q = self.src.fresh("b")
            inner.bind(x, (q, typ))
            clauses.append(f"for {q} in {elems}")
            targets.append(q)

    def int_range(
        self,
        domain: ix.Expr,
        dom: str,
        scope: GScope,
        primed: bool,
        assigned: frozenset[int],
    ) -> str | None:
        """`x \\in a..b` with a and b computed: a Python range (the interval's canonical,
        ascending order) instead of an interval built and then walked; RANGE refuses what
        is not two integers (the closures then report it)."""
        if dom.startswith("k") or not isinstance(domain, ix.OpApp):
            return None
        if domain.op != ".." or len(domain.args) != 2:
            return None
        (lo, lo_type), (hi, hi_type) = (self.gen(a, scope, primed, assigned) for a in domain.args)
        if lo_type == hi_type == "int":  # known integers (never a Boolean): no check
            return f"range({lo}, ({hi}) + 1)"
        return f"{self.src.helper('RANGE')}({lo}, {hi})"

    def elements(self, dom: str, canonical: bool) -> str:
        """Source iterating a set: a precomputed constant for constant sets."""
        value = self.const_value(dom) if dom.startswith("k") else None
        if type(value) is frozenset:
            return self.src.const(tuple(canon_sorted(value))) if canonical else dom
        if type(value) is Interval:  # a large one as a range: never listed (NOTE(limits))
            if value.cardinality() > LAZY_FILTER_BASE:
                return self.src.const(range(value.lo, value.hi + 1))
            return self.src.const(tuple(value.ordered()))
        sorts_variable = canonical and self.mode == "action" and _VARIABLE.fullmatch(dom)
        if sorts_variable and self.memo_decls is not None:
            return self.sorted_variable(dom)
        return f"{self.src.helper('CANON') if canonical else self.src.helper('ELEMS')}({dom})"

    def sorted_variable(self, var: str) -> str:
        """NOTE(sorted-variable): in a successor function, a variable's value in the
        canonical order is sorted once per step, where first needed, and kept in a cell
        that every loop over it then reads (MultiPaxos loops over its message set in each
        action, for each replica: one sort a step instead of about fifteen)."""
        assert self.memo_decls is not None
        cell = self.sorted_cells.get(var)
        if cell is None:
            cell = self.sorted_cells[var] = self.src.fresh("z")
            self.memo_decls.append(f"{cell} = [{self.src.helper('LAZY')}]")
        h = self.src.helper
        sort = f"{h('LET_SET')}({cell}, {h('CANON')}({var}))"
        return f"({cell}[0] if {cell}[0] is not {h('LAZY')} else {sort})"

    def hoist(self, source: str, later: Sequence[object], hoisted: list[tuple[str, str]]) -> str:
        """Evaluate a domain once when a `for` will follow (`later` non-empty), or where it
        binds with `:=`, which Python refuses in a comprehension's iterable."""
        if (not later and ":=" not in source) or _simple(source):
            return source
        q = self.src.fresh("d")
        hoisted.append((q, source))
        return q

    def wrap(self, code: str, hoisted: list[tuple[str, str]]) -> str:
        if not hoisted:
            return code
        return self.bind([q for q, _ in hoisted], [v for _, v in hoisted], code)

    def element_type(self, dom: str) -> str:
        value = self.const_value(dom) if dom.startswith("k") else None
        if type(value) is frozenset and value and all(type(x) is int for x in value):
            return "int"
        if type(value) is frozenset and value and all(type(x) is bool for x in value):
            return "bool"
        if value is not None and type(value).__name__ == "Interval":
            return "int"
        return "any"

    def indexed(
        self,
        binder: ix.Binder,
        body: ix.Expr | ast.Expr,
        dom: str,
        inner: GScope,
        primed: bool,
        assigned: frozenset[int],
        canonical: bool,
    ) -> str | None:
        if isinstance(body, ix.Expr):
            prefix = index.indexable_prefix_ir(binder, body)
        else:  # the action IR's `\E`: its body's source, which reads the variable by name
            prefix = index.indexable_prefix(binder.name, body)
        if prefix is None:
            return None
        # a value that is a step's (`x' = m.f`): no index by it (x' may have no value yet;
        # the closures then scan too, action.py indexed_exists)
        cut = next((i for i, x in enumerate(prefix.exprs) if _mentions_prime(x)), None)
        if cut == 0:
            return None
        if cut is not None:
            prefix = index.Prefix(
                prefix.fields[:cut], prefix.exprs[:cut], prefix.member[:cut], prefix.rest
            )
        values = [self.gen(x, inner, primed, assigned)[0] for x in prefix.exprs]
        fields = self.src.const(prefix.fields)
        key = f"({', '.join(values)},)"
        if not any(prefix.member):
            return f"{self.src.helper('CANDS_EQ')}({dom}, {fields}, {key}, {canonical})"
        member = self.src.const(prefix.member)
        return f"{self.src.helper('CANDS')}({dom}, {fields}, {member}, {key}, {canonical})"

    def g_Quant(self, e: ix.Quant, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        if e.kind not in ("A", "E"):
            raise NotGeneratable("temporal quantifier")
        split = split_quantifier(e, lambda d: self.nonempty_constant(d, scope))
        if split is not None:  # NOTE(hoist-guard)
            return self.g_Quant(split, scope, primed, assigned)
        single = len(e.bounds) == 1 and len(e.bounds[0].binders) == 1 and not e.bounds[0].is_tuple
        if single and e.kind == "A" and (inclusion := self.inclusion(e, scope)) is not None:
            return inclusion, "bool"
        if single:
            special = self.unrolled(e, scope, primed, assigned) or self.probe(
                e, scope, primed, assigned
            )
            if special is not None:
                return self.invariant(special, 2), "bool"
        elif (nested := self.one_by_one(e, scope)) is not None:
            return self.g_Quant(nested, scope, primed, assigned)
        body_ast = e.body if e.kind == "E" else None
        clauses, inner, _, hoisted = self.binders(
            e.bounds, scope, primed, assigned, False, body_ast
        )
        body = self.boolean(e.body, inner, primed, assigned)
        fn = "any" if e.kind == "E" else "all"
        return self.invariant(self.wrap(f"{fn}({body} {clauses})", hoisted), 2), "bool"

    def inclusion(self, e: ix.Quant, scope: GScope) -> str | None:
        """NOTE(inclusion): `\\A x \\in v : x \\in K` for a state variable v (unprimed, so a
        set's value is a frozenset: never lazy) and a constant set K is `v \\subseteq K`,
        one call (SUBSETEQ, which remembers the elements it found in K, NOTE(fast-path))
        instead of a loop testing each element (MultiPaxos' `\\A m \\in msgs : m \\in
        Messages`). Where v is not a set both raise, and the closures report it."""
        b, body = e.bounds[0], e.body
        if self.mode == "init" or b.domain is None:
            return None
        if not (isinstance(body, ix.OpApp) and body.op == "\\in" and len(body.args) == 2):
            return None
        x, k = body.args
        if not isinstance(x, ix.Local) or x.binder is not b.binders[0]:
            return None
        if not self.closed(k) or ix.mentions(k, x.binder):
            return None
        dom = self.gen(b.domain, scope, False, frozenset())[0]
        if _STATE_VARIABLE.fullmatch(dom) is None:
            return None
        const = self.gen(k, scope, False, frozenset())[0]
        value = self.const_value(const) if const.startswith("k") else None
        if not isinstance(value, (frozenset, LazySet)):
            return None
        return self.binary("\\subseteq", (dom, "any"), (const, "any"))[0]

    def nonempty_constant(self, d: ix.Expr, scope: GScope) -> bool:
        """Whether `d` is a constant set with at least one element (NOTE(hoist-guard))."""
        if not self.closed(d):
            return False
        dom = self.gen(d, scope, False, frozenset())[0]
        value = self.const_value(dom) if dom.startswith("k") else None
        if type(value) is Interval:
            return value.lo <= value.hi
        return type(value) is frozenset and len(value) > 0

    def one_by_one(self, e: ix.Quant, scope: GScope) -> ix.Quant | None:
        """`\\A x, y \\in K : P` (or `x \\in K, y \\in L`) over small constant sets
        as `\\A x \\in K : \\A y \\in K : P`, one variable per quantifier, where
        `unrolled` takes every level (Safety's `\\A n, o \\in Node : ...` was a generator
        expression over the pairs); the same truth value (the sets are constants, so no
        domain depends on an earlier variable)."""
        if any(b.is_tuple or b.domain is None for b in e.bounds):
            return None
        flat = flatten(e)
        product = self.unroll_factor
        for _, d, _ in flat:
            if not self.closed(d):
                return None
            dom = self.gen(d, scope, False, frozenset())[0]
            value = self.const_value(dom) if dom.startswith("k") else None
            if type(value) is Interval and value.cardinality() <= UNROLL_MAX:
                product *= max(value.cardinality(), 1)
            elif type(value) is frozenset and len(value) <= UNROLL_MAX:
                product *= max(len(value), 1)
            else:
                return None
        if product > UNROLL_BUDGET:  # every level unrolled, or the one generator as before
            return None
        return nest(e, flat, e.body)

    def unrolled(
        self, e: ix.Quant, scope: GScope, primed: bool, assigned: frozenset[int]
    ) -> str | None:
        """`\\E x \\in K : P` over a small constant set K: `(P[k1] or P[k2] ...)`, each with
        the element substituted as a constant (so inner quantifiers unroll too)."""
        b = e.bounds[0]
        assert b.domain is not None
        dom = self.gen(b.domain, scope, primed, assigned)[0]
        choice = _constant_choice(dom)
        if choice is not None:  # NOTE(choice-unroll)
            cond, then, other = choice
            branches = [self.unroll(e, name, scope, primed, assigned) for name in (then, other)]
            if branches[0] is None or branches[1] is None:
                return None
            return f"({branches[0]} if {cond} else {branches[1]})"
        return self.unroll(e, dom, scope, primed, assigned) if dom.startswith("k") else None

    def unroll(
        self, e: ix.Quant, dom: str, scope: GScope, primed: bool, assigned: frozenset[int]
    ) -> str | None:
        """`e` over the constant `dom` unrolled, or None where it is not a small set."""
        value = self.const_value(dom)
        if type(value) is Interval and value.cardinality() <= UNROLL_MAX:
            value = frozenset(value.ordered())
        if type(value) is not frozenset or not 0 < len(value) <= UNROLL_MAX:
            return None
        if self.unroll_factor * len(value) > UNROLL_BUDGET:
            return None
        self.unroll_factor *= len(value)
        try:
            parts = []
            for x in canon_sorted(value):
                inner = scope.child()
                inner.bind(e.bounds[0].binders[0], self.value(x))
                parts.append(self.boolean(e.body, inner, primed, assigned))
        finally:
            self.unroll_factor //= len(value)
        joiner = " or " if e.kind == "E" else " and "
        return "(" + joiner.join(parts) + ")"

    def probe(
        self, e: ix.Quant, scope: GScope, primed: bool, assigned: frozenset[int]
    ) -> str | None:
        """`\\E m \\in S : m.f1 = e1 /\\ m.f2 = e2` (nothing else): one index probe."""
        if e.kind != "E":
            return None
        b = e.bounds[0]
        prefix = index.indexable_prefix_ir(b.binders[0], e.body)
        if prefix is None or prefix.rest:
            return None
        assert b.domain is not None
        dom = self.gen(b.domain, scope, primed, assigned)[0]
        values = [self.gen(x, scope, primed, assigned)[0] for x in prefix.exprs]
        fields = self.src.const(prefix.fields)
        member = self.src.const(prefix.member)
        key = f"({''.join(v + ', ' for v in values)})"
        # the body is those conjuncts: the helper evaluates them if need be (NOTE(probe-body))
        return f"{self.src.helper('EXISTS_IDX')}({dom}, {fields}, {member}, {key}, None)"

    def g_Choose(self, e: ix.Choose, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        b = e.bound
        true = isinstance(e.body, ix.Lit) and e.body.value is True
        if true and b.domain is not None and len(b.binders) == 1 and not b.is_tuple:
            dom = self.gen(b.domain, scope, primed, assigned)[0]  # its canonical first
            return f"{self.src.helper('FIRST')}({dom})", "any"
        clauses, inner, targets, hoisted = self.binders(
            (e.bound,), scope, primed, assigned, not unique_choice(e), e.body
        )
        body = self.boolean(e.body, inner, primed, assigned)
        choose = self.wrap(
            f"{self.src.helper('CHOOSE')}({targets[0]} {clauses} if {body})", hoisted
        )
        extreme = extreme_choice(e)
        if extreme is None:
            return choose, "any"
        assert b.domain is not None  # NOTE(choose-extreme)
        dom = self.gen(b.domain, scope, primed, assigned)[0]
        q, h = self.src.fresh("q"), self.src.helper
        call = f"{h('CHOOSE_MAX' if extreme == 'max' else 'CHOOSE_MIN')}({dom})"
        return self.bind([q], [call], f"({q} if {q} is not {h('NOKEY')} else {choose})"), "any"

    def g_SetFilter(
        self, e: ix.SetFilter, scope: GScope, primed: bool, assigned: frozenset[int]
    ) -> Gen:
        b = e.bound
        prefix = None
        if len(b.binders) == 1 and not b.is_tuple:
            prefix = index.indexable_prefix_ir(b.binders[0], e.pred)
        if prefix is not None and not prefix.rest:  # the whole predicate is indexable
            assert b.domain is not None
            dom = self.gen(b.domain, scope, primed, assigned)[0]
            values = [self.gen(x, scope, primed, assigned)[0] for x in prefix.exprs]
            fields = self.src.const(prefix.fields)
            member = self.src.const(prefix.member)
            key = f"({''.join(v + ', ' for v in values)})"
            idx = self.src.helper("FILTER_IDX")  # the predicate: NOTE(probe-body)
            return f"{idx}({dom}, {fields}, {member}, {key}, None)", "any"
        if b.domain is None:
            raise NotGeneratable("unbounded")
        return self.set_filter(e, scope, primed, assigned), "any"

    def filter_once(self, e: ix.Expr, scope: GScope, value: Value) -> Gen | None:
        """NOTE(init-filter): a closed `{x \\in S : P}` that Init enumerates (the whole
        expression the action generator asked for, outside any loop: evaluated once a run)
        whose value the closures keep lazy: generated as a SetPred testing P in generated
        code, as every other filter, rather than folded into one testing P in closures
        (CoffeeCan's Init tests P on a million records). None: fold it."""
        if self.mode != "init" or self.loops or self.nesting != 1 or type(value) is not SetPred:
            return None
        if not isinstance(e, ix.SetFilter) or e.bound.is_tuple or e.bound.domain is None:
            return None
        return self.set_filter(e, scope, False, frozenset()), "any"

    def init_filter(self, e: ast.Expr | ix.Expr, scope: GScope) -> tuple[str, str, str] | None:
        """NOTE(init-filter): Init's `x \\in {y \\in S : P}` over a constant finite S that
        the closures filter lazily (CoffeeCan's million records) as a loop over S in the
        canonical order testing P, without a SetPred and a call per element: the local,
        S and P (None: the set is generated)."""
        if self.mode != "init" or self.loops:
            return None
        e = self.ir(e, scope)
        if not isinstance(e, ix.SetFilter):
            return None
        b = e.bound
        if b.is_tuple or len(b.binders) != 1 or b.domain is None:
            return None
        dom = self.gen(b.domain, scope, False, frozenset())[0]
        base = self.const_value(dom) if dom.startswith("k") else None
        if base is None or not filters_lazily(base) or not is_finite(base):
            return None
        x = self.src.fresh("b")
        inner = scope.child()
        inner.bind(b.binders[0], (x, self.element_type(dom)))
        return x, dom, self.boolean(e.pred, inner, False, frozenset())

    def set_filter(
        self, e: ix.SetFilter, scope: GScope, primed: bool, assigned: frozenset[int]
    ) -> str:
        """`{x \\in S : P}`: a frozenset, or where the closures keep it lazy (an infinite
        or large S, NOTE(lazy-filter)) a SetPred testing P where membership is asked, with
        the generated locals P reads captured as they are now (the closures copy the env)."""
        b = e.bound
        assert b.domain is not None
        dom = self.gen(b.domain, scope, primed, assigned)[0]
        d = dom if _simple(dom) else self.src.fresh("d")
        held = scope.child()  # S once, under a name of ours
        held.names[_DOMAIN] = (d, "any")
        bound = ix.Bound(b.span, b.binders, b.is_tuple, ix.Outer(b.span, _DOMAIN))
        clauses, inner, targets, hoisted = self.binders(
            (bound,), held, primed, assigned, False, e.pred
        )
        assert not hoisted  # the domain is `d`, bound below
        body = self.boolean(e.pred, inner, primed, assigned)
        eager = f"frozenset([{targets[0]} {clauses} if {body}])"
        value = self.const_value(dom) if dom.startswith("k") else None
        if value is not None and not filters_lazily(value):
            return eager
        h = self.src.helper
        x = targets[0]
        if b.is_tuple:  # `<<a, b>>`: the element, a tuple of that length (else an error)
            x = self.src.fresh("b")
            body = f"all([{body} for {targets[0]} in {h('TUPLES')}(({x},), {len(b.binders)})])"
        params = self.captured(f"lambda {x}: {body}")
        text = self.src.const(printer.show(e.src))
        lazy = f"{h('SET_PRED')}({d}, lambda {x}{params}: {body}, {text})"
        code = lazy if value is not None else f"({lazy} if {h('FILTERS_LAZILY')}({d}) else {eager})"
        return code if d == dom else self.bind([d], [dom], code)

    def g_SetMap(self, e: ix.SetMap, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        clauses, inner, _, hoisted = self.binders(e.bounds, scope, primed, assigned, False)
        body = self.gen(e.expr, inner, primed, assigned)[0]
        set_of = self.src.helper("SET_OF")  # images may be equal (NOTE(bool-int))
        return self.across_states(self.wrap(f"{set_of}([{body} {clauses}])", hoisted)), "any"

    def captured(self, code: str) -> str:
        """Default arguments for the lambda `code`, binding the generated locals and LET
        cells it reads as they are now: it may be called after they have moved on (the
        closures compute in a copy of the env)."""
        bound = {n for pair in _CELL_BINDS.findall(code) for n in _CELLS.findall(" ".join(pair))}
        names = free_locals(code, self.mode == "init") | (set(_CELLS.findall(code)) - bound)
        return "".join(f", {n}={n}" for n in sorted(names))


_STATE_VARIABLE = re.compile(r"s\d+")


def _mentions_prime(e: ix.Expr | ast.Expr) -> bool:
    if isinstance(e, ast.Expr):  # the action IR's source
        return any(isinstance(n, ast.OpExpr) and n.op in ("'", "UNCHANGED") for n in ast.walk(e))
    return any(
        isinstance(n, ix.Prime) or (isinstance(n, ix.OpApp) and n.op == "UNCHANGED")
        for n in ix.walk(e)
    )


_CHOICE = re.compile(r"\((k\d+) if (.+) else (k\d+)\)", re.DOTALL)


def _constant_choice(code: str) -> tuple[str, str, str] | None:
    """NOTE(choice-unroll): (c, k1, k2) where `code` is `(k1 if c else k2)`, a domain
    that is one of two constants (TxLock's `\\A i \\in Spends(t) : ...` with Spends
    an IF over the transactions): the quantifier is unrolled over each, `(P[k1...] if c
    else P[k2...])`, c evaluated first as the domain was. Generated code holds no string
    literal (NOTE(codegen-safety)), so c with balanced brackets is the whole condition."""
    found = _CHOICE.fullmatch(code)
    if found is None:
        return None
    depth = 0
    for ch in found[2]:
        depth += (ch in "([{") - (ch in ")]}")
        if depth < 0:
            return None
    return (found[2], found[1], found[3]) if depth == 0 else None
