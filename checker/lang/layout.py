"""Junction lists: TLA+'s layout rule, applied between the lexer and the LALR parser.

NOTE(layout-rule): a `/\\` or `\\/` where an expression may start opens a list whose column
c is the bullet's column. For the first token of each later line:
  * a list whose column is greater than the token's column closes;
  * a bullet of the same kind at exactly column c starts the next item;
  * any other token at column <= c closes the list.
Columns count a tab as reaching the next multiple of 8, as SANY does.
A bullet that cannot start an expression (an operand precedes it) is the infix operator;
so is a bullet to the right of c (inside an item) or to the left of every open list.
Finally, a token that the parser cannot shift inside the innermost list closes that list
first (like Haskell's parse-error(t) rule), which is how `)`, `THEN`, `,`, `IN`, `->` end a
list written on one line. Whether a token would be shifted is decided exactly by running
the LALR automaton on a virtual copy of the state stack (`Driver.accepts` in lalr.py).

Proof step numbers (STEP tokens) are handed to proofs.StepReader, which decides, in the
same way, which proof each step belongs to (NOTE(proof-levels)).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from lark import Token
from lark.exceptions import UnexpectedToken

from checker.diagnostics import CheckerError, SourceFile, error
from checker.lang import nesting
from checker.lang.lalr import Driver
from checker.lang.proofs import Lookahead, StepReader
from checker.lang.tokens import BACKSLASH_WORDS, token_span

_BULLET_KIND = {"LAND": "AND", "LOR": "OR"}
_OPENERS = {"LPAR", "LSQB", "LBRACE", "LANGLE"}
# tokens that start a module unit or end the module (so end any proof)
_ENDS_PROOF = {
    "MODULE_END", "$END", "SEP", "THEOREM", "LEMMA", "PROPOSITION", "COROLLARY", "ASSUME",
    "ASSUMPTION", "AXIOM", "CONSTANT", "CONSTANTS", "VARIABLE", "VARIABLES", "LOCAL",
    "RECURSIVE", "INSTANCE",
}  # fmt: skip
_CLOSERS = {"RPAR", "RSQB", "RSQB_SUB", "RBRACE", "RANGLE", "RANGLE_SUB"}


class Feeder:
    """Feeds tokens to an interactive LALR parser, inserting junction-list tokens."""

    def __init__(self, driver: Driver, src: SourceFile, *, raw_errors: bool = False) -> None:
        self.ip = driver
        self.raw_errors = raw_errors
        self.src = src
        # lines holding a tab, whose columns count as SANY's (tab stops every 8 columns)
        self.tab_lines = {
            i: line for i, line in enumerate(src.text.split("\n"), start=1) if "\t" in line
        }
        self.lists: list[tuple[str, int]] = []  # (kind, column) of open junction lists
        self.brackets: list[Token] = []  # open brackets, for "never closed" errors
        self.infix = [""]  # per bracket depth: the last infix /\ or \/ (for "mixed" errors)
        self.last: Token | None = None
        self.steps: StepReader

    def run(self, tokens: Iterable[Token]) -> Any:
        prev_line = 0
        ahead = Lookahead(self._words(tokens))
        self.steps = StepReader(self, ahead, self.src)
        for tok in ahead:
            first = (tok.line or 0) > prev_line
            prev_line = tok.end_line or prev_line
            if first and self.lists and self._column_rule(tok):
                continue
            if tok.type in _BULLET_KIND:
                self._bullet(tok, ahead.peek(0))
            elif tok.type == "STEP":
                self.steps.step(tok)
            else:
                self._close_until_accepted(tok)
                self._feed(tok)
        while self.lists:
            self._close(self.last)
        try:
            return self.ip.feed_eof(self.last)
        except UnexpectedToken as exc:
            if self.raw_errors:
                raise
            raise self._unexpected(exc, at_end=True) from None

    def _words(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for tok in tokens:
            if tok.type == "BSLASH_WORD":
                kind = BACKSLASH_WORDS.get(tok.value)
                if kind is None:
                    raise error(
                        "E102",
                        f"`{tok.value}` is not a TLA+ operator",
                        token_span(self.src, tok),
                        hint="TLA+'s operators spelt with a backslash are listed in "
                        "Table 6 of Specifying Systems (\\in, \\cup, \\prec, \\oplus ...)",
                    )
                tok = Token.new_borrow_pos(kind, tok.value, tok)
            yield tok

    def _column_rule(self, tok: Token) -> bool:
        """Apply the column rule; True if `tok` was consumed as a new item's bullet."""
        col = self._column(tok)
        while self.lists and self.lists[-1][1] > col:
            self._close(tok)
        if self.lists and self.lists[-1][1] == col:
            if _BULLET_KIND.get(tok.type) == self.lists[-1][0] and self.accepts(
                self.lists[-1][0] + "_ITEM"
            ):
                self._feed(Token.new_borrow_pos(self.lists[-1][0] + "_ITEM", tok.value, tok))
                return True
            self._close(tok)
        return False

    def _column(self, tok: Token) -> int:
        col = tok.column or 0
        line = self.tab_lines.get(tok.line or 0)
        if line is None:
            return col
        return len(line[: col - 1].expandtabs(8)) + 1

    def _bullet(self, tok: Token, nxt: Token | None) -> None:
        """`tok` starts a junction list, or is the infix operator (after an operand, or
        passed as an operator argument: `F(/\\, x)`)."""
        kind = _BULLET_KIND[tok.type]
        if not self.accepts(kind + "_START") or (
            self.accepts(tok.type) and (nxt is None or nxt.type in ("COMMA", "RPAR"))
        ):
            self._feed(tok)  # infix conjunction/disjunction (or a syntax error)
            return
        self.lists.append((kind, self._column(tok)))
        self._feed(Token.new_borrow_pos(kind + "_START", tok.value, tok))

    def _close_until_accepted(self, tok: Token) -> None:
        while self.lists and not self.accepts(tok.type) and self.accepts("JL_END"):
            self._close(tok)

    def close_lists_for(self, ttypes: tuple[str, ...], at: Token) -> None:
        """Close junction lists until the parser accepts one of `ttypes` (or no list may
        close)."""
        while self.lists and not any(self.accepts(t) for t in ttypes) and self.accepts("JL_END"):
            self._close(at)

    def depth(self) -> int:
        return len(self.ip.state_stack)

    def feed_token(self, tok: Token) -> None:
        self._feed(tok)

    def _close(self, at: Token | None) -> None:
        self.lists.pop()
        end = Token("JL_END", "")
        if at is not None:
            end = Token.new_borrow_pos("JL_END", "", at)
        self._feed(end)

    def accepts(self, ttype: str) -> bool:
        """Whether the parser would eventually shift a token of this type now."""
        return self.ip.accepts(ttype)

    def _feed(self, tok: Token) -> None:
        try:
            self.ip.feed_token(tok)
        except UnexpectedToken as exc:
            if self.raw_errors:
                raise
            raise self._unexpected(exc) from None
        if tok.type in _BULLET_KIND:
            self.infix[-1] = tok.type
        if tok.type != "JL_END":
            self.last = tok
        if tok.type in _OPENERS:
            self.brackets.append(tok)
            self.infix.append("")
        elif tok.type in _CLOSERS and self.brackets:
            self.brackets.pop()
            self.infix.pop()
        if self.steps.open:
            self.steps.fed(tok)
        if len(self.ip.state_stack) > nesting.MAX_PARSER_STACK:  # NOTE(nesting-limit)
            raise nesting.too_deep(
                token_span(self.src, tok), f"about {nesting.MAX_NESTING:,} levels"
            )

    def _unexpected(self, exc: UnexpectedToken, at_end: bool = False) -> CheckerError:
        from checker.lang.syntax_errors import explain

        unfinished = self.steps.unfinished()
        tok = exc.token
        if (
            unfinished is not None
            and (tok.type in _ENDS_PROOF or tok.column == 1)  # the next unit, or the end
            and self.accepts("STEP_START")
        ):
            where = tok if tok.type != "$END" or self.last is None else self.last
            return error(
                "E102",
                f"the level-{unfinished} proof before this has no QED step",
                token_span(self.src, where),
                hint=f"a proof ends with a `<{unfinished}> QED` step",
            )

        return explain(self.src, exc, self.last, self.brackets, at_end, self.infix[-1])
