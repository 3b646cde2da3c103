"""Name lookup in nested local scopes, in time independent of how deeply they nest.

NOTE(deep-scopes): local scopes (the resolver's `Env`, the compiler's `Scope`) form a
chain through their parents, and looking a name up walks the chain; for 100,000 nested
LETs or binders that is quadratic. Scopes are used innermost first: a scope is made from
its parent, used, and given up once a sibling is made. The scopes of one chain share a
`ScopeIndex` holding the scope in use at each depth (`chain`) and, per name, the scopes
that bind it. A lookup from a scope in use asks the index (the binder of the name in use
at or above the scope's depth is one of its ancestors); a lookup from any other scope
walks its parents, as before. A scope replaced in `chain` never returns to it, so the
index forgets such binders when it meets them.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class ScopeIndex:
    """The scopes in use, by depth, and the scopes binding each name."""

    __slots__ = ("binders", "chain")

    def __init__(self) -> None:
        self.chain: list[Nested[Any]] = []
        self.binders: dict[Hashable, list[Nested[Any]]] = {}

    def in_use(self, scope: Nested[Any]) -> bool:
        depth = scope.depth
        return depth < len(self.chain) and self.chain[depth] is scope

    def binder(self, scope: Nested[Any], name: Hashable) -> Nested[Any] | None:
        """The innermost ancestor of `scope` (in use) binding `name`."""
        found = self.binders.get(name)
        if not found:
            return None
        live = [s for s in found if self.in_use(s)]
        if len(live) != len(found):
            self.binders[name] = live
        best: Nested[Any] | None = None
        for s in live:
            if s.depth <= scope.depth and (best is None or s.depth > best.depth):
                best = s
        return best


class Names(dict[Hashable, V]):
    """A scope's own names: binding one records the scope as a binder of the name."""

    __slots__ = ("owner",)

    def __init__(self, owner: Nested[V]) -> None:
        super().__init__()
        self.owner = owner

    def __setitem__(self, name: Hashable, value: V) -> None:
        super().__setitem__(name, value)
        self.owner.index.binders.setdefault(name, []).append(self.owner)


class Nested(Generic[V]):
    """Base of a local scope with `parent` and `names`; call `nest()` once made."""

    parent: Any
    names: dict[Any, V]  # by name (or any key a scope binds: the IR's binders)
    depth: int
    index: ScopeIndex

    def nest(self) -> None:
        parent: Nested[V] | None = self.parent
        if parent is None:
            self.depth, self.index = 0, ScopeIndex()
            self.index.chain.append(self)
        else:
            self.depth, self.index = parent.depth + 1, parent.index
            if self.index.in_use(parent):
                del self.index.chain[self.depth :]
                self.index.chain.append(self)
        given = self.names
        self.names = Names(self)
        for name, value in given.items():
            self.names[name] = value

    def lookup(self, name: Hashable) -> V | None:
        if self.index.in_use(self):
            binder = self.index.binder(self, name)
            return None if binder is None else binder.names[name]
        scope: Nested[V] | None = self
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        return None
