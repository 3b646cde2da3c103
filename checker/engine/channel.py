"""Messages between the parallel search's parent and a worker: objects pickled over a
socket pair, each framed by its length.

The worker's end blocks (`put`, `get`). The parent's end never blocks for long: it sends
and receives in pieces and calls `wait()` whenever it would block (every `TICK` seconds
at most), so a worker stopped or killed in the middle of a message cannot hang the parent
(NOTE(worker-lifetime) in engine/workers.py). A side whose peer is gone gets `Closed`.

Pickle carries only objects our own processes built (states, arrays, diagnostics),
never a user's file, as multiprocessing's pipes did.

>>> import socket
>>> a, b = socket.socketpair()
>>> parent, child = Channel(a, blocking=False), Channel(b)
>>> parent.send(("level", [1, 2]), wait=lambda: None)
>>> child.get()
('level', [1, 2])
>>> child.put(("expanded", 3))
>>> parent.receive(wait=lambda: None)
('expanded', 3)
"""

from __future__ import annotations

import pickle
import select
import socket
import struct
from collections.abc import Callable
from typing import Any

HEADER = struct.Struct("!Q")  # the length of the pickled message that follows
TICK = 0.05  # seconds the parent waits on a worker before calling wait()
CHUNK = 1 << 18  # bytes read at a time


class Closed(Exception):
    """The other end is gone (end of file, a reset or a broken pipe)."""


class Channel:
    def __init__(self, sock: socket.socket, *, blocking: bool = True) -> None:
        self.sock = sock
        self.inbox = bytearray()  # the parent's end: bytes of messages not yet whole
        self.buffer = memoryview(bytearray(CHUNK)) if not blocking else None
        sock.setblocking(blocking)

    def fileno(self) -> int:
        return self.sock.fileno()

    def close(self) -> None:
        self.sock.close()

    # -- the worker's end: blocking ------------------------------------------------------

    def put(self, obj: Any) -> None:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.sock.sendall(HEADER.pack(len(data)))
            self.sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError) as exc:
            raise Closed from exc

    def get(self) -> Any:
        (size,) = HEADER.unpack(self._read_exactly(HEADER.size))
        return pickle.loads(self._read_exactly(size))

    def _read_exactly(self, size: int) -> bytearray:
        out = bytearray()
        while len(out) < size:
            try:
                data = self.sock.recv(min(size - len(out), CHUNK))
            except ConnectionResetError as exc:
                raise Closed from exc
            if not data:
                raise Closed
            out += data
        return out

    # -- the parent's end: never blocked for more than TICK seconds ---------------------

    def send(self, obj: Any, wait: Callable[[], None]) -> None:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        for part in (HEADER.pack(len(data)), data):
            view = memoryview(part)
            while view:
                try:
                    view = view[self.sock.send(view) :]
                except BlockingIOError:
                    _, writable, _ = select.select([], [self.sock], [], TICK)
                    if not writable:
                        wait()
                except (BrokenPipeError, ConnectionResetError) as exc:
                    raise Closed from exc

    def receive(self, wait: Callable[[], None]) -> Any:
        """The next message, calling wait() while none is whole."""
        while True:
            found, message = self.take()
            if found:
                return message
            readable, _, _ = select.select([self.sock], [], [], TICK)
            if readable:
                self.fill()
            else:
                wait()

    def fill(self) -> None:
        """Append what the socket holds to the inbox (after select said it was readable)."""
        assert self.buffer is not None, "the parent's end is not blocking"
        try:
            size = self.sock.recv_into(self.buffer)
        except BlockingIOError:
            return
        except ConnectionResetError as exc:
            raise Closed from exc
        if not size:
            raise Closed
        self.inbox += self.buffer[:size]

    def take(self) -> tuple[bool, Any]:
        """(True, the first message) if the inbox holds it whole, else (False, None)."""
        if len(self.inbox) < HEADER.size:
            return False, None
        (size,) = HEADER.unpack_from(self.inbox)
        end = HEADER.size + size
        if len(self.inbox) < end:
            return False, None
        with memoryview(self.inbox) as whole, whole[HEADER.size : end] as body:
            message = pickle.loads(body)
        del self.inbox[:end]
        return True, message
