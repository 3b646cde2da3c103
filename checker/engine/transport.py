"""How the parallel search reaches its workers (local processes, engine/workers.py), and
how a search runs elsewhere (a cluster's, checker/cluster): two small interfaces.

NOTE(transport): the parallel search (engine/parallel.py) sends each worker a request of
engine/messages.py and gathers one reply per worker, through a `WorkerGroup` (the local
one forks processes that share the parent's compiled model); its parent holds the
visited set and merges each level in the sequential order. A cluster's search cannot
afford that parent: a `Transport` runs its own search (checker/cluster/search.py), whose
partitions hold the visited set and the levels, and whose driver keeps per-level totals
only (NOTE(distributed-order)); its partitions' workers are the parallel search's
(engine/expansion.py), with the one kernel's rules, so the results are the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from checker.engine.result import Observer, Options
from checker.engine.seam import ExplorableModel

if TYPE_CHECKING:
    from checker.engine.bfs import Search


class WorkerGroup(Protocol):
    """N workers answering the protocol's requests, one reply per request, in order."""

    def __len__(self) -> int: ...

    def send(self, w: int, message: Any) -> None: ...

    def receive(self, w: int) -> Any: ...

    def gather(self) -> list[Any]:
        """One reply from each worker, in worker order."""
        ...

    def pids(self) -> list[int]:
        """The local processes whose memory counts towards --memory-limit."""
        ...

    def close(self) -> None: ...


class Transport(Protocol):
    """Runs a search elsewhere: a cluster's search (checker/cluster), whose partitions
    hold the visited set and the levels (NOTE(distributed-order))."""

    name: str  # for messages: "ray"

    def search(self, model: ExplorableModel, options: Options, observer: Observer) -> Search: ...
