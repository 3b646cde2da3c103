"""The corpus under tests/specs: every spec parses, and a fact about each is checked.

The corpus is written by the project (no published specs). Together its specs use every
construct of the supported subset; `test_corpus_uses_every_construct` keeps it so.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tla_helpers import SPECS, evaluate

from checker.compile.model import Model
from checker.diagnostics import SourceFile
from checker.lang import ast
from checker.lang.loader import LoadedSpec, load_spec
from checker.lang.parser import parse_module
from checker.lang.printer import show
from checker.lang.resolve import resolve
from checker.pipeline import load_model
from checker.values import render

CORPUS = sorted(SPECS.glob("*.tla"))


def definitions(module: ast.Module) -> list[str]:
    return [u.name for u in module.units if isinstance(u, (ast.OpDef, ast.FuncDef))]


def reachable(model: Model) -> set[Any]:
    """Every state reachable from the initial states (breadth-first, through the Model)."""
    seen = set(model.init_states())
    queue = deque(seen)
    while queue:
        for _, nxt in model.successors(queue.popleft()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_every_corpus_spec_parses_and_resolves(path: Path) -> None:
    loaded = load_spec(path)
    assert loaded.root.name == path.stem
    resolve(loaded)


def test_counter() -> None:
    module = load_spec(SPECS / "Counter.tla").root
    assert [r.name for r in module.extends] == ["Naturals"]
    kinds = [type(u).__name__ for u in module.units]
    assert kinds[:3] == ["ConstantDecl", "Assume", "VariableDecl"]
    assert definitions(module) == ["TypeOK", "Init", "Inc", "Reset", "Next", "Spec"]
    model = load_model(SPECS / "Counter.tla", SPECS / "Counter.cfg")
    assert sorted(reachable(model)) == [(0,), (1,), (2,), (3,)]


def test_extends_a_module_beside_the_spec() -> None:
    loaded: LoadedSpec = load_spec(SPECS / "Derived.tla")
    assert [m.name for m in loaded.modules] == ["Base", "Derived"]
    base = loaded.module("Base")
    local = [u for u in base.units if isinstance(u, ast.OpDef) and u.local]
    assert [u.name for u in local] == ["Double"]
    symbols = resolve(loaded).root_scope.symbols
    assert "Twice" in symbols and "SumSeq" in symbols and "Double" not in symbols
    assert symbols["Len"].kind == "builtin" and symbols["Cardinality"].kind == "builtin"
    model = load_model(SPECS / "Derived.tla", SPECS / "Derived.cfg")
    states = reachable(model)
    assert len(states) == 8  # two alternating writers, three writes each way
    assert all(model.violated_invariant(s) is None for s in states)


def test_local_definitions_are_not_exported(tmp_path: Path) -> None:
    (tmp_path / "Base.tla").write_text((SPECS / "Base.tla").read_text())
    user = tmp_path / "User.tla"
    user.write_text("---- MODULE User ----\nEXTENDS Base\nA == Double(1)\n====\n")
    from checker.diagnostics import CheckerError

    with pytest.raises(CheckerError) as info:
        resolve(load_spec(user))
    assert info.value.diagnostics[0].code == "E201"
    assert "Double" in info.value.diagnostics[0].message


def test_recursion() -> None:
    module = load_spec(SPECS / "Recursion.tla").root
    recursive = [u.name for u in module.units if isinstance(u, ast.Recursive)]
    assert recursive == ["Fact", "IsEven", "IsOdd", "SetSum"]
    functions = [u.name for u in module.units if isinstance(u, ast.FuncDef)]
    assert functions == ["fib", "sumTo", "Squares"]
    value = evaluate("Results", extends="Recursion", directory=SPECS)
    assert render(value) == "<<120, TRUE, TRUE, 55, 6765, 5050, <<1, 4, 9, 16>>, <<3, 2, 1>>, 1>>"


def test_comments_and_pluscal() -> None:
    loaded = load_spec(SPECS / "Comments.tla")
    resolved = resolve(loaded)
    # the PlusCal algorithm (in a comment) declares nothing; its translation is the spec
    assert [v.name for v in resolved.variables] == ["hour", "pc"]
    assert definitions(loaded.root) == [
        "vars", "Init", "Tick", "Next", "Spec", "Strings", "HourOK",
    ]  # fmt: skip
    (strings,) = [u.body for u in loaded.root.units if getattr(u, "name", "") == "Strings"]
    assert isinstance(strings, ast.Tuple)
    values = [s.value for s in strings.items if isinstance(s, ast.Str)]
    assert values == ["(* not a comment *)", "\\* nor this", 'a "quoted" word']
    model = load_model(SPECS / "Comments.tla", SPECS / "Comments.cfg")
    states = reachable(model)
    assert sorted(s[0] for s in states) == list(range(1, 13))


def test_unicode_spellings_parse_as_ascii() -> None:
    uni = parse_module(SourceFile("U.tla", (SPECS / "Unicode.tla").read_text("utf-8")))
    asc = parse_module(SourceFile("A.tla", (SPECS / "UnicodeAscii.tla").read_text("utf-8")))
    pairs = list(zip(uni.units, asc.units, strict=True))
    assert len(pairs) == 14
    for u, a in pairs:
        assert isinstance(u, ast.OpDef) and isinstance(a, ast.OpDef)
        assert (u.name, show(u.body)) == (a.name, show(a.body))
    text = (SPECS / "Unicode.tla").read_text("utf-8")
    symbols = "\u2227 \u2228 \u00ac \u2200 \u2203 \u2208 \u2209 \u225c \u27e8 \u27e9 \u222a \u2229"
    symbols += " \u2286 \u2264 \u2265 \u2260 \u21a6 \u00d7 \u2192 \u21d2 \u2261 \u21d4"
    for symbol in symbols.split(" "):
        assert symbol in text


def test_temporal_formulas_are_kept() -> None:
    module = load_spec(SPECS / "Temporal.tla").root
    bodies = {u.name: u.body for u in module.units if isinstance(u, ast.OpDef)}
    spec = bodies["Spec"]
    assert isinstance(spec, ast.And)
    fairness = [i for i in spec.items if isinstance(i, ast.Fairness)]
    assert [(f.kind, show(f.sub), show(f.action)) for f in fairness] == [
        ("WF", "vars", "Go"),
        ("SF", "<<light, count>>", "Stop"),
    ]
    assert show(bodies["LeadsTo"]) == '((light = "red") ~> (light = "green"))'
    assert show(bodies["Alternates"]) == '([]((light = "red") => (<>(light = "green"))))'
    assert show(bodies["Changes"]) == "([][(light' # light)]_light)"
    assert show(bodies["Moving"]) == "<<Next>>_vars"
    model = load_model(SPECS / "Temporal.tla", SPECS / "Temporal.cfg")
    assert model.init_states() == [("red", 0)]
    assert len(reachable(model)) == 6


def test_tokens_model_values_and_substitution() -> None:
    model = load_model(SPECS / "Tokens.tla", SPECS / "Tokens.cfg")
    assert model.model_values == ["None", "n1", "n2", "n3"]
    states = reachable(model)
    assert len(states) == 9  # a holder (3), or a message in flight (3 x 2)
    assert all(model.violated_invariant(s) is None for s in states)


def test_proofs_are_parsed_and_set_aside() -> None:
    loaded = load_spec(SPECS / "Proofs.tla")
    theorems = [u for u in loaded.root.units if isinstance(u, ast.Theorem)]
    assert [t.name for t in theorems] == [
        "HoursFinite", "TypeInvariant", "Typed", "Pick", "Take", "Bounded",
    ]  # fmt: skip
    assert [t.proof is not None for t in theorems] == [True] * 5 + [False]
    pick = theorems[3].statement
    assert isinstance(pick, ast.AssumeProve)
    kinds = [(a.kind, a.name) for a in pick.assumptions if isinstance(a, ast.NewDecl)]
    assert kinds == [
        ("CONSTANT", "S"), ("CONSTANT", "x"), ("CONSTANT", "F"), ("VARIABLE", "v"),
        ("STATE", "P"), ("ACTION", "A"), ("TEMPORAL", "T"),
    ]  # fmt: skip
    subs = [u.module.name for u in loaded.root.units if isinstance(u, ast.Submodule)]
    assert subs == ["Dial", "Display"] and sorted(loaded.submodules) == subs
    resolved = resolve(loaded)
    assert [v.name for v in resolved.variables] == ["hour", "ticks"]
    assert [c.name for c in resolved.constants] == ["N"]  # not Dial's Face
    assert "Shown" in resolved.scopes["Display"].symbols
    assert "Shown" not in resolved.root_scope.symbols
    model = load_model(SPECS / "Proofs.tla", SPECS / "Proofs.cfg")  # the AXIOM is false
    states = reachable(model)
    assert len(states) == 6  # as TLC
    assert all(model.violated_invariant(s) is None for s in states)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Value_Nested", True),
        ("Value_Left", False),
        ("Value_Right", True),
        ("Value_Closers", True),
        ("Value_Count", 3),
        ("Value_Empty", False),
    ],
)
def test_junctions(name: str, value: object) -> None:
    assert evaluate(name, extends="Junctions", directory=SPECS) == value


# ---------------------------------------------------------------------------------------
# Coverage of the constructs


def nodes(x: Any) -> Iterator[Any]:
    stack = [x]
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(node)
        elif hasattr(node, "__dataclass_fields__"):
            yield node
            stack.extend(getattr(node, f) for f in node.__dataclass_fields__ if f != "span")


def corpus_nodes() -> list[Any]:
    out: list[Any] = []
    for path in CORPUS:
        out.extend(nodes(parse_module(SourceFile(str(path), path.read_text("utf-8")))))
    return out


def test_corpus_uses_every_construct() -> None:
    found = corpus_nodes()
    kinds = {type(n).__name__ for n in found}
    expected = {
        name
        for name, cls in vars(ast).items()
        if isinstance(cls, type)
        and cls.__module__ == ast.__name__
        and hasattr(cls, "__dataclass_fields__")
    } - {"Expr", "Unit", "Unsupported", "UnsupportedUnit", "SubstLevel"}
    # (SubstLevel is made by INSTANCE expansion, never by the parser)
    assert expected - kinds == set()
    ops = {n.op for n in found if isinstance(n, ast.OpExpr)}
    assert ops >= {
        "=", "#", "<", ">", "<=", ">=", "\\in", "\\notin", "\\subseteq", "\\cup", "\\cap",
        "\\", "SUBSET", "UNION", "DOMAIN", "~", "=>", "<=>", "'", "UNCHANGED", "[]", "<>",
        "~>", "\\X", "..", "+", "-", "*", "\\div", "%", "^", "-.", "\\o", ":>", "@@",
    }  # fmt: skip
    assert any(isinstance(n, ast.Bound) and n.is_tuple for n in found)
    assert any(isinstance(n, ast.Quant) and len(n.bounds) > 1 for n in found)
    assert any(isinstance(n, ast.Case) and n.other is not None for n in found)
    assert any(isinstance(n, ast.Let) and len(n.defs) > 1 for n in found)
    assert any(isinstance(n, ast.ExceptUpdate) and len(n.path) > 1 for n in found)
    assert any(isinstance(n, ast.FuncApp) and len(n.args) > 1 for n in found)
    assert any(isinstance(n, ast.OpDef) and n.local for n in found)
    assert any(isinstance(n, ast.Name) and n.name == "STRING" for n in found)
    assert any(isinstance(n, ast.Name) and n.name == "BOOLEAN" for n in found)
    assert {n.kind for n in found if isinstance(n, ast.Fairness)} == {"WF", "SF"}
    assert {n.angle for n in found if isinstance(n, ast.ActionBox)} == {True, False}
