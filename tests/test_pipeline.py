"""The staged front end (checker/pipeline.py): each stage a function of the previous
stage's frozen result, the IR lowered once for the closures, the generated code and Z3,
and the ways through it that the commands and APIs take."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from checker import pipeline
from checker.diagnostics import CheckerError, SourceFile

ROOT = Path(__file__).resolve().parents[1]
DIEHARD = ROOT / "tests" / "engine" / "specs" / "DieHard.tla"

SPEC = """---- MODULE P ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Up == x < 2 /\\ x' = x + 1
Down == x > 0 /\\ x' = x - 1
Next == Up \\/ Down
Inv == x \\in 0..2
====
"""
CFG = "INIT Init\nNEXT Next\nINVARIANT Inv\n"


def staged() -> pipeline.Lowered:
    sources = pipeline.Sources(SourceFile("P.tla", SPEC), SourceFile("P.cfg", CFG))
    return pipeline.lower(pipeline.bind(pipeline.resolve(pipeline.parse(sources))))


def test_each_stage_is_a_frozen_result_of_the_previous_one() -> None:
    sources = pipeline.Sources(SourceFile("P.tla", SPEC), SourceFile("P.cfg", CFG))
    parsed = pipeline.parse(sources)
    resolved = pipeline.resolve(parsed)
    bound = pipeline.bind(resolved)
    lowered = pipeline.lower(bound)
    assert parsed.loaded.root.name == "P"
    assert resolved.sources is sources
    assert [v.name for v in resolved.spec.variables] == ["x"]
    assert lowered.model is bound.model
    assert (lowered.init.init, lowered.next.init) == (True, False)
    assert {s.name for s in lowered.next.sites if not s.inline} == {"Up", "Down"}
    for stage in (sources, parsed, resolved, bound, lowered):
        with pytest.raises(dataclasses.FrozenInstanceError):
            stage.__setattr__(dataclasses.fields(stage)[0].name, None)


def test_the_model_walks_the_ir_of_the_lower_stage() -> None:
    lowered = staged()
    model = pipeline.compile_model(lowered)
    assert model.lowered[0] is lowered.init
    assert model.lowered[1] is lowered.next
    assert model.sites == list(lowered.next.sites)
    assert sorted(s for _, s in model.successors((1,))) == [(0,), (2,)]


def test_z3_walks_the_ir_the_closures_walk() -> None:
    pytest.importorskip("z3")
    from checker.symbolic.actions import lowered as symbolic_ir
    from checker.symbolic.problem import make_problem

    model = pipeline.compile_model(staged(), generate=False)
    problem = make_problem(model, [])
    b = model.bound
    init = symbolic_ir(problem.world, b.init.body, b.init.module, init=True, root=b.init.name)
    nxt = symbolic_ir(problem.world, b.next.body, b.next.module, init=False, root=b.next.name)
    assert (init, nxt) == model.lowered
    assert init is model.lowered[0] and nxt is model.lowered[1]


def test_compile_without_generated_code_keeps_the_closures_only() -> None:
    model = pipeline.compile_model(staged(), generate=False)
    generated, _, _ = model.codegen_counts()
    assert generated == 0
    assert model.init_states() == [(0,)]


def test_compile_checks_the_assumptions() -> None:
    spec = SPEC.replace("Inv ==", "ASSUME 1 = 2\nInv ==")
    sources = pipeline.Sources(SourceFile("P.tla", spec), SourceFile("P.cfg", CFG))
    lowered = pipeline.lower(pipeline.bind(pipeline.resolve(pipeline.parse(sources))))
    with pytest.raises(CheckerError) as info:
        pipeline.compile_model(lowered)
    assert info.value.diagnostics[0].code == "E307"


def test_a_spec_without_a_model_stops_at_resolved(tmp_path: Path) -> None:
    (tmp_path / "P.tla").write_text(SPEC, encoding="utf-8")
    resolved = pipeline.resolve_file(tmp_path / "P.tla")
    assert resolved.sources.config is None
    assert resolved.spec.root.name == "P"


def test_read_takes_the_config_beside_the_spec_or_says_none_is_there(tmp_path: Path) -> None:
    spec = tmp_path / "P.tla"
    spec.write_text(SPEC, encoding="utf-8")
    with pytest.raises(CheckerError) as info:
        pipeline.read(spec, None)
    d = info.value.diagnostics[0]
    assert d.code == "E501"
    assert d.message == f"no configuration given and `{tmp_path / 'P.cfg'}` does not exist"
    (tmp_path / "P.cfg").write_text(CFG, encoding="utf-8")
    sources = pipeline.read(spec, None)
    assert sources.config is not None and sources.config.text == CFG
    assert pipeline.read(spec, None, need_config=False).config is None


def test_load_model_and_build_model_are_the_stages_composed() -> None:
    import checker

    assert checker.load_model is pipeline.load_model
    loaded = pipeline.load_model(DIEHARD)
    cfg = DIEHARD.with_suffix(".cfg")
    built = pipeline.build_model(
        SourceFile(str(DIEHARD), DIEHARD.read_text(encoding="utf-8")),
        SourceFile(str(cfg), cfg.read_text(encoding="utf-8")),
    )
    assert loaded.name == built.name == "DieHard"
    assert loaded.init_states() == built.init_states()
    assert [s.name for s in loaded.sites] == [s.name for s in built.sites]
