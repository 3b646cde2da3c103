r"""The behaviour graph's bytes after a check, for any version of the checker (issue 15).

    PYTHONPATH=DIR python bench/graph_bytes.py check SPEC --config CFG --workers 1 -q

Runs `checker` (the copy PYTHONPATH names, or this one) on the arguments, and when the
liveness check closes the graph (`GraphStore.finish`) prints to stderr one line: the
steps and states recorded, and the bytes of every array and bytearray the store holds
(`content`: length times item size; `alloc`: `sys.getsizeof`, over-allocation and
headers included), each per transition, and the number of distinct labels. For the
versions whose `check --json` has no `liveness.graph_bytes` (before branch live4); the
figure there is `alloc` with the label table apart.
"""

from __future__ import annotations

import sys
from array import array
from typing import Any

import checker.liveness.store as store
from checker.cli.main import main

_finish = store.GraphStore.finish


def finish(self: Any) -> None:
    _finish(self)
    held = [v for v in vars(self).values() if isinstance(v, (array, bytearray))]
    content = sum(len(a) * (a.itemsize if isinstance(a, array) else 1) for a in held)
    alloc = sum(sys.getsizeof(a) for a in held)
    steps = max(1, len(self.target))
    sys.stderr.write(
        f"GRAPH steps={len(self.target)} states={self.size} content={content} alloc={alloc} "
        f"content/transition={content / steps:.2f} alloc/transition={alloc / steps:.2f} "
        f"labels={len(self.labels)}\n"
    )


if __name__ == "__main__":
    store.GraphStore.finish = finish  # type: ignore[method-assign]
    sys.exit(main(sys.argv[1:]))
