"""The closures compiled from the expression IR (NOTE(expression-ir)): names bound by the
action IR read inside it, operator arguments of a LET operator bound around an action,
ENABLED inside a quantifier, recursive LET operators and functions, one name bound by two
binders; both backends agree with TLC's figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import check

SPECS = Path(__file__).parent / "specs"


@pytest.mark.parametrize("codegen", ["1", "0"])
def test_names_of_every_kind_agree_with_tlc(
    codegen: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHECKER_CODEGEN", codegen)
    result = check(SPECS / "IRClosures.tla", SPECS / "IRClosures.cfg", trace_dir=tmp_path)
    # TLC (-workers 1) on this spec and config: 119 distinct states, depth 7, no error
    assert result.verdict == "ok"
    assert (result.distinct_states, result.depth) == (119, 7)
