"""Integers to and from decimal text, beyond Python's 4,300-digit conversion limit.

Python refuses `int(text)` and `str(n)` past 4,300 decimal digits (a guard against
quadratic-time conversions) with a ValueError. TLA+ integers are unbounded here (TLC's
overflow at 2^31 is a documented difference), so a spec literal, a configuration value,
a trace's number or a computed `10^5000` may be longer. This module converts them
without touching the interpreter-wide limit (no global state): exactly up to MAX_DIGITS
digits, by splitting the work into pieces Python converts; past MAX_DIGITS, reading
refuses (`TooManyDigits`, which each reader turns into its located diagnostic) and
showing abbreviates (`shown_int`). Only ASCII digits are digits (`int()` also takes `²`,
Arabic-Indic digits, `_` and surrounding blanks: callers validate with `DECIMAL`).

    >>> parse_decimal("-" + "9" * 5000) == -(10**5000 - 1)
    True
    >>> len(decimal(10**5000))
    5001
    >>> shown_int(7**200_000)
    '40551119782875552591…29775110256120000001 (169020 digits)'

This module imports nothing else of ours: every layer may use it.
"""

from __future__ import annotations

import re

MAX_DIGITS = 100_000  # the longest integer read or written exactly (about 0.1 s either way)
MAX_BITS = 2**24  # the largest integer computed by `^` or a count: 16,777,216 bits (2 MiB)
SHOWN_DIGITS = 20  # digits shown at each end of an abbreviated integer

DECIMAL = re.compile(r"-?[0-9]+", re.ASCII)  # with fullmatch: a strict decimal integer

_PIECE = 4000  # digits Python converts in one go (below its limit of 4,300)
_SMALL = 10**_PIECE  # integers below it in magnitude convert directly
_LOG10_2 = 0.30102999566398120


class TooManyDigits(ValueError):
    """A decimal integer longer than MAX_DIGITS digits (`digits` of them)."""

    def __init__(self, digits: int) -> None:
        super().__init__(f"an integer of {digits:,} digits (the limit is {MAX_DIGITS:,})")
        self.digits = digits


def parse_decimal(text: str) -> int:
    """The integer a strict decimal (`-?[0-9]+`) denotes; ValueError if `text` is not
    one, TooManyDigits if it has more than MAX_DIGITS digits."""
    if DECIMAL.fullmatch(text) is None:
        raise ValueError(f"not a decimal integer: {text[:40]!r}")
    negative = text.startswith("-")
    digits = text[1:] if negative else text
    if len(digits) > MAX_DIGITS:
        raise TooManyDigits(len(digits))
    value = _from_digits(digits)
    return -value if negative else value


def _from_digits(digits: str) -> int:
    if len(digits) <= _PIECE:
        return int(digits)
    low = len(digits) // 2
    scale: int = 10**low
    return _from_digits(digits[:-low]) * scale + _from_digits(digits[-low:])


def power_too_large(base: int, exponent: int) -> bool:
    """Whether base**exponent (exponent >= 0) surely has more than MAX_BITS bits."""
    return exponent > 1 and (abs(base).bit_length() - 1) * exponent > MAX_BITS


def digit_count(n: int) -> int:
    """The number of decimal digits of |n| (1 for 0), without converting it."""
    n = abs(n)
    guess = max(1, int(n.bit_length() * _LOG10_2))  # exact or one too few
    return guess + 1 if n >= 10**guess else guess


def decimal(n: int, limit: int | None = MAX_DIGITS) -> str:
    """`str(n)` for an integer of at most `limit` digits (None: any, slow beyond
    MAX_DIGITS: 1,000,000 digits take seconds); TooManyDigits beyond."""
    if -_SMALL < n < _SMALL:
        return str(n)
    count = digit_count(n)
    if limit is not None and count > limit:
        raise TooManyDigits(count)
    return ("-" if n < 0 else "") + _to_digits(abs(n), count)


def _to_digits(n: int, count: int) -> str:
    """The `count` digits of n (0 <= n < 10**count), leading zeros included."""
    if count <= _PIECE:
        return str(n).zfill(count)
    low = count // 2
    high, rest = divmod(n, 10**low)
    return _to_digits(high, count - low) + _to_digits(rest, low)


def shown_int(n: int) -> str:
    """`decimal(n)`, or beyond MAX_DIGITS digits its first and last digits and how many
    there are: `40551119782875552591…29775110256120000001 (169020 digits)`."""
    if -_SMALL < n < _SMALL:
        return str(n)
    count = digit_count(n)
    if count <= MAX_DIGITS:
        return decimal(n)
    sign = "-" if n < 0 else ""
    n = abs(n)
    head = n // 10 ** (count - SHOWN_DIGITS)  # a short quotient: cheap
    tail = n % 10**SHOWN_DIGITS
    return f"{sign}{head}…{tail:0{SHOWN_DIGITS}d} ({count} digits)"
