"""An expression typed by the user, evaluated in a state of the model.

The text is parsed and resolved by the front end as if written at the end of the spec's
root module (pipeline.expression, NOTE(user-expression)), compiled into closures by the
model's own expression compiler (compile/expr.py, the reference evaluator) in the
model's context (its constants, definitions and the configuration's replacements), and
evaluated with the state's values in the variables' slots. Nothing is ever executed as
Python. Every problem, from a syntax error to a division by zero, is a diagnostic
pointing into the text as typed (`<expr>:line:col`).
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.compile.errors import EvalError
from checker.compile.expr import ExprCompiler
from checker.compile.model import Model
from checker.compile.scope import Scope
from checker.diagnostics import CheckerError, Diagnostic
from checker.engine.seam import State
from checker.lang.expression import relocate
from checker.lang.symbols import LEVEL_NAMES, STATE
from checker.pipeline import expression
from checker.values import Value


@dataclass(frozen=True)
class Evaluated:
    """The value of an expression in a state, or the diagnostic saying why there is none."""

    text: str
    value: Value | None = None
    error: Diagnostic | None = None


def evaluate(model: Model, text: str, state: State, level: int) -> Evaluated:
    """`text` evaluated in `state`, which the search would see at TLCGet("level") `level`
    (1 for an initial state)."""
    try:
        parsed = expression(model, text)
    except CheckerError as exc:
        return Evaluated(text, error=exc.diagnostics[0])
    if parsed.level > STATE:
        where = parsed.expr.span
        message = (
            f"an {LEVEL_NAMES[parsed.level]}-level expression cannot be evaluated in one state"
        )
        hint = "primes, UNCHANGED, [A]_v and temporal operators need more than the state shown"
        diag = Diagnostic("E530", message, where, hint=hint)
        return Evaluated(text, error=relocate(diag, parsed.wrapper, parsed.typed))
    try:
        compiled = ExprCompiler(model.ctx, "state").compile(parsed.expr, Scope(model.name))
        if compiled.const:
            return Evaluated(text, compiled.value)
        env = model.ctx.scratch()
        env[: len(state)] = state
        if model.ctx.reads_level:
            model.ctx.level_cell[0] = level
        value: Value = compiled.fn(env)
    except EvalError as exc:
        return Evaluated(text, error=relocate(exc.diagnostic(), parsed.wrapper, parsed.typed))
    return Evaluated(text, value)
