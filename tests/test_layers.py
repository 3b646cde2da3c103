"""Import directions and who prints (docs/ARCHITECTURE.md, "Import directions"): the
engines know the model only through engine/seam.py, so checker/engine imports neither
the front end (checker.lang), the compiler (checker.compile), the UI nor the CLI; and
only checker/cli and checker/ui print. Every module's whole AST is walked, so an import
or a print inside a function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CHECKER = Path(__file__).resolve().parents[1] / "checker"

ENGINE_MAY_NOT_IMPORT = ("checker.lang", "checker.compile", "checker.ui", "checker.cli")
PRINTERS = ("cli", "ui")  # the packages that own the terminal
# a developer's script (`python -m checker.lang.tables`), never run by the checker
SCRIPTS = {"lang/tables.py"}


def module_name(path: Path) -> str:
    """Dotted, `__init__` kept: a relative import drops as many parts as its dots."""
    return ".".join(path.relative_to(CHECKER.parent).with_suffix("").parts)


def imports(source: str, module: str) -> set[str]:
    """Every module `source` (the module `module`) imports, anywhere in it: `import`,
    `from ... import` (relative ones resolved, and each imported name as a possible
    submodule) and `importlib.import_module` / `__import__` of a constant."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and _dynamic_import(node):
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
    return found


def _absolute(node: ast.ImportFrom, module: str) -> str:
    if node.level == 0:
        return node.module or ""
    package = module.split(".")[: -node.level] if node.level else []
    return ".".join([*package, node.module] if node.module else package)


def _dynamic_import(node: ast.Call) -> bool:
    f = node.func
    name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
    return name in ("import_module", "__import__") and bool(node.args)


def prints(source: str) -> list[int]:
    """Lines that print: a call of `print`, any use of sys.stdout or sys.stderr (their
    `write`, `print(..., file=sys.stderr)`), `from sys import stdout`."""
    return [node.lineno for node in ast.walk(ast.parse(source)) if _printing(node)]


def _printing(node: ast.AST) -> bool:
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Name) and node.func.id == "print"
    if isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr"):
        return isinstance(node.value, ast.Name) and node.value.id == "sys"
    if isinstance(node, ast.ImportFrom) and node.module == "sys":
        return any(a.name in ("stdout", "stderr") for a in node.names)
    return False


def forbidden(found: set[str]) -> list[str]:
    return sorted(
        m for m in found for f in ENGINE_MAY_NOT_IMPORT if m == f or m.startswith(f + ".")
    )


def engine_modules() -> list[Path]:
    return sorted((CHECKER / "engine").rglob("*.py"))


@pytest.mark.parametrize("path", engine_modules(), ids=lambda p: p.name)
def test_the_engine_imports_no_front_end_compiler_ui_or_cli(path: Path) -> None:
    found = imports(path.read_text(encoding="utf-8"), module_name(path))
    assert forbidden(found) == []


def test_only_the_cli_and_the_ui_print() -> None:
    offenders = {}
    for path in sorted(CHECKER.rglob("*.py")):
        rel = path.relative_to(CHECKER)
        if rel.parts[0] in PRINTERS or rel.as_posix() in SCRIPTS:
            continue
        lines = prints(path.read_text(encoding="utf-8"))
        if lines:
            offenders[rel.as_posix()] = lines
    assert offenders == {}


# -- the scans can fail -------------------------------------------------------------------

FORBIDDEN_SOURCES = [
    "import checker.compile.model",
    "from checker.lang import parser",
    "from checker import ui",
    "from checker import cli",
    "def f():\n    from checker.compile.model import Model\n",
    "class C:\n    def m(self):\n        import checker.ui.show as s\n",
    "from ..compile import model",  # relative, from checker.engine.x
    "import importlib\nimportlib.import_module('checker.cli.main')",
]


@pytest.mark.parametrize("source", FORBIDDEN_SOURCES)
def test_the_import_scan_sees_a_forbidden_import(source: str) -> None:
    assert forbidden(imports(source, "checker.engine.x")) != []


@pytest.mark.parametrize(
    "source",
    [
        "from checker.engine.seam import State",
        "from . import native",
        "from checker.values import render",
        "import checker.compiled_cache",  # a name that only begins like one
    ],
)
def test_the_import_scan_lets_allowed_imports_pass(source: str) -> None:
    assert forbidden(imports(source, "checker.engine.x")) == []


@pytest.mark.parametrize(
    "source",
    [
        "print('x')",
        "def f():\n    print('x')\n",
        "import sys\nsys.stdout.write('x')",
        "import sys\ndef f():\n    sys.stderr.write('x')\n",
        "import sys\nprint('x', file=sys.stderr)",
        "from sys import stdout",
    ],
)
def test_the_print_scan_sees_printing(source: str) -> None:
    assert prints(source) != []


def test_the_print_scan_lets_other_names_pass() -> None:
    assert prints("fingerprint(x)\nobserver.on_output('x')\nself.print_trace()") == []
