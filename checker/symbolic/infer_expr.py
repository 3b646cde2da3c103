"""The type of an expression, given the types of the variables (NOTE(shapes)).

A small abstract interpreter over the AST, for inference (infer.py): constant
subexpressions are computed by the explicit evaluator and typed from their value;
everything else follows the rules below, each giving a superset of the values the
expression may take when the variables range over their types. What it does not know
raises `NoType` with the reason, so that a variable is never given a guessed type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checker.diagnostics import CheckerError, Span
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
    """A LET definition or operator parameter bound in the environment."""

    defn: ast.OpDef | ast.FuncDef
    env: dict[str, Any]
    module: str  # where its body's names are resolved


@dataclass(frozen=True)
class Unknown:
    """A bound name whose type could not be found (raised only where it is read)."""

    reason: str


Env = dict[str, Any]  # Ty | LetOp | Unknown


class Typer:
    def __init__(self, world: World, variable: Callable[[str, Span], Ty]) -> None:
        self.w = world
        self.variable = variable  # the current type of a state variable
        self.depth = 0
        self._constant: dict[tuple[int, str], bool] = {}

    # -- entry points -------------------------------------------------------------------

    def ty(self, e: ast.Expr, env: Env, module: str) -> Ty:
        if self.is_constant(e, env, module):
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

    def constant(self, e: ast.Expr, module: str) -> Value | None:
        try:
            return self.w.evaluate_constant(e, module)
        except CheckerError:
            return None  # an error TLC may never meet (e.g. in an IF branch): typed below

    def is_constant(self, e: ast.Expr, env: Env, module: str) -> bool:
        key = (id(e), module)
        found = self._constant.get(key)
        if found is None:
            found = self._scan_constant(e, env, module)
            self._constant[key] = found
        return found

    def _scan_constant(self, e: ast.Expr, env: Env, module: str) -> bool:
        for node in ast.walk(e):
            if isinstance(node, ast.At):
                return False
            if isinstance(node, ast.OpExpr) and node.op in ("'", "UNCHANGED", "ENABLED"):
                return False
            if isinstance(node, (ast.InstanceRef, ast.Lambda, ast.Unsupported)):
                return False
            if isinstance(node, (ast.Name, ast.Apply)):
                if node.name in env:
                    return False
                sym = self.w.symbol(module, node.name)
                if sym is None:
                    continue  # bound inside e
                if sym.kind == "variable":
                    return False
                if sym.kind in ("definition", "recursive") and self.w.level(sym) != CONSTANT:
                    return False
        return True

    def elements(self, bound: ast.Bound, env: Env, module: str) -> dict[str, Any]:
        """The names a bound introduces, with their types (Unknown if not found)."""
        if bound.domain is None:
            return {n: Unknown("an unbounded quantifier") for n in bound.names}
        try:
            elem = element(self.ty(bound.domain, env, module))
        except NoType as exc:
            return {n: Unknown(exc.reason) for n in bound.names}
        if not bound.is_tuple:
            return {n: elem for n in bound.names}
        return {n: apply_at(elem, i) for i, n in enumerate(bound.names, start=1)}

    def bind(self, bounds: tuple[ast.Bound, ...], env: Env, module: str) -> Env:
        out = dict(env)
        for b in bounds:
            out.update(self.elements(b, out, module))
        return out

    # -- names and definitions ------------------------------------------------------------

    def t_Name(self, e: ast.Name, env: Env, module: str) -> Ty:
        return self.reference(e.name, (), e.span, env, module)

    def t_Apply(self, e: ast.Apply, env: Env, module: str) -> Ty:
        return self.reference(e.name, e.args, e.span, env, module)

    def reference(
        self, name: str, args: tuple[ast.Expr, ...], span: Span, env: Env, module: str
    ) -> Ty:
        if name in env:
            local = env[name]
            if isinstance(local, Unknown):
                raise NoType(local.reason)
            if isinstance(local, LetOp):
                return self.unfold(local.defn, args, env, local.env, module, local.module)
            assert isinstance(local, Ty)
            return local
        sym = self.w.symbol(module, name)
        if sym is None:
            raise NoType(f"`{name}` is not known here")
        if sym.kind == "variable":
            return self.variable(name, span)
        if sym.kind == "builtin":
            return self.builtin(name.rsplit("!", 1)[-1], args, env, module)
        if isinstance(sym.unit, (ast.OpDef, ast.FuncDef)):
            return self.unfold(sym.unit, args, env, {}, module, sym.module)
        raise NoType(f"inference does not know what `{name}` is")

    def unfold(
        self,
        d: ast.OpDef | ast.FuncDef,
        args: tuple[ast.Expr, ...],
        env: Env,
        def_env: Env,
        module: str,
        def_module: str,
    ) -> Ty:
        if self.depth >= UNFOLD_LIMIT:
            raise NoType(f"`{d.name}` is recursive")
        self.depth += 1
        try:
            if isinstance(d, ast.FuncDef):
                return self.function(d.bounds, d.body, def_env, def_module)
            if len(d.params) != len(args):
                raise NoType(
                    f"the operator `{d.name}` is passed or applied here without its arguments"
                )
            inner = dict(def_env)
            for p, a in zip(d.params, args, strict=True):
                inner[p.name] = self.argument(p, a, env, module)
            return self.ty(d.body, inner, def_module)
        finally:
            self.depth -= 1

    def argument(self, p: ast.Param, a: ast.Expr, env: Env, module: str) -> Any:
        if p.arity:
            if isinstance(a, ast.Lambda):
                params = tuple(ast.Param(a.span, n, 0) for n in a.params)
                return LetOp(ast.OpDef(a.span, "LAMBDA", params, a.body), env, module)
            return self.operator(a, env, module)
        try:
            return self.ty(a, env, module)
        except NoType as exc:
            return Unknown(exc.reason)

    def operator(self, a: ast.Expr, env: Env, module: str) -> Any:
        """An operator passed by name: a LET operator, a definition, or Unknown."""
        if isinstance(a, ast.Name):
            local = env.get(a.name)
            if isinstance(local, (LetOp, Unknown)):
                return local
            sym = self.w.symbol(module, a.name)
            if local is None and sym is not None and isinstance(sym.unit, ast.OpDef):
                return LetOp(sym.unit, {}, sym.module)
        return Unknown("an operator passed as an argument that inference does not know")

    def builtin(self, name: str, args: tuple[ast.Expr, ...], env: Env, module: str) -> Ty:
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

    def t_OpExpr(self, e: ast.OpExpr, env: Env, module: str) -> Ty:
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
        if op == "'":
            return args[0]
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

    def t_And(self, e: ast.Expr, env: Env, module: str) -> Ty:
        return BOOL

    t_Or = t_Quant = t_Bool = t_And

    def t_Num(self, e: ast.Num, env: Env, module: str) -> Ty:
        return of_value(e.value)

    def t_Str(self, e: ast.Str, env: Env, module: str) -> Ty:
        return of_value(e.value)

    # -- control --------------------------------------------------------------------------

    def t_If(self, e: ast.If, env: Env, module: str) -> Ty:
        return join(self.ty(e.then, env, module), self.ty(e.else_, env, module))

    def t_Case(self, e: ast.Case, env: Env, module: str) -> Ty:
        arms = [self.ty(v, env, module) for _, v in e.arms]
        if e.other is not None:
            arms.append(self.ty(e.other, env, module))
        return join_all(arms)

    def t_Let(self, e: ast.Let, env: Env, module: str) -> Ty:
        return self.ty(e.body, self.let(e.defs, env, module), module)

    def let(self, defs: tuple[ast.Unit, ...], env: Env, module: str) -> Env:
        inner = dict(env)
        for d in defs:
            if isinstance(d, (ast.OpDef, ast.FuncDef)):
                inner[d.name] = LetOp(d, inner, module)
            else:
                inner[getattr(d, "name", "")] = Unknown("a RECURSIVE LET definition")
        return inner

    def t_Choose(self, e: ast.Choose, env: Env, module: str) -> Ty:
        found = self.elements(e.bound, env, module)
        if e.bound.is_tuple:
            return prod(range(1, len(found) + 1), (self._known(t) for t in found.values()))
        return self._known(found[e.bound.names[0]])

    def _known(self, t: Any) -> Ty:
        if isinstance(t, Unknown):
            raise NoType(t.reason)
        assert isinstance(t, Ty)
        return t

    # -- sets, functions, records -----------------------------------------------------------

    def t_SetEnum(self, e: ast.SetEnum, env: Env, module: str) -> Ty:
        return set_of(join_all(self.ty(x, env, module) for x in e.items))

    def t_SetFilter(self, e: ast.SetFilter, env: Env, module: str) -> Ty:
        assert e.bound.domain is not None
        return self.ty(e.bound.domain, env, module)

    def t_SetMap(self, e: ast.SetMap, env: Env, module: str) -> Ty:
        return set_of(self.ty(e.expr, self.bind(e.bounds, env, module), module))

    def t_FuncCons(self, e: ast.FuncCons, env: Env, module: str) -> Ty:
        return self.function(e.bounds, e.body, env, module)

    def function(self, bounds: tuple[ast.Bound, ...], body: ast.Expr, env: Env, module: str) -> Ty:
        if self.is_sequence(bounds, env, module):
            return seq_of(self.ty(body, self.bind(bounds, env, module), module))
        domains: list[Value] = []
        for b in bounds:
            if b.domain is None or b.is_tuple or not self.is_constant(b.domain, env, module):
                raise NoType("a function whose domain depends on the state")
            dom = self.constant(b.domain, module)
            if dom is None:
                raise NoType("a function whose domain is not a constant set")
            domains.extend([dom] * len(b.names))
        rng = self.ty(body, self.bind(bounds, env, module), module)
        if len(domains) == 1:
            return fun(set_elements(domains[0]), rng)
        return fun(product_keys(domains), rng)

    def is_sequence(self, bounds: tuple[ast.Bound, ...], env: Env, module: str) -> bool:
        """`[i \\in 1..n |-> e]` with n depending on the state."""
        if len(bounds) != 1 or len(bounds[0].names) != 1 or bounds[0].is_tuple:
            return False
        d = bounds[0].domain
        if not (isinstance(d, ast.OpExpr) and d.op == ".." and len(d.args) == 2):
            return False
        one = isinstance(d.args[0], ast.Num) and d.args[0].value == 1
        return one and not self.is_constant(d.args[1], env, module)

    def t_FuncSet(self, e: ast.FuncSet, env: Env, module: str) -> Ty:
        if not self.is_constant(e.dom, env, module):
            raise NoType("a function set whose domain depends on the state")
        dom = self.constant(e.dom, module)
        if dom is None:
            raise NoType("a function set whose domain is not a constant set")
        return set_of(fun(set_elements(dom), element(self.ty(e.rng, env, module))))

    def t_FuncApp(self, e: ast.FuncApp, env: Env, module: str) -> Ty:
        f = self.ty(e.func, env, module)
        if len(e.args) == 1:
            return apply_at(f, self.key(e.args[0], env, module))
        return apply_at(f, None)

    def key(self, e: ast.Expr, env: Env, module: str) -> Value | None:
        if self.is_constant(e, env, module):
            return self.constant(e, module)
        return None

    def t_Except(self, e: ast.Except, env: Env, module: str) -> Ty:
        t = self.ty(e.func, env, module)
        for u in e.updates:
            t = self.except_path(t, u.path, u.value, env, module)
        return t

    def except_path(
        self, t: Ty, path: tuple[Any, ...], value: ast.Expr, env: Env, module: str
    ) -> Ty:
        sel, rest = path[0], path[1:]
        if isinstance(sel, ast.FieldSel):
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

    def t_At(self, e: ast.At, env: Env, module: str) -> Ty:
        return self._known(env.get("@", Unknown("`@` outside an EXCEPT")))

    def t_Record(self, e: ast.Record, env: Env, module: str) -> Ty:
        return prod((n for n, _ in e.fields), (self.ty(x, env, module) for _, x in e.fields))

    def t_RecordSet(self, e: ast.RecordSet, env: Env, module: str) -> Ty:
        fields = [(n, element(self.ty(x, env, module))) for n, x in e.fields]
        return set_of(prod((n for n, _ in fields), (t for _, t in fields)))

    def t_FieldAccess(self, e: ast.FieldAccess, env: Env, module: str) -> Ty:
        return field_of(self.ty(e.expr, env, module), e.name)

    def t_Tuple(self, e: ast.Tuple, env: Env, module: str) -> Ty:
        return prod(range(1, len(e.items) + 1), (self.ty(x, env, module) for x in e.items))


__all__ = ["BOTTOM", "LetOp", "Typer", "Unknown"]
