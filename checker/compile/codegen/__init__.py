"""Specialised successor code: Next, Init and the predicates compiled to Python source.

NOTE(codegen-fallback): generated functions are an optimisation of the closure
evaluator, which stays the reference. When generating meets a construct it does not
handle, that function is not generated (the closures are used); when a generated
function raises anything at run time, the model reruns the same computation with the
closures, which then return the value or raise the located diagnostic. Tests compare
both backends on every spec of the test suite. Set CHECKER_CODEGEN=0 to disable.

Every function left to the closures (a construct codegen does not handle, its source
would be too large, Python's compiler refused it: "too many statically nested blocks", a
RecursionError or MemoryError in compile(), or generation failed unexpectedly) is
recorded in `Generated.fallbacks`, which the model reports in the statistics and in
`check --json`'s "codegen" key, and as E509 warnings but for a construct: the results
are the same, but the speed is not, and the user is told why. At run time, a generated
function that raises where the closures succeed is a bug of the generator: counted
(`RuntimeStats`, "runtime_fallbacks") and, under CHECKER_CODEGEN_STRICT=1 (the whole
test suite), an internal error.

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
from typing import TYPE_CHECKING, Any

from checker.compile.action import ActionCompiler
from checker.compile.behaviour import Behaviour
from checker.compile.codegen import chooseruntime, fnruntime, memoruntime, runtime, scanruntime
from checker.compile.codegen.actiongen import ActionGen
from checker.compile.codegen.exprgen import ExprGen
from checker.compile.codegen.scopes import GScope
from checker.compile.codegen.source import NotGeneratable, Source, TooLarge
from checker.compile.context import Context
from checker.diagnostics import CheckerError, Diagnostic
from checker.lang import ast

if TYPE_CHECKING:
    from checker.compile.held import Conjuncts

Fn = Callable[..., Any]


@dataclass
class Generated:
    init: Fn | None = None
    next: Fn | None = None
    invariants: list[Fn | None] = field(default_factory=list)
    constraints: list[Fn | None] = field(default_factory=list)
    action_constraints: list[Fn | None] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # for debugging (CHECKER_DUMP)
    fallbacks: list[Fallback] = field(default_factory=list)  # NOTE(codegen-fallback)


@dataclass(frozen=True)
class Fallback:
    """A function left to the closures (NOTE(codegen-fallback)): for a construct the
    generator does not handle (`construct`: said by the statistics and `check --json`),
    or for its size or a failure of generation (also a warning)."""

    function: str  # "Init", "Next" or the predicate's name
    reason: str
    where: ast.Expr  # the definition's body
    construct: bool = False


class Unusable(Exception):
    """Generated code that cannot be used (the reason is its message)."""


class RuntimeFallback(AssertionError):
    """Under CHECKER_CODEGEN_STRICT=1 (the test suite): a generated function raised where
    the closures succeed, a bug of the generator (an internal error, exit 4)."""


class RuntimeStats:
    """How often a generated function raised where the closures then succeeded (a bug of
    the generator, NOTE(codegen-fallback)): counted and reported by `check --json`, and an
    internal error when `strict`. A generated function that raises where the closures
    raise too is not counted: the closures only locate the spec's own error."""

    __slots__ = ("count", "first", "strict")

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.count = 0
        self.first: dict[str, str] = {}  # function -> its first exception, as text

    def fell_back(self, function: str, exc: Exception) -> None:
        self.count += 1
        self.first.setdefault(function, f"{type(exc).__name__}: {exc}")
        if self.strict:
            raise RuntimeFallback(
                f"generated code for {function} raised {type(exc).__name__}: {exc}, "
                "where the closures succeed"
            ) from exc


def strict() -> bool:
    """CHECKER_CODEGEN_STRICT=1: a runtime fallback is an internal error (for tests)."""
    return os.environ.get("CHECKER_CODEGEN_STRICT", "0") == "1"


def enabled() -> bool:
    return os.environ.get("CHECKER_CODEGEN", "1") != "0"


Pred = tuple[str, ast.OpDef, str]  # a predicate's name, definition and module


def generate(
    ctx: Context,
    init: ActionCompiler,
    nxt: ActionCompiler,
    init_beh: Behaviour,
    next_beh: Behaviour,
    invariants: list[Pred],
    constraints: list[Pred],
    action_constraints: list[Pred],
    conjuncts: list[Conjuncts] | None = None,
) -> Generated:
    """`conjuncts`: per invariant, its conjuncts' supports (NOTE(conjunct-support))."""
    helpers()  # E529 before any function: not a reason to leave one to the closures
    g = Generated()
    g.init = _action(ctx, g, "init_states", init, init_beh.body, init_beh.module)
    g.next = _action(ctx, g, "successors", nxt, next_beh.body, next_beh.module)
    parts = conjuncts or [None] * len(invariants)
    g.invariants = [
        _predicate(ctx, g, p, False, c, _earlier(invariants[:i], p))
        for i, (p, c) in enumerate(zip(invariants, parts, strict=True))
    ]
    g.constraints = [_predicate(ctx, g, p, False) for p in constraints]
    g.action_constraints = [_predicate(ctx, g, p, True) for p in action_constraints]
    return g


def _action(
    ctx: Context, g: Generated, name: str, closure: ActionCompiler, body: ast.Expr, module: str
) -> Fn | None:
    reason = ""
    for walrus in (True, False):  # NOTE(let-binding)
        src = Source()
        src.depth = 1
        try:
            ActionGen(ctx, src, closure, walrus).function("step", body, module)
            return build(ctx, g, name, src)
        except Unusable as exc:
            reason = str(exc)  # then again without `:=`
        except Exception as exc:  # NotGeneratable, or anything unforeseen: the closures
            _left(g, name, body, exc)
            return None
    g.fallbacks.append(Fallback(_WHAT.get(name, name), reason, body))
    return None


_WHAT = {"init_states": "Init", "successors": "Next"}


def _left(g: Generated, name: str, where: ast.Expr, exc: Exception) -> None:
    """The closures evaluate `name`, and the model says so (NOTE(codegen-fallback)):
    a construct the generator does not handle, the size, or a failure of generation."""
    construct = isinstance(exc, NotGeneratable) and not isinstance(exc, TooLarge)
    if construct:  # RecursionFound too, where no reference took it (defgen.py)
        reason = f"the code generator does not handle {exc}"
    else:
        reason = str(exc) if isinstance(exc, TooLarge) else _failure(exc)
    g.fallbacks.append(Fallback(_WHAT.get(name, name), reason, where, construct))


def _failure(exc: BaseException) -> str:
    text = (exc.msg if isinstance(exc, SyntaxError) else str(exc)).split("\n")[0]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _earlier(before: list[Pred], pred: Pred) -> frozenset[str]:
    """NOTE(earlier-invariant): the names of the invariants checked before `pred`, defined
    in its module: a conjunct of `pred` that is one of them held already where `pred` is
    evaluated (invariants are evaluated in their order, each only if those before held:
    `Model.violated_invariant` and every path it takes), so it is not evaluated again
    (`Inv == TypeOK /\\ ...` checked after TypeOK, the inductive-invariant idiom)."""
    return frozenset(name for name, _, module in before if module == pred[2])


def _predicate(
    ctx: Context,
    g: Generated,
    pred: Pred,
    action: bool,
    conjuncts: Conjuncts = None,
    earlier: frozenset[str] = frozenset(),
) -> Fn | None:
    name, d, _ = pred
    reason = ""
    for walrus in (True, False):  # NOTE(let-binding)
        try:
            return _predicate_with(ctx, g, pred, action, walrus, conjuncts, earlier)
        except Unusable as exc:
            reason = str(exc)
        except Exception as exc:  # NotGeneratable, or anything unforeseen: the closures
            _left(g, name, d.body, exc)
            return None
    g.fallbacks.append(Fallback(name, reason, d.body))
    return None


def _predicate_with(
    ctx: Context,
    g: Generated,
    pred: Pred,
    action: bool,
    walrus: bool,
    conjuncts: Conjuncts,
    earlier: frozenset[str] = frozenset(),
) -> Fn:
    """`def step(state, nxt)` for an action predicate, `def step(state, parent=None)` for
    a state predicate: `parent`, a state whose invariants held and of which `state` is a
    successor, skips the conjuncts reading only variables the step left as they were
    (`conjuncts`: their supports, NOTE(conjunct-support))."""
    name, d, module = pred
    src = Source()
    src.depth = 1
    n = ctx.nvars
    eg = ExprGen(ctx, src, "action" if action else "state", walrus)
    items = d.body.items if isinstance(d.body, ast.And) else ()
    split = conjuncts is not None and len(items) == len(conjuncts)
    supports = conjuncts if conjuncts is not None and split else [None] * len(items)
    held = [isinstance(item, ast.Name) and item.name in earlier for item in items]
    if split or any(held):
        parts = []
        for item, support, known in zip(items, supports, held, strict=True):
            if known:
                continue  # NOTE(earlier-invariant): held already
            part = eg.boolean(item, GScope(module), False, frozenset(range(n)))
            if support:
                same = " and ".join(f"s{i} is t{i}" for i in sorted(support))
                part = f"(({same}) or {part})"
            parts.append(part)
        code = "(" + " and ".join(parts) + ")" if parts else "True"
    else:
        code = eg.boolean(d.body, GScope(module), False, frozenset(range(n)))
    with src.block("def step(state, nxt):" if action else "def step(state, parent=None):"):
        if n:
            src.line(f"{''.join(f's{i}, ' for i in range(n))}= state")
            if action:
                src.line(f"{''.join(f'p{i}, ' for i in range(n))}= nxt")
            if split:  # LAZY is never a variable's value: no conjunct skipped
                none = "(" + f"{src.helper('LAZY')}, " * n + ")"
                src.line(
                    f"{''.join(f't{i}, ' for i in range(n))}= {none} if parent is None else parent"
                )
        src.line(f"return {code}")
    return build(ctx, g, f"{name}", src)


def helpers() -> dict[str, Any]:
    """The names generated code calls. The C ones (FastPath kinds) are asked of the
    compiled extension by name: one it lacks is an extension built from an older source
    than the package (an editable install not rebuilt), E529, never a reason to evaluate
    without generated code."""
    try:
        return (
            runtime.namespace()
            | fnruntime.namespace()
            | memoruntime.namespace()
            | chooseruntime.namespace()
            | scanruntime.namespace()
        )
    except ValueError as exc:  # FastPath(kind, slow): a kind the extension does not have
        raise CheckerError(
            (
                Diagnostic(
                    "E529",
                    f"the compiled extension checker._native is older than the package: {exc}",
                    hint="build it again: pip install -e . in the checkout (or reinstall)",
                ),
            )
        ) from None


def build(ctx: Context, g: Generated, name: str, src: Source) -> Fn:
    """The function `src` defines; Unusable if Python refuses it."""
    header = ["def make(K):"]
    if src.consts:
        names = ", ".join(f"k{i}" for i in range(len(src.consts)))
        header.append(f"    {names}, = K")
    text = "\n".join(header) + "\n" + src.text() + "    return step\n"
    g.sources[name] = text
    namespace = helpers()
    try:
        code = compile(text, f"<checker generated {len(g.sources)}>", "exec")
        exec(code, namespace)  # our own generated source: NOTE(codegen-safety)
        made: Fn = namespace["make"](src.consts)
    except (SyntaxError, RecursionError, MemoryError) as exc:  # refused by Python's compiler
        raise Unusable(f"Python's compiler refused it ({_failure(exc)})") from None
    return made
