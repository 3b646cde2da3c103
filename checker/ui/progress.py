"""Progress of a search on the terminal: a live rich line on a TTY, plain lines otherwise.

The engine calls `on_progress` about twice a second; on a terminal the status line is
redrawn in place, elsewhere (CI logs) a plain line is written every `plain_interval`
seconds. Output of the spec's Print/PrintT goes through `on_output`.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.live import Live
from rich.text import Text

from checker.engine.result import Progress


def progress_line(p: Progress) -> str:
    line = (
        f"{p.distinct:,} distinct states, {p.generated:,} generated, "
        f"{p.states_per_s:,.0f} distinct/s, queue {p.queue:,}, depth {p.depth}, "
        f"{_clock(p.elapsed)}"
    )
    if p.partitions:  # a cluster's (NOTE(transport)): the level per partition, bytes sent
        shares = "/".join(f"{n:,}" for n in p.partitions)
        line += f", partitions {shares}, {p.bytes_sent / 2**20:,.1f} MiB sent"
    return line


def _clock(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}"


class ConsoleObserver:
    """Reports progress on `stream` (stderr by default); use as a context manager."""

    def __init__(
        self, stream: TextIO | None = None, *, plain_interval: float = 5.0, quiet: bool = False
    ) -> None:
        self.stream = stream or sys.stderr
        self.console = Console(file=self.stream, highlight=False)
        self.live: Live | None = None
        self.interactive = self.console.is_terminal and not quiet
        self.quiet = quiet
        self.plain_interval = plain_interval
        self.last_plain = 0.0

    def __enter__(self) -> ConsoleObserver:
        return self  # the live line starts with the first progress report: nothing to erase

    def _start_live(self) -> Live:
        live = Live(Text(""), console=self.console, auto_refresh=False, transient=True)
        live.__enter__()
        self.live = live
        return live

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.live is not None:
            self.live.__exit__(exc_type, exc, tb)
            self.live = None

    def on_progress(self, progress: Progress) -> None:
        if self.quiet:
            return
        if self.interactive:
            live = self.live if self.live is not None else self._start_live()
            live.update(Text("checking: " + progress_line(progress), style="cyan"), refresh=True)
        elif progress.elapsed - self.last_plain >= self.plain_interval:
            self.last_plain = progress.elapsed
            self.stream.write("progress: " + progress_line(progress) + "\n")
            self.stream.flush()

    def on_checkpoint(self, generation: int, distinct: int, depth: int, directory: str) -> None:
        if not self.quiet:
            self.on_output(
                f"checkpoint {generation} written to {directory} "
                f"({distinct:,} distinct states, depth {depth})"
            )

    def on_output(self, text: str) -> None:
        if self.live is not None:
            self.live.console.print(Text(text))
        else:
            self.stream.write(text + "\n")
