"""`checker trace html`: the page's data, its safety, the message-sequence chart (in
Python), and the CLI. The page in a real browser: test_ui_browser.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from checker.cli.main import main
from checker.traces import Step, Trace
from checker.ui.causal import chart
from checker.ui.html import ValueTable, page, script_json, trace_data
from checker.ui.msc import NETWORK, Chart, detect, messages
from checker.values import ModelValue, Value, make_fcn, make_record

n1, n2, n3 = ModelValue("n1"), ModelValue("n2"), ModelValue("n3")


@pytest.mark.parametrize(
    "text",
    [
        "</script><script>alert(1)</script>",
        "<!-- <script>",
        "a & b > c",
        "line\u2028separator\u2029",
        "</SCRIPT >",
    ],
)
def test_script_json_cannot_close_the_script_element(text: str) -> None:
    embedded = script_json({"s": text, "nested": [text]})
    assert "<" not in embedded and ">" not in embedded and "&" not in embedded
    assert "\u2028" not in embedded and "\u2029" not in embedded
    assert json.loads(embedded) == {"s": text, "nested": [text]}


def test_page_is_self_contained_and_locked_down(nested_trace: Trace) -> None:
    html = page(nested_trace, None)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html and "@import" not in html
    assert not re.search(r"url\((?!#)", html)  # only references inside the page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp and "default-src 'none'" in csp.group(1) and "'unsafe-inline'" not in csp.group(1)
    assert html.count("<script") == 2  # the data block and the viewer


def test_untrusted_strings_appear_only_escaped(nested_trace: Trace) -> None:
    html = page(nested_trace, None, title="<b>title</b>")
    assert "window.__pwned" in html  # the value is there ...
    assert "<script>window.__pwned" not in html  # ... but never as markup
    assert "<title>&lt;b&gt;title&lt;/b&gt;</title>" in html


def test_values_are_shared_in_one_table() -> None:
    m = make_record([("src", n1), ("seq", 1)])
    states = [Step((frozenset({m}), i)) for i in range(3)]
    data = trace_data(Trace(("msgs", "clock"), tuple(states)), None, "t")
    ids = [s["v"][0] for s in data["states"]]
    assert ids[0] == ids[1] == ids[2]
    assert len({tuple(map(str, node)) for node in data["values"]}) == len(data["values"])


@pytest.mark.parametrize(
    ("a", "b"),
    [(True, 1), (False, 0), (frozenset({True}), frozenset({1})), ((True,), (1,)), ("1", 1)],
)
def test_value_table_tells_booleans_from_integers(a: Value, b: Value) -> None:
    table = ValueTable()
    assert table.id(a) != table.id(b)


def test_value_table_nodes() -> None:
    table = ValueTable()
    i = table.id(make_fcn([(n1, (1, "x")), (n2, frozenset({True}))]))
    tag, pairs = table.nodes[i]
    assert tag == "f"
    assert [table.nodes[k] for k, _ in pairs] == [["m", "n1"], ["m", "n2"]]
    seq = table.nodes[pairs[0][1]]
    assert seq[0] == "q" and [table.nodes[e] for e in seq[1]] == [["i", "1"], ["s", "x"]]
    assert table.nodes[table.id(2**80)] == ["i", str(2**80)]


# -- the message-sequence chart ---------------------------------------------------------


def msg(**fields: Value) -> Value:
    return make_record(fields.items())


def msg_trace(var: str, values: list[Value]) -> Trace:
    return Trace(
        (var, "x"), tuple(Step((v, 0), None if i == 0 else "Send") for i, v in enumerate(values))
    )


@pytest.mark.parametrize(
    ("value", "bag"),
    [
        (frozenset({msg(a=1), msg(a=2)}), {msg(a=1): 1, msg(a=2): 1}),
        ((msg(a=1), msg(a=1)), {msg(a=1): 2}),
        (make_fcn([(msg(a=1), 2), (msg(a=2), 0)]), {msg(a=1): 2}),
        (frozenset(), {}),
        (frozenset({1, 2}), None),
        (make_fcn([(n1, 1)]), None),
        (3, None),
    ],
)
def test_messages_of_sets_sequences_and_bags(value: Value, bag: dict[Value, int] | None) -> None:
    found = messages(value)
    assert (None if found is None else dict(found)) == bag


@pytest.mark.parametrize(
    ("fields", "src", "dst", "label"),
    [
        ({"src": n1, "dst": n2, "type": "req"}, "src", "dst", "type"),
        ({"from": n1, "to": n2, "kind": "req"}, "from", "to", "kind"),
        ({"sender": n1, "receiver": n2, "mtype": "req"}, "sender", "receiver", "mtype"),
        ({"acc": n1, "bal": 0, "type": "1b"}, "acc", None, "type"),
        ({"dest": n2, "body": 1}, None, "dest", None),
    ],
)
def test_detect_fields(
    fields: dict[str, Value], src: str | None, dst: str | None, label: str | None
) -> None:
    trace = msg_trace("msgs", [frozenset(), frozenset({msg(**fields)})])
    spec = detect(trace)
    assert spec is not None and (spec.var, spec.src, spec.dst, spec.label) == (
        "msgs",
        src,
        dst,
        label,
    )


def test_detect_prefers_message_variable_names() -> None:
    m = msg(src=n1, dst=n2)
    trace = Trace(
        ("log", "network"),
        (Step((frozenset({m}), frozenset({m}))), Step((frozenset(), frozenset({m})))),
    )
    spec = detect(trace)
    assert spec is not None and spec.var == "network"


@pytest.mark.parametrize(
    "values",
    [
        [frozenset(), frozenset({msg(body=1)})],  # no from/to field
        [0, 1],  # no messages at all
        [frozenset({msg(src=n1)}), 5],  # not messages in every state
    ],
)
def test_nothing_to_chart(values: list[Value]) -> None:
    assert detect(msg_trace("msgs", values)) is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"var": "msg"}, "did you mean `msgs`?"),
        ({"var": "x"}, "`x` does not hold messages"),
        ({"src": "snd"}, "no message has a field `snd`"),
        ({"dst": "to"}, "no message has a field `to`"),
    ],
)
def test_detect_refuses_names_that_do_not_fit(kwargs: dict[str, str], message: str) -> None:
    from checker.diagnostics import CheckerError

    trace = msg_trace("msgs", [frozenset(), frozenset({msg(src=n1, dst=n2)})])
    with pytest.raises(CheckerError) as caught:
        detect(trace, **kwargs)
    assert message in str(caught.value)


def test_chart_events_lanes_and_broadcasts() -> None:
    m1 = msg(src=n1, dst=n2, type="req")
    m2 = msg(src=n2, dst=frozenset({n1, n3}), type="ack")
    m3 = msg(type="tick")
    trace = msg_trace("msgs", [frozenset(), frozenset({m1}), frozenset({m1, m2, m3})])
    spec = detect(trace)
    assert spec is not None
    c = chart(trace, spec)
    assert c.lanes == (NETWORK, "n1", "n2", "n3")
    assert sends(c) == [
        (1, "n1", ("n2",), "req"),
        (2, "n2", ("n1", "n3"), "ack"),
        (2, NETWORK, (), "tick"),
    ]
    assert c.receipts == ()  # nothing leaves msgs, and the trace has no witnesses
    assert c.notes and "records no witnesses" in c.notes[0]


def sends(c: Chart) -> list[tuple[int, str, tuple[str, ...], str]]:
    return [(e.step, c.lanes[e.src], tuple(c.lanes[d] for d in e.dsts), e.label) for e in c.sends]


def test_channels_chan_from_to() -> None:
    """`chan[i][j]`: FIFO channels from i to j (sequences of records), as in Zab."""
    req, ack = msg(type="req", n=1), msg(type="ack", n=1)

    def chans(s1_s2: tuple[Value, ...], s2_s1: tuple[Value, ...]) -> Value:
        return make_fcn(
            [(n1, make_fcn([(n1, ()), (n2, s1_s2)])), (n2, make_fcn([(n1, s2_s1), (n2, ())]))]
        )

    trace = msg_trace("chan", [chans((), ()), chans((req,), ()), chans((), (ack,))])
    spec = detect(trace)
    assert spec is not None and (spec.var, spec.layout, spec.label) == ("chan", "channels", "type")
    c = chart(trace, spec)
    assert c.lanes == ("n1", "n2")  # no network lane: every message has its ends
    assert sends(c) == [(1, "n1", ("n2",), "req n=1"), (2, "n2", ("n1",), "ack n=1")]
    # state 3 took req from chan[n1][n2]: received by n2
    assert [(r.step, c.lanes[r.lane], r.send, r.how) for r in c.receipts] == [
        (2, "n2", 0, "removed")
    ]


def test_chart_of_paxos(paxos_trace: Trace) -> None:
    spec = detect(paxos_trace)
    assert spec is not None and (spec.var, spec.src, spec.dst, spec.label) == (
        "msgs",
        "acc",
        None,
        "type",
    )
    c = chart(paxos_trace, spec)
    assert len(c.sends) == 8  # one message per step
    assert c.sends[-1].label == "2b bal=0 val=v1" and c.lanes[c.sends[-1].src] == "a2"
    # the last step, Phase2b(a2), consumed the 2a its \E chose: from the leader (network)
    last = c.receipts[-1]
    assert (last.step, c.lanes[last.lane], last.how) == (8, "a2", "witness")
    assert (
        c.sends[last.send].label == "2a bal=0 val=v1" and c.lanes[c.sends[last.send].src] == NETWORK
    )
    assert c.notes == ()


# -- the CLI ----------------------------------------------------------------------------


def test_cli_writes_the_page(
    paxos_itf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sub" / "paxos.html"
    assert main(["trace", "html", str(paxos_itf), "-o", str(out)]) == 0
    assert "message chart of `msgs`" in capsys.readouterr().out
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and "Paxos trace" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--msc-var", "msg"], "did you mean `msgs`?"),
        (["--msc-from", "src"], "no message has a field `src`"),
    ],
)
def test_cli_msc_errors(
    paxos_itf: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    assert main(["trace", "html", str(paxos_itf), "-o", str(tmp_path / "p.html"), *args]) == 2
    err = capsys.readouterr().err
    assert "error[E502]" in err and message in err
    assert not (tmp_path / "p.html").exists()


def test_cli_default_output_and_no_msc(
    paxos_itf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "Paxos.itf.json"
    copy.write_text(paxos_itf.read_text())
    assert main(["trace", "html", str(copy), "--no-msc"]) == 0
    assert "message chart" not in capsys.readouterr().out
    assert '"msc":null' in (tmp_path / "Paxos.html").read_text()


def test_a_lasso_page_carries_its_loop() -> None:
    steps = (Step((0,), None), Step((1,), "Inc"))
    lasso = Trace(("x",), steps, "M", "Live", "liveness", loop=0, back="Dec")
    data = trace_data(lasso, None, "M")
    assert (data["loop"], data["back"]) == (0, "Dec")
    assert data["verdict"].endswith("2 states, then forever round from state 1")
    plain = trace_data(Trace(("x",), steps, "M", "Inv", "invariant"), None, "M")
    assert plain["loop"] is None and "forever" not in plain["verdict"]
