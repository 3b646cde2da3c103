"""Import directions of the CI and graph code: networkx only in checker/graph/export.py,
and neither the CLI nor the rest of checker.graph loads it until a format needs it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

CHECKER = Path(__file__).resolve().parents[2] / "checker"


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_networkx_is_imported_only_in_the_graph_export() -> None:
    users = sorted(
        str(path.relative_to(CHECKER))
        for path in CHECKER.rglob("*.py")
        if any(m.split(".")[0] == "networkx" for m in imported_modules(path))
    )
    assert users == ["graph/export.py"]


@pytest.mark.parametrize("folder", ["ci", "graph"])
def test_ci_and_graph_do_not_import_rich_or_the_ui(folder: str) -> None:
    for path in (CHECKER / folder).rglob("*.py"):
        modules = imported_modules(path)
        assert not any(m.split(".")[0] == "rich" or m.startswith("checker.ui") for m in modules)


@pytest.mark.parametrize(
    "code",
    [
        "import checker.cli.main as m; m.build_parser()",
        "import checker.graph, checker.graph.dot, checker.ci",
    ],
)
def test_networkx_is_loaded_lazily(code: str) -> None:
    probe = f"{code}; import sys; print('networkx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
