"""SPECIFICATION formulas decomposed as TLC does, constant-only models, ASSUME levels."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.api import check
from checker.diagnostics import CheckerError
from checker.pipeline import load_model

HEAD = """---- MODULE Spec ----
EXTENDS Naturals
CONSTANT Proc
VARIABLES x, y
vars == <<x, y>>
Init == x = 0 /\\ y = 0
Inc(p) == x < 3 /\\ x' = x + 1 /\\ UNCHANGED y
Flip == y' = 1 - y /\\ UNCHANGED x
Next == (\\E p \\in Proc : Inc(p)) \\/ Flip
"""
CFG = "CONSTANT Proc = {{p1, p2}}\nSPECIFICATION {name}\n"


def run(tmp_path: Path, defs: str, name: str = "Spec", cfg: str = CFG) -> tuple[str, int, int]:
    (tmp_path / "Spec.tla").write_text(HEAD + defs + "\n====\n")
    (tmp_path / "Spec.cfg").write_text(cfg.format(name=name))
    result = check(tmp_path / "Spec.tla", trace_dir=None)
    return result.verdict, result.distinct_states, result.depth


EXPECTED = ("ok", 8, 5)  # x in 0..3, y in 0..1


@pytest.mark.parametrize(
    ("defs", "name"),
    [
        pytest.param("Spec == Init /\\ [][Next]_vars", "Spec", id="plain"),
        pytest.param(
            "Spec == Init /\\ [][Next]_vars\nspec_123 == Spec", "spec_123", id="through-a-name"
        ),
        pytest.param(
            "HC == Init /\\ [][Next]_vars\nLSpec == HC /\\ WF_vars(Next)", "LSpec", id="nested"
        ),
        pytest.param(
            "Spec ==\n  /\\ Init\n  /\\ [][Next]_vars\n  /\\ WF_vars(Next)", "Spec", id="bullets"
        ),
        pytest.param(
            "Fairness == \\A p \\in Proc : WF_vars(Inc(p))\n"
            "Spec == Init /\\ [][Next]_vars /\\ Fairness",
            "Spec",
            id="named-quantified-fairness",
        ),
        pytest.param("Spec == Init /\\ [][Next]_<<x, y>>", "Spec", id="tuple-subscript"),
        pytest.param(
            "Spec == x = 0 /\\ y = 0 /\\ [][Next]_vars", "Spec", id="init-made-of-conjuncts"
        ),
        pytest.param(
            "Spec == Init /\\ [][(\\E p \\in Proc : Inc(p)) \\/ Flip]_vars",
            "Spec",
            id="inline-next",
        ),
        pytest.param(
            "Spec == Init /\\ [][Next]_vars /\\ []<>(x = 3) /\\ SF_x(Flip)",
            "Spec",
            id="temporal-conjuncts",
        ),
    ],
)
def test_specification_forms(tmp_path: Path, defs: str, name: str) -> None:
    assert run(tmp_path, defs, name) == EXPECTED


def test_fairness_is_kept_for_liveness(tmp_path: Path) -> None:
    defs = (
        "Fairness == \\A p \\in Proc : WF_vars(Inc(p))\n"
        "Spec == Init /\\ [][Next]_vars /\\ Fairness /\\ SF_vars(Flip)"
    )
    run(tmp_path, defs)
    model = load_model(tmp_path / "Spec.tla")
    kinds = [type(p.expr).__name__ for p in model.bound.fairness]
    assert kinds == ["Quant", "Fairness"]
    assert model.bound.next.name == "Next" and model.bound.init.name == "Init"


def test_a_subscript_without_every_variable_is_a_warning(tmp_path: Path) -> None:
    run(tmp_path, "Spec == Init /\\ [][Next]_x")
    model = load_model(tmp_path / "Spec.tla")
    assert [w.code for w in model.bound.warnings] == ["E306"]
    assert "`y`" in model.bound.warnings[0].message


def test_an_init_split_over_modules_is_read_in_one_module(tmp_path: Path) -> None:
    (tmp_path / "Base.tla").write_text(
        "---- MODULE Base ----\nEXTENDS Naturals\nVARIABLE x\nInit == x = 0\n"
        "Next == x < 2 /\\ x' = x + 1\nSpec == Init /\\ [][Next]_x\n====\n"
    )
    (tmp_path / "Spec.tla").write_text(
        "---- MODULE Spec ----\nEXTENDS Base\nMCSpec == Spec /\\ x \\in 0..5\n====\n"
    )
    (tmp_path / "Spec.cfg").write_text("SPECIFICATION MCSpec\nCHECK_DEADLOCK FALSE\n")
    result = check(tmp_path / "Spec.tla", trace_dir=None)
    assert (result.verdict, result.distinct_states, result.depth) == ("ok", 3, 3)


CONSTANTS_ONLY = """---- MODULE Spec ----
EXTENDS Naturals
CONSTANT N
G(n) == n + 1
ASSUME G(3) = 4
ASSUME \\A k \\in 1..N : G(k) > k
====
"""


def test_a_model_of_constants_only(tmp_path: Path) -> None:
    # TLC: no INIT/NEXT needed when there are no variables; the ASSUMEs are checked
    # and the search has 0 states (tlaplus/Examples records 0 distinct states, depth 0).
    spec = CONSTANTS_ONLY
    (tmp_path / "Spec.tla").write_text(spec)
    (tmp_path / "Spec.cfg").write_text("CONSTANT N = 3\n")
    result = check(tmp_path / "Spec.tla", trace_dir=None)
    assert (result.verdict, result.distinct_states, result.depth) == ("ok", 0, 0)
    (tmp_path / "Spec.tla").write_text(spec.replace("G(3) = 4", "G(3) = 5"))
    with pytest.raises(CheckerError) as info:
        load_model(tmp_path / "Spec.tla")
    assert info.value.diagnostics[0].code == "E307"


def test_assume_may_call_parameterised_operators(tmp_path: Path) -> None:
    # Today's E207 ("ASSUME must be a constant formula, this one is state-level").
    spec = CONSTANTS_ONLY.replace(
        "====", "VARIABLE x\nBump(v) == v' = v + 1\nKeep(v) == UNCHANGED v\n===="
    )
    (tmp_path / "Spec.tla").write_text(spec)
    (tmp_path / "Spec.cfg").write_text(
        "CONSTANT N = 3\nINIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n"
    )
    model_text = spec.replace("====", "Init == x = 0\nNext == x < 2 /\\ Bump(x)\n====")
    (tmp_path / "Spec.tla").write_text(model_text)
    result = check(tmp_path / "Spec.tla", trace_dir=None)
    assert (result.verdict, result.distinct_states) == ("ok", 3)
    resolved = load_model(tmp_path / "Spec.tla").bound.resolved
    levels = {
        name: resolved.level(sym)
        for name in ("G", "Bump", "Keep")
        if (sym := resolved.symbol("Spec", name)) is not None
    }
    assert levels == {"G": 0, "Bump": 2, "Keep": 2}


def test_an_action_conjunct_is_refused_at_its_location(tmp_path: Path) -> None:
    with pytest.raises(CheckerError) as info:
        run(tmp_path, "Spec == Init /\\ [][Next]_vars /\\ Flip")
    diag = info.value.diagnostics[0]
    # as TLC, the definition is looked through: the action part of Flip is reported
    assert diag.code == "E306" and diag.span is not None and diag.span.line == 8


STUTTER = """---- MODULE Spec ----
EXTENDS Naturals
VARIABLES x, s
Step == x < 2 /\\ x' = x + 1
Post(A, n) == IF s = 0 THEN A /\\ s' = n ELSE UNCHANGED x /\\ s' = s - 1
Init == x = 0 /\\ s = 0
Next == Post(Step, 1)
====
"""


@pytest.mark.parametrize("codegen", ["1", "0"])
def test_an_action_passed_to_an_operator_is_a_conjunct_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, codegen: str
) -> None:
    # tlaplus/Examples' LockHS: PostStutter(l1(self), ...) == IF ... THEN /\\ A /\\ ...;
    # A stands for the action, whose x' = ... assigns (we read x' as a value: E406)
    monkeypatch.setenv("CHECKER_CODEGEN", codegen)
    (tmp_path / "Spec.tla").write_text(STUTTER)
    (tmp_path / "Spec.cfg").write_text("INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n")
    result = check(tmp_path / "Spec.tla", trace_dir=None)
    assert (result.verdict, result.distinct_states, result.depth) == ("ok", 5, 5)
