"""Golden tests of evaluation, through the real pipeline (spec text -> Model).

Each expression is evaluated as the initial value of a variable (`tla_helpers.evaluate`),
so parsing, resolution, compilation to closures and the Model API are all exercised.
Expected values follow TLC (Integers.java for \\div and %, TLC.tla for the TLC module).
"""

from __future__ import annotations

import pytest
from tla_helpers import SPECS, evaluate, failure, harness, model_of

from checker.compile.model import Model
from checker.diagnostics import Diagnostic
from checker.values import render

# (expression, its value as TLA+ text): arithmetic, with TLC's semantics of \div
# (rounds toward -infinity) and % (result in 0..b-1), and SANY's precedence: prefix `-`
# binds tighter than `%` but looser than `*`, `\div` and `^`.
ARITHMETIC = [
    ("1 + 2 * 3", "7"),
    ("10 - 3 - 2", "5"),
    ("7 \\div 2", "3"),
    ("-7 \\div 2", "-3"),
    ("(-7) \\div 2", "-4"),
    ("7 \\div (-2)", "-4"),
    ("(-7) \\div (-2)", "3"),
    ("7 % 3", "1"),
    ("(-7) % 3", "2"),
    ("-7 % 3", "2"),
    ("7 % 3 * 2", "1"),
    ("2 ^ 10", "1024"),
    ("-2 ^ 2", "-4"),
    ("(-2) ^ 3", "-8"),
    ("2 * (-3)", "-6"),
    ("-(3 - 5)", "2"),
    ("3 - -1", "4"),
    ("2 ^ 100", str(2**100)),
    ("<<\\o17, \\b101, \\h1F, \\H1f, <<1>> \\o <<2>>>>", "<<15, 5, 31, 31, <<1, 2>>>>"),
    ('<<"a\\tb", "q\\"q", "back\\\\slash">>', '<<"a\\tb", "q\\"q", "back\\\\slash">>'),
    (
        "<<1 < 2, 2 > 2, 2 <= 2, 2 =< 1, 3 >= 4, 1 # 1, 1 /= 2>>",
        "<<TRUE, FALSE, TRUE, FALSE, FALSE, FALSE, TRUE>>",
    ),
]

SETS = [
    ("(Nat \\X {}) = {}", "TRUE"),  # a product with an empty factor is empty
    ("Cardinality([{} -> Nat])", "1"),  # just the empty function
    ("[{} -> Nat]", "{<<>>}"),
    ("1..3", "{1, 2, 3}"),
    ("3..1", "{}"),
    ("{3, 1, 2, 1}", "{1, 2, 3}"),
    ('{"b", "a"}', '{"a", "b"}'),
    ("{1, 2} \\cup {2, 3}", "{1, 2, 3}"),
    ("{1, 2} \\union {2, 3}", "{1, 2, 3}"),
    ("{1, 2} \\cap {2, 3}", "{2}"),
    ("{1, 2} \\intersect {2, 3}", "{2}"),
    ("{1, 2} \\ {2, 3}", "{1}"),
    (
        "<<2 \\in {1, 2}, 2 \\notin {1, 2}, {1} \\subseteq {1, 2}, {3} \\subseteq {1}>>",
        "<<TRUE, FALSE, TRUE, FALSE>>",
    ),
    ("SUBSET {1, 2}", "{{}, {1}, {2}, {1, 2}}"),
    ("SUBSET {}", "{{}}"),
    ("UNION {{1, 2}, {2, 3}}", "{1, 2, 3}"),
    ("UNION {}", "{}"),
    ("{x \\in 1..6 : x % 2 = 0}", "{2, 4, 6}"),
    ("{x \\in SUBSET {1, 2} : Cardinality(x) = 1}", "{{1}, {2}}"),
    ("{x * x : x \\in -1..1}", "{0, 1}"),
    ('{<<x, y>> : x \\in 1..2, y \\in {"a"}}', '{<<1, "a">>, <<2, "a">>}'),
    ("{a + b : <<a, b>> \\in {<<1, 2>>, <<3, 4>>}}", "{3, 7}"),
    ("{x + y : x, y \\in 1..2}", "{2, 3, 4}"),
    ('{1, 2} \\X {"a"}', '{<<1, "a">>, <<2, "a">>}'),
    ("{1} \\X {2} \\X {3}", "{<<1, 2, 3>>}"),
    ("BOOLEAN", "{FALSE, TRUE}"),
    ("Cardinality([{1, 2, 3} -> {1, 2}])", "8"),
    ("Cardinality(SUBSET (1..10))", "1024"),
    ("<<IsFiniteSet(1..3), IsFiniteSet(Nat), Cardinality({})>>", "<<TRUE, FALSE, 0>>"),
    ('[{1, 2} -> {"x"}]', '{<<"x", "x">>}'),
    ('[a : {1, 2}, b : {"x"}]', '{[a |-> 1, b |-> "x"], [a |-> 2, b |-> "x"]}'),
]

FUNCTIONS = [
    # tuples are the functions on 1..n, records the functions on strings
    ("[x \\in {1, 2} |-> x * 2]", "<<2, 4>>"),
    ("[x \\in {0, 1} |-> x]", "(0 :> 0 @@ 1 :> 1)"),
    ('[x \\in {"a", "b"} |-> 1]', "[a |-> 1, b |-> 1]"),
    ("[x \\in {} |-> 1]", "<<>>"),
    ("[b |-> 2, a |-> 1]", "[a |-> 1, b |-> 2]"),
    ("[a |-> 1, b |-> 2].b", "2"),
    ('[a |-> 1]["a"]', "1"),
    ('[x \\in 1..2, y \\in {"u"} |-> x]', '(<<1, "u">> :> 1 @@ <<2, "u">> :> 2)'),
    ('[x \\in 1..2, y \\in {"u"} |-> x][2, "u"]', "2"),
    ('DOMAIN [x \\in 1..2, y \\in {"u"} |-> x]', '{<<1, "u">>, <<2, "u">>}'),
    ("[<<a, b>> \\in {1} \\X {2} |-> a + b][1, 2]", "3"),
    ("DOMAIN <<5, 6>>", "{1, 2}"),
    ("<<5, 6>>[2]", "6"),
    ('"abc"[2]', '"b"'),
    # EXCEPT: ![i], !.field, nested paths, several clauses (each sees the previous), @
    ("[[x \\in 1..3 |-> 0] EXCEPT ![2] = 5]", "<<0, 5, 0>>"),
    ("[<<1>> EXCEPT ![5] = 2]", "<<1>>"),
    ("[[a |-> 1, b |-> 2] EXCEPT !.b = @ * 10]", "[a |-> 1, b |-> 20]"),
    ("[[a |-> <<1, 2>>] EXCEPT !.a[2] = @ + 1]", "[a |-> <<1, 3>>]"),
    ('[[a |-> [b |-> 1]] EXCEPT !["a"].b = @ - 1]', "[a |-> [b |-> 0]]"),
    ("[<<1, 2>> EXCEPT ![1] = @ + 1, ![1] = @ * 10]", "<<20, 2>>"),
    ("[<<<<1, 2>>, <<3>>>> EXCEPT ![1][2] = 9, ![2] = Append(@, 4)]", "<<<<1, 9>>, <<3, 4>>>>"),
    ("[[x \\in 1..2, y \\in 1..2 |-> x + y] EXCEPT ![1, 2] = 0][1, 2]", "0"),
    ("[r \\in {[a |-> 1]} |-> r.a]", "([a |-> 1] :> 1)"),
    # TLC's :> and @@ (the left function wins on common keys)
    ('(1 :> "a") @@ (1 :> "b") @@ (2 :> "c")', '<<"a", "c">>'),
    ('("k" :> 1) @@ ("j" :> 2)', "[j |-> 2, k |-> 1]"),
    ("DOMAIN (5 :> 0)", "{5}"),
]

SEQUENCES = [
    ("<<1, 2>> \\o <<3>>", "<<1, 2, 3>>"),
    ('"ab" \\o "c"', '"abc"'),
    ("Append(<<>>, 1)", "<<1>>"),
    ('<<Len(<<>>), Len(<<4, 5>>), Len("abc")>>', "<<0, 2, 3>>"),
    ("<<Head(<<7, 8>>), Tail(<<7, 8>>), Tail(<<1>>)>>", "<<7, <<8>>, <<>>>>"),
    ("SubSeq(<<1, 2, 3>>, 2, 3)", "<<2, 3>>"),
    ("SubSeq(<<1, 2, 3>>, 2, 1)", "<<>>"),
    ("SelectSeq(<<1, 2, 3>>, LAMBDA x : x # 2)", "<<1, 3>>"),
    ("LET Even(x) == x % 2 = 0 IN SelectSeq(<<1, 2, 3, 4>>, Even)", "<<2, 4>>"),
    (
        "<<<<1, 2>> \\in Seq({1, 2}), <<3>> \\in Seq({1}), <<>> \\in Seq({})>>",
        "<<TRUE, FALSE, TRUE>>",
    ),
]

TLC_MODULE = [
    (
        "Permutations({1, 2, 3})",
        "{<<1, 2, 3>>, <<1, 3, 2>>, <<2, 1, 3>>, <<2, 3, 1>>, <<3, 1, 2>>, <<3, 2, 1>>}",
    ),
    # a permutation is a function from S to S (TLC.tla), so on strings it is a record
    ('Permutations({"a", "b"})', '{[a |-> "a", b |-> "b"], [a |-> "b", b |-> "a"]}'),
    ("SortSeq(<<3, 1, 2>>, LAMBDA a, b : a < b)", "<<1, 2, 3>>"),
    ("SortSeq(<<3, 1, 2>>, LAMBDA a, b : a > b)", "<<3, 2, 1>>"),
    ("ToString(1)", '"1"'),
    ('ToString(<<1, "a", {TRUE}>>)', '"<<1, \\"a\\", {TRUE}>>"'),
    ("ToString([a |-> {1}])", '"[a |-> {1}]"'),
    ('Assert(1 = 1, "unused")', "TRUE"),
    ("TLCEval(1 + 1)", "2"),
]

BINDERS = [
    ("CHOOSE x \\in {3, 1, 2} : TRUE", "1"),
    ("CHOOSE x \\in 1..10 : x * x > 20", "5"),
    ('CHOOSE s \\in {"b", "a"} : TRUE', '"a"'),
    ("CHOOSE r \\in [a : {1, 2}] : r.a > 1", "[a |-> 2]"),
    ("CHOOSE <<a, b>> \\in {1, 2} \\X {1, 2} : a > b", "<<2, 1>>"),
    ("CASE 1 = 2 -> 1 [] 2 = 2 -> 2 [] OTHER -> 3", "2"),
    ("CASE FALSE -> 1 [] OTHER -> 3", "3"),
    ("IF 1 > 2 THEN 1 ELSE IF 2 > 1 THEN 2 ELSE 3", "2"),
    ("LET a == 1 b == a + 1 IN b * 10", "20"),
    (
        "LET 2pc == 3 x1 == 2pc + 1 IN <<2pc, x1, 1..2>>",
        "<<3, 4, {1, 2}>>",
    ),  # names may start with digits
    ("LET f(x, y) == x - y g[n \\in 1..3] == n * 2 IN f(g[3], 1)", "5"),
    ("<<\\E x \\in {} : TRUE, \\A x \\in {} : FALSE>>", "<<FALSE, TRUE>>"),
    ("\\A x, y \\in 1..3 : x + y <= 6", "TRUE"),
    ("\\E x \\in 1..3, y \\in {4} : x + y = 7", "TRUE"),
    ("\\A <<a, b>> \\in {1, 2} \\X {3} : a < b", "TRUE"),
    ("\\E <<a, b>> \\in {<<1, 1>>, <<2, 3>>} : a # b", "TRUE"),
    ("\\A <<a, b>> \\in {<<1, 1>>, <<2, 3>>} : a # b", "FALSE"),
    # operators taking operators
    ("LET Twice(F(_), x) == F(F(x)) Inc(n) == n + 1 IN Twice(Inc, 3)", "5"),
    ("LET Apply(F(_, _)) == F(1, 2) IN Apply(LAMBDA a, b : a - b)", "-1"),
]

RECURSION = [
    ("LET RECURSIVE F(_) F(n) == IF n = 0 THEN 1 ELSE n * F(n - 1) IN F(6)", "720"),
    ("LET f[n \\in 0..10] == IF n < 2 THEN n ELSE f[n - 1] + f[n - 2] IN f[10]", "55"),
    ("LET f[n \\in Nat] == IF n = 0 THEN 0 ELSE n + f[n - 1] IN f[100]", "5050"),
    (
        "LET f[n \\in 0..3] == IF n = 0 THEN 1 ELSE 2 * f[n - 1] IN f",
        "(0 :> 1 @@ 1 :> 2 @@ 2 :> 4 @@ 3 :> 8)",
    ),
    # each entry of g is a recursive function over the k of its own entry
    (
        "LET g == [k \\in 1..2 |-> LET f[n \\in 0..1] == IF n = 0 THEN k ELSE f[n - 1] IN f]"
        " IN <<g[1][1], g[2][1]>>",
        "<<1, 2>>",
    ),
    ("<<Fact(5), IsEven(10), IsOdd(7), SetSum(1..10)>>", "<<120, TRUE, TRUE, 55>>"),
    (
        '<<fib[20], sumTo[100], Squares, Reverse(<<1, 2, 3>>), Depth("node")>>',
        "<<6765, 5050, <<1, 4, 9, 16>>, <<3, 2, 1>>, 1>>",
    ),
]

# Lazy sets answer membership without enumerating (Nat, Int, STRING, [S -> T], SUBSET ...).
LAZY = [
    (
        '<<5 \\in Nat, -1 \\in Nat, -3 \\in Int, "s" \\in STRING, 1 \\in STRING>>',
        "<<TRUE, FALSE, TRUE, TRUE, FALSE>>",
    ),
    ('<<1, "a">> \\in Nat \\X STRING', "TRUE"),
    ("{1, 2} \\in SUBSET Nat", "TRUE"),
    ("{1, 2} \\subseteq Nat", "TRUE"),
    ("[n \\in 1..3 |-> n] \\in [1..3 -> Nat]", "TRUE"),
    ("[n \\in 1..3 |-> -n] \\in [1..3 -> Nat]", "FALSE"),
    ("[n \\in 1..3 |-> n] \\in [1..2 -> Nat]", "FALSE"),
    ("<<1, 2>> \\in Seq(Nat)", "TRUE"),
    ("[a |-> 1] \\in [a : Nat]", "TRUE"),
    ("[a |-> 1, b |-> 2] \\in [a : Nat]", "FALSE"),
    ("[a |-> 1] \\in [a : Nat, b : Nat]", "FALSE"),
    ("SUBSET {1} \\subseteq SUBSET {1, 2}", "TRUE"),
    ("<<1, 2>> \\in [1..2 -> 1..1000000]", "TRUE"),
    (
        "<<1..3 = {1, 2, 3}, {} = 1..0, Nat = Nat, [{1} -> Nat] = [{1} -> Nat]>>",
        "<<TRUE, TRUE, TRUE, TRUE>>",
    ),
    ("Cardinality(SUBSET SUBSET (1..3))", "256"),
    # functions over infinite sets are computed where applied (as TLC's lazy functions)
    ("[x \\in Nat |-> x * x][7]", "49"),
    ("LET f[n \\in Nat] == 2 * n IN <<f[4], DOMAIN f = Nat>>", "<<8, TRUE>>"),
    ("LET G == [k \\in 1..2 |-> [n \\in Nat |-> n + k]] IN <<G[1][0], G[2][0]>>", "<<1, 2>>"),
    ("\\A k \\in 1..3 : LET g == [n \\in Int |-> n + k] IN g[-1] = k - 1", "TRUE"),
    (
        "<<Nat \\subseteq Int, Seq(Nat) \\subseteq Seq(Nat), Int \\subseteq Nat>>",
        "<<TRUE, TRUE, FALSE>>",
    ),
]

# TLA+ equality across representations.
EQUALITY = [
    ('[a |-> 1] = [x \\in {"a"} |-> 1]', "TRUE"),
    ("<<1, 2>> = [i \\in 1..2 |-> i]", "TRUE"),
    ("<<>> = [x \\in {} |-> 0]", "TRUE"),
    ("(1 :> 5 @@ 2 :> 6) = <<5, 6>>", "TRUE"),
    ('[a |-> 1, b |-> 2] = ("b" :> 2) @@ ("a" :> 1)', "TRUE"),
    ("{1, 2} = {2, 1, 1}", "TRUE"),
    ("{{1}, {1}} = {{1}}", "TRUE"),
    ('"a" = "a" /\\ "a" # "b"', "TRUE"),
]

GOLDEN = ARITHMETIC + SETS + FUNCTIONS + SEQUENCES + TLC_MODULE + BINDERS + LAZY + EQUALITY


@pytest.mark.parametrize(("expr", "expected"), GOLDEN, ids=[e for e, _ in GOLDEN])
def test_expression_value(expr: str, expected: str) -> None:
    assert render(evaluate(expr)) == expected


@pytest.mark.parametrize(("expr", "expected"), RECURSION, ids=[e for e, _ in RECURSION])
def test_recursion(expr: str, expected: str) -> None:
    assert render(evaluate(expr, extends="Recursion", directory=SPECS)) == expected


@pytest.mark.parametrize(
    "name",
    [
        "Check_Logic",
        "Check_Quantifiers",
        "Check_Choose",
        "Check_Control",
        "Check_Sets",
        "Check_Functions",
        "Check_Records",
        "Check_Tuples",
        "Check_Arithmetic",
        "Check_TLC",
    ],
)
def test_expressions_corpus_checks_hold(name: str) -> None:
    value = evaluate(
        name, extends="Expressions", directory=SPECS, constants="Nodes = {a, b}\nNoNode = NoNode"
    )
    assert value is True


def test_print_and_printt() -> None:
    printed: list[str] = []
    value = evaluate('<<Print("hello", 42), PrintT(<<1, {2}>>)>>', output=printed.append)
    assert render(value) == "<<42, TRUE>>"
    assert printed == ['"hello"', "<<1, {2}>>"]


# ---------------------------------------------------------------------------------------
# Runtime errors are located diagnostics: code, line:col, and (when exploring) the state.


def _located(diag: Diagnostic, code: str, line: int, col: int) -> None:
    assert diag.code == code, diag
    assert diag.span is not None, diag
    assert (diag.span.line, diag.span.col) == (line, col), diag


@pytest.mark.parametrize(
    ("expr", "code", "col", "words"),
    [
        ("1 \\div (2 - 2)", "E402", 8, "division by zero"),
        ("5 % 0", "E402", 8, "%"),
        ("<<1, 2>>[3]", "E403", 8, "domain"),
        ("[a |-> 1].b", "E403", 8, "no field `b`"),
        ("(1 :> 2)[2]", "E403", 8, "domain"),
        ('"a" + 1', "E401", 8, "string"),
        ("{1} \\cup 2", "E401", 8, "set"),
        ("CHOOSE x \\in 1..3 : x > 5", "E404", 8, "CHOOSE"),
        ("CASE 1 = 2 -> 0", "E409", 8, "CASE"),
        ("IF 1 THEN 2 ELSE 3", "E401", 11, "TRUE or FALSE"),
        ('Assert(1 = 2, "it broke")', "E407", 8, "it broke"),
        ("Head(<<>>)", "E403", 8, "empty"),
        ("2 ^ (0 - 1)", "E401", 8, "exponent"),
        ("\\E x \\in Nat : x = 3", "E405", 11, "Nat"),
        ("LET RECURSIVE F(_) F(n) == F(n) IN F(1)", "E409", 35, "recursion"),
        ("[n \\in Nat |-> n][-1]", "E403", 8, "[n \\in Nat |-> ...]"),
        ("LET f[n \\in Nat] == n IN f[-1]", "E403", 33, "function f (on Nat)"),
        # decidable only by enumerating the left side (TLC enumerates too): refused
        ("Seq(Nat) \\subseteq Seq(Int)", "E405", 8, "Seq(Nat)"),
        ("[Nat -> Nat] \\subseteq [Nat -> Int]", "E405", 8, "[Nat -> Nat]"),
        ("LET f[n \\in Nat] == n IN f = f", "E405", 33, "Nat"),
    ],
)
def test_evaluation_errors_are_located(expr: str, code: str, col: int, words: str) -> None:
    diag = failure(lambda: harness(expr).init_states())
    _located(diag, code, 4, col)
    assert words in diag.message


ERROR_SPECS = [
    pytest.param(
        "EXTENDS Naturals\nVARIABLE x\nInit == x = 0\nNext == x' = 1 \\div x\n",
        "E402",
        (5, 14),
        "/\\ x = 0",
        id="division-by-zero",
    ),
    pytest.param(
        "EXTENDS Naturals\nVARIABLE f\nInit == f = <<1>>\nNext == f' = <<f[2]>>\n",
        "E403",
        (5, 16),
        "/\\ f = <<1>>",
        id="outside-domain",
    ),
    pytest.param(
        'EXTENDS Naturals\nVARIABLE x\nInit == x = "a"\nNext == x\' = x + 1\n',
        "E401",
        (5, 14),
        '/\\ x = "a"',
        id="arithmetic-on-string",
    ),
    pytest.param(
        "EXTENDS Naturals\nVARIABLE x\nInit == x = 0\n"
        "Next == x' = CHOOSE n \\in 1..3 : n > x + 5\n",
        "E404",
        (5, 14),
        "/\\ x = 0",
        id="choose-without-witness",
    ),
    pytest.param(
        "EXTENDS Naturals\nVARIABLES x, y\nInit == x = 0 /\\ y = 0\nA == x' = x + 1\n"
        "Next == A \\/ UNCHANGED <<x, y>>\n",
        "E406",
        (5, 1),
        "/\\ y = 0",
        id="variable-undetermined",
    ),
    pytest.param(
        "EXTENDS Naturals\nVARIABLES x, y\nInit == x = 0 /\\ y = 0\n"
        "Next == \\/ x' = 1 /\\ y' = 1\n        \\/ x' = 2\n",
        "E406",
        (6, 12),
        "/\\ x = 0",
        id="inline-disjunct-undetermined",
    ),
    pytest.param(
        "EXTENDS Naturals\nVARIABLES x, y\nInit == x = 0 /\\ y = 0\nNext == y' = x' /\\ x' = 1\n",
        "E406",
        (5, 14),
        "/\\ y = 0",
        id="primed-before-assigned",
    ),
]


@pytest.mark.parametrize(("spec", "code", "where", "state"), ERROR_SPECS)
def test_errors_while_exploring_name_the_state(
    spec: str, code: str, where: tuple[int, int], state: str
) -> None:
    model = model_of(spec)
    (init,) = model.init_states()
    diag = failure(lambda: model.successors(init))
    _located(diag, code, *where)
    assert any(state in n.message for n in diag.notes), diag.notes


@pytest.mark.parametrize(
    ("spec", "code", "where"),
    [
        pytest.param(
            "EXTENDS Naturals\nVARIABLE x\nInit == x \\in Nat\nNext == x' = x\n",
            "E405",
            (4, 9),
            id="x-in-Nat",
        ),
        pytest.param(
            "EXTENDS Naturals\nVARIABLES x, y\nInit == x = 0\nNext == UNCHANGED <<x, y>>\n",
            "E406",
            (4, 9),
            id="variable-left-out",
        ),
        pytest.param(
            "EXTENDS Naturals\nVARIABLE x\nInit == x = Nat\nNext == x' = x\n",
            "E405",
            (4, 9),
            id="infinite-value",
        ),
    ],
)
def test_errors_in_init(spec: str, code: str, where: tuple[int, int]) -> None:
    model = model_of(spec)
    diag = failure(model.init_states)
    _located(diag, code, *where)


def test_invariant_error_names_the_state() -> None:
    model = model_of(
        "EXTENDS Naturals\nVARIABLE x\nInit == x = 0\nNext == x' = x\nInv == 10 \\div x > 1\n",
        "INIT Init\nNEXT Next\nINVARIANT Inv\n",
    )
    (init,) = model.init_states()
    diag = failure(lambda: model.violated_invariant(init))
    _located(diag, "E402", 6, 8)
    assert any("/\\ x = 0" in n.message for n in diag.notes)


# ---------------------------------------------------------------------------------------
# Initial states and successors of small specs (TLC's primed-variable rule, labels).


def _texts(states: list[tuple[object, ...]]) -> list[tuple[str, ...]]:
    return [tuple(render(v) for v in s) for s in states]


def _steps(model: Model, state: tuple[object, ...]) -> list[tuple[str, tuple[str, ...]]]:
    return [
        (model.label_text(label), tuple(render(v) for v in nxt))
        for label, nxt in model.successors(state)
    ]


@pytest.mark.parametrize(
    ("init", "states"),
    [
        ("x = 1", [("1", "0")]),
        ("x \\in {2, 1} /\\ y = 0", [("1", "0"), ("2", "0")]),
        ("x = 1 \\/ x = 2", [("1", "0"), ("2", "0")]),
        ("\\E i \\in 1..3 : x = i /\\ i # 2", [("1", "0"), ("3", "0")]),
        ("x = 1 /\\ x = 1", [("1", "0")]),
        ("x = 1 /\\ x = 2", []),
        ("x \\in 1..3 /\\ x > 2", [("3", "0")]),
        ("IF TRUE THEN x = 5 ELSE x = 6", [("5", "0")]),
        ("LET k == 4 IN x = k", [("4", "0")]),
        ("x \\in {<<1, 2>>}", [("<<1, 2>>", "0")]),
        ("x = [i \\in 1..2 |-> i]", [("<<1, 2>>", "0")]),
        ('x \\in [{"p"} -> {0, 1}]', [("[p |-> 0]", "0"), ("[p |-> 1]", "0")]),
    ],
)
def test_initial_states(init: str, states: list[tuple[str, ...]]) -> None:
    y_part = "" if "y =" in init else " /\\ y = 0"
    spec = (
        f"EXTENDS Naturals\nVARIABLES x, y\nInit == ({init}){y_part}\nNext == UNCHANGED <<x, y>>\n"
    )
    assert _texts(model_of(spec).init_states()) == states


@pytest.mark.parametrize(
    ("next_", "steps"),
    [
        # the first x' = e binds x'; later occurrences test it
        ("x' = 1 /\\ x' = 2", []),
        ("x' = 1 /\\ x' \\in {1, 2}", [("1",)]),
        ("x' \\in {1, 2, 3} /\\ x' > 1", [("2",), ("3",)]),
        ("x' \\in {0, 1, 2} /\\ x' # x", [("1",), ("2",)]),
        ("x' = x + 1 /\\ (x + 1)' = x + 2", [("1",)]),
        ("x' = x \\/ x' = 7", [("0",), ("7",)]),
        ("\\E i \\in {3, 1} : x' = i", [("1",), ("3",)]),
        ("\\E <<i, j>> \\in {<<1, 2>>} : x' = i + j", [("3",)]),
        ("IF x = 0 THEN x' = 1 ELSE x' = 2", [("1",)]),
        ("CASE x = 1 -> x' = 1 [] OTHER -> x' = 9", [("9",)]),
        ("LET n == x + 5 IN x' = n", [("5",)]),
        ("[x' = 4]_x", [("4",), ("0",)]),
        ("UNCHANGED x", [("0",)]),
        ("UNCHANGED <<x>>", [("0",)]),
        ("x > 0 /\\ x' = 1", []),
        ("x' = x /\\ FALSE", []),
        # TLC also computes \A, => and <<A>>_v over actions structurally
        ("\\A i \\in {3} : x' = i", [("3",)]),
        ("\\A i \\in {} : x' = i", "E406"),
        ("\\A i \\in 1..2 : x' \\in 0..2 /\\ x' >= i", [("2",)]),
        ("(x = 0 => x' = 1) /\\ (x # 0 => x' = 2)", [("1",)]),
        ("x' \\in {0, 1} /\\ (x' = 1 => TRUE)", [("0",), ("1",)]),
        ("<<x' \\in {0, 1, 2}>>_x", [("1",), ("2",)]),
    ],
)
def test_primed_variable_rule(next_: str, steps: list[tuple[str, ...]] | str) -> None:
    model = model_of(f"EXTENDS Naturals\nVARIABLE x\nInit == x = 0\nNext == {next_}\n")
    (init,) = model.init_states()
    if isinstance(steps, str):
        assert failure(lambda: model.successors(init)).code == steps
    else:
        assert [t for _, t in _steps(model, init)] == steps


LABELLED = """EXTENDS Naturals
VARIABLES x, y
vars == <<x, y>>
Init == x = 0 /\\ y = 0
Inc(n) == x' = x + n /\\ UNCHANGED y
Both(a, b) == x' = a /\\ y' = b
Named == Inc(5)
Next == \\/ \\E n \\in {2, 1} : Inc(n)
        \\/ \\E a \\in {1}, b \\in {"v"} : Both(a, b)
        \\/ Named
        \\/ x' = 9 /\\ y' = 9
        \\/ UNCHANGED vars
"""


def test_action_labels() -> None:
    model = model_of(LABELLED)
    (init,) = model.init_states()
    assert _steps(model, init) == [
        ("Inc(1)", ("1", "0")),
        ("Inc(2)", ("2", "0")),
        ('Both(1, "v")', ("1", '"v"')),
        ("Named", ("5", "0")),
        ("Next@12:12", ("9", "9")),
        ("Next@13:12", ("0", "0")),
    ]


def test_counter_corpus_spec() -> None:
    from checker.pipeline import load_model

    model = load_model(SPECS / "Counter.tla", SPECS / "Counter.cfg")
    assert model.init_states() == [(0,)]
    assert _steps(model, (0,)) == [("Inc(1)", ("1",)), ("Inc(2)", ("2",))]
    assert _steps(model, (2,)) == [("Inc(1)", ("3",))]
    assert _steps(model, (3,)) == [("Reset", ("0",))]
    assert model.violated_invariant((3,)) is None
    assert model.violated_invariant((4,)) == "TypeOK"


def test_tokens_corpus_spec() -> None:
    from checker.pipeline import load_model

    model = load_model(SPECS / "Tokens.tla", SPECS / "Tokens.cfg")
    (init,) = model.init_states()
    assert _texts([init]) == [("n1", "{}")]
    assert _steps(model, init) == [
        ("Send(n1, n2)", ("None", "{[from |-> n1, to |-> n2]}")),
        ("Send(n1, n3)", ("None", "{[from |-> n1, to |-> n3]}")),
    ]
    (_, after) = model.successors(init)[0]
    assert _steps(model, after) == [("Recv([from |-> n1, to |-> n2])", ("n2", "{}"))]
