r"""Diagnostics: errors as values, with stable codes, source spans and notes.

Every user-facing problem (a syntax error, an unknown name, a bad config line, a runtime
evaluation error) is a `Diagnostic`. Layers return or raise them (`CheckerError` carries a
tuple of them); only the CLI decides how to print them and which exit code to use.
`format_diagnostic` is the single renderer:

    error[E201]: unknown name `maxBall`
      --> specs/Paxos.tla:42:12
       |
    42 |   /\ maxBall' = [maxBal EXCEPT ![a] = b]
       |      ^^^^^^^
       = help: did you mean `maxBal`?

This module imports nothing else of ours: every layer may use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]

# The registry of stable codes. A code, once published, keeps its meaning.
CODES: dict[str, str] = {
    # E1xx: reading and parsing
    "E100": "empty or unreadable input",
    "E101": "unexpected character",
    "E102": "syntax error",
    "E103": "unterminated comment, string or bracket",
    "E104": "expression nested too deeply",
    "E105": "missing module header or end",
    "E106": "construct not supported",
    "E107": "mixed junctions without parentheses",
    # E2xx: names, arity, levels
    "E201": "unknown name",
    "E202": "wrong number of arguments",
    "E203": "duplicate definition",
    "E204": "prime on a constant-level expression (no longer reported: TLC accepts it)",
    "E205": "variable never given a value by an action",
    "E206": "module not found",
    "E207": "wrong level of expression",
    "E208": "recursive definition not declared RECURSIVE",
    "E209": "circular EXTENDS or INSTANCE",
    "E210": "INSTANCE substitution missing or invalid",
    "E211": "operator with an effect outside the checker refused (files, programs)",
    # E3xx: model configuration (.cfg)
    "E301": "configuration syntax error",
    "E302": "unknown name in configuration",
    "E303": "constant without a value",
    "E304": "missing INIT/NEXT or SPECIFICATION",
    "E305": "configuration directive not supported",
    "E306": "bad SPECIFICATION formula",
    "E307": "ASSUME is false",
    "E308": "constant invariant or constraint is not TRUE",
    "E309": "SYMMETRY is not a set of permutations of model values",
    "E310": "TLCSet's registers with several workers",
    "E311": "POSTCONDITION is not TRUE after the search",
    "E312": "PROPERTY with several workers or checkpoints (no longer raised: they are checked)",
    "E313": "temporal PROPERTY with SYMMETRY or VIEW",
    "E314": "temporal formula not checked yet",
    "E319": "PROPERTY on a Ray cluster",
    # E4xx: evaluation
    "E401": "type error",
    "E402": "division by zero",
    "E403": "function applied outside its domain",
    "E404": "CHOOSE found no witness",
    "E405": "set cannot be enumerated",
    "E406": "variable left undetermined",
    "E407": "assertion failed",
    "E408": "invariant or constraint is not a Boolean",
    "E409": "evaluation error",
    # E5xx: command line and files
    "E501": "file not found or unreadable",
    "E502": "bad command-line option",
    "E503": "bad trace file",
    "E504": "bad manifest",
    "E505": "state graph larger than --max-nodes",
    "E506": "cannot write an output file",
    "E507": "bad checkpoint",
    "E508": "worker process lost",
    "E509": "input too large",
    "E512": "a step leaves a type inferred for a variable",
    "E513": "ALIAS could not be applied to the counterexample",
    "E515": "nothing to simulate: no initial state in the model",
    "E525": "coverage or profile cannot be combined with these options",
    "E530": "expression cannot be evaluated in one state (checker explore)",
    "E531": "trace not of this model (checker explore)",
    "E532": "explorer's web server cannot start",
    "E520": "cluster partition lost",
    "E521": "a cluster node cannot build the same model",
    "E522": "state not encodable for the cluster",
    "E523": "Ray not installed (--cluster ray)",
    "E524": "Ray cluster unreachable or partitions not placed",
    "E526": "not reproducible on a cluster (options, or a checkpoint of another search)",
    "E527": "behaviour graph of a temporal PROPERTY beyond its store's limit",
    "E529": "compiled extension older than the package (rebuild it)",
    # E6xx: symbolic checking
    "E601": "variable without a type",
    "E602": "construct outside the encodable subset",
    "E603": "PROPERTY or fairness that bmc does not encode",
}


@dataclass(frozen=True, eq=False)
class SourceFile:
    """The text of one input file, with line lookup for rendering."""

    path: str
    text: str

    def __repr__(self) -> str:
        return f"SourceFile({self.path!r})"

    def line_text(self, line: int) -> str:
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


@dataclass(frozen=True)
class Span:
    """A region of a source file; lines and columns are 1-based, `end_col` exclusive."""

    source: SourceFile
    line: int
    col: int
    end_line: int
    end_col: int

    def __repr__(self) -> str:
        return f"<{self.location()}>"

    @property
    def path(self) -> str:
        return self.source.path

    def location(self) -> str:
        return f"{self.source.path}:{self.line}:{self.col}"

    def key(self) -> tuple[int, int, int]:
        """A key unique to this occurrence in this file (for side tables)."""
        return (id(self.source), self.line, self.col)

    def through(self, end: Span) -> Span:
        """From this span's start to `end`'s end."""
        return Span(self.source, self.line, self.col, end.end_line, end.end_col)


@dataclass(frozen=True)
class Note:
    """A secondary message, optionally pointing somewhere else ("defined here")."""

    message: str
    span: Span | None = None


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    span: Span | None = None
    notes: tuple[Note, ...] = ()
    hint: str | None = None
    severity: Severity = "error"
    path: str | None = None  # a file to name when there is no span


@dataclass
class CheckerError(Exception):
    """Raised by any layer to report one or more diagnostics."""

    diagnostics: tuple[Diagnostic, ...] = field(default_factory=tuple)

    def __str__(self) -> str:
        return "\n".join(format_diagnostic(d) for d in self.diagnostics)


class EvaluationError(CheckerError):
    """A spec error found while exploring (division by zero in some state, ...).
    `successors_before`: an error computing a state's successors (Next) carries those
    computed before it, in order; TLC has counted and checked them (NOTE(error-trace))."""

    def __init__(self, diagnostic: Diagnostic, successors_before: tuple[Any, ...] = ()) -> None:
        super().__init__((diagnostic,))
        self.successors_before = successors_before

    @property
    def diagnostic(self) -> Diagnostic:
        return self.diagnostics[0]


class InternalError(Exception):
    """A bug in the checker found away from where it happened (in a worker process): the
    message says what failed and where, `details` what a developer needs (the worker's
    traceback). The CLI reports it as an internal error, exit 4."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


def error(
    code: str,
    message: str,
    span: Span | None = None,
    *,
    hint: str | None = None,
    notes: tuple[Note, ...] = (),
    path: str | None = None,
) -> CheckerError:
    """Build a `CheckerError` holding one diagnostic (to `raise` at the call site)."""
    return CheckerError((Diagnostic(code, message, span, notes, hint, "error", path),))


def format_diagnostic(diag: Diagnostic) -> str:
    """Render a diagnostic as text: header, location, source line with caret, notes."""
    out = [f"{diag.severity}[{diag.code}]: {diag.message}"]
    if diag.span is not None:
        out.extend(_excerpt(diag.span, "-->"))
    elif diag.path is not None:
        out.append(f"  --> {diag.path}")
    for note in diag.notes:
        if note.span is not None:
            out.append(f"  note: {note.message}")
            out.extend(_excerpt(note.span, ":::"))
        else:
            out.append(f"   = note: {note.message}")
    if diag.hint:
        out.append(f"   = help: {diag.hint}")
    return "\n".join(out)


_WINDOW = 100  # longest source line shown; longer lines are cut around the caret


def _excerpt(span: Span, arrow: str) -> list[str]:
    text = span.source.line_text(span.line).expandtabs(1)
    width = len(str(span.line))
    pad = " " * width
    out = [f"{pad} {arrow} {span.location()}"]
    if not text.strip():
        return out
    end = span.end_col if span.end_line == span.line else len(text) + 1
    start_col = span.col
    if len(text) > _WINDOW:
        first = max(0, min(span.col - 1 - _WINDOW // 3, len(text) - _WINDOW))
        shown = text[first : first + _WINDOW]
        prefix = "..." if first > 0 else ""
        suffix = "..." if first + _WINDOW < len(text) else ""
        text = prefix + shown + suffix
        start_col = span.col - first + len(prefix)
        end = min(end - first + len(prefix), len(prefix) + len(shown) + 1)
    carets = "^" * max(1, min(end, len(text) + 1) - start_col)
    out.append(f"{pad} |")
    out.append(f"{span.line} | {text}")
    out.append(f"{pad} | {' ' * (start_col - 1)}{carets}")
    return out


def suggest(name: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    """The closest candidate to a misspelt name, or None (for "did you mean" hints)."""
    best: tuple[int, str] | None = None
    for cand in sorted(set(candidates)):
        dist = _edit_distance(name.lower(), cand.lower())
        limit = max(1, len(name) // 3)
        if dist <= limit and (best is None or dist < best[0]):
            best = (dist, cand)
    return best[1] if best else None


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
