"""TLC's library path: a module of the spec beside it (or in its file) named like one of
ours that TLC finds on its library path (Bags, the community modules) is used instead."""

from __future__ import annotations

from pathlib import Path

from checker.diagnostics import SourceFile
from checker.pipeline import build_model

SPEC = """---- MODULE Main ----
EXTENDS Naturals, Functions
VARIABLE v
Init == v = Range(<<1, 1>>)
Next == UNCHANGED v
====
"""
OWN = """---- MODULE Functions ----
Range(f) == 42
Mine == TRUE
====
"""


def _init(directory: Path, text: str = SPEC) -> object:
    src = SourceFile(str(directory / "Main.tla"), text)
    model = build_model(src, SourceFile(str(directory / "Main.cfg"), "INIT Init\nNEXT Next\n"))
    ((value,),) = model.init_states()
    return value


def test_ours_without_a_module_of_that_name(tmp_path: Path) -> None:
    assert _init(tmp_path) == frozenset({1})


def test_the_specs_own_module_beside_it(tmp_path: Path) -> None:
    (tmp_path / "Functions.tla").write_text(OWN)
    assert _init(tmp_path) == 42


def test_the_specs_own_module_in_its_file(tmp_path: Path) -> None:
    assert _init(tmp_path, SPEC + "\n" + OWN) == 42


def test_an_operator_of_ours_missing_from_the_specs_module(tmp_path: Path) -> None:
    (tmp_path / "Functions.tla").write_text(OWN)
    text = SPEC.replace("Range(<<1, 1>>)", "<<Mine, Range(<<2>>)>>")
    assert _init(tmp_path, text) == (True, 42)


def test_a_shadowed_module_with_infix_operators(tmp_path: Path) -> None:
    (tmp_path / "Bags.tla").write_text("---- MODULE Bags ----\nB1 (+) B2 == <<B1, B2>>\n====\n")
    text = SPEC.replace("Functions", "Bags").replace("Range(<<1, 1>>)", "1 (+) 2")
    assert _init(tmp_path, text) == (1, 2)


def test_a_module_of_ours_extends_the_specs_own(tmp_path: Path) -> None:
    """TLC: our SequencesExt extends Functions, found beside the spec first; so the spec
    sees that Functions' definitions (and no second Range), also through another module."""
    (tmp_path / "Functions.tla").write_text(OWN)
    (tmp_path / "Utils.tla").write_text("---- MODULE Utils ----\nEXTENDS Functions\n====\n")
    text = SPEC.replace("Functions", "SequencesExt, Utils").replace(
        "Range(<<1, 1>>)", "<<Mine, Range(<<2>>), Reverse(<<1, 2>>)>>"
    )
    assert _init(tmp_path, text) == (True, 42, (2, 1))


def test_the_specs_own_module_is_loaded_for_ours_alone(tmp_path: Path) -> None:
    (tmp_path / "Functions.tla").write_text(OWN)
    text = SPEC.replace("Functions", "SequencesExt").replace("Range(<<1, 1>>)", "Mine")
    assert _init(tmp_path, text) is True
