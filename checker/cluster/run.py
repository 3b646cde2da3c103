"""`check --cluster ray`: a loaded model checked by the cluster's search (its partitions
Ray actors), and resumed from its last checkpoint when a partition is lost.

NOTE(cluster-recovery): a partition lost (E520: its actor or its node died) ends the
search, as a killed worker ends a local one. With --checkpoint, the check then reads the
last checkpoint written (each partition wrote its parts of the visited set and of the
level; the driver, the manifest with the totals) and runs the search again from it with
new actors, which Ray places on the remaining nodes or on the ones that replaced the
lost; the result is the uninterrupted run's (NOTE(checkpoint)). Each recovery is
reported through the observer; at most MAX_RECOVERIES, then the last E520 is the
result. Without a checkpoint written yet, E520 is the result.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from checker.api import check_model, model_identity
from checker.cluster.actor import ModelSource
from checker.cluster.session import ClusterSpec, RayTransport, connected, ray_module
from checker.compile.model import Model
from checker.engine import checkpoint
from checker.engine.result import CheckResult, Observer, Options

MAX_RECOVERIES = 3


def check_on_cluster(
    model: Model,
    options: Options,
    observer: Observer,
    trace_dir: str | Path | None,
    cluster: ClusterSpec,
    source: ModelSource,
) -> CheckResult:
    """The check of `model` (loaded from `source`'s files) on `cluster`."""
    ray_module(local=cluster.address is None)  # E523 before anything starts
    transport = RayTransport(source)
    options = replace(options, workers=cluster.partitions, transport=transport)
    with connected(cluster):
        result = check_model(model, options, observer, trace_dir)
        for _ in range(MAX_RECOVERIES):
            plan = options.checkpoint
            if not _lost(result) or plan is None or plan.policy is None:
                break
            if not result.checkpoints_written and plan.restored is None:
                break
            restored = checkpoint.read(plan.policy.directory, plan.identity)
            observer.on_output(_resuming(result, restored))
            options = replace(options, checkpoint=replace(plan, restored=restored))
            result = check_model(model, options, observer, trace_dir)
    return result


def model_source(
    model: Model,
    partitions: int,
    *,
    seed: int,
    symmetry: bool,
    properties: tuple[str, ...] | None,
    deadlock: bool | None,
) -> ModelSource:
    """What an actor needs to build the same model (NOTE(cluster-model)): the paths of
    the files the model was read from."""
    loaded = model.bound.resolved.loaded
    spec = loaded.sources[loaded.root.name].path
    config = model.bound.config.source.path
    return ModelSource(
        str(Path(spec).resolve()),
        str(Path(config).resolve()),
        seed,
        symmetry,
        partitions,
        properties,
        deadlock,
        model_identity(model),
    )


def _lost(result: CheckResult) -> bool:
    return result.error is not None and result.error.code == "E520"


def _resuming(result: CheckResult, restored: checkpoint.Restored) -> str:
    assert result.error is not None
    c = restored.counters
    return (
        f"{result.error.message}\nresuming from checkpoint {c.generation} "
        f"({c.distinct:,} distinct states, depth {c.depth}) with new partitions"
    )
