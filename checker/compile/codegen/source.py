"""Building generated Python source: lines, indentation, fresh names, constants.

NOTE(codegen-safety): generated source contains only identifiers we make up (`s0`,
`b12`, `k3`, helper names), Python keywords and operators, and integer literals. Every
other value (strings, model values, sets, ...) is a constant in `consts` reached as a
closure variable `kN`. Nothing from the spec's text (not even a name, not in a comment)
is ever part of the source, so a spec cannot inject code.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from checker.values import Value

MAX_SOURCE = 400_000  # characters per generated function; beyond, keep the closures


class NotGeneratable(Exception):
    """This construct is left to the closure evaluator."""


class TooLarge(NotGeneratable):
    """The generated source would exceed MAX_SOURCE: left to the closures, and said."""


class Source:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.defs: list[str] = []  # functions defined before `step` (recursive operators)
        self.depth = 0
        self.consts: list[Value] = []
        self._const_ids: dict[Any, str] = {}
        self.helpers: set[str] = set()
        self._counter = 0
        self._size = 0

    def fresh(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}{self._counter}"

    def const(self, value: Value) -> str:
        t = type(value)
        if t in (int, str, bool) or (
            t is tuple and all(type(x) in (int, str, bool) for x in value)
        ):
            # equal constants share one object (C caches by identity); the types keep
            # TRUE and 1 apart, which Python's equality does not (NOTE(bool-int))
            types = tuple(type(x) for x in value) if t is tuple else ()
            key: Any = (t, types, value)
        else:
            key = ("id", id(value))
        name = self._const_ids.get(key)
        if name is None:
            name = f"k{len(self.consts)}"
            self.consts.append(value)
            self._const_ids[key] = name
        return name

    def known(self, value: object) -> str | None:
        """The name of a constant that is `value` itself, if the source has one."""
        return self._const_ids.get(("id", id(value)))

    def helper(self, name: str) -> str:
        self.helpers.add(name)
        return name

    def line(self, text: str) -> None:
        self._grow(len(text) + 4 * self.depth)
        self.lines.append("    " * self.depth + text)

    def insert(self, index: int, depth: int, text: str) -> None:
        """A line placed before `lines[index]` at indentation `depth` (a cell made at the
        top of an enclosing loop's body, NOTE(cell-level))."""
        self._grow(len(text) + 4 * depth)
        self.lines.insert(index, "    " * depth + text)

    def define(self, lines: list[str]) -> None:
        """A function (its lines, indented from 0) defined once, before `step`, where the
        constants are in scope: a recursive operator (defgen.py)."""
        self._grow(sum(len(t) + 4 for t in lines))
        self.defs.extend("    " + t for t in lines)

    def _grow(self, size: int) -> None:
        self._size += size
        if self._size > MAX_SOURCE:
            raise TooLarge(f"more than {MAX_SOURCE:,} characters of source")

    @contextmanager
    def block(self, header: str) -> Iterator[None]:
        self.line(header)
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1

    def text(self) -> str:
        return "\n".join(self.defs + self.lines) + "\n"


def literal(value: Value) -> str | None:
    """Python source for a value that may appear literally (small ints, Booleans)."""
    if value is True:
        return "True"
    if value is False:
        return "False"
    if type(value) is int and -(2**31) < value < 2**31:
        return repr(value)
    return None
