"""The backends walk the one IR: generated code takes the steps the closures take, also
where a parameter stands for a primed variable or a whole action (TLA+ substitutes
arguments, NOTE(primed-variables)); before the IR, the code generator read `p = n` with
p standing for `x'` as a condition and failed at run time, leaving every step to the
closures."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.compile.model import Model
from checker.diagnostics import SourceFile
from checker.pipeline import build_model, load_model

SPEC = """---- MODULE Subst ----
EXTENDS Naturals
VARIABLES x, y
SetTo(p, n) == p = n
Do(A) == A /\\ UNCHANGED x
Keep(v) == UNCHANGED v
Init == SetTo(x, 0) /\\ SetTo(y, 0)
IncX == SetTo(x', x + 1) /\\ Keep(<<y>>)
Next == \\/ x < 2 /\\ IncX
        \\/ y < 2 /\\ Do(y' = y + 1)
        \\/ (x' = 0 \\/ x' = 1) /\\ UNCHANGED y
====
"""


def _model(monkeypatch: pytest.MonkeyPatch, *, generate: bool) -> Model:
    monkeypatch.setenv("CHECKER_CODEGEN", "1" if generate else "0")
    src = SourceFile(str(Path("Subst.tla")), SPEC)
    return build_model(src, SourceFile("Subst.cfg", "INIT Init\nNEXT Next\n"))


def test_generated_successors_are_the_closures_without_falling_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gen = _model(monkeypatch, generate=True)
    ref = _model(monkeypatch, generate=False)
    step = gen.generated.next
    assert step is not None
    assert gen.init_states() == ref.init_states() == [(0, 0)]
    for state in [(x, y) for x in range(3) for y in range(3)]:
        out: list[object] = []
        step(state, out)  # the generated function alone: no exception, no closures
        assert out == ref.successors(state)
        assert [gen.label_text(lbl) for lbl, _ in out] == [
            ref.label_text(lbl) for lbl, _ in ref.successors(state)
        ]


def test_labels_of_substituted_operators(monkeypatch: pytest.MonkeyPatch) -> None:
    ref = _model(monkeypatch, generate=False)
    labels = [ref.label_text(lbl) for lbl, _ in ref.successors((0, 0))]
    assert labels == ["IncX", "Do((y' = (y + 1)))", "Next@11:12", "Next@11:12"]


HELPER = """---- MODULE Helper ----
EXTENDS Naturals
CONSTANT K
VARIABLE x
Twice(n) == K * n
====
"""

LET_INSTANCE = """---- MODULE LetInstance ----
EXTENDS Naturals
CONSTANT K
VARIABLE x
Init == x = 0
Grow(n) == LET H == INSTANCE Helper IN H!Twice(n) + 1
Next == x < 20 /\\ x' = Grow(x)
====
"""


def test_a_let_instance_is_generated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`LET H == INSTANCE M IN ...` in an operator, M with variables (K <- K and x <- x
    implicitly): the instance is expanded into definitions before lowering, with checks
    of the substitutions' levels (which evaluate nothing), so the generated code reads
    `H!Twice` as any definition; it once left Next to the closures, taking those checks
    for a LET RECURSIVE declaration."""
    (tmp_path / "Helper.tla").write_text(HELPER)
    (tmp_path / "LetInstance.tla").write_text(LET_INSTANCE)
    (tmp_path / "LetInstance.cfg").write_text("CONSTANT K = 2\nINIT Init\nNEXT Next\n")
    monkeypatch.setenv("CHECKER_CODEGEN", "1")
    model = load_model(tmp_path / "LetInstance.tla", tmp_path / "LetInstance.cfg")
    assert model.generated.fallbacks == []
    step = model.generated.next
    assert step is not None
    out: list[object] = []
    step((3,), out)  # the generated function alone
    assert [state for _, state in out] == [(7,)]
