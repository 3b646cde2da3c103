"""The causal message-sequence chart of a trace: who sent each message, and which step
consumed it (see `checker.ui.msc` for where the messages are and what the chart holds).

A message is *sent* in the state where it appears in the message variable (the initial
state's messages are sent by state 1). It is *received* by a step that consumed it:

- the step's witness chose it: a value that the step's `\\E` bound (NOTE(witness) in
  checker/compile/witness.py) is a message held before the step, or a set of such
  messages (a quorum of replies collected, `\\E V \\in Quorums(...)`);
- or the step needed it: without it, the step could not have been taken (the step's
  `#meta.reads`, NOTE(witness): a message read in a guard, `PrepareMsg(...) \\in msgs`);
- or it left the variable in that step: a channel's head taken, a message removed from
  the set (this is all a trace without witnesses, a TLC trace, can tell; the chart says
  so in its notes).

The receiving lane is the channel's end, else the message's to field when it names one
node, else the step's actor: the first argument of its label (or else the first value the
step bound) that is a node of the chart, else the lane of the messages the step sends (the
network lane for a step whose messages name no sender: Paxos's leader, which is no
node), else the network lane for a step that names no node at all (its label's arguments
and the values it bound hold no model value: TxLock's `Lock(t)`, a lock completed "at
some node" the spec does not model). A consumed message whose receiver none of these
tells is not drawn, and a note says so.

A tuple message (NOTE(tuple-messages) in checker/traces/messages.py) is sent by the
actor of the step that first added it, when the tuple names that node (`HonestVote(m1,
t)` adds `<<m1, t, i>>`); else its sender is not told, it is not drawn, and a note says
so (never a guess).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

from checker.traces import Trace
from checker.traces.messages import tuple_nodes
from checker.ui.msc import (
    NETWORK,
    Chart,
    Known,
    MscSpec,
    Placed,
    Receipt,
    Send,
    placed,
)
from checker.values import Fcn, ModelValue, Value, canon_sorted, render

Key = tuple[Value, Value]  # a channel's (from, to); (None, None) in a message set
MAX_FIELD = 24  # characters of a field's value in a label (the whole message: its tooltip)


def chart(trace: Trace, spec: MscSpec) -> Chart:
    """Lanes (the network first when used, then the nodes in canonical order), the
    messages sent in order, and their receipts."""
    pos = trace.variables.index(spec.var)
    held = [_held(placed(step.state[pos], spec.layout) or []) for step in trace.steps]
    nodes = canon_sorted(_nodes(held, spec))
    lanes = _Lanes(nodes)
    sends: list[Send] = []
    receipts: list[Receipt] = []
    notes: list[str] = []
    pending: dict[tuple[Key, Value], list[int]] = {}  # sends still in the variable
    before: dict[Key, Counter[Value]] = {}
    for i, now in enumerate(held):
        actor = _actor(trace, i, lanes)
        made = _added(trace, i, before, now, spec, actor, lanes, notes)
        acting = _acting(trace, i, actor, made, lanes)
        for key, m, how in _consumed(trace, pos, i, before, now) if i else ():
            queue = pending.get((key, m))
            if not queue:
                continue
            send = queue.pop(0) if how == "removed" else queue[0]
            lane = _receiver(spec, key, m, acting, lanes)
            if lane is None:
                notes.append(_unknown_receiver(trace, i, m, spec))
                continue
            lanes.network |= lane == -1
            receipts.append(Receipt(i, lane, send, how))
        for key, m, out in made:
            pending.setdefault((key, m), []).append(len(sends))
            sends.append(out)
        before = now
    if len(trace.steps) > 1 and not any(s.witness or s.reads for s in trace.steps):
        notes.insert(0, _no_witness(spec))
    shift = lanes.network  # the network lane, when used, comes first
    return Chart(
        spec,
        lanes.names(),
        tuple(replace(s, src=s.src + shift, dsts=tuple(d + shift for d in s.dsts)) for s in sends),
        tuple(replace(r, lane=r.lane + shift) for r in receipts),
        tuple(notes),
    )


def _added(
    trace: Trace,
    i: int,
    before: dict[Key, Counter[Value]],
    now: dict[Key, Counter[Value]],
    spec: MscSpec,
    actor: Value,
    lanes: _Lanes,
    notes: list[str],
) -> list[tuple[Key, Value, Send]]:
    """The sends of the messages step i added (a note for each whose sender is untold)."""
    made: list[tuple[Key, Value, Send]] = []
    for key, bag in now.items():
        for m, n in _sorted_counts(bag - before.get(key, Counter())):
            got = _sends(i, m, spec, key, actor, lanes)
            if not got:
                notes.append(_unknown_sender(trace, i, m))
            made.extend((key, m, send) for _ in range(n) for send in got)
    return made


def _acting(
    trace: Trace, i: int, actor: Value, made: list[tuple[Key, Value, Send]], lanes: _Lanes
) -> int | None:
    """Who acts in step i: the actor, else the lane the step's messages come from, else
    the network lane (-1, marked used by a receipt on it) for a step of no node."""
    if actor is not None:
        return lanes.of(actor)
    if made:
        return made[0][2].src
    return -1 if i and _of_no_node(trace, i) else None


def _held(places: list[Placed]) -> dict[Key, Counter[Value]]:
    return {(i, j): bag for i, j, bag in places}


def _nodes(held: list[dict[Key, Counter[Value]]], spec: MscSpec) -> set[Value]:
    out: set[Value] = set()
    for now in held:
        for (i, j), bag in now.items():
            if spec.layout == "channels":
                out.update((i, j))
                continue
            for m in bag:
                if type(m) is tuple:
                    out.update(tuple_nodes(m))
                    continue
                out.update(_endpoints(m, spec.src))
                out.update(_endpoints(m, spec.dst))
    out.discard(None)
    return out


class _Lanes:
    """Lane numbers of the nodes; the network lane (0) is added when first used."""

    def __init__(self, nodes: list[Value]) -> None:
        self.nodes = nodes
        self.by_text = {render(n): n for n in nodes}
        self.network = False

    def of(self, node: Value) -> int:
        if node is None or node not in self.nodes:  # `in`: equal values (1 is not TRUE
            self.network = True  # here: nodes of one chart are of one kind)
            return -1
        return self.nodes.index(node)

    def names(self) -> tuple[str, ...]:
        return (NETWORK,) * self.network + tuple(_lane_name(n) for n in self.nodes)


def _consumed(
    trace: Trace,
    pos: int,
    i: int,
    before: dict[Key, Counter[Value]],
    now: dict[Key, Counter[Value]],
) -> list[tuple[Key, Value, Known]]:
    """The messages step i consumed: chosen by its witness, or gone from the variable."""
    out: dict[tuple[Key, Value], Known] = {}
    for key, bag in before.items():
        gone = bag - now.get(key, Counter())
        for m in canon_sorted(gone):
            out[(key, m)] = "removed"
    step = trace.steps[i]
    var = trace.variables[pos]
    for name, m in step.reads:
        for k, bag in before.items():
            if name == var and m in bag:
                out[(k, m)] = "read"
    for _, v in step.witness:
        chosen = canon_sorted(v) if type(v) is frozenset else [v]
        found = [(k, m) for m in chosen for k, bag in before.items() if m in bag]
        if chosen and len(found) == len(chosen):
            for k, m in found:
                out[(k, m)] = "witness"
    return [(k, m, how) for (k, m), how in out.items()]


def _actor(trace: Trace, i: int, lanes: _Lanes) -> Value:
    """The node acting in step i: the first argument of its label naming a node (an
    action's first parameter is, by habit, who acts: `Phase1b(a1)`), else the first
    value its `\\E`s bound that is a node; None when neither tells."""
    step = trace.steps[i]
    for arg in _label_args(step.action or ""):
        if arg in lanes.by_text:
            return lanes.by_text[arg]
    for _, v in step.witness:
        if v in lanes.nodes:
            return v
    return None


def _of_no_node(trace: Trace, i: int) -> bool:
    """Step i names no node: it has a witness (the trace records them) and neither the
    values it bound nor its label's arguments hold a model value."""
    step = trace.steps[i]
    if not any(s.witness or s.reads for s in trace.steps):
        return False  # no witnesses: what the step bound is not known
    if any(_holds_model_value(v) for _, v in step.witness):
        return False
    return not any(a.isidentifier() for a in _label_args(step.action or ""))


def _holds_model_value(v: Value) -> bool:
    if type(v) is ModelValue:
        return True
    if type(v) is frozenset or type(v) is tuple:
        return any(_holds_model_value(x) for x in v)
    if type(v) is Fcn:
        return any(_holds_model_value(x) for x in (*v.keys, *v.vals))
    return False


def _label_args(label: str) -> Iterator[str]:
    """`Phase1b(a1, 2)` -> a1, 2 (commas inside brackets, braces and strings kept)."""
    if not label.endswith(")") or "(" not in label:
        return
    body = label[label.index("(") + 1 : -1]
    depth, start, quoted = 0, 0, False
    for k, c in enumerate(body):
        if c == '"' and (k == 0 or body[k - 1] != "\\"):
            quoted = not quoted
        elif not quoted and c in "([{<":
            depth += 1
        elif not quoted and c in ")]}>":
            depth -= 1
        elif not quoted and c == "," and depth == 0:
            yield body[start:k].strip()
            start = k + 1
    yield body[start:].strip()


def _receiver(spec: MscSpec, key: Key, m: Value, acting: int | None, lanes: _Lanes) -> int | None:
    if spec.layout == "channels":
        return lanes.of(key[1])
    if type(m) is tuple:
        return acting
    assert type(m) is Fcn
    to = [n for n in _endpoints(m, spec.dst) if n is not None]
    if len(to) == 1 and type(m.lookup(spec.dst or "")) is not frozenset:
        return lanes.of(to[0])
    return acting


def _sorted_counts(bag: Counter[Value]) -> list[tuple[Value, int]]:
    return [(m, bag[m]) for m in canon_sorted(bag)]


def _sends(i: int, m: Value, spec: MscSpec, key: Key, actor: Value, lanes: _Lanes) -> list[Send]:
    """The sends of message m, added in step i (none: its sender is not told)."""
    text = tuple_label(m) if type(m) is tuple else message_label(m, spec)
    if spec.layout == "channels":
        return [Send(i, lanes.of(key[0]), (lanes.of(key[1]),), text, m)]
    if type(m) is tuple:  # NOTE(tuple-messages): the actor, when the tuple names it
        named = actor is not None and any(c == actor for c in tuple_nodes(m))
        return [Send(i, lanes.of(actor), (), text, m)] if named else []
    assert type(m) is Fcn
    dsts = tuple(lanes.of(n) for n in _endpoints(m, spec.dst) if n is not None)
    froms = [n for n in _endpoints(m, spec.src) if n is not None] or [actor]
    return [Send(i, lanes.of(s), dsts, text, m) for s in froms]


def _endpoints(m: Fcn, field: str | None) -> list[Value]:
    if field is None or field not in m.keys:
        return [None]
    v = m.lookup(field)
    if type(v) is frozenset:
        return list(canon_sorted(v))
    return [v]


def _lane_name(v: Value) -> str:
    return v if type(v) is str else render(v)


def message_label(m: Fcn, spec: MscSpec) -> str:
    """`1b bal=0 mbal=-1`: the label field, then the other fields but from and to (each
    value cut at MAX_FIELD characters)."""
    head = []
    if spec.label is not None and spec.label in m.keys:
        head.append(_cut(_lane_name(m.lookup(spec.label))))
    skip = {spec.src, spec.dst, spec.label}
    rest = [f"{k}={_cut(render(v))}" for k, v in m.items() if k not in skip]
    return " ".join(head + rest)


def tuple_label(m: tuple[Value, ...]) -> str:
    """`m1 toSelf c2`: the components (each cut at MAX_FIELD characters)."""
    return " ".join(_cut(_lane_name(c)) for c in m)


def _cut(text: str) -> str:
    return text if len(text) <= MAX_FIELD else text[: MAX_FIELD - 1] + "…"


def _unknown_receiver(trace: Trace, i: int, m: Value, spec: MscSpec) -> str:
    action = trace.steps[i].action or "?"
    text = tuple_label(m) if type(m) is tuple else message_label(m, spec)
    return (
        f"state {i + 1} ({action}) consumed `{text}`, but neither the message nor the "
        "step names the node that received it"
    )


def _unknown_sender(trace: Trace, i: int, m: Value) -> str:
    assert type(m) is tuple
    action = trace.steps[i].action or "the initial state"
    return (
        f"state {i + 1} ({action}) added `{tuple_label(m)}`, but the step names no node "
        "that the message names: its sender is not told, and it is not drawn"
    )


def _no_witness(spec: MscSpec) -> str:
    return (
        "the trace records no witnesses (#meta.witness, #meta.reads: traces of TLC and "
        "of the symbolic engines have none), so only the messages that leave "
        f"`{spec.var}` are drawn as received"
    )
