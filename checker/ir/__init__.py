"""The action-level intermediate representation: Init and Next decomposed once (sites,
guards, assignments, UNCHANGED) for every backend (closures, generated code, Z3).

This layer imports only `checker.lang`, `checker.diagnostics` and `checker.values`.
"""

from checker.ir.lower import lower
from checker.ir.nodes import (
    Angle,
    Arg,
    Assign,
    AssignIn,
    Call,
    Case,
    Compose,
    Conj,
    Disj,
    Exists,
    Forall,
    Guard,
    IfThen,
    Implies,
    Let,
    Lowered,
    Node,
    Site,
    Unchanged,
    Unevaluated,
)

__all__ = [
    "Angle",
    "Arg",
    "Assign",
    "AssignIn",
    "Call",
    "Case",
    "Compose",
    "Conj",
    "Disj",
    "Exists",
    "Forall",
    "Guard",
    "IfThen",
    "Implies",
    "Let",
    "Lowered",
    "Node",
    "Site",
    "Unchanged",
    "Unevaluated",
    "lower",
]
