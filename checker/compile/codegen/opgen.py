"""Generated code for TLA+'s operators: prime, UNCHANGED, `\\X`, and the unary and binary
operators (flat chains folded left to right, NOTE(flat-chains)), with the type checks
skipped where the operands' types are known, and constant sets tested in C."""

from __future__ import annotations

from checker.compile.codegen.genbase import GenBase
from checker.compile.codegen.scopes import Gen, GScope
from checker.compile.codegen.source import NotGeneratable
from checker.compile.natives import INFIX_HELPERS
from checker.ir import expr as ix
from checker.values import (
    FcnSet,
    Interval,
    IntSet,
    LazySet,
    NatSet,
    StringSet,
    Value,
    canon_sorted,
    may_conflate,
)
from checker.values.lazy_struct import PowerSet, ProductSet, RecordSet, SeqSet

SMALL_SET = 4096
MAX_CHAIN = 100  # a longer chain `a + b + ...` (nested calls) keeps the closures
MAX_KEYS = 1 << 20  # `f \\in [a..b -> R]` with a longer interval is tested in general
_INT_OPS = {"+": "ADD", "-": "SUB", "*": "MUL"}
_CMP_OPS = {"<": "LT", "<=": "LE", ">": "GT", ">=": "GE"}
_SET_OPS = {
    "\\cup": "UNION",
    "\\cap": "INTER",
    "\\": "DIFF",
    "..": "INTERVAL",
    "\\div": "DIV",
    "%": "MOD",
    "^": "POW",
    "\\o": "CONCAT",
    ":>": "COLONGT",
    "@@": "ATAT",
    **INFIX_HELPERS,
}


class OpGen(GenBase):
    def g_Prime(self, e: ix.Prime, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        if primed:
            raise NotGeneratable("double prime")
        return self.gen(e.arg, scope, True, assigned)

    def g_OpApp(self, e: ix.OpApp, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        op = e.op
        if op == "UNCHANGED":
            now = self.gen(e.args[0], scope, primed, assigned)[0]
            nxt = self.gen(e.args[0], scope, True, assigned)[0]
            return f"{self.src.helper('EQ')}({nxt}, {now})", "bool"
        if op == "\\X":
            parts = [self.gen(a, scope, primed, assigned)[0] for a in e.args]
            return f"{self.src.helper('PRODUCT')}({', '.join(parts)})", "any"
        if len(e.args) > MAX_CHAIN:  # nested calls beyond what Python's parser takes
            raise NotGeneratable("a long operator chain")
        args = [self.gen(a, scope, primed, assigned) for a in e.args]
        if len(args) == 1:
            return self.unary(op, args[0])
        code = args[0]
        for arg in args[1:]:  # NOTE(flat-chains): ((a op b) op c) ...
            code = self.binary(op, code, arg)
        return code

    def unary(self, op: str, a: Gen) -> Gen:
        code, typ = a
        h = self.src.helper
        if op == "~":
            return (f"(not {code})" if typ == "bool" else f"(not {h('BOOL')}({code}))"), "bool"
        if op == "-.":
            return (f"(-{code})" if typ == "int" else f"{h('NEG')}({code})"), "int"
        table = {"SUBSET": "POWERSET", "UNION": "BIGUNION", "DOMAIN": "DOMAIN"}
        if op not in table:
            raise NotGeneratable(op)
        made = f"{h(table[op])}({code})"
        return (self.across_states(made) if op == "UNION" else made), "any"

    def binary(self, op: str, a: Gen, b: Gen) -> Gen:
        (ca, ta), (cb, tb) = a, b
        h = self.src.helper
        if op in ("=", "#"):
            if ta == tb and ta in ("int", "bool"):  # Python's equality is TLA+'s
                return f"({ca} {'==' if op == '=' else '!='} {cb})", "bool"
            return f"{h('EQ' if op == '=' else 'NE')}({ca}, {cb})", "bool"  # NOTE(bool-int)
        if op in ("\\in", "\\notin", "\\subseteq"):
            cb = self.small_set(cb)
        if op in ("\\in", "\\notin"):
            made = _built_record(ca, h("FCN"))  # a record built to be looked up
            test = f"{h('MEMBER')}({ca}, {cb})"
            if made is not None:  # its tuple is looked up (IN_REC, NOTE(fast-path))
                test = f"{h('IN_REC')}({made}, {cb})"
            const = self.const_value(cb) if cb.startswith("k") else None
            if type(const) is frozenset and not may_conflate(const):
                test = f"({made or ca} in {cb})"  # no Boolean, 0 or 1 in it (NOTE(bool-int))
            elif cb.startswith("k") and type(self.const_value(cb)) is FcnSet:
                test = self.in_function_set(ca, self.const_value(cb)) or test
            elif isinstance(const, LazySet) and (described := shape(const)) is not None:
                test = f"{h('IN_SHAPE')}({ca}, {cb}, {self.src.const(described)})"  # NOTE(shape)
            return (test if op == "\\in" else f"(not {test})"), "bool"
        if op in _INT_OPS:
            if ta == tb == "int":
                return f"({ca} {op} {cb})", "int"
            return f"{h(_INT_OPS[op])}({ca}, {cb})", "int"
        if op in _CMP_OPS:
            if ta == tb == "int":
                return f"({ca} {op} {cb})", "bool"
            return f"{h(_CMP_OPS[op])}({ca}, {cb})", "bool"
        if op in ("/\\", "\\/"):
            raise NotGeneratable(op)
        if op == "=>":
            ba = ca if ta == "bool" else f"{h('BOOL')}({ca})"
            bb = cb if tb == "bool" else f"{h('BOOL')}({cb})"
            return f"({bb} if {ba} else True)", "bool"
        if op == "<=>":
            ba = ca if ta == "bool" else f"{h('BOOL')}({ca})"
            bb = cb if tb == "bool" else f"{h('BOOL')}({cb})"
            return f"({ba} == {bb})", "bool"
        if op == "\\subseteq":
            return f"{h('SUBSETEQ')}({ca}, {cb})", "bool"
        if op == "%" and cb.isdigit() and int(cb) > 0:  # a positive literal divisor
            if ca.isdigit():
                return str(int(ca) % int(cb)), "int"
            return (f"({ca} % {cb})" if ta == "int" else f"{h('MOD')}({ca}, {cb})"), "int"
        if op in _SET_OPS:
            typ = "int" if op in ("\\div", "%", "^") else "any"
            if op == "\\":  # a frozenset either way: small constant operands listed, for C
                ca, cb = self.small_set(ca), self.small_set(cb)
            code = f"{h(_SET_OPS[op])}({ca}, {cb})"
            if op in ("\\cup", "\\cap", "\\"):  # of sets built by loops: NOTE(state-free-memo)
                code = self.across_states(code)
            return code, typ
        raise NotGeneratable(op)

    def small_set(self, code: str) -> str:
        """A constant lazy set (e.g. a union of record sets) with at most SMALL_SET elements
        becomes a constant frozenset, for membership and inclusion tests in C; a larger
        one has its small parts made frozensets (`compact`)."""
        value = self.const_value(code) if code.startswith("k") else None
        if not isinstance(value, LazySet) or isinstance(value, FcnSet):
            return code
        small = compact(value)
        return code if small is value else self.src.const(small)

    def in_function_set(self, code: str, fs: FcnSet) -> str | None:
        """`f \\in [D -> R]` for constant finite D: the canonical key tuple of D, then the
        values in R (a frozenset where R is small, else R's own membership)."""
        keys = function_keys(fs)
        if keys is None:
            return None
        rng = fs.rng
        if isinstance(rng, Interval) and rng.cardinality() <= 10_000:
            rng = rng.materialize()
        elif isinstance(rng, LazySet) and not isinstance(rng, FcnSet):
            rng = compact(rng)
        k, r, d = self.src.const(keys), self.src.const(rng), self.src.const(shape(rng))
        return f"{self.src.helper('IN_FCNSET')}({code}, {k}, {r}, {d})"


def compact(s: LazySet) -> Value:
    """The same set, for membership tests: a frozenset if it has at most SMALL_SET
    elements (counted, never listed beyond that), else records, tuples and sequences
    over its parts made compact (`[f : 0..2, g : Seq([h : {1, 2}])]` tests its fields in
    frozensets). `s` itself where nothing changes."""
    small = s.at_most(SMALL_SET)
    if small is not None:
        return small
    if isinstance(s, RecordSet):
        fields = tuple((n, _part(p)) for n, p in s.fields)
        same = all(a is b for (_, a), (_, b) in zip(fields, s.fields, strict=True))
        return s if same else RecordSet(fields)
    if isinstance(s, ProductSet):
        factors = tuple(_part(p) for p in s.factors)
        same = all(a is b for a, b in zip(factors, s.factors, strict=True))
        return s if same else ProductSet(factors)
    if isinstance(s, (SeqSet, PowerSet)):
        base = _part(s.base)
        return s if base is s.base else type(s)(base)
    return s


def _part(v: Value) -> Value:
    return compact(v) if isinstance(v, LazySet) and not isinstance(v, FcnSet) else v


def function_keys(fs: FcnSet) -> tuple[Value, ...] | None:
    """The keys of [D -> R]'s constant domain D in canonical order, for a frozenset or an
    interval of at most MAX_KEYS (NOTE(limits)); None for any other D (tested in general)."""
    if isinstance(fs.dom, frozenset):
        return tuple(canon_sorted(fs.dom))
    if isinstance(fs.dom, Interval) and fs.dom.cardinality() <= MAX_KEYS:
        return tuple(fs.dom.ordered())
    return None


def shape(s: Value) -> Value:
    """How the C side tests membership in the constant set s (NOTE(shape) in
    checker/compile/native/shape.c): a frozenset, or nested tuples describing records,
    tuples, sequences, subsets and functions of a constant finite domain over such sets,
    intervals, Nat, Int and STRING; None for any other set (its own membership test
    answers)."""
    t = type(s)
    if t is frozenset:
        return s
    parts: tuple[Value, ...] = ()
    if t is RecordSet:
        parts = (0, s.names, *(shape(p) for p in s.parts))
    elif t is ProductSet:
        parts = (1, *(shape(p) for p in s.factors))
    elif t is SeqSet:
        parts = (2, shape(s.base))
    elif t is PowerSet:
        parts = (5, shape(s.base))
    elif t is FcnSet:
        keys = function_keys(s)
        parts = () if keys is None else (6, keys, shape(s.rng))
    elif t is Interval:
        return (3, s.lo, s.hi)
    elif t is NatSet or t is IntSet:
        return (3, 0 if t is NatSet else None, None)
    elif t is StringSet:
        return (4,)
    return None if not parts or any(p is None for p in parts[2 if t is FcnSet else 1 :]) else parts


def _built_record(code: str, fcn: str) -> str | None:
    """The tuple `t` where `code` is `FCN(t)`, one call building a record or function from
    its tuple (FN_TAG first), else None. A Fcn hashes and compares as its tuple, so a
    test of membership needs no Fcn (IN_REC, NOTE(fast-path)); generated code holds no
    string literal (NOTE(codegen-safety)), so balanced brackets delimit the call."""
    if not (code.startswith(fcn + "((") and code.endswith("))")):
        return None
    inner = code[len(fcn) + 1 : -1]
    depth = 0
    for i, ch in enumerate(inner):
        depth += (ch in "([{") - (ch in ")]}")
        if depth == 0 and i < len(inner) - 1:
            return None  # `FCN(a)...(b)`: not one call
    return inner if depth == 0 else None
