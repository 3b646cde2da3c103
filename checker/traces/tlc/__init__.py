"""TLC's error traces (its printed output, or `-dumpTrace json`) read into Traces, so
that TLC users can use our viewers: `checker trace import FILE -o FILE.itf.json`.

    >>> t = import_tlc('State 1: <Initial predicate>\\n/\\\\ x = 1\\n\\n'
    ...                'State 2: <Next line 5, col 9 to line 5, col 20 of module M>\\n'
    ...                '/\\\\ x = 2\\n')
    >>> [(s.action, s.state) for s in t.steps]
    [(None, (1,)), ('Next', (2,))]
"""

from __future__ import annotations

from typing import Literal

from checker.diagnostics import error
from checker.traces.tlc.dump import JsonOptions, read_tlc_json
from checker.traces.tlc.text import read_tlc_text
from checker.traces.trace import Trace

Format = Literal["auto", "text", "json"]

__all__ = ["Format", "JsonOptions", "guess_format", "import_tlc", "read_tlc_json", "read_tlc_text"]


def guess_format(text: str) -> Literal["text", "json"]:
    """JSON if the text starts like JSON (`[` or `{`), else TLC's printed output."""
    return "json" if text.lstrip()[:1] in ("[", "{") else "text"


def import_tlc(
    text: str,
    path: str = "<tlc output>",
    fmt: Format = "auto",
    options: JsonOptions | None = None,
) -> Trace:
    """The trace in TLC's output `text`; every problem is a CheckerError (E503)."""
    kind = guess_format(text) if fmt == "auto" else fmt
    try:
        if kind == "json":
            return read_tlc_json(text, path, options)
        return read_tlc_text(text, path)
    except RecursionError:
        raise error("E503", "the trace's values are nested too deeply", path=path) from None
