"""Functions, Folds and FiniteSetsExt, operator by operator (run by test_operators.py):
values from the modules' definitions, and TLC's overrides where they differ (FoldSet,
FoldFunction: `op(x, acc)` over the elements in TLC's order)."""

from __future__ import annotations

EXT = "Integers, FiniteSets, Sequences, TLC, Functions, FiniteSetsExt, Folds"

FUNCTIONS = [
    ('Restrict(V([a |-> 1, b |-> 2, c |-> 3]), {"a", "c"})', "[a |-> 1, c |-> 3]"),
    (
        'RestrictDomain(V((0 :> "a" @@ 1 :> "b" @@ 2 :> "c")), LAMBDA x : x \\in {0, 2})',
        '(0 :> "a" @@ 2 :> "c")',
    ),
    ("RestrictValues(V(<<0, 1, 2>>), LAMBDA y : y \\in {0, 2})", "(1 :> 0 @@ 3 :> 2)"),
    ("IsRestriction(V([one |-> 1]), [one |-> 1, two |-> 2])", "TRUE"),
    ("IsRestriction(V([one |-> 1, two |-> 2]), [one |-> 1, two |-> 3])", "FALSE"),
    ("IsRestriction(V([one |-> 1, two |-> 2]), [two |-> 2])", "FALSE"),
    ("Range(V(<<3, 1, 3>>))", "{1, 3}"),
    ("Range(V(<<>>))", "{}"),
    ("Pointwise(V(<<1, 2>>), <<10, 20, 30>>, +)", "<<11, 22>>"),
    (
        'Inverse(V(("a" :> 0 @@ "b" :> 1 @@ "c" :> 2)), {"a", "b", "c"}, {1, 3})',
        '(1 :> "b" @@ 3 :> "a")',
    ),
    ('AntiFunction(V(<<"x", "y">>))', "[x |-> 1, y |-> 2]"),
    ("IsInjective(V(<<1, 2, 3>>))", "TRUE"),
    ("IsInjective(V(<<1, 2, 1>>))", "FALSE"),
    ("IsInjective(V([a |-> 1, b |-> 1]))", "FALSE"),
    ('Injection(V({1, 2}), {"x", "y"})', '{<<"x", "y">>, <<"y", "x">>}'),
    ("Cardinality(Injection(V(1..2), 1..3))", "6"),
    ("Injection(V(1..3), 1..2)", "{}"),
    ("Surjection(V(1..3), {0, 1}) = {f \\in [1..3 -> {0, 1}] : Range(f) = {0, 1}}", "TRUE"),
    ("Cardinality(Surjection(V(1..3), 1..2))", "6"),
    ("Bijection(V({1, 2}), {5, 6})", "{<<5, 6>>, <<6, 5>>}"),
    ("<<ExistsInjection(V(1..2), 1..3), ExistsInjection(V(1..3), 1..2)>>", "<<TRUE, FALSE>>"),
    ("<<ExistsSurjection(V(1..3), 1..2), ExistsSurjection(V(1..2), 1..3)>>", "<<TRUE, FALSE>>"),
    ("<<ExistsSurjection(V({}), {}), ExistsSurjection(V({1}), {})>>", "<<TRUE, FALSE>>"),
    ("<<ExistsBijection(V(1..2), {7, 8}), ExistsBijection(V(1..2), {7})>>", "<<TRUE, FALSE>>"),
    ("FoldFunction(LAMBDA x, y : {x} \\cup y, {}, V(<<1, 2, 1>>))", "{1, 2}"),
    ("FoldFunction(LAMBDA x, acc : acc \\o <<x>>, <<>>, V(<<1, 2, 3>>))", "<<1, 2, 3>>"),
    ("FoldFunctionOnSet(LAMBDA x, y : x + y, 0, V(<<4, 5, 6>>), {})", "0"),
    ("SumFunctionOnSet(V(<<4, 5, 6>>), {1, 2})", "9"),
    ("SumFunction(V(<<4, 5, 6>>))", "15"),
    ("SumFunction(V([a |-> 2, b |-> 3]))", "5"),
]

FOLDS = [
    # op(f(x), rest) with x = choose(S): choosing the largest first builds the list up
    (
        "MapThenFoldSet(LAMBDA x, y : <<x>> \\o y, <<>>, LAMBDA x : x * 10,"
        " LAMBDA s : CHOOSE m \\in s : \\A n \\in s : m >= n, V({1, 2, 3}))",
        "<<30, 20, 10>>",
    ),
    (
        "MapThenFoldSet(LAMBDA x, y : x + y, 7, LAMBDA x : x, LAMBDA s : CHOOSE x \\in s : TRUE,"
        " V({}))",
        "7",
    ),
]

SETS_EXT = [
    ("FoldSet(LAMBDA x, acc : acc \\o <<x>>, <<>>, V({3, 1, 2}))", "<<1, 2, 3>>"),
    ("SumSet(V({1, 2, 3}))", "6"),
    ("SumSet(V({}))", "0"),
    ("ProductSet(V({2, 3, 4}))", "24"),
    ("ReduceSet(LAMBDA x, acc : acc * 10 + x, V({1, 2}), 0)", "12"),
    ("MapThenSumSet(LAMBDA x : x * x, V({1, 2, 3}))", "14"),
    ("FlattenSet(V({{1}, {2, 3}}))", "{1, 2, 3}"),
    ("SymDiff(V({1, 2, 3}), {3, 4})", "{1, 2, 4}"),
    ("Quantify(V(1..10), LAMBDA n : n % 3 = 0)", "3"),
    ("kSubset(2, V({1, 2, 3}))", "{{1, 2}, {1, 3}, {2, 3}}"),
    ("kSubset(0, V({1, 2}))", "{{}}"),
    ("kSubset(3, V({1, 2}))", "{}"),
    ("<<Max(V({1, 5, -3})), Min(V({1, 5, -3}))>>", "<<5, -3>>"),
    ("Choices(V({{1, 2}, {3}}))", "{{1, 3}, {2, 3}}"),
    ("Choices(V({}))", "{{}}"),
    ("Choices(V({{1}, {}}))", "{}"),
    ("ChooseUnique(V({2, 3, 4}), LAMBDA x : x % 3 = 0)", "3"),
]

CASES = FUNCTIONS + FOLDS + SETS_EXT


ERRORS = [
    ("Max(V({}))", "E404", "Max of the empty set"),
    ('Max(V({1, "a"}))', "E401", "Max expects an integer"),
    ("ChooseUnique(V({1, 2}), LAMBDA x : TRUE)", "E404", "2 elements"),
    ("Quantify(V({1}), LAMBDA x : x)", "E401", "the test"),
    ("FoldFunction(+, 0, V({1}))", "E401", "must be a function"),
    ('SumFunction(V(<<1, "a">>))', "E401", "`+`"),
    ("Restrict(V(<<1>>), {2})", "E403", "not in the domain"),
    ("Inverse(V(<<1>>), {}, {1})", "E404", "CHOOSE"),
    ('kSubset(V("k"), {1})', "E401", "kSubset expects an integer"),
    ("MapThenFoldSet(+, 0, LAMBDA x : x, LAMBDA s : 9, V({1}))", "E401", "not in"),
]
