"""TLC's `-dumpTrace json FILE` output, read into a Trace.

TLC writes the counterexample with its Json module, in one of two shapes:

    [{"x": 0, "y": "a"}, {"x": 1, "y": "b"}]               (a sequence of states)
    {"state": [[1, {"x": 0}], [2, {"x": 1}]],
     "action": [[[1, {...}], {"name": "Next", "context": {...}}, [2, {...}]]]}

The Json module loses information: sets and sequences are both JSON arrays, model values
and strings are both JSON strings, and function keys become strings. So, by default,
arrays are read as sequences, strings as strings, objects as records (or as functions
on integers when every key is an integer). `JsonOptions` restores what the user knows:
the model values' names, and the variables whose arrays are sets. TLC's textual output
has none of these ambiguities; prefer it when you have it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checker.diagnostics import error
from checker.numerals import DECIMAL, TooManyDigits, parse_decimal
from checker.traces.jsontext import at, load_json
from checker.traces.trace import Step, Trace
from checker.values import (
    Incomparable,
    ModelValue,
    Value,
    incomparable_message,
    make_fcn,
    render,
    set_of,
)


@dataclass(frozen=True)
class JsonOptions:
    model_values: frozenset[str] = frozenset()  # strings that are model values
    sets: frozenset[str] = frozenset()  # variables whose arrays (at any depth) are sets


class _Bad(Exception):
    """A problem; `near` is JSON text whose first occurrence locates it."""

    def __init__(self, message: str, near: str | None = None) -> None:
        super().__init__(message)
        self.near = near


def read_tlc_json(text: str, path: str = "<tlc json>", options: JsonOptions | None = None) -> Trace:
    """A Trace from TLC's JSON dump; E503 (with line:col for JSON syntax) if malformed."""
    opts = options or JsonOptions()
    doc = load_json(text, path)
    try:
        return _trace(doc, opts)
    except _Bad as exc:
        found = -1 if exc.near is None else text.find(exc.near)
        where = at(text, path, found, found + len(exc.near or "")) if found >= 0 else None
        raise error("E503", f"not a TLC JSON trace: {exc}", where, path=path) from None


def _trace(doc: Any, opts: JsonOptions) -> Trace:
    labels: dict[int, str] = {}
    if isinstance(doc, list):
        records = doc
    elif isinstance(doc, dict) and "state" in doc:
        records, labels = _indexed_states(doc["state"]), _labels(doc.get("action"), opts)
    else:
        raise _Bad('expected a list of states or an object with "state"')
    if not records:
        raise _Bad("the trace has no state")
    variables = _variables(records[0], 1)
    steps = [_step(r, i, variables, opts, labels) for i, r in enumerate(records)]
    return Trace(variables, tuple(steps), model_values=tuple(sorted(opts.model_values)))


def _indexed_states(states: Any) -> list[Any]:
    """`[[1, state], [2, state], ...]` (in any order) -> the states in order."""
    if not isinstance(states, list):
        raise _Bad('"state" must be a list of [index, state] pairs')
    pairs = []
    for p in states:
        if not (isinstance(p, list) and len(p) == 2 and type(p[0]) is int):
            raise _Bad('"state" must be a list of [index, state] pairs')
        pairs.append((p[0], p[1]))
    pairs.sort(key=lambda p: p[0])
    if [i for i, _ in pairs] != list(range(1, len(pairs) + 1)):
        raise _Bad('the states of "state" must be numbered 1, 2, ... without gaps')
    return [s for _, s in pairs]


def _labels(actions: Any, opts: JsonOptions) -> dict[int, str]:
    """The action leading to each state (by 1-based index), from `"action"` triples."""
    labels: dict[int, str] = {}
    if not isinstance(actions, list):
        return labels
    for a in actions:
        if isinstance(a, list) and len(a) == 3 and isinstance(a[2], list) and a[2]:
            target, info = a[2][0], a[1]
            if type(target) is int and isinstance(info, dict):
                labels[target] = _action_label(info, opts)
    return labels


def _action_label(info: dict[str, Any], opts: JsonOptions) -> str:
    name = str(info.get("name", "?"))
    context = info.get("context")
    if not isinstance(context, dict) or not context:
        return name
    params = info.get("parameters")
    order = params if isinstance(params, list) else list(context)
    args = [render(_value(context[p], False, opts)) for p in order if p in context]
    return f"{name}({', '.join(args)})"


def _variables(record: Any, number: int) -> tuple[str, ...]:
    if not isinstance(record, dict):
        raise _Bad(f"state {number} must be an object from variables to values")
    return tuple(record)


def _step(
    record: Any,
    index: int,
    variables: tuple[str, ...],
    opts: JsonOptions,
    labels: dict[int, str],
) -> Step:
    names = _variables(record, index + 1)
    if set(names) != set(variables):
        raise _Bad(f"state {index + 1} has other variables than state 1")
    state = tuple(_value(record[v], v in opts.sets, opts) for v in variables)
    return Step(state, labels.get(index + 1) if index else None)


def _set(items: list[Value]) -> frozenset[Value]:
    """A set of the items; TLC cannot dump one holding TRUE and 1 (NOTE(bool-int))."""
    try:
        return set_of(items)
    except Incomparable as exc:
        raise _Bad(incomparable_message(exc)) from None


def _value(x: Any, as_set: bool, opts: JsonOptions) -> Value:
    if isinstance(x, bool):
        return x
    if isinstance(x, int):
        return x
    if isinstance(x, str):
        return ModelValue(x) if x in opts.model_values else x
    if isinstance(x, list):
        items = [_value(e, as_set, opts) for e in x]
        return _set(items) if as_set else tuple(items)
    if isinstance(x, dict):
        return _object(x, as_set, opts)
    raise _Bad(f"{json.dumps(x)[:40]} is not a TLA+ value")


def _object(x: dict[str, Any], as_set: bool, opts: JsonOptions) -> Value:
    """A record, or a function when every key is a model value or an integer."""
    keys = list(x)
    key: Callable[[str], Value] = str
    if keys and all(k in opts.model_values for k in keys):
        key = ModelValue
    elif keys and all(DECIMAL.fullmatch(k) for k in keys):
        key = _integer_key
    items = [(key(k), _value(v, as_set, opts)) for k, v in x.items()]
    if key is _integer_key and len({k for k, _ in items}) < len(items):
        first, second = _same_integer(keys)
        same = "name the same integer (a function has one value there)"
        raise _Bad(f"the keys {first} and {second} {same}", f"{second}:")
    return make_fcn(items)


def _integer_key(text: str) -> int:
    try:
        return parse_decimal(text)
    except TooManyDigits as exc:
        raise _Bad(f"a key is {exc}") from None


def _same_integer(keys: list[str]) -> tuple[str, str]:
    """Two keys denoting one integer (as JSON strings)."""
    seen: dict[int, str] = {}
    for k in keys:
        n = parse_decimal(k)
        if n in seen:
            return json.dumps(seen[n]), json.dumps(k)
        seen[n] = k
    raise AssertionError("no two keys name the same integer")
