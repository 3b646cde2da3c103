"""A plain text table for the terminal: columns padded to their widest cell."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO


def write_table(
    out: TextIO, head: Sequence[str], rows: Sequence[Sequence[str]], right: tuple[int, ...] = ()
) -> None:
    """`head` and `rows`, indented by two spaces; the columns in `right` right-aligned."""
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, *rows]:
        cells = (
            f"{c:>{w}}" if i in right else f"{c:<{w}}"
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        out.write("  " + "  ".join(cells).rstrip() + "\n")
