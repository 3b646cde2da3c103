"""What `prove` and `bmc` report: progress events while running, result objects at the end.

This module does not import Z3, so `import checker` stays cheap.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Any, Protocol

from checker.traces.trace import Trace

Verdict = str  # "ok" | "violation" | "unknown"


@dataclass(frozen=True)
class QueryProgress:
    """One solver query: started (answer None, elapsed 0), running, or answered."""

    name: str
    index: int  # 1-based position among the run's queries (0 when not known)
    total: int | None
    elapsed_s: float
    answer: str | None  # "sat" | "unsat" | "unknown" once done


class SymbolicObserver(Protocol):
    """How the symbolic engine reports while it runs (it never prints)."""

    def on_query(self, progress: QueryProgress) -> None: ...


@dataclass(frozen=True)
class QueryStat:
    name: str
    answer: str
    elapsed_s: float


@dataclass(frozen=True)
class SymbolicViolation:
    """A counterexample: to induction ("cti"), in an initial state ("init"), a state of
    the invariant violating an implied property ("implication"), or reachable within the
    bound ("invariant", "deadlock"; for a PROPERTY part: "property" (a state predicate on
    an initial state), "invariant" ([]P), "action" ([][A]_v) or "liveness" (a lasso: the
    trace's `loop` and `back` are set))."""

    property: str  # the smallest named sub-formula that fails, or "Deadlock"
    kind: str  # "cti" | "init" | "implication" | "invariant" | "deadlock" | "property" | ...
    trace: Trace
    conjunct: tuple[str, ...] = ()  # the path to it: invariant, definitions, bindings
    action: str | None = None  # the step of a CTI
    trace_file: str | None = None

    @builtins.property
    def length(self) -> int:
        return self.trace.length

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "property": self.property,
            "kind": self.kind,
            "length": self.length,
            "trace_file": self.trace_file,
        }
        if self.trace.loop is not None:  # a lasso, as `check --json` reports it
            out["loop"] = self.trace.loop
        if self.conjunct:
            out["conjunct"] = list(self.conjunct)
        if self.action is not None:
            out["action"] = self.action
        return out


@dataclass(frozen=True)
class ProveResult:
    verdict: Verdict
    spec: str
    invariants: tuple[str, ...]
    elapsed_s: float
    queries: tuple[QueryStat, ...]
    violation: SymbolicViolation | None = None
    unknown: str | None = None  # the solver's reason, with the query
    implies: tuple[str, ...] = ()  # properties checked as consequences of the invariant
    inferred: tuple[tuple[str, str], ...] = ()  # (variable, type) found by inference

    @property
    def ok(self) -> bool:
        return self.verdict == "ok"

    def to_json(self) -> dict[str, Any]:
        """The keys of `checker prove --json` (a public contract: keep them stable)."""
        return _json(self, "prove", {"implies": list(self.implies)})


@dataclass(frozen=True)
class BmcResult:
    verdict: Verdict
    spec: str
    invariants: tuple[str, ...]
    depth: int  # the bound asked for
    checked_depth: int  # every path of this many steps was checked (-1: none)
    elapsed_s: float
    queries: tuple[QueryStat, ...]
    violation: SymbolicViolation | None = None
    unknown: str | None = None
    inferred: tuple[tuple[str, str], ...] = ()  # (variable, type) found by inference
    properties: tuple[str, ...] = ()  # the PROPERTY definitions checked

    @property
    def ok(self) -> bool:
        return self.verdict == "ok"

    def to_json(self) -> dict[str, Any]:
        """The keys of `checker bmc --json` (a public contract: keep them stable);
        `properties` only where the model has PROPERTY parts."""
        more: dict[str, Any] = {"depth": self.depth, "checked_depth": self.checked_depth}
        if self.properties:
            more["properties"] = list(self.properties)
        return _json(self, "bmc", more)


def _json(r: ProveResult | BmcResult, command: str, more: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "verdict": r.verdict,
        "command": command,
        "spec": r.spec,
        "invariants": list(r.invariants),
        **more,
        "elapsed_s": round(r.elapsed_s, 3),
        "queries": len(r.queries),
        "solver_s": round(sum(q.elapsed_s for q in r.queries), 3),
    }
    if r.violation is not None:
        out["violation"] = r.violation.to_json()
    if r.unknown is not None:
        out["unknown"] = r.unknown
    if r.inferred:
        out["inferred_types"] = dict(r.inferred)
    return out
