"""Import directions and who prints (docs/ARCHITECTURE.md, "Import directions"): the
engines know the model only through engine/seam.py, so checker/engine imports neither
the front end (checker.lang), the compiler (checker.compile), the UI nor the CLI; a
Trace (checker/traces) sits below the engines that produce it; the front end is entered
through checker/pipeline.py only (the layers it composes never import it, the commands
and APIs never skip it); and only checker/cli and checker/ui print. Every module's whole
AST is walked, so an import or a print inside a function counts too."""

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


def forbidden(found: set[str], banned: tuple[str, ...] = ENGINE_MAY_NOT_IMPORT) -> list[str]:
    return sorted(m for m in found for f in banned if m == f or m.startswith(f + "."))


def modules_under(*parts: str) -> list[Path]:
    """The modules of the packages or files `parts` (paths below checker/)."""
    found: list[Path] = []
    for part in parts:
        path = CHECKER / part
        found.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return found


def imports_of(path: Path) -> set[str]:
    return imports(path.read_text(encoding="utf-8"), module_name(path))


def engine_modules() -> list[Path]:
    return sorted((CHECKER / "engine").rglob("*.py"))


@pytest.mark.parametrize("path", engine_modules(), ids=lambda p: p.name)
def test_the_engine_imports_no_front_end_compiler_ui_or_cli(path: Path) -> None:
    found = imports(path.read_text(encoding="utf-8"), module_name(path))
    assert forbidden(found) == []


TRACES_MAY_NOT_IMPORT = (
    "checker.engine",
    "checker.compile",
    "checker.symbolic",
    "checker.lang",
    "checker.pipeline",
    "checker.ui",
    "checker.cli",
)


@pytest.mark.parametrize("path", modules_under("traces"), ids=lambda p: p.name)
def test_a_trace_sits_below_the_engines_that_produce_it(path: Path) -> None:
    assert forbidden(imports_of(path), TRACES_MAY_NOT_IMPORT) == []


@pytest.mark.parametrize("path", modules_under("lang", "ir", "compile"), ids=module_name)
def test_the_layers_the_pipeline_composes_never_import_it(path: Path) -> None:
    assert forbidden(imports_of(path), ("checker.pipeline",)) == []


# the front end's own entry points: a command or an API calling them would skip stages
FRONT_END_ENTRIES = (
    "checker.lang.loader",
    "checker.lang.parser",
    "checker.lang.resolve",
    "checker.lang.cfg.parse_config",
    "checker.compile.bind",
    "checker.ir.lower",
)
ENTERING = ("cli", "ci", "graph", "api.py", "symbolic/api.py")


@pytest.mark.parametrize("path", modules_under(*ENTERING), ids=module_name)
def test_commands_and_apis_enter_the_front_end_through_the_pipeline(path: Path) -> None:
    assert forbidden(imports_of(path), FRONT_END_ENTRIES) == []


def test_the_cli_and_the_apis_import_the_pipeline() -> None:
    for entering in ("cli", "api.py", "symbolic/api.py", "ci"):
        found = set().union(*(imports_of(p) for p in modules_under(entering)))
        assert "checker.pipeline" in found, entering


def test_the_pipeline_takes_the_front_end_s_entry_points() -> None:
    """The rule above is about the pipeline's own imports, so it cannot pass vacuously."""
    assert forbidden(imports_of(CHECKER / "pipeline.py"), FRONT_END_ENTRIES) != []


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
