"""Action coverage of a search: per action site, how often it was enabled, how many
successors it generated and how many distinct states it found.

NOTE(coverage): the counts are TLC's (`-coverage`, tlc2/tool/coverage/ActionWrapper):
"generated" counts every successor an action produced (duplicates, states outside the
CONSTRAINTs included: TLC's `incInvocations` per successor); "distinct" counts the
states the action was the first to reach and that were stored (TLC's `incSecondary`
when a state in the model is put in the seen set; a violating state that is stored
counts). "enabled" (ours; TLC has no such count) is the number of states expanded in
which the action produced at least one successor. Distinct states are read off the
visited set after the search (each stored state records the site of the step that
found it, initial states have no parent), so nothing is added to the search's hot path
but the tally of each expanded state's successors, and only when coverage is asked
for: without it the search calls `model.successors` as before. The counts are a
function of the search's order, which is deterministic (NOTE(parallel-determinism));
the tally lives in the one process that expands states, so a parallel search (whose
workers expand) is refused (E525), as is a resumed one (the states of the runs it
resumes were tallied by them).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from checker.engine.native import NO_PARENT, VisitedSet
from checker.engine.seam import Label, State

Successors = Callable[[State], list[tuple[Label, State]]]


class Tally:
    """Counts each expanded state's successors by action site; called as the model's
    `successors`."""

    def __init__(self, successors: Successors) -> None:
        self.successors = successors
        self.generated: dict[int, int] = {}
        self.enabled: dict[int, int] = {}
        self.expanded = 0

    def __call__(self, state: State) -> list[tuple[Label, State]]:
        out = self.successors(state)
        self.expanded += 1
        generated = self.generated
        seen: set[int] = set()
        for label, _ in out:
            site = label[0]
            generated[site] = generated.get(site, 0) + 1
            seen.add(site)
        enabled = self.enabled
        for site in seen:
            enabled[site] = enabled.get(site, 0) + 1
        return out

    def untally(self, uncounted: Sequence[tuple[Label, State]]) -> None:
        """Successors the search generated but does not count (after the one that stopped
        it, as TLC counts: `Found.uncounted` in engine/kernel.py)."""
        generated = self.generated
        for label, _ in uncounted:
            generated[label[0]] -= 1


@dataclass(frozen=True)
class SiteName:
    """How a report names an action site: its name (`Phase1b`, `Next@153:9` for an
    inline disjunct), where it is written (`path:line:col`), and whether a step can be
    labelled with it (a disjunct that only leads to named actions cannot, and is not
    reported as never fired)."""

    name: str
    location: str
    can_fire: bool


@dataclass(frozen=True)
class ActionCoverage:
    name: str
    location: str
    enabled: int  # states in which the action produced a successor (Init: 1 if any)
    generated: int  # successors it produced (TLC's "states generated")
    distinct: int  # states it found first and that were stored (TLC's "distinct states")

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.name,
            "location": self.location,
            "enabled": self.enabled,
            "generated": self.generated,
            "distinct": self.distinct,
        }


@dataclass(frozen=True)
class CoverageReport:
    """The coverage of one search (NOTE(coverage)): Init, then each action that can
    fire, in the order of Next's sites."""

    expanded: int  # states whose successors were computed
    init: ActionCoverage
    actions: tuple[ActionCoverage, ...]

    @property
    def never_fired(self) -> tuple[ActionCoverage, ...]:
        return tuple(a for a in self.actions if a.generated == 0)

    def to_json(self) -> dict[str, Any]:
        """`check --json`'s "coverage" key (a public contract)."""
        return {
            "expanded": self.expanded,
            "init": self.init.to_json(),
            "actions": [a.to_json() for a in self.actions],
            "never_fired": [a.name for a in self.never_fired],
        }


def named(raw: Coverage, init: SiteName, sites: Sequence[SiteName]) -> CoverageReport:
    """The report of `raw`, its sites named: every site that fired, and every site that
    can fire but never did."""
    counts = {c.site: c for c in raw.sites}
    rows = []
    for i, site in enumerate(sites):
        c = counts.get(i)
        if c is None and not site.can_fire:
            continue
        rows.append(
            ActionCoverage(
                site.name,
                site.location,
                c.enabled if c else 0,
                c.generated if c else 0,
                c.distinct if c else 0,
            )
        )
    first = ActionCoverage(
        init.name, init.location, int(raw.init_generated > 0), raw.init_generated, raw.init_distinct
    )
    return CoverageReport(raw.expanded, first, tuple(rows))


@dataclass(frozen=True)
class SiteCounts:
    site: int
    enabled: int  # states in which the action produced a successor
    generated: int  # successors it produced
    distinct: int  # states it found first and that were stored


@dataclass(frozen=True)
class Coverage:
    """The coverage of one search, by site index (named by the caller)."""

    expanded: int  # states whose successors were computed
    init_generated: int
    init_distinct: int
    sites: tuple[SiteCounts, ...]


def distinct_by_site(store: VisitedSet) -> tuple[int, dict[int, int]]:
    """(initial states stored, states stored per site), read off the visited set."""
    _, parents_raw, actions_raw = store.dump()
    parents = array("I")  # uint32 (engine/native/visited.c)
    parents.frombytes(parents_raw)
    actions = array("H")  # uint16
    actions.frombytes(actions_raw)
    counts: dict[int, int] = {}
    initial = 0
    for parent, site in zip(parents, actions, strict=True):
        if parent == NO_PARENT:
            initial += 1
        else:
            counts[site] = counts.get(site, 0) + 1
    return initial, counts


def coverage_of(tally: Tally, store: VisitedSet, init_generated: int) -> Coverage:
    """The search's coverage: the sites that generated a successor, in site order (the
    caller adds those that never did, which only the model knows)."""
    initial, distinct = distinct_by_site(store)
    rows = tuple(
        SiteCounts(i, tally.enabled.get(i, 0), n, distinct.get(i, 0))
        for i, n in sorted(tally.generated.items())
    )
    return Coverage(tally.expanded, init_generated, initial, rows)
