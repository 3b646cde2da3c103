"""Shapes of generated code, each agreeing with the closures (CHECKER_CODEGEN=0):
successors, labels, order, verdicts and errors. NOTE(except-fields): `[f EXCEPT
![a][b].x = e1, ![a][b].y = e2]` finds the record once and rebuilds the path once;
NOTE(empty-binder): a binder's domain after an empty one is evaluated but not listed
(unless it holds a lazy filter, NOTE(tlc-normalize)); an
index key, an interval's bound or SelectSeq's sequence that binds with `:=` is bound
before the comprehension, so the function keeps `:=` (NOTE(let-binding));
NOTE(unique-memo-key): no memo where no key can come twice in a step."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from checker.pipeline import load_model
from tests.engine.test_codegen_memo import explored, spec_files
from tests.engine.test_fast_paths import both_backends


def _agree(spec: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    """The check's result with generated code, the same as the closures'; where it is
    "ok", every reachable state's successors, labels and order the same too."""
    results = [both_backends(spec, monkeypatch, codegen) for codegen in ("1", "0")]
    assert results[0] == results[1]
    if results[0][0] == "ok":
        assert explored(spec, monkeypatch, "1") == explored(spec, monkeypatch, "0")
    return results[0]


FIELDS = """---- MODULE Fields ----
EXTENDS Naturals
VARIABLES st, n
R == {"r1", "r2"}
A == {1, 2}
Init == /\\ st = [r \\in R |-> [a \\in A |-> [hi |-> 0, lo |-> 0, v |-> "none"]]]
        /\\ n = 0
Bump(r, a, k) == st' = [st EXCEPT ![r][a].hi = k, ![r][a].lo = st[r][a].hi, ![r][a].v = "set"]
Next == /\\ n < 3
        /\\ n' = n + 1
        /\\ \\E r \\in R, a \\in A, k \\in 1..2 :
             \\/ Bump(r, a, k)
             \\/ st' = [st EXCEPT ![r].x = 1, ![r].y = 2]
             \\/ st' = [st EXCEPT ![r][a].lo = k, ![r][a].lo = @ + 1]
             \\/ st' = [st EXCEPT ![r][a].hi = @ + k, ![r][a].v = "up"]
             \\/ st' = [st EXCEPT !["r3"][a].hi = k, !["r3"][a].lo = k]
             \\/ st' = [st EXCEPT ![r][a].hi = k, ![r][a].w = k]
             \\/ st' = [st EXCEPT ![r][a].hi = k, ![r][a].lo = k, ![r][3 - a].v = "other"]
             \\/ EXTRA
Inv == n <= 3
====
"""


def _spec(tmp_path: Path, extra: str) -> Path:
    text = FIELDS.replace("EXTRA", extra)
    cfg = "INIT Init\nNEXT Next\nINVARIANT Inv\nCHECK_DEADLOCK FALSE\n"
    return spec_files(tmp_path, "Fields", text, cfg)


def test_updates_of_one_record_are_fused(tmp_path: Path) -> None:
    src = load_model(_spec(tmp_path, "FALSE")).generated.sources["successors"]
    # Bump (3 fields), `![r].x, ![r].y`, the ["r3"] path, the missing field and the first
    # two of the three-update one are fused (the record found once by AT, no lambda); a
    # field updated twice, `@`, and the path with `3 - a` (not simple) each take EXCEPT
    assert src.count("EXCEPT1(EXCEPT1(EXCEPT1(") == 1, src
    assert src.count("EXCEPT1(EXCEPT1(") == 5, src
    assert src.count("EXCEPT(") == 5, src


@pytest.mark.parametrize(
    "extra",
    [
        "FALSE",
        "st' = [st EXCEPT ![r][a].hi = 1 \\div 0, ![r][a].lo = 1]",  # the value's error
        'st\' = [st EXCEPT ![r][a].hi = "x" + 1, ![r][a].lo = 1]',
        "st' = [st EXCEPT ![r][9].hi = 1 \\div 0, ![r][9].lo = 1]",  # not evaluated
    ],
)
def test_fused_updates_agree_with_the_closures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str
) -> None:
    spec = _spec(tmp_path, extra)
    result = _agree(spec, monkeypatch)
    # ![r][9] is outside the domain: the update is left out, its value not evaluated
    assert result[0] == ("ok" if extra == "FALSE" or "[9]" in extra else "error")
    assert result[0] == "error" or result[1] > 20


EMPTY = """---- MODULE Empty ----
EXTENDS Naturals, FiniteSets
CONSTANT None
VARIABLES x, sent
Init == x = 0 /\\ sent = {}
Msgs == {<<v, P>> : v \\in {}, P \\in SUBSET sent}
       \\cup {<<v, P>> : v \\in 1..0, P \\in SUBSET (sent \\cup {x})}
       \\cup {<<x, {x}>>}
Next == /\\ x < 4
        /\\ \\E m \\in Msgs : /\\ x' = x + 1 /\\ sent' = sent \\cup {m[1]}
        /\\ EXTRA
Inv == Cardinality(sent) <= 4
====
"""


def _empty(tmp_path: Path, extra: str) -> Path:
    cfg = "CONSTANT None = None\nINIT Init\nNEXT Next\nINVARIANT Inv\nCHECK_DEADLOCK FALSE\n"
    return spec_files(tmp_path, "Empty", EMPTY.replace("EXTRA", extra), cfg)


def test_a_domain_after_an_empty_one_is_not_listed(tmp_path: Path) -> None:
    src = load_model(_empty(tmp_path, "TRUE")).generated.sources["successors"]
    assert src.count("ELEMS_UNUSED(") == 2, src


@pytest.mark.parametrize(
    "extra",
    [
        "TRUE",
        "{<<v, P>> : v \\in {}, P \\in SUBSET Nat} = {}",  # infinite: the closures' error
        "{<<v, P>> : v \\in {}, P \\in 3} = {}",  # not a set: the closures' error
        "{<<v, P>> : v \\in {}, P \\in SUBSET {1 \\div 0}} = {}",  # the domain's error
        "{<<v, w>> : v \\in {}, w \\in None} = {}",
        "{<<v, w>> : v \\in {}, w \\in {y \\in 1..3 : y \\div 0 = 1}} = {}",  # a filter's
        "{<<v, w>> : v \\in {}, w \\in SUBSET {y \\in 1..3 : y \\div 0 = 1}} = {}",
        "{<<v, w>> : v \\in {}, w \\in {y \\in 1..10^6 : y \\div 0 = 1}} = {}",
        # a lazy filter (NOTE(tlc-normalize)): listed, as TLC lists every domain first
        "{<<v, w>> : v \\in {}, w \\in {y \\in SUBSET (1..13) : Cardinality(y) \\div 0 = 1}} = {}",
    ],
)
def test_empty_binders_agree_with_the_closures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str
) -> None:
    spec = _empty(tmp_path, extra)
    result = _agree(spec, monkeypatch)
    assert result[:2] == ("ok", 5) if extra == "TRUE" else result[0] == "error", result


INDEXED = """---- MODULE Indexed ----
EXTENDS Naturals
VARIABLES msgs, out
Init == msgs = {[k |-> i, v |-> i * 2] : i \\in 1..3} /\\ out = 0
Next == /\\ out < 6
        /\\ \\E j \\in 1..3 :
             LET top == LET s == {m.k : m \\in msgs} IN CHOOSE t \\in s : \\A u \\in s : u <= t
             IN out' = out + ((CHOOSE m \\in msgs : m.k = top + 0 /\\ m.v >= j).v % 3) + 1
        /\\ UNCHANGED msgs
Inv == out <= 9
====
"""


def test_an_index_key_that_binds_keeps_the_function_with_walrus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = "INIT Init\nNEXT Next\nINVARIANT Inv\nCHECK_DEADLOCK FALSE\n"
    spec = spec_files(tmp_path, "Indexed", INDEXED, cfg)
    src = load_model(spec).generated.sources["successors"]
    assert "CANDS_EQ(" in src and ":=" in src, src
    assert _agree(spec, monkeypatch)[0] == "ok"


WALRUS = """---- MODULE Walrus ----
EXTENDS Naturals, Sequences
VARIABLES x
Double(s) == s \\o s
Pos(n) == n > 0
Init == x = 0
Next == /\\ x < 5
        /\\ x' = x + 1
Inv == /\\ \\A i \\in 1..Len(Double(<<x, x + 1>> \\o <<1>>)) : i <= 6
       /\\ Len(SelectSeq(Double(<<x>> \\o <<x + 1>>), Pos)) <= 4
       /\\ {i + x : i \\in 1..Len(Double(<<x>> \\o <<1>>))} = (1 + x)..(4 + x)
====
"""


def test_bounds_and_sequences_that_bind_keep_the_predicate_with_walrus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interval's bound, or SelectSeq's sequence, holding an inlined argument bound
    with `:=` made Python refuse the predicate, generated again with lambdas (Examples'
    EWD998ChanID and TLCSailfish)."""
    cfg = "INIT Init\nNEXT Next\nINVARIANT Inv\nCHECK_DEADLOCK FALSE\n"
    spec = spec_files(tmp_path, "Walrus", WALRUS, cfg)
    src = load_model(spec).generated.sources["Inv"]
    assert ":=" in src and "lambda" not in src, src
    assert _agree(spec, monkeypatch)[:2] == ("ok", 6)


UNIQUE = """---- MODULE Unique ----
EXTENDS Naturals, FiniteSets
VARIABLES msgs, n
Init == msgs = {[k |-> i, v |-> i % 2] : i \\in 1..3} /\\ n = 0
Next == /\\ n < 4
        /\\ n' = n + 1
        /\\ \\E r \\in {0, 1}, S \\in {{1, 2}, {2, 3}} :
             LET got == {m \\in msgs : m.v = r /\\ m.k \\in S}
                 top == IF got = {} THEN 0 ELSE Cardinality(got)
             IN msgs' = msgs \\cup {[k |-> top + 4, v |-> r]}
        /\\ EXTRA
Inv == n <= 4
====
"""


@pytest.mark.parametrize(
    "extra", ["TRUE", "\\A r \\in {0, 1} : LET c == {m \\in msgs : m.v = r} IN c # {3}"]
)
def test_no_memo_where_each_key_comes_once_a_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str
) -> None:
    cfg = "INIT Init\nNEXT Next\nINVARIANT Inv\nCHECK_DEADLOCK FALSE\n"
    spec = spec_files(tmp_path, "Unique", UNIQUE.replace("EXTRA", extra), cfg)
    src = load_model(spec).generated.sources["successors"]
    assert "FILTER_IDX(" in src or "CANDS" in src, src
    # the LET values under \\E r, S are keyed by (r, S): each key once a step, no memo
    assert not re.search(r"\\bm\\d+ = \\{\\}", src), src
    assert _agree(spec, monkeypatch)[0] == "ok"


def test_a_let_inside_a_comprehension_keeps_its_memo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A LET inside an expression is evaluated again for each element of a comprehension
    around it: its memo, keyed by the action's loop variable, is the reuse there is
    (NOTE(unique-memo-key) is for an action's own LET)."""
    text = """---- MODULE Inside ----
EXTENDS Naturals, FiniteSets
VARIABLES msgs, n
Init == msgs = {[k |-> i, v |-> i % 2] : i \\in 1..3} /\\ n = 0
Next == \\E r \\in {0, 1} :
          /\\ n' = (n + Cardinality({(LET got == {m \\in msgs : m.v = r}
                                     IN Cardinality(got)) + k : k \\in 1..3})) % 4
          /\\ UNCHANGED msgs
Inv == n < 4
====
"""
    cfg = "INIT Init\nNEXT Next\nINVARIANT Inv\nCHECK_DEADLOCK FALSE\n"
    spec = spec_files(tmp_path, "Inside", text, cfg)
    src = load_model(spec).generated.sources["successors"]
    assert len(re.findall(r"\bm\d+ = \{\}", src)) == 1, src
    assert _agree(spec, monkeypatch)[0] == "ok"


EARLIER = """---- MODULE Earlier ----
EXTENDS Naturals
VARIABLES x, y
TypeOK == x \\in 0..LIMIT /\\ y \\in {0, 1}
Inv == /\\ TypeOK
       /\\ x + y <= 6
Init == x = 0 /\\ y = 0
Next == \\/ x' = x + 1 /\\ y' = 1 - y
        \\/ x' = 0 /\\ UNCHANGED y
====
"""


@pytest.mark.parametrize(
    ("invariants", "limit", "verdict", "skipped"),
    [
        ("TypeOK Inv", "9", ("violation", "Inv"), True),
        ("TypeOK Inv", "3", ("violation", "TypeOK"), True),
        ("Inv", "3", ("violation", "Inv"), False),  # TypeOK not checked before: evaluated
        ("Inv TypeOK", "3", ("violation", "Inv"), False),
    ],
)
def test_a_conjunct_that_is_an_earlier_invariant_is_not_evaluated_again(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    invariants: str,
    limit: str,
    verdict: tuple[str, str],
    skipped: bool,
) -> None:
    """NOTE(earlier-invariant): `Inv == TypeOK /\\ ...` checked after TypeOK does not
    evaluate TypeOK again; the violation found, and its invariant, are the closures'."""
    from checker.api import check

    cfg = f"INIT Init\nNEXT Next\nINVARIANTS {invariants}\n"
    spec = spec_files(tmp_path, "Earlier", EARLIER.replace("LIMIT", limit), cfg)
    src = load_model(spec).generated.sources["Inv"]
    assert ("MEMBER(" not in src) == skipped, src
    _agree(spec, monkeypatch)
    found = []
    for codegen in ("1", "0"):
        monkeypatch.setenv("CHECKER_CODEGEN", codegen)
        r = check(spec, trace_dir=None)
        name = None if r.violation is None else r.violation.property
        found.append((r.verdict, name, r.distinct_states))
    assert found[0] == found[1] and found[0][:2] == verdict, found
