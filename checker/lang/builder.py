"""The AST builder: one method per grammar rule (or alias), called at each reduction.

`Builder` turns the LALR automaton's reductions (parser.py drives it) into the frozen
dataclasses of checker.lang.ast, with spans in the source file; the helpers below it read
binders written as expressions and flatten junctions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from lark import Token

from checker.diagnostics import SourceFile, Span, error
from checker.lang import ast
from checker.lang.layout import token_span
from checker.lang.tokens import OPS, RADIX, bad_escape, unescape


def _first(x: Any) -> Any:
    while isinstance(x, (list, tuple)) and not isinstance(x, Token):
        x = x[0]
    return x


def _last(x: Any) -> Any:
    while isinstance(x, (list, tuple)) and not isinstance(x, Token):
        x = x[-1]
    return x


class _With:
    """A WITH list, until the INSTANCE around it is built."""

    def __init__(self, substs: tuple[ast.Substitution, ...], span: Span) -> None:
        self.substs = substs
        self.span = span


def _substs(c: list[Any]) -> tuple[ast.Substitution, ...]:
    return next((x.substs for x in c if isinstance(x, _With)), ())


class Builder:
    """Turns reductions into AST nodes with spans in `src`."""

    def __init__(self, src: SourceFile) -> None:
        self.src = src

    # -- spans --------------------------------------------------------------------------

    def tok(self, t: Token) -> Span:
        return token_span(self.src, t)

    def span(self, first: Any, last: Any) -> Span:
        a = self._span_of(_first(first))
        b = self._span_of(_last(last))
        return Span(self.src, a.line, a.col, b.end_line, b.end_col)

    def _span_of(self, x: Any) -> Span:
        if isinstance(x, Token):
            return self.tok(x)
        span: Span = x.span
        return span

    def whole(self, children: Sequence[Any]) -> Span:
        return self.span(children[0], children[-1])

    # -- module structure ---------------------------------------------------------------

    def start(self, c: list[Any]) -> ast.Module:
        module: ast.Module = c[0]
        return module

    def module(self, c: list[Any]) -> ast.Module:
        extends: tuple[ast.ModuleRef, ...] = ()
        units: list[ast.Unit] = []
        for item in c[4:-1]:
            if isinstance(item, _Extends):
                extends = item.refs
            elif isinstance(item, list):
                units.extend(item)
            elif isinstance(item, ast.Unit):
                units.append(item)
        return ast.Module(self.span(c[0], c[-1]), str(c[2]), extends, tuple(units))

    def extends(self, c: list[Any]) -> _Extends:
        return _Extends(tuple(ast.ModuleRef(self.tok(t), str(t)) for t in c[1:]))

    def separator(self, c: list[Any]) -> None:
        return None

    def constant_decl(self, c: list[Any]) -> list[ast.Unit]:
        return [ast.ConstantDecl(span, name, arity) for name, arity, span in c[1:]]

    def variable_decl(self, c: list[Any]) -> list[ast.Unit]:
        return [ast.VariableDecl(self.tok(t), str(t)) for t in c[1:]]

    def recursive_decl(self, c: list[Any]) -> list[ast.Unit]:
        return [ast.Recursive(span, name, arity) for name, arity, span in c[1:]]

    def decl_item(self, c: list[Any]) -> tuple[str, int, Span]:
        return (str(c[0]), 0, self.tok(c[0]))

    def decl_item_op(self, c: list[Any]) -> tuple[str, int, Span]:
        arity = sum(1 for t in c if isinstance(t, Token) and t.type == "UNDERSCORE")
        return (str(c[0]), arity, self.tok(c[0]))

    def assume(self, c: list[Any]) -> ast.Assume:
        return ast.Assume(self.whole(c), c[1])

    def theorem(self, c: list[Any]) -> ast.Theorem:
        return ast.Theorem(self.whole(c), c[1])

    def instance(self, c: list[Any]) -> ast.Instance:
        if len(c) == 1 and isinstance(c[0], ast.Instance):  # a named instance
            return c[0]
        return ast.Instance(self.whole(c), None, (), self._module_ref(c[1]), _substs(c))

    def named_instance(self, c: list[Any]) -> ast.Instance:
        params = tuple(p for p in c if isinstance(p, ast.Param))
        at = next(i for i, t in enumerate(c) if isinstance(t, Token) and t.type == "INSTANCE")
        ref = self._module_ref(c[at + 1])
        return ast.Instance(self.whole(c), str(c[0]), params, ref, _substs(c))

    def _module_ref(self, t: Token) -> ast.ModuleRef:
        return ast.ModuleRef(self.tok(t), str(t))

    def with_list(self, c: list[Any]) -> _With:
        return _With(tuple(x for x in c if isinstance(x, ast.Substitution)), self.whole(c))

    def substitution(self, c: list[Any]) -> ast.Substitution:
        return ast.Substitution(self.whole(c), str(c[0]), c[2])

    def operator_substitution(self, c: list[Any]) -> ast.Substitution:
        raise error(
            "E106",
            f"substituting the operator `{c[0]}` of an instantiated module is not supported",
            self.whole(c),
            hint="only constants and variables named by identifiers can be substituted",
        )

    def ref_prefix(self, c: list[Any]) -> ast.RefPart:
        args = c[2] if len(c) > 2 else []
        return ast.RefPart(self.span(c[0], c[-2]), str(c[0]), tuple(args))

    def instance_ref(self, c: list[Any]) -> ast.Expr:
        parts = [x for x in c if isinstance(x, ast.RefPart)]
        rest = c[len(parts) :]
        args: tuple[ast.Expr, ...] = tuple(rest[2]) if len(rest) > 1 else ()
        last = ast.RefPart(self.span(rest[0], rest[-1]), str(rest[0]), args)
        return ast.InstanceRef(self.whole(c), (*parts, last))

    def subscript_ref(self, c: list[Any]) -> ast.Expr:
        names = [t for t in c if isinstance(t, Token) and t.type == "NAME"]
        parts = tuple(ast.RefPart(self.tok(t), str(t), ()) for t in names)
        return ast.InstanceRef(self.whole(c), parts)

    def instance_ref_symbol(self, c: list[Any]) -> ast.Expr:
        symbol = next(t for t in c if isinstance(t, Token) and t.type != "LPAR")
        raise error(
            "E106",
            f"referring to the operator `{symbol}` of an instance with `!` is not supported",
            self.whole(c),
            hint="define a named operator in the instantiated module and use that",
        )

    def local_def(self, c: list[Any]) -> ast.Unit:
        unit = c[1]
        if isinstance(unit, (ast.OpDef, ast.FuncDef, ast.Instance)):
            return replace(unit, local=True)
        assert isinstance(unit, ast.Unit)
        return unit

    def op_def(self, c: list[Any]) -> ast.Unit:
        if len(c) == 1:  # prefix_def / infix_def already built
            unit: ast.Unit = c[0]
            return unit
        return ast.OpDef(self.tok(c[0]), str(c[0]), (), c[2])

    def op_def_params(self, c: list[Any]) -> ast.OpDef:
        params = tuple(p for p in c[2:-3] if isinstance(p, ast.Param))
        return ast.OpDef(self.tok(c[0]), str(c[0]), params, c[-1])

    def param(self, c: list[Any]) -> ast.Param:
        return ast.Param(self.tok(c[0]), str(c[0]), 0)

    def param_op(self, c: list[Any]) -> ast.Param:
        arity = sum(1 for t in c if isinstance(t, Token) and t.type == "UNDERSCORE")
        return ast.Param(self.tok(c[0]), str(c[0]), arity)

    def prefix_def(self, c: list[Any]) -> ast.UnsupportedUnit:
        return ast.UnsupportedUnit(self.span(c[0], c[2]), "defining a prefix operator")

    def infix_def(self, c: list[Any]) -> ast.UnsupportedUnit:
        return ast.UnsupportedUnit(self.span(c[0], c[3]), "defining an infix operator")

    def func_def(self, c: list[Any]) -> ast.FuncDef:
        return ast.FuncDef(self.tok(c[0]), str(c[0]), c[2], c[-1])

    # -- operators ----------------------------------------------------------------------

    def binop(self, c: list[Any]) -> ast.Expr:
        return ast.OpExpr(self.whole(c), OPS[c[1].type], (c[0], c[2]))

    def and_chain(self, c: list[Any]) -> ast.Expr:
        return ast.And(self.whole(c), tuple(_flatten(ast.And, c[::2])))

    def or_chain(self, c: list[Any]) -> ast.Expr:
        return ast.Or(self.whole(c), tuple(_flatten(ast.Or, c[::2])))

    def prefix(self, c: list[Any]) -> ast.Expr:
        return ast.OpExpr(self.whole(c), OPS[c[0].type], (c[1],))

    def negate(self, c: list[Any]) -> ast.Expr:
        if isinstance(c[1], ast.Num):
            return ast.Num(self.whole(c), -c[1].value)
        return ast.OpExpr(self.whole(c), "-.", (c[1],))

    def times(self, c: list[Any]) -> ast.Expr:
        return ast.OpExpr(self.whole(c), "\\X", tuple(c[::2]))

    def fapply(self, c: list[Any]) -> ast.Expr:
        return ast.FuncApp(self.whole(c), c[0], c[2])

    def field(self, c: list[Any]) -> ast.Expr:
        return ast.FieldAccess(self.whole(c), c[0], str(c[2]))

    def prime(self, c: list[Any]) -> ast.Expr:
        return ast.OpExpr(self.whole(c), "'", (c[0],))

    def unsupported_postfix(self, c: list[Any]) -> ast.Expr:
        return ast.Unsupported(self.whole(c), f"the `{c[1]}` operator")

    # -- primaries ----------------------------------------------------------------------

    def name(self, c: list[Any]) -> ast.Expr:
        return ast.Name(self.tok(c[0]), str(c[0]))

    def opapp(self, c: list[Any]) -> ast.Expr:
        return ast.Apply(self.whole(c), str(c[0]), c[2])

    def number(self, c: list[Any]) -> ast.Expr:
        text = str(c[0])
        if text.startswith("\\"):  # \o17 (octal), \b101 (binary), \h1F (hexadecimal)
            return ast.Num(self.tok(c[0]), int(text[2:], RADIX[text[1].lower()]))
        return ast.Num(self.tok(c[0]), int(text))

    def string(self, c: list[Any]) -> ast.Expr:
        span = self.tok(c[0])
        text = str(c[0])[1:-1]
        bad = bad_escape(text)
        if bad is not None:
            raise error(
                "E102",
                f"unknown escape `\\{text[bad + 1]}` in a string",
                Span(self.src, span.line, span.col + 1 + bad, span.line, span.col + 3 + bad),
                hint='TLA+ strings know \\" \\\\ \\t \\n \\f \\r; write \\\\ for a backslash',
            )
        return ast.Str(span, unescape(text))

    def true(self, c: list[Any]) -> ast.Expr:
        return ast.Bool(self.tok(c[0]), True)

    def false(self, c: list[Any]) -> ast.Expr:
        return ast.Bool(self.tok(c[0]), False)

    def builtin_set(self, c: list[Any]) -> ast.Expr:
        return ast.Name(self.tok(c[0]), str(c[0]))

    def paren(self, c: list[Any]) -> ast.Expr:
        inner: ast.Expr = c[1]
        return replace(inner, span=self.whole(c))  # so that carets cover the parentheses

    def at(self, c: list[Any]) -> ast.Expr:
        return ast.At(self.tok(c[0]))

    def expr_list(self, c: list[Any]) -> tuple[ast.Expr, ...]:
        return tuple(c)

    def and_list(self, c: list[Any]) -> ast.Expr:
        items = tuple(c[1:-1:2])
        return items[0] if len(items) == 1 else ast.And(self.span(c[0], c[-2]), items)

    def or_list(self, c: list[Any]) -> ast.Expr:
        items = tuple(c[1:-1:2])
        return items[0] if len(items) == 1 else ast.Or(self.span(c[0], c[-2]), items)

    def lambda_expr(self, c: list[Any]) -> ast.Expr:
        return ast.Lambda(self.whole(c), tuple(str(t) for t in c[1]), c[3])

    # -- binders ------------------------------------------------------------------------

    def names(self, c: list[Any]) -> list[Token]:
        return list(c)

    def bound_list(self, c: list[Any]) -> tuple[ast.Bound, ...]:
        return tuple(c)

    def bound(self, c: list[Any]) -> ast.Bound:
        return ast.Bound(self.whole(c), tuple(str(t) for t in c[0]), False, c[2])

    def tuple_bound(self, c: list[Any]) -> ast.Bound:
        return ast.Bound(self.whole(c), tuple(str(t) for t in c[1]), True, c[4])

    def quant(self, c: list[Any]) -> ast.Expr:
        kind = "A" if c[0].type == "FORALL" else "E"
        return ast.Quant(self.whole(c), kind, c[1], c[3])

    def unbounded_quant(self, c: list[Any]) -> ast.Expr:
        kind = "A" if c[0].type == "FORALL" else "E"
        bound = ast.Bound(self.span(c[1], c[1]), tuple(str(t) for t in c[1]), False, None)
        return ast.Quant(self.whole(c), kind, (bound,), c[3])

    def temporal_quant(self, c: list[Any]) -> ast.Expr:
        return ast.Unsupported(self.whole(c), "temporal quantification (\\AA, \\EE)")

    def choose(self, c: list[Any]) -> ast.Expr:
        return ast.Choose(self.whole(c), c[1], c[3])

    def unbounded_choose(self, c: list[Any]) -> ast.Expr:
        bound = ast.Bound(self.span(c[1], c[1]), tuple(str(t) for t in c[1]), False, None)
        return ast.Choose(self.whole(c), bound, c[3])

    # -- sets, tuples, functions, records -------------------------------------------------

    def set_empty(self, c: list[Any]) -> ast.Expr:
        return ast.SetEnum(self.whole(c), ())

    def set_enum(self, c: list[Any]) -> ast.Expr:
        return ast.SetEnum(self.whole(c), c[1])

    def set_colon(self, c: list[Any]) -> ast.Expr:
        span = self.whole(c)
        head, rest = c[1], c[3]
        binder = _as_binder(head)
        if binder is not None and len(rest) == 1:
            return ast.SetFilter(span, binder, rest[0])
        return ast.SetMap(span, head, self._binders(rest, "a set map `{e : x \\in S}`"))

    def tuple_empty(self, c: list[Any]) -> ast.Expr:
        return ast.Tuple(self.whole(c), ())

    def tuple_lit(self, c: list[Any]) -> ast.Expr:
        return ast.Tuple(self.whole(c), c[1])

    def angle_action(self, c: list[Any]) -> ast.Expr:
        return ast.ActionBox(self.whole(c), c[1], c[3], True)

    def box_action(self, c: list[Any]) -> ast.Expr:
        return ast.ActionBox(self.whole(c), c[1], c[3], False)

    def bracket_mapsto(self, c: list[Any]) -> ast.Expr:
        span = self.whole(c)
        heads, body = c[1], c[3]
        rest = c[4:-1]
        if len(heads) == 1 and isinstance(heads[0], ast.Name) and _as_binder(heads[0]) is None:
            fields = [(heads[0].name, body)]
            for i in range(0, len(rest), 3):
                key = rest[i]
                if not isinstance(key, ast.Name):
                    raise error(
                        "E102",
                        "a record field must be a name",
                        key.span,
                        hint="records are written `[field |-> value, ...]`",
                    )
                fields.append((key.name, rest[i + 2]))
            names = [f for f, _ in fields]
            dup = next((f for f in names if names.count(f) > 1), None)
            if dup is not None:
                raise error("E203", f"field `{dup}` appears twice in this record", span)
            return ast.Record(span, tuple(fields))
        if rest:
            raise error(
                "E102",
                "a function constructor has one `|->`",
                span,
                hint="write `[x \\in S |-> e]`, or a record `[a |-> 1, b |-> 2]`",
            )
        return ast.FuncCons(span, self._binders(heads, "a function `[x \\in S |-> e]`"), body)

    def record_set(self, c: list[Any]) -> ast.Expr:
        items = c[1:-1]
        fields = tuple((str(items[i]), items[i + 2]) for i in range(0, len(items), 3))
        return ast.RecordSet(self.whole(c), fields)

    def func_set(self, c: list[Any]) -> ast.Expr:
        return ast.FuncSet(self.whole(c), c[1], c[3])

    def except_expr(self, c: list[Any]) -> ast.Expr:
        return ast.Except(self.whole(c), c[1], tuple(c[3:-1]))

    def except_spec(self, c: list[Any]) -> ast.ExceptUpdate:
        return ast.ExceptUpdate(self.whole(c), tuple(c[1:-2]), c[-1])

    def path_field(self, c: list[Any]) -> ast.FieldSel:
        return ast.FieldSel(self.whole(c), str(c[1]))

    def path_index(self, c: list[Any]) -> ast.IndexSel:
        return ast.IndexSel(self.whole(c), c[1])

    # -- control ------------------------------------------------------------------------

    def if_expr(self, c: list[Any]) -> ast.Expr:
        return ast.If(self.whole(c), c[1], c[3], c[5])

    def case_arm(self, c: list[Any]) -> tuple[ast.Expr, ast.Expr]:
        return (c[0], c[2])

    def case_expr(self, c: list[Any]) -> ast.Expr:
        arms = [x for x in c if isinstance(x, tuple)]
        other = c[-1] if any(isinstance(t, Token) and t.type == "OTHER" for t in c) else None
        return ast.Case(self.whole(c), tuple(arms), other)

    def let_expr(self, c: list[Any]) -> ast.Expr:
        defs: list[ast.Unit] = []
        for d in c[1:-2]:
            defs.extend(d if isinstance(d, list) else [d])
        return ast.Let(self.whole(c), tuple(defs), c[-1])

    def fairness(self, c: list[Any]) -> ast.Expr:
        kind = "WF" if c[0].type == "WF" else "SF"
        return ast.Fairness(self.whole(c), kind, c[1], c[3])

    # -- helpers ------------------------------------------------------------------------

    def _binders(self, items: tuple[ast.Expr, ...], what: str) -> tuple[ast.Bound, ...]:
        """`x \\in S, y, z \\in T` written as expressions, as binders."""
        out: list[ast.Bound] = []
        pending: list[ast.Name] = []
        for item in items:
            if isinstance(item, ast.Name):
                pending.append(item)
                continue
            binder = _as_binder(item)
            if binder is None:
                raise error("E102", f"expected a binder `x \\in S` in {what}", item.span)
            if pending:
                names = tuple(p.name for p in pending) + binder.names
                binder = ast.Bound(self.span(pending[0], item), names, False, binder.domain)
                pending = []
            out.append(binder)
        if pending:
            raise error("E102", f"expected a binder `x \\in S` in {what}", pending[-1].span)
        return tuple(out)


class _Extends:
    def __init__(self, refs: tuple[ast.ModuleRef, ...]) -> None:
        self.refs = refs


def _as_binder(e: ast.Expr) -> ast.Bound | None:
    """`x \\in S` or `<<x, y>> \\in S` read as a binder, else None."""
    if not (isinstance(e, ast.OpExpr) and e.op == "\\in"):
        return None
    head, dom = e.args
    if isinstance(head, ast.Name):
        return ast.Bound(e.span, (head.name,), False, dom)
    if (
        isinstance(head, ast.Tuple)
        and head.items
        and all(isinstance(x, ast.Name) for x in head.items)
    ):
        names = tuple(x.name for x in head.items if isinstance(x, ast.Name))
        return ast.Bound(e.span, names, True, dom)
    return None


def _flatten(kind: type[ast.And] | type[ast.Or], items: list[ast.Expr]) -> list[ast.Expr]:
    out: list[ast.Expr] = []
    for item in items:
        if type(item) is kind:
            out.extend(item.items)
        else:
            out.append(item)
    return out
