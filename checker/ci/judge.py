"""Comparing a run with its manifest entry.

A model passes when the verdict is the expected one and, for "ok", the distinct states
and the depth are the expected ones, for "violation", the property and the length of the
shortest counterexample are (and its kind, where the manifest gives one: "liveness" for
a lasso). With `fail_on_dead_actions = true`, an "ok" model also fails when an action of
Next never fired. An evaluation error, a load error or a limit reached is a
failure, whatever was expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.ci.manifest import Entry
from checker.ci.run import Run


@dataclass(frozen=True)
class Outcome:
    entry: Entry
    run: Run
    problems: tuple[str, ...]  # empty: the model meets its expectation

    @property
    def status(self) -> str:
        return "fail" if self.problems else "pass"

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def trace_file(self) -> str | None:
        """The counterexample's file: a violation's, or the behaviour to an evaluation
        error's (NOTE(error-trace))."""
        for key in ("violation", "error"):
            found = self.run.got.get(key)
            if isinstance(found, dict) and found.get("trace_file"):
                return str(found["trace_file"])
        return None


def judge(entry: Entry, run: Run) -> Outcome:
    return Outcome(entry, run, tuple(problems(entry, run.got)))


def problems(entry: Entry, got: dict[str, Any]) -> list[str]:
    """What differs between the expectation and the result (empty when it is met)."""
    verdict = got.get("verdict")
    if verdict != entry.expect:
        return [f"expected {describe_expected(entry)}; got {describe_got(got)}"]
    pairs: list[tuple[str, Any, Any]]
    if verdict == "ok":
        pairs = [("distinct states", entry.distinct, got.get("distinct_states"))]
        pairs.append(("depth", entry.depth, got.get("depth")))
    else:
        violation = got.get("violation") or {}
        pairs = [("violated property", entry.property, violation.get("property"))]
        pairs.append(("counterexample length", entry.length, violation.get("length")))
        if entry.kind is not None:
            pairs.append(("kind of violation", entry.kind, violation.get("kind")))
    out = [f"{what}: expected {_n(e)}, got {_n(g)}" for what, e, g in pairs if e != g]
    if entry.fail_on_dead_actions and verdict == "ok":
        out.extend(dead_actions(got))
    return out


def dead_actions(got: dict[str, Any]) -> list[str]:
    """`fail_on_dead_actions`: the actions of Next that never fired (NOTE(coverage))."""
    coverage = got.get("coverage")
    if not isinstance(coverage, dict):
        return ["fail_on_dead_actions: the run has no coverage"]
    dead = [a for a in coverage.get("actions", ()) if a.get("generated") == 0]
    if not dead:
        return []
    names = ", ".join(f"{a.get('action')} ({a.get('location')})" for a in dead)
    return [f"action(s) that never fired (fail_on_dead_actions): {names}"]


def describe_expected(entry: Entry) -> str:
    if entry.expect == "ok":
        return f"ok ({_n(entry.distinct)} distinct states, depth {_n(entry.depth)})"
    return f"a violation of {entry.property} in {_n(entry.length)} step(s)"


def describe_got(got: dict[str, Any]) -> str:
    verdict = got.get("verdict")
    if verdict == "ok":
        return f"ok ({_n(got.get('distinct_states'))} distinct states, depth {got.get('depth')})"
    if verdict == "violation":
        v = got.get("violation") or {}
        return f"a violation of {v.get('property')} in {v.get('length')} step(s)"
    if verdict == "error":
        error = got.get("error") or {}
        return f"an error: [{error.get('code')}] {error.get('message')}"
    if verdict == "limit":
        return (
            f"no verdict: {got.get('limit')} reached after {_n(got.get('distinct_states'))} states"
        )
    return f"no verdict ({verdict})"


def _n(value: Any) -> str:
    if value is None:
        return "(none)"
    return f"{value:,}" if isinstance(value, int) else str(value)
