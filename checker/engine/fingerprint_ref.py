"""Pure-Python reference of the C `fingerprint` (checker/values/native/fingerprint.c).

Used by tests only."""

from __future__ import annotations

from checker.values import Fcn, LazyFcn, LazySet, ModelValue, Value

MASK = (1 << 64) - 1

FP_SEED = 0x6A09E667F3BCC908
K_GOLDEN = 0x9E3779B97F4A7C15
K_MUL1 = 0x87C37B91114253D5
K_MUL2 = 0x4CF5AD432745937F
K_SET = 0xD6E8FEB86659FD93

TAG_BOOL, TAG_INT, TAG_BIGINT, TAG_STR, TAG_MODEL_VALUE, TAG_SEQ, TAG_FCN, TAG_SET = range(1, 9)

_INT64_MIN = -(1 << 63)
_INT64_MAX = (1 << 63) - 1


def rotl64(x: int, r: int) -> int:
    return ((x << r) | (x >> (64 - r))) & MASK


def fmix64(x: int) -> int:
    x ^= x >> 33
    x = (x * 0xFF51AFD7ED558CCD) & MASK
    x ^= x >> 33
    x = (x * 0xC4CEB9FE1A85EC53) & MASK
    x ^= x >> 33
    return x


def fp_start(tag: int) -> int:
    return fmix64(FP_SEED ^ ((tag * K_GOLDEN) & MASK))


def fp_combine(h: int, v: int) -> int:
    return fmix64(((rotl64(h, 23) * K_MUL1) & MASK) ^ v)


def fp_set_elem(fp: int) -> int:
    return fmix64(fp ^ K_SET)


def _absorb_word(h: int, w: int) -> int:
    w = (w * K_MUL1) & MASK
    w = rotl64(w, 31)
    w = (w * K_MUL2) & MASK
    h ^= w
    return (rotl64(h, 27) * 5 + 0x52DCE729) & MASK


def fp_bytes(h: int, data: bytes) -> int:
    for i in range(0, len(data), 8):
        h = _absorb_word(h, int.from_bytes(data[i : i + 8].ljust(8, b"\0"), "little"))
    return fmix64(h ^ len(data))


def _fp_int(v: int) -> int:
    if _INT64_MIN <= v <= _INT64_MAX:
        return fp_combine(fp_start(TAG_INT), v & MASK)
    raw = v.to_bytes(v.bit_length() // 8 + 1, "little", signed=True)
    return fp_bytes(fp_start(TAG_BIGINT), raw)


def _fp_tuple(t: tuple[Value, ...]) -> int:
    h = fp_combine(fp_start(TAG_SEQ), len(t))
    for e in t:
        h = fp_combine(h, fingerprint(e))
    return h


def _fp_fcn(f: Fcn) -> int:
    h = fp_combine(fp_start(TAG_FCN), len(f.keys))
    for k, v in f.items():
        h = fp_combine(fp_combine(h, fingerprint(k)), fingerprint(v))
    return h


def _fp_set(s: frozenset[Value]) -> int:
    total = sum(fp_set_elem(fingerprint(e)) for e in s) & MASK
    return fp_combine(fp_combine(fp_start(TAG_SET), len(s)), total)


def fingerprint(v: Value) -> int:
    """The 64-bit fingerprint of a TLA+ value, bit for bit as the C extension computes it."""
    t = type(v)
    if t is int:
        return _fp_int(v)
    if t is str:
        return fp_bytes(fp_start(TAG_STR), v.encode("utf-8"))
    if t is bool:
        return fp_combine(fp_start(TAG_BOOL), int(v))
    if t is ModelValue:
        return fp_bytes(fp_start(TAG_MODEL_VALUE), v.name.encode("utf-8"))
    if t is tuple:
        return _fp_tuple(v)
    if t is Fcn:
        return _fp_fcn(v)
    if t is frozenset:
        return _fp_set(v)
    if isinstance(v, (LazySet, LazyFcn)):
        return fingerprint(v.materialize())
    raise TypeError(f"cannot fingerprint a value of type {t.__name__}")
