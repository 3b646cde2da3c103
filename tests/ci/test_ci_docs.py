"""The documented commands (docs/ci.md, docs/github-workflow.yml) are valid command lines,
and the workflow uploads what `checker ci` writes."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from ci_helpers import ROOT

from checker.cli.main import build_parser

WORKFLOW = ROOT / "docs" / "github-workflow.yml"
GUIDE = ROOT / "docs" / "ci.md"


def workflow_commands() -> list[str]:
    """The `run:` commands of the workflow, folded (`>-`) blocks joined."""
    commands, block, indent = [], list[str](), -1
    for line in WORKFLOW.read_text().splitlines():
        stripped = line.strip()
        if block and (len(line) - len(line.lstrip()) > indent) and stripped:
            block.append(stripped)
            continue
        if block:
            commands.append(" ".join(block))
            block = []
        if stripped.startswith("run: >-"):
            block, indent = [""], len(line) - len(line.lstrip())
        elif stripped.startswith("run: "):
            commands.append(stripped.removeprefix("run: "))
    if block:
        commands.append(" ".join(block))
    return [c.strip() for c in commands]


def guide_commands() -> list[str]:
    lines, inside = [], False
    for line in GUIDE.read_text().splitlines():
        if line.startswith("```"):
            inside = not inside
        elif inside and line.startswith("checker "):
            lines.append(line.split("#")[0].split("|")[0].strip())
    return lines


def checker_commands() -> list[str]:
    return [c for c in workflow_commands() + guide_commands() if c.startswith("checker ")]


def test_the_docs_have_commands() -> None:
    assert any(c.startswith("checker ci ") and "--github" in c for c in workflow_commands())
    assert len(guide_commands()) >= 5


@pytest.mark.parametrize("command", checker_commands())
def test_documented_command_parses(command: str) -> None:
    args = build_parser().parse_args(shlex.split(command)[1:])
    assert args.command in ("ci", "graph")


def test_workflow_uploads_the_reports_and_counterexamples() -> None:
    ci = next(c for c in workflow_commands() if c.startswith("checker ci "))
    args = build_parser().parse_args(shlex.split(ci)[1:])
    text = WORKFLOW.read_text()
    uploaded = re.findall(r"path: (\S+)", text)
    assert args.junit and args.github and args.trace_dir
    assert f"{args.trace_dir}/" in uploaded
    assert any(args.junit.startswith(p) for p in uploaded)
    assert text.count("if: always()") >= 2


def test_guide_lists_every_ci_option() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    ci = sub.choices["ci"]  # type: ignore[index]
    text = GUIDE.read_text()
    for action in ci._actions:
        for flag in action.option_strings:
            if flag not in ("-h", "--help"):
                assert f"`{flag}" in text or f" {flag}" in text, flag


def test_workflow_file_is_in_docs() -> None:
    assert Path(WORKFLOW).is_file() and "actions/upload-artifact" in WORKFLOW.read_text()
