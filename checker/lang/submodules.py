"""Submodules: a module written inside another, made a module of its own for INSTANCE.

A submodule sees what its enclosing modules declared and defined before it (SANY's
context), and may extend the submodules written before it. `standalone` gives each
submodule as an ordinary module: the enclosing modules' EXTENDS and earlier units come
first, their definitions and instances made LOCAL (so an instance of the submodule
exports only its own definitions), then the submodule's own. Their constants and
variables become the standalone module's, which an INSTANCE replaces by the same names
of the instantiating module (the enclosing module, or a later submodule of it: the very
declarations the submodule sees), so the meaning is SANY's. What SANY forbids stays
forbidden: `WITH` may replace only the submodule's own constants and variables
(`check_substitutions`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from checker.diagnostics import Note, error
from checker.lang import ast


@dataclass(frozen=True)
class Standalone:
    """A submodule as a module of its own, and the submodules it may extend."""

    module: ast.Module
    original: ast.Module
    visible: tuple[str, ...]


def standalone(root: ast.Module) -> Iterator[Standalone]:
    """Every submodule of `root` (at any depth) as a module of its own, each after the
    submodules it may extend or instantiate (nested ones first, siblings in order)."""
    yield from _within(root, (), (), ())


def _within(
    outer: ast.Module,
    extends: tuple[ast.ModuleRef, ...],
    context: tuple[ast.Unit, ...],
    visible: tuple[str, ...],
) -> Iterator[Standalone]:
    extends = extends + outer.extends
    seen = list(visible)
    for i, unit in enumerate(outer.units):
        if not isinstance(unit, ast.Submodule):
            continue
        sub = unit.module
        seen_units = (_as_context(u) for u in outer.units[:i])
        before = context + tuple(u for u in seen_units if u is not None)
        yield from _within(sub, extends, before, tuple(seen))
        module = ast.Module(sub.span, sub.name, extends + sub.extends, before + sub.units)
        yield Standalone(module, sub, tuple(seen))
        seen.append(sub.name)


def _as_context(u: ast.Unit) -> ast.Unit | None:
    """A unit of an enclosing module, as the standalone submodule sees it."""
    if isinstance(u, (ast.OpDef, ast.FuncDef, ast.Instance)):
        return replace(u, local=True)
    if isinstance(u, (ast.ConstantDecl, ast.VariableDecl, ast.Recursive, ast.Theorem)):
        return u
    return None  # submodules (extended by name), ASSUMEs, refused constructs


def declared(
    name: str, modules: dict[str, ast.Module], originals: dict[str, ast.Module]
) -> set[str]:
    """The constants and variables module `name` declares or extends (for a submodule,
    its own and those of what it extends, not its context's)."""
    out: set[str] = set()
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        module = originals.get(current) or modules.get(current)
        if module is None:
            continue  # a standard module: no constants or variables
        for u in module.units:
            if isinstance(u, (ast.ConstantDecl, ast.VariableDecl)):
                out.add(u.name)
        todo.extend(ref.name for ref in module.extends)
    return out


def check_substitutions(
    modules: tuple[ast.Module, ...],
    files: dict[str, ast.Module],
    originals: dict[str, ast.Module],
) -> None:
    """`INSTANCE Sub WITH c <- e`: c must be Sub's own constant or variable (E210)."""
    for module in modules:
        for node in ast.walk(module.units):
            if not isinstance(node, ast.Instance) or node.module.name not in originals:
                continue
            own = declared(node.module.name, files, originals)
            for s in node.substs:
                if s.name not in own:
                    raise error(
                        "E210",
                        f"submodule `{node.module.name}` has no constant or variable "
                        f"`{s.name}` (the enclosing module's cannot be substituted)",
                        s.span,
                        notes=(Note("the submodule", originals[node.module.name].span),),
                    )
