"""The operators of the modules declared in checker/lang/community.py, evaluated natively.

Each is `fn(span, *args)`: values, and for an operator parameter (`Test(_)`, `op(_, _)`)
a Python callable applying it (checker/compile/builtins.py builds those).
"""

from __future__ import annotations

import functools
from typing import Any

from checker.compile.natives import (
    bags,
    digraphs,
    functions,
    graphs,
    misc,
    randomness,
    seqext,
    setsext,
    svg,
)
from checker.compile.natives.common import Native
from checker.lang.community import DECLARATIONS

NATIVES: dict[str, Native] = {
    **bags.NATIVES,
    **functions.NATIVES,
    **setsext.NATIVES,
    **seqext.NATIVES,
    **graphs.NATIVES,
    **misc.NATIVES,
    **svg.NATIVES,
    **digraphs.NATIVES,
    "FoldSeq": functions.fold_function,
}

# infix operators: (a, b, span), as checker/compile/operators.py's BINARY
INFIX = {**bags.INFIX, **misc.INFIX}

# operators with a side effect (printing) or whose value depends on the run's seed: never
# computed ahead as constants by generated code
IMPURE = frozenset({"AssertEq", "RandomElement", *randomness.SEEDED})


# the operators without operator parameters: generated code calls them (`helpers`)
def native_key(module: str, name: str) -> str:
    """The key of a module's operator among NATIVES: `Module!Name` where two modules
    give one name different meanings (Graphs' directed `Path`, UndirectedGraphs'),
    else the name."""
    qualified = f"{module}!{name}"
    return qualified if qualified in NATIVES else name


FIRST_ORDER = frozenset(
    native_key(module, name)
    for module, operators, _, _ in DECLARATIONS
    for name, ar in operators.items()
    if not any(ar) and native_key(module, name) in NATIVES
)
INFIX_HELPERS = {
    "\\oplus": "BAG_CUP",
    "\\ominus": "BAG_DIFF",
    "\\sqsubseteq": "BAG_SUBSETEQ",
    "&": "BIT_AND",
    "|": "BIT_OR",
    "^^": "BIT_XOR",
}


def helper_name(key: str) -> str:
    return "NATIVE_" + key.replace("!", "_")


def helpers() -> dict[str, Any]:
    """What generated code calls (checker/compile/codegen/runtime.py): each first-order
    operator and each infix one, without a location (an error reruns the closures,
    which locate it)."""
    out: dict[str, Any] = {
        helper_name(n): functools.partial(NATIVES[n], None) for n in sorted(FIRST_ORDER)
    }
    for op, name in INFIX_HELPERS.items():
        out[name] = functools.partial(_infix, INFIX[op])
    return out


def _infix(fn: Any, a: Any, b: Any) -> Any:
    return fn(a, b, None)


__all__ = [
    "FIRST_ORDER",
    "IMPURE",
    "INFIX",
    "INFIX_HELPERS",
    "NATIVES",
    "Native",
    "helpers",
    "native_key",
]
