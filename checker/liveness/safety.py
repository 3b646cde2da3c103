"""The PROPERTY parts checked on the way (NOTE(liveness-graph)): a state predicate on the
initial states, `[]P` on every stored state, `[][A]_v` on every step into a stored one.
They need no behaviour graph, so they are checked by any search: the one-worker search
(through engine/kernel.py's `PropertyRecorder`, or the liveness graph's recorder), and
the parallel search's workers and parent (NOTE(parallel-properties) in
engine/parallel.py); the workers are forked with this object, its closures compiled."""

from __future__ import annotations

from checker.compile.context import Context
from checker.compile.errors import EvalError
from checker.diagnostics import EvaluationError, Note
from checker.engine.seam import ExplorableModel, State
from checker.liveness.formula import Part
from checker.values import render


class SafetyParts:
    """engine/kernel.py's `Properties` for the parts `inits`, `always` and `actions`."""

    def __init__(
        self,
        model: ExplorableModel,
        ctx: Context,
        inits: list[Part],
        always: list[Part],
        actions: list[Part],
    ) -> None:
        self.model = model
        self.inits, self.always, self.actions = inits, always, actions
        self.steps = bool(actions)
        self.n = ctx.nvars
        self.env = ctx.scratch()

    def state_violation(self, state: State, initial: bool) -> tuple[str, str] | None:
        try:
            if initial:
                bad = self._failed(self.inits, state)
                if bad is not None:
                    return bad, "property"
            bad = self._failed(self.always, state)
            return None if bad is None else (bad, "invariant")
        except EvalError as exc:
            raise located(self.model, exc, state) from None

    def step_violation(self, s: State, t: State) -> str | None:
        env, n = self.env, self.n
        env[:n] = s
        env[n : 2 * n] = t
        try:
            for part in self.actions:
                if not part.p.holds(env):
                    return part.name
        except EvalError as exc:
            raise located(self.model, exc, s) from None
        return None

    def _failed(self, parts: list[Part], state: State) -> str | None:
        env = self.env
        env[: self.n] = state
        for part in parts:
            if not part.p.holds(env):
                return part.name
        return None


def located(model: ExplorableModel, exc: EvalError, state: State) -> EvaluationError:
    """An evaluation error of a PROPERTY part, with the state it was evaluated in."""
    shown = "\n".join(
        f"/\\ {name} = {render(v)}" for name, v in zip(model.variables, state, strict=True)
    )
    notes = (Note("while checking the PROPERTY parts"), Note("in the state\n" + shown))
    return EvaluationError(exc.diagnostic(notes))
