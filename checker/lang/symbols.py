"""What name resolution produces and works with: top-level symbols, module scopes, the
resolved spec with the level of every definition, and the local scopes of a walk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from checker.diagnostics import Diagnostic, Note, Span
from checker.lang import ast
from checker.lang.loader import LoadedSpec
from checker.lang.scopechain import Nested

CONSTANT, STATE, ACTION, TEMPORAL = 0, 1, 2, 3
LEVEL_NAMES = ("constant", "state", "action", "temporal")
# The level of a name declared in an ASSUME/PROVE (`NEW x`, `VARIABLE v`, `ACTION A` ...).
NEW_LEVELS = {
    "CONSTANT": CONSTANT,
    "VARIABLE": STATE,
    "STATE": STATE,
    "ACTION": ACTION,
    "TEMPORAL": TEMPORAL,
}


@dataclass(frozen=True)
class Symbol:
    """A name visible at the top level of a module."""

    # "variable" | "constant" | "definition" | "builtin" | "recursive", or "theorem" /
    # "assumption" for a named one (its `unit` a 0-ary OpDef of the statement, or None)
    kind: str
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
    exported_std: frozenset[str] = frozenset()  # those a module extending this one gets


def std_alias(module: str, name: str) -> str:
    """The name under which every scope holds the standard operator `module`'s `name`
    (definitions expanded from an INSTANCE refer to standard operators this way)."""
    return f"{module}!{name}"


@dataclass(frozen=True)
class ResolvedSpec:
    loaded: LoadedSpec
    scopes: dict[str, ModuleScope]
    variables: tuple[ast.VariableDecl, ...]
    constants: tuple[ast.ConstantDecl, ...]
    levels: dict[tuple[str, str], int]  # (module, definition) -> level
    warnings: tuple[Diagnostic, ...] = ()
    # NOTE(redirects): a configuration may replace any definition or constant (`Def <- Op`,
    # `Def = value`, as TLC allows). The scopes keep the symbols as written; every lookup
    # goes through `symbol`, which applies the replacement, so that each evaluator, the
    # level computation and the config checks see the same meaning of every name.
    redirects: Mapping[tuple[str, str], Symbol] = field(default_factory=dict)
    def_vars: Mapping[tuple[str, str], frozenset[str]] = field(default_factory=dict)

    @property
    def root(self) -> ast.Module:
        return self.loaded.root

    @property
    def root_scope(self) -> ModuleScope:
        return self.scopes[self.loaded.root.name]

    def symbol(self, module: str, name: str) -> Symbol | None:
        """What `name` means at the top level of `module`, replacements applied."""
        sym = self.scopes[module].symbols.get(name)
        return None if sym is None else self.redirected(sym)

    def redirected(self, sym: Symbol) -> Symbol:
        return self.redirects.get((sym.module, sym.name), sym)

    def level(self, sym: Symbol, default: int = 1) -> int:
        """The level of a definition (of what it was replaced by)."""
        return self.levels.get((sym.module, sym.name), default)


@dataclass
class Local:
    kind: str  # "param" | "bound" | "let" | "recursive" | "lambda"
    params: tuple[int, ...]
    span: Span
    level: int


@dataclass(eq=False)
class Env(Nested[Local]):
    """A local scope: operator parameters, bound variables, LET definitions; `lookup`
    finds a name in it or its parents (NOTE(deep-scopes))."""

    names: dict[str, Local] = field(default_factory=dict)
    parent: Env | None = None
    in_except: bool = False

    def __post_init__(self) -> None:
        self.nest()

    def child(self) -> Env:
        return Env({}, self, self.in_except)

    def all_names(self) -> list[str]:
        env: Env | None = self
        out: list[str] = []
        while env is not None:
            out.extend(env.names)
            env = env.parent
        return out


def defined_here(sym: Symbol) -> tuple[Note, ...]:
    if sym.span is None:
        return (Note(f"defined in the standard module {sym.module}"),)
    return (Note("defined here", sym.span),)


def count_args(n: int) -> str:
    return f"{n} argument" + ("" if n == 1 else "s")
