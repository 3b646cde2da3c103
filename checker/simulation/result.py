"""What `checker simulate` reports: the verdict, the violation (shrunk) and the figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.diagnostics import Diagnostic
from checker.engine.result import Violation


@dataclass(frozen=True)
class Figures:
    """The behaviours walked (up to the violating one), their steps, the states they
    generated and met (distinct by fingerprint), the steps per action (by name, in the
    order of Next's actions), how many behaviours had each length, and how they ended."""

    traces: int = 0
    steps: int = 0
    generated: int = 0
    distinct_states: int = 0
    actions: tuple[tuple[str, int], ...] = ()
    lengths: tuple[tuple[int, int], ...] = ()  # (steps, behaviours), by steps
    ends: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class SimulationResult:
    verdict: str  # "ok" | "violation" | "error" | "limit" | "interrupted"
    spec: str
    seed: int
    depth: int  # the most steps a behaviour may take (--depth)
    workers: int
    swarm: bool
    elapsed_s: float
    figures: Figures = Figures()
    violation: Violation | None = None
    unshrunk_length: int | None = None  # the violating behaviour's length before shrinking
    shrink_complete: bool = True  # False: shrinking stopped at its budget
    error: Diagnostic | None = None
    limit: str | None = None
    unwritten: tuple[str, str] | None = None  # (property, kind) found, not written (Ctrl-C)
    unchecked: tuple[str, ...] = ()  # PROPERTY parts simulate does not check (liveness)

    @property
    def ok(self) -> bool:
        return self.verdict == "ok"

    def to_json(self) -> dict[str, Any]:
        """The keys of `checker simulate --json` (a public contract: keep them stable)."""
        f = self.figures
        out: dict[str, Any] = {
            "verdict": self.verdict,
            "spec": self.spec,
            "seed": self.seed,
            "traces": f.traces,
            "steps": f.steps,
            "generated_states": f.generated,
            "distinct_states": f.distinct_states,
            "depth": self.depth,
            "workers": self.workers,
            "swarm": self.swarm,
            "elapsed_s": round(self.elapsed_s, 3),
            "actions": dict(f.actions),
            "lengths": {str(n): count for n, count in f.lengths},
            "ends": dict(f.ends),
            "unchecked_properties": list(self.unchecked),
        }
        v = self.violation
        if v is not None:
            out["violation"] = {
                "property": v.property,
                "kind": v.kind,
                "length": v.length,
                "unshrunk_length": self.unshrunk_length,
                "shrink_complete": self.shrink_complete,
                "trace_file": v.trace_file,
            }
            if v.trace_error is not None:
                out["violation"]["trace_error"] = v.trace_error.message
        if self.limit is not None:
            out["limit"] = self.limit
        if self.unwritten is not None:
            out["unwritten_violation"] = {"property": self.unwritten[0], "kind": self.unwritten[1]}
        if self.error is not None:
            out["error"] = {"code": self.error.code, "message": self.error.message}
        return out
