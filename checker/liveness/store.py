"""The behaviour graph of a liveness check, kept compact (NOTE(liveness-graph)).

Transitions are stored as in a compressed sparse row: the search expands states in the
order it stores them (engine/bfs.py), so the steps from one state arrive together, after
those of every state before it; `start[u]` is the index of u's first step, and u's steps
are `start[u]` to `start[u + 1]`. Per step: its target (uint32), its step bits and an
index into the table of the distinct labels. Per state: where its steps start, its
predicate bits and fairness-enabled bits, and whether it is initial (a byte). No state
and no fingerprint is kept: the few states of a lasso are rebuilt by replaying the labels
from an initial state (`lasso_states`), with the fingerprints of the search's visited set
(`fingerprint`), as the engine rebuilds a counterexample (engine/replay.py).

NOTE(graph-widths): each array is as wide as what it holds needs, so that the store is at
most 16 bytes per transition all in (issue 15; `check --json`'s `liveness.graph_bytes`):
bits (step, predicate, enabled) in one uint8 word up to 8, one uint16 word up to 16,
else uint32 words (`layout`: none when there are no bits), fixed per model from the
number of bits; label indexes in uint8, widened to uint16 then uint32 when the table
outgrows them (a copy, at most twice); `start` in uint32, widened to uint64 once the
steps outnumber `step_limit`. Targets are uint32: a state id beyond `state_limit` (the
visited set's own limit is 2**32 - 2 states) is refused with E527, never wrapped. The C
searches (liveness/native/cycles.c) read each width as given (`arrays`).
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from checker.diagnostics import CheckerError, Diagnostic
from checker.engine.native import decode_state, encode_state
from checker.engine.seam import ExplorableModel, Label, State
from checker.values import same_value

if TYPE_CHECKING:
    from checker._native import LiveGraph

WORD = 32
_MASK = (1 << WORD) - 1
UINT32 = (1 << 32) - 1
_WIDER = {"B": "H", "H": "I", "I": "Q"}
FORMAT = 2  # of `dump`: 1 had a fingerprint per state and uint32 words everywhere


def words(bits: int) -> int:
    """The uint32 words that hold `bits` bits."""
    return (bits + WORD - 1) // WORD


def layout(bits: int) -> tuple[str, int]:
    """The typecode and number of the words holding `bits` bits (NOTE(graph-widths))."""
    if bits == 0:
        return "B", 0
    if bits <= 8:
        return "B", 1
    if bits <= 16:
        return "H", 1
    return "I", words(bits)


def _widened(a: array[int], value: int) -> array[int]:
    """`a`, or a copy of it in a wider type, holding `value`."""
    while value >> (8 * a.itemsize):
        a = array(_WIDER[a.typecode], a)
    return a


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

    # the largest step index `start` holds in uint32, and state id `target` holds
    # (NOTE(graph-widths); lowered by tests to see the widening and the refusal)
    step_limit = UINT32
    state_limit = UINT32

    def __init__(self, preds: int, conditions: int, steps: int, levels: bool) -> None:
        (pt, self.pw), (et, self.ew), (st, self.sw) = (
            layout(preds),
            layout(conditions),
            layout(steps),
        )
        self.start: array[int] = array("I")  # per state; one more once `finish`ed
        self.pred: array[int] = array(pt)  # pw words per state
        self.enabled: array[int] = array(et)  # ew words per state
        self.initial = bytearray()
        # the level each state was expanded at, kept only when TLCGet("level") is read
        # (replaying a lasso then needs it, NOTE(tlcget-level))
        self.levels: array[int] | None = array("I") if levels else None
        self.target: array[int] = array("I")
        self.step: array[int] = array(st)  # sw words per step
        self.label: array[int] = array("B")
        self.labels: list[Label] = []  # the distinct labels, in order of first use
        self._label_ids: dict[Label, int] = {}
        # a stored state's fingerprint by id: the search's visited set (`attach`)
        self.fingerprint: Callable[[int], int] | None = None

    # -- recording ----------------------------------------------------------------------

    def add_state(self, initial: bool, pred: int, parent: int) -> int:
        u = len(self.initial)
        if u > self.state_limit:
            raise CheckerError((_too_many(self.state_limit),))
        self.initial.append(initial)
        _put(self.pred, pred, self.pw)
        _put(self.enabled, 0, self.ew)
        if self.levels is not None:
            self.levels.append(1 if initial else self.levels[parent] + 1)
        return u

    def set_enabled(self, u: int, bits: int) -> None:
        ew = self.ew
        if ew == 1:
            self.enabled[u] = bits
            return
        for k in range(ew):
            self.enabled[u * ew + k] = bits >> (WORD * k) & _MASK

    def add_enabled(self, u: int, bits: int) -> None:
        """Enabled bits found true while u is expanded (NOTE(next-shortcut))."""
        ew = self.ew
        if ew == 1:
            self.enabled[u] |= bits
            return
        for k in range(ew):
            self.enabled[u * ew + k] |= bits >> (WORD * k) & _MASK

    def add_step(self, source: int, target: int, bits: int, label: Label) -> None:
        """A step from `source`, which is the state being expanded or a later one."""
        start = self.start
        if len(start) > source + 1:
            raise AssertionError("steps arrive in the order the search stores their sources")
        if len(start) <= source:
            self._open(source)
        self.target.append(target)
        if self.sw:
            _put(self.step, bits, self.sw)
        ids = self._label_ids
        index = ids.get(label)
        if index is None:
            index = ids[label] = self._new_label(label)
        elif not same_value(self.labels[index], label):  # TRUE and 1 (NOTE(bool-int))
            index = self._new_label(label)
        self.label.append(index)

    def _open(self, source: int) -> None:
        """The rows up to `source`'s begin here (`start` widened past `step_limit`)."""
        at = len(self.target)
        if at > self.step_limit and self.start.typecode == "I":
            self.start = array("Q", self.start)
        start = self.start
        while len(start) <= source:
            start.append(at)

    def _new_label(self, label: Label) -> int:
        index = len(self.labels)
        self.labels.append(label)
        self.label = _widened(self.label, index)
        return index

    def finish(self) -> None:
        """Close the rows: every state's steps are known (the search is complete)."""
        if len(self.start) <= len(self.initial):
            self._open(len(self.initial))

    def prefix(self, expanded: int) -> GraphStore:
        """The graph of the states 0..expanded-1 and the steps between them, finished:
        during a search, the states it has expanded, each with all its steps and enabled
        bits, so a lasso there is one of the whole graph (NOTE(liveness-every))."""
        out = GraphStore(0, 0, 0, False)
        out.pw, out.ew, out.sw = self.pw, self.ew, self.sw
        out.pred = self.pred[: expanded * self.pw]
        out.enabled = self.enabled[: expanded * self.ew]
        out.initial = self.initial[:expanded]
        out.levels = None if self.levels is None else self.levels[:expanded]
        out.labels, out._label_ids = self.labels, self._label_ids
        out.label = array(self.label.typecode)
        out.step = array(self.step.typecode)
        out.start = array(self.start.typecode)
        out.fingerprint = self.fingerprint
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
        return [self.start, self.pred, self.enabled, self.target, self.step, self.label, *levels]

    def dump(self, identity: str) -> Iterator[bytes]:
        """The graph as bytes, for a checkpoint between two levels: a JSON line (its
        format, shape, `identity`: what it was recorded for, each array's type and
        length), the arrays, the initial flags, then each label encoded by the state
        codec (length, bytes)."""
        head = {
            "format": FORMAT,
            "identity": identity,
            "words": [self.pw, self.ew, self.sw],
            "levels": self.levels is not None,
            "types": [a.typecode for a in self._arrays()],
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
        ValueError names what does not fit (a graph of another format included)."""
        line, _, rest = data.partition(b"\n")
        try:
            head = json.loads(line)
        except ValueError:
            raise ValueError("its header cannot be read") from None
        if not isinstance(head, dict):
            raise ValueError("its header cannot be read")
        if head.get("format", 1) != FORMAT:
            raise ValueError(
                f"it was written in the behaviour graph's format {head.get('format', 1)} "
                f"(an earlier checker), this one reads format {FORMAT}"
            )
        if head.get("identity") != identity:
            raise ValueError("it was recorded for other temporal properties")
        shape = [self.pw, self.ew, self.sw]
        if head.get("words") != shape or head.get("levels") != (self.levels is not None):
            raise ValueError("it was recorded with other property parts")
        if head.get("states") != states:
            raise ValueError(f"it holds {head.get('states')} states, not {states}")
        types, lengths = head.get("types"), head.get("lengths")
        count = len(self._arrays())
        if not (isinstance(types, list) and isinstance(lengths, list) and len(types) == count):
            raise ValueError("its header does not list its arrays")
        pairs = enumerate(zip(self._arrays(), types, strict=True))
        arrays = [_typed(a, t, k in (0, 5)) for k, (a, t) in pairs]
        view = memoryview(rest)
        for a, n in zip(arrays, lengths, strict=True):  # ValueError if not as many
            if not isinstance(n, int) or n < 0:
                raise ValueError("its header does not list its arrays")
            size = n * a.itemsize
            if len(view) < size:
                raise ValueError("it is shorter than its header says")
            a.frombytes(view[:size])
            view = view[size:]
        self.start, self.pred, self.enabled, self.target, self.step, self.label = arrays[:6]
        if self.levels is not None:
            self.levels = arrays[6]
        self.initial = bytearray(view[:states])
        view = view[states:]
        self.labels, self._label_ids = [], {}
        for _ in range(head["labels"]):
            n = int.from_bytes(view[:4], "little")
            label = decode_state(bytes(view[4 : 4 + n]))
            view = view[4 + n :]
            self._label_ids.setdefault(label, len(self.labels))
            self.labels.append(label)
        fits = len(self.pred) == states * self.pw and len(self.enabled) == states * self.ew
        if len(view) or len(self.initial) != states or not fits:
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

    def arrays(self) -> LiveGraph:
        """The graph as the C searches take it (liveness/native/cycles.c): each array
        with its width in bytes where it varies (NOTE(graph-widths))."""
        step, enabled = self.step, self.enabled
        return (
            self.start,
            self.start.itemsize,
            self.target,
            step,
            self.sw,
            step.itemsize,
            enabled,
            self.ew,
            enabled.itemsize,
        )

    def words(self, bits: int) -> array[int]:
        """Step bits as `sw` uint32 words, as the C searches take a mask of them."""
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
        """Bytes held (allocated, `sys.getsizeof`: over-allocation included): `arrays`,
        every array of the store (per step and per state); `labels`, the label table
        (its list, dict and label tuples; not the values inside labels)."""
        held = [*self._arrays(), self.initial]
        table = sys.getsizeof(self.labels) + sys.getsizeof(self._label_ids)
        table += sum(sys.getsizeof(lab) + sys.getsizeof(lab[1]) for lab in self.labels)
        return {"arrays": sum(sys.getsizeof(a) for a in held), "labels": table}

    # -- the states of a lasso ----------------------------------------------------------

    def lasso_states(
        self, model: ExplorableModel, nodes: tuple[int, ...], labels: tuple[int | None, ...]
    ) -> list[State]:
        """The states of a path of the graph (`labels[i]`: the label index of the step
        into nodes[i], None for the first, initial one), rebuilt by replay: the initial
        state with the first's fingerprint, then at each step the first successor with
        the step's label and the target's fingerprint (the visited set's). With SYMMETRY
        or VIEW the path replayed may be another of the orbit's, whose steps have other
        labels: then the first successor with the target's fingerprint
        (NOTE(liveness-reduction))."""
        reduced = model.has_symmetry or model.has_view
        fps = self.fingerprint
        assert fps is not None, "the search's visited set gives the fingerprints"
        model.at_level(0)
        first = fps(nodes[0])
        state = next((s for s in model.init_states() if model.fingerprint(s) == first), None)
        if state is None:
            raise _mismatch("no initial state has the fingerprint of the lasso's first state")
        out = [state]
        for u, v, index in zip(nodes, nodes[1:], labels[1:], strict=False):
            assert index is not None
            label, fp = self.labels[index], fps(v)
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


def _typed(a: array[int], typecode: object, widens: bool) -> array[int]:
    """An empty array for a dumped array `a` of `typecode`: `a`'s own type, or a wider
    one for the arrays that widen (`start`, `label`)."""
    wider = {"B": "HI", "I": "Q"}.get(a.typecode, "") if widens else ""
    if isinstance(typecode, str) and len(typecode) == 1 and typecode in a.typecode + wider:
        return array(typecode)
    raise ValueError(f"an array of type {typecode!r} where {a.typecode!r} is expected")


def _too_many(limit: int) -> Diagnostic:
    return Diagnostic(
        "E527",
        f"the behaviour graph of a temporal PROPERTY holds at most {limit + 1:,} states "
        "(uint32 state ids)",
        hint="check the PROPERTY on a smaller model (fewer constants, a CONSTRAINT)",
    )
