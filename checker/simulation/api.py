"""`simulate(spec, config)`: random behaviours of a model, a violation shrunk and written
(NOTE(simulation) in engine/simulation.py, NOTE(shrinking) in engine/shrink.py).

>>> import checker.simulation as sim
>>> r = sim.simulate("specs/Paxos.tla", "models/Paxos_bug_singleton_quorums.cfg",
...                  seed=1, trace_dir=None)  # doctest: +SKIP
>>> r.verdict, r.violation.property  # doctest: +SKIP
('violation', 'Agreement')
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from checker.api import DEFAULT_TRACE_DIR, load_within, refused_registers
from checker.compile.alias import aliased
from checker.compile.model import Model
from checker.diagnostics import CheckerError, Diagnostic
from checker.engine.guard import TimeUp, guard_for, time_limit_text
from checker.engine.result import CheckResult, Violation
from checker.engine.seam import State
from checker.engine.shrink import Behaviour, shrink
from checker.engine.simrun import Tally, run
from checker.engine.simulation import Hit, PartChecks, Plan, Walk, initial_hit
from checker.simulation.properties import property_checks
from checker.simulation.result import Figures, SimulationResult
from checker.stack import deep_entry
from checker.traces.itf import write_counterexample
from checker.traces.trace import Step, Trace

DEFAULT_TRACES = 1000
DEFAULT_DEPTH = 100


@dataclass(frozen=True)
class Settings:
    traces: int = DEFAULT_TRACES
    depth: int = DEFAULT_DEPTH
    seed: int = 0
    workers: int = 1
    swarm: bool = False
    time_limit: float | None = None


def random_seed() -> int:
    """A fresh seed for a run that names none (printed, so the run can be replayed)."""
    return random.SystemRandom().randrange(2**31)


@deep_entry
def simulate(
    spec: str | Path,
    config: str | Path | None = None,
    *,
    traces: int = DEFAULT_TRACES,
    depth: int = DEFAULT_DEPTH,
    seed: int | None = None,
    workers: int = 1,
    swarm: bool = False,
    time_limit: float | None = None,
    trace_dir: str | Path | None = DEFAULT_TRACE_DIR,
    deadlock: bool | None = None,
) -> SimulationResult:
    """Walk `traces` random behaviours of at most `depth` steps (seed None: a random
    one, in `result.seed`); a violation is shrunk and written as ITF to `trace_dir`
    (None: not written). The same seed gives the same result for any `workers`."""
    chosen = random_seed() if seed is None else seed
    settings = Settings(traces, depth, chosen, workers, swarm, time_limit)
    loaded = load_within(
        spec, config, time_limit, None, lambda _: None, seed=settings.seed, deadlock=deadlock
    )
    if isinstance(loaded, CheckResult):
        return _unloaded(loaded, settings)
    return simulate_model(loaded, settings, trace_dir)


def _unloaded(loaded: CheckResult, s: Settings) -> SimulationResult:
    return SimulationResult(
        "limit", loaded.spec, s.seed, s.depth, s.workers, s.swarm, loaded.elapsed_s,
        limit=loaded.limit,
    )  # fmt: skip


Report = Callable[[Tally], None]


@deep_entry
def simulate_model(
    model: Model,
    settings: Settings,
    trace_dir: str | Path | None,
    report: Report = lambda _: None,
) -> SimulationResult:
    """Simulate a loaded model; `report` sees the figures after each behaviour."""
    refused = refused_registers(model, settings.workers)
    if refused is not None:
        raise CheckerError((refused,))
    parts, unchecked = property_checks(model)
    tally = Tally()
    out = _Outcome(model, settings, tally, unchecked)
    try:
        with guard_for(settings.time_limit, None, tally.start, list):
            starts, first = _starts(model, parts)
            if first is not None:
                return out.found(parts, Behaviour((first[1],), (), None), first[0], trace_dir)
            plan = Plan(settings.seed, settings.depth, settings.swarm)
            n, workers = settings.traces, settings.workers
            found = run(model, parts, starts, plan, n, workers, tally, report)
    except TimeUp:
        return out.result("limit", limit=time_limit_text(settings.time_limit))
    except KeyboardInterrupt:
        return out.result("interrupted")
    except CheckerError as exc:  # an evaluation error in Init or an initial state
        return out.result("error", error=exc.diagnostics[0])
    if found is None:
        return out.result("ok")
    if found.error is not None:
        return out.result("error", error=found.error)
    assert found.hit is not None
    return out.found(parts, _behaviour(found), found.hit, trace_dir, found)


def _starts(model: Model, parts: PartChecks | None) -> tuple[list[State], tuple[Hit, State] | None]:
    """Init's states in the model, after each is checked (as TLC's simulation does):
    or the first that violates, with its violation. E515 when none is in the model."""
    starts: list[State] = []
    model.at_level(0)
    for s in model.init_states():
        hit = initial_hit(model, parts, s)
        if hit is not None:
            return starts, (hit, s)
        if model.in_constraints(s):
            starts.append(s)
    if not starts:
        raise CheckerError((_nothing(model),))
    return starts, None


def _nothing(model: Model) -> Diagnostic:
    what = "Init and the CONSTRAINTs" if model.has_constraints else "Init"
    return Diagnostic(
        "E515",
        f"no initial state satisfies {what}: there is no behaviour to simulate",
        hint="`checker check` explores the same states (none); check Init and the CONSTRAINTs",
    )


def _behaviour(w: Walk) -> Behaviour:
    if w.hit is not None and w.hit.kind == "deadlock":
        return Behaviour(w.states, w.labels, None)
    return Behaviour(w.states[:-1], w.labels[:-1], (w.labels[-1], w.states[-1]))


class _Outcome:
    """The result of a run from what it found."""

    def __init__(
        self, model: Model, settings: Settings, tally: Tally, unchecked: tuple[str, ...]
    ) -> None:
        self.model, self.settings, self.tally, self.unchecked = model, settings, tally, unchecked

    def result(self, verdict: str, **extra: Any) -> SimulationResult:
        """The result with the figures so far; `extra`: SimulationResult's other fields."""
        s = self.settings
        base = SimulationResult(
            verdict, self.model.name, s.seed, s.depth, s.workers, s.swarm,
            self.tally.elapsed(), self.figures(), unchecked=self.unchecked,
        )  # fmt: skip
        return replace(base, **extra)

    def figures(self) -> Figures:
        t, sites = self.tally, self.model.sites
        names: dict[str, int] = {}
        for site in sorted(t.sites):
            name = sites[site].label(()) if sites[site].inline else sites[site].name
            names[name] = names.get(name, 0) + t.sites[site]
        return Figures(
            t.traces, t.steps, t.generated, t.distinct, tuple(names.items()),
            tuple(sorted(t.lengths.items())), tuple(sorted(t.ends.items())),
        )  # fmt: skip

    def found(
        self,
        parts: PartChecks | None,
        b: Behaviour,
        hit: Hit,
        trace_dir: str | Path | None,
        walk: Walk | None = None,
    ) -> SimulationResult:
        """Shrink the violating behaviour, then write it (Ctrl-C: nothing written)."""
        try:
            shrunk = shrink(self.model, parts, b, hit)
            violation = self.written(shrunk.behaviour, hit, trace_dir)
        except KeyboardInterrupt:
            return self.result("interrupted", unwritten=(hit.property, hit.kind))
        return self.result(
            "violation",
            violation=violation,
            unshrunk_length=b.length if walk is not None else None,
            shrink_complete=shrunk.complete,
        )

    def written(self, b: Behaviour, hit: Hit, trace_dir: str | Path | None) -> Violation:
        trace = self.model.with_witnesses(behaviour_trace(self.model, b, hit))
        shown = None  # E513: the ALIAS could not be applied (NOTE(alias))
        model = self.model
        if model.alias is not None:
            named = model.alias.named
            fields = model.alias_fields()
            trace, shown = aliased(trace, model.alias_value, named.name, named.span, fields)
        path, problem = None, None
        if trace_dir is not None:
            target = Path(trace_dir) / f"{model.name}_{hit.property}.itf.json"
            path, problem = write_counterexample(trace, target)
        return Violation(hit.property, hit.kind, trace, path, problem or shown)


def behaviour_trace(model: Model, b: Behaviour, hit: Hit) -> Trace:
    """A behaviour as a Trace, its steps named by their actions."""
    steps = [Step(b.states[0], None)]
    steps += [Step(s, model.label_text(lab)) for s, lab in zip(b.states[1:], b.labels, strict=True)]
    if b.last is not None:
        steps.append(Step(b.last[1], model.label_text(b.last[0])))
    extra = {"seed": str(model.seed)}
    return Trace(
        model.variables, tuple(steps), model.name, hit.property, hit.kind,
        tuple(model.model_values), extra,
    )  # fmt: skip
