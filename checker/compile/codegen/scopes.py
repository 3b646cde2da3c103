"""Generation-time scopes: what a TLA+ name stands for in generated Python."""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.lang import ast

Gen = tuple[str, str]  # (python source, type: "bool" | "int" | "any")


@dataclass
class Inline:
    """A LET operator, inlined where it is applied."""

    defn: ast.OpDef
    scope: GScope


@dataclass
class ByNameG:
    """A parameter of an action-level operator: the argument, generated where used."""

    expr: ast.Expr
    scope: GScope


@dataclass
class GScope:
    module: str
    names: dict[str, Gen | Inline | ByNameG] = field(default_factory=dict)
    parent: GScope | None = None
    at: str | None = None

    def lookup(self, name: str) -> Gen | Inline | ByNameG | None:
        s: GScope | None = self
        while s is not None:
            if name in s.names:
                return s.names[name]
            s = s.parent
        return None

    def child(self) -> GScope:
        return GScope(self.module, {}, self, self.at)


def _simple(code: str) -> bool:
    """Cheap to evaluate again: a name, a constant or a literal."""
    return code.isidentifier() or code.lstrip("-").isdigit() or code in ("True", "False")
