"""The checks made once a model is compiled, before any search (TLC makes them at
start-up): every ASSUME holds, and an INVARIANT, CONSTRAINT or ACTION_CONSTRAINT naming
a constant-level formula is TRUE."""

from __future__ import annotations

from checker.compile.bind import BoundModel
from checker.compile.errors import EvalError
from checker.compile.expr import ExprCompiler
from checker.compile.model import Model
from checker.compile.scope import Scope
from checker.diagnostics import CheckerError, Diagnostic, Note
from checker.lang import ast
from checker.lang.resolve import ResolvedSpec
from checker.lang.symbols import CONSTANT
from checker.values import render


def check_constant_predicates(model: Model, bound: BoundModel) -> None:
    """An INVARIANT, CONSTRAINT or ACTION_CONSTRAINT naming a constant-level definition
    is evaluated once, before any search; anything but TRUE is an error, as in TLC ("The
    invariant of Inv is equal to FALSE"), not a violation nor an empty search."""
    groups = (
        ("INVARIANT", bound.invariants, model.invariants),
        ("CONSTRAINT", bound.constraints, model.constraints),
        ("ACTION_CONSTRAINT", bound.action_constraints, model.action_constraints),
    )
    for what, names, preds in groups:
        for named, pred in zip(names, preds, strict=True):
            sym = model.ctx.symbol(model.name, named.name)
            if bound.resolved.level(sym) != CONSTANT or pred.per_state:
                continue
            try:
                value = pred.fn(model.ctx.scratch())
            except EvalError as exc:
                raise CheckerError((exc.diagnostic((Note(f"while evaluating {what}"),)),)) from None
            if value is not True:
                diag = Diagnostic(
                    "E308",
                    f"{what} `{named.name}` is constant-level and equal to {render(value)}",
                    named.span,
                    path=bound.config.source.path,
                    hint="it does not depend on the variables, so TLC refuses it too",
                )
                raise CheckerError((diag,))


def check_assumptions(model: Model, resolved: ResolvedSpec) -> None:
    """Every ASSUME must hold for the configured constants (checked before any search)."""
    comp = ExprCompiler(model.ctx, "state")
    for module in resolved.loaded.modules:
        for unit in module.units:
            if not isinstance(unit, ast.Assume) or unit.axiom:
                continue  # TLC assumes an AXIOM without checking it
            try:
                c = comp.compile(unit.expr, Scope(module.name))
                value = c.fn(model.ctx.scratch())
            except EvalError as exc:
                raise CheckerError(
                    (exc.diagnostic((Note("while checking this ASSUME"),)),)
                ) from None
            if value is not True:
                raise CheckerError(
                    (
                        Diagnostic(
                            "E307",
                            "this ASSUME is false for the configured constants",
                            unit.expr.span,
                        ),
                    )
                )
