"""The BFS frontier (NOTE(frontier)): order with and without spilling, clean-up, and whole
searches whose results do not depend on the frontier's memory budget."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.api import check
from checker.cli.main import main
from checker.engine.bfs import explore
from checker.engine.frontier import MIN_CHUNK, Frontier, FrontierPool, pool_for
from checker.engine.result import Options, Progress
from checker.pipeline import load_model
from checker.values import Interval, ModelValue, make_record

ROOT = Path(__file__).resolve().parents[2]
PAXOS = ROOT / "specs" / "Paxos.tla"
TINY_MB = 0.001  # about 1 KB: every full chunk spills


def _state(i: int) -> tuple[Any, ...]:
    msg = make_record([("type", "1b"), ("bal", i % 7), ("acc", ModelValue(f"a{i % 3}"))])
    return (i, frozenset({msg, make_record([("type", "1a"), ("bal", i)])}), "ключ" * (i % 4))


def _fill(frontier: Frontier, n: int, start: int = 0) -> list[tuple[int, Any]]:
    entries = [(start + i, _state(start + i)) for i in range(n)]
    for sid, s in entries:
        frontier.append(sid, s)
    return entries


def test_order_without_spilling() -> None:
    pool = FrontierPool(1 << 30)
    frontier = pool.new()
    entries = _fill(frontier, 5000)
    assert len(frontier) == 5000 and pool.in_memory > 0
    assert list(frontier) == entries
    assert pool.spilled_bytes == 0 and pool.directory is None
    assert pool.in_memory == 0  # every chunk is released once read
    frontier.close()
    pool.close()


def test_order_with_spilling_and_the_directory_removed() -> None:
    pool = FrontierPool(0)
    frontier = pool.new()
    entries = _fill(frontier, 5000)
    assert pool.spilled_bytes > 10 * MIN_CHUNK
    assert pool.in_memory <= MIN_CHUNK + 200  # only the chunk being written
    directory = pool.directory
    assert directory is not None and os.path.isdir(directory)
    assert os.listdir(directory) == []  # spill files are unlinked from the start
    assert list(frontier) == entries
    assert pool.in_memory == 0
    frontier.close()
    pool.close()
    assert not os.path.exists(directory)
    pool.close()  # twice is fine


def test_a_level_read_while_the_next_is_written() -> None:
    """The BFS pattern: level k is consumed while level k+1 fills, under one budget."""
    pool = FrontierPool(3 * MIN_CHUNK)
    current = pool.new()
    expected = _fill(current, 800)
    for level in range(4):
        nxt = pool.new()
        written: list[tuple[int, Any]] = []
        with current:
            got = []
            for sid, s in current:
                got.append((sid, s))
                new = (sid * 2 + level, _state(sid + level))
                nxt.append(*new)
                written.append(new)
        assert got == expected
        current, expected = nxt, written
    assert list(current) == expected
    assert pool.spilled_bytes > 0 and pool.in_memory == 0
    current.close()
    pool.close()


@pytest.mark.parametrize("limit", [0, 1 << 30])
def test_unencodable_states_are_kept_in_place(limit: int) -> None:
    pool = FrontierPool(limit)
    frontier = pool.new()
    entries: list[tuple[int, Any]] = []
    for i in range(3000):
        s = (i, Interval(0, i)) if i % 17 == 0 else _state(i)
        frontier.append(i, s)
        entries.append((i, s))
    got = list(frontier)
    assert got == entries
    assert all(g[1] is e[1] for g, e in zip(got, entries, strict=True) if e[0] % 17 == 0)
    assert (pool.spilled_bytes > 0) == (limit == 0)
    frontier.close()
    pool.close()


def test_close_before_reading_releases_everything() -> None:
    pool = FrontierPool(0)
    frontier = pool.new()
    _fill(frontier, 3000)
    frontier.close()
    frontier.close()
    assert pool.in_memory == 0 and len(frontier) == 3000
    pool.close()


def test_empty_frontier() -> None:
    pool = pool_for(1)
    frontier = pool.new()
    assert not frontier and len(frontier) == 0 and list(frontier) == []
    assert pool.limit == 1 << 20


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 2**40), st.integers(-(2**70), 2**70)), max_size=600),
    st.sampled_from([0, 1, MIN_CHUNK, 1 << 30]),
)
def test_any_entries_any_budget(items: list[tuple[int, int]], limit: int) -> None:
    pool = FrontierPool(limit)
    with pool.new() as frontier:
        entries = [(sid, (v, str(v), frozenset({v}))) for sid, v in items]
        for sid, s in entries:
            frontier.append(sid, s)
        assert list(frontier) == entries
    pool.close()
    assert pool.in_memory == 0 and pool.directory is None


# ---------------------------------------------------------------------------------------
# Whole searches: a tiny budget (everything spills) gives the default's result


def _summary(result: Any) -> tuple[Any, ...]:
    v = result.violation
    trace = None if v is None else (v.property, v.kind, v.trace)
    return (
        result.verdict,
        result.distinct_states,
        result.generated_states,
        result.depth,
        result.limit,
        trace,
    )


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize(
    "cfg", ["Paxos.cfg", "Paxos_bug_singleton_quorums.cfg"], ids=["paxos", "singleton"]
)
def test_spilling_search_gives_the_same_result(
    cfg: str, workers: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = ROOT / "models" / cfg
    default = check(PAXOS, config, workers=workers, trace_dir=None)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    tiny = check(PAXOS, config, workers=workers, trace_dir=None, frontier_memory_mb=TINY_MB)
    assert _summary(tiny) == _summary(default)
    assert default.frontier_spilled_bytes == 0
    assert tiny.frontier_spilled_bytes > 0
    assert list(tmp_path.iterdir()) == []  # the spill directory is gone
    if cfg == "Paxos.cfg":
        assert (default.distinct_states, default.depth) == (3921, 17)
    else:
        assert default.violation is not None and default.violation.length == 8


@pytest.mark.parametrize("workers", [1, 2])
def test_spill_directory_removed_after_interrupt(
    workers: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Interrupting:
        def __init__(self) -> None:
            self.calls = 0

        def on_progress(self, progress: Progress) -> None:
            self.calls += 1
            if progress.distinct > 1000:
                raise KeyboardInterrupt

        def on_output(self, text: str) -> None:
            return None

    model = load_model(PAXOS, ROOT / "models" / "Paxos.cfg")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    options = Options(workers, progress_interval=0.0, frontier_memory_mb=TINY_MB)
    search, found, limit, error = explore(model, options, Interrupting())
    assert (found, limit, error) == (None, "interrupted", None)
    assert search.spilled_bytes() > 0
    assert list(tmp_path.iterdir()) == []


def test_cli_flag_and_json_key(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["check", str(ROOT / "models" / "Paxos.cfg"), "--json", "--frontier-memory", "0.001"]
    )
    out, _ = capsys.readouterr()
    assert code == 0
    result = json.loads(out.strip().splitlines()[-1])
    assert result["distinct_states"] == 3921 and result["frontier_spilled_bytes"] > 0
    code = main(["check", str(ROOT / "models" / "Paxos.cfg"), "--frontier-memory", "0"])
    _, err = capsys.readouterr()
    assert code != 0 and "positive number of megabytes" in err
