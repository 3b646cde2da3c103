"""The library façade: `check(spec, config) -> CheckResult`, reusable in one process.

>>> import checker
>>> result = checker.check("specs/Paxos.tla", "models/Paxos.cfg")  # doctest: +SKIP
>>> result.verdict, result.distinct_states, result.depth  # doctest: +SKIP
('ok', 3921, 17)
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from checker.cluster.session import CLUSTERS, ClusterSpec, ray_module
from checker.compile.alias import aliased
from checker.compile.model import Model
from checker.compile.natives.randomness import DEFAULT_SEED as DEFAULT_SEED
from checker.compile.postcondition import failed_postcondition
from checker.compile.tlcruntime import Figures
from checker.diagnostics import CheckerError, Diagnostic
from checker.engine import checkpoint
from checker.engine.bfs import Search, explore, summary
from checker.engine.guard import MemoryFull, TimeUp, guard_for, memory_limit_text, time_limit_text
from checker.engine.kernel import Found
from checker.engine.memory import default_limit_mb
from checker.engine.replay import rebuild
from checker.engine.result import (
    CheckResult,
    CodegenReport,
    Observer,
    Options,
    SilentObserver,
    Violation,
)
from checker.liveness import LiveGraph, lasso_trace, refusal, violated_part
from checker.pipeline import load_model
from checker.stack import deep_entry
from checker.testhooks import reached
from checker.traces.itf import write_counterexample
from checker.version import checker_version

DEFAULT_TRACE_DIR = "counterexamples"
DEFAULT_FRONTIER_MB = 1024.0
DEFAULT_CHECKPOINT_EVERY_S = 600.0


@deep_entry
def check(
    spec: str | Path,
    config: str | Path | None = None,
    *,
    workers: int = 1,
    max_states: int | None = None,
    max_depth: int | None = None,
    time_limit: float | None = None,
    trace_dir: str | Path | None = DEFAULT_TRACE_DIR,
    observer: Observer | None = None,
    frontier_memory_mb: float = DEFAULT_FRONTIER_MB,
    checkpoint_dir: str | Path | None = None,
    checkpoint_every_s: float = DEFAULT_CHECKPOINT_EVERY_S,
    resume: str | Path | None = None,
    memory_limit_mb: float | None = None,
    symmetry: bool = True,
    seed: int = DEFAULT_SEED,
    properties: tuple[str, ...] | None = None,
    deadlock: bool | None = None,
    cluster: str | None = None,
    address: str | None = None,
    partitions: int | None = None,
) -> CheckResult:
    """Explore every reachable state of the model of `spec` given by `config` (default:
    the .cfg beside the spec). A violation's shortest counterexample is written as ITF to
    `trace_dir` (None: not written) and returned in `result.violation.trace`. The queue
    of states to explore is kept encoded in memory up to `frontier_memory_mb` MiB (a
    fraction is allowed; 0 spills every full chunk), then spilled to a temporary
    directory; the result is the same. It runs on a thread with a large stack
    (NOTE(deep-recursion)). With `checkpoint_dir`, the search is saved there between two
    levels at most every `checkpoint_every_s` seconds (0: every level); `resume` starts
    from the checkpoint in that directory (and keeps saving there unless `checkpoint_dir`
    says otherwise), with the result an uninterrupted run would give (NOTE(checkpoint)).
    The search stops (verdict "limit") when its processes hold more than
    `memory_limit_mb` MiB (None: the default of `memory_limit`; math.inf: no limit),
    after `time_limit` seconds, or beyond `max_states` distinct states or `max_depth`
    levels, also in the middle of evaluating a state (NOTE(limits)); the time and memory
    limits also bound the loading of the model (`load_within`). `symmetry=False` ignores
    the config's SYMMETRY (NOTE(symmetry)). `seed` makes Randomization's choices (and
    RandomElement's): the same seed, the same result, for any number of workers.
    `properties` are checked instead of the config's PROPERTY lines (`check --property`);
    `deadlock=False` does not report deadlocks whatever CHECK_DEADLOCK says (None: as it says).
    `cluster="ray"` runs the search on a Ray cluster (`address`: "auto" or HOST:PORT to
    join one, None to start a local Ray instance) in `partitions` hash partitions
    (default: `workers`, at least 2), with the result of one local worker (docs/cluster.md).

    Bad input raises `checker.diagnostics.CheckerError`; an evaluation error during the
    search is returned as verdict "error" with `result.error`.
    """
    obs = observer or SilentObserver()
    memory = memory_limit(memory_limit_mb)
    spec_cluster = cluster_spec(cluster, address, partitions, workers)
    if spec_cluster is not None:
        workers = spec_cluster.partitions
    loaded = load_within(
        spec,
        config,
        time_limit,
        memory,
        obs.on_output,
        seed=seed,
        symmetry=symmetry,
        workers=workers,
        properties=properties,
        deadlock=deadlock,
    )
    if isinstance(loaded, CheckResult):
        return loaded
    plan = checkpoint_plan(loaded, checkpoint_dir, checkpoint_every_s, resume)
    options = Options(
        workers,
        max_states,
        max_depth,
        time_limit,
        frontier_memory_mb=frontier_memory_mb,
        checkpoint=plan,
        memory_limit_mb=memory,
    )
    if spec_cluster is None:
        return check_model(loaded, options, obs, trace_dir)
    from checker.cluster.run import check_on_cluster, model_source

    source = model_source(
        loaded,
        workers,
        seed=seed,
        symmetry=symmetry,
        properties=properties,
        deadlock=deadlock,
    )
    return check_on_cluster(loaded, options, obs, trace_dir, spec_cluster, source)


def cluster_spec(
    cluster: str | None, address: str | None, partitions: int | None, workers: int
) -> ClusterSpec | None:
    """`--cluster KIND [--address A] [--partitions N]`: N defaults to `workers`, at least
    2 (None: no cluster; an unknown KIND is a ValueError, the CLI's choices prevent it);
    E523 if Ray is not installed."""
    if cluster is None:
        return None
    if cluster not in CLUSTERS:
        raise ValueError(f"unknown cluster {cluster!r} (known: {', '.join(CLUSTERS)})")
    ray_module(local=address is None)  # E523 before the model is loaded
    return ClusterSpec(cluster, address, partitions or max(2, workers))


@deep_entry
def load_within(
    spec: str | Path,
    config: str | Path | None,
    time_limit: float | None,
    memory_limit_mb: float | None,
    output: Callable[[str], None],
    *,
    seed: int = DEFAULT_SEED,
    symmetry: bool = True,
    workers: int = 1,
    properties: tuple[str, ...] | None = None,
    deadlock: bool | None = None,
) -> Model | CheckResult:
    """The model, loaded within a time limit (seconds) and a memory limit (MiB): compiling
    it evaluates its constant expressions (ASSUME, constant definitions and predicates),
    which can take as long as any search. A limit reached gives a "limit" result with
    nothing explored (NOTE(limits) in engine/guard.py)."""
    start = time.perf_counter()
    try:
        with guard_for(time_limit, memory_limit_mb, start, list):
            return load_model(
                spec,
                config,
                output=output,
                seed=seed,
                symmetry=symmetry,
                workers=workers,
                properties=properties,
                deadlock=deadlock,
            )
    except TimeUp:
        limit = time_limit_text(time_limit)
    except MemoryFull:
        limit = memory_limit_text(memory_limit_mb)
    elapsed = time.perf_counter() - start
    return CheckResult("limit", 0, 0, 0, elapsed, limit=limit, spec=Path(spec).stem)


def refused_registers(model: Model, workers: int) -> Diagnostic | None:
    """NOTE(tlc-registers): with several workers, TLCSet's registers would make the
    result depend on scheduling (E310, before anything is explored)."""
    writes = model.ctx.runtime.writes
    if workers <= 1 or writes is None:
        return None
    return Diagnostic(
        "E310",
        "TLCSet's registers are TLC's per-worker state: with several workers the result "
        "would depend on which worker evaluates what",
        writes,
        hint="check this spec with --workers 1",
    )


def memory_limit(mb: float | None) -> float | None:
    """The memory limit of a check in MiB: `mb`, or by default (None) a fraction of the
    machine's memory (engine/memory.py); math.inf: none."""
    if mb is None:
        return default_limit_mb()
    return None if math.isinf(mb) else mb


def checkpoint_plan(
    model: Model,
    directory: str | Path | None,
    every_s: float,
    resume: str | Path | None,
) -> checkpoint.Plan | None:
    """What the search does about checkpoints; the checkpoint to resume is read and
    checked now (E507), before anything is explored."""
    if directory is None and resume is None:
        return None
    identity = model_identity(model)
    target = directory if directory is not None else resume
    assert target is not None
    same = resume is not None and Path(target).resolve() == Path(resume).resolve()
    if not same and checkpoint.existing(target):
        raise CheckerError((_occupied(Path(target)),))
    restored = checkpoint.read(resume, identity) if resume is not None else None
    return checkpoint.Plan(identity, checkpoint.Policy(str(target), every_s), restored)


def model_identity(model: Model) -> checkpoint.Identity:
    resolved = model.bound.resolved
    config = model.bound.config.source
    modules = tuple(
        sorted((name, checkpoint.digest(src.text)) for name, src in resolved.loaded.sources.items())
    )
    config_id = (config.path, checkpoint.digest(config.text))
    symmetric = model.symmetry is not None
    return checkpoint.Identity(checker_version(), config_id, modules, symmetric, model.seed)


def _occupied(path: Path) -> Diagnostic:
    return Diagnostic(
        "E507",
        f"`{path}` already holds a checkpoint",
        None,
        path=str(path),
        hint=f"continue it with --resume {path}, or remove it to start again",
    )


@deep_entry
def check_model(
    model: Model, options: Options, observer: Observer, trace_dir: str | Path | None
) -> CheckResult:
    refused = refused_registers(model, options.workers)
    if refused is not None:
        return CheckResult("error", 0, 0, 0, 0.0, error=refused, spec=model.name)
    result = _check_model(model, options, observer, trace_dir)
    generated, left, _ = model.codegen_counts()
    runtime = result.codegen.runtime_fallbacks if result.codegen is not None else 0
    sym = model.symmetry
    group = (len(sym.perms) + 1, tuple(m.name for m in sym.moved)) if sym else None
    return replace(result, codegen=CodegenReport(generated, left, runtime), symmetry=group)


def _check_model(
    model: Model, options: Options, observer: Observer, trace_dir: str | Path | None
) -> CheckResult:
    live = model.liveness
    graph = None
    if live is not None:  # the behaviour graph, recorded by a one-worker search
        checkpoint = options.checkpoint is not None
        refused = refusal(live, model.has_symmetry, model.has_view, options.workers, checkpoint)
        if refused is not None:
            return CheckResult("error", 0, 0, 0, 0.0, error=refused, spec=model.name)
        graph = LiveGraph(model, model.ctx, live.checks)
    search, found, limit, error = explore(model, options, observer, graph)
    if error is not None:
        return summary(search, "error", error=error)
    if found is not None:
        try:
            violation = counterexample(model, search, found, trace_dir)
        except KeyboardInterrupt:  # Ctrl-C: what was explored, and what was found
            return summary(search, "interrupted", unwritten=(found.property, found.kind))
        return summary(search, "violation", violation=violation)
    if limit == "interrupted":
        return summary(search, "interrupted")
    if limit is not None:
        return summary(search, "limit", limit=limit)
    if live is not None and graph is not None:
        lasso = violated_part(graph, live)
        if lasso is not None:
            trace = lasso_trace(model, graph, *lasso)
            path, problem = None, None
            if trace_dir is not None:
                target = Path(trace_dir) / f"{model.name}_{trace.violated}.itf.json"
                path, problem = write_counterexample(trace, target)
            violation = Violation(lasso[0].part.name, "liveness", trace, path, problem)
            return summary(search, "violation", violation=violation)
    if model.postconditions:
        figures = Figures(len(search.store), search.stats.generated, search.stats.depth)
        failed = failed_postcondition(model, figures)
        if failed is not None:
            return summary(search, "error", error=failed)
    return summary(search, "ok")


def counterexample(
    model: Model, search: Search, found: Found, trace_dir: str | Path | None
) -> Violation:
    """The shortest trace to the violation, rebuilt by replay, written to `trace_dir`
    (atomically: an interruption leaves no file, checker/files.py)."""
    reached("trace")
    trace = rebuild(model, search.store, found)
    shown = None  # E513: the ALIAS could not be applied (NOTE(alias))
    if model.alias is not None:
        named = model.alias.named
        written = model.alias_fields()
        trace, shown = aliased(trace, model.alias_value, named.name, named.span, written)
    path, problem = None, None
    if trace_dir is not None:
        target = Path(trace_dir) / f"{model.name}_{found.property}.itf.json"
        path, problem = write_counterexample(trace, target)
    return Violation(found.property, found.kind, trace, path, problem or shown)
