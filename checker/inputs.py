"""Reading input files within a size limit: specs, configurations, manifests, traces.

Every file the checker reads comes through `read_limited`, which reads at most one byte
more than the file's kind allows, so a device (`/dev/zero`), a FIFO or a huge file is
refused with E509 after a bounded read instead of filling the memory. The limits are
documented in the README ("Limits"):

    source files (.tla, .cfg, manifest.toml)   SOURCE_LIMIT, 64 MiB
    traces (ITF, TLC output, `-dumpTrace json`)  TRACE_LIMIT, 128 MiB

This module imports nothing of ours but the diagnostics: every layer may use it.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from checker.diagnostics import CheckerError, error

MIB = 1024 * 1024
SOURCE_LIMIT = 64 * MIB
TRACE_LIMIT = 128 * MIB
_CHUNK = 1 * MIB


def read_limited(path: str, limit: int, what: str) -> bytes:
    """The bytes of the file at `path`, `what` (e.g. "a spec") at most `limit` bytes long:
    E501 if it cannot be read (a directory, missing, no permission), E509 if longer."""
    try:
        with open(path, "rb") as f:  # a directory: IsADirectoryError
            return read_stream(f, limit, what, path)
    except OSError as exc:
        raise error("E501", f"cannot read `{path}`: {exc.strerror or exc}", path=path) from None


def read_stream(f: BinaryIO, limit: int, what: str, path: str) -> bytes:
    """At most `limit` bytes of `f` (a file, a device, a pipe, stdin); E509 if there is
    more. A regular file is measured first, so a big one is refused without reading."""
    try:
        st = os.fstat(f.fileno())
    except (OSError, ValueError):  # not a real file descriptor (a test's stream)
        st = None
    if st is not None and stat.S_ISREG(st.st_mode) and st.st_size > limit:
        raise too_large(path, what, limit, f"{st.st_size:,} bytes")
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = f.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise too_large(path, what, limit, "more than that")


def too_large(path: str, what: str, limit: int, size: str) -> CheckerError:
    return error(
        "E509",
        f"`{path}` is too large for {what}: the limit is {limit // MIB} MiB, it has {size}",
        path=path,
        hint="the limits are listed in the README (Limits)",
    )
