"""Writing a file atomically: a temporary file in the same directory, written and
flushed to disk, then a rename (and the directory flushed), so a reader (or a CI step
after a crash or a power cut) never sees half a report or half a manifest.

The temporary file is `.<name>.<pid>.<random>.tmp`. A process killed while writing
leaves its one behind: the next write of the same file removes those whose process is
gone (never one another live process is writing).
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    prefix = f".{target.name}.{os.getpid()}."
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        _keep_mode(target, tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_directory(target.parent)
    return target


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the temporary files of earlier writes of `target` whose process is gone;
    returns them."""
    pattern = re.compile(re.escape(f".{target.name}.") + r"(\d+)\.[^.]+\.tmp")
    removed = []
    for candidate in target.parent.glob(f".{glob_escape(target.name)}.*.tmp"):
        m = pattern.fullmatch(candidate.name)
        if m is None or _alive(int(m.group(1))):
            continue
        candidate.unlink(missing_ok=True)
        removed.append(candidate)
    return removed


def glob_escape(name: str) -> str:
    return re.sub(r"([*?[])", r"[\1]", name)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def _sync_directory(directory: Path) -> None:
    """Flush the rename to disk; a file system that cannot sync a directory says so
    with EINVAL, which is not a failure of the write."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _keep_mode(target: Path, tmp: str) -> None:
    """mkstemp creates 0600 files: give the new file the old one's mode (or 0644)."""
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)
