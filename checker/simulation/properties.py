"""The PROPERTY parts a simulation checks on the way (NOTE(simulation)): state predicates
of the initial state, `[]P` and `[][A]_v`, compiled once with the model (checker/liveness,
NOTE(property-parts)). Liveness parts (`<>P`, `[]<>P`, `P ~> Q`, ...) need whole
behaviours, not finite prefixes: simulate names them as not checked."""

from __future__ import annotations

from checker.compile.errors import EvalError
from checker.compile.model import Model
from checker.diagnostics import EvaluationError, Note
from checker.engine.seam import State
from checker.liveness import Liveness
from checker.liveness.formula import Part
from checker.values import render


class PropertyParts:
    """The engine's PartChecks for a model's PROPERTY parts."""

    def __init__(self, model: Model, live: Liveness) -> None:
        self.variables = model.variables
        self.checks = live.checks
        self.n = model.ctx.nvars
        self.env = model.ctx.scratch()

    def initial(self, s: State) -> str | None:
        return self._failed(self.checks.inits, s)

    def state(self, s: State) -> str | None:
        return self._failed(self.checks.always, s)

    def step(self, s: State, t: State) -> str | None:
        env, n = self.env, self.n
        env[:n] = s
        env[n : 2 * n] = t
        try:
            for part in self.checks.actions:
                if not part.p.holds(env):
                    return part.name
        except EvalError as exc:
            raise self._error(exc, s) from None
        return None

    def _failed(self, parts: list[Part], s: State) -> str | None:
        self.env[: self.n] = s
        try:
            for part in parts:
                if not part.p.holds(self.env):
                    return part.name
        except EvalError as exc:
            raise self._error(exc, s) from None
        return None

    def _error(self, exc: EvalError, s: State) -> EvaluationError:
        shown = "\n".join(
            f"/\\ {name} = {render(v)}" for name, v in zip(self.variables, s, strict=True)
        )
        notes = (Note("while checking the PROPERTY parts"), Note("in the state\n" + shown))
        return EvaluationError(exc.diagnostic(notes))


def property_checks(model: Model) -> tuple[PropertyParts | None, tuple[str, ...]]:
    """The parts checked (None: none) and the names of the liveness parts, not checked."""
    live = model.liveness
    if live is None:
        return None, ()
    unchecked = tuple(dict.fromkeys(t.part.name for t in live.temporal))
    c = live.checks
    checked = c.inits or c.always or c.actions
    return (PropertyParts(model, live) if checked else None), unchecked
