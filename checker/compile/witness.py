"""The witnesses of a trace's steps: which value each action-level `\\E` chose.

NOTE(witness): a step's label names its action and the action's parameters
(`Phase1b(a1)`), not the values chosen inside the action: the message `m` of
`\\E m \\in msgs : m.type = "1a" /\\ ...` that the step consumed. The search keeps no such
thing (it would cost every step). Once a trace is known, Next is compiled once more, by
the closure compiler with a witness slot (`ActionCompiler(witness_slot=...)`): every
action-level `\\E` pushes (name, value) onto it while its body runs, so each successor
comes with the bindings on its way. The step's witness is that of the first successor
(in the successor function's order, as replay takes it: NOTE(tlc-semantics)) with the
step's label and state. The closures define the semantics (generated code is checked
against them, NOTE(codegen-fallback)), so the witness is the same whichever backend
found the trace. A step no successor matches is an internal error (E409), never a
silently missing witness.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from checker import ir
from checker.compile.action import ActionCompiler
from checker.compile.context import Context
from checker.compile.errors import EvalError
from checker.compile.scope import UNSET, Env
from checker.diagnostics import CheckerError, Diagnostic
from checker.lang import ast
from checker.traces.trace import Step, Trace
from checker.values import Value, fingerprint

Witness = tuple[tuple[str, Value], ...]
Successor = tuple[Any, tuple[Value, ...], Witness]


class Finder:
    """Next compiled with a witness slot (replay only)."""

    def __init__(
        self,
        ctx: Context,
        label_slot: int,
        root: str,
        body: ast.Expr,
        module: str,
        lowered: ir.Lowered,
    ) -> None:
        self.ctx = ctx
        self.label_slot = label_slot
        self.slot = ctx.alloc()
        self.out_slot = ctx.alloc()
        comp = ActionCompiler(
            ctx, init=False, label_slot=label_slot, root=root, witness_slot=self.slot
        )
        comp.adopt(body, lowered)
        try:
            self.run = comp.compile_root(body, module, self._emit)
        except EvalError as exc:
            raise CheckerError((exc.diagnostic(),)) from None
        self.nvars = ctx.nvars

    def _emit(self, env: Env) -> None:
        n = self.nvars
        env[self.out_slot].append((env[self.label_slot], tuple(env[n : 2 * n]), env[self.slot]))

    def successors(self, state: tuple[Value, ...], depth: int) -> list[Successor]:
        if self.ctx.reads_level:
            self.ctx.level_cell[0] = depth  # NOTE(tlcget-level)
        n = self.nvars
        env = self.ctx.scratch()
        env[:n] = state
        env[n : 2 * n] = [UNSET] * n
        env[self.label_slot] = None
        env[self.slot] = ()
        out: list[Successor] = []
        env[self.out_slot] = out
        self.run(env)
        return out


def with_witnesses(finder: Finder, label_text: Any, trace: Trace) -> Trace:
    """`trace` with each step's witness (`label_text`: the model's, label -> text).
    Evaluation errors cannot happen here (the search evaluated the same steps) and come
    out as they are."""
    steps = [trace.steps[0]] if trace.steps else []
    for i, step in enumerate(trace.steps[1:]):
        if step.action is None:
            steps.append(step)
            continue
        witness = _witness(finder, label_text, trace.steps[i].state, step, i)
        steps.append(replace(step, witness=witness))
    return replace(trace, steps=tuple(steps))


def _witness(
    finder: Finder, label_text: Any, before: tuple[Value, ...], step: Step, depth: int
) -> Witness:
    fp = fingerprint(step.state)
    for label, state, witness in finder.successors(before, depth):
        if state == step.state and fingerprint(state) == fp and label_text(label) == step.action:
            return witness
    message = (
        f"internal error: no successor of state {depth + 1} by {step.action} is state "
        f"{depth + 2} (the successor function is not deterministic?)"
    )
    raise CheckerError((Diagnostic("E409", message),))
