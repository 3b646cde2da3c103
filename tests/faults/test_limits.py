"""Limits bound evaluation, not only the search loop (issue 12, items 6 and 7).

A single state can take unbounded time and memory to evaluate: `x \\in 1..10^9` or
`x \\in SUBSET (1..30)` in Init, `\\A s \\in SUBSET (1..30)` or `\\E f \\in [1..20 ->
1..20]` in an invariant or an action. --time-limit, --max-states, --memory-limit and
Ctrl-C stop them promptly with the statistics and exit 3 (130 for Ctrl-C), in bounded
memory; a MemoryError is reported as such, never as an internal error (NOTE(limits)).
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, cast

import pytest

from checker.cli.main import main
from checker.engine.guard import Guard, MemoryFull, TimeUp
from checker.engine.memory import default_limit_mb, resident_bytes
from checker.stack import on_fresh_stack
from checker.values import (
    FcnSet,
    Interval,
    ModelValue,
    PowerSet,
    ProductSet,
    RecordSet,
    canon_sorted,
    make_record,
)
from checker.values.lazy_ops import SetPred

ROOT = Path(__file__).resolve().parents[2]
WALL_S = 15.0  # a run with --time-limit 2 ends well within this
PEAK_MB = 400  # and its memory stays below this (the runaway cases reached 4 GB)
AS_CAP = 3 << 30  # address space of the children: a regression fails, not the machine

HEADER = "EXTENDS Naturals\nVARIABLE x\n"
CASES = {
    "interval in Init": ("Init == x \\in 1..10^9\nNext == x' = x\n", ""),
    "SUBSET in Init": ("Init == x \\in SUBSET (1..30)\nNext == x' = x\n", ""),
    "forall SUBSET in an invariant": (
        "Init == x = 0\nNext == x' = x\nInv == \\A s \\in SUBSET (1..30) : x \\notin s\n",
        "INVARIANT Inv\n",
    ),
    "exists functions in an invariant": (
        "Init == x = 0\nNext == x' = x\nInv == \\E f \\in [1..20 -> 1..20] : f[1] = x\n",
        "INVARIANT Inv\n",
    ),
    "exists functions in an action": (
        "Init == x = 0\nNext == \\E f \\in [1..20 -> 1..20] : f[1] = 0 /\\ x' = f[2]\n",
        "",
    ),
}


def _spec(tmp_path: Path, name: str, body: str, cfg_extra: str = "") -> Path:
    spec = tmp_path / f"{name}.tla"
    spec.write_text(f"---- MODULE {name} ----\n{HEADER}{body}====\n")
    (tmp_path / f"{name}.cfg").write_text(f"INIT Init\nNEXT Next\n{cfg_extra}")
    return spec


def _start(spec: Path, *flags: str, address_space: int = AS_CAP) -> subprocess.Popen[str]:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    return subprocess.Popen(
        [sys.executable, "-m", "checker", "check", str(spec), "--no-trace-file", *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        preexec_fn=cap,
        start_new_session=True,
    )


def _high_water_mib(pid: int) -> float:
    """The child's own peak RSS so far (VmHWM of its memory map, MiB; 0 once it is gone).
    Not wait4's ru_maxrss: Linux carries the RSS of the forked copy of this (large) test
    process into it at exec, so it measured the test suite, not the checker."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _finish(proc: subprocess.Popen[str], timeout: float) -> tuple[int, str, str, float]:
    """Wait for the child: (exit code, stdout, stderr, its peak RSS in MiB, polled)."""
    collected: list[str] = []

    def read() -> None:
        assert proc.stdout is not None and proc.stderr is not None
        collected.append(proc.stdout.read())
        collected.append(proc.stderr.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    peak = _high_water_mib(proc.pid)
    pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
    while not pid:
        if time.monotonic() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            pytest.fail(f"still running after {timeout} s")
        time.sleep(0.02)
        peak = max(peak, _high_water_mib(proc.pid))  # a zombie has none: the last reading
        pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
    reader.join(10)
    proc.returncode = os.waitstatus_to_exitcode(status)
    out, err = collected
    assert peak > 0, "the child's memory was never read"
    return proc.returncode, out, err, peak


@pytest.mark.parametrize("case", sorted(CASES))
def test_time_limit_bounds_evaluation(tmp_path: Path, case: str) -> None:
    body, cfg = CASES[case]
    spec = _spec(tmp_path, "T", body, cfg)
    start = time.monotonic()
    code, out, err, peak = _finish(_start(spec, "--time-limit", "2", "-q"), WALL_S + 30)
    wall = time.monotonic() - start
    assert code == 3, (out, err)
    assert "Stopped: --time-limit 2s reached before the end" in out
    assert "distinct states" in out and "generated states" in out
    assert "Traceback" not in err and "internal error" not in err
    assert wall < WALL_S
    assert peak < PEAK_MB


def test_time_limit_bounds_constant_expressions_evaluated_while_loading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An invariant without variables is evaluated once, while the model is compiled."""
    spec = _spec(
        tmp_path,
        "T",
        "Init == x = 0\nNext == x' = x\nInv == \\A f \\in [1..20 -> 1..20] : f[1] # 0\n",
        "INVARIANT Inv\n",
    )
    start = time.monotonic()
    code = main(["check", str(spec), "--time-limit", "1", "-q", "--no-trace-file"])
    out = capsys.readouterr().out
    assert code == 3 and "Stopped: --time-limit 1s reached before the end" in out
    assert time.monotonic() - start < WALL_S


@pytest.mark.parametrize("case", ["interval in Init", "SUBSET in Init"])
def test_max_states_stops_init_at_the_limit(tmp_path: Path, case: str) -> None:
    body, cfg = CASES[case]
    spec = _spec(tmp_path, "T", body, cfg)
    start = time.monotonic()
    code, out, err, peak = _finish(_start(spec, "--max-states", "1000", "-q"), WALL_S + 30)
    assert code == 3, (out, err)
    assert "Stopped: --max-states 1000 reached" in out
    assert "distinct states        1,000\n" in out
    assert time.monotonic() - start < WALL_S and peak < PEAK_MB


def test_max_states_counts_the_states_a_constraint_keeps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Init is not cut at the limit's number of states computed: states outside the
    CONSTRAINT are not stored, so the search goes on until the limit is stored."""
    spec = _spec(
        tmp_path,
        "T",
        "Init == x \\in 1..10^9\nNext == x' = x\nEven == x % 2 = 0\n",
        "CONSTRAINT Even\n",
    )
    code = main(["check", str(spec), "--max-states", "10", "-q", "--no-trace-file", "--json"])
    out = capsys.readouterr().out
    assert code == 3
    assert '"distinct_states": 10,' in out and '"generated_states": 20,' in out


def test_time_limit_with_workers(tmp_path: Path) -> None:
    body, cfg = CASES["exists functions in an action"]
    spec = _spec(tmp_path, "T", body, cfg)
    start = time.monotonic()
    code, out, err, _ = _finish(
        _start(spec, "--time-limit", "2", "-q", "--workers", "2"), WALL_S + 30
    )
    assert code == 3 and "--time-limit 2s reached" in out, (out, err)
    assert time.monotonic() - start < WALL_S


@pytest.mark.parametrize(
    "body",
    [CASES["SUBSET in Init"][0], CASES["exists functions in an action"][0]],
    ids=["Init", "one state's successors"],
)
def test_ctrl_c_during_a_long_enumeration(tmp_path: Path, body: str) -> None:
    spec = _spec(tmp_path, "T", body)
    proc = _start(spec, "-q")
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("Checking T")  # the search starts next
    time.sleep(1.0)
    assert proc.poll() is None
    proc.send_signal(signal.SIGINT)
    sent = time.monotonic()
    code, out, err, _ = _finish(proc, 30)
    assert time.monotonic() - sent < 5
    assert code == 130, (out, err)
    assert "Interrupted; explored so far" in out and "distinct states" in out


def test_memory_limit_stops_a_growing_search(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "G", "Init == x = 0\nNext == x' = SUBSET (1..22)\n")
    code, out, err, peak = _finish(_start(spec, "--memory-limit", "200"), 120)
    assert code == 3, (out, err)
    assert "Stopped: --memory-limit 200 MB reached before the end" in out
    assert "distinct states        1\n" in out
    assert peak < 200 + 100  # checked every POLL_SECONDS: a little growth after the limit


def test_memory_error_is_reported_not_an_internal_error(tmp_path: Path) -> None:
    """The system refuses an allocation (the address space is capped): exit 3 with what
    was explored, never exit 4."""
    spec = _spec(tmp_path, "G", "Init == x = 0\nNext == x' = SUBSET (1..22)\n")
    proc = _start(spec, "--memory-limit", "100000", address_space=1200 << 20)
    code, out, err, _ = _finish(proc, 180)
    assert code == 3, (out, err)
    assert "Stopped: out of memory (MemoryError) before the end" in out
    assert "distinct states" in out
    assert "internal error" not in err


@pytest.mark.parametrize("fused", [True, False])
def test_injected_memory_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fused: bool
) -> None:
    """Raised by Next called directly (NOTE(fused-level)) or through `successors`."""
    from checker.compile.model import Model

    def exhausted(*args: object) -> list[object]:
        raise MemoryError

    monkeypatch.setattr(Model, "successors", exhausted)
    monkeypatch.setattr(Model, "next_into", lambda self: exhausted if fused else None)
    spec = _spec(tmp_path, "T", "Init == x \\in 1..3\nNext == x' = x\n")
    code = main(["check", str(spec), "--no-trace-file"])
    out, err = capsys.readouterr()
    assert code == 3
    assert "Stopped: out of memory (MemoryError) before the end; explored so far:" in out
    assert "distinct states        3\n" in out
    assert "internal error" not in err


def test_memory_limit_option_is_checked(capsys: pytest.CaptureFixture[str]) -> None:
    spec = ROOT / "tests" / "engine" / "specs" / "TwoPhase.tla"
    assert main(["check", str(spec), "--memory-limit", "0"]) == 2
    assert "error[E502]" in capsys.readouterr().err


def test_default_memory_limit() -> None:
    limit = default_limit_mb()
    if not Path("/proc/meminfo").exists():
        pytest.skip("no /proc/meminfo")
    assert limit is not None and limit > 0
    total = int(Path("/proc/meminfo").read_text().split()[1]) / 1024
    assert limit <= 0.8 * total + 1


def test_resident_bytes_adds_the_workers() -> None:
    code = "import sys, time; b = b'x' * (100 << 20); print(flush=True); time.sleep(60)"
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    try:
        assert child.stdout is not None
        child.stdout.readline()  # the child holds its 100 MiB
        assert resident_bytes([child.pid]) - resident_bytes([]) > 50 << 20
    finally:
        child.kill()
        child.wait()


# -- the guard ------------------------------------------------------------------------


def _spin() -> None:
    while True:
        pass


def test_guard_raises_time_up_in_a_python_loop() -> None:
    start = time.perf_counter()
    with pytest.raises(TimeUp), Guard(start + 0.2, None, list):
        _spin()
    assert time.perf_counter() - start < 2


def test_guard_reaches_a_deep_thread() -> None:
    """The searching thread waits for a deep thread (NOTE(deep-recursion)): the shot is
    passed on to it."""
    start = time.perf_counter()
    with pytest.raises(TimeUp), Guard(start + 0.2, None, list):
        on_fresh_stack(lambda: on_fresh_stack(_spin))
    assert time.perf_counter() - start < 2


def test_guard_memory() -> None:
    with pytest.raises(MemoryFull), Guard(None, 1, list):
        _spin()


def test_no_shot_after_the_guard() -> None:
    with Guard(time.perf_counter() + 0.05, None, list):
        pass
    end = time.perf_counter() + 0.5
    while time.perf_counter() < end:  # no TimeUp lands here
        pass


# -- lazy enumeration in the canonical order ----------------------------------------


def _sets() -> list[object]:
    m = ModelValue("m")
    mixed = frozenset({2, "a", m, True, (1, 2), frozenset({3})})
    return [
        Interval(-3, 4),
        PowerSet(mixed),
        PowerSet(frozenset({frozenset(), frozenset({1}), frozenset({1, 2}), 3})),
        FcnSet(frozenset({"b", "a", m}), frozenset({2, True, "x"})),
        FcnSet(Interval(1, 3), Interval(0, 2)),
        FcnSet(frozenset(), Interval(0, 2)),
        RecordSet((("b", Interval(1, 2)), ("a", frozenset({"p", "q"})))),
        ProductSet((frozenset({"u", 2}), Interval(0, 1), frozenset({(), (1,)}))),
        PowerSet(FcnSet(Interval(1, 2), frozenset({True, False}))),
        SetPred(PowerSet(Interval(1, 4)), lambda s: len(s) != 2, "{s \\in SUBSET 1..4 : P}"),
        ProductSet((Interval(1, 2), frozenset())),
        frozenset({make_record([("a", 1)]), make_record([("b", 1)]), 4}),
    ]


@pytest.mark.parametrize("s", _sets(), ids=[f"case{i}" for i in range(len(_sets()))])
def test_lazy_enumeration_is_the_sorted_order(s: object) -> None:
    """A lazy set walked through yields exactly the order of sorting its elements."""
    from checker.values.lazy import LazySet, iterate_canonical

    walked = list(iterate_canonical(s))
    listed = canon_sorted(s.materialize() if isinstance(s, LazySet) else cast(Any, s))
    assert walked == listed
    assert [type(x) for x in walked] == [type(x) for x in listed]  # TRUE is not 1


def test_large_sets_are_walked_not_listed() -> None:
    from checker.compile import ops
    from checker.values.lazy import CanonicalWalk

    big = PowerSet(Interval(1, 30))
    assert isinstance(ops.canonical(big, "", None), CanonicalWalk)
    assert isinstance(ops.any_order(big, "", None), CanonicalWalk)
    assert big._cache is None
    assert type(ops.canonical(Interval(1, 10**9), "", None)) is range
    first = list(zip(range(3), ops.canonical(big, "", None), strict=False))
    assert [s for _, s in first] == [frozenset(), frozenset({1}), frozenset({2})]
    pools = [ops.canonical(big, "", None), ops.canonical(Interval(1, 10**9), "", None)]
    assert next(iter(ops.product(pools))) == (frozenset(), 1)


def test_memory_error_while_loading(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import checker.api

    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(checker.api, "load_model", exhausted)
    spec = ROOT / "tests" / "engine" / "specs" / "TwoPhase.tla"
    assert main(["check", str(spec)]) == 3
    err = capsys.readouterr().err
    assert "out of memory (MemoryError)" in err and "internal error" not in err
