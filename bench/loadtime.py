r"""Load time: how long each side takes from its start to the end of the initial states.

    python bench/loadtime.py EXAMPLES_DIR --tlc /work/corpus/tlc/tlc [--timeout SECONDS]
        [--only SUBSTRING] [--repeat N] [--json OUT] [--no-bytecode] [--baseline DIR]

For every exhaustive-search model of the tlaplus/Examples manifests (the models
bench/conformance.py runs, with their .cfg as it is, PROPERTY lines included), one after
the other and interleaved (ours, then TLC, per model):

- ours: `checker check SPEC --config CFG --max-depth 1 --json -q --no-trace-file` (the
  search stops after the initial states and their invariants), in a fresh interpreter
  that times the stages of checker/pipeline.py from outside (nothing of the checker is
  changed for it): `start` (the interpreter up to this script's first line), `imports`
  (up to the spec's reading: every module the CLI imports), `parse` (reading and parsing
  the modules, EXTENDS and INSTANCE included), `resolve`, `bind` (the config applied),
  `lower` (Init and Next to IR), `compile` (closures, constant definitions folded, ASSUMEs
  and constant predicates checked), `codegen` (the generated code, part of compile: shown
  apart), `init` (the search up to depth 1: the initial states and their invariants).
  `ours` is the wall time from the spawn to the end of `init`; `ours cpu` the process's
  CPU time (user + system) then.
- TLC: `TLC -workers 1 -config CFG SPEC` (in a scratch -metadir), from its spawn to the
  arrival of its "Finished computing initial states" line on stdout (`TLC cpu`: the
  JVM's CPU time then, all its threads, from /proc); then it is killed.

Both sides are killed after --timeout seconds. Our modules are run from compiled bytecode
(PYTHONPYCACHEPREFIX: a cache compiled before the first model, as an installed checker
has its .pyc files; this environment's PYTHONDONTWRITEBYTECODE=1 would otherwise recompile
every module in every process), unless --no-bytecode. With --repeat N each side runs N
times per model and the medians are shown. --baseline DIR also runs, before ours, the
checker of another checkout (DIR holds its `checker` package, put first on PYTHONPATH),
in the same way: column `base`, to compare two versions under the same load. The table
lists every model, then the models TLC reaches its initial states in under 1 s and we do
not (and, with --baseline, those where the baseline does not).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from conformance import Model, load_models, write_json

PARTS = ("start", "imports", "parse", "resolve", "bind", "lower", "compile", "codegen", "init")
TLC_INIT = "Finished computing initial states"

# Run as `python -c WRAP SPAWNED_AT ARGV...`: the checker's CLI with its stages timed.
WRAP = """
import sys, time, json
began = time.time()
spawned = float(sys.argv[1])
import checker.api as api, checker.pipeline as pipeline
from checker.compile.model import Model
seconds = {}
def timed(owner, name, part):
    inner = getattr(owner, name)
    def outer(*args, **kwargs):
        seconds.setdefault("first:" + part, time.time())
        t = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            seconds[part] = seconds.get(part, 0.0) + time.perf_counter() - t
            seconds["end:" + part] = time.time()
            seconds["cpu:" + part] = time.process_time()
    setattr(owner, name, outer)
for name, part in (("read", "read"), ("parse", "parse"), ("resolve", "resolve"),
                   ("bind", "bind"), ("lower", "lower"), ("compile_model", "compile")):
    timed(pipeline, name, part)
timed(Model, "_generate", "codegen")
timed(api, "explore", "init")
from checker.cli.main import main
try:
    rc = main(sys.argv[2:])
finally:
    parts = {"start": began - spawned,
             "imports": seconds.get("first:read", time.time()) - began,
             "parse": seconds.get("read", 0.0) + seconds.get("parse", 0.0)}
    parts.update({p: seconds[p] for p in ("resolve", "bind", "lower", "compile", "codegen",
                                          "init") if p in seconds})
    done = seconds.get("end:init")
    parts["ours"] = None if done is None else done - spawned
    parts["ours_cpu"] = seconds.get("cpu:init")
    sys.stderr.write("\\n" + json.dumps(parts) + "\\n")
sys.exit(rc)
"""


@dataclass
class Row:
    cfg: str
    tlc: float | None = None  # seconds to TLC's initial states (None: not reached)
    ours: float | None = None
    base: float | None = None  # --baseline's time
    tlc_cpu: float | None = None  # CPU seconds (user + system, all threads) to the same point
    ours_cpu: float | None = None
    parts: dict[str, float] = field(default_factory=dict)
    states: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Ours:
    seconds: float | None
    cpu: float | None
    parts: dict[str, float]
    states: int | None
    note: str


def run_ours(spec: Path, cfg: Path, timeout: float, pythonpath: str | None = None) -> Ours:
    argv = ["check", spec.name, "--config", str(cfg), "--max-depth", "1", "--json", "-q"]
    argv += ["--no-trace-file", "--workers", "1"]
    spawned = time.time()
    cmd = [sys.executable, "-c", WRAP, repr(spawned), *argv]
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(x for x in (pythonpath, env.get("PYTHONPATH")) if x)
    try:
        out = subprocess.run(
            cmd,
            cwd=spec.parent,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=env,
        )
    except subprocess.TimeoutExpired:
        return Ours(None, None, {}, None, f"ours: killed after {timeout:g}s")
    lines = out.stderr.strip().splitlines()
    try:
        parts = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        parts = {}
    result = [x for x in out.stdout.splitlines() if x.startswith("{")]
    data = json.loads(result[-1]) if result else {}
    seconds, cpu = parts.pop("ours", None), parts.pop("ours_cpu", None)
    note = "" if seconds is not None else f"ours: exit {out.returncode} {_first_error(out.stderr)}"
    return Ours(seconds, cpu, parts, data.get("distinct_states"), note)


def _first_error(stderr: str) -> str:
    return next((x for x in stderr.splitlines() if x.startswith("error[")), "")[:80]


def run_tlc(
    tlc: str, spec: Path, cfg: Path, timeout: float, meta: Path
) -> tuple[float | None, float | None, str]:
    """Seconds from TLC's spawn to its initial states' line (None: not reached), and the
    CPU seconds its process had used then (the wrapper must exec the JVM)."""
    argv = [tlc, "-workers", "1", "-noGenerateSpecTE", "-metadir", str(meta)]
    argv += ["-config", str(cfg), spec.name]
    spawned = time.time()
    tail: list[str] = []
    with subprocess.Popen(
        argv,
        cwd=spec.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    ) as proc:
        timer = _killer(proc, timeout)
        try:
            assert proc.stdout is not None
            for text in proc.stdout:
                if text.startswith(TLC_INIT):
                    return time.time() - spawned, cpu_seconds(proc.pid), ""
                tail = [*tail[-2:], text.strip()]
            return None, None, "TLC: " + " | ".join(x for x in tail if x)[:100]
        finally:
            timer.cancel()
            _kill(proc)
            shutil.rmtree(meta, ignore_errors=True)


def cpu_seconds(pid: int) -> float | None:
    """A live process's user + system CPU seconds, all its threads (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _killer(proc: subprocess.Popen[str], timeout: float) -> threading.Timer:
    timer = threading.Timer(timeout, _kill, (proc,))
    timer.start()
    return timer


def _kill(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):  # ended since the poll
            os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def median(values: list[float | None]) -> float | None:
    got = [v for v in values if v is not None]
    return statistics.median(got) if len(got) == len(values) and got else None


def one_model(args: argparse.Namespace, root: Path, spec: Path, cfg: Path, tmp: Path) -> Row:
    row = Row(str(cfg.relative_to(root)))
    ours, tlcs, parts, bases, ours_cpu, tlc_cpu = [], [], [], [], [], []
    for k in range(args.repeat):
        if args.baseline is not None:
            bases.append(run_ours(spec, cfg, args.timeout, args.baseline).seconds)
        o = run_ours(spec, cfg, args.timeout)
        t, t_cpu, tlc_note = run_tlc(args.tlc, spec, cfg, args.timeout, tmp / f"meta{k}")
        ours.append(o.seconds)
        tlcs.append(t)
        ours_cpu.append(o.cpu)
        tlc_cpu.append(t_cpu)
        parts.append(o.parts)
        row.states = o.states
        row.note = "; ".join(x for x in (o.note, tlc_note) if x)
    row.ours, row.tlc, row.base = median(ours), median(tlcs), median(bases) if bases else None
    row.ours_cpu, row.tlc_cpu = median(ours_cpu), median(tlc_cpu)
    if all(parts):  # a run killed or refused has no parts to show
        row.parts = {p: statistics.median(x.get(p, 0.0) for x in parts) for p in PARTS}
    return row


def fmt(v: float | None) -> str:
    return "-" if v is None else f"{v:.2f}"


def table(rows: list[Row]) -> list[str]:
    head = ["model", "TLC", "base", "ours", "TLC cpu", "ours cpu", *PARTS, "states", "note"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r.cfg.removeprefix("specifications/"), fmt(r.tlc), fmt(r.base), fmt(r.ours)]
        cells += [fmt(r.tlc_cpu), fmt(r.ours_cpu)]
        cells += [fmt(r.parts.get(p)) for p in PARTS]
        cells += [str(r.states) if r.states is not None else "-", r.note]
        out.append("| " + " | ".join(cells) + " |")
    return out


def slow(rows: list[Row], base: bool = False) -> list[Row]:
    """Models TLC reaches its initial states in under 1 s and we (or the baseline) do not."""
    return [
        r
        for r in rows
        if r.tlc is not None
        and r.tlc < 1.0
        and ((t := r.base if base else r.ours) is None or t >= 1.0)
    ]


def bytecode_cache(root: Path, models: list[Model], timeout: float, baseline: str | None) -> str:
    """A bytecode cache for every process started from here on, filled by compiling the
    checker's package and by a first (untimed) run of two models, which compiles the
    standard library's and the dependencies' modules the checker imports."""
    prefix = tempfile.mkdtemp(prefix="loadtime-pyc-")
    os.environ["PYTHONPYCACHEPREFIX"] = prefix
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    where = "import os, checker; print(os.path.dirname(checker.__file__))"
    package = subprocess.run(
        [sys.executable, "-c", where], capture_output=True, text=True, check=True
    ).stdout.strip()  # the checker the runs import (PYTHONPATH may name another checkout)
    packages = [package, *([str(Path(baseline) / "checker")] if baseline else [])]
    cmd = [sys.executable, "-m", "compileall", "-q", "-j", "0", *packages]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    for model in models[:2]:
        for path in (None, baseline) if baseline else (None,):
            run_ours(root / model.spec, root / model.cfg, timeout, path)
    return prefix


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("examples", type=Path, help="a checkout of tlaplus/Examples")
    ap.add_argument("--tlc", required=True, help="the TLC command (a wrapper script)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per model and side")
    ap.add_argument(
        "--only", action="append", help="only models whose .cfg path contains this (repeatable)"
    )
    ap.add_argument("--repeat", type=int, default=1, help="runs per model and side (median)")
    ap.add_argument("--json", type=Path, help="write the per-model rows here")
    ap.add_argument("--no-bytecode", action="store_true", help="no bytecode cache compiled")
    ap.add_argument("--baseline", help="a checkout's directory: its checker runs too (base)")
    args = ap.parse_args()
    root: Path = args.examples.resolve()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # the runs' kills go on: finally
    models = [
        m for m in load_models(root, None) if not args.only or any(o in m.cfg for o in args.only)
    ]
    prefix = None if args.no_bytecode else bytecode_cache(root, models, args.timeout, args.baseline)
    print(f"# {len(models)} models, timeout {args.timeout:g}s, load {os.getloadavg()}", flush=True)
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="loadtime-") as tmp:
            for model in models:
                row = one_model(args, root, root / model.spec, root / model.cfg, Path(tmp))
                rows.append(row)
                print(table([row])[-1], flush=True)
    finally:
        if prefix is not None:
            shutil.rmtree(prefix, ignore_errors=True)
    print(f"# load average at the end {os.getloadavg()}")
    print("\n".join(["", *table(rows)]))
    slower = [r for r in rows if r.tlc is not None and (r.ours is None or r.ours >= r.tlc)]
    print(f"\nours as slow as TLC or slower to the initial states ({len(slower)}):")
    print("\n".join(f"  {r.cfg}: TLC {fmt(r.tlc)}, ours {fmt(r.ours)}" for r in slower))
    for base in (True, False) if args.baseline else (False,):
        over = slow(rows, base)
        who = "the baseline" if base else "ours"
        print(f"\nTLC under 1 s, {who} 1 s or more ({len(over)}):")
        print(
            "\n".join(
                f"  {r.cfg}: TLC {fmt(r.tlc)}, {who} {fmt(r.base if base else r.ours)}"
                for r in over
            )
        )
    if args.json:
        write_json(args.json, rows)  # type: ignore[arg-type]  # any dataclass with .cfg
    return 0


if __name__ == "__main__":
    sys.exit(main())
