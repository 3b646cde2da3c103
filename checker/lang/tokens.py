"""What is read off single tokens: their spans, number radixes, string escapes, the
operator name (as written in the AST) of each operator token type, and the keywords that
SANY reads as names where only a name can stand.
"""

from __future__ import annotations

from lark import Token

from checker.diagnostics import SourceFile, Span, error
from checker.numerals import TooManyDigits, parse_decimal

RADIX = {"o": 8, "b": 2, "h": 16}  # powers of two: int() converts these in linear time
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", '"': '"', "\\": "\\"}


def token_span(src: SourceFile, tok: Token) -> Span:
    line = tok.line or 1
    col = tok.column or 1
    end_line = tok.end_line or line
    end_col = tok.end_column or col + 1
    return Span(src, line, col, end_line, end_col)


def number_value(text: str, span: Span) -> int:
    """The value of a NUMBER token: `17`, `\\o17`, `\\b101`, `\\h1F`; E101 for a decimal of
    more than MAX_DIGITS digits (checker/numerals.py)."""
    if text.startswith("\\"):
        return int(text[2:], RADIX[text[1].lower()])
    try:
        return parse_decimal(text)
    except TooManyDigits as exc:
        raise error("E101", f"a number too long: {exc}", span) from None


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


# Token type -> the operator's name in the AST (one per operator, whatever its spelling).
OPS = {
    "IMPLIES": "=>",
    "EQUIV": "<=>",
    "LEADSTO": "~>",
    "PLUSARROW": "-+->",
    "LAND": "/\\",
    "LOR": "\\/",
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
    "PREC": "\\prec",
    "SUCC": "\\succ",
    "PRECEQ": "\\preceq",
    "SUCCEQ": "\\succeq",
    "SIM": "\\sim",
    "SIMEQ": "\\simeq",
    "LL": "\\ll",
    "GG": "\\gg",
    "ASYMP": "\\asymp",
    "APPROX": "\\approx",
    "CONG": "\\cong",
    "SQSUBSET": "\\sqsubset",
    "SQSUBSETEQ": "\\sqsubseteq",
    "SQSUPSET": "\\sqsupset",
    "SQSUPSETEQ": "\\sqsupseteq",
    "DOTEQ": "\\doteq",
    "PROPTO": "\\propto",
    "TURNSTILE": "|-",
    "MODELS": "|=",
    "LTACK": "-|",
    "RTACK": "=|",
    "ASSIGN": ":=",
    "BNFRULE": "::=",
    "CDOT": "\\cdot",
    "ATAT": "@@",
    "LTCOLON": "<:",
    "COLONGT": ":>",
    "CUP": "\\cup",
    "CAP": "\\cap",
    "SETMINUS": "\\",
    "DOTDOT": "..",
    "DOTS3": "...",
    "DOLLAR2": "$$",
    "DOLLAR": "$",
    "QQ": "??",
    "HASH2": "##",
    "BANG2": "!!",
    "UPLUS": "\\uplus",
    "SQCAP": "\\sqcap",
    "SQCUP": "\\sqcup",
    "WR": "\\wr",
    "PLUS": "+",
    "PLUS2": "++",
    "OPLUS": "\\oplus",
    "BAR": "|",
    "BAR2": "||",
    "MOD2": "%%",
    "MOD": "%",
    "TIMES": "\\X",
    "MINUS": "-",
    "MINUS2": "--",
    "OMINUS": "\\ominus",
    "STAR": "*",
    "STAR2": "**",
    "AMP2": "&&",
    "AMP": "&",
    "ODOT": "\\odot",
    "OTIMES": "\\otimes",
    "STAR_OP": "\\star",
    "CIRC": "\\o",
    "BIGCIRC": "\\bigcirc",
    "BULLET": "\\bullet",
    "SLASH": "/",
    "SLASH2": "//",
    "OSLASH": "\\oslash",
    "DIV": "\\div",
    "CARET": "^",
    "CARET2": "^^",
    "NOT": "~",
    "BOX": "[]",
    "DIAMOND": "<>",
    "ENABLED": "ENABLED",
    "UNCHANGED": "UNCHANGED",
    "SUBSET": "SUBSET",
    "UNION": "UNION",
    "DOMAIN": "DOMAIN",
    "MINUS_DOT": "-.",
    "PRIME": "'",
    "PLUS_CLOSURE": "^+",
    "STAR_CLOSURE": "^*",
    "HASH_CLOSURE": "^#",
}

# Operators and quantifiers spelt with a backslash word -> their token type.
BACKSLASH_WORDS = {
    "\\in": "IN",
    "\\notin": "NOTIN",
    "\\cup": "CUP",
    "\\union": "CUP",
    "\\cap": "CAP",
    "\\intersect": "CAP",
    "\\subseteq": "SUBSETEQ",
    "\\subset": "SUBSETNEQ",
    "\\supseteq": "SUPSETEQ",
    "\\supset": "SUPSETNEQ",
    "\\X": "TIMES",
    "\\times": "TIMES",
    "\\div": "DIV",
    "\\o": "CIRC",
    "\\circ": "CIRC",
    "\\cdot": "CDOT",
    "\\A": "FORALL",
    "\\forall": "FORALL",
    "\\E": "EXISTS",
    "\\exists": "EXISTS",
    "\\AA": "TFORALL",
    "\\EE": "TEXISTS",
    "\\land": "LAND",
    "\\lor": "LOR",
    "\\lnot": "NOT",
    "\\neg": "NOT",
    "\\equiv": "EQUIV",
    "\\leq": "LE",
    "\\geq": "GE",
    "\\prec": "PREC",
    "\\succ": "SUCC",
    "\\preceq": "PRECEQ",
    "\\succeq": "SUCCEQ",
    "\\sim": "SIM",
    "\\simeq": "SIMEQ",
    "\\ll": "LL",
    "\\gg": "GG",
    "\\asymp": "ASYMP",
    "\\approx": "APPROX",
    "\\cong": "CONG",
    "\\sqsubset": "SQSUBSET",
    "\\sqsubseteq": "SQSUBSETEQ",
    "\\sqsupset": "SQSUPSET",
    "\\sqsupseteq": "SQSUPSETEQ",
    "\\doteq": "DOTEQ",
    "\\propto": "PROPTO",
    "\\uplus": "UPLUS",
    "\\sqcap": "SQCAP",
    "\\sqcup": "SQCUP",
    "\\wr": "WR",
    "\\oplus": "OPLUS",
    "\\ominus": "OMINUS",
    "\\odot": "ODOT",
    "\\otimes": "OTIMES",
    "\\oslash": "OSLASH",
    "\\star": "STAR_OP",
    "\\bigcirc": "BIGCIRC",
    "\\bullet": "BULLET",
}


def backslash_operator(word: str) -> str | None:
    """The AST name of the operator spelt `word` (`\\prec`, `\\leq` -> `<=`), if any."""
    kind = BACKSLASH_WORDS.get(word)
    return OPS.get(kind) if kind is not None else None


# Unicode spellings of the standard sets (SANY reads them as the names).
NUMBER_SETS = {
    "\N{DOUBLE-STRUCK CAPITAL N}": "Nat",
    "\N{DOUBLE-STRUCK CAPITAL Z}": "Int",
    "\N{DOUBLE-STRUCK CAPITAL R}": "Real",
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
