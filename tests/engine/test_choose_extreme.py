"""NOTE(choose-extreme): `CHOOSE x \\in S : \\A y \\in S : y <= x` (and its three other
spellings, and the form over `{f(s) : s \\in T}`) is the largest (least) element of a
nonempty set of integers in one call; anything else is the CHOOSE as before, with the
closures' values and errors (CHECKER_CODEGEN=0)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checker.compile.codegen import chooseruntime, runtime
from checker.pipeline import load_model
from checker.values import Interval, ModelValue
from tests.engine.test_codegen_memo import explored, spec_files
from tests.engine.test_fast_paths import both_backends

NOKEY = runtime.NOKEY

SETS: list[Any] = [
    frozenset({3, -1, 7}),
    frozenset({5}),
    frozenset({10**30, -(10**30), 2}),
    frozenset(),
    frozenset({True, 2}),  # TRUE is not 1 (NOTE(bool-int)): the CHOOSE's error
    frozenset({False}),
    frozenset({"a", "b"}),
    frozenset({ModelValue("m"), 1}),
    Interval(2, 9),
    Interval(4, 4),
    Interval(5, 3),
    (1, 2),
]


def _brute(s: Any, largest: bool) -> Any:
    """The CHOOSE as TLA+ reads it, where every comparison is of two integers."""
    elements = list(s.ordered()) if isinstance(s, Interval) else s
    if type(s) not in (frozenset, Interval) or not all(type(x) is int for x in elements):
        return NOKEY
    witnesses = [x for x in elements if all((y <= x) if largest else (x <= y) for y in elements)]
    return witnesses[0] if witnesses else NOKEY


@pytest.mark.parametrize("s", SETS, ids=[f"case{i}" for i in range(len(SETS))])
def test_the_shortcut_is_the_choose_or_declines(s: Any) -> None:
    assert chooseruntime.choose_max(s) == _brute(s, True)
    assert chooseruntime.choose_min(s) == _brute(s, False)
    if chooseruntime.choose_max(s) is not NOKEY:
        assert type(chooseruntime.choose_max(s)) is int


EXTREMES = """---- MODULE Extremes ----
EXTENDS Naturals, FiniteSets
VARIABLES x, seen
Max1(S) == CHOOSE m \\in S : \\A y \\in S : y <= m
Max2(S) == CHOOSE m \\in S : \\A y \\in S : m >= y
Min1(S) == CHOOSE m \\in S : \\A y \\in S : m <= y
Min2(S) == CHOOSE m \\in S : \\A y \\in S : y >= m
Newest(f, T) == CHOOSE m \\in {f[t] : t \\in T} : \\A t \\in T : f[t] <= m
Init == x = 0 /\\ seen = {0}
Next == /\\ x < 12
        /\\ \\E d \\in {1, 2} :
             LET S == seen \\cup {x + d}
                 f == [t \\in S |-> (t * 7) % 11]
             IN /\\ x' = (Max1(S) + Min1(S) + Newest(f, S) + d) % 13
                /\\ seen' = IF Max2(S) = Max1(S) /\\ Min2(S) = Min1(S) THEN S ELSE {}
                /\\ EXTRA
Inv == seen # {}
====
"""


def _spec(tmp_path: Path, extra: str) -> Path:
    text = EXTREMES.replace("EXTRA", extra)
    return spec_files(
        tmp_path, "Extremes", text, "INIT Init\nNEXT Next\nINVARIANT Inv\nCHECK_DEADLOCK FALSE\n"
    )


def test_the_idioms_are_recognised(tmp_path: Path) -> None:
    src = load_model(_spec(tmp_path, "TRUE")).generated.sources["successors"]
    # Max1 and Min1 twice each, Max2, Min2, Newest
    assert src.count("CHOOSE_MAX(") == 4 and src.count("CHOOSE_MIN(") == 3, src


@pytest.mark.parametrize(
    "extra",
    [
        "TRUE",
        "Max1(1..x + 1) > Min2(1..x + 1) \\/ x = 0",  # lazy intervals
        "Max1({}) = 0",  # CHOOSE from the empty set: the closures' error
        "Min1({TRUE, 2}) = 2",  # a Boolean compared: the closures' error
        'Max2({"a"}) = "a"',
        'Newest([t \\in {1, 2} |-> IF t = 1 THEN 3 ELSE "b"], {1, 2}) = 3',
    ],
)
def test_the_shortcut_agrees_with_the_closures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str
) -> None:
    spec = _spec(tmp_path, extra)
    results = [both_backends(spec, monkeypatch, codegen) for codegen in ("1", "0")]
    assert results[0] == results[1]
    if results[0][0] == "ok":
        assert results[0][1] > 10
        assert explored(spec, monkeypatch, "1") == explored(spec, monkeypatch, "0")
    else:
        assert results[0][0] == "error" and extra != "TRUE"
