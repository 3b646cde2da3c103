"""Ctrl-C (SIGINT) while the initial states are computed or while the counterexample is
rebuilt and written: the statistics so far, exit 130, and no file half written (issue 12
item 11). The moments are chosen by CHECKER_TEST_HOOK (checker/testhooks.py)."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
from hook_helpers import counter_spec, finish, start

# Init is ten million states: an interruption lands while it is being computed.
BIG_INIT = """---- MODULE BigInit ----
EXTENDS Naturals
VARIABLE x
Init == x \\in 1..10000000
Next == x' = x
====
"""


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_during_init_prints_the_statistics(tmp_path: Path, workers: str) -> None:
    spec = tmp_path / "BigInit.tla"
    spec.write_text(BIG_INIT)
    (tmp_path / "BigInit.cfg").write_text("INIT Init\nNEXT Next\n")
    proc, _ = start("init", tmp_path, str(spec), "-w", workers, "-q")
    proc.send_signal(signal.SIGINT)
    code, out, err = finish(proc, timeout=15)
    assert code == 130, err
    assert "Interrupted; explored so far:" in out
    assert "distinct states        1\n" in out and "generated states       1\n" in out
    assert "internal error" not in err


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_while_the_counterexample_is_written(tmp_path: Path, workers: str) -> None:
    spec = counter_spec(tmp_path, limit=30)
    traces = tmp_path / "traces"
    args = (str(spec), "-w", workers, "--trace-dir", str(traces), "--json")
    proc, _ = start("trace", tmp_path, *args)
    proc.send_signal(signal.SIGINT)
    code, out, err = finish(proc, timeout=15)
    assert code == 130, err
    assert "Error: Invariant Small is violated." in err  # --json: the report goes to stderr
    assert "Interrupted before its counterexample was written (no file)" in err
    assert "distinct states        31\n" in err
    result = json.loads(out.strip().splitlines()[-1])
    assert result["verdict"] == "interrupted" and result["distinct_states"] == 31
    assert result["unwritten_violation"] == {"property": "Small", "kind": "invariant"}
    assert not traces.exists() or list(traces.iterdir()) == []
