"""The behaviour graph of a liveness check, kept compact (NOTE(liveness-graph)).

Transitions are stored as in a compressed sparse row: the search expands states in the
order it stores them (engine/bfs.py), so the steps from one state arrive together, after
those of every state before it; `start[u]` is the index of u's first step, and u's steps
are `start[u]` to `start[u + 1]`. Per step: its target (uint32), its step bits (`words`
uint32 words each; none when there are no step bits) and an index into the table of the
distinct labels (uint32): 12 bytes with up to 32 step bits. Per state: where its steps
start (uint64), its predicate bits and fairness-enabled bits (uint32 words), whether it
is initial (a byte) and its fingerprint (uint64), from which the few states of a lasso
are rebuilt by replaying the labels from an initial state (`lasso_states`), as the
engine rebuilds a counterexample (engine/replay.py): no state is kept.
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Iterator

from checker.diagnostics import CheckerError, Diagnostic
from checker.engine.native import decode_state, encode_state
from checker.engine.seam import ExplorableModel, Label, State
from checker.values import same_value

WORD = 32
_MASK = (1 << WORD) - 1


def words(bits: int) -> int:
    """The uint32 words that hold `bits` bits."""
    return (bits + WORD - 1) // WORD


def _put(out: array[int], value: int, count: int) -> None:
    if count == 1:
        out.append(value)
        return
    for _ in range(count):
        out.append(value & _MASK)
        value >>= WORD


def _get(data: array[int], i: int, count: int) -> int:
    if count == 1:
        return data[i]
    value = 0
    for k in range(count - 1, -1, -1):
        value = value << WORD | data[i * count + k]
    return value


class GraphStore:
    """States and steps of the behaviour graph, in flat arrays (module docstring)."""

    def __init__(self, preds: int, conditions: int, steps: int, levels: bool) -> None:
        self.pw, self.ew, self.sw = words(preds), words(conditions), words(steps)
        self.start: array[int] = array("Q")  # per state; one more once `finish`ed
        self.pred: array[int] = array("I")  # pw words per state
        self.enabled: array[int] = array("I")  # ew words per state
        self.initial = bytearray()
        self.fps: array[int] = array("Q")
        # the level each state was expanded at, kept only when TLCGet("level") is read
        # (replaying a lasso then needs it, NOTE(tlcget-level))
        self.levels: array[int] | None = array("I") if levels else None
        self.target: array[int] = array("I")
        self.step: array[int] = array("I")  # sw words per step
        self.label: array[int] = array("I")
        self.labels: list[Label] = []  # the distinct labels, in order of first use
        self._label_ids: dict[Label, int] = {}

    # -- recording ----------------------------------------------------------------------

    def add_state(self, fp: int, initial: bool, pred: int, parent: int) -> int:
        u = len(self.initial)
        self.initial.append(initial)
        self.fps.append(fp)
        _put(self.pred, pred, self.pw)
        _put(self.enabled, 0, self.ew)
        if self.levels is not None:
            self.levels.append(1 if initial else self.levels[parent] + 1)
        return u

    def set_enabled(self, u: int, bits: int) -> None:
        ew = self.ew
        for k in range(ew):
            self.enabled[u * ew + k] = bits >> (WORD * k) & _MASK

    def add_enabled(self, u: int, bits: int) -> None:
        """Enabled bits found true while u is expanded (NOTE(next-shortcut))."""
        ew = self.ew
        for k in range(ew):
            self.enabled[u * ew + k] |= bits >> (WORD * k) & _MASK

    def add_step(self, source: int, target: int, bits: int, label: Label) -> None:
        """A step from `source`, which is the state being expanded or a later one."""
        start = self.start
        if len(start) > source + 1:
            raise AssertionError("steps arrive in the order the search stores their sources")
        while len(start) <= source:
            start.append(len(self.target))
        self.target.append(target)
        if self.sw:
            _put(self.step, bits, self.sw)
        ids = self._label_ids
        index = ids.get(label)
        if index is None:
            index = ids[label] = len(self.labels)
            self.labels.append(label)
        elif not same_value(self.labels[index], label):  # TRUE and 1 (NOTE(bool-int))
            index = len(self.labels)
            self.labels.append(label)
        self.label.append(index)

    def finish(self) -> None:
        """Close the rows: every state's steps are known (the search is complete)."""
        start = self.start
        while len(start) <= len(self.initial):
            start.append(len(self.target))

    def prefix(self, expanded: int) -> GraphStore:
        """The graph of the states 0..expanded-1 and the steps between them, finished:
        during a search, the states it has expanded, each with all its steps and enabled
        bits, so a lasso there is one of the whole graph (NOTE(liveness-every))."""
        out = GraphStore(0, 0, 0, False)
        out.pw, out.ew, out.sw = self.pw, self.ew, self.sw
        out.pred = self.pred[: expanded * self.pw]
        out.enabled = self.enabled[: expanded * self.ew]
        out.initial = self.initial[:expanded]
        out.fps = self.fps[:expanded]
        out.levels = None if self.levels is None else self.levels[:expanded]
        out.labels, out._label_ids = self.labels, self._label_ids
        start, sw, steps = self.start, self.sw, len(self.target)
        for u in range(expanded):
            out.start.append(len(out.target))
            lo = start[u] if u < len(start) else steps
            hi = start[u + 1] if u + 1 < len(start) else steps
            for i in range(lo, hi):
                if self.target[i] < expanded:
                    out.target.append(self.target[i])
                    out.label.append(self.label[i])
                    out.step.extend(self.step[i * sw : (i + 1) * sw])
        out.start.append(len(out.target))
        return out

    # -- checkpoints (NOTE(checkpoint)) ---------------------------------------------------

    def _arrays(self) -> list[array[int]]:
        levels = [] if self.levels is None else [self.levels]
        return [
            self.start,
            self.pred,
            self.enabled,
            self.fps,
            self.target,
            self.step,
            self.label,
            *levels,
        ]

    def dump(self, identity: str) -> Iterator[bytes]:
        """The graph as bytes, for a checkpoint between two levels: a JSON line (its
        shape, `identity`: what it was recorded for), the arrays, the initial flags,
        then each label encoded by the state codec (length, bytes)."""
        head = {
            "identity": identity,
            "words": [self.pw, self.ew, self.sw],
            "levels": self.levels is not None,
            "lengths": [len(a) for a in self._arrays()],
            "states": len(self.initial),
            "labels": len(self.labels),
        }
        yield json.dumps(head).encode() + b"\n"
        for a in self._arrays():
            yield a.tobytes()
        yield bytes(self.initial)
        for label in self.labels:
            data = encode_state(label)
            yield len(data).to_bytes(4, "little") + data

    def load(self, data: bytes, identity: str, states: int) -> None:
        """Take the graph `dump` wrote, recorded for `identity` with `states` states;
        ValueError names what does not fit."""
        line, _, rest = data.partition(b"\n")
        try:
            head = json.loads(line)
        except ValueError:
            raise ValueError("its header cannot be read") from None
        if not isinstance(head, dict) or head.get("identity") != identity:
            raise ValueError("it was recorded for other temporal properties")
        shape = [self.pw, self.ew, self.sw]
        if head.get("words") != shape or head.get("levels") != (self.levels is not None):
            raise ValueError("it was recorded with other property parts")
        if head.get("states") != states:
            raise ValueError(f"it holds {head.get('states')} states, not {states}")
        view = memoryview(rest)
        for a, n in zip(self._arrays(), head["lengths"], strict=True):
            size = n * a.itemsize
            if len(view) < size:
                raise ValueError("it is shorter than its header says")
            del a[:]
            a.frombytes(view[:size])
            view = view[size:]
        self.initial = bytearray(view[:states])
        view = view[states:]
        self.labels, self._label_ids = [], {}
        for _ in range(head["labels"]):
            n = int.from_bytes(view[:4], "little")
            label = decode_state(bytes(view[4 : 4 + n]))
            view = view[4 + n :]
            self._label_ids.setdefault(label, len(self.labels))
            self.labels.append(label)
        if len(view) or len(self.fps) != states or len(self.initial) != states:
            raise ValueError("its arrays do not fit together")

    # -- reading ------------------------------------------------------------------------

    @property
    def size(self) -> int:
        return len(self.initial)

    def steps(self, u: int) -> Iterator[tuple[int, int, int]]:
        """(target, step bits, label index) of the steps from u, in the order recorded."""
        lo, hi = self.start[u], self.start[u + 1]
        sw = self.sw
        if sw == 1:
            return zip(self.target[lo:hi], self.step[lo:hi], self.label[lo:hi], strict=True)
        if sw == 0:
            return (
                (v, 0, lab) for v, lab in zip(self.target[lo:hi], self.label[lo:hi], strict=True)
            )
        return ((self.target[i], _get(self.step, i, sw), self.label[i]) for i in range(lo, hi))

    def arrays(self) -> tuple[array[int], array[int], array[int], int, array[int], int]:
        """The graph as the C searches take it (liveness/native/cycles.c)."""
        return (self.start, self.target, self.step, self.sw, self.enabled, self.ew)

    def words(self, bits: int) -> array[int]:
        """Step bits as `sw` words."""
        out: array[int] = array("I")
        if self.sw:
            _put(out, bits, self.sw)
        return out

    def bits_at(self, i: int) -> int:
        """The step bits of step i."""
        sw = self.sw
        return self.step[i] if sw == 1 else _get(self.step, i, sw) if sw else 0

    def pred_bits(self, u: int) -> int:
        return _get(self.pred, u, self.pw) if self.pw else 0

    def enabled_bits(self, u: int) -> int:
        return _get(self.enabled, u, self.ew) if self.ew else 0

    def footprint(self) -> dict[str, int]:
        """Bytes held, allocated (`sys.getsizeof`, over-allocation included): by the
        steps' arrays, the states' arrays, and the label table (its list, dict and
        label tuples; not the values inside labels)."""
        steps = sum(sys.getsizeof(a) for a in (self.target, self.step, self.label))
        per_state = [self.start, self.pred, self.enabled, self.fps, self.initial]
        states = sum(sys.getsizeof(a) for a in per_state)
        states += 0 if self.levels is None else sys.getsizeof(self.levels)
        table = sys.getsizeof(self.labels) + sys.getsizeof(self._label_ids)
        table += sum(sys.getsizeof(lab) + sys.getsizeof(lab[1]) for lab in self.labels)
        return {"steps": steps, "states": states, "labels": table}

    # -- the states of a lasso ----------------------------------------------------------

    def lasso_states(
        self, model: ExplorableModel, nodes: tuple[int, ...], labels: tuple[int | None, ...]
    ) -> list[State]:
        """The states of a path of the graph (`labels[i]`: the label index of the step
        into nodes[i], None for the first, initial one), rebuilt by replay: the initial
        state with the first's fingerprint, then at each step the first successor with
        the step's label and the target's fingerprint. With SYMMETRY or VIEW the path
        replayed may be another of the orbit's, whose steps have other labels: then the
        first successor with the target's fingerprint (NOTE(liveness-reduction))."""
        reduced = model.has_symmetry or model.has_view
        model.at_level(0)
        first = self.fps[nodes[0]]
        state = next((s for s in model.init_states() if model.fingerprint(s) == first), None)
        if state is None:
            raise _mismatch("no initial state has the fingerprint of the lasso's first state")
        out = [state]
        for u, v, index in zip(nodes, nodes[1:], labels[1:], strict=False):
            assert index is not None
            label, fp = self.labels[index], self.fps[v]
            if self.levels is not None:
                model.at_level(self.levels[u])
            found = [(lab, t) for lab, t in model.successors(out[-1]) if model.fingerprint(t) == fp]
            nxt = next((t for lab, t in found if lab == label), None)
            if nxt is None and reduced and found:
                nxt = found[0][1]
            if nxt is None:
                raise _mismatch("replaying the lasso, no successor matches the stored step")
            out.append(nxt)
        return out


def _mismatch(message: str) -> CheckerError:
    return CheckerError(
        (
            Diagnostic(
                "E409", f"internal error: {message} (the successor function is not deterministic?)"
            ),
        )
    )
