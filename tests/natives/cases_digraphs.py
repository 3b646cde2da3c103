"""The Graphs module (directed graphs), operator by operator (run by test_operators.py):
values from the module's definitions; its operators named like UndirectedGraphs' keep
their directed meaning."""

from __future__ import annotations

EXT = "Integers, FiniteSets, Sequences, TLC, Graphs"
G = "[node |-> {1, 2, 3}, edge |-> {<<1, 2>>, <<2, 3>>}]"
C = "[node |-> {1, 2}, edge |-> {<<1, 2>>, <<2, 1>>}]"

CASES = [
    (
        f"<<IsDirectedGraph(V({G})), IsDirectedGraph(V([node |-> {{1}}, edge |-> {{<<1, 2>>}}]))>>",
        "<<TRUE, FALSE>>",
    ),
    ("Cardinality(DirectedSubgraph(V([node |-> {1, 2}, edge |-> {<<1, 2>>}])))", "5"),
    (f"Transpose(V({G})).edge", "{<<2, 1>>, <<3, 2>>}"),
    (f"<<IsUndirectedGraph(V({G})), IsUndirectedGraph(V({C}))>>", "<<FALSE, TRUE>>"),
    (f"Cardinality(UndirectedSubgraph(V({C})))", "5"),
    (f"<<<<1, 2, 3>> \\in Path(V({G})), <<3, 2>> \\in Path(V({G}))>>", "<<TRUE, FALSE>>"),
    (f"SimplePath(V({G}))", "{<<1>>, <<2>>, <<3>>, <<1, 2>>, <<2, 3>>, <<1, 2, 3>>}"),
    (f"<<AreConnectedIn(1, 3, V({G})), AreConnectedIn(3, 1, V({G}))>>", "<<TRUE, FALSE>>"),
    (f"<<IsStronglyConnected(V({G})), IsStronglyConnected(V({C}))>>", "<<FALSE, TRUE>>"),
    (f"ConnectionsIn(V({C}))[2, 1]", "TRUE"),
    (f"<<IsTreeWithRoot(V(Transpose({G})), 3), IsTreeWithRoot(V({G}), 3)>>", "<<FALSE, TRUE>>"),
    (f"GraphUnion(V({G}), [node |-> {{4}}, edge |-> {{}}]).node", "{1, 2, 3, 4}"),
    (f"IsBipartiteWithPartitions(V({C}), {{1}}, {{2}})", "TRUE"),
    (f"<<HasCycle(V({G})), HasCycle(V({C})), IsDag(V({G}))>>", "<<FALSE, TRUE, TRUE>>"),
    (f"<<Successors(V({G}), 2), Predecessors(V({G}), 2)>>", "<<{3}, {1}>>"),
    (f"<<AllSuccessors(V({G}), {{1, 2}}), AllPredecessors(V({G}), {{3}})>>", "<<{2, 3}, {2}>>"),
    (f"<<Ancestors(V({G}), 3), Descendants(V({G}), 1)>>", "<<{1, 2}, {2, 3}>>"),
    (
        f"<<InDegree(V({G}), 1), OutDegree(V({G}), 1), Roots(V({G})), Leaves(V({G}))>>",
        "<<0, 1, {1}, {3}>>",
    ),
    ("V(EmptyGraph)", "[edge |-> {}, node |-> {}]"),
    ("Cardinality(Graphs(V({1, 2})))", "16"),
]

ERRORS = [
    ("Successors(V([node |-> {1}]), 1)", "E403", "no field `edge`"),
    ("Transpose(V([node |-> {1}, edge |-> {5}]))", "E401", "function application"),
]
