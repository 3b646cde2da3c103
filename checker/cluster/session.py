"""Connecting to Ray for one check: join a cluster (`--address`) or start a local Ray
instance that the check stops at its end; the Transport that starts the partitions.

NOTE(cluster-session): `address` None starts a local Ray instance (as many CPUs as
partitions, at least the machine's) and shuts it down when the check ends, whatever
the end; "auto" or HOST:PORT joins a running cluster, which the check leaves running.
A Ray already initialised in this process (a test's cluster, a notebook) is used as it
is and left as it was. Without Ray installed, a cluster is E523: what to install.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from checker.diagnostics import CheckerError, Diagnostic

CLUSTERS = ("ray",)
REACH_S = 5.0  # seconds a cluster's head has to accept a connection
LOOPBACK_ENV = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"  # "0": Ray's node address is 127.0.0.1
# Ray's own messages are not the check's: its log stays in its session directory
QUIET: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR}


@dataclass(frozen=True)
class ClusterSpec:
    """`--cluster ray [--address ADDR] [--partitions N]`."""

    kind: str
    address: str | None
    partitions: int


def ray_module(local: bool = False) -> Any:
    """The `ray` package, or E523 saying how to install it. `local`: a local instance
    will be started, on the loopback interface only (Ray reads LOOPBACK_ENV when it is
    imported: it then gives its processes 127.0.0.1 as this node's address)."""
    if local and "ray" not in sys.modules:
        os.environ.setdefault(LOOPBACK_ENV, "0")
    try:
        import numpy  # noqa: F401  (the partitions' ranks, NOTE(distributed-order))
        import ray
    except ImportError:
        raise CheckerError((_no_ray(),)) from None
    return ray


@contextlib.contextmanager
def connected(spec: ClusterSpec) -> Iterator[None]:
    """Ray initialised for the check's duration (NOTE(cluster-session))."""
    if spec.address is not None and spec.address != "auto":
        _reachable(spec)  # Ray itself would retry for ever
    ray = ray_module(local=spec.address is None)
    if ray.is_initialized():
        yield
        return
    try:
        if spec.address is None:
            cpus = max(spec.partitions, os.cpu_count() or 1)
            ray.init(num_cpus=cpus, include_dashboard=False, **QUIET)
        else:
            ray.init(address=spec.address, **QUIET)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise CheckerError((_no_cluster(spec, exc),)) from None
    try:
        yield
    finally:
        ray.shutdown()


class RayTransport:
    """Runs one search on the cluster (cluster/search.py)."""

    name = "ray"

    def __init__(self, source: Any) -> None:
        self.source = source  # a cluster.actor.ModelSource

    def search(self, model: Any, options: Any, observer: Any) -> Any:
        from checker.cluster.search import ClusterSearch

        assert options.workers == self.source.partitions
        return ClusterSearch(model, options, observer, self.source)


def _reachable(spec: ClusterSpec) -> None:
    """E524 unless HOST:PORT accepts a connection within REACH_S seconds."""
    assert spec.address is not None
    host, _, port = spec.address.removeprefix("ray://").rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=REACH_S):
            return
    except (OSError, ValueError) as exc:
        raise CheckerError((_no_cluster(spec, exc),)) from None


def _no_ray() -> Diagnostic:
    return Diagnostic(
        "E523",
        "--cluster ray needs Ray and numpy, which are not installed",
        hint="install the ray extra: pip install 'tla-checker[ray]' (or pip install 'ray>=2.9' "
        "numpy)",
    )


def _no_cluster(spec: ClusterSpec, exc: Exception) -> Diagnostic:
    where = f"the Ray cluster at {spec.address}" if spec.address else "a local Ray instance"
    return Diagnostic(
        "E524",
        f"could not connect to {where}: {exc}",
        hint="with --address auto, start the cluster first (`ray start --head` on one node, "
        "`ray start --address HEAD:6379` on the others); without --address the check starts "
        "a local instance (docs/cluster.md)",
    )
