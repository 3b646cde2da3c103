"""The cost of `check --coverage` and `check --profile` (issue 16, items 8 and 9).

usage: python bench/covprof_bench.py ROUNDS MAX_STATES MODEL.cfg [...] [--baseline DIR]
       [--modes off,profile]

Each run is a fresh process that loads the model and times its search alone
(`check_model`, with time.process_time: CPU seconds, loading excluded), up to
MAX_STATES distinct states (0: the whole model). For each model, ROUNDS rounds, each
running one after the other the search without a flag, with --coverage, with --profile
and, with `--baseline DIR`, the same modes from another checkout ("baseline-off"...;
DIR: its root, e.g. the main branch's worktree), so that the machine's other load hits all alike
(`--modes`: only these of off, coverage, profile). Prints
every run, then per mode the least CPU time over the rounds (the run least disturbed by
the machine's other load) and its ratio to the least without a flag, and the median of
the rounds' ratios.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, sys, time
from checker.api import check_model, load_within
from checker.cli.paths import config_for
from checker.engine.result import Options, SilentObserver
spec, cfg = config_for(sys.argv[1], None)
mode, limit = sys.argv[2], int(sys.argv[3]) or None
extra = {"profile": True} if mode == "profile" else {}
model = load_within(spec, cfg, None, None, lambda text: None, **extra)
options = Options(1, limit)
if mode == "coverage":
    options = Options(1, limit, coverage=True)
start = time.process_time()
result = check_model(model, options, SilentObserver(), None)
cpu = time.process_time() - start
print(json.dumps({"cpu": cpu, "distinct": result.distinct_states, "verdict": result.verdict}))
"""


def run(checkout: Path, cfg: str, mode: str, limit: int) -> tuple[float, int]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, cfg, mode, str(limit)],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(checkout)},
    )
    if done.returncode != 0:
        raise SystemExit(f"{cfg} {mode}: exit {done.returncode}\n{done.stderr}")
    data = json.loads(done.stdout.splitlines()[-1])
    return float(data["cpu"]), int(data["distinct"])


def main(argv: list[str]) -> None:
    baseline = None
    if "--baseline" in argv:
        i = argv.index("--baseline")
        baseline = Path(argv[i + 1]).resolve()
        argv = argv[:i] + argv[i + 2 :]
    chosen = ["off", "coverage", "profile"]
    if "--modes" in argv:
        i = argv.index("--modes")
        chosen = argv[i + 1].split(",")
        argv = argv[:i] + argv[i + 2 :]
    rounds, limit, models = int(argv[0]), int(argv[1]), argv[2:]
    modes = [(m, ROOT) for m in ("off", "coverage", "profile") if m in chosen]
    if baseline is not None:
        modes += [(f"baseline-{m}", baseline) for m, _ in list(modes)]
    for cfg in models:
        got: dict[str, list[float]] = {m: [] for m, _ in modes}
        for r in range(rounds):
            for mode, checkout in modes:
                cpu, states = run(checkout, str(ROOT / cfg), mode.removeprefix("baseline-"), limit)
                got[mode].append(cpu)
                print(
                    f"{cfg} round {r + 1} {mode:<16} cpu {cpu:7.2f} s ({states:,} states)",
                    flush=True,
                )
        off = got["off"]
        for mode, cpus in got.items():
            median = statistics.median(g / o for g, o in zip(cpus, off, strict=True))
            print(
                f"{cfg} {mode:<16} least cpu {min(cpus):6.2f} s, ratio to off "
                f"{min(cpus) / min(off):.3f}; median of the rounds' ratios {median:.3f}"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
