"""bmc's lassos against the explicit engine on random small specs with random fairness
and a random temporal property (the specs of random_specs.py, without evaluation
errors). Where `checker check` finds a fair lasso of L steps, bmc within L steps must
find one too (that lasso is one of those it searches), no longer; where `check` finds
none, bmc must find none either, at any bound (every lasso bmc reports is replayed by
the explicit evaluator before it is reported, NOTE(double-check))."""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

from random_specs import Gen

import checker

SEEDS = range(30)
FORMS = (
    "<>({p})",
    "[]<>({p})",
    "<>[]({p})",
    "({p}) ~> ({q})",
    "[]({p} => []({q}))",
    "[]<><<A0>>_vars",
)


def live_spec(seed: int) -> str:
    rng = random.Random(seed)
    gen = Gen(rng, risky=0.0)
    text = gen.spec().replace("====", "")
    actions = len(re.findall(r"^A\d+ ==", text, re.MULTILINE))
    fair = []
    for i in range(actions):
        kind = rng.choice(["", "", "WF", "SF"])
        if kind:
            fair.append(f"{kind}_vars(A{i})")
    if rng.random() < 0.3:
        fair.append("WF_vars(Next)")
    form = rng.choice(FORMS).format(p=gen.bool_expr(1), q=gen.bool_expr(1))
    spec = " /\\ ".join(["Init", "[][Next]_vars", *fair])
    return text + f"vars == <<x, y, b, f, S>>\nSpec == {spec}\nProp == {form}\n====\n"


def compare(seed: int, workdir: Path) -> str:
    """What both engines said, or raises AssertionError where they disagree."""
    tla = workdir / "R.tla"
    tla.write_text(live_spec(seed))
    (workdir / "R.cfg").write_text(
        "SPECIFICATION Spec\nINVARIANT TypeOK\nPROPERTY Prop\nCHECK_DEADLOCK FALSE\n"
    )
    r = checker.check(tla, trace_dir=None)
    assert r.verdict in ("ok", "violation"), (seed, r.verdict, r.error)
    depth = 4 if r.violation is None else r.violation.length
    b = checker.bmc(tla, depth=depth, trace_dir=None)
    assert b.verdict == r.verdict, (seed, r.verdict, b.verdict, b.unknown)
    if r.violation is None:
        return "ok"
    assert b.violation is not None and r.violation.kind == b.violation.kind == "liveness"
    assert b.violation.length <= r.violation.length, seed
    return "liveness"


def test_bmc_finds_a_lasso_exactly_where_the_explicit_engine_does(tmp_path: Path) -> None:
    said = Counter(compare(seed, tmp_path) for seed in SEEDS)
    assert said["ok"] >= 5 and said["liveness"] >= 5, said  # both verdicts are exercised
