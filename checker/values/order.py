"""The canonical order of values, computed in C (checker._native).

`canon_sorted` gives exactly the order of `checker.values.core.canon_key` (a test checks
this on generated values); it is used wherever an order is observable: enumeration that
produces successors, CHOOSE, printing. There is no Python fallback: the checker does not
run without its compiled core (build it with `pip install -e .`).
"""

from __future__ import annotations

from checker.values.core import FN_TAG, Fcn, ModelValue
from checker.values.lazy import LazyFcn, LazySet

try:
    from checker import _native
except ImportError as exc:  # no silent fallback, by design
    raise ImportError(
        "the C extension checker._native is not built: run `pip install -e .`"
    ) from exc

_native.configure(Fcn, ModelValue, LazySet, LazyFcn, FN_TAG)

canon_sorted = _native.canon_sorted
fingerprint = _native.fingerprint
index_lookup = _native.index_lookup  # field indexes (checker/compile/index.py)
