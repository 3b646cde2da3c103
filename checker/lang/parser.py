"""Parse TLA+ text into the AST (checker.lang.ast).

Pipeline: `blank_comments` (lexer.py) -> Lark's basic lexer on the grammar's terminals
-> `Feeder` (layout.py: junction lists) -> the LALR automaton (lalr.py: Lark's tables, a
lean driver), whose reductions call
`Builder` (builder.py) directly (no parse tree is built; the automaton is iterative, so
deep nesting cannot overflow Python's stack while parsing) -> `check_nesting` (nesting.py:
no deeper than later passes can recurse, NOTE(nesting-limit)).
"""

from __future__ import annotations

from lark.exceptions import UnexpectedCharacters, UnexpectedInput

from checker.diagnostics import CheckerError, SourceFile, Span, error
from checker.lang import ast
from checker.lang.builder import Builder
from checker.lang.lalr import Driver, automaton, tokens
from checker.lang.layout import Feeder
from checker.lang.lexer import blank_comments
from checker.lang.nesting import check_nesting


def parse_module(src: SourceFile, *, raw_errors: bool = False) -> ast.Module:
    """Parse one module file; raises CheckerError with located diagnostics.

    `raw_errors` lets Lark's UnexpectedToken through (syntax_errors.py learns from it).
    """
    text = blank_comments(src)
    auto = automaton()
    callbacks = auto.lark._parse_tree_builder.create_callback(Builder(src))  # type: ignore[no-untyped-call]
    feeder = Feeder(Driver(auto, callbacks), src, raw_errors=raw_errors)
    try:
        module = feeder.run(tokens(auto, text))
    except UnexpectedCharacters as exc:
        raise _bad_character(src, exc) from None
    except UnexpectedInput as exc:  # pragma: no cover - the feeder converts these
        if raw_errors:
            raise
        raise error("E102", f"syntax error: {exc}", path=src.path) from None
    assert isinstance(module, ast.Module)
    check_nesting(module)
    return module


def _bad_character(src: SourceFile, exc: UnexpectedCharacters) -> CheckerError:
    span = Span(src, exc.line, exc.column, exc.line, exc.column + 1)
    ch = exc.char
    if ch == '"':
        return error(
            "E103",
            "this string is never closed",
            span,
            hint='strings end with `"` on the same line',
        )
    shown = ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 256 else repr(ch)
    return error("E101", f"unexpected character `{shown}`", span)
