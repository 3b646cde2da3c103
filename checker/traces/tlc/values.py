"""TLC's printed value syntax, read into our values (without eval: a small parser).

    TRUE  42  -1  "a\\"b"  a1 (a model value)  {1, 2}  <<1, "x">>  1..3
    [type |-> "1a", bal |-> 0]      (a1 :> -1 @@ a2 :> 0)

Tokens are plain strings (a long trace has millions of them); their offsets in the file
are recomputed only to report an error, which points at the line and column (E503).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from checker.diagnostics import CheckerError, SourceFile, Span, error
from checker.numerals import DECIMAL, TooManyDigits, parse_decimal
from checker.values import (
    Incomparable,
    ModelValue,
    Value,
    fcn_from_sorted,
    incomparable_message,
    make_fcn,
    set_of,
)

_TOKEN = re.compile(
    r"""\s*(
        "(?:[^"\\\n]|\\.)*"                       # a string
      | -?\w+                                    # a number or a name
      | <<|>>|\|->|:>|@@|\.\.|/\\|[{}\[\](),=]   # punctuation
      | \S                                       # anything else: an error
    )""",
    re.VERBOSE,
)
_PUNCTUATION = frozenset("{}[](),=")
MAX_INTERVAL = 1_000_000  # elements of an interval `a..b` in a trace (built as a set)
_NAME = re.compile(r"\d*[A-Za-z_]\w*")
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", '"': '"', "\\": "\\"}
END = ""  # the token after the last one


_OPENERS = {"[": "]", "<<": ">>", "(": ")", "{": "}"}
_CLOSERS = frozenset(_OPENERS.values())


class Parser:
    """Values from `source.text[start:stop]`, token by token.

    NOTE(element-memo): the elements of sets and sequences that are themselves
    containers are parsed once per distinct token text and kept in `memo` (which callers
    share across the states of a trace), since TLC prints every state in full and a
    message set repeats its elements from state to state. A memo hit skips to the
    matching bracket; the model values it names were added to `model_values` when it
    was first parsed, so callers share that set too.
    """

    __slots__ = ("memo", "model_values", "pos", "source", "start", "stop", "toks")

    def __init__(
        self,
        source: SourceFile,
        start: int = 0,
        stop: int | None = None,
        memo: dict[str, Value] | None = None,
        model_values: set[str] | None = None,
    ) -> None:
        self.source = source
        self.memo: dict[str, Value] = {} if memo is None else memo
        self.start = start
        self.stop = len(source.text) if stop is None else stop
        self.toks: list[str] = _TOKEN.findall(source.text, start, self.stop)
        self.toks.append(END)
        self.pos = 0
        self.model_values: set[str] = set() if model_values is None else model_values
        bad = [t for t in set(self.toks) if len(t) == 1 and not _single_token(t)]
        if bad:
            raise self.error_at(min(self.toks.index(t) for t in bad), "unexpected character")

    # -- the cursor -------------------------------------------------------------------

    @property
    def peek(self) -> str:
        return self.toks[self.pos]

    def take(self) -> str:
        tok = self.toks[self.pos]
        if self.pos < len(self.toks) - 1:
            self.pos += 1
        return tok

    def accept(self, tok: str) -> bool:
        if tok == self.toks[self.pos] and self.pos < len(self.toks) - 1:
            self.pos += 1
            return True
        return False

    def expect(self, tok: str, what: str) -> None:
        if not self.accept(tok):
            raise self.error(f"expected `{tok}` {what}")

    def at_end(self) -> bool:
        return self.pos == len(self.toks) - 1

    def error(self, message: str, index: int | None = None) -> CheckerError:
        """An E503 error at token `index` (default: the next one)."""
        i = self.pos if index is None else index
        found = "the end of the input" if i >= len(self.toks) - 1 else f"`{self.toks[i]}`"
        return self.error_at(i, f"{message}, found {found}")

    def error_at(self, index: int, message: str) -> CheckerError:
        return error("E503", message, self.span(index))

    def span(self, index: int) -> Span:
        """Where token `index` is (its offset recomputed by tokenizing again)."""
        offset, size = self.stop, 1
        for i, m in enumerate(_TOKEN.finditer(self.source.text, self.start, self.stop)):
            if i == index:
                offset, size = m.start(1), len(m.group(1))
                break
        return span_at(self.source, offset, size)

    # -- values -----------------------------------------------------------------------

    def value(self) -> Value:
        """One value (the model values met are added to `self.model_values`)."""
        first = self.pos
        value = self.atom()
        if self.accept(".."):
            second = self.pos
            hi = self.atom()
            if type(value) is not int or type(hi) is not int:
                where = second if type(value) is int else first
                raise self.error("an interval `a..b` needs integers", where)
            if hi - value >= MAX_INTERVAL:
                too_many = f"an interval of more than {MAX_INTERVAL:,} elements (the most imported)"
                raise self.error_at(second, too_many)
            return frozenset(range(value, hi + 1))
        return value

    def atom(self) -> Value:
        where = self.pos
        tok = self.take()
        parse = _BRACKETS.get(tok)
        if parse is not None:
            return parse(self)
        c = tok[:1]
        if c == '"':
            return _string(tok)
        if DECIMAL.fullmatch(tok):
            try:
                return parse_decimal(tok)
            except TooManyDigits as exc:
                raise self.error_at(where, f"{exc}") from None
        if _NAME.fullmatch(tok):
            return self.name(tok)
        raise self.error("expected a value", where)

    def name(self, tok: str) -> Value:
        if tok == "TRUE":
            return True
        if tok == "FALSE":
            return False
        self.model_values.add(tok)
        return ModelValue(tok)

    def items(self, closer: str, item: Callable[[Parser], Value]) -> list[Value]:
        """Comma-separated items up to `closer` (which may come at once: empty)."""
        out: list[Value] = []
        if self.accept(closer):
            return out
        while True:
            out.append(item(self))
            if self.accept(closer):
                return out
            self.expect(",", f"or `{closer}`")

    def set_literal(self) -> Value:
        start = self.pos - 1
        return self.checked_set(self.items("}", Parser.element), start)

    def checked_set(self, items: list[Value], where: int) -> frozenset[Value]:
        """A set of the items; TLC cannot print one holding TRUE and 1 (NOTE(bool-int))."""
        try:
            return set_of(items)
        except Incomparable as exc:
            raise self.error(incomparable_message(exc), where) from None

    def sequence_literal(self) -> Value:
        return tuple(self.items(">>", Parser.element))

    def element(self) -> Value:
        """A value, from the memo when its text was seen before (see NOTE above)."""
        start = self.pos
        closer = _OPENERS.get(self.toks[start])
        end = self._matching(start) if closer else None
        if end is None:
            return self.value()
        key = " ".join(self.toks[start : end + 1])
        found = self.memo.get(key)
        if found is not None and self.toks[end + 1] != "..":
            self.pos = end + 1
            return found
        value = self.value()
        if self.pos == end + 1:
            self.memo[key] = value
        return value

    def _matching(self, start: int) -> int | None:
        """The index of the bracket closing the one at `start` (None if unbalanced)."""
        depth = 0
        toks = self.toks
        for i in range(start, len(toks) - 1):
            tok = toks[i]
            if tok in _OPENERS:
                depth += 1
            elif tok in _CLOSERS:
                depth -= 1
                if depth == 0:
                    return i
        return None

    def record_literal(self) -> Value:
        fields: list[tuple[str, Value]] = self.items("]", Parser.field)
        names = sorted(name for name, _ in fields)
        if any(a == b for a, b in itertools.pairwise(names)):
            raise self.error("a record field is repeated", self.pos - 1)
        by_name = dict(fields)
        return fcn_from_sorted(tuple(names), [by_name[n] for n in names])

    def field(self) -> tuple[str, Value]:
        where = self.pos
        tok = self.take()
        if not _NAME.fullmatch(tok) or tok in ("TRUE", "FALSE"):
            raise self.error("expected a record field name", where)
        self.expect("|->", "after a record field name")
        return tok, self.value()

    def parenthesised(self) -> Value:
        """`(a :> 1 @@ b :> 2)` (a function) or `(v)` (a value in parentheses)."""
        first = self.value()
        if self.accept(")"):
            return first
        self.expect(":>", "or `)`")
        pairs = [(first, self.value())]
        while self.accept("@@"):
            key = self.value()
            self.expect(":>", "after a function's argument")
            pairs.append((key, self.value()))
        self.expect(")", "or `@@` in a function")
        if len(self.checked_set([k for k, _ in pairs], self.pos - 1)) != len(pairs):
            raise self.error("a function argument is repeated", self.pos - 1)
        return make_fcn(pairs)


_BRACKETS: dict[str, Callable[[Parser], Value]] = {
    "{": Parser.set_literal,
    "<<": Parser.sequence_literal,
    "[": Parser.record_literal,
    "(": Parser.parenthesised,
}


def _single_token(t: str) -> bool:
    """Whether a one-character token is valid (a digit, a letter or punctuation)."""
    return t in _PUNCTUATION or t.isalnum() or t == "_"


def _string(quoted: str) -> str:
    body = quoted[1:-1]
    if "\\" not in body:
        return body
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def span_at(source: SourceFile, offset: int, size: int = 1) -> Span:
    line, col = line_col(source.text, offset)
    return Span(source, line, col, line, col + max(1, size))


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `text`."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def parse_value_text(text: str, path: str = "<value>") -> tuple[Value, set[str]]:
    """A whole text holding one value; returns it with the model values it names."""
    parser = Parser(SourceFile(path, text))
    value = parser.value()
    if not parser.at_end():
        raise parser.error("expected the end of the value")
    return value, parser.model_values
