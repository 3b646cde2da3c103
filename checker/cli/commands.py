"""The registry of subcommands (each module adds its parser and handler)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from checker.cli import (
    bmc_cmd,
    check_cmd,
    ci_cmd,
    explore_cmd,
    graph_cmd,
    parse_cmd,
    prove_cmd,
    simulate_cmd,
    trace_cmd,
)

Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]

REGISTRY: list[Register] = [parse_cmd.register, check_cmd.register, trace_cmd.register]
REGISTRY.append(prove_cmd.register)
REGISTRY.append(bmc_cmd.register)
REGISTRY.append(ci_cmd.register)
REGISTRY.append(graph_cmd.register)
REGISTRY.append(simulate_cmd.register)
REGISTRY.append(explore_cmd.register)
