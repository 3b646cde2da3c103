"""How the parallel search reaches its workers: local processes (engine/workers.py) or
another transport (a cluster's actors, checker/cluster), behind one small interface.

NOTE(transport): the parallel search (engine/parallel.py) is one engine whatever carries
its messages: the parent sends each worker a request of engine/messages.py and gathers
one reply per worker. A `Transport` starts the `WorkerGroup` that does so; the local one
forks processes that share the parent's compiled model, a cluster's builds the model in
each actor from the spec's files. Which worker holds a state never changes a result
(NOTE(parallel-determinism)), so a transport may also decide where the candidates of a
level are kept (a hash-partitioned group keeps each at its fingerprint's owner and says
so with `rebalances = False`: the parent then moves no state between workers).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from checker.engine.result import TransportReport


class WorkerGroup(Protocol):
    """N workers answering the protocol's requests, one reply per request, in order."""

    rebalances: bool  # whether the parent evens out the levels by moving states

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

    def report(self) -> TransportReport | None:
        """What the workers did, for the result and the progress (None: local ones)."""
        ...

    def level_sizes(self) -> tuple[int, ...]:
        """The states each worker expands in the current level (() where not told)."""
        ...


class Transport(Protocol):
    """Starts a search's workers: `count` of them, each with `share` bytes of frontier
    memory; `wait` is called whenever the parent would block (the time limit)."""

    name: str  # for messages: "ray"

    def start(self, count: int, share: int, wait: Callable[[], None]) -> WorkerGroup: ...
