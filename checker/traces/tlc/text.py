"""TLC's error trace as it prints it, read into a Trace.

    Error: Invariant Agreement is violated.
    Error: The behavior up to this point is:
    State 1: <Initial predicate>
    /\\ maxBal = (a1 :> -1 @@ a2 :> -1)
    /\\ msgs = {}

    State 2: <Phase1a(0) line 31, col 15 to line 32, col 50 of module Paxos>
    ...

Also read: the `-tool` output (`@!@!@STARTMSG ...` markers, `N: <...>` headers), a
violation by the initial state (assignments right after the error line), stuttering
steps (`State 5: Stuttering`) and the `Back to state N` line of a lasso (kept in the
trace's metadata as `back_to_state`). Only the first error trace of the output is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.diagnostics import SourceFile, error
from checker.traces.tlc.values import Token, Tokens, parse_value, span_at, tokenize
from checker.traces.trace import Step, Trace
from checker.values import Value

_HEADER = re.compile(r"^(?:State )?(\d+): (.*?)\s*$")
_BACK = re.compile(r"^(?:\d+: )?Back to state:? ?(\d+)")
_BODY_END = re.compile(r"\n[ \t]*(?:\n|$)|\n(?=(?:State )?\d+: |Back to state|Error:)")
_MARKER = re.compile(r"^@!@!@(?:STARTMSG|ENDMSG)\b.*$")
_LOCATION = re.compile(r"\s+line \d+, col \d+ to line \d+, col \d+ of module \S+$")
_ERRORS = (
    (re.compile(r"^Error: Invariant (\S+) is violated"), "invariant"),
    (re.compile(r"^Error: Action property (.+?) is violated"), "action"),
    (re.compile(r"^Error: (Deadlock) reached"), "deadlock"),
    (re.compile(r"^Error: (Temporal properties) were violated"), "temporal"),
    (re.compile(r"^Error: (The following behavior constitutes a counter-example)"), "temporal"),
)


@dataclass
class _Reading:
    """What has been read so far."""

    source: SourceFile
    variables: tuple[str, ...] | None = None
    steps: list[Step] = field(default_factory=list)
    model_values: set[str] = field(default_factory=set)
    violated: str | None = None
    kind: str | None = None
    back_to: int | None = None


def read_tlc_text(text: str, path: str = "<tlc output>") -> Trace:
    """The first error trace in TLC's output; E503 (with line:col) if there is none or
    it is malformed."""
    source = SourceFile(path, _without_markers(text))
    reading = _Reading(source)
    for start, header in _blocks(source.text):
        if not _block(reading, start, header):
            break
    if not reading.steps:
        raise error(
            "E503",
            "no error trace found (no `State 1: <Initial predicate>` and no "
            "assignments after an `Error:` line)",
            path=path,
            hint="give the output of TLC for a violated property, or a -dumpTrace json file",
        )
    return _trace(reading)


def _without_markers(text: str) -> str:
    """Blank out the `-tool` message markers (keeping line numbers)."""
    if "@!@!@" not in text:
        return text
    return "\n".join("" if _MARKER.match(line) else line for line in text.split("\n"))


Block = tuple[int, str]  # (offset of the body, header text)


def _blocks(text: str) -> list[Block]:
    """Each state's body offset, with its header (`<Initial predicate>`, `Stuttering`,
    `back N`; `error` for an `Error:` line, `initial` for assignments right after one)."""
    blocks: list[Block] = []
    offset = 0
    after_error = False
    for line in text.split("\n"):
        end = offset + len(line) + 1
        if m := _BACK.match(line):
            blocks.append((end, f"back {m.group(1)}"))
        elif m := _HEADER.match(line):
            blocks.append((end, m.group(2)))
            after_error = False
        elif line.startswith("Error:"):
            blocks.append((offset, "error"))
            after_error = True
        elif after_error and line.startswith("/\\ "):
            blocks.append((offset, "initial"))
            after_error = False
        offset = end
    return blocks


def _block(reading: _Reading, start: int, header: str) -> bool:
    """Read one block into `reading`; False once the trace is complete."""
    if header == "error":
        _error_line(reading, start)
        return not reading.steps
    if header.startswith("back "):
        reading.back_to = int(header.split()[1])
        return False
    if header == "Stuttering":
        if reading.steps:
            reading.steps.append(Step(reading.steps[-1].state, "Stuttering"))
        return True
    if not header.startswith("<") and header != "initial":
        return True
    label = None if header == "initial" else _label(header)
    if label is None and reading.steps:
        return False  # a second trace begins
    _state(reading, start, label)
    return True


def _error_line(reading: _Reading, start: int) -> None:
    if reading.violated is not None or reading.steps:
        return
    line = reading.source.text[start:].split("\n", 1)[0]
    for pattern, kind in _ERRORS:
        if m := pattern.match(line):
            reading.violated = m.group(1)
            reading.kind = kind
            if kind == "deadlock":
                reading.violated = "Deadlock"
            return


def _label(header: str) -> str | None:
    """`<Phase1a(0) line 3, col 1 to line 4, col 9 of module Paxos>` -> `Phase1a(0)`;
    None for the initial predicate."""
    inner = header[1:-1] if header.endswith(">") else header[1:]
    inner = _LOCATION.sub("", inner).strip()
    return None if inner in ("Initial predicate", "") else inner


def _state(reading: _Reading, start: int, label: str | None) -> None:
    text = reading.source.text
    end = _body_end(text, start)
    tokens = tokenize(reading.source, start, end)
    names, values = _assignments(tokens)
    if reading.variables is None:
        reading.variables = names
    elif set(names) != set(reading.variables):
        raise error(
            "E503",
            f"state {len(reading.steps) + 1} assigns {_names(names)}, but the first "
            f"state assigns {_names(reading.variables)}",
            span_at(reading.source, next(t for t in tokens.items if t.kind == "ident")),
        )
    by_name = dict(zip(names, values, strict=True))
    state = tuple(by_name[n] for n in reading.variables)
    reading.steps.append(Step(state, label))
    reading.model_values |= tokens.model_values


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(sorted(names)) or "nothing"


def _body_end(text: str, start: int) -> int:
    """A state's assignments end at the first blank line (TLC's values never hold one)
    or the next header."""
    m = _BODY_END.search(text, start)
    return m.start() if m else len(text)


def _assignments(tokens: Tokens) -> tuple[tuple[str, ...], list[Value]]:
    """`/\\ x = 1 /\\ y = 2` (or a lone `x = 1`) -> names and values."""
    bullets = tokens.accept("/\\")
    names: list[str] = []
    values: list[Value] = []
    while True:
        name = _variable(tokens)
        if name.text in names:
            raise tokens.error(f"`{name.text}` is assigned twice in this state", name)
        tokens.expect("=", "after a variable name")
        names.append(name.text)
        values.append(parse_value(tokens))
        if tokens.peek.kind == "end":
            return tuple(names), values
        if not bullets:
            raise tokens.error("expected the end of the state")
        tokens.expect("/\\", "before the next variable")


def _variable(tokens: Tokens) -> Token:
    token = tokens.next()
    if token.kind != "ident":
        raise tokens.error("expected a variable name", token)
    return token


def _trace(reading: _Reading) -> Trace:
    extra = {} if reading.back_to is None else {"back_to_state": str(reading.back_to)}
    return Trace(
        reading.variables or (),
        tuple(reading.steps),
        None,
        reading.violated,
        reading.kind,
        tuple(sorted(reading.model_values)),
        extra,
    )
