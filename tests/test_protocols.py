"""The protocol library: every manifest entry meets its expectation, and every buggy
model still produces exactly its committed counterexample (counterexamples/<model>/)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from checker.api import check

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "models" / "manifest.toml"
ENTRIES: list[dict[str, Any]] = tomllib.loads(MANIFEST.read_text())["model"]
# explored with two workers
BIG = {"Paxos_large", "PBFT_bug_ignore_certificates", "PBFT_view_change"}


def test_manifest_lists_every_model_but_the_benchmarks() -> None:
    listed = {Path(e["config"]).name for e in ENTRIES}
    shipped = {p.name for p in (ROOT / "models").glob("*.cfg")}
    missing = {n for n in shipped - listed if "_large" not in n and "Inductive" not in n}
    assert not missing
    for e in ENTRIES:
        assert (ROOT / e["spec"]).is_file() and (ROOT / e["config"]).is_file()
        assert e["expect"] in ("ok", "violation")


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["name"] for e in ENTRIES])
def test_manifest_entry(entry: dict[str, Any], tmp_path: Path) -> None:
    workers = 2 if entry["name"] in BIG else 1
    result = check(
        ROOT / entry["spec"], ROOT / entry["config"], trace_dir=tmp_path, workers=workers
    )
    assert result.verdict == entry["expect"], result.error
    # NOTE(codegen-fallback): everything generated, and generated code never fell back
    assert result.codegen is not None
    assert result.codegen.fallback_functions == ()
    assert result.codegen.runtime_fallbacks == 0
    if entry["expect"] == "ok":
        assert (result.distinct_states, result.depth) == (entry["distinct"], entry["depth"])
        return
    v = result.violation
    assert v is not None and v.trace_file is not None
    assert (v.property, v.length) == (entry["property"], entry["length"])
    assert v.kind == entry.get("kind", v.kind)  # "liveness": a lasso, not a finite trace
    committed = ROOT / "counterexamples" / entry["name"] / Path(v.trace_file).name
    assert committed.is_file(), "regenerate with `checker ci --trace-dir counterexamples`"
    assert Path(v.trace_file).read_bytes() == committed.read_bytes()
