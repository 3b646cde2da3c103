"""Generation-time scopes: what a TLA+ name stands for in generated Python."""

from __future__ import annotations

import re
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
class LazyG:
    """A LET value (NOTE(let-binding)): computed where it is first used, then kept in its
    cell `z<n>` (a one-element list bound where the LET is), never before the guards
    that precede that use, as TLC evaluates it. `code` is its source when it is the same
    wherever it is used (a state-level body); else it is generated at each use."""

    cell: str
    defn: ast.OpDef | ast.FuncDef
    scope: GScope
    code: Gen | None


@dataclass
class GScope:
    module: str
    names: dict[str, Gen | Inline | ByNameG | LazyG] = field(default_factory=dict)
    parent: GScope | None = None
    at: str | None = None

    def lookup(self, name: str) -> Gen | Inline | ByNameG | LazyG | None:
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


# Generated locals (bound variables, LET values, label arguments, primed variables), and
# where generated code binds them; used to key memoised LET values (see `memoized`).
# In Init the variables `s<i>` are locals too: its loops enumerate them (`x \in S`),
# whereas in a successor function they hold the state the step starts from.
NAMES = re.compile(r"\b[bqapd]\d+\b")
_INIT_NAMES = re.compile(r"\b[bqapds]\d+\b")
# where generated code binds a name: `for b1 in`, `for (b1, b2) in`, `lambda b1, b2:`
# (not a default `b5=b5`: that captures the enclosing b5, which is read there, as a
# function definition's body made when it is defined), `(b1 := ...)`
_NAME = r"[bqapd]\d+\b(?!\s*=[^=])"
_BINDS = re.compile(
    rf"\bfor\s+\(?({_NAME}(?:,\s*{_NAME})*)|\blambda\s+({_NAME}(?:,\s*{_NAME})*)|\(([bqapd]\d+) :="
)


def free_locals(code: str, init: bool = False) -> set[str]:
    """The generated locals that generated code reads without binding them itself (in
    Init, the variables the enclosing loops enumerate too). Every name generated code
    binds is fresh, so a name bound somewhere in `code` is bound wherever it occurs."""
    names = _INIT_NAMES if init else NAMES
    bound = {n for groups in _BINDS.findall(code) for g in groups for n in names.findall(g)}
    return set(names.findall(code)) - bound
