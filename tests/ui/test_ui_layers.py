"""Import directions: rich only in checker/ui; the HTML page, the TLC import and the CLI
load it only when they need it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

CHECKER = Path(__file__).resolve().parents[2] / "checker"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_rich_is_imported_only_in_checker_ui() -> None:
    offenders = [
        str(path.relative_to(CHECKER))
        for path in sorted(CHECKER.rglob("*.py"))
        if "ui" not in path.relative_to(CHECKER).parts[:1]
        and any(m == "rich" or m.startswith("rich.") for m in imported_modules(path))
    ]
    assert offenders == []


@pytest.mark.parametrize("folder", ["traces", "values"])
def test_lower_layers_do_not_import_the_ui(folder: str) -> None:
    for path in (CHECKER / folder).rglob("*.py"):
        assert not any(m.startswith("checker.ui") for m in imported_modules(path)), path


@pytest.mark.parametrize(
    "module",
    [
        "checker.ui.html",
        "checker.ui.msc",
        "checker.ui.causal",
        "checker.traces.tlc",
        "checker.cli.trace_cmd",
    ],
)
def test_modules_that_do_not_load_rich(module: str) -> None:
    code = f"import sys, {module}; print(any(m.split('.')[0] == 'rich' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
