"""SVG, IOUtils and TLCExt: the operators evaluated (values as TLC's overrides and the
modules' definitions give them), and those refused where they are evaluated: an effect
outside the checker (E211), or what cannot be done exactly (E106)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.cli.main import main
from checker.diagnostics import SourceFile
from checker.pipeline import build_model
from tests.natives.helpers import step_failure, stepped

EXT = "Integers, Sequences, TLC, SVG, IOUtils, TLCExt, CSV, Json"

CASES = [
    (
        'SVGElemToString(V(Circle(1, 2, 3, [fill |-> "red"])))',
        "\"<circle cx='1' cy='2' fill='red' r='3'></circle>\"",
    ),
    (
        'SVGElemToString(V(Line(0, 1, 2, 3, [stroke_width |-> "1"])))',
        "\"<line stroke-width='1' x1='0' x2='2' y1='1' y2='3'></line>\"",
    ),
    (
        'SVGElemToString(V(Group(<<Rect(0, 0, 5, 6, <<>>), Text(1, 2, "<<a>>", <<>>)>>, <<>>)))',
        "\"<g><rect height='6' width='5' x='0' y='0'></rect>"
        "<text x='1' y='2'>&lt;&lt;a&gt;&gt;</text></g>\"",
    ),
    ('Text(1, 2, "t", [x |-> "9"]).attrs', '[x |-> "1", y |-> "2"]'),
    ("SVGDoc(Svg(<<>>, <<>>), 0, 0, 10, 20, <<>>).attrs.viewBox", '"0 0 10 20"'),
    ('Image(1, 2, 3, 4, "h.png", <<>>).attrs["xlink:href"]', '"h.png"'),
    ('SVGElem(V("p"), <<>>, <<>>, "").name', '"p"'),
    (
        "<<NodeOfRingNetwork(V(10), 10, 5, 0, 4), NodeOfRingNetwork(V(10), 10, 5, 1, 4)>>",
        "<<[x |-> 15, y |-> 10], [x |-> 10, y |-> 15]>>",
    ),
    ("PointOnLine(V([x |-> 0, y |-> 0]), [x |-> 10, y |-> -5], 3)", "[x |-> 3, y |-> -1]"),
    ('<<atoi(V("42")), atoi(V("-7")), atoi(V("+3"))>>', "<<42, -7, 3>>"),
    (
        "<<zeroPadN(V(42), 5), zeroPadN(V(123), 3), zeroPadN(V(0), 4)>>",
        '<<"00042", "123", "0000">>',
    ),
    ('TLCModelValue(V("m")) = TLCModelValue("m")', "TRUE"),
    ("<<TLCNoOp(V(3)), TLCCache(V(4), {})>>", "<<3, 4>>"),
    ("<<AssertEq(V(1), 1), AssertEq(V(1), 2)>>", "<<TRUE, FALSE>>"),
]


REFUSED = [
    ('IOExec(<<"ls">>)', "E211"),
    ("IOEnv", "E211"),
    ('CSVRecords("f.csv")', "E211"),
    ('JsonSerialize("f.json", V(1))', "E211"),
    ('ndJsonDeserialize("f.json")', "E211"),
    ('IOSerialize(1, "f", TRUE)', "E211"),
    ('SVGSerialize(Svg(<<>>, <<>>), "f", 1)', "E211"),
    ("Trace", "E106"),
    ('AssertError("e", 1)', "E106"),
    ("TLCDefer(TRUE)", "E106"),
    ("ToJson(V(1))", "E106"),
]


@pytest.mark.parametrize(("expr", "code"), REFUSED, ids=[c for c, _ in REFUSED])
def test_refused_where_evaluated(expr: str, code: str) -> None:
    # NOTE(refused-when-evaluated): a warning at load, an error where evaluated, none in a
    # branch never taken (as TLC, which never evaluates it there)
    model = stepped(f"IF t = 1 THEN {expr} ELSE 0", EXT)
    warned = [w for w in model.warnings if w.code == code]
    assert warned and warned[0].severity == "warning", model.warnings
    assert warned[0].span is not None and warned[0].span.line == 6
    (init,) = model.init_states()
    assert [s for _, s in model.successors(init)] == [(0,)]
    diag = step_failure(f"IF t = 0 THEN {expr} ELSE 0", EXT)
    assert diag.code == code, diag
    assert diag.span is not None and diag.span.line == 6 and diag.span.col == 29, diag.span


def test_refusal_in_a_definition_never_used_is_no_error(tmp_path: Path) -> None:
    (tmp_path / "U.tla").write_text(
        '---- MODULE U ----\nEXTENDS IOUtils\nVARIABLE x\nOut == IOExec(<<"rm">>)\n'
        "Init == x = 0\nNext == UNCHANGED x\n====\n"
    )
    (tmp_path / "U.cfg").write_text("INIT Init\nNEXT Next\n")
    assert main(["check", str(tmp_path / "U.tla"), "--no-trace-file", "-q"]) == 0


def test_assert_eq_prints_what_differs() -> None:
    printed: list[str] = []
    text = (
        "---- MODULE A ----\nEXTENDS TLCExt\nVARIABLE x\nInit == x = 0\n"
        "Next == UNCHANGED x\nInv == AssertEq(<<x>>, <<1>>)\n====\n"
    )
    cfg = SourceFile("A.cfg", "INIT Init\nNEXT Next\nINVARIANT Inv\n")
    model = build_model(SourceFile("A.tla", text), cfg, printed.append)
    (init,) = model.init_states()
    assert model.violated_invariant(init) == "Inv"
    assert printed == ["Assertion failed", "<<0>>", "<<1>>"]


ERRORS = [
    ('atoi(V("x1"))', "E401", "atoi expects"),
    ('atoi(V("99999999999"))', "E401", "atoi expects"),
    ('SVGElemToString(V([name |-> "n"]))', "E403", "no field `attrs`"),
    ("SVGElemToString(V([name |-> 1]))", "E401", "expects a string"),
    ("PointOnLine(V([x |-> 0, y |-> 0]), [x |-> 1, y |-> 1], 0)", "E402", "division by zero"),
    ("TLCModelValue(V(1))", "E401", "TLCModelValue expects a string"),
]
