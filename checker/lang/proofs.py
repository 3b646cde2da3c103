"""Proof steps between the lexer and the LALR parser: which proof a step belongs to.

A proof's structure is given by its step numbers, not by brackets: after `<1>1. P`, a
step `<2>1.` begins P's proof while `<1>2.` is P's sibling. LALR(1) cannot count levels,
so `StepReader` decides for each STEP token, as SANY's parser does (tla+.jj:
`beginsProof`, `correctLevel`), and feeds the grammar one of
  * STEP_REF            a step named as a fact (`BY <1>2`): a number with a label and no
                        dot, where an expression may start;
  * PROOF_OPEN STEP_START  the first step of a deeper proof;
  * STEP_START          the next step of the current proof.
NOTE(proof-levels): `open` holds the proofs whose steps are being read, innermost last,
with the parser stack depth at which each began; a proof is closed once the parser has
reduced it (its depth is gone from the stack), or, when the next step arrives, once its
QED step has been read. A step's level must be its proof's level (`<*>` takes it; `<+>`
only begins a proof); a deeper proof's level must exceed the enclosing one.

SANY also lets a step leave out `DEFINE` (`<1>1. F(x) == e`); like SANY's `belchDEF`,
`starts_definition` looks ahead for the `==` and the reader writes the DEFINE token.
Proofs are parsed and set aside: nothing here affects what the checker evaluates.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from lark import Token

from checker.diagnostics import CheckerError, SourceFile, error
from checker.lang.tokens import FIELD_KEYWORDS, NAME_AFTER, token_span

_STEP = re.compile(r"<([0-9]+|[+*])>([A-Za-z0-9_]*)([*-]?)(\.*)")
_OPEN = {"LPAR": "RPAR", "LSQB": "RSQB"}
_PREFIX_OPS = frozenset({"MINUS"})  # the prefix operators a definition may define
_SCAN_LIMIT = 2000  # tokens looked at to find the `==` of an implicit DEFINE


@dataclass(frozen=True)
class StepNumber:
    """A step number as written: `<1>2.` is level 1, label `2`, dotted."""

    text: str
    level: int | None  # None for `<+>` and `<*>`
    implicit: str  # "+", "*" or ""
    label: str
    dotted: bool

    @property
    def is_reference(self) -> bool:
        """SANY's ProofStepLexeme and ProofImplicitStepLexeme: usable as an expression."""
        return bool(self.label) and not self.dotted


def read_step(text: str) -> StepNumber:
    m = _STEP.fullmatch(text)
    assert m is not None, text  # the lexer's STEP pattern
    head, label, mark, dots = m.groups()
    level = int(head) if head.isdigit() else None
    implicit = "" if level is not None else head
    return StepNumber(text, level, implicit, label, bool(dots) or bool(mark))


class Parser(Protocol):
    """What the reader needs of layout.Feeder."""

    last: Token | None

    def accepts(self, ttype: str) -> bool: ...

    def feed_token(self, tok: Token) -> None: ...

    def close_lists_for(self, ttypes: tuple[str, ...], at: Token) -> None: ...

    def depth(self) -> int: ...


class Lookahead:
    """Tokens, with a look at the ones to come; reserved words that SANY reads as names
    where only a name can stand (tokens.FIELD_KEYWORDS) come out as NAME."""

    def __init__(self, tokens: Iterable[Token]) -> None:
        self._tokens: Iterator[Token] = iter(tokens)
        self._ahead: deque[Token] = deque()

    def __iter__(self) -> Iterator[Token]:
        ahead = self._ahead
        prev = ""
        for tok in self._tokens:
            if ahead:  # tokens were peeked at: they come first
                ahead.append(tok)
                tok = ahead.popleft()
            if tok.type in FIELD_KEYWORDS and self._read_as_name(prev):
                tok = Token.new_borrow_pos("NAME", tok.value, tok)
            prev = tok.type
            yield tok
        while ahead:
            tok = ahead.popleft()
            if tok.type in FIELD_KEYWORDS and self._read_as_name(prev):
                tok = Token.new_borrow_pos("NAME", tok.value, tok)
            prev = tok.type
            yield tok

    def _read_as_name(self, prev: str) -> bool:
        if prev in NAME_AFTER:
            return True
        after = self.peek(0)
        return prev == "LSQB" and after is not None and after.type == "MAPSTO"

    def peek(self, i: int) -> Token | None:
        """The token i places ahead (0 is the next one), or None at the end."""
        while len(self._ahead) <= i:
            tok = next(self._tokens, None)
            if tok is None:
                return None
            self._ahead.append(tok)
        return self._ahead[i]


def starts_definition(ahead: Lookahead) -> bool:
    """Whether the coming tokens begin a definition: `F ==`, `F(x) ==`, `f[x \\in S] ==`,
    `a (+) b ==`, `-. a ==` (SANY's `belchDEF`, which looks for the `==`)."""
    first, second = ahead.peek(0), ahead.peek(1)
    if first is None or second is None:
        return False
    if first.type in _PREFIX_OPS:
        third = ahead.peek(2)
        return second.type == "NAME" and third is not None and third.type == "DEFEQ"
    if first.type != "NAME":
        return False
    if second.type == "DEFEQ":
        return True
    if second.type in _OPEN:
        close = _matching(ahead, 1)
        after = ahead.peek(close + 1) if close is not None else None
        return after is not None and after.type == "DEFEQ"
    third, fourth = ahead.peek(2), ahead.peek(3)
    return (
        third is not None and third.type == "NAME" and fourth is not None and fourth.type == "DEFEQ"
    )


def _matching(ahead: Lookahead, start: int) -> int | None:
    """The index of the bracket closing the one at `start`."""
    opener = ahead.peek(start)
    assert opener is not None
    depth = 0
    for i in range(start, start + _SCAN_LIMIT):
        tok = ahead.peek(i)
        if tok is None:
            return None
        if tok.type == opener.type:
            depth += 1
        elif tok.type == _OPEN[opener.type]:
            depth -= 1
            if depth == 0:
                return i
    return None


@dataclass
class _Proof:
    level: int
    depth: int  # parser stack depth once its PROOF_OPEN was shifted
    qed: bool = False


class StepReader:
    """Classifies STEP tokens and feeds them (see the module docstring)."""

    def __init__(self, parser: Parser, ahead: Lookahead, src: SourceFile) -> None:
        self.parser = parser
        self.ahead = ahead
        self.src = src
        self.open: list[_Proof] = []

    def fed(self, tok: Token) -> None:
        """Called after every token the parser took while a proof is open."""
        depth = self.parser.depth()
        while self.open and self.open[-1].depth > depth:
            self.open.pop()
        if tok.type == "QED" and self.open:
            self.open[-1].qed = True

    def unfinished(self) -> int | None:
        """The level of the innermost proof being read, if its QED step is still to come."""
        if self.open and not self.open[-1].qed:
            return self.open[-1].level
        return None

    def step(self, tok: Token) -> None:
        number = read_step(tok.value)
        parser = self.parser
        if number.is_reference and parser.accepts("STEP_REF"):
            self._reference(tok, number)
            return
        parser.close_lists_for(("PROOF_OPEN", "STEP_START"), tok)
        last = parser.last
        after_proof = last is not None and last.type == "PROOF"
        if parser.accepts("PROOF_OPEN") and (after_proof or self._begins_proof(number)):
            level = self._opening_level(tok, number)
            parser.feed_token(Token.new_borrow_pos("PROOF_OPEN", "", tok))
            self.open.append(_Proof(level, parser.depth()))
        else:
            self._check_level(tok, number)
        parser.feed_token(Token.new_borrow_pos("STEP_START", tok.value, tok))
        if parser.accepts("DEFINE") and starts_definition(self.ahead):
            parser.feed_token(Token.new_borrow_pos("DEFINE", "", tok))

    def _reference(self, tok: Token, number: StepNumber) -> None:
        if not self.open:
            raise self._error(tok, f"step `{tok.value}` is named outside a proof")
        if number.implicit == "+":
            raise self._error(tok, "`<+>` cannot name a step", hint="write the step's level")
        self.parser.feed_token(Token.new_borrow_pos("STEP_REF", tok.value, tok))

    def _begins_proof(self, number: StepNumber) -> bool:
        if number.implicit == "*":
            return not self.open
        if number.implicit == "+" or not self.open:
            return True
        assert number.level is not None
        return number.level > self.open[-1].level

    def _opening_level(self, tok: Token, number: StepNumber) -> int:
        enclosing = self.open[-1].level if self.open else -1
        if number.level is None:
            return enclosing + 1
        if number.level <= enclosing:
            raise self._error(
                tok,
                f"the steps of this proof must have a level above {enclosing}",
                hint=f"the proof of a level-{enclosing} step uses `<{enclosing + 1}>` or `<+>`",
            )
        return number.level

    def _check_level(self, tok: Token, number: StepNumber) -> None:
        closed: list[int] = []
        while self.open and self.open[-1].qed:
            closed.append(self.open.pop().level)
        if not self.open:
            if closed:
                raise self._error(tok, "this step follows the QED step that ends its proof")
            raise self._error(
                tok,
                "a proof step outside a proof",
                hint="a proof follows the statement of a THEOREM (or of a step)",
            )
        level = self.open[-1].level
        if number.implicit == "*" or number.level == level:
            return
        if number.implicit == "+":
            raise self._error(
                tok,
                "`<+>` may only begin a proof",
                hint=f"the steps of this proof are at level {level}: write `<{level}>` or `<*>`",
            )
        assert number.level is not None
        if number.level in closed:
            raise self._error(tok, "this step follows the QED step that ends its proof")
        if number.level < level:
            raise self._error(
                tok,
                f"the level-{level} proof before this step has no QED step",
                hint=f"end it with `<{level}> QED`",
            )
        raise self._error(
            tok,
            f"this step is at level {number.level}, but its proof's steps are at level {level}",
            hint="only a claim (an assertion, SUFFICES, CASE, PICK or QED) takes a proof",
        )

    def _error(self, tok: Token, message: str, hint: str | None = None) -> CheckerError:
        return error("E102", message, token_span(self.src, tok), hint=hint)
