"""The SVG community module (building SVG text from records), IOUtils' operators that
stay inside the process (atoi, zeroPadN), and TLCExt's that TLC evaluates as plain
functions. Effects outside the process are refused where used (effects.py)."""

from __future__ import annotations

import math
import re

from checker.compile import ops
from checker.compile.errors import EvalError, type_error
from checker.compile.natives.common import Native, integer, items
from checker.diagnostics import Span
from checker.values import ModelValue, Value, make_fcn, make_record, render


def _elem(name: str, attrs: Value, children: Value, text: Value) -> Value:
    return make_record(
        [("name", name), ("attrs", attrs), ("children", children), ("innerText", text)]
    )


def _merge(span: Span | None, mine: list[tuple[str, Value]], attrs: Value) -> Value:
    """Merge(r1, r2): r1's keys win."""
    theirs = items(attrs, "the attributes", span)
    keys = {k for k, _ in mine}
    return make_fcn([*mine, *((k, v) for k, v in theirs if k not in keys)])


def _shape(name: str, fields: tuple[str, ...]) -> Native:
    def native(span: Span | None, *args: Value) -> Value:
        *coords, attrs = args
        mine = [(f, render(v)) for f, v in zip(fields, coords, strict=True)]
        return _elem(name, _merge(span, mine, attrs), (), "")

    return native


def text(span: Span | None, x: Value, y: Value, inner: Value, attrs: Value) -> Value:
    return _elem("text", _merge(span, [("x", render(x)), ("y", render(y))], attrs), (), inner)


def image(
    span: Span | None, x: Value, y: Value, w: Value, h: Value, href: Value, a: Value
) -> Value:
    mine = [("xlink:href", href), ("x", render(x)), ("y", render(y))]
    mine += [("width", render(w)), ("height", render(h))]
    return _elem("image", _merge(span, mine, a), (), "")


def svg_doc(
    span: Span | None, child: Value, x: Value, y: Value, w: Value, h: Value, a: Value
) -> Value:
    box = " ".join(render(v) for v in (x, y, w, h))
    mine: list[tuple[str, Value]] = [
        ("xmlns:xlink", "http://www.w3.org/1999/xlink"),
        ("xmlns", "http://www.w3.org/2000/svg"),
        ("viewBox", box),
    ]
    return _elem("svg", _merge(span, mine, a), (child,), "")


def _string(v: Value, what: str, span: Span | None) -> str:
    if type(v) is str:
        return v
    raise type_error(what, "a string", v, span)


def to_string(span: Span | None, elem: Value) -> str:
    """SVGElemToString, as TLC's override writes it: attributes in the record's order,
    `_` in their names written `-`, the inner text with `<<` and `>>` escaped."""
    name = _string(ops.field(elem, "name", span), "SVGElemToString", span)
    attrs = "".join(
        f" {_string(k, 'SVGElemToString', span).replace('_', '-')}="
        f"'{_string(v, 'SVGElemToString', span)}'"
        for k, v in items(ops.field(elem, "attrs", span), "SVGElemToString", span)
    )
    children = "".join(
        to_string(span, c) for _, c in items(ops.field(elem, "children", span), "SVG", span)
    )
    inner = _string(ops.field(elem, "innerText", span), "SVGElemToString", span)
    inner = inner.replace("<<", "&lt;&lt;").replace(">>", "&gt;&gt;")
    return f"<{name}{attrs}>{inner}{children}</{name}>"


def _point(x: float, y: float) -> Value:
    return make_record([("x", int(x)), ("y", int(y))])


def ring_node(span: Span | None, cx: Value, cy: Value, r: Value, n: Value, m: Value) -> Value:
    a, b, rad, k, of = (integer(v, "NodeOfRingNetwork", span) for v in (cx, cy, r, n, m))
    if of == 0:
        raise EvalError("E402", "NodeOfRingNetwork: a ring of 0 nodes", span)
    angle = (2.0 * math.pi / of) * k
    return _point(a + rad * math.cos(angle), b + rad * math.sin(angle))


def point_on_line(span: Span | None, src: Value, dst: Value, segment: Value) -> Value:
    fx, fy = (integer(ops.field(src, f, span), "PointOnLine", span) for f in ("x", "y"))
    tx, ty = (integer(ops.field(dst, f, span), "PointOnLine", span) for f in ("x", "y"))
    d = float(integer(segment, "PointOnLine", span))
    if d == 0:
        raise EvalError("E402", "PointOnLine: division by zero", span)
    return _point(fx + (tx - fx) / d, fy + (ty - fy) / d)


_INT32 = re.compile(r"[+-]?[0-9]+")


def atoi(span: Span | None, s: Value) -> int:
    if type(s) is str and _INT32.fullmatch(s) and -(2**31) <= int(s) < 2**31:
        return int(s)
    raise type_error("atoi", "a string of a 32-bit integer", s, span)


def zero_pad(span: Span | None, n: Value, width: Value) -> str:
    s = render(n)
    return "0" * max(0, integer(width, "zeroPadN", span) - len(s)) + s


def model_value(span: Span | None, s: Value) -> Value:
    if type(s) is not str:
        raise type_error("TLCModelValue", "a string", s, span)
    return ModelValue(s)


NATIVES: dict[str, Native] = {
    "SVGElem": lambda span, n, a, c, t: _elem(n, a, c, t),
    "Line": _shape("line", ("x1", "y1", "x2", "y2")),
    "Circle": _shape("circle", ("cx", "cy", "r")),
    "Rect": _shape("rect", ("x", "y", "width", "height")),
    "Text": text,
    "Image": image,
    "Group": lambda span, children, attrs: _elem("g", attrs, children, ""),
    "Svg": lambda span, children, attrs: _elem("svg", attrs, children, ""),
    "SVGDoc": svg_doc,
    "SVGElemToString": to_string,
    "NodeOfRingNetwork": ring_node,
    "PointOnLine": point_on_line,
    "atoi": atoi,
    "zeroPadN": zero_pad,
    "TLCModelValue": model_value,
    "TLCNoOp": lambda span, v: v,
    "TLCCache": lambda span, v, key: v,
}
