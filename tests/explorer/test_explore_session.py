"""The explorer's session (checker/explorer/session.py): moves as the search sees them
(labels, CONSTRAINT and ACTION_CONSTRAINT, invariants, deadlock), the line with its
cursor (back, forward, branch), the states seen, traces followed, saved and opened."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.compile.model import Model
from checker.diagnostics import CheckerError
from checker.explorer.files import (
    foreign_steps,
    foreign_warning,
    load_trace,
    save_trace,
    trace_file_and_state,
)
from checker.explorer.session import Session
from checker.graph.explore import explore_graph
from checker.pipeline import load_model
from checker.traces import Step, Trace, read_itf, write_itf
from checker.values import ModelValue, render

SPECS = Path(__file__).parent / "specs"
ENGINE_SPECS = Path(__file__).parents[1] / "engine" / "specs"


@pytest.fixture(scope="module")
def switches() -> Model:
    return load_model(SPECS / "Switches.tla", SPECS / "Switches.cfg")


def labels(session: Session) -> list[str]:
    return [m.label for m in session.moves().moves]


def test_a_single_initial_state_is_chosen_and_moves_carry_the_actions_arguments(
    switches: Model,
) -> None:
    session = Session(switches)
    assert session.cursor == 0 and len(session.line) == 1
    assert session.line[0].action is None
    assert labels(session) == ["Flip(n1)", "Flip(n2)"]
    flip = session.moves().moves[0]
    assert flip.changed == ("on", "log", "count")
    assert flip.in_model and flip.violated is None and flip.seen is None


def test_the_kernel_s_rules_judge_each_move(switches: Model) -> None:
    session = Session(switches)
    session.take(0)  # Flip(n1): count 1
    moves = {m.label: m for m in session.moves().moves}
    assert set(moves) == {"Flip(n1)", "Flip(n2)", "Reset"}
    assert not moves["Reset"].in_model  # ACTION_CONSTRAINT NoQuickReset excludes it
    assert moves["Reset"].changed == ("on", "count")  # the log is kept
    assert moves["Flip(n2)"].violated == "NotAllOn"
    session.take(labels(session).index("Flip(n2)"))
    assert session.status(session.cursor).violated == "NotAllOn"
    session.take(labels(session).index("Flip(n1)"))  # count 3 > Limit
    status = session.status(session.cursor)
    assert not status.in_model and status.violated is None


def test_the_moves_in_the_model_reach_the_state_graph_s_nodes(switches: Model) -> None:
    """Taking every move judged in the model, from every state so reached, gives the
    states `checker graph` finds (the search's), no more, no fewer."""
    graph = explore_graph(switches, 1000)
    session = Session(switches)
    todo, reached = [0], {0}
    while todo:
        number = todo.pop()
        session.jump(number)
        for i, move in enumerate(session.moves().moves):
            if move.in_model:
                session.jump(number)
                session.take(i)
                assert session.current is not None
                if session.current.id not in reached:
                    reached.add(session.current.id)
                    todo.append(session.current.id)
    found = {tuple(render(v) for v in session.state(n)) for n in reached}
    assert found == {n.values for n in graph.nodes}
    assert len(graph.nodes) > 5


def test_back_forward_and_branching(switches: Model) -> None:
    session = Session(switches)
    session.take(0)  # Flip(n1)
    session.take(labels(session).index("Flip(n2)"))
    assert [s.action for s in session.line] == [None, "Flip(n1)", "Flip(n2)"]
    assert session.back() and session.back() and session.back()
    assert session.cursor == -1 and labels(session) == ["Initial predicate"]
    assert not session.back()
    assert session.forward() and session.forward() and session.cursor == 1
    session.take(labels(session).index("Flip(n2)"))  # the line's next step: kept
    assert len(session.line) == 3 and session.cursor == 2
    session.go(1)
    session.take(labels(session).index("Flip(n1)"))  # another step: a branch
    assert [s.action for s in session.line] == [None, "Flip(n1)", "Flip(n1)"]
    assert session.line[-1].id == 3 and not session.forward()


def test_a_move_to_a_state_seen_says_which(switches: Model) -> None:
    session = Session(switches)
    session.take(0)  # Flip(n1)
    session.go(0)
    assert [m.seen for m in session.moves().moves] == [1, None]


def test_jumping_to_a_state_seen_takes_the_line_that_reached_it(switches: Model) -> None:
    session = Session(switches)
    session.take(0)
    session.take(labels(session).index("Flip(n2)"))
    both = session.current
    assert both is not None
    session.go(0)
    session.take(1)  # Flip(n2) from the start: a new state
    assert len(session.states) == 4
    session.jump(both.id)
    assert [s.action for s in session.line] == [None, "Flip(n1)", "Flip(n2)"]
    assert session.cursor == 2


def test_a_deadlock_is_a_state_without_moves() -> None:
    session = Session(load_model(ENGINE_SPECS / "Stuck.tla", ENGINE_SPECS / "Stuck.cfg"))
    for _ in range(3):
        session.take(0)
    moves = session.moves()
    assert moves.moves == () and moves.deadlock and moves.error is None


def test_several_initial_states_are_offered_first(tmp_path: Path) -> None:
    (tmp_path / "Two.tla").write_text(
        "---- MODULE Two ----\nVARIABLE x\nInit == x \\in {1, 2}\nNext == x' = x\n====\n"
    )
    (tmp_path / "Two.cfg").write_text("INIT Init\nNEXT Next\n")
    session = Session(load_model(tmp_path / "Two.tla", tmp_path / "Two.cfg"))
    assert session.current is None and session.line == ()
    assert labels(session) == ["Initial predicate", "Initial predicate"]
    session.take(1)
    assert session.state(session.line[0].id) == (2,)


def test_an_evaluation_error_in_next_is_a_diagnostic_not_a_crash() -> None:
    model = load_model(ENGINE_SPECS / "DivZero.tla", ENGINE_SPECS / "DivZero.cfg")
    session = Session(model)
    for _ in range(5):
        moves = session.moves()
        if moves.error is not None:
            assert moves.error.code == "E402"
            return
        session.take(0)
    raise AssertionError("DivZero's division by zero never came")


def test_the_line_saved_as_itf_and_opened_again(switches: Model, tmp_path: Path) -> None:
    session = Session(switches)
    session.take(0)
    session.take(labels(session).index("Flip(n2)"))
    path = save_trace(session.trace(), tmp_path / "line.itf.json")
    saved = read_itf(path)
    assert [s.action for s in saved.steps] == [None, "Flip(n1)", "Flip(n2)"]
    assert saved.spec == "Switches" and saved.variables == ("on", "log", "count")
    other = Session(switches)
    trace = load_trace(switches, path)
    assert foreign_steps(switches, trace) == []
    other.follow(trace, 1)
    assert other.cursor == 1 and [s.action for s in other.line] == [s.action for s in saved.steps]
    assert labels(other) == ["Flip(n1)", "Flip(n2)", "Reset"]


def test_a_trace_s_variables_are_put_in_the_model_s_order(switches: Model, tmp_path: Path) -> None:
    n1, n2 = ModelValue("n1"), ModelValue("n2")
    state = (0, (), Session(switches).state(0)[0])
    trace = Trace(("count", "log", "on"), (Step(state),), "Switches", model_values=("n1", "n2"))
    loaded = load_trace(switches, write_itf(trace, tmp_path / "t.itf.json"))
    assert loaded.variables == switches.variables
    assert loaded.steps[0].state == Session(switches).state(0)
    assert {n1, n2} == set(loaded.steps[0].state[0].keys)


def test_a_trace_of_another_spec_is_refused(switches: Model, tmp_path: Path) -> None:
    trace = Trace(("x",), (Step((1,)),))
    with pytest.raises(CheckerError) as caught:
        load_trace(switches, write_itf(trace, tmp_path / "x.itf.json"))
    assert caught.value.diagnostics[0].code == "E531"


def test_steps_the_model_does_not_take_are_warned_of(switches: Model, tmp_path: Path) -> None:
    session = Session(switches)
    start = session.state(0)
    jumped = (start[0], ("x",), 7)
    trace = Trace(switches.variables, (Step(start), Step(jumped, "Teleport")), "Switches")
    assert foreign_steps(switches, trace) == [1]
    warning = foreign_warning(switches, trace, "t.itf.json")
    assert warning is not None and warning.code == "E531" and warning.severity == "warning"
    assert "state 2 of the trace is not a successor of state 1" in warning.message
    session.follow(trace, 1)  # shown as it is, and explored from
    assert session.current is not None and session.line[1].action == "Teleport"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("a.itf.json", ("a.itf.json", None)),
        ("a.itf.json 3", ("a.itf.json", 2)),
        ("dir with space/a.itf.json  2", ("dir with space/a.itf.json", 1)),
        ("7", ("7", None)),
    ],
)
def test_file_and_state_as_typed(typed: str, expected: tuple[str, int | None]) -> None:
    path, state = trace_file_and_state(typed)
    assert (str(path), state) == expected


@pytest.mark.parametrize("typed", ["", "  ", "a.itf.json 0"])
def test_bad_file_and_state(typed: str) -> None:
    with pytest.raises(CheckerError):
        trace_file_and_state(typed)
