"""Runtime operations on sequences (and strings, which TLA+ treats as sequences of
characters where the Sequences module allows it), with TLC's type checks and located errors."""

from __future__ import annotations

from typing import Any

from checker.compile.errors import EvalError, show_value, type_error
from checker.compile.ops import ints
from checker.diagnostics import Span
from checker.values import Value


def seq(s: Value, what: str, span: Span | None) -> tuple[Any, ...]:
    if type(s) is tuple:
        return s
    raise type_error(what, "a sequence", s, span)


def concat(a: Value, b: Value, span: Span | None) -> Value:
    if type(a) is str and type(b) is str:
        return a + b
    return seq(a, "\\o", span) + seq(b, "\\o", span)


def head(s: Value, span: Span | None) -> Value:
    s = seq(s, "Head", span)
    if not s:
        raise EvalError("E403", "Head of the empty sequence", span)
    return s[0]


def tail(s: Value, span: Span | None) -> Value:
    s = seq(s, "Tail", span)
    if not s:
        raise EvalError("E403", "Tail of the empty sequence", span)
    return s[1:]


def subseq(s: Value, m: Value, n: Value, span: Span | None) -> Value:
    ints(m, n, "SubSeq", span)
    s_len = len(s) if type(s) is str else len(seq(s, "SubSeq", span))
    if m > n:
        return "" if type(s) is str else ()
    if m < 1 or n > s_len:
        raise EvalError(
            "E403",
            f"SubSeq({show_value(s, 60)}, {m}, {n}) is outside the sequence of length {s_len}",
            span,
        )
    return s[m - 1 : n]


def length(s: Value, span: Span | None) -> int:
    if type(s) is tuple or type(s) is str:
        return len(s)
    raise type_error("Len", "a sequence", s, span)
