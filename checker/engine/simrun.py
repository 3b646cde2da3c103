"""Running many random behaviours (NOTE(simulation)), in this process or in workers.

Behaviour i depends only on (seed, i), so workers take chunks of indexes, and the
parent merges their walks in index order, stopping at the first walk that violates a
property or fails: the result (statistics included: they count the behaviours up to
that one) is the one a single process gives, for any number of workers. The workers are
forked after the model is compiled and die with the parent (NOTE(worker-lifetime)).
"""

from __future__ import annotations

import functools
import time
from collections import Counter
from collections.abc import Callable, Generator
from dataclasses import dataclass, field

from checker.engine.channel import Channel
from checker.engine.gcpolicy import quiet_collector
from checker.engine.native import NO_PARENT, VisitedSet
from checker.engine.seam import ExplorableModel, State
from checker.engine.simulation import PartChecks, Plan, Walk, walk
from checker.engine.workers import Workers

CHUNK = 8  # behaviours a worker walks per request


@dataclass
class Tally:
    """The figures of the behaviours merged so far."""

    traces: int = 0
    steps: int = 0
    generated: int = 0
    seen: VisitedSet = field(default_factory=VisitedSet)  # the states' fingerprints
    sites: Counter[int] = field(default_factory=Counter)
    lengths: Counter[int] = field(default_factory=Counter)
    ends: Counter[str] = field(default_factory=Counter)
    start: float = field(default_factory=time.perf_counter)

    def add(self, w: Walk) -> None:
        self.traces += 1
        self.steps += w.steps
        self.generated += w.generated
        add = self.seen.add
        for fp in w.fingerprints:
            add(fp, NO_PARENT, 0)
        self.sites.update(w.sites)
        self.lengths[w.steps] += 1
        self.ends[w.ended] += 1

    @property
    def distinct(self) -> int:
        """The distinct states met (by fingerprint: about 20 bytes each, in C)."""
        return len(self.seen)

    def elapsed(self) -> float:
        return time.perf_counter() - self.start


Report = Callable[[Tally], None]


def run(
    model: ExplorableModel,
    parts: PartChecks | None,
    starts: list[State],
    plan: Plan,
    traces: int,
    workers: int,
    tally: Tally,
    report: Report,
) -> Walk | None:
    """Walk behaviours 0..traces-1 into `tally`; the first that violates or fails (by
    index) is returned, and no later one is counted. Limits and Ctrl-C come out as the
    exceptions the caller's guard raises."""
    walks = (
        _here(model, parts, starts, plan, traces)
        if workers <= 1
        else _parallel(model, parts, starts, plan, traces, workers)
    )
    try:
        with quiet_collector():
            for w in walks:
                if w.error is None:
                    tally.add(w)
                if w.error is not None or w.hit is not None:
                    return w
                report(tally)
    finally:
        walks.close()  # the workers are ended
    return None


def _here(
    model: ExplorableModel, parts: PartChecks | None, starts: list[State], plan: Plan, n: int
) -> Generator[Walk, None, None]:
    for i in range(n):
        yield walk(model, parts, starts, plan, i)


def _parallel(
    model: ExplorableModel,
    parts: PartChecks | None,
    starts: list[State],
    plan: Plan,
    n: int,
    count: int,
) -> Generator[Walk, None, None]:
    serve = functools.partial(_serve, model, parts, starts, plan)
    pool = Workers(min(count, max(1, -(-n // CHUNK))), serve, lambda: None)
    try:
        following = 0
        while following < n:
            sent: list[int] = []
            for w in range(len(pool)):
                if following >= n:
                    break
                upto = min(n, following + CHUNK)
                pool.send(w, (following, upto))
                sent.append(w)
                following = upto
            for w in sent:
                yield from pool.receive(w)
    finally:
        pool.close()


def _serve(
    model: ExplorableModel,
    parts: PartChecks | None,
    starts: list[State],
    plan: Plan,
    channel: Channel,
) -> None:
    """A worker: walks the behaviours of each chunk it is sent (up to the first that
    violates or fails: the parent counts none after it)."""
    while True:
        lo, hi = channel.get()
        out: list[Walk] = []
        with quiet_collector():
            for i in range(lo, hi):
                w = walk(model, parts, starts, plan, i)
                out.append(w)
                if w.hit is not None or w.error is not None:
                    break
        channel.put(out)
