"""ALIAS: a counterexample shown through the config's alias record, as TLC shows it.

NOTE(alias): `ALIAS A` names a definition whose value, a record, replaces each state of a
counterexample: the trace's variables become the record's fields (in the ITF file, `trace
show`, the HTML page). A may read primed variables: they are the next state of the
trace, and for the last state the state itself (TLC's Tool.evalAlias). The search is
unchanged. TLC shows a state whose alias fails as its variables plus `_ALIASEvalError`;
a trace here has one set of fields for all its states, so if the alias fails on a state,
is not a record, or gives different fields on different states, the trace keeps the
spec's variables and E513 says why, after the verdict (the exit code is unchanged).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from checker.compile.errors import EvalError
from checker.diagnostics import Diagnostic, Note, Span
from checker.traces.trace import Trace
from checker.values import Fcn, NotEnumerable, Value, render

State = tuple[Value, ...]
AliasFn = Callable[[State, State], Value]


def aliased(
    trace: Trace, alias: AliasFn, name: str, span: Span, written: tuple[str, ...] = ()
) -> tuple[Trace, Diagnostic | None]:
    """`trace` with each state replaced by its alias record (its fields in the order
    `written` in the definition's record, as TLC prints them, else sorted), or `trace`
    and E513."""
    records: list[Fcn] = []
    steps = trace.steps
    for i, step in enumerate(steps):
        successor = steps[i + 1].state if i + 1 < len(steps) else step.state
        try:
            value = alias(step.state, successor)
        except (EvalError, NotEnumerable) as exc:
            why = exc.diagnostic().message if isinstance(exc, EvalError) else str(exc)
            return trace, _problem(name, span, f"it cannot be evaluated on state {i + 1}", why)
        if type(value) is not Fcn or not all(type(k) is str for k in value.keys):
            shown = render(value)[:80]
            return trace, _problem(name, span, f"on state {i + 1} it is {shown}, not a record")
        records.append(value)
    fields = records[0].keys
    for i, r in enumerate(records):
        if r.keys != fields:
            what = f"its fields on state {i + 1} differ from those on state 1"
            return trace, _problem(name, span, what)
    order = written if sorted(written) == list(fields) else fields
    where = [fields.index(f) for f in order]
    new_steps = tuple(
        replace(s, state=tuple(r.vals[j] for j in where))
        for r, s in zip(records, steps, strict=True)
    )
    return replace(trace, variables=order, steps=new_steps), None


def _problem(name: str, span: Span, what: str, why: str | None = None) -> Diagnostic:
    notes = (Note(why),) if why else ()
    return Diagnostic(
        "E513",
        f"ALIAS `{name}` is not applied to the counterexample: {what}",
        span,
        notes,
        hint="the counterexample shows the spec's variables; make the alias a record with "
        "the same fields in every state",
    )
