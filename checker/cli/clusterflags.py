"""`check --cluster ray [--address ADDR] [--partitions N]` (docs/cluster.md)."""

from __future__ import annotations

import argparse

from checker.api import check_model, cluster_spec
from checker.cli.args import processes
from checker.cluster.session import CLUSTERS, ClusterSpec
from checker.compile.model import Model
from checker.engine.result import CheckResult, Observer, Options


def add_cluster_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("cluster (docs/cluster.md)")
    g.add_argument(
        "--cluster",
        choices=CLUSTERS,
        help="run the search on a cluster: ray (needs `pip install 'tla-checker[ray]'`); "
        "the result is that of one worker",
    )
    g.add_argument(
        "--address",
        metavar="ADDR",
        help="the Ray cluster to join: auto (the one `ray start` runs here) or HOST:PORT "
        "(default: start a local Ray instance for this check and stop it at the end)",
    )
    g.add_argument(
        "--partitions",
        type=processes,
        metavar="N",
        help="hash partitions of the states, one Ray actor each (default: --workers, at least 2)",
    )


def cluster_of(args: argparse.Namespace) -> ClusterSpec | None:
    return cluster_spec(args.cluster, args.address, args.partitions, args.workers)


def search(
    model: Model,
    options: Options,
    observer: Observer,
    trace_dir: str | None,
    args: argparse.Namespace,
) -> CheckResult:
    """The check, on the cluster the flags name or with local workers."""
    cluster = cluster_of(args)
    if cluster is None:
        return check_model(model, options, observer, trace_dir)
    from checker.cluster.run import check_on_cluster, model_source

    source = model_source(
        model,
        cluster.partitions,
        seed=args.seed,
        symmetry=not args.no_symmetry,
        properties=tuple(args.properties) if args.properties else None,
        deadlock=False if args.no_deadlock else None,
    )
    return check_on_cluster(model, options, observer, trace_dir, cluster, source)


def cluster_rows(r: CheckResult) -> list[tuple[str, str]]:
    """The statistics of a cluster's partitions (NOTE(transport))."""
    c = r.cluster
    assert c is not None
    per_state = c.bytes_sent / r.distinct_states if r.distinct_states else 0.0
    balance = ", ".join(f"{n:,}" for n in c.expanded)
    memory = ", ".join(f"{m:,.0f}" for m in c.peak_memory_mb)
    hosts = len(set(c.hosts))
    return [
        ("partitions", f"{len(c.expanded)} on {hosts} host(s) ({c.transport})"),
        ("states expanded", balance),
        ("bytes sent", f"{c.bytes_sent:,} ({per_state:,.1f} per distinct state)"),
        ("peak memory (MB)", memory),
    ]
