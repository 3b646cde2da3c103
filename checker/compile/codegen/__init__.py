"""Specialised successor code: Next, Init and the predicates compiled to Python source.

NOTE(codegen-fallback): generated functions are an optimisation of the closure
evaluator, which stays the reference. When generating meets a construct it does not
handle, that function is not generated (the closures are used); when a generated
function raises anything at run time, the model reruns the same computation with the
closures, which then return the value or raise the located diagnostic. Tests compare
both backends on every spec of the test suite. Set CHECKER_CODEGEN=0 to disable.

Generated source is built only from our own identifiers (NOTE(codegen-safety) in
source.py) and compiled once per model: worker processes inherit it when forked.

NOTE(let-binding): a LET value, an inlined operator's argument or a hoisted domain is bound
with an assignment expression, `((q1 := value) is q1 and body)`, which costs less than
calling a new lambda. Python refuses `:=` in a comprehension's iterable; a function whose
source Python refuses is generated again with lambdas, `(lambda q1: body)(value)`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from checker.compile.action import ActionCompiler
from checker.compile.behaviour import Behaviour
from checker.compile.codegen import runtime
from checker.compile.codegen.actiongen import ActionGen
from checker.compile.codegen.exprgen import ExprGen
from checker.compile.codegen.scopes import GScope
from checker.compile.codegen.source import Source
from checker.compile.context import Context
from checker.lang import ast

Fn = Callable[..., Any]


@dataclass
class Generated:
    init: Fn | None = None
    next: Fn | None = None
    invariants: list[Fn | None] = field(default_factory=list)
    constraints: list[Fn | None] = field(default_factory=list)
    action_constraints: list[Fn | None] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # for debugging (CHECKER_DUMP)


def enabled() -> bool:
    return os.environ.get("CHECKER_CODEGEN", "1") != "0"


def generate(
    ctx: Context,
    init: ActionCompiler,
    nxt: ActionCompiler,
    init_beh: Behaviour,
    next_beh: Behaviour,
    invariants: list[tuple[str, ast.OpDef, str]],
    constraints: list[tuple[str, ast.OpDef, str]],
    action_constraints: list[tuple[str, ast.OpDef, str]],
) -> Generated:
    g = Generated()
    g.init = _action(ctx, g, "init_states", init, init_beh.body, init_beh.module)
    g.next = _action(ctx, g, "successors", nxt, next_beh.body, next_beh.module)
    g.invariants = [_predicate(ctx, g, n, d, m, False) for n, d, m in invariants]
    g.constraints = [_predicate(ctx, g, n, d, m, False) for n, d, m in constraints]
    g.action_constraints = [_predicate(ctx, g, n, d, m, True) for n, d, m in action_constraints]
    return g


def _action(
    ctx: Context, g: Generated, name: str, closure: ActionCompiler, body: ast.Expr, module: str
) -> Fn | None:
    for walrus in (True, False):  # NOTE(let-binding)
        src = Source()
        src.depth = 1
        try:
            ActionGen(ctx, src, closure, walrus).function("step", body, module)
        except Exception:  # NotGeneratable, or anything unforeseen: keep the closures
            return None
        made = _build(ctx, g, name, src)
        if made is not None:
            return made
    return None


def _predicate(
    ctx: Context, g: Generated, name: str, d: ast.OpDef, module: str, action: bool
) -> Fn | None:
    for walrus in (True, False):  # NOTE(let-binding)
        made = _predicate_with(ctx, g, name, d, module, action, walrus)
        if made is not None:
            return made
    return None


def _predicate_with(
    ctx: Context, g: Generated, name: str, d: ast.OpDef, module: str, action: bool, walrus: bool
) -> Fn | None:
    src = Source()
    src.depth = 1
    n = ctx.nvars
    eg = ExprGen(ctx, src, "action" if action else "state", walrus)
    try:
        code = eg.boolean(d.body, GScope(module), False, frozenset(range(n)))
    except Exception:  # NotGeneratable, or anything unforeseen: keep the closures
        return None
    with src.block("def step(state, nxt):" if action else "def step(state):"):
        if n:
            src.line(f"{''.join(f's{i}, ' for i in range(n))}= state")
            if action:
                src.line(f"{''.join(f'p{i}, ' for i in range(n))}= nxt")
        src.line(f"return {code}")
    return _build(ctx, g, f"{name}", src)


def _build(ctx: Context, g: Generated, name: str, src: Source) -> Fn | None:
    header = ["def make(K):"]
    if src.consts:
        names = ", ".join(f"k{i}" for i in range(len(src.consts)))
        header.append(f"    {names}, = K")
    text = "\n".join(header) + "\n" + src.text() + "    return step\n"
    g.sources[name] = text
    namespace = runtime.namespace()
    try:
        code = compile(text, f"<checker generated {len(g.sources)}>", "exec")
        exec(code, namespace)  # our own generated source: NOTE(codegen-safety)
        made: Fn = namespace["make"](src.consts)
    except Exception:  # e.g. too deeply nested for Python's compiler: keep the closures
        return None
    return made
