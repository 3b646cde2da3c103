"""A frontier chunk written by `encode_entry` and read by `ChunkReader` (NOTE(frontier),
NOTE(chunk-reader)): the same bytes as `encode_into` of the entry, kept states in place,
and every error path of the two entry points."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker._native import ChunkMemo, ChunkReader
from checker.engine.native import decode_from, encode_entry, encode_into
from checker.values import Interval, ModelValue, make_record
from tests.engine.test_codec import same, states


def _write(items: list[tuple[int, Any]]) -> tuple[bytearray, list[Any]]:
    buf, memo, kept = bytearray(), ChunkMemo(), []
    sizes = [encode_entry(buf, memo, kept, sid, s) for sid, s in items]
    assert sum(sizes) == len(buf)
    return buf, kept


@settings(max_examples=12, deadline=None)
@given(st.lists(states, max_size=6), st.data())
def test_entries_are_encode_into_of_the_pair_and_read_back(
    items: list[Any], data: st.DataObject
) -> None:
    if items:  # repeats, so that the chunk holds references
        items += data.draw(st.lists(st.sampled_from(items), max_size=6))
    entries = [(i * 7, s) for i, s in enumerate(items)]
    buf, kept = _write(entries)
    plain, memo = bytearray(), ChunkMemo()
    for entry in entries:
        encode_into(plain, entry, memo)
    assert buf == plain and kept == []
    out = list(ChunkReader(buf, kept))
    assert len(out) == len(entries)
    assert all(same(a, b) for a, b in zip(entries, out, strict=True))


def test_unencodable_states_are_kept_in_place() -> None:
    rec = make_record([("type", "1b"), ("acc", ModelValue("a1"))])
    lazy = (Interval(0, 5),)  # a lazy set in a state: not encodable
    deep: Any = 1
    for _ in range(3000):  # nested deeper than the codec goes (RecursionError)
        deep = (deep,)
    entries = [(0, (frozenset({rec}),)), (1, lazy), (2, (rec, rec)), (2**40, (deep,)), (3, (rec,))]
    buf, kept = _write(entries)
    assert kept[0] is lazy and kept[1][0] is deep and len(kept) == 2
    out = list(ChunkReader(buf, kept))
    assert [sid for sid, _ in out] == [0, 1, 2, 2**40, 3]
    assert out[1][1] is lazy and out[3][1][0] is deep
    assert same(out[2], entries[2]) and same(out[4], entries[4])


def test_a_kept_state_registers_nothing_and_other_errors_change_nothing() -> None:
    buf, memo, kept = bytearray(), ChunkMemo(), []
    encode_entry(buf, memo, kept, 0, (make_record([("a", 1)]),))
    count, size = memo.count, len(buf)
    lazy = (make_record([("b", 2)]), Interval(1, 2))  # the record is registered, then refused
    encode_entry(buf, memo, kept, 1, lazy)
    assert memo.count == count and kept == [lazy] and len(buf) == size + 1  # the mark only
    size = len(buf)
    with pytest.raises(UnicodeEncodeError):  # not a TypeError: raised, nothing kept
        encode_entry(buf, memo, kept, 2, (make_record([("c", 3)]), "\ud800"))
    assert (memo.count, len(buf), kept) == (count, size, [lazy])
    out = list(ChunkReader(buf, kept))
    assert out[1] == (1, lazy) and out[1][1] is lazy and len(out) == 2


def test_encode_entry_argument_errors() -> None:
    buf, memo, kept = bytearray(), ChunkMemo(), []
    with pytest.raises(TypeError):
        encode_entry(buf, memo, kept, 0)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        encode_entry(b"", memo, kept, 0, (1,))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        encode_entry(buf, memo, (), 0, (1,))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        encode_entry(buf, memo, kept, "0", (1,))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        encode_entry(buf, {}, kept, 0, (1,))  # type: ignore[arg-type]
    encode_entry(buf, memo, kept, 0, (1,))
    with pytest.raises(ValueError):  # one memo, one bytearray
        encode_entry(bytearray(), memo, kept, 0, (1,))
    assert encode_entry(buf, None, kept, 1, (2,)) > 0  # without a memo: no references
    assert list(ChunkReader(buf, kept)) == [(0, (1,)), (1, (2,))]


def test_reader_releases_the_chunk_once_read() -> None:
    buf, kept = _write([(0, (1,)), (1, (2,))])
    reader = ChunkReader(buf, kept)
    assert next(reader) == (0, (1,))
    with pytest.raises(BufferError):  # the reader holds a view: the chunk cannot change
        buf.append(0)
    assert list(reader) == [(1, (2,))]
    buf.append(0)  # released at the end
    assert list(reader) == [] and iter(reader) is reader


def test_reader_errors() -> None:
    with pytest.raises(TypeError):
        ChunkReader(b"")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        ChunkReader("text", [])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ChunkReader(b"", ())  # type: ignore[arg-type]
    assert list(ChunkReader(b"", [])) == []
    buf, _ = _write([(0, (1,)), (5, (Interval(0, 1),))])
    reader = ChunkReader(buf, [])  # the kept state is missing
    assert next(reader) == (0, (1,))
    with pytest.raises(ValueError, match="kept"):
        next(reader)
    assert list(reader) == []  # nothing read after an error
    for bad in (b"\x06\x02", b"\x09\x00", b"\xff"):  # truncated, a reference to nothing, no tag
        with pytest.raises(ValueError):
            list(ChunkReader(bad, []))


def test_reader_agrees_with_decode_from() -> None:
    rec = make_record([("type", "2a"), ("bal", 3)])
    entries = [
        (i, (frozenset({rec, make_record([("type", "1a"), ("bal", i)])}), i)) for i in range(50)
    ]
    buf, kept = _write(entries)
    registered: list[Any] = []
    pos, by_decode_from = 0, []
    while pos < len(buf):
        item, pos = decode_from(buf, pos, registered)
        by_decode_from.append(item)
    assert list(ChunkReader(buf, kept)) == by_decode_from == entries
