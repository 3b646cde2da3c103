"""`checker trace import`: TLC's printed traces and -dumpTrace json, on samples written
here in TLC's formats, and the ITF round trip."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from checker.cli.main import main
from checker.diagnostics import CheckerError
from checker.traces import Step, Trace, read_itf, write_itf
from checker.traces.tlc import JsonOptions, guess_format, import_tlc, read_tlc_json, read_tlc_text
from checker.traces.tlc.values import parse_value_text
from checker.values import ModelValue, Value, make_fcn, make_record
from checker.values.pretty import pretty

a1, a2 = ModelValue("a1"), ModelValue("a2")


def tlc_output(trace: Trace, *, tool: bool = False, width: int = 60) -> str:
    """`trace` printed the way TLC prints an invariant violation (values longer than
    `width` broken over lines, as TLC does)."""
    lines = ["TLC2 Version 2.18 of Day Month 20??", "Running breadth-first search Model-Checking"]
    lines += _message(tool, 2110, [f"Error: Invariant {trace.violated} is violated."])
    lines += _message(tool, 2121, ["Error: The behavior up to this point is:"])
    for i, step in enumerate(trace.steps):
        where = (
            "Initial predicate"
            if i == 0
            else f"{step.action} line 31, col 15 to line 32, col 50 of module Paxos"
        )
        header = f"{i + 1}: <{where}>" if tool else f"State {i + 1}: <{where}>"
        body = [
            f"/\\ {n} = {pretty(v, width, len(n) + 6)}"
            for n, v in zip(trace.variables, step.state, strict=True)
        ]
        lines += _message(tool, 2217, [header, *body, ""])
    lines += ["", "2529 states generated, 1169 distinct states found, 63 states left on queue."]
    return "\n".join(lines) + "\n"


def _message(tool: bool, code: int, lines: list[str]) -> list[str]:
    if not tool:
        return lines
    return [f"@!@!@STARTMSG {code}:1 @!@!@", *lines, f"@!@!@ENDMSG {code} @!@!@"]


@pytest.mark.parametrize("tool", [False, True])
@pytest.mark.parametrize("width", [60, 1000])
def test_paxos_counterexample_round_trip(paxos_trace: Trace, tool: bool, width: int) -> None:
    text = tlc_output(paxos_trace, tool=tool, width=width)
    imported = import_tlc(text, "MC.out")
    assert imported.variables == paxos_trace.variables
    # values and action labels; TLC prints no witnesses (the chart says so)
    assert imported.steps == tuple(Step(s.state, s.action) for s in paxos_trace.steps)
    assert (imported.violated, imported.kind) == ("Agreement", "invariant")
    assert set(imported.model_values) == set(paxos_trace.model_values)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("TRUE", True),
        ("FALSE", False),
        ("-17", -17),
        ('"a \\"quoted\\" \\\\ word\\n"', 'a "quoted" \\ word\n'),
        ("a1", a1),
        ("{}", frozenset()),
        ("<<>>", ()),
        ("{3, 1, 2}", frozenset({1, 2, 3})),
        ("<<1, <<2>>, {}>>", (1, (2,), frozenset())),
        ("1..3", frozenset({1, 2, 3})),
        ("2..1", frozenset()),
        ('[type |-> "1a", bal |-> 0]', make_record([("type", "1a"), ("bal", 0)])),
        ("(a1 :> -1 @@ a2 :> 0)", make_fcn([(a1, -1), (a2, 0)])),
        ('(1 :> "x" @@ 2 :> "y")', ("x", "y")),  # a function on 1..n is a sequence
        ('("f" :> 1)', make_record([("f", 1)])),  # and on strings a record
        ("((3))", 3),
        ("{[a |-> {<<a1, TRUE>>}]}", frozenset({make_record([("a", frozenset({(a1, True)}))])})),
        ("[ bal |-> 1,\n  val |-> v1 ]", make_record([("bal", 1), ("val", ModelValue("v1"))])),
    ],
)
def test_tlc_value_syntax(text: str, value: Value) -> None:
    parsed, _ = parse_value_text(text)
    assert parsed == value and type(parsed) is type(value)


def test_model_values_are_collected() -> None:
    _, names = parse_value_text('{a1, [x |-> b2], "c3"}')
    assert names == {"a1", "b2"}


SIMPLE = """Error: Invariant Inv is violated.
Error: The behavior up to this point is:
State 1: <Initial predicate>
/\\ x = 0
/\\ y = {}

State 2: <Next line 8, col 9 to line 9, col 30 of module M>
/\\ y = {a1}
/\\ x = 1

"""


def test_variables_keep_the_first_state_order() -> None:
    trace = read_tlc_text(SIMPLE)
    assert trace.variables == ("x", "y")
    assert [s.state for s in trace.steps] == [(0, frozenset()), (1, frozenset({a1}))]
    assert [s.action for s in trace.steps] == [None, "Next"]
    assert trace.model_values == ("a1",)


@pytest.mark.parametrize(
    ("text", "violated", "kind", "states"),
    [
        (
            "Error: Invariant Inv is violated by the initial state:\n/\\ x = 0\n/\\ y = 1\n\n",
            "Inv",
            "invariant",
            [(0, 1)],
        ),
        (
            "Error: Deadlock reached.\nError: The behavior up to this point is:\n"
            "State 1: <Initial predicate>\n/\\ x = 0\n\n"
            "State 2: <A line 1, col 1 to line 1, col 2 of module M>\n/\\ x = 1\n",
            "Deadlock",
            "deadlock",
            [(0,), (1,)],
        ),
        (
            "Error: Action property Step is violated.\nState 1: <Initial predicate>\nx = 5\n",
            "Step",
            "action",
            [(5,)],
        ),
        (
            "State 1: <Initial predicate>\n/\\ x = 0\n\nState 2: Stuttering\n",
            None,
            None,
            [(0,)],  # the last state stutters forever: `loop` 0
        ),
    ],
)
def test_error_kinds_and_special_states(
    text: str, violated: str | None, kind: str | None, states: list[tuple[Value, ...]]
) -> None:
    trace = read_tlc_text(text)
    assert (trace.violated, trace.kind) == (violated, kind)
    assert [s.state for s in trace.steps] == states


def test_lasso_back_to_state() -> None:
    text = (
        "Error: Temporal properties were violated.\n"
        "Error: The following behavior constitutes a counter-example:\n"
        "State 1: <Initial predicate>\n/\\ x = 0\n\n"
        "State 2: <Next line 5, col 9 to line 5, col 20 of module M>\n/\\ x = 1\n\n"
        "Back to state 1: <Next line 5, col 9 to line 5, col 20 of module M>\n\n"
    )
    trace = read_tlc_text(text)
    assert trace.kind == "temporal" and len(trace.steps) == 2
    assert trace.extra == {"back_to_state": "1"}
    assert (trace.loop, trace.back) == (0, "Next")


def test_a_stuttering_lasso_and_a_named_temporal_property() -> None:
    text = (
        "Error: Temporal property Live was violated.\n"
        "Error: The following behavior constitutes a counter-example:\n"
        "State 1: <Initial predicate>\n/\\ x = 0\n\n"
        "State 2: <Next line 5, col 9 to line 5, col 20 of module M>\n/\\ x = 1\n\n"
        "State 3: Stuttering\n"
    )
    trace = read_tlc_text(text)
    assert (trace.violated, trace.kind) == ("Live", "temporal")
    assert [s.state for s in trace.steps] == [(0,), (1,)]
    assert (trace.loop, trace.back) == (1, None)


def test_only_the_first_trace_is_read() -> None:
    second = SIMPLE.replace("x = 0", "x = 10").replace("x = 1", "x = 11")
    trace = read_tlc_text(SIMPLE + "\n" + second)
    assert [s.state[0] for s in trace.steps] == [0, 1]


@pytest.mark.parametrize(
    ("text", "message", "where"),
    [
        (
            "State 1: <Initial predicate>\n/\\ x = [a |-> 1, b |-> ]\n",
            "expected a value, found `]`",
            ":2:24",
        ),
        ("State 1: <Initial predicate>\n/\\ x = {1, 2\n", "expected `,` or `}`", ":2:13"),
        ("State 1: <Initial predicate>\n/\\ x = (a :> 1 @@ b)\n", "expected `:>`", ":2:20"),
        ("State 1: <Initial predicate>\n/\\ x = 1 $\n", "unexpected character", ":2:10"),
        ('State 1: <Initial predicate>\n/\\ x = "open\n', "unexpected character", ":2:8"),
        ("State 1: <Initial predicate>\n/\\ x = 1\n/\\ x = 2\n", "`x` is assigned twice", ":3:4"),
        (
            "State 1: <Initial predicate>\n/\\ x = a..3\n",
            "an interval `a..b` needs integers",
            ":2:8",
        ),
        (
            "State 1: <Initial predicate>\n/\\ x = 1\n\nState 2: <A>\n/\\ y = 1\n",
            "state 2 assigns y, but the first state assigns x",
            ":5:4",
        ),
        ("TLC finished: no error\n", "no error trace found", ""),
    ],
)
def test_bad_text_is_e503_with_line_and_column(text: str, message: str, where: str) -> None:
    with pytest.raises(CheckerError) as caught:
        import_tlc(text, "MC.out")
    diag = caught.value.diagnostics[0]
    assert diag.code == "E503" and message in diag.message
    assert (diag.span.location() if diag.span else "MC.out").endswith("MC.out" + where)


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    text = "State 1: <Initial predicate>\n/\\ x = " + "{" * 5000 + "}" * 5000 + "\n"
    with pytest.raises(CheckerError) as caught:
        import_tlc(text)
    assert caught.value.diagnostics[0].code == "E503"


# -- -dumpTrace json --------------------------------------------------------------------


def test_json_list_of_states() -> None:
    doc = [
        {"x": 0, "q": [], "f": {"a1": 1, "a2": 2}},
        {"x": 1, "q": ["m"], "f": {"a1": 1, "a2": 3}},
    ]
    trace = read_tlc_json(json.dumps(doc), options=JsonOptions(frozenset({"a1", "a2"})))
    assert trace.variables == ("x", "q", "f")
    assert trace.steps[1].state == (1, ("m",), make_fcn([(a1, 1), (a2, 3)]))
    assert trace.model_values == ("a1", "a2")


def test_json_counterexample_record_with_actions() -> None:
    s1, s2 = (
        {"msgs": [], "n": {"1": 0, "3": 0}},
        {"msgs": [{"src": "a1", "t": "x"}], "n": {"1": 1, "3": 0}},
    )
    doc = {
        "state": [[2, s2], [1, s1]],
        "action": [
            [[1, s1], {"name": "Send", "parameters": ["p"], "context": {"p": "a1"}}, [2, s2]]
        ],
    }
    opts = JsonOptions(frozenset({"a1"}), frozenset({"msgs"}))
    trace = read_tlc_json(json.dumps(doc), options=opts)
    assert [s.action for s in trace.steps] == [None, "Send(a1)"]
    msgs, n = trace.steps[1].state
    assert msgs == frozenset({make_record([("src", a1), ("t", "x")])})
    assert n == make_fcn([(1, 1), (3, 0)])


def test_json_defaults_read_arrays_as_sequences_and_strings_as_strings() -> None:
    trace = read_tlc_json(json.dumps([{"s": ["a1", "a1"]}]))
    assert trace.steps[0].state == (("a1", "a1"),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"x": 1}, {"x": 1.5}]', "1.5 is not a TLA+ value"),
        ('[{"x": 1}, {"y": 1}]', "state 2 has other variables"),
        ('{"foo": 1}', 'expected a list of states or an object with "state"'),
        ('{"state": [[1, {"x": 1}], [3, {"x": 2}]]}', "numbered 1, 2, ..."),
        ("[]", "the trace has no state"),
        ('[{"x": null}]', "null is not a TLA+ value"),
    ],
)
def test_bad_json(text: str, message: str) -> None:
    with pytest.raises(CheckerError) as caught:
        read_tlc_json(text, "trace.json")
    assert caught.value.diagnostics[0].code == "E503" and message in str(caught.value)


def test_json_syntax_error_has_line_and_column() -> None:
    with pytest.raises(CheckerError) as caught:
        read_tlc_json('[{"x": 1},\n {"x": 1,]', "trace.json")
    span = caught.value.diagnostics[0].span
    assert span is not None and span.location() == "trace.json:2:10"


@pytest.mark.parametrize(("text", "fmt"), [("[{}]", "json"), ("  {", "json"), ("State 1:", "text")])
def test_guess_format(text: str, fmt: str) -> None:
    assert guess_format(text) == fmt


# -- the CLI and ITF ---------------------------------------------------------------------


def test_cli_import_then_show(
    paxos_trace: Trace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "MC.out"
    out.write_text(tlc_output(paxos_trace))
    assert main(["trace", "import", str(out), "--spec", "Paxos"]) == 0
    assert "wrote" in capsys.readouterr().out
    itf = tmp_path / "MC.itf.json"
    again = read_itf(itf)
    assert again.steps == tuple(Step(s.state, s.action) for s in paxos_trace.steps)
    assert again.spec == "Paxos"
    assert main(["trace", "show", str(itf), "--step", "-1", "--width", "100"]) == 0
    assert "violates Agreement" in capsys.readouterr().out


def test_cli_import_from_stdin(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(SIMPLE))
    assert main(["trace", "import", "-", "-o", str(tmp_path / "t.itf.json")]) == 0
    assert read_itf(tmp_path / "t.itf.json").steps[1].state == (1, frozenset({a1}))


@pytest.mark.parametrize(
    ("content", "args", "code"),
    [
        ("State 1: <Initial predicate>\n/\\ x = {\n", [], "E503"),
        ('[{"x": 1.5}]', [], "E503"),
        ("State 1: <Initial predicate>\n/\\ x = 1\n", ["--format", "json"], "E503"),
    ],
)
def test_cli_import_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, args: list[str], code: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(content)
    assert main(["trace", "import", str(bad), *args]) == 2
    err = capsys.readouterr().err
    assert f"error[{code}]" in err and "Traceback" not in err
    assert not (tmp_path / "bad.itf.json").exists()


def test_cli_import_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "import", str(tmp_path / "nope.txt")]) == 2
    assert "error[E501]" in capsys.readouterr().err


EVERY_KIND = (
    True,
    -3,
    2**70,
    'quote " and \\ and <script>',
    a1,
    frozenset({1, 2}),
    (1, "x", (2,)),
    make_record([("type", "1a"), ("bal", 0)]),
    make_fcn([(a1, frozenset()), (a2, (1,))]),
    make_fcn([(2, "b"), (5, "c")]),
    (),
)


@pytest.mark.parametrize("value", EVERY_KIND)
def test_itf_round_trip(value: Value, tmp_path: Path) -> None:
    trace = Trace(
        ("v",), (Step((value,)), Step((value,), "Same")), "M", "Inv", "invariant", ("a1", "a2")
    )
    again = read_itf(write_itf(trace, tmp_path / "t.itf.json"))
    assert again == trace


def test_itf_round_trip_of_an_imported_trace(paxos_trace: Trace, tmp_path: Path) -> None:
    imported = import_tlc(tlc_output(paxos_trace))
    again = read_itf(write_itf(imported, tmp_path / "t.itf.json"))
    assert again == imported
