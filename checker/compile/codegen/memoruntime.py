"""Helpers for the memos of generated code (exprgen.py `memoized`, genbase.py
`across_states`), bound into its namespace beside runtime.py's.

NOTE(loop-invariant): memo entries are (key, value); the key looked up must equal the
stored key as TLA+ values too (a dict takes TRUE for 1, NOTE(bool-int)): else the value is
computed again and replaces the entry (MEMO_SAME). NOTE(state-free-memo): a memo held for
the whole search is keyed by values of the states, so it is emptied when full.
"""

from __future__ import annotations

from typing import Any

from checker.values import Value
from checker.values import equality as teq

MEMO_HELD_MAX = 4096  # entries of a memo held across states (NOTE(state-free-memo))


def memo_store(memo: dict[Value, tuple[Value, Value]], key: Value, value: Value) -> Value:
    """Keep a memoised value under its key (NOTE(loop-invariant)): the entry is (key, value)."""
    memo[key] = (key, value)
    return value


def memo_keep(memo: dict[Value, tuple[Value, Value]], key: Value, value: Value) -> Value:
    """`memo_store` for a memo held across states, keyed by values of the states: emptied
    when it holds MEMO_HELD_MAX entries, so it stays bounded (its values are pure: an
    entry dropped is computed again)."""
    if len(memo) >= MEMO_HELD_MAX:
        memo.clear()
    memo[key] = (key, value)
    return value


def namespace() -> dict[str, Any]:
    return {"MEMO_SAME": teq.memo_same, "MEMO_STORE": memo_store, "MEMO_KEEP": memo_keep}
