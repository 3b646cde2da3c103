"""Print AST expressions back as TLA+ text, fully parenthesised (for messages and tests)."""

from __future__ import annotations

from checker.lang import ast
from checker.lang.optable import INFIX, POSTFIX, is_symbol
from checker.numerals import decimal
from checker.values.render import render_string


def show(e: ast.Expr) -> str:
    """TLA+ text for `e`; every compound sub-expression is parenthesised."""
    match e:
        case ast.Name(name=name):
            return name
        case ast.Num(value=v):
            return decimal(v, None)
        case ast.Str(value=v):
            return render_string(v)
        case ast.Bool(value=v):
            return "TRUE" if v else "FALSE"
        case ast.Apply(name=name, args=args) if is_symbol(name):
            return _op(ast.OpExpr(e.span, name, args))
        case ast.Apply(name=name, args=args):
            return f"{name}({_list(args)})"
        case ast.OpExpr():
            return _op(e)
        case ast.And(items=items):
            return "(" + " /\\ ".join(show(i) for i in items) + ")"
        case ast.Or(items=items):
            return "(" + " \\/ ".join(show(i) for i in items) + ")"
        case ast.Quant(kind=kind, bounds=bounds, body=body):
            return f"(\\{kind} {_bounds(bounds)} : {show(body)})"
        case ast.Choose(bound=bound, body=body):
            return f"(CHOOSE {_bound(bound)} : {show(body)})"
        case ast.If(cond=c, then=t, else_=f):
            return f"(IF {show(c)} THEN {show(t)} ELSE {show(f)})"
        case ast.Case(arms=arms, other=other):
            parts = [f"{show(c)} -> {show(v)}" for c, v in arms]
            if other is not None:
                parts.append(f"OTHER -> {show(other)}")
            return "(CASE " + " [] ".join(parts) + ")"
        case ast.Let(defs=defs, body=body):
            return "(LET " + " ".join(show_unit(d) for d in defs) + f" IN {show(body)})"
        case _:
            return _compound(e)


def _compound(e: ast.Expr) -> str:
    match e:
        case ast.SetEnum(items=items):
            return "{" + _list(items) + "}"
        case ast.SetFilter(bound=b, pred=p):
            return "{" + f"{_bound(b)} : {show(p)}" + "}"
        case ast.SetMap(expr=x, bounds=bs):
            return "{" + f"{show(x)} : {_bounds(bs)}" + "}"
        case ast.FuncCons(bounds=bs, body=body):
            return f"[{_bounds(bs)} |-> {show(body)}]"
        case ast.FuncSet(dom=d, rng=r):
            return f"[{show(d)} -> {show(r)}]"
        case ast.FuncApp(func=f, args=args):
            return f"{show(f)}[{_list(args)}]"
        case ast.Except(func=f, updates=ups):
            return f"[{show(f)} EXCEPT " + ", ".join(_update(u) for u in ups) + "]"
        case ast.At():
            return "@"
        case ast.Record(fields=fs):
            return "[" + ", ".join(f"{n} |-> {show(v)}" for n, v in fs) + "]"
        case ast.RecordSet(fields=fs):
            return "[" + ", ".join(f"{n} : {show(v)}" for n, v in fs) + "]"
        case ast.FieldAccess(expr=x, name=n):
            return f"{show(x)}.{n}"
        case ast.Tuple(items=items):
            return f"<<{_list(items)}>>"
        case ast.ActionBox(action=a, sub=s, angle=angle):
            return f"<<{show(a)}>>_{show(s)}" if angle else f"[{show(a)}]_{show(s)}"
        case ast.Fairness(kind=k, sub=s, action=a):
            return f"{k}_{show(s)}({show(a)})"
        case ast.Lambda(params=ps, body=b):
            return f"(LAMBDA {', '.join(ps)} : {show(b)})"
        case ast.InstanceRef(parts=parts):
            return "!".join(f"{p.name}({_list(p.args)})" if p.args else p.name for p in parts)
        case ast.Unsupported(what=w):
            return f"<unsupported: {w}>"
    raise TypeError(f"cannot print {type(e).__name__}")


def _op(e: ast.OpExpr) -> str:
    """Operators in their own syntax: `(a + b)`, `(-a)`, `(SUBSET S)`, `x'`, `(x^+)`."""
    op, args = e.op, e.args
    if op == "'":
        return f"{show(args[0])}'"
    if op in POSTFIX and len(args) == 1:
        return f"({show(args[0])}{op})"
    if op == "-.":
        return f"(-{show(args[0])})"
    if op == "\\X":
        return "(" + " \\X ".join(show(a) for a in args) + ")"
    if len(args) == 1:
        sep = " " if op[-1].isalpha() else ""
        return f"({op}{sep}{show(args[0])})"
    # `((a + b) + c)`: a chain read left to right (NOTE(flat-chains))
    return "(" * (len(args) - 1) + show(args[0]) + "".join(f" {op} {show(a)})" for a in args[1:])


def _list(items: tuple[ast.Expr, ...]) -> str:
    return ", ".join(show(i) for i in items)


def _bound(b: ast.Bound) -> str:
    names = ", ".join(b.names)
    head = f"<<{names}>>" if b.is_tuple else names
    return head if b.domain is None else f"{head} \\in {show(b.domain)}"


def _bounds(bs: tuple[ast.Bound, ...]) -> str:
    return ", ".join(_bound(b) for b in bs)


def _update(u: ast.ExceptUpdate) -> str:
    path = "".join(
        f".{p.name}" if isinstance(p, ast.FieldSel) else f"[{_list(p.args)}]" for p in u.path
    )
    return f"!{path} = {show(u.value)}"


def show_unit(u: ast.Unit) -> str:
    """TLA+ text for a definition (other units print as a short description)."""
    match u:
        case ast.OpDef(name=n, params=ps, body=b) if is_symbol(n):
            names = [p.name for p in ps]
            return f"{_lhs(n, names)} == {show(b)}"
        case ast.OpDef(name=n, params=ps, body=b):
            args = "(" + ", ".join(_param(p) for p in ps) + ")" if ps else ""
            return f"{n}{args} == {show(b)}"
        case ast.FuncDef(name=n, bounds=bs, body=b):
            return f"{n}[{_bounds(bs)}] == {show(b)}"
        case ast.Recursive(name=n, arity=k):
            return f"RECURSIVE {n}({', '.join('_' * k)})" if k else f"RECURSIVE {n}"
    return type(u).__name__


def _lhs(op: str, names: list[str]) -> str:
    """An operator symbol applied to names, as on the left of a definition."""
    if op in INFIX and len(names) == 2:
        return f"{names[0]} {op} {names[1]}"
    if op in POSTFIX:
        return f"{names[0]} {op}"
    return f"{op} {names[0]}"


def _param(p: ast.Param) -> str:
    if is_symbol(p.name):
        return _lhs(p.name, ["_", "_"])
    return f"{p.name}({', '.join('_' * p.arity)})" if p.arity else p.name
