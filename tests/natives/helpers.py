"""Evaluating an expression of the native modules in a successor (so that neither side
folds it as a constant): `V(e)` is `e` read through the state, so generated code calls
its helpers on it, and the closures evaluate it too."""

from __future__ import annotations

import pytest

from checker.compile.model import Model
from checker.diagnostics import CheckerError, Diagnostic, SourceFile
from checker.pipeline import build_model
from checker.values import Value, render

MODULES = "Naturals, Integers, Sequences, FiniteSets, TLC, SequencesExt"


def stepped(expr: str, extends: str = MODULES) -> Model:
    text = (
        "---- MODULE N ----\n"
        f"EXTENDS {extends}\n"
        "VARIABLE t\n"
        "V(a) == IF t = 0 THEN a ELSE a\n"
        "Init == t = 0\n"
        f"Next == t' = ({expr})\n"
        "====\n"
    )
    return build_model(SourceFile("N.tla", text), SourceFile("N.cfg", "INIT Init\nNEXT Next\n"))


def step_value(expr: str, extends: str = MODULES) -> Value:
    model = stepped(expr, extends)
    (init,) = model.init_states()
    ((_, state),) = model.successors(init)
    assert model.runtime_fallbacks() == 0
    return state[0]


def shown(expr: str, extends: str = MODULES) -> str:
    return render(step_value(expr, extends))


def step_failure(expr: str, extends: str = MODULES) -> Diagnostic:
    model = stepped(expr, extends)
    (init,) = model.init_states()
    with pytest.raises(CheckerError) as info:
        model.successors(init)
    return info.value.diagnostics[0]


def assert_value(expr: str, value: str, extends: str, codegen: str, mp: pytest.MonkeyPatch) -> None:
    """`expr`, read through the state, shows as `value`, with generated code (codegen
    "1") or the closures alone ("0")."""
    mp.setenv("CHECKER_CODEGEN", codegen)
    got = shown(expr, extends)
    assert got == value, f"{expr}: {got}, expected {value}"


def assert_error(
    expr: str, code: str, words: str, extends: str, codegen: str, mp: pytest.MonkeyPatch
) -> None:
    """`expr` is the error `code` at its line (6), its message naming `words`."""
    mp.setenv("CHECKER_CODEGEN", codegen)
    diag = step_failure(expr, extends)
    assert (diag.code, diag.span is not None and diag.span.line) == (code, 6), diag
    assert words in diag.message, diag.message
