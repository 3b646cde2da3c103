"""JSON trace files (ITF, TLC's `-dumpTrace json`) read into Python values, every problem
a located E503.

`json.loads` alone lets three things through as crashes or wrong values: a number of more
than 4,300 digits (Python's conversion limit raises a bare ValueError), a lone UTF-16
surrogate escape (`"\\ud800"` becomes a Python string no output can encode), and nesting
deep enough to exhaust the stack. Each is reported here at its line and column.
"""

from __future__ import annotations

import json
import re
from typing import Any

from checker.diagnostics import CheckerError, SourceFile, Span, error
from checker.inputs import TRACE_LIMIT, read_limited

_LONG_NUMBER = re.compile(r'(?<!["0-9])-?[0-9]{4301,}', re.ASCII)
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.S)


def read_text(path: str, what: str = "a trace") -> str:
    """A trace file's text: at most TRACE_LIMIT bytes of UTF-8 (E501, E509)."""
    data = read_limited(path, TRACE_LIMIT, what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(
            "E501", f"cannot read `{path}`: not UTF-8 text (byte {exc.start})", path=path
        ) from None


def load_json(text: str, path: str) -> Any:
    """The JSON document in `text`; E503 at the place of a syntax error, a number too long
    for Python or a lone surrogate, E503 for nesting too deep."""
    try:
        doc = json.loads(text)
    except RecursionError:
        raise error("E503", "the JSON document is nested too deeply", path=path) from None
    except json.JSONDecodeError as exc:
        raise error("E503", f"not JSON: {exc.msg}", at(text, path, exc.pos)) from None
    except ValueError:  # the only other one: an integer beyond Python's conversion limit
        raise _long_number(text, path) from None
    lone = lone_surrogate(text) if _SURROGATE.search(text) else None
    if lone is not None:
        raise error(
            "E503",
            f"a lone surrogate `{text[lone : lone + 6]}` in a string: not a Unicode character",
            at(text, path, lone, lone + 6),
            hint="a character beyond U+FFFF is written as a pair (\\ud83d\\ude00) or as itself",
        )
    return doc


def _long_number(text: str, path: str) -> CheckerError:
    message = "a number of more than 4,300 digits"
    hint = 'ITF writes integers beyond 2^53 as {"#bigint": "digits"}'
    found = _LONG_NUMBER.search(text)
    if found is None:
        return error("E503", message, path=path, hint=hint)
    return error("E503", message, at(text, path, found.start(), found.end()), hint=hint)


def lone_surrogate(text: str) -> int | None:
    """The offset of the first `\\uXXXX` escape of a lone surrogate in valid JSON text
    (where every backslash starts an escape, so escapes are read left to right)."""
    pending: int | None = None  # the offset of a high surrogate waiting for its pair
    for m in _ESCAPE.finditer(text):
        code = int(m.group(1), 16) if m.group(1) else -1
        if pending is not None:
            if m.start() == pending + 6 and 0xDC00 <= code <= 0xDFFF:
                pending = None
                continue
            return pending
        if 0xD800 <= code <= 0xDBFF:
            pending = m.start()
        elif 0xDC00 <= code <= 0xDFFF:
            return m.start()
    return pending


def at(text: str, path: str, offset: int, end: int | None = None) -> Span:
    """The span of text[offset:end] (one character by default), on its first line."""
    line = text.count("\n", 0, offset) + 1
    col = offset - text.rfind("\n", 0, offset)
    size = 1 if end is None else max(1, end - offset)
    return Span(SourceFile(path, text), line, col, line, col + size)
