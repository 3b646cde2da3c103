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
from checker.lang.builder_proofs import ProofBuilder
from checker.lang.builder_refs import RefBuilder
from checker.lang.optable import is_symbol
from checker.lang.precedence import Marks, operator_node, resolve_chain
from checker.lang.tokens import (
    NUMBER_SETS,
    OPS,
    bad_escape,
    number_value,
    token_span,
    unescape,
)


def _first(x: Any) -> Any:
    while isinstance(x, (list, tuple)) and not isinstance(x, Token):
        x = x[0]
    return x


def _last(x: Any) -> Any:
    while isinstance(x, (list, tuple)) and not isinstance(x, Token):
        x = x[-1]
    return x


class Builder(ProofBuilder, RefBuilder):
    """Turns reductions into AST nodes with spans in `src` (statements, proofs and
    submodules: builder_proofs.py; instances and references: builder_refs.py)."""

    def __init__(self, src: SourceFile) -> None:
        self.src = src
        self.marks = Marks()  # facts about built nodes for precedence checks

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

    def decl_item_infix(self, c: list[Any]) -> tuple[str, int, Span]:
        return (OPS[c[1].type], 2, self.tok(c[1]))

    def decl_item_prefix(self, c: list[Any]) -> tuple[str, int, Span]:
        return ("-.", 1, self.tok(c[0]))

    def decl_item_postfix(self, c: list[Any]) -> tuple[str, int, Span]:
        return (OPS[c[1].type], 1, self.tok(c[1]))

    def local_def(self, c: list[Any]) -> ast.Unit:
        unit = c[1]
        if isinstance(unit, (ast.OpDef, ast.FuncDef, ast.Instance)):
            return replace(unit, local=True)
        assert isinstance(unit, ast.Unit)
        return unit

    def op_def(self, c: list[Any]) -> ast.Unit:
        return ast.OpDef(self.tok(c[0]), str(c[0]), (), c[2])

    def op_def_params(self, c: list[Any]) -> ast.OpDef:
        params = tuple(p for p in c[2:-3] if isinstance(p, ast.Param))
        return ast.OpDef(self.tok(c[0]), str(c[0]), params, c[-1])

    def param(self, c: list[Any]) -> ast.Param:
        return ast.Param(self.tok(c[0]), str(c[0]), 0)

    def param_op(self, c: list[Any]) -> ast.Param:
        arity = sum(1 for t in c if isinstance(t, Token) and t.type == "UNDERSCORE")
        return ast.Param(self.tok(c[0]), str(c[0]), arity)

    def param_infix(self, c: list[Any]) -> ast.Param:
        return ast.Param(self.tok(c[1]), OPS[c[1].type], 2)

    def param_prefix(self, c: list[Any]) -> ast.Param:
        return ast.Param(self.tok(c[0]), "-.", 1)

    def param_postfix(self, c: list[Any]) -> ast.Param:
        return ast.Param(self.tok(c[1]), OPS[c[1].type], 1)

    def infix_def(self, c: list[Any]) -> ast.OpDef:
        params = (ast.Param(self.tok(c[0]), str(c[0]), 0), ast.Param(self.tok(c[2]), str(c[2]), 0))
        return ast.OpDef(self.tok(c[1]), OPS[c[1].type], params, c[-1])

    def prefix_def(self, c: list[Any]) -> ast.OpDef:
        return ast.OpDef(self.tok(c[0]), "-.", (ast.Param(self.tok(c[1]), str(c[1]), 0),), c[-1])

    def postfix_def(self, c: list[Any]) -> ast.OpDef:
        param = ast.Param(self.tok(c[0]), str(c[0]), 0)
        return ast.OpDef(self.tok(c[1]), OPS[c[1].type], (param,), c[-1])

    def func_def(self, c: list[Any]) -> ast.FuncDef:
        return ast.FuncDef(self.tok(c[0]), str(c[0]), c[2], c[-1])

    # -- operators ----------------------------------------------------------------------

    def op_chain(self, c: list[Any]) -> ast.Expr:
        return resolve_chain(c, self.src, self.marks)

    def fapply(self, c: list[Any]) -> ast.Expr:
        return self._suffix(c[0], ast.FuncApp(self.whole(c), c[0], c[2]))

    def field(self, c: list[Any]) -> ast.Expr:
        return self._suffix(c[0], ast.FieldAccess(self.whole(c), c[0], str(c[2])))

    def postfix_expr(self, c: list[Any]) -> ast.Expr:
        name = OPS[c[1].type]
        node = operator_node(name, self.whole(c), (c[0],))
        self.marks.postfixed[id(node)] = (node, name)
        self.marks.top[id(node)] = (node, name)
        return node

    def _suffix(self, base: ast.Expr, node: ast.Expr) -> ast.Expr:
        """`x'[1]`, `x'.f`: still a unit ending in a postfix operator (`UNCHANGED x'[1]`)."""
        post = self.marks.postfix_op(base)
        if post is not None:
            self.marks.postfixed[id(node)] = (node, post)
        return node

    def label(self, c: list[Any]) -> ast.Expr:
        """`lbl :: e` and `lbl(x, y) :: e`: the label is checked, then `e` stands alone."""
        body: ast.Expr = c[-1]
        if len(c) > 3:
            for arg in c[2]:
                if not isinstance(arg, ast.Name) or is_symbol(arg.name):
                    raise error(
                        "E102",
                        "a label's parameters are names: `lbl(x, y) :: e`",
                        arg.span,
                    )
        self.marks.labelled[id(body)] = (body, self.span(c[0], c[-2]))
        return body

    # -- primaries ----------------------------------------------------------------------

    def name(self, c: list[Any]) -> ast.Expr:
        return ast.Name(self.tok(c[0]), str(c[0]))

    def opapp(self, c: list[Any]) -> ast.Expr:
        return ast.Apply(self.whole(c), str(c[0]), c[2])

    def arg_list(self, c: list[Any]) -> tuple[ast.Expr, ...]:
        return tuple(c)

    def op_argument(self, c: list[Any]) -> ast.Expr:
        """An operator passed as an argument (`F(+, 0)`): its name, like `F(Add, 0)`."""
        tok: Token = c[0]
        if tok.type == "TIMES":  # as in SANY: \X is not an operator, it builds tuples
            raise error(
                "E102",
                f"`{tok.value}` cannot be passed as an operator argument",
                self.tok(tok),
                hint="pass `LAMBDA A, B : A \\X B` instead",
            )
        return ast.Name(self.tok(tok), OPS[tok.type])

    def number_set(self, c: list[Any]) -> ast.Expr:
        return ast.Name(self.tok(c[0]), NUMBER_SETS[str(c[0])])

    def number(self, c: list[Any]) -> ast.Expr:
        span = self.tok(c[0])  # \o17 (octal), \b101 (binary), \h1F (hexadecimal) too
        return ast.Num(span, number_value(str(c[0]), span))

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
