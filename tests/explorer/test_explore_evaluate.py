"""Expressions typed in the explorer (checker/explorer/evaluate.py, lang/expression.py):
evaluated by the closures in the root module's scope with the model's constants and
replacements; every problem a diagnostic located in the text as typed (`<expr>`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.compile.model import Model
from checker.diagnostics import format_diagnostic
from checker.explorer.evaluate import Evaluated, evaluate
from checker.explorer.session import Session
from checker.pipeline import load_model
from checker.values import render

SPECS = Path(__file__).parent / "specs"
ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def switches() -> Model:
    return load_model(SPECS / "Switches.tla", SPECS / "Switches.cfg")


def after_one_flip(model: Model) -> tuple[object, ...]:
    session = Session(model)
    session.take(0)  # Flip(n1)
    assert session.current is not None
    return session.state(session.current.id)


def value_of(model: Model, text: str, level: int = 2) -> str:
    found = evaluate(model, text, after_one_flip(model), level)
    assert found.error is None, format_diagnostic(found.error)
    return render(found.value)


def error_of(model: Model, text: str) -> str:
    found: Evaluated = evaluate(model, text, after_one_flip(model), 2)
    assert found.error is not None, render(found.value)
    return format_diagnostic(found.error)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("count", "1"),
        ("Lit", "{n1}"),  # a definition of the spec, over the config's constants
        ("Cardinality(Lit) + count * 10", "11"),  # standard modules the spec extends
        ("NotAllOn", "TRUE"),
        ("Limit", "2"),
        ("[n \\in Node |-> on[n]] = on", "TRUE"),
        ("LET k == count + 1 IN k * k", "4"),
        ("Len(log)", "1"),
        ("ENABLED Reset", "TRUE"),
        ("  /\\ count = 1\n  /\\ Lit # {}", "TRUE"),  # a junction list over lines
        ("{x \\in 1..5 : x % 2 = 0}", "{2, 4}"),
    ],
)
def test_values(switches: Model, text: str, expected: str) -> None:
    assert value_of(switches, text) == expected


def test_the_configuration_s_replacements_hold() -> None:
    paxos = load_model(ROOT / "specs" / "Paxos.tla", ROOT / "models" / "Paxos.cfg")
    assert value_of(paxos, "Quorum = MajorityQuorums") == "TRUE"
    assert value_of(paxos, "Cardinality(Quorum)") == "4"


@pytest.mark.parametrize(
    ("text", "code", "where", "caret"),
    [
        ("cont + 1", "E201", "<expr>:1:1", "^^^^"),
        ("count +", "E102", "<expr>:1:8", "^"),
        ("log[3]", "E403", "<expr>:1:1", "^^^^^^"),
        ("count'", "E530", "<expr>:1:1", "^^^^^^"),
        ("[]NotAllOn", "E530", "<expr>:1:1", "^^^^^^^^^^"),
        ("1 \\div (count - 1)", "E402", "<expr>:1:1", "^"),
        ('"open', "E103", "<expr>:1:1", "^"),
        ("Len(log, 2)", "E202", "<expr>:1:1", "^"),
    ],
)
def test_errors_are_located_in_the_text_as_typed(
    switches: Model, text: str, code: str, where: str, caret: str
) -> None:
    shown = error_of(switches, text)
    assert f"[{code}]" in shown
    assert f"--> {where}" in shown
    assert f"1 | {text}" in shown
    assert caret in shown


def test_an_error_on_a_later_line_names_that_line(switches: Model) -> None:
    shown = error_of(switches, "/\\ count = 1\n/\\ nothere")
    assert "--> <expr>:2:4" in shown and "2 | /\\ nothere" in shown


def test_nothing_typed_and_definitions_are_refused(switches: Model) -> None:
    assert "[E102]" in error_of(switches, "   ")
    assert "[E102]" in error_of(switches, "1\nFoo == 2")
    assert "[E102]" in error_of(switches, "1\n====\nx")


def test_python_is_never_run(switches: Model) -> None:
    """The text is TLA+ or nothing: Python's own syntax is a syntax error."""
    assert "[E10" in error_of(switches, "__import__('os').system('true')")
    assert "[E10" in error_of(switches, "[x for x in range(3)]")


def test_a_module_without_naturals_has_no_plus() -> None:
    plain = load_model(SPECS / "Plain.tla", SPECS / "Plain.cfg")
    state = Session(plain).state(0)
    found = evaluate(plain, "1 + 1", state, 1)
    assert found.error is not None and found.error.code == "E201"
    assert render(evaluate(plain, "x (+) 3", state, 1).value) == '<<"a", 3>>'


def test_tlcget_level_is_the_state_s_level(tmp_path: Path) -> None:
    (tmp_path / "L.tla").write_text(
        "---- MODULE L ----\nEXTENDS Naturals, TLC\nVARIABLE x\nInit == x = 0\n"
        "Next == x' = x + 1\n====\n"
    )
    (tmp_path / "L.cfg").write_text("INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n")
    model = load_model(tmp_path / "L.tla", tmp_path / "L.cfg")
    assert render(evaluate(model, 'TLCGet("level")', (4,), 5).value) == "5"
