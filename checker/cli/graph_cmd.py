"""`checker graph SPEC.tla`: export the reachable state graph (JSON, GraphML or DOT).

checker graph specs/Paxos.tla -c models/Paxos.cfg --format graphml -o paxos.graphml
checker graph tests/engine/specs/TwoPhase.tla --format dot -o - | dot -Tsvg > 2pc.svg
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checker.cli.args import model_command, positive
from checker.cli.main import EXIT_LIMIT, EXIT_OK, print_diagnostics
from checker.cli.paths import config_for
from checker.diagnostics import CheckerError, Diagnostic
from checker.files import write_output
from checker.graph.explore import StateGraph, explore_graph
from checker.pipeline import load_model

FORMATS = ("json", "graphml", "dot")
SUFFIXES = {".json": "json", ".graphml": "graphml", ".dot": "dot", ".gv": "dot"}
DEFAULT_MAX_NODES = 10_000

DESCRIPTION = """\
Explore every reachable state (as `checker check` does, under CONSTRAINT and
ACTION_CONSTRAINT) and write the state graph. Nodes are the distinct states, numbered
0, 1, ... in breadth-first order, with their depth (1 for an initial state), their
variables as TLA+ text and the first invariant they violate, if any; a violation does not
stop the exploration. Edges are the distinct (state, action label, successor)
transitions, labelled with the action. For a model whose invariants hold, the node count
is `checker check`'s distinct-state count.

Formats: json (networkx node-link data, edges under "edges"), graphml, dot (Graphviz).
Without --format, the format comes from the suffix of -o (.json, .graphml, .dot, .gv).
A graph with more than --max-nodes nodes is refused (E505, exit 3) as soon as the
exploration passes the limit."""

EPILOG = """\
exit codes: 0 written, 2 invalid input or evaluation error, 3 more than --max-nodes
states (nothing written)"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = model_command(
        sub, "graph", "export the reachable state graph (json, graphml, dot)", DESCRIPTION, EPILOG
    )
    p.add_argument("--format", "-f", choices=FORMATS, help="default: from the suffix of -o")
    p.add_argument("--output", "-o", required=True, help="the file to write ('-': stdout)")
    p.add_argument(
        "--max-nodes",
        type=positive,
        default=DEFAULT_MAX_NODES,
        help=f"refuse graphs with more states (default {DEFAULT_MAX_NODES:,})",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    fmt = _format(args.format, args.output)
    spec, config = config_for(args.spec, args.config)
    model = load_model(spec, config)
    try:
        graph = explore_graph(model, args.max_nodes)
    except CheckerError as exc:
        if exc.diagnostics[0].code != "E505":
            raise
        print_diagnostics(exc.diagnostics)
        return EXIT_LIMIT
    text = serialise(graph, fmt)
    if args.output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    write_output(args.output, text, "the graph")
    sys.stdout.write(
        f"Wrote the state graph of {graph.spec} to {args.output} ({fmt}): "
        f"{len(graph.nodes):,} nodes, {len(graph.edges):,} edges, depth {graph.depth}\n"
    )
    return EXIT_OK


def serialise(graph: StateGraph, fmt: str) -> str:
    if fmt == "dot":
        from checker.graph.dot import to_dot

        return to_dot(graph)
    from checker.graph.export import to_graphml, to_json

    return to_json(graph) if fmt == "json" else to_graphml(graph)


def _format(given: str | None, output: str) -> str:
    if given is not None:
        return given
    suffix = Path(output).suffix.lower()
    if output != "-" and suffix in SUFFIXES:
        return SUFFIXES[suffix]
    raise CheckerError(
        (
            Diagnostic(
                "E502",
                f"cannot tell the format from `{output}`",
                hint="pass --format json|graphml|dot",
            ),
        )
    )
