"""What the native modules share: reading arguments as TLC does (functions, sequences,
finite sets, integers), with located errors, and operator arguments as Python callables."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from checker.compile import ops
from checker.compile.errors import EvalError, not_boolean, type_error
from checker.diagnostics import Span
from checker.values import LazyFcn, NotEnumerable, Value, canon_sorted, fcn_items

# An operator argument (`op(_, _)`, `Test(_)`), applied to values.
Op = Callable[..., Value]
# A native operator: its span, then its arguments (values, or `Op`s).
Native = Callable[..., Value]


def items(f: Value, what: str, span: Span | None) -> list[tuple[Value, Value]]:
    """(key, value) pairs of a function with a finite domain, in canonical key order."""
    if isinstance(f, LazyFcn):
        try:
            f = f.materialize()
        except NotEnumerable as exc:
            raise ops.not_enumerable(exc, what, span) from None
    try:
        return fcn_items(f)
    except TypeError:
        raise type_error(what, "a function", f, span) from None


def seq(s: Value, what: str, span: Span | None) -> tuple[Any, ...]:
    if type(s) is tuple:
        return s
    raise type_error(what, "a sequence", s, span)


def integer(v: Value, what: str, span: Span | None) -> int:
    if type(v) is int:
        return v
    raise type_error(what, "an integer", v, span)


def elements(s: Value, what: str, span: Span | None) -> list[Value]:
    """The elements of a finite set in the canonical order (TLC's enumeration order of a
    normalised set)."""
    return list(ops.canonical(s, what, span))


def truth(v: Value, what: str, span: Span | None) -> bool:
    if v is True or v is False:
        return v
    raise not_boolean(v, span, what)


def set_of(values: Iterable[Value], span: Span | None) -> frozenset[Value]:
    return ops.build_set(values, span)


def fail(message: str, span: Span | None, code: str = "E401") -> EvalError:
    return EvalError(code, message, span)


def sorted_values(values: Iterable[Value]) -> list[Value]:
    return canon_sorted(values)
