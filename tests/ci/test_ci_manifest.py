"""The manifest: bad ones are E504 with file:line (exit 2), the path rule, --update, -j."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ci_helpers import model, run_cli, write_manifest

from checker.ci import jobs_for, load_manifest, run_all
from checker.diagnostics import CheckerError

TWO_PHASE = model(
    "TwoPhase", "specs/TwoPhase.tla", "specs/TwoPhase.cfg", "ok", distinct=288, depth=11
)
DIE_HARD = model(
    "DieHard", "specs/DieHard.tla", "specs/DieHard.cfg", "violation", property="NotSolved", length=6
)

# (manifest text after the comment line, line of the diagnostic, fragment of its message)
BAD = {
    "missing-name": (TWO_PHASE.replace('name = "TwoPhase"\n', ""), 3, "without `name`"),
    "missing-spec": (TWO_PHASE.replace('spec = "specs/TwoPhase.tla"\n', ""), 3, "without `spec`"),
    "missing-count": (TWO_PHASE.replace("depth = 11\n", ""), 3, "without `depth`"),
    "missing-property": (DIE_HARD.replace('property = "NotSolved"\n', ""), 3, "without `property`"),
    "string-count": (
        TWO_PHASE.replace("288", '"288"'),
        8,
        "`distinct` must be a non-negative integer",
    ),
    "bool-count": (TWO_PHASE.replace("11", "true"), 9, "`depth` must be a non-negative integer"),
    "negative-length": (DIE_HARD.replace("length = 6", "length = -1"), 9, "`length` must be"),
    "number-name": (TWO_PHASE.replace('"TwoPhase"', "3"), 4, "`name` must be a non-empty string"),
    "unknown-expect": (
        TWO_PHASE.replace('"ok"', '"pass"'),
        7,
        '`expect` must be "ok" or "violation"',
    ),
    "missing-spec-file": (
        TWO_PHASE.replace("TwoPhase.tla", "Nope.tla"),
        5,
        "`specs/Nope.tla`, which does not exist",
    ),
    "missing-config-file": (
        TWO_PHASE.replace("TwoPhase.cfg", "Nope.cfg"),
        6,
        "which does not exist",
    ),
    "unknown-key": (
        TWO_PHASE.replace("depth = 11", "depth = 11\ndepht = 3"),
        10,
        "unknown key `depht`",
    ),
    "count-for-other-expect": (DIE_HARD + "distinct = 3\n", 10, "`distinct` applies to expect"),
    "unknown-kind": (DIE_HARD + 'kind = "safety"\n', 10, "`kind` must be one of invariant"),
    "kind-for-ok": (TWO_PHASE + 'kind = "liveness"\n', 10, "`kind` applies to expect"),
    "duplicate-name": (TWO_PHASE + "\n" + TWO_PHASE, 12, "duplicate model name `TwoPhase`"),
    "toml-syntax": (TWO_PHASE.replace("depth = 11", "depth = = 11"), 9, "bad TOML"),
    "unclosed-string": (TWO_PHASE.replace('"ok"', '"ok'), 7, "bad TOML"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_manifest_is_e504_at_its_line(repo: Path, name: str) -> None:
    text, line, fragment = BAD[name]
    path = repo / "models" / "manifest.toml"
    path.write_text("# a bad manifest\n\n" + text)
    result = run_cli("ci", "-q")
    assert result.code == 2
    assert result.out == ""
    assert "error[E504]" in result.err and fragment in result.err
    assert f"--> {Path('models') / 'manifest.toml'}:{line}:" in result.err, result.err


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (None, "does not exist"),
        ("", "no [[model]] tables"),
        ('[[models]]\nname = "x"\n', "unknown top-level key `models`"),
        ("model = 3\n", "no [[model]] tables"),
    ],
    ids=["no-file", "empty", "misspelt-table", "not-a-table"],
)
def test_manifest_without_models_is_e504(repo: Path, text: str | None, fragment: str) -> None:
    if text is not None:
        (repo / "models" / "manifest.toml").write_text(text)
    result = run_cli("ci", "-q")
    assert (result.code, result.out) == (2, "")
    assert "error[E504]" in result.err and fragment in result.err
    assert "models/manifest.toml" in result.err


def test_every_problem_is_reported_at_once(repo: Path) -> None:
    text = (
        TWO_PHASE.replace('"ok"', '"okay"') + "\n" + DIE_HARD.replace("length = 6", 'length = "6"')
    )
    write_manifest(repo, text)
    result = run_cli("ci", "-q")
    assert result.code == 2 and result.err.count("error[E504]") == 2


def test_paths_are_relative_to_the_parent_of_the_manifest_directory(repo: Path) -> None:
    nested = repo / "deep" / "ci"
    nested.mkdir(parents=True)
    (nested / "manifest.toml").write_text(TWO_PHASE)
    missing = run_cli("ci", "-q", "deep/ci/manifest.toml")  # the root is deep/: no specs/
    assert missing.code == 2 and f"under the root `{repo / 'deep'}`" in missing.err
    assert run_cli("ci", "-q", "--no-trace-file", "deep/ci/manifest.toml", "--root", ".").code == 0
    (repo / "deep" / "specs").symlink_to(repo / "specs")  # a link leading out of deep/
    outside = run_cli("ci", "-q", "--no-trace-file", "deep/ci/manifest.toml")
    assert outside.code == 2 and "which is outside the root" in outside.err
    allowed = ("ci", "-q", "--no-trace-file", "--allow-outside-root", "deep/ci/manifest.toml")
    assert run_cli(*allowed).code == 0


@pytest.mark.parametrize(
    "name", ["../../escaped", "/tmp/abs", "a/b", "..", ".", "a\\b", "line\nbreak", "nul\x00"]
)
def test_a_model_name_must_be_a_file_name(repo: Path, name: str) -> None:
    # counterexamples go in <trace-dir>/<name>/: a name must not lead out of it
    text = TWO_PHASE.replace('name = "TwoPhase"', f"name = {json.dumps(name)}")
    assert text != TWO_PHASE
    (repo / "models" / "manifest.toml").write_text(text)
    result = run_cli("ci", "-q", "--trace-dir", "out", "models/manifest.toml")
    assert result.code == 2 and "error[E504]: the model name" in result.err, result.err
    assert not (repo.parent / "escaped").exists() and not (repo / "out").exists()


@pytest.mark.parametrize("path", ["../outside/Spec.tla", "/etc/passwd"])
def test_paths_outside_the_root_are_refused(repo: Path, path: str) -> None:
    (repo.parent / "outside").mkdir(exist_ok=True)
    (repo.parent / "outside" / "Spec.tla").write_text("---- MODULE Spec ----\n====\n")
    text = TWO_PHASE.replace('spec = "specs/TwoPhase.tla"', f'spec = "{path}"')
    assert text != TWO_PHASE
    (repo / "models" / "manifest.toml").write_text(text)
    result = run_cli("ci", "-q", "--no-trace-file", "models/manifest.toml")
    assert result.code == 2 and f"`spec` names `{path}`, which is outside the root" in result.err


# -- --update ------------------------------------------------------------------------------

STALE = """# counts pinned by hand
[[model]]
name = "TwoPhase"   # two-phase commit
spec = "specs/TwoPhase.tla"
config = "specs/TwoPhase.cfg"
expect = "ok"
distinct = 1_000  # stale
depth = 11

# a deadlock
[[model]]
name = "Stuck"
spec = "specs/Stuck.tla"
config = "specs/Stuck.cfg"
expect = "violation"
property = "Deadlock"

[[model]]
name = "Inv"
spec = "specs/Counter.tla"
config = "specs/CounterInv.cfg"
expect = "ok"
distinct = 7
depth = 7
"""

UPDATED = STALE.replace("distinct = 1_000  # stale", "distinct = 288  # stale").replace(
    'property = "Deadlock"\n', 'property = "Deadlock"\nlength = 3\n'
)


def test_update_rewrites_counts_and_keeps_the_rest(repo: Path) -> None:
    path = repo / "models" / "manifest.toml"
    path.write_text(STALE)
    result = run_cli("ci", "--update", "-q", "--no-trace-file")
    assert path.read_text() == UPDATED
    assert "TwoPhase: distinct 1,000 -> 288" in result.out
    assert "Stuck: length (none) -> 3" in result.out
    assert "Inv:" not in result.out.split("model ")[0]  # a changed verdict is not a count
    assert result.code == 1  # Inv still fails: its verdict changed
    again = run_cli("ci", "--update", "-q", "--no-trace-file")
    assert "no count changed" in again.out and path.read_text() == UPDATED


def test_update_then_every_model_passes(repo: Path) -> None:
    path = repo / "models" / "manifest.toml"
    path.write_text(STALE.split('[[model]]\nname = "Inv"')[0])
    assert run_cli("ci", "-q", "--no-trace-file").code == 2  # Stuck has no length
    assert run_cli("ci", "--update", "-q", "--no-trace-file").code == 0
    assert run_cli("ci", "-q", "--no-trace-file").code == 0


def test_update_refuses_inline_tables(repo: Path) -> None:
    path = repo / "models" / "manifest.toml"
    path.write_text(
        'model = [{name = "TwoPhase", spec = "specs/TwoPhase.tla", '
        'config = "specs/TwoPhase.cfg", expect = "ok", distinct = 5, depth = 11}]\n'
    )
    before = path.read_text()
    result = run_cli("ci", "--update", "-q", "--no-trace-file")
    assert result.code == 2 and "cannot rewrite the counts" in result.err
    assert path.read_text() == before


# -- -j ------------------------------------------------------------------------------------

PARALLEL = [
    TWO_PHASE,
    DIE_HARD,
    model(
        "Stuck", "specs/Stuck.tla", "specs/Stuck.cfg", "violation", property="Deadlock", length=2
    ),
    model("DivZero", "specs/DivZero.tla", "specs/DivZero.cfg", "ok", distinct=2, depth=2),
    model("Mutex", "specs/Mutex.tla", "specs/Mutex.cfg", "ok", distinct=20, depth=7),
    model("Counter", "specs/Counter.tla", "specs/CounterOk.cfg", "ok", distinct=3, depth=3),
]


def _stable(report: dict[str, Any]) -> dict[str, Any]:
    """The JSON report without timings."""
    for m in report["models"]:
        m.pop("elapsed")
        for key in ("elapsed_s", "states_per_s"):
            m["got"].pop(key, None)
    return report


@pytest.mark.parametrize("jobs", ["2", "4"])
def test_parallel_runs_give_the_sequential_results(repo: Path, jobs: str) -> None:
    write_manifest(repo, *PARALLEL)
    one = run_cli("ci", "-q", "--json", "one.json", "--junit", "one.xml", "--github")
    many = run_cli("ci", "-q", "-j", jobs, "--json", "many.json", "--github")
    assert (one.code, many.code) == (1, 1)
    expected = _stable(json.loads(Path("one.json").read_text()))
    assert _stable(json.loads(Path("many.json").read_text())) == expected
    assert [m["status"] for m in expected["models"]] == [
        "pass",
        "pass",
        "fail",
        "fail",
        "pass",
        "pass",
    ]
    annotations = [x for x in one.out.splitlines() if x.startswith("::")]
    assert annotations == [x for x in many.out.splitlines() if x.startswith("::")]


def test_the_kind_of_violation_is_compared_when_given(repo: Path) -> None:
    write_manifest(repo, DIE_HARD + 'kind = "invariant"\n')
    assert run_cli("ci", "-q").code == 0
    write_manifest(repo, DIE_HARD + 'kind = "liveness"\n')
    failed = run_cli("ci", "-q")
    assert failed.code == 1
    assert "kind of violation: expected liveness, got invariant" in failed.out


def test_run_all_keeps_the_jobs_order(repo: Path) -> None:
    manifest = load_manifest(write_manifest(repo, *PARALLEL))
    finished: list[int] = []
    runs = run_all(jobs_for(manifest, None), 3, lambda i, r: finished.append(i))
    assert [r.name for r in runs] == [e.name for e in manifest.entries]
    assert sorted(finished) == list(range(len(PARALLEL)))


def test_load_manifest_raises_every_diagnostic(repo: Path) -> None:
    path = write_manifest(
        repo, TWO_PHASE.replace("288", '"x"'), DIE_HARD.replace('"violation"', '"bad"')
    )
    with pytest.raises(CheckerError) as info:
        load_manifest(path)
    assert [d.code for d in info.value.diagnostics] == ["E504", "E504"]
    assert [d.span.line for d in info.value.diagnostics if d.span] == [8, 15]


def test_update_leaves_a_failing_new_entry_without_counts(repo: Path) -> None:
    path = repo / "models" / "manifest.toml"
    new = model("DivZero", "specs/DivZero.tla", "specs/DivZero.cfg", "ok")
    path.write_text(TWO_PHASE.replace("288", "5") + new)
    result = run_cli("ci", "--update", "-q", "--no-trace-file")
    assert result.code == 1, result.err
    assert "TwoPhase: distinct 5 -> 288" in result.out and "error E402" in result.out
    assert path.read_text() == TWO_PHASE + new
