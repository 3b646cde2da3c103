"""ITF JSON (Apalache ADR-015, the Informal Trace Format) for traces.

    {"#meta": {"format": "ITF", ...}, "vars": ["x", ...],
     "states": [{"#meta": {"index": 0}, "x": ...}, ...]}

Values: Booleans and strings as JSON; integers as numbers, or {"#bigint": "..."} beyond
2^53; sets {"#set": [...]} (canonical order); tuples and sequences {"#tup": [...]} (JSON
arrays are read as sequences too); records as objects; other functions
{"#map": [[k, v], ...]}. Model values are written as strings and listed in the trace's
`#meta.model_values`, which reading uses to turn them back into model values. Each
state's `#meta.action` names the step that led to it, and its `#meta.witness` (when
known) the values the step's action-level `\\E`s chose, as `[{"name": "m", "value": v}]`
and its `#meta.reads` the messages it needed, as `[{"var": "msgs", "value": m}]`
(NOTE(witness) in checker/compile/witness.py).

Reading validates everything: a malformed file is a diagnostic (E503), never a crash.
TRUE and 1 stay apart (JSON's `true` and `1`); a set or map holding a Boolean and an
integer that Python would merge (`{"#set": [true, 1]}`) is refused: TLC cannot build it
(NOTE(bool-int)).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from checker.diagnostics import Diagnostic, error
from checker.files import output_error, write_atomic
from checker.numerals import DECIMAL, TooManyDigits, decimal, parse_decimal
from checker.stack import deep_entry
from checker.traces.jsontext import load_json, read_text
from checker.traces.trace import Step, Trace
from checker.values import (
    Fcn,
    Incomparable,
    LazyFcn,
    LazySet,
    ModelValue,
    Value,
    canon_sorted,
    incomparable_message,
    make_fcn,
    set_of,
)

FORMAT_DESCRIPTION = "https://apalache-mc.org/docs/adr/015adr-trace.html"
_SAFE_INT = 2**53 - 1


def encode_value(v: Value) -> Any:
    t = type(v)
    if t is bool or t is str:
        return v
    if t is int:
        return v if -_SAFE_INT <= v <= _SAFE_INT else {"#bigint": decimal(v)}
    if t is ModelValue:
        return v.name
    if t is tuple:
        return {"#tup": [encode_value(x) for x in v]}
    if t is Fcn:
        if v.is_record() and not any(k.startswith("#") for k in v.keys):
            # a key `#bigint`, `#set`... would be read back as ITF's own object: #map
            return {k: encode_value(x) for k, x in v.items()}
        return {"#map": [[encode_value(k), encode_value(x)] for k, x in v.items()]}
    if t is frozenset:
        return {"#set": [encode_value(x) for x in canon_sorted(v)]}
    if isinstance(v, (LazySet, LazyFcn)):
        return encode_value(v.materialize())
    raise TypeError(f"cannot encode {type(v).__name__} as ITF")


def trace_to_itf(trace: Trace) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "format": "ITF",
        "format-description": FORMAT_DESCRIPTION,
        "description": "produced by checker",
    }
    if trace.spec:
        meta["source"] = trace.spec
    if trace.violated:
        meta["property"] = trace.violated
    if trace.kind:
        meta["kind"] = trace.kind
    meta["model_values"] = list(trace.model_values)
    meta.update(trace.extra)
    if trace.back is not None:
        meta["back_action"] = trace.back
    states = []
    for i, step in enumerate(trace.steps):
        state_meta: dict[str, Any] = {"index": i}
        if step.action is not None:
            state_meta["action"] = step.action
        if step.witness:  # NOTE(witness): what the step's `\\E`s chose
            state_meta["witness"] = _pairs("name", step.witness)
        if step.reads:  # NOTE(witness): the messages the step needed
            state_meta["reads"] = _pairs("var", step.reads)
        entry: dict[str, Any] = {"#meta": state_meta}
        for name, value in zip(trace.variables, step.state, strict=True):
            entry[name] = encode_value(value)
        states.append(entry)
    doc: dict[str, Any] = {"#meta": meta, "vars": list(trace.variables), "states": states}
    if trace.loop is not None:  # ITF's lasso: the state the last one goes back to
        doc["loop"] = trace.loop
    return doc


def _pairs(key: str, pairs: tuple[tuple[str, Value], ...]) -> list[dict[str, Any]]:
    return [{key: name, "value": encode_value(v)} for name, v in pairs]


INDENTED_DEPTH = 64  # deeper documents are written one state per line, values unindented


def dumps(trace: Trace) -> str:
    """The document, indented; but where values nest deeper than INDENTED_DEPTH, one state
    per line with values unindented (indenting a value nested n levels deep takes O(n**2)
    characters)."""
    doc = trace_to_itf(trace)
    if _nesting(doc) <= INDENTED_DEPTH:
        return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    states = doc.pop("states")
    head = json.dumps(doc, indent=1, ensure_ascii=False)
    lines = ",\n  ".join(json.dumps(s, ensure_ascii=False) for s in states)
    return f'{head[:-2]},\n "states": [\n  {lines}\n ]\n}}\n'


def _nesting(doc: Any) -> int:
    """How deeply lists and objects nest in a JSON document (without recursing)."""
    deepest = 0
    todo: list[tuple[Any, int]] = [(doc, 1)]
    while todo:
        x, depth = todo.pop()
        items = x.values() if isinstance(x, dict) else x if isinstance(x, list) else None
        if items is not None:
            deepest = max(deepest, depth)
            todo.extend((y, depth + 1) for y in items)
    return deepest


@deep_entry
def write_itf(trace: Trace, path: str | Path) -> Path:
    """Write atomically: a temporary file in the same directory, then a rename."""
    return write_atomic(path, dumps(trace))


def write_counterexample(trace: Trace, path: Path) -> tuple[str | None, Diagnostic | None]:
    """Write a counterexample found by a check: (its file, None), or (None, the E506
    diagnostic) when the file cannot be written (a --trace-dir that is a file, read-only,
    full...). The verdict does not depend on it: the caller reports the violation first."""
    hint = "the violation above stands; choose another --trace-dir (or --no-trace-file)"
    try:
        return str(write_itf(trace, path)), None
    except OSError as exc:
        return None, replace(output_error(path, exc, "the counterexample"), hint=hint)
    except TooManyDigits as exc:
        message = f"cannot write the counterexample `{path}`: it holds {exc}"
        return None, Diagnostic("E506", message, hint=hint, path=str(path))


# -- reading --------------------------------------------------------------------------


class _Bad(Exception):
    pass


def decode_value(x: Any, model_values: frozenset[str]) -> Value:
    if isinstance(x, bool):
        return x
    if isinstance(x, int):
        return x
    if isinstance(x, str):
        return ModelValue(x) if x in model_values else x
    if isinstance(x, list):
        return tuple(decode_value(e, model_values) for e in x)
    if isinstance(x, dict):
        return _decode_object(x, model_values)
    raise _Bad(f"unexpected JSON value {json.dumps(x)[:60]}")


def _decode_object(x: dict[str, Any], model_values: frozenset[str]) -> Value:
    if len(x) == 1:
        ((key, body),) = x.items()
        if key == "#bigint":
            return _bigint(body)
        if key in ("#set", "#tup", "#map") and not isinstance(body, list):
            raise _Bad(f"{key} needs a list")
        if key == "#set":
            return _set([decode_value(e, model_values) for e in body])
        if key == "#tup":
            return tuple(decode_value(e, model_values) for e in body)
        if key == "#map":
            return _decode_map(body, model_values)
        if key in ("#unserializable",):
            raise _Bad("unserializable values cannot be read")
    if any(k.startswith("#") for k in x):
        raise _Bad(f"unknown ITF object {sorted(x)[0]}")
    if not x:
        return ()
    return make_fcn((k, decode_value(v, model_values)) for k, v in x.items())


def _bigint(body: Any) -> int:
    """`{"#bigint": "-123"}`: strictly ASCII digits (int() would take "²", " 5", "1_0")."""
    if not isinstance(body, str) or DECIMAL.fullmatch(body) is None:
        raise _Bad(f"#bigint needs a string of decimal digits (-?[0-9]+), not {_short(body)}")
    try:
        return parse_decimal(body)
    except TooManyDigits as exc:
        raise _Bad(f"#bigint holds {exc}") from None


def _short(x: Any) -> str:
    text = json.dumps(x, ensure_ascii=True)
    return text if len(text) <= 40 else text[:37] + "..."


def _decode_map(pairs: list[Any], model_values: frozenset[str]) -> Value:
    items = []
    for p in pairs:
        if not isinstance(p, list) or len(p) != 2:
            raise _Bad("#map entries are [key, value] pairs")
        items.append((decode_value(p[0], model_values), decode_value(p[1], model_values)))
    keys = [k for k, _ in items]
    if len(_set(keys)) != len(keys):
        raise _Bad("#map has a repeated key")
    return make_fcn(items)


def _set(items: list[Value]) -> frozenset[Value]:
    try:
        return set_of(items)
    except Incomparable as exc:
        raise _Bad(
            f"{incomparable_message(exc)} (a set or map holding a Boolean and the integer "
            "Python takes as equal cannot come from TLC)"
        ) from None


def itf_to_trace(doc: Any, source: str = "<trace>") -> Trace:
    """A Trace from parsed ITF JSON; raises CheckerError (E503) if malformed."""
    try:
        return _read(doc)
    except (_Bad, TypeError) as exc:
        raise error("E503", f"not a valid ITF trace: {exc}", path=source) from None
    except RecursionError:
        raise error(
            "E503", "not a valid ITF trace: values nested too deeply", path=source
        ) from None


def _read(doc: Any) -> Trace:
    if not isinstance(doc, dict):
        raise _Bad("the top level must be an object")
    variables = doc.get("vars")
    states = doc.get("states")
    if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables):
        raise _Bad('"vars" must be a list of names')
    if not isinstance(states, list):
        raise _Bad('"states" must be a list')
    meta = doc.get("#meta", {})
    if not isinstance(meta, dict):
        raise _Bad('"#meta" must be an object')
    mvs = meta.get("model_values", [])
    if not isinstance(mvs, list) or not all(isinstance(m, str) for m in mvs):
        raise _Bad('"#meta.model_values" must be a list of names')
    model_values = frozenset(mvs)
    steps = [_read_state(s, variables, model_values, i) for i, s in enumerate(states)]
    extra = {k: str(v) for k, v in meta.items() if k not in _KNOWN_META}
    loop = doc.get("loop")
    if loop is not None and (
        type(loop) is not int or not 0 <= loop < max(len(steps), 1) or not steps
    ):
        raise _Bad('"loop" must be the index of one of the states')
    return Trace(
        tuple(variables),
        tuple(steps),
        _str(meta.get("source")),
        _str(meta.get("property")),
        _str(meta.get("kind")),
        tuple(mvs),
        extra,
        loop,
        _str(meta.get("back_action")),
    )


_KNOWN_META = {
    "format",
    "format-description",
    "description",
    "source",
    "property",
    "kind",
    "model_values",
    "back_action",
}


def _str(x: Any) -> str | None:
    return x if isinstance(x, str) else None


def _read_state(s: Any, variables: list[str], model_values: frozenset[str], i: int) -> Step:
    if not isinstance(s, dict):
        raise _Bad(f"state {i} must be an object")
    missing = [v for v in variables if v not in s]
    if missing:
        raise _Bad(f"state {i} has no value for `{missing[0]}`")
    meta = s.get("#meta", {})
    action = meta.get("action") if isinstance(meta, dict) else None
    state = tuple(_variable(s[v], model_values, i, v) for v in variables)
    if not isinstance(meta, dict):
        meta = {}
    witness = _read_pairs(meta, "witness", "name", model_values, i)
    reads = _read_pairs(meta, "reads", "var", model_values, i)
    return Step(state, action if isinstance(action, str) else None, witness, reads)


def _read_pairs(
    meta: dict[str, Any], field: str, key: str, model_values: frozenset[str], i: int
) -> tuple[tuple[str, Value], ...]:
    """A state's `#meta.witness` ([{"name": "m", "value": <ITF value>}, ...]) or
    `#meta.reads` ([{"var": "msgs", "value": ...}, ...])."""
    x = meta.get(field, [])
    if not isinstance(x, list):
        raise _Bad(f'state {i}: "#meta.{field}" must be a list')
    out = []
    for e in x:
        if not isinstance(e, dict) or set(e) != {key, "value"} or not isinstance(e[key], str):
            raise _Bad(f'state {i}: "#meta.{field}" holds {{"{key}": ..., "value": ...}} objects')
        try:
            out.append((e[key], decode_value(e["value"], model_values)))
        except _Bad as exc:
            raise _Bad(f"state {i}, {field} `{e[key]}`: {exc}") from None
    return tuple(out)


def _variable(x: Any, model_values: frozenset[str], i: int, name: str) -> Value:
    try:
        return decode_value(x, model_values)
    except _Bad as exc:
        raise _Bad(f"state {i}, variable `{name}`: {exc}") from None


@deep_entry
def read_itf(path: str | Path) -> Trace:
    """Read an ITF file; every problem is a CheckerError with the file named."""
    doc = load_json(read_text(str(path)), str(path))
    return itf_to_trace(doc, str(path))
