"""Lowering Init and Next into the action IR (checker.ir): which sub-formulas are
structure, guards or assignments, UNCHANGED's variables, calls and labels."""

from __future__ import annotations

import ast as pyast
from pathlib import Path

import pytest

from checker import ir
from checker.compile.model import Model, build_model
from checker.diagnostics import CheckerError, SourceFile
from checker.lang import ast
from checker.lang.symbols import ACTION, STATE

PACKAGE = Path(__file__).resolve().parents[2] / "checker" / "ir"


def model_of(defs: str, variables: str = "x, y") -> Model:
    text = f"---- MODULE T ----\nEXTENDS Naturals\nVARIABLES {variables}\n{defs}\n====\n"
    cfg = "INIT Init\nNEXT Next\n"
    return build_model(SourceFile("T.tla", text), SourceFile("T.cfg", cfg))


def lowered(defs: str, *, init: bool = False, variables: str = "x, y") -> ir.Lowered:
    model = model_of(defs, variables)
    beh = model.bound.init if init else model.bound.next
    return ir.lower(model.bound.resolved, beh.body, beh.module, init=init, root=beh.name)


def shape(node: ir.Node) -> object:
    """The node kinds of a tree, nested as the tree."""
    children: list[ir.Node] = []
    if isinstance(node, (ir.Conj, ir.Disj)):
        children = list(node.items)
    elif isinstance(node, (ir.Exists, ir.Forall, ir.Let, ir.Call, ir.Arg)):
        children = [node.body]
    elif isinstance(node, ir.IfThen):
        children = [node.then, node.else_]
    elif isinstance(node, ir.Case):
        children = [b for _, b in node.arms] + ([node.other] if node.other else [])
    elif isinstance(node, ir.Implies):
        children = [node.then]
    elif isinstance(node, ir.Angle):
        children = [node.action]
    name = type(node).__name__
    return (name, [shape(c) for c in children]) if children else name


INIT = "Init == x = 0 /\\ y = 0\n"


def test_guards_come_before_the_let_that_follows_them() -> None:
    low = lowered(INIT + "Next == x < 3 /\\ LET a == x + 1 IN x' = a /\\ y' = y")
    assert shape(low.root) == ("Conj", ["Guard", ("Let", [("Conj", ["Assign", "Assign"])])])
    conj = low.root
    assert isinstance(conj, ir.Conj)
    guard, let = conj.items
    assert isinstance(guard, ir.Guard) and guard.level == STATE
    assert isinstance(let, ir.Let) and let.level == ACTION
    assert [d.name for d in let.defs if isinstance(d, ast.OpDef)] == ["a"]


def test_exists_over_a_set_binds_and_assigns() -> None:
    low = lowered(INIT + "Next == \\E i \\in 1..3, j \\in {4} : x' = i /\\ y' \\in {j, 5}")
    node = low.root
    assert isinstance(node, ir.Exists)
    assert [b.names for b in node.bounds] == [("i",), ("j",)]
    assert shape(node) == ("Exists", [("Conj", ["Assign", "AssignIn"])])
    assign, choose = node.body.items  # type: ignore[attr-defined]
    assert (assign.var, assign.name, choose.var, choose.name) == (0, "x", 1, "y")


def test_a_guard_only_exists_is_one_guard() -> None:
    low = lowered(INIT + "Next == (\\E i \\in 1..3 : x < i) /\\ x' = 1 /\\ y' = 2")
    assert shape(low.root) == ("Conj", ["Guard", "Assign", "Assign"])


def test_unchanged_of_tuples_and_of_definitions() -> None:
    defs = INIT + "vars == <<x, y>>\nrest == <<z>>\nNext == x' = 1 /\\ UNCHANGED <<vars, rest, x>>"
    low = lowered(defs, variables="x, y, z")
    conj = low.root
    assert isinstance(conj, ir.Conj)
    kept = conj.items[1]
    assert isinstance(kept, ir.Unchanged)
    assert (kept.vars, kept.names) == ((0, 1, 2, 0), ("x", "y", "z", "x"))


def test_unchanged_of_anything_else_is_a_condition() -> None:
    low = lowered(INIT + "Next == x' = 1 /\\ UNCHANGED <<y, x + 1>>")
    conj = low.root
    assert isinstance(conj, ir.Conj)
    assert isinstance(conj.items[1], ir.Guard) and conj.items[1].level == ACTION


def test_operators_called_with_arguments_are_substituted() -> None:
    defs = (
        INIT + "Bump(v) == v' = v + 1\nSetTo(p, n) == p = n\nDo(A) == A /\\ UNCHANGED x\n"
        "Next == \\/ Bump(x) /\\ y' = y\n        \\/ SetTo(x', 2) /\\ Do(y' = 0)"
    )
    low = lowered(defs)
    first, second = low.root.items  # type: ignore[attr-defined]
    bump = first.items[0]
    assert isinstance(bump, ir.Call) and bump.defn.name == "Bump"
    assert isinstance(bump.body, ir.Assign) and bump.body.name == "x"  # v' is x'
    assert bump.arg_actions == (False,)
    set_to, do = second.items
    assert isinstance(set_to, ir.Call) and set_to.arg_actions == (True, False)
    assert isinstance(set_to.body, ir.Assign) and set_to.body.name == "x"  # p is x'
    assert shape(do) == ("Call", [("Conj", [("Arg", ["Assign"]), "Unchanged"])])
    assert [low.sites[c.site].name for c in (bump, set_to, do)] == ["Bump", "SetTo", "Do"]


def test_if_and_case_over_actions() -> None:
    defs = INIT + (
        "Next == /\\ IF x > 1 THEN x' = 0 ELSE x' = x + 1\n"
        "        /\\ CASE x = 0 -> y' = 1 [] x = 1 -> y' = 2 [] OTHER -> UNCHANGED y"
    )
    low = lowered(defs)
    assert shape(low.root) == (
        "Conj",
        [("IfThen", ["Assign", "Assign"]), ("Case", ["Assign", "Assign", "Unchanged"])],
    )


def test_labels_inline_disjuncts_and_the_first_definition_met() -> None:
    defs = INIT + (
        "A(i) == x' = i /\\ UNCHANGED y\nB == A(2)\n"
        "Next == \\/ \\E i \\in 1..2 : A(i)\n        \\/ B\n        \\/ x' = 0 /\\ y' = 0"
    )
    low = lowered(defs)
    names = [(s.name, s.params, s.inline) for s in low.sites]
    assert names[low.site] == ("Next", (), True)
    first, second, third = low.root.items  # type: ignore[attr-defined]
    assert isinstance(first.body, ir.Call) and low.sites[first.body.site].name == "A"
    assert low.sites[first.body.site].params == ("i",)
    # B names the step; A inside it does not rename it
    assert isinstance(second, ir.Call) and low.sites[second.site].name == "B"
    assert isinstance(second.body, ir.Call) and second.body.site is None
    assert all(leaf.label is None for leaf in second.body.body.items)
    # the leaves of an inline disjunct label the step with that disjunct
    labels = {leaf.label for leaf in third.items}
    (site,) = labels
    assert site is not None and low.sites[site].inline
    assert low.sites[site].label(()) == f"Next@{third.span.line}:{third.span.col}"


def test_box_action_is_the_action_or_stuttering() -> None:
    low = lowered(INIT + "A == x' = x + 1 /\\ y' = y\nNext == [A]_<<x, y>>")
    assert shape(low.root) == ("Disj", [("Call", [("Conj", ["Assign", "Assign"])]), "Unchanged"])


def test_init_assigns_unprimed_variables_without_labels() -> None:
    low = lowered("Init == x = 0 /\\ y \\in 1..2\nNext == UNCHANGED <<x, y>>", init=True)
    assert shape(low.root) == ("Conj", ["Assign", "AssignIn"])
    assert all(leaf.label is None for leaf in low.root.items)  # type: ignore[attr-defined]


def test_let_operators_are_inlined_where_applied() -> None:
    defs = INIT + "Next == LET Twice(v) == v' = v + 2 IN Twice(y) /\\ UNCHANGED x"
    low = lowered(defs)
    assert shape(low.root) == ("Let", [("Conj", [("Call", ["Assign"]), "Unchanged"])])
    call = low.root.body.items[0]  # type: ignore[attr-defined]
    assert call.local and call.body.name == "y"


def test_recursive_action_operators_are_refused() -> None:
    defs = INIT + "RECURSIVE A(_)\nA(n) == IF n = 0 THEN x' = 0 /\\ y' = y ELSE A(n - 1)\n"
    with pytest.raises(CheckerError) as info:
        lowered(defs + "Next == A(2)")
    assert info.value.diagnostics[0].code == "E106"


def test_the_ir_imports_only_lang_diagnostics_and_values() -> None:
    allowed = {"checker.ir", "checker.lang", "checker.diagnostics", "checker.values"}
    for path in PACKAGE.glob("*.py"):
        tree = pyast.parse(path.read_text(encoding="utf-8"))
        for node in pyast.walk(tree):
            if isinstance(node, pyast.ImportFrom) and node.module and node.level == 0:
                mod = node.module
                if mod.startswith("checker"):
                    assert any(mod == a or mod.startswith(a + ".") for a in allowed), (path, mod)
                    if mod == "checker":
                        pytest.fail(f"{path.name} imports the checker package itself")
