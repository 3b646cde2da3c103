"""Friendly syntax errors: a table of (message, malformed examples), as Lark recommends.

Each example is parsed once (lazily) to learn the LALR state and token at which it
fails; a user's error in the same state gets the same message. Errors that need
context (an unclosed bracket, mixed junctions) are recognised directly. The tests
iterate `SYNTAX_ERRORS` so every message stays reachable.
"""

from __future__ import annotations

import functools
from collections.abc import Collection

from lark import Token
from lark.exceptions import UnexpectedToken

from checker.diagnostics import CheckerError, Note, SourceFile, Span, error
from checker.lang.tokens import token_span

SYNTAX_ERRORS: dict[str, tuple[str, ...]] = {
    "a definition is written `Name == expression`, with `==`": (
        "Foo = 1",
        "Foo(x) = x",
    ),
    "expected `==` after the name being defined": (
        "Foo 1",
        "Foo(x) x + 1",
        "Foo x",
    ),
    "expected an expression": (
        "Foo == 1 +",
        "Foo == x \\in",
        "Foo ==",
        "Foo == f(1, )",
        "Foo == 1 + )",
    ),
    "IF needs THEN and ELSE: `IF c THEN a ELSE b`": (
        "Foo == IF x THEN y",
        "Foo == IF x ELSE y",
        "Foo == IF x y",
    ),
    "a quantifier needs `:` before its body: `\\E x \\in S : P`": (
        "Foo == \\E x \\in S P",
        "Foo == \\A x \\in S P",
    ),
    "LET needs IN: `LET x == e IN body`": ("Foo == LET x == 1 x",),
    "expected a name": (
        "CONSTANTS 1",
        "VARIABLES ,",
    ),
    "BY names the facts and definitions a proof uses: `BY <1>1, Fact DEF Op`": (
        "THEOREM TRUE BY",
        "THEOREM TRUE BY DEF",
        "THEOREM TRUE BY ONLY",
    ),
    "PROOF is followed by steps, BY, OBVIOUS or OMITTED": ("THEOREM TRUE PROOF",),
    "an ASSUME/PROVE statement needs PROVE: `ASSUME NEW x \\in S, P PROVE Q`": (
        "THEOREM ASSUME TRUE",
        "THEOREM ASSUME NEW x",
    ),
}

_PREFIX = "---- MODULE M ----\n"
_SUFFIX = "\n===="

_FRIENDLY_TOKENS = {
    "NAME": "a name",
    "NUMBER": "a number",
    "STRING": "a string",
    "DEFEQ": "`==`",
    "RPAR": "`)`",
    "RSQB": "`]`",
    "RBRACE": "`}`",
    "RANGLE": "`>>`",
    "COLON": "`:`",
    "COMMA": "`,`",
    "THEN": "`THEN`",
    "ELSE": "`ELSE`",
    "IN_KW": "`IN`",
    "ARROW": "`->`",
    "MAPSTO": "`|->`",
    "MODULE_END": "`====`",
    "$END": "the end of the file",
    "EQ": "`=`",
    "IN": "`\\in`",
    "LPAR": "`(`",
    "LSQB": "`[`",
    "LBRACE": "`{`",
    "LANGLE": "`<<`",
    "JL_END": "the end of the junction list",
}
_CLOSE_OF = {"LPAR": ")", "LSQB": "]", "LBRACE": "}", "LANGLE": ">>"}
_MATCH = {
    "LPAR": {"RPAR"},
    "LSQB": {"RSQB", "RSQB_SUB"},
    "LBRACE": {"RBRACE"},
    "LANGLE": {"RANGLE", "RANGLE_SUB"},
}
_CLOSERS = {"RPAR", "RSQB", "RSQB_SUB", "RBRACE", "RANGLE", "RANGLE_SUB"}


def explain(
    src: SourceFile,
    exc: UnexpectedToken,
    last: Token | None,
    brackets: list[Token],
    at_end: bool,
    last_infix: str = "",
) -> CheckerError:
    """The diagnostic for a token the parser could not take."""
    tok = exc.token
    end = tok.type in ("$END", "MODULE_END") or at_end
    span = _span(src, tok if tok.type != "$END" or last is None else last)
    # `Name ==` at the start of a line: a new definition began before this one ended
    starts_def = (
        tok.type == "DEFEQ" and last is not None and last.type == "NAME" and last.column == 1
    )
    unclosed = _unclosed(src, tok, span, brackets, end, starts_def, last)
    if unclosed is not None:
        return unclosed
    if starts_def and last is not None:
        return error(
            "E102",
            f"expected an expression (found the definition of `{last.value}`)",
            _span(src, last),
            hint="the definition before it is incomplete",
        )
    expected: Collection[str] = exc.expected or ()
    if tok.type in ("LAND", "LOR") and last_infix not in ("", tok.type):
        return error(
            "E107",
            "`/\\` and `\\/` cannot be mixed without parentheses",
            span,
            hint="TLA+ gives them the same precedence; add parentheses, or use "
            "aligned junction lists",
        )
    if tok.type == "$END" and "MODULE_END" in expected:
        return error(
            "E105",
            "the module has no end line `====`",
            span,
            hint="a module ends with a line of four or more `=`",
        )
    state = exc.state.position if exc.state is not None else None
    message = _table().get((state, tok.type)) or _table().get((state, None))
    value = tok.value if len(tok.value) <= 20 else tok.value[:17] + "..."
    shown = "the end of the module" if end else f"`{value}`"
    if message is not None:
        return error("E102", f"{message} (found {shown})", span)
    found = "unexpected end of the module" if end else f"unexpected {shown}"
    return error("E102", found, span, hint=_expected_hint(expected))


def _unclosed(
    src: SourceFile,
    tok: Token,
    span: Span,
    brackets: list[Token],
    end: bool,
    starts_def: bool,
    last: Token | None,
) -> CheckerError | None:
    """An open bracket, at the end, where the next unit starts, or at a closing bracket
    of another kind: report the bracket."""
    if not brackets:
        return None
    opener = brackets[-1]
    notes: tuple[Note, ...] = ()
    if tok.type in _CLOSERS and tok.type not in _MATCH[opener.type]:
        notes = (Note(f"`{tok.value}` does not close it", span),)
    elif starts_def and last is not None:
        notes = (Note(f"`{last.value}` starts a new definition here", _span(src, last)),)
    elif tok.column == 1 and not end:
        notes = (Note(f"`{tok.value}` starts a new line here", span),)
    elif not end:
        return None
    return error(
        "E103",
        f"this `{opener.value}` is never closed",
        token_span(src, opener),
        hint=f"add the matching `{_CLOSE_OF.get(opener.type, '?')}`",
        notes=notes,
    )


def _span(src: SourceFile, tok: Token) -> Span:
    return token_span(src, tok)


def _expected_hint(expected: Collection[str]) -> str | None:
    names = sorted({_FRIENDLY_TOKENS[t] for t in expected if t in _FRIENDLY_TOKENS})
    if not names:
        return None
    return "expected " + (
        ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
    )


@functools.cache
def _table() -> dict[tuple[int | None, str | None], str]:
    """(state, token type) and (state, None) -> message, learnt from the examples."""
    table: dict[tuple[int | None, str | None], str] = {}
    for message, examples in SYNTAX_ERRORS.items():
        for example in examples:
            key = failure_key(_PREFIX + example + _SUFFIX)
            if key is not None:
                table.setdefault(key, message)
                table.setdefault((key[0], None), message)
    return table


def failure_key(text: str) -> tuple[int | None, str] | None:
    """The (LALR state, token type) at which `text` fails to parse, or None."""
    from checker.lang.parser import parse_module

    try:
        parse_module(SourceFile("<example>", text), raw_errors=True)
    except UnexpectedToken as exc:
        state = exc.state.position if exc.state is not None else None
        return (state, exc.token.type)
    except CheckerError:
        return None
    return None
