"""`checker explore --web` in a real headless Chromium (Playwright, as test_ui_browser.py):
clicks and keys step, branch, jump, evaluate, open and save; the server refuses what does
not come from its own page; hostile strings stay text; Ctrl-C stops it cleanly."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from checker.traces import read_itf

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "explorer" / "specs" / "Switches.tla"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


class Server:
    """`checker explore --web` in a process of its own, stopped with Ctrl-C (SIGINT)."""

    def __init__(self, tmp: Path) -> None:
        self.traces = tmp / "traces"
        self.traces.mkdir()
        self.save_to = tmp / "out" / "line.itf.json"
        command = [sys.executable, "-m", "checker", "explore", str(SPEC), "--web"]
        command += ["--trace-dir", str(self.traces), "--save", str(self.save_to)]
        self.process = subprocess.Popen(
            command, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert found, line + self.process.stderr.read() if self.process.stderr else line
        self.url = found.group(0)
        self.port = int(found.group(1))

    def stop(self) -> tuple[int, str]:
        """Ctrl-C; the exit code and what it printed after the address."""
        self.process.send_signal(signal.SIGINT)
        out, _ = self.process.communicate(timeout=15)
        return self.process.returncode, out

    def post(self, path: str, body: object, headers: dict[str, str]) -> tuple[int, str]:
        request = urllib.request.Request(
            self.url.rstrip("/") + path, json.dumps(body).encode(), headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def token(self) -> str:
        with urllib.request.urlopen(self.url, timeout=10) as answer:
            page = answer.read().decode()
        found = re.search(r'"token":"([^"]+)"', page)
        assert found
        return found.group(1)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    s = Server(tmp_path)
    try:
        yield s
    finally:
        if s.process.poll() is None:
            s.process.kill()
            s.process.wait(timeout=10)


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    p = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    p.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    p.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    p.on("dialog", lambda d: errors.append(f"dialog: {d.message}"))
    p.goto(server.url)
    p.wait_for_selector("#moves button.move")
    yield p
    assert errors == []
    p.close()


def line_note(page: Page) -> str:
    return page.inner_text("#line-note")


def test_click_and_keys_step_and_the_viewer_shows_the_line(page: Page) -> None:
    assert page.inner_text("#state h2") == "State 1 · Initial predicate"
    assert page.inner_text("#moves-title") == "2 moves"
    page.click("#moves button.move >> nth=1")  # Flip(n2)
    expect(page.locator("#line-note")).to_contain_text("State 2 of 2 on the line")
    assert page.inner_text("#state h2") == "State 2 · Flip(n2)"
    reset = page.locator("#moves button.move", has_text="Reset")
    expect(reset.locator(".outside")).to_have_text("outside the model")
    page.keyboard.press("1")  # Flip(n1): both on
    expect(page.locator("#line-note")).to_contain_text("State 3 of 3 on the line")
    assert "violates NotAllOn" in line_note(page)
    expect(page.locator("#state .violation")).to_have_text("This state violates NotAllOn.")
    assert page.locator("#steps button.step").count() == 3


def test_clicking_a_state_of_the_line_goes_back_and_a_move_branches(page: Page) -> None:
    page.click("#moves button.move >> nth=0")
    expect(page.locator("#line-note")).to_contain_text("State 2 of 2")
    page.click("#moves button.move >> nth=0")
    expect(page.locator("#line-note")).to_contain_text("State 3 of 3")
    page.click('#steps button.step[data-step="1"]')
    expect(page.locator("#line-note")).to_contain_text("State 1 of 3 on the line")
    assert page.inner_text("#moves-title") == "2 moves"
    page.click("#moves button.move >> nth=1")  # Flip(n2): not the line's next, a branch
    expect(page.locator("#line-note")).to_contain_text("State 2 of 2 on the line")
    assert page.inner_text("#state h2") == "State 2 · Flip(n2)"
    page.click('#seen button.seen-state[data-number="3"]')  # #3 on its own line
    expect(page.locator("#line-note")).to_contain_text("State 3 of 3 on the line · #3")


def test_back_to_the_initial_states(page: Page) -> None:
    page.click("#initial-states")
    expect(page.locator("#moves-title")).to_have_text("1 initial state")
    assert "No state yet" in line_note(page)
    page.click("#moves button.move >> nth=0")
    expect(page.locator("#line-note")).to_contain_text("State 1 of 1 on the line")


def test_evaluate_shows_values_and_located_errors(page: Page) -> None:
    page.fill("#eval", "Cardinality(Lit) + count")
    page.click("#eval-form button")
    expect(page.locator("#eval-out")).to_have_text("0")
    page.fill("#eval", "count +")
    page.press("#eval", "Enter")
    expect(page.locator("#eval-out")).to_contain_text("error[E102]")
    text = page.inner_text("#eval-out")
    assert "--> <expr>:1:8" in text and "1 | count +" in text


def test_save_writes_the_named_file_and_open_continues_from_a_trace(
    page: Page, server: Server
) -> None:
    page.click("#moves button.move >> nth=0")
    expect(page.locator("#line-note")).to_contain_text("State 2 of 2")
    page.click("#save")
    expect(page.locator("#message")).to_contain_text("saved 2 states to")
    saved = read_itf(server.save_to)
    assert [s.action for s in saved.steps] == [None, "Flip(n1)"]
    (server.traces / "mine.itf.json").write_text(server.save_to.read_text())
    page.reload()
    page.click("#traces button.trace")
    expect(page.locator("#message")).to_contain_text("Opened mine.itf.json")
    assert "State 2 of 2 on the line" in line_note(page)


def test_hostile_strings_stay_text(page: Page) -> None:
    page.click("#moves button.move >> nth=0")  # the log gets "<script>alert(1)</script>"
    expect(page.locator("#line-note")).to_contain_text("State 2 of 2")
    page.fill("#eval", "log")
    page.click("#eval-form button")
    expect(page.locator("#eval-out")).to_have_text('<<"<script>alert(1)</script>">>')
    assert page.locator("script:not([type])").count() == 2  # explorer.js and viewer.js


def test_the_server_refuses_other_sites_and_arbitrary_files(server: Server) -> None:
    token = server.token()
    good = {"X-Explorer-Token": token, "Content-Type": "application/json"}
    assert server.post("/api/take", {"index": 0}, {})[0] == 403  # no token
    assert server.post("/api/take", {"index": 0}, {**good, "X-Explorer-Token": "x"})[0] == 403
    evil = {**good, "Origin": "http://evil.example"}
    assert server.post("/api/take", {"index": 0}, evil)[0] == 403
    rebound = {**good, "Host": f"evil.example:{server.port}"}
    assert server.post("/api/take", {"index": 0}, rebound)[0] == 403
    status, text = server.post("/api/open", {"name": "../../etc/passwd"}, good)
    assert status == 200 and json.loads(text)["ok"] is False
    status, text = server.post("/api/save", {"path": "/tmp/elsewhere.itf.json"}, good)
    assert json.loads(text)["ok"] is True  # the path in the request is ignored
    assert server.save_to.is_file() and not Path("/tmp/elsewhere.itf.json").exists()
    status, text = server.post("/api/take", {"index": 99}, good)
    assert json.loads(text)["ok"] is False and "index must be" in json.loads(text)["message"]
    code, out = server.stop()
    assert code == 0 and "stopped" in out


def test_ctrl_c_stops_the_server(server: Server) -> None:
    code, out = server.stop()
    assert code == 0 and out.strip() == "stopped"
