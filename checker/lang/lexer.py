"""Before lexing: find the module and blank out comments, keeping every line and column.

TLA+ comments nest (`(* (* *) *)`), which a regular expression cannot lex, and the text
before `---- MODULE M ----` and after its `====` is not part of the module (it often holds
notes or a PlusCal algorithm's output markers). `blank_comments` replaces all of that by
spaces (newlines are kept), so token positions in the result are positions in the file.
A PlusCal algorithm lives inside a comment and is therefore ignored.
"""

from __future__ import annotations

import re

from checker.diagnostics import CheckerError, SourceFile, Span, error

_HEADER = re.compile(r"-{4,}[ \t]*MODULE[ \t]+[A-Za-z0-9_]+[ \t]*-{4,}")
_EVENTS = re.compile(r'\(\*|\*\)|\\\*|"|={4,}|-{4,}[ \t]*MODULE\b|\n')


def blank_comments(src: SourceFile) -> str:
    """The module text with comments and surrounding text replaced by spaces."""
    text = src.text
    if not text.strip():
        raise error(
            "E100",
            "the file is empty",
            path=src.path,
            hint="a spec starts with `---- MODULE Name ----` and ends with `====`",
        )
    header = _HEADER.search(text)
    if header is None:
        raise error(
            "E105",
            "no module header `---- MODULE Name ----` found",
            path=src.path,
            hint="a spec starts with a line such as `---- MODULE Paxos ----`",
        )
    out = list(_blank(text[: header.start()]))
    out.extend(_scan(src, header.start()))
    return "".join(out)


def _blank(chunk: str) -> str:
    return "".join(c if c == "\n" else " " for c in chunk)


def _scan(src: SourceFile, start: int) -> list[str]:
    """Copy code, blank comments; stop after the `====` that ends the module (submodules,
    `---- MODULE Inner ----` ... `====`, nest inside it)."""
    text = src.text
    out: list[str] = []
    pos = start
    modules = 0  # module nesting
    depth = 0  # block-comment nesting
    opened: list[int] = []
    in_line_comment = False
    in_string = False
    for m in _EVENTS.finditer(text, start):
        tok, at = m.group(), m.start()
        chunk = text[pos:at]
        out.append(_blank(chunk) if depth or in_line_comment else chunk)
        pos = m.end()
        if in_line_comment:
            in_line_comment = tok != "\n"
            out.append(_blank(tok))
        elif in_string:
            in_string = tok not in ('"', "\n") or _escaped(text, at)
            out.append(tok)
        elif depth:
            if tok == "(*":
                depth += 1
                opened.append(at)
            elif tok == "*)":
                depth -= 1
                opened.pop()
            out.append(_blank(tok))
        elif tok == "(*":
            depth = 1
            opened = [at]
            out.append("  ")
        elif tok == "\\*":
            in_line_comment = True
            out.append("  ")
        elif tok == '"':
            in_string = True
            out.append(tok)
        elif tok.startswith("-"):
            modules += 1
            out.append(tok)
        elif tok.startswith("="):
            out.append(tok)
            modules -= 1
            if modules <= 0:
                out.append(_blank(text[pos:]))
                return out
        else:
            out.append(tok)
    if depth:
        raise _unterminated_comment(src, opened[0])
    out.append(_blank(text[pos:]) if depth or in_line_comment else text[pos:])
    return out


def _escaped(text: str, at: int) -> bool:
    backslashes = 0
    while at - backslashes - 1 >= 0 and text[at - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _unterminated_comment(src: SourceFile, offset: int) -> CheckerError:
    line = src.text.count("\n", 0, offset) + 1
    col = offset - (src.text.rfind("\n", 0, offset) + 1) + 1
    span = Span(src, line, col, line, col + 2)
    return error(
        "E103",
        "this comment is never closed",
        span,
        hint="every `(*` needs a matching `*)`; comments nest",
    )
