"""NOTE(closedness): an IR expression is closed when it reads no binder bound outside it
and nothing its consumer counts as open; each node is decided once, bottom-up."""

from __future__ import annotations

from test_expr_lowering import body, resolved

from checker.diagnostics import SourceFile, Span
from checker.ir import expr as ix
from checker.ir.closedness import Closedness


def _opens_variables(node: object) -> bool:
    return isinstance(node, (ix.Var, ix.Prime))


def test_a_binder_bound_inside_is_closed_and_read_from_outside_is_not() -> None:
    spec = resolved(
        "Q == \\E k \\in {1, 2} : k > 1\n"
        "L == LET m == 2 IN m + 1\n"
        "F == [k \\in 1..2 |-> k * 2]\n"
        "S == \\E k \\in {1, 2} : k > x\n"
    )
    c = Closedness(_opens_variables)
    q = body(spec, "Q")
    assert isinstance(q, ix.Quant)
    assert c.closed(q)
    assert not c.closed(q.body)  # `k > 1` reads k, bound around it
    assert c.closed(body(spec, "L"))
    assert c.closed(body(spec, "F"))
    assert not c.closed(body(spec, "S"))  # reads the variable x
    free = c.info(q.body)[1]
    assert [b.name for b in free] == ["k"]


def test_a_deep_expression_is_decided_without_recursion() -> None:
    span = Span(SourceFile("T.tla", "x"), 1, 1, 1, 2)
    e: ix.Expr = ix.Lit(span, 1)
    for _ in range(20_000):
        e = ix.OpApp(span, "+", (e, ix.Lit(span, 1)))
    c = Closedness(_opens_variables)
    assert c.closed(e)
    b = ix.Binder("k", span)
    assert not c.closed(ix.OpApp(span, "+", (e, ix.Local(span, b))))
