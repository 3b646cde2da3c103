"""Values in a counterexample are never cut silently (NOTE(value-cuts)), the terminal's
width is used, `--full` shows them whole; the live progress line leaves nothing behind
when no progress was reported; `--json -q` writes nothing to stderr."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from checker.cli.main import main
from checker.traces import Step, Trace
from checker.traces.text import FULL_HINT, format_trace
from checker.ui.progress import ConsoleObserver
from checker.values import make_record


def big_trace() -> Trace:
    msgs = frozenset(make_record([("bal", b), ("type", "2b")]) for b in range(40))
    return Trace(("x", "msgs"), (Step((0, msgs), None), Step((1, msgs), "Next")), "M", "Inv")


def test_a_cut_says_how_much_it_hides_and_how_to_see_it() -> None:
    text = format_trace(big_trace(), width=80)
    lines = [ln for ln in text.splitlines() if "msgs" in ln]
    assert lines and all(len(ln) <= 80 + 20 for ln in lines)
    assert all("... (+" in ln and ln.endswith(" chars)") for ln in lines)
    hidden = int(lines[0].rsplit("(+", 1)[1].split()[0].replace(",", ""))
    whole = next(ln for ln in format_trace(big_trace(), width=0).splitlines() if "msgs" in ln)
    assert len(lines[0].split("... (+")[0]) + hidden == len(whole)
    assert text.rstrip().endswith(FULL_HINT)


def test_nothing_cut_means_no_hint() -> None:
    trace = Trace(("x",), (Step((0,), None),), "M", "Inv")
    text = format_trace(trace, width=80)
    assert "chars)" not in text and FULL_HINT not in text


def test_full_shows_every_element_with_its_nesting() -> None:
    text = format_trace(big_trace(), width=80, full=True)
    assert "..." not in text and FULL_HINT not in text
    assert all(f'[bal |-> {b}, type |-> "2b"]' in text for b in range(40))
    assert max(len(ln) for ln in text.splitlines()) <= 80


def test_the_terminal_width_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.cli.tracetext import trace_text

    monkeypatch.setenv("COLUMNS", "300")
    wide = trace_text(big_trace(), False)
    monkeypatch.setenv("COLUMNS", "80")
    narrow = trace_text(big_trace(), False)
    width = lambda t: max(len(ln) for ln in t.splitlines())
    assert width(wide) > 250 and width(narrow) < 110


def test_the_live_line_starts_with_the_first_progress_report() -> None:
    buf = io.StringIO()
    observer = ConsoleObserver(buf)
    observer.console = Console(file=buf, force_terminal=True, width=80)
    observer.interactive = True
    with observer:
        observer.on_output("Checking M")
    assert "starting" not in buf.getvalue() and "Checking M" in buf.getvalue()


def test_json_quiet_writes_nothing_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "M.tla"
    text = "---- MODULE M ----\nEXTENDS Naturals\nVARIABLE x\nInit == x = 0\n"
    spec.write_text(text + "Next == x' = 1 - x\n====\n")
    (tmp_path / "M.cfg").write_text("INIT Init\nNEXT Next\nINVARIANT Inv\n")
    spec.write_text(spec.read_text().replace("====", "Inv == x = 0\n===="))
    code = main(["check", str(spec), "--json", "-q", "--no-trace-file"])
    out, err = capsys.readouterr()
    assert code == 1 and err == "" and out.count("\n") == 1 and '"violation"' in out
