"""What the modules TLC ships beyond the core ones (Bags, TLCExt, Randomization) and the
community modules export: operator names, the arities of their parameters, infix symbols,
and the modules they extend (non-LOCAL, so their names are exported too).

The operators are evaluated natively (checker/compile/natives/). A spec may supply a
module of the same name beside it (TLC's library path): that one is then used instead
(`SHADOWABLE`, checker/lang/loader.py).
"""

from __future__ import annotations

# (name, {operator: parameter arities}, infix symbols, modules extended)
Declaration = tuple[str, dict[str, tuple[int, ...]], frozenset[str], tuple[str, ...]]

_1 = (0,)
_2 = (0, 0)
_3 = (0, 0, 0)

_BAGS: Declaration = (
    "Bags",
    {
        "IsABag": _1,
        "BagToSet": _1,
        "SetToBag": _1,
        "BagIn": _2,
        "EmptyBag": (),
        "BagUnion": _1,
        "SubBag": _1,
        "BagOfAll": (1, 0),
        "BagCardinality": _1,
        "CopiesIn": _2,
    },
    frozenset({"\\oplus", "\\ominus", "\\sqsubseteq"}),
    ("TLC",),
)

_FOLDS: Declaration = ("Folds", {"MapThenFoldSet": (2, 0, 1, 1, 0)}, frozenset(), ())

_FUNCTIONS: Declaration = (
    "Functions",
    {
        "Restrict": _2,
        "RestrictDomain": (0, 1),
        "RestrictValues": (0, 1),
        "IsRestriction": _2,
        "Range": _1,
        "Pointwise": (0, 0, 2),
        "Inverse": _3,
        "AntiFunction": _1,
        "IsInjective": _1,
        "Injection": _2,
        "Surjection": _2,
        "Bijection": _2,
        "ExistsInjection": _2,
        "ExistsSurjection": _2,
        "ExistsBijection": _2,
        "FoldFunctionOnSet": (2, 0, 0, 0),
        "FoldFunction": (2, 0, 0),
        "SumFunctionOnSet": _2,
        "SumFunction": _1,
    },
    frozenset(),
    ("Integers", "Folds"),
)

_FINITE_SETS_EXT: Declaration = (
    "FiniteSetsExt",
    {
        "FoldSet": (2, 0, 0),
        "SumSet": _1,
        "ProductSet": _1,
        "ReduceSet": (2, 0, 0),
        "MapThenSumSet": (1, 0),
        "FlattenSet": _1,
        "SymDiff": _2,
        "Quantify": (0, 1),
        "kSubset": _2,
        "Max": _1,
        "Min": _1,
        "Choices": _1,
        "ChooseUnique": (0, 1),
    },
    frozenset(),
    ("Integers", "FiniteSets", "Folds", "Functions"),
)

_SEQUENCES_EXT: Declaration = (
    "SequencesExt",
    {
        "ToSet": _1,
        "ToBag": _1,
        "SetToSeq": _1,
        "SetToSeqs": _1,
        "SetToSortSeq": (0, 2),
        "SetToAllKPermutations": _1,
        "TupleOf": _2,
        "SeqOf": _2,
        "BoundedSeq": _2,
        "Contains": _2,
        "IsSorted": (0, 2),
        "Reverse": _1,
        "Remove": _2,
        "ReplaceAll": _3,
        "SelectInSeq": (0, 1),
        "SelectInSubSeq": (0, 0, 0, 1),
        "SelectLastInSeq": (0, 1),
        "SelectLastInSubSeq": (0, 0, 0, 1),
        "InsertAt": _3,
        "ReplaceAt": _3,
        "RemoveAt": _2,
        "RemoveFirst": _2,
        "RemoveFirstMatch": (0, 1),
        "Cons": _2,
        "Snoc": _2,
        "Front": _1,
        "Last": _1,
        "IsPrefix": _2,
        "IsStrictPrefix": _2,
        "IsSuffix": _2,
        "IsStrictSuffix": _2,
        "Prefixes": _1,
        "CommonPrefixes": _1,
        "LongestCommonPrefix": _1,
        "Suffixes": _1,
        "SeqMod": _2,
        "FoldSeq": (2, 0, 0),
        "FoldLeft": (2, 0, 0),
        "FoldRight": (2, 0, 0),
        "FoldLeftDomain": (2, 0, 0),
        "FoldRightDomain": (2, 0, 0),
        "FlattenSeq": _1,
        "Zip": _2,
        "Interleave": _2,
        "SubSeqs": _1,
        "AllSubSeqs": _1,
        "IndexFirstSubSeq": _2,
        "ReplaceSubSeqAt": (0, 0, 0, 0),
        "ReplaceFirstSubSeq": _3,
        "ReplaceAllSubSeqs": _3,
    },
    frozenset(),
    ("Sequences", "Naturals", "FiniteSets", "FiniteSetsExt", "Folds", "Functions", "Bags", "TLC"),
)

_RELATION: Declaration = (
    "Relation",
    {
        "IsReflexive": _2,
        "IsReflexiveUnder": (2, 0),
        "IsIrreflexive": _2,
        "IsIrreflexiveUnder": (2, 0),
        "IsSymmetric": _2,
        "IsSymmetricUnder": (2, 0),
        "IsAntiSymmetric": _2,
        "IsAntiSymmetricUnder": (2, 0),
        "IsAsymmetric": _2,
        "IsAsymmetricUnder": (2, 0),
        "IsTransitive": _2,
        "IsTransitiveUnder": (2, 0),
        "IsStrictlyPartiallyOrdered": _2,
        "IsStrictlyPartiallyOrderedUnder": (2, 0),
        "IsPartiallyOrdered": _2,
        "IsPartiallyOrderedUnder": (2, 0),
        "IsStrictlyTotallyOrdered": _2,
        "IsStrictlyTotallyOrderedUnder": (2, 0),
        "IsTotallyOrdered": _2,
        "IsTotallyOrderedUnder": (2, 0),
        "TransitiveClosure": _2,
        "ReflexiveTransitiveClosure": _2,
        "IsConnected": _2,
    },
    frozenset(),
    ("Naturals", "FiniteSets"),
)

_UNDIRECTED_GRAPHS: Declaration = (
    "UndirectedGraphs",
    {
        "IsUndirectedGraph": _1,
        "IsLoopFreeUndirectedGraph": _1,
        "UndirectedSubgraph": _1,
        "Path": _1,
        "SimplePath": _1,
        "AreConnectedIn": _3,
        "ConnectedComponents": _1,
        "IsStronglyConnected": _1,
        "UndirectedGraphs": _1,
    },
    frozenset(),
    (),
)

_BITWISE: Declaration = ("Bitwise", {"Not": _1, "shiftR": _2}, frozenset({"&", "|", "^^"}), ())

_BAGS_EXT: Declaration = (
    "BagsExt",
    {
        "BagAdd": _2,
        "BagRemove": _2,
        "BagRemoveAll": _2,
        "FoldBag": (2, 0, 0),
        "SumBag": _1,
        "ProductBag": _1,
    },
    frozenset(),
    (),
)

_COMBINATORICS: Declaration = (
    "Combinatorics",
    {"factorial": (), "choose": _2},
    frozenset(),
    ("Naturals",),
)

_DYADIC_RATIONALS: Declaration = (
    "DyadicRationals",
    {
        "IsDyadicRational": _1,
        "Zero": (),
        "One": (),
        "Add": _2,
        "Half": _1,
        "PrettyPrint": _1,
    },
    frozenset(),
    (),
)

_SVG: Declaration = (
    "SVG",
    {
        "SVGElem": (0, 0, 0, 0),
        "Line": (0, 0, 0, 0, 0),
        "Circle": (0, 0, 0, 0),
        "Rect": (0, 0, 0, 0, 0),
        "Text": (0, 0, 0, 0),
        "Image": (0, 0, 0, 0, 0, 0),
        "Group": _2,
        "Svg": _2,
        "SVGDoc": (0, 0, 0, 0, 0, 0),
        "SVGElemToString": _1,
        "NodeOfRingNetwork": (0, 0, 0, 0, 0),
        "NodesOfDirectedMultiGraph": _3,
        "PointOnLine": _3,
        "SVGSerialize": _3,
    },
    frozenset(),
    (),
)

_IOUTILS: Declaration = (
    "IOUtils",
    {
        "IOSerialize": _3,
        "IODeserialize": _2,
        "Serialize": _3,
        "Deserialize": _2,
        "IOExec": _1,
        "IOEnvExec": _2,
        "IOExecTemplate": _2,
        "IOEnvExecTemplate": _3,
        "IOEnv": (),
        "atoi": _1,
        "zeroPadN": _2,
    },
    frozenset(),
    (),
)

_CSV: Declaration = (
    "CSV",
    {"CSVWrite": _3, "CSVWriteRecord": (0, 0, 0, 0), "CSVRead": _3, "CSVRecords": _1},
    frozenset(),
    (),
)

_JSON: Declaration = (
    "Json",
    {
        "ToJson": _1,
        "ToJsonArray": _1,
        "ToJsonObject": _1,
        "JsonSerialize": _2,
        "JsonDeserialize": _1,
        "ndJsonSerialize": _2,
        "ndJsonDeserialize": _1,
    },
    frozenset(),
    (),
)

_TLCEXT: Declaration = (
    "TLCExt",
    {
        "AssertEq": _2,
        "AssertError": _2,
        "TLCGetOrDefault": _2,
        "TLCGetAndSet": (0, 2, 0, 0),
        "Trace": (),
        "CounterExample": (),
        "ToTrace": _1,
        "TLCModelValue": _1,
        "TLCDefer": _1,
        "TLCNoOp": _1,
        "PickSuccessor": _1,
        "TLCCache": _2,
        "TLCFP": _1,
        "TLCEvalDefinition": _1,
    },
    frozenset(),
    (),
)

_GRAPHS: Declaration = (
    "Graphs",
    {
        "IsDirectedGraph": _1,
        "DirectedSubgraph": _1,
        "Transpose": _1,
        "IsUndirectedGraph": _1,
        "UndirectedSubgraph": _1,
        "Path": _1,
        "SimplePath": _1,
        "AreConnectedIn": _3,
        "IsStronglyConnected": _1,
        "ConnectionsIn": _1,
        "IsTreeWithRoot": _2,
        "GraphUnion": _2,
        "IsBipartiteWithPartitions": _3,
        "HasCycle": _1,
        "IsDag": _1,
        "Successors": _2,
        "AllSuccessors": _2,
        "Predecessors": _2,
        "AllPredecessors": _2,
        "Ancestors": _2,
        "Descendants": _2,
        "InDegree": _2,
        "OutDegree": _2,
        "Roots": _1,
        "Leaves": _1,
        "EmptyGraph": (),
        "Graphs": _1,
    },
    frozenset(),
    ("Naturals", "Sequences", "FiniteSets", "SequencesExt", "Relation"),
)

_RANDOMIZATION: Declaration = (
    "Randomization",
    {
        "RandomSubset": _2,
        "RandomSetOfSubsets": _3,
        "RandomSubsetSet": _3,
        "TestRandomSetOfSubsets": _3,
    },
    frozenset(),
    (),
)

DECLARATIONS: tuple[Declaration, ...] = (
    _BAGS,
    _FOLDS,
    _FUNCTIONS,
    _FINITE_SETS_EXT,
    _SEQUENCES_EXT,
    _RELATION,
    _UNDIRECTED_GRAPHS,
    _BITWISE,
    _BAGS_EXT,
    _COMBINATORICS,
    _DYADIC_RATIONALS,
    _SVG,
    _IOUTILS,
    _CSV,
    _JSON,
    _TLCEXT,
    _RANDOMIZATION,
    _GRAPHS,
)

_FILES = "specs must not touch files: a check's result depends on the spec and its model alone"
_PROCESS = "it runs a program or reads the environment, outside the checked spec"

# Operators with an effect outside the process: refused where used (E211).
EFFECTS = {
    "IOSerialize": _FILES,
    "IODeserialize": _FILES,
    "Serialize": _FILES,
    "Deserialize": _FILES,
    "IOExec": _PROCESS,
    "IOEnvExec": _PROCESS,
    "IOExecTemplate": _PROCESS,
    "IOEnvExecTemplate": _PROCESS,
    "IOEnv": _PROCESS,
    "CSVWrite": _FILES,
    "CSVWriteRecord": _FILES,
    "CSVRead": _FILES,
    "CSVRecords": _FILES,
    "JsonSerialize": _FILES,
    "JsonDeserialize": _FILES,
    "ndJsonSerialize": _FILES,
    "ndJsonDeserialize": _FILES,
    "SVGSerialize": _FILES,
}

# Operators we recognise but cannot evaluate exactly as TLC does: refused where used (E106).
_RUNTIME = "it reads or writes TLC's runtime state"
UNSUPPORTED = {
    "NodesOfDirectedMultiGraph": "TLC lays the graph out with a Java graph library",
    "ToJson": "not supported yet",
    "ToJsonArray": "not supported yet",
    "ToJsonObject": "not supported yet",
    "AssertError": "it compares TLC's own error messages",
    "Trace": "it reads the behaviour that led to the state, which the search does not keep",
    "CounterExample": "it reads TLC's counterexample",
    "ToTrace": "it reads TLC's counterexample",
    "TLCDefer": "it defers evaluation to a point of TLC's search that has no counterpart here",
    "PickSuccessor": "it asks the user interactively",
    "TLCFP": "it reads TLC's fingerprints",
    "TLCEvalDefinition": _RUNTIME,
}

# Modules a spec may replace by its own file of the same name (TLC looks beside the spec
# before its library): every module declared here.
SHADOWABLE = frozenset(d[0] for d in DECLARATIONS)
