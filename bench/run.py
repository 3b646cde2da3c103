"""Benchmarks: distinct states per second and memory per state on the reference models.

    python bench/run.py [--quick] [--workers 1,2] [--only NAME]
    python bench/run.py --tlc TLC [--examples EXAMPLES] [--workers2] [--repeat N]
        [--only NAME] [--time-limit S]

With --tlc (TLC's wrapper script or tla2tools.jar), our checker and TLC run interleaved
on the same models and are compared (bench/tlc_compare.py); CI never needs TLC.

Runs the calibration program ../shared/bench/paxos_baseline.py (hand-written Python
for Paxos; about 3x faster than TLC on this machine class) and each model in its own
process, in the same session, and prints a table with the ratio of each Paxos run's
time to the calibration program's. Compare ratios, not seconds: machines here are
noisy. Record results in bench/RESULTS.md with the date and machine.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tlc_compare import matches  # bench/ is this script's directory

ROOT = Path(__file__).resolve().parents[1]
CALIBRATION = ROOT.parent / "shared" / "bench" / "paxos_baseline.py"


@dataclass(frozen=True)
class Model:
    name: str
    spec: str
    config: str
    calibration: int | None = None  # MaxBallot of the matching calibration run
    quick: bool = False


MODELS = [
    Model("Paxos 0..1", "specs/Paxos.tla", "models/Paxos.cfg", 1, quick=True),
    Model("Paxos 0..2", "specs/Paxos.tla", "models/Paxos_large.cfg", 2),
    Model("Zab large", "specs/Zab.tla", "models/Zab_large.cfg"),
    Model("PBFT large", "specs/PBFT.tla", "models/PBFT_large.cfg"),
    Model("TxLock large", "specs/TxLock.tla", "models/TxLock_large.cfg"),
]


def calibrate(max_ballot: int) -> float | None:
    if not CALIBRATION.is_file():
        return None
    proc = subprocess.run(
        [sys.executable, str(CALIBRATION), str(max_ballot)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds: float = json.loads(proc.stdout.strip().splitlines()[-1])["seconds"]
    return seconds


def measure(model: Model, workers: int) -> dict[str, object]:
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "measure.py"),
            model.spec,
            model.config,
            str(workers),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="only the small models")
    ap.add_argument("--workers", default="1", help="comma-separated worker counts")
    ap.add_argument(
        "--only", action="append", help="only models whose name contains this (repeatable)"
    )
    ap.add_argument("--tlc", type=Path, help="compare with TLC (its wrapper script or jar)")
    ap.add_argument("--examples", type=Path, help="with --tlc: a tlaplus/Examples checkout")
    ap.add_argument(
        "--workers2", action="store_true", help="with --tlc: also 2 workers against TLC's 2"
    )
    ap.add_argument("--repeat", type=int, default=1, help="with --tlc: runs of each (median)")
    ap.add_argument(
        "--time-limit", type=float, default=600.0, help="with --tlc: seconds per run (600)"
    )
    args = ap.parse_args()
    if args.tlc is not None:
        return _against_tlc(args)
    workers = [int(w) for w in args.workers.split(",")]
    models = [
        m
        for m in MODELS
        if (m.quick or not args.quick)
        and matches(args.only, m.name)
        and (ROOT / m.config).is_file()
    ]
    print(
        f"# {time.strftime('%Y-%m-%d %H:%M')}, {platform.machine()}, "
        f"Python {platform.python_version()}, {_cores()} cores"
    )
    calib: dict[int, float | None] = {}
    for m in models:
        if m.calibration is not None and m.calibration not in calib:
            calib[m.calibration] = calibrate(m.calibration)
            shown = (
                "n/a (../shared absent)"
                if calib[m.calibration] is None
                else f"{calib[m.calibration]:.2f} s"
            )
            print(f"calibration paxos_baseline.py {m.calibration}: {shown}")
    print(
        "| model | workers | distinct | generated | depth | seconds | distinct/s "
        "| bytes/state (visited) | peak RSS bytes/state | x calibration |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for m in models:
        for w in workers:
            print(_row(m, w, measure(m, w), calib.get(m.calibration or -1)), flush=True)
    return 0


def _against_tlc(args: argparse.Namespace) -> int:
    from tlc_compare import compare  # bench/ is this script's directory

    print(
        f"# {time.strftime('%Y-%m-%d %H:%M')}, {platform.machine()}, "
        f"Python {platform.python_version()}, {_cores()} cores, load average "
        f"{' '.join(f'{x:.1f}' for x in _loadavg())}"
    )
    status = 0
    for w in (1, 2) if args.workers2 else (1,):
        status |= compare(args.tlc, args.examples, args.only, w, args.repeat, args.time_limit)
    return status


def _loadavg() -> tuple[float, float, float]:
    import os

    return os.getloadavg()


def _row(m: Model, w: int, r: dict[str, object], calib: float | None) -> str:
    if "error" in r:
        return f"| {m.name} | {w} | error: {r['error']} |"
    secs = float(str(r["elapsed_s"]))
    distinct = int(str(r["distinct_states"]))
    # this process's growth, plus every worker counted at the largest worker's peak
    # (RUSAGE_CHILDREN reports only the largest): an upper bound on the total
    worker_kib = int(str(r.get("worker_peak_rss_kib", 0))) if w > 1 else 0
    rss = (int(str(r["peak_rss_kib"])) - int(str(r["baseline_rss_kib"])) + w * worker_kib) * 1024
    ratio = f"{secs / calib:.2f}" if calib else "-"
    return (
        f"| {m.name} | {w} | {distinct:,} | {int(str(r['generated_states'])):,} | "
        f"{r['depth']} | {secs:.2f} | {float(str(r['states_per_s'])):,.0f} | "
        f"{float(str(r['bytes_per_state'])):.1f} | {rss / max(distinct, 1):,.0f} | {ratio} |"
    )


def _cores() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    sys.exit(main())
