"""TLA+ text of a value broken over several lines when it does not fit the width.

    >>> from checker.values import make_record
    >>> print(pretty(make_record([("bal", 1), ("type", "1a")]), width=12))
    [ bal |-> 1,
      type |-> "1a" ]

Short values stay on one line (exactly `checker.values.shown`); a long set, sequence,
record or function puts one element per line, indented under its opening bracket, as
TLC does. The text is for a terminal: control characters a value holds (ESC, CSI, BEL
... from a trace file) are shown as `\\u001b` escapes, never written raw.
"""

from __future__ import annotations

import re

from checker.values import Fcn, Value, canon_sorted, shown

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """`text` with its control characters escaped (`\\u001b`), fit for a terminal."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render(v: Value) -> str:
    """`shown(v)` (long strings and huge integers abbreviated, with their length) with
    its control characters escaped (for a terminal)."""
    return visible(shown(v))


def pretty(v: Value, width: int = 80, indent: int = 0) -> str:
    """The TLA+ text of `v`, at most `width` columns wide where possible."""
    flat = render(v)
    if indent + len(flat) <= width:
        return flat
    parts = _parts(v)
    if parts is None:
        return flat
    opener, items, comma, closer = parts
    inner = indent + len(opener) + 1
    lines = [pretty_item(item, width, inner) for item in items]
    if not lines:
        return flat
    sep = comma + "\n" + " " * inner
    return f"{opener} " + sep.join(lines) + f" {closer}"


def pretty_item(item: tuple[str, Value], width: int, indent: int) -> str:
    prefix, value = item
    return prefix + pretty(value, width, indent + len(prefix))


def _parts(v: Value) -> tuple[str, list[tuple[str, Value]], str, str] | None:
    """(opening bracket, (prefix, element) items, separator, closing bracket)."""
    t = type(v)
    if t is frozenset:
        return "{", [("", e) for e in canon_sorted(v)], ",", "}"
    if t is tuple:
        return "<<", [("", e) for e in v], ",", ">>"
    if t is Fcn:
        if v.prints_as_record():
            return "[", [(f"{k} |-> ", e) for k, e in v.items()], ",", "]"
        return "(", [(f"{render(k)} :> ", e) for k, e in v.items()], " @@", ")"
    return None
