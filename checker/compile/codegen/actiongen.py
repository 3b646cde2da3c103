"""Generate the successor function (Next) or the initial-state function (Init).

The generated code walks the same IR (checker.ir) as the closure compiler (action.py),
lowered once by it, but the bookkeeping happens at generation time: which variables a
path has already assigned is known statically, so `x' = e` becomes an assignment
`p3 = e` on paths where x' is still free and a test `if p3 == e:` where it is not; `\\E`
over an action becomes a `for` loop in canonical order; a disjunction becomes
consecutive blocks; the continuation of a conjunction is emitted inside the block of
what precedes it. The labels (action sites) are the IR's, so both backends label steps
alike.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from checker import ir
from checker.compile.action import ActionCompiler
from checker.compile.codegen.cells import LoopCells
from checker.compile.codegen.exprgen import ExprGen
from checker.compile.codegen.scopes import NAMES, ByNameG, GScope, Inline, LazyG, free_locals
from checker.compile.codegen.source import NotGeneratable, Source
from checker.compile.context import Context
from checker.ir import expr as ix
from checker.lang import ast, printer
from checker.values import Interval, Value, canon_sorted

FORALL_UNROLL = 64  # `\\A` over an action is unrolled over at most this many elements
Cont = Callable[[frozenset[int], str], None]  # emits the rest, given (assigned, label)
# `label` is the last label set on the path (what emit records); a leaf whose IR node has
# a label sets it, as the closure compiler's leaves do (NOTE(labels) in checker/ir/nodes.py).


def _set(label: str, site: int | None) -> str:
    """The label after a leaf that sets `site` (None: leaves it)."""
    return label if site is None else f"({site}, ())"


class ActionGen:
    def __init__(
        self, ctx: Context, src: Source, closure: ActionCompiler, walrus: bool = True
    ) -> None:
        self.ctx = ctx
        self.src = src
        self.init = closure.init
        self.closure = closure
        self.eg = ExprGen(ctx, src, "init" if self.init else "action", walrus)
        self.target = "s" if self.init else "p"
        self.nvars = ctx.nvars
        self.loops: list[set[str]] = []  # the locals bound by each `for` block open
        self.group_cells: dict[tuple[str, str], str] = {}  # NOTE(field-groups)
        self.eg.loops = self.loops  # shared: quantifiers in guards are memoised too
        self.cells = LoopCells(src, self.eg, self.loops, self.init)  # NOTE(cell-level)

    def function(self, name: str, body: ast.Expr, module: str) -> None:
        lowered = self.closure.lower(body, module)  # the closures' IR, so the same sites
        header = f"def {name}(out):" if self.init else f"def {name}(state, out):"
        with self.src.block(header):
            if not self.init and self.nvars:
                self.src.line(f"{''.join(f's{i}, ' for i in range(self.nvars))}= state")
            top = len(self.src.lines)
            self.eg.memo_decls = []
            self.eg.sorted_cells = {}  # NOTE(sorted-variable)
            self.group_cells = {}
            root = f"({lowered.site}, ())"
            self.stmt(lowered.root, GScope(module), frozenset(), self.emit, root)
            if len(self.src.lines) == top:  # nothing can happen (a model of constants only)
                self.src.line("pass")
            indent = "    " * self.src.depth
            self.src.lines[top:top] = [indent + m for m in self.eg.memo_decls]

    def emit(self, assigned: frozenset[int], label: str) -> None:
        if len(assigned) < self.nvars:
            self.src.line(f"{self.src.helper('FAIL')}()")  # undetermined: closures say which
            return
        values = "".join(f"{self.target}{i}, " for i in range(self.nvars))
        if self.init:
            self.src.line(f"out.append(({values}))")
        else:
            self.src.line(f"out.append(({label}, ({values})))")

    # -- structure ----------------------------------------------------------------------

    def stmt(
        self, node: ir.Node, scope: GScope, assigned: frozenset[int], k: Cont, label: str
    ) -> None:
        if isinstance(node, ir.Conj):
            self.conjunction(node.items, 0, scope, assigned, k, label)
        elif isinstance(node, ir.Disj):
            for item in node.items:
                self.stmt(item, scope, assigned, k, label)
        elif isinstance(node, ir.Exists):
            self.exists(node, scope, assigned, k, label)
        elif isinstance(node, ir.IfThen):
            cond = self.eg.boolean(node.cond, scope, False, assigned)
            with self.src.block(f"if {cond}:"):
                self.stmt(node.then, scope, assigned, k, label)
            with self.src.block("else:"):
                self.stmt(node.else_, scope, assigned, k, label)
        elif isinstance(node, ir.Case):
            self.case(node, scope, assigned, k, label)
        elif isinstance(node, ir.Let):
            assert isinstance(node.expr, ast.Let)
            self.stmt(node.body, self.let(node.expr, scope, assigned), assigned, k, label)
        elif isinstance(node, ir.Call):
            self.definition(node, scope, assigned, k, label)
        elif isinstance(node, ir.Arg):
            _, where = self.follow(node.expr, scope)  # a parameter standing for an action
            self.stmt(node.body, where, assigned, k, label)
        elif isinstance(node, ir.Forall):
            self.forall(node, scope, assigned, k, label)
        elif isinstance(node, ir.Implies):  # the steps of the action where P holds, else a step
            cond = self.eg.boolean(node.cond, scope, False, assigned)
            with self.src.block(f"if {cond}:"):
                self.stmt(node.then, scope, assigned, k, label)
            with self.src.block("else:"):
                k(assigned, _set(label, node.label))
        elif isinstance(node, ir.Angle):
            self.angle(node, scope, assigned, k, label)
        elif isinstance(node, ir.Compose):
            self.compose(node, scope, assigned, k, label)
        elif isinstance(node, ir.Guard):
            self.guard(node.expr, scope, assigned, k, _set(label, node.label))
        else:
            self.leaf(node, scope, assigned, k, label)

    def conjunction(
        self,
        items: tuple[ir.Node, ...],
        i: int,
        scope: GScope,
        assigned: frozenset[int],
        k: Cont,
        label: str,
    ) -> None:
        if i == len(items):
            k(assigned, label)
            return

        def rest(a: frozenset[int], lbl: str) -> None:
            self.conjunction(items, i + 1, scope, a, k, lbl)

        self.stmt(items[i], scope, assigned, rest, label)

    def exists(
        self, node: ir.Exists, scope: GScope, assigned: frozenset[int], k: Cont, label: str
    ) -> None:
        e = node.expr
        assert isinstance(e, ast.Quant)
        # its body is the action IR, whose leaves read the variables by name (NOTE(outer-names))
        bounds = self.ctx.lowerer.lower_bounds(e.bounds, scope.module, scope.outer_names())
        clauses, inner, _, hoisted = self.eg.binders(bounds, scope, False, assigned, True, e.body)
        for q, value in hoisted:
            self.src.line(f"{q} = {value}")
        depth, loops = self.src.depth, len(self.loops)
        for clause in _split_fors(clauses):
            found = _FOR.match(clause)
            if found is None:
                raise NotGeneratable("unexpected binder clause")
            iterable = found[2]
            if len(bounds) == 1 and len(bounds[0].binders) == 1 and not bounds[0].is_tuple:
                iterable = self.field_group(node.body, bounds[0].binders[0].name, iterable, scope)
            self.src.line(f"for {found[1]} in {self.eg.invariant(iterable)}:")
            self.src.depth += 1
            self.cells.open_loop(set(NAMES.findall(found[1])))
        self.stmt(node.body, inner, assigned, k, label)
        self.src.depth = depth
        self.cells.close_loops(loops)

    def field_group(self, body: ir.Node, name: str, iterable: str, scope: GScope) -> str:
        """NOTE(field-groups): `\\E m \\in msgs : m.f = "c" /\\ ...` in a successor function,
        where msgs is the same for the whole step: the loop runs over the elements whose
        field f is "c" only, in their order, from groups made once per step (MultiPaxos
        scans its whole message set for one message type in each action, for each
        replica). The groups read f in every element, as the loop's first test does, so
        an element without it raises either way; where some f is not a string, every
        group is the whole set (the loop then tests each element as before)."""
        test = _first_test(body)
        if test is None or self.eg.memo_decls is None or free_locals(iterable):
            return iterable
        field, const = _field_equals(test, name)
        if field is None or const is None:
            return iterable
        h = self.src.helper
        key = (iterable, field)
        cell = self.group_cells.get(key)
        if cell is None:
            cell = self.group_cells[key] = self.src.fresh("z")
            self.eg.memo_decls.append(f"{cell} = [{h('LAZY')}]")
        made = f"{h('FIELD_GROUPS')}({iterable}, {self.src.const(field)})"
        groups = self.eg.cell_read(cell, made)
        return f"{h('GROUP')}({groups}, {self.src.const(const)})"

    def case(
        self, node: ir.Case, scope: GScope, assigned: frozenset[int], k: Cont, label: str
    ) -> None:
        for i, (cond, body) in enumerate(node.arms):
            test = self.eg.boolean(cond, scope, False, assigned)
            with self.src.block(f"{'if' if i == 0 else 'elif'} {test}:"):
                self.stmt(body, scope, assigned, k, label)
        with self.src.block("else:"):
            if node.other is None:
                self.src.line(f"{self.src.helper('CASE_FAIL')}()")
            else:
                self.stmt(node.other, scope, assigned, k, label)

    def let(self, e: ast.Let, scope: GScope, assigned: frozenset[int]) -> GScope:
        """LET values are computed where first used (NOTE(let-binding)): the guards
        before that use may be what makes them defined (`LET m == Head(q) IN q # <<>> /\\ ..`)."""
        inner = scope.child()
        defs = self.ctx.lowerer.lower_let_defs(e.defs, scope.module, scope.outer_names())
        cells = self.eg.let_defs(defs, inner, False, assigned, statement=True)
        codes = {v.cell: v.code for v in inner.names.values() if isinstance(v, LazyG)}
        for cell in cells:
            code = codes[cell]
            self.cells.make(cell, None if code is None else code[0])
        return inner

    def forall(
        self, node: ir.Forall, scope: GScope, assigned: frozenset[int], k: Cont, label: str
    ) -> None:
        """`\\A i \\in S : A(i)` over a constant S: A(i1) /\\ A(i2) /\\ ... in canonical
        order, unrolled (as action_forms.forall chains them at run time); over a computed
        S, a test where it can assign nothing more."""
        names: list[str] = []
        pools: list[list[Value]] = []
        for b in node.bounds:
            value = self.eg.fold(b.domain, scope, False) if b.domain is not None else None
            if value is None or b.is_tuple or not value[0].startswith("k"):
                self.test_only(node, scope, assigned, k, label)
                return
            elements = self.eg.const_value(value[0])
            if type(elements) is Interval and elements.cardinality() <= FORALL_UNROLL:
                elements = elements.materialize()
            if type(elements) is not frozenset or len(elements) > FORALL_UNROLL:
                raise NotGeneratable("\\A over an action with a large domain")
            for n in b.names:
                names.append(n)
                pools.append(list(canon_sorted(elements)))
        combos = list(itertools.product(*pools))
        if len(combos) > FORALL_UNROLL:
            raise NotGeneratable("\\A over an action with a large domain")

        def chain(i: int, a: frozenset[int], lbl: str) -> None:
            if i == len(combos):
                k(a, lbl if combos else _set(lbl, node.label))
                return
            inner = scope.child()
            for n, v in zip(names, combos[i], strict=True):
                inner.names[n] = self.eg.value(v)
            self.stmt(node.body, inner, a, lambda a2, l2: chain(i + 1, a2, l2), lbl)

        chain(0, assigned, label)

    def test_only(
        self, node: ir.Forall, scope: GScope, assigned: frozenset[int], k: Cont, label: str
    ) -> None:
        """`\\A` over an action that assigns nothing more on this path (every variable it
        reads has its value already: no FAIL in its code) is a test with TLA+'s value."""
        cond = self.eg.boolean(node.expr, scope, False, assigned)
        if f"{self.src.helper('FAIL')}(" in cond:
            raise NotGeneratable("\\A over an action with a computed domain")
        self.guard(node.expr, scope, assigned, k, _set(label, node.label))

    def angle(
        self, node: ir.Angle, scope: GScope, assigned: frozenset[int], k: Cont, label: str
    ) -> None:
        """`<<A>>_v`: the steps of A that change v."""

        def changed(a: frozenset[int], lbl: str) -> None:
            nxt = self.eg.gen(node.sub, scope, True, a)[0]
            now = self.eg.gen(node.sub, scope, False, a)[0]
            with self.src.block(f"if {self.src.helper('NE')}({nxt}, {now}):"):
                k(a, lbl)

        self.stmt(node.action, scope, assigned, changed, label)

    def compose(
        self, node: ir.Compose, scope: GScope, assigned: frozenset[int], k: Cont, label: str
    ) -> None:
        """NOTE(compose-gen): `A \\cdot B` as action_forms.compose computes it: each step
        s -A-> t, then each step t -B-> u, is the step s -> u. The state's locals `s<i>`
        hold t while B's code runs (its primed locals `p<i>` start unassigned), s again
        while the continuation's runs, and s and t again after B's code. A prime given a
        value before, or one A leaves without a value, reruns the step with the closures,
        which raise E106 or E406. Per-step memos (NOTE(loop-invariant), NOTE(state-memo),
        NOTE(sorted-variable)) assume one state per call: they are off inside B."""
        if self.init:
            raise NotGeneratable("\\cdot in the initial predicate")
        if assigned:  # the closures raise E106
            self.src.line(f"{self.src.helper('FAIL')}()")
            return
        n = self.nvars
        now = [f"s{i}" for i in range(n)]
        nxt = [f"p{i}" for i in range(n)]

        def tup(names: list[str]) -> str:
            return "".join(f"{x}, " for x in names)

        def after_first(a: frozenset[int], lbl: str) -> None:
            if len(a) < n:  # the closures raise E406
                self.src.line(f"{self.src.helper('FAIL')}()")
                return
            s_kept = [self.src.fresh("c") for _ in range(n)]
            t_kept = [self.src.fresh("c") for _ in range(n)]
            self.src.line(f"{tup(s_kept)}= {tup(now)}")
            self.src.line(f"{tup(t_kept)}= {tup(nxt)}")
            self.src.line(f"{tup(now)}= {tup(t_kept)}")

            def after_second(a2: frozenset[int], lbl2: str) -> None:
                self.src.line(f"{tup(now)}= {tup(s_kept)}")
                k(a2, _set(lbl2, node.label))
                self.src.line(f"{tup(now)}= {tup(t_kept)}")

            memos = self.eg.memo_decls
            self.eg.memo_decls = None
            try:
                self.stmt(node.second, scope, frozenset(), after_second, lbl)
            finally:
                self.eg.memo_decls = memos
            self.src.line(f"{tup(now)}= {tup(s_kept)}")
            self.src.line(f"{tup(nxt)}= {tup(t_kept)}")

        self.stmt(node.first, scope, assigned, after_first, label)

    # -- definitions --------------------------------------------------------------------

    def definition(
        self, node: ir.Call, scope: GScope, assigned: frozenset[int], k: Cont, label: str
    ) -> None:
        d = node.defn
        inner = self.definition_scope(node, scope).child()
        for p, a in zip(d.params, node.args, strict=True):
            if p.arity:  # the operator passed (defgen.py)
                inner.names[p.name] = self.eg.operator_argument(a, p.arity, scope)
            else:  # TLA+ substitutes arguments (ByName)
                inner.names[p.name] = ByNameG(a, scope)
        if node.site is not None:
            values = []
            args = [a for p, a in zip(d.params, node.args, strict=True) if not p.arity]
            for a, action in zip(args, node.arg_actions, strict=True):
                if action:  # `x'` has no value yet: the label shows its text (a constant)
                    values.append(self.src.const(ir.Unevaluated(printer.show(a))))
                    continue
                q = self.src.fresh("a")
                self.src.line(f"{q} = {self.eg.gen(a, scope, False, assigned)[0]}")
                values.append(q)
            label = f"({node.site}, ({''.join(v + ', ' for v in values)}))"
        probes = self.ctx.probes
        if probes is None:
            self.stmt(node.body, inner, assigned, k, label)
            return
        # NOTE(profile-probes): the closures' probe of this call (keyed by the IR node)
        root = "init" if self.init else "next"
        index = probes.probe(id(node), "action", d.name, node.expr.span, root, d.span)
        # counted, and timed one application in probes.every (NOTE(profile-sampling))
        calls, seconds = self.src.const(probes.calls), self.src.const(probes.seconds)
        clock, t, c = self.src.const(probes.clock), self.src.fresh("t"), self.src.fresh("c")
        self.src.line(f"{c} = {calls}[{index}] = {calls}[{index}] + 1")
        self.src.line(f"{t} = {clock}() if {c} & {probes.mask} == {probes.phase} else None")
        probes.stack.append(index)
        self.stmt(node.body, inner, assigned, k, label)
        probes.stack.pop()
        with self.src.block(f"if {t} is not None:"):
            self.src.line(f"{seconds}[{index}] += {clock}() - {t}")

    def definition_scope(self, node: ir.Call, scope: GScope) -> GScope:
        if not node.local:
            return GScope(node.module)
        e = node.expr
        assert isinstance(e, (ast.Name, ast.Apply))
        local = scope.lookup(e.name)
        if not isinstance(local, Inline):
            raise NotGeneratable("a local operator passed as an argument, in an action")
        return local.scope

    # -- leaves -------------------------------------------------------------------------

    def leaf(
        self, node: ir.Node, scope: GScope, assigned: frozenset[int], k: Cont, label: str
    ) -> None:
        if isinstance(node, (ir.Assign, ir.AssignIn)):
            label = _set(label, node.label)  # NOTE(labels)
            fresh = isinstance(node, ir.AssignIn) and node.var not in assigned
            loop = self.eg.init_filter(node.value, scope) if fresh else None
            if loop is not None:
                self.filter_loop(node.var, loop, assigned, k, label)
                return
            value = self.eg.gen(node.value, scope, False, assigned)[0]
            if isinstance(node, ir.Assign):
                self.assign(node.var, value, assigned, k, label)
            else:
                self.choose(node.var, value, assigned, k, label)
        elif isinstance(node, ir.Unchanged):
            self.unchanged(list(node.vars), 0, assigned, k, _set(label, node.label))
        else:
            raise NotGeneratable(f"{type(node).__name__} in an action")

    def assign(self, i: int, value: str, assigned: frozenset[int], k: Cont, label: str) -> None:
        var = f"{self.target}{i}"
        if i in assigned:
            with self.src.block(f"if {self.src.helper('EQ')}({var}, {value}):"):
                k(assigned, label)
            return
        if _concrete(value):
            self.src.line(f"{var} = {value}")
        else:
            self.src.line(f"{var} = {self.src.helper('NORMAL')}({value})")
        k(assigned | {i}, label)

    def choose(self, i: int, value: str, assigned: frozenset[int], k: Cont, label: str) -> None:
        var = f"{self.target}{i}"
        h = self.src.helper
        if i in assigned:
            with self.src.block(f"if {h('MEMBER')}({var}, {value}):"):
                k(assigned, label)
            return
        with self.src.block(f"for {var} in {h('CANON')}({value}):"):
            self.cells.open_loop({var})
            k(assigned | {i}, label)
            self.cells.close_loop()

    def filter_loop(
        self, i: int, loop: tuple[str, str, str], assigned: frozenset[int], k: Cont, label: str
    ) -> None:
        """`x \\in {y \\in S : P}` in Init as a loop over S testing P (`init_filter`)."""
        var = f"{self.target}{i}"
        x, dom, test = loop
        header = f"for {x} in {self.src.helper('CANON')}({dom}):"
        with self.src.block(header), self.src.block(f"if {test}:"):
            self.src.line(f"{var} = {x}")
            self.cells.open_loop({var, x})
            k(assigned | {i}, label)
            self.cells.close_loop()

    def unchanged(
        self, variables: list[int], j: int, assigned: frozenset[int], k: Cont, label: str
    ) -> None:
        if j == len(variables):
            k(assigned, label)
            return
        i = variables[j]

        def rest(a: frozenset[int], lbl: str) -> None:
            self.unchanged(variables, j + 1, a, k, lbl)

        self.assign(i, f"s{i}", assigned, rest, label)

    def guard(
        self, e: ast.Expr, scope: GScope, assigned: frozenset[int], k: Cont, label: str
    ) -> None:
        cond = self.eg.boolean(e, scope, False, assigned)
        cond = self.cells.invariant_guard(self.eg.invariant(cond))
        if cond == "True":
            k(assigned, label)
        elif cond != "False":
            with self.src.block(f"if {cond}:"):
                k(assigned, label)

    # -- targets ------------------------------------------------------------------------

    def follow(self, e: ast.Expr | ix.Expr, scope: GScope) -> tuple[ast.Expr | ix.Expr, GScope]:
        while isinstance(e, ast.Name):
            local = scope.lookup(e.name)
            if not isinstance(local, ByNameG):
                break
            e, scope = local.expr, local.scope
        return e, scope


def _first_test(body: ir.Node) -> ast.Expr | None:
    """The first conjunct of an action's body when it is a test (NOTE(field-groups))."""
    while isinstance(body, ir.Conj) and body.items:
        body = body.items[0]
    if not isinstance(body, ir.Guard):
        return None
    e = body.expr
    while isinstance(e, ast.And) and e.items:
        e = e.items[0]
    return e


def _field_equals(e: ast.Expr, name: str) -> tuple[str | None, str | None]:
    """(f, c) where `e` is `name.f = "c"` or `"c" = name.f`."""
    if not (isinstance(e, ast.OpExpr) and e.op == "=" and len(e.args) == 2):
        return None, None
    for a, b in (e.args, e.args[::-1]):
        if (
            isinstance(a, ast.FieldAccess)
            and isinstance(a.expr, ast.Name)
            and a.expr.name == name
            and isinstance(b, ast.Str)
        ):
            return a.name, b.value
    return None, None


_FOR = re.compile(r"for (\w+|\([\w, ]+\)) in (.+)", re.DOTALL)
_EXCEPT1_OF_STATE = re.compile(r"EXCEPT1\(s\d+, ")
_EXCEPT_AT = re.compile(r"\((\w+) if \(q\d+ := AT\(")  # NOTE(except-at), as EXCEPT( below


def _concrete(code: str) -> bool:
    """Values that are never lazy sets or functions (no need to materialise them)."""
    if code.isidentifier() and code[0] == "s" and code[1:].isdigit():
        return True
    if _EXCEPT1_OF_STATE.match(code) or _EXCEPT_AT.match(code):  # never lazy, as EXCEPT(
        return True
    return code.startswith(
        ("UNION(", "FCN(", "EXCEPT(", "frozenset(", "SET_OF(", "INTER(", "DIFF(")
    )


def _split_fors(clauses: str) -> list[str]:
    """`for a in X for b in Y` -> ["for a in X", "for b in Y"] (top-level `for`s only)."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(clauses):
        ch = clauses[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and clauses.startswith(" for ", i):
            parts.append(clauses[start:i].strip())
            start = i + 1
        i += 1
    parts.append(clauses[start:].strip())
    return parts
