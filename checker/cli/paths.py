"""Which spec and config a command works on.

`checker check SPEC.tla` uses `SPEC.cfg` beside it, as TLC does. A .cfg may be given
instead of the spec (`checker check models/Paxos.cfg`): its spec is named in a comment
`\\* spec: ../specs/Paxos.tla` (relative to the .cfg), or else is the .tla of the same
name beside it.
"""

from __future__ import annotations

from pathlib import Path

from checker.diagnostics import CheckerError, Diagnostic
from checker.pipeline import read_config


def config_for(spec: str, config: str | None, *, required: bool = True) -> tuple[str, str | None]:
    """(spec path, config path) for the command-line arguments. A spec named without its
    suffix (`checker check Spec`, as TLC takes it) is `Spec.tla` when that file exists."""
    path = Path(spec)
    if not path.suffix and not path.exists() and path.with_suffix(".tla").is_file():
        spec, path = str(path.with_suffix(".tla")), path.with_suffix(".tla")
    if path.suffix == ".cfg":
        if config is not None:
            raise _usage("give either a .cfg as the spec argument or --config, not both")
        return _spec_of_config(path), str(path)
    if config is not None:
        return spec, config
    beside = path.with_suffix(".cfg")
    if beside.is_file():
        return spec, str(beside)
    if required:
        raise CheckerError(
            (
                Diagnostic(
                    "E501",
                    f"no configuration: `{beside}` does not exist",
                    None,
                    hint="pass --config FILE.cfg",
                    path=spec,
                ),
            )
        )
    return spec, None


def _spec_of_config(cfg: Path) -> str:
    parsed = read_config(cfg)
    if parsed.spec_hint is not None:
        candidate = (cfg.parent / parsed.spec_hint).resolve()
        if not candidate.is_file():
            raise CheckerError(
                (
                    Diagnostic(
                        "E501",
                        f"`{cfg}` names the spec `{parsed.spec_hint}`, which does not exist",
                        None,
                        path=str(cfg),
                    ),
                )
            )
        return _relative(candidate)
    beside = cfg.with_suffix(".tla")
    if beside.is_file():
        return str(beside)
    raise CheckerError(
        (
            Diagnostic(
                "E501",
                f"`{cfg}` does not name its spec",
                None,
                hint="add a line `\\* spec: path/to/Spec.tla` to the .cfg, "
                "or give the .tla file with --config",
                path=str(cfg),
            ),
        )
    )


def _relative(p: Path) -> str:
    try:
        return str(p.relative_to(Path.cwd()))
    except ValueError:
        return str(p)


def _usage(message: str) -> CheckerError:
    return CheckerError((Diagnostic("E502", message),))
