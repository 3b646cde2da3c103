"""Fixtures of the symbolic tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def no_codegen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build explicit models without generated successor code.

    Workaround: the code generator (checker/compile/codegen) compiles every invariant in
    the module that defines Next, so a spec whose invariants are defined in a module that
    EXTENDS it (specs/PaxosInductive.tla EXTENDS Paxos) crashes in load_model with
    KeyError (reported). The symbolic checker needs only the closure compiler.
    """
    monkeypatch.setenv("CHECKER_CODEGEN", "0")
