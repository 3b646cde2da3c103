"""The partitions of a search as Ray actors: the parallel search's WorkerGroup over Ray
(NOTE(transport) in engine/transport.py, NOTE(hash-partition) in cluster/partition.py).

A level's request is held until every partition has one, then the exchange runs without
the driver in the middle: each actor's `expand` returns its figures and one batch per
owner (Ray object references, `num_returns`), and each owner's `route` is called with
the references of the batches for it, so batches go from actor to actor through Ray's
object store. The driver waits in short ticks, calling `wait()` (the time limit, the
progress), and turns a partition lost (its actor or its node died) into E520, naming
the partition, its host and the last level completed.
"""

from __future__ import annotations

import math
import time
import uuid
from array import array
from collections.abc import Callable, Sequence
from typing import Any

import ray
from ray.exceptions import RayActorError, RayError, RayTaskError

from checker.cluster.actor import (
    FetchedBytes,
    LevelBytes,
    ModelSource,
    Output,
    PartitionServer,
    decode_fetched,
    encode_entries,
    split_fingerprints,
)
from checker.cluster.partition import Expansion, unencodable
from checker.diagnostics import CheckerError, Diagnostic, InternalError
from checker.engine.messages import Expanded, Export, Level
from checker.engine.result import TransportReport

TICK = 0.05  # seconds between two calls of wait() while the driver waits
CLOSE_S = 2.0  # seconds the partitions have to clean up at the end
START_S = 300.0  # seconds the partitions have to start (placed, model compiled)
KIB_PER_MB = 1024.0


class RayGroup:
    """N partition actors; the protocol's requests and replies (engine/messages.py)."""

    rebalances = False  # each state stays with its owner (NOTE(hash-partition))

    def __init__(
        self,
        source: ModelSource,
        share: int,
        wait: Callable[[], None],
        output: Callable[[str], None],
    ) -> None:
        self.wait = wait
        self.output = output
        n = source.partitions
        actor_class = ray.remote(
            num_cpus=cpus_per_partition(n), max_restarts=0, scheduling_strategy="SPREAD"
        )(PartitionServer)
        started = time.perf_counter()
        run = uuid.uuid4().hex[:12]  # the actors' names: checker-partition-K-RUN
        self.actors: list[Any] = [
            actor_class.options(name=f"checker-partition-{i + 1}-{run}").remote(source, i, share)
            for i in range(n)
        ]
        self.calls: list[Any] = [None] * n
        self.levels: dict[int, Level] = {}
        self.completed = 0  # levels done (the depth when the last exchange ended)
        self.expanded = [0] * n
        self.sizes: tuple[int, ...] = ()
        self.sent = 0
        self.peak_kib = [0] * n
        self.places: list[tuple[int, str]] = [(0, "?")] * n
        self.places = self.get([a.where.remote() for a in self.actors], "starting", None, START_S)
        self.start_s = time.perf_counter() - started

    def __len__(self) -> int:
        return len(self.actors)

    def send(self, w: int, message: Any) -> None:
        if isinstance(message, Level):
            self.levels[w] = message
        elif isinstance(message, Export):
            raise InternalError("a hash-partitioned search moves no state between partitions")
        else:
            self.calls[w] = self.actors[w].handle.remote(message)

    def receive(self, w: int) -> Any:
        call, self.calls[w] = self.calls[w], None
        reply = self.get([call], "answering")[0]
        return decode_fetched(reply) if isinstance(reply, FetchedBytes) else reply

    def gather(self) -> list[Any]:
        if self.levels:
            return self.exchange()
        return [self.receive(w) for w in range(len(self.actors))]

    def exchange(self) -> list[Expanded]:
        """One level: expand everywhere, then route the batches to their owners."""
        n = len(self.actors)
        levels, self.levels = self.levels, {}
        if len(levels) != n:
            raise InternalError(f"a level was sent to {len(levels)} of {n} partitions")
        depth = levels[0].depth
        owned = split_fingerprints(levels[0].new_fps, n)
        self.sizes = tuple(len(levels[w].keys) + len(levels[w].initial or ()) for w in range(n))
        outs = []
        for w, actor in enumerate(self.actors):
            request = _encoded(levels[w], owned[w])
            outs.append(actor.expand.options(num_returns=n + 1).remote(request))
        routes = [
            actor.route.remote(*[outs[w][1 + o] for w in range(n)])
            for o, actor in enumerate(self.actors)
        ]
        firsts = self.get([out[0] for out in outs], "expanding", depth)
        routed = self.get(routes, "exchanging", depth)
        replies = []
        for w, ((expansion, printed), candidates) in enumerate(zip(firsts, routed, strict=True)):
            replies.append(self.merged(w, expansion, candidates))
            for line in printed.lines:
                self.output(line)
        self.completed = depth
        return replies

    def merged(self, w: int, expansion: Expansion, candidates: Expanded) -> Expanded:
        """A worker's reply: its figures as an expander, its candidates as an owner."""
        figures = expansion.figures
        self.expanded[w] += len(figures.sids)
        self.sent += expansion.sent_bytes
        self.peak_kib[w] = max(self.peak_kib[w], expansion.peak_kib)
        return Expanded(
            figures.sids,
            figures.counts,
            figures.deadlocks,
            candidates.keys,
            candidates.fps,
            candidates.sites,
            candidates.steps,
            figures.error,
            max(figures.spilled, candidates.spilled),
            max(figures.fallbacks, candidates.fallbacks),
        )

    def get(
        self,
        refs: Sequence[Any],
        doing: str,
        depth: int | None = None,
        limit_s: float | None = None,
    ) -> list[Any]:
        """The results of `refs`, waiting in ticks (at most `limit_s` seconds: E524); a
        lost partition is E520."""
        waiting = list(refs)
        deadline = None if limit_s is None else time.monotonic() + limit_s
        while waiting:
            _, waiting = ray.wait(waiting, num_returns=len(waiting), timeout=TICK)
            if waiting:
                self.wait()
                if deadline is not None and time.monotonic() > deadline:
                    raise CheckerError((_not_placed(len(self.actors), limit_s),))
        try:
            return list(ray.get(list(refs)))
        except RayTaskError as exc:  # raised inside an actor: ours to report
            raise _raised(exc) from None
        except (RayActorError, RayError) as exc:
            raise CheckerError((self.lost(exc, doing, depth),)) from None

    def lost(self, exc: RayError, doing: str, depth: int | None) -> Diagnostic:
        """Which partition is gone (the first whose actor no longer answers)."""
        w = self.dead_partition()
        pid, host = self.places[w] if w is not None else (0, "?")
        who = (
            f"partition {w + 1} of {len(self.actors)} (pid {pid} on {host})"
            if w is not None
            else "a partition"
        )
        done = self.completed if depth is None else depth
        return Diagnostic(
            "E520",
            f"{who} was lost while {doing}: its actor or its node died "
            f"({type(exc).__name__}); the last level completed is {done}, and the "
            "search cannot finish without the states that partition held",
            hint="with --checkpoint DIR the search resumes from its last checkpoint on the "
            "remaining or replaced nodes (docs/cluster.md); without it, run the check again",
        )

    def dead_partition(self) -> int | None:
        for w, actor in enumerate(self.actors):
            try:
                ray.get(actor.where.remote(), timeout=10)
            except (RayError, TimeoutError):
                return w
        return None

    def pids(self) -> list[int]:
        """No local process counts towards --memory-limit: the actors are Ray's
        (each partition's peak memory is reported instead)."""
        return []

    def close(self) -> None:
        """Each partition removes its spill directory, then the actors are ended (one
        that does not answer within CLOSE_S is ended all the same)."""
        done = [actor.close.remote() for actor in self.actors]
        ray.wait(done, num_returns=len(done), timeout=CLOSE_S)
        for actor in self.actors:
            ray.kill(actor, no_restart=True)

    def level_sizes(self) -> tuple[int, ...]:
        return self.sizes

    def report(self) -> TransportReport:
        return TransportReport(
            "ray",
            tuple(self.expanded),
            self.sent,
            tuple(k / KIB_PER_MB for k in self.peak_kib),
            tuple(host for _, host in self.places),
            self.start_s,
        )


def cpus_per_partition(n: int) -> float:
    """One CPU per partition, or the share that lets `n` partitions spread over the
    nodes with CPUs when there are fewer CPUs than partitions (so none waits unplaced)."""
    nodes = [
        float(node["Resources"].get("CPU", 0.0))
        for node in ray.nodes()  # type: ignore[no-untyped-call]
        if node.get("Alive")
    ]
    nodes = [c for c in nodes if c > 0] or [1.0]
    per_node = -(-n // len(nodes))  # the most partitions one node holds, spread evenly
    return min(1.0, math.floor(min(nodes) / per_node * 1000) / 1000)


def _encoded(level: Level, owned: array[int]) -> LevelBytes:
    """The request for one partition: its share of the new fingerprints, and its
    initial states (the first level) as codec bytes (E522 if they are not encodable)."""
    initial = None
    if level.initial is not None:
        try:
            initial = encode_entries(level.initial)
        except (TypeError, RecursionError):
            raise CheckerError((unencodable(),)) from None
    plain = Level(level.keys, level.ids, owned, None, [], level.depth)
    return LevelBytes(plain, initial)


def _not_placed(n: int, limit_s: float | None) -> Diagnostic:
    return Diagnostic(
        "E524",
        f"the cluster did not start the {n} partitions within {limit_s:g} s",
        hint="check the cluster's nodes and free resources (`ray status`); each partition "
        "takes one CPU of the cluster, or a share when there are fewer CPUs than partitions",
    )


def _raised(exc: RayTaskError) -> BaseException:
    """What an actor raised: a CheckerError or MemoryError as itself, anything else is
    a bug (an InternalError with the actor's traceback)."""
    cause = exc.cause
    if isinstance(cause, CheckerError | MemoryError):
        return cause
    return InternalError(f"a partition failed: {type(cause).__name__}: {cause}", str(exc))


__all__ = ["Output", "RayGroup"]
