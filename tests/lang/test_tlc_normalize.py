"""NOTE(tlc-normalize) and NOTE(lazy-filter): where a filter's predicate is evaluated, as
TLC evaluates it. TLC computes `{y \\in S : P}` at once when S is an interval or a set of
listed elements, keeps it lazy (SetPredValue) otherwise, and lists the domain of every
binder (`\\E`, `\\A`, CHOOSE, `{e : x \\in S}`, `[x \\in S |-> e]`) before trying its first
element; so an error P raises on an element no binder reaches is still reported, while
membership (`x \\in S`) evaluates P on x alone; `\\cup`, `\\cap` and `\\` walk an operand
that is an interval or listed, testing membership in the other, and otherwise stay lazy.
The verdicts below are TLC's (built from tlaplus/tlaplus, checked on this spec,
2026-12-08): "error" is TLC's "The second argument of \\div is 0". Both backends must
give them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine.test_codegen_memo import spec_files
from tests.engine.test_fast_paths import both_backends

SPEC = """---- MODULE Normalize ----
EXTENDS Naturals, Integers, FiniteSets, Sequences
VARIABLE x
Init == x = 0
Next == x' = x
\\* P fails on the subsets of 12 elements, late in any walk of SUBSET (1..13)
P(y) == 1 \\div (Cardinality(y) - 12 + x) >= -1
Big == {y \\in SUBSET (1..13) : P(y)}
Q(y) == 100 \\div (y - 5000 + x) > -1000
F == {y \\in SUBSET (1..13) : 1 \\div Cardinality(y) > 0}
Inv == INV
====
"""

CASES = [
    # a lazy filter as a binder's domain: listed first (TLC: Tool.contexts, normalised)
    ("\\E v \\in Big : TRUE", "error"),
    ("\\A v \\in Big : v \\subseteq 1..13", "error"),
    ("(CHOOSE v \\in Big : TRUE) = {}", "error"),
    ("{Cardinality(v) : v \\in Big} # {}", "error"),
    ("[v \\in Big |-> 1] # <<>>", "error"),
    # a filter inside a domain is listed; the domain is still walked (2^8191 subsets)
    ("\\E p \\in SUBSET Big : TRUE", "error"),
    ("\\E p \\in SUBSET {y \\in SUBSET (1..13) : x = 0} : p = {}", "ok"),
    ("\\E f \\in [{1, 2} -> Big] : TRUE", "error"),
    ("~\\E a \\in {}, p \\in SUBSET Big : TRUE", "error"),
    # every domain listed before the first combination, after an empty one too
    ("\\E a \\in {z \\in {x} : z > 0}, v \\in Big : TRUE", "error"),
    ("~\\E a \\in {}, v \\in Big : TRUE", "error"),
    # membership alone evaluates P on that element only (TLC's SetPredValue.member)
    ("{1} \\in Big", "ok"),
    ("\\A a \\in {z \\in {x} : z > 0} : \\E v \\in Big : TRUE", "ok"),
    # a filter over an interval is computed at once, whatever the interval's size
    ("x \\in {y \\in 0..10000 : Q(y)}", "error"),
    ("\\E v \\in {y \\in 1..10000 : Q(y)} : TRUE", "error"),
    ("(CHOOSE v \\in {y \\in 1..10000 : Q(y)} : TRUE) = 1", "error"),
    ("~\\E a \\in {z \\in {x} : z > 0}, v \\in {y \\in 1..10000 : Q(y)} : TRUE", "error"),
    ("x \\in {y \\in 0..10000 : y # 5000 => Q(y)}", "ok"),
    # \\cup, \\cap, \\ with a lazy filter: walk an operand that is listed (testing
    # membership in the other), else stay lazy; listed where TLC lists them
    ("{1} \\in Big \\ {{2}}", "ok"),
    ("{{1}} \\ Big = {}", "ok"),
    ("{1} \\in Big \\cup {{2}}", "ok"),
    ("{1} \\in Big \\cap SUBSET (1..13)", "ok"),
    ("{{1}} \\cap Big = {{1}}", "ok"),
    ("Big \\cap {{1}} = {{1}}", "ok"),
    ("Cardinality(Big \\cup {{2}}) > 0", "error"),
    ("\\E v \\in Big \\ {{2}} : TRUE", "error"),
    ("(Big \\cap SUBSET (1..13)) # {}", "error"),
    ("{1} \\in (SUBSET (1..13)) \\ Big", "violation"),
    # a set built over a lazy filter never evaluates it to decide how to hold itself:
    # membership asks the filter about one component (F fails on its first element, {})
    ("[a |-> {1}] \\in [a : F]", "ok"),
    ("[i \\in {1} |-> {1}] \\in [{1} -> F]", "ok"),
    ("<<{1}>> \\in Seq(F)", "ok"),
    ("<<{1}>> \\in F \\X {x}", "violation"),
    ("{{1}} \\in SUBSET F", "ok"),
    # equality and size list the filter
    ("Big # {}", "error"),
    ("Cardinality(Big) > 0", "error"),
    ("Big \\subseteq SUBSET (1..13)", "error"),
]


@pytest.mark.parametrize(("inv", "verdict"), CASES)
@pytest.mark.parametrize("codegen", ["1", "0"])
def test_a_filter_s_predicate_is_evaluated_where_tlc_evaluates_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inv: str, verdict: str, codegen: str
) -> None:
    cfg = "INIT Init\nNEXT Next\nINVARIANT Inv\n"
    spec = spec_files(tmp_path, "Normalize", SPEC.replace("INV", inv), cfg)
    result = both_backends(spec, monkeypatch, codegen)
    assert result[0] == verdict, result
    if verdict == "error":
        assert result[3] is not None and result[3][0] == "E402", result
