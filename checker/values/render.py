"""TLA+ text of values, in canonical order (as TLC prints them).

`render` is exact (ToString, exports and Z3 names use it). `shown` is for people: a
string longer than SHOWN_CHARS characters is cut, with its length after it
(`"abc…" (123456 chars)`), and an integer of more than MAX_DIGITS digits is shown by its
first and last digits and its length (checker/numerals.py), so that printing a huge
value takes neither the time nor the memory of its full text. Nothing is cut silently.
"""

from __future__ import annotations

from checker.numerals import decimal, shown_int
from checker.values.core import Fcn, ModelValue, Value
from checker.values.order import canon_sorted

SHOWN_CHARS = 10_000  # longest string shown in full


def render(v: Value) -> str:
    """The TLA+ expression denoting `v`, e.g. `[bal |-> 1, type |-> "1a"]`."""
    return _text(v, False)


def shown(v: Value) -> str:
    """`render(v)` with long strings and huge integers abbreviated (for people)."""
    return _text(v, True)


def _text(v: Value, short: bool) -> str:
    t = type(v)
    if t is bool:
        return "TRUE" if v else "FALSE"
    if t is int:
        return shown_int(v) if short else decimal(v, None)
    if t is str:
        return shown_string(v) if short else render_string(v)
    if t is ModelValue:
        return str(v.name)
    if t is tuple:
        return "<<" + ", ".join(_text(e, short) for e in v) + ">>"
    if t is Fcn:
        if v.prints_as_record():
            return "[" + ", ".join(f"{k} |-> {_text(e, short)}" for k, e in v.items()) + "]"
        return (
            "(" + " @@ ".join(f"{_text(k, short)} :> {_text(e, short)}" for k, e in v.items()) + ")"
        )
    if t is frozenset:
        return "{" + ", ".join(_text(e, short) for e in canon_sorted(v)) + "}"
    from checker.values.lazy import LazyFcn, LazySet

    if isinstance(v, LazySet):
        return v.describe() if not v.finite else _text(v.materialize(), short)
    if isinstance(v, LazyFcn):
        return _text(v.materialize(), short)
    return repr(v)


def render_string(s: str) -> str:
    escaped = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def shown_string(s: str) -> str:
    """`render_string(s)`, or for a long string its beginning and its length."""
    if len(s) <= SHOWN_CHARS:
        return render_string(s)
    return render_string(s[:SHOWN_CHARS])[:-1] + f'…" ({len(s)} chars)'
