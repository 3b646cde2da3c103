"""Name resolution and level checking: every name means something, at the right level.

Reports, each as a diagnostic with a stable code and notes:
  E201 unknown name (with "did you mean", or the standard module that defines it; also
       a name used before its definition, which TLA+ forbids unless RECURSIVE);
  E202 wrong number of arguments;  E203 duplicate definition or shadowing;
  E207 double prime, non-constant ASSUME (a primed constant is itself: no error);
  E205 a variable that no action ever gives a value;  E106 unsupported constructs.
Errors are collected (several at once) and raised together at the end.

The result, `ResolvedSpec`, holds each module's top-level scope and the level of every
definition (0 constant, 1 state, 2 action, 3 temporal); the compiler uses both.
This module walks modules and definitions; expressions are resolved by the mixin in
resolve_expr.py, and the data types are in symbols.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from checker.diagnostics import CheckerError, Diagnostic, Note, Span
from checker.lang import ast
from checker.lang.instance import expand_instances
from checker.lang.loader import LoadedSpec
from checker.lang.optable import arity
from checker.lang.resolve_expr import ExpressionResolver
from checker.lang.stdlib import STANDARD, closure, is_standard, supplied_in_closure
from checker.lang.stdops import bind_expression_ops, bind_standard_ops
from checker.lang.symbols import (
    ACTION,
    CONSTANT,
    LEVEL_NAMES,
    NEW_LEVELS,
    STATE,
    TEMPORAL,
    Env,
    Local,
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
    is a resolution of the same spec without replacements, if the caller has one; then
    `loaded` is its `loaded`, already prepared.

    INSTANCEs are expanded first (lang/instance.py), so `ResolvedSpec.loaded` holds the
    modules with their expanded definitions. Before that, standard modules' operators are
    bound in each module (stdops.py); not again on expanded modules: an instance's copy of
    `B (-) C` in a module without Bags would be taken for an undefined `\\ominus`."""
    if prior is None:
        loaded = expand_instances(bind_standard_ops(loaded), _scopes_of)
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
        self.statement_defs: dict[int, ast.OpDef] = {}  # one per named statement
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
        self.in_theorem = False

    def settled(self, result: ResolvedSpec) -> bool:
        """Whether the levels this pass assumed for RECURSIVE operators are their levels."""
        return all(result.levels.get(k, CONSTANT) == v for k, v in self.assumed.items())

    def run(self) -> ResolvedSpec:
        for module in self.loaded.library or self.loaded.modules:
            if self.loaded.in_spec(module):
                self.module(module)
            elif module.name in self.loaded.for_submodules:
                self.apart(module)
        self.check_assigned()
        if self.errors:  # a submodule's context is resolved again with it: report once
            raise CheckerError(tuple(dict.fromkeys(self.errors)))
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
        std_names = [r.name for r in m.extends if is_standard(r.name, self.scopes)]
        exported = {s.name for s in closure([*std_names, *m.instance_std], self.scopes)}
        # the spec's own modules our standard ones extend (`supplied_in_closure`)
        via_std = [
            ast.ModuleRef(next(r.span for r in m.extends if r.name in std_names), name)
            for name in supplied_in_closure(std_names, self.scopes)
        ]
        for ref in (*m.extends, *via_std):
            if ref.name in self.scopes:
                imported = self.scopes[ref.name]
                exported |= imported.exported_std
                for sym in imported.symbols.values():
                    # standard operators come from the standard modules in scope here
                    if not sym.local and sym.kind != "builtin":
                        self.import_symbol(sym, ref.span)
        self.std = frozenset(exported | {s.name for s in closure(m.local_std, self.scopes)})
        at = m.extends[0].span if m.extends else m.span
        for mod in closure(sorted(self.std), self.scopes):
            where = next((r.span for r in m.extends if r.name == mod.name), at)
            for name, params in mod.operators.items():
                self.import_symbol(Symbol("builtin", name, params, mod.name, None), where)
            for op in mod.infix:
                params = (0,) * arity(op)
                self.import_symbol(Symbol("builtin", op, params, mod.name, None), where)
        for mod in STANDARD.values():
            for name, params in mod.operators.items():
                alias = std_alias(mod.name, name)
                self.symbols[alias] = Symbol("builtin", name, params, mod.name, None, local=True)
            for op in mod.infix:
                sym = Symbol("builtin", op, (0,) * arity(op), mod.name, None, local=True)
                self.symbols[std_alias(mod.name, op)] = sym
        self.later = {}
        for unit in m.units:
            if isinstance(unit, (ast.OpDef, ast.FuncDef, ast.Theorem, ast.Assume)) and unit.name:
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
        if old is not None and old.unit is not None and old.unit is sym.unit:
            return  # a submodule's context, also reached through a submodule it extends
        if old is not None and not (old.kind == "recursive" and sym.kind == "definition"):
            where = "" if old.module == self.module_name else f" (in `{old.module}`)"
            self.err(
                "E203",
                f"`{sym.name}` is already defined{where}",
                sym.span,
                notes=defined_here(old),
            )
            return
        if old is not None and len(old.params) != len(sym.params):
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
            before = len(self.errors)
            level = self.top_expr(unit.expr)
            if level > CONSTANT and len(self.errors) == before:  # not after an unknown name
                self.err(
                    "E207",
                    f"ASSUME must be a constant formula, this one is {LEVEL_NAMES[level]}-level",
                    unit.expr.span,
                    hint="an ASSUME may mention constants but not variables",
                )
            if unit.name is not None:
                self.statement_name("assumption", unit.name, unit.name_span, unit.expr, level)
        elif isinstance(unit, ast.Theorem):
            self.theorem(unit)
        elif isinstance(unit, ast.Submodule):
            pass  # resolved as a module of its own (lang/submodules.py)
        elif isinstance(unit, ast.SubstLevel):
            self.subst_level(unit, self.top_expr(unit.expr))
        elif isinstance(unit, ast.UnsupportedUnit):
            self.err(
                "E106",
                f"{unit.what} is not supported",
                unit.span,
            )

    def theorem(self, t: ast.Theorem) -> None:
        """The statement is resolved (as SANY does); the proof is set aside."""
        self.cur_vars = set()
        self.in_theorem = True
        try:
            if isinstance(t.statement, ast.AssumeProve):
                self.assume_prove(t.statement, Env())
                level = CONSTANT
            else:
                level = self.expr(t.statement, Env())
        finally:
            self.in_theorem = False
        if t.name is not None:
            self.statement_name("theorem", t.name, t.name_span, t.statement, level)

    def assume_prove(self, ap: ast.AssumeProve, env: Env) -> None:
        inner = env.child()
        for item in ap.assumptions:
            if isinstance(item, ast.NewDecl):
                if item.domain is not None:
                    self.expr(item.domain, inner)
                level = NEW_LEVELS[item.kind]
                self.bind(inner, item.name, Local("bound", (0,) * item.arity, item.span, level))
            elif isinstance(item, ast.AssumeProve):
                self.assume_prove(item, inner)
            else:
                self.expr(item, inner)
        self.expr(ap.goal, inner)

    def statement_name(
        self,
        kind: str,
        name: str,
        span: Span | None,
        statement: ast.Expr | ast.AssumeProve,
        level: int,
    ) -> None:
        """`THEOREM Name == P`, `ASSUME Name == P`: Name denotes P (TLC evaluates it);
        the name of an ASSUME/PROVE has no value (`unit` None)."""
        unit = None
        if isinstance(statement, ast.Expr):
            assert span is not None
            unit = self.statement_defs.setdefault(
                id(statement), ast.OpDef(span, name, (), statement)
            )
            key = (self.module_name, name)
            self.levels[key] = level
            self.def_vars[key] = frozenset(self.cur_vars)
        self.declare(Symbol(kind, name, (), self.module_name, span, unit))

    def apart(self, m: ast.Module) -> None:
        """Resolve a module that is not part of the spec (a submodule, made a module of
        its own, or a module only submodules extend): its constants and variables are
        not the spec's."""
        spec_lists = (self.variables, self.constants)
        self.variables, self.constants = [], []
        try:
            self.module(m)
        finally:
            self.variables, self.constants = spec_lists

    def top_expr(self, e: ast.Expr) -> int:
        self.cur_vars = set()
        return self.expr(e, Env())

    def op_def(self, d: ast.OpDef) -> None:
        old = self.symbols.get(d.name)
        if old is not None and old.kind == "recursive" and len(old.params) == len(d.params):
            # recursive calls in the body see the parameters' arities (operator parameters)
            self.symbols[d.name] = replace(old, params=tuple(p.arity for p in d.params))
        env = Env()
        self.bind_params(env, d.params)
        self.cur_vars = set()
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
        dom_level = max(self.bound_levels(d.bounds, Env()), default=CONSTANT)
        self.declare(Symbol("definition", d.name, (), self.module_name, d.span, d, d.local))
        # provisional while the body may refer to the function itself (least fixpoint)
        self.levels[key] = dom_level
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


def resolve_expression(resolved: ResolvedSpec, module: str, e: ast.Expr) -> tuple[ast.Expr, int]:
    """An expression written at the end of `module` (after its last definition, the
    configuration's replacements applied): its AST with the standard operators the
    module lacks as applications (stdops.py) and its level; raises CheckerError listing
    every problem, as for a definition's body (lang/expression.py, NOTE(user-expression))."""
    scope = resolved.scopes[module]
    e = bind_expression_ops(e, scope.std)
    resolver = _Resolver(resolved.loaded, resolved.redirects, resolved)
    resolver.module_name = module
    resolver.symbols = dict(scope.symbols)
    resolver.std = scope.std
    resolver.levels = dict(resolved.levels)
    resolver.def_vars = dict(resolved.def_vars)
    level = resolver.top_expr(e)
    if resolver.errors:
        raise CheckerError(tuple(dict.fromkeys(resolver.errors)))
    return e, level
