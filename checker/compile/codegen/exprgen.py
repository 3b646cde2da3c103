"""Generate Python expressions for TLA+ expressions.

`gen(e, scope, primed, assigned)` returns (source, type) where type is "bool", "int" or
"any" (what the value is known to be, so checks can be skipped). Closed sub-expressions
are evaluated once (by the closure compiler) and become constants; user operators are
inlined, by substitution when their arguments are simple, else through a lambda;
quantifiers and set builders become Python generator expressions, using a field index
where the closure evaluator would (index.py). Anything else raises NotGeneratable: the
whole function then stays with the closure evaluator.

The generator walks the expression IR, as the closures do (NOTE(expression-ir) in
checker/ir/expr.py): source given to `gen` (the action IR's leaves, a predicate's body)
is lowered once per place with the names its scope binds as outer names
(NOTE(outer-names)); a binder is found by identity, and by its name for such source.
"""

from __future__ import annotations

import re
from typing import Any

from checker.compile import natives
from checker.compile.codegen.datagen import DataGen
from checker.compile.codegen.defgen import DefGen, RecursionFound
from checker.compile.codegen.opgen import OpGen
from checker.compile.codegen.scopes import (
    ByNameG,
    Gen,
    GLocal,
    GScope,
    Inline,
    LazyG,
    _simple,
    free_locals,
)
from checker.compile.codegen.source import NotGeneratable, Source, literal
from checker.compile.context import Context
from checker.compile.errors import EvalError
from checker.compile.expr import ExprCompiler, action_level
from checker.compile.scope import OpBody, Scope
from checker.ir import expr as ix
from checker.ir.closedness import Closedness
from checker.lang import ast
from checker.lang.optable import STANDARD_OPS
from checker.lang.resolve import ACTION, CONSTANT, STATE, Symbol
from checker.values import Value

IMPURE_OPERATORS = frozenset(
    {
        "Print",
        "PrintT",
        "Assert",
        "JavaTime",
        "TLCGet",
        "TLCSet",
        "TLCGetOrDefault",
        "TLCGetAndSet",
        "RandomElement",
        "Any",
        "SelectSeq",
        "SortSeq",
    }
    | natives.IMPURE
)
_IMPURE_CALLS = re.compile(
    r"\b(?:" + "|".join(sorted(natives.helper_name(n) for n in natives.IMPURE)) + r")\b"
)


def sharable(code: str) -> bool:
    """Whether a definition's code may be computed once per state: it calls nothing
    impure (NOTE(predicate-bits))."""
    return _IMPURE_CALLS.search(code) is None


_BUILTIN_CALLS = {
    "Len": ("LEN", "int"),
    "Append": ("APPEND", "any"),
    "Head": ("HEAD", "any"),
    "Tail": ("TAIL", "any"),
    "SubSeq": ("SUBSEQ", "any"),
    "Seq": ("SEQSET", "any"),
    "Cardinality": ("CARD", "int"),
    "TLCEval": ("", "any"),
}
_ITERATES = re.compile(r"\bfor\b|FILTER_IDX|CANDS")
_SCANS = re.compile(r"\bfor\b|FILTER_IDX|CANDS|EXISTS_IDX")
# Python's parser refuses more than 200 nested parentheses: an expression nested deeper
# than MAX_NESTING, or a chain `a + b + ...` (nested calls) longer than MAX_CHAIN (opgen),
# keeps the closures; deciding it early keeps generation linear in a deeply nested expression.
MAX_NESTING = 150


class ExprGen(DefGen, DataGen, OpGen):
    def __init__(self, ctx: Context, src: Source, mode: str, walrus: bool = True) -> None:
        self.ctx = ctx
        self.src = src
        self.walrus = walrus
        self.mode = mode  # "state" | "action" | "init"
        self.closure = ExprCompiler(ctx, "state")
        self.closedness = Closedness(self.opens)  # NOTE(closedness)
        self.inlining: list[Any] = []
        self.unroll_factor = 1
        self.memo_decls: list[str] | None = None  # set by ActionGen: a step's memos and cells
        self.sorted_cells: dict[str, str] = {}  # NOTE(sorted-variable), reset with memo_decls
        self.loops: list[set[str]] = []  # set by ActionGen: locals bound by enclosing `for`s
        self.const_bound: set[str] = set()  # locals bound by a `for` over a constant set
        # locals that hold a recursive function definition being defined (a LazyFcn): never
        # a memo key, which would hash it, that is build all its entries (defgen.py)
        self.unkeyed: set[str] = set()
        self.nesting = 0  # expressions being generated, one inside the other
        self.lazy_reads: set[str] = set()  # the source of each LET value's read
        self.functions: dict[int, tuple[str, bool]] = {}  # recursive operators (defgen)
        self.state_cells: dict[int, tuple[str, str]] = {}  # NOTE(state-memo) (defgen)
        self.domain_keys: dict[str, str] = {}  # NOTE(constant-domain) (defgen)
        # set by predgen: definitions without parameters computed once per state for every
        # predicate (NOTE(predicate-bits)), as successor functions do (NOTE(state-definition))
        self.share_state_definitions = False
        self.state_types: dict[int, str] = {}  # NOTE(state-definition): each cell's type

    # -- entry ----------------------------------------------------------------------

    def ir(self, e: ast.Expr | ix.Expr, scope: GScope) -> ix.Expr:
        """`e`'s IR: source written where `scope` is, lowered once per place."""
        if isinstance(e, ix.Expr):
            return e
        return self.ctx.lowerer.lower(e, scope.module, scope.outer_names())

    def gen(
        self, e: ast.Expr | ix.Expr, scope: GScope, primed: bool, assigned: frozenset[int]
    ) -> Gen:
        if self.nesting >= MAX_NESTING:
            raise NotGeneratable("nested deeper than Python's parser takes")
        e = self.ir(e, scope)
        self.nesting += 1
        try:
            folded = self.fold(e, scope, primed)
            if folded is not None:
                return folded
            method = getattr(self, "g_" + type(e).__name__, None)
            if method is None:
                raise NotGeneratable(type(e).__name__)
            result: Gen = method(e, scope, primed, assigned)
            return result
        finally:
            self.nesting -= 1

    def boolean(
        self, e: ast.Expr | ix.Expr, scope: GScope, primed: bool, assigned: frozenset[int]
    ) -> str:
        code, typ = self.gen(e, scope, primed, assigned)
        return code if typ == "bool" else f"{self.src.helper('BOOL')}({code})"

    def value(self, v: Value) -> Gen:
        lit = literal(v)
        if lit is not None:
            return lit, ("bool" if type(v) is bool else "int")
        typ = "int" if type(v) is int else "any"
        return self.src.const(v), typ

    # -- constants --------------------------------------------------------------------

    def fold(self, e: ast.Expr | ix.Expr, scope: GScope, primed: bool) -> Gen | None:
        """A closed expression's value, computed now by the closure compiler."""
        e = self.ir(e, scope)
        if isinstance(e, ix.Lit):
            return self.value(e.value)
        if primed or not self.closed(e):
            return None
        try:
            c = self.closure.compile(e, Scope(scope.module))
        except EvalError:
            return None
        if not c.const:
            return None
        return self.filter_once(e, scope, c.value) or self.value(c.value)

    def closed(self, e: ix.Expr) -> bool:
        """Whether `e` is closed, so that its value can be computed now: it reads no
        variable, no binder bound around it, nothing impure and no definition of a higher
        level than constant (NOTE(closedness): each node decided once)."""
        return self.closedness.closed(e)

    def opens(self, node: object) -> bool:
        """Whether `node` itself keeps an expression holding it from being computed now."""
        if isinstance(node, (ix.At, ix.Lambda, ix.Prime, ix.Var, ix.Outer)):
            return True
        if isinstance(node, ix.OpApp):
            return node.op in ("UNCHANGED", "ENABLED")
        if isinstance(node, (ix.Call, ix.OpName)):
            return not self.closed_target(node)
        return False

    def closed_target(self, node: ix.Call | ix.OpName) -> bool:
        """Whether what `node` calls (or names) may be evaluated now (a LET operator's
        binder is a free binder of the expression, unless bound inside it)."""
        t = node.target
        if node.name in IMPURE_OPERATORS or isinstance(t, ix.OuterOp):
            return False
        if isinstance(node, ix.OpName) and node.outer:
            return False
        if isinstance(t, ix.Builtin):
            return t.symbol.name not in IMPURE_OPERATORS
        if isinstance(t, ix.Global):
            sym = t.symbol
            if sym.kind in ("definition", "recursive"):
                return self.ctx.resolved.level(sym) <= CONSTANT
        return True

    # -- atoms --------------------------------------------------------------------------

    def g_Lit(self, e: ix.Lit, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        return self.value(e.value)

    def g_At(self, e: ix.At, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        if scope.at is None:
            raise NotGeneratable("@")
        return scope.at, "any"

    def g_Var(self, e: ix.Var, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        return self.variable(e.index, primed, assigned)

    def g_Constant(
        self, e: ix.Constant, scope: GScope, primed: bool, assigned: frozenset[int]
    ) -> Gen:
        if e.name not in self.ctx.constants:
            raise NotGeneratable("a constant without a value")
        return self.value(self.ctx.constants[e.name])

    def g_Local(self, e: ix.Local, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        return self.local(scope.lookup(e.binder), (), scope, primed, assigned)

    def g_Outer(self, e: ix.Outer, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        return self.local(scope.lookup(e.name), (), scope, primed, assigned)

    def g_Call(self, e: ix.Call, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        t = e.target
        if isinstance(t, ix.LocalOp):
            return self.local(scope.lookup(t.binder), e.args, scope, primed, assigned)
        if isinstance(t, ix.OuterOp):
            return self.local(scope.lookup(t.name), e.args, scope, primed, assigned)
        sym = t.symbol
        if isinstance(t, ix.Builtin):
            key = natives.native_key(sym.module, sym.name)
            return self.builtin(key, e.args, scope, primed, assigned)
        return self.reference(sym, e.args, scope, primed, assigned)

    def g_OpName(self, e: ix.OpName, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        """An operator's name read as a value (lowered as an operator argument for a
        parameter evaluated here): what the name means as an expression."""
        key = e.local_key()
        local = None if key is None else scope.lookup(key)
        if local is not None:
            return self.local(local, (), scope, primed, assigned)
        return self.gen(e.src, scope, primed, assigned)

    def variable(self, i: int, primed: bool, assigned: frozenset[int]) -> Gen:
        if self.mode == "init" or primed:
            if primed and self.mode != "action":
                raise NotGeneratable("prime outside an action")
            prefix = "p" if primed else "s"
            return (f"{prefix}{i}" if i in assigned else f"{self.src.helper('FAIL')}()"), "any"
        return f"s{i}", "any"

    def local(
        self,
        local: GLocal | None,
        args: tuple[ix.Expr, ...],
        scope: GScope,
        primed: bool,
        assigned: frozenset[int],
    ) -> Gen:
        """What the scope binds a local name to, read (or applied to `args`)."""
        if isinstance(local, ByNameG):
            return self.gen(local.expr, local.scope, primed, assigned)
        if isinstance(local, LazyG):
            if args:
                raise NotGeneratable("application of a local value")
            return self.lazy_read(local, primed, assigned)
        if isinstance(local, Inline):
            by_name = action_level(local.defn.src, self.ctx)
            return self.inline(local.defn, local.scope, args, scope, primed, assigned, by_name)
        if local is None:
            raise NotGeneratable("a name bound nowhere here")
        if args:
            raise NotGeneratable("application of a local value")
        return local

    def reference(
        self,
        sym: Symbol,
        args: tuple[ix.Expr, ...],
        scope: GScope,
        primed: bool,
        assigned: frozenset[int],
    ) -> Gen:
        """A module's definition (or an operator constant) applied to `args`."""
        if sym.kind == "constant":
            raise NotGeneratable("a constant without a value")
        unit = sym.unit
        if isinstance(unit, ast.FuncDef) and sym.kind == "definition":
            if self.ctx.level(sym) >= ACTION:
                raise NotGeneratable("a function definition of an action")
            return self.global_function(sym, unit, scope, primed, assigned)
        if not isinstance(unit, ast.OpDef) or sym.kind != "definition":
            raise NotGeneratable(f"a reference to a {sym.kind}")
        if id(unit) in self.functions:  # a recursive operator, generated as a function
            return self.recursive_call(sym, unit, args, scope, primed, assigned)
        if (
            not unit.params
            and not primed
            and self.memo_decls is not None
            and (self.mode == "action" or self.share_state_definitions)
            and self.ctx.level(sym) == STATE
        ):
            return self.state_definition(sym, unit, scope, assigned)
        return self.call(sym, unit, args, scope, primed, assigned)

    def state_definition(
        self, sym: Symbol, unit: ast.OpDef, scope: GScope, assigned: frozenset[int]
    ) -> Gen:
        """NOTE(state-definition): in a successor function, a definition without
        parameters that reads the variables unprimed (`BeanCount == can.black + can.white`,
        tested by each of CoffeeCan's four actions) has one value per step: computed where
        first used and kept in a cell of the step, as a global function is
        (NOTE(state-memo)). Generated code is pure (what would print or draw at random is
        not generated), so reading the value again instead of computing it changes
        nothing but the time; the first use computes it where the closures would. A
        definition whose code calls a native we count as impure is not kept. The PROPERTY
        parts' predicates share such cells the same way, one state at a time
        (NOTE(predicate-bits))."""
        known = self.state_cells.get(id(unit))
        if known is not None:
            return self.cell_read(known[0], known[1]), self.state_types[id(unit)]
        code, typ = self.call(sym, unit, (), scope, False, assigned)
        if id(unit) in self.functions or self.memo_decls is None or not sharable(code):
            return code, typ  # recursive after all, or impure: computed at each use
        known = self.src.fresh("z"), code
        self.memo_decls.append(f"{known[0]} = [{self.src.helper('LAZY')}]")
        self.state_cells[id(unit)] = known
        self.state_types[id(unit)] = typ
        return self.cell_read(*known), typ

    def call(
        self,
        sym: Symbol,
        unit: ast.OpDef,
        args: tuple[ix.Expr, ...],
        scope: GScope,
        primed: bool,
        assigned: frozenset[int],
    ) -> Gen:
        """A user-defined operator applied: inlined, or a function where recursive."""
        by_name = self.ctx.level(sym) >= ACTION
        outermost = id(unit) not in self.inlining
        op = self.ctx.op_body(sym)
        try:
            return self.inline(op, GScope(sym.module), args, scope, primed, assigned, by_name)
        except RecursionFound as found:  # met again inside: generated as a function (defgen)
            if found.key != id(unit) or not outermost:
                raise
        return self.recursive_call(sym, unit, args, scope, primed, assigned)

    def inline(
        self,
        d: OpBody,
        def_scope: GScope,
        args: tuple[ix.Expr, ...],
        scope: GScope,
        primed: bool,
        assigned: frozenset[int],
        by_name: bool,
    ) -> Gen:
        key = id(d.src)
        if key in self.inlining:
            raise RecursionFound(key)
        if len(self.inlining) > 40:
            raise NotGeneratable("operators inlined more than 40 deep")
        inner = def_scope.child()
        values: list[tuple[ix.Param, ix.Expr]] = []
        for p, a in zip(d.params, args, strict=True):
            if p.arity:  # the operator passed, inlined where applied (defgen.py)
                inner.bind(p.binder, self.operator_argument(a, p.arity, scope))
            else:
                values.append((p, a))
        if by_name:  # TLA+ substitution (ByName in scope.py)
            for p, a in values:
                inner.bind(p.binder, ByNameG(a, scope))
            self.inlining.append(key)
            try:
                return self.gen(d.body, inner, primed, assigned)
            finally:
                self.inlining.pop()
        codes = [self.gen(a, scope, primed, assigned) for _, a in values]
        # a LET value's read is as cheap again once computed: substituted, not bound
        simple = all(_simple(c) or c in self.lazy_reads for c, _ in codes)
        params: list[str] = []
        for (p, _), (code, typ) in zip(values, codes, strict=True):
            if simple:
                inner.bind(p.binder, (code, typ))
            else:
                q = self.src.fresh("q")
                inner.bind(p.binder, (q, typ))
                params.append(q)
        self.inlining.append(key)
        try:
            body, typ = self.gen(d.body, inner, primed, assigned)
        finally:
            self.inlining.pop()
        if simple or not params:
            return body, typ
        return self.bind(params, [c for c, _ in codes], body), typ

    def builtin(
        self,
        name: str,
        args: tuple[ix.Expr, ...],
        scope: GScope,
        primed: bool,
        assigned: frozenset[int],
    ) -> Gen:
        if name in STANDARD_OPS:  # `Naturals!+(a, b)`, from an instance of Naturals
            gens = [self.gen(a, scope, primed, assigned) for a in args]
            return self.unary(name, gens[0]) if len(gens) == 1 else self.binary(name, *gens)
        if name == "TLCGet" and len(args) == 1 and _string(args[0]):
            assert isinstance(args[0], ix.Lit)
            if args[0].value != "level":
                raise NotGeneratable('TLCGet of another key than "level"')
            return f"{self.src.const(self.ctx.level_cell)}[0]", "int"  # NOTE(tlcget-level)
        if name == "SelectSeq":
            return self.select_seq(args, scope, primed, assigned)
        if name in natives.FIRST_ORDER:  # checker/compile/natives
            helper, typ = natives.helper_name(name), "any"
        elif name not in _BUILTIN_CALLS:
            raise NotGeneratable(name)
        else:
            helper, typ = _BUILTIN_CALLS[name]
        codes = [self.gen(a, scope, primed, assigned)[0] for a in args]
        if not helper:
            return codes[0], typ
        return f"{self.src.helper(helper)}({', '.join(codes)})", typ

    # -- operators ----------------------------------------------------------------------

    def memoized(self, code: str, scans: bool = False, statement: bool = False) -> str:
        """In a successor function, a LET value that iterates is computed once per step
        for each combination of the generated locals it reads (values are pure; an
        exception still reruns the whole step with the closures). With `scans`, so is
        any value that searches a set (a field-matching helper or a loop). `statement`:
        an action's own LET (not one inside an expression, which a comprehension may
        evaluate again for each of its elements), NOTE(unique-memo-key)."""
        pattern = _SCANS if scans else _ITERATES
        if self.memo_decls is None or not pattern.search(code):
            return code
        free = sorted(free_locals(code, self.mode == "init"))
        if self.unkeyed.intersection(free):
            return code
        key = free[0] if len(free) == 1 else f"({''.join(n + ', ' for n in free)})"
        held = self.mode != "init" and self.state_free(code)
        if statement and not held and self.unique_key(free):  # held: for the next states too
            return code
        if held:  # NOTE(state-free-memo): one dict for the whole search
            memo = self.src.const({})
        else:
            memo = self.src.fresh("m")
            self.memo_decls.append(f"{memo} = {{}}")
        if all(n in self.const_bound for n in free):
            # keys drawn from constant sets, which never hold both TRUE and 1
            return f"({memo}[{key}] if {key} in {memo} else {memo}.setdefault({key}, {code}))"
        # entries (key, value): MEMO_SAME checks that the key found is the key looked up,
        # as TLA+ values (a dict takes TRUE for 1 in a key, NOTE(bool-int)); if it is not,
        # the value is computed again and the entry replaced. A dict held across states
        # is emptied when full (MEMO_KEEP): its keys are values of the states
        h = self.src.helper
        store = h("MEMO_KEEP") if held else h("MEMO_STORE")
        return (
            f"({memo}[{key}][1] if {key} in {memo} and {h('MEMO_SAME')}({memo}[{key}], {key}) "
            f"else {store}({memo}, {key}, {code}))"
        )

    def invariant(self, code: str, min_scans: int = 1) -> str:
        """NOTE(loop-invariant): in a successor function's loop, a value that searches a
        set (a guard, a searched set, a quantifier with at least `min_scans` searches) is
        computed once per step for each combination of the generated locals it reads
        (`memoized`), instead of once per iteration, when those locals are only variables
        of enclosing loops other than the innermost and LET values."""
        if not self.loops or len(_SCANS.findall(code)) < min_scans:
            return code
        free = free_locals(code, self.mode == "init")
        outer = set().union(*self.loops[:-1])
        if all(n in outer or n[0] == "q" for n in free):
            return self.memoized(code, scans=True)
        return code

    def const_value(self, name: str) -> Value:
        return self.src.consts[int(name[1:])] if name[1:].isdigit() else None

    def g_And(self, e: ix.And, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        parts = [self.boolean(i, scope, primed, assigned) for i in e.items]
        return "(" + " and ".join(parts) + ")", "bool"

    def g_Or(self, e: ix.Or, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        parts = [self.boolean(i, scope, primed, assigned) for i in e.items]
        return "(" + " or ".join(parts) + ")", "bool"

    def g_If(self, e: ix.If, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        c = self.boolean(e.cond, scope, primed, assigned)
        t, tt = self.gen(e.then, scope, primed, assigned)
        f, tf = self.gen(e.else_, scope, primed, assigned)
        return f"({t} if {c} else {f})", (tt if tt == tf else "any")

    def g_Case(self, e: ix.Case, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        if e.other is not None:
            code, typ = self.gen(e.other, scope, primed, assigned)
        else:
            code, typ = f"{self.src.helper('CASE_FAIL')}()", "any"
        for cond, val in reversed(e.arms):
            c = self.boolean(cond, scope, primed, assigned)
            v, tv = self.gen(val, scope, primed, assigned)
            code, typ = f"({v} if {c} else {code})", (tv if tv == typ else "any")
        return code, typ

    def g_Let(self, e: ix.Let, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        inner = scope.child()
        cells = self.let_defs(e.defs, inner, primed, assigned)
        code, typ = self.gen(e.body, inner, primed, assigned)
        if cells:
            code = self.bind(cells, [f"[{self.src.helper('LAZY')}]"] * len(cells), code)
        return code, typ

    def let_defs(
        self,
        defs: tuple[ix.LetDef, ...],
        inner: GScope,
        primed: bool,
        assigned: frozenset[int],
        statement: bool = False,
    ) -> list[str]:
        """Bind LET definitions in `inner` (NOTE(let-binding)): operators with parameters
        are inlined where applied; a value whose source is a name or a literal is that
        source; any other value is lazy (`LazyG`). Returns the cells to create.
        `statement`: an action's own LET (`memoized`)."""
        cells: list[str] = []
        for d in defs:
            if d.recursive and d.bounds is None:
                raise NotGeneratable("a LET RECURSIVE declaration")
            if d.params:
                inner.bind(d.binder, Inline(OpBody.of_let(d), inner))
                continue
            value = self.let_value(d, inner, primed, assigned)
            if value is not None and _simple(value[0]):
                inner.bind(d.binder, value)
                continue
            if value is not None:
                value = (self.memoized(value[0], statement=statement), value[1])
            cell = self.src.fresh("z")
            inner.bind(d.binder, LazyG(cell, d, inner, value))
            cells.append(cell)
        return cells

    def let_value(
        self, d: ix.LetDef, inner: GScope, primed: bool, assigned: frozenset[int]
    ) -> Gen | None:
        """A LET value's source where it is the same wherever used (None: an action's)."""
        src = d.src
        if isinstance(src, ast.FuncDef):
            if action_level(ast.OpDef(src.span, src.name, (), src.body), self.ctx):
                raise NotGeneratable("a function definition of an action")
            return self.function_definition(d, inner, primed, assigned), "any"
        assert isinstance(src, ast.OpDef)
        if action_level(src, self.ctx):
            return None
        return self.gen(d.body, inner, primed, assigned)

    def lazy_read(self, local: LazyG, primed: bool, assigned: frozenset[int]) -> Gen:
        """A LET value where it is used: its cell's, else computed here and kept."""
        code, typ = local.code or self.gen(local.defn.body, local.scope, primed, assigned)
        return self.cell_read(local.cell, code), typ

    def cell_read(self, z: str, code: str) -> str:
        """A cell's value, computed by `code` and kept at the first read."""
        h = self.src.helper
        read = f"({z}[0] if {z}[0] is not {h('LAZY')} else {h('LET_SET')}({z}, {code}))"
        self.lazy_reads.add(read)
        return read


def _string(e: ix.Expr) -> bool:
    """Whether `e` is a string literal."""
    return isinstance(e, ix.Lit) and isinstance(e.value, str)
