"""The coverage page (`check --coverage-html`) in a real headless Chromium (the fixture
of test_ui_browser.py): no console errors or requests, a row per action with its counts
and bars, the actions that never fired marked, and hostile text (a path) kept as text."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

import checker
from checker.ui.coverage_html import BAR_WIDTH, write_page

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
DEMO = Path(__file__).resolve().parents[1] / "coverage" / "CovDemo.tla"
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page_of(browser: Browser, tmp_path: Path) -> Iterator[tuple[Page, list[str]]]:
    """The coverage page of CovDemo copied into a directory with a hostile name."""
    hostile = tmp_path / HOSTILE
    hostile.mkdir()
    for suffix in (".tla", ".cfg"):
        shutil.copy(DEMO.with_suffix(suffix), hostile / DEMO.with_suffix(suffix).name)
    result = checker.check(hostile / "CovDemo.tla", coverage=True, trace_dir=None)
    assert result.coverage is not None
    out = write_page(result.coverage, tmp_path / "cov.html", result.spec, result.verdict)
    page = browser.new_page()
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("dialog", lambda d: problems.append(f"dialog {d.message}"))
    page.on(
        "request",
        lambda r: None if r.url.startswith("file:") else problems.append(f"request {r.url}"),
    )
    page.goto(out.as_uri())
    yield page, problems
    page.close()


def test_a_row_per_action_with_its_counts(page_of: tuple[Page, list[str]]) -> None:
    page, problems = page_of
    names = page.locator("#coverage tbody td.name").all_inner_texts()
    assert names == ["Init", "Inc", "Reset", "Never", "Bump", "Next@21:12"]
    bump = page.locator("#coverage tbody tr", has_text="Bump")
    assert bump.locator("td.n").all_inner_texts() == ["8", "16", "12"]
    # the widest bar is the largest generated count; distinct drawn in proportion
    assert bump.locator("rect.generated").get_attribute("width") == str(BAR_WIDTH)
    assert bump.locator("rect.distinct").get_attribute("width") == str(round(BAR_WIDTH * 12 / 16))
    assert problems == []


def test_the_dead_action_is_marked(page_of: tuple[Page, list[str]]) -> None:
    page, problems = page_of
    dead = page.locator("#coverage tbody tr.dead")
    assert dead.count() == 1 and dead.locator("td.name").inner_text() == "Never"
    color = dead.locator("td.name").evaluate("e => getComputedStyle(e).color")
    assert color == "rgb(176, 0, 32)"  # the style applies: the CSP allowed it
    assert "never fired: Never" in page.inner_text("#dead")
    assert problems == []


def test_hostile_text_stays_text(page_of: tuple[Page, list[str]]) -> None:
    page, problems = page_of
    assert page.locator("img").count() == 0
    first = page.locator("#coverage tbody td.loc").first.inner_text()
    assert HOSTILE in first
    assert problems == []
