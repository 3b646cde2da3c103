"""Load a spec and the user modules it EXTENDS or INSTANCEs.

A module `M` is looked for as `M.tla` beside the spec, then in the checker's own library
(checker/lang/library: minimal versions of the TLAPS proof modules, TLAPS.tla,
NaturalsInduction.tla, ...), as TLC looks beside the spec before its library path; so a
spec may supply its own TLAPS.tla. The standard modules (Naturals, Sequences, ...) are
built in (stdlib.py).

A module may hold submodules (`---- MODULE Inner ----` ... `====` among its units). A
submodule may extend the submodules written before it in the same module (or in the
modules enclosing it), found before any file. Modules reached only from submodules are
loaded for them but are not part of the spec: their constants, variables and assumptions
are not the spec's. INSTANCE of a submodule, and INSTANCE inside one, are refused (E106).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from checker.diagnostics import Note, SourceFile, error
from checker.lang import ast
from checker.lang.parser import parse_module
from checker.lang.stdlib import STANDARD

LIBRARY = Path(__file__).with_name("library")


@dataclass(frozen=True)
class LoadedSpec:
    """The root module and the user modules it extends, extended modules first.

    `library` holds every user module loaded (also those only instantiated, or only
    extended by submodules), in an order where a module comes after the modules it
    extends or instantiates; `submodules` the modules written inside modules (any depth).
    """

    root: ast.Module
    modules: tuple[ast.Module, ...]
    sources: dict[str, SourceFile]  # module name -> its file (submodules too)
    library: tuple[ast.Module, ...] = ()
    submodules: dict[str, ast.Module] = field(default_factory=dict)
    # the modules of `library` that submodules extend (directly or not): resolved with the
    # spec, as submodules are, but not part of it
    for_submodules: frozenset[str] = frozenset()

    def module(self, name: str) -> ast.Module:
        return next(m for m in (*self.modules, *self.library) if m.name == name)

    def in_spec(self, module: ast.Module) -> bool:
        return any(m is module for m in self.modules)


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
    loader = _Loader(Path(src.path).parent)
    loader.visit(root, src, [root.name])
    files = {m.name: m for m in loader.order}
    closure = extends_closure(root, files)
    modules = tuple(m for m in loader.order if m.name in closure)
    by_name = files | loader.submodules
    extended = set().union(*(extends_closure(s, by_name) for s in loader.submodules.values()))
    for_subs = frozenset(extended & files.keys() - closure)
    return LoadedSpec(
        root, modules, loader.sources, tuple(loader.order), loader.submodules, for_subs
    )


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
    """The modules `module` extends, then those it instantiates (also inside LETs; not
    those of its submodules)."""
    deps = [(ref, "EXTENDS") for ref in module.extends]
    units = [u for u in module.units if not isinstance(u, ast.Submodule)]
    for node in ast.walk(units):
        if isinstance(node, ast.Instance):
            deps.append((node.module, "INSTANCE"))
    deps.sort(key=lambda d: d[1] != "EXTENDS")  # stable: EXTENDS first, INSTANCEs in order
    return deps


def find_module(name: str, directory: Path) -> Path | None:
    """`name.tla` beside the spec, else in the checker's library."""
    for folder in (directory, LIBRARY):
        path = folder / f"{name}.tla"
        if path.is_file():
            return path
    return None


def submodules_of(module: ast.Module) -> Iterator[tuple[ast.Module, tuple[str, ...]]]:
    """Each submodule of `module` (at any depth) with the submodule names it may extend:
    those written before it in its module and in the modules enclosing it."""
    stack: list[tuple[ast.Module, tuple[str, ...]]] = [(module, ())]
    while stack:
        outer, visible = stack.pop()
        seen = list(visible)
        for unit in outer.units:
            if isinstance(unit, ast.Submodule):
                yield unit.module, tuple(seen)
                stack.append((unit.module, tuple(seen)))
                seen.append(unit.module.name)


def _no_instances(module: ast.Module, submodules: dict[str, ast.Module]) -> None:
    """Refuse what needs INSTANCE of, or inside, a submodule (not supported yet)."""
    for node in ast.walk(module.units):
        if isinstance(node, ast.Instance) and node.module.name in submodules:
            raise error(
                "E106",
                f"INSTANCE of the submodule `{node.module.name}` is not supported",
                node.span,
                hint="write the submodule as a module of its own file",
            )
    for sub in submodules.values():
        inner = next(
            (n for n in ast.walk(sub.units) if isinstance(n, (ast.Instance, ast.InstanceRef))),
            None,
        )
        if inner is not None:
            raise error(
                "E106",
                f"INSTANCE inside the submodule `{sub.name}` is not supported",
                inner.span,
                hint="write the submodule as a module of its own file",
            )


@dataclass
class _Loader:
    directory: Path
    loaded: dict[str, ast.Module] = field(default_factory=dict)
    sources: dict[str, SourceFile] = field(default_factory=dict)
    order: list[ast.Module] = field(default_factory=list)
    submodules: dict[str, ast.Module] = field(default_factory=dict)

    def visit(self, module: ast.Module, src: SourceFile, stack: list[str]) -> None:
        self.register(module, src, self.loaded)
        subs = list(submodules_of(module))
        for sub, _ in subs:
            self.register(sub, src, self.submodules)
        if subs:
            _no_instances(module, {s.name: s for s, _ in subs})
        for sub, visible in subs:
            self.load(sub.extends, visible, stack, "EXTENDS")
        for ref, how in dependencies(module):
            self.load((ref,), (), stack, how)
        self.order.append(module)

    def register(self, module: ast.Module, src: SourceFile, into: dict[str, ast.Module]) -> None:
        old = self.loaded.get(module.name) or self.submodules.get(module.name)
        if old is not None:
            raise error(
                "E203",
                f"module `{module.name}` is defined twice",
                module.span,
                notes=(Note("also defined here", old.span),),
                hint="the modules of a spec, submodules included, need distinct names",
            )
        into[module.name] = module
        self.sources[module.name] = src

    def load(
        self,
        refs: tuple[ast.ModuleRef, ...],
        visible: tuple[str, ...],
        stack: list[str],
        how: str,
    ) -> None:
        for ref in refs:
            if ref.name in STANDARD or ref.name in visible:
                continue
            if ref.name in stack:
                cycle = " -> ".join([*stack[stack.index(ref.name) :], ref.name])
                raise error("E209", f"circular {how}: {cycle}", ref.span)
            if ref.name in self.loaded:
                continue
            path = find_module(ref.name, self.directory)
            if path is None:
                raise error(
                    "E206",
                    f"module `{ref.name}` not found",
                    ref.span,
                    hint=f"looked for {self.directory / (ref.name + '.tla')} and in the "
                    "checker's library; the standard modules supported are "
                    + ", ".join(sorted(STANDARD)),
                )
            src = read_source(path)
            child = parse_module(src)
            if child.name != ref.name:
                raise error(
                    "E206",
                    f"`{path.name}` holds module `{child.name}`, not `{ref.name}`",
                    ref.span,
                    notes=(Note("that module's header", child.span),),
                )
            self.visit(child, src, [*stack, child.name])
