"""SYMMETRY (NOTE(symmetry), NOTE(orbit-fingerprint)): TLC's counts, any worker count,
real counterexamples, the C orbit fingerprint equal to the images built in Python, and
the refusals."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from behaviours import assert_behaviour

import checker
from checker.compile.symmetry import Symmetry, symmetry_group
from checker.diagnostics import CheckerError, Span
from checker.pipeline import load_model
from checker.values import ModelValue, Value, fingerprint, make_fcn, make_record
from checker.values.permute import Permuter

SPECS = Path(__file__).parent / "specs"
LOCKS = SPECS / "SymLocks.tla"


@pytest.mark.parametrize(
    ("cfg", "distinct", "generated"),
    [  # TLC -workers 1 on the same spec and configs
        ("SymLocks", 931, 4681),  # SYMMETRY Permutations(Procs) \cup Permutations(Locks)
        ("SymLocksProcs", 1856, 9325),  # SYMMETRY Permutations(Procs)
    ],
)
@pytest.mark.parametrize("workers", [1, 2])
def test_counts_are_tlcs(cfg: str, distinct: int, generated: int, workers: int) -> None:
    r = checker.check(LOCKS, SPECS / f"{cfg}.cfg", workers=workers, trace_dir=None)
    assert (r.verdict, r.distinct_states, r.generated_states, r.depth) == (
        "ok",
        distinct,
        generated,
        19,  # TLC: 19
    )
    assert r.symmetry is not None and r.symmetry[1][0] in ("l1", "p1")


def test_without_symmetry_every_state_is_explored() -> None:
    r = checker.check(LOCKS, SPECS / "SymLocks.cfg", trace_dir=None, symmetry=False)
    assert (r.distinct_states, r.generated_states, r.depth) == (10834, 54313, 19)  # TLC's
    assert r.symmetry is None


def test_a_counterexample_is_a_behaviour_of_the_spec() -> None:
    """The states stored are the ones found (one per orbit), and the trace is replayed
    from them: each step is a successor of the one before, the last violates."""
    r = checker.check(LOCKS, SPECS / "SymLocksBug.cfg", trace_dir=None)
    assert r.violation is not None and r.violation.property == "OneLockEach"
    assert r.violation.length == 4  # TLC: 5 states
    model = load_model(LOCKS, SPECS / "SymLocksBug.cfg")
    assert_behaviour(model, r.violation.trace, "OneLockEach")


# -- the orbit fingerprint in C against the images built in Python ----------------------

MVS = [ModelValue(n) for n in ("a", "b", "c", "d")]


def _value(rng: random.Random, depth: int) -> Value:
    r = rng.random()
    if depth == 0 or r < 0.3:
        return rng.choice([*MVS, 0, 1, "x", True, *MVS])
    n = rng.randint(0, 3)
    if r < 0.45:
        return tuple(_value(rng, depth - 1) for _ in range(n))
    if r < 0.6:
        return frozenset(_value(rng, depth - 1) for _ in range(n))
    if r < 0.72:
        return make_record((f"f{i}", _value(rng, depth - 1)) for i in range(n))
    if r < 0.86:  # keyed by model values
        keys = rng.sample(MVS, n)
        return make_fcn((k, _value(rng, depth - 1)) for k in keys)
    keys = {(rng.choice(MVS), rng.randint(0, 1)) for _ in range(n)}  # keyed by tuples
    return make_fcn((k, _value(rng, depth - 1)) for k in keys)


def test_the_orbit_fingerprint_is_the_least_fingerprint_of_the_images() -> None:
    perms = frozenset(
        make_fcn(zip(MVS, image, strict=True)) for image in itertools.permutations(MVS)
    )
    group = symmetry_group(perms, "Perms", Span(None, 1, 1, 1, 1))
    assert len(group.perms) == 23  # the identity left out
    rng = random.Random(7)
    for _ in range(300):
        state = tuple(_value(rng, 3) for _ in range(3))
        assert group.fingerprint_all(state) == group.fingerprint_reference(state)
        images = {fingerprint(Permuter(p).state(state)) for p in group.perms}
        assert group.fingerprint_all(state) == min(images | {fingerprint(state)})
        # every state of the orbit has the same one
        image = Permuter(group.perms[rng.randrange(23)]).state(state)
        assert group.fingerprint_all(image) == group.fingerprint_all(state)


# -- NOTE(orbit-canonical): the same orbits as the whole group ----------------------------

FIVE = [ModelValue(n) for n in ("p", "q", "r", "s", "t")]


def _perms_of(values: list[ModelValue]) -> frozenset[Value]:
    return frozenset(
        make_fcn(zip(values, image, strict=True)) for image in itertools.permutations(values)
    )


def _small_value(rng: random.Random, depth: int) -> Value:
    """Values built from few parts, so that states often share an orbit and hold model
    values of equal signature."""
    r = rng.random()
    if depth == 0 or r < 0.35:
        return rng.choice([*FIVE, 0, 1, "x"])
    n = rng.randint(0, 2)
    if r < 0.5:
        return tuple(_small_value(rng, depth - 1) for _ in range(n))
    if r < 0.65:
        return frozenset(_small_value(rng, depth - 1) for _ in range(n + 1))
    if r < 0.75:
        return make_record((f"f{i}", _small_value(rng, depth - 1)) for i in range(n))
    if r < 0.9:
        keys = rng.sample(FIVE, n + 2)
        return make_fcn((k, _small_value(rng, depth - 1)) for k in keys)
    keys = {frozenset(rng.sample(FIVE, 2)) for _ in range(n + 1)}  # keyed by sets
    return make_fcn((k, _small_value(rng, depth - 1)) for k in keys)


@pytest.mark.parametrize(
    "classes",
    [[FIVE[:4]], [FIVE[:2], FIVE[2:]], [FIVE[:3]], [FIVE]],
    ids=["S4", "S2xS3", "S3 (t, s fixed)", "S5"],
)
def test_the_canonical_fingerprint_gives_the_orbits_of_the_whole_group(
    classes: list[list[ModelValue]],
) -> None:
    """Random states and random images of them: two have the same canonical fingerprint
    exactly when they have the same least fingerprint over the whole group (the same
    orbit), and every image of a state has the state's."""
    perms = frozenset().union(*(_perms_of(c) for c in classes))
    group = symmetry_group(perms, "Perms", Span(None, 1, 1, 1, 1))
    assert group.canonical
    rng = random.Random(2026)
    states: list[tuple[Value, ...]] = []
    for _ in range(150):
        state = tuple(_small_value(rng, 3) for _ in range(2))
        states += [state, Permuter(rng.choice(group.perms)).state(state)]
        assert {group.fingerprint(Permuter(p).state(state)) for p in group.perms} == {
            group.fingerprint(state)
        }
    canonical = [group.fingerprint(s) for s in states]
    whole = [group.fingerprint_all(s) for s in states]
    assert len(set(whole)) > 100  # many orbits, and the pairs of each below
    for i, j in itertools.combinations(range(len(states)), 2):
        assert (canonical[i] == canonical[j]) == (whole[i] == whole[j]), (states[i], states[j])


def test_a_group_not_of_whole_classes_tries_every_permutation() -> None:
    """A rotation of four values generates 4 permutations, not the 24 of the class: the
    signatures' candidates would not be in the group, so every image is tried."""
    a, b, c, d = MVS
    rotate = make_fcn([(a, b), (b, c), (c, d), (d, a)])
    group = symmetry_group(frozenset({rotate}), "R", Span(None, 1, 1, 1, 1))
    assert len(group.perms) == 3 and not group.canonical
    state = (make_fcn([(a, 1), (b, 2)]), c)
    assert group.fingerprint(state) == group.fingerprint_reference(state)


def test_a_group_is_generated_by_its_permutations() -> None:
    a, b, c, _ = MVS
    swap_ab = make_fcn([(a, b), (b, a), (c, c)])
    swap_bc = make_fcn([(a, a), (b, c), (c, b)])
    group = symmetry_group(frozenset({swap_ab, swap_bc}), "G", Span(None, 1, 1, 1, 1))
    assert isinstance(group, Symmetry) and len(group.perms) == 5  # all of S3 but identity


# -- refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("definition", "code"),
    [
        ("Bad == {[p \\in Procs |-> CHOOSE q \\in Procs : TRUE]}", "E309"),  # not onto
        ("Bad == {<<1, 2>>}", "E309"),  # not model values
        ("Bad == 3", "E309"),  # not a set
        ("Bad == {holder}", "E207"),  # not constant
    ],
)
def test_a_symmetry_that_is_not_a_set_of_permutations_is_refused(
    tmp_path: Path, definition: str, code: str
) -> None:
    text = LOCKS.read_text().replace("\n====", f"\n{definition}\n====")
    (tmp_path / "SymLocks.tla").write_text(text)
    cfg = (SPECS / "SymLocks.cfg").read_text().replace("SYMMETRY Perms", "SYMMETRY Bad")
    (tmp_path / "SymLocks.cfg").write_text(cfg)
    with pytest.raises(CheckerError) as exc:
        checker.check(tmp_path / "SymLocks.tla", tmp_path / "SymLocks.cfg", trace_dir=None)
    d = exc.value.diagnostics[0]
    assert d.code == code and d.span is not None and d.span.line == 6


def test_a_checkpoint_is_resumed_only_with_the_same_symmetry(tmp_path: Path) -> None:
    cfg = SPECS / "SymLocks.cfg"
    cp = tmp_path / "cp"
    checker.check(LOCKS, cfg, trace_dir=None, checkpoint_dir=cp, checkpoint_every_s=0, max_depth=5)
    with pytest.raises(CheckerError) as exc:
        checker.check(LOCKS, cfg, trace_dir=None, resume=tmp_path / "cp", symmetry=False)
    assert exc.value.diagnostics[0].code == "E507"
    assert "SYMMETRY" in exc.value.diagnostics[0].message
    r = checker.check(LOCKS, cfg, trace_dir=None, resume=tmp_path / "cp")
    assert (r.distinct_states, r.generated_states) == (931, 4681)


def test_the_cli_reports_the_group_and_can_ignore_it() -> None:
    def run(*flags: str) -> dict[str, object]:
        cmd = [sys.executable, "-m", "checker", "check", str(LOCKS), "--config"]
        cmd += [str(SPECS / "SymLocks.cfg"), "--json", "--no-trace-file", *flags]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        result: dict[str, object] = json.loads(out.splitlines()[-1])
        return result

    on, off = run(), run("--no-symmetry")
    assert on["symmetry"] == {"permutations": 12, "model_values": ["l1", "l2", "p1", "p2", "p3"]}
    assert (on["distinct_states"], off["distinct_states"]) == (931, 10834)
    assert "symmetry" not in off
