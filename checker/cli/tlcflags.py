"""TLC's command-line habits: what they mean here, or one error saying what to write.

NOTE(tlc-flags): users arrive typing TLC's single-dash options. Before argparse sees the
command line (where `-workers` would read as `-w orkers`), each TLC option is either
renamed to ours with the same meaning (`-workers N|auto`, `-config FILE`, `-deadlock`
(do not report deadlocks), `-seed N`, `-version`, and `-depth N` after `simulate`, where
it means what TLC's does) or refused with E502 and what to write instead. A spec named
without `.tla` (`checker check Spec`) is resolved in paths.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from checker.diagnostics import CheckerError, Diagnostic

RENAMED = {
    "-workers": "--workers",
    "-config": "--config",
    "-deadlock": "--no-deadlock",
    "-seed": "--seed",
    "-version": "--version",
}

# TLC options with no equivalent under that name: what to write instead
INSTEAD = {
    "-depth": "TLC's -depth is the length of its random simulation's behaviours: write "
    "`checker simulate SPEC --depth N`; a breadth-first search is bounded with --max-depth N",
    "-simulate": "write `checker simulate SPEC [--traces N] [--depth N] [--seed N]` for "
    "random behaviours",
    "-checkpoint": "use --checkpoint DIR (with --checkpoint-every 10m) to save the search",
    "-recover": "use --resume DIR to continue a search saved with --checkpoint DIR",
    "-dump": "use `checker graph SPEC --format dot` to export the state graph",
    "-lncheck": "temporal properties are checked after the search (TLC's -lncheck final); "
    "--liveness-every N checks them during the search too",
    "-metadir": "the search keeps no directory unless --checkpoint DIR names one",
    "-continue": "the search stops at the first violation, with the shortest counterexample",
    "-coverage": "use --coverage: the counts per action at the end of the search (and "
    "--coverage-html PAGE)",
    "-fp": "fingerprints are fixed (the same on every run): no option needed",
    "-fpmem": "use --memory-limit MB and --frontier-memory MB",
    "-maxSetSize": "there is no limit on the size of the sets the checker enumerates",
    "-noTE": "no trace exploration spec is written: the counterexample is ITF JSON",
    "-terse": "counterexamples show whole values; --json gives them as data",
    "-nowarning": "warnings are printed once, at load, on stderr",
    "-cleanup": "the checker leaves no states directory behind",
    "-gzip": "the checker leaves no states directory behind",
    "-tool": "use --json for output a program reads",
}


def translate(argv: Sequence[str]) -> list[str]:
    """The command line with TLC's options renamed to ours (NOTE(tlc-flags))."""
    out: list[str] = []
    for arg in argv:
        if arg == "--":
            out += argv[len(out) :]
            break
        if arg in RENAMED:
            out.append(RENAMED[arg])
        elif arg == "-depth" and "simulate" in out:  # the same meaning as TLC's there
            out.append("--depth")
        elif arg in INSTEAD:
            raise CheckerError(
                (
                    Diagnostic(
                        "E502",
                        f"`{arg}` is an option of TLC's, not of this checker",
                        hint=INSTEAD[arg],
                    ),
                )
            )
        else:
            out.append(arg)
    return out
