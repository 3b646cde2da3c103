"""Time to the first violation by random simulation: `checker simulate` against TLC's
`-simulate` on the protocol library's buggy models (results in bench/RESULTS.md).

For each model and each seed 1..--seeds, our checker runs (`checker simulate CFG --seed S
--depth 100`, one process, no trace file) and then TLC (`-simulate num=... -depth 100
-seed S -workers 1`, in the spec's directory), interleaved so that the load of a shared
machine falls on both alike. Per model: the median wall time (process start to exit,
start-up and loading included), the median simulation time (ours: `elapsed_s`, the
behaviours and the shrinking, loading excluded; TLC's: from its "Finished computing
initial states" to its exit, the trace printed and the JVM's exit included), the median
number of behaviours walked up to the violating one (ours; TLC's "traces generated"), and
the violating behaviour's median length (ours before and after shrinking; TLC's, which
TLC does not shrink).

    python bench/simulate_bench.py [--seeds 5] [--only Paxos] [--tlc /work/corpus/tlc/tlc]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODELS = [
    "Paxos_bug_singleton_quorums",
    "Paxos_bug_2of4_quorums",
    "Paxos_bug_vote_below_promise",
    "Paxos_bug_ignore_1b_values",
    "TxLock_bug_low_threshold",
    "TxLock_bug_equivocators",
    "TxLock_bug_blocks_ignore_locks",
    "Zab_bug_half_quorum",
    "Zab_bug_keep_history",
    "Zab_bug_skip_epoch_check",
    "PBFT_bug_quorum_2f",
    "PBFT_bug_n3f",
    "PBFT_bug_two_byzantine",
    "PBFT_bug_ignore_certificates",
]
DEPTH = 100
TRACES = 1_000_000  # enough: both stop at the first violation (or at the time limit)
TLC_TRACES = re.compile(r"(\d[\d,]*) traces generated")
TLC_STATE = re.compile(r"^State (\d+):", re.MULTILINE)
TLC_INIT = re.compile(r"Finished computing initial states")
TLC_VIOLATED = re.compile(r"Error: (Invariant \w+ is violated|Deadlock reached)")


@dataclass(frozen=True)
class Run:
    wall: float
    found: str | None  # the violated property (None: none found within the limit)
    traces: int
    length: int | None  # steps of the violating behaviour (TLC's; ours before shrinking)
    shrunk: int | None = None  # ours after shrinking
    sim: float | None = None  # ours: elapsed_s


def ours(cfg: Path, seed: int, limit: float) -> Run:
    argv = [sys.executable, "-m", "checker", "simulate", str(cfg), "--seed", str(seed)]
    argv += ["--depth", str(DEPTH), "--traces", str(TRACES), "--time-limit", str(limit)]
    argv += ["--json", "-q", "--no-trace-file"]
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    doc = json.loads(done.stdout.strip().splitlines()[-1])
    v = doc.get("violation")
    if v is None:
        return Run(wall, None, doc["traces"], None, sim=doc["elapsed_s"])
    return Run(
        wall, v["property"], doc["traces"], v["unshrunk_length"], v["length"], doc["elapsed_s"]
    )


def tlc(tool: Path, cfg: Path, spec: Path, seed: int, limit: float) -> Run:
    with tempfile.TemporaryDirectory(prefix="bench-sim-") as meta:
        argv = [str(tool), "-simulate", f"num={TRACES}", "-depth", str(DEPTH)]
        argv += ["-seed", str(seed), "-workers", "1", "-config", str(cfg)]
        argv += ["-metadir", meta, "-noTE", spec.name]
        start = time.perf_counter()
        out, ready = _watched(argv, spec.parent, limit)
        wall = time.perf_counter() - start
        now = start + wall
    violated = TLC_VIOLATED.search(out)
    traces = TLC_TRACES.search(out)
    states = [int(n) for n in TLC_STATE.findall(out)]
    return Run(
        wall,
        violated.group(1) if violated else None,
        int(traces.group(1).replace(",", "")) if traces else 0,
        max(states) - 1 if states else None,
        sim=now - ready if ready is not None else None,
    )


def _watched(argv: list[str], cwd: Path, limit: float) -> tuple[str, float | None]:
    """TLC's output, and when it said it had its initial states (its simulation starts
    there: the time after it compares with our `elapsed_s`)."""
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    timer = threading.Timer(limit, proc.kill)
    timer.start()
    lines, ready = [], None
    try:
        for line in proc.stdout:
            lines.append(line)
            if ready is None and TLC_INIT.search(line):
                ready = time.perf_counter()
        proc.wait()
    finally:
        timer.cancel()
    return "".join(lines), ready


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def row(name: str, mine: list[Run], theirs: list[Run]) -> str:
    def m(runs: list[Run], attr: str) -> str:
        xs = [getattr(r, attr) for r in runs if getattr(r, attr) is not None]
        return f"{median(xs):.4g}" if xs else "-"

    found = f"{sum(r.found is not None for r in mine)}/{len(mine)}"
    tfound = f"{sum(r.found is not None for r in theirs)}/{len(theirs)}"
    ratio = median([r.wall for r in mine]) / median([r.wall for r in theirs])
    return (
        f"| {name} | {found} | {m(mine, 'wall')} | {m(mine, 'sim')} | {m(mine, 'traces')} "
        f"| {m(mine, 'length')} | {m(mine, 'shrunk')} | {tfound} | {m(theirs, 'wall')} "
        f"| {m(theirs, 'sim')} | {m(theirs, 'traces')} | {m(theirs, 'length')} | {ratio:.2f} |"
    )


HEADER = (
    "| model | ours found | ours wall s | ours sim s | ours behaviours | ours length "
    "| ours shrunk | TLC found | TLC wall s | TLC sim s | TLC behaviours | TLC length "
    "| wall ours/TLC |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--only", help="only the models whose name contains this")
    p.add_argument("--tlc", type=Path, default=Path("/work/corpus/tlc/tlc"))
    p.add_argument("--time-limit", type=float, default=120.0)
    args = p.parse_args()
    print(HEADER, flush=True)
    for name in MODELS:
        if args.only and args.only not in name:
            continue
        cfg = ROOT / "models" / f"{name}.cfg"
        spec = ROOT / "specs" / f"{name.split('_bug')[0]}.tla"
        mine, theirs = [], []
        for seed in range(1, args.seeds + 1):
            mine.append(ours(cfg, seed, args.time_limit))
            theirs.append(tlc(args.tlc, cfg, spec, seed, args.time_limit))
        print(row(name, mine, theirs), flush=True)


if __name__ == "__main__":
    main()
