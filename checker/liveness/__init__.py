"""PROPERTY checking: the parts of each property (formula.py, NOTE(property-parts)), the
behaviour graph recorded during the search (graph.py, NOTE(liveness-graph)) and the fair
lassos found on it (check.py, NOTE(fair-cycles))."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from checker.compile.bind import BoundModel
from checker.compile.context import Context
from checker.diagnostics import CheckerError, Diagnostic, Span
from checker.engine.seam import ExplorableModel
from checker.lang import ast
from checker.liveness import ltl
from checker.liveness.check import Lasso, fair_lasso, negation
from checker.liveness.formula import Fair, Part, Pred, Splitter
from checker.liveness.graph import LiveGraph
from checker.liveness.nextstep import NextAction
from checker.liveness.product import product_lasso
from checker.liveness.safety import SafetyParts
from checker.liveness.steptests import Checks, fairness_checks, step_test
from checker.liveness.store import GraphStore
from checker.traces.trace import Step, Trace


@dataclass(frozen=True)
class Temporal:
    """A liveness part with the indexes of its predicates' bits in the graph."""

    part: Part
    p: int
    q: int | None
    given: tuple[int, bool] | None
    avoid: int | None = None  # the step bit of the part's own action (Part.fair)
    tableau: ltl.Tableau | None = None  # form "general": its negation's (NOTE(tableau))


@dataclass(frozen=True)
class Liveness:
    checks: Checks
    temporal: tuple[Temporal, ...]
    fairness: tuple[Fair, ...]
    span: Span  # the first PROPERTY's name in the config

    @property
    def conditions(self) -> tuple[tuple[int, bool], ...]:
        """The WF/SF conditions: (bit, strong)."""
        return tuple((j, f.strong) for j, f in enumerate(self.fairness) if f.kind != "ALWAYS")

    @property
    def identity(self) -> str:
        """What a behaviour graph is recorded for (checked when a checkpoint's graph is
        restored): the temporal parts and the fairness conditions, by name and form."""
        parts = [[t.part.name, t.part.form] for t in self.temporal]
        fairs = [f.kind for f in self.fairness]
        return json.dumps([parts, fairs, len(self.checks.preds), len(self.checks.steps)])

    @property
    def need(self) -> int:
        """The step bits every step of a fair cycle has (`<>[][A]_v` assumptions)."""
        return sum(1 << j for j, f in enumerate(self.fairness) if f.kind == "ALWAYS")


def compile_properties(ctx: Context, bound: BoundModel) -> Liveness | None:
    """The model's PROPERTY parts compiled (None: it has none); errors are located."""
    if not bound.properties:
        return None
    splitter = Splitter(ctx)
    parts = _split(splitter, bound)
    live = [p for p in parts if p.form not in ("init", "always", "action")]
    fairs: list[Fair] = []
    if live:
        for fair_part in bound.fairness:
            fairs += splitter.fairness(fair_part.expr, fair_part.module)
    assumptions = tuple(splitter.assumptions)
    if live and assumptions:  # checked with them: every liveness part as a tree
        parts = _split(Splitter(ctx, general=True), bound)
    checks = fairness_checks(ctx, fairs)
    checks.next = NextAction(bound.next, frozenset(bound.constants))
    temporal: list[Temporal] = []
    for part in parts:
        if part.form == "init":
            checks.inits.append(part)
        elif part.form == "always":
            checks.always.append(part)
        elif part.form == "action":
            checks.actions.append(part)
        else:
            temporal.append(_temporal_part(ctx, checks, part, assumptions))
    return Liveness(checks, tuple(temporal), tuple(fairs), bound.properties[0].span)


def _split(splitter: Splitter, bound: BoundModel) -> list[Part]:
    module = bound.resolved.root.name
    parts: list[Part] = []
    for named in bound.properties:
        parts += splitter.property_parts(named.name, ast.Name(named.span, named.name), module)
    # c => []P applies to the behaviours starting where c holds: a liveness part
    return [
        replace(p, form="always-from") if p.given is not None and p.form == "always" else p
        for p in parts
    ]


def reduction_warning(live: Liveness, symmetry: bool, view: bool) -> Diagnostic | None:
    """NOTE(liveness-reduction): temporal PROPERTY parts with SYMMETRY or VIEW are checked
    as TLC checks them, on the reduced graph: a node per stored state (its fingerprint is
    the orbit's, or the view's), its bits evaluated on the state the search stored, a
    step's bits on the actual pair (s, t) and its target the node of t's fingerprint.
    A fair cycle of that graph need not be one of the spec's behaviours, and a behaviour
    violating the property need not have one (a fairness condition on one process, a
    property about one value of a symmetry set), so the verdict is TLC's, not the full
    graph's: TLC warns for SYMMETRY (EC 2279) and says nothing for VIEW; we warn for
    both. A lasso is rebuilt by replay matching fingerprints: its "back to state k"
    returns to a state of k's orbit (or view), as TLC's does."""
    if live.temporal and (symmetry or view):
        what = "SYMMETRY" if symmetry else "VIEW"
        return Diagnostic(
            "E313",
            f"temporal properties are checked on the graph reduced by {what}, as TLC does: "
            "this can miss violations or report a lasso that is one only up to the "
            f"{what}",
            live.temporal[0].part.span,
            hint=f"check the PROPERTY without {what} too (`--no-symmetry` for SYMMETRY)",
            severity="warning",
        )
    return None


def safety_parts(model: ExplorableModel, ctx: Context, live: Liveness) -> SafetyParts:
    """The parts checked on the way, for a PROPERTY without liveness parts: no graph is
    needed, so any number of workers and checkpoints do (NOTE(parallel-properties))."""
    checks = live.checks
    return SafetyParts(model, ctx, checks.inits, checks.always, checks.actions)


def lasso_trace(model: ExplorableModel, store: GraphStore, t: Temporal, lasso: Lasso) -> Trace:
    """The counterexample of a liveness part: the lasso's states (rebuilt by replay,
    liveness/store.py), with its loop."""
    states = store.lasso_states(model, lasso.nodes, lasso.labels)
    steps = tuple(
        Step(state, None if lab is None else model.label_text(store.labels[lab]))
        for state, lab in zip(states, lasso.labels, strict=True)
    )
    back = None if lasso.back is None else model.label_text(store.labels[lasso.back])
    return Trace(
        model.variables,
        steps,
        model.name,
        t.part.name,
        "liveness",
        tuple(model.model_values),
        loop=lasso.loop,
        back=back,
    )


def _bit(checks: Checks, pred: Pred) -> int:
    checks.preds.append(pred)
    return len(checks.preds) - 1


def _temporal_part(
    ctx: Context, checks: Checks, part: Part, assumptions: tuple[ltl.Formula, ...]
) -> Temporal:
    if part.formula is not None:
        formula = part.formula
        if assumptions:  # the behaviours satisfying them must satisfy the part
            formula = ltl.Or((ltl.Not(ltl.And(assumptions)), formula))
        return _general_part(ctx, checks, part, formula)
    p = _bit(checks, part.p)
    q = None if part.q is None else _bit(checks, part.q)
    given = None if part.given is None else (_bit(checks, part.given[0]), part.given[1])
    avoid = None
    if part.fair is not None:  # its steps are recorded after the spec's fairness ones
        checks.steps.append((part.fair, step_test(ctx, part.fair)))
        avoid = len(checks.steps) - 1
    return Temporal(part, p, q, given, avoid)


def _general_part(ctx: Context, checks: Checks, part: Part, formula: ltl.Formula) -> Temporal:
    """A part checked with the tableau of its negation: its atoms get bits."""
    if part.given is not None:  # IF c THEN F ...: c in the first state, as a formula
        c = ltl.StateAtom(part.given[0])
        formula = ltl.Or((ltl.Not(c) if part.given[1] else c, formula))
    bits: dict[int, ltl.Lit] = {}
    for atom in ltl.atoms(formula):
        if isinstance(atom, ltl.StateAtom):
            bits[id(atom)] = ltl.Lit(False, _bit(checks, atom.pred))
        else:
            checks.steps.append((atom.fair, step_test(ctx, atom.fair)))
            bits[id(atom)] = ltl.Lit(True, len(checks.steps) - 1)
    negation = ltl.negated(formula, lambda atom: bits[id(atom)])
    try:
        tableau = ltl.tableau(negation)
    except ltl.TooLarge:
        raise CheckerError(
            (Diagnostic("E314", "this temporal formula is too large to check", part.span),)
        ) from None
    return Temporal(part, 0, None, None, tableau=tableau)


def violated_part(graph: LiveGraph, live: Liveness) -> tuple[Temporal, Lasso] | None:
    """The first liveness part (in the config's order) with a fair lasso violating it."""
    graph.store.finish()
    return violated_in(graph.store, live)


def violated_in(store: GraphStore, live: Liveness) -> tuple[Temporal, Lasso] | None:
    """The first liveness part (in the config's order) with a fair lasso in `store`."""
    stutter = sum(1 << j for j, (f, _) in enumerate(live.checks.steps) if f.kind == "ALWAYS")
    for t in live.temporal:
        if t.tableau is not None:
            found = product_lasso(store, t.tableau, live.conditions, live.need, stutter)
            if found is not None:
                return t, found
            continue
        neg = negation(t.part.form, t.p, t.q, t.given, t.avoid)
        neg = replace(neg, need=neg.need | live.need)
        lasso = fair_lasso(store, neg, live.conditions)
        if lasso is not None:
            return t, lasso
    return None


__all__ = [
    "LiveGraph",
    "Liveness",
    "Temporal",
    "compile_properties",
    "lasso_trace",
    "reduction_warning",
    "safety_parts",
    "violated_in",
    "violated_part",
]
