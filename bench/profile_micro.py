"""The cost of `check --profile`'s probes in the model alone (NOTE(profile-sampling)).

usage: python bench/profile_micro.py MODEL.cfg STATES REPEATS

The first STATES states of a breadth-first walk, then, REPEATS times in turn, each
state's successors and invariants by the plain Model, by the profiled model (one call
in 16 timed) and by a profiled model timing every call (`Probes(every=1)`); prints the
least CPU time of each and its ratio to the plain model's.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import checker.compile.profiled as profiled
from checker.api import load_within
from checker.cli.paths import config_for
from checker.compile.probes import Probes


def main(argv: list[str]) -> None:
    spec, cfg = config_for(argv[0], None)
    n, repeats = int(argv[1]), int(argv[2])
    plain = load_within(spec, cfg, None, None, lambda text: None)
    sampled = load_within(spec, cfg, None, None, lambda text: None, profile=True)
    profiled.Probes = lambda: Probes(every=1)  # type: ignore[misc, assignment]
    every = load_within(spec, cfg, None, None, lambda text: None, profile=True)
    states = first_states(plain, n)
    best = {"plain": float("inf"), "one in 16": float("inf"), "every call": float("inf")}
    for _ in range(repeats):
        for name, model in (("plain", plain), ("one in 16", sampled), ("every call", every)):
            best[name] = min(best[name], run(model, states))
    print(
        f"{argv[0]} {len(states):,} states; "
        + ", ".join(f"{k} {v:.3f} s ({v / best['plain']:.3f}x)" for k, v in best.items())
    )


def first_states(model: Any, n: int) -> list[Any]:
    states: list[Any] = []
    model.each_init_state(states.append)
    seen = set(states)
    i = 0
    while len(states) < n and i < len(states):
        for _, t in model.successors(states[i]):
            if t not in seen:
                seen.add(t)
                states.append(t)
        i += 1
    return states[:n]


def run(model: Any, states: list[Any]) -> float:
    start = time.process_time()
    for s in states:
        model.successors(s)
        model.violated_invariant(s)
    return time.process_time() - start


if __name__ == "__main__":
    main(sys.argv[1:])
