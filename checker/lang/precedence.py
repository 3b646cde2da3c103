"""Operator expressions: a flat sequence of operands and operators, resolved into a tree
by TLA+'s precedence ranges and associativity (optable.py), as SANY does.

The grammar reads `a + b * -c` as the items `a + b * - c`; `resolve_chain` builds the tree
with an operator-precedence stack. Between an operator L on the stack and an infix
operator R that follows L's operand: L is applied first if L's range lies wholly above
R's (or L is R and is left-associative); R waits if L's range lies wholly below R's;
otherwise the expression needs parentheses (E108, E107 for `/\\` with `\\/`), which also
covers a non-associative operator repeated (`a = b = c`). A prefix `-` right after an
infix operator of higher precedence (`a * -b`) is a conflict too, as in SANY.

`Marks` is what the builder records about the nodes it built (by identity, holding them
so that identities stay unique): the operator at the top of an unparenthesised operator
expression, units ending in a postfix operator, and labelled expressions. They decide
the two remaining conflicts: `UNCHANGED x'` (a postfix operator inside the range of a
prefix one) and a label that would change the reading (`a * lbl :: b + c`).

NOTE(operator-nodes): operators of TLA+ and of the standard modules become `OpExpr`
nodes (stdops.py turns a standard module's operator into an `Apply` where that module is
not in scope); every other operator symbol is an `Apply` of the user's definition, so
evaluators treat it as any named operator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lark import Token

from checker.diagnostics import CheckerError, Note, SourceFile, Span, error
from checker.lang import ast
from checker.lang.optable import BUILTIN, INFIX, PREFIX, STANDARD_OPS, OpSyntax, shown
from checker.lang.tokens import OPS, token_span

# NOTE(flat-chains): `a + b + c + d` is one node `OpExpr("+", (a, b, c, d))`, read left to
# right as ((a + b) + c) + d, for each left-associative operator of TLA+ or of a standard
# module (`/\\` and `\\/` are `And`/`Or`, `\\X` a product), so a chain of a million terms
# is a wide node, never a tree a million deep. Every evaluator folds such a node left to
# right; positional selectors (`Op!1`, selectors.py) see it as `(a + b + c) + d`.
FOLDED = frozenset(
    name
    for name, syntax in INFIX.items()
    if syntax.left and (name in BUILTIN or name in STANDARD_OPS)
)


@dataclass
class Marks:
    """Facts about built nodes, keyed by id (the node is kept alive with its fact)."""

    top: dict[int, tuple[ast.Expr, str]] = field(default_factory=dict)
    postfixed: dict[int, tuple[ast.Expr, str]] = field(default_factory=dict)
    labelled: dict[int, tuple[ast.Expr, Span]] = field(default_factory=dict)

    def top_op(self, e: ast.Expr) -> str | None:
        entry = self.top.get(id(e))
        return entry[1] if entry is not None and entry[0] is e else None

    def postfix_op(self, e: ast.Expr) -> str | None:
        entry = self.postfixed.get(id(e))
        return entry[1] if entry is not None and entry[0] is e else None

    def label(self, e: ast.Expr) -> Span | None:
        entry = self.labelled.get(id(e))
        return entry[1] if entry is not None and entry[0] is e else None


@dataclass
class _Operand:
    """An operand on the stack: one node (`op` None), or the operands of a chain `a op b op
    c` of one left-associative operator still growing, made one node when taken."""

    items: list[ast.Expr]
    op: str | None = None


@dataclass
class _Op:
    syntax: OpSyntax
    span: Span


def operator_node(name: str, span: Span, args: tuple[ast.Expr, ...]) -> ast.Expr:
    """`OpExpr` for TLA+'s and the standard modules' operators, else an `Apply`."""
    if name in BUILTIN or name in STANDARD_OPS:
        return ast.OpExpr(span, name, args)
    return ast.Apply(span, name, args)


class _Chain:
    def __init__(self, src: SourceFile, marks: Marks) -> None:
        self.src = src
        self.marks = marks
        self.stack: list[_Operand | _Op] = []

    def run(self, items: list[Any]) -> ast.Expr:
        expecting = True  # an operand (or a prefix operator) comes next
        for item in items:
            if isinstance(item, Token):
                span = token_span(self.src, item)
                if expecting:
                    self.prefix(item, span)
                else:
                    syntax = INFIX[OPS[item.type]]
                    self.reduce(syntax, span)
                    self.stack.append(_Op(syntax, span))
                    expecting = True
            else:
                self.operand(item)
                expecting = False
        self.reduce(None, None)
        (top,) = self.stack
        assert isinstance(top, _Operand)
        return self.take(top)

    def prefix(self, tok: Token, span: Span) -> None:
        syntax = PREFIX["-." if tok.type == "MINUS" else OPS[tok.type]]
        below = self.stack[-1] if self.stack else None
        if (
            tok.type == "MINUS"
            and isinstance(below, _Op)
            and below.syntax.fix == "infix"
            and below.syntax.lo > syntax.hi
        ):
            raise self.conflict(below, syntax, span)
        self.stack.append(_Op(syntax, span))

    def operand(self, e: ast.Expr) -> None:
        below = self.stack[-1] if self.stack else None
        if isinstance(below, _Op):
            post = self.marks.postfix_op(e)
            if post is not None and below.syntax.hi >= 15:  # `UNCHANGED x'`
                raise self.conflict(below, OpSyntax(post, "postfix", 15, 15), e.span)
            label = self.marks.label(e)
            inner = self.marks.top_op(e) if label is not None else None
            if label is not None and inner is not None:
                inner_syntax = INFIX.get(inner) or OpSyntax(inner, "postfix", 15, 15)
                if not below.syntax.hi < inner_syntax.lo:
                    raise error(
                        "E108",
                        f"this label changes how the expression is read: `{shown(inner)}` "
                        f"binds less tightly than `{shown(below.syntax.name)}` before the label",
                        label,
                        hint="put the labelled expression in parentheses",
                    )
        self.stack.append(_Operand([e]))

    def reduce(self, right: OpSyntax | None, at: Span | None) -> None:
        """Apply the operators on the stack that bind more tightly than `right` (all of
        them at the end, when `right` is None)."""
        stack = self.stack
        while len(stack) >= 2:
            left = stack[-2]
            assert isinstance(left, _Op)
            s = left.syntax
            if right is not None and not (s.lo > right.hi or (s.name == right.name and s.left)):
                if s.hi < right.lo:
                    return
                assert at is not None
                raise self.conflict(left, right, at)
            if s.fix == "prefix":
                self.apply_prefix()
            else:
                self.apply_infix()

    def apply_prefix(self) -> None:
        x = self.stack.pop()
        op = self.stack.pop()
        assert isinstance(x, _Operand) and isinstance(op, _Op)
        arg = self.take(x)
        node = ast.OpExpr(op.span.through(arg.span), op.syntax.name, (arg,))
        self.stack.append(_Operand([node]))

    def apply_infix(self) -> None:
        right = self.stack.pop()
        op = self.stack.pop()
        left = self.stack.pop()
        assert isinstance(right, _Operand) and isinstance(op, _Op) and isinstance(left, _Operand)
        name = op.syntax.name
        if name in FOLDED:  # NOTE(flat-chains)
            items = left.items if left.op == name else _items(name, self.take(left))
            items.extend(_items(name, self.take(right)))
            self.stack.append(_Operand(items, name))
            return
        a, b = self.take(left), self.take(right)
        node = operator_node(name, a.span.through(b.span), (a, b))
        self.marks.top[id(node)] = (node, name)
        self.stack.append(_Operand([node]))

    def take(self, x: _Operand) -> ast.Expr:
        """The operand's node (a chain made one node)."""
        if x.op is None:
            return x.items[0]
        items = tuple(x.items)
        span = items[0].span.through(items[-1].span)
        node: ast.Expr
        if x.op in ("/\\", "\\/"):
            node = (ast.And if x.op == "/\\" else ast.Or)(span, items)
        else:
            node = ast.OpExpr(span, x.op, items)
        self.marks.top[id(node)] = (node, x.op)
        return node

    def conflict(self, left: _Op, right: OpSyntax, at: Span) -> CheckerError:
        a, b = shown(left.syntax.name), shown(right.name)
        notes = (Note(f"`{a}` is here", left.span),)
        if {left.syntax.name, right.name} == {"/\\", "\\/"}:
            return error(
                "E107",
                "`/\\` and `\\/` cannot be mixed without parentheses",
                at,
                notes=notes,
                hint="TLA+ gives them the same precedence; add parentheses, or use "
                "aligned junction lists",
            )
        if left.syntax.name == right.name:
            return error(
                "E108",
                f"`{a}` cannot be chained: write `(x {a} y) {a} z` or `x {a} (y {a} z)`",
                at,
                notes=notes,
                hint=f"`{a}` is not associative",
            )
        return error(
            "E108",
            f"`{a}` and `{b}` need parentheses: neither binds more tightly than the other",
            at,
            notes=notes,
            hint="TLA+ precedence ranges of the two operators overlap (Specifying Systems, "
            "Table 6); add parentheses to say which applies first",
        )


def _items(name: str, e: ast.Expr) -> list[ast.Expr]:
    """The operands `e` contributes to a chain of `name`: a conjunction's conjuncts join a
    conjunction (`a /\\ (b /\\ c)` is one list), as do a disjunction's; else `e` itself."""
    if (name == "/\\" and type(e) is ast.And) or (name == "\\/" and type(e) is ast.Or):
        return list(e.items)
    return [e]


def resolve_chain(items: list[Any], src: SourceFile, marks: Marks) -> ast.Expr:
    """The tree of an operator expression read as a flat list of tokens and operands."""
    return _Chain(src, marks).run(items)
