"""checker/lang/tables.json is current: built from tla.lark as it is, with this Lark.

If this fails after editing the grammar, regenerate the tables:
    python -m checker.lang.tables
"""

from __future__ import annotations

import json
from importlib import resources

import lark

from checker.lang import tables


def _shipped() -> dict[str, object]:
    text = resources.files("checker.lang").joinpath("tables.json").read_text(encoding="utf-8")
    doc: dict[str, object] = json.loads(text)
    return doc


def test_tables_match_the_grammar() -> None:
    assert _shipped()["grammar_sha256"] == tables.grammar_digest(), (
        "tla.lark changed: run `python -m checker.lang.tables`"
    )


def test_tables_match_the_installed_lark() -> None:
    assert _shipped()["lark"] == lark.__version__


def test_shipped_tables_have_the_shape_of_a_fresh_build() -> None:
    # (Lark numbers LALR states differently from build to build; compare the shape.)
    shipped, fresh = tables.load(), tables.build()
    text = "---- MODULE M ----\nA == /\\ 1 + 2 * 3 = 7\n     /\\ {x \\in 1..3 : x % 2 = 1}\n===="
    assert [t.type for t in shipped.lex(text)] == [t.type for t in fresh.lex(text)]
    a, b = shipped.parser.parser._parse_table, fresh.parser.parser._parse_table
    assert len(a.states) == len(b.states)
    assert sorted(map(str, shipped.rules)) == sorted(map(str, fresh.rules))
    assert sorted(len(s) for s in a.states.values()) == sorted(len(s) for s in b.states.values())
