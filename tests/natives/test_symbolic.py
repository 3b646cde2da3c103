"""The symbolic checker and the native modules: first-order operators on constants are
evaluated; the others (and any on symbolic values) are refused with E602, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.cli.main import main

SPEC = """---- MODULE S ----
EXTENDS Integers, SequencesExt
VARIABLE x
Init == x = Max({1, 3})
Next == x' = x
Inv == x = SumSet(ToSet(<<1, 2>>))
====
"""


def _bmc(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    (tmp_path / "S.tla").write_text(text)
    (tmp_path / "S.cfg").write_text("INIT Init\nNEXT Next\nINVARIANT Inv\n")
    code = main(["bmc", str(tmp_path / "S.tla"), "--depth", "2", "--no-trace-file"])
    out, err = capsys.readouterr()
    return code, out + err


def test_first_order_operators_on_constants(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _bmc(tmp_path, SPEC, capsys)
    assert code == 0, out


@pytest.mark.parametrize(
    "inv",
    ["x = FoldLeft(+, 0, <<1, 2>>)", "Max({x, 1}) = 3"],
    ids=["operator argument", "symbolic argument"],
)
def test_the_rest_is_refused(inv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _bmc(tmp_path, SPEC.replace("x = SumSet(ToSet(<<1, 2>>))", inv), capsys)
    assert code == 2, out
    assert "error[E602]" in out and "Traceback" not in out, out
