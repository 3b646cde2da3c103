"""The C state codec (NOTE(state-codec)): round trips, identity, errors, malformed input."""

from __future__ import annotations

import gc
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker._native import ChunkMemo
from checker.engine.native import (
    decode_from,
    decode_state,
    encode_into,
    encode_state,
    fingerprint,
)
from checker.values import (
    FN_TAG,
    Fcn,
    Interval,
    ModelValue,
    PowerSet,
    canon_key,
    make_fcn,
    make_record,
)

# ---------------------------------------------------------------------------------------
# Strategies: every kind of value a state may hold (no lazy values: those are refused)

scalars = st.one_of(
    st.booleans(),
    st.integers(-40, 200),  # around the one-byte range
    st.integers(),
    st.integers(-(2**64), 2**64),
    st.integers(-(2**300), 2**300),
    st.sampled_from([2**63 - 1, -(2**63), 2**63, -(2**63) - 1, 2**64, -1, 0]),
    st.text(max_size=12),
    st.sampled_from(["", "a", "type", "1a", "ключ", "鍵", "😀", "a" * 300]),
    st.sampled_from(["a1", "a2", "None", "p", "ナ"]).map(ModelValue),
)


def _fcn_from_pairs(pairs: list[tuple[Any, Any]]) -> Any:
    seen: dict[tuple[Any, ...], tuple[Any, Any]] = {}
    for k, v in pairs:
        seen.setdefault(canon_key(k), (k, v))
    return make_fcn(seen.values())


def _compound(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    field = st.sampled_from(["a", "b", "bal", "val", "type", "acc"])
    return st.one_of(
        st.lists(children, max_size=5).map(tuple),
        st.lists(children, max_size=5).map(frozenset),
        st.dictionaries(field, children, max_size=5).map(lambda d: make_record(d.items())),
        st.lists(st.tuples(children, children), max_size=4).map(_fcn_from_pairs),
    )


values = st.recursive(scalars, _compound, max_leaves=24)
states = st.lists(values, min_size=1, max_size=5).map(tuple)


def same(a: Any, b: Any) -> bool:
    """Equal with exactly the same types throughout, model values identical, Fcns tagged
    with the one FN_TAG (stricter than ==, which takes TRUE for 1)."""
    if type(a) is not type(b):
        return False
    if type(a) is ModelValue:
        return a is b
    if type(a) is Fcn:
        return a[0] is FN_TAG and b[0] is FN_TAG and same(a[1:], b[1:])
    if type(a) is tuple:
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if type(a) is frozenset:
        return a == b and canon_key(a) == canon_key(b)
    return bool(a == b)


def parts(v: Any) -> list[Any]:
    out = [v]
    if type(v) in (tuple, Fcn, frozenset):
        for e in v:
            if e is not FN_TAG:
                out.extend(parts(e))
    return out


# ---------------------------------------------------------------------------------------
# Round trips


@settings(max_examples=500, deadline=None)
@given(states)
def test_round_trip(state: tuple[Any, ...]) -> None:
    data = encode_state(state)
    assert isinstance(data, bytes)
    back = decode_state(data)
    assert back == state
    assert same(back, state)
    assert fingerprint(back) == fingerprint(state)


@settings(max_examples=200, deadline=None)
@given(values)
def test_model_values_keep_their_identity(v: Any) -> None:
    back = decode_state(encode_state(v))
    before = [p for p in parts(v) if type(p) is ModelValue]
    after = [p for p in parts(back) if type(p) is ModelValue]
    assert all(m is ModelValue(m.name) for m in after)  # the interned object itself
    assert sorted(m.name for m in after) == sorted(m.name for m in before)


@settings(max_examples=100, deadline=None)
@given(st.lists(states, max_size=8))
def test_stream_of_values(items: list[tuple[Any, ...]]) -> None:
    buf = bytearray()
    sizes = [encode_into(buf, s) for s in items]
    assert sum(sizes) == len(buf)
    pos, out = 0, []
    while pos < len(buf):
        s, pos = decode_from(buf, pos)
        out.append(s)
    assert pos == len(buf)
    assert all(same(a, b) for a, b in zip(items, out, strict=True))
    assert len(out) == len(items)


def _chunk(items: list[Any]) -> tuple[bytearray, ChunkMemo]:
    buf, memo = bytearray(), ChunkMemo()
    sizes = [encode_into(buf, (i, s), memo) for i, s in enumerate(items)]
    assert sum(sizes) == len(buf)
    return buf, memo


def _read_chunk(buf: bytes | bytearray) -> list[Any]:
    registered: list[Any] = []
    pos, out = 0, []
    while pos < len(buf):
        item, pos = decode_from(buf, pos, registered)
        out.append(item)
    return out


@settings(max_examples=100, deadline=None)
@given(st.lists(states, max_size=6), st.data())
def test_chunk_references_round_trip(items: list[Any], data: st.DataObject) -> None:
    """NOTE(chunk-refs): a chunk with repeated parts decodes to the same entries."""
    if items:  # repeat whole states and parts of them, so references are made
        items += data.draw(st.lists(st.sampled_from(items), max_size=6))
    buf, _ = _chunk(items)
    out = _read_chunk(buf)
    expected = [(i, s) for i, s in enumerate(items)]
    assert len(out) == len(expected)
    assert all(same(a, b) for a, b in zip(expected, out, strict=True))


def test_chunk_references_shrink_repeats() -> None:
    recs = [make_record([("type", "2b"), ("bal", b), ("acc", ModelValue("a1"))]) for b in range(9)]
    states = [(1, frozenset(recs[: i + 1])) for i in range(9)]
    with_refs, memo = _chunk(states)
    plain = bytearray()
    for i, s in enumerate(states):
        encode_into(plain, (i, s))
    assert len(with_refs) * 3 < len(plain) and memo.count >= len(recs)
    assert _read_chunk(with_refs) == [(i, s) for i, s in enumerate(states)]
    with pytest.raises(ValueError):  # a chunk's references mean nothing without its start
        decode_state(bytes(with_refs[len(with_refs) // 2 :]))


def test_chunk_decoding_after_the_decode_cache_saw_the_parts() -> None:
    """A nested shared value is followed by DEF inside its parent's bytes: the decode cache
    must not serve the parent from bytes that stop before that DEF."""
    state = (((), (1,)),)
    decode_state(encode_state((0, state)))  # the cache now knows (0, state) and its parts
    buf, _ = _chunk([state, state])
    assert _read_chunk(buf) == [(0, state), (1, state)]


def test_chunk_memo_is_unchanged_by_a_failed_encoding() -> None:
    rec = make_record([("a", 1), ("b", 2)])
    buf, memo = _chunk([(frozenset({rec}),)])
    count, size = memo.count, len(buf)
    with pytest.raises(TypeError):  # fails after registering the new record
        encode_into(buf, (7, (make_record([("a", 5), ("b", 6)]), Interval(1, 3))), memo)
    assert (memo.count, len(buf)) == (count, size)
    encode_into(buf, (1, (make_record([("a", 5), ("b", 6)]), rec)), memo)
    assert _read_chunk(buf)[1] == (1, (make_record([("a", 5), ("b", 6)]), rec))
    with pytest.raises(ValueError):  # one memo, one bytearray
        encode_into(bytearray(), (1, (rec,)), memo)


def test_examples_and_sizes() -> None:
    rec = make_record([("type", "1b"), ("bal", 2), ("acc", ModelValue("a1"))])
    state: tuple[Any, ...] = (
        rec,
        frozenset({rec, 7}),
        (),
        frozenset(),
        True,
        False,
        -32,
        159,
        2**70,
    )
    back = decode_state(encode_state(state))
    assert same(back, state)
    assert type(back[0]) is Fcn and back[0].lookup("acc") is ModelValue("a1")
    assert back[2] == () and type(back[2]) is tuple
    assert len(encode_state(5)) == 1 and len(encode_state(-32)) == 1
    assert len(encode_state(159)) == 1 and len(encode_state(160)) == 3
    assert decode_state(encode_state(2**63)) == 2**63


def test_decoded_parts_are_shared_interned_and_untracked() -> None:
    rec = make_record([("type", "2b"), ("bal", 1)])
    a = decode_state(encode_state((rec, 1)))
    b = decode_state(encode_state((frozenset({rec}), 2)))
    assert a[0] is next(iter(b[0]))  # hash-consed (NOTE(decode-cache))
    assert a[0].keys[0] is sys.intern("bal")
    assert not gc.is_tracked(a) and not gc.is_tracked(a[0]) and not gc.is_tracked(b[0])


# ---------------------------------------------------------------------------------------
# What is refused


class MyInt(int):
    pass


@pytest.mark.parametrize(
    "bad",
    [
        Interval(1, 3),
        PowerSet(frozenset({1})),
        (1, Interval(1, 3)),
        frozenset({(Interval(0, 1),)}),
        [1, 2],
        None,
        1.5,
        MyInt(3),
        {"a": 1},
        Fcn((FN_TAG, ("a",))),  # malformed: no value for its key
        Fcn(("tag", ("a",), 1)),  # malformed: not FN_TAG
    ],
    ids=lambda v: type(v).__name__,
)
def test_non_values_raise_type_error(bad: Any) -> None:
    with pytest.raises(TypeError):
        encode_state(bad)
    buf = bytearray(b"xy")
    with pytest.raises(TypeError):
        encode_into(buf, (1, bad))
    assert buf == b"xy"  # unchanged


def test_argument_errors() -> None:
    with pytest.raises(TypeError):
        encode_into(b"", 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        decode_state("text")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        decode_from(b"\x01", 2)
    with pytest.raises(ValueError):
        decode_from(b"\x01", -1)


def test_deep_nesting() -> None:
    v: Any = 1
    for _ in range(50_000):
        v = (v,)
    with pytest.raises(RecursionError):
        encode_state(v)
    with pytest.raises(ValueError, match="nested too deeply"):
        decode_state(b"\x06\x01" * 50_000 + b"\x41")


# ---------------------------------------------------------------------------------------
# Malformed input: ValueError, never a crash


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "truncated"),
        (b"\x06\x02\x41", "runs past the end"),
        (b"\x06\x05", "runs past the end"),
        (b"\x04\x05ab", "runs past the end"),
        (b"\x02\xff\xff", "truncated"),
        (b"\x02" + b"\xff" * 10 + b"\x01", "varint out of range"),
        (b"\x06" + b"\xff" * 9 + b"\x01", "runs past the end"),
        (b"\x07\x00", "empty domain"),
        (b"\x03\x00", "empty big integer"),
        (b"\x0b", "unknown tag"),
        (b"\x09\x00", "reference to no registered value"),  # REF outside a chunk
        (b"\x06\x01\x06\x01\x06\x02\x41\x41\x0a", "registered value outside a chunk"),
        (b"\x3f", "unknown tag"),
        (b"\x41\x41", "bytes left"),
        (b"\x04\x02\xc3\x28", "utf-8"),
        (b"\x05\x01\xff", "utf-8"),
    ],
)
def test_malformed_examples(data: bytes, why: str) -> None:
    with pytest.raises(ValueError, match=f"(?i){why}"):
        decode_state(data)


@settings(max_examples=300, deadline=None)
@given(values)
def test_every_truncation_is_refused(v: Any) -> None:
    data = encode_state(v)
    for n in range(len(data)):
        with pytest.raises(ValueError):
            decode_state(data[:n])


def _decode_or_value_error(data: bytes) -> None:
    try:
        v = decode_state(data)
    except ValueError:
        return
    assert decode_state(encode_state(v)) == v  # whatever decodes is a proper value


@settings(max_examples=1000, deadline=None)
@given(st.binary(max_size=64))
def test_random_bytes(data: bytes) -> None:
    _decode_or_value_error(data)


@settings(max_examples=500, deadline=None)
@given(values, st.data())
def test_mutated_encodings(v: Any, data: st.DataObject) -> None:
    raw = bytearray(encode_state(v))
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.integers(0, len(raw) - 1))
        raw[i] = data.draw(st.integers(0, 255))
    _decode_or_value_error(bytes(raw))
