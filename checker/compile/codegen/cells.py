"""Where generated successor code makes a cell (NOTE(cell-level)): the loops open at the
point being generated, each with the line where its body starts, and cells placed at the
top of the body of the loop binding what they read.

NOTE(cell-level): a LET value's cell is made where the value stays the same: at the top
of the body of the innermost open loop that binds a local its code reads, or once per
step where it reads none, instead of at each iteration of the loops inside. PBFT's
`LET v == view[i] IN ...` under `\\E n \\in SeqNum, d \\in Request` was a new cell, and
view[i] computed again, for each (n, d). The value is still computed at its first use,
after the guards before it (NOTE(let-binding)); a later iteration reads it instead of
computing it again: the same value, as it depends on nothing else (generated code is pure,
`sharable`). Not in Init, not inside the second action of `\\cdot` (one state per call: no
per-step memo), and not where the code reads a local that no open loop binds (a label
argument, a primed variable): the cell is made where the LET is then. A guard reading only
variables of loops outside the innermost gets a cell the same way.
"""

from __future__ import annotations

from checker.compile.codegen.exprgen import ExprGen, sharable
from checker.compile.codegen.scopes import free_locals
from checker.compile.codegen.source import Source


class LoopCells:
    def __init__(self, src: Source, eg: ExprGen, loops: list[set[str]], init: bool) -> None:
        self.src = src
        self.eg = eg
        self.loops = loops  # the action generator's: the locals each open `for` binds
        self.bodies: list[tuple[int, int]] = []  # each one's body: (first line, depth)
        self.init = init

    def close_loops(self, keep: int) -> None:
        """Close every loop opened after the first `keep`."""
        del self.loops[keep:]
        del self.bodies[keep:]

    def open_loop(self, names: set[str]) -> None:
        """A `for` block just opened (its header written) that binds `names`."""
        self.loops.append(names)
        self.bodies.append((len(self.src.lines), self.src.depth))

    def close_loop(self) -> None:
        self.loops.pop()
        self.bodies.pop()

    def make(self, cell: str, code: str | None) -> None:
        """Make `cell` (a LET value's, computed by `code`; None: generated at each use)
        where its value stays the same (NOTE(cell-level))."""
        line = f"{cell} = [{self.src.helper('LAZY')}]"
        level = self.level(code)
        if level is None:
            self.src.line(line)
        elif level < 0:
            assert self.eg.memo_decls is not None
            self.eg.memo_decls.append(line)
        else:
            index, depth = self.bodies[level]
            self.src.insert(index, depth, line)
            self.bodies[level + 1 :] = [(i + 1, d) for i, d in self.bodies[level + 1 :]]

    def level(self, code: str | None) -> int | None:
        """Where a cell for `code` is made (NOTE(cell-level)): the index of an open loop,
        -1 for the step's top, None for here."""
        if code is None or self.init or self.eg.memo_decls is None or not sharable(code):
            return None
        free = free_locals(code)
        if any(n[0] == "p" for n in free) or not free <= set().union(*self.loops):
            return None
        level = max((j for j, names in enumerate(self.loops) if names & free), default=-1)
        return None if level == len(self.loops) - 1 else level

    def invariant_guard(self, cond: str) -> str:
        """`cond` read from a cell where its locals are all bound by loops outside the
        innermost (PBFT's `i # Primary(view[i])` under `\\E n, d`), computed at its
        first test, where it was (NOTE(cell-level))."""
        if "(" not in cond or cond.startswith(("(m", "m")):  # a name, or a memo already
            return cond
        level = self.level(cond)
        if level is None:
            return cond
        cell = self.src.fresh("z")
        self.make(cell, cond)
        return self.eg.cell_read(cell, cond)
