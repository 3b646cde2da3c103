"""How deeply a parsed module nests, checked once so that later passes may recurse.

NOTE(nesting-limit): the parser is iterative (an LALR automaton, operator chains resolved
with a stack, long chains as one node: NOTE(flat-chains)), but the passes after it (name
resolution, INSTANCE expansion, compilation, evaluation, printing) walk the tree
recursively, each with a few Python frames per level. They run on deep threads
(NOTE(deep-recursion) in checker/stack.py), whose recursion budget covers MAX_NESTING
levels at several frames each. So a module nested deeper than MAX_NESTING nodes is
refused here, with E104 at the start of the construct that goes one level too deep;
anything accepted here is within every later pass's reach.

The LALR stack is bounded too (MAX_PARSER_STACK, layout.py), so that a nesting of millions
is refused while it is read, before its tree is built: nesting costs the automaton one to
three stack entries per level (`{` one; `IF`, `LET`, `[x \\in S |->` three).
"""

from __future__ import annotations

from checker.diagnostics import CheckerError, Span, error
from checker.lang import ast

MAX_NESTING = 120_000  # nodes from a unit down to its deepest leaf
MAX_PARSER_STACK = 8 * MAX_NESTING  # LALR stack entries


def check_nesting(module: ast.Module) -> None:
    """Raise E104 if a unit of `module` nests deeper than MAX_NESTING nodes, located at the
    first place in the text that is nested deeper."""
    limit = MAX_NESTING
    first: Span | None = None
    stack: list[tuple[object, int, Span | None]] = [(u, 1, None) for u in module.units]
    while stack:
        node, depth, where = stack.pop()
        if isinstance(node, tuple):
            stack.extend((item, depth, where) for item in node)
            continue
        if not hasattr(node, "__dataclass_fields__") or isinstance(node, Span):
            continue
        span = getattr(node, "span", None)
        where = span if isinstance(span, Span) else where
        if depth > limit:
            assert where is not None, "every unit has a span"
            if first is None or _before(where, first):
                first = where
            continue
        for name in node.__dataclass_fields__:
            if name != "span":
                stack.append((getattr(node, name), depth + 1, where))
    if first is not None:
        raise too_deep(first, f"{limit:,} levels")


def _before(a: Span, b: Span) -> bool:
    return (a.line, a.col) < (b.line, b.col)


def too_deep(where: Span | None, limit: str) -> CheckerError:
    return error(
        "E104",
        "expression nested too deeply",
        where,
        hint=f"the checker accepts up to {limit} of nesting; split the expression into definitions",
    )
