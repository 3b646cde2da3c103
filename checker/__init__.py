"""A model checker for distributed protocols written in a subset of TLA+.

>>> import checker
>>> result = checker.check("specs/Paxos.tla", "models/Paxos.cfg")  # doctest: +SKIP
>>> result.verdict, result.distinct_states
('ok', 3921)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checker.api import check
    from checker.compile.model import Model
    from checker.diagnostics import CheckerError, Diagnostic, format_diagnostic
    from checker.engine.result import CheckResult, Progress, Violation
    from checker.pipeline import load_model
    from checker.simulation import SimulationResult, simulate
    from checker.symbolic import BmcResult, ProveResult, SymbolicViolation
    from checker.symbolic.api import bmc, prove
    from checker.traces import State, Step, Trace, read_itf, write_itf

# NOTE(lazy-api): the public names are imported on first use, not with the package: every
# process of the CLI imports `checker` (checker.cli is below it), and importing the whole
# API (the simulator, the symbolic checker, the trace tools) cost `checker check` a
# tenth of a second of its start (bench/loadtime.py). `import checker; checker.check`
# and `from checker import check` work as before.
_HOMES = {
    "check": "checker.api",
    "Model": "checker.compile.model",
    "CheckerError": "checker.diagnostics",
    "Diagnostic": "checker.diagnostics",
    "format_diagnostic": "checker.diagnostics",
    "CheckResult": "checker.engine.result",
    "Progress": "checker.engine.result",
    "Violation": "checker.engine.result",
    "load_model": "checker.pipeline",
    "SimulationResult": "checker.simulation",
    "simulate": "checker.simulation",
    "BmcResult": "checker.symbolic",
    "ProveResult": "checker.symbolic",
    "SymbolicViolation": "checker.symbolic",
    "bmc": "checker.symbolic.api",
    "prove": "checker.symbolic.api",
    "State": "checker.traces",
    "Step": "checker.traces",
    "Trace": "checker.traces",
    "read_itf": "checker.traces",
    "write_itf": "checker.traces",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'checker' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
