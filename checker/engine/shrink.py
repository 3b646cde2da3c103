"""Shrinking a random behaviour that violates a property (`checker simulate`).

NOTE(shrinking): a behaviour is its initial state and the labels of its steps; a
candidate is the same initial state with some steps removed, re-executed label by
label: each state is expanded by the walk's own rules (`expand`, NOTE(simulation)), and
the step taken is a successor in the model with the same label (where several have it:
the one equal to the state that label reached before, else the one agreeing with it on
the most variables, else the first). A candidate is kept only if the first violation its
re-execution meets is the same property (at any state: the candidate is then cut there);
a label no longer enabled, another violation met first, or an evaluation error (in a
state the behaviour never reached) rejects it. The procedure is
deterministic: first each loop (a state met again) is cut out, then runs of steps are
removed, from the longest (half the behaviour) to single steps, each run position tried
in order, until nothing more can be removed or the budget of state expansions is spent.
The states before a removed run are those of the kept behaviour, so re-execution starts
at the run.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.diagnostics import CheckerError
from checker.engine.seam import ExplorableModel, Label, State
from checker.engine.simulation import Expansion, Hit, PartChecks, expand
from checker.values.equality import same_value

BUDGET = 20_000  # state expansions one shrinking may spend


@dataclass(frozen=True)
class Behaviour:
    """States s0..sk (in the model, taken by `labels`) and the violation met expanding sk:
    the violating step (label, state), or None for a deadlock of sk."""

    states: tuple[State, ...]
    labels: tuple[Label, ...]
    last: tuple[Label, State] | None

    @property
    def length(self) -> int:
        return len(self.labels) + (self.last is not None)


@dataclass(frozen=True)
class Shrunk:
    behaviour: Behaviour
    expansions: int  # states expanded while shrinking
    complete: bool  # False: the budget ran out before nothing more could be removed


class _Shrinker:
    def __init__(self, model: ExplorableModel, parts: PartChecks | None, want: Hit) -> None:
        self.model, self.parts, self.want = model, parts, want
        self.spent = 0

    def expand(self, states: list[State]) -> Expansion:
        self.spent += 1
        self.model.at_level(len(states))
        return expand(self.model, self.parts, states[-1])

    def replay(
        self, b: Behaviour, start: int, labels: list[Label], targets: list[State]
    ) -> Behaviour | None:
        """Re-execute `labels` after b's first `start` steps (its state `start` is the
        first expanded)."""
        states = list(b.states[: start + 1])
        taken = list(b.labels[:start])
        for label, target in zip(labels, targets, strict=True):
            e = self.expand(states)
            if e.hit is not None:
                return self.ended(states, taken, e)
            step = _same_label(e, label, target)
            if step is None:
                return None
            taken.append(label)
            states.append(step)
        e = self.expand(states)
        return self.ended(states, taken, e) if e.hit is not None else None

    def ended(self, states: list[State], taken: list[Label], e: Expansion) -> Behaviour | None:
        assert e.hit is not None
        at, hit = e.hit
        if hit != self.want:
            return None
        last = e.successors[at] if at >= 0 else None
        return Behaviour(tuple(states), tuple(taken), last)

    def attempt(self, b: Behaviour, start: int, stop: int) -> Behaviour | None:
        """b without the steps start..stop-1 (labels[start:stop]), re-executed."""
        try:
            found = self.replay(b, start, list(b.labels[stop:]), list(b.states[stop + 1 :]))
        except CheckerError:  # an evaluation error off the behaviour: not the violation
            return None
        if found is None or found.length >= b.length:
            return None
        return found


def _same_label(e: Expansion, label: Label, target: State) -> State | None:
    best: State | None = None
    best_score = -1
    for i in e.allowed:
        lab, t = e.successors[i]
        if lab != label:
            continue
        if same_value(t, target):
            return t
        score = sum(same_value(a, b) for a, b in zip(t, target, strict=True))
        if score > best_score:
            best, best_score = t, score
    return best


def shrink(
    model: ExplorableModel,
    parts: PartChecks | None,
    behaviour: Behaviour,
    want: Hit,
    budget: int = BUDGET,
) -> Shrunk:
    """The behaviour with steps removed while it still violates `want` (NOTE(shrinking))."""
    sh = _Shrinker(model, parts, want)
    b = _cut_loops(sh, behaviour, budget)
    size = max(1, len(b.labels) // 2)
    while size >= 1 and sh.spent < budget:
        start = 0
        while start + size <= len(b.labels) and sh.spent < budget:
            smaller = sh.attempt(b, start, start + size)
            if smaller is not None:
                b = smaller
            else:
                start += size if size > 1 else 1
        size //= 2
    return Shrunk(b, sh.spent, sh.spent < budget)


def _cut_loops(sh: _Shrinker, b: Behaviour, budget: int) -> Behaviour:
    """Cut out the steps between a state and its next occurrence, first loops first."""
    i = 0
    while i < len(b.states) and sh.spent < budget:
        s = b.states[i]
        later = [j for j in range(len(b.states) - 1, i, -1) if same_value(b.states[j], s)]
        smaller = sh.attempt(b, i, later[0]) if later else None
        if smaller is not None:
            b = smaller
        else:
            i += 1
    return b
