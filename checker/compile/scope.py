"""Compile-time environment: where each name's value lives when the code runs.

NOTE(env-layout): compiled code runs over one flat Python list `e`:
  e[0 : n]        the current state's variables (in declaration order)
  e[n : 2n]       the next state's variables (UNSET until an action assigns them)
  e[2n : ...]     slots allocated at compile time for bound variables, operator
                  parameters, LET values and `@`; each binder owns its slots.
An operator without operator-parameters is compiled once and its parameters live in its
own slots; calls evaluate all arguments before storing them, so nested calls are safe.
Only recursion can re-enter a body while it runs; recursive bodies save and restore the
slots they own around each call (see expr.py, `_recursive_call`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from checker.diagnostics import Span
from checker.ir import expr as ix
from checker.lang import ast
from checker.lang.scopechain import Nested
from checker.values import Value


class _Sentinel:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


UNSET = _Sentinel("UNSET")  # a variable slot not yet given a value
NOTYET = _Sentinel("NOTYET")  # a LET value slot not yet computed

Env = list[Any]
Fn = Callable[[Env], Value]


_NO_SLOTS: frozenset[int] = frozenset()


class C:
    """A compiled expression: `fn(env)` computes it.

    Dependencies decide constant folding: `state` (reads a variable), `free` (env slots
    it reads that are bound outside it), `pure` (no side effect such as Print). An
    expression with none of them is evaluated once, at load time (`const`, `value`).
    """

    __slots__ = ("const", "fn", "free", "pure", "state", "value")

    def __init__(
        self,
        fn: Fn,
        *,
        state: bool = False,
        free: frozenset[int] = _NO_SLOTS,
        pure: bool = True,
        const: bool = False,
        value: Value = None,
    ) -> None:
        self.fn = fn
        self.state = state
        self.free = free
        self.pure = pure
        self.const = const
        self.value = value

    @property
    def closed(self) -> bool:
        return not self.state and not self.free and self.pure


def constant(v: Value) -> C:
    return C(lambda e: v, const=True, value=v)


def deps(*parts: C, bound: frozenset[int] = _NO_SLOTS) -> dict[str, Any]:
    """The combined dependencies of sub-expressions, minus slots bound by the parent."""
    free: frozenset[int] = _NO_SLOTS
    for p in parts:
        if p.free:
            free = free | p.free
    return {
        "state": any(p.state for p in parts),
        "free": free - bound if bound else free,
        "pure": all(p.pure for p in parts),
    }


def once_per_state(c: C, nvars: int) -> C:
    """NOTE(state-memo): the value of a global function definition (`f[x \\in S] == e`,
    no parameters, no enclosing binders) depends only on the variables (unprimed and
    primed: the first 2 * nvars env slots) when its body is pure and reads no other slot
    bound outside it; it is then computed once for each combination of those values
    (compared by identity, kept alive by the memo) instead of at each reference:
    GameOfLife's `sc`, referenced once per cell and step, was built 16 times a step."""
    if c.const or not c.state or c.free or not c.pure:
        return c
    fn, width = c.fn, 2 * nvars
    memo: list[Any] = [None, None]  # [the variables' values, the value]

    def once(env: Env) -> Value:
        current, seen = env[:width], memo[0]
        if seen is not None and all(a is b for a, b in zip(current, seen, strict=True)):
            return memo[1]
        value = fn(env)
        memo[0], memo[1] = current, value
        return value

    return C(once, state=True)


@dataclass
class Slot:
    """A name whose value is stored in env slot `slot`.

    `lazy` is set for a 0-ary LET definition: the slot holds NOTYET until first use.
    """

    slot: int
    lazy: C | None = None


@dataclass
class ByName:
    """A parameter of an action-level operator: TLA+ substitutes the argument, so it is
    compiled where the parameter is used (a prime on the parameter primes the argument:
    `Bump(v) == v' = v + 1` applied to `x` means `x' = x + 1`). `expr` is the argument's
    IR, or its source where a consumer binds by name (NOTE(outer-names))."""

    expr: ast.Expr | ix.Expr
    scope: Scope

    @property
    def source(self) -> ast.Expr:
        """The argument's source (for ENABLED's lowering of an action it reads)."""
        e = self.expr
        return e if isinstance(e, ast.Expr) else e.src


@dataclass(frozen=True, eq=False)
class OpBody:
    """An operator as the closures compile and apply it: its parameters (binders), its
    body (IR) and its source definition (for ENABLED's lowering and `action_level`)."""

    name: str
    span: Span
    params: tuple[ix.Param, ...]
    body: ix.Expr
    src: ast.OpDef

    @staticmethod
    def of_definition(d: ix.Definition) -> OpBody:
        unit = d.symbol.unit
        assert isinstance(unit, ast.OpDef)
        return OpBody(unit.name, unit.span, d.params, d.body, unit)

    @staticmethod
    def of_let(d: ix.LetDef) -> OpBody:
        assert isinstance(d.src, ast.OpDef)
        return OpBody(d.binder.name, d.src.span, d.params, d.body, d.src)

    @staticmethod
    def of_lambda(e: ix.Lambda) -> OpBody:
        src = e.src
        assert isinstance(src, ast.Lambda)
        params = tuple(ast.Param(src.span, p, 0) for p in src.params)
        defn = ast.OpDef(src.span, "LAMBDA", params, src.body)
        return OpBody("LAMBDA", e.span, tuple(ix.Param(b, 0) for b in e.params), e.body, defn)


@dataclass
class Known:
    """A name whose value is known at compile time (a constant LET definition)."""

    value: Value


@dataclass
class OpRef:
    """A name that denotes an operator (an operator argument or a LET operator).

    `apply(args, span)` compiles an application of it to compiled arguments.
    """

    arity: int
    apply: Callable[[list[C], Span], C]
    name: str = ""
    defn: OpBody | None = None  # for LET operators: inlined when used as an action
    def_scope: Scope | None = None
    action: bool = False  # its body is an action: its parameters are substituted


Local = Slot | Known | OpRef | ByName


def bind_local(scope: Scope, binder: ix.Binder, local: Local) -> None:
    """Bind an IR binder in `scope`: by identity for the IR, and by name for source
    read inside it (an ENABLED's action, NOTE(outer-names))."""
    scope.names[binder] = local
    scope.names[binder.name] = local


@dataclass(eq=False)
class Scope(Nested[Local]):
    """Local names (bound variables, parameters, LET definitions) of one code region;
    `lookup` finds a name (or an IR binder) in it or its parents (NOTE(deep-scopes))."""

    module: str
    names: dict[Any, Local] = field(default_factory=dict)  # by name and by ix.Binder
    parent: Scope | None = None
    except_at: int | None = None  # slot holding `@` inside an EXCEPT value

    def __post_init__(self) -> None:
        self.nest()

    def child(self) -> Scope:
        return Scope(self.module, {}, self, self.except_at)

    def bound_slots(self) -> list[int]:
        """Every slot visible here (to decide whether an expression is closed)."""
        out: list[int] = []
        scope: Scope | None = self
        while scope is not None:
            out.extend(v.slot for v in scope.names.values() if isinstance(v, Slot))
            scope = scope.parent
        return sorted(set(out))

    def outer_names(self) -> frozenset[str]:
        """The names bound here and around (the outer names of source read here,
        NOTE(outer-names))."""
        return names_bound(self)


class Layout:
    """Allocates env slots."""

    def __init__(self, nvars: int) -> None:
        self.nvars = nvars
        self.size = 2 * nvars

    def alloc(self, count: int = 1) -> int:
        first = self.size
        self.size += count
        return first


@dataclass(frozen=True)
class DefKey:
    """A global definition as compiled in one context (primes shift variable reads)."""

    module: str
    name: str
    primed: bool
    mode: str


def binder_names(b: ast.Bound) -> tuple[str, ...]:
    return b.names


class Chain(Protocol):
    """A scope: names (by binder and by name) and the scope around it."""

    @property
    def names(self) -> dict[Any, Any]: ...

    @property
    def parent(self) -> Chain | None: ...


def names_bound(scope: Chain) -> frozenset[str]:
    """The names (not the IR binders) `scope` and the scopes around it bind: the outer
    names of source read there (NOTE(outer-names))."""
    out: set[str] = set()
    s: Chain | None = scope
    while s is not None:
        out.update(k for k in s.names if type(k) is str)
        s = s.parent
    return frozenset(out)
