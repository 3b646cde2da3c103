"""Argument types shared by the commands (bad values become E502 diagnostics)."""

from __future__ import annotations

import argparse


def positive(text: str) -> int:
    """A positive integer (counts, limits, worker numbers)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def megabytes(text: str) -> float:
    """A positive number of megabytes (MiB; fractions allowed)."""
    return _positive_number(text, "megabytes")


def seconds(text: str) -> float:
    """A positive number of seconds."""
    return _positive_number(text, "seconds")


def _positive_number(text: str, unit: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of {unit}, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of {unit}, got {text!r}")
    return value
