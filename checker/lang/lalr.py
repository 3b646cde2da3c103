"""A lean LALR(1) driver over Lark's tables (Lark's own spends most of its time comparing
grammar rules for equality, once per reduction).

The tables are Lark's, rewritten once per process into plain data: in state `s`, a token
type maps either to the state to shift to (an int) or to a reduction `(rule index, size,
nonterminal)`. The driver keeps Lark's semantics: the same callbacks build the same
values, and a token the automaton cannot take raises Lark's `UnexpectedToken` (whose
`state.position` is the LALR state, as syntax_errors.py expects).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lark import Lark, Token
from lark.exceptions import UnexpectedToken
from lark.grammar import Rule
from lark.lexer import BasicLexer, LexerThread

from checker.lang import tables

Reduce = tuple[int, int, str]  # (rule index, number of children, nonterminal produced)
Action = int | Reduce


@dataclass(frozen=True)
class Automaton:
    lark: Lark
    lexer: BasicLexer  # built once: Lark.lex would build its scanner again for every text
    states: dict[int, dict[str, Action]]
    rules: tuple[Rule, ...]
    passthrough: frozenset[int]  # rules `?r: x` (one child, no alias): the value is x
    start_state: int
    end_state: int


@functools.cache
def automaton() -> Automaton:
    """The grammar's automaton, built from the shipped tables once per process."""
    t = tables.load()
    rules = tuple(t.lark.rules)
    reduces = tuple((i, len(r.expansion), r.origin.name) for i, r in enumerate(rules))
    states: dict[int, dict[str, Action]] = {
        state: {
            ttype: action if action >= 0 else reduces[-1 - action] for ttype, action in row.items()
        }
        for state, row in t.states.items()
    }
    passthrough = frozenset(
        i
        for i, r in enumerate(rules)
        if r.options.expand1 and r.alias is None and len(r.expansion) == 1
    )
    lexer = BasicLexer(t.lark.lexer_conf)
    return Automaton(t.lark, lexer, states, rules, passthrough, t.start, t.end)


def tokens(auto: Automaton, text: str) -> Iterator[Token]:
    """The tokens of `text` (as `Lark.lex`, with the automaton's lexer)."""
    stream: Iterator[Token] = LexerThread.from_text(auto.lexer, text).lex(None)  # type: ignore[no-untyped-call]
    return stream


class Driver:
    """Feeds tokens to the automaton; reductions call the grammar's callbacks."""

    def __init__(self, auto: Automaton, callbacks: dict[Any, Callable[[list[Any]], Any]]):
        self.reduce: tuple[Callable[[list[Any]], Any] | None, ...]
        self.states = auto.states
        self.end_state = auto.end_state
        self.reduce = tuple(
            None if i in auto.passthrough else callbacks[r] for i, r in enumerate(auto.rules)
        )
        self.state_stack: list[int] = [auto.start_state]
        self.value_stack: list[Any] = []

    @property
    def position(self) -> int:
        """The current LALR state (as Lark's ParserState.position)."""
        return self.state_stack[-1]

    def feed_token(self, token: Token, is_end: bool = False) -> Any:
        state_stack, value_stack, states = self.state_stack, self.value_stack, self.states
        while True:
            action = states[state_stack[-1]].get(token.type)
            if action is None:
                expected = {t for t in states[state_stack[-1]] if t.isupper()}
                raise UnexpectedToken(token, expected, state=self)  # type: ignore[no-untyped-call]
            if isinstance(action, int):
                state_stack.append(action)
                value_stack.append(token)
                return None
            rule, size, origin = action
            build = self.reduce[rule]
            if build is None:  # `?r: x`: x's value is r's
                state_stack.pop()
            else:
                if size:
                    children = value_stack[-size:]
                    del state_stack[-size:]
                    del value_stack[-size:]
                else:
                    children = []
                value_stack.append(build(children))
            goto = states[state_stack[-1]][origin]
            assert isinstance(goto, int)
            state_stack.append(goto)
            if is_end and goto == self.end_state:
                return value_stack[-1]

    def feed_eof(self, last: Token | None) -> Any:
        end = Token.new_borrow_pos("$END", "", last) if last is not None else Token("$END", "")
        return self.feed_token(end, True)

    def accepts(self, ttype: str) -> bool:
        """Whether a token of this type would be shifted now (after any reductions), worked
        out on a virtual stack: the real stack below `top` plus the states in `pushed`."""
        states, stack = self.states, self.state_stack
        top, pushed = len(stack), list[int]()
        state = stack[-1]
        while True:
            action = states[state].get(ttype)
            if action is None:
                return False
            if isinstance(action, int):
                return True
            _, size, origin = action
            if size <= len(pushed):
                del pushed[len(pushed) - size :]
            else:
                top -= size - len(pushed)
                pushed.clear()
            below = pushed[-1] if pushed else stack[top - 1]
            goto = states[below][origin]
            assert isinstance(goto, int)
            state = goto
            pushed.append(state)
