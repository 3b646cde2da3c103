"""`checker ci` on a manifest mixing passing and failing models: the summary, the exit
code, JUnit XML (parsed back), the JSON report and the GitHub annotations."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ci_helpers import Result, definition_line, make_repo, model, run_cli, write_manifest

from checker.api import check


@dataclass(frozen=True)
class Case:
    name: str
    table: str
    passes: bool
    failure: tuple[str, ...] = ()  # fragments of the JUnit failure text
    annotation: tuple[str, str] | None = None  # (file, definition name or "line:col")


CASES = [
    Case(
        "TwoPhase",
        model("TwoPhase", "specs/TwoPhase.tla", "specs/TwoPhase.cfg", "ok", distinct=288, depth=11),
        True,
    ),
    Case(
        "DieHard",
        model(
            "DieHard",
            "specs/DieHard.tla",
            "specs/DieHard.cfg",
            "violation",
            property="NotSolved",
            length=6,
        ),
        True,
    ),
    Case(
        "Stuck",
        model(
            "Stuck",
            "specs/Stuck.tla",
            "specs/Stuck.cfg",
            "violation",
            property="Deadlock",
            length=3,
        ),
        True,
    ),
    Case(
        "DieHard_short",
        model(
            "DieHard_short",
            "specs/DieHard.tla",
            "specs/DieHard.cfg",
            "violation",
            property="NotSolved",
            length=5,
        ),
        False,
        (
            "expected: a violation of NotSolved in 5 step(s)",
            "got: a violation of NotSolved in 6 step(s)",
            "property: NotSolved",
            "counterexample length: 6 step(s)",
            "trace file: out/traces/DieHard_short/DieHard_NotSolved.itf.json",
        ),
        ("specs/DieHard.tla", "NotSolved"),
    ),
    Case(
        "Counter_more",
        model(
            "Counter_more", "specs/Counter.tla", "specs/CounterOk.cfg", "ok", distinct=4, depth=3
        ),
        False,
        (
            "expected: ok (4 distinct states, depth 3)",
            "got: ok (3 distinct states, depth 3)",
            "distinct states: expected 4, got 3",
        ),
        ("models/manifest.toml", "distinct"),
    ),
    Case(
        "Counter_inv",
        model(
            "Counter_inv", "specs/Counter.tla", "specs/CounterInv.cfg", "ok", distinct=3, depth=3
        ),
        False,
        (
            "expected: ok (3 distinct states, depth 3)",
            "got: a violation of NotThree in 3 step(s)",
            "property: NotThree",
            "counterexample length: 3 step(s)",
            "trace file: out/traces/Counter_inv/Counter_NotThree.itf.json",
        ),
        ("specs/Counter.tla", "NotThree"),
    ),
    Case(
        "Stuck_deadlock",
        model("Stuck_deadlock", "specs/Stuck.tla", "specs/Stuck.cfg", "ok", distinct=4, depth=4),
        False,
        ("got: a violation of Deadlock in 3 step(s)", "property: Deadlock"),
        ("specs/Stuck.tla", "Next"),
    ),
    Case(
        "DivZero",
        model("DivZero", "specs/DivZero.tla", "specs/DivZero.cfg", "ok", distinct=2, depth=2),
        False,
        ("got: an error: [E402] division by zero", "error[E402]", "specs/DivZero.tla:5:14"),
        ("specs/DivZero.tla", "5:14"),
    ),
    Case(
        "Paxos_bug",
        model(
            "Paxos_bug",
            "specs/Paxos.tla",
            "models/Paxos_bug_singleton_quorums.cfg",
            "violation",
            property="Agreement",
            length=7,
        ),
        False,
        (
            "counterexample length: expected 7, got 8",
            "property: Agreement",
            "trace file: out/traces/Paxos_bug/Paxos_Agreement.itf.json",
        ),
        ("specs/Paxos.tla", "Agreement"),
    ),
]
IDS = [c.name for c in CASES]


@dataclass(frozen=True)
class MixedRun:
    repo: Path
    result: Result
    junit: ET.Element
    report: dict[str, Any]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MixedRun]:
    repo = tmp_path_factory.mktemp("repo")
    make_repo(repo)
    write_manifest(repo, *(c.table for c in CASES))
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(repo)
        result = run_cli(
            "ci",
            "--junit",
            "out/junit.xml",
            "--json",
            "out/ci.json",
            "--github",
            "--trace-dir",
            "out/traces",
        )
        junit = ET.parse(repo / "out" / "junit.xml").getroot()
        report = json.loads((repo / "out" / "ci.json").read_text())
        yield MixedRun(repo, result, junit, report)


def test_exit_code_is_1_when_some_model_fails(mixed: MixedRun) -> None:
    assert mixed.result.code == 1
    assert f"{len(CASES)} model(s): 3 pass, {len(CASES) - 3} fail" in mixed.result.out


def test_summary_rows_follow_the_manifest(mixed: MixedRun) -> None:
    rows = [line.split()[0] for line in mixed.result.out.splitlines()[2 : 2 + len(CASES)]]
    assert rows == IDS


def test_junit_has_one_suite_and_a_testcase_per_model(mixed: MixedRun) -> None:
    suites = mixed.junit.findall("testsuite")
    assert mixed.junit.tag == "testsuites" and len(suites) == 1
    suite = suites[0]
    assert suite.get("tests") == str(len(CASES))
    assert suite.get("failures") == str(sum(not c.passes for c in CASES))
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == IDS
    spec_names = [Path(c.table.split('spec = "')[1].split('"')[0]).stem for c in CASES]
    assert [c.get("classname") for c in cases] == spec_names
    assert all(float(c.get("time", "x")) >= 0 for c in cases)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_junit_failure_states_expected_and_got(mixed: MixedRun, case: Case) -> None:
    testcase = mixed.junit.find(f"testsuite/testcase[@name='{case.name}']")
    assert testcase is not None
    failure = testcase.find("failure")
    if case.passes:
        assert failure is None
        return
    assert failure is not None and failure.text is not None
    assert failure.get("message", "").startswith("expected ")
    for fragment in case.failure:
        assert fragment in failure.text


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_json_report(mixed: MixedRun, case: Case) -> None:
    entry = next(m for m in mixed.report["models"] if m["name"] == case.name)
    assert entry["status"] == ("pass" if case.passes else "fail")
    assert entry["expected"]["expect"] in ("ok", "violation")
    assert entry["elapsed"] >= 0
    if entry["got"]["verdict"] != "error":
        assert set(entry["got"]) == set(_check_json_keys(mixed.repo, entry))


def test_json_report_lists_the_models_in_order(mixed: MixedRun) -> None:
    assert [m["name"] for m in mixed.report["models"]] == IDS
    assert (mixed.report["passed"], mixed.report["failed"]) == (3, len(CASES) - 3)


def _check_json_keys(repo: Path, entry: dict[str, Any]) -> list[str]:
    result = check(repo / entry["spec"], repo / entry["config"], trace_dir=None)
    return list(result.to_json())


@pytest.mark.parametrize("case", [c for c in CASES if not c.passes], ids=lambda c: c.name)
def test_github_annotation_points_at_the_definition(mixed: MixedRun, case: Case) -> None:
    assert case.annotation is not None
    lines = [x for x in mixed.result.out.splitlines() if x.startswith("::error ")]
    line = next(x for x in lines if f"title={case.name}%3A" in x)
    path, target = case.annotation
    if ":" in target:
        where = target.split(":")
        expected = f"file={path},line={where[0]},col={where[1]},"
    elif path.endswith(".toml"):
        expected = f"file={path},line={_key_line(mixed.repo / path, case.name, target)},"
    else:
        expected = f"file={path},line={definition_line(mixed.repo / path, target)},col=1,"
    assert line.startswith("::error " + expected), line
    message = line.split("::", 2)[2]
    assert "\n" not in message and message


def test_github_annotations_only_for_failures(mixed: MixedRun) -> None:
    lines = [x for x in mixed.result.out.splitlines() if x.startswith("::error ")]
    assert len(lines) == sum(not c.passes for c in CASES)


def _key_line(manifest: Path, name: str, key: str) -> int:
    lines = manifest.read_text().splitlines()
    start = lines.index(f'name = "{name}"')
    return next(i for i in range(start, len(lines)) if lines[i].startswith(f"{key} =")) + 1


def test_counterexamples_go_to_the_trace_dir_per_model(mixed: MixedRun) -> None:
    written = sorted(
        str(p.relative_to(mixed.repo / "out" / "traces"))
        for p in (mixed.repo / "out" / "traces").rglob("*.itf.json")
    )
    expected = [
        "Counter_inv/Counter_NotThree.itf.json",
        "DieHard/DieHard_NotSolved.itf.json",
        "DieHard_short/DieHard_NotSolved.itf.json",
        "DivZero/DivZero_error.itf.json",  # the behaviour to the error (NOTE(error-trace))
        "Paxos_bug/Paxos_Agreement.itf.json",
        "Stuck/Stuck_Deadlock.itf.json",
        "Stuck_deadlock/Stuck_Deadlock.itf.json",
    ]
    assert written == expected


def test_reports_are_written_atomically(mixed: MixedRun) -> None:
    leftovers = [p.name for p in (mixed.repo / "out").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    assert os.stat(mixed.repo / "out" / "junit.xml").st_mode & 0o044  # readable by others


@pytest.mark.parametrize(
    ("tables", "code"),
    [
        ([CASES[0].table, CASES[1].table, CASES[2].table], 0),
        ([CASES[0].table, CASES[3].table], 1),
    ],
    ids=["all-pass", "one-fails"],
)
def test_exit_codes(repo: Path, tables: list[str], code: int) -> None:
    write_manifest(repo, *tables)
    result = run_cli("ci", "-q", "--no-trace-file")
    assert result.code == code
    assert not (repo / "counterexamples").exists()


def test_annotation_text_cannot_inject_workflow_commands() -> None:
    # GitHub's escapeData / escapeProperty: a newline in a message or a property value
    # stays inside the one annotation line
    from checker.ci.report import _data, _property

    hostile = "x%\r\n::error file=/etc/passwd::owned"
    assert _data(hostile) == "x%25%0D%0A::error file=/etc/passwd::owned"
    assert _property("a:b,c\nd") == "a%3Ab%2Cc%0Ad"
    assert "\n" not in _data(hostile) + _property(hostile)
