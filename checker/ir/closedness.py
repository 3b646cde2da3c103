"""Which IR expressions are closed: they read no binder bound outside them and nothing
their consumer counts as open (a variable, a prime, something impure, ...).

NOTE(closedness): a backend that computes closed sub-expressions once, at load time (the
code generator's constant folding), asks the question at every level of an expression.
Walking the whole sub-tree each time is quadratic in the depth; here every node's answer
is computed once, bottom-up and without recursion (deep specs), from its children's:
its free binders are those its children read (a `Local`, a call of a LET operator) less
those it binds itself (a quantifier's, a LET's, a LAMBDA's), and it is open if it or a
child is. The answer does not depend on where the expression is read: a free binder is
one the expression cannot be evaluated without. Nodes are remembered with their answer
(kept alive, so an id is never reused for another node).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from checker.ir import expr as ix

Info = tuple[bool, frozenset[ix.Binder]]  # (open, free binders)
_NO_BINDERS: frozenset[ix.Binder] = frozenset()
_SKIP = frozenset({"span", "src", "target", "symbol", "binder", "binders"})


class Closedness:
    """`closed(e)`: `e` has no free binder and no node for which `opens(node)` holds."""

    def __init__(self, opens: Callable[[object], bool]) -> None:
        self.opens = opens
        self._memo: dict[int, tuple[object, Info]] = {}

    def closed(self, e: ix.Expr) -> bool:
        opened, free = self.info(e)
        return not opened and not free

    def info(self, root: object) -> Info:
        memo = self._memo
        found = memo.get(id(root))
        if found is not None:
            return found[1]
        stack: list[tuple[object, bool]] = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if id(node) in memo:
                continue
            kids = _children(node)
            if not expanded:
                stack.append((node, True))
                stack.extend((k, False) for k in kids if id(k) not in memo)
                continue
            opened = self.opens(node)
            free = set(_reads(node))
            for k in kids:
                k_open, k_free = memo[id(k)][1]
                opened = opened or k_open
                free.update(k_free)
            free.difference_update(_binds(node))
            memo[id(node)] = (node, (opened, frozenset(free) if free else _NO_BINDERS))
        return memo[id(root)][1]


def _children(node: object) -> list[object]:
    if isinstance(node, (tuple, list)):
        return [x for x in node if isinstance(x, (tuple, list)) or _is_node(x)]
    if isinstance(node, ix.Lit) or not _is_node(node):
        return []
    fields = node.__dataclass_fields__  # type: ignore[attr-defined]
    out: list[object] = []
    for f in fields:
        if f in _SKIP or (f == "params" and isinstance(node, ix.Lambda)):
            continue
        x = getattr(node, f)
        if isinstance(x, (tuple, list)) or _is_node(x):
            out.append(x)
    return out


def _is_node(x: object) -> bool:
    return hasattr(x, "__dataclass_fields__") and not isinstance(x, ix.Binder)


def _reads(node: object) -> Iterable[ix.Binder]:
    """The binders `node` itself reads."""
    if isinstance(node, ix.Local):
        return (node.binder,)
    if isinstance(node, (ix.Call, ix.OpName)) and isinstance(node.target, ix.LocalOp):
        return (node.target.binder,)
    return ()


def _binds(node: object) -> Iterable[ix.Binder]:
    """The binders `node` itself binds, for its children."""
    if isinstance(node, (ix.Quant, ix.SetMap, ix.FuncCons)):
        return [x for b in node.bounds for x in b.binders]
    if isinstance(node, (ix.Choose, ix.SetFilter)):
        return node.bound.binders
    if isinstance(node, ix.Let):
        return [d.binder for d in node.defs]
    if isinstance(node, ix.LetDef):
        bound = [node.binder, *(p.binder for p in node.params)]
        return bound + [x for b in node.bounds or () for x in b.binders]
    if isinstance(node, ix.Lambda):
        return node.params
    return ()
