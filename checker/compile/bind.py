"""Apply a TLC configuration to a resolved spec: constants, Init/Next, what to check.

Every problem is reported (several at once), each pointing into the .cfg file with a
hint: an unknown name (with "did you mean"), a constant without a value, an invariant
that is an action, a SPECIFICATION not of the form `Init /\\ [][Next]_vars /\\ ...`.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.compile import behaviour
from checker.compile.behaviour import Behaviour, Part
from checker.compile.binder import Binder, unknown_definition
from checker.compile.replacements import replacements
from checker.diagnostics import CheckerError, Diagnostic, Note, Span
from checker.lang import ast
from checker.lang.cfg import ModelConfig, Named
from checker.lang.resolve import ACTION, CONSTANT, STATE, TEMPORAL, ResolvedSpec, resolve
from checker.values import ModelValue, Value

_LEVEL_NAMES = ("constant", "state", "action", "temporal")


@dataclass(frozen=True)
class BoundModel:
    """A spec with a configuration applied: everything needed to compile a Model.

    `resolved` has the configuration's replacements applied (NOTE(redirects)); constants
    and definitions given a value by the configuration are in `constants`."""

    resolved: ResolvedSpec
    config: ModelConfig
    constants: dict[str, Value]
    init: Behaviour
    next: Behaviour
    invariants: tuple[Named, ...]
    constraints: tuple[Named, ...]
    action_constraints: tuple[Named, ...]
    check_deadlock: bool
    warnings: tuple[Diagnostic, ...] = ()
    fairness: tuple[Part, ...] = ()  # temporal conjuncts of the SPECIFICATION
    symmetry: Named | None = None  # NOTE(symmetry) in compile/symmetry.py
    alias: Named | None = None  # NOTE(alias) in compile/alias.py
    view: Named | None = None  # NOTE(view) in compile/model.py
    postconditions: tuple[Named, ...] = ()  # compile/postcondition.py
    properties: tuple[Named, ...] = ()  # checker/liveness (NOTE(property-parts))


def bind(resolved: ResolvedSpec, config: ModelConfig) -> BoundModel:
    """Check the config against the spec; raises CheckerError listing every problem."""
    b = Binder(resolved, config)
    constants, redirects = replacements(b)
    if redirects and not b.errors:
        b.resolved = resolve(resolved.loaded, redirects, prior=resolved)
    init, nxt, fairness = _behaviour(b)
    invariants = _names(b, config.invariants, STATE, "INVARIANT")
    constraints = _names(b, config.constraints, STATE, "CONSTRAINT")
    action_constraints = _names(b, config.action_constraints, ACTION, "ACTION_CONSTRAINT")
    symmetry = _names(b, (config.symmetry,), CONSTANT, "SYMMETRY") if config.symmetry else ()
    alias = _names(b, (config.alias,), ACTION, "ALIAS") if config.alias else ()
    view = _names(b, (config.view,), STATE, "VIEW") if config.view else ()
    postconditions = _names(b, config.postconditions, STATE, "POSTCONDITION")
    properties = _names(b, config.properties, TEMPORAL, "PROPERTY")
    _unsupported(b)
    if b.errors or init is None or nxt is None:
        raise CheckerError(tuple(b.errors))
    return BoundModel(
        b.resolved,
        config,
        constants,
        init,
        nxt,
        invariants,
        constraints,
        action_constraints,
        config.check_deadlock,
        tuple(b.warnings),
        fairness,
        symmetry[0] if symmetry else None,
        alias[0] if alias else None,
        view[0] if view else None,
        postconditions,
        properties,
    )


def _behaviour(b: Binder) -> tuple[Behaviour | None, Behaviour | None, tuple[Part, ...]]:
    """Init, Next and fairness, from SPECIFICATION or INIT/NEXT (None: none, or an
    error was reported)."""
    cfg = b.config
    if cfg.specification is not None:
        if cfg.init is not None or cfg.next is not None:
            b.err(
                "E301",
                "give either SPECIFICATION or INIT and NEXT, not both",
                cfg.specification.span,
            )
        return _from_specification(b, cfg.specification)
    if cfg.init is None and cfg.next is None and _constant_only(b):
        nothing = behaviour.no_behaviour(b.resolved, Span(cfg.source, 1, 1, 1, 1))
        return nothing, nothing, ()
    if cfg.init is None or cfg.next is None:
        missing = "INIT" if cfg.init is None else "NEXT"
        b.errors.append(
            Diagnostic(
                "E304",
                f"the configuration has no {missing}",
                None,
                hint="add `INIT Init` and `NEXT Next`, or `SPECIFICATION Spec`",
                path=cfg.source.path,
            )
        )
        return None, None, ()
    init = _names(b, (cfg.init,), STATE, "INIT")
    nxt = _names(b, (cfg.next,), ACTION, "NEXT")
    return _defined(b, init), _defined(b, nxt), ()


def _constant_only(b: Binder) -> bool:
    """A model of constants only (no variables, nothing to check but the ASSUMEs), as
    TLC accepts without INIT and NEXT: it has no states."""
    cfg = b.config
    return not (b.resolved.variables or cfg.invariants or cfg.properties or cfg.constraints)


def _defined(b: Binder, names: tuple[Named, ...]) -> Behaviour | None:
    if not names:
        return None
    sym = b.symbol(names[0].name)
    assert sym is not None
    return behaviour.from_definition(b.resolved, sym)


def _from_specification(
    b: Binder, spec: Named
) -> tuple[Behaviour | None, Behaviour | None, tuple[Part, ...]]:
    sym = b.symbol(spec.name)
    if sym is None or sym.kind != "definition" or not isinstance(sym.unit, ast.OpDef):
        unknown_definition(b, spec, "SPECIFICATION")
        return None, None, ()
    if sym.params:
        b.err("E202", f"SPECIFICATION names `{spec.name}`, which takes arguments", spec.span)
        return None, None, ()
    parts = behaviour.decompose(b.resolved, sym)
    where = (Note(f"`{spec.name}` is defined here", sym.span),) if sym.span else ()
    for d in parts.errors:
        b.errors.append(d)
    if len(parts.next) > 1:
        b.err(
            "E306",
            f"`{spec.name}` has more than one `[][Next]_vars` conjunct (TLC accepts one)",
            spec.span,
            notes=tuple(Note("one of them", p.expr.span) for p, _ in parts.next),
        )
    if not parts.init or not parts.next:
        missing = "initial predicate" if not parts.init else "`[][Next]_vars` conjunct"
        b.err(
            "E306",
            f"could not find the {missing} of the SPECIFICATION `{spec.name}`",
            spec.span,
            notes=where,
            hint="write `Spec == Init /\\ [][Next]_vars` (and fairness), or use INIT and NEXT",
        )
        return None, None, ()
    init = behaviour.conjunction(b.resolved, parts.init, spec.name)
    if isinstance(init, Diagnostic):
        b.errors.append(init)
        return None, None, ()
    init = _look_through(b, init)
    (action, sub) = parts.next[0]
    _check_subscript(b, sub, action.module)
    name = action.expr.name if isinstance(action.expr, ast.Name) else spec.name
    nxt = Behaviour(name, action.expr, action.module, action.expr.span)
    nxt = _look_through(b, nxt)
    return init, nxt, tuple(parts.fairness)


def _look_through(b: Binder, beh: Behaviour) -> Behaviour:
    """A behaviour that is just the name of a 0-ary definition (`[][Next]_v`, an Init
    conjunct): that definition, as INIT and NEXT give it."""
    if isinstance(beh.body, ast.Name):
        sym = b.resolved.symbol(beh.module, beh.body.name)
        if sym is not None and isinstance(sym.unit, ast.OpDef) and not sym.unit.params:
            return behaviour.from_definition(b.resolved, sym)
    return beh


def _check_subscript(b: Binder, sub: ast.Expr, module: str) -> None:
    """TLC warns when the subscript of `[][Next]_v` leaves out a variable."""
    found = behaviour.subscript_variables(b.resolved, sub, module)
    if found is None:
        return
    missing = [v.name for v in b.resolved.variables if v.name not in found]
    if missing:
        b.warn(
            "E306",
            "the subscript of the next-state action does not contain the variable(s) "
            + ", ".join(f"`{m}`" for m in missing),
            sub.span,
        )


def _names(b: Binder, names: tuple[Named, ...], max_level: int, what: str) -> tuple[Named, ...]:
    """Check that each name is a 0-ary definition of at most `max_level`."""
    ok: list[Named] = []
    for named in names:
        sym = b.symbol(named.name)
        if sym is None or sym.kind not in ("definition", "variable", "constant"):
            unknown_definition(b, named, what)
            continue
        if sym.kind != "definition":
            b.err(
                "E302",
                f"{what} names `{named.name}`, which is a {sym.kind}, not a definition",
                named.span,
            )
            continue
        if sym.params:
            b.err("E202", f"{what} names `{named.name}`, which takes arguments", named.span)
            continue
        level = b.resolved.level(sym, STATE)
        if level > max_level:
            hint = {
                CONSTANT: f"{what} must name a constant expression (no variables)",
                STATE: f"{what} must name a state predicate (no primes, no temporal operators)",
                ACTION: f"{what} must name an action (no temporal operators)",
            }[max_level]
            article = "an" if level == ACTION else "a"
            b.err(
                "E207",
                f"{what} `{named.name}` is {article} {_LEVEL_NAMES[level]}-level formula",
                named.span,
                hint=hint,
                notes=(Note("defined here", sym.span),) if sym.span else (),
            )
            continue
        ok.append(named)
    return tuple(ok)


def _unsupported(b: Binder) -> None:
    cfg = b.config
    if cfg.view is not None and cfg.symmetry is not None:
        b.err(
            "E305",
            "VIEW together with SYMMETRY is not supported: TLC evaluates the view on the "
            "least state of the orbit in its own order of values, which we cannot reproduce",
            cfg.view.span,
            hint="check with one of them, or with --no-symmetry",
        )


def model_value_names(values: dict[str, Value]) -> list[str]:
    """Names of the model values used in constant assignments (for ITF metadata)."""
    out: set[str] = set()
    stack = list(values.values())
    while stack:
        v = stack.pop()
        if isinstance(v, ModelValue):
            out.add(v.name)
        elif isinstance(v, (frozenset, tuple)):
            stack.extend(v)
    return sorted(out)
