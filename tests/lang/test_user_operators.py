"""User-defined operators in their own syntax, operators passed as arguments, LAMBDA,
LET operators with operator parameters, recursion and labels, through the real pipeline
(spec text -> Model). Values follow TLC (checked on the same definitions).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tla_helpers import evaluate, failure, model_of

from checker.pipeline import load_model
from checker.values import render

# Every operator symbol a user may define, with all its spellings (ASCII and Unicode).
INFIX_SPELLINGS: dict[str, list[str]] = {
    "\\prec": ["\\prec", "≺"],
    "\\succ": ["\\succ", "≻"],
    "\\preceq": ["\\preceq", "⪯"],
    "\\succeq": ["\\succeq", "⪰"],
    "\\sim": ["\\sim", "∼"],  # noqa: RUF001
    "\\simeq": ["\\simeq", "≃"],
    "\\ll": ["\\ll", "≪"],
    "\\gg": ["\\gg", "≫"],
    "\\asymp": ["\\asymp", "≍"],
    "\\approx": ["\\approx", "≈"],
    "\\cong": ["\\cong", "≅"],
    "\\sqsubset": ["\\sqsubset", "⊏"],
    "\\sqsubseteq": ["\\sqsubseteq", "⊑"],
    "\\sqsupset": ["\\sqsupset", "⊐"],
    "\\sqsupseteq": ["\\sqsupseteq", "⊒"],
    "\\doteq": ["\\doteq", "≐"],
    "\\propto": ["\\propto", "∝"],
    "\\subset": ["\\subset", "⊂"],
    "\\supset": ["\\supset", "⊃"],
    "\\supseteq": ["\\supseteq", "⊇"],
    "|-": ["|-", "⊢"],
    "|=": ["|=", "⊨"],
    "-|": ["-|", "⊣"],
    "=|": ["=|", "⫤"],
    ":=": [":=", "≔"],
    "::=": ["::=", "⩴"],
    "<:": ["<:"],
    ":>": [":>"],
    "@@": ["@@"],
    "<": ["<"],
    ">": [">"],
    "<=": ["<=", "=<", "\\leq", "≤"],
    ">=": [">=", "\\geq", "≥"],
    "..": ["..", "‥"],
    "...": ["...", "…"],
    "$$": ["$$"],
    "$": ["$"],
    "??": ["??", "⁇"],
    "##": ["##"],
    "!!": ["!!", "‼"],
    "\\uplus": ["\\uplus", "⊎"],
    "\\sqcap": ["\\sqcap", "⊓"],
    "\\sqcup": ["\\sqcup", "⊔"],
    "\\wr": ["\\wr", "≀"],
    "+": ["+"],
    "++": ["++"],
    "\\oplus": ["\\oplus", "(+)", "⊕"],
    "|": ["|"],
    "||": ["||", "‖"],
    "%%": ["%%"],
    "%": ["%"],
    "-": ["-"],
    "--": ["--"],
    "\\ominus": ["\\ominus", "(-)", "⊖"],
    "*": ["*"],
    "**": ["**"],
    "&&": ["&&"],
    "&": ["&"],
    "\\odot": ["\\odot", "(.)", "⊙"],
    "\\otimes": ["\\otimes", "(\\X)", "⊗"],
    "\\star": ["\\star", "⋆"],
    "\\o": ["\\o", "\\circ", "∘"],
    "\\bigcirc": ["\\bigcirc", "◯"],
    "\\bullet": ["\\bullet", "●"],
    "/": ["/"],
    "//": ["//"],
    "\\oslash": ["\\oslash", "(/)", "⊘"],
    "\\div": ["\\div", "÷"],
    "^": ["^"],
    "^^": ["^^"],
}


def initial_value(spec_defs: str, expr: str) -> str:
    """The value of `expr` in a module with `spec_defs` (and no EXTENDS unless given)."""
    spec = f"{spec_defs}\nVARIABLE val\nInit == val = {expr}\nNext == UNCHANGED val"
    (state,) = model_of(spec).init_states()
    return render(state[0])


@pytest.mark.parametrize("op", list(INFIX_SPELLINGS))
def test_every_infix_operator_is_user_definable(op: str) -> None:
    """Defined with one spelling, used with each: the user's definition is applied."""
    spellings = INFIX_SPELLINGS[op]
    defs = f'a {spellings[-1]} b == <<"def", a, b>>'
    uses = ", ".join(f"3 {s} 4" for s in spellings)
    expected = ", ".join('<<"def", 3, 4>>' for _ in spellings)
    assert initial_value(defs, f"<<{uses}>>") == f"<<{expected}>>"


@pytest.mark.parametrize("op", ["^+", "^*", "^#"])
def test_postfix_operators_are_user_definable(op: str) -> None:
    defs = f'a {op} == <<"post", a>>'
    assert initial_value(defs, f"<<3{op}, 3 {op} {op}>>") == (
        '<<<<"post", 3>>, <<"post", <<"post", 3>>>>>>'
    )


def test_superscript_plus_is_closure_plus() -> None:
    assert initial_value('a ^+ == <<"post", a>>', "2⁺") == '<<"post", 2>>'


def test_prefix_minus_is_user_definable_without_integers() -> None:
    defs = '-. a == <<"neg", a>>\na - b == <<"minus", a, b>>'
    assert initial_value(defs, "<<-1, 1 - -2, - - 3>>") == (
        '<<<<"neg", 1>>, <<"minus", 1, <<"neg", 2>>>>, <<"neg", <<"neg", 3>>>>>>'
    )


# (definitions, expression, value): TLC gives the same values on these definitions
EVALUATED = [
    # the user's operator over the standard ones, with its precedence (** 13, ++ 10)
    ("EXTENDS Naturals\na ** b == a * b + 1", "2 ** 3 ** 2", "15"),
    ("EXTENDS Naturals\na ++ b == a * 10 + b", "1 ++ 2 * 3", "16"),
    ("EXTENDS Sequences\nL ++ R == L \\o R", "<<1>> ++ <<2>> ++ <<3>>", "<<1, 2, 3>>"),
    ("EXTENDS Naturals\na \\prec b == a < b", "<<1 \\prec 2, 2 ≺ 1>>", "<<TRUE, FALSE>>"),
    ("EXTENDS Naturals\nn ^+ == n + 1", "3^+ ^+", "5"),
    # a LET defines an infix operator; an operator parameter of infix form
    ("EXTENDS Naturals", "LET a ++ b == a + 2 * b IN 1 ++ 2", "5"),
    ("EXTENDS Naturals\nOp(_ ++ _, x) == x ++ x", "Op(+, 21)", "42"),
    ("EXTENDS Naturals\nOp(_ ++ _, x) == x ++ x\na ** b == a * b", "Op( **, 7)", "49"),
    ("EXTENDS Naturals\nOp(-. _, x) == -x\nNeg(x) == 0 - x", "Op(Neg, 3)", "-3"),
    # TLC's :> and @@ defined by the user where TLC is not extended
    (
        "EXTENDS Naturals\nd :> e == [x \\in {d} |-> e]\n"
        "f @@ g == [x \\in DOMAIN f \\cup DOMAIN g |-> IF x \\in DOMAIN f THEN f[x] ELSE g[x]]",
        "(1 :> 2) @@ (2 :> 3)",
        "<<2, 3>>",
    ),
    # constant-level: ASSUME may use operators with parameters and recursion
    (
        "EXTENDS Naturals\na ** b == a * b\nASSUME 2 ** 3 = 6\n"
        "RECURSIVE F(_)\nF(n) == IF n = 0 THEN 1 ELSE n * F(n - 1)\nASSUME F(3) = 6",
        "F(4)",
        "24",
    ),
]


@pytest.mark.parametrize(("defs", "expr", "value"), EVALUATED)
def test_user_operators_evaluate(defs: str, expr: str, value: str) -> None:
    assert initial_value(defs, expr) == value


# (definitions, expression, value): operators passed where an operator parameter goes
ARGUMENTS = [
    ("Op(F(_, _), x) == F(x, x)", "Op(+, 3)", "6"),
    ("Op(F(_, _), x) == F(x, x)", "<<Op(\\cup, {1}), Op(=, 2), Op(#, 2), Op(/\\, TRUE)>>",
     "<<{1}, TRUE, FALSE, TRUE>>"),
    ("Op(F(_, _), x) == F(x, x)", "<<Op(\\o, <<1>>), Op(:>, 1), Op(\\div, 7), Op(..,2)>>",
     "<<<<1, 1>>, <<1>>, 1, {2}>>"),
    ("Op(F(_, _), x) == F(x, x)\na ** b == a * b + 1", "Op( **, 2)", "5"),
    ("Op(F(_), x) == F(x)", "<<Op(SUBSET, {1}), Op(~, TRUE), Op(DOMAIN, <<7>>), Op(-., 2)>>",
     "<<{{}, {1}}, FALSE, {1}, -2>>"),
    ("Op(F(_), x) == F(x)\na ^+ == a + 1", "Op(^+, 2)", "3"),
    ("Op(F(_, _), x) == F(x, x)", "Op(LAMBDA a, b : a * b, 5)", "25"),
    # LAMBDA everywhere an operator argument goes
    ("Ap(F(_), x) == F(x)", "Ap(LAMBDA x : Ap(LAMBDA y : y + x, 1), 2)", "3"),
    ("Ap(F(_), x) == F(x)", "{Ap(LAMBDA x : x + k, 1) : k \\in 1..3}", "{2, 3, 4}"),
    ("Ap(F(_), x) == F(x)", "SelectSeq(<<1, 2, 3>>, LAMBDA x : Ap(LAMBDA y : y > 1, x))",
     "<<2, 3>>"),
    ("", "SortSeq(<<2, 3, 1>>, LAMBDA a, b : a > b)", "<<3, 2, 1>>"),
    ("", "LET Ap(F(_), x) == F(x) IN [k \\in 1..2 |-> Ap(LAMBDA y : y + k, 0)]", "<<1, 2>>"),
    ("Ap(F(_), x) == F(x)", "LET G(H(_)) == Ap(H, 5) IN G(LAMBDA z : z * 2)", "10"),
    # LET operators with operator parameters
    ("", "LET Twice(F(_), x) == F(F(x)) IN Twice(LAMBDA y : y * 3, 1)", "9"),
    ("", "LET Twice(F(_), x) == F(F(x)) Inc(y) == y + 1 IN Twice(Inc, 1)", "3"),
    ("Op(F(_, _), x) == F(x, x)", "LET G(a, b) == a + b IN Op(G, 2)", "4"),
    # recursive operators with operator parameters, global and LET
    (
        "RECURSIVE Fold(_, _, _)\n"
        "Fold(Op(_, _), z, s) == IF s = <<>> THEN z ELSE Op(Head(s), Fold(Op, z, Tail(s)))",
        "<<Fold(+, 0, <<1, 2, 3>>), Fold(LAMBDA a, b : a * b, 1, <<1, 2, 3, 4>>)>>",
        "<<6, 24>>",
    ),
    (
        "",
        "LET RECURSIVE F(_, _) F(G(_), n) == IF n = 0 THEN 0 ELSE G(n) + F(G, n - 1) "
        "IN F(LAMBDA x : x * x, 3)",
        "14",
    ),
    (
        "RECURSIVE Sum(_, _)\nSum(F(_), S) == IF S = {} THEN 0 "
        "ELSE LET x == CHOOSE y \\in S : TRUE IN F(x) + Sum(F, S \\ {x})",
        "<<Sum(LAMBDA x : x * x, 1..4), Sum(LAMBDA x : 1, 1..4)>>",
        "<<30, 4>>",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("defs", "expr", "value"), ARGUMENTS)
def test_operators_as_arguments(defs: str, expr: str, value: str) -> None:
    assert render(evaluate(expr, defs=defs)) == value


def test_a_recursive_operator_passing_new_operators_is_refused() -> None:
    defs = (
        "RECURSIVE Bad(_, _)\n"
        "Bad(F(_), n) == IF n = 0 THEN F(0) ELSE Bad(LAMBDA x : F(x) + 1, n - 1)"
    )
    d = failure(lambda: evaluate("Bad(LAMBDA x : x, 3)", defs=defs))
    assert d.code == "E106" and "Bad" in d.message and d.span is not None


# (expression, value): labels are read and ignored
LABELS = [
    ("lbl :: 1 + 1", "2"),
    ("1 + lbl :: 2 * 3", "7"),
    ("\\A x \\in 1..3 : inner(x) :: x > 0", "TRUE"),
    ("∀ x ∈ 1..3 : lbl ∷ x > 0", "TRUE"),
    ("LET P(a) == lbl :: a * 2 IN P(4)", "8"),
]


@pytest.mark.parametrize(("expr", "value"), LABELS)
def test_labels(expr: str, value: str) -> None:
    assert render(evaluate(expr)) == value


def test_bnf_rule_is_not_a_label() -> None:
    assert initial_value('a ::= b == <<"rule", a, b>>', "(1 ::= 2)") == '<<"rule", 1, 2>>'


def test_standard_operators_stay_standard_where_their_module_is_extended(
    tmp_path: Path,
) -> None:
    """`+` is Naturals' in a module extending a module that extends Naturals: redefining
    it there is a duplicate; a module without Naturals may define its own."""
    (tmp_path / "Base.tla").write_text("---- MODULE Base ----\nEXTENDS Naturals\n====\n")
    (tmp_path / "Top.tla").write_text(
        "---- MODULE Top ----\nEXTENDS Base\na + b == a\nVARIABLE v\n"
        "Init == v = 1 + 2\nNext == UNCHANGED v\n====\n"
    )
    (tmp_path / "Top.cfg").write_text("INIT Init\nNEXT Next\n")
    d = failure(lambda: load_model(tmp_path / "Top.tla"))
    assert d.code == "E203" and "Naturals" in d.message
    assert initial_value("a + b == <<a, b>>", "1 + 2") == "<<1, 2>>"


def test_standard_operators_in_extended_modules_keep_their_meaning(tmp_path: Path) -> None:
    (tmp_path / "Ops.tla").write_text(
        "---- MODULE Ops ----\na + b == <<a, b>>\nPlus(a, b) == a + b\n====\n"
    )
    (tmp_path / "Top.cfg").write_text("INIT Init\nNEXT Next\n")
    (tmp_path / "Top.tla").write_text(
        "---- MODULE Top ----\nEXTENDS Ops, Naturals\nVARIABLE v\n"
        "Init == v = Plus(1, 2)\nNext == UNCHANGED v\n====\n"
    )
    d = failure(lambda: load_model(tmp_path / "Top.tla"))
    assert d.code == "E203" and "`+`" in d.message  # both define `+`
    (tmp_path / "Top.tla").write_text(
        "---- MODULE Top ----\nEXTENDS Ops\nVARIABLE v\n"
        "Init == v = Plus(1, 2) /\\ 3 + 4 = <<3, 4>>\nNext == UNCHANGED v\n====\n"
    )
    (state,) = load_model(tmp_path / "Top.tla").init_states()
    assert render(state[0]) == "<<1, 2>>"


OPS_MODULE = """---- MODULE Ops ----
CONSTANT _ \\prec _
a ** b == <<"M", a, b>>
a + b == <<"plus", a, b>>
Less(x, y) == x \\prec y
Double(x) == x + x
n ^+ == <<"succ", n>>
====
"""


def test_operator_symbols_through_instances(tmp_path: Path) -> None:
    """`N!**`, `N!^+`, an operator constant substituted by `<` or a LAMBDA, and Ops's own
    `+` inside its definitions (Ops does not extend Naturals) while the instantiating
    module's `+` is Naturals'; TLC prints the same tuple."""
    (tmp_path / "Ops.tla").write_text(OPS_MODULE)
    (tmp_path / "Top.tla").write_text(
        "---- MODULE Top ----\nEXTENDS Naturals\n"
        "N == INSTANCE Ops WITH \\prec <- <\n"
        "P == INSTANCE Ops WITH \\prec <- LAMBDA a, b : a > b\n"
        "S == INSTANCE Naturals\nVARIABLE v\n"
        "Init == v = <<N!**(2, 3), N!Less(1, 2), P!Less(1, 2), N!Double(2), N!^+(4), "
        "1 + 2, S!+(1, 2)>>\nNext == UNCHANGED v\n====\n"
    )
    (tmp_path / "Top.cfg").write_text("INIT Init\nNEXT Next\n")
    (state,) = load_model(tmp_path / "Top.tla").init_states()
    assert render(state[0]) == (
        '<<<<"M", 2, 3>>, TRUE, FALSE, <<"plus", 2, 2>>, <<"succ", 4>>, 3, 3>>'
    )


def test_standard_operators_in_substitutions_are_the_instantiating_modules(
    tmp_path: Path,
) -> None:
    (tmp_path / "K.tla").write_text("---- MODULE K ----\nCONSTANT C\nD == C\n====\n")
    (tmp_path / "Top.tla").write_text(
        "---- MODULE Top ----\nEXTENDS Naturals\nN == INSTANCE K WITH C <- 1 + 2\n"
        "VARIABLE v\nInit == v = N!D\nNext == UNCHANGED v\n====\n"
    )
    (tmp_path / "Top.cfg").write_text("INIT Init\nNEXT Next\n")
    (state,) = load_model(tmp_path / "Top.tla").init_states()
    assert state[0] == 3


def test_an_instance_keeps_its_own_operator_parameters(tmp_path: Path) -> None:
    """`_+_` is a parameter of Alg's definition; the instantiating module's `+` is
    Naturals' (TLC: <<TRUE, FALSE>>)."""
    (tmp_path / "Alg.tla").write_text(
        "---- MODULE Alg ----\nClosed(G, _+_) == \\A a, b \\in G : a + b \\in G\n====\n"
    )
    (tmp_path / "Top.tla").write_text(
        "---- MODULE Top ----\nEXTENDS Naturals\nN == INSTANCE Alg\nVARIABLE v\n"
        "Init == v = <<N!Closed({0, 1}, LAMBDA a, b : a * b), N!Closed({0, 1}, +)>>\n"
        "Next == UNCHANGED v\n====\n"
    )
    (tmp_path / "Top.cfg").write_text("INIT Init\nNEXT Next\n")
    (state,) = load_model(tmp_path / "Top.tla").init_states()
    assert render(state[0]) == "<<TRUE, FALSE>>"


def test_an_operator_constant_named_by_its_symbol_is_bound_in_the_config() -> None:
    """`CONSTANT _ \\prec _` with `CONSTANT \\prec <- Lt` in the configuration (TLC: TRUE)."""
    spec = (
        "EXTENDS Naturals\nCONSTANT _ \\prec _\nLt(a, b) == a < b\nVARIABLE v\n"
        "Init == v = <<1 \\prec 2, 2 \\prec 1>>\nNext == UNCHANGED v"
    )
    model = model_of(spec, "CONSTANT \\prec <- Lt\nINIT Init\nNEXT Next\n")
    (state,) = model.init_states()
    assert render(state[0]) == "<<TRUE, FALSE>>"
    d = failure(lambda: model_of(spec, "CONSTANT \\preck <- Lt\nINIT Init\nNEXT Next\n"))
    assert d.code == "E301" and "\\preck" in d.message


@pytest.mark.parametrize("codegen", ["1", "0"])
def test_each_lambda_passed_to_a_builtin_keeps_its_own_body(
    tmp_path: Path, codegen: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """60 invariants each pass two LAMBDAs to SelectSeq: a compiled LAMBDA was once
    cached under ids Python reused, so one invariant ran another's LAMBDA (a false
    violation in most runs; TLC: no error, 1 distinct state)."""
    monkeypatch.setenv("CHECKER_CODEGEN", codegen)
    invs = {
        f"Inv{i}": f"Len(SelectSeq(s, LAMBDA x : x > {i % 4})) = {3 - i % 4} /\\ "
        f"SelectSeq(s, LAMBDA a : a = {i % 4}) = {'<<>>' if i % 4 == 0 else f'<<{i % 4}>>'}"
        for i in range(60)
    }
    defs = "".join(f"{name} == {body}\n" for name, body in invs.items())
    (tmp_path / "Lam.tla").write_text(
        "---- MODULE Lam ----\nEXTENDS Integers, Sequences\nVARIABLE s\n"
        f"Init == s = <<1, 2, 3>>\nNext == UNCHANGED s\n{defs}====\n"
    )
    (tmp_path / "Lam.cfg").write_text(f"INIT Init\nNEXT Next\nINVARIANT {' '.join(invs)}\n")
    model = load_model(tmp_path / "Lam.tla", tmp_path / "Lam.cfg")
    (state,) = model.init_states()
    assert model.violated_invariant(state) is None
