"""Temporary explorer for spec authors until `checker check` lands (delete afterwards).

usage: python tools/quickcheck.py SPEC.tla CFG   -> distinct states, depth, first violation
"""

import sys
import time

from checker.compile.model import ModelError, load_model
from checker.diagnostics import CheckerError


def main() -> int:
    try:
        m = load_model(sys.argv[1], sys.argv[2], output=print)
    except CheckerError as e:
        print(e)
        return 2
    start = time.time()
    try:
        init = m.init_states()
        parent = {s: None for s in init}
        frontier = list(parent)
        depth = 0
        while frontier:
            depth += 1
            level = []
            for s in frontier:
                bad = m.violated_invariant(s)
                if bad:
                    trace = [s]
                    while parent[trace[-1]] is not None:
                        trace.append(parent[trace[-1]][0])
                    print(f"VIOLATION of {bad}: {len(trace) - 1} steps")
                    for i, st in enumerate(reversed(trace)):
                        print(f"-- state {i + 1}\n{m.state_text(st)}")
                    return 1
                succ = m.successors(s)
                if not succ and m.check_deadlock:
                    print("DEADLOCK in state\n" + m.state_text(s))
                    return 1
                for label, t in succ:
                    if t not in parent and m.in_constraints(t):
                        parent[t] = (s, m.label_text(label))
                        level.append(t)
            frontier = level
    except ModelError as e:
        from checker.diagnostics import format_diagnostic
        print(format_diagnostic(e.diagnostic))
        return 2
    print(f"distinct {len(parent)} depth {depth} ({time.time() - start:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
