"""Tuple messages (NOTE(tuple-messages)): TxLock-like votes `<<node, tx, input>>` are
charted when the variable is named as messages; each vote's sender is the node of the
step that first added it when the vote names that node, else the chart says it cannot
tell (never a guess); a step that names no node receives on the network lane."""

from __future__ import annotations

from typing import NoReturn

from checker.traces import Step, Trace
from checker.traces.messages import is_message
from checker.ui.causal import chart
from checker.ui.msc import detect
from checker.values import ModelValue, make_fcn

M1, M2 = ModelValue("m1"), ModelValue("m2")
V1, V2 = (M1, "tx", "c1"), (M2, "tx", "c1")


def votes_trace(var: str = "votes") -> Trace:
    """m1 votes, m2 votes, then Lock("tx") needs both (its reads)."""
    states = [frozenset(), frozenset({V1}), frozenset({V1, V2}), frozenset({V1, V2})]
    steps = (
        Step((states[0], 0)),
        Step((states[1], 0), 'Vote(m1, "tx")', (("m", M1), ("t", "tx"))),
        Step((states[2], 0), 'Vote(m2, "tx")', (("m", M2), ("t", "tx"))),
        Step((states[3], 1), 'Lock("tx")', (("t", "tx"),), ((var, V1), (var, V2))),
    )
    return Trace((var, "locked"), steps)


def test_what_is_a_message() -> None:
    assert is_message(V1)
    assert not is_message((1, 2)) and not is_message(("a", "b"))  # names no node
    assert not is_message(M1) and not is_message(frozenset({V1}))


def test_votes_are_sent_by_their_step_and_read_by_a_step_of_no_node() -> None:
    trace = votes_trace()
    spec = detect(trace)
    assert spec is not None and spec.var == "votes"
    c = chart(trace, spec)
    assert c.lanes == ("(network)", "m1", "m2")
    assert [(s.step, c.lanes[s.src], s.label) for s in c.sends] == [
        (1, "m1", "m1 tx c1"),
        (2, "m2", "m2 tx c1"),
    ]
    assert [(r.step, c.lanes[r.lane], r.send, r.how) for r in c.receipts] == [
        (3, "(network)", 0, "read"),
        (3, "(network)", 1, "read"),
    ]
    assert c.notes == ()


def test_a_vote_not_naming_its_step_node_is_not_drawn() -> None:
    """m2's step adds a vote naming m1 only: who sent it is not told."""
    trace = votes_trace()
    steps = list(trace.steps)
    forged = (M1, "tx", "c2")
    steps[2] = Step((steps[2].state[0] | {forged}, 0), steps[2].action, steps[2].witness)
    c = chart(Trace(trace.variables, tuple(steps)), detect(trace) or _fail())
    assert [s.message for s in c.sends] == [V1, V2]
    assert len(c.notes) == 1 and "m1 tx c2" in c.notes[0] and "not told" in c.notes[0]


def test_tuples_elsewhere_are_not_charted() -> None:
    """A set of tuples in a variable not named as messages is data (edges, pairs)."""
    assert detect(votes_trace("edges")) is None


def test_without_witnesses_nothing_is_received() -> None:
    """A TLC trace: no actor is known, so no sender either; the chart says so."""
    trace = votes_trace()
    bare = Trace(trace.variables, tuple(Step(s.state, s.action) for s in trace.steps))
    c = chart(bare, detect(bare) or _fail())
    assert c.receipts == ()
    assert [s.message for s in c.sends] == [V1, V2]  # the label names the node: Vote(m1, ..)
    assert "records no witnesses" in c.notes[0]


def _fail() -> NoReturn:
    raise AssertionError("no chart detected")


def test_tuples_in_channels_come_from_the_channel_end() -> None:
    """chan[from][to] tells the ends, whatever the messages are."""
    empty = make_fcn([(M1, make_fcn([(M2, ())])), (M2, make_fcn([(M1, ())]))])
    sent = make_fcn([(M1, make_fcn([(M2, ((M1, "ping"),))])), (M2, make_fcn([(M1, ())]))])
    steps = (Step((empty,)), Step((sent,), "Ping(m2)", (("n", M2),)))
    trace = Trace(("chan",), steps)
    spec = detect(trace)
    assert spec is not None and spec.layout == "channels"
    c = chart(trace, spec)
    assert [(c.lanes[s.src], [c.lanes[d] for d in s.dsts], s.label) for s in c.sends] == [
        ("m1", ["m2"], "m1 ping")
    ]
