"""`checker check --coverage-html PAGE`: the coverage of a search as ONE self-contained
HTML page (inline CSS, no script, no network): per action, a row with its counts and
bars drawn as inline SVG, the actions that never fired marked.

Every string on the page (the spec's name, action names, locations, which hold file
paths) is escaped with `html.escape`; the page carries no script, and its
Content-Security-Policy allows only its own style (by hash), as the trace viewer's
(NOTE(untrusted-trace-html) in ui/html.py). It is written atomically (checker/files.py).
"""

from __future__ import annotations

import html
from pathlib import Path

from checker.engine.coverage import ActionCoverage, CoverageReport
from checker.files import write_output
from checker.ui.html import document

BAR_WIDTH = 240  # pixels of the widest bar


def page(report: CoverageReport, spec: str, verdict: str) -> str:
    """The HTML text of the coverage page."""
    actions = (report.init, *report.actions)
    widest = max((a.generated for a in actions), default=0) or 1
    rows = "\n".join(_row(a, widest, a is report.init) for a in actions)
    dead = report.never_fired
    dead_text = (
        "every action fired"
        if not dead
        else f"{len(dead)} action(s) never fired: " + ", ".join(_e(a.name) for a in dead)
    )
    title = f"Coverage of {spec}"
    body = _BODY.format(
        title=_e(title),
        verdict=_e(verdict),
        expanded=f"{report.expanded:,}",
        dead_class="dead" if dead else "alive",
        dead=dead_text,
        rows=rows,
    )
    return document(title, "checker check --coverage-html", _CSS, [], body)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _row(a: ActionCoverage, widest: int, init: bool) -> str:
    kind = "init" if init else ("dead" if a.generated == 0 else "fired")
    return (
        f'<tr class="{kind}"><td class="name">{_e(a.name)}</td>'
        f'<td class="loc">{_e(a.location)}</td>'
        f'<td class="n">{a.enabled:,}</td><td class="n">{a.generated:,}</td>'
        f'<td class="n">{a.distinct:,}</td><td>{_bars(a, widest)}</td></tr>'
    )


def _bars(a: ActionCoverage, widest: int) -> str:
    """Two bars: the successors generated, and in front the distinct states found."""
    g = round(BAR_WIDTH * a.generated / widest)
    d = round(BAR_WIDTH * a.distinct / widest)
    return (
        f'<svg class="bar" width="{BAR_WIDTH}" height="14" role="img" '
        f'aria-label="{a.generated} generated, {a.distinct} distinct">'
        f'<rect class="generated" x="0" y="1" width="{g}" height="12"></rect>'
        f'<rect class="distinct" x="0" y="1" width="{d}" height="12"></rect></svg>'
    )


def write_page(report: CoverageReport, path: str | Path, spec: str, verdict: str) -> Path:
    """Write the page atomically (E506 if it cannot be written)."""
    return write_output(path, page(report, spec, verdict), "the coverage page")


_CSS = """body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em}
table{border-collapse:collapse}
th,td{padding:.25em .6em;border-bottom:1px solid #ddd;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
td.loc{color:#666;font-family:monospace}
tr.dead td.name{color:#b00020;font-weight:bold}
tr.init td.name{font-style:italic}
rect.generated{fill:#9ec5e8}
rect.distinct{fill:#1f6fb2}
p.dead{color:#b00020}
p.alive{color:#2e7d32}
"""

_BODY = """<h1>{title}</h1>
<p id="summary">verdict: {verdict}; {expanded} states expanded</p>
<p id="dead" class="{dead_class}">{dead}</p>
<table id="coverage">
<thead><tr><th>action</th><th>location</th><th>enabled</th><th>generated</th>
<th>distinct</th><th>generated (light), distinct (dark)</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
"""
