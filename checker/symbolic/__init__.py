"""Symbolic checking with Z3: inductive invariants (`prove`) and bounded model checking
(`bmc`). Z3 is imported only inside this package, and only when a check runs.

Reading order: terms.py (folded Z3 terms) -> symvals.py (symbolic values) -> algebra.py,
sets.py, operators.py (operations) -> translate.py, structures.py (expressions) ->
actions.py (Init and Next as branches) -> types.py (types from the invariant) ->
problem.py -> prove.py, bmc.py (the queries) -> solver.py (the Z3 wrapper) ->
explain.py, api.py.
"""

from checker.symbolic.api import bmc, prove
from checker.symbolic.result import BmcResult, ProveResult, SymbolicViolation

__all__ = ["BmcResult", "ProveResult", "SymbolicViolation", "bmc", "prove"]
