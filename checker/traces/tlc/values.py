"""TLC's printed value syntax, read into our values (without eval: a small parser).

    TRUE  42  -1  "a\\"b"  a1 (a model value)  {1, 2}  <<1, "x">>  1..3
    [type |-> "1a", bal |-> 0]      (a1 :> -1 @@ a2 :> 0)

Every token keeps its offset in the whole input, so that an error points at the line
and column of the file (E503 with a caret).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from checker.diagnostics import CheckerError, SourceFile, Span, error
from checker.values import ModelValue, Value, make_fcn

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<string>"(?:[^"\\\n]|\\.)*")
  | (?P<ident>\d*[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>-?\d+)
  | (?P<punct><<|>>|\|->|:>|@@|\.\.|/\\|[{}\[\](),=])
    """,
    re.VERBOSE,
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", '"': '"', "\\": "\\"}


@dataclass(frozen=True)
class Token:
    kind: str  # "string" | "ident" | "number" | "punct" | "end"
    text: str
    start: int  # offset in the source text


@dataclass
class Tokens:
    """A cursor over the tokens of `source.text[start:end]`, with error reporting."""

    source: SourceFile
    items: list[Token]
    pos: int = 0
    model_values: set[str] = field(default_factory=set)

    @property
    def peek(self) -> Token:
        return self.items[self.pos]

    def next(self) -> Token:
        token = self.items[self.pos]
        if token.kind != "end":
            self.pos += 1
        return token

    def accept(self, text: str) -> bool:
        if self.peek.kind == "punct" and self.peek.text == text:
            self.pos += 1
            return True
        return False

    def expect(self, text: str, what: str) -> None:
        if not self.accept(text):
            raise self.error(f"expected `{text}` {what}")

    def error(self, message: str, token: Token | None = None) -> CheckerError:
        token = token or self.peek
        found = "the end of the input" if token.kind == "end" else f"`{token.text}`"
        return error("E503", f"{message}, found {found}", span_at(self.source, token))


def span_at(source: SourceFile, token: Token) -> Span:
    line, col = line_col(source.text, token.start)
    return Span(source, line, col, line, col + max(1, len(token.text)))


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `text`."""
    starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def tokenize(source: SourceFile, start: int = 0, end: int | None = None) -> Tokens:
    """The tokens of `source.text[start:end]`; an unknown character is an E503 error."""
    text = source.text
    stop = len(text) if end is None else end
    items: list[Token] = []
    pos = start
    while pos < stop:
        m = _TOKEN.match(text, pos, stop)
        if m is None:
            raise error("E503", "unexpected character", span_at(source, Token("?", text[pos], pos)))
        kind = m.lastgroup or "ws"
        if kind != "ws":
            items.append(Token(kind, m.group(), pos))
        pos = m.end()
    items.append(Token("end", "", stop))
    return Tokens(source, items)


# -- values ---------------------------------------------------------------------------


def parse_value(tokens: Tokens) -> Value:
    """One value (model values met are added to `tokens.model_values`)."""
    first = tokens.peek
    value = _atom(tokens)
    if tokens.accept(".."):
        hi_token = tokens.peek
        hi = _atom(tokens)
        if type(value) is not int or type(hi) is not int:
            raise tokens.error(
                "an interval `a..b` needs integers", hi_token if type(value) is int else first
            )
        return frozenset(range(value, hi + 1))
    return value


def _atom(tokens: Tokens) -> Value:
    token = tokens.next()
    if token.kind == "number":
        return int(token.text)
    if token.kind == "string":
        return _string(token.text)
    if token.kind == "ident":
        return _identifier(tokens, token)
    parse = _BRACKETS.get(token.text) if token.kind == "punct" else None
    if parse is None:
        raise tokens.error("expected a value", token)
    return parse(tokens)


def _identifier(tokens: Tokens, token: Token) -> Value:
    if token.text == "TRUE":
        return True
    if token.text == "FALSE":
        return False
    tokens.model_values.add(token.text)
    return ModelValue(token.text)


def _string(quoted: str) -> str:
    body = quoted[1:-1]
    if "\\" not in body:
        return body
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def _items(tokens: Tokens, closer: str, item: Callable[[Tokens], Value]) -> list[Value]:
    """Comma-separated items up to `closer` (which may come at once: empty)."""
    out: list[Value] = []
    if tokens.accept(closer):
        return out
    while True:
        out.append(item(tokens))
        if tokens.accept(closer):
            return out
        tokens.expect(",", f"or `{closer}`")


def _set(tokens: Tokens) -> Value:
    return frozenset(_items(tokens, "}", parse_value))


def _sequence(tokens: Tokens) -> Value:
    return tuple(_items(tokens, ">>", parse_value))


def _record(tokens: Tokens) -> Value:
    fields = _items(tokens, "]", _field)
    names = [name for name, _ in fields]
    if len(set(names)) != len(names):
        raise tokens.error("a record field is repeated")
    return make_fcn(fields)


def _field(tokens: Tokens) -> tuple[str, Value]:
    token = tokens.next()
    if token.kind != "ident":
        raise tokens.error("expected a record field name", token)
    tokens.expect("|->", "after a record field name")
    return token.text, parse_value(tokens)


def _parenthesised(tokens: Tokens) -> Value:
    """`(a :> 1 @@ b :> 2)` (a function) or `(v)` (a value in parentheses)."""
    first = parse_value(tokens)
    if tokens.accept(")"):
        return first
    tokens.expect(":>", "or `)`")
    pairs = [(first, parse_value(tokens))]
    while tokens.accept("@@"):
        key = parse_value(tokens)
        tokens.expect(":>", "after a function's argument")
        pairs.append((key, parse_value(tokens)))
    tokens.expect(")", "or `@@` in a function")
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise tokens.error("a function argument is repeated")
    return make_fcn(pairs)


_BRACKETS: dict[str, Callable[[Tokens], Value]] = {
    "{": _set,
    "<<": _sequence,
    "[": _record,
    "(": _parenthesised,
}


def parse_value_text(text: str, path: str = "<value>") -> tuple[Value, set[str]]:
    """A whole text holding one value; returns it with the model values it names."""
    tokens = tokenize(SourceFile(path, text))
    value = parse_value(tokens)
    if tokens.peek.kind != "end":
        raise tokens.error("expected the end of the value")
    return value, tokens.model_values
