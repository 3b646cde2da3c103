"""What `check --profile` reports (NOTE(profile-probes) in compile/probes.py): plain
data, built by checker/profiling.py from the model's probes, shown by the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ProfileRow:
    kind: str  # "next", "init", "action" (a named action-level operator), "invariant"
    name: str
    location: str  # where it is defined (an operator: where it is first applied)
    calls: int
    seconds: float  # inclusive (NOTE(profile-probes)), estimated (NOTE(profile-sampling))
    self_seconds: float  # minus the probed calls inside it
    timed_calls: int  # the calls whose time was measured (= calls: exact)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "location": self.location,
            "calls": self.calls,
            "seconds": round(self.seconds, 6),
            "self_seconds": round(self.self_seconds, 6),
            "timed_calls": self.timed_calls,
        }


@dataclass(frozen=True)
class ProfileSpan:
    """One application of an operator (`Send(m)` at a line of Phase1b)."""

    name: str
    location: str
    inside: str  # the operator (or Next, Init) it is applied in
    calls: int
    seconds: float  # estimated from timed_calls of the calls (NOTE(profile-sampling))
    timed_calls: int

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "location": self.location,
            "inside": self.inside,
            "calls": self.calls,
            "seconds": round(self.seconds, 6),
            "timed_calls": self.timed_calls,
        }


@dataclass(frozen=True)
class ProfileReport:
    search_seconds: float
    rows: tuple[ProfileRow, ...]  # Next, then its operators by time, Init, invariants
    spans: tuple[ProfileSpan, ...]  # every application, by time (most first)
    timed_every: int  # operators and invariants: one call in this many timed (1: all)

    def to_json(self) -> dict[str, Any]:
        """`check --json`'s "profile" key and the `--profile-json` file (a public contract)."""
        return {
            "search_seconds": round(self.search_seconds, 6),
            "timed_every": self.timed_every,
            "rows": [r.to_json() for r in self.rows],
            "spans": [s.to_json() for s in self.spans],
        }
