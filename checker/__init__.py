"""A model checker for distributed protocols written in a subset of TLA+.

>>> import checker
>>> result = checker.check("specs/Paxos.tla", "models/Paxos.cfg")  # doctest: +SKIP
>>> result.verdict, result.distinct_states
('ok', 3921)
"""

from checker.api import check
from checker.compile.model import Model
from checker.diagnostics import CheckerError, Diagnostic, format_diagnostic
from checker.engine.result import CheckResult, Progress, Violation
from checker.pipeline import load_model
from checker.simulation import SimulationResult, simulate
from checker.symbolic import BmcResult, ProveResult, SymbolicViolation, bmc, prove
from checker.traces import State, Step, Trace, read_itf, write_itf

__all__ = [
    "BmcResult",
    "CheckResult",
    "CheckerError",
    "Diagnostic",
    "Model",
    "Progress",
    "ProveResult",
    "SimulationResult",
    "State",
    "Step",
    "SymbolicViolation",
    "Trace",
    "Violation",
    "bmc",
    "check",
    "format_diagnostic",
    "load_model",
    "prove",
    "read_itf",
    "simulate",
    "write_itf",
]
