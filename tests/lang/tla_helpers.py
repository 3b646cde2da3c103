"""Helpers for the language tests: evaluate TLA+ through the real pipeline, run the CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from checker.cli.main import main
from checker.compile.model import Model
from checker.diagnostics import CheckerError, Diagnostic, SourceFile
from checker.pipeline import build_model
from checker.values import Value

TESTS = Path(__file__).resolve().parents[1]
SPECS = TESTS / "specs"
ALL_STANDARD = "Naturals, Integers, Sequences, FiniteSets, TLC"


def harness(
    expr: str,
    *,
    extends: str = ALL_STANDARD,
    defs: str = "",
    directory: Path | None = None,
    constants: str = "",
    output: Callable[[str], None] | None = None,
) -> Model:
    """A model whose one initial state holds the value of `expr` (in the variable `val`).

    `expr` is the definition `Val` on line 4 (column 8) unless `defs` come before it."""
    text = (
        "---- MODULE Harness ----\n"
        f"EXTENDS {extends}\n"
        "VARIABLE val\n"
        f"{defs}{chr(10) if defs else ''}"
        f"Val == {expr}\n"
        "HarnessInit == val = Val\n"
        "HarnessNext == UNCHANGED val\n"
        "====\n"
    )
    where = directory if directory is not None else TESTS
    cfg = (
        f"CONSTANTS\n{constants}\n" if constants else ""
    ) + "INIT HarnessInit\nNEXT HarnessNext\n"
    spec = SourceFile(str(where / "Harness.tla"), text)
    return build_model(spec, SourceFile(str(where / "Harness.cfg"), cfg), output)


def evaluate(expr: str, **kwargs: object) -> Value:
    """The value of a constant expression, computed as the initial state of a spec."""
    model = harness(expr, **kwargs)  # type: ignore[arg-type]
    (state,) = model.init_states()
    return state[0]


def model_of(spec: str, cfg: str = "INIT Init\nNEXT Next\n", name: str = "T") -> Model:
    """A model from spec text (the module header is added) and config text."""
    text = f"---- MODULE {name} ----\n{spec}\n====\n"
    src = SourceFile(f"{name}.tla", text)
    return build_model(src, SourceFile(f"{name}.cfg", cfg))


def failure(action: Callable[[], object]) -> Diagnostic:
    """The first diagnostic of the CheckerError that `action` raises."""
    with pytest.raises(CheckerError) as info:
        action()
    return info.value.diagnostics[0]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `checker ARGS` in-process; (exit code, stdout, stderr)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err
