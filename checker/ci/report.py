"""The reports of a CI run: a plain-text table, JUnit XML, JSON and GitHub annotations.

Each is built from the outcomes (in manifest order) as a value; the CLI prints or writes
it. Diagnostics are rendered by the function the CLI passes in (`render`).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from checker.ci.judge import Outcome, describe_expected, describe_got
from checker.ci.manifest import Manifest
from checker.ci.run import Location, display_path
from checker.diagnostics import Diagnostic

Render = Callable[[Diagnostic], str]


# -- text ---------------------------------------------------------------------------------


def summary_table(outcomes: Sequence[Outcome]) -> str:
    """One row per model, then the failures' details and a count."""
    header = ("model", "expected", "got", "result", "time")
    rows = [header] + [_row(o) for o in outcomes]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    failed = [o for o in outcomes if not o.passed]
    if failed:
        lines.append("")
        lines.append("failures:")
        for o in failed:
            lines.extend(f"  {o.entry.name}: {p}" for p in o.problems)
            if o.trace_file:
                lines.append(f"  {o.entry.name}: counterexample in {o.trace_file}")
    lines.append("")
    lines.append(
        f"{len(outcomes)} model(s): {len(outcomes) - len(failed)} pass, {len(failed)} fail"
    )
    return "\n".join(lines)


def _row(o: Outcome) -> tuple[str, str, str, str, str]:
    got = "as expected" if o.passed else _short(o.run.got)
    return (o.entry.name, _short_expected(o), got, o.status.upper(), f"{o.run.elapsed:.1f}s")


def _short_expected(o: Outcome) -> str:
    e = o.entry
    if e.expect == "ok":
        return f"ok {_n(e.distinct)} states, depth {_n(e.depth)}"
    return f"{e.property} in {_n(e.length)} steps"


def _short(got: dict[str, Any]) -> str:
    verdict = got.get("verdict")
    if verdict == "ok":
        return f"ok {_n(got.get('distinct_states'))} states, depth {_n(got.get('depth'))}"
    if verdict == "violation":
        v = got.get("violation") or {}
        return f"{v.get('property')} in {_n(v.get('length'))} steps"
    if verdict == "error":
        return f"error {(got.get('error') or {}).get('code')}"
    return f"{verdict}: {got.get('limit', '')}".rstrip(": ")


def _n(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else "?"


# -- JUnit --------------------------------------------------------------------------------


def junit_xml(outcomes: Sequence[Outcome], manifest: Manifest, render: Render) -> bytes:
    """One <testsuite> (the manifest) with one <testcase> per model; a model that does not
    meet its expectation has a <failure> stating expected and got, the property, the
    counterexample's length and its file, and the diagnostics."""
    failures = sum(not o.passed for o in outcomes)
    total = f"{sum(o.run.elapsed for o in outcomes):.3f}"
    counts = {"tests": str(len(outcomes)), "failures": str(failures), "errors": "0"}
    root = ET.Element("testsuites", {"name": "checker ci", **counts, "time": total})
    suite_name = display_path(manifest.path)
    suite = ET.SubElement(
        root, "testsuite", {"name": suite_name, **counts, "skipped": "0", "time": total}
    )
    for o in outcomes:
        case = ET.SubElement(suite, "testcase", _case_attributes(o))
        if not o.passed:
            failure = ET.SubElement(case, "failure", {"message": _message(o), "type": _kind(o)})
            failure.text = failure_text(o, render)
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _case_attributes(o: Outcome) -> dict[str, str]:
    return {
        "name": o.entry.name,
        "classname": Path(o.entry.spec).stem,
        "time": f"{o.run.elapsed:.3f}",
        "file": o.entry.spec,
    }


def _kind(o: Outcome) -> str:
    verdict = o.run.got.get("verdict")
    return "mismatch" if verdict in ("ok", "violation") else str(verdict)


def _message(o: Outcome) -> str:
    return f"expected {describe_expected(o.entry)}; got {describe_got(o.run.got)}"


def failure_text(o: Outcome, render: Render) -> str:
    violation = o.run.got.get("violation") or {}
    lines = [
        f"model: {o.entry.name} (spec {o.entry.spec}, config {o.entry.config})",
        f"expected: {describe_expected(o.entry)}",
        f"got: {describe_got(o.run.got)}",
    ]
    if o.run.got.get("verdict") == o.entry.expect:
        lines += [f"- {p}" for p in o.problems]
    if violation:
        lines.append(f"property: {violation.get('property')}")
        lines.append(f"counterexample length: {violation.get('length')} step(s)")
        lines.append(f"trace file: {violation.get('trace_file') or '(not written)'}")
    lines += [render(d) for d in o.run.errors]
    return "\n".join(lines) + "\n"


# -- JSON ---------------------------------------------------------------------------------


def json_report(outcomes: Sequence[Outcome], manifest: Manifest) -> str:
    """One object: the manifest, the counts and per model its name, status, expected,
    got (the keys of `checker check --json`) and elapsed seconds."""
    models = [
        {
            "name": o.entry.name,
            "spec": o.entry.spec,
            "config": o.entry.config,
            "status": o.status,
            "expected": o.entry.expected(),
            "got": o.run.got,
            "problems": list(o.problems),
            "elapsed": round(o.run.elapsed, 3),
        }
        for o in outcomes
    ]
    passed = sum(o.passed for o in outcomes)
    out = {
        "manifest": display_path(manifest.path),
        "root": display_path(manifest.root),
        "passed": passed,
        "failed": len(outcomes) - passed,
        "models": models,
    }
    return json.dumps(out, indent=1) + "\n"


# -- GitHub Actions -----------------------------------------------------------------------


def github_annotations(outcomes: Sequence[Outcome], manifest: Manifest) -> list[str]:
    """`::error file=…,line=…,col=…,title=…::message` for each failing model, pointing at
    the violated invariant's definition (or the error, or the manifest line at fault)."""
    return [_annotation(o, manifest) for o in outcomes if not o.passed]


def _annotation(o: Outcome, manifest: Manifest) -> str:
    where = annotation_location(o, manifest)
    fields = [f"file={_property(where.path)}"]
    if where.line > 0:
        fields += [f"line={where.line}", f"col={where.col}"]
    fields.append(f"title={_property(_title(o))}")
    message = "\n".join(
        [*o.problems] + ([f"counterexample: {o.trace_file}"] if o.trace_file else [])
    )
    return f"::error {','.join(fields)}::{_data(message)}"


def annotation_location(o: Outcome, manifest: Manifest) -> Location:
    verdict = o.run.got.get("verdict")
    if verdict in ("violation", "error") and o.run.location is not None:
        return o.run.location
    key = None
    if verdict == o.entry.expect == "ok":
        key = "distinct" if o.run.got.get("distinct_states") != o.entry.distinct else "depth"
    elif verdict == "ok":
        key = "expect"
    table = o.entry.table
    place = table.keys.get(key, table.header) if table is not None and key else None
    place = place or (table.header if table is not None else None)
    path = display_path(manifest.path)
    return Location(path, place.line, place.col) if place else Location(path, 0, 0)


def _title(o: Outcome) -> str:
    got = o.run.got
    verdict = got.get("verdict")
    if verdict == "violation":
        what = f"{(got.get('violation') or {}).get('property')} violated"
    elif verdict == "ok":
        what = "no violation found" if o.entry.expect == "violation" else "state counts changed"
    elif verdict == "error":
        what = f"error {(got.get('error') or {}).get('code')}"
    else:
        what = f"no verdict ({verdict})"
    return f"{o.entry.name}: {what}"


def _data(text: str) -> str:
    """Escape a workflow command's message (GitHub's escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a workflow command's property value (GitHub's escapeProperty)."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
