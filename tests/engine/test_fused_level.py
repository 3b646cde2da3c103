"""NOTE(fused-level): the sequential search calls the generated Next directly and skips
the visited successors in C, and leaves every other case to the general path; the two
give the same verdict, counts, depth, error, counterexample and stopping point on every
spec of tests/engine/specs, whole and cut by --max-states."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checker.api import check
from checker.compile.model import Model
from checker.engine.bfs import Search

SPECS = Path(__file__).parent / "specs"


def cases() -> list[tuple[Path, Path]]:
    """Each config with its spec: the longest spec name its name starts with."""
    specs = sorted(SPECS.glob("*.tla"), key=lambda p: -len(p.stem))
    out = []
    for cfg in sorted(SPECS.glob("*.cfg")):
        spec = next(p for p in specs if cfg.stem.startswith(p.stem))
        out.append((spec, cfg))
    return out


def outcome(spec: Path, cfg: Path, max_states: int | None) -> tuple[Any, ...]:
    r = check(spec, cfg, max_states=max_states, trace_dir=None)
    trace = None
    for v in (r.violation, r.error_trace):
        if v is not None:
            trace = (v.kind, v.property, tuple(s.state for s in v.trace.steps))
    error = None if r.error is None else (r.error.code, r.error.message)
    return r.verdict, r.distinct_states, r.generated_states, r.depth, r.limit, error, trace


def count_fused_levels(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A one-item list counting the levels the fused loop expands from now on."""
    calls = [0]
    fused_level = Search.fused_level

    def counted(self: Search, *args: Any) -> Any:
        calls[0] += 1
        return fused_level(self, *args)

    monkeypatch.setattr(Search, "fused_level", counted)
    return calls


@pytest.mark.parametrize("max_states", [None, 5])
@pytest.mark.parametrize(("spec", "cfg"), cases(), ids=lambda p: p.name)
def test_fused_level_is_the_general_path(
    spec: Path, cfg: Path, max_states: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    fused_levels = count_fused_levels(monkeypatch)
    fused = outcome(spec, cfg, max_states)
    monkeypatch.setattr(Model, "next_into", lambda self: None)
    fused_before = fused_levels[0]
    assert outcome(spec, cfg, max_states) == fused
    assert fused_levels[0] == fused_before  # the second run took the general path only


def test_the_fused_level_runs_where_it_can(monkeypatch: pytest.MonkeyPatch) -> None:
    fused_levels = count_fused_levels(monkeypatch)
    r = check(SPECS / "TwoPhase.tla", SPECS / "TwoPhase.cfg", trace_dir=None)
    assert fused_levels[0] == r.depth > 0  # every level, the last one finding nothing new
