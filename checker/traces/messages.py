"""What a trace's variables hold as messages, for the witness's reads (NOTE(witness) in
checker/compile/witness.py) and the message chart (checker/ui/msc.py).

NOTE(tuple-messages): a message is a record (`[type |-> "1b", acc |-> a1, ...]`), or a
tuple naming a node: one of its components is a model value (`<<m1, "toSelf", "c2">>`,
a vote of specs/TxLock.tla). A tuple has no field saying who sent it; its sender is
told by the step that first added it (checker/ui/causal.py): the node that step was
taken by, when the tuple names that node. Tuples naming no model value are data, not
messages (a pair of numbers, a sequence of strings).
"""

from __future__ import annotations

from checker.values import Fcn, ModelValue, Value


def is_message(v: Value) -> bool:
    return is_record(v) or bool(tuple_nodes(v))


def is_record(v: Value) -> bool:
    return type(v) is Fcn and v.is_record()


def tuple_nodes(v: Value) -> tuple[ModelValue, ...]:
    """The model values among a tuple's components (none for any other value)."""
    if type(v) is not tuple:
        return ()
    return tuple(c for c in v if type(c) is ModelValue)
