"""One BFS level's queue of (state id, state), kept encoded and spilled to disk when large.

NOTE(frontier): a level is written once (while the previous level is expanded) and then
read once, in insertion order (while it is expanded). Each entry `(id, state)` is encoded
by the C codec (NOTE(state-codec) in engine/native/codec.c) and appended to a bytearray
chunk; a full chunk is sealed and a new one started. Within a chunk, a part met again (the
same record in many message sets) is written as a reference to its first occurrence
(NOTE(chunk-refs)): each chunk has its own ChunkMemo while written and its own list of
registered values while read, so chunks stay independent (and spill whole). The frontiers
of one search share a `FrontierPool`: a budget of encoded bytes held in memory. When a
sealed chunk takes the pool over its budget, the writing frontier appends all its sealed
chunks to its spill file (an anonymous temporary file in the pool's temporary directory)
and drops them from memory; reading streams them back one chunk at a time (each decoded by
a ChunkReader as it is iterated, NOTE(chunk-reader)), and every chunk read is released, so
a level being expanded gives its memory back to the one being built. The pool's directory
is removed at `close()` (which the search calls on every exit, Ctrl-C included); the files
in it are already unlinked, so the OS frees them even if the process is killed. A state the
codec cannot encode (a lazy value nested in a state) is kept as an object beside its chunk
(not counted in the budget, never on disk); its id, negated, marks its place
(`encode_entry` appends an entry either way, in one call). Order is exactly insertion
order, so spilling never changes a result. The budget counts encoded bytes only: each
chunk spills whole, so memory may exceed it by a chunk (limit / 8, between MIN_CHUNK and
MAX_CHUNK), and decoded states are transient (one level's states are decoded one at a
time).
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from itertools import chain
from typing import IO

from checker._native import ChunkMemo, ChunkReader
from checker.engine.native import encode_entry
from checker.engine.seam import State

MIB = 1 << 20
MIN_CHUNK = 4 << 10  # bytes: the smallest chunk, whatever the budget
MAX_CHUNK = 4 << 20  # bytes: the largest chunk (a spill writes whole chunks)


class FrontierPool:
    """The memory budget and spill directory shared by the frontiers of one search."""

    def __init__(self, limit_bytes: int, directory: str | None = None) -> None:
        """`directory`: spill there (the caller removes it); default: a new temporary
        directory, created on the first spill and removed by `close()`."""
        self.limit = max(0, limit_bytes)
        self.chunk_bytes = min(MAX_CHUNK, max(MIN_CHUNK, self.limit // 8))
        self.in_memory = 0  # encoded bytes held in memory by this pool's frontiers
        self.spilled_bytes = 0  # encoded bytes written to disk so far
        self.directory = directory
        self._owned = directory is None

    def new(self) -> Frontier:
        return Frontier(self)

    def make_directory(self) -> str:
        """The spill directory, created now if it does not exist yet."""
        if self.directory is None:
            self.directory = tempfile.mkdtemp(prefix="checker-frontier-")
        return self.directory

    def spill_file(self) -> IO[bytes]:
        """A new anonymous (already unlinked) file in the pool's directory."""
        return tempfile.TemporaryFile(dir=self.make_directory())

    def close(self) -> None:
        """Remove the spill directory if the pool made it; the files are already unlinked."""
        if self._owned and self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None


class _Chunk:
    __slots__ = ("data", "kept", "size")

    def __init__(self, data: bytearray, kept: list[State]) -> None:
        self.data: bytearray | None = data  # None once spilled or read
        self.size = len(data)
        self.kept = kept  # the states the codec could not encode, in order


class Frontier:
    """Entries `(id, state)` appended in order, then iterated once in the same order."""

    def __init__(self, pool: FrontierPool) -> None:
        self.pool = pool
        self._chunks: list[_Chunk] = []  # sealed, in order; the first `_spilled` on disk
        self._spilled = 0
        self._buf = bytearray()
        self._memo = ChunkMemo()
        self._kept: list[State] = []
        self._file: IO[bytes] | None = None
        self._memory = 0  # encoded bytes of this frontier held in memory
        self._len = 0

    def __len__(self) -> int:
        return self._len

    def __bool__(self) -> bool:
        return self._len > 0

    def append(self, sid: int, state: State) -> None:
        buf = self._buf
        # a state not encodable, or nested too deeply for the codec, is kept as an object
        # and its id marks the place
        n = encode_entry(buf, self._memo, self._kept, sid, state)
        self._len += 1
        self._memory += n
        pool = self.pool
        pool.in_memory += n
        if len(buf) >= pool.chunk_bytes:
            self._seal()
            if pool.in_memory > pool.limit:
                self._spill()

    def _seal(self) -> None:
        if self._buf:
            self._chunks.append(_Chunk(self._buf, self._kept))
            self._buf = bytearray()
            self._memo = ChunkMemo()
            self._kept = []

    def _spill(self) -> None:
        """Write every sealed chunk still in memory to this frontier's file."""
        if self._file is None:
            self._file = self.pool.spill_file()
        for chunk in self._chunks[self._spilled :]:
            assert chunk.data is not None
            self._file.write(chunk.data)
            chunk.data = None
            self._release(chunk.size)
            self.pool.spilled_bytes += chunk.size
        self._spilled = len(self._chunks)

    def _release(self, n: int) -> None:
        self._memory -= n
        self.pool.in_memory -= n

    def __iter__(self) -> Iterator[tuple[int, State]]:
        """The entries in insertion order, each chunk released once read (so once only);
        each chunk's entries are decoded by a ChunkReader as they are reached
        (NOTE(chunk-reader))."""
        self._seal()
        if self._file is not None:
            self._file.flush()
            self._file.seek(0)
        chunks, self._chunks = self._chunks, []
        return chain.from_iterable(self._readers(chunks))

    def _readers(self, chunks: list[_Chunk]) -> Iterator[ChunkReader]:
        """A reader per chunk, made when the previous chunk has been read."""
        for chunk in chunks:
            data: bytes | bytearray
            if chunk.data is None:
                data = self._read(chunk.size)
            else:
                data, chunk.data = chunk.data, None
                self._release(chunk.size)
            yield ChunkReader(data, chunk.kept)

    def _read(self, size: int) -> bytes:
        assert self._file is not None
        data = self._file.read(size)
        if len(data) != size:
            raise OSError(f"frontier spill file truncated: {len(data)} of {size} bytes")
        return data

    def close(self) -> None:
        """Drop what is left (in memory and on disk); safe to call more than once."""
        self._release(self._memory)
        self._chunks = []
        self._buf = bytearray()
        self._memo = ChunkMemo()
        self._kept = []
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
            self._file = None

    def __enter__(self) -> Frontier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def pool_for(frontier_memory_mb: float) -> FrontierPool:
    """A pool whose budget is `frontier_memory_mb` MiB (fractions allowed, for tests)."""
    return FrontierPool(int(frontier_memory_mb * MIB))
