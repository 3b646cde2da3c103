"""`checker trace show`: panels, filters, diffs in the text, the CLI's errors, speed."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from checker.cli.main import main
from checker.traces import Step, Trace, write_itf
from checker.ui.render import ShowOptions, state_lines, trace_renderables
from checker.ui.show import print_trace


def shown(
    trace: Trace, width: int = 100, all_vars: bool = False, variables: tuple[str, ...] = ()
) -> str:
    """What `trace show` prints, as plain text (rich's recording console)."""
    console = Console(record=True, width=width, file=io.StringIO(), highlight=False)
    opts = ShowOptions(all_vars, variables, width - 4)
    for renderable in trace_renderables(trace, opts):
        console.print(renderable)
    return console.export_text()


def panels(text: str) -> list[str]:
    """The text of each panel (from its top border to its bottom border)."""
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith("╭"):
            out.append("")
        if out:
            out[-1] += line + "\n"
    return out


def test_one_panel_per_state_with_action_labels(paxos_trace: Trace) -> None:
    boxes = panels(shown(paxos_trace))
    assert len(boxes) == len(paxos_trace.steps) == 9
    assert "State 1 · Initial predicate" in boxes[0]
    for i, step in enumerate(paxos_trace.steps[1:], start=1):
        assert f"State {i + 1} · {step.action}" in boxes[i]
    assert "violates Agreement" in boxes[-1]
    assert "violates" not in boxes[-2]


def test_header_names_spec_and_violation(paxos_trace: Trace) -> None:
    first = shown(paxos_trace).splitlines()[0]
    assert first == "Trace of Paxos: invariant Agreement violated (9 states, 8 steps)"


def test_only_changed_variables_by_default(paxos_trace: Trace) -> None:
    boxes = panels(shown(paxos_trace))
    assert all(name in boxes[0] for name in paxos_trace.variables)  # initial: all
    second = boxes[1]  # Phase1a(0) only sends a message
    assert "msgs" in second
    assert "maxBal" not in second and "maxVal" not in second


def test_all_shows_unchanged_variables(paxos_trace: Trace) -> None:
    boxes = panels(shown(paxos_trace, all_vars=True))
    for box in boxes:
        assert all(name in box for name in paxos_trace.variables)


def test_set_diff_shows_added_message_and_collapses_the_rest(paxos_trace: Trace) -> None:
    last = panels(shown(paxos_trace))[-1]
    assert '+ [acc |-> a2, bal |-> 0, type |-> "2b", val |-> v1]' in last
    assert "… 7 unchanged" in last
    assert '"1a"' not in last  # unchanged messages are not listed


def test_function_diff_shows_changed_key_only(paxos_trace: Trace) -> None:
    last = panels(shown(paxos_trace))[-1]
    assert "[a2]: -1 → 0" in last
    assert "[a2]: None → v1" in last
    assert "[a1]" not in last


def body(box: str) -> list[str]:
    return [line[2:-1].rstrip() for line in box.splitlines()[1:-1]]


def test_nested_changes_are_a_tree_of_changed_parts(nested_trace: Trace) -> None:
    boxes = panels(shown(nested_trace))
    assert body(boxes[1])[:6] == [
        "nodes  (1 changed)",
        "  [n1]: (2 changed)",
        '    .role: "follower" → "candidate"',
        "    .term: 0 → 1",
        "    … 1 unchanged",
        "  … 1 unchanged",
    ]
    assert body(boxes[2])[:5] == [
        "nodes  (1 changed)",
        "  [n1]: (2 changed)",
        "    .log: (1 added)",
        "      + [1]: 7",
        '    .role: "candidate" → "leader"',
    ]


def test_a_single_deep_change_is_one_line_with_its_path(paxos_trace: Trace) -> None:
    from checker.values import make_fcn, make_record

    old = make_fcn([(1, make_record([("log", (1, 2)), ("term", 0)])), (3, 0)])
    new = make_fcn([(1, make_record([("log", (1, 5)), ("term", 0)])), (3, 0)])
    trace = Trace(("s",), (Step((old,)), Step((new,), "Write")))
    assert "  [1].log[2]: 2 → 5" in body(panels(shown(trace))[1])


def test_markup_in_values_is_shown_verbatim(nested_trace: Trace) -> None:
    text = shown(nested_trace, all_vars=True)
    assert '"[bold]plain[/bold]"' in text
    assert '"<script>window.__pwned = 1</script>"' in text


@pytest.mark.parametrize(
    ("variables", "present", "absent"),
    [
        (("msgs",), ["msgs"], ["maxBal", "maxVBal", "maxVal"]),
        (("maxBal", "maxVal"), ["maxBal", "maxVal"], ["msgs", "maxVBal"]),
    ],
)
def test_variable_filter(
    paxos_trace: Trace, variables: tuple[str, ...], present: list[str], absent: list[str]
) -> None:
    text = shown(paxos_trace, variables=variables, all_vars=True)
    body = "\n".join(text.splitlines()[1:])
    assert all(f"{n} " in body for n in present)
    assert not any(f" {n} " in body for n in absent)


def test_filter_that_hides_every_change_says_so(paxos_trace: Trace) -> None:
    lines = state_lines(paxos_trace, 1, ShowOptions(variables=("maxBal",)))
    assert [line.plain for line in lines] == [
        "no change in the variables shown (use --all or another --var)"
    ]


@pytest.mark.parametrize(
    ("step", "title"), [("1", "State 1 ·"), ("4", "State 4 ·"), ("-1", "State 9 ·")]
)
def test_cli_step(
    paxos_itf: Path, capsys: pytest.CaptureFixture[str], step: str, title: str
) -> None:
    assert main(["trace", "show", str(paxos_itf), "--step", step, "--width", "90"]) == 0
    out = capsys.readouterr().out
    assert len(panels(out)) == 1 and title in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--var", "msg"], "E502", "did you mean `msgs`?"),
        (["--step", "10"], "E502", "no state 10: the trace has 9 states"),
        (["--step", "0"], "E502", "no state 0"),
        (["--step", "x"], "E502", "invalid int value"),
    ],
)
def test_cli_usage_errors(
    paxos_itf: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: str, message: str
) -> None:
    assert main(["trace", "show", str(paxos_itf), *args]) == 2
    err = capsys.readouterr().err
    assert f"error[{code}]" in err and message in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        ('{"vars": ["x"], "states": [{"y": 1}]}', "state 0 has no value for `x`"),
        ("[1, 2]", "not a valid ITF trace"),
    ],
)
def test_cli_bad_trace_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    bad = tmp_path / "bad.itf.json"
    bad.write_text(content)
    assert main(["trace", "show", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "error[E503]" in err and message in err and "Traceback" not in err


@pytest.mark.parametrize("command", ["show", "html"])
def test_cli_refuses_a_trace_without_states(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    empty = tmp_path / "empty.itf.json"
    empty.write_text('{"vars": ["x"], "states": []}')
    assert (
        main(
            [
                "trace",
                command,
                str(empty),
                "-o" if command == "html" else "--all",
                *([str(tmp_path / "p.html")] if command == "html" else []),
            ]
        )
        == 2
    )
    assert "the trace has no states" in capsys.readouterr().err


def test_interactive_needs_a_terminal(paxos_itf: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "show", "-i", str(paxos_itf)]) == 2
    assert "needs a terminal" in capsys.readouterr().err


def test_cli_show_prints_every_state(paxos_itf: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "show", str(paxos_itf), "--width", "100"]) == 0
    assert len(panels(capsys.readouterr().out)) == 9


def test_thousand_step_trace_renders_in_reasonable_time(
    make_synthetic: Callable[[int], Trace], tmp_path: Path
) -> None:
    """A sanity bound only (about 1 s here; the real timing is bench/trace_bench.py):
    catches a quadratic slowdown, not a few percent."""
    trace = make_synthetic(1001)
    out = io.StringIO()
    start = time.perf_counter()
    print_trace(trace, out, width=100)
    elapsed = time.perf_counter() - start
    assert len(panels(out.getvalue())) == 1001
    assert elapsed < 20, f"rendering 1,000 steps took {elapsed:.1f}s"
    write_itf(trace, tmp_path / "long.itf.json")  # and it is a valid trace


def test_control_characters_of_a_trace_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # ESC/CSI/OSC/BEL and C1 CSI in a variable name, a value, a map key and an action label
    doc = {
        "#meta": {"format": "ITF"},
        "vars": ["x\u001b[2J"],
        "states": [
            {"#meta": {"index": 0}, "x\u001b[2J": {"#map": [["k\u001bk", "\u001b[31mR\u009b2J"]]}},
            {"#meta": {"index": 1, "action": "A\u001b]0;t\u0007"}, "x\u001b[2J": {"#map": []}},
        ],
    }
    path = tmp_path / "hostile.itf.json"
    path.write_text(json.dumps(doc))
    assert main(["trace", "show", str(path), "--all"]) == 0
    out = capsys.readouterr().out
    raw = [c for c in out if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F]
    assert raw == [], raw
    assert "\\u001b[31mR\\u009b2J" in out and "A\\u001b]0;t\\u0007" in out


def test_a_lasso_says_how_it_goes_on() -> None:
    steps = (Step((0,), None), Step((1,), "Inc"), Step((2,), "Inc"))
    back = Trace(("x",), steps, "M", "Live", "liveness", loop=1, back="Dec")
    text = shown(back)
    assert "forever round from State 2" in text
    assert text.rstrip().endswith("↺ back to State 2 · Dec")
    stutter = Trace(("x",), steps, "M", "Live", "liveness", loop=2)
    assert shown(stutter).rstrip().endswith("↺ State 3 stutters forever")
    assert "↺" not in shown(Trace(("x",), steps, "M", "Inv", "invariant"))
