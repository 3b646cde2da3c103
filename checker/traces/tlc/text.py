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
steps (`State 5: Stuttering`: the trace's `loop` is its last state) and the `Back to
state N: <A>` line of a lasso (`loop` N - 1, `back` A; also kept in the metadata as
`back_to_state`). Only the first error trace of the output is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.diagnostics import CheckerError, SourceFile, error
from checker.traces.tlc.values import Parser
from checker.traces.trace import Step, Trace
from checker.values import Value

_HEADER = re.compile(r"^(?:State )?(\d+): (.*?)\s*$")
_BACK = re.compile(r"^(?:\d+: )?Back to state:? ?(\d+)")
_BODY_END = re.compile(r"\n[ \t]*(?:\n|$)|\n(?=(?:State )?\d+: |Back to state|Error:)")
_BULLET = re.compile(r"^/\\ ", re.MULTILINE)
_VARIABLE = re.compile(r"[A-Za-z_]\w*")
_MARKER = re.compile(r"^@!@!@(?:STARTMSG|ENDMSG)\b.*$")
_LOCATION = re.compile(r"\s+line \d+, col \d+ to line \d+, col \d+ of module \S+$")
_ERRORS = (
    (re.compile(r"^Error: Invariant (\S+) is violated"), "invariant"),
    (re.compile(r"^Error: Action property (.+?) is violated"), "action"),
    (re.compile(r"^Error: (Deadlock) reached"), "deadlock"),
    (re.compile(r"^Error: Temporal property (\S+) was violated"), "temporal"),
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
    back_to: str | None = None  # the state number, as TLC wrote it
    back_label: str | None = None  # the action of the step back
    stutters: bool = False  # `State N: Stuttering`: the last state stutters forever
    parsed: dict[str, tuple[str, Value]] = field(default_factory=dict)
    memo: dict[str, Value] = field(default_factory=dict)


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
            blocks.append((end, f"back {m.group(1)} {line[m.end() :].strip(': ')}"))
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
        _, number, rest = (header + " ").split(" ", 2)
        reading.back_to = number
        reading.back_label = _label(rest.strip()) if rest.strip().startswith("<") else None
        return False
    if header == "Stuttering":
        reading.stutters = bool(reading.steps)
        return False
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
    chunks = _chunks(text, start, _body_end(text, start))
    assignments = [_assignment(reading, a, b) for a, b in chunks]
    names = tuple(name for name, _ in assignments)
    for i, name in enumerate(names):
        if name in names[:i]:
            raise _name_error(reading, chunks[i], f"`{name}` is assigned twice in this state")
    if reading.variables is None:
        reading.variables = names
    elif set(names) != set(reading.variables):
        message = (
            f"state {len(reading.steps) + 1} assigns {_names(names)}, but the first "
            f"state assigns {_names(reading.variables)}"
        )
        raise _name_error(reading, chunks[0], message)
    by_name = dict(assignments)
    reading.steps.append(Step(tuple(by_name[n] for n in reading.variables), label))


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(sorted(names)) or "nothing"


def _body_end(text: str, start: int) -> int:
    """A state's assignments end at the first blank line (TLC's values never hold one)
    or the next header."""
    m = _BODY_END.search(text, start)
    return m.start() if m else len(text)


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where each `/\\ x = v` of a state is (or its lone `x = v`): TLC breaks a long
    value over indented lines, so a bullet at the start of a line begins an assignment."""
    starts = [m.start() for m in _BULLET.finditer(text, start, end)]
    if not starts or text[start : starts[0]].strip():
        starts.insert(0, start)
    return list(zip(starts, [*starts[1:], end], strict=True))


def _assignment(reading: _Reading, start: int, end: int) -> tuple[str, Value]:
    """One `/\\ x = v`, parsed once per distinct text (most variables do not change at
    every step, and their text repeats)."""
    key = reading.source.text[start:end]
    found = reading.parsed.get(key)
    if found is None:
        parser = Parser(reading.source, start, end, reading.memo, reading.model_values)
        parser.accept("/\\")
        name = parser.peek
        if not _VARIABLE.fullmatch(name) or parser.at_end():
            raise parser.error("expected a variable name")
        parser.take()
        parser.expect("=", "after a variable name")
        value = parser.value()
        if not parser.at_end():
            raise parser.error("expected `/\\` and the next variable, or the end of the state")
        found = reading.parsed[key] = (name, value)
    return found


def _name_error(reading: _Reading, chunk: tuple[int, int], message: str) -> CheckerError:
    parser = Parser(reading.source, *chunk)
    return parser.error_at(1 if parser.peek == "/\\" else 0, message)


def _trace(reading: _Reading) -> Trace:
    extra = {} if reading.back_to is None else {"back_to_state": reading.back_to}
    loop = None
    if reading.stutters:
        loop = len(reading.steps) - 1
    elif reading.back_to is not None and 1 <= int(reading.back_to) <= len(reading.steps):
        loop = int(reading.back_to) - 1
    return Trace(
        reading.variables or (),
        tuple(reading.steps),
        None,
        reading.violated,
        reading.kind,
        tuple(sorted(reading.model_values)),
        extra,
        loop,
        reading.back_label if loop is not None and not reading.stutters else None,
    )
