"""What is read off single tokens: their spans, number radixes, string escapes, the
operator name (as written in the AST) of each operator token type, and the keywords that
SANY reads as names where only a name can stand.
"""

from __future__ import annotations

from lark import Token

from checker.diagnostics import SourceFile, Span

RADIX = {"o": 8, "b": 2, "h": 16}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", '"': '"', "\\": "\\"}


def token_span(src: SourceFile, tok: Token) -> Span:
    line = tok.line or 1
    col = tok.column or 1
    end_line = tok.end_line or line
    end_col = tok.end_column or col + 1
    return Span(src, line, col, end_line, end_col)


def bad_escape(s: str) -> int | None:
    """The index of the first backslash that starts no TLA+ escape, if any."""
    i = s.find("\\")
    while i != -1:
        if i + 1 >= len(s) or s[i + 1] not in _ESCAPES:
            return i
        i = s.find("\\", i + 2)
    return None


def unescape(s: str) -> str:
    out: list[str] = []
    i = 0
    escapes = _ESCAPES
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s):
            out.append(escapes.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


# Token type -> the operator's ASCII name in the AST.
OPS = {
    "IMPLIES": "=>",
    "EQUIV": "<=>",
    "LEADSTO": "~>",
    "PLUSARROW": "-+->",
    "EQ": "=",
    "NEQ": "#",
    "LT": "<",
    "GT": ">",
    "LE": "<=",
    "GE": ">=",
    "IN": "\\in",
    "NOTIN": "\\notin",
    "SUBSETEQ": "\\subseteq",
    "SUBSETNEQ": "\\subset",
    "SUPSETEQ": "\\supseteq",
    "SUPSETNEQ": "\\supset",
    "ATAT": "@@",
    "COLONGT": ":>",
    "CUP": "\\cup",
    "CAP": "\\cap",
    "SETMINUS": "\\",
    "DOTDOT": "..",
    "PLUS": "+",
    "MINUS": "-",
    "STAR": "*",
    "DIV": "\\div",
    "MOD": "%",
    "CIRC": "\\o",
    "SLASH": "/",
    "CDOT": "\\cdot",
    "CARET": "^",
    "NOT": "~",
    "BOX": "[]",
    "DIAMOND": "<>",
    "ENABLED": "ENABLED",
    "UNCHANGED": "UNCHANGED",
    "SUBSET": "SUBSET",
    "UNION": "UNION",
    "DOMAIN": "DOMAIN",
}


# Reserved words that SANY reads as a name after `.` (a record field), after `MODULE` or
# `EXTENDS` (a module name, NAME_AFTER) and before `|->` right after `[` (a record's
# first field): its `isFieldNameToken` (tla+.jj). TRUE, FALSE, BOOLEAN and STRING are not
# reserved words in SANY.
FIELD_KEYWORDS = frozenset(
    {
        "ACTION", "ACTIONS", "ASSUME", "BOXASSUME", "ASSUMPTION", "AXIOM", "CASE",
        "CHOOSE", "CONSTANT", "CONSTANTS", "ELSE", "EXCEPT", "EXTENDS", "IF", "INSTANCE",
        "LET", "IN_KW", "LOCAL", "MODULE", "NEW", "OTHER", "PROPOSITION", "LEMMA",
        "COROLLARY", "STATE", "THEN", "BY", "ONLY", "DEFINE", "DEF", "DEFS", "THEOREM",
        "USE", "HIDE", "HAVE", "OBVIOUS", "OMITTED", "LAMBDA", "TAKE", "PROOF", "PROVE",
        "BOXPROVE", "QED", "RECURSIVE", "TEMPORAL", "TEMPORALS", "PICK", "WITNESS",
        "SUFFICES", "VARIABLE", "VARIABLES", "SUBSET", "UNION", "DOMAIN", "ENABLED",
        "UNCHANGED", "WITH",
    }
)  # fmt: skip
NAME_AFTER = frozenset({"DOT", "MODULE", "EXTENDS"})
