"""Field indexes: `\\E m \\in msgs : m.type = "2b" /\\ m.bal = b /\\ ...` without a scan.

Protocol specs keep their network as a set of records and search it by field values
over and over. For a quantifier, set filter or CHOOSE whose body starts with conjuncts
`x.f = e` or `x.f \\in T` (e and T not mentioning x), we group the set's elements once by
those fields and look the values up, instead of testing every element.

NOTE(index-exactness): the result, and any error, is what evaluating conjuncts left to
right per element would give (TLC's semantics):
  * only a leading run of such conjuncts is indexed; the rest is evaluated on the
    candidates, in canonical order;
  * e and T are evaluated once, up front; if that fails, the plain loop runs instead
    (it raises only where the original would);
  * an element that is not a record, or lacks a field, is recorded as a "bad prefix":
    a lookup whose values reach it falls back to the plain loop, which raises exactly
    as the original;
  * so does a lookup where `x.f = v` could compare a Boolean with a non-Boolean, which
    TLC refuses and Python's dict would answer (NOTE(bool-int)): v a Boolean and some
    element's f a non-Boolean, or the reverse (model values aside); a group filed under
    values that differ from v as TLA+ values (<<TRUE>> for <<1>>); any lookup in an
    index with a group mixing such values.
Lookups go to the C index (`index_lookup`, checker/compile/native/index.c), one per
combination of values for `x.f \\in T` conjuncts: the same semantics, with the index
cached per (set, fields) object pair in the extension (NOTE(index-cache) there).
`FieldIndex` below is its reference; tests/test_index.py compares the two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from checker.ir import expr as ix
from checker.lang import ast
from checker.values import Fcn, Interval, ModelValue, Value, canon_sorted, same_value
from checker.values.order import index_lookup as index_lookup  # re-exported for codegen

MIN_SIZE = 6  # smaller sets are scanned
MAX_CHOICES = 16  # `x.f \in T` is indexed only for small finite T


@dataclass(frozen=True)
class Prefix:
    """The indexable leading conjuncts of a body: fields, and per field the expression
    giving its value (`member` False) or a set of values (`member` True)."""

    fields: tuple[str, ...]
    exprs: tuple[Any, ...]  # ast.Expr (generated code) or ix.Expr (the closures)
    member: tuple[bool, ...]
    rest: tuple[Any, ...]  # the remaining conjuncts, in order


def indexable_prefix(var: str, body: ast.Expr) -> Prefix | None:
    """The leading `var.f = e` / `var.f \\in T` conjuncts of `body`, if there are any."""
    items = body.items if isinstance(body, ast.And) else (body,)
    return _prefix(items, lambda item: _conjunct(var, item))


def indexable_prefix_ir(var: ix.Binder, body: ix.Expr) -> Prefix | None:
    """`indexable_prefix` of the expression IR (`var` a binder)."""
    items = body.items if isinstance(body, ix.And) else (body,)
    return _prefix(items, lambda item: _conjunct_ir(var, item))


def _prefix(
    items: tuple[Any, ...], conjunct: Callable[[Any], tuple[str, Any, bool] | None]
) -> Prefix | None:
    fields: list[str] = []
    exprs: list[Any] = []
    member: list[bool] = []
    for item in items:
        found = conjunct(item)
        if found is None or found[0] in fields:
            break
        fields.append(found[0])
        exprs.append(found[1])
        member.append(found[2])
    if not fields:
        return None
    return Prefix(tuple(fields), tuple(exprs), tuple(member), tuple(items[len(fields) :]))


def _conjunct(var: str, e: ast.Expr) -> tuple[str, ast.Expr, bool] | None:
    if not isinstance(e, ast.OpExpr) or e.op not in ("=", "\\in"):
        return None
    left, right = e.args
    if e.op == "=" and _is_field(var, right) and not _is_field(var, left):
        left, right = right, left
    if not _is_field(var, left) or ast.mentions(right, var):
        return None
    assert isinstance(left, ast.FieldAccess)
    return left.name, right, e.op == "\\in"


def _is_field(var: str, e: ast.Expr) -> bool:
    return isinstance(e, ast.FieldAccess) and isinstance(e.expr, ast.Name) and e.expr.name == var


def _conjunct_ir(var: ix.Binder, e: ix.Expr) -> tuple[str, ix.Expr, bool] | None:
    if not isinstance(e, ix.OpApp) or e.op not in ("=", "\\in") or len(e.args) != 2:
        return None
    left, right = e.args
    if e.op == "=" and _is_field_ir(var, right) and not _is_field_ir(var, left):
        left, right = right, left
    if not _is_field_ir(var, left) or ix.mentions(right, var):
        return None
    assert isinstance(left, ix.FieldAccess)
    return left.name, right, e.op == "\\in"


def _is_field_ir(var: ix.Binder, e: ix.Expr) -> bool:
    return isinstance(e, ix.FieldAccess) and isinstance(e.expr, ix.Local) and e.expr.binder is var


class FieldIndex:
    """The elements of one set grouped by the values of some fields, canonical order."""

    __slots__ = ("bad", "bad_lengths", "conflated", "groups", "kinds")

    def __init__(self, elements: Sequence[Value], fields: tuple[str, ...]) -> None:
        # per key: the key first filed under, and the elements
        self.groups: dict[tuple[Value, ...], tuple[tuple[Value, ...], list[Value]]] = {}
        self.bad: set[tuple[Value, ...]] = set()
        self.kinds: list[set[bool]] = [set() for _ in fields]  # per field: is a Boolean?
        self.conflated = False
        for x in elements:
            key = _key(x, fields)
            for kinds, v in zip(self.kinds, key, strict=False):
                if type(v) is not ModelValue:
                    kinds.add(type(v) is bool)
            if len(key) == len(fields):
                filed, group = self.groups.setdefault(key, (key, []))
                self.conflated |= not same_value(filed, key)
                group.append(x)
            else:
                self.bad.add(key)
        self.bad_lengths = sorted({len(b) for b in self.bad})

    def lookup(self, values: tuple[Value, ...]) -> list[Value] | None:
        """The elements with exactly these field values; None if the plain loop must run
        (some element would raise for these values)."""
        if self.conflated:
            return None
        for kinds, v in zip(self.kinds, values, strict=True):
            if type(v) is not ModelValue and (type(v) is not bool) in kinds:
                return None
        for n in self.bad_lengths:
            if values[:n] in self.bad:
                return None
        filed, group = self.groups.get(values, ((), _EMPTY))
        return group if not group or same_value(filed, values) else None


_EMPTY: list[Value] = []


def _key(x: Value, fields: tuple[str, ...]) -> tuple[Value, ...]:
    """Field values of x, stopping before the first field it lacks."""
    if type(x) is not Fcn:
        return ()
    keys = x[1]
    out: list[Value] = []
    for f in fields:
        try:
            out.append(x[keys.index(f) + 2])
        except ValueError:
            break
    return tuple(out)


def candidates(
    s: frozenset[Value],
    fields: tuple[str, ...],
    member: tuple[bool, ...],
    values: Sequence[Value],
    canonical: bool = True,
) -> Sequence[Value] | None:
    """Elements of s matching the prefix (in canonical order if asked); None: use the plain
    loop."""
    if not any(member):
        return index_lookup(s, fields, tuple(values))
    if sum(member) == 1:
        return _one_member(s, fields, member.index(True), tuple(values), canonical)
    choices: list[Iterable[Value]] = []
    for is_set, v in zip(member, values, strict=True):
        if not is_set:
            choices.append((v,))
        elif type(v) is frozenset and len(v) <= MAX_CHOICES:
            choices.append(v)
        elif type(v) is Interval and v.cardinality() <= MAX_CHOICES:
            choices.append(v.ordered())
        else:
            return None
    found: list[Value] = []
    for combo in _product(choices):
        group = index_lookup(s, fields, combo)
        if group is None:
            return None
        found.extend(group)
    return canon_sorted(found) if canonical and len(found) > 1 else found


def _one_member(
    s: frozenset[Value],
    fields: tuple[str, ...],
    at: int,
    values: tuple[Value, ...],
    canonical: bool,
) -> Sequence[Value] | None:
    """candidates() with one `x.f \\in T` conjunct: one lookup per element of T."""
    choices = values[at]
    if type(choices) is Interval and choices.cardinality() <= MAX_CHOICES:
        choices = choices.ordered()
    elif type(choices) is not frozenset or len(choices) > MAX_CHOICES:
        return None
    head, tail = values[:at], values[at + 1 :]
    found: list[Value] = []
    for v in choices:
        group = index_lookup(s, fields, (*head, v, *tail))
        if group is None:
            return None
        found.extend(group)
    return canon_sorted(found) if canonical and len(found) > 1 else found


def _product(choices: list[Iterable[Value]]) -> Iterable[tuple[Value, ...]]:
    import itertools

    return itertools.product(*choices)
