"""A check shared by the tests of reductions (SYMMETRY, VIEW): a counterexample must be a
behaviour of the spec, whatever states the search stored."""

from __future__ import annotations

import itertools

from checker.compile.model import Model
from checker.traces.trace import Trace


def assert_behaviour(model: Model, trace: Trace, invariant: str) -> None:
    """An initial state, then successors one after the other, the last violating."""
    states = [s.state for s in trace.steps]
    assert states[0] in model.init_states()
    for s, t in itertools.pairwise(states):
        assert t in [u for _, u in model.successors(s)]
    assert model.violated_invariant(states[-1]) == invariant
