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

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from checker import ir
from checker.compile.action import ActionCompiler
from checker.compile.context import Context
from checker.compile.errors import EvalError
from checker.compile.scope import UNSET, Env
from checker.diagnostics import CheckerError, Diagnostic
from checker.lang import ast
from checker.traces.messages import is_message
from checker.traces.trace import Step, Trace
from checker.values import Value, canon_sorted, fingerprint

Witness = tuple[tuple[str, Value], ...]
LabelText = Callable[[Any], str]  # the model's: a step's label as text
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

    def successors(self, state: tuple[Value, ...], index: int) -> list[Successor]:
        """The successors of the trace's state number `index` (0-based), whose level is
        index + 1 (NOTE(tlcget-level): an initial state's is 1, as replay sets it)."""
        out, error = self.successors_until_error(state, index)
        if error is not None:
            raise error
        return out

    def successors_until_error(
        self, state: tuple[Value, ...], index: int
    ) -> tuple[list[Successor], EvalError | None]:
        """`successors`, or those computed before Next failed and the error (a step
        the search took among them: NOTE(error-trace))."""
        if self.ctx.reads_level:
            self.ctx.level_cell[0] = index + 1
        n = self.nvars
        env = self.ctx.scratch()
        env[:n] = state
        env[n : 2 * n] = [UNSET] * n
        env[self.label_slot] = None
        env[self.slot] = ()
        out: list[Successor] = []
        env[self.out_slot] = out
        try:
            self.run(env)
        except EvalError as exc:
            return out, exc
        return out, None


def with_witnesses(finder: Finder, label_text: LabelText, trace: Trace) -> Trace:
    """`trace` with each step's witness and reads (`label_text`: the model's, label ->
    text). Evaluation errors cannot happen before a step's successor (the search evaluated
    the same steps); one would be reported as it is. Print and PrintT say nothing here: these
    evaluations repeat the search's, or are of states no behaviour reaches."""
    sink, finder.ctx.output_sink = finder.ctx.output_sink, None
    try:
        return replace(trace, steps=tuple(_steps(finder, label_text, trace)))
    finally:
        finder.ctx.output_sink = sink


def _steps(finder: Finder, label_text: LabelText, trace: Trace) -> Iterator[Step]:
    for i, step in enumerate(trace.steps):
        if i == 0 or step.action is None:
            yield step
            continue
        before = trace.steps[i - 1].state
        witness = _witness(finder, label_text, before, step, i - 1)
        reads = _reads(finder, label_text, trace.variables, before, step, i - 1)
        yield replace(step, witness=witness, reads=reads)


def _witness(
    finder: Finder, label_text: LabelText, before: tuple[Value, ...], step: Step, depth: int
) -> Witness:
    fp = fingerprint(step.state)
    # Next may fail after computing the step's successor: the search took it from those
    # computed before the error, and stopped at a violation there (NOTE(error-trace))
    successors, error = finder.successors_until_error(before, depth)
    for label, state, witness in successors:
        if state == step.state and fingerprint(state) == fp and label_text(label) == step.action:
            return witness
    if error is not None:  # the search evaluated this step: it cannot fail before it
        raise CheckerError((error.diagnostic(),))
    message = (
        f"internal error: no successor of state {depth + 1} by {step.action} is state "
        f"{depth + 2} (the successor function is not deterministic?)"
    )
    raise CheckerError((Diagnostic("E409", message),))


MAX_READS_SET = 64  # sets of messages larger than this are not examined for reads


def _reads(
    finder: Finder,
    label_text: LabelText,
    variables: tuple[str, ...],
    before: tuple[Value, ...],
    step: Step,
    depth: int,
) -> tuple[tuple[str, Value], ...]:
    """NOTE(witness): the messages a step could not have been taken without. A step
    reads messages in guards too (`PrepareMsg(v, n, d, i) \\in msgs`, a quorum counted
    with Cardinality), where no `\\E` binds them. For each message m of a variable holding
    a set of messages (records, or tuples naming a node: NOTE(tuple-messages); at most
    MAX_READS_SET), the step is tried again from the state
    without m: if no successor with the step's label reaches the step's state (without
    m), the step needed m. A message among several that would do (a quorum of four where
    three suffice) is needed by none alone and is not listed: reads are what the step
    certainly depended on. The state without m may be one the spec never reaches, where
    evaluating Next fails: then m is not listed (nothing is claimed)."""
    out: list[tuple[str, Value]] = []
    for x, held in enumerate(before):
        if not _message_set(held):
            continue
        assert type(held) is frozenset
        for m in canon_sorted(held):
            if not _still_taken(finder, label_text, before, step, depth, x, m):
                out.append((variables[x], m))
    return tuple(out)


def _message_set(v: Value) -> bool:
    return type(v) is frozenset and 0 < len(v) <= MAX_READS_SET and all(is_message(m) for m in v)


def _still_taken(
    finder: Finder,
    label_text: LabelText,
    before: tuple[Value, ...],
    step: Step,
    depth: int,
    x: int,
    m: Value,
) -> bool:
    without = before[:x] + (before[x] - {m},) + before[x + 1 :]
    after = step.state
    target = after[x] - {m} if type(after[x]) is frozenset else after[x]
    try:
        successors = finder.successors(without, depth)
    except EvalError:  # an unreachable state the spec cannot evaluate: claim nothing
        return True
    for label, state, _ in successors:
        held = state[x] - {m} if type(state[x]) is frozenset else state[x]
        same = held == target and all(
            a == b for k, (a, b) in enumerate(zip(state, after, strict=True)) if k != x
        )
        if same and label_text(label) == step.action:
            return True
    return False
