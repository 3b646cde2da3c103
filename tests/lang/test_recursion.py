"""Recursion 100,000 calls deep (NOTE(deep-recursion) in checker/stack.py): RECURSIVE
operators, recursive functions and mutual recursion evaluate on fresh deep threads when
the stack runs low, at load time, in generated code and in worker processes; infinite
recursion is a clean E409 (in a subprocess: never a crash or a segfault).

TLC, measured (tlc2 built from source, -workers 1): with its default stack it overflows
between Sum(400) and Sum(450) (the initial state's evaluation); with -Xss1g it evaluates
`Count(100000)` (RECURSIVE, 226 s) and `g[100000]` (a recursive function, 5 s).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tla_helpers import evaluate, failure, harness, model_of

import checker
import checker.stack
from checker.values import render

DEFS = textwrap.dedent(
    """\
    RECURSIVE Sum(_)
    Sum(n) == IF n = 0 THEN 0 ELSE n + Sum(n - 1)
    f[n \\in Nat] == IF n = 0 THEN 0 ELSE n + f[n - 1]
    RECURSIVE IsEven(_), IsOdd(_)
    IsEven(n) == IF n = 0 THEN TRUE ELSE IsOdd(n - 1)
    IsOdd(n) == IF n = 0 THEN FALSE ELSE IsEven(n - 1)
    RECURSIVE Count(_, _)
    Count(s, i) == IF i > Len(s) THEN 0 ELSE 1 + Count(s, i + 1)
    RECURSIVE Pick(_)
    Pick(n) == IF n = 0 THEN 0 ELSE 1 + Pick(CHOOSE k \\in {n - 1} : \\A j \\in {k} : j >= 0)"""
)


def test_recursion_100000_deep_at_load_time() -> None:
    """Constant expressions are folded when the model is built."""
    value = evaluate("<<Sum(100000), f[100000], IsEven(100000), IsOdd(100001)>>", defs=DEFS)
    assert render(value) == "<<5000050000, 5000050000, TRUE, TRUE>>"


def test_recursion_100000_deep_through_quantifiers_and_choose() -> None:
    assert evaluate("Pick(100000)", defs=DEFS) == 100000


def test_recursion_100000_deep_while_exploring() -> None:
    """A recursion on a state variable: evaluated by the closures (recursive operators)
    and by generated code (a recursive function is a constant that it applies)."""
    model = model_of(
        "EXTENDS Naturals, Sequences\nVARIABLE x\n"
        + DEFS
        + "\nInit == x = 100000\nNext == x' = x\nSums == Sum(x) = f[x]\n"
        "Even == IsEven(x)\nLength == Count([i \\in 1..x |-> i], 1) = x\n",
        "INIT Init\nNEXT Next\nINVARIANT Sums Even Length\n",
    )
    (state,) = model.init_states()
    assert model.violated_invariant(state) is None
    assert [t for _, t in model.successors(state)] == [state]


def test_recursion_in_worker_processes(tmp_path: Path) -> None:
    spec = tmp_path / "W.tla"
    spec.write_text(
        "---- MODULE W ----\nEXTENDS Naturals\n"
        + DEFS.split("\nf[")[0]
        + "\nVARIABLE x\nInit == x \\in 0..3\nNext == x' = (x + 1) % 4\n"
        "Inv == Sum(99997 + x) > 0\n====\n"
    )
    (tmp_path / "W.cfg").write_text("INIT Init\nNEXT Next\nINVARIANT Inv\n")
    result = checker.check(spec, workers=2, trace_dir=None)
    assert (result.verdict, result.distinct_states) == ("ok", 4)


def test_a_recursion_that_never_ends_is_located_e409() -> None:
    diag = failure(lambda: harness("LET RECURSIVE F(_) F(n) == F(n + 1) IN F(1)").init_states())
    assert diag.code == "E409" and "200,000 calls" in diag.message, diag
    assert diag.span is not None and (diag.span.line, diag.span.col) == (4, 35)


INFINITE = textwrap.dedent(
    """\
    ---- MODULE Inf ----
    EXTENDS Naturals, Sequences, TLC
    CONSTANT Which
    RECURSIVE Loop(_)
    Loop(n) == Loop(n + 1)
    g[n \\in Nat] == g[n + 1]
    RECURSIVE E(_), O(_)
    E(n) == O(n + 1)
    O(n) == \\A k \\in {n} : E(k + 1)
    RECURSIVE M(_)
    M(n) == {M(n + 1) : k \\in {n}}
    VARIABLE x
    Init == x = CASE Which = 1 -> Loop(0) [] Which = 2 -> g[0] [] Which = 3 -> E(0)
                  [] Which = 4 -> M(0)
    Next == UNCHANGED x
    ====
    """
)


@pytest.mark.parametrize(
    ("which", "line"),
    [(1, 5), (2, 6), (3, 9), (4, 11)],
    ids=["operator", "function", "mutual-through-quantifier", "through-a-generator"],
)
def test_infinite_recursion_is_e409_not_a_crash(tmp_path: Path, which: int, line: int) -> None:
    """In a subprocess, through the CLI: a segfault would be exit code -11. The last case
    recurses through C (a generator resumed by a comprehension): C stack as well as Python
    frames."""
    (tmp_path / "Inf.tla").write_text(INFINITE)
    (tmp_path / "Inf.cfg").write_text(f"CONSTANT Which = {which}\nINIT Init\nNEXT Next\n")
    proc = subprocess.run(
        [sys.executable, "-m", "checker", "check", "Inf.tla", "--no-trace-file", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    assert "error[E409]: recursion too deep" in proc.stderr
    assert f"Inf.tla:{line}:" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_recursion_that_uses_up_the_c_stack_is_e409(monkeypatch: pytest.MonkeyPatch) -> None:
    """A recursion through C (SortSeq calls its comparator from C) on small deep threads
    whose Python budget outlasts their C stack: once MAX_STACK_BYTES of C stack is used,
    E409 (the bound on the memory a runaway recursion takes)."""
    monkeypatch.setattr(checker.stack, "DEEP_STACK_BYTES", 32 * 1024 * 1024)
    monkeypatch.setattr(checker.stack, "BYTES_PER_FRAME", 16)
    monkeypatch.setattr(checker.stack, "MAX_STACK_BYTES", 16 * 1024 * 1024)
    expr = (
        "LET RECURSIVE S(_) S(n) == IF n = 0 THEN 0 "
        "ELSE Len(SortSeq(<<1, 2>>, LAMBDA a, b : S(n - 1) >= 0)) IN S(100000)"
    )
    diag = failure(lambda: harness(expr).init_states())
    assert diag.code == "E409" and "stack holds" in diag.message, diag


@pytest.mark.parametrize(
    ("defs", "expr", "expected"),
    [
        (
            "C[i \\in 0..5, j \\in 0..5] == IF i = 0 \\/ j = 0 THEN 1 ELSE C[i-1, j] + C[i, j-1]",
            "<<C[5, 5], C[2, 3]>>",
            "<<252, 10>>",
        ),
        (
            "P[<<a, b>> \\in (0..3) \\X (0..3)] == IF a = 0 THEN b ELSE P[a - 1, b] + 1",
            "P[3, 2]",
            "5",
        ),
        (
            "G[n, m \\in 0..4] == IF n = 0 THEN m ELSE G[n-1, m] * 2",
            "<<G[4, 3], DOMAIN G = (0..4) \\X (0..4)>>",
            "<<48, TRUE>>",
        ),
    ],
)
def test_recursive_functions_of_several_arguments(defs: str, expr: str, expected: str) -> None:
    # tlaplus/Examples' TransitiveClosure defines one (it was E106)
    assert render(evaluate(expr, defs=defs)) == expected
