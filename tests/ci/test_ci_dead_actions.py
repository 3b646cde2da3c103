"""`fail_on_dead_actions = true` in a manifest (NOTE(coverage)): an "ok" model whose
Next has an action that never fired fails `checker ci`; without the key, or when every
action fired, it passes; the key is checked like the others (E504)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ci_helpers import ROOT, model, run_cli, write_manifest

DEMO = ROOT / "tests" / "coverage" / "CovDemo.tla"


def _demo(repo: Path) -> None:
    shutil.copy(DEMO, repo / "specs" / "CovDemo.tla")
    shutil.copy(DEMO.with_suffix(".cfg"), repo / "models" / "CovDemo.cfg")


def test_a_dead_action_fails_the_model(repo: Path) -> None:
    _demo(repo)
    table = model("Demo", "specs/CovDemo.tla", "models/CovDemo.cfg", "ok", distinct=16, depth=5)
    gated = table + "fail_on_dead_actions = true\n"
    path = write_manifest(repo, gated)
    r = run_cli("ci", str(path), "--json", "report.json")
    assert r.code == 1, r.out + r.err
    assert "never fired" in r.out and "Never" in r.out
    report = json.loads((repo / "report.json").read_text())
    text = json.dumps(report)
    assert "Never (specs/CovDemo.tla:13:1)" in text
    path = write_manifest(repo, table)  # no gate: the same model passes
    assert run_cli("ci", str(path)).code == 0


def test_a_model_whose_actions_all_fire_passes(repo: Path) -> None:
    table = model("Paxos", "specs/Paxos.tla", "models/Paxos.cfg", "ok", distinct=3921, depth=17)
    path = write_manifest(repo, table + "fail_on_dead_actions = true\n")
    r = run_cli("ci", str(path))
    assert r.code == 0, r.out + r.err


def test_the_key_is_checked(repo: Path) -> None:
    table = model("Paxos", "specs/Paxos.tla", "models/Paxos.cfg", "ok", distinct=3921, depth=17)
    path = write_manifest(repo, table + 'fail_on_dead_actions = "yes"\n')
    r = run_cli("ci", str(path))
    assert r.code == 2 and "E504" in r.err and "true or false" in r.err
    violation = model(
        "Bug",
        "specs/Paxos.tla",
        "models/Paxos_bug_singleton_quorums.cfg",
        "violation",
        property="Agreement",
        length=8,
    )
    path = write_manifest(repo, violation + "fail_on_dead_actions = true\n")
    r = run_cli("ci", str(path))
    assert r.code == 2 and "E504" in r.err and 'expect = "ok" only' in r.err
