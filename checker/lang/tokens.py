"""What the AST builder reads off single tokens: number radixes, string escapes, and the
operator name (as written in the AST) of each operator token type.
"""

from __future__ import annotations

RADIX = {"o": 8, "b": 2, "h": 16}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", '"': '"', "\\": "\\"}


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
