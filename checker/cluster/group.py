"""The partitions of a search as Ray actors (NOTE(hash-partition) in cluster/partition.py),
driven by the cluster's search (cluster/search.py, NOTE(distributed-order)).

A level's calls run without the driver in the middle (NOTE(hash-partition)): each
actor's `expand` returns its figures and one offer per owner (Ray object references,
`num_returns`); each owner's `select` is called with the references of the offers for it
and of every partition's figures, and returns the keys it wants from each finder; each
finder's `ship`, with those references, returns one batch of states per owner; each
owner's `route`, with the batches for it and every partition's figures, returns its
first event and its sorted keys (another reference). The driver reads the events only,
and calls `rank` and every `commit` with the level's first stop and the references of
all the keys, so offers, states and keys go from actor to actor through Ray's object
store. The driver waits in short ticks, calling `wait()` (the time limit, the
progress), and turns a partition lost (its actor or its node died) into E520, naming
the partition, its host and the last level completed.
"""

from __future__ import annotations

import itertools
import math
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import ray
from ray.exceptions import RayActorError, RayError, RayTaskError

from checker.cluster.actor import ModelSource, Output, PartitionServer, encode_entries
from checker.cluster.partition import (
    Committed,
    Expansion,
    Routed,
    Stop,
    unencodable,
)
from checker.diagnostics import CheckerError, Diagnostic, InternalError
from checker.engine import checkpoint
from checker.engine.checkpoint import FileEntry
from checker.engine.result import TransportReport
from checker.engine.seam import State

TICK = 0.05  # seconds between two calls of wait() while the driver waits
CLOSE_S = 2.0  # seconds the partitions have to clean up at the end
START_S = 300.0  # seconds the partitions have to start (placed, model compiled)
KIB_PER_MB = 1024.0
KEY_BYTES = 8  # a key (int64) and a rank (int64) between partitions


class RayGroup:
    """N partition actors (NOTE(hash-partition))."""

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
        self.completed = 0  # levels done (the depth when the last exchange ended)
        self.expanded = [0] * n
        self.sizes: tuple[int, ...] = ()
        self.sent = 0
        self.peak_kib = [0] * n
        self.cpu_s = [0.0] * n
        self.memory = [0] * n  # the bytes of each part of the visited set, last level's
        self.places: list[tuple[int, str]] = [(0, "?")] * n
        self.places = self.get([a.where.remote() for a in self.actors], "starting", None, START_S)
        self.start_s = time.perf_counter() - started

    def __len__(self) -> int:
        return len(self.actors)

    def begin(self, initial: list[tuple[int, State]], fingerprint: Callable[[State], int]) -> None:
        """The initial states, each sent to its owner (E522 if one cannot be encoded)."""
        n = len(self.actors)
        shares: list[list[tuple[int, State]]] = [[] for _ in range(n)]
        for sid, s in initial:
            shares[fingerprint(s) % n].append((sid, s))
        try:
            data = [encode_entries(share) for share in shares]
        except (TypeError, RecursionError):
            raise CheckerError((unencodable(),)) from None
        calls = [a.begin.remote(d) for a, d in zip(self.actors, data, strict=True)]
        self.sizes = tuple(self.get(calls, "starting", 0))

    def level(
        self, depth: int, bounds: list[int]
    ) -> tuple[list[Routed], list[Expansion], list[list[Any]]]:
        """Expand and route one level: each partition's first event and figures, and the
        references of its sorted keys, one slice per range (cut at `bounds`)."""
        n, more = len(self.actors), len(self.actors) + 1
        outs = [a.expand.options(num_returns=more).remote(depth) for a in self.actors]
        firsts = [out[0] for out in outs]
        selects = [  # each owner keeps the first occurrences, asks their finders
            actor.select.options(num_returns=more).remote(
                *[outs[w][1 + o] for w in range(n)], *firsts
            )
            for o, actor in enumerate(self.actors)
        ]
        ships = [  # each finder sends the states its owners asked for
            actor.ship.options(num_returns=more).remote(*[selects[o][1 + w] for o in range(n)])
            for w, actor in enumerate(self.actors)
        ]
        shipped = [s[0] for s in ships]
        routes = [
            actor.route.options(num_returns=more).remote(
                n, bounds, *[ships[w][1 + o] for w in range(n)], *firsts, *shipped
            )
            for o, actor in enumerate(self.actors)
        ]
        expanded = self.get(firsts, "expanding", depth)
        routed = self.get([r[0] for r in routes], "exchanging", depth)
        figures = []
        for w, ((expansion, printed), s) in enumerate(
            zip(expanded, self.get(shipped, "exchanging", depth), strict=True)
        ):
            self.sent += s.sent_bytes
            if s.stop is not None and (expansion.stop is None or s.stop[0] < expansion.stop[0]):
                expansion = replace(expansion, stop=s.stop)  # a state it could not ship
            figures.append(expansion)
            self.expanded[w] += expansion.expanded
            self.sent += expansion.sent_bytes
            self.peak_kib[w] = max(self.peak_kib[w], expansion.peak_kib)
            self.cpu_s[w] = expansion.cpu_s
            for line in printed.lines:
                self.output(line)
        for q, r in enumerate(routed):  # each key out to its range's partition, its rank back
            self.sent += 2 * KEY_BYTES * sum(c for k, c in enumerate(r.slices) if k != q)
        return routed, figures, [list(r[1:]) for r in routes]

    def ranked(
        self, end: int | None, slices: list[list[Any]], depth: int
    ) -> tuple[list[int], list[list[Any]]]:
        """Each range's keys below `end` (counted by the partition of that range), and
        the references of the ranks it gives each partition's keys."""
        n = len(self.actors)
        outs = [
            a.rank.options(num_returns=n + 1).remote(end, *[slices[q][r] for q in range(n)])
            for r, a in enumerate(self.actors)
        ]
        below = self.get([o[0] for o in outs], "ranking", depth)
        return below, [list(o[1:]) for o in outs]

    def key_at(self, r: int, rank: int, depth: int) -> int:
        """The key of rank `rank` in range `r`."""
        return int(self.get([self.actors[r].key_at.remote(rank)], "ranking", depth)[0])

    def commit(
        self,
        stop: Stop | None,
        base: int,
        cut: int | None,
        offsets: list[int],
        ranks: list[list[Any]],
        depth: int,
    ) -> list[Committed]:
        n = len(self.actors)
        calls = [
            a.commit.remote(stop, base, cut, offsets, *[ranks[r][q] for r in range(n)])
            for q, a in enumerate(self.actors)
        ]
        replies = self.get(calls, "storing", depth)
        out = []
        for w, (committed, printed) in enumerate(replies):
            out.append(committed)
            self.cpu_s[w], self.memory[w] = committed.cpu_s, committed.memory
            for line in printed.lines:
                self.output(line)
        self.sizes = tuple(c.next_level for c in out)
        self.completed = depth
        return out

    def link(self, fp: int) -> tuple[int, int]:
        """The parent's fingerprint and action index of the stored state `fp`, from its
        owner."""
        actor = self.actors[fp % len(self.actors)]
        parent, action = self.get([actor.link.remote(fp)], "rebuilding the counterexample")[0]
        return int(parent), int(action)

    def visited_figures(self) -> tuple[int, int | None]:
        """The bytes the partitions' parts of the visited set take, and the smallest gap
        between two stored fingerprints (None: fewer than two), found by cutting the
        fingerprints into one range of values per partition."""
        n = len(self.actors)
        memory = sum(self.get([a.memory_bytes.remote() for a in self.actors], "counting"))
        slices = [a.slices.options(num_returns=n).remote() for a in self.actors]
        if n == 1:
            slices = [[s] for s in slices]
        gaps = self.get(
            [a.gap.remote(*[slices[w][r] for w in range(n)]) for r, a in enumerate(self.actors)],
            "counting",
        )
        return memory, smallest_gap([g for g in gaps if g is not None])

    def save(
        self, writer: checkpoint.Writer, depth: int
    ) -> tuple[list[FileEntry], list[FileEntry]]:
        """Each partition writes its part of the visited set and of the next level."""
        calls = [
            a.save.remote(str(writer.visited_path(k)), str(writer.run_path(k)))
            for k, a in enumerate(self.actors)
        ]
        written = self.get(calls, "writing a checkpoint", depth)
        return [v for v, _ in written], [r for _, r in written]

    def restore(self, restored: checkpoint.Restored) -> None:
        """Each partition reads back its parts of a cluster's checkpoint."""
        calls = [
            a.restore.remote(str(v), str(r), v.stat().st_size // checkpoint.PART_BYTES)
            for a, v, r in zip(self.actors, restored.parts, restored.runs, strict=True)
        ]
        self.sizes = tuple(self.get(calls, "resuming", restored.counters.depth))
        self.completed = restored.counters.depth

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

    def close(self) -> None:
        """Each partition removes its spill directory, then the actors are ended (one
        that does not answer within CLOSE_S is ended all the same)."""
        done = [actor.close.remote() for actor in self.actors]
        ray.wait(done, num_returns=len(done), timeout=CLOSE_S)
        for actor in self.actors:
            ray.kill(actor, no_restart=True)

    def report(self) -> TransportReport:
        return TransportReport(
            "ray",
            tuple(self.expanded),
            self.sent,
            tuple(k / KIB_PER_MB for k in self.peak_kib),
            tuple(host for _, host in self.places),
            self.start_s,
            tuple(self.cpu_s),
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


def smallest_gap(ranges: list[tuple[int, int, int]]) -> int | None:
    """The smallest gap between two fingerprints, from each range's (smallest gap, least,
    greatest), the ranges in order of values: within a range or across two."""
    gaps = [g for g, lo, hi in ranges if lo != hi]
    gaps += [b[1] - a[2] for a, b in itertools.pairwise(ranges)]
    return min(gaps) if gaps else None


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
