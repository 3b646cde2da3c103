"""Load a spec and the user modules it EXTENDS (found beside it, as `Name.tla`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.diagnostics import Note, SourceFile, error
from checker.lang import ast
from checker.lang.parser import parse_module
from checker.lang.stdlib import STANDARD


@dataclass(frozen=True)
class LoadedSpec:
    """The root module and the user modules it extends, extended modules first."""

    root: ast.Module
    modules: tuple[ast.Module, ...]
    sources: dict[str, SourceFile]  # module name -> its file

    def module(self, name: str) -> ast.Module:
        return next(m for m in self.modules if m.name == name)


def read_source(path: str | Path) -> SourceFile:
    """Read a file as UTF-8 text; an unreadable or non-text file is a diagnostic."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise error(
            "E501", f"cannot read `{path}`: {exc.strerror or exc}", path=str(path)
        ) from None
    if b"\x00" in data:
        raise error("E100", f"`{path}` is not a text file (it contains NUL bytes)", path=str(path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(
            "E100", f"`{path}` is not UTF-8 text (byte {exc.start})", path=str(path)
        ) from None
    if text.startswith("\ufeff"):  # a UTF-8 byte-order mark, as some editors write
        text = text[1:]
    return SourceFile(str(path), text)


def load_spec(path: str | Path) -> LoadedSpec:
    return load_source(read_source(path))


def load_source(src: SourceFile) -> LoadedSpec:
    """Parse `src` and, recursively, the modules it extends."""
    root = parse_module(src)
    loaded: dict[str, ast.Module] = {}
    sources: dict[str, SourceFile] = {root.name: src}
    order: list[ast.Module] = []
    directory = Path(src.path).parent
    _visit(root, directory, loaded, sources, order, [root.name])
    return LoadedSpec(root, tuple(order), sources)


def _visit(
    module: ast.Module,
    directory: Path,
    loaded: dict[str, ast.Module],
    sources: dict[str, SourceFile],
    order: list[ast.Module],
    stack: list[str],
) -> None:
    loaded[module.name] = module
    for ref in module.extends:
        if ref.name in STANDARD:
            continue
        if ref.name in stack:
            cycle = " -> ".join([*stack[stack.index(ref.name) :], ref.name])
            raise error("E209", f"circular EXTENDS: {cycle}", ref.span)
        if ref.name in loaded:
            continue
        child_path = directory / f"{ref.name}.tla"
        if not child_path.is_file():
            raise error(
                "E206",
                f"module `{ref.name}` not found",
                ref.span,
                hint=f"looked for {child_path}; the standard modules supported are "
                + ", ".join(sorted(STANDARD)),
            )
        src = read_source(child_path)
        child = parse_module(src)
        if child.name != ref.name:
            raise error(
                "E206",
                f"`{child_path.name}` holds module `{child.name}`, not `{ref.name}`",
                ref.span,
                notes=(Note("that module's header", child.span),),
            )
        sources[child.name] = src
        _visit(child, directory, loaded, sources, order, [*stack, child.name])
    order.append(module)
