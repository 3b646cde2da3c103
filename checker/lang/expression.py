"""A TLA+ expression typed by a user (the explorer's prompt), parsed on its own and located
in the text as typed.

NOTE(user-expression): the parser reads modules only, so the expression is parsed as the
body of a definition in a module of its own, its lines unchanged below two lines of
header (the definition's body may start on the line after `==`, at any column). Every
span of the expression so points into that wrapper text; `relocate` moves a diagnostic's
spans (and its notes') back to the text as typed, named `<expr>`, so that errors read
`<expr>:1:5` with a caret under the user's own line. The expression is never executed as
code: it becomes an AST, resolved in the scope of a module of the spec (resolve.py's
`resolve_expression`) and compiled into closures like any definition.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from checker.diagnostics import CheckerError, Diagnostic, Note, SourceFile, Span
from checker.lang import ast
from checker.lang.parser import parse_module

EXPR_PATH = "<expr>"
_NAME = "Explorer__Expression"
_HEADER = f"---- MODULE {_NAME} ----\n{_NAME} ==\n"
_OFFSET = _HEADER.count("\n")  # lines of the wrapper above the expression


@dataclass(frozen=True)
class Expression:
    """A user's expression: its AST (resolved: standard operators bound), its level
    (symbols.CONSTANT .. TEMPORAL), the wrapper it was parsed in and the text as typed."""

    expr: ast.Expr
    level: int
    wrapper: SourceFile
    typed: SourceFile


def parse_expression(text: str) -> tuple[ast.Expr, SourceFile, SourceFile]:
    """The expression's AST, the wrapper it was parsed in and the text as typed (to
    `relocate` diagnostics with); raises CheckerError with relocated diagnostics."""
    typed = SourceFile(EXPR_PATH, text)
    if not text.strip():
        raise CheckerError((Diagnostic("E102", "no expression given", path=EXPR_PATH),))
    wrapper = SourceFile(EXPR_PATH, _HEADER + text.rstrip() + "\n====\n")
    try:
        module = parse_module(wrapper)
    except CheckerError as exc:
        raise relocated(exc, wrapper, typed) from None
    unit = module.units[0] if len(module.units) == 1 else None
    ends_early = module.span.end_line != wrapper.text.count("\n")  # at a `====` typed
    if ends_early or not isinstance(unit, ast.OpDef) or unit.name != _NAME:
        message = "not one expression (a definition or a module's end is in it)"
        raise CheckerError((Diagnostic("E102", message, path=EXPR_PATH),))
    return unit.body, wrapper, typed


def relocated(exc: CheckerError, wrapper: SourceFile, typed: SourceFile) -> CheckerError:
    """`exc` with every diagnostic relocated (see `relocate`)."""
    return CheckerError(tuple(relocate(d, wrapper, typed) for d in exc.diagnostics))


def relocate(diag: Diagnostic, wrapper: SourceFile, typed: SourceFile) -> Diagnostic:
    """`diag` with its spans in `wrapper` moved to the same place in `typed`; a span
    past the expression (an error at the wrapper's end: the expression is incomplete)
    points just after the expression's last character."""
    notes = tuple(Note(n.message, _span(n.span, wrapper, typed)) for n in diag.notes)
    message = diag.message.replace("the end of the module", "the end of the text")
    return replace(diag, message=message, span=_span(diag.span, wrapper, typed), notes=notes)


def _span(span: Span | None, wrapper: SourceFile, typed: SourceFile) -> Span | None:
    if span is None or span.source is not wrapper:
        return span
    lines = typed.text.rstrip().splitlines() or [""]
    line = span.line - _OFFSET
    if line > len(lines):
        end = len(lines[-1].rstrip()) + 1
        return Span(typed, len(lines), end, len(lines), end + 1)
    line = max(1, line)
    end_line = min(len(lines), max(line, span.end_line - _OFFSET))
    return Span(typed, line, span.col, end_line, span.end_col)
