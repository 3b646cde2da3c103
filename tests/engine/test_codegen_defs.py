"""Generated code for operators passed as arguments, RECURSIVE operators and function
definitions (codegen/defgen.py) agrees with the closures, which once ran every function
that used them (`codegen.fallback_functions`), and recursion in generated code is
counted and continued on fresh stacks as the closures' is (NOTE(deep-recursion)).

The suite's strict mode (tests/conftest.py) makes a generated function that raises where
the closures succeed an internal error, so every comparison below checks that too.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from checker.compile.codegen import fnruntime
from checker.compile.codegen.runtime import Fallback
from checker.compile.model import Model
from checker.diagnostics import CheckerError, SourceFile
from checker.pipeline import build_model

State = tuple[Any, ...]


def _model(spec: str, cfg: str) -> Model:
    text = f"---- MODULE G ----\n{spec}\n====\n"
    return build_model(SourceFile("G.tla", text), SourceFile("G.cfg", cfg))


def _both(spec: str, cfg: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Model, Model]:
    """(with generated code, closures only)"""
    models = []
    for codegen in ("1", "0"):
        monkeypatch.setenv("CHECKER_CODEGEN", codegen)
        models.append(_model(spec, cfg))
    monkeypatch.delenv("CHECKER_CODEGEN")
    return models[0], models[1]


def _agree(spec: str, cfg: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Model, list[State]]:
    """Both backends, state by state (successors with labels, invariants); the states."""
    gen, ref = _both(spec, cfg, monkeypatch)
    assert gen.init_states() == ref.init_states()
    seen = dict.fromkeys(ref.init_states())
    frontier = list(seen)
    while frontier:
        level = []
        for s in frontier:
            assert gen.successors(s) == ref.successors(s)
            assert gen.violated_invariant(s) == ref.violated_invariant(s)
            for _, t in ref.successors(s):
                if t not in seen:
                    seen[t] = None
                    level.append(t)
        frontier = level
    assert gen.codegen_stats.count == 0
    return gen, list(seen)


def _all_generated(model: Model) -> None:
    g = model.generated
    assert [f.function for f in g.fallbacks] == []
    assert g.init is not None and g.next is not None
    assert all(f is not None for f in g.invariants)


OPERATOR_ARGUMENTS = r"""
EXTENDS Naturals, FiniteSets
VARIABLES board, n
ChooseOne(S, P(_)) == CHOOSE x \in S : P(x) /\ \A y \in S : P(y) => y = x
Twice(F(_, _), a) == F(a, a)
Pass(P(_), S) == ChooseOne(S, P)
Max2(a, b) == IF a > b THEN a ELSE b
Step(A(_), v) == n' = A(v)
Init == board = {{1, 2}, {3}} /\ n = 0
Next == \/ /\ n < 5
           /\ LET k == (n % 3) + 1
                  pc == ChooseOne(board, LAMBDA pc : k \in pc)
                  Big(s) == 0 \notin s
              IN /\ Pass(Big, {pc, {0}}) = pc
                 /\ board' = (board \ {pc}) \cup {pc \cup {n + 10}}
                 /\ n' = Twice(Max2, n) + 1
        \/ /\ n \in 5..6
           /\ \E d \in {1, 2} : Step(LAMBDA v : v + d, n)
           /\ UNCHANGED board
Inv == /\ Twice(+, n) = 2 * n
       /\ Twice(\cup, board) = board
       /\ \A s \in board : Cardinality(Twice(LAMBDA a, b : a \cap b, s)) > 0
"""


def test_operator_arguments_are_inlined_where_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    """A LAMBDA (reading a LET value of its caller, or a bound variable in an action), a
    LET operator passed on to another operator, a user operator and TLA+'s and Naturals'
    operators by name: the parameter applied is the operator passed, substituted."""
    gen, states = _agree(OPERATOR_ARGUMENTS, "INIT Init\nNEXT Next\nINVARIANT Inv\n", monkeypatch)
    _all_generated(gen)
    assert sorted(s[1] for s in states) == [0, 1, 2, 3, 4, 5, 6, 7, 8]


RECURSIVE = r"""
EXTENDS Naturals, FiniteSets
VARIABLES x, s
RECURSIVE Sum(_, _)
Sum(f, S) == IF S = {} THEN 0 ELSE LET e == CHOOSE e \in S : TRUE IN f[e] + Sum(f, S \ {e})
RECURSIVE IsEven(_), IsOdd(_)
IsEven(n) == IF n = 0 THEN TRUE ELSE IsOdd(n - 1)
IsOdd(n) == IF n = 0 THEN FALSE ELSE IsEven(n - 1)
RECURSIVE Down(_)
Down(n) == IF n = 0 THEN x ELSE 1 + Down(n - 1)
sq[i \in 0..4] == x * i
fact[n \in Nat] == IF n = 0 THEN 1 ELSE n * fact[n - 1]
dbl[n \in Nat] == 2 * n + x
pair[<<a, b>> \in (0..2) \X (0..2)] == a + 3 * b + x
two[a \in 0..1, b \in {"u", "v"}] == <<a, b, x>>
Init == x = 0 /\ s = {}
Next == /\ x < 4
        /\ x' = x + 1
        /\ s' = {Sum(sq, 0..x), Down(x), fact[x], dbl[x + 7], pair[<<1, 2>>],
                 Sum(pair, {<<0, 0>>, <<2, 1>>}), IF IsEven(x) THEN 100 ELSE 101,
                 LET g[k \in 0..x] == IF k = 0 THEN 0 ELSE g[k - 1] + k IN g[x],
                 Cardinality({<<a, b>> \in (0..x) \X (0..x) : a < b})}
                \cup {LET h[k \in 0..2] == k + y IN h[1] : y \in 0..x}
                \cup {LET m[k \in Nat] == k * y IN m[2] : y \in 0..x}
Inv == /\ DOMAIN two = {0, 1} \X {"u", "v"} /\ two[1, "v"] = <<1, "v", x>>
       /\ <<1, 2 + x>> \in {<<a, b>> \in Nat \X Nat : a < b}
       /\ fact[x] > 0 /\ Down(3) = x + 3
"""


def test_recursive_operators_and_function_definitions(monkeypatch: pytest.MonkeyPatch) -> None:
    """RECURSIVE operators (mutual, reading a variable), recursive function definitions
    (over Nat, in a LET), tuple patterns and several bound variables, a function over an
    infinite domain computed where applied (in a LET inside a set map: each keeps its own
    `y`), set filters with tuple patterns (a lazy one over Nat \\X Nat)."""
    gen, states = _agree(RECURSIVE, "INIT Init\nNEXT Next\nINVARIANT Inv\n", monkeypatch)
    _all_generated(gen)
    assert len(states) == 5
    assert "def r" in gen.generated.sources["successors"]  # a function, not inlined


def test_a_state_level_function_definition_is_computed_once_per_step(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """NOTE(state-memo): `sq` read three times in a step is built once, as the closures'
    once_per_state computes it once for the state (its domain read from the state, so
    built by `fcn_def`, not with constant keys: NOTE(constant-domain))."""
    built: list[str] = []
    real = fnruntime.fcn_def

    def counting(name: str, s: Any, value: Any) -> Any:
        built.append(name)
        return real(name, s, value)

    monkeypatch.setattr(fnruntime, "fcn_def", counting)
    spec = (
        "EXTENDS Naturals\nVARIABLE x\nsq[i \\in 0..(x + 4)] == x * i\n"
        "Init == x = 1\nNext == x < 9 /\\ x' = sq[1] + sq[2] - sq[2] + sq[0] + 1\n"
    )
    model = _model(spec, "INIT Init\nNEXT Next\n")
    _all_generated(model)
    assert [t for _, t in model.successors((1,))] == [(2,)]
    assert built == ["sq"]


DEEP = r"""
EXTENDS Naturals
CONSTANT W
VARIABLE x
RECURSIVE Down(_)
Down(n) == IF n = 0 THEN x ELSE 1 + Down(n - 1)
RECURSIVE Loop(_)
Loop(n) == Loop(n + x)
g[n \in Nat] == g[n + 1] + x
Init == x = 1
Next == x' = CASE W = 0 -> Down(5000) [] W = 1 -> Loop(0) [] OTHER -> g[0]
"""


def _deep(which: int) -> Model:
    return _model(DEEP, f"CONSTANT W = {which}\nINIT Init\nNEXT Next\n")


def test_a_deep_recursion_continues_on_fresh_stacks() -> None:
    """5,000 calls from the test's own thread (Python's limit: 1,000 frames): the
    generated function continues on a deep thread as the closures do, instead of failing
    with RecursionError where the closures succeed (strict mode: an internal error)."""
    model = _deep(0)
    assert model.generated.next is not None
    assert [t for _, t in model.successors((1,))] == [(5001,)]
    assert model.codegen_stats.count == 0


@pytest.mark.parametrize(("which", "line"), [(1, 9), (2, 10)], ids=["operator", "function"])
def test_a_recursion_that_never_ends_is_the_closures_e409(which: int, line: int) -> None:
    """The generated function stops at the closures' MAX_RECURSION nested calls (counted
    in the same Recursion) with the fallback, never a RecursionError nor an exhausted
    stack; the closures then report E409 where they do without generated code."""
    model = _deep(which)
    assert model.generated.next is not None
    with pytest.raises(Fallback):
        model.generated.next((1,), [])
    assert model.ctx.recursion.depth == 0
    with pytest.raises(CheckerError) as info:
        model.successors((1,))
    diag = info.value.diagnostics[0]
    assert diag.code == "E409" and "200,000 calls" in diag.message
    assert diag.span is not None and diag.span.line == line


def test_an_operator_met_again_through_its_argument_is_left_to_the_closures() -> None:
    """A LET operator applied again inside the LAMBDA passed to it: not generated (said as
    a construct, not as a failure of generation), and the closures evaluate it."""
    spec = (
        "EXTENDS Naturals\nVARIABLE x\nInit == x = 1\nNext == x' = x\n"
        "Inv == LET F(P(_)) == P(1) IN F(LAMBDA a : F(LAMBDA b : b + a)) = 2\n"
    )
    model = _model(spec, "INIT Init\nNEXT Next\nINVARIANT Inv\n")
    (left,) = model.generated.fallbacks
    assert (left.function, left.construct) == ("Inv", True)
    assert left.reason == "the code generator does not handle recursion"
    assert model.violated_invariant((1,)) is None


# Found by the conformance run on tlaplus/Examples (byzpaxos/VoteProof, dag-consensus,
# transaction_commit/PaxosCommit): both gave a wrong answer or an internal error.

CAPTURED = r"""
EXTENDS Integers
CONSTANTS Value, Acceptor, Quorum
VARIABLES votes, maxBal
Ballot == 0..1
VotedFor(a, b, v) == <<b, v>> \in votes[a]
DidNotVoteIn(a, b) == \A v \in Value : ~ VotedFor(a, b, v)
SafeAt(b, v) ==
  LET SA[bb \in Ballot] ==
        \/ bb = 0
        \/ \E Q \in Quorum :
             /\ \A a \in Q : maxBal[a] >= bb
             /\ \E c \in -1..(bb - 1) :
                  /\ (c # -1) => /\ SA[c]
                                 /\ \A a \in Q : \A w \in Value : VotedFor(a, c, w) => (w = v)
                  /\ \A d \in (c + 1)..(bb - 1), a \in Q : DidNotVoteIn(a, d)
  IN SA[b]
Init == votes = [a \in Acceptor |-> {}] /\ maxBal = [a \in Acceptor |-> -1]
acceptor(self) == \E b \in Ballot :
  \/ /\ b > maxBal[self]
     /\ maxBal' = [maxBal EXCEPT ![self] = b]
     /\ UNCHANGED votes
  \/ /\ \E v \in Value :
          /\ /\ maxBal[self] <= b
             /\ DidNotVoteIn(self, b)
             /\ \A p \in Acceptor \ {self} : \A w \in Value : VotedFor(p, b, w) => (w = v)
             /\ SafeAt(b, v)
          /\ votes' = [votes EXCEPT ![self] = votes[self] \cup {<<b, v>>}]
          /\ maxBal' = [maxBal EXCEPT ![self] = b]
Next == \E self \in Acceptor : acceptor(self)
Inv == TRUE
"""


def test_a_memo_is_keyed_by_the_locals_a_function_definition_captures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SA (a LET function definition reading SafeAt's v) is made with `lambda ...,
    b5=b5:`: b5 is read there, so the guard's memo must be keyed by it. It was not (a
    capture was taken for a binding), and the generated Next let two acceptors vote for
    different values in one ballot (VoteProof: 31 states and a violation, TLC 6,962)."""
    cfg = (
        "CONSTANTS Value = {v1, v2}\nAcceptor = {a1, a2, a3}\n"
        "Quorum = {{a1, a2}, {a1, a3}, {a2, a3}}\nINIT Init\nNEXT Next\n"
    )
    gen, states = _agree(CAPTURED, cfg + "INVARIANT Inv\n", monkeypatch)
    _all_generated(gen)
    assert len(states) > 1


RECURSIVE_SET_FUNCTION = r"""
EXTENDS Integers
VARIABLES x
Maximum(S) == LET Max[T \in SUBSET S] ==
                     IF T = {} THEN -1
                     ELSE LET n == CHOOSE n \in T : TRUE
                              rmax == Max[T \ {n}]
                          IN IF n >= rmax THEN n ELSE rmax
              IN Max[S]
Init == x = 0
Next == \E k \in 1..3 : x' = Maximum({m \in 0..3 : m # k /\ m > x - 2})
Inv == x < 9
"""


def test_a_recursive_function_is_never_a_memo_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """A memo inside Max's body was keyed by Max itself: hashing it built all its entries,
    each of them hashing it again, until the recursion limit (PaxosCommit: an internal
    error in strict mode, the closures' work otherwise)."""
    gen, _ = _agree(RECURSIVE_SET_FUNCTION, "INIT Init\nNEXT Next\nINVARIANT Inv\n", monkeypatch)
    _all_generated(gen)


SELECT_SEQ = r"""
EXTENDS Naturals, Sequences
VARIABLES q, n
Odd(x) == x % 2 = 1
Drop(c) == LET keep(e) == e # c IN SelectSeq(q, keep)
Init == q = <<1, 2, 3, 2>> /\ n = 0
Next == /\ n < 3
        /\ \E c \in {1, 2} :
             /\ q' = IF c = 1 THEN Drop(n + 1) \o <<n + 4>>
                     ELSE SelectSeq(q, LAMBDA e : e > c) \o SelectSeq(<<c>>, Odd)
             /\ n' = n + 1
Inv == /\ Len(SelectSeq(q, LAMBDA e : e > n)) <= Len(q)
       /\ SelectSeq(<<>>, Odd) = <<>>
       /\ SelectSeq(q, LAMBDA e : TRUE) = q
"""


def test_select_seq_is_generated(monkeypatch: pytest.MonkeyPatch) -> None:
    """SelectSeq with a LAMBDA (reading a bound variable), a LET operator (reading an
    operator's parameter) and a global operator, in actions and invariants: generated
    (MultiPaxos-SMR's Next ran in the closures for it) and agrees with the closures."""
    gen, states = _agree(SELECT_SEQ, "INIT Init\nNEXT Next\nINVARIANT Inv\n", monkeypatch)
    _all_generated(gen)
    assert "SEQ(" in gen.generated.sources["successors"]
    assert len(states) == 15


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("SelectSeq(x, LAMBDA e : e)", "the test of SelectSeq should be TRUE or FALSE"),
        ("SelectSeq({x}, LAMBDA e : TRUE) = <<>>", "SelectSeq"),
    ],
)
def test_select_seq_errors_are_the_closures(expr: str, message: str) -> None:
    """A test that is not Boolean, or an argument that is not a sequence: generated code
    stops (Fallback) and the closures report the error at its place."""
    spec = f"EXTENDS Sequences\nVARIABLE x\nInv == {expr}\nInit == x = <<1>>\nNext == x' = x\n"
    model = _model(spec, "INIT Init\nNEXT Next\nINVARIANT Inv\n")
    _all_generated(model)
    with pytest.raises(Fallback):
        invariant = model.generated.invariants[0]
        assert invariant is not None
        invariant(((1,),))
    with pytest.raises(CheckerError) as info:
        model.violated_invariant(((1,),))
    diag = info.value.diagnostics[0]
    assert message in diag.message, diag.message
    assert diag.span is not None and (diag.span.line, diag.span.col) == (4, 8)


SET_FOLD = r"""
EXTENDS Naturals, Sequences
VARIABLES x, out
RECURSIVE Sum(_, _)
Sum(f, S) == IF S = {} THEN 0 ELSE LET e == CHOOSE e \in S : TRUE IN f[e] + Sum(f, S \ {e})
RECURSIVE Listed(_, _)
Listed(S, tail) == IF {} = S THEN tail
                   ELSE LET e == CHOOSE e \in S : TRUE IN <<e, x>> \o Listed(S \ {e}, tail)
RECURSIVE Nested(_)
Nested(S) == IF S = {} THEN {} ELSE LET e == CHOOSE e \in S : TRUE IN {Sum([k \in e |-> k], e)}
                                                                      \cup Nested(S \ {e})
Init == x = 0 /\ out = <<>>
Next == /\ x < 3
        /\ x' = x + 1
        /\ out' = <<Sum([k \in 0..x |-> k * x], 0..x), Sum([k \in 0..x |-> k], {}),
                    Listed({x, "a", <<x>>} \ {"a"}, <<"end", x>>), Listed(1..x, <<>>),
                    Nested({{1, x}, {2}, {x, 5, 7}})>>
Inv == Sum([k \in {"u", "v"} |-> x], {"u", "v"}) = 2 * x
"""


def test_a_recursive_fold_over_a_set_is_a_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """NOTE(set-fold): `IF S = {} THEN b ELSE LET e == CHOOSE e \\in S : TRUE IN v op
    F(S \\ {e})` (the set in either place of the operator's arguments, a base reading a
    parameter, a non-commutative `\\o`, a fold inside a fold) is a loop in generated code
    and agrees with the closures; over a set that is not a frozenset (an interval) the
    recursive function answers."""
    gen, states = _agree(SET_FOLD, "INIT Init\nNEXT Next\nINVARIANT Inv\n", monkeypatch)
    _all_generated(gen)
    source = gen.generated.sources["successors"]
    assert source.count("[::-1]") == 3  # Sum, Listed, Nested: each a loop
    last = max(states, key=lambda s: s[0])
    assert last[1] == (6, 0, (2, 2, (2,), 2, "end", 2), (1, 2, 2, 2), frozenset({2, 3, 14}))


HOIST = r"""
EXTENDS Naturals
VARIABLES votes, n
Tx == {"t", "u", "w"}
Init == votes = {} /\ n = 0
Next == /\ n < 4
        /\ n' = n + 1
        /\ \E m \in {1, 2}, t \in Tx : votes' = votes \cup {<<m, t, n % 2>>}
Once == \A m \in {1, 2}, i \in 0..1, t, u \in Tx :
          <<m, t, i>> \in votes /\ <<m, u, i>> \in votes => t = u
Some == (n > 1) => \E t \in Tx, m \in {1, 2} : t # "w" /\ n > 0 /\ <<m, t, 0>> \in votes
NoPair == \A x \in {1, 2}, y \in {} : x[1] = 1 => FALSE
None == ~\E x \in {<<1>>, 2}, y \in {} : x[1] = 1 /\ TRUE
"""


def test_guards_of_the_first_variables_are_tested_outside_the_inner_loops(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """NOTE(hoist-guard): `\\A ... : P(m, t) /\\ Q(u) => R` and `\\E ... : P /\\ Q` test
    P outside the loop over the later variables (the generated code tests the vote once per
    t) and agree with the closures; over an empty inner set nothing moves (the guard,
    which would fail, is never evaluated: TRUE and FALSE as the closures say)."""
    cfg = "INIT Init\nNEXT Next\nINVARIANT Once\nINVARIANT Some\nINVARIANT NoPair\nINVARIANT None\n"
    gen, states = _agree(HOIST, cfg, monkeypatch)
    _all_generated(gen)
    assert any(s[0] and gen.violated_invariant(s) for s in states)  # Once is violated
    once = gen.generated.sources["Once"]
    # every variable unrolled (12 (m, i, t), NOTE(constant-domain)): t's vote tested once
    # per (m, i, t), u's once per (m, i, t, u): 12 + 36 tests, not 2 * 36
    assert once.count("MEMBER") == 12 + 36 and " for " not in once, once
    assert gen.generated.sources["Some"].count("GT(s1, 0)") == 3  # once per t, not per (t, m)


UNIQUE = r"""
EXTENDS Naturals
VARIABLES board, n, got
ChooseOne(S, P(_)) == CHOOSE x \in S : P(x) /\ \A y \in S : P(y) => y = x
Init == board = {{1, 2}, {3}, {4, 5, 6}} /\ n = 0 /\ got = {}
Next == /\ n < 6
        /\ n' = n + 1
        /\ LET pc == ChooseOne(board, LAMBDA p : (n % 6) + 1 \in p)
               other == CHOOSE x \in board : x # pc /\ \A y \in board : y = pc => y # x
           IN /\ board' = board
              /\ got' = {pc, other}
"""


def test_a_unique_choice_searches_the_set_as_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    """NOTE(unique-choose): `CHOOSE x \\in S : P(x) /\\ \\A y \\in S : P(y) => y = x` has at
    most one witness: generated code searches S unsorted (ELEMS), and agrees with the
    closures; a CHOOSE of another shape still searches in the canonical order (CANON)."""
    gen, states = _agree(UNIQUE, "INIT Init\nNEXT Next\n", monkeypatch)
    _all_generated(gen)
    source = gen.generated.sources["successors"]
    assert re.search(r"CHOOSE\(\w+ for \w+ in ELEMS\(s0\)", source), source
    assert "CANON(s0)" in source  # the other CHOOSE: sorted (NOTE(sorted-variable))
    assert len(states) == 7 and states[-1][2] == frozenset({frozenset({4, 5, 6}), frozenset({3})})


SORTED = r"""
EXTENDS Naturals
VARIABLES msgs, seen
Init == msgs \in {{[t |-> "a", v |-> 1], [t |-> "b", v |-> 2]}, {[t |-> "b", v |-> 3]}}
        /\ seen = {}
Send(i) == /\ \E m \in msgs : m.v + i < 5
           /\ msgs' = msgs \cup {[t |-> "a", v |-> i]}
           /\ UNCHANGED seen
Read(i) == \E m \in msgs : /\ m.v >= i
                           /\ seen' = seen \cup {m}
                           /\ UNCHANGED msgs
Next == \E i \in 1..3 : Send(i) \/ Read(i)
"""


def test_a_variable_is_sorted_once_per_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """NOTE(sorted-variable): the loops of several actions over the message set read one
    sort of it per step (a cell), in the canonical order, and agree with the closures; Init,
    whose loops bind the variables, sorts nothing in a cell."""
    gen, states = _agree(SORTED, "INIT Init\nNEXT Next\n", monkeypatch)
    _all_generated(gen)
    source = gen.generated.sources["successors"]
    assert source.count("CANON(s0)") == 1, source
    assert "CANON(s" not in gen.generated.sources["init_states"]
    assert len(states) == 74


STATE_DEFINITIONS = r"""
EXTENDS Naturals, Sequences
VARIABLES q, c
Total == c.a + c.b
First == Head(q)
Init == q = <<1, 2>> /\ c = [a |-> 0, b |-> 1]
Next == \/ /\ Total < 4 /\ q # <<>> /\ First > 0
           /\ c' = [c EXCEPT !.a = @ + First] /\ q' = Tail(q)
        \/ /\ Total < 4 /\ q # <<>> /\ First < 5
           /\ c' = [c EXCEPT !.b = @ + 1] /\ UNCHANGED q
        \/ /\ Total < 3 /\ c' = [c EXCEPT !.b = 3 - @]
           /\ Total' > Total /\ UNCHANGED q
Inv == Total < 9
"""


def test_state_definitions_are_computed_once_per_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """NOTE(state-definition): Total and First each get one cell of the step, read by
    every action; First (Head of a sequence that empties) only after its guard; Total'
    is the successor's, never the cell's."""
    cfg = "INIT Init\nNEXT Next\nINVARIANT Inv\n"
    gen, states = _agree(STATE_DEFINITIONS, cfg, monkeypatch)
    _all_generated(gen)
    src = gen.generated.sources["successors"]
    assert len(re.findall(r"^\s+z\d+ = \[LAZY\]$", src, re.M)) == 2
    assert any(s[0] == () for s in states)  # First is undefined there, and never computed


INCLUSION = r"""
EXTENDS Naturals
VARIABLES msgs, n
Msgs == [k : {"a", "b"}, v : 0..2]
Init == msgs = {} /\ n = 0
Next == /\ n < 4 /\ n' = n + 1
        /\ msgs' = msgs \cup {[k |-> "a", v |-> n]}
Inv == \A m \in msgs : m \in Msgs
"""


def test_inclusion_of_a_variable_is_one_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """NOTE(inclusion): `\\A m \\in msgs : m \\in Msgs` is `msgs \\subseteq Msgs`, and
    fails where the closures' loop fails (the message with v = 3)."""
    gen, states = _agree(INCLUSION, "INIT Init\nNEXT Next\nINVARIANT Inv\n", monkeypatch)
    _all_generated(gen)
    assert "SUBSETEQ(s0, " in gen.generated.sources["Inv"]
    assert [gen.violated_invariant(s) for s in states] == [None] * 4 + ["Inv"]


FIELD_GROUPS = r"""
EXTENDS Naturals
VARIABLES msgs, n
Init == msgs = {[type |-> "a", v |-> 0], [type |-> "b", v |-> 1]} /\ n = 0
Next == \/ \E m \in msgs : /\ m.type = "a" /\ m.v < 2 /\ n < 3
                           /\ msgs' = msgs \cup {[type |-> "b", v |-> m.v + 1]}
                           /\ n' = n + 1
        \/ \E m \in msgs : /\ "b" = m.type
                           /\ n < 3 /\ n' = n + 1
                           /\ msgs' = msgs \cup {[type |-> IF n = 2 THEN 7 ELSE "a", v |-> m.v]}
"""


def test_loops_over_one_message_type_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    """NOTE(field-groups): both loops read the groups of one step, in canonical order;
    a type that is not a string (7) makes every group the whole set, as the loops then
    test every message (and raise where `7 = "a"` is an error, as the closures do)."""
    gen, states = _agree(FIELD_GROUPS, "INIT Init\nNEXT Next\n", monkeypatch)
    _all_generated(gen)
    assert gen.generated.sources["successors"].count("FIELD_GROUPS(") == 2
    assert any(any(7 in r[2:] for r in s[0]) for s in states)  # records: (tag, keys, ...)


CONSTANT_DOMAIN = r"""
EXTENDS Naturals
VARIABLES f, g, h, e, m, n
S == {"c", "a", "b"}
Init == /\ f = [x \in S |-> 0] /\ g = [i \in 1..3 |-> i] /\ h = [k \in 1..12 |-> 0]
        /\ e = <<>> /\ m = [x \in S |-> {}] /\ n = 0
Next == /\ n < 3
        /\ n' = n + 1
        /\ f' = [x \in S |-> f[x] + n]
        /\ g' = [i \in 1..3 |-> g[i] * 2]
        /\ h' = [k \in 1..12 |-> LET d == k % 3 IN h[k] + d * n]
        /\ e' = [x \in {} |-> 1 \div 0]
        /\ m' = [x \in S |-> [y \in {TRUE, FALSE} |-> IF y THEN f[x] ELSE n]]
Inv == /\ [x \in S |-> f[x]] = f
       /\ [k \in 1..12 |-> h[k]] = h
       /\ [j \in {0, 2} |-> j] # <<0, 2>>
"""


def test_a_function_over_a_constant_domain_lists_its_keys_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """NOTE(constant-domain): over a constant set, `[x \\in S |-> e]` is built without
    `fcn_def` (no sort per evaluation): unrolled over a small S (model values' order, a
    sequence on 1..n, nested, Booleans as keys), a comprehension over a larger one
    (1..12, a LET inside), `<<>>` over {}; values as the closures'."""
    gen, states = _agree(CONSTANT_DOMAIN, "INIT Init\nNEXT Next\nINVARIANT Inv\n", monkeypatch)
    _all_generated(gen)
    assert len(states) == 4
    source = gen.generated.sources["successors"]
    assert "FCN_DEF" not in source and "FCN_DEF" not in gen.generated.sources["Inv"]
    assert source.count("FCN((TAG, ") == 1 + 1 + 3  # f', m' and its inner one per key of S
    assert " for b" in source  # 1..12: a comprehension
    last = max(states, key=lambda s: s[5])
    assert last[2][10] == 2 * 0 + 2 * 1 + 2 * 2 and last[3] == ()  # h[11], 11 % 3 = 2; e


def test_a_function_over_a_constant_domain_fails_as_the_closures_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A value that fails inside the unrolled constructor: the generated function raises,
    and the error reported is the closures' alone, at its place (`y + 1`, E401)."""
    spec = 'EXTENDS Naturals\nVARIABLE x\nInit == x = 0\nNext == x\' = [y \\in {"a"} |-> y + 1]\n'
    gen, ref = _both(spec, "INIT Init\nNEXT Next\n", monkeypatch)
    _all_generated(gen)
    assert gen.generated.next is not None
    with pytest.raises(Exception) as raised:
        gen.generated.next((0,), [])
    assert not isinstance(raised.value, CheckerError)
    found = []
    for model in (gen, ref):
        with pytest.raises(CheckerError) as info:
            model.successors((0,))
        d = info.value.diagnostics[0]
        assert d.span is not None
        found.append((d.code, d.message, d.span.line, d.span.col))
    assert found[0] == found[1] and found[0][0] == "E401" and found[0][2:] == (5, 31)


SEVERAL = r"""
EXTENDS Naturals
VARIABLES c, n
S == {"a", "b", "c"}
Init == c = [x \in S |-> 0] /\ n = 0
Next == n < 4 /\ n' = n + 1 /\ \E x \in S : c' = [c EXCEPT ![x] = @ + 1]
Inv == /\ \A x, y \in S : c[x] + c[y] <= 8
       /\ \E x \in S, i \in 0..2 : c[x] >= i
       /\ ~\E x, y \in S, i \in {1, 2} : x # y /\ c[x] = 4 /\ c[y] = i
       /\ \A x, y \in 1..10 : x + y + n >= 2
Low == \A x, y \in S : c[x] + c[y] < 3
"""


def test_a_quantifier_of_several_variables_over_small_constant_sets_is_unrolled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`\\A x, y \\in S` (and `x \\in S, i \\in 0..2`) over small constant sets: one
    quantifier per variable, each unrolled, within the unrolling budget (1..10 twice is
    not: one generator over the pairs, as before); truth values as the closures' (Low is
    violated in some states)."""
    cfg = "INIT Init\nNEXT Next\nINVARIANT Inv\nINVARIANT Low\n"
    gen, states = _agree(SEVERAL, cfg, monkeypatch)
    _all_generated(gen)
    assert any(gen.violated_invariant(s) == "Low" for s in states)
    assert " for " not in gen.generated.sources["Low"]
    assert gen.generated.sources["Inv"].count(" for ") == 2  # 1..10 x 1..10 only


def test_a_model_of_constants_only_has_generated_init_and_next() -> None:
    """No INIT nor NEXT (a model that checks ASSUMEs): Init and Next have nothing to do,
    and their generated functions say so (Python refused them once, empty, and the model
    warned E509 that they were left to the closures)."""
    model = _model("EXTENDS Naturals\nCONSTANT N\nASSUME N > 1", "CONSTANT N = 3\n")
    assert model.generated.fallbacks == []
    assert model.generated.init is not None and model.generated.next is not None
    assert model.init_states() == []
