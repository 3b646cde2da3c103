"""The data forms of the expression compiler: set enumerations, tuples, records, record
sets, field access, function application, function sets and EXCEPT.

`DataForms` is a mixin of `ExprCompiler` (expr.py), which dispatches `c_<Node>` to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checker.compile import ops
from checker.compile.scope import C, Env, Fn, Scope, constant, deps
from checker.ir import expr as ix
from checker.values import FN_TAG, Fcn, NotEnumerable, RecordSet, Value

if TYPE_CHECKING:
    from checker.compile.context import Context


class DataForms:
    """Compiles the forms that build and take apart data; needs `compile` and `ctx` of
    ExprCompiler."""

    ctx: Context

    def compile(self, e: ix.Expr, scope: Scope, primed: bool = False) -> C:
        raise NotImplementedError

    def c_SetEnum(self, e: ix.SetEnum, scope: Scope, primed: bool) -> C:
        items = [self.compile(i, scope, primed) for i in e.items]
        fns = tuple(i.fn for i in items)
        n, span = len(fns), e.span
        if n == 1:
            (f0,) = fns

            def set_enum1(env: Env) -> Value:
                try:
                    return frozenset((f0(env),))
                except NotEnumerable as exc:  # a lazy set that cannot be hashed
                    raise ops.not_enumerable(exc, "this set", span) from None

            return C(set_enum1, **deps(*items))

        def set_enum(env: Env) -> Value:
            values = [f(env) for f in fns]
            try:
                s = frozenset(values)
                # equal items: TLC compares them, TRUE with 1 is an error (NOTE(bool-int))
                return s if len(s) == n else ops.build_set(values, span)
            except NotEnumerable as exc:  # lazy sets that cannot be hashed or compared
                raise ops.not_enumerable(exc, "this set", span) from None

        return C(set_enum, **deps(*items))

    def c_Tuple(self, e: ix.Tuple, scope: Scope, primed: bool) -> C:
        items = [self.compile(i, scope, primed) for i in e.items]
        fns = tuple(i.fn for i in items)
        return C(lambda env: tuple([f(env) for f in fns]), **deps(*items))

    def c_Record(self, e: ix.Record, scope: Scope, primed: bool) -> C:
        order = sorted(range(len(e.fields)), key=lambda i: e.fields[i][0])
        keys = tuple(e.fields[i][0] for i in order)
        vals = [self.compile(e.fields[i][1], scope, primed) for i in order]
        fns = tuple(v.fn for v in vals)
        head = (FN_TAG, keys)
        if len(fns) == 2:
            f0, f1 = fns
            return C(lambda env: Fcn((FN_TAG, keys, f0(env), f1(env))), **deps(*vals))
        if len(fns) == 3:
            f0, f1, f2 = fns
            return C(lambda env: Fcn((FN_TAG, keys, f0(env), f1(env), f2(env))), **deps(*vals))
        return C(lambda env: Fcn(head + tuple([f(env) for f in fns])), **deps(*vals))

    def c_RecordSet(self, e: ix.RecordSet, scope: Scope, primed: bool) -> C:
        names = [n for n, _ in e.fields]
        sets = [self.compile(s, scope, primed) for _, s in e.fields]
        fns = tuple(s.fn for s in sets)
        span = e.span

        def record_set(env: Env) -> Value:
            values = [ops.check_set(f(env), "a record set", span) for f in fns]
            return RecordSet(tuple(zip(names, values, strict=True)))

        return C(record_set, **deps(*sets))

    def c_FieldAccess(self, e: ix.FieldAccess, scope: Scope, primed: bool) -> C:
        rec = self.compile(e.expr, scope, primed)
        fr, name, span = rec.fn, e.name, e.span

        def field(env: Env) -> Value:
            r = fr(env)
            if type(r) is Fcn:
                try:
                    return r[r[1].index(name) + 2]
                except ValueError:
                    pass
            return ops.field(r, name, span)

        return C(field, **deps(rec))

    def c_FuncApp(self, e: ix.FuncApp, scope: Scope, primed: bool) -> C:
        func = self.compile(e.func, scope, primed)
        args = [self.compile(a, scope, primed) for a in e.args]
        ff, span = func.fn, e.span
        if len(args) == 1:
            fx = args[0].fn

            def app(env: Env) -> Value:
                f = ff(env)
                x = fx(env)
                if type(f) is Fcn:
                    keys = f[1]
                    try:
                        i = keys.index(x)
                    except ValueError:
                        i = -1
                    if i >= 0 and keys[i] is x:  # else maybe TRUE for 1 (NOTE(bool-int))
                        return f[i + 2]
                return ops.apply(f, x, span)

            return C(app, **deps(func, *args))
        fns = tuple(a.fn for a in args)
        return C(
            lambda env: ops.apply(ff(env), tuple([f(env) for f in fns]), span), **deps(func, *args)
        )

    def c_FuncSet(self, e: ix.FuncSet, scope: Scope, primed: bool) -> C:
        d = self.compile(e.dom, scope, primed)
        r = self.compile(e.rng, scope, primed)
        fd, fr, span = d.fn, r.fn, e.span
        return C(lambda env: ops.func_set(fd(env), fr(env), span), **deps(d, r))

    def c_Except(self, e: ix.Except, scope: Scope, primed: bool) -> C:
        func = self.compile(e.func, scope, primed)
        updates = [self.except_update(u, scope, primed) for u in e.updates]
        ff = func.fn
        steps = tuple(fn for fn, _ in updates)

        def except_(env: Env) -> Value:
            f = ff(env)
            for step in steps:
                f = step(env, f)
            return f

        return C(except_, **deps(func, *(c for _, cs in updates for c in cs)))

    def except_update(self, u: ix.Update, scope: Scope, primed: bool) -> tuple[Any, list[C]]:
        keys: list[C] = []
        for sel in u.path:
            if isinstance(sel, ix.Field):
                keys.append(constant(sel.name))
            else:
                parts = [self.compile(a, scope, primed) for a in sel.args]
                keys.append(
                    parts[0]
                    if len(parts) == 1
                    else C(_tuple_of(tuple(p.fn for p in parts)), **deps(*parts))
                )
        at = self.ctx.alloc()
        value_scope = scope.child()
        value_scope.except_at = at
        value = self.compile(u.value, value_scope, primed)
        key_fns = tuple(k.fn for k in keys)
        fv, span = value.fn, u.span

        def update(env: Env, f: Value, depth: int = 0) -> Value:
            key = key_fns[depth](env)
            if not ops.in_domain(f, key, span):
                return f
            old = ops.apply(f, key, span)
            if depth + 1 == len(key_fns):
                env[at] = old
                new = fv(env)
            else:
                new = update(env, old, depth + 1)
            return ops.except_at(f, key, new, span)

        value_dep = C(fv, **deps(value, bound=frozenset({at})))
        return update, [*keys, value_dep]


def _tuple_of(fns: tuple[Fn, ...]) -> Fn:
    return lambda env: tuple([f(env) for f in fns])
