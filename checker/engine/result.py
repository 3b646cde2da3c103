"""What an exploration reports: options in, progress during, a CheckResult out."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from checker.diagnostics import Diagnostic
from checker.traces.trace import Trace

if TYPE_CHECKING:
    from checker.engine.checkpoint import Plan
    from checker.engine.coverage import CoverageReport, SiteName
    from checker.engine.profile_report import ProfileReport
    from checker.engine.transport import Transport

Verdict = str  # "ok" | "violation" | "error" | "limit" | "interrupted"


@dataclass(frozen=True)
class Options:
    workers: int = 1
    max_states: int | None = None
    max_depth: int | None = None
    time_limit: float | None = None
    progress_interval: float = 0.5  # seconds between progress events
    frontier_memory_mb: float = 1024.0  # MiB of encoded frontier in memory, then spilled
    checkpoint: Plan | None = None  # --checkpoint / --resume (NOTE(checkpoint))
    memory_limit_mb: float | None = None  # MiB the search's processes may hold (None: no limit)
    liveness_every: int | None = None  # temporal properties checked during the search too
    coverage: bool = False  # tally each action's successors (NOTE(coverage))
    # how the report names Init and Next's sites (filled in by the API from the model)
    coverage_names: tuple[SiteName, tuple[SiteName, ...]] | None = None
    transport: Transport | None = None  # the workers elsewhere (NOTE(transport)); None: forked


@dataclass(frozen=True)
class Progress:
    distinct: int
    generated: int
    queue: int
    depth: int
    elapsed: float
    # a cluster's workers (NOTE(transport)): states of the level per partition, and the
    # state bytes sent between partitions so far; empty and 0 for local workers
    partitions: tuple[int, ...] = ()
    bytes_sent: int = 0

    @property
    def states_per_s(self) -> float:
        return self.distinct / self.elapsed if self.elapsed > 0 else 0.0


@dataclass(frozen=True)
class TransportReport:
    """What a search's workers on a cluster did (NOTE(transport)): per partition the
    states it expanded and its peak memory, and the state bytes sent between them."""

    transport: str  # "ray"
    expanded: tuple[int, ...]  # states expanded by each partition, over the run
    bytes_sent: int  # between partitions: candidates (codec bytes), keys and ranks (16 B each)
    peak_memory_mb: tuple[float, ...]  # each partition's process, at its peak
    hosts: tuple[str, ...]  # where each partition ran
    start_s: float = 0.0  # seconds to start the partitions (placed, model compiled)
    cpu_s: tuple[float, ...] = ()  # each partition's process CPU seconds (its start included)

    def to_json(self) -> dict[str, Any]:
        return {
            "transport": self.transport,
            "partitions": len(self.expanded),
            "expanded": list(self.expanded),
            "bytes_sent": self.bytes_sent,
            "peak_memory_mb": [round(m, 1) for m in self.peak_memory_mb],
            "hosts": list(self.hosts),
            "start_s": round(self.start_s, 3),
            "cpu_s": [round(c, 3) for c in self.cpu_s],
        }


@dataclass(frozen=True)
class Violation:
    """A counterexample: the behaviour to a violation, or (kind "error", property "") to
    the state where evaluation failed (NOTE(error-trace))."""

    property: str  # the invariant's name, or "Deadlock"
    kind: str  # "invariant" | "deadlock" | ... | "error"
    trace: Trace
    trace_file: str | None = None
    trace_error: Diagnostic | None = None  # E506: the file could not be written

    @builtins.property
    def length(self) -> int:
        return self.trace.length


@dataclass(frozen=True)
class CodegenReport:
    """How much of the model runs as generated code (NOTE(codegen-fallback)): the
    functions generated, those left to the interpreter with the reason, and how often a
    generated function raised where the interpreter then succeeded (a bug: always 0)."""

    generated: int
    fallback_functions: tuple[tuple[str, str], ...]  # (function, reason)
    runtime_fallbacks: int

    def to_json(self) -> dict[str, Any]:
        return {
            "generated": self.generated,
            "fallback_functions": [
                {"function": f, "reason": r} for f, r in self.fallback_functions
            ],
            "runtime_fallbacks": self.runtime_fallbacks,
        }


@dataclass(frozen=True)
class GraphReport:
    """The behaviour graph a temporal PROPERTY recorded (NOTE(graph-widths) in
    liveness/store.py): its states and steps (transitions between stored states; the
    implicit stuttering steps not counted), the bytes every array of its store holds
    (allocated, over-allocation included) and those of its table of distinct labels."""

    states: int
    steps: int
    graph_bytes: int
    label_bytes: int

    @property
    def per_transition(self) -> float:
        return self.graph_bytes / self.steps if self.steps else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "graph_states": self.states,
            "graph_steps": self.steps,
            "graph_bytes": self.graph_bytes,
            "graph_bytes_per_transition": round(self.per_transition, 2),
            "label_table_bytes": self.label_bytes,
        }


@dataclass(frozen=True)
class CheckResult:
    verdict: Verdict
    distinct_states: int
    generated_states: int
    depth: int
    elapsed_s: float
    bytes_per_state: float = 0.0
    collision_probability: float = 0.0
    collision_probability_actual: float = 0.0
    violation: Violation | None = None
    error: Diagnostic | None = None
    # the behaviour to the state where the search's evaluation failed (NOTE(error-trace))
    error_trace: Violation | None = None
    limit: str | None = None  # which limit stopped the search
    # (property, kind) of a violation found, its counterexample interrupted (Ctrl-C)
    unwritten: tuple[str, str] | None = None
    spec: str = ""
    workers: int = 1
    frontier_spilled_bytes: int = 0  # encoded frontier states written to disk
    checkpoint_dir: str | None = None  # where checkpoints were written (--checkpoint)
    checkpoints_written: int = 0
    resumed_generation: int | None = None  # the checkpoint this run started from
    outputs: tuple[str, ...] = field(default=(), repr=False)
    codegen: CodegenReport | None = None  # None: no model was compiled (a load-time limit)
    # NOTE(symmetry): the group's size and the model values it permutes (None: no SYMMETRY)
    symmetry: tuple[int, tuple[str, ...]] | None = None
    coverage: CoverageReport | None = field(default=None, repr=False)  # NOTE(coverage)
    profile: ProfileReport | None = field(default=None, repr=False)  # NOTE(profile-probes)
    cluster: TransportReport | None = None  # the workers of --cluster (NOTE(transport))
    liveness: GraphReport | None = None  # a temporal PROPERTY's behaviour graph

    @property
    def states_per_s(self) -> float:
        return self.distinct_states / self.elapsed_s if self.elapsed_s > 0 else 0.0

    @property
    def ok(self) -> bool:
        return self.verdict == "ok"

    def to_json(self) -> dict[str, Any]:
        """The keys of `checker check --json` (a public contract: keep them stable)."""
        out: dict[str, Any] = {
            "verdict": self.verdict,
            "spec": self.spec,
            "distinct_states": self.distinct_states,
            "generated_states": self.generated_states,
            "depth": self.depth,
            "elapsed_s": round(self.elapsed_s, 3),
            "states_per_s": round(self.states_per_s, 1),
            "bytes_per_state": round(self.bytes_per_state, 2),
            "collision_probability": self.collision_probability,
            "workers": self.workers,
            "frontier_spilled_bytes": self.frontier_spilled_bytes,
        }
        if self.violation is not None:
            out["violation"] = {
                "property": self.violation.property,
                "kind": self.violation.kind,
                "length": self.violation.length,
                "trace_file": self.violation.trace_file,
            }
            if self.violation.trace.loop is not None:  # a lasso: the state it goes back to
                out["violation"]["loop"] = self.violation.trace.loop
            if self.violation.trace_error is not None:
                out["violation"]["trace_error"] = self.violation.trace_error.message
        if self.limit is not None:
            out["limit"] = self.limit
        if self.checkpoint_dir is not None or self.resumed_generation is not None:
            out["checkpoint"] = {
                "directory": self.checkpoint_dir,
                "written": self.checkpoints_written,
                "resumed_generation": self.resumed_generation,
            }
        if self.unwritten is not None:
            out["unwritten_violation"] = {
                "property": self.unwritten[0],
                "kind": self.unwritten[1],
            }
        if self.error is not None:
            out["error"] = {"code": self.error.code, "message": self.error.message}
            if self.error_trace is not None:  # as a violation's (NOTE(error-trace))
                out["error"]["length"] = self.error_trace.length
                out["error"]["trace_file"] = self.error_trace.trace_file
                if self.error_trace.trace_error is not None:
                    out["error"]["trace_error"] = self.error_trace.trace_error.message
        if self.codegen is not None:
            out["codegen"] = self.codegen.to_json()
        if self.symmetry is not None:
            out["symmetry"] = {"permutations": self.symmetry[0], "model_values": self.symmetry[1]}
        if self.coverage is not None:
            out["coverage"] = self.coverage.to_json()
        if self.profile is not None:
            out["profile"] = self.profile.to_json()
        if self.cluster is not None:
            out["cluster"] = self.cluster.to_json()
        if self.liveness is not None:
            out["liveness"] = self.liveness.to_json()
        return out


class Observer(Protocol):
    """How an engine reports while it runs (it never prints)."""

    def on_progress(self, progress: Progress) -> None: ...

    def on_output(self, text: str) -> None: ...

    def on_checkpoint(
        self, generation: int, distinct: int, depth: int, directory: str
    ) -> None: ...  # a checkpoint was completed (NOTE(checkpoint))


class SilentObserver:
    def on_progress(self, progress: Progress) -> None:
        return None

    def on_output(self, text: str) -> None:
        return None

    def on_checkpoint(self, generation: int, distinct: int, depth: int, directory: str) -> None:
        return None
