"""`checker simulate`: random behaviours of a model, the first violation shrunk
(NOTE(simulation) in engine/simulation.py, NOTE(shrinking) in engine/shrink.py)."""

from __future__ import annotations

from checker.simulation.api import (
    DEFAULT_DEPTH,
    DEFAULT_TRACES,
    Settings,
    behaviour_trace,
    random_seed,
    simulate,
    simulate_model,
)
from checker.simulation.result import Figures, SimulationResult

__all__ = [
    "DEFAULT_DEPTH",
    "DEFAULT_TRACES",
    "Figures",
    "Settings",
    "SimulationResult",
    "behaviour_trace",
    "random_seed",
    "simulate",
    "simulate_model",
]
