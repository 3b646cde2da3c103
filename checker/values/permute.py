"""Model values renamed by a permutation, inside any value (for SYMMETRY).

`Permuter(p)(v)` is v with every model value m replaced by p[m] (those p does not name
stay). Sets, functions (including their domains: keys are re-sorted) and records are
rebuilt in canonical form, so the result equals, as a TLA+ value, the one the spec would
have built with the renamed model values. A lazy set holding no model value (an
interval, Nat, Int, STRING) is kept; any other is enumerated first, as fingerprinting
does; a function over an infinite domain cannot be renamed (NotEnumerable, as
fingerprinting it).

NOTE(permute-cache): successive states share most of their parts, so the images of
compound values are remembered by object identity (the value is kept alive with its
image, so its address is not reused); the cache is emptied when it grows past
CACHE_LIMIT entries. An image is the same whether it came from the cache or not, and
reusing image objects lets the fingerprint cache (NOTE(fingerprint-cache)) hit as well.
"""

from __future__ import annotations

from collections.abc import Mapping

from checker.values.core import Fcn, ModelValue, Value, make_fcn
from checker.values.lazy import Interval, IntSet, LazyFcn, LazySet, NatSet, StringSet

Permutation = Mapping[ModelValue, ModelValue]
CACHE_LIMIT = 1 << 18
_PLAIN = (int, bool, str)
_NO_MODEL_VALUES = (Interval, NatSet, IntSet, StringSet)


class Permuter:
    """Applies one permutation to values (NOTE(permute-cache))."""

    __slots__ = ("_cache", "perm")

    def __init__(self, perm: Permutation) -> None:
        self.perm = perm
        self._cache: dict[int, tuple[Value, Value]] = {}

    def state(self, state: tuple[Value, ...]) -> tuple[Value, ...]:
        return tuple(self(v) for v in state)

    def __call__(self, v: Value) -> Value:
        t = type(v)
        if t in _PLAIN:
            return v
        if t is ModelValue:
            return self.perm.get(v, v)
        hit = self._cache.get(id(v))
        if hit is not None and hit[0] is v:
            return hit[1]
        image = self._compound(v, t)
        if len(self._cache) >= CACHE_LIMIT:
            self._cache.clear()
        self._cache[id(v)] = (v, image)
        return image

    def _compound(self, v: Value, t: type) -> Value:
        if t is frozenset:
            return frozenset(self(x) for x in v)
        if t is tuple:
            return tuple(self(x) for x in v)
        if t is Fcn:
            return make_fcn((self(k), self(x)) for k, x in v.items())
        if isinstance(v, _NO_MODEL_VALUES):
            return v
        if isinstance(v, LazySet):
            return frozenset(self(x) for x in v.materialize())
        if isinstance(v, LazyFcn):  # NotEnumerable over an infinite domain
            return self(v.materialize())
        raise TypeError(f"permute: not a value: {t.__name__}")
