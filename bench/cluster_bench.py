"""The search on a local Ray cluster against the local parallel engine (docs/cluster.md).

    python bench/cluster_bench.py [--partitions 1,2,4] [--only Paxos_large] [--skip-local]

For each model: `checker check --workers N` (a process each, --json) and the same check
with `--cluster ray --partitions N` on one local Ray instance started by this script
(so its start is not counted; the partitions' start, model compiled in each actor, is:
`start_s`). Prints one JSON line per run and a Markdown table; results must agree.
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
    "Paxos": ("specs/Paxos.tla", "models/Paxos.cfg"),
}


def local(spec: str, cfg: str, workers: int) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "checker", "check", spec, "-c", cfg, "--json", "-q"]
    cmd += ["--no-trace-file", "--workers", str(workers)]
    start = time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    result["wall_s"] = time.perf_counter() - start
    return result


def on_ray(spec: str, cfg: str, partitions: int) -> dict[str, Any]:
    import checker

    start = time.perf_counter()
    r = checker.check(ROOT / spec, ROOT / cfg, trace_dir=None, cluster="ray", partitions=partitions)
    result = r.to_json()
    result["wall_s"] = time.perf_counter() - start
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--partitions", default="1,2,4")
    ap.add_argument("--only", action="append")
    ap.add_argument("--skip-local", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # 127.0.0.1 only
    import ray

    ns = [int(n) for n in args.partitions.split(",")]
    ray.init(num_cpus=max(ns), include_dashboard=False, log_to_driver=False)
    rows = []
    for name in args.only or ["Paxos_large"]:
        spec, cfg = MODELS[name]
        for n in ns:
            runs = [("ray", on_ray(spec, cfg, n))]
            if not args.skip_local:
                runs.insert(0, ("local", local(spec, cfg, n)))
            for kind, r in runs:
                print(json.dumps({"model": name, "kind": kind, "n": n, **r}), flush=True)
                rows.append((name, kind, n, r))
    ray.shutdown()
    head = "| model | engine | N | distinct | time (s) | start (s) | bytes sent/state | peak MB |"
    print("\n" + head)
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, kind, n, r in rows:
        c = r.get("cluster") or {}
        per = c.get("bytes_sent", 0) / max(1, r["distinct_states"])
        mem = "/".join(f"{m:.0f}" for m in c.get("peak_memory_mb", []))
        print(
            f"| {name} | {kind} | {n} | {r['distinct_states']:,} | {r['elapsed_s']:.1f} | "
            f"{c.get('start_s', 0):.1f} | {per:.0f} | {mem} |"
        )


if __name__ == "__main__":
    main()
