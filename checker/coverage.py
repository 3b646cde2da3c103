"""What `check --coverage` needs from the model: the names of Init and of Next's action
sites, which sites can label a step, and the cases it refuses (NOTE(coverage) in
checker/engine/coverage.py)."""

from __future__ import annotations

from dataclasses import fields

from checker import ir
from checker.compile.model import Model
from checker.diagnostics import Diagnostic
from checker.engine.coverage import SiteName
from checker.engine.result import Options

# leaves whose label is the step's when no definition named it (NOTE(labels)): a site
# carried by one of them is a disjunct that makes steps of its own
_STEP_LEAVES = (ir.Assign, ir.AssignIn, ir.Unchanged, ir.Compose)


def coverage_names(model: Model) -> tuple[SiteName, tuple[SiteName, ...]]:
    """(Init's name, Next's sites' names), as `Options.coverage_names` wants them."""
    init = model.bound.init
    init_location = init.span.location() if init.span is not None else ""
    lowered = model.lowered[1]
    firing = labels_of_steps(lowered.root)
    names = tuple(
        SiteName(
            _site_name(site),
            site.span.location(),
            not site.inline or i in firing,
        )
        for i, site in enumerate(lowered.sites)
    )
    return SiteName(init.name, init_location, True), names


def _site_name(site: ir.Site) -> str:
    if site.inline:
        return f"{site.name}@{site.span.line}:{site.span.col}"
    return site.name


def labels_of_steps(root: ir.Node) -> set[int]:
    """The sites a leaf that makes part of a step sets (inline disjuncts' labels)."""
    found: set[int] = set()
    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, tuple):
            stack.extend(node)
            continue
        if not isinstance(node, ir.Node):
            continue
        if isinstance(node, _STEP_LEAVES) and node.label is not None:
            found.add(node.label)
        for f in fields(node):
            value = getattr(node, f.name)
            if isinstance(value, (ir.Node, tuple)):
                stack.append(value)
    return found


def refused_coverage(options: Options, resumed: bool) -> Diagnostic | None:
    """E525: coverage is tallied by the process that expands the states, from the first
    one (NOTE(coverage))."""
    if not options.coverage:
        return None
    if options.workers > 1:
        return Diagnostic(
            "E525",
            "--coverage counts what one process expands: it cannot be combined with "
            f"--workers {options.workers}",
            hint="run the coverage with --workers 1 (the counts do not depend on the workers)",
        )
    if resumed:
        return Diagnostic(
            "E525",
            "--coverage counts a whole search: a resumed search did not expand the states "
            "of the runs it continues",
            hint="run the coverage without --resume",
        )
    return None
