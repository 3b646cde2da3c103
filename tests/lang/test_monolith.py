"""Modules written in the spec's own file after the root module (a "monolith" spec, as
TLC reads it): found after the files beside the spec and the library, located in the
spec's file at their own lines."""

from __future__ import annotations

from pathlib import Path

from tla_helpers import failure

from checker.api import check
from checker.lang.loader import load_spec

MONO = """---- MODULE Mono ----
\\* A monolith spec: the modules it uses are written after it, in this file.
EXTENDS Naturals, Common
VARIABLE x
Box == INSTANCE Boxed WITH y <- x
Init == x = Low
Next == x < High /\\ x' = Step(x)
Inv == Box!Small
====
Text after the root module is not part of it.

---- MODULE Boxed ----
EXTENDS Common
VARIABLE y
Small == y \\in Low..High
====

----- MODULE Common -----
EXTENDS Naturals
Low == 1
High == 7
Step(n) == n + 2
=====
"""
CFG = "INIT Init\nNEXT Next\nINVARIANT Inv\n"


def _spec(tmp_path: Path, text: str = MONO) -> Path:
    (tmp_path / "Mono.cfg").write_text(CFG)
    spec = tmp_path / "Mono.tla"
    spec.write_text(text)
    return spec


def test_modules_after_the_root_module_are_found(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    # TLC on Mono.tla/.cfg: deadlock reached, 4 distinct states, depth 4
    result = check(spec, tmp_path / "Mono.cfg", trace_dir=None)
    assert (result.distinct_states, result.depth) == (4, 4)
    assert result.violation is not None and result.violation.kind == "deadlock"
    loaded = load_spec(spec)
    assert [m.name for m in loaded.modules] == ["Common", "Mono"]
    assert {m.name for m in loaded.library} == {"Common", "Boxed", "Mono"}


def test_a_file_beside_the_spec_comes_first(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    (tmp_path / "Common.tla").write_text(
        "---- MODULE Common ----\nEXTENDS Naturals\nLow == 1\nHigh == 3\nStep(n) == n + 1\n====\n"
    )
    # TLC: Common.tla is used; deadlock reached, 3 distinct states, depth 3
    result = check(spec, tmp_path / "Mono.cfg", trace_dir=None)
    assert (result.distinct_states, result.depth) == (3, 3)


def test_an_error_in_a_module_of_the_file_is_located_at_its_line(tmp_path: Path) -> None:
    spec = _spec(tmp_path, MONO.replace("Step(n) == n + 2", "Step(n) == n + Unknown"))
    diag = failure(lambda: check(spec, tmp_path / "Mono.cfg", trace_dir=None))
    assert diag.code == "E201" and diag.span is not None
    assert (Path(diag.span.path).name, diag.span.line, diag.span.col) == ("Mono.tla", 22, 16)


def test_a_module_neither_beside_nor_in_the_file_is_not_found(tmp_path: Path) -> None:
    spec = _spec(tmp_path, MONO.replace("MODULE Common", "MODULE Commons"))
    diag = failure(lambda: load_spec(spec))
    assert diag.code == "E206" and diag.message == "module `Common` not found"
    assert diag.hint is not None and "after the root module in Mono.tla" in diag.hint


def test_only_a_whole_header_line_starts_a_module(tmp_path: Path) -> None:
    # TLC's extractor matches the header as a whole line: `---- MODULE Common ---- x`
    # does not start module Common
    spec = _spec(tmp_path, MONO.replace("----- MODULE Common -----", "---- MODULE Common ---- x"))
    assert failure(lambda: load_spec(spec)).code == "E206"
