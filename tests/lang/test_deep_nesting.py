"""Deeply nested and very long expressions through every stage (issue 12, item 10).

Nesting is read by an iterative parser, checked once against MAX_NESTING
(NOTE(nesting-limit)), then walked recursively on deep threads (NOTE(deep-recursion));
a chain `a + b + ... + z` is one wide node (NOTE(flat-chains)); nested scopes look names
up without walking their parents (NOTE(deep-scopes)). Beyond the limits: E104 with a
file:line:col. The sizes here are a few thousand (the old limits were about 200); one
test goes to 100,000 levels and one to 150,000 terms.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from checker import check
from checker.cli.main import main
from checker.diagnostics import CheckerError, SourceFile
from checker.lang import ast, nesting
from checker.lang.parser import parse_module
from checker.lang.printer import show
from checker.lang.scopechain import Nested
from checker.stack import on_fresh_stack
from checker.symbolic.api import bmc

N = 3000

SPEC = """---- MODULE Deep ----
EXTENDS Integers, Sequences
VARIABLE v
X ==
{body}
Init == v = <<>>
Next == v' = <<X>>
Inv == Len(v) = 0
====
"""


def _nested(n: int, wrap: Callable[[Any], Any], leaf: Any) -> Any:
    value = leaf
    for _ in range(n):
        value = wrap(value)
    return value


def _lets(n: int) -> str:
    defs = "LET a0 == 1 IN " + "".join(f"LET a{i} == a{i - 1} + 1 IN " for i in range(1, n))
    return defs + f"a{n - 1}"


# name -> (the body of X, the value X must have)
CASES: dict[str, tuple[str, Any]] = {
    "braces": ("{" * N + "1" + "}" * N, _nested(N, lambda x: frozenset({x}), 1)),
    "tuples": ("<<" * N + "1" + ">>" * N, _nested(N, lambda x: (x,), 1)),
    "parentheses": ("(" * N + "1" + ")" * N, 1),
    "IF/THEN/ELSE": ("IF v = <<>> THEN " * N + "7" + " ELSE 0" * N, 7),
    "CASE": ("CASE v = <<1>> -> 0 [] OTHER -> " * N + "8", 8),
    "LET": (_lets(N), N),
    "quantifiers": ("".join(f"\\E q{i} \\in {{{i}}} : " for i in range(N)) + "q0 = 0", True),
    "records": ("[a |-> " * N + "5" + "]" * N + ".a" * N, 5),
    "functions": (
        "".join(f"[f{i} \\in {{{i}}} |-> " for i in range(N))
        + "6"
        + "]" * N
        + "".join(f"[{i}]" for i in range(N)),
        6,
    ),
    "function applications": ("<<" * N + "4" + ">>" * N + "[1]" * N, 4),
    "junction lists": ("/\\ " * N + "v = <<>>", True),
    "prefix operators": ("~ " * N + "TRUE", True),
    "a + chain": (" + ".join(["1"] * N), N),
    "a - chain": (f"{2 * N}" + " - 1" * N, N),
    "a * and + chain": (" + ".join(["2 * 3"] * N), 6 * N),
    "a \\cup chain": (" \\cup ".join(f"{{{i}}}" for i in range(N)), frozenset(range(N))),
    "a \\o chain": (" \\o ".join(f"<<{i}>>" for i in range(N)), tuple(range(N))),
    "a /\\ chain": (" /\\ ".join(["v = <<>>"] * N), True),
    "a \\/ chain": (" \\/ ".join(["v = <<1>>"] * N + ["v = <<>>"]), True),
}


def _spec(tmp_path: Path, body: str, **extra: str) -> Path:
    path = tmp_path / "Deep.tla"
    path.write_text(SPEC.format(body=body))
    (tmp_path / "Deep.cfg").write_text("INIT Init\nNEXT Next\nINVARIANT Inv\n")
    for name, text in extra.items():
        (tmp_path / name).write_text(text)
    return path


@pytest.mark.parametrize("name", list(CASES))
def test_deep_or_long_expressions_are_checked(name: str, tmp_path: Path) -> None:
    """Parsed, resolved, compiled and evaluated: X's value is the counterexample's."""
    body, value = CASES[name]
    result = check(_spec(tmp_path, body), trace_dir=None)
    assert result.verdict == "violation" and result.distinct_states == 2, result.error
    assert result.violation is not None
    got = result.violation.trace.steps[1].state[0]
    assert on_fresh_stack(lambda: got == (value,))  # too deep to compare on the main thread


def test_chains_generated_as_python_and_as_closures_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A short chain is generated code (NOTE(codegen-fallback)), folded left to right."""
    body = "1000 - 1 - 2 - 3 * 4 - 5 - 6 + 7 + 8 - 9"
    expected = 1000 - 1 - 2 - 3 * 4 - 5 - 6 + 7 + 8 - 9
    for codegen in ("1", "0"):
        monkeypatch.setenv("CHECKER_CODEGEN", codegen)
        result = check(_spec(tmp_path, body), trace_dir=None)
        assert result.violation is not None
        assert result.violation.trace.steps[1].state[0] == (expected,)


def test_an_error_in_a_chain_is_located_at_its_operands_so_far(tmp_path: Path) -> None:
    result = check(_spec(tmp_path, '1 + 2 + "a" + 4'), trace_dir=None)
    assert result.verdict == "error" and result.error is not None and result.error.span
    span = result.error.span
    assert (span.line, span.col, span.end_line, span.end_col) == (5, 1, 5, 12)


def test_a_chain_of_a_users_own_operator_nests_to_the_left(tmp_path: Path) -> None:
    """Without Naturals, `+` is the spec's own operator: ((1 + 1) + 1) ..., applied."""
    spec = _spec(tmp_path, "")
    spec.write_text(
        "---- MODULE Deep ----\nVARIABLE v\n"
        "a + b == <<a, b>>\n"
        f"X == {' + '.join(['1'] * 300)}\n"
        "Init == v = 0\nNext == v' = X\nInv == v = 0\n====\n"
    )
    result = check(spec, trace_dir=None)
    assert result.violation is not None
    assert result.violation.trace.steps[1].state[0] == _nested(299, lambda x: (x, 1), 1)


def test_an_instantiated_modules_deep_expression(tmp_path: Path) -> None:
    inner = "---- MODULE Inner ----\nEXTENDS Naturals\nY == " + " + ".join(["1"] * N)
    inner += "\nZ == " + "<<" * N + "2" + ">>" * N + "[1]" * N + "\n====\n"
    spec = _spec(tmp_path, "I!Y + I!Z", **{"Inner.tla": inner})
    spec.write_text(spec.read_text().replace("X ==", "I == INSTANCE Inner\nX =="))
    result = check(spec, trace_dir=None)
    assert result.violation is not None
    assert result.violation.trace.steps[1].state[0] == (N + 2,)


def test_the_symbolic_checker_reads_chains_and_nesting(tmp_path: Path) -> None:
    body = " + ".join(["1"] * N) + " + " + "(" * N + "IF v = 0 THEN 1 ELSE 2" + ")" * N
    spec = _spec(tmp_path, body)
    spec.write_text(
        SPEC.format(body=body)
        .replace("v = <<>>", "v = 0")
        .replace("<<X>>", "X")
        .replace("Len(v) = 0", f"v \\in 0..{2 * N} /\\ v = 0")
    )
    result = on_fresh_stack(lambda: bmc(spec, depth=1, trace_dir=None))
    assert result.violation is not None
    assert result.violation.trace.steps[-1].state[0] == N + 1


def test_printed_chains_show_how_they_are_read() -> None:
    src = SourceFile("M.tla", "---- MODULE M ----\nA == " + " - ".join("abcd") + "\n====")
    (unit,) = parse_module(src).units
    assert isinstance(unit, ast.OpDef)
    assert show(unit.body) == "(((a - b) - c) - d)"


# -- the limits ---------------------------------------------------------------------------


def _failure(action: Callable[[], object]) -> tuple[str, int, int]:
    with pytest.raises(CheckerError) as info:
        on_fresh_stack(action)
    d = info.value.diagnostics[0]
    assert d.span is not None
    return d.code, d.span.line, d.span.col


def test_nesting_beyond_the_limit_is_located(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """E104 at the first place in the text nested deeper than the limit (the definition
    is level 1, so the k-th `{` is level k + 1)."""
    monkeypatch.setattr(nesting, "MAX_NESTING", 500)
    for body, col in [
        ("{" * 600 + "1" + "}" * 600, 500),
        ("IF v = 0 THEN " * 600 + "1" + " ELSE 0" * 600, 1 + 497 * 14 + 3),  # 498th IF's `v`
        ("~ " * 600 + "TRUE", 1 + 499 * 2),
    ]:
        spec = _spec(tmp_path, body)
        assert _failure(lambda spec=spec: check(spec, trace_dir=None)) == ("E104", 5, col)


def test_the_parser_refuses_nesting_beyond_its_stack_as_it_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nesting, "MAX_PARSER_STACK", 1000)
    spec = _spec(tmp_path, "{" * 2000 + "1" + "}" * 2000)
    code, line, col = _failure(lambda: check(spec, trace_dir=None))
    assert (code, line) == ("E104", 5) and 900 < col < 1000


def test_the_cli_shows_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(nesting, "MAX_NESTING", 100)
    spec = _spec(tmp_path, "<<" * 200 + "1" + ">>" * 200)
    assert main(["parse", str(spec)]) == 2
    err = capsys.readouterr().err
    assert "error[E104]: expression nested too deeply" in err
    assert f"{spec}:5:" in err


# -- scopes -------------------------------------------------------------------------------


class _Scope(Nested[int]):
    def __init__(self, parent: _Scope | None = None) -> None:
        self.parent, self.names = parent, {}
        self.nest()


def test_scopes_find_names_in_their_parents_only() -> None:
    """NOTE(deep-scopes): siblings' names stay invisible; a scope given up (a sibling was
    made after it) still finds its own and its parents' names."""
    root = _Scope()
    root.names["r"] = 0
    first = _Scope(root)
    first.names["x"] = 1
    inner = _Scope(first)
    inner.names["y"] = 2
    assert (inner.lookup("x"), inner.lookup("r"), inner.lookup("z")) == (1, 0, None)
    second = _Scope(root)  # `first` and `inner` are given up
    second.names["y"] = 3
    assert (second.lookup("x"), second.lookup("y"), second.lookup("r")) == (None, 3, 0)
    assert (inner.lookup("y"), inner.lookup("x"), first.lookup("y")) == (2, 1, None)
    deeper = _Scope(inner)  # made from a scope given up: walks its parents
    assert (deeper.lookup("y"), deeper.lookup("r")) == (2, 0)
    assert second.lookup("y") == 3 and root.lookup("y") is None


# -- the big sizes ------------------------------------------------------------------------


def test_100000_levels_of_nesting(tmp_path: Path) -> None:
    n = 100_000
    result = check(_spec(tmp_path, "<<" * n + "1" + ">>" * n), trace_dir=None)
    assert result.violation is not None
    got = result.violation.trace.steps[1].state[0]
    assert on_fresh_stack(lambda: got == (_nested(n, lambda x: (x,), 1),))


def test_a_chain_of_150000_terms(tmp_path: Path) -> None:
    """(1,000,000 terms: see bench/RESULTS.md.)"""
    n = 150_000
    result = check(_spec(tmp_path, " + ".join(["1"] * n)), trace_dir=None)
    assert result.violation is not None
    assert result.violation.trace.steps[1].state[0] == (n,)
