"""Apply a TLC configuration to a resolved spec: constants, Init/Next, what to check.

Every problem is reported (several at once), each pointing into the .cfg file with a
hint: an unknown name (with "did you mean"), a constant without a value, an invariant
that is an action, a SPECIFICATION not of the form `Init /\\ [][Next]_vars /\\ ...`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.diagnostics import CheckerError, Diagnostic, Note, Span, suggest
from checker.lang import ast
from checker.lang.cfg import ModelConfig, Named
from checker.lang.resolve import ACTION, STATE, ResolvedSpec, Symbol
from checker.lang.symbols import defined_here
from checker.values import ModelValue, Value

_LEVEL_NAMES = ("constant", "state", "action", "temporal")


@dataclass(frozen=True)
class BoundModel:
    """A spec with a configuration applied: everything needed to compile a Model."""

    resolved: ResolvedSpec
    config: ModelConfig
    constants: dict[str, Value]
    operator_constants: dict[str, str]
    substitutions: dict[str, str]  # 0-ary constant <- definition (evaluated when compiling)
    init: Named
    next: Named
    invariants: tuple[Named, ...]
    constraints: tuple[Named, ...]
    action_constraints: tuple[Named, ...]
    check_deadlock: bool
    warnings: tuple[Diagnostic, ...] = ()


@dataclass
class _Binder:
    resolved: ResolvedSpec
    config: ModelConfig
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def symbols(self) -> dict[str, Symbol]:
        return self.resolved.root_scope.symbols

    def err(
        self,
        code: str,
        message: str,
        span: Span | None,
        hint: str | None = None,
        notes: tuple[Note, ...] = (),
    ) -> None:
        self.errors.append(
            Diagnostic(code, message, span, notes, hint, path=self.config.source.path)
        )


def bind(resolved: ResolvedSpec, config: ModelConfig) -> BoundModel:
    """Check the config against the spec; raises CheckerError listing every problem."""
    b = _Binder(resolved, config)
    constants, op_constants, substitutions = _constants(b)
    init, nxt = _behaviour(b)
    invariants = _names(b, config.invariants, STATE, "INVARIANT")
    constraints = _names(b, config.constraints, STATE, "CONSTRAINT")
    action_constraints = _names(b, config.action_constraints, ACTION, "ACTION_CONSTRAINT")
    _unsupported(b)
    if b.errors or init is None or nxt is None:
        raise CheckerError(tuple(b.errors))
    return BoundModel(
        resolved,
        config,
        constants,
        op_constants,
        substitutions,
        init,
        nxt,
        invariants,
        constraints,
        action_constraints,
        config.check_deadlock,
        tuple(b.warnings),
    )


def _constants(b: _Binder) -> tuple[dict[str, Value], dict[str, str], dict[str, str]]:
    declared = {c.name: c for c in b.resolved.constants}
    values: dict[str, Value] = {}
    op_constants: dict[str, str] = {}
    substitutions: dict[str, str] = {}
    for cv in b.config.constants:
        if cv.name not in declared:
            _unknown_constant(b, cv.name, cv.span, declared)
            continue
        if declared[cv.name].arity:
            b.err(
                "E301",
                f"`{cv.name}` is an operator constant; give it a definition with "
                f"`{cv.name} <- Definition`",
                cv.span,
            )
            continue
        values[cv.name] = cv.value
    for sub in b.config.substitutions:
        replaced = b.symbols.get(sub.name)
        if sub.name not in declared and (
            replaced is None or replaced.kind in ("theorem", "assumption")
        ):  # TLC replaces constants and definitions only
            _unknown_constant(b, sub.name, sub.span, declared)
            continue
        target = b.symbols.get(sub.target.name)
        if target is None or target.kind != "definition":
            _unknown_definition(b, sub.target, "a substitution")
            continue
        arity = declared[sub.name].arity if sub.name in declared else len(target.params)
        if len(target.params) != arity:
            b.err(
                "E202",
                f"`{sub.name}` takes {arity} arguments but `{sub.target.name}` "
                f"takes {len(target.params)}",
                sub.target.span,
            )
        elif arity:
            op_constants[sub.name] = sub.target.name
        else:
            substitutions[sub.name] = sub.target.name
    for name, decl in declared.items():
        if name not in values and name not in op_constants and name not in substitutions:
            b.err(
                "E303",
                f"constant `{name}` has no value in the configuration",
                decl.span,
                hint=f"add `{name} = ...` under CONSTANTS in {b.config.source.path}",
            )
    return values, op_constants, substitutions


def _unknown_constant(
    b: _Binder, name: str, span: Span, declared: dict[str, ast.ConstantDecl]
) -> None:
    guess = suggest(name, list(declared))
    b.err(
        "E302",
        f"the spec declares no constant `{name}`",
        span,
        hint=f"did you mean `{guess}`?"
        if guess
        else "declared constants: " + (", ".join(sorted(declared)) or "none"),
    )


def _unknown_definition(b: _Binder, named: Named, what: str) -> None:
    sym = b.symbols.get(named.name)
    if sym is not None and sym.kind in ("theorem", "assumption"):
        b.err(
            "E302",
            f"{what} names `{named.name}`, which is {'an' if sym.kind[0] == 'a' else 'a'} "
            f"{sym.kind}, not a definition",
            named.span,
            notes=defined_here(sym),
            hint=f"TLC accepts only definitions here: define `{named.name}Def == ...` "
            "and name that",
        )
        return
    defs = [n for n, s in b.symbols.items() if s.kind == "definition"]
    guess = suggest(named.name, defs)
    b.err(
        "E302",
        f"{what} names `{named.name}`, which the spec does not define",
        named.span,
        hint=f"did you mean `{guess}`?" if guess else None,
    )


def _behaviour(b: _Binder) -> tuple[Named | None, Named | None]:
    cfg = b.config
    if cfg.specification is not None:
        if cfg.init is not None or cfg.next is not None:
            b.err(
                "E301",
                "give either SPECIFICATION or INIT and NEXT, not both",
                cfg.specification.span,
            )
        return _from_specification(b, cfg.specification)
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
        return None, None
    init = _names(b, (cfg.init,), STATE, "INIT")
    nxt = _names(b, (cfg.next,), ACTION, "NEXT")
    return (init[0] if init else None), (nxt[0] if nxt else None)


def _from_specification(b: _Binder, spec: Named) -> tuple[Named | None, Named | None]:
    sym = b.symbols.get(spec.name)
    if sym is None or sym.kind != "definition" or not isinstance(sym.unit, ast.OpDef):
        _unknown_definition(b, spec, "SPECIFICATION")
        return None, None
    init: Named | None = None
    nxt: Named | None = None
    body = sym.unit.body
    items = body.items if isinstance(body, ast.And) else (body,)
    for item in items:
        if isinstance(item, ast.Name) and init is None:
            init = Named(item.name, spec.span)
        elif (
            isinstance(item, ast.OpExpr)
            and item.op == "[]"
            and isinstance(item.args[0], ast.ActionBox)
            and isinstance(item.args[0].action, ast.Name)
        ):
            nxt = Named(item.args[0].action.name, spec.span)
        elif isinstance(item, ast.Fairness):
            continue  # fairness matters only for liveness, which we do not check
        else:
            b.err(
                "E306",
                "SPECIFICATION must be `Init /\\ [][Next]_vars` (with optional "
                "fairness conditions)",
                spec.span,
                notes=(Note("this part is not of that form", item.span),),
            )
    if init is None or nxt is None:
        b.err(
            "E306",
            f"could not find Init and Next in `{spec.name}`",
            spec.span,
            notes=(Note("defined here", sym.span),) if sym.span else (),
            hint="write `Spec == Init /\\ [][Next]_vars`, or use INIT and NEXT",
        )
        return None, None
    found_init = _names(b, (init,), STATE, "the initial predicate of SPECIFICATION")
    found_next = _names(b, (nxt,), ACTION, "the next-state action of SPECIFICATION")
    return (found_init[0] if found_init else None), (found_next[0] if found_next else None)


def _names(b: _Binder, names: tuple[Named, ...], max_level: int, what: str) -> tuple[Named, ...]:
    """Check that each name is a 0-ary definition of at most `max_level`."""
    ok: list[Named] = []
    for named in names:
        sym = b.symbols.get(named.name)
        if sym is None or sym.kind not in ("definition", "variable", "constant"):
            _unknown_definition(b, named, what)
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
        level = b.resolved.levels.get((sym.module, named.name), STATE)
        if level > max_level:
            hint = (
                f"{what} must name a state predicate (no primes, no temporal operators)"
                if max_level == STATE
                else f"{what} must name an action (no temporal operators)"
            )
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


def _unsupported(b: _Binder) -> None:
    cfg = b.config
    if cfg.properties:
        b.err(
            "E305",
            "PROPERTY is not supported: temporal properties are not checked yet",
            cfg.properties[0].span,
            hint="check safety with INVARIANT; remove PROPERTY lines to proceed",
        )
    if cfg.symmetry is not None:
        b.err(
            "E305",
            "SYMMETRY is not supported yet",
            cfg.symmetry.span,
            hint="remove the SYMMETRY line: the search is exact without it, only larger",
        )
    if cfg.view is not None:
        b.err("E305", "VIEW is not supported yet", cfg.view.span)


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
