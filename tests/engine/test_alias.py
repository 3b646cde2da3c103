"""ALIAS (NOTE(alias)): the counterexample shown through the alias record, as TLC shows
it (its values, primed variables read in the next state, the fields in the order written);
an alias that cannot be applied leaves the variables, with E513 after the verdict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import checker
from checker.diagnostics import CheckerError

SPEC = """---- MODULE Al ----
EXTENDS Naturals
VARIABLES x, y
Init == x = 0 /\\ y = 0
Next == x' = x + 1 /\\ y' = y + x
Inv == y < 5
f == [i \\in 0..2 |-> i]
Alias == [sum |-> x + y, step |-> x, nextY |-> y']
Broken == [a |-> f[x]]
NotARecord == <<x, y>>
Varying == IF x < 2 THEN [a |-> x] ELSE [b |-> x]
====
"""


def _files(tmp_path: Path, alias: str) -> tuple[Path, Path]:
    (tmp_path / "Al.tla").write_text(SPEC)
    (tmp_path / "Al.cfg").write_text(f"INIT Init\nNEXT Next\nINVARIANT Inv\nALIAS {alias}\n")
    return tmp_path / "Al.tla", tmp_path / "Al.cfg"


def test_the_trace_shows_the_alias_as_tlc(tmp_path: Path) -> None:
    r = checker.check(*_files(tmp_path, "Alias"), trace_dir=tmp_path)
    v = r.violation
    assert v is not None and v.trace_error is None
    assert v.trace.variables == ("sum", "step", "nextY")  # TLC's order: as written
    # TLC's trace: nextY is y', and y itself on the last state
    assert [s.state for s in v.trace.steps] == [
        (0, 0, 0),
        (1, 1, 1),
        (3, 2, 3),
        (6, 3, 6),
        (10, 4, 6),
    ]
    assert v.trace_file is not None
    itf = json.loads(Path(v.trace_file).read_text())
    assert itf["vars"] == ["sum", "step", "nextY"] and itf["states"][4]["sum"] == 10


@pytest.mark.parametrize(
    ("alias", "why"),
    [
        ("Broken", "cannot be evaluated on state 4"),  # f[3]
        ("NotARecord", "not a record"),
        ("Varying", "differ"),
    ],
)
def test_an_alias_that_cannot_be_applied_leaves_the_variables(
    tmp_path: Path, alias: str, why: str
) -> None:
    r = checker.check(*_files(tmp_path, alias), trace_dir=tmp_path)
    v = r.violation
    assert r.verdict == "violation" and v is not None and v.trace_file is not None
    assert v.trace.variables == ("x", "y")
    assert v.trace_error is not None and v.trace_error.code == "E513"
    assert why in v.trace_error.message


def test_an_alias_must_name_a_definition_of_at_most_action_level(tmp_path: Path) -> None:
    tla, cfg = _files(tmp_path, "Nope")
    with pytest.raises(CheckerError) as exc:
        checker.check(tla, cfg, trace_dir=None)
    assert exc.value.diagnostics[0].code == "E302"
