"""The proof language (parsed and set aside), named theorems and assumptions, the TLAPS
library modules, submodules, and the reserved words SANY reads as names.

The specs are written here; the state counts they pin are TLC's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tla_helpers import SPECS, evaluate, failure, model_of, run_cli

from checker.diagnostics import SourceFile
from checker.lang import ast
from checker.lang.loader import LIBRARY, load_source, load_spec
from checker.lang.parser import parse_module
from checker.lang.resolve import resolve
from checker.pipeline import load_model


def module(body: str, name: str = "M") -> str:
    return f"---- MODULE {name} ----\n{body}\n====\n"


def theorems(body: str) -> list[ast.Theorem]:
    """Parse `body` (after EXTENDS Naturals and a few names) and resolve it."""
    head = "EXTENDS Naturals\nCONSTANT N\nVARIABLE x\nP == x > 0\nQ == x >= 0\n"
    src = SourceFile("M.tla", module(head + body))
    resolve(load_source(src))
    return [u for u in parse_module(src).units if isinstance(u, ast.Theorem)]


# ---------------------------------------------------------------------------------------
# Every form of the proof language parses (and is set aside)

PROOFS = {
    "obvious": "THEOREM P => Q\n  OBVIOUS",
    "omitted": "THEOREM P => Q OMITTED",
    "proof keyword": "THEOREM P => Q\nPROOF OBVIOUS",
    "by": "THEOREM P => Q\n  BY DEF P, Q",
    "by only, module": "THEOREM P => Q\n  PROOF BY ONLY MODULE Naturals, P DEFS Q",
    "steps": "THEOREM P => Q\n<1>1. P\n  OMITTED\n<1>2. QED\n  BY <1>1",
    "unnamed steps": "THEOREM P => Q\n<1>. P\n<1> QED",
    "steps after PROOF": "THEOREM P => Q\nPROOF\n  <1>1. P\n  <1>2. QED BY <1>1",
    "implicit levels": "THEOREM P => Q\n<*>. P\n  <+>. Q\n  <*>. QED\n<*>. QED",
    "labels": "THEOREM P => Q\n<1>a. P\n<1>b_2 Q\n<1>q QED BY <1>a, <1>b_2",
    "nested": (
        "THEOREM P => Q\n<1>1. P\n  <2>1. Q\n    <3>1. QED\n  <2>2. QED BY <2>1\n"
        "<1>2. QED\n  <2>1. QED"
    ),
    "skipped level": "THEOREM P => Q\n<1>1. P\n    <3>1. QED\n<1>2. QED",
    "suffices": "THEOREM P => Q\n<1> SUFFICES ASSUME P PROVE Q\n  OBVIOUS\n<1> QED",
    "case": "THEOREM P => Q\n<1>1. CASE x = 1\n<1>2. CASE x # 1\n<1> QED BY <1>1, <1>2",
    "have take witness": (
        "THEOREM \\A y \\in Nat : y >= 0\n<1>1. TAKE y \\in Nat\n<1>2. HAVE y >= 0\n"
        "<1>3. WITNESS 1 \\in Nat\n<1>4. TAKE a, b\n<1>5. WITNESS 1, 2\n<1> QED"
    ),
    "pick": (
        "THEOREM P => Q\n<1>1. PICK y \\in Nat : y = x\n  OBVIOUS\n<1>2. PICK z : z = 1\n<1> QED"
    ),
    "use and hide": (
        "THEOREM P => Q\n<1> USE DEF P\n<1> USE ONLY P\n<1> HIDE DEF Q\n<1>. USE <1>1, MODULE M\n"
        "<1> QED"
    ),
    "define": (
        "THEOREM P => Q\n<1> DEFINE R == x\n              S(a) == a + 1\n"
        "<1>1. T == x + 1\n<1>2. U(a, b) == a\n<1>3. f[a \\in Nat] == a\n<1> QED"
    ),
    "junctions": "THEOREM P => Q\n<1>1. /\\ P\n      /\\ Q\n  BY DEF P\n<1>2. QED",
    "step in a fact list": "THEOREM P => Q\n<1>1. P\n<1>2. QED BY <1>1, SMT DEF P",
    "dotted QED": "THEOREM P => Q\n<1>1. P\n<1>2. QED\n  <2>. QED",
    "lemma corollary proposition": (
        "LEMMA L == P => Q OBVIOUS\nCOROLLARY C == L BY L\nPROPOSITION P => Q"
    ),
    "assume prove": (
        "THEOREM ASSUME NEW S, NEW y \\in S, CONSTANT F(_, _), NEW CONSTANT c \\in S,\n"
        "               VARIABLE v, NEW VARIABLE w, STATE s, NEW ACTION A,\n"
        "               TEMPORAL T(_), ASSUME NEW z \\in S PROVE z = y, F(y, c) = v\n"
        "        PROVE  F(y, y) \\in S\n"
        "<1>1. F(y, y) = F(y, y) OBVIOUS\n<1> QED"
    ),
    "boxed assume prove": "THEOREM []ASSUME P []PROVE Q\n  OMITTED",
    "step assume prove": "THEOREM P => Q\n<1>1. ASSUME P PROVE Q\n  OBVIOUS\n<1> QED",
    "module use": "USE DEF P\nHIDE DEF Q\nUSE P, Q DEF P\nTHEOREM P => Q OBVIOUS",
}


@pytest.mark.parametrize("body", PROOFS.values(), ids=list(PROOFS))
def test_every_proof_form_parses(body: str) -> None:
    body = body.replace("SMT", "TRUE")
    found = theorems(body)
    assert found
    assert all(t.proof is None or t.proof.span.line > 1 for t in found)


def test_a_proof_is_set_aside_with_its_span() -> None:
    (t,) = theorems(PROOFS["nested"])
    assert t.proof is not None
    assert (t.proof.span.line, t.proof.span.end_line) == (8, 13)


def test_theorem_statements_are_resolved() -> None:
    diag = failure(lambda: theorems("THEOREM Typo => Q"))
    assert diag.code == "E201" and "Typo" in diag.message
    diag = failure(lambda: theorems("THEOREM ASSUME NEW y PROVE y = z"))
    assert diag.code == "E201" and "`z`" in diag.message
    diag = failure(lambda: theorems("THEOREM ASSUME NEW P PROVE P"))  # P is defined
    assert diag.code == "E203"


def test_proofs_are_not_resolved() -> None:
    # the checker sets proofs aside: a name a proof uses is not looked up
    theorems("THEOREM P => Q\n<1>1. Undefined\n<1> QED BY DEF NotDefinedEither")


# ---------------------------------------------------------------------------------------
# Named theorems and assumptions


def test_theorem_and_assumption_names_denote_their_statements() -> None:
    defs = "CONSTANT N\nASSUME Big == N > 2\nTHEOREM Small == N < 10\nLEMMA Both == Big /\\ Small"
    assert evaluate("<<Big, Small, Both>>", defs=defs, constants="N = 5") == (True, True, True)
    assert evaluate("<<Big, Small>>", defs=defs, constants="N = 20") == (True, False)


def test_a_state_level_theorem_name_is_an_invariant_by_value() -> None:
    spec = (
        "EXTENDS Naturals\nVARIABLE x\nInit == x = 0\nNext == x' = (x + 1) % 4\n"
        "THEOREM Below == x < 3\nInv == Below"
    )
    model = model_of(spec, "INIT Init\nNEXT Next\nINVARIANT Inv\n")
    assert model.violated_invariant((3,)) == "Inv"
    assert model.violated_invariant((2,)) is None


def test_an_action_level_theorem_name_is_refused() -> None:
    spec = "VARIABLE x\nTHEOREM Step == x' = x\nNext == Step"
    diag = failure(lambda: resolve(load_source(SourceFile("T.tla", module(spec, "T")))))
    assert diag.code == "E106" and "an action-level theorem" in diag.message


def test_a_theorem_may_restate_a_temporal_theorem() -> None:
    # a statement is never evaluated: any theorem name may appear in one
    spec = "VARIABLE x\nSpec == [](x' = x)\nTHEOREM Safe == Spec => []TRUE\nTHEOREM Safe\n"
    spec += "COROLLARY ASSUME Safe PROVE Safe"
    resolve(load_source(SourceFile("T.tla", module(spec, "T"))))


def test_an_assume_prove_name_has_no_value() -> None:
    spec = "THEOREM T == ASSUME TRUE PROVE TRUE\nFoo == T"
    diag = failure(lambda: resolve(load_source(SourceFile("T.tla", module(spec, "T")))))
    assert diag.code == "E106" and "ASSUME/PROVE" in diag.message


def test_a_false_named_assumption_fails_like_a_plain_one() -> None:
    spec = "EXTENDS Naturals\nCONSTANT N\nVARIABLE x\nASSUME Big == N > 5\nInit == x = N\n"
    spec += "Next == UNCHANGED x"
    cfg = "CONSTANT N = 3\nINIT Init\nNEXT Next\n"
    diag = failure(lambda: model_of(spec, cfg))
    assert diag.code == "E307" and diag.span is not None and diag.span.line == 5
    model_of(spec, cfg.replace("3", "6"))


def test_an_axiom_is_not_checked() -> None:
    # TLC assumes an AXIOM without evaluating it (Tool.checkAssumptions)
    spec = "EXTENDS Naturals\nCONSTANT N\nVARIABLE x\nAXIOM N > 5\nAXIOM Named == N > 7\n"
    spec += "Init == x = N\nNext == UNCHANGED x"
    model = model_of(spec, "CONSTANT N = 3\nINIT Init\nNEXT Next\n")
    assert model.init_states() == [(3,)]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("INVARIANT T", "which is a theorem"),
        ("INIT T", "which is a theorem"),
        ("CONSTANT Init <- T", "which is a theorem"),
        ("CONSTANT T <- Init", "`T` is a theorem"),
    ],
)
def test_a_config_cannot_name_a_theorem(line: str, message: str) -> None:
    # TLC: "The invariant T specified in the configuration file is not defined"
    spec = "VARIABLE x\nInit == x = 0\nNext == x' = x\nTHEOREM T == x = 0"
    cfg = ("" if line.startswith("INIT") else "INIT Init\n") + f"NEXT Next\n{line}\n"
    diag = failure(lambda: model_of(spec, cfg))
    assert diag.code == "E302" and message in diag.message


def test_a_value_for_a_theorem_is_ignored_with_a_warning() -> None:
    spec = "VARIABLE x\nInit == x = 0\nNext == x' = x\nTHEOREM T == x = 0"
    model = model_of(spec, "INIT Init\nNEXT Next\nCONSTANT T = 1\n")  # TLC ignores it
    assert [w.message for w in model.bound.warnings] == [
        "`T` is a theorem, not a constant or definition: this value is ignored"
    ]


# ---------------------------------------------------------------------------------------
# The TLAPS library modules


def test_the_library_ships_the_tlaps_modules() -> None:
    names = sorted(p.stem for p in LIBRARY.glob("*.tla"))
    assert names == [
        "FiniteSetTheorems", "FunctionTheorems", "NaturalsInduction", "SequenceTheorems",
        "SequencesExtTheorems", "TLAPS", "WellFoundedInduction",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "extends",
    [p.stem for p in sorted(LIBRARY.glob("*.tla"))],
)
def test_extending_a_library_module(extends: str, tmp_path: Path) -> None:
    spec = tmp_path / "M.tla"
    spec.write_text(module(f"EXTENDS {extends}\nA == 1"))
    loaded = load_spec(spec)
    resolve(loaded)
    assert Path(loaded.sources[extends].path).parent == LIBRARY


def test_library_modules_export_what_the_real_ones_extend() -> None:
    value = evaluate(
        '<<SMT, IsaM("auto"), Zenon, -2 \\in Int, Cardinality({1, 2}), Len(<<1>>)>>',
        extends="TLAPS, NaturalsInduction, FiniteSetTheorems, SequenceTheorems",
    )
    assert value == (True, True, True, True, 2, 1)


def test_a_tlaps_module_beside_the_spec_comes_first(tmp_path: Path) -> None:
    (tmp_path / "TLAPS.tla").write_text(module("SMT == 42", "TLAPS"))
    assert evaluate("SMT", extends="TLAPS", directory=tmp_path) == 42


# ---------------------------------------------------------------------------------------
# Submodules

OUTER = """EXTENDS Naturals
CONSTANT N
VARIABLE x
Limit == N + 1
---- MODULE Inner ----
VARIABLE y
Bump == y' = y + Limit
----
Twice == 2 * Limit
====
---- MODULE Second ----
EXTENDS Inner
Thrice == Twice + Limit
====
Init == x = 0
Next == x' = (x + 1) % Limit
"""


def test_submodules_see_what_precedes_them_and_extend_their_siblings() -> None:
    loaded = load_source(SourceFile("Outer.tla", module(OUTER, "Outer")))
    assert sorted(loaded.submodules) == ["Inner", "Second"]
    resolved = resolve(loaded)
    assert [v.name for v in resolved.variables] == ["x"]  # Inner's y is Inner's
    second = resolved.scopes["Second"].symbols
    assert {"Limit", "Twice", "Thrice", "y", "N"} <= set(second)
    assert "Twice" not in resolved.root_scope.symbols
    model = model_of(OUTER, "CONSTANT N = 2\nINIT Init\nNEXT Next\n", name="Outer")
    assert len(model.init_states()) == 1


def test_text_after_a_submodule_belongs_to_the_outer_module() -> None:
    text = module(OUTER + "After == 1", "Outer") + "\nnot a module: ignored\n"
    loaded = load_source(SourceFile("Outer.tla", text))
    assert "After" in resolve(loaded).root_scope.symbols


def test_a_submodule_is_resolved() -> None:
    text = module("---- MODULE Inner ----\nA == Undefined\n====\nB == 1", "Outer")
    diag = failure(lambda: resolve(load_source(SourceFile("Outer.tla", text))))
    assert diag.code == "E201" and "Undefined" in diag.message


def test_a_submodule_does_not_see_later_definitions() -> None:
    text = module("---- MODULE Inner ----\nA == B\n====\nB == 1", "Outer")
    diag = failure(lambda: resolve(load_source(SourceFile("Outer.tla", text))))
    assert diag.code == "E201" and "`B`" in diag.message


def test_a_submodules_assumptions_are_not_the_specs() -> None:
    spec = "VARIABLE x\n---- MODULE Inner ----\nASSUME FALSE\n====\nInit == x = 0\n"
    spec += "Next == UNCHANGED x"
    assert model_of(spec).init_states() == [(0,)]


def test_a_submodule_can_extend_a_file_module_that_is_not_part_of_the_spec(
    tmp_path: Path,
) -> None:
    (tmp_path / "Lib.tla").write_text(module("VARIABLE z\nASSUME FALSE\nZ == z", "Lib"))
    spec = tmp_path / "Outer.tla"
    body = "VARIABLE x\n---- MODULE Inner ----\nEXTENDS Lib\nW == Z\n====\n"
    spec.write_text(module(body + "Init == x = 0\nNext == UNCHANGED x", "Outer"))
    (tmp_path / "Outer.cfg").write_text("INIT Init\nNEXT Next\n")
    loaded = load_spec(spec)
    assert [m.name for m in loaded.modules] == ["Outer"]
    assert [m.name for m in loaded.library] == ["Lib", "Inner", "Outer"]
    assert loaded.for_submodules == {"Lib", "Inner"}
    resolved = resolve(loaded)
    assert [v.name for v in resolved.variables] == ["x"]
    model = load_model(spec, tmp_path / "Outer.cfg")  # Lib's false ASSUME is not checked
    assert model.init_states() == [(0,)]


def test_submodules_are_instantiated_as_in_tlc() -> None:
    model = load_model(SPECS / "Submodules.tla", SPECS / "Submodules.cfg")
    seen = set(model.init_states())
    todo = list(seen)
    while todo:
        for _, nxt in model.successors(todo.pop()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    assert len(seen) == 25  # TLC's count
    assert all(model.violated_invariant(s) is None for s in seen)


def test_only_a_submodules_own_parameters_can_be_substituted() -> None:
    # SANY: "Identifier 'N' is not a legal target of a substitution"
    body = "CONSTANT N\n---- MODULE Inner ----\nCONSTANT C\nA == C + N\n====\n"
    body += "I == INSTANCE Inner WITH C <- 1, N <- 2"
    diag = failure(lambda: load_source(SourceFile("Outer.tla", module(body, "Outer"))))
    assert diag.code == "E210" and "`N`" in diag.message


def test_an_instance_inside_a_submodule(tmp_path: Path) -> None:
    (tmp_path / "Lib.tla").write_text(module("CONSTANT K\nTwice == <<K, K>>", "Lib"))
    body = "CONSTANT N\n---- MODULE Inner ----\nL == INSTANCE Lib WITH K <- N\n"
    body += "Pair == L!Twice\n====\nI == INSTANCE Inner\nP == I!Pair"
    (tmp_path / "Outer.tla").write_text(module(body, "Outer"))
    assert evaluate("P", extends="Outer", directory=tmp_path, constants="N = 7") == (7, 7)


def test_theorems_beside_instances(tmp_path: Path) -> None:
    (tmp_path / "Lib.tla").write_text(
        module("EXTENDS Naturals\nCONSTANT C\nDouble == 2 * C", "Lib")
    )
    text = "EXTENDS Naturals\nL == INSTANCE Lib WITH C <- 3\n"
    text += "THEOREM Six == L!Double = 6\nTHEOREM ASSUME NEW y \\in {L!Double} PROVE y = 6\n"
    text += "  <1>1. L!Double = 6\n  <1> QED BY <1>1"
    spec = tmp_path / "M.tla"
    spec.write_text(module(text))
    assert evaluate("Six", extends="M", directory=tmp_path) is True


def test_an_instantiated_module_uses_its_theorem_names(tmp_path: Path) -> None:
    # the name denotes the statement in the instance too (TLC evaluates it); the name of
    # an ASSUME ... PROVE statement has no value there either
    (tmp_path / "Lib.tla").write_text(module("THEOREM T == TRUE\nA == T", "Lib"))
    spec = tmp_path / "M.tla"
    spec.write_text(module("I == INSTANCE Lib\nB == I!A /\\ I!T"))
    resolved = resolve(load_spec(spec))
    sym = resolved.symbol("M", "I!T")
    assert sym is not None and sym.kind == "definition"
    (tmp_path / "Lib.tla").write_text(
        module("THEOREM T == ASSUME NEW x PROVE x = x\nA == T", "Lib")
    )
    diag = failure(lambda: resolve(load_spec(spec)))
    assert diag.code == "E106" and "`T` names an ASSUME/PROVE" in diag.message


def test_module_names_are_unique() -> None:
    text = module("---- MODULE Inner ----\n====\n---- MODULE Inner ----\n====", "Outer")
    diag = failure(lambda: load_source(SourceFile("Outer.tla", text)))
    assert diag.code == "E203" and "Inner" in diag.message


# ---------------------------------------------------------------------------------------
# Reserved words


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        ("[BY |-> 1].BY", 1),
        ("[STATE |-> 2, a |-> 3].STATE", 2),
        ("LET r == [QED |-> 4] IN r.QED", 4),
        ("[r EXCEPT !.CASE = 5].CASE", 5),
        ("[WITH |-> 6].WITH", 6),
    ],
)
def test_reserved_words_are_field_names_where_sany_allows(expr: str, value: int) -> None:
    defs = "r == [CASE |-> 0, b |-> 1]" if "r EXCEPT" in expr else ""
    assert evaluate(expr, defs=defs) == value


@pytest.mark.parametrize("word", ["BY", "STATE", "QED", "PROOF", "NEW", "USE", "DEFINE"])
def test_proof_keywords_are_reserved(
    word: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # as in SANY, which reserves them: a spec cannot define them
    spec = tmp_path / "M.tla"
    spec.write_text(module(f"{word} == 1"))
    code, _, err = run_cli(capsys, "parse", str(spec))
    assert code == 2 and "error[E102]" in err and f"{spec}:2:" in err
