"""What each supported standard module exports (names, operator arities, infix operators).

The operators themselves are implemented natively in checker/compile/builtins.py (the
modules of checker/lang/community.py in checker/compile/natives/). As in
the real modules, TLC, Sequences and FiniteSets use `LOCAL INSTANCE Naturals`, so they do
not export `+` or `Nat`; Integers extends Naturals.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

from checker.lang.community import DECLARATIONS, EFFECTS, SHADOWABLE, UNSUPPORTED


@dataclass(frozen=True)
class StdModule:
    name: str
    # operator name -> arities of its parameters (() for a constant such as Nat;
    # a parameter of arity k > 0 expects an operator, e.g. SortSeq's comparator).
    operators: dict[str, tuple[int, ...]]
    infix: frozenset[str]  # built-in operator symbols (AST spelling) it defines
    extends: tuple[str, ...] = ()


STANDARD: dict[str, StdModule] = {
    m.name: m
    for m in (
        StdModule(
            "Naturals",
            {"Nat": ()},
            frozenset({"+", "-", "*", "^", "%", "<", ">", "<=", ">=", "\\div", ".."}),
        ),
        StdModule("Integers", {"Int": ()}, frozenset({"-."}), ("Naturals",)),
        StdModule(
            "Sequences",
            {
                "Seq": (0,),
                "Len": (0,),
                "Append": (0, 0),
                "Head": (0,),
                "Tail": (0,),
                "SubSeq": (0, 0, 0),
                "SelectSeq": (0, 1),
            },
            frozenset({"\\o"}),
        ),
        StdModule("FiniteSets", {"IsFiniteSet": (0,), "Cardinality": (0,)}, frozenset()),
        StdModule(
            "TLC",
            {
                "Print": (0, 0),
                "PrintT": (0,),
                "Assert": (0, 0),
                "Permutations": (0,),
                "SortSeq": (0, 2),
                "ToString": (0,),
                "TLCEval": (0,),
                "JavaTime": (),
                "TLCGet": (0,),
                "TLCSet": (0, 0),
                "RandomElement": (0,),
                "Any": (),
            },
            frozenset({":>", "@@"}),
        ),
    )
}
STANDARD.update((d[0], StdModule(*d)) for d in DECLARATIONS)

# TLC operators we recognise but refuse to evaluate (they are nondeterministic or
# depend on TLC's runtime).
REFUSED = {
    "JavaTime": "it reads the clock, which would make runs irreproducible",
    "Any": "it denotes an unenumerable set",
    **UNSUPPORTED,
}
# Operators with an effect outside the process (files, programs, the environment): E211.
REFUSED_EFFECTS = EFFECTS

# Operators every module may use without EXTENDS (part of TLA+ itself).
CORE_OPERATORS = frozenset(
    {
        "=",
        "#",
        "\\in",
        "\\notin",
        "\\subseteq",
        "\\cup",
        "\\cap",
        "\\",
        "SUBSET",
        "UNION",
        "DOMAIN",
        "~",
        "=>",
        "<=>",
        "'",
        "UNCHANGED",
        "ENABLED",
        "[]",
        "<>",
        "~>",
        "-+->",
        "\\X",
        "\\cdot",
    }
)


def is_standard(name: str, user: Container[str]) -> bool:
    """Whether `name` denotes our standard module: it is one, and not one the spec supplies
    a module of its own for (`user`: the names of the spec's modules; SHADOWABLE)."""
    return name in STANDARD and not (name in SHADOWABLE and name in user)


def closure(names: list[str] | tuple[str, ...], user: Container[str] = ()) -> list[StdModule]:
    """The standard modules named, with those they extend (not LOCAL instances); not
    those the spec supplies its own module for (`user`, see `is_standard`)."""
    seen: dict[str, StdModule] = {}
    stack = list(names)
    while stack:
        name = stack.pop()
        if is_standard(name, user) and name not in seen:
            seen[name] = STANDARD[name]
            stack.extend(STANDARD[name].extends)
    return [seen[n] for n in sorted(seen)]


def supplied_in_closure(names: list[str] | tuple[str, ...], user: Container[str]) -> list[str]:
    """The spec's own modules that standard modules `names` extend in its place (TLC finds
    a module our SequencesExt extends, say Functions, beside the spec first)."""
    found = {
        ext
        for mod in closure(names, user)
        for ext in mod.extends
        if ext in STANDARD and not is_standard(ext, user)
    }
    return sorted(found)


def defining_module(symbol: str) -> str | None:
    """The standard module that exports an operator name or infix symbol, if any."""
    for mod in STANDARD.values():
        if symbol in mod.operators or symbol in mod.infix:
            return mod.name
    return None
