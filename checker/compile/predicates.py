"""Evaluating a model's predicates in a state (NOTE(codegen-fallback)): the invariants
(skipping those the step cannot have changed, NOTE(invariant-support)), the CONSTRAINTs and
the ACTION_CONSTRAINTs, with the generated code first and the closures deciding where it
raises; and how an evaluation error is reported (the state, the action, what was being
evaluated). `Checks` is a part of `Model` (compile/model.py), which builds what it reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checker.compile import codegen
from checker.compile.action import ActionCompiler
from checker.compile.bind import BoundModel
from checker.compile.context import Context
from checker.compile.errors import EvalError, not_boolean
from checker.compile.held import Held, InvariantSupport
from checker.compile.scope import Env
from checker.diagnostics import EvaluationError, Note
from checker.lang.cfg import Named
from checker.values import Value, render

State = tuple[Value, ...]
Label = tuple[int, tuple[Value, ...]]

# An evaluation error while exploring, with the state it happened in.
ModelError = EvaluationError


@dataclass(frozen=True)
class Predicate:
    name: str
    fn: Callable[[Env], Value]
    named: Named
    # evaluated per state even if constant-level: it reads TLC's runtime (TLCGet, as TLC's
    # minLevel 1) or is a higher-order native (compile/builtins.py), never folded
    per_state: bool = False


class Checks:
    """The predicates' evaluation, a part of `Model`, which sets these attributes."""

    bound: BoundModel
    variables: tuple[str, ...]
    ctx: Context
    invariants: list[Predicate]
    constraints: list[Predicate]
    action_constraints: list[Predicate]
    support: InvariantSupport
    generated: codegen.Generated
    codegen_stats: codegen.RuntimeStats
    _fast_invariants: tuple[Callable[..., Any], ...] | None
    _next: ActionCompiler
    _env: Env
    _n: int
    _levels: tuple[int, int]

    def _level(self, which: int) -> None:
        if self.ctx.reads_level:
            self.ctx.level_cell[0] = self._levels[which]

    def violated_invariant(
        self, state: State, parent: State | None = None, held: Held = None
    ) -> str | None:
        """The first invariant `state` violates, or None. `parent`: a state whose
        invariants held, `state` its successor: an invariant reading only variables the
        step left as they were is not evaluated again (NOTE(invariant-support)); `held`:
        that, decided before (`self.held`)."""
        if self.ctx.reads_level:  # `_level(1)` inline: called for every new state
            self.ctx.level_cell[0] = self._levels[1]
        if not self.support.skippable:
            parent = held = None
        fast = self._fast_invariants
        if fast is not None:
            try:
                if parent is not None and held is None:  # the hot loop: support inline
                    for gen, support in zip(fast, self.support.inline, strict=True):
                        for i in support:
                            if state[i] is not parent[i]:
                                break
                        else:
                            if support:  # NOTE(invariant-support): held in the parent
                                continue
                        if not gen(state, parent):  # NOTE(conjunct-support)
                            break
                    else:
                        return None
                elif held is None:
                    for gen in fast:
                        if not gen(state):
                            break
                    else:
                        return None
                else:
                    for gen, done in zip(fast, held, strict=True):
                        if not done and not gen(state):
                            break
                    else:
                        return None
            except MemoryError:
                raise
            except Exception:  # NOTE(codegen-fallback): each invariant again, below
                pass
        if held is None and parent is not None:
            held = self.held(state, parent)
        return self._first_failing(
            self.invariants, self.generated.invariants, state, "invariant", held
        )

    def held(self, state: State, parent: State) -> Held:
        """Per invariant, whether it holds in `state`, a successor of `parent`, without
        being evaluated (NOTE(invariant-support)); None: none does."""
        return self.support.held(state, parent)

    def in_constraints(self, state: State) -> bool:
        self._level(1)
        return (
            self._first_failing(self.constraints, self.generated.constraints, state, "constraint")
            is None
        )

    def _first_failing(
        self,
        preds: list[Predicate],
        gens: list[Any],
        state: State,
        what: str,
        held: Held = None,
    ) -> str | None:
        for i, p in enumerate(preds):
            if held is not None and held[i]:
                continue
            gen = gens[i] if i < len(gens) else None
            if gen is not None:
                try:
                    if gen(state):
                        continue
                    return p.name
                except MemoryError:
                    raise
                except Exception as exc:  # NOTE(codegen-fallback): the closures decide
                    failing = self._first_false([p], state, what)
                    self.codegen_stats.fell_back(p.name, exc)
                    if failing is not None:
                        return p.name
                    continue
            if self._first_false([p], state, what) is not None:
                return p.name
        return None

    def action_allowed(self, state: State, nxt: State) -> bool:
        if not self.action_constraints:
            return True
        self._level(0)
        gens = self.generated.action_constraints
        env = self._env
        n = self._n
        for i, p in enumerate(self.action_constraints):
            gen = gens[i] if i < len(gens) else None
            failed: Exception | None = None
            if gen is not None:
                try:
                    if gen(state, nxt):
                        continue
                    return False
                except MemoryError:
                    raise
                except Exception as exc:  # NOTE(codegen-fallback): the closures decide
                    failed = exc
            env[:n] = state
            env[n : 2 * n] = nxt
            holds = self._holds(p, env, state, "action constraint")
            if failed is not None:
                self.codegen_stats.fell_back(p.name, failed)
            if not holds:
                return False
        return True

    def _first_false(self, preds: list[Predicate], state: State, what: str) -> str | None:
        if not preds:
            return None
        env = self._env
        env[: self._n] = state
        for p in preds:
            if not self._holds(p, env, state, what):
                return p.name
        return None

    def _holds(self, p: Predicate, env: Env, state: State, what: str) -> bool:
        try:
            v = p.fn(env)
        except EvalError as exc:
            raise self._error(exc, state, None, f"while checking the {what} `{p.name}`") from None
        if v is True or v is False:
            return v
        diag = not_boolean(v, p.named.span, f"the {what} `{p.name}`").diagnostic()
        raise ModelError(diag)

    def label_text(self, label: Label | None) -> str:
        if label is None:
            return self.bound.next.name
        site, args = label
        return self._next.sites[site].label(args)

    def state_text(self, state: State) -> str:
        return "\n".join(
            f"/\\ {name} = {render(v)}" for name, v in zip(self.variables, state, strict=True)
        )

    def _error(
        self,
        exc: EvalError,
        state: State,
        label: Label | None,
        doing: str | None = None,
        successors_before: tuple[tuple[Label, State], ...] = (),
    ) -> ModelError:
        notes = []
        if doing is not None:
            notes.append(Note(doing))
        elif label is not None:
            notes.append(Note(f"while computing the successors by {self.label_text(label)}"))
        else:
            notes.append(Note("while computing successors"))
        notes.append(Note("in the state\n" + self.state_text(state)))
        return ModelError(exc.diagnostic(tuple(notes)), successors_before)
