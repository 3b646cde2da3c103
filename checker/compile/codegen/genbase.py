"""What the generator mixins share: the generated source, and the `gen` entry points."""

from __future__ import annotations

import re

from checker.compile import natives
from checker.compile.codegen.scopes import Gen, GScope, free_locals
from checker.compile.codegen.source import Source
from checker.compile.context import Context
from checker.ir import expr as ix
from checker.lang import ast
from checker.values import Value

_LOOPS = re.compile(r"\bfor\b")
# what a value the same in every state never reads: variables (primed too), LET cells,
# per-step memo dicts, the generated function's own arguments, and the operators that
# print or depend on the run's seed
_PER_STATE = re.compile(
    r"\b(?:[spzm]\d+|state|nxt|out|"
    + "|".join(sorted(natives.helper_name(n) for n in natives.IMPURE))
    + r")\b"
)


class GenBase:
    """Declared here, defined in ExprGen (exprgen.py)."""

    ctx: Context
    src: Source
    unroll_factor: int  # product of the sizes of the quantifiers being unrolled
    walrus: bool  # NOTE(let-binding): bind with `:=` rather than a lambda call
    const_bound: set[str]  # locals bound by a `for` over a constant set (memo keys)
    unkeyed: set[str]  # locals never used as memo keys (a recursive function's own)
    mode: str  # "state" | "action" | "init"
    loops: list[set[str]]  # set by ActionGen: locals bound by enclosing `for`s
    nesting: int  # expressions being generated, one inside the other
    memo_decls: list[str] | None  # set by ActionGen: a step's memos and cells
    sorted_cells: dict[str, str]  # NOTE(sorted-variable): a variable -> its sorted cell

    def bind(self, names: list[str], values: list[str], code: str) -> str:
        """`code` with each of `names` bound to the value of the matching `values` item,
        evaluated first, in order (NOTE(let-binding))."""
        if not self.walrus:
            return f"(lambda {', '.join(names)}: {code})({', '.join(values)})"
        binds = " and ".join(f"({n} := {v}) is {n}" for n, v in zip(names, values, strict=True))
        return f"({binds} and {code})"

    def value(self, v: Value) -> Gen:
        raise NotImplementedError

    def ir(self, e: ast.Expr | ix.Expr, scope: GScope) -> ix.Expr:
        raise NotImplementedError

    def gen(
        self, e: ast.Expr | ix.Expr, scope: GScope, primed: bool, assigned: frozenset[int]
    ) -> Gen:
        raise NotImplementedError

    def boolean(
        self, e: ast.Expr | ix.Expr, scope: GScope, primed: bool, assigned: frozenset[int]
    ) -> str:
        raise NotImplementedError

    def const_value(self, name: str) -> Value:
        raise NotImplementedError

    def closed(self, e: ix.Expr) -> bool:
        raise NotImplementedError

    def binary(self, op: str, a: Gen, b: Gen) -> Gen:
        raise NotImplementedError

    def invariant(self, code: str, min_scans: int = 1) -> str:
        raise NotImplementedError

    def state_free(self, code: str) -> bool:
        """Whether `code` has one value in every state: it reads no variable (primed or
        not), LET cell, per-step memo or argument of the step function, not TLCGet("level")
        (a constant cell that the search updates) and calls nothing impure."""
        if _PER_STATE.search(code):
            return False
        level = self.src.known(self.ctx.level_cell)
        return level is None or re.search(rf"\b{level}\b", code) is None

    def across_states(self, code: str) -> str:
        """NOTE(state-free-memo): a set built by a loop that reads no variable, no LET value
        and no generated local but those of loops over constant sets is the same in every
        state (PBFT's messages a Byzantine replica may send, per replica): computed once per
        combination of those locals for the whole search, in a dict that the generated
        function holds as a constant of its own, instead of once per state. Values are
        pure, and keys drawn from constant sets never hold both TRUE and 1 (NOTE(bool-int));
        an exception stores nothing (the step reruns with the closures, as before)."""
        if self.mode == "init" or not _LOOPS.search(code) or not self.state_free(code):
            return code
        free = sorted(free_locals(code))
        if not free or not all(n in self.const_bound for n in free):
            return code
        memo = self.src.const({})
        key = free[0] if len(free) == 1 else f"({''.join(n + ', ' for n in free)})"
        return f"({memo}[{key}] if {key} in {memo} else {memo}.setdefault({key}, {code}))"

    def unique_key(self, free: list[str]) -> bool:
        """NOTE(unique-memo-key): a memo made for one step for an action's own LET, keyed
        by variables of every `for` open in a successor function and by nothing else,
        never meets a key twice (each loop takes each element of its domain, a set, once,
        and the LET is evaluated once for each): the value's cell (made where it stays the
        same, NOTE(cell-level)) is all the reuse there is, and the memo's lookups and
        stores are pure cost (PaxosCommit's three LET values of Phase2a, under `\\E rm,
        bal, MS`, each looked up and stored 12 times a step for nothing)."""
        if self.mode != "action" or not self.loops or not free:
            return False
        names = set(free)
        if not names <= set().union(*self.loops):
            return False  # a local of a comprehension, an inlined argument, a LET value
        return all(loop & names for loop in self.loops)
