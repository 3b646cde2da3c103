"""NOTE(state-memo): a global function definition read several times in one state is
computed once for that state, never where that could change a result or an output."""

from __future__ import annotations

from checker.compile.scope import UNSET, C, Env, constant, once_per_state
from checker.diagnostics import SourceFile
from checker.engine.bfs import explore
from checker.engine.result import Options, SilentObserver
from checker.pipeline import build_model
from checker.values import Value


def _counting() -> tuple[list[int], C]:
    calls = [0]

    def fn(env: Env) -> Value:
        calls[0] += 1
        return env[0] + 1

    return calls, C(fn, state=True)


def test_computed_once_per_combination_of_the_variables() -> None:
    calls, c = _counting()
    once = once_per_state(c, 1)
    env: Env = [40, UNSET, None]
    assert once.fn(env) == 41
    env[2] = "a slot bound inside the definition"
    assert once.fn(env) == 41
    assert calls == [1]
    env[0] = 41  # another state
    assert once.fn(env) == 42
    assert calls == [2]
    env[1] = 7  # a primed variable assigned
    assert once.fn(env) == 42
    assert calls == [3]


def test_not_for_impure_free_or_constant_values() -> None:
    _, c = _counting()
    impure = C(c.fn, state=True, pure=False)
    free = C(c.fn, state=True, free=frozenset({5}))
    const = constant(3)
    for kept in (impure, free, const):
        assert once_per_state(kept, 1) is kept


def _run(spec: str, out: list[str]) -> tuple[int, int]:
    text = f"---- MODULE M ----\nEXTENDS Naturals, Sequences, TLC\n{spec}\n====\n"
    model = build_model(
        SourceFile("M.tla", text), SourceFile("M.cfg", "INIT Init\nNEXT Next\n"), out.append
    )
    search, found, limit, error = explore(model, Options(), SilentObserver())
    assert (found, limit, error) == (None, None, None)
    return len(search.store), search.stats.depth


def test_a_function_read_twice_per_state_gives_the_same_states() -> None:
    spec = (
        "VARIABLE x\n"
        "f[i \\in 1..3] == (x + i) % 4\n"
        "Init == x = 0\n"
        "Next == x' = f[1] /\\ f[2] # f[3]\n"
    )
    assert _run(spec, []) == (4, 4)


def test_print_in_a_lambda_of_selectseq_still_prints_at_each_reference() -> None:
    """SelectSeq's test may Print: the function is impure and is not memoized."""
    spec = (
        "VARIABLE x\n"
        "f[i \\in 1..2] == SelectSeq(<<x>>, LAMBDA e : PrintT(i))\n"
        "Init == x = 0\n"
        "Next == \\/ x < 1 /\\ f[1] = f[2] /\\ x' = x + 1\n"
        "        \\/ x = 1 /\\ UNCHANGED x\n"
    )
    out: list[str] = []
    assert _run(spec, out) == (2, 2)
    assert out == ["1", "2", "1", "2"]
