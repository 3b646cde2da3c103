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
from dataclasses import dataclass, replace
from pathlib import Path

from checker.cluster.session import CLUSTERS, ClusterSpec, ray_module
from checker.compile import codegen
from checker.compile.alias import aliased
from checker.compile.model import Model
from checker.compile.natives.randomness import DEFAULT_SEED as DEFAULT_SEED
from checker.compile.postcondition import failed_postcondition
from checker.compile.tlcruntime import Figures
from checker.coverage import coverage_names, refused_coverage
from checker.diagnostics import CheckerError, Diagnostic
from checker.engine import checkpoint
from checker.engine.bfs import Search, explore, summary
from checker.engine.guard import MemoryFull, TimeUp, guard_for, memory_limit_text, time_limit_text
from checker.engine.kernel import Found
from checker.engine.memory import default_limit_mb
from checker.engine.result import (
    CheckResult,
    CodegenReport,
    GraphReport,
    Observer,
    Options,
    SilentObserver,
    Violation,
)
from checker.liveness import (
    LiveGraph,
    Temporal,
    lasso_trace,
    safety_parts,
    violated_part,
)
from checker.liveness.check import Lasso
from checker.liveness.labelstep import clean_calls
from checker.liveness.periodic import PeriodicCheck
from checker.liveness.safety import SafetyParts
from checker.liveness.store import GraphStore
from checker.pipeline import load_model
from checker.profiling import profile_of, refused_profile
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
    liveness_every: int | None = None,
    coverage: bool = False,
    profile: bool = False,
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
    `liveness_every`: temporal properties are also checked during the search, whenever that
    many more states were stored (NOTE(liveness-every)); None: at the end only.
    `coverage=True` counts, per action, the states in which it was enabled, the successors
    it generated and the distinct states it found (`result.coverage`, NOTE(coverage); one
    worker, not resumed: else E525). `profile=True` counts and times Next, Init, each
    invariant and each application of an action-level operator (`result.profile`,
    NOTE(profile-probes); one worker: else E525).
    `cluster="ray"` runs the search on a Ray cluster (`address`: "auto" or HOST:PORT to
    join one, None to start a local Ray instance) in `partitions` hash partitions
    (default: `workers`, at least 2), with the result of one local worker (docs/cluster.md).

    Bad input raises `checker.diagnostics.CheckerError`; an evaluation error during the
    search is returned as verdict "error" with `result.error`.
    """
    obs = observer or SilentObserver()
    refused = refused_profile(profile, workers)
    if refused is not None:
        raise CheckerError((refused,))
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
        profile=profile,
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
        liveness_every=liveness_every,
        coverage=coverage,
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
    profile: bool = False,
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
                profile=profile,
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
    sym = model.symmetry
    orbits = "" if sym is None else sym.scheme
    return checkpoint.Identity(
        checker_version(), config_id, modules, sym is not None, model.seed, orbits
    )


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
    resumed = options.checkpoint is not None and options.checkpoint.restored is not None
    refused_flags = (
        refused_cluster_flags(model, options)
        or refused_coverage(options, resumed)
        or refused_profile(model.ctx.probes is not None, options.workers)
    )
    if refused_flags is not None:  # bad input: before anything is explored
        raise CheckerError((refused_flags,))
    refused = refused_registers(model, options.workers) or refused_on_cluster(model, options)
    if refused is not None:
        return CheckResult("error", 0, 0, 0, 0.0, error=refused, spec=model.name)
    if options.coverage:  # NOTE(coverage): the report names the model's actions
        options = replace(options, coverage_names=coverage_names(model))
    parts = _properties(model, options)
    result = _check_model(model, options, observer, trace_dir, parts)
    generated, left, _ = model.codegen_counts()
    if parts.graph is not None:  # NOTE(predicate-bits): one more generated function
        generated += parts.graph.fast is not None
        left += parts.graph.codegen_left
    runtime = result.codegen.runtime_fallbacks if result.codegen is not None else 0
    sym = model.symmetry
    group = (len(sym.perms) + 1, tuple(m.name for m in sym.moved)) if sym else None
    profile = profile_of(model, result.elapsed_s)  # NOTE(profile-probes)
    return replace(
        result,
        codegen=CodegenReport(generated, left, runtime),
        symmetry=group,
        profile=profile,
        liveness=None if parts.graph is None else graph_report(parts.graph.store),
    )


def graph_report(store: GraphStore) -> GraphReport:
    """The behaviour graph's figures (`check --json`'s `liveness`)."""
    held = store.footprint()
    return GraphReport(store.size, len(store.target), held["arrays"], held["labels"])


def refused_cluster_flags(model: Model, options: Options) -> Diagnostic | None:
    """E526: flags a cluster's search cannot honour at any number of partitions
    (NOTE(distributed-order)): --coverage and --profile count in the process that
    expands or evaluates."""
    if options.transport is None:
        return None
    asked = [
        flag
        for flag, on in (
            ("--coverage", options.coverage),
            ("--profile", model.ctx.probes is not None),
        )
        if on
    ]
    if not asked:
        return None
    return Diagnostic(
        "E526",
        f"{' and '.join(asked)} cannot be combined with --cluster: the counts are one process's",
        hint="run it on one machine with --workers 1 (the counts do not depend on it)",
    )


def refused_on_cluster(model: Model, options: Options) -> Diagnostic | None:
    """PROPERTY parts on a cluster (E319): the partitions expand states but evaluate no
    property part, so checking there would pass over every property. TLCSet (E526): its
    registers follow the sequential evaluation order, which the partitions do not keep
    (NOTE(tlc-registers), NOTE(distributed-order))."""
    writes = model.ctx.runtime.writes
    if options.transport is not None and writes is not None:
        return Diagnostic(
            "E526",
            "TLCSet's registers follow the sequential search's evaluation order, which a "
            "cluster's partitions do not keep",
            writes,
            hint="check this spec on one machine with --workers 1",
        )
    live = model.liveness
    if options.transport is None or live is None:
        return None
    return Diagnostic(
        "E319",
        "PROPERTY is not checked on a Ray cluster yet: its partitions do not evaluate "
        "property parts",
        live.span,
        hint="check this model without --cluster (`--workers N` checks it on this machine)",
    )


@dataclass(frozen=True)
class _Properties:
    """How a PROPERTY is checked during the search: the behaviour graph (temporal parts),
    the safety parts alone, and the periodic check of the graph."""

    graph: LiveGraph | None = None
    safety: SafetyParts | None = None
    periodic: PeriodicCheck | None = None


def _properties(model: Model, options: Options) -> _Properties:
    live = model.liveness
    if live is not None and live.temporal:  # the behaviour graph (NOTE(parallel-graph))
        calls = clean_calls(model.ctx, model.lowered[1], model.bound.next.module)
        stats = model.codegen_stats if codegen.enabled() else None
        graph = LiveGraph(model, model.ctx, live.checks, live.identity, calls, stats)
        restored = options.checkpoint.restored if options.checkpoint is not None else None
        if restored is not None:
            restore_graph(graph, restored)
        periodic = None
        if options.liveness_every is not None:
            periodic = PeriodicCheck(graph, live, options.liveness_every)
        return _Properties(graph=graph, periodic=periodic)
    if live is not None:  # safety parts alone: checked on the way, by any search
        return _Properties(safety=safety_parts(model, model.ctx, live))
    return _Properties()


def _check_model(
    model: Model,
    options: Options,
    observer: Observer,
    trace_dir: str | Path | None,
    parts: _Properties,
) -> CheckResult:
    live, graph, safety, periodic = model.liveness, parts.graph, parts.safety, parts.periodic
    between = None if periodic is None else periodic.__call__
    search, found, limit, error = explore(model, options, observer, None, safety, graph, between)
    if error is not None:  # reported before the behaviour to it is rebuilt and written
        if found is None:
            return summary(search, "error", error=error)
        try:
            behaviour = counterexample(model, search, found, trace_dir, error.code)
        except KeyboardInterrupt:  # Ctrl-C: the error, without its behaviour
            return summary(search, "error", error=error)
        return summary(search, "error", error=error, error_trace=behaviour)
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
    early = None if periodic is None else periodic.found
    if early is not None:  # found during the search (NOTE(liveness-every))
        violation = lasso_violation(model, early.store, early.part, early.lasso, trace_dir)
        return summary(search, "violation", violation=violation)
    if live is not None and graph is not None:
        lasso = violated_part(graph, live)
        if lasso is not None:
            violation = lasso_violation(model, graph.store, *lasso, trace_dir)
            return summary(search, "violation", violation=violation)
    if model.postconditions:
        figures = Figures(search.visited_figures()[0], search.stats.generated, search.stats.depth)
        failed = failed_postcondition(model, figures)
        if failed is not None:
            return summary(search, "error", error=failed)
    return summary(search, "ok")


def restore_graph(graph: LiveGraph, restored: checkpoint.Restored) -> None:
    """The behaviour graph a checkpoint saved, for the same temporal properties (E507)."""
    data = restored.graph_bytes()
    where = str(restored.directory / checkpoint.MANIFEST)
    if data is None:
        why = "it holds no behaviour graph (it was written without a temporal PROPERTY)"
    else:
        try:
            graph.restore(data, restored.counters.distinct)
            return
        except ValueError as exc:
            why = f"its behaviour graph does not fit: {exc}"
    hint = "resume with the PROPERTY lines (and --property flags) of the run that saved it"
    raise CheckerError((Diagnostic("E507", f"cannot resume: {why}", None, path=where, hint=hint),))


def lasso_violation(
    model: Model, store: GraphStore, part: Temporal, lasso: Lasso, trace_dir: str | Path | None
) -> Violation:
    """A temporal part's violation: its lasso rebuilt, written to `trace_dir`."""
    trace = model.with_witnesses(lasso_trace(model, store, part, lasso))
    path, problem = None, None
    if trace_dir is not None:
        target = Path(trace_dir) / f"{model.name}_{trace.violated}.itf.json"
        path, problem = write_counterexample(trace, target)
    return Violation(part.part.name, "liveness", trace, path, problem)


def counterexample(
    model: Model,
    search: Search,
    found: Found,
    trace_dir: str | Path | None,
    error: str | None = None,
) -> Violation:
    """The shortest trace to the violation, rebuilt by replay, written to `trace_dir`
    (atomically: an interruption leaves no file, checker/files.py). `error`: the code of
    the evaluation error the trace leads to (NOTE(error-trace)): the file is
    SPEC_error.itf.json, its #meta says the kind "error" and the code."""
    reached("trace")
    trace = search.rebuild(found)
    if error is not None:
        trace = replace(trace, extra={**trace.extra, "error": error})
    trace = model.with_witnesses(trace)
    shown = None  # E513: the ALIAS could not be applied (NOTE(alias))
    if model.alias is not None:
        named = model.alias.named
        written = model.alias_fields()
        trace, shown = aliased(trace, model.alias_value, named.name, named.span, written)
    path, problem = None, None
    if trace_dir is not None:
        name = found.property if error is None else "error"
        target = Path(trace_dir) / f"{model.name}_{name}.itf.json"
        path, problem = write_counterexample(trace, target)
    return Violation(found.property, found.kind, trace, path, problem or shown)
