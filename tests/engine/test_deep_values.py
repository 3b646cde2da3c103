"""Values nested 100,000 levels deep (NOTE(deep-recursion) in checker/stack.py): built by
recursion, fingerprinted, compared, kept in the frontier (the codec refuses nesting deeper
than CODEC_MAX_DEPTH: the state is kept as an object), replayed and written as ITF. On a
thread without a deep stack, the C code raises RecursionError instead of overflowing the
C stack, whatever the recursion limit: run in subprocesses, where a segfault would show.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from checker.engine.frontier import Frontier, FrontierPool
from checker.stack import on_fresh_stack
from checker.traces import read_itf

DEEP = textwrap.dedent(
    """\
    ---- MODULE Deep ----
    EXTENDS Naturals, Sequences
    CONSTANT N
    RECURSIVE Nest(_)
    Nest(n) == IF n = 0 THEN <<>> ELSE <<Nest(n - 1)>>
    VARIABLES x, k
    Init == x = Nest(N) /\\ k = 0
    Next == k < 2 /\\ x' = <<x>> /\\ k' = k + 1
    Small == k < 2
    ====
    """
)


def _depth(v: object) -> int:
    n = 0
    while isinstance(v, tuple) and v:
        v, n = v[0], n + 1
    return n


def _itf_depth(v: object) -> int:
    n = 0
    while isinstance(v, dict) and v.get("#tup"):
        v, n = v["#tup"][0], n + 1
    return n


def test_a_value_nested_100000_deep_through_the_checker(tmp_path: Path) -> None:
    """Init builds it by recursion; states are fingerprinted and queued (kept as objects:
    deeper than the codec goes), the counterexample is replayed and written as ITF."""
    (tmp_path / "Deep.tla").write_text(DEEP)
    (tmp_path / "Deep.cfg").write_text(
        "CONSTANT N = 100000\nINIT Init\nNEXT Next\nINVARIANT Small\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "checker", "check", "Deep.tla", "-q", "--workers", "2"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-2000:])
    assert "Small" in proc.stdout and "Traceback" not in proc.stderr
    trace = read_itf(tmp_path / "counterexamples" / "Deep_Small.itf.json")
    assert [_depth(step.state[0]) for step in trace.steps] == [100000, 100001, 100002]
    text = (tmp_path / "counterexamples" / "Deep_Small.itf.json").read_text()
    assert len(text) < 4_000_000  # one state a line, values unindented: O(depth)
    doc = on_fresh_stack(lambda: json.loads(text))  # too deep for the main thread's stack
    assert _itf_depth(doc["states"][2]["x"]) == 100002


def test_the_frontier_keeps_a_state_too_deep_for_the_codec() -> None:
    def deep_state() -> tuple[object, ...]:
        v: tuple[object, ...] = ()
        for _ in range(100000):
            v = (v,)
        return (v, 1)

    def round_trip() -> list[int]:
        frontier = Frontier(FrontierPool(1 << 20))
        state = deep_state()
        frontier.append(0, (1, 2))
        frontier.append(1, state)
        out = [_depth(s[0]) for _, s in frontier]
        frontier.close()
        return out

    assert on_fresh_stack(round_trip) == [0, 100000]


NATIVE = textwrap.dedent(
    """\
    import sys, threading
    from checker.values import fingerprint, canon_sorted
    from checker.engine.native import encode_state
    from checker.engine.fingerprint_ref import fingerprint as fingerprint_ref
    from checker.stack import on_fresh_stack

    def deep(n):
        v = ()
        for _ in range(n):
            v = (v,)
        return v

    v, w = deep(100000), deep(100000)
    # on a deep thread: fingerprints (C and the Python reference) and the order
    assert on_fresh_stack(lambda: fingerprint(v) == fingerprint_ref(w))
    assert on_fresh_stack(lambda: canon_sorted([v, w, ()]))[0] == ()
    # on the main thread: RecursionError, with the default limit and with a huge one
    # (then the C stack check stops it: without it, a segfault)
    for limit in (sys.getrecursionlimit(), 10**8):
        sys.setrecursionlimit(limit)
        for name, f in (("fingerprint", fingerprint), ("encode", encode_state),
                        ("order", lambda x: canon_sorted([x, deep(100000)]))):
            try:
                f(deep(1_000_000))
            except RecursionError as exc:
                print(name, limit, "RecursionError")
            else:
                print(name, limit, "no error")
    """
)


def test_c_code_on_deep_values_raises_instead_of_overflowing(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", NATIVE], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-2000:])
    assert proc.stdout.split("\n")[:-1] == [
        f"{name} {limit} RecursionError"
        for limit in (1000, 10**8)
        for name in ("fingerprint", "encode", "order")
    ]
