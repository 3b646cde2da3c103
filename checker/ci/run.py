"""Running the models of a manifest, each in its own process when asked to.

`run_all` returns one `Run` per job in the jobs' order, whatever the number of processes
and whichever finishes first, so every report built from the runs is deterministic. A
model that cannot be loaded or whose search fails is a `Run` carrying its diagnostics,
never an exception: one bad model does not stop the others.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from checker.api import check_model
from checker.ci.manifest import Manifest
from checker.compile.model import Model
from checker.diagnostics import CheckerError, Diagnostic, Span
from checker.engine.result import CheckResult, Options, SilentObserver
from checker.pipeline import load_model


@dataclass(frozen=True)
class Location:
    """A place in a file, for annotations: 1-based line and column."""

    path: str
    line: int
    col: int


@dataclass(frozen=True)
class Job:
    name: str
    spec: str  # paths as they should be shown (relative to the working directory if inside)
    config: str
    trace_dir: str | None  # the run writes its counterexample in trace_dir/<name>/
    options: Options = field(default_factory=Options)


@dataclass(frozen=True)
class Run:
    """What running one model gave: the `checker check --json` object and where to point."""

    name: str
    got: dict[str, Any]
    elapsed: float
    errors: tuple[Diagnostic, ...] = ()
    location: Location | None = None  # the violated property's definition, or the error
    internal: bool = False  # an exception that is a bug in the checker


def display_path(path: str | Path) -> str:
    """`path` relative to the working directory when it lies inside it."""
    p = Path(path)
    try:
        return str(p.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(p)


def jobs_for(
    manifest: Manifest, trace_dir: str | Path | None, options: Options | None = None
) -> list[Job]:
    """One job per entry, in the manifest's order."""
    out = []
    for e in manifest.entries:
        spec, config = (
            display_path(manifest.resolve(e.spec)),
            display_path(manifest.resolve(e.config)),
        )
        directory = None if trace_dir is None else str(trace_dir)
        job_options = options or Options()
        if e.fail_on_dead_actions:  # NOTE(coverage): the gate needs the model's coverage
            job_options = replace(job_options, coverage=True)
        out.append(Job(e.name, spec, config, directory, job_options))
    return out


def run_job(job: Job) -> Run:
    """Load and check one model (in this process)."""
    start = time.perf_counter()
    try:
        model = load_model(job.spec, job.config, workers=job.options.workers)
    except CheckerError as exc:
        return _failed(job, start, exc.diagnostics)
    except RecursionError:
        return _failed(job, start, (Diagnostic("E104", "input nested too deeply to process"),))
    except Exception as exc:  # a bug in the checker: reported, the other models still run
        return _internal(job, start, exc)
    trace_dir = None if job.trace_dir is None else Path(job.trace_dir) / job.name
    try:
        result = check_model(model, job.options, SilentObserver(), trace_dir)
    except CheckerError as exc:  # options refused for this model (E525)
        return _failed(job, start, exc.diagnostics)
    except Exception as exc:
        return _internal(job, start, exc)
    errors: tuple[Diagnostic, ...] = (result.error,) if result.error is not None else ()
    if result.violation is not None and result.violation.trace_error is not None:
        errors += (result.violation.trace_error,)  # E506, E513: reported, the run fails
    location = _location(model, result)
    return Run(job.name, result.to_json(), time.perf_counter() - start, errors, location)


def _failed(job: Job, start: float, diags: Sequence[Diagnostic]) -> Run:
    first = diags[0]
    got = {
        "verdict": "error",
        "spec": job.spec,
        "error": {"code": first.code, "message": first.message},
    }
    location = _at(first.span) if first.span is not None else Location(job.spec, 1, 1)
    return Run(job.name, got, time.perf_counter() - start, tuple(diags), location)


def _internal(job: Job, start: float, exc: Exception) -> Run:
    message = f"internal error in the checker (a bug): {type(exc).__name__}: {exc}"
    got = {"verdict": "error", "spec": job.spec, "error": {"code": "internal", "message": message}}
    elapsed = time.perf_counter() - start
    return Run(job.name, got, elapsed, (), Location(job.spec, 1, 1), internal=True)


def _location(model: Model, result: CheckResult) -> Location | None:
    if result.error is not None and result.error.span is not None:
        return _at(result.error.span)
    if result.violation is None:
        return None
    name = result.violation.property
    if result.violation.kind == "deadlock":
        name = model.bound.next.name
    resolved = model.bound.resolved
    symbol = resolved.symbol(resolved.root.name, name)
    return _at(symbol.span) if symbol is not None and symbol.span is not None else None


def _at(span: Span) -> Location:
    return Location(display_path(span.path), span.line, span.col)


def run_all(
    jobs: Sequence[Job], processes: int = 1, on_done: Callable[[int, Run], None] | None = None
) -> list[Run]:
    """Run every job; `processes` > 1 runs that many models at a time, each in its own
    process. The result is in the order of `jobs`; `on_done(index, run)` is called as
    each finishes (in completion order)."""
    if processes <= 1 or len(jobs) <= 1:
        runs = []
        for index, job in enumerate(jobs):
            runs.append(run_job(job))
            if on_done is not None:
                on_done(index, runs[-1])
        return runs
    return _run_parallel(jobs, processes, on_done)


def _run_parallel(
    jobs: Sequence[Job], processes: int, on_done: Callable[[int, Run], None] | None
) -> list[Run]:
    # fork: the children inherit the imported checker (spawning re-imports it per process)
    context = multiprocessing.get_context("fork")
    results: dict[int, Run] = {}
    pool = ProcessPoolExecutor(max_workers=min(processes, len(jobs)), mp_context=context)
    try:
        futures: dict[Future[Run], int] = {
            pool.submit(run_job, job): i for i, job in enumerate(jobs)
        }
        for future in as_completed(futures):
            index = futures[future]
            results[index] = _result(future, jobs[index])
            if on_done is not None:
                on_done(index, results[index])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [results[i] for i in range(len(jobs))]


def _result(future: Future[Run], job: Job) -> Run:
    try:
        return future.result()
    except Exception as exc:  # the worker process died (killed, out of memory)
        return _internal(job, time.perf_counter(), exc)
