"""Helpers for the CI and graph tests: small manifests in temporary repositories, and
the CLI run in-process."""

from __future__ import annotations

import contextlib
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

from checker.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
ENGINE_SPECS = ROOT / "tests" / "engine" / "specs"


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(*argv: str) -> Result:
    """`checker ARGV...` in this process, its stdout and stderr captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return Result(code, out.getvalue(), err.getvalue())


def model(name: str, spec: str, config: str, expect: str, **counts: object) -> str:
    """A [[model]] table (values given as Python: strings are quoted)."""
    lines = ["[[model]]", f'name = "{name}"', f'spec = "{spec}"', f'config = "{config}"']
    lines.append(f'expect = "{expect}"')
    for key, value in counts.items():
        lines.append(f'{key} = "{value}"' if isinstance(value, str) else f"{key} = {value}")
    return "\n".join(lines) + "\n"


def make_repo(tmp_path: Path) -> None:
    """specs/ holds the engine's small specs and Paxos, models/ two Paxos configs;
    manifests go in models/."""
    specs = tmp_path / "specs"
    specs.mkdir()
    for path in ENGINE_SPECS.iterdir():
        shutil.copy(path, specs / path.name)
    shutil.copy(ROOT / "specs" / "Paxos.tla", specs / "Paxos.tla")
    (tmp_path / "models").mkdir()
    for cfg in ("Paxos.cfg", "Paxos_bug_singleton_quorums.cfg"):
        shutil.copy(ROOT / "models" / cfg, tmp_path / "models" / cfg)


def write_manifest(repo: Path, *tables: str, name: str = "manifest.toml") -> Path:
    path = repo / "models" / name
    path.write_text("# a test manifest\n\n" + "\n".join(tables))
    return path


def definition_line(path: Path, name: str) -> int:
    """The line where `name ==` starts a definition in a spec."""
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if line.startswith(f"{name} ==") or line.startswith(f"{name}("):
            return number
    raise AssertionError(f"no definition of {name} in {path}")
