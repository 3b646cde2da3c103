"""Generated successor code computing less without changing anything: CHOOSE x \\in S :
TRUE as the canonical first element found in C (FIRST), and LET values memoised for the
whole search where they read nothing of the state (NOTE(state-free-memo)); the states,
successors and verdicts are the closures' (CHECKER_CODEGEN=0)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from checker.compile.codegen import memoruntime, runtime
from checker.pipeline import load_model
from checker.values import Interval, ModelValue, canon_sorted, make_fcn, make_record
from tests.engine.test_fast_paths import both_backends, outcome

NS = runtime.namespace()
P1, P2 = ModelValue("p1"), ModelValue("p2")

FIRST_SETS: list[Any] = [
    frozenset(),
    frozenset({3}),
    frozenset({3, -1, 10**30, -(10**30), 7}),
    frozenset({"b", "a", "ab", ""}),
    frozenset({True, False}),
    frozenset({True, 2, "a", P2, P1}),
    frozenset({(2, 1), (1, 2), (1, 1, 0), (), (1,), ("a", True), (P1, 0)}),
    frozenset({(1, 2), (True, 1), (False, 3)}),
    frozenset({(1,), 5, "z", (0, 0), P1, False}),  # tuples rank above scalars
    frozenset({(10**30,), (-(10**30),), (3,), (2**63, 1), (2**63, 0)}),
    frozenset({("b", P2), ("b", P1), ("a", P2)}),
    frozenset({frozenset({2}), frozenset({1, 3}), frozenset()}),  # sets: sorted, as ever
    frozenset({make_record([("a", 2)]), make_record([("a", 1)])}),
    frozenset({((1, 2), 3), ((1, 1), 4)}),  # a tuple of tuples: sorted
    frozenset({Interval(1, 2), frozenset({1})}),
    Interval(3, 5),  # not a frozenset: the helper's
    Interval(5, 3),
    7,
    (1, 2),
]


@pytest.mark.parametrize("s", FIRST_SETS, ids=[f"case{i}" for i in range(len(FIRST_SETS))])
def test_first_is_the_helpers_and_the_canonical_first_element(s: Any) -> None:
    fast = outcome(NS["FIRST"], s)
    assert fast == outcome(runtime.first, s)
    if type(s) is frozenset and s:
        first = canon_sorted(s)[0]
        assert fast == (type(first).__name__, first)
        assert type(fast[1]) is type(first)  # TRUE is not taken for 1
    elif type(s) is frozenset:
        assert fast == ("raised", "Fallback")


def spec_files(tmp_path: Path, name: str, text: str, cfg: str) -> Path:
    spec = tmp_path / f"{name}.tla"
    spec.write_text(text)
    (tmp_path / f"{name}.cfg").write_text(cfg)
    return spec


def explored(spec: Path, monkeypatch: pytest.MonkeyPatch, codegen: str) -> list[Any]:
    """Every reachable state's fingerprint with its successors' labels and fingerprints,
    in the order the search meets them (fingerprints tell TRUE from 1)."""
    monkeypatch.setenv("CHECKER_CODEGEN", codegen)
    m = load_model(spec)
    seen: set[int] = set()
    todo = list(m.init_states())
    out: list[Any] = []
    while todo:
        s = todo.pop(0)
        fp = m.fingerprint(s)
        if fp in seen:
            continue
        seen.add(fp)
        nxt = m.successors(s)
        out.append((fp, [(label, m.fingerprint(t)) for label, t in nxt]))
        todo.extend(t for _, t in nxt)
    assert m.runtime_fallbacks() == 0
    return out


SUM = """---- MODULE Sum ----
EXTENDS Naturals
VARIABLE x
RECURSIVE Sum(_, _)
Sum(f, S) == IF S = {} THEN 0 ELSE LET e == CHOOSE e \\in S : TRUE IN f[e] + Sum(f, S \\ {e})
Score(p) == LET near == {<<p[1] + d, p[2]>> : d \\in {0, 1, 2}}
            IN Sum([q \\in near |-> (q[1] * q[2]) % 5], near)
Init == x = 0
Next == \\E p \\in {<<x, 1>>, <<x % 3, 2>>} : x' = (x + Score(p) + EXTRA) % 13
Inv == x \\in 0..12
====
"""


@pytest.mark.parametrize(
    "extra", ["1", "Sum([t \\in {{x}} |-> 1], {{x}})", "CHOOSE y \\in {} : TRUE"]
)
def test_first_elements_and_held_memos_agree_with_the_closures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str
) -> None:
    """GameOfLife's pattern: a RECURSIVE sum taking the CHOOSE of a set of tuples (FIRST),
    over a LET set built from a bound variable only (one memo for the search, its dict a
    constant of the generated function); a set of sets takes the sorting path; CHOOSE
    from the empty set is the closures' error."""
    spec = spec_files(
        tmp_path, "Sum", SUM.replace("EXTRA", extra), "INIT Init\nNEXT Next\nINVARIANT Inv\n"
    )
    src = load_model(spec).generated.sources["successors"]
    assert "FIRST(" in src and "CHOOSE(" not in src
    assert re.search(r"MEMO_KEEP\(k\d+, b\d+, SET_OF", src)
    assert not re.search(r"\bm\d+ = \{\}", src)  # no memo made again in every step
    results = [both_backends(spec, monkeypatch, codegen) for codegen in ("1", "0")]
    assert results[0] == results[1]
    assert results[0][0] == ("error" if "{}" in extra else "ok")
    if "{}" not in extra:
        assert explored(spec, monkeypatch, "1") == explored(spec, monkeypatch, "0")


BOOL_KEYS = """---- MODULE BoolKeys ----
EXTENDS Naturals
VARIABLE n, y
Init == n = 0 /\\ y = {}
Next == /\\ n < 6
        /\\ n' = n + 1
        /\\ \\E e \\in {IF n % 2 = 0 THEN 1 ELSE TRUE} :
             LET s == {<<e, i>> : i \\in 1..2} IN y' = s
====
"""


def test_a_held_memo_tells_true_from_1_across_states(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A memo held for the search is keyed by values of the states: the entry for 1 is
    not the value for TRUE (NOTE(bool-int)), as the closures' states show."""
    spec = spec_files(tmp_path, "BoolKeys", BOOL_KEYS, "INIT Init\nNEXT Next\n")
    assert "MEMO_KEEP(k" in load_model(spec).generated.sources["successors"]
    gen, ref = (explored(spec, monkeypatch, c) for c in ("1", "0"))
    assert gen == ref and len(gen) == 7


def test_a_held_memo_stays_bounded() -> None:
    memo: dict[Any, Any] = {}
    keep = memoruntime.namespace()["MEMO_KEEP"]
    for i in range(memoruntime.MEMO_HELD_MAX):
        assert keep(memo, i, -i) == -i
    assert len(memo) == memoruntime.MEMO_HELD_MAX
    assert keep(memo, "new", 1) == 1
    assert memo == {"new": ("new", 1)}


LEVEL = """---- MODULE Level ----
EXTENDS Naturals, TLC
VARIABLE x
Init == x = 0
Next == \\E j \\in 0..9 :
          /\\ x < 60
          /\\ x' = CHOOSE v \\in {TLCGet("level") * 10 + j * i : i \\in {1, 2}} : TRUE
====
"""


def test_sets_reading_the_level_are_not_memoised_across_states(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TLCGet("level") reads a cell the search updates: a set built from it is not the
    same in every state (it was memoised for the search: 11 states instead of 61)."""
    spec = spec_files(tmp_path, "Level", LEVEL, "INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n")
    src = load_model(spec).generated.sources["successors"]
    assert "setdefault" not in src and "MEMO_KEEP" not in src
    results = [both_backends(spec, monkeypatch, codegen) for codegen in ("1", "0")]
    assert results[0] == results[1] == (("ok", 61, 511, None))


UNION_SETS: list[Any] = [
    frozenset(),
    frozenset({frozenset()}),
    frozenset({frozenset({(1, 2), (1, 3)}), frozenset({(0, 0)}), frozenset({(1, 2)})}),
    frozenset({frozenset({1, "a"}), frozenset({P1, 2})}),
    frozenset({frozenset({1}), frozenset({True})}),  # TRUE meets 1: the helper's error
    frozenset({frozenset({(1,)}), frozenset({(True,)})}),
    frozenset({frozenset({1}), Interval(1, 3)}),  # a lazy set inside: the helper's
    frozenset({frozenset({1}), 2}),
    frozenset({1}),
    Interval(1, 3),
    3,
]


@pytest.mark.parametrize("s", UNION_SETS, ids=[f"case{i}" for i in range(len(UNION_SETS))])
def test_big_union_is_the_helpers(s: Any) -> None:
    assert NS["BIGUNION"].kind == "BIGUNION" and NS["FIRST"].kind == "FIRST"  # in C
    assert outcome(NS["BIGUNION"], s) == outcome(runtime.big_union, s)


PUZZLE = """---- MODULE Puzzle ----
EXTENDS Naturals
VARIABLE board
Pos == (0 .. 2) \\X (0 .. 1)
Init == board = {{<<0, 0>>, <<1, 0>>}, {<<2, 1>>}}
Next == LET empty == Pos \\ UNION board
        IN \\E e \\in empty, pc \\in board :
             /\\ \\E q \\in pc : (q[1] - e[1]) ^ 2 + (q[2] - e[2]) ^ 2 = 1
             /\\ LET c == CHOOSE r \\in pc : TRUE
                    moved == {<<q[1] + e[1] - c[1], q[2] + e[2] - c[2]>> : q \\in pc}
                IN board' = IF moved \\subseteq Pos /\\ moved \\cap UNION (board \\ {pc}) = {}
                            THEN (board \\ {pc}) \\cup {moved}
                            ELSE board
Inv == UNION board \\subseteq Pos
====
"""


def test_unions_and_differences_of_small_constant_sets_agree_with_the_closures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SlidingPuzzles' pattern: `Pos \\ UNION board` with Pos a small constant product,
    listed as a frozenset for C's difference, UNION of a set of sets in C (BIGUNION)."""
    spec = spec_files(tmp_path, "Puzzle", PUZZLE, "INIT Init\nNEXT Next\nINVARIANT Inv\n")
    gen = load_model(spec).generated
    src = gen.sources["successors"]
    pos = re.search(r"DIFF\((k\d+), BIGUNION\(s0\)\)", src)
    assert pos is not None
    step = gen.next
    assert step is not None
    cells = dict(zip(step.__code__.co_freevars, step.__closure__ or (), strict=True))
    assert type(cells[pos.group(1)].cell_contents) is frozenset
    results = [both_backends(spec, monkeypatch, codegen) for codegen in ("1", "0")]
    assert results[0] == results[1] and results[0][0] == "ok"
    assert explored(spec, monkeypatch, "1") == explored(spec, monkeypatch, "0")


@pytest.mark.parametrize(("base", "fused"), [("(0..99) \\X (0..99)", True), ("Nat \\X Nat", False)])
def test_init_filters_loop_only_over_finite_bases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base: str, fused: bool
) -> None:
    """NOTE(init-filter): a loop over the base testing P only where the base is finite:
    over Nat \\X Nat the set is not enumerable, and both backends say so. (A filter over
    an interval is computed at load, NOTE(lazy-filter).)"""
    text = "---- MODULE Inf ----\nEXTENDS Naturals\nVARIABLE x\n"
    text += f"Init == x \\in {{n \\in {base} : (n[1] * 100 + n[2]) % 1000 = 7}}\n"
    text += "Next == UNCHANGED x\n====\n"
    spec = spec_files(tmp_path, "Inf", text, "INIT Init\nNEXT Next\n")
    src = load_model(spec).generated.sources["init_states"]
    assert bool(re.search(r"for b\d+ in CANON\(k\d+\):", src)) == fused
    results = [both_backends(spec, monkeypatch, codegen) for codegen in ("1", "0")]
    assert results[0] == results[1]
    assert results[0][:2] == (("ok", 10) if fused else ("error", 0))


BIG_FCNS: list[Any] = [
    make_fcn([((x, y), x * y) for x in range(6) for y in range(6)]),
    make_fcn([(k, i) for i, k in enumerate([0, 2, 3, 5, 8, 13, 21, 34, 55, 10**30])]),
    make_fcn([(k, i) for i, k in enumerate(["", "a", "ab", "b", "ba", "c", "d", "e", "f"])]),
    make_fcn([(k, 1) for k in [False, True, 2, 3, 4, 5, "x", P1, P2, (1,), (0, 0)]]),
    make_fcn([(frozenset({i}), i) for i in range(9)] + [((1, 1), 9), (2, 10)]),
    make_fcn([(make_record([("a", i)]), i) for i in range(9)] + [(3, 0), ((3, 3), 1)]),
]
KEYS: list[Any] = [
    (2, 3), (5, 5), (6, 0), (0, 0, 0), (True, 1), 0, 1, True, False, 2, 3, 13, 10**30, 4,
    "", "ab", "z", P1, P2, (1,), (True,), frozenset({3}), (1, 1), make_record([("a", 4)]),
]  # fmt: skip


@pytest.mark.parametrize("f", BIG_FCNS, ids=lambda f: repr(f)[:40])
def test_application_by_bisection_is_the_helpers(f: Any) -> None:
    """f[x] with many keys bisects them where x and the keys met are plain: the value of
    the scan, and TRUE for 1 (or a missing key) is the helper's error."""
    for x in KEYS:
        assert outcome(NS["APPLY"], f, x) == outcome(runtime.apply, f, x), x
