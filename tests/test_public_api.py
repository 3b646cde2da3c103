"""The package's public names (checker/__init__.py): each resolves to its home, and none is
imported with the package itself (NOTE(lazy-api))."""

from __future__ import annotations

import subprocess
import sys

import pytest

import checker


def test_every_public_name_resolves_and_is_listed() -> None:
    for name in checker.__all__:
        value = getattr(checker, name)
        assert getattr(value, "__name__", name) == name
    assert set(checker.__all__) <= set(dir(checker))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = checker.no_such_name  # type: ignore[attr-defined]


def test_importing_the_package_imports_no_engine() -> None:
    code = (
        "import sys, checker\n"
        "heavy = [m for m in ('checker.api', 'checker.simulation', 'checker.symbolic') "
        "if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "from checker import check\n"
        "assert 'checker.api' in sys.modules\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
