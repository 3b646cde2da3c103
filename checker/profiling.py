"""`check --profile`: the report of a profiled model's probes (NOTE(profile-probes) in
checker/compile/probes.py), and the cases it refuses."""

from __future__ import annotations

from collections import defaultdict

from checker.compile.model import Model
from checker.compile.probes import Probe, Probes
from checker.diagnostics import Diagnostic, Span
from checker.engine.profile_report import ProfileReport, ProfileRow, ProfileSpan

ORDER = {"next": 0, "action": 1, "init": 2, "invariant": 3}


def profile_of(model: Model, search_seconds: float) -> ProfileReport | None:
    probes: Probes | None = model.ctx.probes
    if probes is None:
        return None
    return report(probes, search_seconds)


def report(probes: Probes, search_seconds: float) -> ProfileReport:
    """Rows by operator (its applications summed), and every application as a span; the
    times estimated from the timed applications (NOTE(profile-sampling))."""
    est = [probes.estimate(i) for i in range(len(probes.probes))]
    inner: dict[object, float] = defaultdict(float)  # probed time directly inside each
    for i, p in enumerate(probes.probes):
        if p.kind == "action":
            inner[p.parent if p.parent is not None else p.root] += est[i]
    sums: dict[tuple[str, str], list[float]] = {}
    where: dict[tuple[str, str], str] = {}
    for i, p in enumerate(probes.probes):
        key = (p.kind, p.name)
        own = est[i] - inner[i if p.kind == "action" else p.kind]
        acc = sums.setdefault(key, [0, 0, 0.0, 0.0])
        acc[0] += probes.calls[i]
        acc[1] += probes.timed_calls(i)
        acc[2] += est[i]
        acc[3] += max(own, 0.0)
        where.setdefault(key, _at(p.defined))
    rows = sorted(
        (
            ProfileRow(k, n, where[(k, n)], int(c), t, o, int(timed))
            for (k, n), (c, timed, t, o) in sums.items()
        ),
        key=lambda r: (ORDER[r.kind], -r.seconds, r.name),
    )
    spans = sorted(
        (
            ProfileSpan(
                p.name,
                _at(p.span),
                _inside(probes, p),
                probes.calls[i],
                est[i],
                probes.timed_calls(i),
            )
            for i, p in enumerate(probes.probes)
            if p.kind == "action"
        ),
        key=lambda s: (-s.seconds, s.location),
    )
    return ProfileReport(search_seconds, tuple(rows), tuple(spans), probes.every)


def _inside(probes: Probes, p: Probe) -> str:
    if p.parent is not None:
        return probes.probes[p.parent].name
    return next((q.name for q in probes.probes if q.kind == p.root), p.root)


def _at(span: Span | None) -> str:
    return span.location() if span is not None else ""


def refused_profile(profile: bool, workers: int) -> Diagnostic | None:
    """E525: the probes count in the process that evaluates (NOTE(profile-probes))."""
    if not profile or workers <= 1:
        return None
    return Diagnostic(
        "E525",
        "--profile counts what one process evaluates: it cannot be combined with "
        f"--workers {workers}",
        hint="profile with --workers 1",
    )
