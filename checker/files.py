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

from checker.diagnostics import CheckerError, Diagnostic


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
    sync_directory(target.parent)
    return target


def write_output(path: str | Path, data: str | bytes, what: str) -> Path:
    """write_atomic for a file the user asked for (`what`: "the JUnit report", ...); a
    file that cannot be written is CheckerError E506, located at the file."""
    try:
        return write_atomic(path, data)
    except OSError as exc:
        raise CheckerError((output_error(Path(path), exc, what),)) from None


def output_error(path: Path, exc: OSError, what: str) -> Diagnostic:
    """E506: `what` cannot be written to `path`, and why."""
    reason = exc.strerror or str(exc)
    blocking = next((p for p in path.parents if p.exists()), None)
    if blocking is not None and not blocking.is_dir():
        reason = f"`{blocking}` is not a directory"
    return Diagnostic("E506", f"cannot write {what} to `{path}`: {reason}", None, path=str(path))


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


def sync_directory(directory: Path) -> None:
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
