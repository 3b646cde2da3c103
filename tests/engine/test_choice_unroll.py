"""NOTE(choice-unroll): a quantifier over `IF c THEN K1 ELSE K2` (two small constant
sets) is unrolled over each, the condition evaluated first; the verdicts, counts, errors
and successors stay the closures' (CHECKER_CODEGEN=0)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.pipeline import load_model
from tests.engine.test_codegen_memo import explored, spec_files
from tests.engine.test_fast_paths import both_backends

SPENDS = """---- MODULE Spends ----
EXTENDS Naturals
VARIABLES x, seen
Spends(t) == IF t = 1 THEN {1, 2} ELSE OTHER
Init == x = 0 /\\ seen = {}
Next == \\E t \\in 1..3 :
          /\\ \\A i \\in Spends(t) : <<t, i>> \\notin seen
          /\\ \\E i \\in Spends(t) : i + t # x
          /\\ x' = (x + t) % 5
          /\\ seen' = seen \\cup {<<t, (x + t) % 3>>}
Inv == \\A t \\in 1..3 : \\A i \\in Spends(t) : <<t, i>> \\in seen => i < 4
====
"""


def _spec(tmp_path: Path, other: str) -> Path:
    return spec_files(
        tmp_path, "Spends", SPENDS.replace("OTHER", other), "INIT Init\nNEXT Next\nINVARIANT Inv\n"
    )


def test_quantifiers_over_a_choice_of_two_constants_are_unrolled(tmp_path: Path) -> None:
    m = load_model(_spec(tmp_path, "{3}"))
    for name in ("successors", "Inv"):
        src = m.generated.sources[name]
        assert "ELEMS(" not in src and "any(" not in src and "all(" not in src, src


@pytest.mark.parametrize("other", ["{3}", "{0, 2, 3}", "{}", "3", "{x \\div 0}"])
def test_the_unrolled_choice_agrees_with_the_closures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, other: str
) -> None:
    """An empty set, a set that is not constant, and a non-set (the closures' error) are
    left as they were; the others are unrolled."""
    spec = _spec(tmp_path, other)
    results = [both_backends(spec, monkeypatch, codegen) for codegen in ("1", "0")]
    assert results[0] == results[1]
    if results[0][0] == "ok":
        assert explored(spec, monkeypatch, "1") == explored(spec, monkeypatch, "0")
    assert (results[0][0] == "error") == (other in ("3", "{x \\div 0}"))
