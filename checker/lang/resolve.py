"""Name resolution and level checking: every name means something, at the right level.

Reports, each as a diagnostic with a stable code and notes:
  E201 unknown name (with "did you mean", or the standard module that defines it; also
       a name used before its definition, which TLA+ forbids unless RECURSIVE);
  E202 wrong number of arguments;  E203 duplicate definition or shadowing;
  E204 prime on a constant-level expression;  E207 double prime, non-constant ASSUME;
  E205 a variable that no action ever gives a value;  E106 unsupported constructs.
Errors are collected (several at once) and raised together at the end.

The result, `ResolvedSpec`, holds each module's top-level scope and the level of every
definition (0 constant, 1 state, 2 action, 3 temporal); the compiler uses both.
This module walks modules and definitions; expressions are resolved by the mixin in
resolve_expr.py, and the data types are in symbols.py.
"""

from __future__ import annotations

from collections.abc import Mapping

from checker.diagnostics import CheckerError, Diagnostic, Note, Span
from checker.lang import ast
from checker.lang.instance import expand_instances
from checker.lang.loader import LoadedSpec
from checker.lang.resolve_expr import ExpressionResolver
from checker.lang.stdlib import STANDARD, closure
from checker.lang.symbols import (
    ACTION,
    CONSTANT,
    LEVEL_NAMES,
    STATE,
    TEMPORAL,
    Env,
    ModuleScope,
    ResolvedSpec,
    Symbol,
    defined_here,
    std_alias,
)

__all__ = [
    "ACTION",
    "CONSTANT",
    "STATE",
    "TEMPORAL",
    "ModuleScope",
    "ResolvedSpec",
    "Symbol",
    "resolve",
]


def resolve(
    loaded: LoadedSpec,
    redirects: Mapping[tuple[str, str], Symbol] | None = None,
    *,
    prior: ResolvedSpec | None = None,
) -> ResolvedSpec:
    """Resolve every module of a loaded spec; raises CheckerError listing all errors.

    With `redirects` (NOTE(redirects)), a use of a replaced symbol takes the level and the
    variables of its replacement. A replacement may be defined in a module resolved after
    the modules that use it, and a RECURSIVE operator is used before its definition, so
    resolution is repeated, each pass starting from the previous pass's levels (a
    RECURSIVE operator's level from constant), until the levels no longer change. `prior`
    is a resolution of the same spec without replacements, if the caller has one.

    INSTANCEs are expanded first (lang/instance.py), so `ResolvedSpec.loaded` holds the
    modules with their expanded definitions (expanding those again changes nothing)."""
    loaded = expand_instances(loaded, _scopes_of)
    if prior is None:
        resolver = _Resolver(loaded)
        result = resolver.run()
        if not redirects and resolver.settled(result):
            return result
    else:
        result = prior
    for _ in range(_MAX_PASSES):
        resolver = _Resolver(loaded, redirects, result)
        again = resolver.run()
        if again.levels == result.levels and resolver.settled(again):
            return again
        result = again
    # Each pass is a monotone function of the previous pass's levels, over a finite
    # lattice of levels: the passes settle long before this.
    raise RuntimeError("the levels of replaced or recursive definitions did not settle")


_MAX_PASSES = 16


def _scopes_of(modules: tuple[ast.Module, ...]) -> dict[str, ModuleScope]:
    """Resolve an instantiated module (the last) and those it extends, on their own."""
    loaded = LoadedSpec(modules[-1], modules, {})
    return _Resolver(loaded, whole_spec=False).run().scopes


class _Resolver(ExpressionResolver):
    def __init__(
        self,
        loaded: LoadedSpec,
        redirects: Mapping[tuple[str, str], Symbol] | None = None,
        prior: ResolvedSpec | None = None,
        *,
        whole_spec: bool = True,
    ) -> None:
        self.loaded = loaded
        self.whole_spec = whole_spec
        self.redirects: Mapping[tuple[str, str], Symbol] = redirects or {}
        self.prior_levels = prior.levels if prior is not None else {}
        self.prior_vars = prior.def_vars if prior is not None else {}
        self.assumed: dict[tuple[str, str], int] = {}  # levels taken for RECURSIVE uses
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.scopes: dict[str, ModuleScope] = {}
        self.levels: dict[tuple[str, str], int] = {}
        self.def_vars: dict[tuple[str, str], frozenset[str]] = {}
        self.assigned: set[str] = set()
        self.has_actions = False
        self.variables: list[ast.VariableDecl] = []
        self.constants: list[ast.ConstantDecl] = []
        # per-module walking state
        self.module_name = ""
        self.symbols: dict[str, Symbol] = {}
        self.std: frozenset[str] = frozenset()
        self.later: dict[str, ast.Unit] = {}
        self.cur_vars: set[str] = set()
        self.in_prime = False

    def settled(self, result: ResolvedSpec) -> bool:
        """Whether the levels this pass assumed for RECURSIVE operators are their levels."""
        return all(result.levels.get(k, CONSTANT) == v for k, v in self.assumed.items())

    def run(self) -> ResolvedSpec:
        for module in self.loaded.modules:
            self.module(module)
        self.check_assigned()
        if self.errors:
            raise CheckerError(tuple(self.errors))
        return ResolvedSpec(
            self.loaded,
            self.scopes,
            tuple(self.variables),
            tuple(self.constants),
            self.levels,
            tuple(self.warnings),
            self.redirects,
            self.def_vars,
        )

    def err(
        self,
        code: str,
        message: str,
        span: Span | None,
        *,
        hint: str | None = None,
        notes: tuple[Note, ...] = (),
    ) -> None:
        self.errors.append(Diagnostic(code, message, span, notes, hint))

    # -- modules ------------------------------------------------------------------------

    def module(self, m: ast.Module) -> None:
        self.module_name = m.name
        self.symbols = {}
        std_names = [r.name for r in m.extends if r.name in STANDARD]
        exported = {s.name for s in closure([*std_names, *m.instance_std])}
        for ref in m.extends:
            if ref.name in self.scopes:
                imported = self.scopes[ref.name]
                exported |= imported.exported_std
                for sym in imported.symbols.values():
                    if not sym.local:
                        self.import_symbol(sym, ref.span)
        self.std = frozenset(exported | {s.name for s in closure(m.local_std)})
        for mod in closure(sorted(self.std)):
            for name, params in mod.operators.items():
                self.symbols.setdefault(name, Symbol("builtin", name, params, mod.name, None))
        for mod in STANDARD.values():
            for name, params in mod.operators.items():
                alias = std_alias(mod.name, name)
                self.symbols[alias] = Symbol("builtin", name, params, mod.name, None, local=True)
        self.later = {}
        for unit in m.units:
            if isinstance(unit, (ast.OpDef, ast.FuncDef)):
                self.later.setdefault(unit.name, unit)
        for unit in m.units:
            self.unit(unit)
        for sym in self.symbols.values():
            if sym.kind == "recursive" and sym.module == m.name:
                self.err(
                    "E208",
                    f"`{sym.name}` is declared RECURSIVE but never defined",
                    sym.span,
                    hint=f"define `{sym.name}` after the RECURSIVE declaration, in this module",
                )
        self.scopes[m.name] = ModuleScope(m.name, dict(self.symbols), self.std, frozenset(exported))

    def import_symbol(self, sym: Symbol, at: Span) -> None:
        old = self.symbols.get(sym.name)
        if old is None or old == sym:
            self.symbols[sym.name] = sym
            return
        self.err(
            "E203",
            f"`{sym.name}` is defined in both `{old.module}` and `{sym.module}`",
            at,
            notes=defined_here(old) + defined_here(sym),
        )

    def declare(self, sym: Symbol) -> None:
        old = self.symbols.get(sym.name)
        if old is not None and not (old.kind == "recursive" and sym.kind == "definition"):
            where = "" if old.module == self.module_name else f" (in `{old.module}`)"
            self.err(
                "E203",
                f"`{sym.name}` is already defined{where}",
                sym.span,
                notes=defined_here(old),
            )
            return
        if old is not None and old.params != sym.params:
            self.err(
                "E202",
                f"`{sym.name}` is declared RECURSIVE with {len(old.params)} "
                f"parameters but defined with {len(sym.params)}",
                sym.span,
                notes=defined_here(old),
            )
        self.symbols[sym.name] = sym

    def unit(self, unit: ast.Unit) -> None:
        if isinstance(unit, ast.ConstantDecl):
            self.constants.append(unit)
            self.declare(
                Symbol("constant", unit.name, (0,) * unit.arity, self.module_name, unit.span, unit)
            )
        elif isinstance(unit, ast.VariableDecl):
            self.variables.append(unit)
            self.declare(Symbol("variable", unit.name, (), self.module_name, unit.span, unit))
        elif isinstance(unit, ast.Recursive):
            self.declare(
                Symbol("recursive", unit.name, (0,) * unit.arity, self.module_name, unit.span, unit)
            )
        elif isinstance(unit, ast.OpDef):
            self.op_def(unit)
        elif isinstance(unit, ast.FuncDef):
            self.func_def(unit)
        elif isinstance(unit, ast.Assume):
            level = self.top_expr(unit.expr)
            if level > CONSTANT:
                self.err(
                    "E207",
                    f"ASSUME must be a constant formula, this one is {LEVEL_NAMES[level]}-level",
                    unit.expr.span,
                    hint="an ASSUME may mention constants but not variables",
                )
        elif isinstance(unit, ast.Theorem):
            self.top_expr(unit.expr)
        elif isinstance(unit, ast.SubstLevel):
            self.subst_level(unit, self.top_expr(unit.expr))
        elif isinstance(unit, ast.UnsupportedUnit):
            self.err(
                "E106",
                f"{unit.what} is not supported",
                unit.span,
            )

    def top_expr(self, e: ast.Expr) -> int:
        self.cur_vars = set()
        return self.expr(e, Env())

    def op_def(self, d: ast.OpDef) -> None:
        env = Env()
        self.bind_params(env, d.params)
        self.cur_vars = set()
        with self.std_of(d):
            level = self.expr(d.body, env)
        key = (self.module_name, d.name)
        self.levels[key] = level
        self.def_vars[key] = frozenset(self.cur_vars)
        # (an instance's actions alone do not make a spec whose variables they assign)
        self.has_actions |= level == ACTION and d.origin is None
        self.declare(
            Symbol(
                "definition",
                d.name,
                tuple(p.arity for p in d.params),
                self.module_name,
                d.span,
                d,
                d.local,
            )
        )

    def func_def(self, d: ast.FuncDef) -> None:
        key = (self.module_name, d.name)
        self.cur_vars = set()
        with self.std_of(d):
            dom_level = max(self.bound_levels(d.bounds, Env()), default=CONSTANT)
        self.declare(Symbol("definition", d.name, (), self.module_name, d.span, d, d.local))
        self.levels[key] = STATE  # provisional: the body may refer to the function itself
        with self.std_of(d):
            level = self.expr(d.body, self.bind_bounds(Env(), d.bounds))
        self.levels[key] = max(level, dom_level)
        self.def_vars[key] = frozenset(self.cur_vars)

    # -- whole-spec checks --------------------------------------------------------------

    def check_assigned(self) -> None:
        # other errors (a typo) often cause this one
        if not self.whole_spec or not self.has_actions or self.errors:
            return
        for decl in self.variables:
            if decl.name not in self.assigned:
                self.err(
                    "E205",
                    f"variable `{decl.name}` is never given a value by an action",
                    decl.span,
                    hint=f"no action mentions `{decl.name}'` or `UNCHANGED {decl.name}`; "
                    "every action must say what each variable becomes",
                )
