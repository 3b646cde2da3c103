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


def not_encoded(message: str, span: Span | None, *, hint: str | None = None) -> CheckerError:
    """E603: a PROPERTY part or a fairness condition that bmc cannot encode (refused
    rather than skipped or checked without its fairness)."""
    return CheckerError(
        (Diagnostic("E603", message, span, (), hint or "check this PROPERTY with `checker check`"),)
    )


_UNDEFINED = {
    "domain": ("E403", "a function is applied to an argument outside its domain"),
    "case": ("E409", "no CASE arm applies and there is no OTHER"),
    "witness": ("E404", "CHOOSE found no value satisfying its condition"),
}


def spec_error(kind: str, span: Span, depth: int, state_text: str | None) -> CheckerError:
    """An evaluation error bmc found in a reachable state (NOTE(definedness)): TLC stops
    there with the same error."""
    code, message = _UNDEFINED[kind]
    notes = [Note(f"found by the symbolic checker in a state reachable in {depth} step(s)")]
    if state_text is None:
        notes.append(Note("while computing the initial states"))
    else:
        notes.append(Note("in the state\n" + state_text))
    hint = "run `checker check` on the model for the explicit engine's report"
    return CheckerError((Diagnostic(code, message, span, tuple(notes), hint),))


def obligation_refused(kind: str, span: Span) -> CheckerError:
    """E602: an obligation that may fail in states the invariant allows (prove), or a
    CHOOSE that may have several witnesses."""
    if kind == "choose":
        return unsupported(
            "this CHOOSE may have several witnesses (or none) in states the invariant "
            "allows; the symbolic checker only encodes a CHOOSE whose witness is unique",
            span,
            hint="strengthen the invariant, or rewrite the CHOOSE as an \\E",
        )
    what = {
        "domain": "this application may be outside the function's domain",
        "case": "no arm of this CASE may apply",
        "witness": "this CHOOSE may have no witness",
    }[kind]
    return unsupported(
        f"{what} in states the invariant allows (TLC stops with an error where it is evaluated so)",
        span,
        hint="strengthen the invariant, or guard the expression",
    )
