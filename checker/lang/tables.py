"""The grammar's LALR tables, precomputed and shipped as JSON (no pickle).

Building the tables from tla.lark takes most of a second; loading them takes a few
milliseconds. `tables.json` records the SHA-256 of the grammar and the Lark version it
was built with; when either differs (an edited grammar, another Lark), the grammar is
compiled afresh, so the tables are only ever a cache. Regenerate after editing the
grammar with:

    python -m checker.lang.tables
"""

from __future__ import annotations

import hashlib
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import lark
from lark import Lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

from checker.files import write_atomic

_OPTIONS: dict[str, Any] = {
    "parser": "lalr",
    "lexer": "basic",
    "start": "start",
    "maybe_placeholders": False,
}
_INT_KEYS = "__int_keys__"


def grammar_text() -> str:
    return resources.files("checker.lang").joinpath("tla.lark").read_text(encoding="utf-8")


def grammar_digest() -> str:
    return hashlib.sha256(grammar_text().encode("utf-8")).hexdigest()


def load() -> Lark:
    """The compiled grammar: from tables.json when current, else built from tla.lark."""
    shipped = resources.files("checker.lang").joinpath("tables.json")
    if shipped.is_file():
        doc = json.loads(shipped.read_text(encoding="utf-8"), object_hook=_decode)
        if doc.get("grammar_sha256") == grammar_digest() and doc.get("lark") == lark.__version__:
            loaded: Lark = Lark._load_from_dict(doc["data"], doc["memo"])  # type: ignore[no-untyped-call]
            return loaded
    return build()


def build() -> Lark:
    return Lark(grammar_text(), **_OPTIONS)


def dump(parser: Lark) -> str:
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    doc = {
        "grammar_sha256": grammar_digest(),
        "lark": lark.__version__,
        "data": data,
        "memo": memo,
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
