"""Operators of the standard modules (Naturals, Integers, Sequences, FiniteSets, TLC; the
others' are in checker/compile/natives/).

`compile_builtin(name, args, span, ctx)` returns a compiled closure. Arguments are
compiled expressions (`C`), except for operator parameters (SelectSeq's test, SortSeq's
comparator), which arrive as `OpRef`s and are applied through scratch slots.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from operator import itemgetter
from typing import Any, Protocol

from checker.compile import ops, ops_seq
from checker.compile.errors import EvalError, not_boolean
from checker.compile.natives import NATIVES, Native
from checker.compile.natives.randomness import SEEDED
from checker.compile.scope import C, Fn, OpRef, constant, deps
from checker.compile.tlcruntime import (
    Runtime,
    check_constant_key,
    get_and_set,
    get_or_default,
    tlc_get,
    tlc_set,
)
from checker.diagnostics import Span
from checker.lang.stdlib import REFUSED, REFUSED_EFFECTS
from checker.values import IntSet, NatSet, SeqSet, Value, render


class BuiltinContext(Protocol):
    """What builtins need from the compiler."""

    seed: int  # the run's seed (`check --seed`): Randomization's choices
    level_cell: list[int]  # TLCGet("level"): the current state's (NOTE(tlcget-level))
    reads_level: bool
    runtime: Runtime  # TLC's registers and run facts (NOTE(tlc-registers))

    def alloc(self, count: int = 1) -> int: ...

    def output(self, text: str) -> None: ...


def compile_builtin(name: str, args: list[C | OpRef], span: Span, ctx: BuiltinContext) -> C:
    if name in REFUSED or name in REFUSED_EFFECTS:
        return _refused(name, span)
    if name == "AssertEq":
        return _assert_eq(args, span, ctx)
    if name in _RUNTIME:
        return _tlc_runtime(name, args, span, ctx)
    if name == "Nat":
        return constant(NatSet())
    if name == "Int":
        return constant(IntSet())
    if name == "SelectSeq":
        return _select_seq(args, span, ctx)
    if name == "SortSeq":
        return _sort_seq(args, span, ctx)
    native = NATIVES.get(name)
    if native is not None:
        return _native(native, args, span, ctx)
    if name in SEEDED:  # a function of the run's seed and the arguments
        return _native(functools.partial(SEEDED[name], ctx.seed), args, span, ctx)
    cargs = [a for a in args if isinstance(a, C)]
    if name in ("Print", "PrintT"):
        return _print(name, cargs, span, ctx)
    fn = _SIMPLE[name]
    fns = [a.fn for a in cargs]
    if len(fns) == 1:
        (f0,) = fns
        return C(lambda e: fn(span, f0(e)), **deps(*cargs))
    if len(fns) == 2:
        f0, f1 = fns
        return C(lambda e: fn(span, f0(e), f1(e)), **deps(*cargs))
    return C(lambda e: fn(span, *(f(e) for f in fns)), **deps(*cargs))


def _append(span: Span, s: Value, x: Value) -> Value:
    return ops_seq.seq(s, "Append", span) + (x,)


def _assert(span: Span, cond: Value, msg: Value) -> Value:
    if cond is True:
        return True
    if cond is False:
        text = msg if type(msg) is str else render(msg)
        raise EvalError("E407", f"assertion failed: {text}", span)
    raise not_boolean(cond, span, "the first argument of Assert")


_SIMPLE: dict[str, Callable[..., Value]] = {
    "Seq": lambda span, s: SeqSet(ops.check_set(s, "Seq", span)),
    "Len": lambda span, s: ops_seq.length(s, span),
    "Append": _append,
    "Head": lambda span, s: ops_seq.head(s, span),
    "Tail": lambda span, s: ops_seq.tail(s, span),
    "SubSeq": lambda span, s, m, n: ops_seq.subseq(s, m, n, span),
    "Cardinality": lambda span, s: ops.cardinality(s, span),
    "IsFiniteSet": lambda span, s: ops.is_finite_set(s, span),
    "Assert": _assert,
    "Permutations": lambda span, s: ops.permutations(s, span),
    "ToString": lambda span, v: render(v),
    "TLCEval": lambda span, v: v,
}


def _refused(name: str, span: Span) -> C:
    """NOTE(refused-when-evaluated): an operator we refuse (it has an effect outside the
    checker, or reads what we do not have) is an error where it is evaluated, not where
    it is written: TLC checks a spec whose `\\/ Inv \\/ JsonSerialize(...)` never reaches
    the second disjunct, or whose ALIAS (evaluated for counterexamples only) reads
    `Trace`, and so do we. The resolver warns of each use at load (lang/resolve_names.py);
    never folded, never generated."""
    if name in REFUSED:
        code, message = "E106", f"`{name}` is not supported: {REFUSED[name]}"
    else:
        code, message = "E211", f"`{name}` is refused: {REFUSED_EFFECTS[name]}"

    def refuse(env: list[Any]) -> Value:
        raise EvalError(code, message, span)

    return C(refuse, state=True, pure=False)


def _tlc_runtime(name: str, args: list[C | OpRef], span: Span, ctx: BuiltinContext) -> C:
    """TLCGet("level") (NOTE(tlcget-level)); the other keys, the registers and TLCExt's
    TLCGetOrDefault/TLCGetAndSet (NOTE(tlc-registers)): never folded nor memoised."""
    key = args[0]
    if name == "TLCGet" and isinstance(key, C) and key.const and key.value == "level":
        cell = ctx.level_cell
        ctx.reads_level = True
        return C(lambda env: cell[0], state=True, pure=False)
    rt = ctx.runtime
    if name == "TLCGet" and isinstance(key, C) and key.const:
        check_constant_key(rt, key.value, span)
    if name in ("TLCSet", "TLCGetAndSet") and rt.writes is None:
        rt.writes = span
    fn: Callable[..., Value] = _RUNTIME[name]
    compiled = _native(functools.partial(fn, rt), args, span, ctx)
    return C(compiled.fn, state=True, free=compiled.free, pure=False)


def _get_and_set(rt: Runtime, span: Span, key: Value, op: Any, val: Value, dflt: Value) -> Value:
    return get_and_set(rt, key, op, val, dflt, span)


_RUNTIME: dict[str, Callable[..., Value]] = {
    "TLCGet": lambda rt, span, key: tlc_get(rt, key, span),
    "TLCSet": lambda rt, span, key, value: tlc_set(rt, key, value, span),
    "TLCGetOrDefault": lambda rt, span, key, dflt: get_or_default(rt, key, dflt, span),
    "TLCGetAndSet": _get_and_set,
}


def _print(name: str, args: list[C], span: Span, ctx: BuiltinContext) -> C:
    fns = [a.fn for a in args]
    d = deps(*args)
    d["pure"] = False

    def print_(e: list[Any]) -> Value:
        values = [f(e) for f in fns]
        ctx.output(render(values[0]))
        return values[1] if name == "Print" else True

    return C(print_, **d)


def _assert_eq(args: list[C | OpRef], span: Span, ctx: BuiltinContext) -> C:
    """TLCExt's AssertEq(a, b): a = b, printing "Assertion failed", a and b when not."""
    cargs = [a for a in args if isinstance(a, C)]
    fa, fb = (a.fn for a in cargs)
    d = deps(*cargs)
    d["pure"] = False

    def assert_eq(e: list[Any]) -> Value:
        a, b = fa(e), fb(e)
        if ops.equal(a, b, span):
            return True
        for text in ("Assertion failed", render(a), render(b)):
            ctx.output(text)
        return False

    return C(assert_eq, **d)


def _applier(ref: OpRef, arity: int, span: Span, ctx: BuiltinContext) -> tuple[list[int], C]:
    """Slots to store arguments in, and `ref` applied to them."""
    first = ctx.alloc(arity)
    slots = list(range(first, first + arity))
    params = [C(itemgetter(k), free=frozenset({k})) for k in slots]
    return slots, ref.apply(params, span)


def _higher_order(fn: Fn, s_arg: C, applied: C, slots: list[int]) -> C:
    """SelectSeq or SortSeq: never folded (state), and with the slots and side effects
    of its operator argument (a LAMBDA may read bound variables or Print), which
    NOTE(state-memo) relies on."""
    d = deps(s_arg, applied, bound=frozenset(slots))
    return C(fn, state=True, free=d["free"], pure=d["pure"])


def _select_seq(args: list[C | OpRef], span: Span, ctx: BuiltinContext) -> C:
    s_arg, test = args
    assert isinstance(s_arg, C) and isinstance(test, OpRef)
    (slot,), applied = _applier(test, 1, span, ctx)
    fs, fn = s_arg.fn, applied.fn

    def select(e: list[Any]) -> Value:
        out = []
        for x in ops_seq.seq(fs(e), "SelectSeq", span):
            e[slot] = x
            keep = fn(e)
            if keep is True:
                out.append(x)
            elif keep is not False:
                raise not_boolean(keep, span, "the test of SelectSeq")
        return tuple(out)

    return _higher_order(select, s_arg, applied, [slot])


def _sort_seq(args: list[C | OpRef], span: Span, ctx: BuiltinContext) -> C:
    s_arg, less = args
    assert isinstance(s_arg, C) and isinstance(less, OpRef)
    (a_slot, b_slot), applied = _applier(less, 2, span, ctx)
    fs, fn = s_arg.fn, applied.fn

    def sort(e: list[Any]) -> Value:
        def lt(x: Value, y: Value) -> bool:
            e[a_slot] = x
            e[b_slot] = y
            r = fn(e)
            if r is True or r is False:
                return r
            raise ops.sort_key_error(x, y, span)

        def cmp(x: Value, y: Value) -> int:
            return -1 if lt(x, y) else (1 if lt(y, x) else 0)

        return tuple(sorted(ops_seq.seq(fs(e), "SortSeq", span), key=functools.cmp_to_key(cmp)))

    return _higher_order(sort, s_arg, applied, [a_slot, b_slot])


def _native(fn: Native, args: list[C | OpRef], span: Span, ctx: BuiltinContext) -> C:
    """A native operator (checker/compile/natives/) applied: its operator arguments
    become Python callables over scratch slots, as SelectSeq's test."""
    getters: list[Fn] = []
    parts: list[C] = []
    slots: list[int] = []
    for a in args:
        if isinstance(a, C):
            getters.append(a.fn)
            parts.append(a)
        else:
            arg_slots, applied = _applier(a, a.arity, span, ctx)
            getters.append(_callable(arg_slots, applied.fn))
            parts.append(applied)
            slots.extend(arg_slots)

    def run(e: list[Any]) -> Value:
        return fn(span, *[g(e) for g in getters])

    if not slots:
        return C(run, **deps(*parts))
    # as _higher_order: never folded, with its operator arguments' slots and effects
    d = deps(*parts, bound=frozenset(slots))
    return C(run, state=True, free=d["free"], pure=d["pure"])


def _callable(slots: list[int], fn: Fn) -> Fn:
    """For an env, the operator argument as a Python function of its arguments."""

    def bind(e: list[Any]) -> Any:
        def call(*values: Value) -> Value:
            for k, v in zip(slots, values, strict=True):
                e[k] = v
            return fn(e)

        return call

    return bind
