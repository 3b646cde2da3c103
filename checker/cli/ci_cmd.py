"""`checker ci [MANIFEST]`: run every model of the manifest and gate on the expectations.

checker ci                                  # models/manifest.toml
checker ci -j 4 --junit report.xml --github
checker ci --update                         # after a deliberate change of the counts
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from checker.api import DEFAULT_TRACE_DIR
from checker.ci import update
from checker.ci.judge import Outcome, judge
from checker.ci.manifest import Manifest, load_manifest
from checker.ci.report import github_annotations, json_report, junit_xml, summary_table
from checker.ci.run import Run, jobs_for, run_all
from checker.cli.args import positive, processes, seconds
from checker.cli.main import EXIT_INTERNAL, EXIT_OK, EXIT_VIOLATION, print_diagnostics
from checker.cli.tracetext import add_trace_file_flags
from checker.diagnostics import format_diagnostic
from checker.engine.result import Options
from checker.files import write_atomic, write_output

DEFAULT_MANIFEST = "models/manifest.toml"

DESCRIPTION = """\
Run every model of the manifest (one [[model]] table per model: name, spec, config,
expect = "ok" with distinct and depth, or expect = "violation" with property and
length, optionally kind: "liveness" ...) and compare the results with the
expectations. A model passes when its verdict is the expected one and, for "ok", its
distinct states and depth, for "violation", the violated property and the steps of its
shortest counterexample (and its kind, if given) are the expected ones; an error or a
limit is a failure.

Paths in the manifest are relative to the parent of the manifest's directory (for
models/manifest.toml: the repository root), or to --root DIR.

Counterexamples are written to TRACE_DIR/<model name>/. The summary table goes to
stdout, progress and diagnostics to stderr."""

EPILOG = """\
exit codes: 0 every model meets its expectation, 1 some model does not,
2 bad manifest (E504) or command line, 4 internal error"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "ci",
        help="run the models of a manifest and compare them with their expectations",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "manifest", nargs="?", default=DEFAULT_MANIFEST, help=f"default: {DEFAULT_MANIFEST}"
    )
    p.add_argument("--root", help="resolve spec and config paths against DIR")
    p.add_argument(
        "--allow-outside-root",
        action="store_true",
        help="let spec and config paths lead outside the root (refused by default: "
        "manifests may come from pull requests)",
    )
    p.add_argument("--junit", metavar="FILE", help="write a JUnit XML report")
    p.add_argument("--json", metavar="FILE", help="write a JSON report")
    p.add_argument(
        "--github",
        action="store_true",
        help="print GitHub Actions annotations (::error file=...,line=...::) for failures",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=processes,
        default=1,
        help="models run at once, each in its own process (default 1); "
        "the results and their order do not depend on it",
    )
    p.add_argument(
        "--update",
        action="store_true",
        help="rewrite the expected counts (distinct, depth, length) of the models whose "
        "verdict is as expected, keeping the file's comments and order, and say what changed",
    )
    add_trace_file_flags(p, DEFAULT_TRACE_DIR)
    p.add_argument("--max-states", type=positive, help="per model: stop after N distinct states")
    p.add_argument("--time-limit", type=seconds, help="per model: stop after this many seconds")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress lines")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    manifest = load_manifest(
        args.manifest,
        args.root,
        require_counts=not args.update,
        outside_root=args.allow_outside_root,
    )
    options = Options(1, args.max_states, None, args.time_limit)
    trace_dir = None if args.no_trace_file else args.trace_dir
    jobs = jobs_for(manifest, trace_dir, options)
    total = len(jobs)
    if not args.quiet:
        sys.stderr.write(f"Running {total} model(s) of {args.manifest}, {args.jobs} at a time\n")
    done: list[int] = []

    def progress(index: int, r: Run) -> None:
        done.append(index)
        if not args.quiet:
            outcome = judge(manifest.entries[index], r)
            sys.stderr.write(
                f"  [{len(done)}/{total}] {r.name}: {outcome.status} ({r.elapsed:.1f} s)\n"
            )

    runs = run_all(jobs, args.jobs, progress)
    if args.update:
        manifest = _update(manifest, runs)
    outcomes = [judge(e, r) for e, r in zip(manifest.entries, runs, strict=True)]
    _report(args, manifest, outcomes)
    if any(r.internal for r in runs):
        return EXIT_INTERNAL
    unwritten = sum(d.code == "E506" for r in runs for d in r.errors)
    if unwritten:
        sys.stdout.write(f"{unwritten} counterexample file(s) could not be written (E506 above)\n")
    return EXIT_OK if all(o.passed for o in outcomes) and not unwritten else EXIT_VIOLATION


def _update(manifest: Manifest, runs: Sequence[Run]) -> Manifest:
    changes = update.changes(manifest.entries, runs)
    if not changes:
        sys.stdout.write(f"--update: no count changed in {manifest.path}\n")
        return manifest
    write_atomic(manifest.path, update.rewrite(manifest, changes))
    sys.stdout.write(f"--update: rewrote {len(changes)} count(s) in {manifest.path}:\n")
    for change in changes:
        sys.stdout.write(f"  {change.describe()}\n")
    return load_manifest(
        manifest.path, manifest.root, require_counts=False, outside_root=manifest.outside_root
    )


def _report(args: argparse.Namespace, manifest: Manifest, outcomes: list[Outcome]) -> None:
    for o in outcomes:
        print_diagnostics(o.run.errors)
    sys.stdout.write(summary_table(outcomes) + "\n")
    if args.github:
        for line in github_annotations(outcomes, manifest):
            sys.stdout.write(line + "\n")
    if args.junit:
        write_output(
            args.junit, junit_xml(outcomes, manifest, format_diagnostic), "the JUnit report"
        )
    if args.json:
        write_output(args.json, json_report(outcomes, manifest), "the JSON report")
