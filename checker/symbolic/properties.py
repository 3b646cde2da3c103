"""PROPERTY parts and the spec's fairness, translated for bmc's lassos.

NOTE(bmc-properties): the parts are taken apart by the explicit engine's splitter
(checker/liveness/formula.py, NOTE(property-parts)), so both engines check the same
parts. A part's predicates and a fairness condition's action are read where they are
written: the compile-time scope (unrolled `\\A` variables, parameters of inlined
definitions) is turned into a translator frame. For a fairness action `<<A>>_v`, A is
lowered to IR as ENABLED is (checker/compile/enabled.py) and expanded into branches
from a state s: ENABLED <<A>>_v at s is "some branch's condition holds and its values
change v", and (s, t) is an `<<A>>_v` step when some branch's condition holds, its
values are t's and v(t) /= v(s). ENABLED needs every variable's next value: an action
that leaves one without a value is refused (E603), never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from checker import ir
from checker.compile.enabled import ir_env
from checker.compile.model import Model
from checker.compile.scope import ByName, Known, Scope, Slot
from checker.diagnostics import Span
from checker.lang import ast
from checker.liveness.formula import Fair, Part, Pred, Splitter
from checker.symbolic import algebra
from checker.symbolic.actions import Branch, Expander, by_name_key
from checker.symbolic.errors import not_encoded
from checker.symbolic.terms import Cond, and2, conj, disj, neg
from checker.symbolic.translate import Translator
from checker.symbolic.world import Frame, StateMap, Thunk

SAFETY = ("init", "always", "action")  # checked on states and steps, as invariants
TEMPORAL = (
    "eventually",
    "infinitely",
    "stable",
    "leadsto",
    "leadsto-stable",
    "stays",
    "always-from",
    "eventually-action",
    "infinitely-action",
    "wf",
    "sf",
)


@dataclass(frozen=True)
class Properties:
    """The model's PROPERTY parts (config order) and, if some part is temporal, the
    spec's fairness conditions."""

    safety: tuple[Part, ...]
    temporal: tuple[Part, ...]
    fairness: tuple[Fair, ...]


def model_properties(model: Model) -> Properties | None:
    """The parts of the model's PROPERTYs (None: it has none)."""
    bound = model.bound
    if not bound.properties:
        return None
    splitter = Splitter(model.ctx)
    module = bound.resolved.root.name
    parts: list[Part] = []
    for named in bound.properties:
        parts += splitter.property_parts(named.name, ast.Name(named.span, named.name), module)
    # c => []P applies to the behaviours starting where c holds (as checker/liveness)
    parts = [
        replace(p, form="always-from") if p.given is not None and p.form == "always" else p
        for p in parts
    ]
    for p in parts:
        if p.form not in SAFETY + TEMPORAL:  # "general": checked with a tableau
            raise not_encoded(
                "bmc encodes <>P, []<>P, <>[]P, P ~> Q and the other forms its README "
                "lists, not this temporal formula",
                p.span,
            )
        if p.given is not None and p.form in SAFETY:
            raise not_encoded("a conditional state or action PROPERTY part", p.span)
    temporal = tuple(p for p in parts if p.form in TEMPORAL)
    fairs: list[Fair] = []
    if temporal:
        for part in bound.fairness:
            fairs += splitter.fairness(part.expr, part.module)
            if splitter.assumptions:  # dropping it would give wrong counterexamples
                raise not_encoded(
                    "bmc does not encode temporal conjuncts of the SPECIFICATION other "
                    "than WF, SF and <>[][A]_v",
                    part.expr.span,
                )
    safety = tuple(p for p in parts if p.form in SAFETY)
    return Properties(safety, temporal, tuple(fairs))


# -- frames from compile-time scopes -------------------------------------------------------


def frame_for(
    tr: Translator,
    scope: Scope,
    bindings: tuple[tuple[int, Any], ...],
    cur: StateMap | None,
    nxt: StateMap | None = None,
    span: Span | None = None,
) -> Frame:
    """The translator's frame for an expression written in `scope`, the unrolled `\\A`
    variables' values in `bindings`, over the states `cur` (and `nxt`)."""
    return _Frames(tr, bindings, cur, nxt, span).frame(scope)


@dataclass(frozen=True)
class _Frames:
    tr: Translator
    bindings: tuple[tuple[int, Any], ...]
    cur: StateMap | None
    nxt: StateMap | None
    span: Span | None  # where a refusal points

    def frame(self, scope: Scope) -> Frame:
        chain: list[Scope] = []
        at: Scope | None = scope
        while at is not None:
            chain.append(at)
            at = at.parent
        names: dict[str, Any] = {}
        for sc in reversed(chain):  # inner names hide outer ones
            for name, local in sc.names.items():
                if type(name) is not str:  # an IR binder: bound by name too
                    continue
                self.bind(names, name, local)
        return Frame(scope.module, names, self.cur, self.nxt)

    def bind(self, names: dict[str, Any], name: str, local: object) -> None:
        values = dict(self.bindings)
        if isinstance(local, Slot) and local.lazy is None and local.slot in values:
            names[name] = values[local.slot]
        elif isinstance(local, Known):
            names[name] = local.value
        elif isinstance(local, ByName):  # an argument, read where it is written
            inner = self.frame(local.scope)
            names[by_name_key(name)] = (local.source, inner)
            names[name] = Thunk(_later(self.tr, local.source, inner))
        else:
            raise not_encoded(
                f"`{name}` (an operator argument or LET definition around a PROPERTY part "
                "or fairness condition) is not encoded by bmc",
                self.span,
            )


def _later(tr: Translator, e: ast.Expr, fr: Frame) -> Any:
    return lambda: tr.expr(e, fr)


def pred_holds(tr: Translator, pred: Pred, state: StateMap) -> Cond:
    """A part's state predicate in a symbolic state."""
    return pair_holds(tr, pred, state, None)


def pair_holds(tr: Translator, pred: Pred, s: StateMap, t: StateMap | None) -> Cond:
    """A part's predicate in a symbolic state, or its action (`[A]_v`) on a pair."""
    if pred.read is None:
        raise not_encoded("a PROPERTY part whose scope is not known", pred.expr.span)
    e, scope = pred.read
    return tr.cond(e, frame_for(tr, scope, pred.bindings, s, t, pred.expr.span))


# -- fairness actions ------------------------------------------------------------------------


class FairAction:
    """A fairness condition's (or a property's) action `<<A>>_v` (`[A]_v` for ALWAYS),
    expanded from symbolic states (NOTE(bmc-properties))."""

    def __init__(self, tr: Translator, fair: Fair, variables: tuple[str, ...]) -> None:
        self.tr = tr
        self.fair = fair
        self.variables = variables
        box = fair.action
        self.low = ir.lower(
            tr.w.resolved,
            box.action,
            fair.scope.module,
            init=False,
            root="fairness",
            env=ir_env(fair.scope),
        )

    def frame(self, s: StateMap) -> Frame:
        f = self.fair
        return frame_for(self.tr, f.scope, f.bindings, s, None, f.action.span)

    def branches(self, s: StateMap) -> list[Branch]:
        ex = Expander(self.tr, s, init=False, root="fairness")
        return ex.expand_lowered(self.low, self.frame(s))

    def sub(self, s: StateMap) -> Any:
        """v in the state s."""
        return self.tr.expr(self.fair.action.sub, self.frame(s))

    def enabled(self, s: StateMap, branches: list[Branch]) -> Cond:
        """ENABLED <<A>>_v in s."""
        before = self.sub(s)
        ways = []
        for b in branches:
            missing = [v for v in self.variables if v not in b.assigned]
            if missing:
                raise not_encoded(
                    f"ENABLED of the fairness condition `{self.fair.text}` is not encoded by "
                    f"bmc: a step of its action leaves `{missing[0]}'` without a value",
                    self.fair.action.span,
                    hint="give every variable its next value in the action (x' = e or "
                    "UNCHANGED x), or check the PROPERTY with `checker check`",
                )
            ways.append(and2(b.cond, neg(algebra.eq(self.sub(b.assigned), before))))
        return disj(ways)

    def action(self, s: StateMap, branches: list[Branch], t: StateMap) -> Cond:
        """A(s, t), as a test of t against each branch's values."""
        return disj(
            and2(b.cond, conj(algebra.eq(t[v], x) for v, x in b.assigned.items())) for b in branches
        )

    def step(self, s: StateMap, branches: list[Branch], t: StateMap) -> Cond:
        """(s, t) is an `<<A>>_v` step (for ALWAYS: an `[A]_v` step)."""
        same = algebra.eq(self.sub(t), self.sub(s))
        if self.fair.kind == "ALWAYS":
            return disj((self.action(s, branches, t), same))
        return and2(self.action(s, branches, t), neg(same))
