"""The cost of checkpoints: a model run without and with a checkpoint at every level,
interleaved, then the cost of one checkpoint and the overhead it would have at one
checkpoint a minute (the default is one per 10 minutes).

usage: python bench/checkpoint_bench.py SPEC.tla CFG [--workers N] [--rounds R]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def run(spec: str, cfg: str, workers: int, checkpoint: Path | None) -> dict[str, object]:
    cmd = [sys.executable, "-m", "checker", "check", spec, "-c", cfg, "--json", "-q"]
    cmd += ["--workers", str(workers), "--no-trace-file"]
    if checkpoint is not None:
        cmd += ["--checkpoint", str(checkpoint), "--checkpoint-every", "0"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("spec")
    parser.add_argument("cfg")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    plain: list[float] = []
    saved: list[float] = []
    written = 0
    size = 0
    distinct = 0
    for _ in range(args.rounds):  # interleaved: the machine's noise hits both alike
        plain.append(float(run(args.spec, args.cfg, args.workers, None)["elapsed_s"]))  # type: ignore[arg-type]
        directory = Path(tempfile.mkdtemp(prefix="checkpoint-bench-"))
        try:
            r = run(args.spec, args.cfg, args.workers, directory / "ck")
            saved.append(float(r["elapsed_s"]))  # type: ignore[arg-type]
            written = int(r["checkpoint"]["written"])  # type: ignore[index]
            distinct = int(r["distinct_states"])  # type: ignore[call-overload]
            size = sum(f.stat().st_size for f in (directory / "ck").iterdir())
        finally:
            shutil.rmtree(directory, ignore_errors=True)
    base, with_ck = statistics.median(plain), statistics.median(saved)
    per = (with_ck - base) / written if written else 0.0
    print(f"model            {Path(args.cfg).name}, {distinct:,} states, {args.workers} worker(s)")
    print(f"without          {base:.2f} s (median of {args.rounds}: {plain})")
    print(f"every level      {with_ck:.2f} s, {written} checkpoints (median of {saved})")
    print(f"per checkpoint   {per * 1000:.0f} ms (mean over the levels)")
    print(f"last checkpoint  {size:,} bytes ({size / max(distinct, 1):.1f} bytes/state)")
    print(f"overhead at 1/min  {per / 60 * 100:.3f} % (one checkpoint's mean cost / 60 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
