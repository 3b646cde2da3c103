"""Traces for the viewer tests: a real Paxos counterexample, hand-built ones, long ones;
headless Chromium for the HTML viewer's tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from checker.api import check
from checker.traces import Step, Trace, write_itf
from checker.values import ModelValue, make_fcn, make_record

ROOT = Path(__file__).resolve().parents[2]
MakeTrace = Callable[[int], Trace]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def paxos_trace(tmp_path_factory: pytest.TempPathFactory) -> Trace:
    """Paxos with singleton quorums: Agreement fails in 8 steps (a real counterexample)."""
    tmp = tmp_path_factory.mktemp("paxos")
    cfg = (ROOT / "models" / "Paxos.cfg").read_text()
    cfg = cfg.replace("Quorum <- MajorityQuorums", "Quorum <- SingletonQuorums")
    cfg = cfg.replace("../specs/Paxos.tla", str(ROOT / "specs" / "Paxos.tla"))
    (tmp / "Paxos.cfg").write_text(cfg)
    result = check(ROOT / "specs" / "Paxos.tla", tmp / "Paxos.cfg", trace_dir=None)
    assert result.violation is not None
    return result.violation.trace


@pytest.fixture(scope="session")
def paxos_itf(paxos_trace: Trace, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_itf(paxos_trace, tmp_path_factory.mktemp("itf") / "Paxos.itf.json")


def mv(name: str) -> ModelValue:
    return ModelValue(name)


def node_state(role: str, log: tuple[int, ...], term: int) -> object:
    return make_record([("role", role), ("log", log), ("term", term)])


@pytest.fixture
def nested_trace() -> Trace:
    """Three states with nested changes: a record inside a function, a sequence append,
    a set of messages, and strings that look like markup or HTML."""
    n1, n2 = mv("n1"), mv("n2")
    m1 = make_record([("src", n1), ("dst", n2), ("type", "vote")])
    m2 = make_record([("src", n2), ("dst", n1), ("type", "<script>window.__pwned = 1</script>")])
    states = [
        (
            make_fcn([(n1, node_state("follower", (), 0)), (n2, node_state("follower", (), 0))]),
            frozenset(),
            0,
            "[bold]plain[/bold]",
        ),
        (
            make_fcn([(n1, node_state("candidate", (), 1)), (n2, node_state("follower", (), 0))]),
            frozenset({m1}),
            0,
            "[bold]plain[/bold]",
        ),
        (
            make_fcn([(n1, node_state("leader", (7,), 1)), (n2, node_state("follower", (), 0))]),
            frozenset({m1, m2}),
            0,
            "[bold]plain[/bold]",
        ),
    ]
    steps = (
        Step(states[0]),
        Step(states[1], "Timeout(n1)"),
        Step(states[2], "BecomeLeader(n1)"),
    )
    return Trace(
        ("nodes", "msgs", "clock", "note"), steps, "Raft", "OneLeader", "invariant", ("n1", "n2")
    )


def synthetic(n: int) -> Trace:
    """A trace of `n` states: a counter, a function of 5 nodes, a bounded bag of
    in-flight messages and a growing log (about a 1,000-step protocol run)."""
    nodes = [mv(f"n{i}") for i in range(1, 6)]
    steps: list[Step] = []
    pc = {k: "idle" for k in nodes}
    log: tuple[int, ...] = ()
    for i in range(n):
        k = nodes[i % 5]
        if i:
            pc[k] = ("idle", "send", "wait")[i % 3]
            log = (*log, i) if i % 10 == 0 else log
        window = range(max(0, i - 8), i)
        msgs = frozenset(
            make_record([("src", nodes[j % 5]), ("dst", nodes[(j + 1) % 5]), ("seq", j)])
            for j in window
        )
        state = (i, make_fcn(pc.items()), msgs, log)
        steps.append(Step(state, None if i == 0 else f"Send({k.name})"))
    return Trace(
        ("clock", "pc", "msgs", "log"),
        tuple(steps),
        "Synthetic",
        None,
        None,
        tuple(x.name for x in nodes),
    )


@pytest.fixture
def make_synthetic() -> MakeTrace:
    return synthetic
