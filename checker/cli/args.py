"""Argument types shared by the commands (bad values become E502 diagnostics)."""

from __future__ import annotations

import argparse
import math
import os


def model_arguments(p: argparse.ArgumentParser, config: bool = True) -> None:
    """SPEC (and --config): the model a command works on (resolved by cli/paths.py)."""
    p.add_argument("spec", help="the .tla file (or a .cfg that names its spec)")
    if config:
        p.add_argument("--config", "-c", help="the TLC .cfg model (default: SPEC.cfg)")


def model_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    description: str,
    epilog: str,
) -> argparse.ArgumentParser:
    """A command on a model: its parser (description and epilog as written), with
    SPEC and --config."""
    p = sub.add_parser(
        name,
        help=summary,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    model_arguments(p)
    return p


def positive(text: str) -> int:
    """A positive integer (counts, limits, worker numbers)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


MAX_PROCESSES = 256


def processes(text: str) -> int:
    """A number of worker processes: 1 to MAX_PROCESSES, or `auto` (the cores this
    process may run on)."""
    if text == "auto":
        return max(1, min(MAX_PROCESSES, len(os.sched_getaffinity(0))))
    value = positive(text)
    if value > MAX_PROCESSES:
        raise argparse.ArgumentTypeError(
            f"expected at most {MAX_PROCESSES} processes (or auto), got {text!r}"
        )
    return value


def megabytes(text: str) -> float:
    """A positive number of megabytes (MiB; fractions allowed), at most 2^30 (a PiB)."""
    value = _positive_number(text, "megabytes")
    if value > 2**30:
        raise argparse.ArgumentTypeError(f"expected at most {2**30} megabytes, got {text!r}")
    return value


def seconds(text: str) -> float:
    """A positive number of seconds."""
    return _positive_number(text, "seconds")


def _positive_number(text: str, unit: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of {unit}, got {text!r}") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"expected a positive number of {unit}, got {text!r}")
    return value


_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0}


def duration(text: str) -> float:
    """A duration: seconds, or a number followed by s, m or h (`90`, `30s`, `10m`,
    `1.5h`); 0 is allowed (every time)."""
    number, unit = text.rstrip("smh"), text[len(text.rstrip("smh")) :]
    try:
        value = float(number) * _UNITS[unit]
    except (ValueError, KeyError):
        raise argparse.ArgumentTypeError(
            f"expected a duration such as 90s, 10m or 1h, got {text!r}"
        ) from None
    if not (value >= 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"expected a duration of 0 or more, got {text!r}")
    return value
