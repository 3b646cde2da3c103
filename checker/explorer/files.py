"""Traces in and out of the explorer: a counterexample (ITF) opened to continue from any
of its states, the line of states saved as ITF (atomically)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from checker.compile.model import Model
from checker.diagnostics import CheckerError, Diagnostic
from checker.files import write_output
from checker.traces import Step, Trace, read_itf
from checker.traces.itf import dumps
from checker.values import strict_key

TRACE_SUFFIX = ".itf.json"


def load_trace(model: Model, path: str | Path) -> Trace:
    """The ITF trace at `path`, its states' values in the order of the model's variables;
    E531 if it has no states or not exactly the model's variables."""
    trace = read_itf(path)
    if not trace.steps:
        raise _foreign(path, "the trace has no states")
    if set(trace.variables) != set(model.variables) or len(trace.variables) != len(model.variables):
        mine, theirs = ", ".join(model.variables), ", ".join(trace.variables) or "(none)"
        message = f"the trace's variables ({theirs}) are not the model's ({mine})"
        raise _foreign(path, message, "open a trace of this spec (checker check writes them)")
    order = [trace.variables.index(v) for v in model.variables]
    steps = tuple(Step(tuple(s.state[i] for i in order), s.action) for s in trace.steps)
    return replace(trace, variables=model.variables, steps=steps)


def foreign_steps(model: Model, trace: Trace) -> list[int]:
    """The positions (0-based) of the trace's states that the model does not reach from
    the state before: an initial state that Init does not give, a state no step of Next
    gives (the trace is of another version of the spec, or of another model)."""
    found: list[int] = []
    model.at_level(0)
    initial = {strict_key(s) for s in model.init_states()}
    if strict_key(trace.steps[0].state) not in initial:
        found.append(0)
    for i in range(1, len(trace.steps)):
        model.at_level(i)
        nexts = {strict_key(t) for _, t in model.successors(trace.steps[i - 1].state)}
        if strict_key(trace.steps[i].state) not in nexts:
            found.append(i)
    return found


def foreign_warning(model: Model, trace: Trace, path: str | Path) -> Diagnostic | None:
    """A warning (E531) naming the trace's states this model does not reach the way the
    trace says (`foreign_steps`), or None when every step is the model's."""
    found = foreign_steps(model, trace)
    if not found:
        return None
    first = found[0]
    where = "is not an initial state" if first == 0 else f"is not a successor of state {first}"
    more = f" (and {len(found) - 1} more such states)" if len(found) > 1 else ""
    message = f"state {first + 1} of the trace {where} in this model{more}"
    hint = "the trace is of another model or version of the spec; its states are shown as they are"
    return Diagnostic("E531", message, hint=hint, severity="warning", path=str(path))


def save_trace(trace: Trace, path: str | Path) -> Path:
    """Write `trace` as ITF, atomically (E506 if it cannot be written)."""
    return write_output(path, dumps(trace), "the trace")


def trace_file_and_state(text: str) -> tuple[Path, int | None]:
    """`FILE [STATE]` as typed at the terminal's prompt: the file and the 0-based
    position of the state (1 is the first; None: the last)."""
    typed = text.strip()
    if not typed:
        raise CheckerError((Diagnostic("E502", "no file given", hint="type FILE [STATE]"),))
    head, _, tail = typed.rpartition(" ")
    if not head.strip() or not tail.isdigit():
        return Path(typed), None
    if int(tail) < 1:
        raise CheckerError((Diagnostic("E502", "states are numbered from 1"),))
    return Path(head.rstrip()), int(tail) - 1


def _foreign(path: str | Path, message: str, hint: str | None = None) -> CheckerError:
    return CheckerError((Diagnostic("E531", message, hint=hint, path=str(path)),))
