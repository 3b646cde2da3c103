"""Fixtures for the CI and graph tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from ci_helpers import make_repo


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository in a temporary directory (the working directory during the test)."""
    make_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path
