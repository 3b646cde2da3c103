"""Load a spec and the user modules it EXTENDS or INSTANCEs (found beside it, as
`Name.tla`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.diagnostics import Note, SourceFile, error
from checker.lang import ast
from checker.lang.parser import parse_module
from checker.lang.stdlib import STANDARD


@dataclass(frozen=True)
class LoadedSpec:
    """The root module and the user modules it extends, extended modules first.

    `library` holds every user module loaded (also those only instantiated), in an order
    where a module comes after the modules it extends or instantiates.
    """

    root: ast.Module
    modules: tuple[ast.Module, ...]
    sources: dict[str, SourceFile]  # module name -> its file
    library: tuple[ast.Module, ...] = ()

    def module(self, name: str) -> ast.Module:
        return next(m for m in (*self.modules, *self.library) if m.name == name)


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
    """Parse `src` and, recursively, the modules it extends or instantiates."""
    root = parse_module(src)
    loaded: dict[str, ast.Module] = {}
    sources: dict[str, SourceFile] = {root.name: src}
    order: list[ast.Module] = []
    directory = Path(src.path).parent
    _visit(root, directory, loaded, sources, order, [root.name])
    closure = extends_closure(root, {m.name: m for m in order})
    modules = tuple(m for m in order if m.name in closure)
    return LoadedSpec(root, modules, sources, tuple(order))


def extends_closure(module: ast.Module, by_name: dict[str, ast.Module]) -> set[str]:
    """The names of `module` and of the user modules it extends, directly or not."""
    seen = {module.name}
    stack = [module]
    while stack:
        for ref in stack.pop().extends:
            if ref.name in by_name and ref.name not in seen:
                seen.add(ref.name)
                stack.append(by_name[ref.name])
    return seen


def dependencies(module: ast.Module) -> list[tuple[ast.ModuleRef, str]]:
    """The modules `module` extends, then those it instantiates (also inside LETs)."""
    deps = [(ref, "EXTENDS") for ref in module.extends]
    for node in ast.walk(module.units):
        if isinstance(node, ast.Instance):
            deps.append((node.module, "INSTANCE"))
    deps.sort(key=lambda d: d[1] != "EXTENDS")  # stable: EXTENDS first, INSTANCEs in order
    return deps


def _visit(
    module: ast.Module,
    directory: Path,
    loaded: dict[str, ast.Module],
    sources: dict[str, SourceFile],
    order: list[ast.Module],
    stack: list[str],
) -> None:
    loaded[module.name] = module
    for ref, how in dependencies(module):
        if ref.name in STANDARD:
            continue
        if ref.name in stack:
            cycle = " -> ".join([*stack[stack.index(ref.name) :], ref.name])
            raise error("E209", f"circular {how}: {cycle}", ref.span)
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
