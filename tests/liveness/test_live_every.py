"""`--liveness-every N` (NOTE(liveness-every) in checker/liveness/periodic.py): temporal
properties checked during the search too. A violation found early is a violation of the
whole graph and stops the search; the result is the same for any number of workers; on
the protocol library's liveness bugs the lasso is the one the final check reports, and
where the states expanded so far hold a violation of a later part only, that part is
reported (the documented difference from checking at the end)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

import checker
from checker.cli.main import main

SPECS = Path(__file__).parent / "specs"
ROOT = Path(__file__).resolve().parents[2]
ENTRIES = tomllib.loads((ROOT / "models" / "manifest.toml").read_text())["model"]
BUGS = [e for e in ENTRIES if e.get("kind") == "liveness"]


def outcome(r: checker.CheckResult) -> tuple[Any, ...]:
    v = r.violation
    trace = None
    if v is not None:
        assert v.trace_file is not None
        trace = (v.kind, v.property, Path(v.trace_file).read_bytes())
    return (r.verdict, r.distinct_states, r.generated_states, r.depth, trace)


@pytest.mark.parametrize("entry", BUGS, ids=[e["name"] for e in BUGS])
def test_an_early_lasso_of_the_library_is_the_final_one(
    tmp_path: Path, entry: dict[str, Any]
) -> None:
    spec, config = ROOT / entry["spec"], ROOT / entry["config"]
    final = checker.check(spec, config, trace_dir=tmp_path / "final")
    early = [
        checker.check(spec, config, trace_dir=tmp_path / f"w{w}", workers=w, liveness_every=1)
        for w in (1, 2)
    ]
    assert outcome(early[0]) == outcome(early[1])  # any number of workers
    assert final.violation is not None and early[0].violation is not None
    assert outcome(early[0])[4] == outcome(final)[4]  # the same lasso, byte for byte
    assert early[0].distinct_states <= final.distinct_states
    assert len(early[0].violation.trace.steps) == entry["length"] + 1


def test_the_search_stops_at_an_early_violation(tmp_path: Path) -> None:
    entry = next(e for e in BUGS if e["name"] == "PBFT_bug_no_view_change")
    spec, config = ROOT / entry["spec"], ROOT / entry["config"]
    r = checker.check(spec, config, trace_dir=None, liveness_every=1)
    assert r.verdict == "violation" and (r.distinct_states, r.depth) == (5, 2)
    final = checker.check(spec, config, trace_dir=None, liveness_every=10**6)  # never due
    assert (final.distinct_states, final.depth) == (504, 11)  # TLC's, the whole graph


# In FairSpec the cycle round x at y = 0 (levels 1-4) violates Y2 (y = 2 infinitely often);
# NotStuckAt2's violation, staying at y = 2, needs the cycle at y = 2 (levels 3-6).
PARTS = "Y2 == []<>(y = 2)\nNotStuckAt2 == []<>(y # 2)\n"


@pytest.mark.parametrize("workers", [1, 2])
def test_an_early_check_reports_the_first_part_violated_so_far(
    tmp_path: Path, workers: int
) -> None:
    (tmp_path / "Live.tla").write_text(
        (SPECS / "Live.tla").read_text().replace("====", PARTS + "====")
    )
    (tmp_path / "Live.cfg").write_text("SPECIFICATION FairSpec\nPROPERTY NotStuckAt2 Y2\n")
    spec = tmp_path / "Live.tla"
    final = checker.check(spec, trace_dir=None, workers=workers)
    early = checker.check(spec, trace_dir=None, workers=workers, liveness_every=1)
    assert final.violation is not None and final.violation.property == "NotStuckAt2"
    assert early.violation is not None and early.violation.property == "Y2"
    assert early.verdict == final.verdict == "violation"
    cycle = [s.state for s in early.violation.trace.steps[early.violation.trace.loop or 0 :]]
    assert all(y == 0 for _, y in cycle)  # round x at y = 0
    assert early.distinct_states < final.distinct_states == 12


def test_no_violation_is_checked_at_the_end_too(tmp_path: Path) -> None:
    (tmp_path / "Live.tla").write_text((SPECS / "Live.tla").read_text())
    (tmp_path / "Live.cfg").write_text("SPECIFICATION FairSpec\nPROPERTY XDone InfX\n")
    r = checker.check(tmp_path / "Live.tla", trace_dir=None, liveness_every=1)
    assert (r.verdict, r.distinct_states, r.depth) == ("ok", 12, 6)


def test_the_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "Live.tla").write_text((SPECS / "Live.tla").read_text())
    (tmp_path / "Live.cfg").write_text("SPECIFICATION Spec\nPROPERTY XDone\n")
    spec = str(tmp_path / "Live.tla")
    code = main(["check", spec, "--no-trace-file", "--json", "--liveness-every", "1"])
    out = capsys.readouterr()
    assert code == 1
    data = json.loads(out.out.strip().splitlines()[-1])
    # stopped after the first level is expanded: stuttering at the initial state
    assert data["violation"]["kind"] == "liveness" and data["distinct_states"] == 3
    assert main(["check", spec, "--liveness-every", "0"]) == 2
    assert "Traceback" not in capsys.readouterr().err
