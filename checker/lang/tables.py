"""The grammar's LALR tables, precomputed and shipped as JSON (no pickle).

Building the tables from tla.lark takes most of a second; loading them takes a few
milliseconds. `tables.json` records the SHA-256 of the grammar, the Lark version it
was built with and the format of the file; when any differs (an edited grammar, another
Lark), the grammar is compiled afresh, so the tables are only ever a cache. Regenerate
after editing the grammar with:

    python -m checker.lang.tables

NOTE(plain-tables): the LALR table is shipped as plain rows (`Tables.states`), not in
Lark's serialization, which rebuilds a Rule for every reduce entry of every state: that
took a quarter of a second of every process's start (bench/loadtime.py), more than
reading and resolving most specs. Lark's object is still loaded (its terminals for the
lexer, its rules for the callbacks that build the AST), with an empty table of its own.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import lark
from lark import Lark
from lark.grammar import Rule
from lark.lexer import TerminalDef
from lark.parsers.lalr_analysis import Shift

from checker.files import write_atomic

_OPTIONS: dict[str, Any] = {
    "parser": "lalr",
    "lexer": "basic",
    "start": "start",
    "maybe_placeholders": False,
}
_INT_KEYS = "__int_keys__"
FORMAT = 2  # tables.json's layout: 2, the LALR table as plain rows (NOTE(plain-tables))


@dataclass(frozen=True)
class Tables:
    """The compiled grammar: Lark's object (terminals, rules) and its LALR table as plain
    rows: in state `s`, a token type maps to the state to shift to (an int >= 0) or to
    the rule to reduce by (`-1 - i` for `lark.rules[i]`)."""

    lark: Lark
    states: dict[int, dict[str, int]]
    start: int
    end: int


def grammar_text() -> str:
    return resources.files("checker.lang").joinpath("tla.lark").read_text(encoding="utf-8")


def grammar_digest() -> str:
    return hashlib.sha256(grammar_text().encode("utf-8")).hexdigest()


def load() -> Tables:
    """The compiled grammar: from tables.json when current, else built from tla.lark."""
    shipped = resources.files("checker.lang").joinpath("tables.json")
    if shipped.is_file():
        doc = json.loads(shipped.read_text(encoding="utf-8"), object_hook=_decode)
        current = (doc.get("grammar_sha256"), doc.get("lark"), doc.get("format"))
        if current == (grammar_digest(), lark.__version__, FORMAT):
            loaded: Lark = Lark._load_from_dict(doc["data"], doc["memo"])  # type: ignore[no-untyped-call]
            tokens = doc["tokens"]
            states = {
                state: {tokens[row[k]]: row[k + 1] for k in range(0, len(row), 2)}
                for state, row in enumerate(doc["states"])
            }
            return Tables(loaded, states, doc["start"], doc["end"])
    return plain(build())


def build() -> Lark:
    return Lark(grammar_text(), **_OPTIONS)


def plain(parser: Lark) -> Tables:
    """Lark's table as plain rows (its states are numbered 0..n-1)."""
    table = parser.parser.parser._parse_table
    index = {rule: i for i, rule in enumerate(parser.rules)}
    states = {
        state: {
            ttype: arg if kind is Shift else -1 - index[arg]
            for ttype, (kind, arg) in actions.items()
        }
        for state, actions in table.states.items()
    }
    assert sorted(states) == list(range(len(states))), "LALR states numbered 0..n-1"
    return Tables(parser, states, table.start_states["start"], table.end_states["start"])


def dump(parser: Lark) -> str:
    t = plain(parser)
    lalr = parser.parser.parser
    full = lalr._parse_table
    lalr._parse_table = type(full)({}, full.start_states, full.end_states)
    try:
        data, memo = parser.memo_serialize([TerminalDef, Rule])
    finally:
        lalr._parse_table = full
    tokens = sorted({ttype for row in t.states.values() for ttype in row})
    number = {ttype: i for i, ttype in enumerate(tokens)}
    rows = [
        [x for ttype, action in sorted(t.states[s].items()) for x in (number[ttype], action)]
        for s in range(len(t.states))
    ]
    doc = {
        "grammar_sha256": grammar_digest(),
        "lark": lark.__version__,
        "format": FORMAT,
        "data": data,
        "memo": memo,
        "tokens": tokens,
        "states": rows,
        "start": t.start,
        "end": t.end,
    }
    return json.dumps(_encode(doc), separators=(",", ":"), sort_keys=True)


def _encode(x: Any) -> Any:
    if isinstance(x, dict):
        if any(not isinstance(k, str) for k in x):
            return {_INT_KEYS: [[k, _encode(v)] for k, v in x.items()]}
        return {k: _encode(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_encode(v) for v in x]
    return x


def _decode(d: dict[str, Any]) -> Any:
    if _INT_KEYS in d and len(d) == 1:
        return {k: v for k, v in d[_INT_KEYS]}
    return d


def main() -> int:
    target = Path(__file__).with_name("tables.json")
    text = dump(build())
    write_atomic(target, text)
    sys.stdout.write(f"wrote {target} ({len(text)} bytes)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
