"""`checker trace html`: a trace as ONE self-contained HTML page (inline CSS and JS, no
network), with a step list, a state view with nested diffs, keyboard navigation and a
causal message-sequence chart (see `checker.ui.msc`, `checker.ui.causal`).

NOTE(untrusted-trace-html): a trace file is untrusted input, and so is every string in
it (values, action labels, variable names). The page keeps them harmless three ways:
1. the trace travels as JSON in a `<script type="application/json">` block (not
   executed), with `<`, `>`, `&` and the JavaScript line separators written as `\\uXXXX`
   escapes, so no string can close the block;
2. the script builds the page with `textContent` and `setAttribute`, never `innerHTML`;
3. a Content-Security-Policy allows only the page's own script and style (by hash), so
   even an injected `<script>` could not run.
The only other data in the HTML itself, the title, is escaped with `html.escape`.

Values are embedded once each in a table (`[tag, payload]`, children by index), so that
the page grows with the distinct values of the trace, not with its states times their
size, and equal values have equal ids (the viewer's diff compares ids).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from importlib import resources
from pathlib import Path
from typing import Any

from checker.files import write_output
from checker.numerals import shown_int
from checker.traces import Trace
from checker.traces.trace import error_words
from checker.ui.causal import chart
from checker.ui.msc import Chart, MscSpec
from checker.values import Fcn, LazyFcn, LazySet, ModelValue, Value, canon_sorted, fingerprint

_JS_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


class ValueTable:
    """Distinct values, each with an id; containers refer to their parts by id."""

    def __init__(self) -> None:
        self.nodes: list[list[Any]] = []
        self._ids: dict[tuple[int, Value], int] = {}

    def id(self, v: Value) -> int:
        # The fingerprint tells TRUE from 1 (Python's == does not), see values/core.py.
        key = (fingerprint(v), v)
        found = self._ids.get(key)
        if found is None:
            node = self._node(v)
            found = len(self.nodes)
            self.nodes.append(node)
            self._ids[key] = found
        return found

    def _node(self, v: Value) -> list[Any]:
        t = type(v)
        if t is bool:
            return ["b", v]
        if t is int:
            return ["i", shown_int(v)]
        if t is str:
            return ["s", v]
        if t is ModelValue:
            return ["m", v.name]
        if t is tuple:
            return ["q", [self.id(e) for e in v]]
        if t is frozenset:
            return ["S", [self.id(e) for e in canon_sorted(v)]]
        if t is Fcn:
            if v.is_record():
                return ["r", [[k, self.id(e)] for k, e in v.items()]]
            return ["f", [[self.id(k), self.id(e)] for k, e in v.items()]]
        return self._lazy_node(v)

    def _lazy_node(self, v: Value) -> list[Any]:
        if isinstance(v, LazySet) and not v.finite:
            return ["x", v.describe()]
        if isinstance(v, (LazySet, LazyFcn)):
            return self._node(v.materialize())
        raise TypeError(f"not a TLA+ value: {type(v).__name__}")


def trace_data(trace: Trace, msc: Chart | None, title: str) -> dict[str, Any]:
    """Everything the page's script needs, as JSON-ready data."""
    table = ValueTable()
    states = [{"a": step.action, "v": [table.id(v) for v in step.state]} for step in trace.steps]
    return {
        "title": title,
        "verdict": verdict(trace),
        "violated": trace.violated,
        "vars": list(trace.variables),
        "states": states,
        "msc": _chart_data(msc, table) if msc else None,
        "values": table.nodes,
        "loop": trace.loop,  # a lasso: the state the last one goes back to (else null)
        "back": trace.back,
    }


def verdict(trace: Trace) -> str:
    n = len(trace.steps)
    length = f"{n} state{'s' if n != 1 else ''}"
    if trace.kind == "error" and not trace.violated:  # NOTE(error-trace)
        return f"{error_words(trace)} · {length}"
    if not trace.violated:
        return length
    kind = f"{trace.kind} " if trace.kind and trace.kind != trace.violated.lower() else ""
    if trace.loop is not None:
        length += f", then forever round from state {trace.loop + 1}"
    return f"{kind}{trace.violated} violated · {length}"


def _chart_data(msc: Chart, table: ValueTable) -> dict[str, Any]:
    return {
        "var": msc.spec.var,
        "from": msc.spec.src,
        "to": msc.spec.dst,
        "label": msc.spec.label,
        "layout": msc.spec.layout,
        "lanes": list(msc.lanes),
        "sends": [
            {
                "step": e.step,
                "from": e.src,
                "to": list(e.dsts),
                "label": e.label,
                "id": table.id(e.message),
            }
            for e in msc.sends
        ],
        "receipts": [
            {"step": r.step, "lane": r.lane, "send": r.send, "how": r.how} for r in msc.receipts
        ],
        "notes": list(msc.notes),
    }


def script_json(data: Any) -> str:
    """JSON that can sit inside a `<script>` element: no `<`, `>` or `&` characters, so
    no `</script>` or `<!--` can appear, whatever the strings in `data` contain."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JS_ESCAPES)


def asset(name: str) -> str:
    return (resources.files("checker.ui") / "assets" / name).read_text(encoding="utf-8")


def csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def page(trace: Trace, msc: MscSpec | None = None, title: str | None = None) -> str:
    """The HTML text of the viewer page for `trace` (with a chart if `msc` is given)."""
    title = title or (f"{trace.spec} trace" if trace.spec else "Trace")
    data = trace_data(trace, chart(trace, msc) if msc else None, title)
    body = (
        viewer_header(title)
        + _VIEWER_HELP
        + "<noscript><p>This trace viewer needs JavaScript.</p></noscript>\n"
        + viewer_main()
        + f'<script type="application/json" id="trace-data">{script_json(data)}</script>\n'
    )
    return document(title, "checker trace html", asset("viewer.css"), [asset("viewer.js")], body)


def document(
    title: str,
    generator: str,
    css: str,
    scripts: list[str],
    body: str,
    *,
    connect: bool = False,
    body_class: str | None = None,
) -> str:
    """One of our pages: a head whose Content-Security-Policy allows exactly its inline
    style and `scripts` (by hash; `connect`: requests to its own origin), then `body`,
    then the scripts. `title` is text (escaped here); `body` is HTML."""
    sources = " ".join(csp_hash(js) for js in scripts) or "'none'"
    policy = (
        f"default-src 'none'; script-src {sources}; style-src {csp_hash(css)}; "
        + ("connect-src 'self'; " if connect else "")
        + "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return _DOCUMENT.format(
        policy=policy,
        generator=html.escape(generator),
        title=html.escape(title),
        css=css,
        body_class=f' class="{html.escape(body_class)}"' if body_class else "",
        body=body,
        scripts="".join(f"<script>{js}</script>\n" for js in scripts),
    )


def viewer_header(title: str) -> str:
    """The viewer's header (title, verdict, the changed-only and filter controls), which
    the explorer's page shares."""
    return _HEADER.format(title=html.escape(title))


def viewer_main(msc_hidden: bool = False) -> str:
    """The viewer's state list, state and message chart sections."""
    return _MAIN.format(hidden=" hidden" if msc_hidden else "")


def write_page(trace: Trace, path: str | Path, msc: MscSpec | None, title: str | None) -> Path:
    """Write the page atomically (a temporary file in the same directory, then a rename)."""
    return write_output(path, page(trace, msc, title), "the HTML page")


_DOCUMENT = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="generator" content="{generator}">
<title>{title}</title>
<style>{css}</style>
</head>
<body{body_class}>
{body}{scripts}</body>
</html>
"""

_HEADER = """<header>
  <h1 id="title">{title}</h1>
  <span id="verdict"></span>
  <div class="controls">
    <label><input type="checkbox" id="changed-only"> changed only <kbd>c</kbd></label>
    <input type="search" id="filter" placeholder="filter variables (/)"
      aria-label="filter variables">
  </div>
</header>
"""

_VIEWER_HELP = """<div id="help" hidden>
  <kbd>↓</kbd>/<kbd>j</kbd>/<kbd>n</kbd> next state · <kbd>↑</kbd>/<kbd>k</kbd>/<kbd>p</kbd>
  previous · <kbd>Home</kbd>/<kbd>End</kbd> first/last · <kbd>c</kbd> changed only ·
  <kbd>/</kbd> filter variables · <kbd>?</kbd> this help
</div>
"""

_MAIN = """<main>
  <nav aria-label="states"><ol id="steps"></ol></nav>
  <section id="state" aria-live="polite"></section>
  <section id="msc"{hidden}><h2>Messages</h2><div class="chart"></div></section>
</main>
"""
