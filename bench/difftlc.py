"""Differential testing against TLC: random small specs checked by TLC and by both of our
backends (generated code, and the closures with CHECKER_CODEGEN=0).

    python bench/difftlc.py --tlc /path/to/tlc-wrapper --count 200 [--seed 0] [--keep DIR]
        [--family data|procs|actions|live|all]

Each spec is written by one of bench/difftlc_specs.py's families (our own generators; a
seed gives the same spec every time). A disagreement is a bug of ours until shown
otherwise: the generators avoid the differences from TLC that README documents.

Compared: the verdict (ok, the violated invariant's name, deadlock, an evaluation error),
then for ok the distinct states and the depth, for a violation or a deadlock the number
of states of the counterexample. Our two backends must agree on everything our JSON
reports. Exit status 1 when anything differs; the differing specs are kept (`--keep`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from difftlc_specs import FAMILIES, generate
from tlc_compare import TLC_COUNTS, TLC_DEPTH


@dataclass(frozen=True)
class Outcome:
    verdict: str  # ok | violation:NAME | deadlock | error | timeout | crash:...
    distinct: int | None = None
    depth: int | None = None
    length: int | None = None  # states of the counterexample

    def key(self) -> tuple[object, ...]:
        if self.verdict == "ok":
            return (self.verdict, self.distinct, self.depth)
        if self.verdict == f"violation:{PROPERTY}":
            return (self.verdict,)
        if self.verdict.startswith("violation") or self.verdict == "deadlock":
            return (self.verdict, self.length)
        return (self.verdict,)


TLC_STATE = re.compile(r"^State (\d+):", re.M)
TLC_INV = re.compile(r"Error: Invariant (\w+) is violated")
TLC_TEMPORAL = re.compile(
    r"Error: (Temporal propert(y|ies) .*(was|were) violated|Action property .* is violated"
    r"|Property \w+ is violated by the initial state|Invariant line \d+, col \d+ .* is violated)"
)
TLC_REFUSES = ("Temporal formulas containing actions must be of forms",)
PROPERTY = "Prop"  # the PROPERTY of the "live" family: its verdict only is compared


def run_tlc(tlc: list[str], work: Path, timeout: float) -> Outcome:
    try:
        p = subprocess.run(
            [*tlc, "-workers", "1", "-noGenerateSpecTE", "-metadir", str(work / "meta"),
             "-config", "D.cfg", "D.tla"],
            cwd=work, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return Outcome("timeout")
    out = p.stdout + p.stderr
    states = [int(m) for m in TLC_STATE.findall(out)]
    length = max(states) if states else 1  # "violated by the initial state": no numbering
    inv = TLC_INV.search(out)
    if (inv and inv.group(1) == PROPERTY) or TLC_TEMPORAL.search(out):
        return Outcome(f"violation:{PROPERTY}")
    if inv:
        return Outcome(f"violation:{inv.group(1)}", length=length)
    if "Deadlock reached" in out:
        return Outcome("deadlock", length=length)
    if any(text in out for text in TLC_REFUSES):
        return Outcome("tlc-refuses")  # a formula TLC does not check: nothing to compare
    if "Parse Error" in out or "Semantic error" in out:
        return Outcome("crash:TLC refused the spec: " + out[-300:])
    if "Error:" in out:
        return Outcome("error")
    counts, depth = TLC_COUNTS.findall(out), TLC_DEPTH.findall(out)
    if not counts or not depth:
        return Outcome("crash:" + out[-300:])
    return Outcome("ok", int(counts[-1][1].replace(",", "")), int(depth[-1]))


def run_ours(python: str, work: Path, timeout: float, codegen: bool) -> tuple[Outcome, str]:
    env = dict(os.environ, CHECKER_CODEGEN="1" if codegen else "0", CHECKER_CODEGEN_STRICT="1")
    argv = [python, "-m", "checker", "check", "D.tla", "--config", "D.cfg", "--json", "-q",
            "--no-trace-file", "--workers", "1"]  # fmt: skip
    try:
        p = subprocess.run(argv, cwd=work, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return Outcome("timeout"), ""
    if p.returncode == 2 or p.returncode == 4 or not p.stdout.strip():
        kind = "error" if p.returncode == 2 else f"crash:rc={p.returncode} {p.stderr[-300:]}"
        return Outcome(kind), p.stdout + p.stderr
    d = json.loads(p.stdout.strip().splitlines()[-1])
    v = d["verdict"]
    if v == "ok":
        return Outcome("ok", d["distinct_states"], d["depth"]), p.stdout
    viol = d.get("violation") or {}
    length = viol.get("length")
    states = None if length is None else length + 1
    if v == "violation" and viol.get("property") == PROPERTY:
        return Outcome(f"violation:{PROPERTY}"), p.stdout
    if v == "violation" and viol.get("kind") == "invariant":
        return Outcome(f"violation:{viol['property']}", length=states), p.stdout
    if viol.get("kind") == "deadlock":
        return Outcome("deadlock", length=states), p.stdout
    return Outcome(v if v != "error" else "error"), p.stdout + p.stderr


def one(
    seed: int, family: str, tlc: list[str], python: str, timeout: float, keep: Path
) -> tuple[str | None, Outcome]:
    spec, cfg = generate(seed, family)
    with tempfile.TemporaryDirectory(prefix="difftlc-") as tmp:
        work = Path(tmp)
        (work / "D.tla").write_text(spec)
        (work / "D.cfg").write_text(cfg)
        gen, gen_out = run_ours(python, work, timeout, codegen=True)
        clo, _ = run_ours(python, work, timeout, codegen=False)
        theirs = run_tlc(tlc, work, timeout)
        problems = []
        if gen != clo:
            problems.append(f"backends differ: generated {gen} closures {clo}")
        skip = {"timeout", "tlc-refuses"}
        if not skip & {gen.verdict, theirs.verdict} and gen.key() != theirs.key():
            problems.append(f"ours {gen} TLC {theirs}")
        for o in (gen, clo, theirs):
            if o.verdict.startswith("crash"):
                problems.append(f"crash {o.verdict}")
        if not problems:
            return None, theirs
        dest = keep / f"{family}-seed{seed}"
        shutil.copytree(work, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("meta"))
        (dest / "ours.out").write_text(gen_out)
        return f"{family} seed {seed}: " + "; ".join(problems), theirs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tlc", required=True, help="TLC's command (a wrapper script)")
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0, help="the first seed")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--keep", type=Path, default=Path("difftlc-failures"))
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--family", choices=[*FAMILIES, "all"], default="all", help="all: in turn")
    args = ap.parse_args()
    tlc = args.tlc.split()
    args.keep.mkdir(parents=True, exist_ok=True)
    failures = 0
    verdicts: dict[str, int] = {}
    sizes: list[int] = []
    for seed in range(args.seed, args.seed + args.count):
        family = FAMILIES[seed % len(FAMILIES)] if args.family == "all" else args.family
        msg, theirs = one(seed, family, tlc, args.python, args.timeout, args.keep)
        kind = theirs.verdict.split(":")[0]
        verdicts[kind] = verdicts.get(kind, 0) + 1
        if theirs.distinct is not None:
            sizes.append(theirs.distinct)
        if msg:
            failures += 1
            print(msg, flush=True)
        elif seed % 10 == 0:
            print(f"# seed {seed}: agree so far ({failures} differing)", flush=True)
    print(f"# {args.count} specs from seed {args.seed}: {failures} differing")
    print("# TLC's verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())))
    if sizes:
        sizes.sort()
        mid = sizes[len(sizes) // 2]
        print(f"# distinct states of the ok specs: median {mid}, max {sizes[-1]}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
