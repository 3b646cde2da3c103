"""Atomic writes (checker/files.py): a writer killed mid-write leaves its temporary file,
which the next write of the same file removes; another live writer's is kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from checker.files import write_atomic

# A child that starts writing report.json the way write_atomic does, then is killed
# before the rename (the hook: it prints its temporary file's name and waits).
CHILD = """
import os, sys, tempfile, time
from pathlib import Path
target = Path(sys.argv[1])
fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.",
                           suffix=".tmp")
os.write(fd, b"half a rep")
print(tmp, flush=True)
time.sleep(60)
"""


def _half_written(target: Path) -> tuple[subprocess.Popen[str], Path]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    return child, Path(child.stdout.readline().strip())


def test_a_killed_writers_temporary_file_is_removed_at_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    child, tmp = _half_written(target)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert tmp.exists()
    write_atomic(target, "whole\n")
    assert target.read_text() == "whole\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_a_live_writers_temporary_file_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    child, tmp = _half_written(target)
    try:
        write_atomic(target, "whole\n")
        assert tmp.exists() and target.read_text() == "whole\n"
    finally:
        child.kill()
        child.wait()


def test_other_files_are_never_touched(tmp_path: Path) -> None:
    keep = [".report.json.tmp", ".report.json.12.x.y.tmp", ".other.json.999999999.ab.tmp"]
    for name in keep:
        (tmp_path / name).write_text("mine")
    write_atomic(tmp_path / "report.json", "whole\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*keep, "report.json"])
