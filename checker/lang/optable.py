"""TLA+'s operator symbols: fixity, precedence range and associativity, and which are
built into the language, defined by a standard module, or free for users to define.

Names are the AST spellings (tokens.py maps each token to one): synonyms such as
`\\oplus`, `(+)` and `⊕` share a name. Precedences are the TLA+ book's (Table 6; SANY's
`Operators.java` uses the same ranges times ten): an operator binds more tightly than
another when its whole range lies above the other's; overlapping ranges need parentheses,
and so does a non-associative operator repeated (`a = b = c`).
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.lang.stdlib import STANDARD


@dataclass(frozen=True)
class OpSyntax:
    name: str
    fix: str  # "infix" | "prefix" | "postfix"
    lo: int
    hi: int
    left: bool = False  # left-associative (infix only)


def _table() -> dict[tuple[str, str], OpSyntax]:
    rows: list[tuple[str, int, int, bool, str]] = [
        # infix: (names, low, high, left-associative)
        ("=>", 1, 1, False, "infix"),
        ("<=> ~> -+->", 2, 2, False, "infix"),
        ("/\\ \\/", 3, 3, True, "infix"),
        (
            "= # < > <= >= \\in \\notin \\subseteq \\subset \\supset \\supseteq \\prec "
            "\\succ \\preceq \\succeq \\sim \\simeq \\ll \\gg \\asymp \\approx \\cong "
            "\\sqsubset \\sqsubseteq \\sqsupset \\sqsupseteq \\doteq \\propto |- |= -| =| "
            ":= ::=",
            5,
            5,
            False,
            "infix",
        ),
        ("\\cdot", 5, 14, True, "infix"),
        ("@@", 6, 6, True, "infix"),
        ("<: :>", 7, 7, False, "infix"),
        ("\\", 8, 8, False, "infix"),
        ("\\cap \\cup", 8, 8, True, "infix"),
        (".. ...", 9, 9, False, "infix"),
        ("$$ $ ?? ## \\uplus \\sqcap \\sqcup", 9, 13, True, "infix"),
        ("!!", 9, 13, False, "infix"),
        ("\\wr", 9, 14, False, "infix"),
        ("+ ++ \\oplus", 10, 10, True, "infix"),
        ("| || %%", 10, 11, True, "infix"),
        ("%", 10, 11, False, "infix"),
        ("\\X", 10, 13, True, "infix"),
        ("- -- \\ominus", 11, 11, True, "infix"),
        (
            "* ** && & \\odot \\otimes \\star \\o \\bigcirc \\bullet",
            13,
            13,
            True,
            "infix",
        ),
        ("/ // \\oslash \\div", 13, 13, False, "infix"),
        ("^ ^^", 14, 14, False, "infix"),
        # prefix
        ("~", 4, 4, False, "prefix"),
        ("[] <> ENABLED UNCHANGED", 4, 15, False, "prefix"),
        ("SUBSET UNION DOMAIN", 10, 13, False, "prefix"),
        ("-.", 12, 12, False, "prefix"),
        # postfix
        ("' ^+ ^* ^#", 15, 15, False, "postfix"),
    ]
    out: dict[tuple[str, str], OpSyntax] = {}
    for names, lo, hi, left, fix in rows:
        for name in names.split():
            out[(fix, name)] = OpSyntax(name, fix, lo, hi, left)
    return out


SYNTAX = _table()
INFIX = {name: s for (fix, name), s in SYNTAX.items() if fix == "infix"}
PREFIX = {name: s for (fix, name), s in SYNTAX.items() if fix == "prefix"}
POSTFIX = {name: s for (fix, name), s in SYNTAX.items() if fix == "postfix"}

# Built into TLA+ itself (SANY's built-in operators): never user-defined.
BUILTIN = frozenset(
    {
        "=>",
        "<=>",
        "~>",
        "-+->",
        "/\\",
        "\\/",
        "=",
        "#",
        "\\in",
        "\\notin",
        "\\subseteq",
        "\\cap",
        "\\cup",
        "\\",
        "\\X",
        "\\cdot",
        "~",
        "[]",
        "<>",
        "ENABLED",
        "UNCHANGED",
        "SUBSET",
        "UNION",
        "DOMAIN",
        "'",
    }
)

# Defined by a standard module the checker implements (`+` by Naturals, `\\o` by
# Sequences, `:>` by TLC ...): built-in where that module is in scope, else a user's.
STANDARD_OPS = frozenset(op for mod in STANDARD.values() for op in mod.infix)


def is_symbol(name: str) -> bool:
    """Whether `name` is an operator symbol (not an identifier)."""
    return any((fix, name) in SYNTAX for fix in ("infix", "prefix", "postfix"))


def arity(name: str) -> int:
    """The number of arguments of an operator symbol (prefix and postfix: 1)."""
    return 2 if name in INFIX else 1


def shown(name: str) -> str:
    """How an operator is written in messages (`-.` is the prefix `-`)."""
    return "-" if name == "-." else name
