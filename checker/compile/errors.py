"""Evaluation errors: raised by compiled code, located at the expression that failed."""

from __future__ import annotations

from checker.diagnostics import Diagnostic, Note, Span
from checker.values import (
    INCOMPARABLE_HINT,
    NotEnumerable,
    Value,
    incomparable_message,
    render,
    shown,
    type_name,
)


class EvalError(Exception):
    """A runtime error in the spec (division by zero, outside a domain, ...)."""

    def __init__(self, code: str, message: str, span: Span | None, hint: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.span = span
        self.hint = hint

    def diagnostic(self, notes: tuple[Note, ...] = ()) -> Diagnostic:
        return Diagnostic(self.code, self.message, self.span, notes, self.hint)


class TooDeep(EvalError):
    """E409 for a recursion or value too deep for the evaluator (NOTE(deep-recursion) in
    checker/stack.py). Never retried (a retry in canonical order at every level of a
    recursion would take exponential time): it propagates as is."""

    def __init__(self, message: str, span: Span | None, hint: str | None = None):
        super().__init__("E409", message, span, hint)


def show_value(v: Value, limit: int = 120) -> str:
    """A value for an error message, shortened if long."""
    try:
        text = shown(v)
    except NotEnumerable:  # a function over an infinite set, say
        name, dom = getattr(v, "name", "?"), getattr(v, "dom", None)
        text = name if name.startswith("[") else f"{name} (on {render(dom)})"
    except Exception:  # a broken value must not hide the original error
        text = repr(v)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def type_error(what: str, expected: str, got: Value, span: Span | None) -> EvalError:
    return EvalError(
        "E401", f"{what} expects {expected}, but got the {type_name(got)} {show_value(got)}", span
    )


def nested_too_deeply(span: Span | None) -> EvalError:
    """Python's stack ran out outside a recursive call: a value nested too deeply for the
    thread evaluating it (NOTE(deep-recursion) in checker/stack.py)."""
    return TooDeep(
        "a value is nested too deeply to be evaluated here (Python's stack ran out)",
        span,
        hint="values nested thousands of levels deep are handled by `checker check`; "
        "through the Python API, run the search with checker.check",
    )


def not_boolean(got: Value, span: Span | None, what: str = "this formula") -> EvalError:
    return EvalError(
        "E401",
        f"{what} should be TRUE or FALSE, but is the {type_name(got)} {show_value(got)}",
        span,
    )


def incomparable(exc: Exception, span: Span | None) -> EvalError:
    """TLC's error for comparing a Boolean with a non-Boolean (an `Incomparable` raised by
    the values layer, NOTE(bool-int)), located at the expression that compared."""
    return EvalError("E401", incomparable_message(exc), span, hint=INCOMPARABLE_HINT)
