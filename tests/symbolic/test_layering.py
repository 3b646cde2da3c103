"""Z3 stays inside checker/symbolic (STYLE.md: `z3` only in the symbolic package), and
importing the library does not load it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from symbolic_helpers import ROOT

PACKAGE = ROOT / "checker"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


@pytest.mark.parametrize(
    "path",
    sorted(p for p in PACKAGE.rglob("*.py") if "symbolic" not in p.relative_to(PACKAGE).parts),
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_z3_is_imported_only_by_the_symbolic_package(path: Path) -> None:
    assert "z3" not in _imports(path)


def test_symbolic_package_imports_z3() -> None:
    files = list((PACKAGE / "symbolic").glob("*.py"))
    assert any("z3" in _imports(p) for p in files)  # the scan above can see it


def test_import_checker_does_not_load_z3() -> None:
    code = "import sys, checker; checker.prove; print('z3' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "False"
