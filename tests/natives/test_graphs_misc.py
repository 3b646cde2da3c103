"""Relation, UndirectedGraphs, Bitwise, BagsExt, Combinatorics and DyadicRationals,
operator by operator (run by test_operators.py); and the registry: every
operator declared is implemented, and nothing else."""

from __future__ import annotations

from checker.compile.natives import FIRST_ORDER, INFIX, INFIX_HELPERS, NATIVES, native_key
from checker.compile.natives.randomness import SEEDED
from checker.lang.community import DECLARATIONS, EFFECTS, UNSUPPORTED

EXT = (
    "Integers, FiniteSets, Sequences, TLC, Relation, UndirectedGraphs, Bitwise, BagsExt,"
    " Combinatorics, DyadicRationals"
)
LT = "[p \\in (1..3) \\X (1..3) |-> p[1] < p[2]]"
LE = "[p \\in (1..3) \\X (1..3) |-> p[1] <= p[2]]"
G = "[node |-> {1, 2, 3, 4}, edge |-> {{1, 2}, {2, 3}}]"

CASES = [
    (f"<<IsReflexive(V({LE}), 1..3), IsReflexive(V({LT}), 1..3)>>", "<<TRUE, FALSE>>"),
    (f"<<IsIrreflexive(V({LT}), 1..3), IsSymmetric(V({LT}), 1..3)>>", "<<TRUE, FALSE>>"),
    (f"<<IsAntiSymmetric(V({LE}), 1..3), IsAsymmetric(V({LT}), 1..3)>>", "<<TRUE, TRUE>>"),
    (f"<<IsTransitive(V({LT}), 1..3), IsPartiallyOrdered(V({LE}), 1..3)>>", "<<TRUE, TRUE>>"),
    (
        f"<<IsStrictlyTotallyOrdered(V({LT}), 1..3), IsTotallyOrdered(V({LE}), 1..3)>>",
        "<<TRUE, TRUE>>",
    ),
    (
        "<<IsStrictlyPartiallyOrderedUnder(<, V(1..3)), IsReflexiveUnder(<, V(1..3))>>",
        "<<TRUE, FALSE>>",
    ),
    ("IsSymmetricUnder(LAMBDA a, b : a + b = 3, V(1..2))", "TRUE"),
    (
        "TransitiveClosure(V([p \\in {1, 2} \\X {1, 2} |-> p = <<1, 2>>]), {1, 2})",
        "(<<1, 1>> :> FALSE @@ <<1, 2>> :> TRUE @@ <<2, 1>> :> FALSE @@ <<2, 2>> :> FALSE)",
    ),
    (
        "LET R == [p \\in (1..3) \\X (1..3) |-> p[2] = p[1] + 1] IN "
        "<<TransitiveClosure(V(R), 1..3)[1, 3], ReflexiveTransitiveClosure(V(R), 1..3)[2, 2]>>",
        "<<TRUE, TRUE>>",
    ),
    (f"<<IsConnected(V({LE}), 1..3), IsConnected(V({LE}), {{}})>>", "<<FALSE, TRUE>>"),
    (f"IsUndirectedGraph(V({G}))", "TRUE"),
    ("IsUndirectedGraph(V([node |-> {1}, edge |-> {{1, 2}}]))", "FALSE"),
    (
        "<<IsLoopFreeUndirectedGraph(V([node |-> {1}, edge |-> {{1}}])),"
        " IsUndirectedGraph(V([node |-> {1}, edge |-> {{1}}]))>>",
        "<<FALSE, TRUE>>",
    ),
    ("Cardinality(UndirectedSubgraph(V([node |-> {1, 2}, edge |-> {{1, 2}}])))", "5"),
    (
        f"<<<<1, 2, 3>> \\in Path(V({G})), <<1, 3>> \\in Path(V({G})), <<>> \\in Path(V({G}))>>",
        "<<TRUE, FALSE, FALSE>>",
    ),
    ("SimplePath(V([node |-> {1, 2}, edge |-> {{1, 2}}]))", "{<<1>>, <<2>>, <<1, 2>>, <<2, 1>>}"),
    (
        f"<<AreConnectedIn(1, 3, V({G})), AreConnectedIn(1, 4, V({G})),"
        f" AreConnectedIn(4, 4, V({G})), AreConnectedIn(5, 5, V({G}))>>",
        "<<TRUE, FALSE, TRUE, FALSE>>",
    ),
    (f"ConnectedComponents(V({G}))", "{{4}, {1, 2, 3}}"),
    (
        f"<<IsStronglyConnected(V({G})), IsStronglyConnected(V([node |-> {{1}}, edge |-> {{}}]))>>",
        "<<FALSE, TRUE>>",
    ),
    ("Cardinality(UndirectedGraphs(V({1, 2})))", "8"),
    ("<<V(12) & 10, V(12) | 3, V(6) ^^ 3>>", "<<8, 15, 5>>"),
    ("<<Not(V(5)), Not(V(0)), shiftR(V(13), 2)>>", "<<2, 0, 3>>"),
    ("BagAdd(V((1 :> 1)), 1)", "<<2>>"),
    ("BagAdd(V((1 :> 1)), 2)", "<<1, 1>>"),
    (
        "<<BagRemove(V((1 :> 2)), 1), BagRemove(V((1 :> 1)), 1), BagRemove(V(<<1>>), 5)>>",
        "<<<<1>>, <<>>, <<1>>>>",
    ),
    ("BagRemoveAll(V((1 :> 2) @@ (2 :> 1)), 1)", "(2 :> 1)"),
    ("FoldBag(LAMBDA acc, x : acc \\o <<x>>, <<>>, V((1 :> 2) @@ (3 :> 1)))", "<<1, 1, 3>>"),
    ("<<SumBag(V((2 :> 3))), ProductBag(V((2 :> 3)))>>", "<<6, 8>>"),
    ("<<factorial[V(5)], choose(V(5), 2), choose(V(3), 3)>>", "<<120, 10, 1>>"),
    ("Add(V([num |-> 1, den |-> 2]), [num |-> 1, den |-> 4])", "[den |-> 4, num |-> 3]"),
    ("Add(V([num |-> 1, den |-> 2]), [num |-> 1, den |-> 2])", "[den |-> 1, num |-> 1]"),
    ("Add(V(Zero), One)", "[den |-> 1, num |-> 1]"),
    ("Half(V(One))", "[den |-> 2, num |-> 1]"),
    (
        "<<IsDyadicRational(V([num |-> 1, den |-> 8])),"
        " IsDyadicRational(V([num |-> 1, den |-> 6]))>>",
        "<<TRUE, FALSE>>",
    ),
    (
        "<<PrettyPrint(V(Zero)), PrettyPrint(V(One)), PrettyPrint(V(Half(Half(One))))>>",
        '<<"0", "1", "1/4">>',
    ),
]


ERRORS = [
    ("IsReflexive(V([p \\in {1} \\X {1} |-> 3]), {1})", "E401", "R[x, y]"),
    ("IsReflexive(V(<<>>), {1})", "E403", "not in the domain"),
    ("IsUndirectedGraph(V([nodes |-> {}]))", "E403", "no field `node`"),
    ('V("a") & 1', "E401", "`&`"),
    ("Not(V(-1))", "E401", "a natural number"),
    ("choose(V(2), 3)", "E403", "factorial"),
    ("FoldBag(+, 0, V((1 :> 0)))", "E401", "FoldBag expects a bag"),
    ("Half(V(3))", "E401", "`.num`"),
]


def test_every_declared_operator_is_implemented() -> None:
    declared = {native_key(m, name) for m, operators, _, _ in DECLARATIONS for name in operators}
    # checker/compile/builtins.py: AssertEq prints; the seeded ones read the run's seed;
    # TLCExt's registers are TLC's runtime (checker/compile/tlcruntime.py)
    special = {"AssertEq", "TLCGetOrDefault", "TLCGetAndSet"} | (set(SEEDED) - {"RandomElement"})
    assert declared == set(NATIVES) | set(EFFECTS) | set(UNSUPPORTED) | special
    assert not set(NATIVES) & (set(EFFECTS) | set(UNSUPPORTED) | special)
    infix = {op for _, _, symbols, _ in DECLARATIONS for op in symbols}
    assert infix == set(INFIX) == set(INFIX_HELPERS)
    assert declared >= FIRST_ORDER
