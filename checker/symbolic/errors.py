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


def untyped(names: list[str], spans: list[Span | None], invariant: str) -> CheckerError:
    """E601: variables whose type the invariant does not give."""
    forms = "; ".join(TYPE_FORMS)
    diags = tuple(
        Diagnostic(
            "E601",
            f"variable `{name}` has no type in `{invariant}`",
            span,
            (Note("the symbolic checker needs a finite type for every variable"),),
            hint=f"add a conjunct giving its type to `{invariant}`, in one of the forms: "
            f"{forms} (S a constant set; definitions are unfolded)",
        )
        for name, span in zip(names, spans, strict=True)
    )
    return CheckerError(diags)
