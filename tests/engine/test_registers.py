"""TLCSet/TLCGet registers, TLCGet("config"), TLCExt's TLCGetOrDefault/TLCGetAndSet and
POSTCONDITION (NOTE(tlc-registers) in checker/compile/tlcruntime.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

import checker
from checker.diagnostics import CheckerError

SPECS = Path(__file__).parent / "specs"
REGS = SPECS / "Registers.tla"


def _variant(tmp_path: Path, old: str, new: str, cfg: str | None = None) -> Path:
    text = REGS.read_text()
    assert old in text
    (tmp_path / "Registers.tla").write_text(text.replace(old, new))
    (tmp_path / "Registers.cfg").write_text(cfg or (SPECS / "Registers.cfg").read_text())
    return tmp_path / "Registers.tla"


@pytest.mark.parametrize("generate", ["1", "0"])
def test_registers_steer_the_search_as_tlcs(generate: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHECKER_CODEGEN", generate)
    r = checker.check(REGS, trace_dir=None)
    # TLC -workers 1 on this spec: 24 distinct, 27 generated, depth 9, no error (so its
    # POSTCONDITIONs hold: the invariant ran once per distinct state, "s:first" = 4)
    assert (r.verdict, r.distinct_states, r.generated_states, r.depth) == ("ok", 24, 27, 9)
    assert r.error is None


def test_a_false_postcondition_is_reported_at_its_name(tmp_path: Path) -> None:
    spec = _variant(tmp_path, '"s:first") = 4', '"s:first") = 5')
    r = checker.check(spec, trace_dir=None)
    assert r.verdict == "error" and r.error is not None
    assert r.error.code == "E311" and "`Post`" in r.error.message
    assert r.error.span is not None and r.error.span.line == 5  # POSTCONDITION Post
    assert r.distinct_states == 24  # the search's figures are kept


def test_postconditions_are_not_evaluated_after_a_violation(tmp_path: Path) -> None:
    spec = _variant(tmp_path, "Inv == TLCGetOrDefault(5, 0) = 0", "Inv == x < 4")
    r = checker.check(spec, trace_dir=None)
    assert r.verdict == "violation" and r.error is None


def test_an_unset_register_is_an_error_at_its_place(tmp_path: Path) -> None:
    spec = _variant(tmp_path, "TLCGetOrDefault(5, 0) = 0", "TLCGet(5) = 0")
    r = checker.check(spec, trace_dir=None)
    assert r.verdict == "error" and r.error is not None
    assert r.error.code == "E409" and "TLCGet(5) is undefined" in r.error.message
    assert r.error.span is not None and r.error.span.line == 13


def test_a_bad_register_key_is_an_error(tmp_path: Path) -> None:
    spec = _variant(tmp_path, 'TLCSet("s:first", 99)', 'TLCSet("first", 99)')
    with pytest.raises(CheckerError) as exc:
        checker.check(spec, trace_dir=None)
    d = exc.value.diagnostics[0]
    assert d.code == "E401" and "nonnegative integer" in d.message


def test_search_figures_during_the_search_are_refused_at_load(tmp_path: Path) -> None:
    spec = _variant(tmp_path, "Inv == TLCGetOrDefault(5, 0) = 0", 'Inv == TLCGet("distinct") > 0')
    with pytest.raises(CheckerError) as exc:
        checker.check(spec, trace_dir=None)
    d = exc.value.diagnostics[0]
    assert d.code == "E106" and "POSTCONDITION" in d.message
    assert d.span is not None and d.span.line == 13


@pytest.mark.parametrize(
    ("key", "why"), [('"duration"', "clock"), ('"spec"', "TLC's internal"), ('"x"', "no such")]
)
def test_other_keys_are_refused_at_load(tmp_path: Path, key: str, why: str) -> None:
    spec = _variant(tmp_path, "Inv == TLCGetOrDefault(5, 0) = 0", f"Inv == TLCGet({key}) = 0")
    with pytest.raises(CheckerError) as exc:
        checker.check(spec, trace_dir=None)
    d = exc.value.diagnostics[0]
    assert d.code == "E106" and why in d.message


def test_tlcset_exit_is_refused(tmp_path: Path) -> None:
    spec = _variant(tmp_path, "/\\ y' = y + 1", '/\\ TLCSet("exit", y = 2) /\\ y\' = y + 1')
    r = checker.check(spec, trace_dir=None)
    assert r.verdict == "error" and r.error is not None
    assert r.error.code == "E106" and "--max-states" in r.error.message


def test_several_workers_are_refused_with_tlcset(tmp_path: Path) -> None:
    spec = _variant(tmp_path, 'TLCGet("config").worker = 1', "TRUE")
    r = checker.check(spec, workers=2, trace_dir=None)
    assert r.verdict == "error" and r.error is not None and r.error.code == "E310"
    assert r.error.span is not None and r.error.span.line == 9  # Next's TLCSet
    assert r.distinct_states == 0  # refused before anything is explored


def test_config_tells_the_workers_and_deadlock(tmp_path: Path) -> None:
    no_sets = REGS.read_text().replace('TLCSet(1, 0) /\\ TLCSet("s:first", 99)', "TRUE")
    no_sets = no_sets.replace('TLCSet("s:first", TLCGet("level") + 1)', "TRUE")
    no_sets = no_sets.replace('TLCGet("s:first")', "99").replace("/\\ Counted", "")
    (tmp_path / "Registers.tla").write_text(no_sets)
    cfg = "INIT Init\nNEXT Next\nINVARIANT Inv\nCHECK_DEADLOCK FALSE\n"
    (tmp_path / "Registers.cfg").write_text(cfg)
    # ASSUME TLCGet("config").worker = 1 is false with two workers (E307), as in TLC
    with pytest.raises(CheckerError) as exc:
        checker.check(tmp_path / "Registers.tla", workers=2, trace_dir=None)
    assert exc.value.diagnostics[0].code == "E307"
    assert exc.value.diagnostics[0].span is not None
    assert exc.value.diagnostics[0].span.line == 5
    (tmp_path / "Registers.cfg").write_text(cfg.replace("FALSE", "TRUE"))
    with pytest.raises(CheckerError) as exc:
        checker.check(tmp_path / "Registers.tla", trace_dir=None)
    assert exc.value.diagnostics[0].span is not None
    assert exc.value.diagnostics[0].span.line == 6  # deadlock = FALSE is false
    (tmp_path / "Registers.cfg").write_text(cfg)
    assert checker.check(tmp_path / "Registers.tla", trace_dir=None).verdict == "ok"
