"""Message-sequence charts: which messages each step sends, between which nodes.

A spec that keeps its messages in a variable (a set of records, a bag `[record -> count]`
or a sequence of records) is drawn as lanes, one per node, with an arrow for every
message that appears in a step, from the node in its *from* field to the node in its
*to* field. The user names them (`--msc-var msgs --msc-from src --msc-to dst
--msc-label type`), or they are detected:

- the variable: the first one holding messages in every state, preferring the names in
  `MESSAGE_VARIABLES`;
- the fields: the first of `FROM_FIELDS`, `TO_FIELDS` and `LABEL_FIELDS` that some message
  has.

A message without a from (to) field comes from (goes to) the `NETWORK` lane; a field
holding a set of nodes (a broadcast) draws one arrow per node.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from checker.diagnostics import CheckerError, Diagnostic, suggest
from checker.traces import Trace
from checker.values import Fcn, Value, canon_sorted, render

MESSAGE_VARIABLES = ("msgs", "messages", "network", "net", "sent", "mailbox", "channel", "chan")
FROM_FIELDS = ("src", "from", "sender", "source", "snd", "acc", "node", "proc", "replica")
TO_FIELDS = ("dst", "to", "receiver", "dest", "destination", "target", "rcv")
LABEL_FIELDS = ("type", "mtype", "kind", "msg", "op", "tag", "cmd")
NETWORK = "(network)"


@dataclass(frozen=True)
class MscSpec:
    """Where the messages are and which fields say who sends them to whom."""

    var: str
    src: str | None
    dst: str | None
    label: str | None


@dataclass(frozen=True)
class Event:
    """A message appearing in state `step` (0-based), from lane to lane."""

    step: int
    src: int
    dst: int
    label: str
    message: Value


@dataclass(frozen=True)
class Chart:
    spec: MscSpec
    lanes: tuple[str, ...]
    events: tuple[Event, ...]


def messages(v: Value) -> Counter[Value] | None:
    """The messages in a value, with multiplicities; None if it does not hold records."""
    if type(v) is frozenset:
        bag: Counter[Value] = Counter(v)
    elif type(v) is tuple:
        bag = Counter(v)
    elif type(v) is Fcn and all(type(n) is int and not isinstance(n, bool) for n in v.vals):
        bag = Counter({k: n for k, n in v.items() if n > 0})
    else:
        return None
    return bag if all(_is_record(m) for m in bag) else None


def _is_record(v: Value) -> bool:
    return type(v) is Fcn and v.is_record()


def detect(
    trace: Trace,
    var: str | None = None,
    src: str | None = None,
    dst: str | None = None,
    label: str | None = None,
) -> MscSpec | None:
    """The chart to draw: the user's choices, completed by detection; None if the trace
    keeps no messages (or none with a from or to field) and the user named nothing.
    Names that do not fit the trace are usage errors (E502)."""
    name = var if var is not None else _message_variable(trace)
    if name is None:
        return None
    fields = _fields(trace, _checked_variable(trace, name))
    spec = MscSpec(
        name,
        _field(src, fields, FROM_FIELDS, "--msc-from"),
        _field(dst, fields, TO_FIELDS, "--msc-to"),
        _field(label, fields, LABEL_FIELDS, "--msc-label"),
    )
    if var is None and spec.src is None and spec.dst is None:
        return None
    return spec


def _message_variable(trace: Trace) -> str | None:
    holding = [v for v in trace.variables if _holds_messages(trace, v)]
    preferred = [v for v in holding if v.lower() in MESSAGE_VARIABLES]
    chosen = preferred or holding
    return chosen[0] if chosen else None


def _holds_messages(trace: Trace, var: str) -> bool:
    pos = trace.variables.index(var)
    bags = [messages(step.state[pos]) for step in trace.steps]
    return all(b is not None for b in bags) and any(bags)


def _checked_variable(trace: Trace, var: str) -> int:
    if var not in trace.variables:
        close = suggest(var, trace.variables)
        raise _usage(
            f"--msc-var: the trace has no variable `{var}`",
            f"did you mean `{close}`?" if close else None,
        )
    if not _holds_messages(trace, var):
        raise _usage(
            f"--msc-var: `{var}` does not hold messages in every state",
            "messages are records in a set, a sequence or a bag [record -> count]",
        )
    return trace.variables.index(var)


def _fields(trace: Trace, pos: int) -> list[str]:
    seen: set[str] = set()
    for step in trace.steps:
        for m in messages(step.state[pos]) or ():
            seen.update(m.keys)
    return sorted(seen)


def _field(
    given: str | None, fields: list[str], candidates: Iterable[str], flag: str
) -> str | None:
    if given is not None:
        if given not in fields:
            close = suggest(given, fields)
            raise _usage(
                f"{flag}: no message has a field `{given}` (fields: {', '.join(fields)})",
                f"did you mean `{close}`?" if close else None,
            )
        return given
    return next((c for c in candidates if c in fields), None)


def _usage(message: str, hint: str | None) -> CheckerError:
    return CheckerError((Diagnostic("E502", message, hint=hint),))


# -- the chart --------------------------------------------------------------------------


def chart(trace: Trace, spec: MscSpec) -> Chart:
    """Lanes (the network first, then nodes in canonical order) and the messages each
    step sends, in order."""
    raw = list(_raw_events(trace, spec))
    nodes = canon_sorted({n for _, s, d, _, _ in raw for n in (s, d) if n is not None})
    lanes = [NETWORK, *(_lane_name(n) for n in nodes)]
    index = {n: i + 1 for i, n in enumerate(nodes)}
    events = tuple(
        Event(step, index.get(s, 0), index.get(d, 0), text, m) for step, s, d, text, m in raw
    )
    return Chart(spec, tuple(lanes), events)


RawEvent = tuple[int, Value, Value, str, Value]


def _raw_events(trace: Trace, spec: MscSpec) -> Iterator[RawEvent]:
    pos = trace.variables.index(spec.var)
    before: Counter[Value] = Counter()
    for step, state in enumerate(trace.steps):
        now = messages(state.state[pos]) or Counter()
        sent = now - before
        for m in canon_sorted(sent):
            for _ in range(sent[m]):
                yield from _arrows(step, m, spec)
        before = now


def _arrows(step: int, m: Fcn, spec: MscSpec) -> Iterator[RawEvent]:
    text = message_label(m, spec)
    for s in _endpoints(m, spec.src):
        for d in _endpoints(m, spec.dst):
            yield step, s, d, text, m


def _endpoints(m: Fcn, field: str | None) -> list[Value]:
    if field is None or field not in m.keys:
        return [None]
    v = m.lookup(field)
    if type(v) is frozenset and v:
        return list(canon_sorted(v))
    return [v]


def _lane_name(v: Value) -> str:
    return v if type(v) is str else render(v)


def message_label(m: Fcn, spec: MscSpec) -> str:
    """`1b bal=0 mbal=-1`: the label field, then the other fields but from and to."""
    head = []
    if spec.label is not None and spec.label in m.keys:
        head.append(_lane_name(m.lookup(spec.label)))
    skip = {spec.src, spec.dst, spec.label}
    rest = [f"{k}={render(v)}" for k, v in m.items() if k not in skip]
    return " ".join(head + rest)
