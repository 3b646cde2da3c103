"""The Model of `check --profile`: Init, Next and each invariant counted and timed as a
whole, the applications of action-level operators inside Init and Next by the probes
compiled into them (NOTE(profile-probes) in compile/probes.py). A separate class, so
that a model without --profile runs exactly the code it ran before."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from checker.compile.held import Held
from checker.compile.model import Label, Model, State
from checker.compile.probes import Probes


class ProfiledModel(Model):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        probes = Probes()
        super().__init__(*args, probes=probes, **kwargs)
        self.probes = probes
        b = self.bound
        self._next_probe = probes.probe("<next>", "next", b.next.name, b.next.span)
        self._init_probe = probes.probe("<init>", "init", b.init.name, b.init.span)
        self._invariant_probes = [
            probes.probe(("<invariant>", p.name), "invariant", p.name, p.named.span)
            for p in self.invariants
        ]

    def successors(self, state: State) -> list[tuple[Label, State]]:
        probes, index = self.probes, self._next_probe
        probes.calls[index] += 1
        t = probes.clock()
        out = super().successors(state)
        probes.seconds[index] += probes.clock() - t
        return out

    def next_into(self) -> None:
        """Never: every state's successors go through `successors`, timed."""
        return None

    def each_init_state(self, emit: Callable[[State], object]) -> None:
        self.probes.time_call(self._init_probe, super().each_init_state, emit)

    def violated_invariant(
        self, state: State, parent: State | None = None, held: Held = None
    ) -> str | None:
        """Each invariant in turn, counted and timed (NOTE(profile-sampling)), as
        Model.violated_invariant: the generated
        ones in one loop, the general path (which decides which invariant fails, and how
        to report an error) for a violation or an error, or without generated code. An
        invariant not evaluated (NOTE(invariant-support)) is not counted."""
        if held is None and parent is not None:
            held = self.held(state, parent)
        fast = self._fast_invariants
        if fast is None:
            return self._each_invariant(state, held)
        self._level(1)
        probes = self.probes
        calls, seconds, clock = probes.calls, probes.seconds, probes.clock
        mask, phase = probes.mask, probes.phase
        try:
            for i, (gen, index) in enumerate(zip(fast, self._invariant_probes, strict=True)):
                if held is not None and held[i]:
                    continue
                c = calls[index] = calls[index] + 1
                if c & mask != phase:  # NOTE(profile-sampling): counted, not timed
                    holds = gen(state)
                else:
                    t = clock()
                    holds = gen(state)
                    seconds[index] += clock() - t
                if not holds:
                    break
            else:
                return None
        except MemoryError:
            raise
        except Exception:  # NOTE(codegen-fallback): the general path decides, below
            pass
        return super().violated_invariant(state, None, held)

    def _each_invariant(self, state: State, held: tuple[bool, ...] | None) -> str | None:
        self._level(1)
        gens = self.generated.invariants
        for i, p in enumerate(self.invariants):
            if held is not None and held[i]:
                continue
            gen = [gens[i]] if i < len(gens) else []
            bad: str | None = self.probes.time_call(
                self._invariant_probes[i], self._first_failing, [p], gen, state, "invariant"
            )
            if bad is not None:
                return bad
        return None
