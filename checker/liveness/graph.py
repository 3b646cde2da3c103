"""The behaviour graph a liveness check needs, recorded during the breadth-first search.

NOTE(liveness-graph): the search runs with this Recorder (engine/kernel.py), stopping at
a violation as usual (the parallel search: its parent records what its workers evaluate
with the same functions, in the same order, NOTE(parallel-graph)). For each stored state
it records (in `store`, liveness/store.py: flat arrays, no state nor fingerprint kept)
whether it is initial, a bit per state predicate of the liveness parts (`p` and `q` of
each) and a bit per fairness condition telling whether `<<A>>_v` is ENABLED there; for
each step between stored states (the action constraints applied, as for the state graph)
the target, the step's label and a bit per fairness condition telling whether the step
is an `<<A>>_v` step (A evaluated on the pair of states, TLC's way of evaluating an
action on a transition; a condition about the spec's own Next is decided without
evaluating it, NOTE(next-shortcut) in liveness/nextstep.py). The search expands states
in the order it stores them, so the steps from one state arrive together (the store
checks it). Every state also has its stuttering step (implicit: no bit set). The parts
checked on the way, as TLC checks them, stop the search with a violation: a state
predicate on the initial states, `[]P` on every state, `[][A]_v` on every step.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence

from checker.compile.codegen import RuntimeStats
from checker.compile.codegen.predgen import PredicateBits, PredSource, predicate_bits
from checker.compile.context import Context
from checker.compile.errors import EvalError
from checker.compile.scope import Env, Known, Scope, Slot
from checker.engine.kernel import step_allowed
from checker.engine.native import NO_PARENT
from checker.engine.seam import ExplorableModel, Label, State
from checker.liveness.formula import Fair, Pred
from checker.liveness.labelstep import CleanCall, Key, label_keys
from checker.liveness.nextstep import next_shortcut
from checker.liveness.safety import SafetyParts, located
from checker.liveness.steptests import (
    Checks,
    Incomplete,
    angle_of,
    every_variable,
    successor_sets,
    unchanged_test,
)
from checker.liveness.store import GraphStore
from checker.values.equality import strict_key

_NOTHING: frozenset[int] = frozenset()
_NO_CONDITION: tuple[int, tuple[int, ...]] = (0, ())


class LiveGraph:
    """The kernel's Recorder for a liveness check (NOTE(liveness-graph)); the graph it
    records is `store` (liveness/store.py)."""

    def __init__(
        self,
        model: ExplorableModel,
        ctx: Context,
        checks: Checks,
        identity: str = "",
        calls: Sequence[CleanCall] = (),
        codegen: RuntimeStats | None = None,
    ) -> None:
        self.model = model
        self.checks = checks
        self.n = ctx.nvars
        # the predicates' bits by generated code, with its runtime fallbacks counted in
        # `codegen` (NOTE(predicate-bits)); None: the closures
        self.codegen = codegen
        self.fast: PredicateBits | None = None
        # the predicates left to the closures, (name, why): in check --json's codegen
        self.codegen_left: tuple[tuple[str, str], ...] = ()
        if codegen is not None and checks.preds:
            code = predicate_bits(ctx, [pred_source(p) for p in checks.preds])
            self.fast, self.codegen_left = code.bits, code.left
        conditions = len(checks.enabled)
        self.store = GraphStore(len(checks.preds), conditions, len(checks.steps), ctx.reads_level)
        # per step bit: how a condition about the spec's Next is decided (NOTE(next-shortcut))
        self.shortcuts = [next_shortcut(ctx.resolved, checks.next, f) for f, _ in checks.steps]
        self.whole = any(cut is not None and cut.whole for cut in self.shortcuts)
        # per step bit: the labels of its action's steps, when Next's (NOTE(label-shortcut))
        self.keys: list[frozenset[Key] | None] = [
            label_keys(ctx, list(calls), fair) if cut is None and calls else None
            for (fair, _), cut in zip(checks.steps, self.shortcuts, strict=True)
        ]
        self.by_label = sum(1 << j for j, keys in enumerate(self.keys) if keys is not None)
        self.all_sites = frozenset(site for keys in self.keys for site, _ in keys or ())
        # the conditions with an ENABLED bit among those
        self.wanted = sum(
            1 << j
            for j, (_, enabled) in enumerate(checks.enabled)
            if enabled is not None and self.keys[j] is not None
        )
        self.changes: list[Callable[[Env], object] | None] = [
            None
            if keys is None or every_variable(ctx, checks.next, fair)
            else unchanged_test(ctx, fair)
            for (fair, _), keys in zip(checks.steps, self.keys, strict=True)
        ]
        # NOTE(label-bits): the conditions about a disjunct of Next whose v is every
        # variable are decided by the labels alone (v changes iff the state does): a
        # step's bits for all of them from one lookup of its target in `label_bits`
        decided = [
            keys is not None and change is None
            for keys, change in zip(self.keys, self.changes, strict=True)
        ]
        kinds = [fair.kind for fair, _ in checks.steps]
        self.label_always = sum(1 << j for j, d in enumerate(decided) if d and kinds[j] == "ALWAYS")
        self.label_angle = sum(1 << j for j, d in enumerate(decided) if d and kinds[j] != "ALWAYS")
        self.all_steps = [(j, fair, taken) for j, (fair, taken) in enumerate(checks.steps)]
        self.other_steps = [x for x in self.all_steps if not decided[x[0]]]
        # the state being expanded (one worker) and its labelled successors' fingerprints,
        # by condition and (NOTE(label-bits)) by fingerprint
        self.expanding = -1
        self.labelled: list[frozenset[int]] = []
        self.label_bits: dict[int, int] = {}
        # each label of a condition's: (its conditions' bits, their indices)
        self.key_conditions: dict[Key, tuple[int, tuple[int, ...]]] = {}
        for key in {key for keys in self.keys for key in keys or ()}:
            js = tuple(j for j, keys in enumerate(self.keys) if keys is not None and key in keys)
            self.key_conditions[key] = (sum(1 << j for j in js), js)
        # per step bit: the successor sets' function while A gives complete states
        self.sets: list[Callable[[Env], frozenset[int]] | None] = [
            None if cut is not None else successor_sets(ctx, angle_of(fair), model.fingerprint)
            for (fair, _), cut in zip(checks.steps, self.shortcuts, strict=True)
        ]
        # per step bit: whether a step leaves v unchanged, for an ALWAYS condition ([A]_v)
        # and a condition about Next whose v is not every variable
        self.unchanged: list[Callable[[Env], object] | None] = [
            unchanged_test(ctx, fair)
            if fair.kind == "ALWAYS" or (cut is not None and not cut.always and not cut.whole)
            else None
            for (fair, _), cut in zip(checks.steps, self.shortcuts, strict=True)
        ]
        # the enabled bits read off the recorded steps: conditions about Next when every
        # successor is recorded (no CONSTRAINT, no ACTION_CONSTRAINT)
        every = not (model.has_constraints or model.has_action_constraints)
        self.derived = sum(
            1 << j
            for j, (fair, enabled) in enumerate(checks.enabled)
            if every and enabled is not None and self.shortcuts[j] is not None
        )
        # the successor sets of the states not yet expanded, in the order they were stored
        self.pending: OrderedDict[int, list[frozenset[int] | None]] = OrderedDict()
        self.env = ctx.scratch()  # after every slot is allocated
        # in a parallel worker: the successor sets of the candidates judged, by key, and
        # of the level it expands, by id (NOTE(parallel-graph))
        self.by_key: dict[int, list[frozenset[int] | None]] = {}
        self.by_id: dict[int, list[frozenset[int] | None]] = {}
        # what the graph is recorded for, checked when a checkpoint's graph is restored
        self.identity = identity
        self.safety = SafetyParts(model, ctx, checks.inits, checks.always, checks.actions)

    # -- the Recorder -------------------------------------------------------------------

    def on_stored(
        self,
        new_id: int,
        parent: int,
        label: Label | None,
        s: State | None,
        state: State,
        violated: str | None,
    ) -> tuple[str, str] | None:
        try:
            return self._stored(new_id, parent, label, s, state)
        except EvalError as exc:
            raise located(self.model, exc, state) from None

    def on_expand(self, sid: int, s: State, successors: Sequence[tuple[Label, State]]) -> None:
        """State `sid` (s) is expanded: its successors' labels decide the conditions about
        a disjunct of Next (NOTE(label-shortcut)): their steps' targets, and ENABLED."""
        if not self.by_label:
            return
        self.expanding = sid
        sites, fingerprint = self.all_sites, self.model.fingerprint
        groups: dict[Key, list[tuple[int, State]]] = {}
        for label, t in successors:
            if label[0] in sites:
                key = (label[0], strict_key(label[1]))
                groups.setdefault(key, []).append((fingerprint(t), t))
        env, n = self.env, self.n
        env[:n] = s
        # NOTE(label-bits): one pass over the groups gives the decided conditions' bits by
        # target (and their ENABLED: a successor other than s), the others' labels present
        decided, wanted = self.label_always | self.label_angle, self.wanted
        present: list[list[Key]] = [[] for _ in self.keys]
        label_bits: dict[int, int] = {}
        moved = 0
        for key, members in groups.items():
            mask, conditions = self.key_conditions.get(key, _NO_CONDITION)
            ours = mask & decided
            if ours:
                for fp, t in members:
                    label_bits[fp] = label_bits.get(fp, 0) | ours
                    if ours & wanted & ~moved and t != s:
                        moved |= ours
            for j in conditions:
                present[j].append(key)
        labelled: list[frozenset[int]] = []
        enabled = moved & wanted
        for j, here in enumerate(present):
            if not here or decided >> j & 1:
                labelled.append(_NOTHING)
                continue
            labelled.append(frozenset(fp for key in here for fp, _ in groups[key]))
            if wanted >> j & 1 and self._moves(j, s, groups, here):
                enabled |= 1 << j
        self.labelled = labelled
        self.label_bits = label_bits
        if enabled:
            self.store.add_enabled(sid, enabled)

    def _moves(
        self, j: int, s: State, groups: dict[Key, list[tuple[int, State]]], here: list[Key]
    ) -> bool:
        """Whether a successor of s (in the env) with one of condition j's labels (`here`)
        changes its v: ENABLED `<<A>>_v` (NOTE(label-shortcut))."""
        env, n, change = self.env, self.n, self.changes[j]
        for slot, value in self.checks.steps[j][0].bindings:
            env[slot] = value
        for key in here:
            for _, t in groups[key]:
                if change is None:
                    if t != s:
                        return True
                    continue
                env[n : 2 * n] = t
                if change(env) is not True:
                    return True
        return False

    def on_known(
        self, parent: int, label: Label, s: State, t: State, known: int, fp: int
    ) -> tuple[str, str] | None:
        try:
            if not step_allowed(self.model, s, t):
                return None
            return self._step(parent, label, s, t, known, fp)
        except EvalError as exc:
            raise located(self.model, exc, s) from None

    def _stored(
        self, new_id: int, parent: int, label: Label | None, s: State | None, state: State
    ) -> tuple[str, str] | None:
        initial = parent == NO_PARENT
        preds = self._state_bits(state)
        # the conditions decided by labels wait for the state's expansion, but in the
        # initial states: the parallel search's parent records them and expands none
        # (NOTE(parallel-graph), NOTE(label-shortcut))
        skip = 0 if initial else self.by_label
        sets = self._successor_sets(state, skip)
        if sets is not None:
            self.pending[new_id] = sets
        enabled = self._enabled_bits(state, sets, skip)
        u = self.store.add_state(initial, preds, parent)
        assert u == new_id, "the search numbers its states 0, 1, ..."
        if enabled:
            self.store.set_enabled(u, enabled)
        bad = self.safety.state_violation(state, initial)
        if bad is not None:
            return bad
        if s is not None and label is not None:
            return self._step(parent, label, s, state, new_id)
        return None

    def attach(self, fingerprint: Callable[[int], int]) -> None:
        """The search's visited set: a stored state's fingerprint by id (the store keeps
        none, NOTE(graph-widths))."""
        self.store.fingerprint = fingerprint

    def _fingerprint(self, u: int) -> int:
        fingerprint = self.store.fingerprint
        assert fingerprint is not None, "the search attaches its visited set"
        return fingerprint(u)

    # -- evaluation ---------------------------------------------------------------------

    def _step(
        self, source: int, label: Label, s: State, t: State, target: int, fp: int | None = None
    ) -> tuple[str, str] | None:
        """The step from s to t (stored as `target`, with fingerprint `fp`: None, read from
        the visited set when needed)."""
        bad = self.safety.step_violation(s, t) if self.safety.steps else None
        sets = self._sets_of(source) if self.pending else None
        labelled = self.labelled if self.expanding == source else None
        if fp is None:
            fp = self._fingerprint(target) if sets is not None or labelled is not None else 0
        bits = self._bits(sets, s, t, fp, target == source, labelled)
        self.record_step(source, target, bits, label)
        return (bad, "action") if bad is not None else None

    def _bits(
        self,
        sets: list[frozenset[int] | None] | None,
        s: State,
        t: State,
        fp: int,
        same: bool,
        labelled: list[frozenset[int]] | None = None,
    ) -> int:
        """The step bits of the step from s to t (`fp` t's fingerprint; `same`: t is s;
        `labelled`: s's labelled successors, NOTE(label-shortcut))."""
        env, n = self.env, self.n
        env[:n] = s
        env[n : 2 * n] = t
        bits = 0
        steps = self.all_steps
        if labelled is not None and (self.label_always or self.label_angle):
            # NOTE(label-bits): `[A]_v` (ALWAYS): an A step or v unchanged; `<<A>>_v`: an
            # A step changing v; v unchanged iff the state is (v is every variable)
            found = self.label_bits.get(fp, 0)
            always = self.label_always
            bits = (always if same else found & always) | (0 if same else found & self.label_angle)
            steps = self.other_steps
        for j, fair, taken in steps:
            cut = self.shortcuts[j]
            if cut is not None:  # NOTE(next-shortcut)
                if cut.always or (not same if cut.whole else self._changes(j)):
                    bits |= 1 << j
                continue
            for slot, value in fair.bindings:
                env[slot] = value
            if labelled is not None and self.keys[j] is not None:
                if self._labelled_step(j, fair, fp in labelled[j], same):
                    bits |= 1 << j
                continue
            known = sets[j] if sets is not None else None
            if known is not None:
                kept = self.unchanged[j]
                if fp in known or (kept is not None and kept(env) is True):
                    bits |= 1 << j
                continue
            if taken(env):
                bits |= 1 << j
        return bits

    # -- checkpoints ----------------------------------------------------------------------

    def checkpoint_bytes(self) -> Iterator[bytes]:
        """The graph recorded so far, for a checkpoint between two levels."""
        return self.store.dump(self.identity)

    def restore(self, data: bytes, states: int) -> None:
        """The graph a checkpoint saved (`states` states); ValueError if it does not fit.
        The successor sets of its last level are not saved: their steps are tested pair
        by pair, with the same bits."""
        self.store.load(data, self.identity, states)

    # -- the parallel search's (NOTE(parallel-graph)) -----------------------------------

    @property
    def properties(self) -> SafetyParts:
        return self.safety

    def state_record(self, key: int, state: State) -> tuple[int, int]:
        """In a worker, judging candidate `key` to be stored: its predicate and enabled
        bits, as `_stored` computes them; its successor sets kept for `adopt`."""
        try:
            preds = self._state_bits(state)
            sets = self._successor_sets(state)
            if sets is not None:
                self.by_key[key] = sets
            return preds, self._enabled_bits(state, sets)
        except EvalError as exc:
            raise located(self.model, exc, state) from None

    def adopt(self, keys: Sequence[int], ids: Sequence[int]) -> None:
        """In a worker: the candidates `keys` were stored as `ids`, the next level."""
        by_key = self.by_key
        self.by_id = {i: by_key[k] for k, i in zip(keys, ids, strict=True) if k in by_key}
        by_key.clear()

    def step_bits(self, source: int, s: State, t: State, fp: int) -> int:
        """In a worker: the step bits of a step from state `source` (s) to t."""
        try:
            sets = self.by_id.get(source)
            same = self.whole and fp == self.model.fingerprint(s)
            return self._bits(sets, s, t, fp, same)
        except EvalError as exc:
            raise located(self.model, exc, s) from None

    def record_state(self, new_id: int, fp: int, parent: int, record: tuple[int, int]) -> None:
        """In the parent: a state stored, with its worker's `state_record`."""
        u = self.store.add_state(False, record[0], parent)
        assert u == new_id, "the search numbers its states 0, 1, ..."
        if record[1]:
            self.store.set_enabled(u, record[1])

    def record_step(self, source: int, target: int, bits: int, label: Label) -> None:
        """A step between stored states, in the order the search takes them."""
        self.store.add_step(source, target, bits, label)
        if bits & self.derived:
            self.store.add_enabled(source, bits & self.derived)

    def _labelled_step(self, j: int, fair: Fair, taken: bool, same: bool) -> bool:
        """Whether the pair in the env is a step of condition j, an A step iff `taken`
        (NOTE(label-shortcut)): `<<A>>_v` when v changes too, `[A]_v` (ALWAYS) when A or
        v unchanged."""
        if fair.kind == "ALWAYS":
            return taken or same or self._kept(j)
        if not taken or same:
            return False
        change = self.changes[j]
        return change is None or change(self.env) is not True

    def _kept(self, j: int) -> bool:
        kept = self.unchanged[j]
        assert kept is not None, "an ALWAYS condition has its v' = v"
        return kept(self.env) is True

    def _changes(self, j: int) -> bool:
        """`v' # v` for condition j's v, on the pair in the env."""
        same = self.unchanged[j]
        assert same is not None
        return same(self.env) is not True

    def _state_bits(self, state: State) -> int:
        env = self.env
        env[: self.n] = state
        bits, rest, failed = 0, -1, None
        fast = self.fast
        if fast is not None:
            try:
                bits, rest = fast.fn(state), ~fast.mask
            except MemoryError:
                raise
            except Exception as exc:  # NOTE(codegen-fallback): the closures decide
                failed = exc
        for i, pred in enumerate(self.checks.preds):
            if rest >> i & 1 and pred.holds(env):
                bits |= 1 << i
        if failed is not None and self.codegen is not None:
            self.codegen.fell_back("the PROPERTY's predicates", failed)
        return bits

    def _successor_sets(self, state: State, skip: int = 0) -> list[frozenset[int] | None] | None:
        """The successor sets of the conditions that have them, but those of `skip`'s bits
        (None: none has)."""
        if not any(f for j, f in enumerate(self.sets) if not skip >> j & 1):
            return None
        env = self.env
        env[: self.n] = state
        out: list[frozenset[int] | None] = []
        for j, (fair, _) in enumerate(self.checks.steps):
            found = None
            successors = self.sets[j]
            if successors is not None and not skip >> j & 1:
                for slot, value in fair.bindings:
                    env[slot] = value
                try:
                    found = successors(env)
                except Incomplete:  # from now on, pair by pair
                    self.sets[j] = None
            out.append(found)
        return out

    def _sets_of(self, source: int) -> list[frozenset[int] | None] | None:
        """The successor sets of the state being expanded; those of the states before it
        are dropped (the search expands states in the order it stores them)."""
        pending = self.pending
        while pending and next(iter(pending)) < source:
            pending.popitem(last=False)
        return pending.get(source)

    def _enabled_bits(
        self, state: State, sets: list[frozenset[int] | None] | None, skip: int = 0
    ) -> int:
        """The enabled bits but those derived from the steps and those of `skip`'s bits
        (set when the state is expanded, NOTE(label-shortcut))."""
        env = self.env
        env[: self.n] = state
        bits = 0
        for j, (fair, enabled) in enumerate(self.checks.enabled):
            if enabled is None or (self.derived | skip) >> j & 1:
                continue
            if sets is not None and j < len(sets) and sets[j] is not None:
                if sets[j]:
                    bits |= 1 << j
                continue
            for slot, value in fair.bindings:
                env[slot] = value
            if enabled(env) is True:
                bits |= 1 << j
        return bits


def pred_source(pred: Pred) -> PredSource | None:
    """A predicate as written, for generated code (NOTE(predicate-bits)): None when a
    name bound around it is not an unrolled variable or a constant."""
    if pred.read is None:
        return None
    expr, scope = pred.read
    slots = dict(pred.bindings)
    bound: dict[str, object] = {}
    at: Scope | None = scope
    while at is not None:
        for name, local in at.names.items():
            if type(name) is not str or name in bound:  # an IR binder: bound by name too
                continue
            if isinstance(local, Slot) and local.lazy is None and local.slot in slots:
                bound[name] = slots[local.slot]
            elif isinstance(local, Known):
                bound[name] = local.value
            else:
                return None
        at = at.parent
    return PredSource(expr, scope.module, tuple(bound.items()))
