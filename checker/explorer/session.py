"""An exploration session: a line of states through the model, a cursor on it, and every
state seen so far.

NOTE(explorer-session): the explorer walks the model one chosen step at a time. The
*line* is a behaviour prefix (an initial state, then one state per step); the *cursor*
is the state shown. Backing up moves the cursor, not the line, so going forward again
retraces it; taking a step from a state before the line's end that is not the next one
on the line *branches*: the rest of the line is dropped. Every distinct state met is
numbered in the order seen (`#1`, `#2`, ...: `seen`), with the line that first reached
it, so any state seen can be jumped back to. The moves from a state are the model's
successors as the search computes them (`Model.successors`, with TLCGet("level") set as
the search sets it, NOTE(tlcget-level)), each judged by the search's own rules
(engine/kernel.py `judge`: the CONSTRAINTs and the ACTION_CONSTRAINTs, then the
invariants): a move to a state the search would not store is shown as *outside the
model*, and may still be taken, to look around. A state is told apart from the others
by its values (not by VIEW or SYMMETRY: the explorer shows states, not the search's
classes of them).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from checker.compile.model import Model
from checker.diagnostics import CheckerError, Diagnostic, EvaluationError
from checker.engine.kernel import judge, step_allowed
from checker.engine.seam import State
from checker.traces import Step as TraceStep
from checker.traces import Trace
from checker.values import strict_key

INITIAL = "Initial predicate"  # the "action" of an initial state, as the viewers say


@dataclass(frozen=True)
class Step:
    """A state on the line: its number among the states seen and the action that led to
    it (None for an initial state)."""

    id: int
    action: str | None


@dataclass(frozen=True)
class Move:
    """A step the model can take from the state shown (or an initial state to start
    from): the action's label, the state it leads to, the variables it changes, whether
    the search would keep that state (`in_model`), the first invariant it violates, and
    its number if it was seen before (as of now: `Session.moves` fills it in)."""

    label: str
    state: State
    changed: tuple[str, ...]
    in_model: bool
    violated: str | None
    seen: int | None


@dataclass(frozen=True)
class Moves:
    """The moves from a state; `error`: the evaluation error that stopped computing
    them (then `moves` is empty)."""

    moves: tuple[Move, ...]
    deadlock: bool = False
    error: Diagnostic | None = None


@dataclass(frozen=True)
class Status:
    """What the search's rules say of a state on the line."""

    in_model: bool  # every CONSTRAINT holds in it (and the step to it is allowed)
    violated: str | None  # the first invariant it violates
    error: Diagnostic | None = None


class Session:
    """A line of states through `model` and the states seen (NOTE(explorer-session))."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.states: list[State] = []  # by number
        self.reached: list[tuple[Step, ...]] = []  # the line that first reached each
        self._numbers: dict[object, int] = {}
        self._moves: dict[tuple[int, int], Moves] = {}
        self.line: tuple[Step, ...] = ()
        self.cursor = -1  # the state shown on the line; -1: none yet (choose one)
        start = self.moves()
        if len(start.moves) == 1:
            self.take(0)

    # -- what is shown ------------------------------------------------------------------

    @property
    def variables(self) -> tuple[str, ...]:
        return self.model.variables

    @property
    def current(self) -> Step | None:
        return self.line[self.cursor] if self.cursor >= 0 else None

    def state(self, number: int) -> State:
        return self.states[number]

    def trace(self) -> Trace:
        """The line as a Trace (for the renderers and for saving as ITF)."""
        steps = tuple(TraceStep(self.states[s.id], s.action) for s in self.line)
        names = tuple(self.model.model_values)
        return Trace(self.variables, steps, self.model.name, model_values=names)

    def moves(self) -> Moves:
        """The moves from the state shown (the initial states while none is)."""
        depth = self.cursor + 1  # the level the search would expand: 0 for Init
        key = (self.current.id if self.current else -1, depth)
        found = self._moves.get(key)
        if found is None:
            found = self._compute_moves(depth)
            self._moves[key] = found
        seen = tuple(replace(m, seen=self._seen(m.state)) for m in found.moves)
        return replace(found, moves=seen)

    def status(self, position: int) -> Status:
        """The search's rules on the state at `position` of the line."""
        step = self.line[position]
        before = self.states[self.line[position - 1].id] if position else None
        state = self.states[step.id]
        self.model.at_level(position)
        try:
            judged = judge(self.model, state, lambda: step_allowed(self.model, before, state))
        except EvaluationError as exc:
            return Status(False, None, exc.diagnostic)
        return Status(judged.in_model, judged.violated)

    # -- moving -------------------------------------------------------------------------

    def take(self, index: int) -> None:
        """Take move `index` of `moves()`: forward on the line if it is the line's next
        step, else a branch (the rest of the line is dropped)."""
        move = self.moves().moves[index]
        number = self._number(move.state)
        label = None if self.cursor < 0 else move.label
        following = self.cursor + 1
        if following < len(self.line) and self.line[following] == Step(number, label):
            self.cursor = following
            return
        self.line = (*self.line[:following], Step(number, label))
        self.cursor = following
        if len(self.reached) == number:
            self.reached.append(self.line)

    def go(self, position: int) -> None:
        """Show the state at `position` of the line (-1: none, to choose an initial one)."""
        if not -1 <= position < len(self.line):
            raise IndexError(position)
        self.cursor = position

    def back(self) -> bool:
        if self.cursor < 0:
            return False
        self.cursor -= 1
        return True

    def forward(self) -> bool:
        if self.cursor + 1 >= len(self.line):
            return False
        self.cursor += 1
        return True

    def jump(self, number: int) -> None:
        """Show state `number` (0-based among those seen), on the line that reached it."""
        self.line = self.reached[number]
        self.cursor = len(self.line) - 1

    def follow(self, trace: Trace, position: int) -> None:
        """Make `trace` (its variables the model's, in order) the line, shown at
        `position`; its states join those seen."""
        steps: list[Step] = []
        for i, step in enumerate(trace.steps):
            number = self._number(step.state)
            steps.append(Step(number, step.action if i else None))
            if len(self.reached) == number:
                self.reached.append(tuple(steps))
        self.line = tuple(steps)
        self.cursor = position

    # -- internals ----------------------------------------------------------------------

    def _number(self, state: State) -> int:
        key = strict_key(state)
        number = self._numbers.get(key)
        if number is None:
            number = len(self.states)
            self._numbers[key] = number
            self.states.append(state)
        return number

    def _seen(self, state: State) -> int | None:
        return self._numbers.get(strict_key(state))

    def _compute_moves(self, depth: int) -> Moves:
        model = self.model
        model.at_level(depth)
        source = self.states[self.current.id] if self.current else None
        try:
            if source is None:
                found = [(INITIAL, t) for t in model.init_states()]
            else:
                found = [(model.label_text(label), t) for label, t in model.successors(source)]
            moves = self._judged(source, _distinct(found))
        except (EvaluationError, CheckerError) as exc:
            return Moves((), error=exc.diagnostics[0])
        deadlock = source is not None and not found and model.check_deadlock
        return Moves(tuple(moves), deadlock)

    def _judged(self, source: State | None, found: list[tuple[str, State]]) -> list[Move]:
        model = self.model
        moves: list[Move] = []
        for label, t in found:
            judged = judge(model, t, lambda t=t: step_allowed(model, source, t))  # type: ignore[misc]
            changed = self._changed(source, t)
            moves.append(Move(label, t, changed, judged.in_model, judged.violated, None))
        return moves

    def _changed(self, source: State | None, t: State) -> tuple[str, ...]:
        if source is None:
            return ()
        pairs = zip(self.variables, source, t, strict=True)
        return tuple(name for name, a, b in pairs if strict_key(a) != strict_key(b))


def _distinct(found: list[tuple[str, State]]) -> list[tuple[str, State]]:
    """One move per (label, successor): two ways of an action to the same state (two
    messages answered alike) are one move, in the order first met."""
    seen: set[object] = set()
    out: list[tuple[str, State]] = []
    for label, t in found:
        key = (label, strict_key(t))
        if key not in seen:
            seen.add(key)
            out.append((label, t))
    return out
