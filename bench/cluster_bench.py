"""The search on a local Ray cluster against the local parallel engine (docs/cluster.md).

    python bench/cluster_bench.py [--partitions 1,2,4] [--only Paxos_large] [--skip-local]
                                  [--ray-niceness 0] [--repeat 1] [--no-bytecode]

For each model and N, interleaved: `checker check --workers N` and `checker check
--cluster ray --partitions N --address ADDR`, each a process of its own (--json), the
Ray ones joining one local Ray instance this script starts first (so Ray's own start is
not counted; the partitions' start, the model compiled in each actor, is: `start_s`).
Each process reports its own peak memory and CPU seconds (the local engine's parent,
or the cluster's driver), read with getrusage at its end, and its ended children's (the
local engine's workers); the cluster reports each partition's process CPU (`cpu_s`, its
start included). `all CPU us/state` is their sum per distinct state: on a loaded
machine, compare that rather than the wall time. Prints one JSON line per run and a
Markdown table; the results must agree.

Every process (both engines', and Ray's workers: the partitions) reads its modules'
bytecode from one cache (PYTHONPYCACHEPREFIX, bytecode written on), filled by a warm-up
run of each engine on a small model before the measures, as an installed checker has
its bytecode: a checkout run with PYTHONDONTWRITEBYTECODE=1 compiles every module of
the checker in every process, about 0.3 s of CPU more in each partition's start
(`--no-bytecode`: the environment as it is, no warm-up).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MODELS = {
    "Paxos_large": ("specs/Paxos.tla", "models/Paxos_large.cfg"),
    "TxLock_large": ("specs/TxLock.tla", "models/TxLock_large.cfg"),
    "Zab_large": ("specs/Zab.tla", "models/Zab_large.cfg"),
    "PBFT_large": ("specs/PBFT.tla", "models/PBFT_large.cfg"),
    "Paxos": ("specs/Paxos.tla", "models/Paxos.cfg"),
    "TxLock": ("specs/TxLock.tla", "models/TxLock.cfg"),
}


# runs the CLI, then reports this process's peak memory and CPU time on stderr
WRAP = """
import json, resource, runpy, sys
sys.argv = ["checker", *sys.argv[1:]]
try:
    runpy.run_module("checker", run_name="__main__")
except SystemExit:
    pass
finally:
    u = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)  # the local engine's workers, ended
    own = {"process_peak_mb": u.ru_maxrss / 1024, "process_cpu_s": u.ru_utime + u.ru_stime,
           "children_cpu_s": c.ru_utime + c.ru_stime}
    sys.stderr.write("\\n" + json.dumps(own) + "\\n")
"""


def run(spec: str, cfg: str, extra: list[str]) -> dict[str, Any]:
    cmd = [sys.executable, "-c", WRAP, "check", spec, "-c", cfg, "--json", "-q"]
    cmd += ["--no-trace-file", *extra]
    start = time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    result.update(json.loads(out.stderr.strip().splitlines()[-1]))
    result["wall_s"] = time.perf_counter() - start
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--partitions", default="1,2,4")
    ap.add_argument("--only", action="append")
    ap.add_argument("--skip-local", action="store_true")
    ap.add_argument("--repeat", type=int, default=1, help="rounds, each interleaved")
    ap.add_argument("--ray-niceness", type=int, default=0, help="the partitions' (Ray's: 15)")
    ap.add_argument("--no-bytecode", action="store_true", help="no bytecode cache compiled")
    args = ap.parse_args()
    if not args.no_bytecode:  # read by every process started from here on, Ray's included
        os.environ["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="cluster-bench-pyc-")
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # 127.0.0.1 only
    # Ray runs its workers at niceness 15: on a shared machine they would get less CPU
    # than the local engine's workers, at niceness 0 (read by the raylet at its start)
    os.environ["RAY_worker_niceness"] = str(args.ray_niceness)  # noqa: SIM112 (Ray's name)
    import ray

    ns = [int(n) for n in args.partitions.split(",")]
    context = ray.init(num_cpus=max(ns), include_dashboard=False, log_to_driver=False)
    address = context.address_info["gcs_address"]
    if not args.no_bytecode:
        warm = ["--cluster", "ray", "--address", address, "--partitions", "1"]
        run(*MODELS["TxLock"], warm)
        run(*MODELS["TxLock"], ["--workers", "2"])
    rows = []
    names = args.only or ["Paxos_large"]
    cases = [(name, n) for _ in range(args.repeat) for name in names for n in ns]
    for name, n in cases:
        spec, cfg = MODELS[name]
        ray_flags = ["--cluster", "ray", "--address", address, "--partitions", str(n)]
        runs = [("ray", run(spec, cfg, ray_flags))]
        if not args.skip_local:
            runs.insert(0, ("local", run(spec, cfg, ["--workers", str(n)])))
        for kind, r in runs:
            print(json.dumps({"model": name, "kind": kind, "n": n, **r}), flush=True)
            rows.append((name, kind, n, r))
    ray.shutdown()
    if not args.no_bytecode:
        shutil.rmtree(os.environ["PYTHONPYCACHEPREFIX"])
    table(rows)
    ratios(rows)


def _all_cpu_s(r: dict[str, Any]) -> float:
    """The run's CPU seconds: its process and ended children, and the partitions'."""
    parts = (r.get("cluster") or {}).get("cpu_s", [])
    return float(r["process_cpu_s"] + r["children_cpu_s"] + sum(parts))


def ratios(rows: list[tuple[str, str, int, dict[str, Any]]]) -> None:
    """Ray against local per model and N (the median of the rounds): time (the search's,
    the partitions' start included), the processes' wall time, and all CPU."""
    print("\n| model | N | time ray/local | wall ray/local | all CPU ray/local |")
    print("| --- " * 5 + "|")
    seen = sorted({(name, n) for name, _, n, _ in rows})
    for name, n in seen:
        runs = {
            kind: [r for m, k, k_n, r in rows if (m, k, k_n) == (name, kind, n)]
            for kind in ("local", "ray")
        }
        if not runs["local"] or not runs["ray"]:
            continue
        cells = [
            statistics.median(f(r) for r in runs["ray"])
            / statistics.median(f(r) for r in runs["local"])
            for f in (lambda r: r["elapsed_s"], lambda r: r["wall_s"], _all_cpu_s)
        ]
        print(f"| {name} | {n} | " + " | ".join(f"{c:.2f}x" for c in cells) + " |")


def table(rows: list[tuple[str, str, int, dict[str, Any]]]) -> None:
    head = (
        "| model | engine | N | distinct | time (s) | wall (s) | start (s) | bytes sent/state | "
        "visited B/state | peak MB per partition | driver/parent peak MB | "
        "driver/parent CPU us/state | all CPU us/state | partitions CPU s |"
    )
    print("\n" + head)
    print("| --- " * 14 + "|")
    for name, kind, n, r in rows:
        c = r.get("cluster") or {}
        distinct = max(1, r["distinct_states"])
        per = c.get("bytes_sent", 0) / distinct
        mem = " / ".join(f"{m:.0f}" for m in c.get("peak_memory_mb", []))
        cpu = r["process_cpu_s"] / distinct * 1e6
        parts = c.get("cpu_s", [])
        total = _all_cpu_s(r) / distinct * 1e6
        print(
            f"| {name} | {kind} | {n} | {r['distinct_states']:,} | {r['elapsed_s']:.1f} | "
            f"{r['wall_s']:.1f} | "
            f"{c.get('start_s', 0):.1f} | {per:.0f} | {r['bytes_per_state']:.1f} | {mem} | "
            f"{r['process_peak_mb']:.0f} | {cpu:.1f} | {total:.1f} | "
            f"{' / '.join(f'{p:.1f}' for p in parts)} |"
        )


if __name__ == "__main__":
    main()
