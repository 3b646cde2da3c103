"""The causal message chart in Chromium, on the committed counterexamples of the protocol
library (PBFT, Paxos, Zab, TxLock) and on stress traces: every text of the chart lies in
the svg box, no two texts overlap, and every receipt's arrow starts at the dot of the
send it names and ends on the receiver's lane (NOTE(chart-layout) in viewer.js)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from checker.traces import Step, Trace, read_itf
from checker.ui.causal import chart
from checker.ui.html import write_page
from checker.ui.msc import FROM_FIELDS, TO_FIELDS, detect
from checker.values import ModelValue, make_record

ROOT = Path(__file__).resolve().parents[2]
COUNTEREXAMPLES = sorted(
    p.relative_to(ROOT / "counterexamples")
    for p in (ROOT / "counterexamples").glob("*_bug_*/*.itf.json")
)
# RequestDecided's lasso: the votes split, no Lock step ever reads them
NOTHING_RECEIVED = {"TxLock_bug_no_mining_fairness"}


GEOMETRY = """() => {
  const svg = document.querySelector('#msc svg');
  if (!svg) return null;
  const box = (e) => { const b = e.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; };
  const num = (e, a) => Number(e.getAttribute(a));
  return {
    width: num(svg, 'width'),
    height: num(svg, 'height'),
    texts: [...svg.querySelectorAll('text')].map((t) => [t.textContent, box(t)]),
    dots: Object.fromEntries([...svg.querySelectorAll('circle.send')].map(
      (c) => [c.dataset.send, [num(c, 'cx'), num(c, 'cy')]])),
    lanes: [...svg.querySelectorAll('g.lane line')].map((l) => num(l, 'x1')),
    arrows: [...svg.querySelectorAll('path.recv')].map((p) => ({
      send: p.dataset.send, lane: Number(p.dataset.lane),
      from: [num(p, 'data-x1'), num(p, 'data-y1')], to: [num(p, 'data-x2'), num(p, 'data-y2')],
      d: p.getAttribute('d'),
    })),
    pending: svg.querySelectorAll('path.pending').length,
  };
}"""


def geometry(browser: Browser, trace: Trace, tmp_path: Path, name: str) -> tuple[Any, list[str]]:
    path = write_page(trace, tmp_path / f"{name}.html", detect(trace), None)
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri() + f"#state={len(trace.steps)}")  # the last state: all current
    page.wait_for_selector("#state h2")
    found = page.evaluate(GEOMETRY)
    page.close()
    return found, errors


def overlap(a: list[float], b: list[float]) -> bool:
    eps = 0.5
    return a[0] < b[2] - eps and b[0] < a[2] - eps and a[1] < b[3] - eps and b[1] < a[3] - eps


def assert_laid_out(g: Any) -> None:
    assert g["width"] > 0 and g["height"] > 0
    for text, (x0, y0, x1, y1) in g["texts"]:
        assert x0 >= 0 and y0 >= 0 and x1 <= g["width"] and y1 <= g["height"], (
            f"`{text}` at {(x0, y0, x1, y1)} outside the chart {g['width']}x{g['height']}"
        )
    texts = sorted(g["texts"], key=lambda t: t[1][1])
    for i, (a, box_a) in enumerate(texts):
        for b, box_b in texts[i + 1 :]:
            if box_b[1] >= box_a[3]:
                break  # sorted by top: no later text reaches up to this one
            assert not overlap(box_a, box_b), f"`{a}` {box_a} overlaps `{b}` {box_b}"


def assert_arrows_from_sends(g: Any, receipts: int) -> None:
    assert len(g["arrows"]) == receipts
    for arrow in g["arrows"]:
        assert arrow["from"] == g["dots"][arrow["send"]]  # from the send's dot
        assert arrow["to"][0] == g["lanes"][arrow["lane"]]  # to the receiver's lane
        assert arrow["d"].startswith("M{},{}".format(*_shown(arrow["from"])))
        assert arrow["d"].endswith("{},{}".format(*_shown(arrow["to"])))
        assert arrow["to"][1] > arrow["from"][1]  # later: further down


def _silent(trace: Trace) -> bool:
    """No message names its sender or receiver (PBFT's stalled view sends none, Paxos's
    lasso only 1a messages): detection charts nothing."""
    ends = set(FROM_FIELDS + TO_FIELDS)
    if "msgs" not in trace.variables:
        return False
    return all(not ends & set(m.keys) for s in trace.states for m in s["msgs"])


def _shown(point: list[float]) -> list[str]:
    return [str(int(v)) if v == int(v) else str(v) for v in point]


@pytest.mark.parametrize("name", COUNTEREXAMPLES, ids=str)
def test_counterexample_chart_layout(browser: Browser, tmp_path: Path, name: Path) -> None:
    trace = read_itf(ROOT / "counterexamples" / name)
    spec = detect(trace)
    g, errors = geometry(browser, trace, tmp_path, name.parent.name)
    assert errors == []
    if _silent(trace):
        assert spec is None and g is None
        return
    assert spec is not None and g is not None
    c = chart(trace, spec)
    assert c.notes == ()  # witnesses and reads: every receipt has its receiver
    assert_laid_out(g)
    assert_arrows_from_sends(g, len(c.receipts))
    assert c.receipts or len(c.sends) <= 1 or name.parent.name in NOTHING_RECEIVED, (
        "a protocol's messages are received"
    )


def test_receipts_on_every_protocol() -> None:
    """PBFT's replicas read messages in guards (#meta.reads), Paxos's acceptors choose
    them with \\E (#meta.witness), Zab's servers take them from channels, TxLock's Lock
    steps count the votes (tuples: NOTE(tuple-messages)) in a guard (#meta.reads)."""
    hows: dict[str, set[str]] = {}
    for name in COUNTEREXAMPLES:
        trace = read_itf(ROOT / "counterexamples" / name)
        spec = detect(trace)
        if spec is not None:
            protocol = name.parent.name.split("_")[0]
            hows.setdefault(protocol, set()).update(r.how for r in chart(trace, spec).receipts)
    assert "read" in hows["PBFT"]
    assert {"witness", "read"} <= hows["Paxos"]
    assert "removed" in hows["Zab"]
    assert hows["TxLock"] == {"read"}


def crowded_trace() -> Trace:
    """Long lane names, long labels, many messages in one step from one lane, a node
    that sends to itself, and a message received by three nodes."""
    nodes = [ModelValue(n) for n in ("a-node-with-a-rather-long-name", "b", "c")]
    a, b, c = nodes
    long = "VIEW-CHANGE-WITH-A-VERY-LONG-TYPE-NAME"
    ms = [
        make_record([("src", a), ("type", long), ("n", k), ("prepared", "x" * 80)])
        for k in range(5)
    ]
    reply = make_record([("src", b), ("dst", b), ("type", "self")])
    ack = make_record([("src", c), ("type", "ack")])
    late = make_record([("src", c), ("dst", a), ("type", "late")])  # never received
    last = frozenset(ms) | {reply, ack, late}
    states = [frozenset(), frozenset(ms), frozenset(ms) | {reply}, last]
    actions = [None, f"Act({a.name})", "Act(b)", "Act(c)"]
    steps = [Step((s, 0), action) for s, action in zip(states, actions, strict=True)]
    # step 2: b consumed every message of a (a quorum), step 3: c consumed one, b its own
    steps[2] = Step(steps[2].state, steps[2].action, (("n", b), ("V", frozenset(ms))))
    steps[3] = Step(steps[3].state, "Act(c)", (("m", ms[0]),), (("msgs", reply),))
    return Trace(("msgs", "x"), tuple(steps))


def test_crowded_chart_layout(browser: Browser, tmp_path: Path) -> None:
    trace = crowded_trace()
    spec = detect(trace)
    assert spec is not None
    c = chart(trace, spec)
    got = [(r.step, c.lanes[r.lane], r.send, r.how) for r in c.receipts]
    assert got == [(2, "b", k, "witness") for k in range(5)] + [
        (3, "b", 5, "read"),
        (3, "c", 0, "witness"),
    ]
    assert c.notes == ()
    g, errors = geometry(browser, trace, tmp_path, "crowded")
    assert errors == []
    assert_laid_out(g)
    assert_arrows_from_sends(g, 7)
    assert g["pending"] == 1  # `late`, addressed to a, dashed to its lane


def test_a_trace_without_witnesses_says_so(browser: Browser, tmp_path: Path) -> None:
    """A TLC trace (imported) has no #meta.witness: the chart is drawn, with the sends,
    and a note says which receipts it cannot know."""
    trace = read_itf(
        ROOT / "counterexamples" / "Paxos_bug_2of4_quorums" / "Paxos_Agreement.itf.json"
    )
    bare = Trace(trace.variables, tuple(Step(s.state, s.action) for s in trace.steps))
    path = write_page(bare, tmp_path / "bare.html", detect(bare), None)
    page = browser.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("#state h2")
    assert "records no witnesses" in page.inner_text("#msc p.note")
    assert page.locator("#msc circle.send").count() == 12
    assert page.locator("#msc path.recv").count() == 0
    page.close()
