"""`checker parse SPEC.tla [--config CFG]`: is the spec (and its model) well formed?"""

from __future__ import annotations

import argparse
import sys

from checker.cli.main import EXIT_OK, print_diagnostics
from checker.cli.paths import config_for
from checker.pipeline import load_model, resolve_file


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "parse",
        help="check that a spec (and optionally its model) is well formed",
        description="Parse and resolve a spec; with --config, also check the model "
        "configuration, compile it and check its ASSUMEs. Prints OK or the diagnostics.",
    )
    p.add_argument("spec", help="the .tla file")
    p.add_argument("--config", "-c", help="a TLC .cfg file to check as well")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    spec, config = config_for(args.spec, args.config, required=False)
    if config is None:
        resolved = resolve_file(spec).spec
        print_diagnostics(resolved.warnings)
        n_defs = sum(1 for s in resolved.root_scope.symbols.values() if s.kind == "definition")
        sys.stdout.write(
            f"OK: module {resolved.root.name} ({len(resolved.variables)} "
            f"variables, {len(resolved.constants)} constants, {n_defs} "
            "definitions)\n"
        )
        return EXIT_OK
    model = load_model(spec, config)
    print_diagnostics(model.warnings)
    sys.stdout.write(
        f"OK: module {model.name} with {config} ({len(model.variables)} "
        f"variables, {len(model.invariants)} invariants)\n"
    )
    return EXIT_OK
