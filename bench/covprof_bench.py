"""The cost of `check --coverage` and `check --profile` (issue 16, items 8 and 9).

usage: python bench/covprof_bench.py ROUNDS MODEL.cfg [MODEL.cfg ...] [--baseline DIR]

For each model, ROUNDS rounds, each running (one after the other, so that the load of
the machine hits all alike) `checker check MODEL --json -q --no-trace-file` without a
flag, with --coverage and with --profile, and with `--baseline DIR` the same command
from another checkout (DIR: its root, e.g. the main branch's worktree) without a flag.
Prints, per run, the CPU seconds of the child (user + system, from getrusage) and the
search's elapsed seconds (the JSON's elapsed_s), then per model the ratios to the run
without a flag: of the least CPU times over the rounds (the run least disturbed by the
machine's other load), and the median of the rounds' ratios.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(cwd: Path, cfg: str, flags: list[str]) -> tuple[float, float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    argv = [sys.executable, "-m", "checker", "check", cfg, "--json", "-q", "--no-trace-file"]
    done = subprocess.run(
        [*argv, *flags],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(cwd)},
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{cfg} {flags}: exit {done.returncode}\n{done.stderr}")
    data = json.loads(done.stdout.splitlines()[-1])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, float(data["elapsed_s"]), int(data["distinct_states"])


def main(argv: list[str]) -> None:
    baseline = None
    if "--baseline" in argv:
        i = argv.index("--baseline")
        baseline = Path(argv[i + 1]).resolve()
        argv = argv[:i] + argv[i + 2 :]
    rounds, models = int(argv[0]), argv[1:]
    modes: list[tuple[str, Path, list[str]]] = [
        ("off", ROOT, []),
        ("coverage", ROOT, ["--coverage"]),
        ("profile", ROOT, ["--profile"]),
    ]
    if baseline is not None:
        modes.append(("baseline", baseline, []))
    for cfg in models:
        got: dict[str, list[tuple[float, float]]] = {m: [] for m, _, _ in modes}
        for r in range(rounds):
            for mode, cwd, flags in modes:
                cpu, search, states = run(cwd, str(ROOT / cfg), flags)
                got[mode].append((cpu, search))
                print(
                    f"{cfg} round {r + 1} {mode:<9} cpu {cpu:7.2f} s  search {search:7.2f} s"
                    f"  ({states:,} states)",
                    flush=True,
                )
        off = got["off"]
        for mode in got:
            pairs = list(zip(got[mode], off, strict=True))
            least = min(g[0] for g in got[mode]) / min(o[0] for o in off)
            cpu = statistics.median(g[0] / o[0] for g, o in pairs)
            search = statistics.median(g[1] / o[1] for g, o in pairs)
            print(
                f"{cfg} {mode:<9} least cpu {min(g[0] for g in got[mode]):6.2f} s, ratio to "
                f"off {least:.3f}; median ratios: cpu {cpu:.3f}, search {search:.3f}"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
