"""Run one model in this process and print one JSON line: the result and peak memory.

usage: python bench/measure.py SPEC.tla CFG [WORKERS]   (used by bench/run.py)
"""

from __future__ import annotations

import json
import resource
import sys

from checker.api import check


def main() -> int:
    spec, cfg = sys.argv[1], sys.argv[2]
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = check(spec, cfg, workers=workers, trace_dir=None)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = result.to_json()
    out["peak_rss_kib"] = rss_after
    out["baseline_rss_kib"] = rss_before
    # the largest worker process's peak (0 with one worker: no child process)
    out["worker_peak_rss_kib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    sys.stdout.write(json.dumps(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
