"""A partition's actor: it builds the model itself from the spec's files and answers the
cluster search's calls (cluster/search.py) for its partition (cluster/partition.py).

NOTE(cluster-model): nothing of the model travels: the driver sends the paths of the spec
and the config with the options that shape the model (seed, symmetry, properties,
deadlock, the number of partitions as TLCGet("config") tells) and the model's identity
(the digests of every module and of the config, as a checkpoint records them). The actor
reads and compiles the files on its own node and refuses to serve (E521) if they are
missing or differ: every node must see the same files at the same paths (a shared file
system, or the files copied there; docs/cluster.md). States travel as state-codec bytes
(NOTE(hash-partition)); keys and ranks as numpy arrays; the rest are the partition's
own frozen dataclasses.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from checker._native import ChunkMemo
from checker.cluster.partition import Committed, Partition, Stop, merged_gap
from checker.diagnostics import CheckerError, Diagnostic
from checker.engine.checkpoint import FileEntry, Identity
from checker.engine.frontier import FrontierPool
from checker.engine.gcpolicy import quiet_process, settle
from checker.engine.native import decode_from, encode_into
from checker.engine.seam import State
from checker.stack import deep_entry


@dataclass(frozen=True)
class ModelSource:
    """Where and how an actor builds the model (NOTE(cluster-model))."""

    spec: str  # absolute paths
    config: str
    seed: int
    symmetry: bool
    partitions: int
    properties: tuple[str, ...] | None
    deadlock: bool | None
    identity: Identity


@dataclass(frozen=True)
class Output:
    """What the model printed (Print, PrintT) in an actor, for the driver's observer."""

    lines: tuple[str, ...]


class PartitionServer:
    """The actor's body (the Ray actor class wraps it, cluster/group.py)."""

    def __init__(self, source: ModelSource, index: int, share: int) -> None:
        self.printed: list[str] = []
        self.pool = FrontierPool(share)  # spills into this node's temporary directory
        self.problem: CheckerError | None = None  # the model could not be built (E521)
        try:
            model = _build(source, self.printed.append)
        except CheckerError as exc:  # raised by `where`, as itself (Ray would keep only
            self.problem = exc  # the text of an error raised by the constructor)
            return
        self.partition = Partition(model, self.pool, index, source.partitions)
        quiet_process()  # NOTE(gc-policy): as a local worker forked inside the search has it

    def where(self) -> tuple[int, str]:
        """This actor's process id and host name (the model's problem, if any)."""
        if self.problem is not None:
            raise self.problem
        return os.getpid(), os.uname().nodename

    @deep_entry
    def begin(self, initial: bytes) -> int:
        """The initial states this partition owns (codec bytes of (id, state))."""
        return self.partition.begin(decode_entries(initial))

    @deep_entry
    def expand(self, depth: int) -> list[Any]:
        """The figures, then one offer per owner (`num_returns` 1 + partitions)."""
        expansion, offers = self.partition.expand(depth)
        return [(expansion, self.output()), *offers]

    def select(self, *args: Any) -> list[Any]:
        """Every partition's offer to this one, then every partition's expansion figures:
        how many it keeps, then the keys it wants from each (`num_returns` 1 + count)."""
        n = len(args) // 2
        offers, expansions = list(args[:n]), [e for e, _ in args[n:]]
        wanted = self.partition.select(offers, expansions)
        return [len(self.partition.kept), *wanted]

    @deep_entry
    def ship(self, *wanted: Any) -> list[Any]:
        """Each owner's wanted keys: the figures, then one batch per owner."""
        shipped, batches = self.partition.ship(list(wanted))
        return [shipped, *batches]

    @deep_entry
    def route(self, count: int, bounds: list[int], *args: Any) -> list[Any]:
        """`count` batches, every partition's expansion figures, then its shipping
        figures: the first event, then the keys cut into one slice per range
        (`num_returns` 1 + count)."""
        batches = list(args[:count])
        expansions = [e for e, _ in args[count : 2 * count]]
        shipped = list(args[2 * count :])
        routed, slices = self.partition.route(batches, expansions, shipped, bounds)
        return [routed, *slices]

    def rank(self, end: int | None, *slices: Any) -> list[Any]:
        """This partition's range: how many keys below `end`, then the ranks of each
        partition's keys in it (`num_returns` 1 + partitions)."""
        below, ranks = self.partition.rank(end, list(slices))
        return [below, *ranks]

    def key_at(self, rank: int) -> int:
        return self.partition.key_at(rank)

    @deep_entry
    def commit(
        self, stop: Stop | None, base: int, cut: int | None, offsets: list[int], *ranks: Any
    ) -> tuple[Committed, Output]:
        committed = self.partition.commit(stop, base, cut, offsets, list(ranks))
        settle()  # the level's survivors (the next level) are not scanned again
        return committed, self.output()

    def link(self, fp: int) -> tuple[int, int]:
        return self.partition.link(fp)

    def slices(self) -> list[Any]:
        return self.partition.slices()

    def gap(self, *slices: Any) -> tuple[int, int, int] | None:
        """One range's slices (one partition's `slices`: a list, one return)."""
        return merged_gap([a for s in slices for a in (s if isinstance(s, list) else [s])])

    def memory_bytes(self) -> int:
        return self.partition.memory_bytes()

    @deep_entry
    def save(self, visited: str, run: str) -> tuple[FileEntry, FileEntry]:
        return self.partition.save(Path(visited), Path(run))

    @deep_entry
    def restore(self, visited: str, run: str, count: int) -> int:
        return self.partition.restore(Path(visited), Path(run), count)

    def output(self) -> Output:
        lines, self.printed[:] = tuple(self.printed), []
        return Output(lines)

    def close(self) -> None:
        self.partition.worker.frontier.close()
        self.pool.close()


@deep_entry
def _build(source: ModelSource, output: Any) -> Any:
    """The model, compiled here from the files (NOTE(cluster-model))."""
    from checker.api import model_identity
    from checker.pipeline import load_model

    try:
        model = load_model(
            source.spec,
            source.config,
            output,
            seed=source.seed,
            symmetry=source.symmetry,
            workers=source.partitions,
            properties=source.properties,
            deadlock=source.deadlock,
        )
    except CheckerError as exc:
        raise CheckerError((_not_the_same(source, exc.diagnostics[0].message),)) from None
    mine = model_identity(model)
    if replace(mine, config=("", mine.config[1])) != replace(
        source.identity, config=("", source.identity.config[1])
    ):
        raise CheckerError((_not_the_same(source, "their contents differ from the driver's"),))
    return model


def _not_the_same(source: ModelSource, why: str) -> Diagnostic:
    return Diagnostic(
        "E521",
        f"a partition on host {os.uname().nodename} cannot build the model from "
        f"`{source.spec}` and `{source.config}`: {why}",
        hint="every node of the cluster must see the spec, its modules and the config at "
        "the same paths with the same contents (a shared file system, or copies): see "
        "docs/cluster.md",
    )


def encode_entries(entries: list[tuple[int, State]]) -> bytes:
    buf = bytearray()
    memo = ChunkMemo()
    for entry in entries:
        encode_into(buf, entry, memo)
    return bytes(buf)


def decode_entries(data: bytes) -> Iterator[tuple[int, State]]:
    registered: list[object] = []
    pos = 0
    while pos < len(data):
        item, pos = decode_from(data, pos, registered)
        yield item


def resolved(path: str) -> str:
    return str(Path(path).resolve())
