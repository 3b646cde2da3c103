r"""Liveness checking against TLC's, model by model, interleaved (issue 15).

    python bench/live_bench.py EXAMPLES_DIR [--only SUBSTRING] [--timeout SECONDS]
        [--json OUT] [--before DIR]

For each model (the protocol library's PROPERTY models, then the tlaplus/Examples models
of EXAMPLES) our checker runs (`checker check SPEC --config CFG --workers 1 --json -q
--no-trace-file`, as `python -m checker`: PYTHONPATH may name a frozen copy; PROPERTY
lines kept) and then TLC (`-workers 1 -lncheck final`, with
`-Dtlc2.tool.impl.Tool.cdot=true` for the specs using `\cdot`), each under
`/usr/bin/time` for its wall seconds, CPU seconds (user + system) and peak RSS, in the
spec's directory, so that the load of a shared machine falls on both alike. Prints one
line per model: verdict (and violated property) of each, distinct states of each, wall
seconds and their ratio ours/TLC, CPU seconds and their ratio (on a loaded machine the
fairer figure), MB, and the bytes per transition of our behaviour graph (`--json`'s
`liveness.graph_bytes_per_transition`). `--only` selects the models whose name contains
the text (`--only =MC`: the one named MC). `--before DIR` also runs the checker found
in DIR (PYTHONPATH=DIR: a frozen copy of an earlier version, its C extension built),
just before ours, and prints its CPU seconds and our CPU over its (interleaved per
model, so that the load falls on both alike).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from tlc_compare import TLC_COUNTS  # TLC's summary line, read one way

ROOT = Path(__file__).resolve().parents[1]
TLC = Path("/work/corpus/tlc/tlc")

LIBRARY = [  # config, relative to ROOT/models; the spec is named on its first line
    "Paxos_liveness",
    "Paxos_bug_no_acceptor_fairness",
    "Zab_liveness",
    "Zab_liveness_stable",
    "Zab_bug_no_follower_fairness",
    "Zab_bug_stable_leader_only",
    "PBFT_liveness",
    "PBFT_bug_no_view_change",
    "PBFT_bug_quorum_n",
    "TxLock_liveness",
    "TxLock_bug_no_mining_fairness",
]

EXAMPLES = [  # (spec, config) relative to EXAMPLES/specifications
    ("FiniteMonotonic/MCReplicatedLog.tla", "FiniteMonotonic/MCReplicatedLog.cfg"),
    ("FiniteMonotonic/MCCRDT.tla", "FiniteMonotonic/MCCRDT.cfg"),
    ("CoffeeCan/CoffeeCan.tla", "CoffeeCan/CoffeeCan1000Beans.cfg"),
    ("nbacg_guer01/nbacg_guer01.tla", "nbacg_guer01/nbacg_guer01.cfg"),
    ("ewd687a/MCEWD687a.tla", "ewd687a/MCEWD687a.cfg"),
    ("Disruptor/Disruptor_MPMC.tla", "Disruptor/Disruptor_MPMC_liveliness.cfg"),
    ("MultiCarElevator/Elevator.tla", "MultiCarElevator/ElevatorLivenessMedium.cfg"),
    ("ReadersWriters/MC.tla", "ReadersWriters/MC.cfg"),
    ("SingleLaneBridge/MC.tla", "SingleLaneBridge/MC.cfg"),
    ("PaxosHowToWinATuringAward/MCVoting.tla", "PaxosHowToWinATuringAward/MCVoting.cfg"),
]

TLC_VIOLATED = re.compile(r"(?:Temporal properties were violated|Temporal property (\S+) was)")
TLC_INVARIANT = re.compile(r"(?:Invariant|Action property|Property) (\S+) is violated")


@dataclass(frozen=True)
class Run:
    verdict: str
    distinct: int | None
    seconds: float
    mb: float
    cpu: float = 0.0  # user + system seconds
    graph_bpt: float | None = None  # our behaviour graph's bytes per transition


def timed(
    argv: list[str], cwd: Path, timeout: float, env: dict[str, str]
) -> tuple[str, float, float, float]:
    """Run under /usr/bin/time: (output, wall seconds, peak RSS MB, CPU seconds);
    "timeout" if killed."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        cmd = ["/usr/bin/time", "-o", t.name, "-f", "%e %M %U %S", *argv]
        try:
            p = subprocess.run(
                cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env
            )
        except subprocess.TimeoutExpired:
            return "timeout", timeout, 0.0, 0.0
        wall, kib, user, system = t.read().split()[-4:]
        return p.stdout + p.stderr, float(wall), int(kib) / 1024, float(user) + float(system)


def ours(spec: Path, cfg: Path, timeout: float, path: Path | None = None) -> Run:
    argv = [
        sys.executable,
        "-m",
        "checker",
        "check",
        str(spec),
        "--config",
        str(cfg),
        "--workers",
        "1",
        "--json",
        "-q",
    ]
    env = dict(os.environ) if path is None else dict(os.environ, PYTHONPATH=str(path))
    out, wall, mb, cpu = timed([*argv, "--no-trace-file"], spec.parent, timeout, env)
    if out == "timeout":
        return Run("timeout", None, wall, mb)
    r = json.loads(out[out.index("{") :])
    verdict = r["verdict"]
    if r.get("violation"):
        verdict = f"{r['violation']['kind']} {r['violation']['property']}"
    graph = r.get("liveness", {}).get("graph_bytes_per_transition")
    return Run(verdict, r.get("distinct_states"), wall, mb, cpu, graph)


def tlc(spec: Path, cfg: Path, timeout: float) -> Run:
    env = dict(os.environ, TLC_JAVA_OPTS="-Dtlc2.tool.impl.Tool.cdot=true")
    argv = [str(TLC), "-workers", "1", "-noGenerateSpecTE", "-lncheck", "final"]
    argv += ["-config", str(cfg), spec.name]
    with tempfile.TemporaryDirectory() as meta:
        out, wall, mb, cpu = timed([*argv, "-metadir", meta], spec.parent, timeout, env)
    if out == "timeout":
        return Run("timeout", None, wall, mb)
    counts = TLC_COUNTS.findall(out)
    distinct = int(counts[-1][1].replace(",", "")) if counts else None
    if "No error has been found" in out:
        return Run("ok", distinct, wall, mb, cpu)
    m = TLC_VIOLATED.search(out)
    if m:
        return Run(f"liveness {m.group(1) or '?'}", distinct, wall, mb, cpu)
    m = TLC_INVARIANT.search(out)
    return Run(f"violation {m.group(1)}" if m else "error", distinct, wall, mb, cpu)


def cases(examples: Path, only: str | None) -> list[tuple[str, Path, Path]]:
    out = []
    for name in LIBRARY:
        cfg = ROOT / "models" / f"{name}.cfg"
        first = cfg.read_text().splitlines()[0]
        spec = (cfg.parent / first.split("spec:")[1].strip()).resolve()
        out.append((name, spec, cfg))
    base = examples / "specifications"
    out += [(Path(c).stem, base / s, base / c) for s, c in EXAMPLES]
    if only is not None and only.startswith("="):
        return [c for c in out if c[0] == only[1:]]
    return [c for c in out if only is None or only.lower() in c[0].lower()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("examples", type=Path)
    ap.add_argument("--only")
    ap.add_argument("--timeout", type=float, default=600.0)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--before", type=Path, help="a frozen copy of an earlier checker")
    args = ap.parse_args()
    rows = []
    head = (
        "model | ours | TLC | distinct ours/TLC | ours s | TLC s | ratio | ours CPU s | "
        "TLC CPU s | CPU ratio | ours MB | TLC MB | graph B/transition"
    )
    extra = " | before CPU s | ours/before CPU" if args.before else ""
    print(f"# {head}{extra} | load")
    for name, spec, cfg in cases(args.examples, args.only):
        old = None if args.before is None else ours(spec, cfg, args.timeout, args.before)
        a = ours(spec, cfg, args.timeout)
        b = tlc(spec, cfg, args.timeout)
        done = b.verdict != "timeout" and a.verdict != "timeout"
        ratio = a.seconds / b.seconds if done else float("nan")
        cpu = a.cpu / b.cpu if done and b.cpu else float("nan")
        print(
            f"{name} | {a.verdict} | {b.verdict} | {a.distinct}/{b.distinct} | {a.seconds:.1f} | "
            f"{b.seconds:.1f} | {ratio:.2f} | {a.cpu:.1f} | {b.cpu:.1f} | {cpu:.2f} | "
            f"{a.mb:.0f} | {b.mb:.0f} | {a.graph_bpt} | {_before(old, a)}{os.getloadavg()[0]:.1f}",
            flush=True,
        )
        row = {"model": name, "ours": asdict(a), "tlc": asdict(b), "time": time.time()}
        rows.append(row if old is None else {**row, "before": asdict(old)})
    if args.json is not None:
        tmp = args.json.with_suffix(".tmp")
        tmp.write_text(json.dumps(rows, indent=1))
        tmp.replace(args.json)
    return 0


def _before(old: Run | None, a: Run) -> str:
    """The columns of `--before`: its CPU seconds and ours over it."""
    if old is None:
        return ""
    ratio = a.cpu / old.cpu if old.cpu and old.verdict == a.verdict else float("nan")
    return f"{old.cpu:.1f} | {ratio:.2f} | "


if __name__ == "__main__":
    sys.exit(main())
