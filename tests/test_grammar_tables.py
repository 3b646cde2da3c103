"""checker/lang/tables.json is current: built from tla.lark as it is, with this Lark.

If this fails after editing the grammar, regenerate the tables:
    python -m checker.lang.tables
"""

from __future__ import annotations

import json
from importlib import resources

import lark
import pytest

from checker.lang import tables


@pytest.fixture(scope="module")
def fresh() -> tables.Tables:
    return tables.plain(tables.build())


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


def test_tables_are_in_the_current_format() -> None:
    assert _shipped()["format"] == tables.FORMAT


def test_shipped_tables_have_the_shape_of_a_fresh_build(fresh: tables.Tables) -> None:
    # (Lark numbers LALR states differently from build to build; compare the shape.)
    shipped = tables.load()
    text = "---- MODULE M ----\nA == /\\ 1 + 2 * 3 = 7\n     /\\ {x \\in 1..3 : x % 2 = 1}\n===="
    lexed = [[t.type for t in x.lark.lex(text)] for x in (shipped, fresh)]
    assert lexed[0] == lexed[1]
    assert len(shipped.states) == len(fresh.states)
    assert sorted(map(str, shipped.lark.rules)) == sorted(map(str, fresh.lark.rules))
    sizes = [sorted(len(s) for s in x.states.values()) for x in (shipped, fresh)]
    assert sizes[0] == sizes[1]


def test_shipped_rows_reduce_by_the_rules_a_fresh_build_does(fresh: tables.Tables) -> None:
    # per token type, the rules reduced by (as text) over all states: the same multiset
    def reductions(t: tables.Tables) -> list[str]:
        rules = t.lark.rules
        return sorted(
            f"{tok} {rules[-1 - a]}" for row in t.states.values() for tok, a in row.items() if a < 0
        )

    assert reductions(tables.load()) == reductions(fresh)
