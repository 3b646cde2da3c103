"""Generation-time scopes: what a TLA+ name stands for in generated Python."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from checker.compile.scope import OpBody, names_bound
from checker.ir import expr as ix
from checker.lang import ast

Gen = tuple[str, str]  # (python source, type: "bool" | "int" | "any")


@dataclass
class Inline:
    """A LET operator, a LAMBDA or an operator passed as an argument: inlined where it is
    applied, its body read in `scope` (where it is written)."""

    defn: OpBody
    scope: GScope


@dataclass
class ByNameG:
    """A parameter of an action-level operator: the argument, generated where used (its
    IR, or its source where the action IR's leaves bind it by name, NOTE(outer-names))."""

    expr: ast.Expr | ix.Expr
    scope: GScope


@dataclass
class LazyG:
    """A LET value (NOTE(let-binding)): computed where it is first used, then kept in its
    cell `z<n>` (a one-element list bound where the LET is), never before the guards
    that precede that use, as TLC evaluates it. `code` is its source when it is the same
    wherever it is used (a state-level body); else it is generated at each use."""

    cell: str
    defn: ix.LetDef
    scope: GScope
    code: Gen | None


GLocal = Gen | Inline | ByNameG | LazyG


@dataclass(eq=False)
class GScope:
    """What the names of one region of generated code stand for: IR binders (by
    identity), and names (by their text) for source read here that the lowering gives
    `Outer` references (NOTE(outer-names)): the action IR's leaves, a PROPERTY's
    unrolled `\\A` variables, the generator's own placeholders."""

    module: str
    names: dict[Any, GLocal] = field(default_factory=dict)  # by ix.Binder and by name
    parent: GScope | None = None
    at: str | None = None

    def lookup(self, key: Any) -> GLocal | None:
        """What `key` (a binder, a name, or a key of the generator's own) stands for."""
        s: GScope | None = self
        while s is not None:
            if key in s.names:
                return s.names[key]
            s = s.parent
        return None

    def bind(self, binder: ix.Binder, local: GLocal) -> None:
        """Bind an IR binder, by identity and by its name (source read inside it)."""
        self.names[binder] = local
        self.names[binder.name] = local

    def child(self) -> GScope:
        return GScope(self.module, {}, self, self.at)

    def outer_names(self) -> frozenset[str]:
        """The names bound here and around: the outer names of source read here."""
        return names_bound(self)


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
