"""Positional sub-expression names: `Inv!2` is the second conjunct of Inv's body.

TLA+ names a part of a definition's body by the position of its operands (Specifying
Systems, section 17.3; `Init!1`, `Inv!2!3`, `T!:` for a theorem's statement). The
checker reads the forms that select operands of a 0-ary definition (`!n`, and `!:`),
which is what specs use outside proofs; the others (`!<<`, `!>>`, `!@`, `!(e)`, a
definition applied to arguments) are refused at their location. The selected part is
read where the definition is, and its free names are the definition's, so it is put in
place of the name (lang/instance.py calls this while it rewrites references).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from checker.diagnostics import CheckerError, error
from checker.lang import ast


def selection(
    e: ast.InstanceRef,
    reference: Callable[[ast.InstanceRef], ast.Expr],
    defs: Mapping[str, ast.OpDef],
) -> ast.Expr:
    """The expression `e` (`Inv!2`, `N!Init!1`) names: `reference` makes `N!Init` the
    name of its expanded definition; `defs` are the definitions seen so far."""
    for part in e.parts:
        if part.args:
            raise _applied(part)
    shown = "!".join(p.name for p in e.parts)
    ref: ast.Expr = ast.Name(e.parts[0].span, shown)
    if len(e.parts) > 1:
        ref = reference(ast.InstanceRef(e.span, e.parts))
    d = defs.get(ref.name) if isinstance(ref, (ast.Name, ast.Apply)) else None
    if d is None or d.params:
        what = "takes arguments" if d is not None else "is not a definition"
        raise error(
            "E201",
            f"`{shown}` {what}: a sub-expression name needs a definition without parameters",
            e.parts[-1].span,
        )
    return select(d, e.selectors, shown)


def select(d: ast.OpDef, selectors: tuple[ast.Selector, ...], name: str) -> ast.Expr:
    """The part of `d`'s body that `selectors` name."""
    e = d.body
    shown = name
    for sel in selectors:
        e = _step(e, sel, shown)
        shown += "!:" if sel.kind == ":" else f"!{sel.index}"
    return e


def _step(e: ast.Expr, sel: ast.Selector, shown: str) -> ast.Expr:
    if sel.kind == ":":
        return e
    if sel.kind != "index":
        form = "(...)" if sel.kind == "args" else sel.kind
        raise _unsupported(sel, f"the selector `!{form}`")
    operands = _operands(e)
    if operands is None:
        raise _unsupported(sel, f"selecting an operand of `{shown}` (not an operator application)")
    if not 1 <= sel.index <= len(operands):
        raise error(
            "E201",
            f"`{shown}` has {len(operands)} operand(s): there is no `{shown}!{sel.index}`",
            sel.span,
        )
    return operands[sel.index - 1]


def _operands(e: ast.Expr) -> tuple[ast.Expr, ...] | None:
    if isinstance(e, (ast.And, ast.Or)):
        return e.items
    if isinstance(e, ast.OpExpr) and len(e.args) > 2 and e.op != "\\X":
        # NOTE(flat-chains): `a + b + c` is read `(a + b) + c`
        rest = e.args[:-1]
        return ast.OpExpr(rest[0].span.through(rest[-1].span), e.op, rest), e.args[-1]
    if isinstance(e, (ast.OpExpr, ast.Apply)):
        return e.args
    if isinstance(e, ast.If):
        return (e.cond, e.then, e.else_)
    return None


def _unsupported(sel: ast.Selector, what: str) -> CheckerError:
    return error(
        "E106",
        f"{what} is not supported",
        sel.span,
        hint="write the part you need as a definition of its own",
    )


def _applied(part: ast.RefPart) -> CheckerError:
    return error(
        "E106",
        f"a sub-expression of `{part.name}` applied to arguments is not supported",
        part.span,
        hint="write the part you need as a definition of its own",
    )
