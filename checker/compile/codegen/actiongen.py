"""Generate the successor function (Next) or the initial-state function (Init).

The generated code has the structure of the closure compiler's (action.py) but the
bookkeeping happens at generation time: which variables a path has already assigned is
known statically, so `x' = e` becomes an assignment `p3 = e` on paths where x' is still
free and a test `if p3 == e:` where it is not; `\\E` over an action becomes a `for`
loop in canonical order; a disjunction becomes consecutive blocks; the continuation of
a conjunction is emitted inside the block of what precedes it. The labels (action
sites) are numbered by the closure compiler, so both backends label steps alike.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

from checker.compile.action import ActionCompiler, Unevaluated
from checker.compile.codegen.exprgen import ExprGen
from checker.compile.codegen.scopes import NAMES, ByNameG, GScope, Inline
from checker.compile.codegen.source import NotGeneratable, Source
from checker.compile.context import Context
from checker.compile.scope import Scope
from checker.lang import ast, printer
from checker.lang.resolve import ACTION, STATE
from checker.values import Interval, Value, canon_sorted

FORALL_UNROLL = 64  # `\\A` over an action is unrolled over at most this many elements
Cont = Callable[[frozenset[int], str], None]  # emits the rest, given (assigned, label)
# NOTE(labels): `label` is the last label set on the path (what emit records), `site` the
# label of the path's inline disjunct; on a path no definition named, every leaf re-sets
# the label to `site`, exactly as the closure compiler's leaves do (action.py).


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
        self.inlining: list[int] = []
        self.loops: list[set[str]] = []  # the locals bound by each `for` block open
        self.eg.loops = self.loops  # shared: quantifiers in guards are memoised too

    def function(self, name: str, body: ast.Expr, module: str) -> None:
        site = self.closure.inline_site(body)
        header = f"def {name}(out):" if self.init else f"def {name}(state, out):"
        with self.src.block(header):
            if not self.init and self.nvars:
                self.src.line(f"{''.join(f's{i}, ' for i in range(self.nvars))}= state")
            top = len(self.src.lines)
            self.eg.memo_decls = []
            root = f"({site}, ())"
            self.stmt(body, GScope(module), frozenset(), self.emit, root, False, root)
            indent = "    " * self.src.depth
            self.src.lines[top:top] = [f"{indent}{m} = {{}}" for m in self.eg.memo_decls]

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
        self,
        e: ast.Expr,
        scope: GScope,
        assigned: frozenset[int],
        k: Cont,
        label: str,
        named: bool,
        site: str,
    ) -> None:
        if not self.is_action(e, scope):
            self.guard(e, scope, assigned, k, label, named, site)
        elif isinstance(e, ast.And):
            self.conjunction(e.items, 0, scope, assigned, k, label, named, site)
        elif isinstance(e, ast.Or):
            for item in e.items:
                item_site = site if named else f"({self.closure.inline_site(item)}, ())"
                self.stmt(item, scope, assigned, k, label if named else item_site, named, item_site)
        elif isinstance(e, ast.Quant) and e.kind == "E":
            self.exists(e, scope, assigned, k, label, named, site)
        elif isinstance(e, ast.Quant):
            self.forall(e, scope, assigned, k, label, named, site)
        elif isinstance(e, ast.If):
            cond = self.eg.boolean(e.cond, scope, False, assigned)
            with self.src.block(f"if {cond}:"):
                self.stmt(e.then, scope, assigned, k, label, named, site)
            with self.src.block("else:"):
                self.stmt(e.else_, scope, assigned, k, label, named, site)
        elif isinstance(e, ast.Case):
            self.case(e, scope, assigned, k, label, named, site)
        elif isinstance(e, ast.Let):
            self.stmt(e.body, self.let(e, scope, assigned), assigned, k, label, named, site)
        elif isinstance(e, ast.ActionBox) and not e.angle:
            stutter = ast.OpExpr(e.span, "UNCHANGED", (e.sub,))
            self.stmt(ast.Or(e.span, (e.action, stutter)), scope, assigned, k, label, named, site)
        elif isinstance(e, ast.ActionBox):
            self.angle(e, scope, assigned, k, label, named, site)
        elif isinstance(e, ast.Name) and isinstance(scope.lookup(e.name), ByNameG):
            target, where = self.follow(e, scope)  # a parameter standing for an action
            self.stmt(target, where, assigned, k, label, named, site)
        elif isinstance(e, (ast.Name, ast.Apply)):
            self.definition(e, scope, assigned, k, label, named, site)
        elif isinstance(e, ast.OpExpr):
            self.leaf(e, scope, assigned, k, label, named, site)
        else:
            self.guard(e, scope, assigned, k, label, named, site)

    def conjunction(
        self,
        items: tuple[ast.Expr, ...],
        i: int,
        scope: GScope,
        assigned: frozenset[int],
        k: Cont,
        label: str,
        named: bool,
        site: str,
    ) -> None:
        if i == len(items):
            k(assigned, label)
            return

        def rest(a: frozenset[int], lbl: str) -> None:
            self.conjunction(items, i + 1, scope, a, k, lbl, named, site)

        self.stmt(items[i], scope, assigned, rest, label, named, site)

    def exists(
        self,
        e: ast.Quant,
        scope: GScope,
        assigned: frozenset[int],
        k: Cont,
        label: str,
        named: bool,
        site: str,
    ) -> None:
        clauses, inner, _, hoisted = self.eg.binders(e.bounds, scope, False, assigned, True, e.body)
        for q, value in hoisted:
            self.src.line(f"{q} = {value}")
        depth, loops = self.src.depth, len(self.loops)
        for clause in _split_fors(clauses):
            found = _FOR.match(clause)
            if found is None:
                raise NotGeneratable("unexpected binder clause")
            self.src.line(f"for {found[1]} in {self.eg.invariant(found[2])}:")
            self.src.depth += 1
            self.loops.append(set(NAMES.findall(found[1])))
        self.stmt(e.body, inner, assigned, k, label, named, site)
        self.src.depth = depth
        del self.loops[loops:]

    def forall(
        self,
        e: ast.Quant,
        scope: GScope,
        assigned: frozenset[int],
        k: Cont,
        label: str,
        named: bool,
        site: str,
    ) -> None:
        """`\\A i \\in S : A(i)` over a constant S: A(i1) /\\ A(i2) /\\ ... in canonical
        order, unrolled (as action_forms.forall chains them at run time)."""
        names: list[str] = []
        pools: list[list[Value]] = []
        for b in e.bounds:
            value = self.eg.fold(b.domain, scope, False) if b.domain is not None else None
            if value is None or b.is_tuple or type(value[0]) is not str:
                self.test_only(e, scope, assigned, k, label, named, site)
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
                k(a, lbl if named else site)  # NOTE(labels)
                return
            inner = scope.child()
            for n, v in zip(names, combos[i], strict=True):
                inner.names[n] = self.eg.value(v)
            self.stmt(e.body, inner, a, lambda a2, l2: chain(i + 1, a2, l2), lbl, named, site)

        chain(0, assigned, label)

    def test_only(
        self,
        e: ast.Expr,
        scope: GScope,
        assigned: frozenset[int],
        k: Cont,
        label: str,
        named: bool,
        site: str,
    ) -> None:
        """An action form that assigns nothing more on this path (every variable it reads
        has its value already: no FAIL in its code) is a test, its value TLA+'s."""
        cond = self.eg.boolean(e, scope, False, assigned)
        if f"{self.src.helper('FAIL')}(" in cond:
            raise NotGeneratable("\\A over an action with a computed domain")
        self.guard(e, scope, assigned, k, label, named, site)

    def angle(
        self,
        e: ast.ActionBox,
        scope: GScope,
        assigned: frozenset[int],
        k: Cont,
        label: str,
        named: bool,
        site: str,
    ) -> None:
        """`<<A>>_v`: the steps of A that change v."""

        def changed(a: frozenset[int], lbl: str) -> None:
            nxt = self.eg.gen(e.sub, scope, True, a)[0]
            now = self.eg.gen(e.sub, scope, False, a)[0]
            with self.src.block(f"if {self.src.helper('NE')}({nxt}, {now}):"):
                k(a, lbl)

        self.stmt(e.action, scope, assigned, changed, label, named, site)

    def case(
        self,
        e: ast.Case,
        scope: GScope,
        assigned: frozenset[int],
        k: Cont,
        label: str,
        named: bool,
        site: str,
    ) -> None:
        for i, (cond, body) in enumerate(e.arms):
            test = self.eg.boolean(cond, scope, False, assigned)
            with self.src.block(f"{'if' if i == 0 else 'elif'} {test}:"):
                self.stmt(body, scope, assigned, k, label, named, site)
        with self.src.block("else:"):
            if e.other is None:
                self.src.line(f"{self.src.helper('CASE_FAIL')}()")
            else:
                self.stmt(e.other, scope, assigned, k, label, named, site)

    def let(self, e: ast.Let, scope: GScope, assigned: frozenset[int]) -> GScope:
        r"""LET values are computed where first used (NOTE(let-binding)): the guards
        before that use may be what makes them defined (`LET m == Head(q) IN q # <<>> /\ ..`)."""
        if any(not isinstance(d, ast.OpDef) for d in e.defs):
            raise NotGeneratable("LET function or RECURSIVE in an action")
        inner = scope.child()
        for cell in self.eg.let_defs(e.defs, inner, False, assigned):
            self.src.line(f"{cell} = [{self.src.helper('LAZY')}]")
        return inner

    # -- definitions --------------------------------------------------------------------

    def definition(
        self,
        e: ast.Name | ast.Apply,
        scope: GScope,
        assigned: frozenset[int],
        k: Cont,
        label: str,
        named: bool,
        site: str,
    ) -> None:
        args = e.args if isinstance(e, ast.Apply) else ()
        found = self.find(e.name, scope)
        if found is None:
            self.guard(e, scope, assigned, k, label, named, site)
            return
        d, def_scope = found
        if any(p.arity for p in d.params) or id(d) in self.inlining:
            raise NotGeneratable("operator parameters or recursion in an action")
        inner = def_scope.child()
        for p, a in zip(d.params, args, strict=True):
            inner.names[p.name] = ByNameG(a, scope)
        self.inlining.append(id(d))
        try:
            if named or self.init:
                self.stmt(d.body, inner, assigned, k, label, named, site)
                return
            number = self.closure.named_site(d, Scope(def_scope.module))
            values = []
            for a in args:
                if self.is_action(a, scope):  # shown as written (action.py _label_argument)
                    values.append(self.src.const(Unevaluated(printer.show(a))))
                    continue
                q = self.src.fresh("a")
                self.src.line(f"{q} = {self.eg.gen(a, scope, False, assigned)[0]}")
                values.append(q)
            entered = f"({number}, ({''.join(v + ', ' for v in values)}))"
            self.stmt(d.body, inner, assigned, k, entered, True, site)
        finally:
            self.inlining.pop()

    def find(self, name: str, scope: GScope) -> tuple[ast.OpDef, GScope] | None:
        local = scope.lookup(name)
        if isinstance(local, Inline):
            return local.defn, local.scope
        if local is not None:
            return None
        sym = self.ctx.symbol(scope.module, name)
        if sym.kind == "definition" and isinstance(sym.unit, ast.OpDef):
            return sym.unit, GScope(sym.module)
        return None

    # -- leaves -------------------------------------------------------------------------

    def leaf(
        self,
        e: ast.OpExpr,
        scope: GScope,
        assigned: frozenset[int],
        k: Cont,
        label: str,
        named: bool,
        site: str,
    ) -> None:
        label = label if named else site  # NOTE(labels)
        if e.op in ("=", "\\in"):
            target = self.target_variable(e.args[0], scope)
            if target is not None:
                value = self.eg.gen(e.args[1], scope, False, assigned)[0]
                if e.op == "=":
                    self.assign(target, value, assigned, k, label)
                else:
                    self.choose(target, value, assigned, k, label)
                return
        if e.op == "UNCHANGED" and not self.init:
            variables = self.unchanged_variables(e.args[0], scope)
            if variables is not None:
                self.unchanged(variables, 0, assigned, k, label)
                return
        if e.op == "=>":  # the steps of the action when the condition holds, else a step
            cond = self.eg.boolean(e.args[0], scope, False, assigned)
            with self.src.block(f"if {cond}:"):
                self.stmt(e.args[1], scope, assigned, k, label, named, site)
            with self.src.block("else:"):
                k(assigned, label)
            return
        self.guard(e, scope, assigned, k, label, named, site)

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
            self.loops.append({var})
            k(assigned | {i}, label)
            self.loops.pop()

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
        self,
        e: ast.Expr,
        scope: GScope,
        assigned: frozenset[int],
        k: Cont,
        label: str,
        named: bool,
        site: str,
    ) -> None:
        label = label if named else site  # NOTE(labels)
        cond = self.eg.boolean(e, scope, False, assigned)
        cond = self.eg.invariant(cond)
        if cond == "True":
            k(assigned, label)
        elif cond != "False":
            with self.src.block(f"if {cond}:"):
                k(assigned, label)

    # -- targets ------------------------------------------------------------------------

    def follow(self, e: ast.Expr, scope: GScope) -> tuple[ast.Expr, GScope]:
        while isinstance(e, ast.Name):
            local = scope.lookup(e.name)
            if not isinstance(local, ByNameG):
                break
            e, scope = local.expr, local.scope
        return e, scope

    def target_variable(self, lhs: ast.Expr, scope: GScope) -> int | None:
        if not self.init:
            lhs, scope = self.follow(lhs, scope)  # a parameter whose argument is `x'`
            if not (isinstance(lhs, ast.OpExpr) and lhs.op == "'"):
                return None
            lhs = lhs.args[0]
        lhs, scope = self.follow(lhs, scope)
        if not isinstance(lhs, ast.Name) or scope.lookup(lhs.name) is not None:
            return None
        sym = self.ctx.symbol(scope.module, lhs.name)
        return self.ctx.var_index[lhs.name] if sym.kind == "variable" else None

    def unchanged_variables(self, target: ast.Expr, scope: GScope) -> list[int] | None:
        target, scope = self.follow(target, scope)
        if isinstance(target, ast.Tuple):
            out: list[int] = []
            for item in target.items:
                inner = self.unchanged_variables(item, scope)
                if inner is None:
                    return None
                out.extend(inner)
            return out
        if isinstance(target, ast.Name) and scope.lookup(target.name) is None:
            sym = self.ctx.symbol(scope.module, target.name)
            if sym.kind == "variable":
                return [self.ctx.var_index[target.name]]
            if sym.kind == "definition" and isinstance(sym.unit, ast.OpDef) and not sym.unit.params:
                return self.unchanged_variables(sym.unit.body, GScope(sym.module))
        return None

    def is_action(self, e: ast.Expr, scope: GScope) -> bool:
        stack: list[tuple[Any, GScope]] = [(e, scope)]
        while stack:
            node, sc = stack.pop()
            if isinstance(node, ast.OpExpr) and node.op in ("'", "UNCHANGED") and not self.init:
                return True
            if isinstance(node, ast.ActionBox):
                return True
            if isinstance(node, (ast.Name, ast.Apply)) and self.name_is_target(node.name, sc):
                return True
            if isinstance(node, (list, tuple)):
                stack.extend((x, sc) for x in node)
            elif hasattr(node, "__dataclass_fields__"):
                stack.extend(
                    (getattr(node, f), sc) for f in node.__dataclass_fields__ if f != "span"
                )
        return False

    def name_is_target(self, name: str, scope: GScope) -> bool:
        local = scope.lookup(name)
        if isinstance(local, ByNameG):
            return self.is_action(local.expr, local.scope)
        if local is not None:
            return isinstance(local, Inline)
        sym = self.ctx.resolved.symbol(scope.module, name)
        if sym is None:
            return False
        if sym.kind == "variable":
            return self.init
        if sym.kind == "definition":
            level = self.ctx.resolved.level(sym, STATE)
            return level >= (STATE if self.init else ACTION)
        return False


_FOR = re.compile(r"for (\w+|\([\w, ]+\)) in (.+)", re.DOTALL)
_EXCEPT1_OF_STATE = re.compile(r"EXCEPT1\(s\d+, ")


def _concrete(code: str) -> bool:
    """Values that are never lazy sets or functions (no need to materialise them)."""
    if code.isidentifier() and code[0] == "s" and code[1:].isdigit():
        return True
    if _EXCEPT1_OF_STATE.match(code):  # a state variable's value is never lazy
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
