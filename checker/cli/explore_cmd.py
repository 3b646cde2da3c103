"""`checker explore SPEC`: walk a model's states by hand, in the terminal or a browser.

checker explore specs/Paxos.tla -c models/Paxos.cfg
checker explore models/Paxos_bug_singleton_quorums.cfg --trace counterexamples/Paxos.itf.json
checker explore specs/Paxos.tla -c models/Paxos.cfg --web --port 8123
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checker.cli.args import model_command, positive
from checker.cli.main import EXIT_OK
from checker.cli.paths import config_for
from checker.diagnostics import CheckerError, Diagnostic
from checker.pipeline import load_model

DESCRIPTION = """\
Walk the model's state space one chosen step at a time. The state shown is drawn as
`checker trace show` draws a trace's state (what changed, as nested diffs); below it,
the moves from it: each action with its arguments (`Phase1b(a1)`), the variables it
changes, the state it leads to if seen before (#N), the invariant that state violates,
and whether the search would keep it (a CONSTRAINT or ACTION_CONSTRAINT may exclude
it: "outside the model"). Step, back up, go forward again, branch (a step from an
earlier state drops the rest of the line), go to any state seen, evaluate a TLA+
expression in the state shown (in the spec's scope, with the model's constants), open a
counterexample to continue from any of its states, and save the line of states as ITF.

Terminal keys: ↑↓ choose a move, Enter or 1-9 take it, ←/→ back/forward, g go to a
state seen (#N, or @N for the N-th on the line), e evaluate, o open a trace (FILE
[STATE]), s save, a all/changed variables, / filter variables, PgUp/PgDn scroll, q quit.

With --web, the same in a browser: a server on 127.0.0.1 only (a free port unless
--port), its address printed; the page is the trace viewer's, with the moves beside it.
It may open only the traces in --trace-dir and save only to the --save file; Ctrl-C
stops the server."""

EPILOG = """\
exit codes: 0 done, 2 invalid spec, configuration, trace or option, 130 interrupted"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = model_command(
        sub,
        "explore",
        "walk the state space by hand (terminal, or a browser with --web)",
        DESCRIPTION,
        EPILOG,
    )
    p.add_argument("--trace", metavar="FILE", help="start on this ITF trace's line")
    p.add_argument(
        "--state", type=positive, metavar="N", help="start at state N of --trace (default: last)"
    )
    p.add_argument(
        "--save",
        metavar="FILE",
        help="where saving writes the line of states (default: TRACE_DIR/SPEC.explore.itf.json)",
    )
    p.add_argument(
        "--trace-dir",
        default="counterexamples",
        metavar="DIR",
        help="the traces the web page may open (default: counterexamples)",
    )
    p.add_argument("--web", action="store_true", help="serve the explorer on 127.0.0.1")
    p.add_argument(
        "--port", type=int, default=0, help="the web server's port (default: a free one)"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from checker.cli.main import print_diagnostics
    from checker.explorer.files import foreign_warning, load_trace
    from checker.explorer.session import Session

    if args.state is not None and args.trace is None:
        raise _usage("--state needs --trace")
    if not 0 <= args.port <= 65535:
        raise _usage(f"--port {args.port}: a port is a number from 0 to 65535")
    if not args.web and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise _usage("the terminal explorer needs a terminal for input and output (or --web)")
    spec, config = config_for(args.spec, args.config)
    model = load_model(spec, config)
    session = Session(model)
    if args.trace is not None:
        trace = load_trace(model, args.trace)
        position = len(trace.steps) - 1 if args.state is None else args.state - 1
        if position >= len(trace.steps):
            raise _usage(f"--state {args.state}: the trace has {len(trace.steps)} states")
        warning = foreign_warning(model, trace, args.trace)
        if warning is not None:
            print_diagnostics([warning])
        session.follow(trace, position)
    trace_dir = Path(args.trace_dir)
    save_to = Path(args.save) if args.save else trace_dir / f"{model.name}.explore.itf.json"
    if args.web:
        from checker.ui.explorer_web import serve

        serve(session, save_to, trace_dir, args.port, sys.stdout)
        return EXIT_OK
    from checker.ui.explorer import run_explorer

    run_explorer(session, save_to, sys.stdin.fileno(), sys.stdout)
    return EXIT_OK


def _usage(message: str) -> CheckerError:
    return CheckerError((Diagnostic("E502", message),))
