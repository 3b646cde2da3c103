"""The library façade: `check(spec, config) -> CheckResult`, reusable in one process.

>>> import checker
>>> result = checker.check("specs/Paxos.tla", "models/Paxos.cfg")  # doctest: +SKIP
>>> result.verdict, result.distinct_states, result.depth  # doctest: +SKIP
('ok', 3921, 17)
"""

from __future__ import annotations

from pathlib import Path

from checker.compile.model import Model, load_model
from checker.engine.bfs import explore, summary
from checker.engine.replay import rebuild
from checker.engine.result import CheckResult, Observer, Options, SilentObserver, Violation
from checker.stack import deep_entry
from checker.traces.itf import write_counterexample

DEFAULT_TRACE_DIR = "counterexamples"
DEFAULT_FRONTIER_MB = 1024.0


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
) -> CheckResult:
    """Explore every reachable state of the model of `spec` given by `config` (default:
    the .cfg beside the spec). A violation's shortest counterexample is written as ITF to
    `trace_dir` (None: not written) and returned in `result.violation.trace`. The queue
    of states to explore is kept encoded in memory up to `frontier_memory_mb` MiB (a
    fraction is allowed; 0 spills every full chunk), then spilled to a temporary
    directory; the result is the same. It runs on a thread with a large stack
    (NOTE(deep-recursion)).

    Bad input raises `checker.diagnostics.CheckerError`; an evaluation error during the
    search is returned as verdict "error" with `result.error`.
    """
    obs = observer or SilentObserver()
    model = load_model(spec, config, output=obs.on_output)
    options = Options(
        workers, max_states, max_depth, time_limit, frontier_memory_mb=frontier_memory_mb
    )
    return check_model(model, options, obs, trace_dir)


@deep_entry
def check_model(
    model: Model, options: Options, observer: Observer, trace_dir: str | Path | None
) -> CheckResult:
    search, found, limit, error = explore(model, options, observer)
    if error is not None:
        return summary(search, "error", error=error)
    if found is not None:
        trace = rebuild(model, search.store, found)
        path, problem = None, None
        if trace_dir is not None:
            target = Path(trace_dir) / f"{model.name}_{found.property}.itf.json"
            path, problem = write_counterexample(trace, target)
        violation = Violation(found.property, found.kind, trace, path, problem)
        return summary(search, "violation", violation=violation)
    if limit == "interrupted":
        return summary(search, "interrupted")
    if limit is not None:
        return summary(search, "limit", limit=limit)
    return summary(search, "ok")
