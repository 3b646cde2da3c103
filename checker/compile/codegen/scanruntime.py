"""Helpers for the field-matching questions generated code asks of a set (NOTE(scan),
NOTE(index-exactness), NOTE(probe-body)): the candidates for a binder whose body starts
with `x.f = v` conjuncts, and `\\E x \\in S : ...` and `{x \\in S : ...}` when those
conjuncts are the whole body; bound into generated code's namespace beside runtime.py's,
each behind a FastPath that answers from the C index when it can."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from checker._native import FastPath
from checker.compile import index, ops
from checker.compile.codegen.runtime import Fallback, canon, check_bool, elems, field, member
from checker.compile.errors import EvalError
from checker.values import Fcn, Incomparable, Value
from checker.values import equality as teq


def cands(
    s: Value,
    fields: tuple[str, ...],
    member_: tuple[bool, ...],
    values: tuple[Value, ...],
    canonical: bool,
) -> Iterable[Value]:
    """Elements worth trying for a binder whose body starts with indexable conjuncts."""
    if type(s) is frozenset and len(s) >= index.MIN_SIZE:
        found = index.candidates(s, fields, member_, values, canonical)
        if found is not None:
            return found
    return canon(s) if canonical else elems(s)


def cands_eq(
    s: Value, fields: tuple[str, ...], values: tuple[Value, ...], canonical: bool
) -> Iterable[Value]:
    """cands() for prefixes of equalities only: one probe of the C index cache."""
    if type(s) is frozenset and len(s) >= index.MIN_SIZE:
        found = index.index_lookup(s, fields, values)
        if found is not None:
            return found
    return canon(s) if canonical else elems(s)


Match = Callable[[Value, tuple[str, ...], tuple[bool, ...], tuple[Value, ...]], bool]


def matcher(
    field_: Callable[[Value, str], Value], member_: Callable[[Value, Value], bool]
) -> Match:
    """NOTE(probe-body): the body of an index probe whose conjuncts are all `x.f = v` or
    `x.f \\in T`, evaluated as the generated `lambda x: EQ(FIELD(x, f1), v1) and ...`
    would be, from the probe's own fields and values: the probe needs it only when the
    index cannot answer, so the call site creates no function per call."""
    eq = teq.eq

    def match(
        x: Value, fields: tuple[str, ...], member: tuple[bool, ...], values: tuple[Value, ...]
    ) -> bool:
        for f, m, v in zip(fields, member, values, strict=True):
            fx = field_(x, f)
            if not (member_(fx, v) if m else eq(fx, v)):
                return False
        return True

    return match


def _body(
    body: Callable[[Value], Value] | None,
    match: Match,
    fields: tuple[str, ...],
    member_: tuple[bool, ...],
    values: tuple[Value, ...],
) -> Callable[[Value], Value]:
    if body is not None:
        return body
    return lambda x: match(x, fields, member_, values)


def exists_idx(
    s: Value,
    fields: tuple[str, ...],
    member_: tuple[bool, ...],
    values: tuple[Value, ...],
    body: Callable[[Value], Value] | None,
    *,
    match: Match,
) -> bool:
    """`\\E x \\in s : x.f1 = v1 /\\ ...` when those conjuncts are the whole body: a probe
    (NOTE(index-exactness): None means some element would raise; then the body is
    evaluated element by element as the closures do; None: NOTE(probe-body))."""
    if type(s) is not frozenset:
        s = ops.finite(s, "", None)
    if len(s) < index.MIN_SIZE and not any(member_):
        small = _scan_exists(s, fields, values)
        if small is not None:
            return small
        return _exists(s, _body(body, match, fields, member_, values))
    found = (
        index.index_lookup(s, fields, values)
        if not any(member_)
        else index.candidates(s, fields, member_, values, False)
    )
    if found is None:
        return _exists(s, _body(body, match, fields, member_, values))
    return len(found) > 0


def _exists(s: frozenset[Value], body: Callable[[Value], Value]) -> bool:
    """`\\E x \\in s : body` as the closures evaluate it: in any order, and again in the
    canonical order if an element raises (binders.py _retry_canonical)."""
    try:
        return any(check_bool(body(x)) for x in s)
    except (Fallback, EvalError):
        return any(check_bool(body(x)) for x in canon(s))


def _scan_exists(
    s: frozenset[Value], fields: tuple[str, ...], values: tuple[Value, ...]
) -> bool | None:
    """exists_idx() on a small set, without building an index. An element that is not a
    record, or lacks a field once the previous ones matched, would raise where the
    conjuncts are evaluated left to right: then None (undecided). Every element is
    looked at even after a match, so the answer never depends on the set's iteration
    order (which follows string hashes, so PYTHONHASHSEED)."""
    found = False
    for x in s:
        if type(x) is not Fcn:
            return None
        keys = x[1]
        for f, v in zip(fields, values, strict=True):
            if f not in keys:
                return None
            try:
                same = teq.eq(x[keys.index(f) + 2], v)
            except Incomparable:
                return None
            if not same:
                break
        else:
            found = True
    return found


def filter_idx(
    s: Value,
    fields: tuple[str, ...],
    member_: tuple[bool, ...],
    values: tuple[Value, ...],
    pred: Callable[[Value], Value] | None,
    *,
    match: Match,
) -> frozenset[Value]:
    """`{x \\in s : x.f1 = v1 /\\ x.f2 \\in T ...}` when those conjuncts are the whole
    predicate: the index candidates are the answer (NOTE(index-exactness)); where some
    element would raise (None), the predicate is evaluated in the canonical order, as
    the closures do after their first error."""
    if type(s) is not frozenset:
        s = ops.finite(s, "", None)
    found = index.candidates(s, fields, member_, values, False)
    if found is None:
        body = _body(pred, match, fields, member_, values)
        return frozenset([x for x in canon(s) if check_bool(body(x))])
    return frozenset(found)


def namespace() -> dict[str, Any]:
    """The scanners, by the names generated code calls them."""
    match = matcher(FastPath("FIELD", field), FastPath("MEMBER", member))
    return {
        "CANDS": FastPath("CANDS", cands),
        "CANDS_EQ": FastPath("CANDS_EQ", cands_eq),
        "EXISTS_IDX": FastPath("EXISTS", functools.partial(exists_idx, match=match)),
        "FILTER_IDX": FastPath("FILTER", functools.partial(filter_idx, match=match)),
    }
