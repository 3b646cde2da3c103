"""Message-sequence charts: where a trace keeps its messages, and the chart's data.

Two ways of keeping messages are charted, one lane per node; a message is sent in the
step where it appears, and received by the steps that consume it (`checker.ui.causal`):

- a *message set*: a variable holding records in a set, a sequence or a bag
  `[record -> count]`; a message comes from the node in its *from* field and is
  addressed to the node(s) in its *to* field. It may hold tuples naming a node instead
  (NOTE(tuple-messages) in checker/traces/messages.py: TxLock's votes `<<m1, t, i>>`),
  which have no fields: each comes from the node whose step first added it;
- *channels*: a variable `chan` with `chan[i][j]` a set, sequence or bag of records
  sent from i to j (the usual FIFO-channel layout).

The user names them (`--msc-var msgs --msc-from src --msc-to dst --msc-label type`), or
they are detected:

- the variable: the first one holding messages (either way) in every state, preferring
  the names in `MESSAGE_VARIABLES`;
- the fields: the first of `FROM_FIELDS`, `TO_FIELDS` and `LABEL_FIELDS` that some
  message has. A message set with neither a from nor a to field is not charted unless
  named with --msc-var, or it holds tuples and its name is one of `MESSAGE_VARIABLES`.

In a message set, a message without a from field comes from the node acting in its step,
else from the `NETWORK` lane; a to field holding a set of nodes addresses each of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from checker.diagnostics import CheckerError, Diagnostic, suggest
from checker.traces import Trace
from checker.traces.messages import is_message, is_record
from checker.values import Fcn, Value, fcn_items

MESSAGE_VARIABLES = (
    "msgs",
    "messages",
    "network",
    "net",
    "sent",
    "mailbox",
    "channel",
    "channels",
    "chan",
    "chans",
    "votes",
)
FROM_FIELDS = ("src", "from", "sender", "source", "snd", "acc", "node", "proc", "replica")
TO_FIELDS = ("dst", "to", "receiver", "dest", "destination", "target", "rcv")
LABEL_FIELDS = ("type", "mtype", "kind", "msg", "op", "tag", "cmd")
NETWORK = "(network)"

Layout = Literal["set", "channels"]
Bag = Counter[Value]
Placed = tuple[Value, Value, Bag]  # (from key, to key, messages); keys None in a set


@dataclass(frozen=True)
class MscSpec:
    """Where the messages are and which fields say who sends them to whom."""

    var: str
    src: str | None
    dst: str | None
    label: str | None
    layout: Layout = "set"


@dataclass(frozen=True)
class Send:
    """A message appearing in state `step` (0-based) on lane `src`; `dsts`: the lanes it is
    addressed to (by its to field, or its channel), none for a message to whoever reads it."""

    step: int
    src: int
    dsts: tuple[int, ...]
    label: str
    message: Value


Known = Literal["witness", "read", "removed"]


@dataclass(frozen=True)
class Receipt:
    """Send number `send` consumed by the step to state `step`, on lane `lane`. `how`:
    the step's witness chose it (`\\E m \\in msgs`, NOTE(witness)), the step needed it
    (its reads), or it left the variable (a channel's head taken, a message removed)."""

    step: int
    lane: int
    send: int
    how: Known


@dataclass(frozen=True)
class Chart:
    """The causal chart: sends, and receipts pointing back at them; `notes` say what the
    trace did not tell (no witnesses, a receiver that cannot be told)."""

    spec: MscSpec
    lanes: tuple[str, ...]
    sends: tuple[Send, ...]
    receipts: tuple[Receipt, ...]
    notes: tuple[str, ...] = ()


def messages(v: Value) -> Bag | None:
    """The messages in a value, with multiplicities; None if it does not hold records."""
    if type(v) is frozenset:
        bag: Bag = Counter(v)
    elif type(v) is tuple:
        bag = Counter(v)
    elif type(v) is Fcn and all(type(n) is int and not isinstance(n, bool) for n in v.vals):
        bag = Counter({k: n for k, n in v.items() if n > 0})
    else:
        return None
    return bag if all(is_message(m) for m in bag) else None


def channels(v: Value) -> list[Placed] | None:
    """`chan[i][j]` -> [(i, j, messages)]; None if `v` is not a function of functions
    of messages."""
    if type(v) is not Fcn and type(v) is not tuple:
        return None
    out: list[Placed] = []
    for i, row in fcn_items(v):
        if type(row) is not Fcn and type(row) is not tuple:
            return None
        for j, held in fcn_items(row):
            bag = messages(held)
            if bag is None:
                return None
            out.append((i, j, bag))
    return out


def placed(v: Value, layout: Layout) -> list[Placed] | None:
    """The messages of `v`, each bag with its channel's ends (None, None in a set)."""
    if layout == "channels":
        return channels(v)
    bag = messages(v)
    return None if bag is None else [(None, None, bag)]


def detect(
    trace: Trace,
    var: str | None = None,
    src: str | None = None,
    dst: str | None = None,
    label: str | None = None,
) -> MscSpec | None:
    """The chart to draw: the user's choices, completed by detection; None if the trace
    keeps no messages (or a message set without from or to fields) and the user named
    nothing. Names that do not fit the trace are usage errors (E502)."""
    found = _message_variable(trace) if var is None else (var, _checked_layout(trace, var))
    if found is None:
        return None
    name, layout = found
    fields = _fields(trace, trace.variables.index(name), layout)
    spec = MscSpec(
        name,
        _field(src, fields, FROM_FIELDS if layout == "set" else (), "--msc-from"),
        _field(dst, fields, TO_FIELDS if layout == "set" else (), "--msc-to"),
        _field(label, fields, LABEL_FIELDS, "--msc-label"),
        layout,
    )
    if var is None and layout == "set" and spec.src is None and spec.dst is None:
        return None if fields else spec  # fields but no ends; else tuples, named as messages
    return spec


def _layout(trace: Trace, var: str) -> Layout | None:
    """How `var` keeps messages in every state (with at least one message somewhere)."""
    pos = trace.variables.index(var)
    for layout in ("set", "channels"):
        held = [placed(step.state[pos], layout) for step in trace.steps]
        if all(h is not None for h in held) and any(b for h in held for _, _, b in h or ()):
            return layout
    return None


def _message_variable(trace: Trace) -> tuple[str, Layout] | None:
    holding = [(v, layout) for v in trace.variables if (layout := _layout(trace, v))]
    preferred = [h for h in holding if h[0].lower() in MESSAGE_VARIABLES]
    records = [h for h in holding if _holds_records(trace, h[0])]
    # tuples are messages only in a variable named as messages (NOTE(tuple-messages))
    chosen = [h for h in preferred if h in records] or records or preferred
    return chosen[0] if chosen else None


def _holds_records(trace: Trace, var: str) -> bool:
    pos = trace.variables.index(var)
    return any(
        is_record(m)
        for step in trace.steps
        for _, _, bag in placed(step.state[pos], "set") or placed(step.state[pos], "channels") or ()
        for m in bag
    )


def _checked_layout(trace: Trace, var: str) -> Layout:
    if var not in trace.variables:
        close = suggest(var, trace.variables)
        raise _usage(
            f"--msc-var: the trace has no variable `{var}`",
            f"did you mean `{close}`?" if close else None,
        )
    layout = _layout(trace, var)
    if layout is None:
        raise _usage(
            f"--msc-var: `{var}` does not hold messages in every state",
            "messages are records in a set, a sequence or a bag [record -> count], "
            "or channels chan[from][to] of those",
        )
    return layout


def _fields(trace: Trace, pos: int, layout: Layout) -> list[str]:
    seen: set[str] = set()
    for step in trace.steps:
        for _, _, bag in placed(step.state[pos], layout) or ():
            for m in bag:
                if is_record(m):
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
