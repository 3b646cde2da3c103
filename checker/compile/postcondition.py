"""POSTCONDITION: constant-level formulas checked once, after a complete search, as TLC
does (Tool.checkPostCondition): they may read the search's figures and TLCSet's
registers through TLCGet (NOTE(tlc-registers) in tlcruntime.py). One that is not TRUE is
error E311 at its name in the config (TLC reports it as it reports a false ASSUME);
after a violation or a limit they are not evaluated (TLC evaluates them with the
counterexample, which TLCExt's CounterExample would read, and we refuse that)."""

from __future__ import annotations

from checker.compile.errors import EvalError
from checker.compile.model import Model
from checker.compile.tlcruntime import Figures
from checker.diagnostics import Diagnostic, Note
from checker.values import render


def failed_postcondition(model: Model, figures: Figures) -> Diagnostic | None:
    """The first POSTCONDITION that does not hold after a complete search (None: all do)."""
    rt = model.ctx.runtime
    rt.figures = figures
    model.ctx.level_cell[0] = 0  # TLCGet("level") is 0 in a POSTCONDITION, as in an ASSUME
    for pred in model.postconditions:
        try:
            value = pred.fn(model.ctx.scratch())
        except EvalError as exc:
            return exc.diagnostic((Note(f"while evaluating POSTCONDITION {pred.name}"),))
        if value is not True:
            return Diagnostic(
                "E311",
                f"POSTCONDITION `{pred.name}` is {render(value)} after the search",
                pred.named.span,
                path=model.bound.config.source.path,
            )
    return None
