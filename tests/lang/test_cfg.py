"""The TLC configuration parser (checker/lang/cfg.py)."""

from __future__ import annotations

import pytest

from checker.diagnostics import CheckerError, SourceFile
from checker.lang.cfg import ModelConfig, parse_config
from checker.values import ModelValue, render


def parse(text: str) -> ModelConfig:
    return parse_config(SourceFile("M.cfg", text))


FULL = """\\* spec: ../specs/Model.tla
(* A configuration using every directive. (* Comments nest. *) *)
CONSTANTS
    N = 3
    Neg = -2
    Name = "a \\"quoted\\" name"
    Flag = TRUE   \\* a line comment
    Off = FALSE
    Proc = {p1, p2, p3}
    None = None
    Pair = <<1, "x", {}>>
    Nested = {{a}, {}}
    Quorum <- MajorityQuorums
    Op <- DefinedOp
    Def = [Inner]5
    Inst!Def <- [Inner]Other
CONSTANT Extra = 7
INIT Init
NEXT Next
INVARIANT TypeOK
INVARIANTS Agreement
    Consistent
PROPERTY Liveness
PROPERTIES Progress, Termination
CONSTRAINT Bounded
CONSTRAINTS Small
ACTION_CONSTRAINT Fair
ACTION_CONSTRAINTS Monotone
SYMMETRY Perms
VIEW Abstract
ALIAS Pretty
POSTCONDITION Post
POSTCONDITIONS Post2
CHECK_DEADLOCK FALSE
"""


def test_every_directive() -> None:
    cfg = parse(FULL)
    constants = {c.name: render(c.value) for c in cfg.constants}
    assert constants == {
        "N": "3",
        "Neg": "-2",
        "Name": '"a \\"quoted\\" name"',
        "Flag": "TRUE",
        "Off": "FALSE",
        "Proc": "{p1, p2, p3}",
        "None": "None",
        "Pair": '<<1, "x", {}>>',
        "Nested": "{{}, {a}}",
        "Def": "5",
        "Extra": "7",
    }
    assert [c.module for c in cfg.constants if c.name == "Def"] == ["Inner"]
    assert [(s.name, s.target.name, s.module) for s in cfg.substitutions] == [
        ("Quorum", "MajorityQuorums", None),
        ("Op", "DefinedOp", None),
        ("Inst!Def", "Other", "Inner"),
    ]
    assert (cfg.init and cfg.init.name, cfg.next and cfg.next.name) == ("Init", "Next")
    assert cfg.specification is None
    assert [n.name for n in cfg.invariants] == ["TypeOK", "Agreement", "Consistent"]
    assert [n.name for n in cfg.properties] == ["Liveness", "Progress", "Termination"]
    assert [n.name for n in cfg.constraints] == ["Bounded", "Small"]
    assert [n.name for n in cfg.action_constraints] == ["Fair", "Monotone"]
    assert cfg.symmetry is not None and cfg.symmetry.name == "Perms"
    assert cfg.view is not None and cfg.view.name == "Abstract"
    assert cfg.alias is not None and cfg.alias.name == "Pretty"
    assert [n.name for n in cfg.postconditions] == ["Post", "Post2"]
    assert cfg.check_deadlock is False
    assert cfg.spec_hint == "../specs/Model.tla"


def test_a_list_directive_may_be_empty() -> None:
    cfg = parse("INIT I\nNEXT N\nPROPERTIES\n  \\* P Q\nINVARIANTS\nCHECK_DEADLOCK FALSE\n")
    assert cfg.properties == () and cfg.invariants == () and not cfg.check_deadlock


def test_model_values_are_distinct_from_strings_and_each_other() -> None:
    cfg = parse('CONSTANTS A = a\nB = "a"\nC = {a, b}\nD = a\n2PC = 2x\nINIT I NEXT N')
    values = {c.name: c.value for c in cfg.constants}
    assert values["A"] is ModelValue("a")
    assert values["A"] != values["B"]
    assert values["A"] is values["D"]
    assert values["C"] == frozenset({ModelValue("a"), ModelValue("b")})
    assert values["2PC"] is ModelValue("2x")


def test_specification_and_defaults() -> None:
    cfg = parse("SPECIFICATION Spec")
    assert cfg.specification is not None and cfg.specification.name == "Spec"
    assert (cfg.init, cfg.next, cfg.check_deadlock, cfg.spec_hint) == (None, None, True, None)


def test_names_carry_their_place() -> None:
    cfg = parse("INIT Init\n\nINVARIANT\n   TypeOK")
    (inv,) = cfg.invariants
    assert (inv.span.line, inv.span.col, inv.span.end_col) == (4, 4, 10)
    assert cfg.all_names()[0].name == "Init"


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        pytest.param(
            "INIT Init\nNEXT Next\nBOGUS Inv\n", 3, 1, "found `BOGUS`", id="bad-directive"
        ),
        pytest.param("INVARIENT TypeOK\n", 1, 1, "did you mean `INVARIANT`", id="misspelt"),
        pytest.param("CONSTANTS\n  N 3\n", 2, 5, "expected `=` or `<-`", id="no-equals"),
        pytest.param("CONSTANTS\n  N =\nINIT Init\n", 3, 1, "expected a value", id="no-value"),
        pytest.param("CONSTANTS N = {1, 2\nINIT Init\n", 1, 15, "never closed", id="unclosed-set"),
        pytest.param("CONSTANTS N = {1 2}\n", 1, 18, "expected `,` or `}`", id="no-comma"),
        pytest.param("CONSTANTS N = <<1\n", 1, 15, "never closed", id="unclosed-tuple"),
        pytest.param("CONSTANTS N <- 3\n", 1, 16, "definition name", id="bad-substitution"),
        pytest.param("INIT\n", 1, 1, "needs a name", id="no-name"),
        pytest.param("INIT A\nINIT B\n", 2, 6, "more than once", id="twice"),
        pytest.param("CHECK_DEADLOCK maybe\n", 1, 16, "TRUE or FALSE", id="deadlock-flag"),
        pytest.param("CONSTANTS N = 3 $\n", 1, 17, "`$`", id="bad-character"),
        pytest.param('CONSTANTS N = "abc\n', 1, 15, "string is never closed", id="string"),
        pytest.param(
            "INIT Init (* open\nNEXT Next\n", 1, 11, "comment is never closed", id="comment"
        ),
        pytest.param("_PERIODIC P\n", 1, 1, "not supported", id="periodic"),
        pytest.param("CONSTANTS F(1) = 2\n", 1, 12, "at given arguments", id="pointwise"),
        pytest.param("CONSTANTS N <- [M Op\n", 1, 17, "`[Module]`", id="module-prefix"),
        pytest.param("CONSTANTS N <- [M]\n", 1, 18, "definition name", id="no-target"),
    ],
)
def test_errors_carry_the_line(text: str, line: int, col: int, words: str) -> None:
    with pytest.raises(CheckerError) as info:
        parse(text)
    (diag,) = info.value.diagnostics
    assert diag.code in ("E301", "E305")
    assert diag.span is not None and (diag.span.line, diag.span.col) == (line, col), diag
    assert words in diag.message + (diag.hint or ""), diag


@pytest.mark.parametrize("text", ["", "  \n\n", "\\* only a comment\n", "\ufeff"])
def test_empty_configuration(text: str) -> None:
    # TLC accepts an empty configuration (a model of constants only needs nothing);
    # binding it to a spec with variables reports the missing INIT (E304).
    cfg = parse(text.lstrip("\ufeff"))
    assert cfg.init is None and cfg.constants == () and cfg.check_deadlock
