"""VIEW (NOTE(view)): states told apart by the view's value only, as TLC; TLC's counts for
any worker count, counterexamples that are behaviours, and the refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from behaviours import assert_behaviour

import checker
from checker.diagnostics import CheckerError
from checker.pipeline import load_model

SPECS = Path(__file__).parent / "specs"
VIEW = SPECS / "View.tla"


@pytest.mark.parametrize("workers", [1, 2])
def test_counts_are_tlcs(workers: int) -> None:
    ok = checker.check(VIEW, SPECS / "ViewOk.cfg", workers=workers, trace_dir=None)
    assert (ok.verdict, ok.distinct_states, ok.generated_states, ok.depth) == ("ok", 20, 32, 8)
    bad = checker.check(VIEW, SPECS / "View.cfg", workers=workers, trace_dir=None)
    assert bad.violation is not None  # TLC: 18 distinct, 27 generated, depth 7
    assert (bad.distinct_states, bad.generated_states, bad.depth) == (18, 27, 7)


def test_a_counterexample_under_a_view_is_a_behaviour() -> None:
    r = checker.check(VIEW, SPECS / "View.cfg", trace_dir=None)
    assert r.violation is not None and r.violation.length == 6
    assert_behaviour(load_model(VIEW, SPECS / "View.cfg"), r.violation.trace, "Inv")


def test_a_view_that_fails_is_an_error_at_its_place(tmp_path: Path) -> None:
    text = VIEW.read_text().replace("View == <<x, y>>", "View == <<x, y, hist[1]>>")
    (tmp_path / "View.tla").write_text(text)
    (tmp_path / "View.cfg").write_text((SPECS / "ViewOk.cfg").read_text())
    r = checker.check(tmp_path / "View.tla", tmp_path / "View.cfg", trace_dir=None)
    assert r.verdict == "error" and r.error is not None and r.error.code == "E403"
    assert r.error.span is not None and r.error.span.line == 8


def test_view_with_symmetry_is_refused(tmp_path: Path) -> None:
    (tmp_path / "View.tla").write_text(VIEW.read_text().replace("\n====", "\nP == {}\n===="))
    (tmp_path / "View.cfg").write_text("INIT Init\nNEXT Next\nVIEW View\nSYMMETRY P\n")
    with pytest.raises(CheckerError) as exc:
        checker.check(tmp_path / "View.tla", tmp_path / "View.cfg", trace_dir=None)
    assert exc.value.diagnostics[0].code == "E305"
