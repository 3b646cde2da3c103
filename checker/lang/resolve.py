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
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from checker.diagnostics import CheckerError, Diagnostic, Note, Span, suggest
from checker.lang import ast
from checker.lang.loader import LoadedSpec
from checker.lang.stdlib import CORE_OPERATORS, STANDARD, closure, defining_module

CONSTANT, STATE, ACTION, TEMPORAL = 0, 1, 2, 3
_LEVEL_NAMES = ("constant", "state", "action", "temporal")


@dataclass(frozen=True)
class Symbol:
    """A name visible at the top level of a module."""

    kind: str  # "variable" | "constant" | "definition" | "builtin" | "recursive"
    name: str
    params: tuple[int, ...]  # arities of the parameters; () for a 0-ary name
    module: str  # the module that declares it (the standard module for builtins)
    span: Span | None
    unit: ast.Unit | None = None
    local: bool = False


@dataclass(frozen=True)
class ModuleScope:
    name: str
    symbols: dict[str, Symbol]
    std: frozenset[str]  # standard modules whose operators are in scope


@dataclass(frozen=True)
class ResolvedSpec:
    loaded: LoadedSpec
    scopes: dict[str, ModuleScope]
    variables: tuple[ast.VariableDecl, ...]
    constants: tuple[ast.ConstantDecl, ...]
    levels: dict[tuple[str, str], int]  # (module, definition) -> level
    warnings: tuple[Diagnostic, ...] = ()

    @property
    def root(self) -> ast.Module:
        return self.loaded.root

    @property
    def root_scope(self) -> ModuleScope:
        return self.scopes[self.loaded.root.name]


@dataclass
class _Local:
    kind: str  # "param" | "bound" | "let" | "recursive" | "lambda"
    params: tuple[int, ...]
    span: Span
    level: int


@dataclass
class _Env:
    """A local scope: operator parameters, bound variables, LET definitions."""

    names: dict[str, _Local] = field(default_factory=dict)
    parent: _Env | None = None
    in_except: bool = False

    def lookup(self, name: str) -> _Local | None:
        env: _Env | None = self
        while env is not None:
            if name in env.names:
                return env.names[name]
            env = env.parent
        return None

    def child(self) -> _Env:
        return _Env({}, self, self.in_except)

    def all_names(self) -> list[str]:
        env: _Env | None = self
        out: list[str] = []
        while env is not None:
            out.extend(env.names)
            env = env.parent
        return out


def resolve(loaded: LoadedSpec) -> ResolvedSpec:
    """Resolve every module of a loaded spec; raises CheckerError listing all errors."""
    return _Resolver(loaded).run()


class _Resolver:
    def __init__(self, loaded: LoadedSpec) -> None:
        self.loaded = loaded
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
        std = {s.name for s in closure(std_names)}
        for ref in m.extends:
            if ref.name in self.scopes:
                imported = self.scopes[ref.name]
                std |= imported.std
                for sym in imported.symbols.values():
                    if not sym.local:
                        self.import_symbol(sym, ref.span)
        self.std = frozenset(std)
        for mod in closure(sorted(self.std)):
            for name, params in mod.operators.items():
                self.symbols.setdefault(name, Symbol("builtin", name, params, mod.name, None))
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
        self.scopes[m.name] = ModuleScope(m.name, dict(self.symbols), self.std)

    def import_symbol(self, sym: Symbol, at: Span) -> None:
        old = self.symbols.get(sym.name)
        if old is None or old == sym:
            self.symbols[sym.name] = sym
            return
        self.err(
            "E203",
            f"`{sym.name}` is defined in both `{old.module}` and `{sym.module}`",
            at,
            notes=_defined_here(old) + _defined_here(sym),
        )

    def declare(self, sym: Symbol) -> None:
        old = self.symbols.get(sym.name)
        if old is not None and not (old.kind == "recursive" and sym.kind == "definition"):
            where = "" if old.module == self.module_name else f" (in `{old.module}`)"
            self.err(
                "E203",
                f"`{sym.name}` is already defined{where}",
                sym.span,
                notes=_defined_here(old),
            )
            return
        if old is not None and old.params != sym.params:
            self.err(
                "E202",
                f"`{sym.name}` is declared RECURSIVE with {len(old.params)} "
                f"parameters but defined with {len(sym.params)}",
                sym.span,
                notes=_defined_here(old),
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
                    f"ASSUME must be a constant formula, this one is {_LEVEL_NAMES[level]}-level",
                    unit.expr.span,
                    hint="an ASSUME may mention constants but not variables",
                )
        elif isinstance(unit, ast.Theorem):
            self.top_expr(unit.expr)
        elif isinstance(unit, ast.UnsupportedUnit):
            self.err(
                "E106",
                f"{unit.what} is not supported",
                unit.span,
                hint="copy the definitions you need into the spec or use EXTENDS",
            )

    def top_expr(self, e: ast.Expr) -> int:
        self.cur_vars = set()
        return self.expr(e, _Env())

    def op_def(self, d: ast.OpDef) -> None:
        env = _Env()
        self.bind_params(env, d.params)
        self.cur_vars = set()
        level = self.expr(d.body, env)
        key = (self.module_name, d.name)
        self.levels[key] = level
        self.def_vars[key] = frozenset(self.cur_vars)
        self.has_actions |= level == ACTION
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
        dom_level = max(self.bound_levels(d.bounds, _Env()), default=CONSTANT)
        self.declare(Symbol("definition", d.name, (), self.module_name, d.span, d, d.local))
        self.levels[key] = STATE  # provisional: the body may refer to the function itself
        level = self.expr(d.body, self.bind_bounds(_Env(), d.bounds))
        self.levels[key] = max(level, dom_level)
        self.def_vars[key] = frozenset(self.cur_vars)

    def bind_params(self, env: _Env, params: Iterable[ast.Param]) -> None:
        for p in params:
            self.bind(env, p.name, _Local("param", (0,) * p.arity, p.span, STATE))

    def bind(self, env: _Env, name: str, local: _Local) -> None:
        shadowed = env.lookup(name)
        sym = self.symbols.get(name)
        if shadowed is not None:
            self.err(
                "E203",
                f"`{name}` is already bound here",
                local.span,
                notes=(Note("bound here", shadowed.span),),
                hint="TLA+ does not allow a name to be reused inside its scope",
            )
        elif sym is not None:
            self.err(
                "E203",
                f"`{name}` is already defined",
                local.span,
                notes=_defined_here(sym),
                hint="TLA+ does not allow a bound name to reuse a defined name",
            )
        env.names[name] = local

    # -- expressions --------------------------------------------------------------------

    def expr(self, e: ast.Expr, env: _Env) -> int:
        method = getattr(self, "e_" + type(e).__name__)
        level: int = method(e, env)
        return level

    def exprs(self, es: Iterable[ast.Expr], env: _Env) -> int:
        return max((self.expr(e, env) for e in es), default=CONSTANT)

    def e_Num(self, e: ast.Num, env: _Env) -> int:
        return CONSTANT

    e_Str = e_Bool = e_Num

    def e_At(self, e: ast.At, env: _Env) -> int:
        if not env.in_except:
            self.err("E102", "`@` may only appear in the value of an EXCEPT clause", e.span)
        return STATE

    def e_Name(self, e: ast.Name, env: _Env) -> int:
        if e.name in ("BOOLEAN", "STRING"):  # keywords denoting built-in sets
            return CONSTANT
        return self.reference(e.name, (), e.span, env, as_argument=None)

    def e_Apply(self, e: ast.Apply, env: _Env) -> int:
        return self.reference(e.name, e.args, e.span, env, as_argument=None)

    def reference(
        self, name: str, args: tuple[ast.Expr, ...], span: Span, env: _Env, as_argument: int | None
    ) -> int:
        """A use of `name` with `args`; `as_argument` is the arity expected when the use is
        an operator passed to an operator parameter."""
        local = env.lookup(name)
        if local is not None:
            return self.use(name, local.params, local.level, args, span, env, as_argument)
        sym = self.symbols.get(name)
        if sym is None:
            self.unknown(name, span, env)
            self.exprs(args, env)
            return STATE
        if sym.kind == "variable":
            self.cur_vars.add(name)
            if self.in_prime:
                self.assigned.add(name)
            level = STATE
        elif sym.kind == "definition":
            key = (sym.module, name)
            level = self.levels.get(key, STATE)
            deps = self.def_vars.get(key, frozenset())
            self.cur_vars |= deps
            if self.in_prime:
                self.assigned |= deps
        elif sym.kind == "recursive":
            level = STATE
        else:
            level = CONSTANT
        if sym.kind == "builtin" and name in (
            "JavaTime",
            "TLCGet",
            "TLCSet",
            "RandomElement",
            "Any",
        ):
            self.warnings.append(
                Diagnostic("E106", f"`{name}` is not supported", span, severity="warning")
            )
        return self.use(name, sym.params, level, args, span, env, as_argument)

    def use(
        self,
        name: str,
        params: tuple[int, ...],
        level: int,
        args: tuple[ast.Expr, ...],
        span: Span,
        env: _Env,
        as_argument: int | None,
    ) -> int:
        if as_argument is not None and not args:
            if len(params) != as_argument:
                self.err(
                    "E202",
                    f"`{name}` takes {_count(len(params))} but an operator "
                    f"with {_count(as_argument)} is expected here",
                    span,
                )
            return level
        if len(params) != len(args):
            self.err(
                "E202",
                f"`{name}` takes {_count(len(params))}, "
                f"but {_count(len(args))} {'is' if len(args) == 1 else 'are'} given",
                span,
            )
            return max(level, self.exprs(args, env))
        # An action-level operator may prime its parameters (TLA+ substitutes arguments),
        # so variables in its arguments may be assigned through it.
        outer = self.in_prime
        self.in_prime = outer or level >= ACTION
        try:
            for arity, arg in zip(params, args, strict=True):
                level = max(level, self.argument(arg, arity, env))
        finally:
            self.in_prime = outer
        return level

    def argument(self, arg: ast.Expr, arity: int, env: _Env) -> int:
        if arity == 0:
            return self.expr(arg, env)
        if isinstance(arg, ast.Lambda):
            if len(arg.params) != arity:
                self.err(
                    "E202",
                    f"this LAMBDA takes {_count(len(arg.params))}, but an "
                    f"operator with {_count(arity)} is expected",
                    arg.span,
                )
            inner = env.child()
            for p in arg.params:
                self.bind(inner, p, _Local("lambda", (), arg.span, STATE))
            return self.expr(arg.body, inner)
        if isinstance(arg, ast.Name):
            return self.reference(arg.name, (), arg.span, env, as_argument=arity)
        self.err(
            "E202",
            f"an operator with {_count(arity)} is expected here (a name or a LAMBDA)",
            arg.span,
        )
        return self.expr(arg, env)

    def unknown(self, name: str, span: Span, env: _Env) -> None:
        later = self.later.get(name)
        if later is not None:
            self.err(
                "E201",
                f"`{name}` is used before its definition",
                span,
                notes=(Note("defined here", later.span),),
                hint="TLA+ requires definitions before use; move it up, or declare "
                f"`RECURSIVE {name}` before both",
            )
            return
        std = defining_module(name)
        if std is not None:
            self.err(
                "E201",
                f"unknown name `{name}`",
                span,
                hint=f"`{name}` is defined in the standard module {std}: add `EXTENDS {std}`",
            )
            return
        guess = suggest(name, list(self.symbols) + env.all_names())
        self.err(
            "E201",
            f"unknown name `{name}`",
            span,
            hint=f"did you mean `{guess}`?" if guess else None,
        )

    def e_OpExpr(self, e: ast.OpExpr, env: _Env) -> int:
        op = e.op
        self.check_operator(op, e.span)
        if op in ("'", "UNCHANGED"):
            return self.primed(e, env)
        level = self.exprs(e.args, env)
        if op in ("[]", "<>", "~>", "-+->"):
            return TEMPORAL
        if op == "ENABLED":
            return STATE
        if op == "\\cdot":
            return ACTION
        return level

    def check_operator(self, op: str, span: Span) -> None:
        if op in CORE_OPERATORS:
            return
        std = defining_module(op)
        if std is not None and std not in self.std:
            shown = "-" if op == "-." else op
            need = "Integers" if op == "-." else std
            self.err(
                "E201",
                f"operator `{shown}` is not defined here",
                span,
                hint=f"`{shown}` is defined in the standard module {need}: add `EXTENDS {need}`",
            )

    def primed(self, e: ast.OpExpr, env: _Env) -> int:
        outer = self.in_prime
        self.in_prime = True
        try:
            level = self.expr(e.args[0], env)
        finally:
            self.in_prime = outer
        what = "a prime" if e.op == "'" else "UNCHANGED"
        if level == CONSTANT:
            self.err(
                "E204",
                f"{what} applied to a constant-level expression",
                e.span,
                hint="only expressions that mention variables can be primed",
            )
        elif level >= ACTION:
            self.err(
                "E207",
                f"{what} applied to an expression that is already primed",
                e.span,
                hint="a double prime (x'') has no meaning in TLA+",
            )
        return ACTION

    def e_And(self, e: ast.And, env: _Env) -> int:
        return self.exprs(e.items, env)

    e_Or = e_And

    def e_If(self, e: ast.If, env: _Env) -> int:
        return self.exprs((e.cond, e.then, e.else_), env)

    def e_Case(self, e: ast.Case, env: _Env) -> int:
        items = [x for arm in e.arms for x in arm]
        if e.other is not None:
            items.append(e.other)
        return self.exprs(items, env)

    def e_Let(self, e: ast.Let, env: _Env) -> int:
        inner = env.child()
        level = CONSTANT
        for d in e.defs:
            if isinstance(d, ast.Recursive):
                self.bind(inner, d.name, _Local("recursive", (0,) * d.arity, d.span, STATE))
            elif isinstance(d, ast.OpDef):
                level = max(level, self.let_op(d, inner))
            elif isinstance(d, ast.FuncDef):
                level = max(level, self.let_func(d, inner))
        return max(level, self.expr(e.body, inner))

    def let_op(self, d: ast.OpDef, env: _Env) -> int:
        body_env = env.child()
        self.bind_params(body_env, d.params)
        level = self.expr(d.body, body_env)
        local = _Local("let", tuple(p.arity for p in d.params), d.span, level)
        existing = env.names.get(d.name)
        if existing is not None and existing.kind == "recursive":
            env.names[d.name] = local  # a RECURSIVE declaration, now defined
        else:
            self.bind(env, d.name, local)
        return level

    def let_func(self, d: ast.FuncDef, env: _Env) -> int:
        level = self.exprs(self.bound_domains(d.bounds), env)
        self.bind(env, d.name, _Local("let", (), d.span, STATE))
        body_env = self.bind_bounds(env.child(), d.bounds)
        return max(level, self.expr(d.body, body_env))

    def bound_domains(self, bounds: Iterable[ast.Bound]) -> list[ast.Expr]:
        return [b.domain for b in bounds if b.domain is not None]

    def bound_levels(self, bounds: tuple[ast.Bound, ...], env: _Env) -> list[int]:
        return [self.expr(d, env) for d in self.bound_domains(bounds)]

    def bind_bounds(self, env: _Env, bounds: Iterable[ast.Bound]) -> _Env:
        for b in bounds:
            for name in b.names:
                self.bind(env, name, _Local("bound", (), b.span, CONSTANT))
        return env

    def binder_scope(self, bounds: tuple[ast.Bound, ...], env: _Env) -> tuple[int, _Env]:
        level = max(self.bound_levels(bounds, env), default=CONSTANT)
        return level, self.bind_bounds(env.child(), bounds)

    def e_Quant(self, e: ast.Quant, env: _Env) -> int:
        level, inner = self.binder_scope(e.bounds, env)
        return max(level, self.expr(e.body, inner))

    def e_Choose(self, e: ast.Choose, env: _Env) -> int:
        level, inner = self.binder_scope((e.bound,), env)
        return max(level, self.expr(e.body, inner))

    def e_SetFilter(self, e: ast.SetFilter, env: _Env) -> int:
        level, inner = self.binder_scope((e.bound,), env)
        return max(level, self.expr(e.pred, inner))

    def e_SetMap(self, e: ast.SetMap, env: _Env) -> int:
        level, inner = self.binder_scope(e.bounds, env)
        return max(level, self.expr(e.expr, inner))

    def e_FuncCons(self, e: ast.FuncCons, env: _Env) -> int:
        level, inner = self.binder_scope(e.bounds, env)
        return max(level, self.expr(e.body, inner))

    def e_SetEnum(self, e: ast.SetEnum, env: _Env) -> int:
        return self.exprs(e.items, env)

    def e_Tuple(self, e: ast.Tuple, env: _Env) -> int:
        return self.exprs(e.items, env)

    def e_FuncSet(self, e: ast.FuncSet, env: _Env) -> int:
        return self.exprs((e.dom, e.rng), env)

    def e_FuncApp(self, e: ast.FuncApp, env: _Env) -> int:
        return max(self.expr(e.func, env), self.exprs(e.args, env))

    def e_Except(self, e: ast.Except, env: _Env) -> int:
        level = self.expr(e.func, env)
        for up in e.updates:
            for sel in up.path:
                if isinstance(sel, ast.IndexSel):
                    level = max(level, self.exprs(sel.args, env))
            value_env = env.child()
            value_env.in_except = True
            level = max(level, self.expr(up.value, value_env))
        return level

    def e_Record(self, e: ast.Record, env: _Env) -> int:
        return self.exprs((v for _, v in e.fields), env)

    e_RecordSet = e_Record

    def e_FieldAccess(self, e: ast.FieldAccess, env: _Env) -> int:
        return self.expr(e.expr, env)

    def e_ActionBox(self, e: ast.ActionBox, env: _Env) -> int:
        return max(ACTION, self.exprs((e.action, e.sub), env))

    def e_Fairness(self, e: ast.Fairness, env: _Env) -> int:
        self.exprs((e.sub, e.action), env)
        return TEMPORAL

    def e_Lambda(self, e: ast.Lambda, env: _Env) -> int:
        self.err("E106", "LAMBDA is only allowed as an argument for an operator parameter", e.span)
        return CONSTANT

    def e_Unsupported(self, e: ast.Unsupported, env: _Env) -> int:
        self.warnings.append(
            Diagnostic(
                "E106", f"{e.what} is not supported by the checker", e.span, severity="warning"
            )
        )
        return STATE

    # -- whole-spec checks --------------------------------------------------------------

    def check_assigned(self) -> None:
        if not self.has_actions or self.errors:  # other errors (a typo) often cause this one
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


def _defined_here(sym: Symbol) -> tuple[Note, ...]:
    if sym.span is None:
        return (Note(f"defined in the standard module {sym.module}"),)
    return (Note("defined here", sym.span),)


def _count(n: int) -> str:
    return f"{n} argument" + ("" if n == 1 else "s")
