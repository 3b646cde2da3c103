"""Generated code for operators passed as arguments, recursive operators and function
definitions, with the closures' meaning (context.py, recursion.py, binders.py).

- An operator argument (a LAMBDA, a LET operator, an operator's name) is inlined where
  its parameter is applied, as TLA+ substitutes it: a LAMBDA's body is read in the scope
  where it is written, with its own parameters bound (`operator_argument`).
- A RECURSIVE operator (found recursive where inlining meets it again) is a function
  of its own, defined once before `step` and calling itself (`recursive_call`); each
  call is counted in the model's `Recursion` and continued on a fresh stack when this
  one runs low, as the closures' calls are (NOTE(deep-recursion)): a recursion the
  closures refuse (E409) fails here too, and the closures then report it.
- `[x \\in S |-> e]` and `f[x \\in S] == e` are built as the closures build them:
  eagerly over a finite domain in canonical order, on demand over an infinite one; a
  recursive definition is a LazyFcn whose entries are recursive calls (`REC_FCN`). A
  global definition that reads only the variables is computed once per step of a
  successor function (NOTE(state-memo)).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from checker.compile.binders import function_name
from checker.compile.codegen.bindergen import UNROLL_BUDGET, UNROLL_MAX, BinderGen
from checker.compile.codegen.scopes import Gen, GScope, Inline, free_locals
from checker.compile.codegen.source import NotGeneratable
from checker.compile.scope import OpBody
from checker.ir import expr as ix
from checker.lang import ast
from checker.lang.optable import BUILTIN
from checker.lang.resolve import ACTION, CONSTANT, Symbol
from checker.values import Interval, Value, canon_sorted, fcn_from_sorted
from checker.values.lazy import LAZY_FILTER_BASE

_ARG = "\x00arg"  # the parameters of an operator passed by name: never a TLA+ name
_TEST, _ELEMENT = "\x00test", "\x00element"  # SelectSeq's test and its argument
_VARIABLE_READS = re.compile(r"\bs\d+\b")


# NOTE(set-fold): a RECURSIVE operator `F(.., S, ..) == IF S = {} THEN base ELSE LET x ==
# CHOOSE x \in S : TRUE IN value op F(.., S \ {x}, ..)` (GameOfLife's Sum) is a fold over S
# in the canonical order: CHOOSE x \in S : TRUE is S's canonical first element (FIRST) and
# the first of S \ {x} is the next one. The recursive function evaluates value(x1),
# value(x2), ... on the way down, base at the innermost call, then `op` from the innermost
# call out; the loop `define_fold` writes does the same in the same order (the first error
# met is the same one), each value and the base at the recursion depth of the call that
# computes it, for a frozenset S with enough depth left under MAX_DEPTH. Anything
# else (a lazy S, a value that is not a set, a recursion too deep) calls the recursive
# function, which answers as before; the closures are unchanged.
@dataclass(frozen=True)
class SetFold:
    """NOTE(set-fold): `F(.., S, ..) == IF S = {} THEN base ELSE LET x == CHOOSE x \\in S :
    TRUE IN value op F(.., S \\ {x}, ..)`, the other arguments passed on unchanged."""

    index: int  # of the parameter S
    element: ix.Binder  # x
    value: ix.Expr
    op: str
    base: ix.Expr


def set_fold(d: OpBody) -> SetFold | None:
    """The fold `d` is, if it is one (NOTE(set-fold))."""
    body = d.body
    if not isinstance(body, ix.If) or not isinstance(body.cond, ix.OpApp):
        return None
    params = [p.binder for p in d.params]
    cond = body.cond.args
    empty = [a for a in cond if isinstance(a, ix.SetEnum) and not a.items]
    tested = [a.binder for a in cond if isinstance(a, ix.Local) and a.binder in params]
    if body.cond.op != "=" or len(empty) != 1 or len(tested) != 1:
        return None
    index, let = params.index(tested[0]), body.else_
    if not isinstance(let, ix.Let) or len(let.defs) != 1 or not isinstance(let.body, ix.OpApp):
        return None
    (x,) = let.defs
    if x.params or x.bounds is not None or not _chooses_any(x.body, tested[0]):
        return None
    if len(let.body.args) != 2:
        return None
    value, call = let.body.args
    if not isinstance(call, ix.Call) or not _calls_itself(call, d) or len(call.args) != len(params):
        return None
    for i, (a, p) in enumerate(zip(call.args, params, strict=True)):
        if not (_removes(a, p, x.binder) if i == index else _is_local(a, p)):
            return None
    if _calls(value, d) or _calls(body.then, d):
        return None
    return SetFold(index, x.binder, value, let.body.op, body.then)


def _chooses_any(e: ix.Expr, s: ix.Binder) -> bool:
    """`e` is `CHOOSE x \\in s : TRUE`."""
    if not isinstance(e, ix.Choose) or not isinstance(e.body, ix.Lit) or e.body.value is not True:
        return False
    b = e.bound
    return (
        len(b.binders) == 1 and not b.is_tuple and b.domain is not None and _is_local(b.domain, s)
    )


def _is_local(e: ix.Expr, binder: ix.Binder) -> bool:
    return isinstance(e, ix.Local) and e.binder is binder


def _removes(e: ix.Expr, s: ix.Binder, x: ix.Binder) -> bool:
    """`e` is `s \\ {x}`."""
    if not isinstance(e, ix.OpApp) or e.op != "\\" or len(e.args) != 2:
        return False
    rest, one = e.args
    return (
        _is_local(rest, s)
        and isinstance(one, ix.SetEnum)
        and len(one.items) == 1
        and _is_local(one.items[0], x)
    )


def _calls_itself(e: ix.Call, d: OpBody) -> bool:
    return (
        isinstance(e, ix.Call) and isinstance(e.target, ix.Global) and e.target.symbol.unit is d.src
    )


def _calls(e: ix.Expr, d: OpBody) -> bool:
    """Whether `e` calls or names `d` (a safe answer: any node naming it)."""
    return any(isinstance(n, (ix.Call, ix.OpName)) and n.name == d.name for n in ix.walk(e))


class RecursionFound(NotGeneratable):
    """Inlining met the definition `key` inside its own body: it is recursive, and is
    generated as a function by the reference that began inlining it."""

    def __init__(self, key: int) -> None:
        super().__init__("recursion")
        self.key = key


class DefGen(BinderGen):
    memo_decls: list[str] | None
    loops: list[set[str]]
    inlining: list[Any]
    nesting: int
    functions: dict[int, tuple[str, bool]]  # id of a recursive OpDef -> (name, reads state)
    state_cells: dict[int, tuple[str, str]]  # id of a global function definition ->
    # (its cell in the step, the code computing it)
    domain_keys: dict[str, str]  # NOTE(constant-domain): a constant set -> its keys tuple

    def cell_read(self, cell: str, code: str) -> str:
        raise NotImplementedError

    # -- operator arguments -------------------------------------------------------------

    def operator_argument(self, a: ast.Expr | ix.Expr, arity: int, scope: GScope) -> Inline:
        """What an operator parameter stands for: the LAMBDA, LET operator or operator
        parameter passed, or an operator named (applied in the caller's scope)."""
        a = self.ctx.lowerer.as_operator_argument(a, scope.module, scope.outer_names())
        if isinstance(a, ix.Lambda):
            return Inline(OpBody.of_lambda(a), scope)
        if not isinstance(a, ix.OpName):
            raise NotGeneratable("an operator argument other than a LAMBDA or a name")
        key = a.local_key()
        local = None if key is None else scope.lookup(key)
        if isinstance(local, Inline):
            return local
        if local is not None:
            raise NotGeneratable("a local operator argument that is not an operator")
        return Inline(self.named_operator(a, arity), scope)

    def named_operator(self, a: ix.OpName, arity: int) -> OpBody:
        """An operator passed by its name, as a definition applying it to its parameters."""
        span = a.span
        names = tuple(f"{_ARG}{i}" for i in range(arity))
        binders = tuple(ix.Binder(n, span) for n in names)
        args: tuple[ix.Expr, ...] = tuple(ix.Local(span, b) for b in binders)
        if a.name in BUILTIN:  # `F(\cup, S)`: TLA+'s own operator
            body: ix.Expr = ix.OpApp(span, a.name, args)
        elif isinstance(a.target, (ix.Global, ix.Builtin)):
            body = ix.Call(span, a.name, a.target, args)
        else:
            raise NotGeneratable(f"`{a.name}` passed as an operator")
        params = tuple(ast.Param(span, n, 0) for n in names)
        shown: tuple[ast.Expr, ...] = tuple(ast.Name(span, n) for n in names)
        applied: ast.Expr = (
            ast.OpExpr(span, a.name, shown) if a.name in BUILTIN else ast.Apply(span, a.name, shown)
        )
        src = ast.OpDef(span, a.name, params, applied)  # what `action_level` reads
        return OpBody(a.name, span, tuple(ix.Param(b, 0) for b in binders), body, src)

    def select_seq(
        self, args: tuple[ix.Expr, ...], scope: GScope, primed: bool, assigned: frozenset[int]
    ) -> Gen:
        """`SelectSeq(s, Test)`: the elements of s, in order, for which Test (inlined, as
        every operator argument) is TRUE; s first, then Test element by element, and an
        error where the closures raise one (not a sequence, a test not Boolean)."""
        seq, test = args
        s = self.gen(seq, scope, primed, assigned)[0]
        q = self.src.fresh("b")
        inner = scope.child()
        inner.names[_TEST] = self.operator_argument(test, 1, scope)
        inner.names[_ELEMENT] = (q, "any")
        keep = ix.Call(test.span, _TEST, ix.OuterOp(_TEST), (ix.Outer(test.span, _ELEMENT),))
        body = self.boolean(keep, inner, primed, assigned)
        if ":=" not in s:
            return f"tuple([{q} for {q} in {self.src.helper('SEQ')}({s}) if {body}])", "any"
        d = self.src.fresh("d")  # Python refuses `:=` in a comprehension's iterable
        code = f"tuple([{q} for {q} in {self.src.helper('SEQ')}({d}) if {body}])"
        return self.bind([d], [s], code), "any"

    # -- recursive operators ------------------------------------------------------------

    def recursive_call(
        self,
        sym: Symbol,
        d: ast.OpDef,
        args: tuple[ix.Expr, ...],
        scope: GScope,
        primed: bool,
        assigned: frozenset[int],
    ) -> Gen:
        """A call of the recursive operator `d`: its function applied (to the state too
        when its body reads variables)."""
        name, stateful = self.recursive_function_of(sym, d)
        if stateful and (primed or self.mode == "init"):
            raise NotGeneratable("a state-level recursive operator in Init or under a prime")
        codes = [self.gen(a, scope, primed, assigned)[0] for a in args]
        head = ["state"] if stateful else []
        return f"{name}({', '.join(head + codes)})", "any"

    def recursive_function_of(self, sym: Symbol, d: ast.OpDef) -> tuple[str, bool]:
        known = self.functions.get(id(d))
        if known is not None:
            return known
        level = self.ctx.level(sym)
        if level >= ACTION:
            raise NotGeneratable("a recursive action-level operator")
        if any(p.arity for p in d.params):
            raise NotGeneratable("a recursive operator with operator parameters")
        name, stateful = self.src.fresh("r"), level > CONSTANT
        self.functions[id(d)] = (name, stateful)
        op = self.ctx.op_body(sym)
        inner = GScope(sym.module).child()
        params = [self.src.fresh("q") for _ in op.params]
        for p, q in zip(op.params, params, strict=True):
            inner.bind(p.binder, (q, "any"))
        body = self.apart(lambda: self.gen(op.body, inner, False, frozenset())[0])
        if free_locals(body) - set(params):
            raise NotGeneratable("a recursive operator reading local values")
        self.define_recursive(name, (["state"] if stateful else []) + params, body)
        fold = set_fold(op)
        if fold is not None:  # NOTE(set-fold): a loop, the function above where it cannot
            try:
                fast = self.apart(lambda: self.define_fold(fold, name, inner, params, stateful))
            except NotGeneratable:  # the recursive function, generated above, serves
                return name, stateful
            self.functions[id(d)] = (fast, stateful)
            return fast, stateful
        return name, stateful

    def define_fold(
        self, fold: SetFold, general: str, inner: GScope, params: list[str], stateful: bool
    ) -> str:
        """NOTE(set-fold): the function of a recursive fold over a set, as a loop."""
        h = self.src.helper
        name, x, v, acc, vals, i, top = (
            self.src.fresh(p) for p in ("r", "b", "b", "b", "b", "b", "b")
        )
        each = inner.child()
        each.bind(fold.element, (x, "any"))
        value = self.gen(fold.value, each, False, frozenset())[0]
        combine = inner.child()
        combine.names[_TEST], combine.names[_ELEMENT] = (v, "any"), (acc, "any")
        span = fold.value.span
        args = (ix.Outer(span, _TEST), ix.Outer(span, _ELEMENT))
        step = self.gen(ix.OpApp(span, fold.op, args), combine, False, frozenset())[0]
        base = self.gen(fold.base, inner, False, frozenset())[0]
        code = " ".join([value, step, base])
        if free_locals(code) - set(params) - {x, v, acc}:
            raise NotGeneratable("a recursive operator reading local values")
        head = ", ".join((["state"] if stateful else []) + params)
        s_set = params[fold.index]
        nesting = self.src.const(self.ctx.recursion)
        reads = sorted({int(n[1:]) for n in _VARIABLE_READS.findall(code)})
        self.src.define(
            [
                f"def {name}({head}):",
                f"    if type({s_set}) is not frozenset or "
                f"{nesting}.depth + len({s_set}) + 1 >= {h('MAX_DEPTH')}:",
                f"        return {general}({head})",
                *(f"    s{k} = state[{k}]" for k in reads),
                f"    {vals} = []",
                f"    {top} = {i} = {nesting}.depth",
                "    try:",  # each value at the depth of the call that computes it
                f"        for {x} in {h('CANON')}({s_set}):",
                f"            {i} += 1",
                f"            {nesting}.depth = {i}",
                f"            {vals}.append({value})",
                f"        {nesting}.depth = {i} + 1",
                f"        {acc} = {base}",
                "    finally:",
                f"        {nesting}.depth = {top}",
                f"    for {v} in {vals}[::-1]:",
                f"        {acc} = {step}",
                f"    return {acc}",
            ]
        )
        return name

    def apart(self, generate: Any) -> str:
        """`generate()` for a function of its own: none of the step's memos, loops or
        cells, and its own nesting and inlining."""
        saved = (self.memo_decls, self.loops, self.inlining, self.nesting)
        self.memo_decls, self.loops, self.inlining, self.nesting = None, [], [], 0
        try:
            code: str = generate()
            return code
        finally:
            self.memo_decls, self.loops, self.inlining, self.nesting = saved

    def define_recursive(self, name: str, params: list[str], body: str) -> None:
        """The function: a call counted in the model's Recursion and continued on a fresh
        stack when this one runs low, as the closures' `recursive_call`."""
        nesting = self.src.const(self.ctx.recursion)
        h = self.src.helper
        args = ", ".join(params)
        reads = sorted({int(n[1:]) for n in _VARIABLE_READS.findall(body)})
        lines = [
            f"def {name}({args}):",
            f"    if {h('STACK_LOW')}():",
            f"        return {nesting}.deeper(lambda: {name}({args}))",
            f"    if {nesting}.depth >= {h('MAX_DEPTH')}:",
            f"        {h('FAIL')}()",
            f"    {nesting}.depth += 1",
            "    try:",
            *(f"        s{i} = state[{i}]" for i in reads),
            f"        return {body}",
            "    finally:",
            f"        {nesting}.depth -= 1",
        ]
        self.src.define(lines)

    # -- function definitions -----------------------------------------------------------

    def g_FuncCons(
        self, e: ix.FuncCons, scope: GScope, primed: bool, assigned: frozenset[int]
    ) -> Gen:
        name = function_name(e.src)
        return self.function_builder(e.bounds, e.body, name, scope, primed, assigned), "any"

    def function_builder(
        self,
        bounds: tuple[ix.Bound, ...],
        body: ix.Expr,
        name: str,
        scope: GScope,
        primed: bool,
        assigned: frozenset[int],
    ) -> str:
        """`[x \\in S |-> e]` or `f[x \\in S] == e` (not recursive), as the closures build
        it (binders.py `_function_builder`): keys in canonical order (tuples with several
        bound variables); over an infinite S, entries computed when applied."""
        h = self.src.helper
        b = bounds[0]
        if len(bounds) == 1 and len(b.binders) == 1 and not b.is_tuple:
            assert b.domain is not None
            dom = self.gen(b.domain, scope, primed, assigned)[0]
            keys = self.constant_keys(dom)
            if keys is not None:  # NOTE(constant-domain)
                return self.keyed_function(dom, keys, b.binders[0], body, scope, primed, assigned)
            inner = scope.child()
            q = self.src.fresh("b")
            inner.bind(b.binders[0], (q, self.element_type(dom)))
            code = self.gen(body, inner, primed, assigned)[0]
            params = self.captured(f"lambda {q}: {code}")  # applied later if S is infinite
            text = self.src.const(name)
            return f"{h('FCN_DEF')}({text}, {dom}, lambda {q}{params}: {code})"
        clauses, inner, targets, hoisted = self.binders(bounds, scope, primed, assigned, True)
        key = targets[0] if len(targets) == 1 else f"({''.join(t + ', ' for t in targets)})"
        code = self.gen(body, inner, primed, assigned)[0]
        return self.wrap(f"{h('FCN_PAIRS')}([({key}, {code}) {clauses}])", hoisted)

    def constant_keys(self, dom: str) -> str | None:
        """The constant tuple of the keys of `[x \\in S |-> e]` in canonical order (as
        `fcn_def` would list them in every state) where S is a constant frozenset or a
        small interval, one tuple per set."""
        value = self.const_value(dom) if dom.startswith("k") else None
        keys: tuple[Value, ...]
        if type(value) is frozenset:
            keys = tuple(canon_sorted(value))
        elif type(value) is Interval and value.cardinality() <= LAZY_FILTER_BASE:
            keys = tuple(value.ordered())
        else:
            return None
        name = self.domain_keys.get(dom)
        if name is None:
            name = self.domain_keys[dom] = self.src.const(keys)
        return name

    def keyed_function(
        self,
        dom: str,
        keys: str,
        x: ix.Binder,
        body: ix.Expr,
        scope: GScope,
        primed: bool,
        assigned: frozenset[int],
    ) -> str:
        """NOTE(constant-domain): `[x \\in S |-> e]` over a constant finite S has its
        keys listed and sorted once, when generated (`keys`, a constant tuple), and is
        built as `fcn_from_sorted` would (a tuple on 1..n, else a Fcn sharing the one keys
        tuple): over a small S (as `unrolled` quantifiers) its values are listed with each
        key substituted as a constant, else computed by a comprehension over the keys; no
        sort and no call per key, the values computed in the keys' order as before."""
        value = self.const_value(keys)
        if not value:
            return self.src.const(())
        h = self.src.helper
        small = len(value) <= UNROLL_MAX and self.unroll_factor * len(value) <= UNROLL_BUDGET
        if small:
            self.unroll_factor *= len(value)
            try:
                parts = []
                for key in value:
                    inner = scope.child()
                    inner.bind(x, self.value(key))
                    parts.append(self.gen(body, inner, primed, assigned)[0])
            finally:
                self.unroll_factor //= len(value)
            listed = ", ".join(parts)
        else:
            inner = scope.child()
            q = self.src.fresh("b")
            inner.bind(x, (q, self.element_type(dom)))
            self.const_bound.add(q)  # its values: one constant set's (NOTE(bool-int))
            listed = f"*[{self.gen(body, inner, primed, assigned)[0]} for {q} in {keys}]"
        if type(fcn_from_sorted(value, value)) is tuple:  # keys 1..n: a sequence
            return f"({listed},)"
        return f"{h('FCN')}(({h('TAG')}, {keys}, {listed}))"

    def global_function(
        self, sym: Symbol, unit: ast.FuncDef, scope: GScope, primed: bool, assigned: frozenset[int]
    ) -> Gen:
        """A reference to a global `f[x \\in S] == e`: NOTE(state-memo), a non-recursive
        one is computed once per step in a successor function (a cell of the step); inside
        its own body (a recursive one), the function being defined."""
        itself = scope.lookup(("function", id(unit)))
        if itself is not None:
            assert isinstance(itself, tuple)
            return itself
        d = self.ctx.lowerer.definition(sym)
        home = GScope(sym.module)
        if d.recursive or primed or self.memo_decls is None or self.mode != "action":
            return self.function_definition(d, home, primed, assigned), "any"
        known = self.state_cells.get(id(unit))
        if known is None:
            known = self.src.fresh("z"), self.function_definition(d, home, False, assigned)
            self.memo_decls.append(f"{known[0]} = [{self.src.helper('LAZY')}]")
            self.state_cells[id(unit)] = known
        return self.cell_read(*known), "any"

    def function_definition(
        self, d: ix.LetDef | ix.Definition, scope: GScope, primed: bool, assigned: frozenset[int]
    ) -> str:
        assert d.bounds is not None
        if not d.recursive:
            name = d.binder.name if isinstance(d, ix.LetDef) else d.symbol.name
            return self.function_builder(d.bounds, d.body, name, scope, primed, assigned)
        return self.recursive_definition(d, scope, primed, assigned)

    def recursive_definition(
        self, d: ix.LetDef | ix.Definition, scope: GScope, primed: bool, assigned: frozenset[int]
    ) -> str:
        """`f[x \\in S] == ... f[...] ...`: a LazyFcn over S (over S \\X T with several
        bound variables) whose entries are computed on demand."""
        assert d.bounds is not None
        binders = [x for b in d.bounds for x in b.binders]
        tuples = [b for b in d.bounds if b.is_tuple]
        if tuples and len(d.bounds) > 1:
            raise NotGeneratable("a recursive function definition with tuple patterns")
        doms = []
        for b in d.bounds:
            if b.domain is None:
                raise NotGeneratable("unbounded")
            dom = self.gen(b.domain, scope, primed, assigned)[0]
            doms.extend([dom] * (1 if b.is_tuple else len(b.binders)))
        h = self.src.helper
        dom = doms[0] if len(doms) == 1 else f"{h('PRODUCT')}({', '.join(doms)})"
        f, x = self.src.fresh("b"), self.src.fresh("b")
        self.unkeyed.add(f)  # the function itself: no memo is keyed by it
        inner = scope.child()
        if isinstance(d, ix.LetDef):
            inner.bind(d.binder, (f, "any"))
            name = d.binder.name
        else:  # a global one reads itself as a call of its symbol (`global_function`)
            inner.names[("function", id(d.symbol.unit))] = (f, "any")
            name = d.symbol.name
        if len(binders) == 1 and not tuples:
            inner.bind(binders[0], (x, "any"))
            body = self.gen(d.body, inner, primed, assigned)[0]
        else:  # the argument unpacked: a tuple of the right length, else an error
            qs = [self.src.fresh("b") for _ in binders]
            for y, q in zip(binders, qs, strict=True):
                inner.bind(y, (q, "any"))
            body = self.gen(d.body, inner, primed, assigned)[0]
            body = f"(lambda {', '.join(qs)}: {body})(*{x})"
        compute = f"lambda {f}, {x}: {body}"
        compute = f"lambda {f}, {x}{self.captured(compute)}: {body}"
        nesting, text = self.src.const(self.ctx.recursion), self.src.const(name)
        return f"{h('REC_FCN')}({nesting}, {text}, {dom}, {compute})"
