"""Diagnostics of the symbolic checker (E6xx), built here and rendered by the CLI."""

from __future__ import annotations

from checker.diagnostics import CheckerError, Diagnostic, Note, Span

TYPE_FORMS = (
    "x \\in S",
    "x \\in [A -> B]",
    "x \\subseteq S",
    "x \\in SUBSET S",
    "x \\in [f1 : S1, f2 : S2] \\cup [f1 : S3, ...]  (records and unions of record sets)",
)


def unsupported(
    message: str, span: Span | None, *, hint: str | None = None, notes: tuple[Note, ...] = ()
) -> CheckerError:
    """E602: a construct outside the subset the symbolic checker can encode."""
    return CheckerError((Diagnostic("E602", message, span, notes, hint),))


def untyped(
    name: str, reason: str, span: Span | None, declared: Span | None, invariant: str, hint: str
) -> Diagnostic:
    """E601: a variable whose type the invariant does not give and inference cannot find
    (`reason`); `hint` "" for the usual one (add a type conjunct)."""
    notes = [Note("the symbolic checker needs a finite type for every variable")]
    if declared is not None and span != declared:
        notes.append(Note(f"`{name}` is declared here", declared))
    forms = "; ".join(TYPE_FORMS)
    return Diagnostic(
        "E601",
        f"variable `{name}` has no type in `{invariant}`, and none can be inferred from "
        f"Init and Next: {reason}",
        span if span is not None else declared,
        tuple(notes),
        hint=hint
        or f"add a conjunct giving its type to `{invariant}`, in one of the forms: {forms} "
        "(S a constant set; definitions are unfolded)",
    )
