"""Temporal formulas in general: their tree, negation normal form, and the tableau
automaton of a formula (the Büchi automaton the product search runs against).

NOTE(tableau): a property part that is none of the forms check.py handles directly is
a formula over state predicates (a bit of each state) and steps (`<<A>>_v`, `[A]_v`: a
bit of each step) built with /\\, \\/, ~, [] and <>. Its negation, in negation normal
form, is expanded into the states of a tableau, each a pair (literals, obligations):
the literals hold at the current position (a state literal in the state, a step literal
in the step that leaves it) and the obligations are what the rest of the behaviour must
satisfy (`[]F` keeps itself, `<>F` is either met now or carried over). The states
reached from an obligation set are its expansions. A run is accepted when, for each
`<>F` of the formula, infinitely often a state does not carry `<>F` over (it was met):
a generalized Büchi condition, one acceptance set per `<>F`. The product with the
behaviour graph and the search for a fair accepting cycle are in product.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.liveness.formula import Fair, Pred

# -- the tree as the splitter builds it -----------------------------------------------------


@dataclass(frozen=True, eq=False)
class StateAtom:
    pred: Pred


@dataclass(frozen=True, eq=False)
class StepAtom:
    """A step of `fair.action`: `<<A>>_v` (kind "STEP") or `[A]_v` (kind "ALWAYS")."""

    fair: Fair


@dataclass(frozen=True)
class Lit:
    """A literal: state bit or step bit `bit` has the value `positive`."""

    step: bool
    bit: int
    positive: bool = True

    def flipped(self) -> Lit:
        return Lit(self.step, self.bit, not self.positive)


@dataclass(frozen=True)
class Const:
    value: bool


@dataclass(frozen=True)
class Not:
    item: Formula


@dataclass(frozen=True)
class And:
    items: tuple[Formula, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Formula, ...]


@dataclass(frozen=True)
class Always:
    item: Formula


@dataclass(frozen=True)
class Eventually:
    item: Formula


Formula = StateAtom | StepAtom | Lit | Const | Not | And | Or | Always | Eventually


def _implies(items: tuple[Formula, ...]) -> Formula:
    return Or((Not(items[0]), items[1]))


def _equiv(items: tuple[Formula, ...]) -> Formula:
    a, b = items
    return Or((And((a, b)), And((Not(a), Not(b)))))


# TLA+'s connectives of temporal formulas, on their operands' trees
CONNECTIVES: dict[str, Callable[[tuple[Formula, ...]], Formula]] = {
    "~": lambda items: Not(items[0]),
    "=>": _implies,
    "<=>": _equiv,
    "~>": lambda items: Always(Or((Not(items[0]), Eventually(items[1])))),
    "[]": lambda items: Always(items[0]),
    "<>": lambda items: Eventually(items[0]),
}


def atoms(f: Formula) -> Iterator[StateAtom | StepAtom]:
    """The atoms of a tree, each once, in the order they are written."""
    if isinstance(f, (StateAtom, StepAtom)):
        yield f
    elif isinstance(f, (Not, Always, Eventually)):
        yield from atoms(f.item)
    elif isinstance(f, (And, Or)):
        for item in f.items:
            yield from atoms(item)


def negated(f: Formula, lit: Callable[[StateAtom | StepAtom], Lit]) -> Formula:
    """The negation of `f` in negation normal form, its atoms replaced by literals."""
    return _nnf(f, False, lit)


def _nnf(f: Formula, positive: bool, lit: Callable[[StateAtom | StepAtom], Lit]) -> Formula:
    if isinstance(f, (StateAtom, StepAtom)):
        return lit(f) if positive else lit(f).flipped()
    if isinstance(f, Lit):
        return f if positive else f.flipped()
    if isinstance(f, Const):
        return Const(f.value == positive)
    if isinstance(f, Not):
        return _nnf(f.item, not positive, lit)
    if isinstance(f, (And, Or)):
        items = tuple(_nnf(i, positive, lit) for i in f.items)
        conj = isinstance(f, And) == positive
        return _flat(items, conj)
    if isinstance(f, Always):
        inner = _nnf(f.item, positive, lit)
        return Always(inner) if positive else Eventually(inner)
    inner = _nnf(f.item, positive, lit)
    return Eventually(inner) if positive else Always(inner)


def _flat(items: tuple[Formula, ...], conj: bool) -> Formula:
    out: list[Formula] = []
    for i in items:
        if isinstance(i, Const):
            if i.value != conj:  # FALSE in a conjunction, TRUE in a disjunction
                return i
            continue
        if isinstance(i, And if conj else Or):
            out += [x for x in i.items if x not in out]
        elif i not in out:
            out.append(i)
    if not out:
        return Const(conj)
    if len(out) == 1:
        return out[0]
    return And(tuple(out)) if conj else Or(tuple(out))


# -- the tableau ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TState:
    """A tableau state: the literals of its position and the obligations it carries."""

    lits: frozenset[Lit]
    next: frozenset[Formula]


@dataclass(frozen=True)
class Tableau:
    states: tuple[TState, ...]
    initial: tuple[int, ...]
    succ: tuple[tuple[int, ...], ...]
    # one acceptance set per `<>F`: the states that do not carry it over
    accept: tuple[frozenset[int], ...]


_LIMIT = 4096  # tableau states; a formula needing more is refused


class TooLarge(Exception):
    """The formula's tableau has more than _LIMIT states."""


def tableau(f: Formula) -> Tableau:
    """The tableau automaton of `f` (in negation normal form over literals)."""
    index: dict[TState, int] = {}
    states: list[TState] = []
    succ: list[tuple[int, ...]] = []
    expansions: dict[frozenset[Formula], tuple[int, ...]] = {}

    def ids(obligations: frozenset[Formula]) -> tuple[int, ...]:
        if obligations not in expansions:
            out = []
            for s in sorted(_expand(obligations), key=repr):
                if s not in index:
                    index[s] = len(states)
                    states.append(s)
                    if len(states) > _LIMIT:
                        raise TooLarge
                out.append(index[s])
            expansions[obligations] = tuple(sorted(out))
        return expansions[obligations]

    initial = ids(frozenset((f,)))
    done = 0
    while done < len(states):
        succ.append(ids(states[done].next))
        done += 1
    events = sorted({e for e in _subformulas(f) if isinstance(e, Eventually)}, key=repr)
    accept = tuple(frozenset(i for i, s in enumerate(states) if e not in s.next) for e in events)
    return Tableau(tuple(states), initial, tuple(succ), accept)


def _subformulas(f: Formula) -> Iterator[Formula]:
    yield f
    if isinstance(f, (Always, Eventually, Not)):
        yield from _subformulas(f.item)
    elif isinstance(f, (And, Or)):
        for i in f.items:
            yield from _subformulas(i)


def _expand(obligations: frozenset[Formula]) -> set[TState]:
    out: set[TState] = set()
    todo = sorted(obligations, key=repr)  # a fixed order: the same states on every run
    _go(todo, frozenset(), frozenset(), frozenset(), out)
    return out


def _go(
    todo: list[Formula],
    lits: frozenset[Lit],
    nxt: frozenset[Formula],
    seen: frozenset[Formula],
    out: set[TState],
) -> None:
    while todo:
        f, todo = todo[0], todo[1:]
        if f in seen:
            continue
        seen = seen | {f}
        if isinstance(f, Const):
            if not f.value:
                return
        elif isinstance(f, Lit):
            if f.flipped() in lits:
                return
            lits = lits | {f}
        elif isinstance(f, And):
            todo = list(f.items) + todo
        elif isinstance(f, Or):
            for item in f.items:
                _go([item, *todo], lits, nxt, seen, out)
            return
        elif isinstance(f, Always):
            todo = [f.item, *todo]
            nxt = nxt | {f}
        elif isinstance(f, Eventually):
            _go([f.item, *todo], lits, nxt, seen, out)
            _go(todo, lits, nxt | {f}, seen, out)
            return
        else:
            raise AssertionError(f"not in negation normal form over literals: {f!r}")
    out.add(TState(lits, nxt))
