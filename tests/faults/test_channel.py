"""The parent's end of a worker channel never blocks on a worker that does not read or
write (checker/engine/channel.py), and a worker holds no parent end but its own channel
(NOTE(worker-lifetime))."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from checker.engine.channel import HEADER, Channel, Closed
from checker.engine.workers import Workers


class Waited(Exception):
    pass


def _give_up_after(calls: int) -> tuple[list[int], object]:
    count = [0]

    def wait() -> None:
        count[0] += 1
        if count[0] >= calls:
            raise Waited

    return count, wait


def test_sending_to_a_worker_that_does_not_read_calls_wait() -> None:
    a, b = socket.socketpair()
    parent = Channel(a, blocking=False)
    count, wait = _give_up_after(3)
    with pytest.raises(Waited):
        parent.send(b"x" * (16 << 20), wait)  # far more than the socket buffers
    assert count[0] == 3
    b.close()


def test_half_a_message_calls_wait() -> None:
    a, b = socket.socketpair()
    parent = Channel(a, blocking=False)
    b.sendall(HEADER.pack(100) + b"only a part")
    count, wait = _give_up_after(3)
    with pytest.raises(Waited):
        parent.receive(wait)
    assert count[0] == 3
    b.close()


def test_a_closed_peer_is_closed_both_ways() -> None:
    a, b = socket.socketpair()
    parent, child = Channel(a, blocking=False), Channel(b)
    b.close()
    with pytest.raises(Closed):
        parent.receive(lambda: None)
    with pytest.raises(Closed):
        parent.send(b"x" * (1 << 20), lambda: None)
    c, d = socket.socketpair()
    child = Channel(d)
    c.close()
    with pytest.raises(Closed):
        child.get()


def _socket_inodes() -> set[int]:
    out = set()
    for fd in os.listdir("/proc/self/fd"):
        target = os.readlink(f"/proc/self/fd/{fd}") if os.path.exists(f"/proc/self/fd/{fd}") else ""
        if target.startswith("socket:["):
            out.add(int(target[len("socket:[") : -1]))
    return out


def _report_sockets(channel: Channel) -> None:
    channel.get()
    channel.put(sorted(_socket_inodes()))
    channel.get()


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc")
def test_a_worker_holds_none_of_the_parents_ends() -> None:
    workers = Workers(3, _report_sockets, lambda: None)
    try:
        parent_ends = {os.fstat(w.channel.fileno()).st_ino for w in workers.workers}
        for w in range(3):
            workers.send(w, "which sockets?")
        held = workers.gather()
        for w, inodes in enumerate(held):
            own = {os.fstat(workers.workers[w].channel.fileno()).st_ino}
            assert not set(inodes) & parent_ends, f"worker {w + 1} holds a parent's end"
            assert len(inodes) >= 1 and not own & set(inodes)
    finally:
        fds = len(os.listdir("/proc/self/fd"))
        workers.close()
    # ended and reaped (their process objects closed: no descriptor left behind)
    assert not any(Path(f"/proc/{w.pid}").exists() for w in workers.workers)
    assert len(os.listdir("/proc/self/fd")) <= fds - 2 * len(workers.workers)
