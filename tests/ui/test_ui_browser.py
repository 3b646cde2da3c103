"""The HTML viewer in a real headless Chromium (Debian's `chromium`, driven by Playwright;
.ci/run installs it): no console errors, clicks and keys move between states, nested
values collapse and expand, the message chart is drawn, and hostile strings stay text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page

from checker.traces import Step, Trace
from checker.ui.html import write_page
from checker.ui.msc import detect
from checker.values import ModelValue, make_record


class Viewer:
    """A page of the viewer, with the console errors it produced."""

    def __init__(self, browser: Browser, path: Path, fragment: str = "") -> None:
        self.page: Page = browser.new_page(viewport={"width": 1300, "height": 900})
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        self.page.on("request", self._request)
        self.page.goto(path.as_uri() + fragment)
        self.page.wait_for_selector("#state h2")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")

    def _request(self, request: object) -> None:
        url = getattr(request, "url", "")
        if not url.startswith(("file:", "data:", "about:")):
            self.errors.append(f"network request: {url}")

    def heading(self) -> str:
        return self.page.inner_text("#state h2")

    def value_text(self, var: str) -> str:
        return self.page.inner_text(
            f'#state .var[data-var="{var}"] + .value, #state .var[data-var="{var}"] .value'
        )


@pytest.fixture
def paxos_page(browser: Browser, paxos_trace: Trace, tmp_path: Path) -> Iterator[Viewer]:
    path = write_page(paxos_trace, tmp_path / "paxos.html", detect(paxos_trace), None)
    viewer = Viewer(browser, path)
    yield viewer
    assert viewer.errors == []
    viewer.page.close()


def test_page_loads_without_errors_at_the_initial_state(paxos_page: Viewer) -> None:
    assert paxos_page.page.title() == "Paxos trace"
    assert paxos_page.heading() == "State 1 · Initial predicate"
    assert paxos_page.page.locator("#steps button.step").count() == 9
    assert "Agreement violated" in paxos_page.page.inner_text("#verdict")
    assert paxos_page.value_text("msgs") == "{}"


@pytest.mark.parametrize("number", [2, 5, 9])
def test_clicking_a_step_shows_that_state(
    paxos_page: Viewer, paxos_trace: Trace, number: int
) -> None:
    paxos_page.page.click(f'#steps button[data-step="{number}"]')
    action = paxos_trace.steps[number - 1].action
    assert paxos_page.heading() == f"State {number} · {action}"
    button = paxos_page.page.locator(f'#steps button[data-step="{number}"]')
    assert button.get_attribute("aria-current") == "step"
    assert paxos_page.page.url.endswith(f"#state={number}")


def test_last_state_shows_diffs_and_the_violation(paxos_page: Viewer) -> None:
    paxos_page.page.click('#steps button[data-step="9"]')
    page = paxos_page.page
    assert page.inner_text("#state .violation") == "This state violates Agreement."
    changed = page.locator("#state .var.changed").evaluate_all(
        "rows => rows.map(r => r.dataset.var)"
    )
    assert changed == ["maxBal", "maxVBal", "maxVal", "msgs"]
    row = '#state .var[data-var="maxVal"]'
    assert page.inner_text(f"{row} .entry.changed .key") == "[a2]:"
    assert page.inner_text(f"{row} del.old") == "None" and page.inner_text(f"{row} ins.new") == "v1"
    added = page.inner_text('#state .var[data-var="msgs"] .entry.added')
    assert '[acc |-> a2, bal |-> 0, type |-> "2b", val |-> v1]' in added
    assert page.inner_text('#state .var[data-var="msgs"] details.kept > summary') == "… 7 unchanged"


@pytest.mark.parametrize(
    ("keys", "number"),
    [
        (["ArrowDown"], 2),
        (["j", "j", "j"], 4),
        (["End"], 9),
        (["End", "ArrowUp", "k"], 7),
        (["End", "Home"], 1),
        (["n", "n", "p"], 2),
    ],
)
def test_keyboard_navigation(paxos_page: Viewer, keys: list[str], number: int) -> None:
    for key in keys:
        paxos_page.page.keyboard.press(key)
    assert paxos_page.heading().startswith(f"State {number} ·")


def test_changed_only_and_filter(paxos_page: Viewer) -> None:
    page = paxos_page.page
    page.keyboard.press("ArrowDown")
    assert page.locator("#state .var").count() == 4
    page.keyboard.press("c")
    assert page.locator("#state .var").evaluate_all("r => r.map(x => x.dataset.var)") == ["msgs"]
    page.keyboard.press("c")
    page.keyboard.press("/")
    page.keyboard.type("bal")
    names = page.locator("#state .var").evaluate_all("r => r.map(x => x.dataset.var)")
    assert names == ["maxBal", "maxVBal"]
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowDown")  # keys navigate again once the filter is left
    assert paxos_page.heading().startswith("State 3 ·")


def test_message_sequence_chart(paxos_page: Viewer) -> None:
    page = paxos_page.page
    assert "Messages in msgs, from .acc" in page.inner_text("#msc h2")
    lanes = page.locator("#msc g.lane text").all_text_contents()
    assert lanes == ["(network)", "a1", "a2"]
    bands = page.locator("#msc g.event.lines")  # one band per step with messages
    assert bands.count() == 8
    assert bands.nth(0).get_attribute("class") == "event lines future"
    bands.nth(7).locator("rect.hit").click(position={"x": 5, "y": 5})
    assert paxos_page.heading() == "State 9 · Phase2b(a2)"
    assert "current" in (bands.nth(7).get_attribute("class") or "")
    labels = page.locator('#msc g.event.labels[data-step="9"] text.label')
    # the 2a its \E chose (received), then the 2b it sent
    assert labels.all_text_contents() == ["2a bal=0 val=v1", "2b bal=0 val=v1"]


def test_deep_link_to_a_state(browser: Browser, paxos_trace: Trace, tmp_path: Path) -> None:
    path = write_page(paxos_trace, tmp_path / "p.html", None, None)
    viewer = Viewer(browser, path, "#state=4")
    assert viewer.heading() == "State 4 · Phase1b(a1)"
    assert viewer.page.locator("#msc").is_hidden()
    assert viewer.errors == []


def hostile_trace() -> Trace:
    """Strings meant to run code if they ever reached the page as HTML."""
    n1 = ModelValue("n1")
    evil_var = '<img src=x onerror="window.__pwned=2">'
    step1 = (make_record([("note", "harmless")]), frozenset())
    step2 = (
        make_record([("note", "<script>window.__pwned=1</script>"), ("<b>f</b>", 1)]),
        frozenset(
            {make_record([("src", n1), ("type", "</script><script>window.__pwned=3</script>")])}
        ),
    )
    steps = (Step(step1), Step(step2, "<script>window.__pwned=4</script>"))
    return Trace(("rec", evil_var), steps, "Evil<script>", "<i>Inv</i>", "invariant", ("n1",))


def test_script_strings_are_shown_as_text_and_never_run(browser: Browser, tmp_path: Path) -> None:
    trace = hostile_trace()
    path = write_page(trace, tmp_path / "evil.html", None, None)
    viewer = Viewer(browser, path)
    page = viewer.page
    page.click('#steps button[data-step="2"]')
    assert viewer.heading() == "State 2 · <script>window.__pwned=4</script>"
    state = page.inner_text("#state")
    assert '"<script>window.__pwned=1</script>"' in state
    assert '<img src=x onerror="window.__pwned=2">' in state
    assert "window.__pwned=3" in state
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.scripts.length") == 2
    assert page.locator("#state img, #state b, #state script").count() == 0
    assert page.title() == "Evil<script> trace"
    assert viewer.errors == []


def test_nested_values_collapse_and_expand(
    browser: Browser, nested_trace: Trace, tmp_path: Path
) -> None:
    path = write_page(nested_trace, tmp_path / "raft.html", detect(nested_trace), None)
    viewer = Viewer(browser, path, "#state=2")
    page = viewer.page
    nodes = '#state .var[data-var="nodes"] .value'
    assert page.inner_text(f"{nodes} .entry.changed > .key") == "[n1]:"
    kept = page.locator(f"{nodes} > details > .entries > details.kept")
    assert kept.count() == 1 and not kept.evaluate("d => d.open")
    assert "[n2]" not in page.inner_text(nodes)  # collapsed: not even built
    kept.locator("summary").click()
    assert kept.evaluate("d => d.open") and "[n2]:" in page.inner_text(nodes)
    inner = page.locator(f"{nodes} .entry.changed .entry.changed").first
    assert "follower" in inner.inner_text() and "candidate" in inner.inner_text()
    assert viewer.errors == []


def test_a_lasso_shows_where_it_goes_back(browser: Browser, tmp_path: Path) -> None:
    steps = (Step((0,), None), Step((1,), "Inc"), Step((2,), "Inc"))
    lasso = Trace(("x",), steps, "M", "Live", "liveness", loop=1, back="<b>Dec</b>")
    viewer = Viewer(browser, write_page(lasso, tmp_path / "lasso.html", None, None))
    page = viewer.page
    assert page.inner_text("#steps li.loop") == "↺ back to State 2 · <b>Dec</b>"
    assert page.locator('#steps button.loop-start[data-step="2"]').count() == 1
    assert "forever round from state 2" in page.inner_text("#verdict")
    assert page.locator("#steps b").count() == 0
    assert viewer.errors == []


def test_back_and_forward_move_between_the_states_visited(paxos_page: Viewer) -> None:
    page = paxos_page.page
    page.click('#steps button[data-step="3"]')
    page.click('#steps button[data-step="6"]')
    page.keyboard.press("ArrowDown")
    assert paxos_page.heading().startswith("State 7 ")
    page.go_back()
    assert paxos_page.heading().startswith("State 6 ") and page.url.endswith("#state=6")
    page.go_back()
    assert paxos_page.heading().startswith("State 3 ")
    page.go_forward()
    assert paxos_page.heading().startswith("State 6 ")


def test_step_labels_wrap_between_words(browser: Browser, tmp_path: Path) -> None:
    """A long label breaks at its spaces, never inside a word that fits on a line."""
    words = ["Receive(" + ", ".join(f"participant{i}" for i in range(12)) + ")"]
    steps = (Step((0,)), Step((1,), words[0]))
    trace = Trace(("x",), steps, "M", "Inv", "invariant")
    path = write_page(trace, tmp_path / "w.html", None, None)
    viewer = Viewer(browser, path)
    label = viewer.page.locator('#steps button[data-step="2"] .label')
    lines = label.evaluate(
        """el => {
          const range = document.createRange(), node = el.firstChild, tops = new Map();
          for (let i = 0; i < node.length; i++) {
            range.setStart(node, i); range.setEnd(node, i + 1);
            const top = Math.round(range.getBoundingClientRect().top);
            tops.set(top, (tops.get(top) || "") + node.data[i]);
          }
          return [...tops.values()];
        }"""
    )
    assert len(lines) >= 2  # it wraps (two lines shown, the rest clamped)
    for line in lines[:-1]:  # every line but the last ends at a word's end
        assert line.endswith((" ", ",")), lines
    assert viewer.errors == []
