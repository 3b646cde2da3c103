"""Operator precedence and associativity: SANY's rules (TLA+ book, Table 6).

Every user-definable operator is defined here to build a tuple that records how an
expression was grouped (`a ++ b == <<"pp", a, b>>`), so evaluating an expression shows
its tree. The expected values were printed by TLC on the same definitions (facts pinned
from TLC), and the expressions listed as conflicts are those SANY rejects.
"""

from __future__ import annotations

import pytest
from tla_helpers import failure, model_of

from checker.diagnostics import SourceFile
from checker.lang import ast
from checker.lang.parser import parse_module
from checker.lang.printer import show, show_unit
from checker.values import render

# operator -> the tag its definition records
TAGS = {
    "++": "pp", "**": "ss", "-": "minus", "+": "plus", "*": "times", "^": "pow", "%": "mod",
    "..": "dd", "\\o": "o", "\\prec": "prec", "(+)": "oplus", "(-)": "ominus",
    "\\uplus": "uplus", "!!": "bb", "$": "dol", "^^": "cc", "\\wr": "wr", "|": "bar",
    "||": "bar2", "//": "sl2", "<:": "lc", ":=": "assign", "::=": "bnf", "&": "amp",
    "&&": "amp2", "--": "mm", "\\star": "star", "\\bullet": "bullet", "...": "ddd",
    "$$": "dol2", "??": "qq", "##": "hh", "%%": "mod2", "\\sqcap": "sqcap",
    "\\sqcup": "sqcup", "\\odot": "odot", "\\otimes": "otimes", "\\oslash": "oslash",
    "\\bigcirc": "bigcirc", "\\succ": "succ", "\\sim": "sim", "|-": "ts", "-|": "lt",
    "=|": "rt", "|=": "models", "\\div": "div", "/": "slash", "<": "lt2", ">": "gt",
    "<=": "le", ">=": "ge", "\\ll": "ll", "\\gg": "gg", "\\sqsubseteq": "sqsubseteq",
    "\\subset": "subset", "\\supseteq": "supseteq",
}  # fmt: skip
DEFS = "\n".join(
    [f'a {op} b == <<"{tag}", a, b>>' for op, tag in TAGS.items()]
    + ['-. a == <<"neg", a>>', 'a ^+ == <<"plus1", a>>', 'a ^* == <<"star1", a>>']
)

# (expression, its value as TLC prints it)
GROUPING = [
    ("1 ++ 2 ** 3", '<<"pp", 1, <<"ss", 2, 3>>>>'),
    ("1 ** 2 ++ 3", '<<"pp", <<"ss", 1, 2>>, 3>>'),
    ("1 ++ 2 ++ 3", '<<"pp", <<"pp", 1, 2>>, 3>>'),
    ("1 - 2 - 3", '<<"minus", <<"minus", 1, 2>>, 3>>'),
    ("1 + 2 - 3", '<<"plus", 1, <<"minus", 2, 3>>>>'),
    ("1 - 2 + 3", '<<"plus", <<"minus", 1, 2>>, 3>>'),
    ("1 * 2 ^ 3", '<<"times", 1, <<"pow", 2, 3>>>>'),
    ("1 ^ 2 * 3", '<<"times", <<"pow", 1, 2>>, 3>>'),
    ("-1 ^ 2", '<<"neg", <<"pow", 1, 2>>>>'),
    ("-1 * 2", '<<"neg", <<"times", 1, 2>>>>'),
    ("-1 + 2", '<<"plus", <<"neg", 1>>, 2>>'),
    ("-1 % 2", '<<"mod", <<"neg", 1>>, 2>>'),
    ("1 % 2 * 3", '<<"mod", 1, <<"times", 2, 3>>>>'),
    ("1 .. 2 + 3", '<<"dd", 1, <<"plus", 2, 3>>>>'),
    ("1 \\o 2 \\o 3", '<<"o", <<"o", 1, 2>>, 3>>'),
    ("1 \\prec 2 ++ 3", '<<"prec", 1, <<"pp", 2, 3>>>>'),
    ("1 (+) 2 (-) 3", '<<"oplus", 1, <<"ominus", 2, 3>>>>'),
    ("1 \\uplus 2 \\uplus 3", '<<"uplus", <<"uplus", 1, 2>>, 3>>'),
    ("1 $ 2 \\prec 3", '<<"prec", <<"dol", 1, 2>>, 3>>'),
    ("1 ^+ ^*", '<<"star1", <<"plus1", 1>>>>'),
    ("-1 ^+", '<<"neg", <<"plus1", 1>>>>'),
    ("1 | 2 | 3", '<<"bar", <<"bar", 1, 2>>, 3>>'),
    ("1 ... 2", '<<"ddd", 1, 2>>'),
    ("1 & 2 & 3", '<<"amp", <<"amp", 1, 2>>, 3>>'),
    ("1 ++ 2 -- 3", '<<"pp", 1, <<"mm", 2, 3>>>>'),
    ("- - 1", '<<"neg", <<"neg", 1>>>>'),
    ("1 - -2", '<<"minus", 1, <<"neg", 2>>>>'),
    ("1 ++ -2", '<<"pp", 1, <<"neg", 2>>>>'),
    ("1 \\oslash 2 ^^ 3", '<<"oslash", 1, <<"cc", 2, 3>>>>'),
    ("1 \\wr 2 \\succ 3", '<<"succ", <<"wr", 1, 2>>, 3>>'),
    ("1 \\bigcirc 2 \\bigcirc 3", '<<"bigcirc", <<"bigcirc", 1, 2>>, 3>>'),
    ("1 \\div 2 ^ 3", '<<"div", 1, <<"pow", 2, 3>>>>'),
    ("1 / 2 ^^ 3", '<<"slash", 1, <<"cc", 2, 3>>>>'),
    ("1 < 2 .. 3", '<<"lt2", 1, <<"dd", 2, 3>>>>'),
    ("1 <= 2 ++ 3", '<<"le", 1, <<"pp", 2, 3>>>>'),
    ("1 \\ll 2 $ 3", '<<"ll", 1, <<"dol", 2, 3>>>>'),
    ("1 \\sqsubseteq 2 \\uplus 3", '<<"sqsubseteq", 1, <<"uplus", 2, 3>>>>'),
    ("1 -| 2 \\wr 3", '<<"lt", 1, <<"wr", 2, 3>>>>'),
    ("1 =| 2 ... 3", '<<"rt", 1, <<"ddd", 2, 3>>>>'),
    ("1 |= 2 (+) 3", '<<"models", 1, <<"oplus", 2, 3>>>>'),
    ("1 ::= 2 ++ 3", '<<"bnf", 1, <<"pp", 2, 3>>>>'),
    ("1 := 2 -- 3", '<<"assign", 1, <<"mm", 2, 3>>>>'),
    ("1 <: 2 ++ 3", '<<"lc", 1, <<"pp", 2, 3>>>>'),
    ("1 \\star 2 \\star 3", '<<"star", <<"star", 1, 2>>, 3>>'),
    ("1 \\bullet 2 ^ 3", '<<"bullet", 1, <<"pow", 2, 3>>>>'),
    ("1 // 2 ^ 3", '<<"sl2", 1, <<"pow", 2, 3>>>>'),
    ("1 !! 2 ^^ 3", '<<"bb", 1, <<"cc", 2, 3>>>>'),
    ("1 && 2 && 3", '<<"amp2", <<"amp2", 1, 2>>, 3>>'),
    ("1 > 2 % 3", '<<"gt", 1, <<"mod", 2, 3>>>>'),
    ("1 >= 2 %% 3", '<<"ge", 1, <<"mod2", 2, 3>>>>'),
    ("1 \\gg 2 | 3", '<<"gg", 1, <<"bar", 2, 3>>>>'),
    ("1 \\subset 2 <: 3", '<<"subset", 1, <<"lc", 2, 3>>>>'),
    ("1 \\supseteq 2 \\sqcap 3", '<<"supseteq", 1, <<"sqcap", 2, 3>>>>'),
    ("1 % -2", '<<"mod", 1, <<"neg", 2>>>>'),
]

# SANY: "Precedence conflict between ops ..."
CONFLICTS = [
    "1 $$ 2 ?? 3 ## 4",
    "1 \\sqcap 2 \\sqcup 3",
    "1 \\odot 2 \\otimes 3",
    "1 |- 2 \\sim 3",
    "1 %% 2 -- 3",
    "1 || 2 (-) 3",
    "1 <: 2 <: 3",
    "1 \\o 2 * 3",
    "1 $$ 2 ?? 3",
    "1 | 2 || 3",
    "1 % 2 % 3",
    "1 // 2 // 3",
    "1 := 2 ::= 3",
    "1 & 2 && 3",
    "1 \\star 2 \\bullet 3",
    "1 \\uplus 2 ++ 3",
    "1 !! 2 !! 3",
    "1 $ 2 .. 3",
    "1 \\wr 2 ^^ 3",
    "1 ** -2",
    "1 ^ -2",
    "1 \\div -2",
    "1 .. 2 .. 3",
    "1 \\prec 2 \\succ 3",
]


def values(exprs: list[str]) -> list[str]:
    """The values of `exprs` in a module defining every operator of TAGS (no EXTENDS)."""
    spec = f"{DEFS}\nVARIABLE val\nInit == val = <<{', '.join(exprs)}>>\nNext == UNCHANGED val"
    (state,) = model_of(spec).init_states()
    return [render(v) for v in state[0]]


def test_grouping_is_tlcs() -> None:
    exprs = [e for e, _ in GROUPING]
    assert values(exprs) == [v for _, v in GROUPING]


@pytest.mark.parametrize("expr", CONFLICTS)
def test_conflicts_need_parentheses(expr: str) -> None:
    d = failure(lambda: model_of(f"{DEFS}\nE == {expr}"))
    assert d.code == "E108", d
    assert d.span is not None and d.span.line == len(DEFS.split("\n")) + 2


def parse_bodies(text: str) -> list[ast.Expr]:
    module = parse_module(SourceFile("M.tla", "---- MODULE M ----\n" + text + "\n===="))
    return [u.body for u in module.units if isinstance(u, ast.OpDef)]


def bodies(text: str) -> list[str]:
    return [show(b) for b in parse_bodies(text)]


# (expression, the tree printed fully parenthesised): TLA+'s own operators among others
PRINTED = [
    ("a = b + c * d", "(a = (b + (c * d)))"),
    ("a + b = c", "((a + b) = c)"),
    ("~ a = b", "(~(a = b))"),
    ("a = ~b = c", "(a = (~(b = c)))"),
    ("~a /\\ b", "((~a) /\\ b)"),
    ("a /\\ b /\\ c => d \\/ e", "((a /\\ b /\\ c) => (d \\/ e))"),
    ("a => b <=> c", "(a => (b <=> c))"),
    ("a \\in (S \\cup T) \\cap U", "(a \\in ((S \\cup T) \\cap U))"),
    ("a \\in S \\ T", "(a \\in (S \\ T))"),
    ("SUBSET S \\cup T", "((SUBSET S) \\cup T)"),
    ("a \\X b \\X c", "(a \\X b \\X c)"),
    ("(a \\X b) \\X c", "((a \\X b) \\X c)"),
    ("DOMAIN f \\subseteq S", "((DOMAIN f) \\subseteq S)"),
    ("1 .. n + 1", "(1 .. (n + 1))"),
    ("a :> b @@ c :> d", "((a :> b) @@ (c :> d))"),
    ("s \\o t \\o u", "((s \\o t) \\o u)"),
    ("-a * b", "(-(a * b))"),
    ("-a + b", "((-a) + b)"),
    ("-a % b", "((-a) % b)"),
    ("a - -b", "(a - (-b))"),
    ("- - a", "(-(-a))"),
    ("-5", "(-5)"),
    ("x' = x + 1", "(x' = (x + 1))"),
    ("-x'", "(-x')"),
    ("x'[1].f", "x'[1].f"),
    ("UNCHANGED <<x, y>> /\\ z", "((UNCHANGED <<x, y>>) /\\ z)"),
    ("ENABLED A \\/ B", "((ENABLED A) \\/ B)"),
    ("[]P => <>Q", "(([]P) => (<>Q))"),
    ("P ~> Q /\\ R", "(P ~> (Q /\\ R))"),
    ("A \\cdot B", "(A \\cdot B)"),
    ("\\A x \\in S : x = 1 /\\ y", "(\\A x \\in S : ((x = 1) /\\ y))"),
    ("1 + IF c THEN 2 ELSE 3 + 4", "(1 + (IF c THEN 2 ELSE (3 + 4)))"),
    ("a + lbl :: b * c", "(a + (b * c))"),
    ("lbl(x, y) :: x = y", "(x = y)"),
    ("x ^+ ^*", "((x^+)^*)"),
    ("a ::= b", "(a ::= b)"),
    ("a (+) b (.) c", "(a \\oplus (b \\odot c))"),
    (
        "F(+, -, -., \\cup, /\\, ~, SUBSET, ^+, \\prec)",
        "F(+, -, -., \\cup, /\\, ~, SUBSET, ^+, \\prec)",
    ),
]


@pytest.mark.parametrize(("expr", "printed"), PRINTED, ids=[e for e, _ in PRINTED])
def test_printed_tree(expr: str, printed: str) -> None:
    assert bodies(f"A == {expr}") == [printed]


# (expression, SANY's complaint, 1-based column of the operator reported)
BUILTIN_CONFLICTS = [
    ("a = b = c", "E108", 12),
    ("a < b = c", "E108", 12),
    ("a \\in S \\in T", "E108", 14),
    ("S \\cup T \\cap U", "E108", 15),
    ("UNION S \\X T", "E108", 14),
    ("a => b => c", "E108", 13),
    ("a /\\ b \\/ c", "E107", 13),
    ("a * -b", "E108", 10),
    ("a ^ -b", "E108", 10),
    ("[]x = 1", "E108", 10),
    ("UNCHANGED x'", "E108", 16),
    ("ENABLED x'[1]", "E108", 14),
    ("SUBSET S + T", "E108", 15),
    ("a \\X b + c", "E108", 13),
    ("a \\cdot b = c", "E108", 16),
    ("1 .. 2 .. 3", "E108", 13),
    ("a * lbl :: b + c", "E108", 10),
]


@pytest.mark.parametrize(("expr", "code", "col"), BUILTIN_CONFLICTS)
def test_builtin_conflicts(expr: str, code: str, col: int) -> None:
    d = failure(lambda: bodies(f"A == {expr}"))
    assert (d.code, d.span.line if d.span else 0, d.span.col if d.span else 0) == (code, 2, col)


def test_long_chains_stay_flat() -> None:
    """NOTE(flat-chains): one n-ary node, read left to right."""
    assert bodies("A == " + " /\\ ".join(["a"] * 3000)) == ["(" + " /\\ ".join(["a"] * 3000) + ")"]
    (body,) = parse_bodies("A == " + " - ".join(["1"] * 3000))
    assert isinstance(body, ast.OpExpr) and body.op == "-" and len(body.args) == 3000
    assert bodies("A == a - b - c * d * e - f") == ["(((a - b) - ((c * d) * e)) - f)"]


# (ASCII spelling, other spellings): each gives the same tree
SPELLINGS = [
    ("a \\prec b", ["a ≺ b"]),
    ("a \\preceq b", ["a ⪯ b"]),
    ("a \\succ b", ["a ≻ b"]),
    ("a \\succeq b", ["a ⪰ b"]),
    ("a \\sqsubset b", ["a ⊏ b"]),
    ("a \\sqsubseteq b", ["a ⊑ b"]),
    ("a \\sqsupset b", ["a ⊐ b"]),
    ("a \\sqsupseteq b", ["a ⊒ b"]),
    ("a \\sqcap b", ["a ⊓ b"]),
    ("a \\sqcup b", ["a ⊔ b"]),
    ("a \\oplus b", ["a (+) b", "a ⊕ b"]),
    ("a \\ominus b", ["a (-) b", "a ⊖ b"]),
    ("a \\otimes b", ["a (\\X) b", "a ⊗ b"]),
    ("a \\odot b", ["a (.) b", "a ⊙ b"]),
    ("a \\oslash b", ["a (/) b", "a ⊘ b"]),
    ("a \\uplus b", ["a ⊎ b"]),
    ("a \\bigcirc b", ["a ◯ b"]),
    ("a \\bullet b", ["a ● b"]),
    ("a \\star b", ["a ⋆ b"]),
    ("a \\cong b", ["a ≅ b"]),
    ("a \\asymp b", ["a ≍ b"]),
    ("a \\approx b", ["a ≈ b"]),
    ("a \\doteq b", ["a ≐ b"]),
    ("a \\propto b", ["a ∝ b"]),
    ("a \\simeq b", ["a ≃ b"]),
    ("a \\sim b", ["a ∼ b"]),  # noqa: RUF001
    ("a \\ll b", ["a ≪ b"]),
    ("a \\gg b", ["a ≫ b"]),
    ("a \\wr b", ["a ≀ b"]),
    ("a \\cdot b", ["a ⋅ b"]),
    ("a |- b", ["a ⊢ b"]),
    ("a |= b", ["a ⊨ b"]),
    ("a -| b", ["a ⊣ b"]),
    ("a =| b", ["a ⫤ b"]),
    ("a := b", ["a ≔ b"]),
    ("a ::= b", ["a ⩴ b"]),
    ("a ?? b", ["a ⁇ b"]),
    ("a !! b", ["a ‼ b"]),
    ("a || b", ["a ‖ b"]),
    ("a .. b", ["a ‥ b"]),
    ("a ... b", ["a … b"]),
    ("a \\o b", ["a \\circ b", "a ∘ b"]),
    ("a \\div b", ["a ÷ b"]),
    ("a <= b", ["a =< b", "a \\leq b", "a ≤ b"]),
    ("a >= b", ["a \\geq b", "a ≥ b"]),
    ("a # b", ["a /= b", "a ≠ b"]),
    ("a <=> b", ["a \\equiv b", "a ⇔ b", "a ≡ b"]),
    ("a => b", ["a ⇒ b"]),
    ("a ~> b", ["a ↝ b"]),
    ("a -+-> b", ["a ⇸ b"]),
    ("a /\\ b", ["a \\land b", "a ∧ b"]),
    ("a \\/ b", ["a \\lor b", "a ∨ b"]),  # noqa: RUF001
    ("~a", ["\\lnot a", "\\neg a", "¬a"]),
    ("a \\in S", ["a ∈ S"]),
    ("a \\notin S", ["a ∉ S"]),
    ("S \\subseteq T", ["S ⊆ T"]),
    ("S \\subset T", ["S ⊂ T"]),
    ("S \\supseteq T", ["S ⊇ T"]),
    ("S \\supset T", ["S ⊃ T"]),
    ("S \\cup T", ["S \\union T", "S ∪ T"]),  # noqa: RUF001
    ("S \\cap T", ["S \\intersect T", "S ∩ T"]),
    ("S \\X T", ["S \\times T", "S × T"]),  # noqa: RUF001
    ("[]P", ["□P"]),
    ("<>P", ["◇P"]),
    ("x ^+", ["x ⁺"]),
    ("Nat \\cup Int", ["ℕ \\cup ℤ"]),  # noqa: RUF001
]


@pytest.mark.parametrize(("ascii", "others"), SPELLINGS, ids=[a for a, _ in SPELLINGS])
def test_spellings_give_the_same_tree(ascii: str, others: list[str]) -> None:
    expected = bodies(f"A == {ascii}")
    for other in others:
        assert bodies(f"A == {other}") == expected, other


# (definition, how the printer shows it)
DEFINITIONS = [
    ("a ** b == a", "a ** b == a"),
    ("a (+) b == a", "a \\oplus b == a"),
    ("-. a == a", "-. a == a"),
    ("a ^+ == a", "a ^+ == a"),
    ("Op(_ ++ _, -. _, _ ^*, F(_, _), x) == x", "Op(_ ++ _, -. _, _ ^*, F(_, _), x) == x"),
]


@pytest.mark.parametrize(("text", "printed"), DEFINITIONS)
def test_definitions_of_operator_symbols(text: str, printed: str) -> None:
    module = parse_module(SourceFile("M.tla", f"---- MODULE M ----\n{text}\n===="))
    assert [show_unit(u) for u in module.units] == [printed]
