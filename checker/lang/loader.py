"""Load a spec and the user modules it EXTENDS or INSTANCEs.

A module `M` is looked for as `M.tla` beside the spec, then in the checker's own library
(checker/lang/library: minimal versions of the TLAPS proof modules, TLAPS.tla,
NaturalsInduction.tla, ...), as TLC looks beside the spec before its library path; so a
spec may supply its own TLAPS.tla. The standard modules (Naturals, Sequences, ...) are
built in (stdlib.py); of those, the ones TLC finds on its library path (Bags and the
community modules, stdlib.SHADOWABLE) give way to a module of the same name that the
spec supplies beside it or in its file. Last, as TLC does for a "monolith" spec, a module
may be written in the spec's own file after the root module (`---- MODULE Common ----`
... `====`, found by lines as TLC's MonolithSpecExtractor finds it: from the header line
to the next line that starts with `====`); its locations are those of the spec's file.

A module may hold submodules (`---- MODULE Inner ----` ... `====` among its units). Each
is made a module of its own (submodules.py), placed in `library` before its enclosing
module, so that it can be extended by the submodules after it and instantiated like any
module; a submodule may extend the submodules written before it in the same module (or in
the modules enclosing it), found before any file. Submodules, and modules reached only
from them, are not part of the spec: their constants, variables and assumptions are not
the spec's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from checker.diagnostics import Note, SourceFile, Span, error
from checker.inputs import SOURCE_LIMIT, read_limited
from checker.lang import ast
from checker.lang.community import SHADOWABLE
from checker.lang.parser import parse_module
from checker.lang.stdlib import STANDARD, closure, supplied_in_closure
from checker.lang.submodules import check_substitutions, standalone

LIBRARY = Path(__file__).with_name("library")


@dataclass(frozen=True)
class AbstractVariable:
    """NOTE(refinement): a variable of an instantiated module and the expression an
    explicit `WITH x <- e` substitutes for it, as `e` occurs in the expanded definitions
    (found by its span: rewriting keeps it), with the text where the instance's variable
    is in view (the modules instantiated, and those they extend or instantiate): an
    ENABLED written there reads a primed `e` as the fresh variable x', as TLC does."""

    name: str
    expr: ast.Expr
    inside: tuple[Span, ...]

    def covers(self, span: Span) -> bool:
        """Whether `span` lies in the text where the variable is in view."""
        return any(_within(span, outer) for outer in self.inside)


def _within(span: Span, outer: Span) -> bool:
    return (
        span.source is outer.source
        and (span.line, span.col) >= (outer.line, outer.col)
        and (span.end_line, span.end_col) <= (outer.end_line, outer.end_col)
    )


@dataclass(frozen=True)
class LoadedSpec:
    """The root module and the user modules it extends, extended modules first.

    `library` holds every user module loaded (also those only instantiated, or only
    extended by submodules), in an order where a module comes after the modules it
    extends or instantiates; `submodules` the modules written inside modules (any depth),
    as written (`library` has them as modules of their own, submodules.py).
    """

    root: ast.Module
    modules: tuple[ast.Module, ...]
    sources: dict[str, SourceFile]  # module name -> its file (submodules too)
    library: tuple[ast.Module, ...] = ()
    submodules: dict[str, ast.Module] = field(default_factory=dict)
    # the submodules, as modules of their own (in `library`), and the modules they extend:
    # resolved with the spec but not part of it
    for_submodules: frozenset[str] = frozenset()
    # the explicitly substituted variables of every INSTANCE (NOTE(refinement))
    abstract: tuple[AbstractVariable, ...] = ()

    def module(self, name: str) -> ast.Module:
        return next(m for m in (*self.modules, *self.library) if m.name == name)

    def in_spec(self, module: ast.Module) -> bool:
        return any(m is module for m in self.modules)


def read_source(path: str | Path) -> SourceFile:
    """Read a file as UTF-8 text, at most SOURCE_LIMIT bytes (checker/inputs.py); an
    unreadable, too large or non-text file is a diagnostic, a NUL character an E101 at
    its place. A leading byte-order mark is skipped (columns count from after it)."""
    data = read_limited(str(path), SOURCE_LIMIT, "a source file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in data:
            raise error(
                "E100", f"`{path}` is not a text file (it contains NUL bytes)", path=str(path)
            ) from None
        raise error(
            "E100", f"`{path}` is not UTF-8 text (byte {exc.start})", path=str(path)
        ) from None
    if text.startswith("\ufeff"):  # a UTF-8 byte-order mark, as some editors write
        text = text[1:]
    src = SourceFile(str(path), text)
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        col = nul - text.rfind("\n", 0, nul)
        raise error(
            "E101",
            "unexpected character NUL (\\x00): not a text file?",
            Span(src, line, col, line, col + 1),
        )
    return src


def load_spec(path: str | Path) -> LoadedSpec:
    return load_source(read_source(path))


def load_source(src: SourceFile) -> LoadedSpec:
    """Parse `src` and, recursively, the modules it extends or instantiates."""
    root = parse_module(src)
    loader = _Loader(Path(src.path).parent, src)
    loader.visit(root, src, [root.name])
    files = {m.name: m for m in loader.order}
    check_substitutions(tuple(loader.order), files, loader.submodules)
    closure = extends_closure(root, files)
    modules = tuple(m for m in loader.order if m.name in closure)
    subs = [files[name] for name in loader.submodules]
    extended = set().union(*(extends_closure(m, files) for m in subs))
    return LoadedSpec(
        root,
        modules,
        loader.sources,
        tuple(loader.order),
        loader.submodules,
        frozenset(extended - closure),
    )


def extends_closure(module: ast.Module, by_name: dict[str, ast.Module]) -> set[str]:
    """The names of `module` and of the user modules it extends, directly or not."""
    seen = {module.name}
    stack = [module]
    while stack:
        for ref in stack.pop().extends:
            # a standard module of ours may extend one the spec supplies (Functions)
            via = supplied_in_closure([ref.name], by_name) if ref.name in STANDARD else []
            for name in (ref.name, *via):
                if name in by_name and name not in seen:
                    seen.add(name)
                    stack.append(by_name[name])
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


def monolith_module(root: SourceFile, name: str) -> SourceFile | None:
    """Module `name` written in the spec's file after the root module, or None: the
    lines from its header (`----`, `MODULE name`, `----`, alone on a line) to the next
    line starting with `====`, at their own line numbers (the lines before are blank)."""
    lines = root.text.split("\n")
    header = re.compile(r"-{4,}\s*MODULE\s+" + re.escape(name) + r"\s*-{3,}")
    for i, line in enumerate(lines):
        if header.fullmatch(line.rstrip("\r")):
            end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("====")), None)
            body = lines[i:] if end is None else lines[i : end + 1]
            return SourceFile(root.path, "\n" * i + "\n".join(body) + "\n")
    return None


@dataclass
class _Loader:
    directory: Path
    root: SourceFile
    loaded: dict[str, ast.Module] = field(default_factory=dict)
    sources: dict[str, SourceFile] = field(default_factory=dict)
    order: list[ast.Module] = field(default_factory=list)
    submodules: dict[str, ast.Module] = field(default_factory=dict)

    def visit(self, module: ast.Module, src: SourceFile, stack: list[str]) -> None:
        self.register(module, src, self.loaded)
        subs = list(standalone(module))
        for sub in subs:
            self.register(sub.original, src, self.submodules)
        names = {sub.module.name for sub in subs}
        for sub in subs:
            self.dependencies(sub.module, names, stack)
            self.order.append(sub.module)
        self.dependencies(module, names, stack)
        self.order.append(module)

    def dependencies(self, module: ast.Module, subs: set[str], stack: list[str]) -> None:
        for ref, how in dependencies(module):
            if ref.name not in subs:
                self.load(ref, stack, how)

    def supplied(self, name: str) -> bool:
        """Whether the spec supplies its own module `name` for one of ours that it may
        replace (TLC's library path: beside the spec first, or in the spec's file)."""
        if name not in SHADOWABLE:
            return False
        beside = (self.directory / f"{name}.tla").is_file()
        return beside or monolith_module(self.root, name) is not None

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

    def load(self, ref: ast.ModuleRef, stack: list[str], how: str) -> None:
        if ref.name in STANDARD and not self.supplied(ref.name):
            for mod in closure([ref.name]):  # what ours extends, the spec may supply
                for name in mod.extends:
                    if self.supplied(name):
                        self.load(ast.ModuleRef(ref.span, name), stack, how)
            return
        if ref.name in stack:
            cycle = " -> ".join([*stack[stack.index(ref.name) :], ref.name])
            raise error("E209", f"circular {how}: {cycle}", ref.span)
        if ref.name in self.loaded:
            return
        path = find_module(ref.name, self.directory)
        src = read_source(path) if path is not None else monolith_module(self.root, ref.name)
        if src is None:
            raise error(
                "E206",
                f"module `{ref.name}` not found",
                ref.span,
                hint=f"looked for {self.directory / (ref.name + '.tla')}, in the checker's "
                f"library and after the root module in {Path(self.root.path).name}; the "
                "standard modules supported are " + ", ".join(sorted(STANDARD)),
            )
        child = parse_module(src)
        if child.name != ref.name:
            raise error(
                "E206",
                f"`{Path(src.path).name}` holds module `{child.name}`, not `{ref.name}`",
                ref.span,
                notes=(Note("that module's header", child.span),),
            )
        self.visit(child, src, [*stack, child.name])
