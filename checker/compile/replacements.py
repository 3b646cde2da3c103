"""The configuration's values and replacements of constants and definitions, as TLC
reads them (NOTE(redirects) in lang/symbols.py): `X = v` for a declared constant or any
definition the root module sees, `X <- Y` by a definition of the root module, and the
`[M]` forms for a definition as module M sees it."""

from __future__ import annotations

from checker.compile.binder import Binder, guess, unknown_definition
from checker.diagnostics import Span, suggest
from checker.lang import ast
from checker.lang.cfg import Substitution
from checker.lang.resolve import Symbol
from checker.values import Value

Key = tuple[str, str]


def replacements(b: Binder) -> tuple[dict[str, Value], dict[Key, Symbol]]:
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


def _lhs(b: Binder, name: str, module: str | None, span: Span, how: str) -> list[Symbol]:
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
                hint=guess(name, list(b.symbols)),
            )
        else:
            _unknown_constant(b, name, span, b.symbols)
        return []
    if sym.kind == "variable":
        b.err("E302", f"`{name}` is a variable: the configuration cannot replace it", span)
        return []
    return [sym]


def _module_definitions(b: Binder, name: str, module: str, span: Span) -> list[Symbol]:
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
            hint=guess(module, sorted(modules)),
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


def _standard_symbol(b: Binder, name: str) -> Symbol | None:
    for scope in b.resolved.scopes.values():
        sym = scope.symbols.get(name)
        if sym is not None and sym.kind == "builtin":
            return sym
    return None


def _valued(b: Binder, sym: Symbol, name: str, span: Span) -> bool:
    if not sym.params:
        return True
    b.err(
        "E301",
        f"`{name}` takes {len(sym.params)} argument(s): give it a definition with "
        f"`{name} <- Definition`",
        span,
    )
    return False


def _target(b: Binder, sub: Substitution, replaced: set[str]) -> Symbol | None:
    """The root module's definition (or constant) on the right of `<-`."""
    name = sub.target.name
    sym = b.symbols.get(name)
    if sym is None or sym.kind not in ("definition", "constant", "builtin"):
        unknown_definition(b, sub.target, "a substitution")
        return None
    if name in replaced:  # as TLC: a replacement cannot itself be replaced
        b.err(
            "E301",
            f"`{name}` is replaced by this configuration, so it cannot replace `{sub.name}`",
            sub.target.span,
        )
        return None
    return sym


def _same_arity(b: Binder, sym: Symbol, target: Symbol, sub: Substitution) -> bool:
    if len(target.params) == len(sym.params):
        return True
    b.err(
        "E202",
        f"`{sub.name}` takes {len(sym.params)} arguments but `{sub.target.name}` "
        f"takes {len(target.params)}",
        sub.target.span,
    )
    return False


def _unknown_constant(b: Binder, name: str, span: Span, symbols: dict[str, Symbol]) -> None:
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
