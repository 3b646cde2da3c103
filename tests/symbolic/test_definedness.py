"""NOTE(definedness): an application outside a function's domain, or a CASE no arm of which
applies, is an error where TLC evaluates it. bmc reports it in a reachable state (as the
explicit engine does), prove refuses it where the invariant allows it, and a guard (a
conjunct before it, an IF, a quantifier's binding, the branch's guards) makes it defined,
through LET values, definitions and operator arguments reused under other guards."""

from __future__ import annotations

from pathlib import Path

import pytest

import checker
from checker.diagnostics import CheckerError

HEAD = """---- MODULE M ----
EXTENDS Naturals
VARIABLES x, y
f == [i \\in 1..3 |-> i * 10]
Init == x = 1 /\\ y = 10
"""
CFG = "INIT Init\nNEXT Next\nINVARIANT Inv\n"


def _spec(tmp_path: Path, body: str, inv: str = "Inv == y < 100") -> tuple[Path, Path]:
    tla = tmp_path / "M.tla"
    tla.write_text(f"{HEAD}{body}\n{inv}\n====\n")
    cfg = tmp_path / "M.cfg"
    cfg.write_text(CFG)
    return tla, cfg


def _error(call: object) -> tuple[str, int, str]:
    with pytest.raises(CheckerError) as info:
        assert callable(call)
        call()
    d = info.value.diagnostics[0]
    assert d.span is not None
    notes = " | ".join(n.message for n in d.notes)
    return d.code, d.span.line, notes


def _explicit(tla: Path, cfg: Path, tmp_path: Path) -> tuple[str, int]:
    """The explicit engine's evaluation error: code and line."""
    r = checker.check(tla, cfg, trace_dir=tmp_path)
    assert r.verdict == "error" and r.error is not None and r.error.span is not None
    return r.error.code, r.error.span.line


def _bmc(tla: Path, cfg: Path, tmp_path: Path) -> checker.BmcResult:
    return checker.bmc(tla, cfg, depth=6, trace_dir=tmp_path)


UNGUARDED = "Next == x' = (x + 1) % 4 /\\ y' = f[x']"


def test_bmc_reports_an_application_outside_the_domain_in_a_reachable_state(
    tmp_path: Path,
) -> None:
    tla, cfg = _spec(tmp_path, UNGUARDED)
    code, line, notes = _error(lambda: _bmc(tla, cfg, tmp_path))
    assert (code, line) == ("E403", 6)  # before: "no violation within 6 steps"
    assert "reachable in 2 step(s)" in notes
    assert "/\\ x = 3" in notes and "/\\ y = 30" in notes
    # the explicit engine stops at the same place with the same code
    assert _explicit(tla, cfg, tmp_path) == ("E403", 6)


def test_prove_refuses_an_application_the_invariant_does_not_make_defined(
    tmp_path: Path,
) -> None:
    tla, cfg = _spec(tmp_path, UNGUARDED)
    code, line, _ = _error(lambda: checker.prove(tla, cfg))
    assert (code, line) == ("E602", 6)  # before: "Inv is inductive"


def test_bmc_reports_a_case_no_arm_of_which_applies(tmp_path: Path) -> None:
    body = "Next == x' = (x + 1) % 4 /\\ y' = CASE x' = 1 -> 1 [] x' = 2 -> 2 [] x' = 3 -> 3"
    tla, cfg = _spec(tmp_path, body)
    code, line, notes = _error(lambda: _bmc(tla, cfg, tmp_path))
    assert (code, line) == ("E409", 6)
    assert "reachable in 2 step(s)" in notes
    assert _explicit(tla, cfg, tmp_path) == ("E409", 6)


GUARDED = {
    "if": "Next == x' = (x + 1) % 4 /\\ y' = IF x' \\in DOMAIN f THEN f[x'] ELSE 0",
    "conjunct": "Next == \\/ /\\ x' = (x + 1) % 4\n           /\\ x' # 0\n"
    "           /\\ y' = f[x']\n        \\/ x = 3 /\\ x' = 0 /\\ y' = 0",
    "let": "Next == x' = (x + 1) % 4 /\\ LET v == f[x'] IN IF x' = 0 THEN y' = 0 ELSE y' = v",
    "definition": "G(i) == f[i]\nNext == x' = (x + 1) % 4 /\\ y' = IF x' > 0 THEN G(x') ELSE 0",
    "operator argument": "Ap(F(_), i) == IF i > 0 THEN F(i) ELSE 0\n"
    "Next == x' = (x + 1) % 4 /\\ y' = Ap(LAMBDA i : f[i], x')",
    "quantifier": "Next == x' = (x + 1) % 4 /\\ y' = 10 /\\ \\A i \\in {x'} \\ {0} : f[i] > 0",
    "or": "Next == x' = (x + 1) % 4 /\\ y' = IF x' = 0 \\/ f[x'] > 0 THEN 10 ELSE 20",
}


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_a_guarded_application_is_defined(tmp_path: Path, name: str) -> None:
    tla, cfg = _spec(tmp_path, GUARDED[name])
    assert checker.check(tla, cfg, trace_dir=tmp_path).verdict == "ok"
    assert _bmc(tla, cfg, tmp_path).verdict == "ok"
    assert checker.prove(tla, cfg).verdict == "ok"


def test_a_definition_reused_without_its_guard_is_still_checked(tmp_path: Path) -> None:
    """G(x') is translated once per state (memoised) under a guard, then reused where
    nothing guards it: the second use must still be found."""
    body = (
        "G(i) == f[i]\n"
        "Next == /\\ x' = (x + 1) % 4\n"
        "        /\\ y' = IF x' > 0 THEN G(x') ELSE 0\n"
        "        /\\ G(x') > 0"
    )
    tla, cfg = _spec(tmp_path, body)
    code, line, _ = _error(lambda: _bmc(tla, cfg, tmp_path))
    assert (code, line) == ("E403", 6)  # the body of G, as the explicit engine's
    assert _explicit(tla, cfg, tmp_path) == ("E403", 6)


def test_an_action_disjunct_is_evaluated_whatever_the_others_give(tmp_path: Path) -> None:
    """Disjuncts of an action are branches: TLC evaluates each one (the second here
    even where the first holds), so f[x'] is an error when x' = 0."""
    body = "Next == x' = (x + 1) % 4 /\\ y' = 10 /\\ (x' = 0 \\/ f[x'] > 0)"
    tla, cfg = _spec(tmp_path, body)
    assert _explicit(tla, cfg, tmp_path) == ("E403", 6)
    assert _error(lambda: _bmc(tla, cfg, tmp_path))[:2] == ("E403", 6)


def test_an_integer_function_of_a_symbolic_argument_is_compared(tmp_path: Path) -> None:
    """NOTE(raw-z3): f[x] merges numerals no other term holds; they were freed before Z3
    used them (a segmentation fault, or a term of the wrong sort: an internal error)."""
    body = "g == [i \\in 0..3 |-> i * 10 + 7]\nNext == x' = (x + 1) % 4 /\\ y' = y"
    tla, cfg = _spec(tmp_path, body, inv="Inv == g[x] >= 0 /\\ g[x] # 1000")
    assert _bmc(tla, cfg, tmp_path).verdict == "ok"
    assert checker.prove(tla, cfg).verdict == "ok"


def test_an_invariant_applied_outside_the_domain_is_found_where_it_is_evaluated(
    tmp_path: Path,
) -> None:
    tla, cfg = _spec(tmp_path, "Next == x' = (x + 1) % 4 /\\ y' = y", inv="Inv == f[x] > 0")
    code, _, notes = _error(lambda: _bmc(tla, cfg, tmp_path))
    assert code == "E403" and "reachable in 3 step(s)" in notes and "/\\ x = 0" in notes
