"""The expression IR (NOTE(expression-ir)): every name resolved once, as the resolver
scoped it; binders are identities; definitions lowered once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.diagnostics import CheckerError, SourceFile
from checker.ir import expr as ix
from checker.ir.lower_expr import ExprLowerer
from checker.lang import ast
from checker.lang.symbols import ResolvedSpec, Symbol
from checker.pipeline import build_model, resolve_file

ROOT = Path(__file__).resolve().parents[2]


def resolved(defs: str, cfg: str = "") -> ResolvedSpec:
    text = (
        "---- MODULE T ----\nEXTENDS Naturals, Sequences\nCONSTANT N\nVARIABLES x, y\n"
        f"{defs}\nInit == x = 0 /\\ y = 0\nNext == x' = x /\\ y' = y\n====\n"
    )
    model = build_model(
        SourceFile("T.tla", text),
        SourceFile("T.cfg", "INIT Init\nNEXT Next\nCONSTANT N = 3\n" + cfg),
    )
    return model.bound.resolved


def body(spec: ResolvedSpec, name: str) -> ix.Expr:
    sym = spec.symbol("T", name)
    assert sym is not None
    return ExprLowerer(spec, ("x", "y")).definition(sym).body


def nodes(e: object) -> Iterator[object]:
    """Every node of an IR tree (binders and definitions' symbols not followed)."""
    stack = [e]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, (list, tuple)):
            stack.extend(n)
        elif hasattr(n, "__dataclass_fields__") and not isinstance(n, (ix.Binder, Symbol)):
            stack.extend(
                getattr(n, f) for f in n.__dataclass_fields__ if f not in ("span", "symbol")
            )


def test_names_resolve_to_variables_constants_locals_and_definitions() -> None:
    spec = resolved("Sq(a) == a * a\nF == \\E i \\in 1..N : Sq(i) = x")
    e = body(spec, "F")
    assert isinstance(e, ix.Quant)
    (bound,) = e.bounds
    (i,) = bound.binders
    eq = e.body
    assert isinstance(eq, ix.OpApp) and eq.op == "="
    call, var = eq.args
    assert isinstance(var, ix.Var) and var.index == 0
    assert isinstance(call, ix.Call) and isinstance(call.target, ix.Global)
    assert isinstance(call.args[0], ix.Local) and call.args[0].binder is i
    dom = bound.domain
    assert isinstance(dom, ix.OpApp) and isinstance(dom.args[1], ix.Constant)


def test_two_binders_of_one_name_are_two_identities() -> None:
    e = body(resolved("F == (\\E i \\in 1..2 : i > 0) /\\ (\\E i \\in 3..4 : i > 0)"), "F")
    assert isinstance(e, ix.And)
    firsts = [q.bounds[0].binders[0] for q in e.items if isinstance(q, ix.Quant)]
    assert len(firsts) == 2 and firsts[0] is not firsts[1]
    assert firsts[0].name == firsts[1].name == "i"
    reads = [n.binder for n in nodes(e) if isinstance(n, ix.Local)]
    assert reads.count(firsts[0]) == 1 and reads.count(firsts[1]) == 1


def test_a_binders_domain_is_read_outside_it() -> None:
    # the inner `i`'s domain mentions the outer i
    e = body(resolved("F == \\E i \\in 1..2 : \\E j \\in i..3 : j > i"), "F")
    assert isinstance(e, ix.Quant) and isinstance(e.body, ix.Quant)
    outer_i = e.bounds[0].binders[0]
    dom = e.body.bounds[0].domain
    assert isinstance(dom, ix.OpApp) and isinstance(dom.args[0], ix.Local)
    assert dom.args[0].binder is outer_i


def test_let_definitions_see_earlier_ones_and_recursive_ones_themselves() -> None:
    spec = resolved(
        "F == LET a == 1\n         b == a + 1\n         RECURSIVE g(_)\n"
        "         g(n) == IF n = 0 THEN 0 ELSE g(n - 1)\n"
        "         f[k \\in 0..3] == IF k = 0 THEN 0 ELSE f[k - 1]\n     IN g(b) + f[2]"
    )
    e = body(spec, "F")
    assert isinstance(e, ix.Let)
    a, b, g, f = e.defs
    assert [d.recursive for d in e.defs] == [False, False, True, True]
    b_reads = [n.binder for n in nodes(b.body) if isinstance(n, ix.Local)]
    assert b_reads == [a.binder]
    g_calls = [n for n in nodes(g.body) if isinstance(n, ix.Call)]
    assert [c.target.binder for c in g_calls if isinstance(c.target, ix.LocalOp)] == [g.binder]
    assert f.bounds is not None and f.binder in [
        n.binder for n in nodes(f.body) if isinstance(n, ix.Local)
    ]


def test_operator_arguments_are_lambdas_and_names() -> None:
    spec = resolved(
        "Twice(Op(_), v) == Op(Op(v))\nNeg(q) == 0 - q\n"
        "F == Twice(LAMBDA z : z + 1, 0) + Twice(Neg, 1)"
    )
    e = body(spec, "F")
    assert isinstance(e, ix.OpApp)
    first, second = e.args
    assert isinstance(first, ix.Call) and isinstance(first.args[0], ix.Lambda)
    lam = first.args[0]
    assert isinstance(lam.body, ix.OpApp) and isinstance(lam.body.args[0], ix.Local)
    assert lam.body.args[0].binder is lam.params[0]
    assert isinstance(second, ix.Call) and isinstance(second.args[0], ix.OpName)
    assert isinstance(second.args[0].target, ix.Global)
    twice = body(spec, "Twice")
    assert isinstance(twice, ix.Call) and isinstance(twice.target, ix.LocalOp)


def test_a_replaced_definition_is_lowered_as_its_replacement() -> None:
    spec = resolved("Max == 10\nOther == 2\nF == Max + 1", cfg="CONSTANT Max <- Other\n")
    e = body(spec, "F")
    assert isinstance(e, ix.OpApp)
    call = e.args[0]
    assert isinstance(call, ix.Call) and isinstance(call.target, ix.Global)
    assert call.target.symbol.name == "Other"


def test_outer_names_are_left_to_the_consumer() -> None:
    spec = resolved("")
    low = ExprLowerer(spec, ("x", "y"))
    e = low.lower(ast_of(spec, "p + x"), "T", outer=("p",))
    assert isinstance(e, ix.OpApp)
    assert isinstance(e.args[0], ix.Outer) and e.args[0].name == "p"
    assert isinstance(e.args[1], ix.Var)


def ast_of(spec: ResolvedSpec, text: str) -> ast.Expr:
    from checker.lang.expression import parse_expression

    return parse_expression(text)[0]


def test_a_definition_is_lowered_once() -> None:
    spec = resolved("G == x + 1\nF == G * G")
    low = ExprLowerer(spec, ("x", "y"))
    sym = spec.symbol("T", "G")
    assert sym is not None
    assert low.definition(sym) is low.definition(sym)


def _specs() -> list[Path]:
    return sorted(
        p
        for p in [*ROOT.glob("specs/*.tla"), *ROOT.glob("tests/**/*.tla")]
        if "proof" not in p.name.lower()
    )


@pytest.fixture(scope="module")
def every_definition() -> list[tuple[str, ResolvedSpec, Symbol]]:
    """Every definition of every module of our specs that resolves without a model."""
    out = []
    for path in _specs():
        try:
            spec = resolve_file(path).spec
        except CheckerError:  # specs that are bad on purpose
            continue
        for scope in spec.scopes.values():
            for sym in scope.symbols.values():
                if sym.kind == "definition" and isinstance(sym.unit, (ast.OpDef, ast.FuncDef)):
                    out.append((str(path.relative_to(ROOT)), spec, sym))
    return out


def test_every_name_of_our_specs_resolves_as_the_resolver_did(
    every_definition: list[tuple[str, ResolvedSpec, Symbol]],
) -> None:
    """The lowering's scoping is the resolver's: across every definition of our specs and
    tests, no name is left unknown (an `unknown name` refusal would mean the lowering
    scoped a name differently)."""
    lowerers: dict[int, ExprLowerer] = {}
    count = 0
    for where, spec, sym in every_definition:
        variables = tuple(v.name for v in spec.variables)
        low = lowerers.setdefault(id(spec), ExprLowerer(spec, variables))
        d = low.definition(sym)
        unknown = [n for n in nodes(d.body) if isinstance(n, ix.Refused) and "unknown" in n.message]
        assert not unknown, (where, sym.name, unknown)
        count += 1
    assert count > 1000
