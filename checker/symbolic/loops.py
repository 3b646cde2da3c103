"""A lasso of bmc's path, as formulas: where its loop starts, and what holds on it.

NOTE(bmc-lasso): the path s_0 .. s_k (asserted by the unrolling) becomes the behaviour
s_0 .. s_(l-1) (s_l .. s_k)^ω for a loop start l <= k: s_k's successor is s_l, by a
step of Next the ACTION_CONSTRAINTs allow, or (l = k) by stuttering, which is always
allowed (NOTE(fair-cycles): every state has its stuttering step). The loop start is
one Boolean per position, `inside[i]` (i >= l), monotone and true at k. A part is
violated by the lasso as its negation says (checker/liveness/check.py): <>P: ¬P on every
state; []<>P: ¬P on every loop state; <>[]P: ¬P on some loop state; P ~> Q: some P /\\ ¬Q
state from which every later state (the rest of the path, and the whole loop) is ¬Q.
Going round the loop forever is fair iff, for each WF_v(A), some loop step is an
`<<A>>_v` step or `<<A>>_v` is disabled in some loop state; for each SF_v(A), some loop
step is one or it is disabled in every loop state; for each `<>[][A]_v`, every loop step
is an `[A]_v` step. A stuttering loop has no step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import z3

from checker.symbolic.terms import Cond, and2, conj, disj, implies, neg

Steps = list[list[Cond]]  # per path step i (s_i -> s_(i+1)), per action: its condition


@dataclass
class Loop:
    """The loop of a lasso ending at s_k: `inside[i]` (s_i is in the loop), `close[l]`
    (s_k -> s_l is an allowed step of Next, for l < k), and per action the condition
    that the path steps and the steps back are its steps."""

    inside: list[Cond]
    close: list[Cond]
    steps: Steps  # path steps s_i -> s_(i+1), i < k
    back: Steps  # per l < k: s_k -> s_l

    @property
    def k(self) -> int:
        return len(self.inside) - 1

    def starts(self, i: int) -> Cond:
        """The loop starts at s_i."""
        return and2(self.inside[i], neg(self.inside[i - 1])) if i else self.inside[0]

    def shape(self) -> Cond:
        """`inside` is monotone and true at k, and s_k goes back to the loop's start."""
        k = self.k
        order = [implies(self.inside[i], self.inside[i + 1]) for i in range(k)]
        back = disj([*(and2(self.starts(j), self.close[j]) for j in range(k)), self.starts(k)])
        return conj([*order, self.inside[k], back])

    def taken(self, a: int, prefix_too: bool = False) -> Cond:
        """Some step of the loop (with `prefix_too`, of the lasso) is action a's."""
        path = (
            self.steps[i][a] if prefix_too else and2(self.inside[i], self.steps[i][a])
            for i in range(self.k)
        )
        back = (and2(self.starts(j), self.back[j][a]) for j in range(self.k))
        return disj([*path, *back])

    def every_step(self, a: int) -> Cond:
        """Every step of the loop is action a's."""
        path = (implies(self.inside[i], self.steps[i][a]) for i in range(self.k))
        back = (implies(self.starts(j), self.back[j][a]) for j in range(self.k))
        return conj([*path, *back])

    def somewhere(self, conds: list[Cond]) -> Cond:
        """Some loop state satisfies its condition."""
        return disj(and2(inn, c) for inn, c in zip(self.inside, conds, strict=True))

    def everywhere(self, conds: list[Cond]) -> Cond:
        """Every loop state satisfies its condition."""
        return conj(implies(inn, c) for inn, c in zip(self.inside, conds, strict=True))

    def start(self, m: Callable[[Cond], bool]) -> int:
        """The loop's start in a model."""
        return next(i for i in range(self.k + 1) if m(self.inside[i]))


def inside_flags(ctx: z3.Context, k: int) -> list[Cond]:
    return [z3.Bool(f"loop@{i}", ctx) for i in range(k + 1)]


def fair(loop: Loop, kind: str, a: int, enabled: list[Cond]) -> Cond:
    """Going round the loop forever is fair to condition `a` (WF, SF or ALWAYS)."""
    if kind == "ALWAYS":
        return loop.every_step(a)
    off = [neg(e) for e in enabled]
    if kind == "WF":
        return disj((loop.taken(a), loop.somewhere(off)))
    return disj((loop.taken(a), loop.everywhere(off)))


def violated(form: str, loop: Loop, p: list[Cond], q: list[Cond], own: int | None) -> Cond:
    """The lasso violates a part of this form (p, q: its predicates on each state; `own`:
    the part's own action, whose ENABLED is in `p` for "wf" and "sf")."""
    if form in _BY_STATES:
        return _BY_STATES[form](loop, [neg(x) for x in p], q)
    assert own is not None
    if form == "eventually-action":
        return neg(loop.taken(own, prefix_too=True))
    if form == "infinitely-action":
        return neg(loop.taken(own))
    if form == "wf":
        return and2(loop.everywhere(p), neg(loop.taken(own)))
    assert form == "sf"
    return and2(loop.somewhere(p), neg(loop.taken(own)))


def _leadsto(loop: Loop, notp: list[Cond], q: list[Cond]) -> Cond:
    notq = [neg(x) for x in q]

    def from_(i: int) -> Cond:  # s_i is P /\ ¬Q and every later state is ¬Q
        later = [notq[j] if j >= i else implies(loop.inside[j], notq[j]) for j in range(loop.k + 1)]
        return conj([neg(notp[i]), *later])

    return disj(from_(i) for i in range(loop.k + 1))


def _stays(loop: Loop, notp: list[Cond], q: list[Cond]) -> Cond:
    """[](P => []Q): a P state, then at or after it a ¬Q state."""
    notq = [neg(x) for x in q]

    def from_(i: int) -> Cond:
        after = [notq[j] if j >= i else and2(loop.inside[j], notq[j]) for j in range(loop.k + 1)]
        return and2(neg(notp[i]), disj(after))

    return disj(from_(i) for i in range(loop.k + 1))


_BY_STATES: dict[str, Callable[[Loop, list[Cond], list[Cond]], Cond]] = {
    "eventually": lambda loop, notp, q: conj(notp),
    "infinitely": lambda loop, notp, q: loop.everywhere(notp),
    "stable": lambda loop, notp, q: loop.somewhere(notp),
    "always-from": lambda loop, notp, q: disj(notp),
    "leadsto": _leadsto,
    "leadsto-stable": lambda loop, notp, q: and2(
        disj(neg(x) for x in notp), loop.somewhere([neg(x) for x in q])
    ),
    "stays": _stays,
}
