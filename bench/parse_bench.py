"""Benchmark: how long `checker parse` takes on a generated 1,000-line spec.

    python bench/parse_bench.py [--lines N] [--repeat R]

Prints the time of `checker parse` in a fresh process (what a user waits for, including
interpreter start-up and loading the grammar tables) and in-process (lexing, layout,
parsing and resolution only). A benchmark, not a test: the target is under a second.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = """---------------------------- MODULE Generated ----------------------------
(* A generated spec: operators with junction lists, records, sets, quantifiers. *)
EXTENDS Naturals, Sequences, FiniteSets, TLC

CONSTANTS Node, Value, None
VARIABLES state, msgs, log, round
vars == <<state, msgs, log, round>>

"""

BLOCK = """\\* ---- block {i} ----
Msg{i} == [type : {{"m{i}"}}, from : Node, to : Node, val : Value \\cup {{None}}]
Ready{i}(n) == /\\ state[n] = "idle"
              /\\ round < {i} + 3
              /\\ \\E m \\in msgs : m.type = "m{i}" /\\ m.to = n
Send{i}(n, v) ==
    /\\ Ready{i}(n)
    /\\ msgs' = msgs \\cup {{[type |-> "m{i}", from |-> n, to |-> p, val |-> v] : p \\in Node}}
    /\\ state' = [state EXCEPT ![n] = "sent"]
    /\\ log' = Append(log, <<n, v, {i}>>)
    /\\ UNCHANGED round
Count{i} == Cardinality({{m \\in msgs : m.type = "m{i}"}}) + {i} * 2 - (({i} \\div 3) % 4)
Check{i} == \\A n \\in Node : state[n] \\in {{"idle", "sent"}} => Len(log) >= 0
Pick{i} == IF msgs = {{}} THEN None ELSE CHOOSE m \\in msgs : m.val # None
Step{i} == \\/ \\E n \\in Node, v \\in Value : Send{i}(n, v)
           \\/ /\\ round < {i}
              /\\ round' = round + 1
              /\\ UNCHANGED <<state, msgs, log>>
Table{i} == [n \\in Node |-> CASE state[n] = "idle" -> 0 [] OTHER -> {i}]

"""

FOOTER = """Init == /\\ state = [n \\in Node |-> "idle"]
        /\\ msgs = {}
        /\\ log = <<>>
        /\\ round = 0
=============================================================================
"""


def generate(lines: int) -> str:
    parts = [HEADER]
    i = 0
    while sum(p.count("\n") for p in parts) + FOOTER.count("\n") < lines:
        parts.append(BLOCK.format(i=i))
        i += 1
    parts.append(FOOTER)
    return "".join(parts)


def in_process(spec: Path) -> float:
    from checker.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["parse", str(spec)])
    elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"checker parse failed:\n{err.getvalue()}")
    return elapsed


def fresh_process(spec: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "checker", "parse", str(spec)], capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"checker parse failed:\n{proc.stderr}")
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    text = generate(args.lines)
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "Generated.tla"
        spec.write_text(text, encoding="utf-8")
        n_lines = text.count("\n")
        fresh = [fresh_process(spec) for _ in range(args.repeat)]
        in_proc = [in_process(spec) for _ in range(args.repeat)]
    print(f"spec: {n_lines} lines, {len(text)} characters")
    print(
        f"checker parse, fresh process: median {statistics.median(fresh):.3f} s "
        f"(min {min(fresh):.3f} s)"
    )
    print(
        f"checker parse, in-process:    median {statistics.median(in_proc):.3f} s "
        f"(min {min(in_proc):.3f} s; first run {in_proc[0]:.3f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
