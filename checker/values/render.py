"""TLA+ text of values, in canonical order (as TLC prints them)."""

from __future__ import annotations

from checker.values.core import Fcn, ModelValue, Value
from checker.values.order import canon_sorted


def render(v: Value) -> str:
    """The TLA+ expression denoting `v`, e.g. `[bal |-> 1, type |-> "1a"]`."""
    t = type(v)
    if t is bool:
        return "TRUE" if v else "FALSE"
    if t is int:
        return str(v)
    if t is str:
        return render_string(v)
    if t is ModelValue:
        return str(v.name)
    if t is tuple:
        return "<<" + ", ".join(render(e) for e in v) + ">>"
    if t is Fcn:
        if v.prints_as_record():
            return "[" + ", ".join(f"{k} |-> {render(e)}" for k, e in v.items()) + "]"
        return "(" + " @@ ".join(f"{render(k)} :> {render(e)}" for k, e in v.items()) + ")"
    if t is frozenset:
        return "{" + ", ".join(render(e) for e in canon_sorted(v)) + "}"
    from checker.values.lazy import LazyFcn, LazySet

    if isinstance(v, LazySet):
        return v.describe() if not v.finite else render(v.materialize())
    if isinstance(v, LazyFcn):
        return render(v.materialize())
    return repr(v)


def render_string(s: str) -> str:
    escaped = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'
