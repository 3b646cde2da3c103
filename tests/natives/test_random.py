"""Randomization and RandomElement: each choice a function of the run's seed and the
arguments, so a run is reproducible and its result the same for any number of workers;
the seed is printed and in --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.cli.main import main
from checker.compile.natives.randomness import SEEDED
from checker.values import Value
from tests.natives.helpers import assert_error, step_value

EXT = "Integers, FiniteSets, TLC, Randomization"

SPEC = """---- MODULE R ----
EXTENDS Naturals, TLC, Randomization
VARIABLE x, s
Init == x = RandomElement(1..100) /\\ s = RandomSubset(3, 1..10)
Next == x < 300 /\\ x' = x + RandomElement({1, 2, 3, x % 7}) /\\ UNCHANGED s
====
"""


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, object]:
    (tmp_path / "R.tla").write_text(SPEC)
    (tmp_path / "R.cfg").write_text("INIT Init\nNEXT Next\n")
    main(["check", str(tmp_path / "R.tla"), "--json", "--no-trace-file", "-q", *extra])
    doc = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert isinstance(doc, dict)
    return doc


def test_the_same_seed_gives_the_same_result_for_any_number_of_workers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = _run(tmp_path, capsys, "--seed", "5")
    two = _run(tmp_path, capsys, "--seed", "5", "--workers", "2")
    again = _run(tmp_path, capsys, "--seed", "5")
    keys = ("verdict", "distinct_states", "generated_states", "depth", "seed")
    assert [one[k] for k in keys] == [two[k] for k in keys] == [again[k] for k in keys]
    assert one["seed"] == 5


def test_the_seed_decides_the_choices(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    counts = {_run(tmp_path, capsys, "--seed", str(k))["distinct_states"] for k in range(6)}
    assert len(counts) > 1
    assert _run(tmp_path, capsys)["seed"] == 0  # the default, fixed


def test_the_seed_is_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "R.tla").write_text(SPEC)
    (tmp_path / "R.cfg").write_text("INIT Init\nNEXT Next\n")
    main(["check", str(tmp_path / "R.tla"), "--no-trace-file", "-q", "--seed", "3"])
    assert "seed 3" in capsys.readouterr().out


def _value(expr: str) -> Value:
    return step_value(expr, EXT)


def test_choices_are_of_the_right_kind() -> None:
    assert _value("RandomElement(V({7, 8, 9}))") in {7, 8, 9}
    sub = _value("RandomSubset(3, V(1..10))")
    assert isinstance(sub, frozenset) and len(sub) == 3 and sub <= set(range(1, 11))
    subs = _value("RandomSetOfSubsets(4, 2, V(1..6))")
    assert isinstance(subs, frozenset) and 1 <= len(subs) <= 4
    assert all(isinstance(t, frozenset) and t <= set(range(1, 7)) for t in subs)
    assert _value('RandomSubsetSet(3, "0.0", V(1..4))') == frozenset({frozenset()})
    assert _value('RandomSubsetSet(2, "1", V(1..2))') == frozenset({frozenset({1, 2})})
    assert _value("RandomSubset(0, V({1}))") == frozenset()
    sizes = _value("TestRandomSetOfSubsets(3, 1, V(1..5))")
    assert isinstance(sizes, tuple) and len(sizes) == 5


ERRORS = [
    ("RandomElement(V({}))", "E404", "empty set"),
    ("RandomElement(V(Nat))", "E405", "RandomElement"),
    ("RandomSubset(4, V(1..3))", "E401", "0..3"),
    ("RandomSetOfSubsets(-1, 1, V(1..3))", "E401", "nonnegative"),
    ("RandomSetOfSubsets(9, 1, V(1..3))", "E401", "8 subsets"),
    ("RandomSetOfSubsets(2, 4, V(1..3))", "E401", "Cardinality"),
    ('RandomSubsetSet(2, "x", V(1..3))', "E401", "probability"),
    ('RandomSubsetSet(2, "1.5", V(1..3))', "E401", "probability"),
]


@pytest.mark.parametrize(("expr", "code", "words"), ERRORS, ids=[c for c, _, _ in ERRORS])
def test_bad_arguments_are_located_errors(
    expr: str, code: str, words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_error(expr, code, words, EXT, "1", monkeypatch)


def test_every_seeded_operator_is_declared() -> None:
    from checker.lang.stdlib import STANDARD

    declared = set(STANDARD["Randomization"].operators) | {"RandomElement"}
    assert declared == set(SEEDED)
