"""Our checker against TLC, model by model, interleaved in one session (bench/run.py --tlc).

For each model (the protocol library's large models, then the tlaplus/Examples models of
EXAMPLES, where --examples is given) and each repetition, our checker runs
(bench/measure.py, one process) and then TLC (`-workers N`, in the spec's directory), so
that the load of a shared machine falls on both alike. PROPERTY directives are set aside
for both (we do not check temporal properties; TLC would spend its time on them). A model
our checker refuses (exit 2, or an error result) is skipped with the reason, TLC not run.

Per model: distinct states, depth, wall times (process start to exit, the median over
--repeat runs), the ratio ours/TLC, distinct states per second, bytes per state (peak RSS
over distinct states; TLC's JVM reserves its heap, so its figure is mostly the JVM's), and
start-up: ours from process start to the end of the initial states (load = parse, compile
and code generation), TLC's from process start to "Finished computing initial states";
and the CPU seconds (user + system) of each, which a loaded machine disturbs less than
wall times (a process gets a share of the cores; TLC's JVM runs several threads).
States or depth that differ from TLC's are printed as DIFFERS.

Our checker runs as an installed one does: with its modules' bytecode cached (pip
compiles it at install; `compile_ours` does it once per session) and read, not written
(PYTHONDONTWRITEBYTECODE set, as some environments set it, would otherwise make every run
compile the package's 250 modules again: 0.2 s of each run). TLC runs from its classes,
compiled before.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance import strip_properties

ROOT = Path(__file__).resolve().parents[1]

LIBRARY = [  # (name, spec, config) relative to ROOT
    ("Paxos large", "specs/Paxos.tla", "models/Paxos_large.cfg"),
    ("Zab large", "specs/Zab.tla", "models/Zab_large.cfg"),
    ("PBFT large", "specs/PBFT.tla", "models/PBFT_large.cfg"),
    ("TxLock large", "specs/TxLock.tla", "models/TxLock_large.cfg"),
]

EXAMPLES = [  # (spec, config) relative to EXAMPLES/specifications
    ("SlidingPuzzles/SlidingPuzzles.tla", "SlidingPuzzles/SlidingPuzzles.cfg"),
    ("GameOfLife/GameOfLife.tla", "GameOfLife/GameOfLife.cfg"),
    ("CoffeeCan/CoffeeCan.tla", "CoffeeCan/CoffeeCan1000Beans.cfg"),
    ("TeachingConcurrency/SimpleRegular.tla", "TeachingConcurrency/SimpleRegular.cfg"),
    ("cf1s-folklore/cf1s_folklore.tla", "cf1s-folklore/cf1s_folklore.cfg"),
    ("MultiPaxos-SMR/MultiPaxos_MC.tla", "MultiPaxos-SMR/MultiPaxos_MC_small.cfg"),
    ("SimplifiedFastPaxos/FastPaxos.tla", "SimplifiedFastPaxos/FastPaxos.cfg"),  # SYMMETRY
    ("transaction_commit/PaxosCommit.tla", "transaction_commit/PaxosCommit.cfg"),
    ("bcastByz/bcastByz.tla", "bcastByz/bcastByz.cfg"),
    ("nbacg_guer01/nbacg_guer01.tla", "nbacg_guer01/nbacg_guer01.cfg"),
]

TLC_INIT = re.compile(r"Finished computing initial states")
TLC_COUNTS = re.compile(r"([\d,]+) states generated, ([\d,]+) distinct states found")
TLC_DEPTH = re.compile(r"The depth of the complete state graph search is (\d+)")


@dataclass(frozen=True)
class Case:
    name: str
    spec: Path
    cfg: Path


@dataclass(frozen=True)
class Run:
    """One process's figures (None where it gave none)."""

    ok: bool
    reason: str
    distinct: int | None
    depth: int | None
    seconds: float
    startup: float | None
    load: float | None
    rss_kib: int
    cpu: float = 0.0  # user + system seconds of the process and the children it waited for


def matches(only: list[str] | None, name: str) -> bool:
    """Whether a model is selected by the --only substrings (all models without any)."""
    return only is None or any(o.lower() in name.lower() for o in only)


def cases(examples: Path | None, only: list[str] | None) -> list[Case]:
    out = [Case(n, ROOT / s, ROOT / c) for n, s, c in LIBRARY]
    if examples is not None:
        base = examples / "specifications"
        out += [Case(Path(c).stem, base / s, base / c) for s, c in EXAMPLES]
    return [c for c in out if matches(only, c.name)]


def config_copy(case: Case, tmp: Path) -> tuple[Path, list[str]]:
    """The .cfg, or a copy without its PROPERTY directives (and the properties set aside)."""
    original = case.cfg.read_text()
    text, props = strip_properties(original)
    if text == original:
        return case.cfg, []
    copy = tmp / case.name.replace(" ", "_") / case.cfg.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(text)
    return copy, props


def compile_ours() -> None:
    """Cache the bytecode of our package, as `pip install` does (module docstring)."""
    import compileall

    compileall.compile_dir(str(ROOT / "checker"), quiet=1)


def _cached_bytecode_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_ours(case: Case, cfg: Path, workers: int, limit: float) -> Run:
    argv = [sys.executable, str(ROOT / "bench" / "measure.py"), str(case.spec), str(cfg)]
    argv += [str(workers), str(limit)]
    start, before = time.perf_counter(), _children_cpu()
    proc = subprocess.Popen(
        argv,
        cwd=case.spec.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_cached_bytecode_env(),
    )
    stdout, stderr = proc.communicate()
    seconds, cpu = time.perf_counter() - start, _children_cpu() - before
    if proc.returncode != 0:
        lines = stderr.strip().splitlines()
        errors = [ln for ln in lines if ln.startswith("error")] or lines[-1:]
        return _failed(errors[0] if errors else f"exit {proc.returncode}", seconds)
    r: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    if r["verdict"] in ("error", "limit", "refused"):
        return _failed(f"{r['verdict']}: {r.get('error') or r.get('limit')}", seconds)
    rss = int(r["peak_rss_kib"]) + (workers > 1) * workers * int(r["worker_peak_rss_kib"])
    return Run(
        True,
        r["verdict"],
        int(r["distinct_states"]),
        int(r["depth"]),
        seconds,
        float(r["first_state_s"]),
        float(r["load_s"]),
        rss,
        cpu,
    )


def run_tlc(tlc: Path, case: Case, cfg: Path, workers: int, limit: float) -> Run:
    with tempfile.TemporaryDirectory(prefix="bench-tlc-") as meta:
        argv = _tlc_argv(tlc) + ["-workers", str(workers), "-config", str(cfg)]
        argv += ["-metadir", meta, "-noTE", "-noTEBin", case.spec.name]
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            cwd=case.spec.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        assert proc.stdout is not None
        timer = threading.Timer(limit, os.killpg, (proc.pid, signal.SIGKILL))
        timer.start()
        startup, lines = None, []
        for line in proc.stdout:
            lines.append(line)
            if startup is None and TLC_INIT.search(line):
                startup = time.perf_counter() - start
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        seconds = time.perf_counter() - start
    text = "".join(lines)
    counts, depth = TLC_COUNTS.findall(text), TLC_DEPTH.findall(text)
    if not counts or not depth:
        return _failed(f"TLC gave no counts (status {status}): {text[-300:]!r}", seconds)
    distinct = int(counts[-1][1].replace(",", ""))
    verdict = "ok" if "No error has been found" in text else "violation"
    cpu = usage.ru_utime + usage.ru_stime
    return Run(
        True, verdict, distinct, int(depth[-1]), seconds, startup, None, usage.ru_maxrss, cpu
    )


def _children_cpu() -> float:
    """User + system seconds of this process's waited-for children so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tlc_argv(tlc: Path) -> list[str]:
    if tlc.suffix == ".jar":
        return ["java", "-XX:+UseParallelGC", "-cp", str(tlc), "tlc2.TLC"]
    return [str(tlc)]


def _failed(reason: str, seconds: float) -> Run:
    return Run(False, reason, None, None, seconds, None, None, 0)


def compare(
    tlc: Path,
    examples: Path | None,
    only: list[str] | None,
    workers: int,
    repeat: int,
    limit: float,
) -> int:
    """Runs every case, prints the table; 1 if any case DIFFERS, else 0."""
    print(
        "| model | workers | distinct | depth | ours s | TLC s | ours/TLC | ours states/s "
        "| TLC states/s | ours B/state | TLC B/state | ours load s | ours start-up s "
        "| TLC start-up s | agrees | ours CPU s | TLC CPU s | CPU ours/TLC |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    differs = False
    compile_ours()
    with tempfile.TemporaryDirectory(prefix="bench-cfg-") as tmp:
        for case in cases(examples, only):
            if not case.cfg.is_file():
                print(f"| {case.name} | skipped: {case.cfg} not found |", flush=True)
                continue
            cfg, props = config_copy(case, Path(tmp))
            ours, theirs = _interleaved(tlc, case, cfg, workers, repeat, limit)
            row, bad = _row(case, workers, ours, theirs, props)
            differs |= bad
            print(row, flush=True)
    return 1 if differs else 0


def _interleaved(
    tlc: Path, case: Case, cfg: Path, workers: int, repeat: int, limit: float
) -> tuple[list[Run], list[Run]]:
    ours: list[Run] = []
    theirs: list[Run] = []
    for _ in range(repeat):
        ours.append(run_ours(case, cfg, workers, limit))
        if not ours[-1].ok:  # refused or past the limit: TLC is not run for it
            break
        theirs.append(run_tlc(tlc, case, cfg, workers, limit))
    return ours, theirs


def _row(
    case: Case, workers: int, ours: list[Run], theirs: list[Run], props: list[str]
) -> tuple[str, bool]:
    aside = f" (PROPERTY {' '.join(props)} set aside)" if props else ""
    if not ours[-1].ok:
        return f"| {case.name}{aside} | {workers} | skipped: ours {ours[-1].reason} |", False
    if not theirs[-1].ok:
        return f"| {case.name}{aside} | {workers} | TLC failed: {theirs[-1].reason} |", False
    o, t = ours[-1], theirs[-1]
    agrees = (o.distinct, o.depth) == (t.distinct, t.depth)
    figures = "yes" if agrees else f"**DIFFERS**: TLC {t.distinct:,} distinct, depth {t.depth}"
    ours_s = statistics.median(r.seconds for r in ours)
    tlc_s = statistics.median(r.seconds for r in theirs)
    d = o.distinct or 0
    cells = [
        f"{case.name}{aside}",
        str(workers),
        f"{d:,}",
        str(o.depth),
        f"{ours_s:.1f}",
        f"{tlc_s:.1f}",
        f"{ours_s / tlc_s:.1f}",
        f"{d / ours_s:,.0f}",
        f"{d / tlc_s:,.0f}",
        f"{o.rss_kib * 1024 / max(d, 1):,.0f}",
        f"{t.rss_kib * 1024 / max(d, 1):,.0f}",
        _opt(_median([r.load for r in ours])),
        _opt(_median([r.startup for r in ours])),
        _opt(_median([r.startup for r in theirs])),
        figures,
    ]
    ours_cpu = statistics.median(r.cpu for r in ours)
    tlc_cpu = statistics.median(r.cpu for r in theirs)
    cells += [f"{ours_cpu:.1f}", f"{tlc_cpu:.1f}", f"{ours_cpu / max(tlc_cpu, 1e-9):.2f}"]
    if not agrees:
        print(f"DIFFERS: {case.name}: ours {d:,} distinct, depth {o.depth}; {figures}")
    return "| " + " | ".join(cells) + " |", not agrees


def _median(xs: list[float | None]) -> float | None:
    known = [x for x in xs if x is not None]
    return statistics.median(known) if known else None


def _opt(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"
