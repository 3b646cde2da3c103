"""The type of an expression, given the types of the variables (NOTE(shapes)).

A small abstract interpreter over the expression IR (NOTE(expression-ir)), for
inference (infer.py): constant subexpressions are computed by the explicit evaluator and
typed from their value; everything else follows the rules below, each giving a superset
of the values the expression may take when the variables range over their types. What it
does not know raises `NoType` with the reason, so that a variable is never given a
guessed type.

Inference walks the action IR, whose leaves are source read where names are bound by
name: such source is lowered with the environment's names as outer names
(NOTE(outer-names)); a binder of the IR is bound by identity, and by its name for the
source read inside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checker.compile.scope import OpBody
from checker.diagnostics import CheckerError, Span
from checker.ir import expr as ix
from checker.ir.closedness import Closedness
from checker.lang import ast
from checker.lang.resolve import CONSTANT
from checker.symbolic.shapes import (
    BOOL,
    BOTTOM,
    ENUM_LIMIT,
    INTS,
    NoType,
    Ty,
    apply_at,
    as_sequence,
    domain_of,
    element,
    field_of,
    fun,
    join,
    join_all,
    of_value,
    prod,
    product_keys,
    seq_element,
    seq_of,
    set_elements,
    set_of,
    update,
)
from checker.symbolic.world import World
from checker.values import Value

UNFOLD_LIMIT = 64  # nested operator expansions before a definition counts as recursive

_BOOLEAN_OPS = frozenset(
    {"=", "#", "<", ">", "<=", ">=", "\\in", "\\notin", "\\subseteq", "\\subset"}
    | {"\\supseteq", "\\supset", "=>", "<=>", "~", "/\\", "\\/", "UNCHANGED", "ENABLED"}
)
_ARITHMETIC = frozenset(["+", "-", "*", "\\div", "%", "^", "-."])
_SEQUENCE_OPS = {"Append", "Tail", "SubSeq", "SelectSeq", "\\o"}


@dataclass(frozen=True)
class LetOp:
    """An operator bound in the environment (a LET definition, a LAMBDA, an operator
    passed by name), or a function definition (`bounds` set): typed where applied."""

    defn: OpBody | ix.LetDef | ix.Definition
    env: dict[Any, Any]
    module: str  # where its body's names are resolved


@dataclass(frozen=True)
class Unknown:
    """A bound name whose type could not be found (raised only where it is read)."""

    reason: str


Env = dict[Any, Any]  # by ix.Binder and by name: Ty | LetOp | Unknown (and infer.py's own)


def outer_names(env: Env) -> frozenset[str]:
    """The TLA+ names `env` binds: the outer names of source read in it."""
    return frozenset(k for k in env if type(k) is str and k.isidentifier())


class Typer:
    def __init__(self, world: World, variable: Callable[[str, Span], Ty]) -> None:
        self.w = world
        self.variable = variable  # the current type of a state variable
        self.depth = 0
        self.closedness = Closedness(self.opens)

    # -- entry points -------------------------------------------------------------------

    def ir(self, e: ast.Expr | ix.Expr, env: Env, module: str) -> ix.Expr:
        """`e`'s IR: source written where `env`'s names are bound, lowered once per place."""
        if isinstance(e, ix.Expr):
            return e
        return self.w.lowerer.lower(e, module, outer_names(env))

    def ty(self, e: ast.Expr | ix.Expr, env: Env, module: str) -> Ty:
        e = self.ir(e, env, module)
        if self.is_constant(e):
            value = self.constant(e, module)
            if value is not None:
                return of_value(value)
        method = getattr(self, "t_" + type(e).__name__, None)
        if method is None:
            raise NoType(f"inference does not know {type(e).__name__} expressions")
        try:
            result: Ty = method(e, env, module)
        except NoType as exc:
            if exc.span is None:
                exc.span = e.span
            raise
        return result

    def constant(self, e: ix.Expr, module: str) -> Value | None:
        try:
            return self.w.evaluate_constant(e, module)
        except CheckerError:
            return None  # an error TLC may never meet (e.g. in an IF branch): typed below

    def is_constant(self, e: ix.Expr) -> bool:
        """Whether `e` is constant: it reads no binder bound around it, no variable and no
        definition above constant level (NOTE(closedness): each node decided once)."""
        return self.closedness.closed(e)

    def opens(self, node: object) -> bool:
        """Whether `node` itself keeps an expression holding it from being constant."""
        if isinstance(node, (ix.At, ix.Prime, ix.Var, ix.Outer, ix.Lambda)):
            return True
        if isinstance(node, (ix.Unsupported, ix.Refused)):
            return True
        if isinstance(node, ix.OpApp):
            return node.op in ("UNCHANGED", "ENABLED")
        if isinstance(node, (ix.Call, ix.OpName)):
            t = node.target
            if isinstance(t, ix.OuterOp) or (isinstance(node, ix.OpName) and node.outer):
                return True
            if isinstance(t, ix.Global) and t.symbol.kind in ("definition", "recursive"):
                return self.w.level(t.symbol) != CONSTANT
        return False

    def elements(self, bound: ix.Bound, env: Env, module: str) -> dict[Any, Any]:
        """The binders a bound introduces, with their types (Unknown if not found); each
        also under its name, for source read inside it."""
        names = bound.binders
        if bound.domain is None:
            types: list[Any] = [Unknown("an unbounded quantifier")] * len(names)
        else:
            try:
                elem = element(self.ty(bound.domain, env, module))
            except NoType as exc:
                types = [Unknown(exc.reason)] * len(names)
            else:
                if not bound.is_tuple:
                    types = [elem] * len(names)
                else:
                    types = [apply_at(elem, i) for i in range(1, len(names) + 1)]
        out: dict[Any, Any] = {}
        for b, t in zip(names, types, strict=True):
            out[b] = out[b.name] = t
        return out

    def bind(
        self, bounds: tuple[ast.Bound, ...] | tuple[ix.Bound, ...], env: Env, module: str
    ) -> Env:
        """`env` with the bounds' variables typed (source bounds, from the action IR's
        `\\E` and `\\A`, lowered first)."""
        lowered = self.lowered_bounds(bounds, env, module)
        out = dict(env)
        for b in lowered:
            out.update(self.elements(b, out, module))
        return out

    def lowered_bounds(
        self, bounds: tuple[ast.Bound, ...] | tuple[ix.Bound, ...], env: Env, module: str
    ) -> tuple[ix.Bound, ...]:
        if bounds and isinstance(bounds[0], ast.Bound):
            src = tuple(b for b in bounds if isinstance(b, ast.Bound))
            return self.w.lowerer.lower_bounds(src, module, outer_names(env))
        return tuple(b for b in bounds if isinstance(b, ix.Bound))

    # -- names and definitions ------------------------------------------------------------

    def t_Var(self, e: ix.Var, env: Env, module: str) -> Ty:
        return self.variable(e.name, e.span)

    def t_Constant(self, e: ix.Constant, env: Env, module: str) -> Ty:
        raise NoType(f"inference does not know what `{e.name}` is")

    def t_Local(self, e: ix.Local, env: Env, module: str) -> Ty:
        return self.local(env.get(e.binder), (), env, module)

    def t_Outer(self, e: ix.Outer, env: Env, module: str) -> Ty:
        return self.local(env.get(e.name), (), env, module)

    def t_Call(self, e: ix.Call, env: Env, module: str) -> Ty:
        t = e.target
        if isinstance(t, ix.LocalOp):
            return self.local(env.get(t.binder), e.args, env, module)
        if isinstance(t, ix.OuterOp):
            return self.local(env.get(t.name), e.args, env, module)
        sym = t.symbol
        if isinstance(t, ix.Builtin):
            return self.builtin(sym.name.rsplit("!", 1)[-1], e.args, env, module)
        if isinstance(sym.unit, ast.OpDef):
            op = OpBody.of_definition(self.w.definition(sym))
            return self.unfold(op, e.args, env, {}, module, sym.module)
        if isinstance(sym.unit, ast.FuncDef):
            return self.unfold(self.w.definition(sym), e.args, env, {}, module, sym.module)
        raise NoType(f"inference does not know what `{e.name}` is")

    def t_OpName(self, e: ix.OpName, env: Env, module: str) -> Ty:
        raise NoType(f"the operator `{e.name}` is passed or applied here without its arguments")

    def local(self, local: Any, args: tuple[ix.Expr, ...], env: Env, module: str) -> Ty:
        """What the environment binds a name to, read (or applied to `args`)."""
        if local is None:
            raise NoType("a name inference does not see bound")
        if isinstance(local, Unknown):
            raise NoType(local.reason)
        if isinstance(local, LetOp):
            return self.unfold(local.defn, args, env, local.env, module, local.module)
        assert isinstance(local, Ty)
        return local

    def unfold(
        self,
        d: OpBody | ix.LetDef | ix.Definition,
        args: tuple[ix.Expr, ...],
        env: Env,
        def_env: Env,
        module: str,
        def_module: str,
    ) -> Ty:
        name = d.name if isinstance(d, OpBody) else _name(d)
        if self.depth >= UNFOLD_LIMIT:
            raise NoType(f"`{name}` is recursive")
        self.depth += 1
        try:
            if not isinstance(d, OpBody) and d.bounds is not None:  # a function
                return self.function(d.bounds, d.body, def_env, def_module)
            if len(d.params) != len(args):
                raise NoType(
                    f"the operator `{name}` is passed or applied here without its arguments"
                )
            inner = dict(def_env)
            for p, a in zip(d.params, args, strict=True):
                inner[p.binder] = inner[p.binder.name] = self.argument(p, a, env, module)
            return self.ty(d.body, inner, def_module)
        finally:
            self.depth -= 1

    def argument(
        self, p: ast.Param | ix.Param, a: ast.Expr | ix.Expr, env: Env, module: str
    ) -> Any:
        """What a parameter stands for: an operator passed, or the argument's type."""
        if p.arity:
            a = self.w.lowerer.as_operator_argument(a, module, outer_names(env))
            if isinstance(a, ix.Lambda):
                return LetOp(OpBody.of_lambda(a), env, module)
            return self.operator(a, env)
        try:
            return self.ty(a, env, module)
        except NoType as exc:
            return Unknown(exc.reason)

    def operator(self, a: ix.Expr, env: Env) -> Any:
        """An operator passed by name: a LET operator, a definition, or Unknown."""
        if isinstance(a, ix.OpName):
            t = a.target
            key = a.local_key()
            local = None if key is None else env.get(key)
            if isinstance(local, (LetOp, Unknown)):
                return local
            if local is None and isinstance(t, ix.Global) and isinstance(t.symbol.unit, ast.OpDef):
                op = OpBody.of_definition(self.w.definition(t.symbol))
                return LetOp(op, {}, t.symbol.module)
        return Unknown("an operator passed as an argument that inference does not know")

    def builtin(self, name: str, args: tuple[ix.Expr, ...], env: Env, module: str) -> Ty:
        if name in ("Len", "Cardinality"):
            return INTS
        if name in ("IsFiniteSet", "Assert"):
            return BOOL
        types = [self.ty(a, env, module) for a in args[:1]]  # the sequence or set
        if name == "Head":
            return seq_element(types[0])
        if name in _SEQUENCE_OPS:
            extra = [self.ty(args[1], env, module)] if name in ("Append", "\\o") else []
            return seq_of(join_all((seq_element(types[0]), *extra)))
        if name == "Seq":
            return set_of(seq_of(element(types[0])))
        if name in ("TLCEval", "PrintT"):
            return types[0] if name == "TLCEval" else BOOL
        if name == "Print":
            return self.ty(args[1], env, module)
        raise NoType(f"inference does not know the operator `{name}`")

    # -- operators --------------------------------------------------------------------------

    def t_Prime(self, e: ix.Prime, env: Env, module: str) -> Ty:
        return self.ty(e.arg, env, module)

    def t_OpApp(self, e: ix.OpApp, env: Env, module: str) -> Ty:
        op = e.op
        if op in _BOOLEAN_OPS:
            return BOOL
        if op == "%" and len(e.args) == 2:
            k = self.key(e.args[1], env, module)
            if type(k) is int and 0 < k <= ENUM_LIMIT:
                return Ty(atoms=frozenset(range(k)))  # a % k with k > 0 is in 0..k-1
        if op in _ARITHMETIC:
            return INTS
        if op == "..":
            return set_of(INTS)
        if op in ("Sequences!\\o", "\\o"):
            return as_sequence(join_all(self.ty(a, env, module) for a in e.args))
        args = [self.ty(a, env, module) for a in e.args]
        if op == "\\cup":
            return join_all(args)
        if op in ("\\cap", "\\"):
            return args[0]
        if op == "SUBSET":
            return set_of(args[0])
        if op == "UNION":
            return element(args[0])
        if op == "DOMAIN":
            return domain_of(args[0])
        if op == "\\X":
            return set_of(prod(range(1, len(args) + 1), map(element, args)))
        raise NoType(f"inference does not know the operator `{op}`")

    def t_And(self, e: ix.Expr, env: Env, module: str) -> Ty:
        return BOOL

    t_Or = t_Quant = t_And

    def t_Lit(self, e: ix.Lit, env: Env, module: str) -> Ty:
        return BOOL if type(e.value) is bool else of_value(e.value)

    # -- control --------------------------------------------------------------------------

    def t_If(self, e: ix.If, env: Env, module: str) -> Ty:
        return join(self.ty(e.then, env, module), self.ty(e.else_, env, module))

    def t_Case(self, e: ix.Case, env: Env, module: str) -> Ty:
        arms = [self.ty(v, env, module) for _, v in e.arms]
        if e.other is not None:
            arms.append(self.ty(e.other, env, module))
        return join_all(arms)

    def t_Let(self, e: ix.Let, env: Env, module: str) -> Ty:
        return self.ty(e.body, self.let(e.defs, env, module), module)

    def let(self, defs: tuple[ast.Unit, ...] | tuple[ix.LetDef, ...], env: Env, module: str) -> Env:
        """`env` with LET definitions bound, typed where used (source definitions, from
        the action IR's LET, lowered first). Each sees the environment as it is once all
        are bound, so a RECURSIVE one sees itself (unfolded to UNFOLD_LIMIT)."""
        if defs and not isinstance(defs[0], ix.LetDef):
            src = tuple(d for d in defs if isinstance(d, ast.Unit))
            defs = self.w.lowerer.lower_let_defs(src, module, outer_names(env))
        inner = dict(env)
        for d in defs:
            if isinstance(d, ix.LetDef):
                inner[d.binder] = inner[d.binder.name] = LetOp(d, inner, module)
        return inner

    def t_Choose(self, e: ix.Choose, env: Env, module: str) -> Ty:
        found = self.elements(e.bound, env, module)
        binders = e.bound.binders
        if e.bound.is_tuple:
            return prod(range(1, len(binders) + 1), (self._known(found[b]) for b in binders))
        return self._known(found[binders[0]])

    def _known(self, t: Any) -> Ty:
        if isinstance(t, Unknown):
            raise NoType(t.reason)
        assert isinstance(t, Ty)
        return t

    # -- sets, functions, records -----------------------------------------------------------

    def t_SetEnum(self, e: ix.SetEnum, env: Env, module: str) -> Ty:
        return set_of(join_all(self.ty(x, env, module) for x in e.items))

    def t_SetFilter(self, e: ix.SetFilter, env: Env, module: str) -> Ty:
        assert e.bound.domain is not None
        return self.ty(e.bound.domain, env, module)

    def t_SetMap(self, e: ix.SetMap, env: Env, module: str) -> Ty:
        return set_of(self.ty(e.expr, self.bind(e.bounds, env, module), module))

    def t_FuncCons(self, e: ix.FuncCons, env: Env, module: str) -> Ty:
        return self.function(e.bounds, e.body, env, module)

    def function(self, bounds: tuple[ix.Bound, ...], body: ix.Expr, env: Env, module: str) -> Ty:
        if self.is_sequence(bounds, env, module):
            return seq_of(self.ty(body, self.bind(bounds, env, module), module))
        domains: list[Value] = []
        for b in bounds:
            if b.domain is None or b.is_tuple or not self.is_constant(b.domain):
                raise NoType("a function whose domain depends on the state")
            dom = self.constant(b.domain, module)
            if dom is None:
                raise NoType("a function whose domain is not a constant set")
            domains.extend([dom] * len(b.binders))
        rng = self.ty(body, self.bind(bounds, env, module), module)
        if len(domains) == 1:
            return fun(set_elements(domains[0]), rng)
        return fun(product_keys(domains), rng)

    def is_sequence(self, bounds: tuple[ix.Bound, ...], env: Env, module: str) -> bool:
        """`[i \\in 1..n |-> e]` with n depending on the state."""
        if len(bounds) != 1 or len(bounds[0].binders) != 1 or bounds[0].is_tuple:
            return False
        d = bounds[0].domain
        if not (isinstance(d, ix.OpApp) and d.op == ".." and len(d.args) == 2):
            return False
        low = d.args[0]
        one = isinstance(low, ix.Lit) and type(low.value) is int and low.value == 1
        return one and not self.is_constant(d.args[1])

    def t_FuncSet(self, e: ix.FuncSet, env: Env, module: str) -> Ty:
        if not self.is_constant(e.dom):
            raise NoType("a function set whose domain depends on the state")
        dom = self.constant(e.dom, module)
        if dom is None:
            raise NoType("a function set whose domain is not a constant set")
        return set_of(fun(set_elements(dom), element(self.ty(e.rng, env, module))))

    def t_FuncApp(self, e: ix.FuncApp, env: Env, module: str) -> Ty:
        f = self.ty(e.func, env, module)
        if len(e.args) == 1:
            return apply_at(f, self.key(e.args[0], env, module))
        return apply_at(f, None)

    def key(self, e: ix.Expr, env: Env, module: str) -> Value | None:
        if self.is_constant(e):
            return self.constant(e, module)
        return None

    def t_Except(self, e: ix.Except, env: Env, module: str) -> Ty:
        t = self.ty(e.func, env, module)
        for u in e.updates:
            t = self.except_path(t, u.path, u.value, env, module)
        return t

    def except_path(
        self, t: Ty, path: tuple[Any, ...], value: ix.Expr, env: Env, module: str
    ) -> Ty:
        sel, rest = path[0], path[1:]
        if isinstance(sel, ix.Field):
            key: Value | None = sel.name
            old = field_of(t, sel.name)
        elif len(sel.args) == 1:
            key = self.key(sel.args[0], env, module)
            old = apply_at(t, key)
        else:
            key, old = None, apply_at(t, None)
        if rest:
            new = self.except_path(old, rest, value, env, module)
        else:
            new = self.ty(value, {**env, "@": old}, module)
        return update(t, key, new)

    def t_At(self, e: ix.At, env: Env, module: str) -> Ty:
        return self._known(env.get("@", Unknown("`@` outside an EXCEPT")))

    def t_Record(self, e: ix.Record, env: Env, module: str) -> Ty:
        return prod((n for n, _ in e.fields), (self.ty(x, env, module) for _, x in e.fields))

    def t_RecordSet(self, e: ix.RecordSet, env: Env, module: str) -> Ty:
        fields = [(n, element(self.ty(x, env, module))) for n, x in e.fields]
        return set_of(prod((n for n, _ in fields), (t for _, t in fields)))

    def t_FieldAccess(self, e: ix.FieldAccess, env: Env, module: str) -> Ty:
        return field_of(self.ty(e.expr, env, module), e.name)

    def t_Tuple(self, e: ix.Tuple, env: Env, module: str) -> Ty:
        return prod(range(1, len(e.items) + 1), (self.ty(x, env, module) for x in e.items))


def _name(d: ix.LetDef | ix.Definition) -> str:
    return d.binder.name if isinstance(d, ix.LetDef) else d.symbol.name


__all__ = ["BOTTOM", "LetOp", "Typer", "Unknown"]
