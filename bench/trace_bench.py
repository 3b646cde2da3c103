"""Timings of the trace viewers and the TLC import on long traces.

usage: python bench/trace_bench.py [--states 1001] [--repeat 3]

Two synthetic traces of N states (default 1,001, that is 1,000 steps), of 4 variables:
a counter, a function of 5 nodes, a log appended every 10 steps, and messages:
  bounded: at most 8 messages in flight (a protocol run of steady size);
  growing: every message ever sent stays in the set (as in Paxos-style specs), so the
           last state holds 1,000 messages and the ITF file is large.
For each: reading the ITF file, `trace show` of every state (to a string, with colours),
redrawing one state (what `-i` does per key), building the HTML page, and importing the
same trace printed in TLC's format. Best of --repeat runs, in seconds.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from checker.traces import Step, Trace, read_itf, write_itf
from checker.traces.tlc import import_tlc
from checker.ui.html import page
from checker.ui.interactive import panel_lines
from checker.ui.keys import View
from checker.ui.msc import detect
from checker.ui.show import print_trace
from checker.values import ModelValue, Value, make_fcn, make_record, render


def synthetic(n: int, window: int | None) -> Trace:
    nodes = [ModelValue(f"n{i}") for i in range(1, 6)]
    pc = {k: "idle" for k in nodes}
    log: tuple[int, ...] = ()
    steps: list[Step] = []
    for i in range(n):
        k = nodes[i % 5]
        if i:
            pc[k] = ("idle", "send", "wait")[i % 3]
            log = (*log, i) if i % 10 == 0 else log
        first = 0 if window is None else max(0, i - window)
        msgs = frozenset(_message(nodes, j) for j in range(first, i))
        steps.append(Step((i, make_fcn(pc.items()), msgs, log), f"Send({k.name})" if i else None))
    names = tuple(x.name for x in nodes)
    return Trace(("clock", "pc", "msgs", "log"), tuple(steps), "Synthetic", None, None, names)


def _message(nodes: list[ModelValue], j: int) -> Value:
    return make_record([("src", nodes[j % 5]), ("dst", nodes[(j + 1) % 5]), ("seq", j)])


def tlc_text(trace: Trace) -> str:
    lines = ["Error: Invariant Inv is violated.", "Error: The behavior up to this point is:"]
    for i, step in enumerate(trace.steps):
        where = step.action or "Initial predicate"
        lines.append(f"State {i + 1}: <{where}>")
        lines += [
            f"/\\ {n} = {render(v)}" for n, v in zip(trace.variables, step.state, strict=True)
        ]
        lines.append("")
    return "\n".join(lines)


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(name: str, trace: Trace, repeat: int, tmp: Path) -> None:
    path = write_itf(trace, tmp / f"{name}.itf.json")
    size = path.stat().st_size / 1e6
    last = len(trace.steps) - 1
    text = tlc_text(trace)
    msc = detect(trace)
    results = {
        "read ITF": best(repeat, lambda: read_itf(path)),
        "show, all states": best(repeat, lambda: _show(trace)),
        "redraw one state (-i)": best(
            repeat, lambda: panel_lines(trace, View(last, last + 1), 100, "256")
        ),
        "html page": best(repeat, lambda: page(trace, msc)),
        "import TLC text": best(repeat, lambda: import_tlc(text)),
    }
    html_size = len(page(trace, msc).encode()) / 1e6
    print(f"\n{name}: {len(trace.steps)} states, ITF {size:.1f} MB, HTML {html_size:.1f} MB")
    for what, seconds in results.items():
        print(f"  {what:<24} {seconds:8.3f} s")


def _show(trace: Trace) -> None:
    out = io.StringIO()
    print_trace(trace, out, width=100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--states", type=int, default=1001)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        measure("bounded", synthetic(args.states, 8), args.repeat, Path(tmp))
        measure("growing", synthetic(args.states, None), args.repeat, Path(tmp))


if __name__ == "__main__":
    main()
