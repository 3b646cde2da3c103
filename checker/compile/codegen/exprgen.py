"""Generate Python expressions for TLA+ expressions.

`gen(e, scope, primed, assigned)` returns (source, type) where type is "bool", "int" or
"any" (what the value is known to be, so checks can be skipped). Closed sub-expressions
are evaluated once (by the closure compiler) and become constants; user operators are
inlined, by substitution when their arguments are simple, else through a lambda;
quantifiers and set builders become Python generator expressions, using a field index
where the closure evaluator would (index.py). Anything else raises NotGeneratable: the
whole function then stays with the closure evaluator.
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
from checker.compile.scope import Scope
from checker.lang import ast
from checker.lang.optable import STANDARD_OPS
from checker.lang.resolve import ACTION, CONSTANT, STATE, Symbol
from checker.values import (
    BOOLEAN_SET,
    StringSet,
    Value,
)

_IMPURE = frozenset(
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
MAX_CLOSED_WALK = 5000


class ExprGen(DefGen, DataGen, OpGen):
    def __init__(self, ctx: Context, src: Source, mode: str, walrus: bool = True) -> None:
        self.ctx = ctx
        self.src = src
        self.walrus = walrus
        self.mode = mode  # "state" | "action" | "init"
        self.closure = ExprCompiler(ctx, "state")
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

    def gen(self, e: ast.Expr, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        if self.nesting >= MAX_NESTING:
            raise NotGeneratable("nested deeper than Python's parser takes")
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

    def boolean(self, e: ast.Expr, scope: GScope, primed: bool, assigned: frozenset[int]) -> str:
        code, typ = self.gen(e, scope, primed, assigned)
        return code if typ == "bool" else f"{self.src.helper('BOOL')}({code})"

    def value(self, v: Value) -> Gen:
        lit = literal(v)
        if lit is not None:
            return lit, ("bool" if type(v) is bool else "int")
        typ = "int" if type(v) is int else "any"
        return self.src.const(v), typ

    # -- constants --------------------------------------------------------------------

    def fold(self, e: ast.Expr, scope: GScope, primed: bool) -> Gen | None:
        """A closed expression's value, computed now by the closure compiler."""
        if isinstance(e, (ast.Num, ast.Bool)):
            return self.value(e.value)
        if primed or not self.closed(e, scope):
            return None
        try:
            c = self.closure.compile(e, Scope(scope.module))
        except EvalError:
            return None
        if not c.const:
            return None
        return self.filter_once(e, scope, c.value) or self.value(c.value)

    def closed(self, e: ast.Expr, scope: GScope) -> bool:
        """Whether `e` is closed, so that its value can be computed now; an expression of
        more than MAX_CLOSED_WALK nodes is taken as open (generated as code, or left to the
        closures), so that asking at every level of a deep expression stays linear."""
        resolved = self.ctx.resolved
        for count, node in enumerate(ast.walk(e)):
            if count == MAX_CLOSED_WALK:
                return False
            if isinstance(node, (ast.At, ast.Lambda)):
                return False
            if isinstance(node, ast.OpExpr) and node.op in ("'", "UNCHANGED", "ENABLED"):
                return False
            if isinstance(node, (ast.Name, ast.Apply)):
                if scope.lookup(node.name) is not None or node.name in _IMPURE:
                    return False
                sym = resolved.symbol(scope.module, node.name)
                if sym is not None and sym.kind == "builtin" and sym.name in _IMPURE:
                    return False
                if sym is not None and sym.kind == "variable":
                    return False
                if (
                    sym is not None
                    and sym.kind in ("definition", "recursive")
                    and resolved.level(sym) > CONSTANT
                ):
                    return False
        return True

    # -- atoms --------------------------------------------------------------------------

    def g_Str(self, e: ast.Str, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        return self.src.const(e.value), "any"

    def g_At(self, e: ast.At, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        if scope.at is None:
            raise NotGeneratable("@")
        return scope.at, "any"

    def g_Name(self, e: ast.Name, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        if e.name == "BOOLEAN":
            return self.src.const(BOOLEAN_SET), "any"
        if e.name == "STRING":
            return self.src.const(StringSet()), "any"
        return self.reference(e.name, (), scope, primed, assigned)

    def g_Apply(self, e: ast.Apply, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        return self.reference(e.name, e.args, scope, primed, assigned)

    def variable(self, i: int, primed: bool, assigned: frozenset[int]) -> Gen:
        if self.mode == "init" or primed:
            if primed and self.mode != "action":
                raise NotGeneratable("prime outside an action")
            prefix = "p" if primed else "s"
            return (f"{prefix}{i}" if i in assigned else f"{self.src.helper('FAIL')}()"), "any"
        return f"s{i}", "any"

    def reference(
        self,
        name: str,
        args: tuple[ast.Expr, ...],
        scope: GScope,
        primed: bool,
        assigned: frozenset[int],
    ) -> Gen:
        local = scope.lookup(name)
        if isinstance(local, ByNameG):
            return self.gen(local.expr, local.scope, primed, assigned)
        if isinstance(local, LazyG):
            if args:
                raise NotGeneratable("application of a local value")
            return self.lazy_read(local, primed, assigned)
        if isinstance(local, Inline):
            by_name = action_level(local.defn, self.ctx)
            return self.inline(local.defn, local.scope, args, scope, primed, assigned, by_name)
        if local is not None:
            if args:
                raise NotGeneratable("application of a local value")
            return local
        sym = self.ctx.symbol(scope.module, name)
        if sym.kind == "variable":
            return self.variable(self.ctx.var_index[name], primed, assigned)
        if sym.kind == "constant":
            if sym.params or sym.name not in self.ctx.constants:
                raise NotGeneratable("a constant without a value")
            return self.value(self.ctx.constants[sym.name])
        if sym.kind == "builtin":
            key = natives.native_key(sym.module, sym.name)
            return self.builtin(key, args, scope, primed, assigned)
        unit = sym.unit
        if isinstance(unit, ast.FuncDef) and sym.kind == "definition":
            if self.ctx.level(sym) >= ACTION:
                raise NotGeneratable("a function definition of an action")
            return self.global_function(unit, sym.module, primed, assigned)
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
        args: tuple[ast.Expr, ...],
        scope: GScope,
        primed: bool,
        assigned: frozenset[int],
    ) -> Gen:
        """A user-defined operator applied: inlined, or a function where recursive."""
        by_name = self.ctx.level(sym) >= ACTION
        outermost = id(unit) not in self.inlining
        try:
            return self.inline(unit, GScope(sym.module), args, scope, primed, assigned, by_name)
        except RecursionFound as found:  # met again inside: generated as a function (defgen)
            if found.key != id(unit) or not outermost:
                raise
        return self.recursive_call(sym, unit, args, scope, primed, assigned)

    def inline(
        self,
        d: ast.OpDef,
        def_scope: GScope,
        args: tuple[ast.Expr, ...],
        scope: GScope,
        primed: bool,
        assigned: frozenset[int],
        by_name: bool,
    ) -> Gen:
        key = id(d)
        if key in self.inlining:
            raise RecursionFound(key)
        if len(self.inlining) > 40:
            raise NotGeneratable("operators inlined more than 40 deep")
        inner = def_scope.child()
        values: list[tuple[ast.Param, ast.Expr]] = []
        for p, a in zip(d.params, args, strict=True):
            if p.arity:  # the operator passed, inlined where applied (defgen.py)
                inner.names[p.name] = self.operator_argument(a, p.arity, scope)
            else:
                values.append((p, a))
        if by_name:  # TLA+ substitution (ByName in scope.py)
            for p, a in values:
                inner.names[p.name] = ByNameG(a, scope)
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
                inner.names[p.name] = (code, typ)
            else:
                q = self.src.fresh("q")
                inner.names[p.name] = (q, typ)
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
        args: tuple[ast.Expr, ...],
        scope: GScope,
        primed: bool,
        assigned: frozenset[int],
    ) -> Gen:
        if name in STANDARD_OPS:  # `Naturals!+(a, b)`, from an instance of Naturals
            gens = [self.gen(a, scope, primed, assigned) for a in args]
            return self.unary(name, gens[0]) if len(gens) == 1 else self.binary(name, *gens)
        if name == "TLCGet" and len(args) == 1 and isinstance(args[0], ast.Str):
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

    def memoized(self, code: str, scans: bool = False) -> str:
        """In a successor function, a LET value that iterates is computed once per step
        for each combination of the generated locals it reads (values are pure; an
        exception still reruns the whole step with the closures). With `scans`, so is
        any value that searches a set (a field-matching helper or a loop)."""
        pattern = _SCANS if scans else _ITERATES
        if self.memo_decls is None or not pattern.search(code):
            return code
        free = sorted(free_locals(code, self.mode == "init"))
        if self.unkeyed.intersection(free):
            return code
        key = free[0] if len(free) == 1 else f"({''.join(n + ', ' for n in free)})"
        held = self.mode != "init" and self.state_free(code)
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

    def g_And(self, e: ast.And, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        parts = [self.boolean(i, scope, primed, assigned) for i in e.items]
        return "(" + " and ".join(parts) + ")", "bool"

    def g_Or(self, e: ast.Or, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        parts = [self.boolean(i, scope, primed, assigned) for i in e.items]
        return "(" + " or ".join(parts) + ")", "bool"

    def g_If(self, e: ast.If, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        c = self.boolean(e.cond, scope, primed, assigned)
        t, tt = self.gen(e.then, scope, primed, assigned)
        f, tf = self.gen(e.else_, scope, primed, assigned)
        return f"({t} if {c} else {f})", (tt if tt == tf else "any")

    def g_Case(self, e: ast.Case, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        if e.other is not None:
            code, typ = self.gen(e.other, scope, primed, assigned)
        else:
            code, typ = f"{self.src.helper('CASE_FAIL')}()", "any"
        for cond, val in reversed(e.arms):
            c = self.boolean(cond, scope, primed, assigned)
            v, tv = self.gen(val, scope, primed, assigned)
            code, typ = f"({v} if {c} else {code})", (tv if tv == typ else "any")
        return code, typ

    def g_Let(self, e: ast.Let, scope: GScope, primed: bool, assigned: frozenset[int]) -> Gen:
        inner = scope.child()
        cells = self.let_defs(e.defs, inner, primed, assigned)
        code, typ = self.gen(e.body, inner, primed, assigned)
        if cells:
            code = self.bind(cells, [f"[{self.src.helper('LAZY')}]"] * len(cells), code)
        return code, typ

    def let_defs(
        self, defs: tuple[ast.Unit, ...], inner: GScope, primed: bool, assigned: frozenset[int]
    ) -> list[str]:
        """Bind LET definitions in `inner` (NOTE(let-binding)): operators with parameters
        are inlined where applied; a value whose source is a name or a literal is that
        source; any other value is lazy (`LazyG`). Returns the cells to create."""
        cells: list[str] = []
        for d in defs:
            if isinstance(d, ast.OpDef) and d.params:
                inner.names[d.name] = Inline(d, inner)
            elif isinstance(d, (ast.OpDef, ast.FuncDef)):
                value = self.let_value(d, inner, primed, assigned)
                if value is not None and _simple(value[0]):
                    inner.names[d.name] = value
                    continue
                if value is not None:
                    value = (self.memoized(value[0]), value[1])
                cell = self.src.fresh("z")
                inner.names[d.name] = LazyG(cell, d, inner, value)
                cells.append(cell)
            else:
                raise NotGeneratable("a LET RECURSIVE declaration")
        return cells

    def let_value(
        self, d: ast.OpDef | ast.FuncDef, inner: GScope, primed: bool, assigned: frozenset[int]
    ) -> Gen | None:
        """A LET value's source where it is the same wherever used (None: an action's)."""
        if isinstance(d, ast.FuncDef):
            if action_level(ast.OpDef(d.span, d.name, (), d.body), self.ctx):
                raise NotGeneratable("a function definition of an action")
            return self.function_definition(d, inner, primed, assigned), "any"
        if action_level(d, self.ctx):
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
