"""The checker's version, as installed (pip metadata); part of a checkpoint's identity."""

from __future__ import annotations


def checker_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tla-checker")
    except PackageNotFoundError:
        return "unknown"
