"""NOTE(cell-level): in a successor function, a LET value's cell (and a guard's) is made
at the top of the innermost loop binding a local it reads, so it is computed once for the
loops inside it; the states, successors, labels, errors and counts stay the closures'
(CHECKER_CODEGEN=0)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.pipeline import load_model
from tests.engine.test_codegen_memo import explored, spec_files
from tests.engine.test_fast_paths import both_backends

CELLS = """---- MODULE Cells ----
EXTENDS Naturals
VARIABLES x, y
Init == x = 0 /\\ y = 0
A(i, j, k) ==
    LET v == (x + i) % 4
        w == (v + j + y) % 3
        u == 12 \\div (x - i)
    IN /\\ i # v
       /\\ GUARD
       /\\ u >= w
       /\\ x' = (x + w + k) % 7
       /\\ y' = (y + v) % 5
B(i, j) ==
    LET t == (x * j + i) % 5
    IN /\\ t # 2
       /\\ x' = t
       /\\ y' = (y + j) % 5
Next == \\E i \\in 0..2 : \\E j \\in 0..2, k \\in {0, 1} : A(i, j, k) \\/ B(i, j)
====
"""


def _cells(tmp_path: Path, guard: str) -> Path:
    return spec_files(tmp_path, "Cells", CELLS.replace("GUARD", guard), "INIT Init\nNEXT Next\n")


def _loop_cells(src: str) -> list[list[str]]:
    """For each `for` line of the step, the cells made first in its body."""
    lines = src.splitlines()
    out = []
    for n, line in enumerate(lines):
        if re.match(r"\s+for b\d+ in ", line):
            made = []
            for after in lines[n + 1 :]:
                found = re.fullmatch(r"\s+(z\d+) = \[LAZY\]", after)
                if found is None:
                    break
                made.append(found[1])
            out.append(made)
    return out


def test_cells_are_made_in_the_loop_binding_what_they_read(tmp_path: Path) -> None:
    """`v` (reads i), `u` and the guards `i # v`, `x # i` (read i) are made once per i;
    `w`, `t` and the guard `u >= w` (read j) once per j; nothing in the loop over k,
    whose variable none of them reads."""
    src = load_model(_cells(tmp_path, "x # i")).generated.sources["successors"]
    per_loop = _loop_cells(src)
    assert [len(c) for c in per_loop] == [4, 4, 0], src


@pytest.mark.parametrize("guard", ["x # i", "TRUE"])
def test_cells_made_outside_the_inner_loops_change_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, guard: str
) -> None:
    """The same states, successors and labels as the closures; without the guard `x # i`,
    12 \\div (x - i) fails where x = i: the same error and counts (TLC's rules for the
    successors computed before it, NOTE(error-trace))."""
    spec = _cells(tmp_path, guard)
    results = [both_backends(spec, monkeypatch, codegen) for codegen in ("1", "0")]
    assert results[0] == results[1]
    if guard == "TRUE":
        assert results[0][0] == "error" and results[0][3] is not None
        assert results[0][3][0] == "E402" and results[0][1:3] == (13, 47)
    else:
        assert results[0] == ("ok", 35, 821, None)
        assert explored(spec, monkeypatch, "1") == explored(spec, monkeypatch, "0")


COMPOSED = """---- MODULE Composed ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Inc(i) == x' = (x + i) % 9
Dbl == \\E j \\in 1..2 : LET v == (x * 2) % 9 IN v # 4 /\\ x' = (v + j) % 9
Next == \\E i \\in 1..2 : Inc(i) \\cdot Dbl
====
"""


def test_no_cell_is_moved_inside_the_second_action_of_a_composition(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In `A \\cdot B`, B reads the state A reached, one per step of A: B's `v` reads
    the state only, and a cell made once per step (or in the loop over i) would keep
    the value of the first; it is made where the LET is, in the loop over j."""
    spec = spec_files(tmp_path, "Composed", COMPOSED, "INIT Init\nNEXT Next\n")
    src = load_model(spec).generated.sources["successors"]
    assert _loop_cells(src) == [[], [re.findall(r"z\d+", src)[0]]], src
    assert explored(spec, monkeypatch, "1") == explored(spec, monkeypatch, "0")
