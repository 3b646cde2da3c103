"""Malformed input through the real CLI: a table in the style of Lark's GRAMMAR_ERRORS.

`MALFORMED` maps what the user must read (a part of the message) to malformed examples.
Each example runs `checker parse SPEC [--config CFG]` and must give exit code 2, the
stable error code, `file:line:col` where a location exists, the names involved, and
never a Python traceback. `SYNTAX_ERRORS` (the parser's own table of friendly messages)
is iterated too, so that every message stays reachable.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tla_helpers import run_cli

from checker.lang.syntax_errors import SYNTAX_ERRORS


@dataclass(frozen=True)
class Case:
    spec: str | bytes  # the text of Spec.tla (a header is added to str bodies unless raw)
    code: str
    where: tuple[str, int, int] | None  # (file, line, col) of the primary location
    names: tuple[str, ...] = ()  # words the output must contain (the names involved)
    cfg: str | None = None  # text of Spec.cfg, passed with --config
    beside: dict[str, str] = field(default_factory=dict)  # other files next to the spec
    raw: bool = False  # `spec` is the whole file


def module(body: str) -> str:
    return f"---- MODULE Spec ----\n{body}\n====\n"


COUNTER = """EXTENDS Naturals
CONSTANT N
VARIABLE x
TypeOK == x \\in 0..N
Init == x = 0
Next == x' = x + 1"""

KMOD = "---- MODULE K ----\nEXTENDS Naturals\nCONSTANT C\nDouble == 2 * C\n====\n"


MALFORMED: dict[str, list[Case]] = {
    "the file is empty": [
        Case("", "E100", None, ("Spec.tla",), raw=True),
        Case("  \n\n\t\n", "E100", None, ("Spec.tla",), raw=True),
    ],
    "is not a text file": [
        Case(b"\x00\x01\x02\xffgarbage\x00" * 40, "E100", None, ("Spec.tla",), raw=True),
    ],
    "is not UTF-8 text": [
        Case(
            b"---- MODULE Spec ----\nA == \xff\xfe\n====\n", "E100", None, ("Spec.tla",), raw=True
        ),
    ],
    "no module header": [
        Case("A == 1\n", "E105", None, ("MODULE",), raw=True),
        Case("\x1b[31m\u200b\ufffd random ⟨⟩ noise\n", "E105", None, (), raw=True),
    ],
    "the module has no end line": [
        Case("---- MODULE Spec ----\nA == 1\n", "E105", ("Spec.tla", 2, 6), ("====",), raw=True),
    ],
    "expected `==` after the name being defined": [
        Case(module("Foo 1"), "E102", ("Spec.tla", 2, 5), ("`1`",)),
        Case(module("VARIABLE x\nInit(p) x = p"), "E102", ("Spec.tla", 3, 9), ("`x`",)),
    ],
    "expected an expression": [
        Case(module("A == " + "-" * 5000), "E102", ("Spec.tla", 2, 6), ("---...",)),
        Case(module("A == 1 +\nB == 2"), "E102", ("Spec.tla", 3, 1), ("`B`",)),
    ],
    "a definition is written `Name == expression`": [
        Case(module("Foo = 1"), "E102", ("Spec.tla", 2, 5), ("`=`",)),
    ],
    "is never closed": [
        Case(module("Foo == [1, 2\nBar == 3"), "E103", ("Spec.tla", 2, 8), ("`[`", "`]`", "Bar")),
        Case(module("Foo == {1, 2"), "E103", ("Spec.tla", 2, 8), ("`{`", "`}`")),
        Case(module("A == {1,\nB == 2"), "E103", ("Spec.tla", 2, 6), ("`B`", "`{`")),
        Case(module("Foo == f(<<1, 2)"), "E103", ("Spec.tla", 2, 10), ("`<<`",)),
        Case(module("(* open (* nested *)\nFoo == 1"), "E103", ("Spec.tla", 2, 1), ("comment",)),
        Case(module('Foo == "abc\nBar == 1'), "E103", ("Spec.tla", 2, 8), ("string",)),
    ],
    "unknown escape": [
        Case(module('Foo == "a \\* b"'), "E102", ("Spec.tla", 2, 11), ("`\\*`",)),
    ],
    "unexpected character": [
        Case(module("Foo == 1 ? 2"), "E101", ("Spec.tla", 2, 10), ("`?`",)),
        Case(module("Foo == 1 \x07 2"), "E101", ("Spec.tla", 2, 10), ("\\x07",)),
    ],
    "unknown name": [
        Case(
            module("VARIABLE maxBal\nFoo == maxBall"),
            "E201",
            ("Spec.tla", 3, 8),
            ("maxBall", "did you mean `maxBal`?"),
        ),
        Case(module("Foo == Len(<<>>)"), "E201", ("Spec.tla", 2, 8), ("Len", "EXTENDS Sequences")),
    ],
    "is not defined here": [
        Case(module("Foo == 1 + 2"), "E201", ("Spec.tla", 2, 8), ("`+`", "EXTENDS Naturals")),
        Case(
            module("EXTENDS Naturals\nFoo == -1"),
            "E201",
            ("Spec.tla", 3, 8),
            ("`-`", "EXTENDS Integers"),
        ),
    ],
    "unknown operator": [
        Case(module("Foo == 1 \\prec 2"), "E201", ("Spec.tla", 2, 8), ("\\prec",)),
        Case(module("Foo == {1} \\supseteq {1}"), "E201", ("Spec.tla", 2, 8), ("\\supseteq",)),
        Case(module("Foo == 1^+"), "E201", ("Spec.tla", 2, 8), ("^+",)),
        Case(module("Op(F(_)) == 1\nFoo == Op(^*)"), "E201", ("Spec.tla", 3, 11), ("^*",)),
    ],
    "is not a TLA+ operator": [
        Case(module("Foo == 1 \\foo 2"), "E102", ("Spec.tla", 2, 10), ("\\foo",)),
    ],
    "cannot be chained": [
        Case(module("Foo == 1 = 2 = 3"), "E108", ("Spec.tla", 2, 14), ("`=`",)),
        Case(module("a !! b == a\nFoo == 1 !! 2 !! 3"), "E108", ("Spec.tla", 3, 15), ("`!!`",)),
    ],
    "need parentheses": [
        Case(module("EXTENDS Integers\nFoo == 2 * -3"), "E108", ("Spec.tla", 3, 12), ("`*`",)),
        Case(
            module("VARIABLE x\nInit == x = 0\nNext == UNCHANGED x'"),
            "E108",
            ("Spec.tla", 4, 19),
            ("UNCHANGED", "`'`"),
        ),
    ],
    "this label changes how the expression is read": [
        Case(module("EXTENDS Naturals\nFoo == 2 * lbl :: 3 + 4"), "E108", ("Spec.tla", 3, 12), ()),
    ],
    "cannot be passed as an operator argument": [
        Case(
            module("Op(F(_, _), x) == 1\nFoo == Op(\\X, 1)"), "E102", ("Spec.tla", 3, 11), ("\\X",)
        ),
        Case(
            module("Op(F(_, _)) == 1\nG(H(_), x) == x\nFoo == Op(G)"),
            "E202",
            ("Spec.tla", 4, 11),
            ("`G`", "operator"),
        ),
    ],
    "a label's parameters are names": [
        Case(module("Foo == lbl(1) :: 2"), "E102", ("Spec.tla", 2, 12), ()),
    ],
    "is used before its definition": [
        Case(module("Foo == Bar\nBar == 1"), "E201", ("Spec.tla", 2, 8), ("Bar", "RECURSIVE")),
    ],
    "arguments": [
        Case(
            module("F(a, b) == a\nFoo == F(1)"), "E202", ("Spec.tla", 3, 8), ("`F`", "2 arguments")
        ),
        Case(
            module("EXTENDS Sequences\nFoo == Len(<<1>>, 2)"), "E202", ("Spec.tla", 3, 8), ("Len",)
        ),
        Case(module("RECURSIVE F(_, _)\nF(a) == a"), "E202", ("Spec.tla", 3, 1), ("RECURSIVE",)),
        Case(
            module("EXTENDS Naturals\nOp(F(_), x) == F(x)\nFoo == Op(+, 1)"),
            "E202",
            ("Spec.tla", 4, 11),
            ("`+`", "2 arguments"),
        ),
        Case(
            module("Op(F(_), x) == F(x)\nFoo == Op(LAMBDA a, b : a, 1)"),
            "E202",
            ("Spec.tla", 3, 11),
            ("LAMBDA", "2 arguments"),
        ),
    ],
    "is declared RECURSIVE but never defined": [
        Case(module("RECURSIVE F(_)\nG == F(1)"), "E208", ("Spec.tla", 2, 11), ("`F`",)),
    ],
    "is already defined": [
        Case(module("F == 1\nF == 2"), "E203", ("Spec.tla", 3, 1), ("`F`", "Spec.tla:2:1")),
        Case(module("CONSTANT N\nVARIABLE N"), "E203", ("Spec.tla", 3, 10), ("`N`",)),
        Case(
            module("EXTENDS Naturals\na + b == a"), "E203", ("Spec.tla", 3, 3), ("`+`", "Naturals")
        ),
    ],
    "is already bound here": [
        Case(module("F(x, x) == 1"), "E203", ("Spec.tla", 2, 6), ("`x`",)),
    ],
    "is never given a value by an action": [
        Case(
            module("VARIABLES x, y\nInit == x = 0 /\\ y = 0\nNext == x' = x"),
            "E205",
            ("Spec.tla", 2, 14),
            ("`y`",),
        ),
    ],
    "not found": [
        Case(module("EXTENDS Missing"), "E206", ("Spec.tla", 2, 9), ("Missing",)),
        Case(module("INSTANCE Missing"), "E206", ("Spec.tla", 2, 10), ("Missing",)),
    ],
    "circular EXTENDS": [
        Case(
            module("EXTENDS Other"),
            "E209",
            ("Other.tla", 2, 9),
            ("Spec -> Other -> Spec",),
            beside={"Other.tla": "---- MODULE Other ----\nEXTENDS Spec\n====\n"},
        ),
    ],
    "circular INSTANCE": [
        Case(
            module("N == INSTANCE Other"),
            "E209",
            ("Other.tla", 2, 15),
            ("Spec -> Other -> Spec",),
            beside={"Other.tla": "---- MODULE Other ----\nM == INSTANCE Spec\n====\n"},
        ),
    ],
    "has no substitution": [
        Case(
            module("N == INSTANCE K"),
            "E210",
            ("Spec.tla", 2, 1),
            ("`C`", "`K`", "WITH C <-"),
            beside={"K.tla": KMOD},
        ),
    ],
    "has no constant or variable": [
        Case(
            module("N == INSTANCE K WITH C <- 1, Cc <- 2"),
            "E210",
            ("Spec.tla", 2, 30),
            ("`Cc`", "did you mean `C`"),
            beside={"K.tla": KMOD},
        ),
        Case(
            module("INSTANCE K WITH + <- Foo"),
            "E210",
            ("Spec.tla", 2, 17),
            ("`+`", "`K`"),
            beside={"K.tla": KMOD},
        ),
    ],
    "the instance `N` takes 1 argument": [
        Case(
            module("N(p) == INSTANCE K WITH C <- p\nA == N!Double"),
            "E202",
            ("Spec.tla", 3, 6),
            ("`N`",),
            beside={"K.tla": KMOD},
        ),
    ],
    "instance `N` has no definition": [
        Case(
            module("N == INSTANCE K WITH C <- 1\nA == N!Doubel"),
            "E201",
            ("Spec.tla", 3, 8),
            ("`Doubel`", "did you mean `N!Double`"),
            beside={"K.tla": KMOD},
        ),
    ],
    "is not a known instance": [
        Case(module("A == M!Op"), "E201", ("Spec.tla", 2, 6), ("`M`",)),
    ],
    "must be at most constant-level": [
        Case(
            module("VARIABLE v\nN == INSTANCE KV WITH C <- v, w <- v"),
            "E207",
            ("Spec.tla", 3, 23),
            ("`C`", "state-level"),
            beside={"KV.tla": "---- MODULE KV ----\nCONSTANT C\nVARIABLE w\n====\n"},
        ),
    ],
    "ASSUME must be a constant formula": [
        Case(module("VARIABLE v\nASSUME v = 1"), "E207", ("Spec.tla", 3, 8), ("state-level",)),
    ],
    "`/\\` and `\\/` cannot be mixed without parentheses": [
        Case(module("Foo == TRUE /\\ FALSE \\/ TRUE"), "E107", ("Spec.tla", 2, 22), ()),
    ],
    # proofs
    "proof before this has no QED step": [
        Case(
            module("THEOREM TRUE\n<1>1. TRUE\nFoo == 1"), "E102", ("Spec.tla", 4, 1), ("<1> QED",)
        ),
        Case(module("THEOREM TRUE\n<1>1. TRUE"), "E102", ("Spec.tla", 4, 1), ("level-1",)),
    ],
    "proof before this step has no QED step": [
        Case(
            module("THEOREM TRUE\n<1>1. TRUE\n  <2>1. TRUE\n<1>2. QED"),
            "E102",
            ("Spec.tla", 5, 1),
            ("level-2", "<2> QED"),
        ),
    ],
    "this step follows the QED step that ends its proof": [
        Case(module("THEOREM TRUE\n<1>1. QED\n<1>2. TRUE"), "E102", ("Spec.tla", 4, 1), ()),
    ],
    "the steps of this proof must have a level above": [
        Case(
            module("THEOREM TRUE\n<1>1. TRUE\n  PROOF <1>1. QED\n<1>2. QED"),
            "E102",
            ("Spec.tla", 4, 9),
            ("<2>",),
        ),
    ],
    "may only begin a proof": [
        Case(module("THEOREM TRUE\n<1>1. HAVE TRUE\n<+>. QED"), "E102", ("Spec.tla", 4, 1), ()),
    ],
    "but its proof's steps are at level 1": [
        Case(
            module("THEOREM TRUE\n<1>1. HAVE TRUE\n  <2>1. QED\n<1>2. QED"),
            "E102",
            ("Spec.tla", 4, 3),
            ("level 2",),
        ),
    ],
    "is named outside a proof": [
        Case(module("Foo == <1>2"), "E102", ("Spec.tla", 2, 8), ("<1>2",)),
        Case(module("THEOREM TRUE\n  BY <1>1"), "E102", ("Spec.tla", 3, 6), ("<1>1",)),
    ],
    "a proof step outside a proof": [
        Case(module("<1>1. QED"), "E102", ("Spec.tla", 2, 1), ("THEOREM",)),
    ],
    "is a CASE step": [
        Case(
            module("VARIABLE x\nTHEOREM TRUE\n<1>1. CASE x -> 1 [] OTHER -> 2\n<1>2. QED"),
            "E102",
            ("Spec.tla", 4, 7),
            ("parentheses",),
        ),
    ],
    "cannot be declared in a set": [
        Case(
            module("THEOREM ASSUME NEW F(_) \\in {} PROVE TRUE"),
            "E102",
            ("Spec.tla", 2, 20),
            ("`F`", "NEW F(_)"),
        ),
    ],
    "names an ASSUME/PROVE, which has no value": [
        Case(
            module("THEOREM T == ASSUME TRUE PROVE TRUE\nFoo == T"),
            "E106",
            ("Spec.tla", 3, 8),
            ("`T`", "Spec.tla:2:9"),
        ),
    ],
    "is defined twice": [
        Case(
            module("---- MODULE A ----\n====\n---- MODULE A ----\n===="),
            "E203",
            ("Spec.tla", 4, 1),
            ("`A`", "Spec.tla:2:1"),
        ),
    ],
    # with a configuration
    "which is a theorem, not a definition": [
        Case(
            module(COUNTER + "\nTHEOREM Safe == x <= N"),
            "E302",
            ("Spec.cfg", 4, 11),
            ("Safe", "Spec.tla:8:9"),
            cfg="CONSTANT N = 3\nINIT Init\nNEXT Next\nINVARIANT Safe\n",
        ),
    ],
    "expected a directive": [
        Case(
            module(COUNTER),
            "E301",
            ("Spec.cfg", 4, 1),
            ("BOGUS",),
            cfg="CONSTANT N = 3\nINIT Init\nNEXT Next\nBOGUS TypeOK\n",
        ),
    ],
    "which the spec does not define": [
        Case(
            module(COUNTER),
            "E302",
            ("Spec.cfg", 4, 11),
            ("TypeOk", "did you mean `TypeOK`?"),
            cfg="CONSTANT N = 3\nINIT Init\nNEXT Next\nINVARIANT TypeOk\n",
        ),
    ],
    "has no value in the configuration": [
        Case(
            module(COUNTER),
            "E303",
            ("Spec.tla", 3, 10),
            ("`N`", "Spec.cfg"),
            cfg="INIT Init\nNEXT Next\n",
        ),
    ],
    "the spec has no constant or definition": [
        Case(
            module(COUNTER),
            "E302",
            ("Spec.cfg", 1, 10),
            ("`M`", "did you mean `N`?"),
            cfg="CONSTANT M <- Init\nN = 3\nINIT Init\nNEXT Next\n",
        ),
    ],
    "cannot replace": [
        Case(
            module(COUNTER),
            "E302",
            ("Spec.cfg", 1, 10),
            ("`x`", "variable"),
            cfg="CONSTANT x <- Init\nN = 3\nINIT Init\nNEXT Next\n",
        ),
    ],
    "has no definition": [
        Case(
            module(COUNTER),
            "E302",
            ("Spec.cfg", 1, 10),
            ("`Nope`", "`Spec`"),
            cfg="CONSTANT Nope <- [Spec]Init\nN = 3\nINIT Init\nNEXT Next\n",
        ),
    ],
    "uses no module": [
        Case(
            module(COUNTER),
            "E302",
            ("Spec.cfg", 1, 10),
            ("`Spek`", "did you mean `Spec`?"),
            cfg="CONSTANT Init <- [Spek]Init\nN = 3\nINIT Init\nNEXT Next\n",
        ),
    ],
    "so it cannot replace": [
        Case(
            module(COUNTER),
            "E301",
            ("Spec.cfg", 2, 9),
            ("`TypeOK`",),
            cfg="CONSTANT N = 3\nNext <- TypeOK\nTypeOK <- Init\nINIT Init\nNEXT Next\n",
        ),
    ],
    "is an action-level formula": [
        Case(
            module(COUNTER),
            "E207",
            ("Spec.cfg", 4, 11),
            ("Next",),
            cfg="CONSTANT N = 3\nINIT Init\nNEXT Next\nINVARIANT Next\n",
        ),
    ],
    "the configuration has no": [
        Case(
            module(COUNTER), "E304", None, ("INIT", "Spec.cfg"), cfg="CONSTANT N = 3\nNEXT Next\n"
        ),
    ],
    "this conjunct of the SPECIFICATION is an action": [
        Case(
            module(COUNTER + "\nSpec == Init \\/ Next"),
            "E306",
            ("Spec.tla", 8, 9),
            ("[][Next]_vars",),
            cfg="CONSTANT N = 3\nSPECIFICATION Spec\n",
        ),
    ],
    "could not find the `[][Next]_vars` conjunct": [
        Case(
            module(COUNTER + "\nSpec == Init /\\ WF_x(Next)"),
            "E306",
            ("Spec.cfg", 2, 15),
            ("Spec",),
            cfg="CONSTANT N = 3\nSPECIFICATION Spec\n",
        ),
    ],
    "more than one `[][Next]_vars`": [
        Case(
            module(COUNTER + "\nSpec == Init /\\ [][Next]_x /\\ [][Next]_x"),
            "E306",
            ("Spec.cfg", 2, 15),
            ("Spec",),
            cfg="CONSTANT N = 3\nSPECIFICATION Spec\n",
        ),
    ],
    "this ASSUME is false": [
        Case(
            module(COUNTER + "\nASSUME N > 5"),
            "E307",
            ("Spec.tla", 8, 8),
            (),
            cfg="CONSTANT N = 3\nINIT Init\nNEXT Next\n",
        ),
    ],
    "is not checked yet": [
        Case(
            module(COUNTER + "\nP == <>[](x' = x)"),
            "E314",
            ("Spec.tla", 8, 10),
            ("x' = x",),
            cfg="CONSTANT N = 3\nINIT Init\nNEXT Next\nPROPERTY P\n",
        ),
    ],
    "the configuration has no INIT": [
        Case(module(COUNTER), "E304", None, ("Spec.cfg", "SPECIFICATION"), cfg=""),
        Case(module(COUNTER), "E304", None, ("Spec.cfg",), cfg="\\* only a comment\n"),
    ],
}

CASES = [
    pytest.param(message, case, id=f"{message[:40]}-{i}")
    for message, cases in MALFORMED.items()
    for i, case in enumerate(cases)
]


def write_case(tmp_path: Path, case: Case) -> list[str]:
    """Write the files of a case; the command-line arguments after `checker`."""
    spec = tmp_path / "Spec.tla"
    text = case.spec
    if isinstance(text, bytes):
        spec.write_bytes(text)
    else:
        spec.write_text(text, encoding="utf-8")
    for name, content in case.beside.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    args = ["parse", str(spec)]
    if case.cfg is not None:
        (tmp_path / "Spec.cfg").write_text(case.cfg, encoding="utf-8")
        args += ["--config", str(tmp_path / "Spec.cfg")]
    return args


def check_output(case: Case, message: str, code: int, out: str, err: str, tmp: Path) -> None:
    assert code == 2, (out, err)
    assert "Traceback" not in out + err
    assert f"error[{case.code}]" in err, err
    assert message in err, err
    for name in case.names:
        assert name in err, (name, err)
    if case.where is not None:
        file, line, col = case.where
        located = f"{tmp / file}:{line}:"
        assert located in err, (located, err)
        if col:
            assert f"{located}{col}" in err, err


@pytest.mark.parametrize(("message", "case"), CASES)
def test_malformed_input(
    message: str, case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, *write_case(tmp_path, case))
    check_output(case, message, code, out, err, tmp_path)


@pytest.mark.parametrize(
    "message",
    ["the file is empty", "is never closed", "which the spec does not define"],
)
def test_malformed_input_in_a_subprocess(message: str, tmp_path: Path) -> None:
    """The same through `python -m checker`: a real process, real exit code."""
    case = MALFORMED[message][0]
    args = write_case(tmp_path, case)
    proc = subprocess.run(
        [sys.executable, "-m", "checker", *args], capture_output=True, text=True, timeout=60
    )
    check_output(case, message, proc.returncode, proc.stdout, proc.stderr, tmp_path)


SYNTAX_CASES = [
    pytest.param(message, example, id=example)
    for message, examples in SYNTAX_ERRORS.items()
    for example in examples
]


@pytest.mark.parametrize(("message", "example"), SYNTAX_CASES)
def test_every_friendly_syntax_message_is_reachable(
    message: str, example: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "M.tla"
    spec.write_text(f"---- MODULE M ----\n{example}\n====\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "parse", str(spec))
    assert code == 2
    assert "error[E102]" in err and message in err, err
    assert f"{spec}:2:" in err or f"{spec}:3:1" in err  # the example's line, or `====`
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["parse"],
        ["parse", "--bogus", "X.tla"],
        ["nonsense"],
        # numbers out of range (issue 12 item 9): never an internal error
        ["check", "X.tla", "--workers", "1" + "0" * 30],
        ["check", "X.tla", "--workers", "257"],
        ["check", "X.tla", "--frontier-memory", "inf"],
        ["check", "X.tla", "--frontier-memory", "nan"],
        ["check", "X.tla", "--frontier-memory", "1e300"],
        ["check", "X.tla", "--time-limit", "inf"],
        ["ci", "--jobs", "100000"],
    ],
)
def test_bad_command_lines(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, *args)
    assert code == 2
    assert "error[E502]" in err and "Traceback" not in err


def test_workers_auto_is_one_per_core(capsys: pytest.CaptureFixture[str]) -> None:
    spec = str(Path(__file__).resolve().parents[2] / "models" / "Paxos.cfg")
    code, out, _ = run_cli(capsys, "check", spec, "--workers", "auto", "--no-trace-file")
    cores = len(os.sched_getaffinity(0))
    assert code == 0 and f"{min(cores, 256)} worker(s)" in out


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "parse", str(tmp_path / "Nope.tla"))
    assert code == 2 and "error[E501]" in err and "Nope.tla" in err


def test_several_errors_are_reported_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "M.tla"
    spec.write_text(module("A == B\nC == D(1)\nE == 1\nE == 2").replace("Spec", "M"))
    code, _, err = run_cli(capsys, "parse", str(spec))
    assert code == 2
    assert err.count("error[") == 3, err
    assert all(f"{spec}:{line}:" in err for line in (2, 3, 5))


@pytest.mark.parametrize("name", ["Counter", "Derived", "Comments", "Temporal", "Tokens", "Proofs"])
def test_corpus_specs_with_configs_are_accepted(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tla_helpers import SPECS

    code, out, err = run_cli(capsys, "parse", str(SPECS / f"{name}.tla"))
    assert (code, err) == (0, "")
    assert out.startswith(f"OK: module {name} with ")


def test_an_unknown_operator_in_an_assume_is_one_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `-` without EXTENDS Integers: E201, and no second "ASSUME must be a constant
    # formula" about the level an unknown name cannot have
    spec = tmp_path / "M.tla"
    spec.write_text(module("EXTENDS Naturals\nASSUME -1 < 2").replace("Spec", "M"))
    code, _, err = run_cli(capsys, "parse", str(spec))
    assert code == 2 and err.count("error[") == 1 and "error[E201]" in err, err
