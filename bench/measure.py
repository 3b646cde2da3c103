"""Run one model in this process and print one JSON line: the result, its phases and peak memory.

usage: python bench/measure.py SPEC.tla CFG [WORKERS] [TIME_LIMIT_S]   (used by bench/run.py)

Besides the result (CheckResult.to_json) the line holds `load_s` (parse, compile and code
generation: `load_model`), `first_state_s` (from the start of this script, Python's start
and imports included, to the end of the initial states: the counterpart of TLC's start-up
up to "Finished computing initial states") and `total_s` (from the start of this script to
the end of the search).
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402

from checker.api import check_model, load_within, memory_limit  # noqa: E402
from checker.compile.model import Model  # noqa: E402
from checker.diagnostics import CheckerError  # noqa: E402
from checker.engine.result import CheckResult, Options, SilentObserver  # noqa: E402
from checker.engine.seam import State  # noqa: E402


class Timed:
    """A model whose initial states are timed: the moment the last one was handed on."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.inits_done: float | None = None

    def __getattr__(self, name: str) -> object:
        value = getattr(self.model, name)
        if callable(value):  # a method: kept, so the search's hot loops pay this once
            setattr(self, name, value)
        return value

    def each_init_state(self, emit: Callable[[State], object]) -> None:
        self.model.each_init_state(emit)
        if self.inits_done is None:
            self.inits_done = time.perf_counter()


def main() -> int:
    spec, cfg = sys.argv[1], sys.argv[2]
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    time_limit = float(sys.argv[4]) if len(sys.argv) > 4 else None
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    memory = memory_limit(None)
    start = time.perf_counter()
    try:
        loaded = load_within(spec, cfg, time_limit, memory, lambda _text: None)
    except CheckerError as exc:  # refused: the reason, for bench/run.py to print
        d = exc.diagnostics[0]
        sys.stdout.write(json.dumps({"verdict": "refused", "error": f"{d.code} {d.message}"}))
        sys.stdout.write("\n")
        return 0
    load_s = time.perf_counter() - start
    if isinstance(loaded, CheckResult):
        sys.stdout.write(json.dumps({**loaded.to_json(), "load_s": load_s}) + "\n")
        return 0
    timed = Timed(loaded)
    options = Options(workers, None, None, time_limit, memory_limit_mb=memory)
    result = check_model(timed, options, SilentObserver(), None)  # type: ignore[arg-type]
    end = time.perf_counter()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = result.to_json()
    out["load_s"] = round(load_s, 3)
    out["first_state_s"] = round((timed.inits_done or end) - STARTED, 3)
    out["total_s"] = round(end - STARTED, 3)
    out["peak_rss_kib"] = rss_after
    out["baseline_rss_kib"] = rss_before
    # the largest worker process's peak (0 with one worker: no child process)
    out["worker_peak_rss_kib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    sys.stdout.write(json.dumps(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
