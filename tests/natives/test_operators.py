"""Every operator of the native modules, case by case (the tables of cases_*.py and the
test modules): its value read through the state, with generated code and with the
closures alone (CHECKER_CODEGEN), and its errors on bad arguments, located."""

from __future__ import annotations

import pytest

from tests.natives import (
    cases_bags,
    cases_digraphs,
    cases_functions,
    cases_seqext,
    test_graphs_misc,
    test_svg_io,
)
from tests.natives.helpers import assert_error, assert_value

TABLES = [cases_bags, cases_digraphs, cases_functions, cases_seqext, test_graphs_misc, test_svg_io]
VALUES = [(t.EXT, expr, value) for t in TABLES for expr, value in t.CASES]
ERRORS = [(t.EXT, *error) for t in TABLES for error in t.ERRORS]
CODEGEN = pytest.mark.parametrize("codegen", ["1", "0"], ids=["generated", "closures"])


@CODEGEN
@pytest.mark.parametrize(("ext", "expr", "value"), VALUES, ids=[e for _, e, _ in VALUES])
def test_value(
    ext: str, expr: str, value: str, codegen: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_value(expr, value, ext, codegen, monkeypatch)


@CODEGEN
@pytest.mark.parametrize(("ext", "expr", "code", "words"), ERRORS, ids=[e[1] for e in ERRORS])
def test_bad_arguments_are_located_errors(
    ext: str, expr: str, code: str, words: str, codegen: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_error(expr, code, words, ext, codegen, monkeypatch)
