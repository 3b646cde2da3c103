"""`A \\cdot B`, action composition as TLC computes it (action_forms.compose)."""

from __future__ import annotations

from pathlib import Path

import pytest

import checker
from checker.api import load_model
from checker.diagnostics import CheckerError

SPECS = Path(__file__).parent / "specs"
SPEC = SPECS / "Compose.tla"


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = SPEC.read_text()
    assert old in text
    (tmp_path / "Compose.tla").write_text(text.replace(old, new))
    (tmp_path / "Compose.cfg").write_text((SPECS / "Compose.cfg").read_text())
    return tmp_path / "Compose.tla"


@pytest.mark.parametrize("generate", ["1", "0"])
def test_counts_are_tlcs(generate: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHECKER_CODEGEN", generate)
    r = checker.check(SPEC, trace_dir=None)
    # TLC with -Dtlc2.tool.impl.Tool.cdot=true, -workers 1: 18 distinct, depth 5
    assert (r.verdict, r.distinct_states, r.depth) == ("ok", 18, 5)


def test_a_violation_through_compositions(tmp_path: Path) -> None:
    r = checker.check(_variant(tmp_path, "Inv == y <= 8", "Inv == y <= 6"), trace_dir=None)
    assert r.violation is not None
    # TLC's trace: 4 states, the last reached by `(y' = y + d) \cdot Inc` from <<2, 5>>
    assert [s.state for s in r.violation.trace.steps][-2:] == [(2, 5), (3, 7)]
    assert len(r.violation.trace.steps) == 4


def test_the_first_action_must_give_every_variable_a_value(tmp_path: Path) -> None:
    spec = _variant(
        tmp_path, "Inc == x < 4 /\\ x' = x + 1 /\\ UNCHANGED y", "Inc == x < 4 /\\ x' = x + 1"
    )
    r = checker.check(spec, trace_dir=None)
    assert r.verdict == "error" and r.error is not None and r.error.code == "E406"
    assert "first action of `\\cdot` leaves `y'`" in r.error.message


def test_a_composition_after_an_assignment_is_refused(tmp_path: Path) -> None:
    spec = _variant(tmp_path, "\\/ Inc \\cdot Copy", "\\/ y' = 0 /\\ Inc \\cdot Copy")
    r = checker.check(spec, trace_dir=None)
    assert r.verdict == "error" and r.error is not None and r.error.code == "E106"


def test_enabled_of_a_composition(tmp_path: Path) -> None:
    holds = "Inv == y <= 8 /\\ (x < 4 <=> ENABLED (Inc \\cdot Copy))"
    assert checker.check(_variant(tmp_path, "Inv == y <= 8", holds), trace_dir=None).ok
    fails = "Inv == y <= 8 /\\ ENABLED (Inc \\cdot Copy)"
    r = checker.check(_variant(tmp_path, "Inv == y <= 8", fails), trace_dir=None)
    assert r.violation is not None and r.violation.trace.steps[-1].state[0] == 4


def test_a_composition_in_init_is_refused(tmp_path: Path) -> None:
    spec = _variant(tmp_path, "Init == x = 0", "Init == (x = 0) \\cdot (x = 0)")
    with pytest.raises(CheckerError) as exc:
        checker.check(spec, trace_dir=None)
    assert exc.value.diagnostics[0].code in ("E106", "E207")


def test_other_java_properties_read_as_unset(tmp_path: Path) -> None:
    spec = _variant(
        tmp_path,
        'ASSUME TLCGet("-Dtlc2.tool.impl.Tool.cdot") = "true"',
        'ASSUME TLCGet("-Dfoo") = "-Dfoo"',
    )
    assert checker.check(spec, trace_dir=None).verdict == "ok"


LOOPS = """---- MODULE ComposeLoops ----
EXTENDS Naturals, FiniteSets
VARIABLES x, y
Init == x = 0 /\\ y = {}
Grow == x < 3 /\\ x' = x + 1 /\\ y' \\in {y, y \\cup {x}}
Double == LET m == Cardinality(y) IN x' = x + m /\\ y' \\in {y, {}}
Swap == \\E v \\in y : x' = v /\\ UNCHANGED y
Next == \\/ Grow \\cdot Double
        \\/ \\E d \\in {1, 2} : (x < 6 /\\ x' = x + d /\\ UNCHANGED y) \\cdot Swap
        \\/ Grow \\cdot (Double \\cdot Grow)
====
"""


@pytest.mark.parametrize("spec", ["Compose", "ComposeLoops"])
def test_generated_compositions_give_the_closures_successors(
    spec: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NOTE(compose-gen): the generated successor function gives the closures' successors,
    labels and order, in every reachable state (a first action's loops after its
    assignments, LET and loops in the second, compositions nested)."""
    if spec == "Compose":
        path = SPEC
    else:
        path = tmp_path / "ComposeLoops.tla"
        path.write_text(LOOPS)
        (tmp_path / "ComposeLoops.cfg").write_text("INIT Init\nNEXT Next\n")
    generated = load_model(path)
    assert generated.generated.next is not None
    monkeypatch.setenv("CHECKER_CODEGEN", "0")
    closures = load_model(path)
    assert closures.generated.next is None
    seen = set(generated.init_states())
    frontier = list(seen)
    while frontier:
        s = frontier.pop()
        succ = generated.successors(s)
        assert [(closures.label_text(lab), t) for lab, t in closures.successors(s)] == [
            (generated.label_text(lab), t) for lab, t in succ
        ]
        for _, t in succ:
            if t not in seen:
                seen.add(t)
                frontier.append(t)
    assert len(seen) > 10
    assert generated.runtime_fallbacks() == 0
