"""Configuration replacements (NOTE(redirects)): `X <- Y` and `X = v` for any definition.

TLC lets a configuration replace any definition the root module sees, not only declared
constants: by a value (`Def = 6`), by another definition of the root module (`Def <- Op`,
an action too), standard ones included (`Nat <- MCNat`), and the definitions of a given
module (`Def <- [M]Op`, `Def = [M]v`). Every use of the replaced name means the
replacement, in every module, in both evaluators and in the level checks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tla_helpers import failure

from checker.api import check
from checker.diagnostics import CheckerError
from checker.pipeline import load_model

COUNTER = """---- MODULE Spec ----
EXTENDS Naturals
VARIABLE x
Def == 5
Def2 == 6
Inv == Def = 6
Init == x = 0
Next == x' = (x + 1) % 3
====
"""


def run(tmp_path: Path, spec: str, cfg: str, **files: str) -> tuple[str, int, int]:
    """(verdict, distinct states, depth) of a check of `spec` with `cfg`."""
    (tmp_path / "Spec.tla").write_text(spec)
    (tmp_path / "Spec.cfg").write_text(cfg)
    for name, text in files.items():
        (tmp_path / f"{name}.tla").write_text(text)
    result = check(tmp_path / "Spec.tla", trace_dir=None)
    return result.verdict, result.distinct_states, result.depth


@pytest.fixture(params=["1", "0"], ids=["codegen", "closures"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("CHECKER_CODEGEN", request.param)
    return str(request.param)


def test_a_definition_replaced_by_a_definition(tmp_path: Path, backend: str) -> None:
    # The example: TLC says Inv holds; ignoring the line reported a violation.
    cfg = "INIT Init\nNEXT Next\nINVARIANT Inv\nCONSTANT Def <- Def2\n"
    assert run(tmp_path, COUNTER, cfg) == ("ok", 3, 3)


def test_a_definition_given_a_value(tmp_path: Path, backend: str) -> None:
    cfg = "INIT Init\nNEXT Next\nINVARIANT Inv\nCONSTANT Def = 6\n"
    assert run(tmp_path, COUNTER, cfg) == ("ok", 3, 3)


def test_without_the_replacement_the_invariant_fails(tmp_path: Path) -> None:
    # a constant-level invariant equal to FALSE: TLC stops before the search ("The
    # invariant of Inv is equal to FALSE")
    diag = failure(lambda: run(tmp_path, COUNTER, "INIT Init\nNEXT Next\nINVARIANT Inv\n"))
    assert diag.code == "E308"


ACTIONS = """---- MODULE Spec ----
EXTENDS Naturals
VARIABLE x, y
CommitPointAction == x' = x + 1 /\\ UNCHANGED y
LearnCommitPointAction == x' = x + 1 /\\ y' = y + 1
Init == x = 0 /\\ y = 0
Next == CommitPointAction \\/ UNCHANGED <<x, y>>
Small == x < 4
Same == x = y
====
"""


def test_an_action_replaced_by_an_action(tmp_path: Path, backend: str) -> None:
    # Today's crash (exit 4): the replacement is an action, primes and all.
    cfg = "INIT Init\nNEXT Next\nINVARIANT Same\nCONSTRAINT Small\n"
    assert run(tmp_path, ACTIONS, cfg)[0] == "violation"
    cfg += "CONSTANT CommitPointAction <- LearnCommitPointAction\n"
    assert run(tmp_path, ACTIONS, cfg) == ("ok", 4, 4)  # (0, 0) .. (3, 3)


STANDARD = """---- MODULE Spec ----
EXTENDS Naturals, Sequences
VARIABLE x
MCNat == 0..3
MCSeq(S) == {<<>>} \\cup {<<s>> : s \\in S}
Init == x = 0
Next == x' \\in {n \\in Nat : n = x + 1}
Short == <<1, 1>> \\notin Seq({1})
====
"""


def test_standard_definitions_replaced(tmp_path: Path, backend: str) -> None:
    # Nat <- MCNat makes `{n \in Nat : ...}` enumerable: 0..3 reachable, then deadlock.
    cfg = "INIT Init\nNEXT Next\nINVARIANT Short\nCHECK_DEADLOCK FALSE\n"
    cfg += "CONSTANTS Nat <- MCNat\nSeq <- MCSeq\n"
    assert run(tmp_path, STANDARD, cfg) == ("ok", 4, 4)


BASE = """---- MODULE Base ----
EXTENDS Naturals
VARIABLE x
Lim == 3
Step == x' = x + 1
Bounded == x <= Lim
====
"""

EXTENDED = """---- MODULE Spec ----
EXTENDS Base
Twice == x' = x + 2
Init == x = 0
Next == Step
====
"""


def test_definitions_of_an_extended_module(tmp_path: Path, backend: str) -> None:
    cfg = "INIT Init\nNEXT Next\nCONSTRAINT Bounded\nCHECK_DEADLOCK FALSE\n"
    assert run(tmp_path, EXTENDED, cfg, Base=BASE) == ("ok", 4, 4)  # 0..3 (4 pruned)
    replaced = cfg + "CONSTANTS Step <- Twice\nLim = [Base]6\n"
    assert run(tmp_path, EXTENDED, replaced, Base=BASE) == ("ok", 4, 4)  # 0, 2, 4, 6
    by_module = cfg + "CONSTANTS Step <- [Base]Twice\nLim = 6\n"
    assert run(tmp_path, EXTENDED, by_module, Base=BASE) == ("ok", 4, 4)


def test_levels_follow_the_replacement(tmp_path: Path) -> None:
    # Def is constant-level as written; replaced by a state-level definition, the
    # invariant that uses it reads the state (it would be folded once otherwise).
    spec = COUNTER.replace("Def2 == 6", "Def2 == x + 6")
    cfg = "INIT Init\nNEXT Next\nINVARIANT Inv\nCONSTANT Def <- Def2\n"
    assert run(tmp_path, spec, cfg)[0] == "violation"
    model = load_model(tmp_path / "Spec.tla")
    root = model.bound.resolved
    sym = root.symbol("Spec", "Inv")
    assert sym is not None and root.level(sym) == 1


def test_the_behaviour_names_are_replaced_too(tmp_path: Path, backend: str) -> None:
    spec = COUNTER.replace("====", "MCNext == x' = (x + 2) % 5\n====")
    cfg = "INIT Init\nNEXT Next\nCONSTANT Next <- MCNext\n"
    assert run(tmp_path, spec, cfg) == ("ok", 5, 5)


def test_operators_with_parameters(tmp_path: Path, backend: str) -> None:
    spec = COUNTER.replace("Inv == Def = 6", "F(a) == a + 1\nG(a) == a + 2\nInv == F(1) = 3")
    cfg = "INIT Init\nNEXT Next\nINVARIANT Inv\nCONSTANT F <- G\n"
    assert run(tmp_path, spec, cfg) == ("ok", 3, 3)
    (tmp_path / "Spec.cfg").write_text("INIT Init\nNEXT Next\nCONSTANT F <- Def2\n")
    with pytest.raises(CheckerError) as info:
        load_model(tmp_path / "Spec.tla")
    assert info.value.diagnostics[0].code == "E202"


def test_a_value_for_an_unknown_name_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "Spec.tla").write_text(COUNTER)
    (tmp_path / "Spec.cfg").write_text("INIT Init\nNEXT Next\nCONSTANT Nope = 1\n")
    model = load_model(tmp_path / "Spec.tla")
    (warning,) = model.bound.warnings
    assert warning.code == "E302" and "ignored" in warning.message


COUNTER_MODULE = """---- MODULE Counter ----
EXTENDS Naturals
CONSTANT Lim
VARIABLE c
Inc == 1
Step == c < Lim /\\ c' = c + Inc
====
"""

INSTANTIATING = """---- MODULE Spec ----
EXTENDS Naturals
VARIABLES a, b
A == INSTANCE Counter WITH c <- a, Lim <- 4
B == INSTANCE Counter WITH c <- b, Lim <- 4
Two == 2
Init == a = 0 /\\ b = 0
Next == (A!Step /\\ UNCHANGED b) \\/ (B!Step /\\ UNCHANGED a)
====
"""


def test_a_definition_of_an_instantiated_module(tmp_path: Path, backend: str) -> None:
    # [Counter]Inc replaces Inc in every instance of Counter (TLC: the instances share
    # the definition), and a value for one instance's copy replaces only that copy.
    cfg = "INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n"
    files = {"Counter": COUNTER_MODULE}
    assert run(tmp_path, INSTANTIATING, cfg, **files) == ("ok", 25, 9)  # 0..4 each
    every = cfg + "CONSTANT Inc <- [Counter]Two\n"
    assert run(tmp_path, INSTANTIATING, every, **files) == ("ok", 9, 5)  # 0, 2, 4 each
    valued = cfg + "CONSTANT Inc = [Counter]2\n"
    assert run(tmp_path, INSTANTIATING, valued, **files) == ("ok", 9, 5)
    one = cfg + "CONSTANT A!Inc <- Two\n"
    assert run(tmp_path, INSTANTIATING, one, **files) == ("ok", 15, 7)  # a in {0,2,4}


CHANNEL = """---- MODULE Spec ----
EXTENDS Naturals
CONSTANT Send(_, _, _)
VARIABLES chan, n
MCSend(v, old, new) == new = <<v>>
Init == chan = <<>> /\\ n = 0
Next == n < 3 /\\ n' = n + 1 /\\ Send(n, chan, chan')
====
"""


def test_an_operator_given_an_action_as_argument(tmp_path: Path, backend: str) -> None:
    # Specifying Systems' InternalMemory: `Send(p, d, memInt, memInt')` with Send <-
    # MCSend(p, d, old, new) == new = ...; TLA+ substitutes `chan'` for `new`, so the
    # step assigns chan (we read chan' before it had a value: E406).
    cfg = "INIT Init\nNEXT Next\nCONSTANT Send <- MCSend\nCHECK_DEADLOCK FALSE\n"
    assert run(tmp_path, CHANNEL, cfg) == ("ok", 4, 4)
    model = load_model(tmp_path / "Spec.tla")
    (state,) = model.init_states()
    ((label, nxt),) = model.successors(state)
    assert model.label_text(label) == "MCSend(0, <<>>, chan')" and nxt == ((0,), 1)


ZS = """---- MODULE ZS ----
LOCAL INSTANCE Naturals
Big == 20 \\in Nat
====
"""

ROOT_NAT = """---- MODULE Spec ----
EXTENDS Naturals, ZS
VARIABLE x
Small == 0..5
Init == x = 0
Next == UNCHANGED x
RootSees == 20 \\in Nat
ZSees == Big
====
"""


@pytest.mark.parametrize("invariant", ["RootSees", "ZSees"])
def test_a_standard_definition_as_a_module_sees_it(tmp_path: Path, invariant: str) -> None:
    # `Nat <- [ZS]Small` (tlaplus/Examples' LeastCircularSubstring does this): the Nat
    # that ZS sees is the standard one, shared by every module, so TLC replaces it
    # everywhere; both invariants are FALSE under TLC (checked with TLC itself: "The
    # invariant of RootSees is equal to FALSE").
    cfg = f"INIT Init\nNEXT Next\nINVARIANT {invariant}\nCONSTANT Nat <- [ZS]Small\n"
    diag = failure(lambda: run(tmp_path, ROOT_NAT, cfg, ZS=ZS))
    assert diag.message == f"INVARIANT `{invariant}` is constant-level and equal to FALSE"
    assert (
        run(tmp_path, ROOT_NAT, f"INIT Init\nNEXT Next\nINVARIANT {invariant}\n", ZS=ZS)[0] == "ok"
    )


# -- constant-level INVARIANT / CONSTRAINT names (TLC: "The constraint of Small is equal
# to FALSE", before any search; a constant TRUE one is only a warning) -------------------

CONSTANT_PREDICATES = """---- MODULE CP ----
EXTENDS Naturals
CONSTANT N
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 3
Small == N < 2
Ok == N > 0
Noisy == 1 \\div (N - 3) = 0
====
"""


def _constant_predicates(tmp_path: Path, lines: str) -> tuple[Path, Path]:
    (tmp_path / "CP.tla").write_text(CONSTANT_PREDICATES)
    (tmp_path / "CP.cfg").write_text(f"CONSTANT N = 3\nINIT Init\nNEXT Next\n{lines}\n")
    return tmp_path / "CP.tla", tmp_path / "CP.cfg"


@pytest.mark.parametrize("directive", ["CONSTRAINT", "INVARIANT", "ACTION_CONSTRAINT"])
def test_a_constant_predicate_that_is_false_is_an_error(tmp_path: Path, directive: str) -> None:
    spec, cfg = _constant_predicates(tmp_path, f"{directive} Small")
    diag = failure(lambda: check(spec, cfg, trace_dir=None))
    assert diag.code == "E308" and diag.span is not None
    assert diag.message == f"{directive} `Small` is constant-level and equal to FALSE"
    assert (diag.path, diag.span.line, diag.span.col) == (str(cfg), 4, len(directive) + 2)


def test_a_constant_predicate_that_holds_is_checked_as_before(tmp_path: Path) -> None:
    # TLC: 3 distinct states, no error (and a warning about the invariant)
    result = check(*_constant_predicates(tmp_path, "INVARIANT Ok\nCONSTRAINT Ok"), trace_dir=None)
    assert result.ok and result.distinct_states == 3


def test_a_constant_predicate_that_fails_to_evaluate_is_located(tmp_path: Path) -> None:
    spec, cfg = _constant_predicates(tmp_path, "INVARIANT Noisy")
    assert failure(lambda: check(spec, cfg, trace_dir=None)).code == "E402"


INNER = """---- MODULE Inner ----
EXTENDS Naturals, Bags
VARIABLE x
KD == 7
RECURSIVE Total(_)
Total(B) == IF B = EmptyBag THEN 0
            ELSE LET e == CHOOSE y \\in BagToSet(B) : TRUE IN e + Total(B (-) SetToBag({e}))
Init == x = 0
Next == x' = (x + 1) % 2
Inv == Total(SetToBag({1, 2, x + 3})) = KD + x
====
"""

OUTER = """---- MODULE Spec ----
EXTENDS Naturals, FiniteSets
VARIABLE x
N == INSTANCE Inner
Init == N!Init
Next == N!Next
Inv == N!Inv
====
"""


def test_a_module_scoped_replacement_keeps_an_instance_s_standard_operators(
    tmp_path: Path, backend: str
) -> None:
    # NanoBlockchain: `(-)` of Bags, which the instance's module extends and the root does
    # not, was taken for an undefined `\ominus` once the config replaced `[Inner]KD` (the
    # spec was prepared a second time); TLC: 3,003 distinct states on MCNanoSmall.
    cfg = "INIT Init\nNEXT Next\nINVARIANT Inv\nCONSTANT KD = [Inner]6\n"
    assert run(tmp_path, OUTER, cfg, Inner=INNER) == ("ok", 2, 2)
    wrong = "INIT Init\nNEXT Next\nINVARIANT Inv\nCONSTANT KD = [Inner]7\n"
    assert run(tmp_path, OUTER, wrong, Inner=INNER)[0] == "violation"
