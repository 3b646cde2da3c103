"""The search on a local Ray cluster against the local parallel engine (docs/cluster.md).

    python bench/cluster_bench.py [--partitions 1,2,4] [--only Paxos_large] [--skip-local]
                                  [--ray-niceness 0]

For each model and N, interleaved: `checker check --workers N` and `checker check
--cluster ray --partitions N --address ADDR`, each a process of its own (--json), the
Ray ones joining one local Ray instance this script starts first (so Ray's own start is
not counted; the partitions' start, the model compiled in each actor, is: `start_s`).
Each process reports its own peak memory and CPU seconds (the local engine's parent,
or the cluster's driver), read with getrusage at its end. Prints one JSON line per run
and a Markdown table; the results must agree.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
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
    own = {"process_peak_mb": u.ru_maxrss / 1024, "process_cpu_s": u.ru_utime + u.ru_stime}
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
    ap.add_argument("--ray-niceness", type=int, default=0, help="the partitions' (Ray's: 15)")
    args = ap.parse_args()
    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # 127.0.0.1 only
    # Ray runs its workers at niceness 15: on a shared machine they would get less CPU
    # than the local engine's workers, at niceness 0 (read by the raylet at its start)
    os.environ["RAY_worker_niceness"] = str(args.ray_niceness)  # noqa: SIM112 (Ray's name)
    import ray

    ns = [int(n) for n in args.partitions.split(",")]
    context = ray.init(num_cpus=max(ns), include_dashboard=False, log_to_driver=False)
    address = context.address_info["gcs_address"]
    rows = []
    for name in args.only or ["Paxos_large"]:
        spec, cfg = MODELS[name]
        for n in ns:
            runs = [
                (
                    "ray",
                    run(
                        spec,
                        cfg,
                        ["--cluster", "ray", "--address", address, "--partitions", str(n)],
                    ),
                )
            ]
            if not args.skip_local:
                runs.insert(0, ("local", run(spec, cfg, ["--workers", str(n)])))
            for kind, r in runs:
                print(json.dumps({"model": name, "kind": kind, "n": n, **r}), flush=True)
                rows.append((name, kind, n, r))
    ray.shutdown()
    table(rows)


def table(rows: list[tuple[str, str, int, dict[str, Any]]]) -> None:
    head = (
        "| model | engine | N | distinct | time (s) | start (s) | bytes sent/state | "
        "visited B/state | peak MB per partition | driver/parent peak MB | "
        "driver/parent CPU us/state |"
    )
    print("\n" + head)
    print("| --- " * 11 + "|")
    for name, kind, n, r in rows:
        c = r.get("cluster") or {}
        distinct = max(1, r["distinct_states"])
        per = c.get("bytes_sent", 0) / distinct
        mem = " / ".join(f"{m:.0f}" for m in c.get("peak_memory_mb", []))
        cpu = r["process_cpu_s"] / distinct * 1e6
        print(
            f"| {name} | {kind} | {n} | {r['distinct_states']:,} | {r['elapsed_s']:.1f} | "
            f"{c.get('start_s', 0):.1f} | {per:.0f} | {r['bytes_per_state']:.1f} | {mem} | "
            f"{r['process_peak_mb']:.0f} | {cpu:.1f} |"
        )


if __name__ == "__main__":
    main()
