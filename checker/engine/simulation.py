"""Random behaviours (`checker simulate`): one behaviour, walked from a seed.

NOTE(simulation): a behaviour starts at an initial state picked uniformly among Init's
states that satisfy the CONSTRAINTs, then repeatedly expands its last state by the rules
of the one kernel (NOTE(tlc-semantics) in engine/kernel.py, through `judge`,
`step_allowed` and `deadlocked`): every successor's invariants are checked (also in a
successor outside the model, as the search does), the PROPERTY parts checked on the way
in the successors in the model; the next state is picked among the successors in the
model (every CONSTRAINT true, the ACTION_CONSTRAINTs true for the step) that change the
state: uniformly in half the behaviours, and in the other half (drawn per behaviour) an
action site uniformly, then one of its successors uniformly, as TLC picks an action
first. Each way finds bugs the other needs thousands of behaviours for (measured: the
actions first, Zab_bug_keep_history in 0.03 s instead of 28 s; uniformly,
TxLock_bug_equivocators in 0.27 s instead of 1.4 s); mixed, neither is far off. A step is
never stuttering: a stuttering step (t = s: a message sent again, an idempotent action)
gives no new state to check, so it is never taken (TLC's simulation takes it, and many
protocol specs' behaviours then mostly stutter); a state whose steps all stutter ends the
behaviour ("stutter"), as it would stay there for ever. A state
with no successor at all is a deadlock (unless CHECK_DEADLOCK is FALSE); a state whose
successors all leave the model ends the behaviour, as TLC's simulation never takes such
a step (TLC then reports a deadlock; we do not, so that simulate never reports a
deadlock `check` would not). A behaviour's choices come from a generator seeded with
(seed, its index), so a run gives the same behaviours for any number of workers.
With swarm testing, a behaviour also draws a subset of the actions (by action site: a
definition of Next or an inline disjunct) and a weight per action, and picks an enabled
action among those by weight, then one of its steps uniformly; it ends where none of
them is enabled.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Protocol

from checker.diagnostics import CheckerError, Diagnostic
from checker.engine.kernel import deadlocked, infinite_value, judge, step_allowed, too_deep_value
from checker.engine.seam import ExplorableModel, Label, State
from checker.values import NotEnumerable
from checker.values.equality import same_value


class PartChecks(Protocol):
    """The PROPERTY parts simulate checks (state predicates of initial states, `[]P`,
    `[][A]_v`): each answers the name of the first part that fails, or None."""

    def initial(self, s: State) -> str | None: ...

    def state(self, s: State) -> str | None: ...

    def step(self, s: State, t: State) -> str | None: ...


@dataclass(frozen=True)
class Hit:
    """A violation: the property's name and its kind, as `check` reports them."""

    property: str
    kind: str  # "invariant" | "deadlock" | "property" | "action"


DEADLOCK = Hit("Deadlock", "deadlock")


@dataclass(frozen=True)
class Expansion:
    """A state's successors judged by the kernel's rules, in order: the indexes of those
    in the model, and the first violation (its successor's index; -1: a deadlock)."""

    successors: list[tuple[Label, State]]
    allowed: list[int]
    hit: tuple[int, Hit] | None = None


def expand(model: ExplorableModel, parts: PartChecks | None, s: State) -> Expansion:
    """Every successor of s judged in order, up to the first violation."""
    successors = model.successors(s)
    if not successors:
        return Expansion(successors, [], (-1, DEADLOCK) if deadlocked(model, 0) else None)
    allowed: list[int] = []
    for i, (_, t) in enumerate(successors):
        verdict = judge(model, t, lambda: step_allowed(model, s, t))  # noqa: B023 (called now)
        if verdict.violated is not None:
            return Expansion(successors, allowed, (i, Hit(verdict.violated, "invariant")))
        if not verdict.in_model:
            continue
        if parts is not None:
            hit = _part_hit(parts, s, t)
            if hit is not None:
                return Expansion(successors, allowed, (i, hit))
        allowed.append(i)
    return Expansion(successors, allowed)


def _part_hit(parts: PartChecks, s: State, t: State) -> Hit | None:
    bad = parts.state(t)
    if bad is not None:
        return Hit(bad, "invariant")
    bad = parts.step(s, t)
    return Hit(bad, "action") if bad is not None else None


def initial_hit(model: ExplorableModel, parts: PartChecks | None, s: State) -> Hit | None:
    """An initial state's violation (its invariants; if in the model, the PROPERTY parts)."""
    bad = model.violated_invariant(s)
    if bad is not None:
        return Hit(bad, "invariant")
    if parts is None or not model.in_constraints(s):
        return None
    bad = parts.initial(s)
    if bad is not None:
        return Hit(bad, "property")
    bad = parts.state(s)
    return Hit(bad, "invariant") if bad is not None else None


@dataclass(frozen=True)
class Plan:
    """What every behaviour of a run shares."""

    seed: int
    depth: int  # at most this many steps
    swarm: bool = False


@dataclass(frozen=True)
class Walk:
    """One behaviour: its index, the initial state's index among the starts, the action
    sites of its steps, the fingerprints of its states and how it ended: "depth",
    "stuck" (no successor in the model), "stutter" (only stuttering steps), "swarm"
    (none of the drawn actions enabled),
    "violation" or "error". A violation keeps the states and labels (the last state
    is the violating successor, or the deadlocked state) to rebuild and shrink it."""

    index: int
    start: int
    sites: tuple[int, ...]
    fingerprints: tuple[int, ...]
    generated: int
    ended: str
    hit: Hit | None = None
    states: tuple[State, ...] = ()
    labels: tuple[Label, ...] = ()
    error: Diagnostic | None = None

    @property
    def steps(self) -> int:
        return len(self.sites)


def generator(seed: int, index: int, what: str = "walk") -> random.Random:
    """The choices of behaviour `index` of the run with `seed` (string seeds are hashed
    with SHA-512: the same on every platform and Python version)."""
    return random.Random(f"{seed}:{index}:{what}")


class Swarm:
    """A behaviour's actions and weights, drawn per action site when first met (so the
    draw does not depend on which sites the model has or the order they are met)."""

    def __init__(self, seed: int, index: int) -> None:
        self.seed, self.index = seed, index
        self.weights: dict[int, float] = {}

    def weight(self, site: int) -> float:
        w = self.weights.get(site)
        if w is None:
            rng = generator(self.seed, self.index, f"swarm:{site}")
            w = rng.random() if rng.random() < 0.5 else 0.0  # half the actions left out
            self.weights[site] = w
        return w

    def pick(self, rng: random.Random, sites: list[int]) -> int | None:
        """One of the sites, by weight (None: all weights 0)."""
        weights = [self.weight(site) for site in sites]
        total = sum(weights)
        if total <= 0.0:
            return None
        x = rng.random() * total
        for site, w in zip(sites, weights, strict=True):
            x -= w
            if x < 0.0 and w > 0.0:
                return site
        return next(site for site, w in zip(sites, weights, strict=True) if w > 0.0)


def walk(
    model: ExplorableModel,
    parts: PartChecks | None,
    starts: list[State],
    plan: Plan,
    index: int,
) -> Walk:
    """Behaviour `index`, or the evaluation error that stopped it."""
    try:
        return _walk(model, parts, starts, plan, index)
    except CheckerError as exc:
        return Walk(index, 0, (), (), 0, "error", error=exc.diagnostics[0])
    except NotEnumerable as exc:
        return Walk(index, 0, (), (), 0, "error", error=infinite_value(exc))
    except RecursionError:
        return Walk(index, 0, (), (), 0, "error", error=too_deep_value())


def _walk(
    model: ExplorableModel,
    parts: PartChecks | None,
    starts: list[State],
    plan: Plan,
    index: int,
) -> Walk:
    rng = generator(plan.seed, index)
    swarm = Swarm(plan.seed, index) if plan.swarm else None
    start = rng.randrange(len(starts))
    by_action = rng.random() < 0.5  # NOTE(simulation): half the behaviours pick actions first
    states, labels = [starts[start]], []
    generated, ended = 0, "depth"
    for _ in range(plan.depth):
        s = states[-1]
        model.at_level(len(states))
        e = expand(model, parts, s)
        generated += len(e.successors)
        if e.hit is not None:
            at, hit = e.hit
            if at >= 0:
                labels.append(e.successors[at][0])
                states.append(e.successors[at][1])
            return _walked(model, index, start, states, labels, generated, "violation", hit)
        moving = [i for i in e.allowed if not same_value(e.successors[i][1], s)]
        chosen = _choose(rng, swarm, e, moving, by_action)
        if chosen is None:
            ended = "swarm" if moving else "stutter" if e.allowed else "stuck"
            break
        label, t = e.successors[chosen]
        labels.append(label)
        states.append(t)
    return _walked(model, index, start, states, labels, generated, ended, None)


def _choose(
    rng: random.Random, swarm: Swarm | None, e: Expansion, moving: list[int], by_action: bool
) -> int | None:
    """The index of the successor taken, among `moving` (None: none to take): uniformly,
    or (`by_action`) an action site uniformly (swarm: by its weight), then one of its
    successors uniformly."""
    if not moving:
        return None
    if swarm is None and not by_action:
        return moving[rng.randrange(len(moving))]
    groups: dict[int, list[int]] = {}
    for i in moving:
        groups.setdefault(e.successors[i][0][0], []).append(i)
    sites = list(groups)
    if swarm is None:
        site = sites[rng.randrange(len(sites))]
    else:
        picked = swarm.pick(rng, sites)
        if picked is None:
            return None
        site = picked
    group = groups[site]
    return group[rng.randrange(len(group))]


def _walked(
    model: ExplorableModel,
    index: int,
    start: int,
    states: list[State],
    labels: list[Label],
    generated: int,
    ended: str,
    hit: Hit | None,
) -> Walk:
    fps = tuple(model.fingerprint(s) for s in states)
    sites = tuple(label[0] for label in labels)
    if hit is None:
        return Walk(index, start, sites, fps, generated, ended)
    return Walk(index, start, sites, fps, generated, ended, hit, tuple(states), tuple(labels))
