"""Symbolic checking with Z3: inductive invariants (`prove`) and bounded model checking
(`bmc`). Z3 is imported only inside this package, and only when a check runs.

Reading order: terms.py (folded Z3 terms) -> symvals.py (symbolic values) -> algebra.py,
sets.py, operators.py (operations) -> translate.py, structures.py (expressions) ->
actions.py (Init and Next as branches) -> types.py (types from the invariant) ->
shapes.py, infer_expr.py, infer.py (types inferred from Init and Next) ->
problem.py -> prove.py, bmc.py (the queries) -> solver.py (the Z3 wrapper) ->
explain.py, api.py.

Known limits (each refused with E601/E602 at its location, never a silent wrong answer):
sequences and TLC operators on symbolic values; infinite types other than Nat/Int;
recursive definitions; unbounded quantifiers; ranges whose ends have no finite bounds;
a CHOOSE whose witness may not be unique; a LET inside an action that reads a primed
variable assigned after the LET. A function applied outside its domain (an error in TLC)
reads an arbitrary value. `prove` ignores CONSTRAINTs (inductiveness is about every
state of the invariant); `bmc` follows TLC's constraint semantics, as `check` does.
"""

from checker.symbolic.api import bmc, prove
from checker.symbolic.result import BmcResult, ProveResult, SymbolicViolation

__all__ = ["BmcResult", "ProveResult", "SymbolicViolation", "bmc", "prove"]
