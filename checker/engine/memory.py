"""How much memory a search uses, and how much it may use by default (`--memory-limit`).

The memory in use is the resident set size (RSS) of the checker's process, read from
/proc/self/statm (a read of a few bytes). With worker processes, which share pages with
the parent they were forked from, it is the sum of the processes' proportional set sizes
(PSS, /proc/PID/smaps_rollup: a shared page counts once in all), dearer to read but not
counting the shared model once per worker. Without /proc (not Linux), only this process
is measured, by its peak RSS.

The default limit is DEFAULT_FRACTION of the memory the search could have when it starts:
the smaller of (a) the memory the system reports available (MemAvailable in /proc/meminfo,
which counts reclaimable caches) plus what this process already holds, and (b) the limit
of the process's control group (cgroup v2 `memory.max`, v1 `memory.limit_in_bytes`),
which is what a container's OOM killer enforces. MemAvailable rather than the physical
total, because memory other processes hold is not ours to take: the OS kills at the
total, not at a fraction of it. The margin leaves room for the report at the end and for
growth between two checks.
"""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

MIB = 1024 * 1024
DEFAULT_FRACTION = 0.8
NO_LIMIT = 1 << 60  # a cgroup "limit" at least this large means none
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes(pids: list[int]) -> int:
    """The memory this process and the processes `pids` hold (module docstring);
    processes that have ended count 0."""
    own = _statm_rss()
    if own is None:  # no /proc: this process's peak instead (never below its RSS)
        scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    if not pids:
        return own
    mine = _pss(Path("/proc/self/smaps_rollup"))
    if mine is None:  # an older kernel: the RSS of each
        return own + sum(_statm_rss(pid) or 0 for pid in pids)
    return mine + sum(_pss(Path(f"/proc/{pid}/smaps_rollup")) or 0 for pid in pids)


def _statm_rss(pid: int | None = None) -> int | None:
    try:
        fields = Path(f"/proc/{pid or 'self'}/statm").read_bytes().split()
    except OSError:
        return None
    return int(fields[1]) * _PAGE


def _pss(path: Path) -> int | None:
    try:
        text = path.read_bytes()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(b"Pss:"):
            return int(line.split()[1]) * 1024
    return None


def default_limit_mb() -> float | None:
    """DEFAULT_FRACTION of the memory this process could use (module docstring), in MiB;
    None when the system says nothing about its memory."""
    sizes = [n for n in (_available_bytes(), _cgroup_limit_bytes()) if n is not None]
    if not sizes:
        return None
    return round(DEFAULT_FRACTION * min(sizes) / MIB)


def _available_bytes() -> int | None:
    try:
        lines = Path("/proc/meminfo").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024 + resident_bytes([])
    return None


def _cgroup_limit_bytes() -> int | None:
    """The memory limit of this process's control group (None: none, or not Linux)."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    candidates: list[Path] = []
    root = Path("/sys/fs/cgroup")
    for line in lines:
        _, controllers, path = line.split(":", 2)
        rel = path.lstrip("/")
        if controllers == "":  # cgroup v2
            candidates += [root / rel / "memory.max", root / "memory.max"]
        elif "memory" in controllers.split(","):  # cgroup v1
            v1 = root / "memory"
            candidates += [v1 / rel / "memory.limit_in_bytes", v1 / "memory.limit_in_bytes"]
    for candidate in candidates:
        try:
            text = candidate.read_text().strip()
        except OSError:
            continue
        if text == "max":
            return None
        value = int(text)
        return value if value < NO_LIMIT else None
    return None
