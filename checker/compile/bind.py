"""Apply a TLC configuration to a resolved spec: constants, Init/Next, what to check.

Every problem is reported (several at once), each pointing into the .cfg file with a
hint: an unknown name (with "did you mean"), a constant without a value, an invariant
that is an action, a SPECIFICATION not of the form `Init /\\ [][Next]_vars /\\ ...`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.compile import behaviour
from checker.compile.behaviour import Behaviour, Part
from checker.diagnostics import CheckerError, Diagnostic, Note, Span, suggest
from checker.lang import ast
from checker.lang.cfg import ModelConfig, Named, Substitution
from checker.lang.resolve import ACTION, STATE, ResolvedSpec, Symbol, resolve
from checker.lang.symbols import defined_here
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


@dataclass
class _Binder:
    resolved: ResolvedSpec
    config: ModelConfig
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def symbols(self) -> dict[str, Symbol]:
        return self.resolved.root_scope.symbols

    def symbol(self, name: str) -> Symbol | None:
        """What a name of the root module means, the configuration's replacements applied."""
        return self.resolved.symbol(self.resolved.root.name, name)

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

    def warn(self, code: str, message: str, span: Span | None, hint: str | None = None) -> None:
        self.warnings.append(
            Diagnostic(
                code, message, span, (), hint, path=self.config.source.path, severity="warning"
            )
        )


def bind(resolved: ResolvedSpec, config: ModelConfig) -> BoundModel:
    """Check the config against the spec; raises CheckerError listing every problem."""
    b = _Binder(resolved, config)
    constants, redirects = _replacements(b)
    if redirects and not b.errors:
        b.resolved = resolve(resolved.loaded, redirects, prior=resolved)
    init, nxt, fairness = _behaviour(b)
    invariants = _names(b, config.invariants, STATE, "INVARIANT")
    constraints = _names(b, config.constraints, STATE, "CONSTRAINT")
    action_constraints = _names(b, config.action_constraints, ACTION, "ACTION_CONSTRAINT")
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
    )


Key = tuple[str, str]


def _replacements(b: _Binder) -> tuple[dict[str, Value], dict[Key, Symbol]]:
    """Values of constants and the configuration's replacements (NOTE(redirects)).

    As TLC: `X = v` gives a value to a declared constant or to any definition visible
    in the root module (standard ones included); `X <- Y` replaces a constant or such a
    definition by the root module's `Y`; `[M]` applies either to M's definition `X`."""
    values: dict[str, Value] = {}
    redirects: dict[Key, Symbol] = {}
    for cv in b.config.constants:
        for sym in _lhs(b, cv.name, cv.module, cv.span, "="):
            if not _valued(b, sym, cv.name, cv.span):
                break
            name = sym.name if cv.module is None else f"[{cv.module}]{cv.name}"
            if sym.kind != "constant" or cv.module is not None:
                redirects[(sym.module, sym.name)] = Symbol(
                    "constant", name, (), sym.module, sym.span
                )
            values[name] = cv.value
    replaced = {s.name for s in b.config.substitutions if s.module is None}
    for sub in b.config.substitutions:
        target = _target(b, sub, replaced)
        for sym in _lhs(b, sub.name, sub.module, sub.span, "<-"):
            if target is not None and _same_arity(b, sym, target, sub):
                redirects[(sym.module, sym.name)] = target
    for decl in b.resolved.constants:
        declared = b.symbols.get(decl.name)
        key = (declared.module, declared.name) if declared is not None else ("", decl.name)
        if decl.name not in values and key not in redirects:
            b.err(
                "E303",
                f"constant `{decl.name}` has no value in the configuration",
                decl.span,
                hint=f"add `{decl.name} = ...` under CONSTANTS in {b.config.source.path}",
            )
    return values, redirects


def _lhs(b: _Binder, name: str, module: str | None, span: Span, how: str) -> list[Symbol]:
    """The constant or definitions a CONSTANTS line gives a value to or replaces."""
    if module is not None:
        return _module_definitions(b, name, module, span)
    sym = b.symbols.get(name)
    if sym is not None and sym.kind in ("theorem", "assumption"):
        # TLC gives values to, and replaces, constants and definitions only
        message = f"`{name}` is {'an' if sym.kind[0] == 'a' else 'a'} {sym.kind}"
        if how == "=":
            b.warn("E302", f"{message}, not a constant or definition: this value is ignored", span)
        else:
            b.err("E302", f"{message}: the configuration replaces constants and definitions", span)
        return []
    if sym is None:
        if how == "=":  # TLC ignores a value for a name the spec does not have
            b.warn(
                "E302",
                f"the spec has no constant or definition `{name}`; this value is ignored",
                span,
                hint=_guess(name, list(b.symbols)),
            )
        else:
            _unknown_constant(b, name, span, b.symbols)
        return []
    if sym.kind == "variable":
        b.err("E302", f"`{name}` is a variable: the configuration cannot replace it", span)
        return []
    return [sym]


def _module_definitions(b: _Binder, name: str, module: str, span: Span) -> list[Symbol]:
    """`[M]name`: the definition `name` as module M sees it, and its copy in every
    instance of M. As in TLC, where modules share definitions (what M extends, the
    standard modules), replacing one as M sees it replaces it everywhere."""
    loaded = b.resolved.loaded
    modules = {m.name for m in (*loaded.modules, *loaded.library)} | set(b.resolved.scopes)
    if module not in modules:
        b.err(
            "E302",
            f"the spec uses no module `{module}`",
            span,
            hint=_guess(module, sorted(modules)),
        )
        return []
    found: dict[Key, Symbol] = {}
    origins = {(module, name)}
    seen = b.resolved.scopes[module].symbols.get(name) if module in b.resolved.scopes else None
    if seen is None and module not in b.resolved.scopes:
        seen = _standard_symbol(b, name)  # only instantiated: its standard operators
    if seen is not None and seen.kind in ("definition", "builtin"):
        found[(seen.module, seen.name)] = seen
        origins.add((seen.module, seen.name))
    for scope in b.resolved.scopes.values():
        for sym in scope.symbols.values():
            unit = sym.unit
            if sym.kind != "definition" or not isinstance(unit, (ast.OpDef, ast.FuncDef)):
                continue
            if (unit.origin or (sym.module, unit.name)) in origins:
                found[(sym.module, sym.name)] = sym
    if not found:
        b.err(
            "E302",
            f"module `{module}` has no definition `{name}`",
            span,
            hint="`[Module]` replaces a definition of that module, not a constant",
        )
    return [found[k] for k in sorted(found)]


def _standard_symbol(b: _Binder, name: str) -> Symbol | None:
    for scope in b.resolved.scopes.values():
        sym = scope.symbols.get(name)
        if sym is not None and sym.kind == "builtin":
            return sym
    return None


def _valued(b: _Binder, sym: Symbol, name: str, span: Span) -> bool:
    if not sym.params:
        return True
    b.err(
        "E301",
        f"`{name}` takes {len(sym.params)} argument(s): give it a definition with "
        f"`{name} <- Definition`",
        span,
    )
    return False


def _target(b: _Binder, sub: Substitution, replaced: set[str]) -> Symbol | None:
    """The root module's definition (or constant) on the right of `<-`."""
    name = sub.target.name
    sym = b.symbols.get(name)
    if sym is None or sym.kind not in ("definition", "constant", "builtin"):
        _unknown_definition(b, sub.target, "a substitution")
        return None
    if name in replaced:  # as TLC: a replacement cannot itself be replaced
        b.err(
            "E301",
            f"`{name}` is replaced by this configuration, so it cannot replace `{sub.name}`",
            sub.target.span,
        )
        return None
    return sym


def _same_arity(b: _Binder, sym: Symbol, target: Symbol, sub: Substitution) -> bool:
    if len(target.params) == len(sym.params):
        return True
    b.err(
        "E202",
        f"`{sub.name}` takes {len(sym.params)} arguments but `{sub.target.name}` "
        f"takes {len(target.params)}",
        sub.target.span,
    )
    return False


def _guess(name: str, names: list[str]) -> str | None:
    guess = suggest(name, names)
    return f"did you mean `{guess}`?" if guess else None


def _unknown_constant(b: _Binder, name: str, span: Span, symbols: dict[str, Symbol]) -> None:
    names = [n for n, s in symbols.items() if s.kind in ("constant", "definition")]
    guess = suggest(name, names)
    constants = sorted(n for n, s in symbols.items() if s.kind == "constant")
    b.err(
        "E302",
        f"the spec has no constant or definition `{name}`",
        span,
        hint=f"did you mean `{guess}`?"
        if guess
        else "declared constants: " + (", ".join(constants) or "none"),
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


def _behaviour(b: _Binder) -> tuple[Behaviour | None, Behaviour | None, tuple[Part, ...]]:
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


def _constant_only(b: _Binder) -> bool:
    """A model of constants only (no variables, nothing to check but the ASSUMEs), as
    TLC accepts without INIT and NEXT: it has no states."""
    cfg = b.config
    return not (b.resolved.variables or cfg.invariants or cfg.properties or cfg.constraints)


def _defined(b: _Binder, names: tuple[Named, ...]) -> Behaviour | None:
    if not names:
        return None
    sym = b.symbol(names[0].name)
    assert sym is not None
    return behaviour.from_definition(b.resolved, sym)


def _from_specification(
    b: _Binder, spec: Named
) -> tuple[Behaviour | None, Behaviour | None, tuple[Part, ...]]:
    sym = b.symbol(spec.name)
    if sym is None or sym.kind != "definition" or not isinstance(sym.unit, ast.OpDef):
        _unknown_definition(b, spec, "SPECIFICATION")
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


def _look_through(b: _Binder, beh: Behaviour) -> Behaviour:
    """A behaviour that is just the name of a 0-ary definition (`[][Next]_v`, an Init
    conjunct): that definition, as INIT and NEXT give it."""
    if isinstance(beh.body, ast.Name):
        sym = b.resolved.symbol(beh.module, beh.body.name)
        if sym is not None and isinstance(sym.unit, ast.OpDef) and not sym.unit.params:
            return behaviour.from_definition(b.resolved, sym)
    return beh


def _check_subscript(b: _Binder, sub: ast.Expr, module: str) -> None:
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


def _names(b: _Binder, names: tuple[Named, ...], max_level: int, what: str) -> tuple[Named, ...]:
    """Check that each name is a 0-ary definition of at most `max_level`."""
    ok: list[Named] = []
    for named in names:
        sym = b.symbol(named.name)
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
        level = b.resolved.level(sym, STATE)
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
    if cfg.alias is not None:
        b.err(
            "E305",
            "ALIAS is not supported yet",
            cfg.alias.span,
            hint="remove the ALIAS line: it changes only how TLC prints traces",
        )
    if cfg.postconditions:
        b.err("E305", "POSTCONDITION is not supported yet", cfg.postconditions[0].span)


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
