"""Rebuild a counterexample from the visited set: parent links back, successors forward.

Only fingerprints, parents and action indices are stored per state (no states), so the
trace is recomputed: walk the parent links from the last stored state to an initial
state, then from that initial state replay the successor function, at each step taking
the successor the search stored: the first whose fingerprint and action match the stored
ones (`stored_step` of the one kernel, NOTE(tlc-semantics) in engine/kernel.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from checker.diagnostics import CheckerError, Diagnostic
from checker.engine.kernel import Found, stored_step
from checker.engine.native import NO_PARENT, VisitedSet
from checker.engine.seam import ExplorableModel, Label, State
from checker.traces.trace import Step, Trace


def rebuild(model: ExplorableModel, store: VisitedSet, found: Found) -> Trace:
    path = [] if found.parent == NO_PARENT else store.path(found.parent)
    return replay(model, [(store.fingerprint(i), store.action(i)) for i in path], found)


def replay(model: ExplorableModel, path: Sequence[tuple[int, int]], found: Found) -> Trace:
    """The trace through the stored states `path` (fingerprint, action index), from an
    initial state to the last stored state on the trace, then `found`'s last step."""
    states: list[State] = []
    labels: list[str | None] = []
    if path:
        model.at_level(0)
        states.append(_initial(model, path[0][0]))
        labels.append(None)
        for fp, action in path[1:]:
            model.at_level(len(states))
            label, state = _successor(model, states[-1], fp, action)
            states.append(state)
            labels.append(model.label_text(label))
    if found.step is not None:
        last_label, last_state = found.step
        if (model.has_symmetry or model.has_view) and states and last_label is not None:
            model.at_level(len(states))
            last_label, last_state = _orbit_step(model, states[-1], last_label, last_state, found)
        states.append(last_state)
        labels.append(model.label_text(last_label) if last_label is not None else None)
    steps = tuple(Step(s, a) for s, a in zip(states, labels, strict=True))
    return Trace(
        model.variables, steps, model.name, found.property, found.kind, tuple(model.model_values)
    )


def _initial(model: ExplorableModel, fp: int) -> State:
    for s in model.init_states():
        if model.fingerprint(s) == fp:
            return s
    raise _mismatch("no initial state has the fingerprint of the trace's first state")


def _successor(model: ExplorableModel, state: State, fp: int, action: int) -> tuple[Label, State]:
    step = stored_step(model, model.successors(state), fp, action)
    if step is not None:
        return step
    raise _mismatch("replaying the trace, no successor matches the stored state")


def _orbit_step(
    model: ExplorableModel, state: State, label: Label, found_state: State, found: Found
) -> tuple[Label, State]:
    """Under SYMMETRY (or VIEW) the replayed states may be images of the explored ones
    (same orbits, or views: NOTE(symmetry), NOTE(view)): the violating step is taken
    again from the replayed state, to a successor with the violating state's fingerprint
    that violates the same invariant, so that the trace is a behaviour of the spec."""
    fp = model.fingerprint(found_state)
    for lab, t in model.successors(state):
        same_orbit = lab[0] == label[0] and model.fingerprint(t) == fp
        if same_orbit and found.kind == "error":  # NOTE(error-trace): its image
            return lab, t
        if same_orbit and model.violated_invariant(t) == found.property:
            return lab, t
    if model.has_view:
        message = (
            f"states with the same VIEW disagree on {found.property}: no behaviour "
            "through the states the search stored reaches the violation"
        )
        hint = "check without VIEW, or make the view keep what the invariant reads"
    else:
        message = (
            f"the spec is not symmetric under its SYMMETRY: the states of one orbit "
            f"disagree on {found.property}, so the reduction cannot give a counterexample"
        )
        hint = (
            "check without SYMMETRY (`--no-symmetry`), or make the invariant and the "
            "actions treat the permuted model values alike"
        )
    raise CheckerError((Diagnostic("E309", message, hint=hint),))


def _mismatch(message: str) -> CheckerError:
    return CheckerError(
        (
            Diagnostic(
                "E409", f"internal error: {message} (the successor function is not deterministic?)"
            ),
        )
    )
