"""`--liveness-every N`: liveness checked during the search too, as TLC checks it
periodically (its default; `-lncheck final` checks only at the end).

NOTE(liveness-every): between two levels, once N more states were stored than at the
last check, the temporal parts are checked on the graph of the states expanded so far
(every state but the level about to be expanded: `GraphStore.prefix`). Each of those
states has all its steps and its enabled bits recorded, so a fair lasso there is a fair
lasso of the whole graph: a violation found early is a violation, and stops the search
(the figures are those of that moment, as for a safety violation). The check happens at
the same points with any number of workers (the graph between two levels is the same,
NOTE(parallel-graph)), so the result is the same for any --workers. What may differ
from checking only at the end (`-lncheck final`, our default): the verdict never (an
early lasso is one of the whole graph; a model without violation is checked once more
at the end, on the whole graph), but the part reported is the first in the config's
order violated among the states expanded by then (the whole graph may also violate an
earlier part), and its lasso is the one the final check gives on that smaller graph
(the whole graph may give another: a shorter path to a cycle, or a cycle through
states not expanded yet). tests/liveness/test_live_every.py pins both.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.liveness import Liveness, Temporal, violated_in
from checker.liveness.check import Lasso
from checker.liveness.graph import LiveGraph
from checker.liveness.store import GraphStore


@dataclass(frozen=True)
class Early:
    """A violation found during the search: the part, its lasso, the graph it is in."""

    part: Temporal
    lasso: Lasso
    store: GraphStore


class PeriodicCheck:
    """The search's check between two levels (engine/bfs.py `Search.between`)."""

    def __init__(self, graph: LiveGraph, live: Liveness, every: int) -> None:
        self.graph, self.live, self.every = graph, live, every
        self.last = 0  # the states stored at the last check
        self.checks = 0
        self.found: Early | None = None

    def __call__(self, stored: int, expanded: int) -> bool:
        """Whether a violation was found among the `expanded` first states (stop)."""
        if stored - self.last < self.every:
            return False
        self.last = stored
        self.checks += 1
        store = self.graph.store.prefix(expanded)
        found = violated_in(store, self.live)
        if found is None:
            return False
        self.found = Early(found[0], found[1], store)
        return True
