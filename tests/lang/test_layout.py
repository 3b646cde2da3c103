"""Junction lists: TLA+'s layout rule (NOTE(layout-rule) in checker/lang/layout.py).

Each case is the text of a definition `A`; its parsed body is printed fully
parenthesised (checker.lang.printer.show) and compared with the expected structure.
"""

from __future__ import annotations

import pytest

from checker.diagnostics import CheckerError, SourceFile
from checker.lang import ast
from checker.lang.parser import parse_module
from checker.lang.printer import show


def bodies(text: str) -> list[str]:
    """The printed bodies of the definitions in `text` (a module body)."""
    module = parse_module(SourceFile("M.tla", "---- MODULE M ----\n" + text + "\n===="))
    return [show(u.body) for u in module.units if isinstance(u, ast.OpDef)]


CASES = [
    pytest.param("A == /\\ a\n     /\\ b", "(a /\\ b)", id="list"),
    pytest.param("A == \\/ a\n     \\/ b\n     \\/ c", "(a \\/ b \\/ c)", id="disjunction-list"),
    pytest.param("A ==\n  /\\ a\n  /\\ b", "(a /\\ b)", id="list-on-next-line"),
    pytest.param("A == /\\ a", "a", id="one-item"),
    # nested lists
    pytest.param(
        "A == /\\ a\n     /\\ \\/ b\n        \\/ c\n     /\\ d",
        "(a /\\ (b \\/ c) /\\ d)",
        id="nested",
    ),
    pytest.param(
        "A == \\/ /\\ a\n        /\\ b\n     \\/ c",
        "((a /\\ b) \\/ c)",
        id="nested-first-item",
    ),
    pytest.param(
        "A == /\\ a\n     /\\ \\E x \\in S :\n          /\\ b\n          /\\ c\n     /\\ d",
        "(a /\\ (\\E x \\in S : (b /\\ c)) /\\ d)",
        id="nested-in-quantifier",
    ),
    pytest.param(
        "A == /\\ \\A x \\in S :\n          \\/ a\n          \\/ b\n     /\\ c",
        "((\\A x \\in S : (a \\/ b)) /\\ c)",
        id="quantifier-body-closed",
    ),
    pytest.param(
        "A == /\\ a\n     /\\ \\/ b\n        \\/ /\\ c\n           /\\ d\n     /\\ e",
        "(a /\\ (b \\/ (c /\\ d)) /\\ e)",
        id="three-levels",
    ),
    # a bullet to the left of the list's column closes it and acts as infix
    pytest.param("A == /\\ a\n     /\\ b\n   \\/ c", "((a /\\ b) \\/ c)", id="left-bullet-infix"),
    pytest.param("A == /\\ a = 1\n/\\ b", "((a = 1) /\\ b)", id="left-bullet-column-1"),
    pytest.param("A == /\\ a\n     /\\ b\n   => c", "((a /\\ b) => c)", id="left-token-closes"),
    # a bullet to the right of the column is inside the item: infix
    pytest.param("A == /\\ a\n       \\/ b", "(a \\/ b)", id="right-bullet-infix"),
    pytest.param(
        "A == /\\ a\n     /\\ b\n       \\/ c", "(a /\\ (b \\/ c))", id="right-in-2nd-item"
    ),
    pytest.param("A == /\\ a\n      /\\ b", "(a /\\ b)", id="right-same-kind"),
    pytest.param("A == \\/ a\n     \\/ b /\\ c", "(a \\/ (b /\\ c))", id="infix-inside-item"),
    # an infix bullet after an operand on the same line
    pytest.param("A == /\\ a /\\ b\n     /\\ c", "((a /\\ b) /\\ c)", id="same-line-infix"),
    # the other kind of bullet at exactly the column closes the list (then infix)
    pytest.param("A == /\\ a\n     \\/ b", "(a \\/ b)", id="other-kind-at-column"),
    # lists closed by a token the list cannot contain: ) THEN , IN -> ] } >> ELSE
    pytest.param("A == f(/\\ a /\\ b, c)", "f((a /\\ b), c)", id="closed-by-comma"),
    pytest.param("A == (/\\ a /\\ b) \\/ c", "((a /\\ b) \\/ c)", id="closed-by-paren"),
    pytest.param("A == f(/\\ a\n       /\\ b)", "f((a /\\ b))", id="closed-by-paren-multiline"),
    pytest.param(
        "A == IF /\\ a /\\ b THEN c ELSE d", "(IF (a /\\ b) THEN c ELSE d)", id="closed-by-THEN"
    ),
    pytest.param(
        "A == IF c THEN /\\ a /\\ b ELSE d", "(IF c THEN (a /\\ b) ELSE d)", id="closed-by-ELSE"
    ),
    pytest.param("A == LET x == /\\ a /\\ b IN x", "(LET x == (a /\\ b) IN x)", id="closed-by-IN"),
    pytest.param(
        "A == CASE /\\ a /\\ b -> c [] OTHER -> d",
        "(CASE (a /\\ b) -> c [] OTHER -> d)",
        id="closed-by-arrow",
    ),
    pytest.param("A == <</\\ a, b>>", "<<a, b>>", id="closed-by-comma-in-tuple"),
    pytest.param("A == {x \\in S : /\\ a /\\ b}", "{x \\in S : (a /\\ b)}", id="closed-by-brace"),
    pytest.param("A == [/\\ a /\\ b]_v", "[(a /\\ b)]_v", id="closed-by-subscript"),
    pytest.param(
        "A == [x \\in S |-> /\\ a\n                  /\\ b]",
        "[x \\in S |-> (a /\\ b)]",
        id="closed-by-bracket",
    ),
    pytest.param(
        "A == x' = [x EXCEPT ![1] = /\\ a\n                           /\\ b]",
        "(x' = [x EXCEPT ![1] = (a /\\ b)])",
        id="in-except",
    ),
    # items spanning lines, and other constructs inside items
    pytest.param(
        "A == /\\ (a\n          \\/ b)\n     /\\ c", "((a \\/ b) /\\ c)", id="parenthesised-item"
    ),
    pytest.param(
        "A == /\\ LET x == 1\n        IN x = 1\n     /\\ b",
        "((LET x == 1 IN (x = 1)) /\\ b)",
        id="let-item",
    ),
    pytest.param(
        "A == /\\ IF a THEN b ELSE c\n     /\\ d", "((IF a THEN b ELSE c) /\\ d)", id="if-item"
    ),
    pytest.param(
        "A == /\\ CASE a -> b\n          [] OTHER -> c\n     /\\ d",
        "((CASE a -> b [] OTHER -> c) /\\ d)",
        id="case-item",
    ),
    pytest.param("A == x = /\\ a\n         /\\ b", "(x = (a /\\ b))", id="list-as-operand"),
    # comments do not disturb columns; Unicode bullets are bullets
    pytest.param(
        "A == /\\ a \\* comment\n     (* another *)\n     /\\ b", "(a /\\ b)", id="comments"
    ),
    pytest.param(
        "A == \u2227 a\n     \u2227 \u2228 b\n       \u2228 c",
        "(a /\\ (b \\/ c))",
        id="unicode",
    ),
    pytest.param("A == (a /\\ b) \\/ c", "((a /\\ b) \\/ c)", id="parenthesised-mix"),
    # a tab reaches the next multiple of 8, as in SANY: both bullets are at column 9
    pytest.param("A ==\t/\\ a\n\t/\\ \\/ b\n\t   \\/ c", "(a /\\ (b \\/ c))", id="tabs"),
    pytest.param("A ==\t\\/ a\n\t/\\ b", "(a /\\ b)", id="tab-column-closes"),
    pytest.param("A == \\/ a\n\t\\/ b\n     \\/ c", "((a \\/ b) \\/ c)", id="tab-to-the-right"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_layout(text: str, expected: str) -> None:
    assert bodies(text) == [expected]


def test_lists_of_consecutive_definitions_are_separate() -> None:
    text = "A == /\\ a\n     /\\ b\nB == /\\ c\n     /\\ d\n  C == 1"
    assert bodies(text) == ["(a /\\ b)", "(c /\\ d)", "1"]


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        pytest.param("A == a /\\ b \\/ c", 2, 13, id="infix"),
        pytest.param("A == a \\/ b /\\ c", 2, 13, id="infix-other-order"),
        pytest.param("A == /\\ a \\/ b /\\ c", 2, 16, id="inside-item"),
        pytest.param("A == (a /\\ b \\/ c)", 2, 14, id="inside-parentheses"),
        pytest.param("A == /\\ a\n     /\\ b \\/ c /\\ d", 3, 16, id="second-item"),
    ],
)
def test_mixing_junctions_without_parentheses_is_E107(text: str, line: int, col: int) -> None:
    with pytest.raises(CheckerError) as info:
        bodies(text)
    (diag,) = info.value.diagnostics
    assert diag.code == "E107"
    assert diag.span is not None and (diag.span.line, diag.span.col) == (line, col)


def test_a_token_at_the_column_ends_the_list() -> None:
    # `c` at the bullets' column closes the list; it cannot follow an expression
    with pytest.raises(CheckerError) as info:
        bodies("A == /\\ a\n     /\\ b\n     c")
    assert info.value.diagnostics[0].code == "E102"
