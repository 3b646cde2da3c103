"""Nested diffs of TLA+ values: what changed inside functions, records, sequences, sets.

`diff(old, new)` returns a small tree that the terminal viewer renders (the HTML viewer
computes the same diff in JavaScript from the embedded values):

    >>> from checker.values import make_record
    >>> d = diff(make_record([("a", 1), ("b", 2)]), make_record([("a", 1), ("b", 3)]))
    >>> [(path_text(p), c.old, c.new) for p, c in leaf_changes(d)]
    [('.b', 2, 3)]

Functions are compared key by key; sequences of different lengths are aligned (so that a
message appended to or taken from a queue shows as one added or removed element, not as
every later element changed); sets report added and removed elements. TRUE and 1 are
different values here, although Python's `==` equates them (NOTE(bool-int)): values are
compared with `same_value` and looked up by `strict_key`. Pure Python, no rich: usable by
any front end.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from checker.values import Fcn, Value, canon_sorted, render, same_value, strict_key

Kind = Literal["record", "function", "sequence"]


@dataclass(frozen=True)
class Same:
    """An unchanged value."""

    value: Value


@dataclass(frozen=True)
class Changed:
    """A value replaced as a whole (scalars, or values of different shapes)."""

    old: Value
    new: Value


@dataclass(frozen=True)
class SetDiff:
    added: tuple[Value, ...]
    removed: tuple[Value, ...]
    kept: int


@dataclass(frozen=True)
class Key:
    """A position inside a function value: a record field, a function key or an index."""

    kind: Kind
    key: Value

    def text(self) -> str:
        if self.kind == "record":
            return f".{self.key}"
        return f"[{render(self.key)}]"


@dataclass(frozen=True)
class FcnDiff:
    kind: Kind
    changed: tuple[tuple[Key, Diff], ...]
    added: tuple[tuple[Key, Value], ...]
    removed: tuple[tuple[Key, Value], ...]
    kept: int


Diff = Same | Changed | SetDiff | FcnDiff


def diff(old: Value, new: Value) -> Diff:
    """The nested difference from `old` to `new`."""
    if same_value(old, new):
        return Same(new)
    if type(old) is frozenset and type(new) is frozenset:
        return _set_diff(old, new)
    if type(old) is tuple and type(new) is tuple and len(old) != len(new):
        return _sequence_diff(old, new)
    if _is_fcn(old) and _is_fcn(new) and _kind(old) == _kind(new):
        return _fcn_diff(old, new)
    return Changed(old, new)


_ABSENT = object()


def _is_fcn(v: Value) -> bool:
    return type(v) is tuple or type(v) is Fcn


def _kind(v: Value) -> Kind:
    if type(v) is tuple:
        return "sequence"
    return "record" if v.is_record() else "function"


def _items(v: Value) -> list[tuple[Value, Value]]:
    if type(v) is tuple:
        return [(i + 1, x) for i, x in enumerate(v)]
    return list(v.items())


def _set_diff(old: frozenset[Value], new: frozenset[Value]) -> SetDiff:
    before = {strict_key(x) for x in old}
    after = {strict_key(x) for x in new}
    added = tuple(canon_sorted(x for x in new if strict_key(x) not in before))
    removed = tuple(canon_sorted(x for x in old if strict_key(x) not in after))
    return SetDiff(added, removed, len(new) - len(added))


def _fcn_diff(old: Value, new: Value) -> FcnDiff:
    kind = _kind(new)
    before = {strict_key(k): v for k, v in _items(old)}
    changed: list[tuple[Key, Diff]] = []
    added: list[tuple[Key, Value]] = []
    kept = 0
    for k, v in _items(new):
        was = before.get(strict_key(k), _ABSENT)
        if was is _ABSENT:
            added.append((Key(kind, k), v))
        elif same_value(was, v):
            kept += 1
        else:
            changed.append((Key(kind, k), diff(was, v)))
    now = {strict_key(k) for k, _ in _items(new)}
    removed = [(Key(kind, k), v) for k, v in _items(old) if strict_key(k) not in now]
    return FcnDiff(kind, tuple(changed), tuple(added), tuple(removed), kept)


def _sequence_diff(old: tuple[Value, ...], new: tuple[Value, ...]) -> FcnDiff:
    """Align two sequences of different lengths (difflib on the elements)."""
    matcher = difflib.SequenceMatcher(
        None, [strict_key(x) for x in old], [strict_key(x) for x in new], autojunk=False
    )
    changed: list[tuple[Key, Diff]] = []
    added: list[tuple[Key, Value]] = []
    removed: list[tuple[Key, Value]] = []
    kept = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            kept += i2 - i1
        elif tag == "replace" and i2 - i1 == j2 - j1:
            changed.extend(
                (Key("sequence", j + 1), diff(old[i], new[j]))
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
        else:
            removed.extend((Key("sequence", i + 1), old[i]) for i in range(i1, i2))
            added.extend((Key("sequence", j + 1), new[j]) for j in range(j1, j2))
    return FcnDiff("sequence", tuple(changed), tuple(added), tuple(removed), kept)


# -- walking diffs ----------------------------------------------------------------------

Path = tuple[Key, ...]


def path_text(path: Path) -> str:
    """`[a1].log[2]` for a path of keys."""
    return "".join(k.text() for k in path)


def leaf_changes(d: Diff, path: Path = ()) -> Iterator[tuple[Path, Changed]]:
    """Every whole-value replacement inside `d`, with its path (added/removed elements
    and keys are not included)."""
    if isinstance(d, Changed):
        yield path, d
    elif isinstance(d, FcnDiff):
        for key, child in d.changed:
            yield from leaf_changes(child, (*path, key))


def compress(key: Key, child: Diff) -> tuple[Path, Diff]:
    """Follow chains of containers with a single change, e.g. `[n1].log[3]`, so that a
    deep change takes one line instead of one line per level."""
    path: Path = (key,)
    while (
        isinstance(child, FcnDiff)
        and len(child.changed) == 1
        and not child.added
        and not child.removed
    ):
        next_key, child = child.changed[0]
        path = (*path, next_key)
    return path, child


def summary(d: Diff) -> str:
    """A few words on the size of a change, e.g. `+1 -2` or `1 changed, 1 added`."""
    if isinstance(d, SetDiff):
        parts = [f"+{len(d.added)}"] if d.added else []
        return " ".join([*parts, f"-{len(d.removed)}"] if d.removed else parts)
    if isinstance(d, FcnDiff):
        counts = ((d.changed, "changed"), (d.added, "added"), (d.removed, "removed"))
        return ", ".join(f"{len(items)} {what}" for items, what in counts if items)
    return ""
