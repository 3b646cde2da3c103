"""What a spec may read and write of TLC's runtime: TLCGet and TLCSet (module TLC),
TLCGetOrDefault and TLCGetAndSet (TLCExt). TLCGet("level") is the Context's level cell
(NOTE(tlcget-level) in model.py); the rest is here.

NOTE(tlc-registers): TLC keeps one set of registers per worker thread; TLCSet(i, v)
evaluated in an ASSUME sets register i of every worker, TLCSet during the search the
evaluating worker's, TLCGet(i) reads them (an error if never set). With one worker they are
variables outside the state, updated in the order TLC evaluates: the states of one level
in order, each state's Next, then the invariants of its successors, the conjuncts and
disjuncts left to right; our sequential search evaluates in that order (engine/kernel.py).
With several workers each would have its own registers and the result would depend on
scheduling, so a spec that calls TLCSet is refused with `--workers` > 1
(`Runtime.writes`, checked before the search) rather than checked differently from one
run to the next. Keys are integers >= 0 and strings starting "s:" (TLC's named
registers); TLCSet("exit", ...) and ("pause", ...) steer TLC's search and are refused.

TLCGet("config") is TLC's record of its options as far as they mean something here:
mode "bfs", deadlock (CHECK_DEADLOCK), worker (the number of workers) and seed (of
Randomization); TLC's "fingerprint" (its polynomial) and "install" (the jar's path) have no
counterpart and are left out. TLCGet("-Dname") reads a Java system property in TLC, the
key itself when unset: so it is here, except "-Dtlc2.tool.impl.Tool.cdot" (TLC's switch
for `\\cdot`, which we implement) which is "true". After a complete search, a
POSTCONDITION may read the search's figures: "distinct", "generated", "diameter", "queue"
and "stats" (a record of these; TLC's "initial", "duration" and "worker" fields are left
out). During the search
they depend on the order states are explored, which is not TLC's, and reading them is an
error at its place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from checker.compile.errors import EvalError
from checker.diagnostics import Span
from checker.values import Value, make_record, render

_STEERING = {
    "exit": 'TLCSet("exit", ...) stops TLC\'s search midway; use --max-states or --max-depth',
    "pause": 'TLCSet("pause", ...) waits for a key press',
}
# TLC's switch for its action composition, which we implement (compile/action_forms.py)
_CDOT_PROPERTY = "-Dtlc2.tool.impl.Tool.cdot"
_DURING = {"distinct", "generated", "diameter", "queue", "stats"}
_NEVER = {
    "duration": "it reads the clock, which would make runs irreproducible",
    "spec": "it describes TLC's internal decomposition of the spec",
    "revision": "it describes TLC's build",
    "action": "TLC fills it only when simulating or debugging",
    "all": "it reads every worker's registers",
    "all:named": "it reads every worker's registers",
}


@dataclass(frozen=True)
class Figures:
    """The figures of a finished search, as a POSTCONDITION reads them."""

    distinct: int
    generated: int
    diameter: int

    def items(self) -> list[tuple[str, Value]]:
        return [
            ("queue", 0),
            ("distinct", self.distinct),
            ("generated", self.generated),
            ("diameter", self.diameter),
        ]

    def get(self, key: str) -> Value:
        """TLCGet(key) for a key of _DURING ("stats": the record of the others)."""
        return make_record(self.items()) if key == "stats" else dict(self.items())[key]


@dataclass
class Runtime:
    """One model's registers and run facts (NOTE(tlc-registers))."""

    workers: int = 1
    deadlock: bool = True
    seed: int = 0
    registers: dict[Value, Value] = field(default_factory=dict)
    writes: Span | None = None  # the first TLCSet compiled: none with --workers > 1
    figures: Figures | None = None  # set once the search is complete, for POSTCONDITIONs
    compiling_postcondition: bool = False

    def config(self) -> Value:
        return make_record(
            [
                ("mode", "bfs"),
                ("deadlock", self.deadlock),
                ("worker", self.workers),
                ("seed", str(self.seed)),
            ]
        )


def register_key(key: Value, what: str, span: Span | None) -> Value:
    """A register's key, or an error at `span` (TLC's message for a bad one)."""
    if type(key) is int and key >= 0:
        return key
    if type(key) is str and key.startswith("s:"):
        return key
    raise EvalError(
        "E401",
        f"the first argument of {what} should be a nonnegative integer or a string starting "
        f'"s:", but it is {render(key)}',
        span,
    )


def check_constant_key(rt: Runtime, key: Value, span: Span | None) -> None:
    """A key known when compiling: refused then (a load-time error) where it would be at
    every evaluation."""
    if type(key) is not str or key.startswith(("s:", "-D")) or key == "config":
        return
    if key in _DURING and (rt.compiling_postcondition or rt.figures is not None):
        return
    _named(rt, key, span)


def tlc_get(rt: Runtime, key: Value, span: Span | None) -> Value:
    """TLCGet(key), "level" excepted (the Context's level cell)."""
    if type(key) is str and not key.startswith("s:"):
        return _named(rt, key, span)
    k = register_key(key, "TLCGet", span)
    if k not in rt.registers:
        raise EvalError("E409", f"TLCGet({render(key)}) is undefined: no TLCSet set it", span)
    return rt.registers[k]


def _named(rt: Runtime, key: str, span: Span | None) -> Value:
    if key == "config":
        return rt.config()
    if key.startswith("-D"):  # a Java system property: TLC gives the key itself when unset
        return "true" if key == _CDOT_PROPERTY else key
    if key in _DURING:
        if rt.figures is None:
            raise EvalError(
                "E106",
                f'TLCGet("{key}") is only available in a POSTCONDITION: during the search '
                "it depends on the order states are explored",
                span,
            )
        return rt.figures.get(key)
    reason = _NEVER.get(key, "TLC has no such key")
    raise EvalError("E106", f'TLCGet("{key}") is not supported: {reason}', span)


def tlc_set(rt: Runtime, key: Value, value: Value, span: Span | None) -> Value:
    if type(key) is str and key in _STEERING:
        raise EvalError("E106", f"`TLCSet` is refused here: {_STEERING[key]}", span)
    rt.registers[register_key(key, "TLCSet", span)] = value
    return True


def get_or_default(rt: Runtime, key: Value, default: Value, span: Span | None) -> Value:
    """TLCExt's TLCGetOrDefault(key, default)."""
    return rt.registers.get(register_key(key, "TLCGetOrDefault", span), default)


def get_and_set(
    rt: Runtime,
    key: Value,
    op: Callable[[Value, Value], Value],
    value: Value,
    default: Value,
    span: Span | None,
) -> Value:
    """TLCExt's TLCGetAndSet(key, Op, val, default): the old value (or `default`), and the
    register set to Op(old, val)."""
    k = register_key(key, "TLCGetAndSet", span)
    old = rt.registers.get(k, default)
    rt.registers[k] = op(old, value)
    return old
