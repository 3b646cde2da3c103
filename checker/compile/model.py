"""The Model: the seam between the spec language and the engines (see DESIGN.md).

    init_states()          -> initial states (tuples of variable values)
    each_init_state(emit)  -> the same, handed to emit one by one as they are computed
    successors(state)      -> [(label, next_state)], label = (action site, argument values)
    violated_invariant(s)  -> the name of the first invariant s violates, or None
    in_constraints(s), action_allowed(s, t), label_text(label)

Everything is compiled once, when the Model is built; evaluating never walks the AST.
The predicates are evaluated by its part `Checks` (compile/predicates.py). Evaluation
errors come out as `ModelError`, carrying a diagnostic with the state (and the
action) in which they happened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from checker import ir
from checker.compile import codegen, witness
from checker.compile.action import ActionCompiler, ActionSite
from checker.compile.behaviour import Behaviour
from checker.compile.bind import BoundModel, model_value_names
from checker.compile.context import Context
from checker.compile.errors import EvalError
from checker.compile.expr import ExprCompiler
from checker.compile.held import InvariantSupport
from checker.compile.natives.randomness import DEFAULT_SEED
from checker.compile.predicates import Checks, Label, ModelError, Predicate, State
from checker.compile.probes import Probes
from checker.compile.scope import UNSET, Env, Scope
from checker.compile.symmetry import Symmetry, symmetry_group
from checker.diagnostics import CheckerError, Diagnostic, Note
from checker.lang import ast
from checker.lang.cfg import Named
from checker.lang.resolve import Symbol
from checker.liveness import Liveness, compile_properties, reduction_warning
from checker.traces.trace import Trace
from checker.values import Value, fingerprint

__all__ = ["Label", "Model", "ModelError", "Predicate", "State"]


class Model(Checks):
    """A compiled model: a spec with a configuration, ready to explore."""

    def __init__(
        self,
        bound: BoundModel,
        output: Callable[[str], None] | None = None,
        *,
        generate: bool = True,
        lowered: tuple[ir.Lowered, ir.Lowered] | None = None,
        symmetry: bool = True,
        seed: int = DEFAULT_SEED,
        workers: int = 1,
        probes: Probes | None = None,
    ) -> None:
        """`lowered`: Init's and Next's IR when already lowered (checker/pipeline.py);
        else they are lowered here. `symmetry=False` ignores the config's SYMMETRY;
        `workers`: how many will search (TLCGet("config").worker, NOTE(tlc-registers))."""
        self.bound = bound
        resolved = bound.resolved
        self.name = resolved.root.name
        self.variables: tuple[str, ...] = tuple(v.name for v in resolved.variables)
        self.check_deadlock = bound.check_deadlock
        self.seed = seed  # Randomization's choices (compile/natives/randomness.py)
        self.ctx = Context(resolved, dict(bound.constants), output, seed)
        self.ctx.runtime.workers = workers
        self.ctx.runtime.deadlock = bound.check_deadlock
        self.ctx.probes = probes  # compiled into Init and Next (NOTE(profile-probes))
        n = len(self.variables)
        self._label_slot = self.ctx.alloc()
        self._out_slot = self.ctx.alloc()
        root = resolved.root.name
        self._init = ActionCompiler(
            self.ctx, init=True, label_slot=self._label_slot, root=bound.init.name
        )
        self._next = ActionCompiler(
            self.ctx, init=False, label_slot=self._label_slot, root=bound.next.name
        )
        if lowered is not None:
            self._init.adopt(bound.init.body, lowered[0])
            self._next.adopt(bound.next.body, lowered[1])
        self._init_fn = self._compile_behaviour(self._init, bound.init, root)
        self._next_fn = self._compile_behaviour(self._next, bound.next, root)
        state_compiler = ExprCompiler(self.ctx, "state")
        action_compiler = ExprCompiler(self.ctx, "action")
        self.invariants = [self._predicate(state_compiler, n_) for n_ in bound.invariants]
        lowerer = self.ctx.lowerer  # NOTE(invariant-support)
        self.support = InvariantSupport.of(
            [lowerer.definition(self._symbol(p.name)).body for p in self.invariants],
            lowerer.definition,
            n,
        )
        self.constraints = [self._predicate(state_compiler, n_) for n_ in bound.constraints]
        self.action_constraints = [
            self._predicate(action_compiler, n_) for n_ in bound.action_constraints
        ]
        self.alias = None if bound.alias is None else self._predicate(action_compiler, bound.alias)
        self.symmetry: Symmetry | None = None
        if symmetry and bound.symmetry is not None:
            self.symmetry = self._symmetry(state_compiler, bound.symmetry)
        self.view = None if bound.view is None else self._predicate(state_compiler, bound.view)
        self.postconditions = self._postconditions(state_compiler, bound.postconditions)
        self.liveness = _properties(self.ctx, bound)
        self._fingerprint = self.symmetry.fingerprint if self.symmetry else fingerprint
        if self.view is not None:
            self._fingerprint = self._view_fingerprint
        self._levels = (0, 1)  # NOTE(tlcget-level): of the states expanded, and of theirs
        self._env: Env = self.ctx.scratch()
        self._unset = [UNSET] * n
        self._n = n
        self.generated = self._generate() if generate and codegen.enabled() else codegen.Generated()
        gens = self.generated.invariants
        # every invariant generated: one loop, the general path only for a violation or an
        # error (it then decides which invariant, and how to report)
        fast = [g for g in gens if g is not None]
        self._fast_invariants = tuple(fast) if len(fast) == len(self.invariants) else None
        self.codegen_stats = codegen.RuntimeStats(codegen.strict())
        self._witnesses: witness.Finder | None = None

    @property
    def warnings(self) -> list[Diagnostic]:
        """Every warning about the model: the spec's, the configuration's, and the functions
        left to the closures for a reason worth telling (NOTE(codegen-fallback))."""
        codegen_notes = [
            Diagnostic(
                "E509",
                f"{f.function} is evaluated without generated code: {f.reason}",
                f.where.span,
                hint="the results are the same, only slower; splitting the definition into "
                "smaller ones may help",
                severity="warning",
            )
            for f in self.generated.fallbacks
            if not f.construct  # said by the statistics and --json (NOTE(codegen-fallback))
        ]
        live = self.liveness
        sym, view = self.has_symmetry, self.has_view
        reduced = None if live is None else reduction_warning(live, sym, view)
        mine = [*codegen_notes, *([] if reduced is None else [reduced])]
        return [*self.bound.resolved.warnings, *self.bound.warnings, *mine]

    def alias_fields(self) -> tuple[str, ...]:
        """The fields of the ALIAS definition's record in the order written (when its body
        is a record constructor), for showing them in that order as TLC does."""
        assert self.alias is not None
        body = self._symbol(self.alias.name).unit
        if isinstance(body, ast.OpDef) and isinstance(body.body, ast.Record):
            return tuple(name for name, _ in body.body.fields)
        return ()

    def alias_value(self, state: State, successor: State) -> Value:
        """The ALIAS definition's value on a state of a trace and the next (NOTE(alias));
        raises EvalError."""
        assert self.alias is not None
        self._level(0)
        env = self.ctx.scratch()
        env[: self._n] = state
        env[self._n : 2 * self._n] = successor
        value: Value = self.alias.fn(env)
        return value

    def _view_fingerprint(self, state: State) -> int:
        """NOTE(view): under VIEW, a state is told apart from the others by the view's
        value only (TLC's TLCStateMut.fingerPrint): states with the same view are one."""
        assert self.view is not None
        env = self._env
        env[: self._n] = state
        try:
            value = self.view.fn(env)
        except EvalError as exc:
            doing = f"while computing the VIEW `{self.view.name}`"
            raise self._error(exc, state, None, doing) from None
        fp: int = fingerprint(value)
        return fp

    def fingerprint(self, state: State) -> int:
        """The state's fingerprint, or its orbit's under SYMMETRY (NOTE(symmetry))."""
        fp: int = self._fingerprint(state)
        return fp

    def runtime_fallbacks(self) -> int:
        return self.codegen_stats.count

    def codegen_counts(self) -> tuple[int, tuple[tuple[str, str], ...], int]:
        """What runs as generated code (NOTE(codegen-fallback)): how many functions are
        generated, (function, reason) for those left to the closures, and the runtime
        fallbacks of this process."""
        g = self.generated
        functions = [g.init, g.next, *g.invariants, *g.constraints, *g.action_constraints]
        left = tuple((f.function, f.reason) for f in g.fallbacks)
        return sum(f is not None for f in functions), left, self.codegen_stats.count

    # -- building -----------------------------------------------------------------------

    def _symbol(self, name: str) -> Symbol:
        """A name of the root module, the configuration's replacements applied."""
        return self.ctx.symbol(self.name, name)

    def _compile_behaviour(self, comp: ActionCompiler, beh: Behaviour, root: str) -> Any:
        emit = self._emit_init if comp.init else self._emit_next
        try:
            return comp.compile_root(beh.body, beh.module, emit)
        except EvalError as exc:
            raise CheckerError((exc.diagnostic(),)) from None

    def _predicate(self, comp: ExprCompiler, named: Named) -> Predicate:
        sym = self._symbol(named.name)
        assert isinstance(sym.unit, ast.OpDef)
        try:
            c = comp.compile(sym.unit.body, Scope(sym.module))
        except EvalError as exc:
            raise CheckerError((exc.diagnostic(),)) from None
        return Predicate(named.name, c.fn, named, c.state)

    def _postconditions(
        self, comp: ExprCompiler, names: tuple[Named, ...]
    ) -> tuple[Predicate, ...]:
        """POSTCONDITIONs (compile/postcondition.py): they may read the search's figures."""
        rt = self.ctx.runtime
        rt.compiling_postcondition = True
        try:
            return tuple(self._predicate(comp, n) for n in names)
        finally:
            rt.compiling_postcondition = False

    def _symmetry(self, comp: ExprCompiler, named: Named) -> Symmetry:
        sym = self._symbol(named.name)
        assert isinstance(sym.unit, ast.OpDef)
        try:
            c = comp.compile(sym.unit.body, Scope(sym.module))
            value = c.value if c.const else c.fn(self.ctx.scratch())
        except EvalError as exc:
            raise CheckerError((exc.diagnostic(),)) from None
        return symmetry_group(value, named.name, named.span)

    def _emit_init(self, env: Env) -> None:
        env[self._out_slot].append(tuple(env[: self._n]))

    def _emit_next(self, env: Env) -> None:
        n = self._n
        nxt = env[n : 2 * n]
        for i, v in enumerate(nxt):
            if v is UNSET:
                raise EvalError(
                    "E406",
                    f"the step leaves `{self.variables[i]}'` without a value",
                    None,
                    hint="every action must assign each variable "
                    "(x' = e, x' \\in S) or leave it UNCHANGED",
                )
        env[self._out_slot].append((env[self._label_slot], tuple(nxt)))

    # -- the seam -----------------------------------------------------------------------

    @property
    def sites(self) -> list[ActionSite]:
        return self._next.sites

    @property
    def lowered(self) -> tuple[ir.Lowered, ir.Lowered]:
        """Init's and Next's IR, the one the closures and the generated code walk."""
        b = self.bound
        return self._init.lower(b.init.body, b.init.module), self._next.lower(
            b.next.body, b.next.module
        )

    def _generate(self) -> codegen.Generated:
        """Specialised Python for Init, Next and the predicates (NOTE(codegen-fallback))."""

        def unit(name: str) -> ast.OpDef:
            d = self._symbol(name).unit
            assert isinstance(d, ast.OpDef)
            return d

        def preds(items: list[Predicate]) -> list[tuple[str, ast.OpDef, str]]:
            return [(p.name, unit(p.name), self._symbol(p.name).module) for p in items]

        return codegen.generate(
            self.ctx,
            self._init,
            self._next,
            self.bound.init,
            self.bound.next,
            preds(self.invariants),
            preds(self.constraints),
            preds(self.action_constraints),
            list(self.support.conjuncts),
        )

    def at_level(self, depth: int) -> None:
        """NOTE(tlcget-level): TLCGet("level") is the level of the state being evaluated,
        as TLC's (an initial state's is 1; Init, ASSUME and constants see 0). The search
        says which level it expands (`depth`; 0 while computing the initial states):
        Next and ACTION_CONSTRAINTs see `depth`, the invariants and CONSTRAINTs of the
        states it generates `depth + 1`."""
        self._levels = (depth, depth + 1)

    def init_states(self) -> list[State]:
        out: list[State] = []
        self.each_init_state(out.append)
        return out

    def each_init_state(self, emit: Callable[[State], object]) -> None:
        """Hand each initial state to `emit` as soon as it is computed, in order, so that a
        search can stop before the last one; an exception raised by emit ends the
        computation and comes out as it is."""
        sink = _Sink(emit)
        self._level(0)
        gen = self.generated.init
        failed: Exception | None = None
        if gen is not None:
            try:
                gen(sink)
                return
            except MemoryError:
                raise
            except Exception as exc:  # NOTE(codegen-fallback): the closures decide
                if sink.inside:  # raised by emit, not by the generated code
                    raise
                failed = exc
            sink.replay()
        self._closure_init(sink)
        if failed is not None:
            self.codegen_stats.fell_back("Init", failed)

    def _closure_init(self, sink: _Sink) -> None:
        env = self._env
        n = self._n
        env[:n] = self._unset
        env[self._out_slot] = sink
        try:
            self._init_fn(env)
        except EvalError as exc:
            raise ModelError(
                exc.diagnostic((Note("while computing the initial states"),))
            ) from None

    def next_into(self) -> Callable[[State, list[tuple[Label, State]]], None] | None:
        """The generated Next, filling a list with a state's successors, for a search to
        call directly (NOTE(fused-level)) where `successors` would only call it: without
        TLCGet("level") read. It raises where `successors` falls back to the closures or
        fails; None: call `successors`."""
        return None if self.ctx.reads_level else self.generated.next

    def successors(self, state: State) -> list[tuple[Label, State]]:
        if self.ctx.reads_level:  # `_level(0)` inline: called for every state
            self.ctx.level_cell[0] = self._levels[0]
        gen = self.generated.next
        if gen is not None:
            fast: list[tuple[Label, State]] = []
            try:
                gen(state, fast)
                return fast
            except MemoryError:
                raise
            except Exception as exc:  # NOTE(codegen-fallback): the closures decide
                out = self._closure_successors(state)
                self.codegen_stats.fell_back("Next", exc)
                return out
        return self._closure_successors(state)

    def _closure_successors(self, state: State) -> list[tuple[Label, State]]:
        env = self._env
        n = self._n
        env[:n] = state
        env[n : 2 * n] = self._unset
        env[self._label_slot] = None
        out: list[tuple[Label, State]] = []
        env[self._out_slot] = out
        try:
            self._next_fn(env)
        except EvalError as exc:  # with the successors computed before (NOTE(error-trace))
            raise self._error(exc, state, env[self._label_slot], None, tuple(out)) from None
        return out

    def with_witnesses(self, trace: Trace) -> Trace:
        """`trace` (a behaviour of this model) with each step's witness: the values its
        action-level `\\E` chose (NOTE(witness) in compile/witness.py); Next is compiled
        for it on first use."""
        if self._witnesses is None:
            b = self.bound.next
            self._witnesses = witness.Finder(
                self.ctx, self._label_slot, b.name, b.body, b.module, self.lowered[1]
            )
        return witness.with_witnesses(self._witnesses, self.label_text, trace)

    # -- metadata -----------------------------------------------------------------------

    @property
    def has_symmetry(self) -> bool:
        return self.symmetry is not None

    @property
    def has_view(self) -> bool:
        return self.view is not None

    @property
    def has_constraints(self) -> bool:
        return bool(self.constraints)

    @property
    def has_action_constraints(self) -> bool:
        return bool(self.action_constraints)

    @property
    def model_values(self) -> list[str]:
        return model_value_names(self.ctx.constants)

    @property
    def spec_path(self) -> str:
        return self.bound.resolved.loaded.sources[self.name].path


def _properties(ctx: Context, bound: BoundModel) -> Liveness | None:
    """PROPERTY parts (checker/liveness), compiled at load: errors before any search."""
    try:
        return compile_properties(ctx, bound)
    except EvalError as exc:
        raise CheckerError((exc.diagnostic(),)) from None


class _Sink:
    """Where the computation of Init puts its states (it calls `append`): handed on to
    `emit` one by one. `inside` tells an exception raised by emit from one raised by the
    computation. After `replay()`, as many states as were handed on are skipped: when
    generated code falls back, the closures compute the same states in the same order
    (NOTE(codegen-fallback)), and those already handed on are not handed on again."""

    __slots__ = ("emit", "handed", "inside", "skip")

    def __init__(self, emit: Callable[[State], object]) -> None:
        self.emit = emit
        self.handed = 0
        self.skip = 0
        self.inside = False

    def append(self, state: State) -> None:
        if self.skip:
            self.skip -= 1
            return
        self.inside = True
        self.emit(state)
        self.inside = False
        self.handed += 1

    def replay(self) -> None:
        self.skip = self.handed
