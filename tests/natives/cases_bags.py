"""The Bags module, operator by operator (run by test_operators.py): values as TLC's
Bags.java and Bags.tla give them."""

from __future__ import annotations

EXT = "Integers, FiniteSets, Bags"

CASES = [
    ("IsABag(V([a |-> 1, b |-> 2]))", "TRUE"),
    ("IsABag(V([a |-> 0]))", "FALSE"),
    ("IsABag(V(<<1, -1>>))", "FALSE"),
    ('IsABag(V([a |-> "x"]))', "FALSE"),
    ("IsABag(V(<<>>))", "TRUE"),
    ("BagToSet(V((7 :> 2) @@ (9 :> 1)))", "{7, 9}"),
    ("SetToBag(V({3, 1}))", "(1 :> 1 @@ 3 :> 1)"),
    ("SetToBag(V({}))", "<<>>"),
    ("EmptyBag = V(<<>>)", "TRUE"),
    ("BagIn(2, V((2 :> 3)))", "TRUE"),
    ("BagIn(5, V((2 :> 3)))", "FALSE"),
    ("CopiesIn(2, V((2 :> 3)))", "3"),
    ("CopiesIn(4, V((2 :> 3)))", "0"),
    ("V((1 :> 1) @@ (2 :> 1)) (+) V((2 :> 2) @@ (3 :> 1))", "<<1, 3, 1>>"),
    ("V((1 :> 1) @@ (2 :> 3)) (-) V((2 :> 1) @@ (1 :> 4) @@ (5 :> 1))", "(2 :> 2)"),
    ("V((1 :> 2)) (-) V((1 :> 2))", "<<>>"),
    ("V((1 :> 1)) \\sqsubseteq V((1 :> 2) @@ (2 :> 1))", "TRUE"),
    ("V((1 :> 3)) \\sqsubseteq V((1 :> 2))", "FALSE"),
    ("V((5 :> 1)) \\sqsubseteq V((1 :> 2))", "FALSE"),
    ("BagUnion(V({(1 :> 1), (1 :> 2) @@ (2 :> 1), (3 :> 1)}))", "<<3, 1, 1>>"),
    ("BagUnion(V({}))", "<<>>"),
    ("BagCardinality(V((1 :> 2) @@ (4 :> 3)))", "5"),
    ("BagCardinality(V(<<>>))", "0"),
    ("BagOfAll(LAMBDA x : x % 2, V((1 :> 2) @@ (3 :> 1) @@ (4 :> 5)))", "(0 :> 5 @@ 1 :> 3)"),
    ("SubBag(V((1 :> 2)))", "{<<>>, <<1>>, <<2>>}"),
    ("Cardinality(SubBag(V((1 :> 2) @@ (2 :> 1))))", "6"),
    ("SubBag(V(<<>>))", "{<<>>}"),
]


ERRORS = [
    ("BagCardinality(V((1 :> 0)))", "E401", "BagCardinality expects a bag"),
    ("V((1 :> 0)) (+) V((1 :> 1))", "E401", "(+) expects a bag"),
    ('V(("a" :> "b")) (-) V((1 :> 1))', "E401", "(-) expects a bag"),
    ("BagToSet(V(3))", "E401", "DOMAIN"),
    ("SetToBag(V(3))", "E401", "SetToBag expects a set"),
    ('CopiesIn(1, V((1 :> "x")))', "E401", "CopiesIn expects a bag"),
]
