"""SYMMETRY: the group of model-value permutations, and a state's orbit fingerprint.

NOTE(symmetry): as TLC (Tool.getSymmetryPerms, MVPerms.permutationSubgroup), the config's
`SYMMETRY Perms` names a constant definition whose value is a set of functions from model
values to model values (`Permutations(S)`, unions of them); the search uses the group they
generate. Each state is fingerprinted as the least fingerprint of its images under the
group (the identity included): every state of an orbit has the same images, so the
reduction is exact and the distinct-state count is the number of orbits reached, as with
TLC's least-image representative. The usual groups (all permutations of some sets of model
values) need not try all n! images: NOTE(orbit-canonical) in values/native/canon.c tries
only the permutations that sort each set by an equivariant signature; other groups try
every image (NOTE(orbit-fingerprint)). States are stored and explored as found, so traces are
real behaviours (engine/replay.py re-finds each step by its orbit fingerprint). A function
that is not a bijection of model values is refused (E309): TLC would accept it and its
reduction would be unsound.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from checker import _native
from checker.diagnostics import CheckerError, Diagnostic, Span
from checker.values import Fcn, LazySet, ModelValue, Value, fingerprint, render
from checker.values.permute import Permutation, Permuter

MAX_GROUP = 1_000_000  # more images a state than any search could afford
CANON_MAX_MOVED = 63  # canon.c's bound on the model values it sorts


@dataclass(frozen=True, eq=False)
class Symmetry:
    """The group (without the identity) and the model values it moves."""

    perms: tuple[Permutation, ...]
    moved: tuple[ModelValue, ...]
    _maps: tuple[dict[ModelValue, ModelValue], ...] = field(init=False, repr=False)
    _permuters: tuple[Permuter, ...] = field(init=False, repr=False)
    _cache: object = field(init=False, repr=False)
    _canon: _Canonical | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_maps", tuple(dict(p) for p in self.perms))
        object.__setattr__(self, "_permuters", tuple(Permuter(p) for p in self.perms))
        object.__setattr__(self, "_cache", _native.orbit_cache())
        object.__setattr__(self, "_canon", _canonical(self.perms, self.moved))

    def fingerprint(self, state: tuple[Value, ...]) -> int:
        """The orbit's fingerprint: from the permutations that sort the model values by
        signature when the group is every permutation of some classes
        (NOTE(orbit-canonical)), else the least of the state's images' fingerprints
        (computed in C without building the images, NOTE(orbit-fingerprint))."""
        c = self._canon
        if c is not None:
            return _native.orbit_canonical(state, c.classes, c.maps, c.permuters, c.cache)
        return self.fingerprint_all(state)

    def fingerprint_all(self, state: tuple[Value, ...]) -> int:
        """The least fingerprint of the state's images under the whole group."""
        return _native.orbit_fingerprint(state, self._maps, self._permuters, self._cache)

    def fingerprint_reference(self, state: tuple[Value, ...]) -> int:
        """fingerprint_all, with the images built in Python (for tests)."""
        best: int = fingerprint(state)
        for image in self._permuters:
            fp: int = fingerprint(image.state(state))
            if fp < best:
                best = fp
        return best

    @property
    def canonical(self) -> bool:
        """Whether states are fingerprinted by NOTE(orbit-canonical)."""
        return self._canon is not None

    @property
    def scheme(self) -> str:
        """How orbits are fingerprinted (a checkpoint records it: fingerprints of two
        schemes cannot be compared)."""
        return "canonical-1" if self.canonical else "all"

    def describe(self) -> str:
        names = ", ".join(m.name for m in self.moved)
        return f"{len(self.perms) + 1} permutations of {{{names}}}"


@dataclass(frozen=True, eq=False)
class _Canonical:
    """The classes (each sorted by name) and the group's permutations numbered as
    canon.c numbers them (NOTE(orbit-canonical)), the identity first."""

    classes: tuple[tuple[ModelValue, ...], ...]
    maps: tuple[dict[ModelValue, ModelValue], ...]
    permuters: tuple[Permuter, ...]
    cache: object


def _canonical(perms: tuple[Permutation, ...], moved: tuple[ModelValue, ...]) -> _Canonical | None:
    """The numbering of NOTE(orbit-canonical) when the group is every permutation of each
    of its orbits on the model values (its size their factorials' product), else None."""
    classes = _orbits(perms, moved)
    if not classes or len(moved) > CANON_MAX_MOVED:
        return None
    if len(perms) + 1 != math.prod(math.factorial(len(c)) for c in classes):
        return None
    numbered: list[Permutation | None] = [None] * (len(perms) + 1)
    numbered[0] = {}
    for p in perms:
        numbered[_rank(p, classes)] = p
    maps = tuple(dict(p or {}) for p in numbered)
    return _Canonical(classes, maps, tuple(Permuter(m) for m in maps), _native.orbit_cache())


def _orbits(
    perms: tuple[Permutation, ...], moved: tuple[ModelValue, ...]
) -> tuple[tuple[ModelValue, ...], ...]:
    """The classes of model values the group moves one into another, each sorted by name,
    in the order of their first names."""
    cls = {m: {m} for m in moved}
    for p in perms:
        for m, v in p.items():
            if cls[m] is not cls[v]:
                merged = cls[m] | cls[v]
                for x in merged:
                    cls[x] = merged
    found = {id(c): c for c in cls.values()}.values()
    return tuple(
        sorted((tuple(sorted(c, key=lambda m: m.name)) for c in found), key=lambda c: c[0].name)
    )


def _rank(p: Permutation, classes: tuple[tuple[ModelValue, ...], ...]) -> int:
    """The permutation's number: each class's image positions ranked lexicographically
    (the Lehmer code), in mixed radix (canon.c's candidate_rank)."""
    rank, base = 0, 1
    for members in classes:
        position = {m: i for i, m in enumerate(members)}
        image = [position[p.get(m, m)] for m in members]
        k = len(image)
        lehmer = sum(
            sum(image[j] < image[i] for j in range(i + 1, k)) * math.factorial(k - 1 - i)
            for i in range(k)
        )
        rank += lehmer * base
        base *= math.factorial(k)
    return rank


def symmetry_group(value: Value, name: str, span: Span) -> Symmetry:
    """The group generated by the permutations in `value` (the SYMMETRY definition's)."""
    generators = [_permutation(f, name, span) for f in _elements(value, name, span)]
    perms = _closure([p for p in generators if p])
    moved = sorted({m for p in perms for m in p}, key=lambda m: m.name)
    return Symmetry(tuple(perms), tuple(moved))


def _elements(value: Value, name: str, span: Span) -> Iterable[Value]:
    if isinstance(value, LazySet) and value.finite:
        return value.materialize()
    if type(value) is frozenset:
        return value
    raise _refused(f"SYMMETRY `{name}` is {render(value)[:80]}, not a set of permutations", span)


def _permutation(f: Value, name: str, span: Span) -> dict[ModelValue, ModelValue]:
    """The moves of one function of the set (its fixed points left out)."""
    if f == ():  # the empty function: no move
        return {}
    if type(f) is not Fcn or not all(
        type(k) is ModelValue and type(v) is ModelValue for k, v in f.items()
    ):
        raise _refused(
            f"SYMMETRY `{name}` holds {render(f)[:80]}, which is not a function from model "
            "values to model values",
            span,
        )
    if set(f.keys) != set(f.vals):
        raise _refused(
            f"SYMMETRY `{name}` holds {render(f)[:80]}, which is not a permutation of its "
            "domain (a reduction by it would be unsound)",
            span,
        )
    return {k: v for k, v in f.items() if k is not v}


def _closure(generators: list[dict[ModelValue, ModelValue]]) -> list[Permutation]:
    """Every composition of the generators, the identity left out, in a fixed order."""
    seen = {_key(p) for p in generators}
    group = list(generators)
    frontier = list(generators)
    while frontier:
        new: list[dict[ModelValue, ModelValue]] = []
        for g in generators:
            for p in frontier:
                q = _compose(g, p)
                k = _key(q)
                if q and k not in seen:
                    seen.add(k)
                    new.append(q)
        group.extend(new)
        frontier = new
        if len(group) > MAX_GROUP:
            raise CheckerError(
                (Diagnostic("E309", f"the SYMMETRY group has more than {MAX_GROUP} elements"),)
            )
    return sorted(group, key=_key)


def _compose(g: Permutation, p: Permutation) -> dict[ModelValue, ModelValue]:
    """g after p, its fixed points left out."""
    out = {m: g.get(p.get(m, m), p.get(m, m)) for m in {*g, *p}}
    return {m: v for m, v in out.items() if m is not v}


def _key(p: Permutation) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((m.name, v.name) for m, v in p.items()))


def _refused(message: str, span: Span) -> CheckerError:
    return CheckerError(
        (
            Diagnostic(
                "E309",
                message,
                span,
                hint="SYMMETRY names a definition such as `Perms == Permutations(Procs)`, "
                "where Procs is a set of model values",
            ),
        )
    )
