"""Positional sub-expression names (`Inv!2`, `N!Init!1`, `T!:`), lang/selectors.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from tla_helpers import evaluate, failure

from checker.values import render

DEFS = """Inv == /\\ 1 \\in 0..5
       /\\ 2 # 3 \\/ FALSE
       /\\ IF 4 > 2 THEN 7 ELSE 8
Sum == 1 + 2
THEOREM T == 2 > 1"""


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("Inv!1", "TRUE"),
        ("Inv!2!2", "FALSE"),
        ("Inv!3!1", "TRUE"),
        ("Inv!3!3", "8"),
        ("Sum!2", "2"),
        ("T!:", "TRUE"),
        ("Inv!3!2 + Sum!1", "8"),
    ],
)
def test_operands_are_selected(expr: str, expected: str) -> None:
    assert render(evaluate(expr, defs=DEFS)) == expected


def test_through_an_instance(tmp_path: Path) -> None:
    (tmp_path / "M.tla").write_text(
        "---- MODULE M ----\nEXTENDS Naturals\nCONSTANT C\nInit == C > 0 /\\ C < 9\n====\n"
    )
    defs = "N == INSTANCE M WITH C <- 3"
    assert render(evaluate("<<N!Init!1, N!Init!2>>", defs=defs, directory=tmp_path)) == (
        "<<TRUE, TRUE>>"
    )


@pytest.mark.parametrize(
    ("expr", "code", "words"),
    [
        ("Inv!4", "E201", "has 3 operand(s)"),
        ("Inv!1!1!1", "E106", "not an operator application"),
        ("Inv!<<", "E106", "`!<<`"),
        ("Inv!(1)", "E106", "`!(...)`"),
        ("F(1)!1", "E106", "applied to arguments"),
        ("F!1", "E201", "takes arguments"),
    ],
)
def test_what_is_refused(expr: str, code: str, words: str) -> None:
    diag = failure(lambda: evaluate(expr, defs=DEFS + "\nF(a) == a + 1"))
    assert diag.code == code and words in diag.message, diag
