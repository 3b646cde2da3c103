"""`checker explore --web`: the explorer in a browser, served on 127.0.0.1.

The page is the trace viewer's (`checker trace html`: its CSS and script, unchanged)
showing the line of states, with the explorer's panel beside it (assets/explorer.js):
the moves from the state shown, the states seen, an expression box, the traces that may
be opened, and saving. Each change asks the server (a JSON POST) and reloads the page,
which the server renders anew from the session; the state shown is the viewer's
selected one (`#state=N`), so clicking a state on the line moves the session there.

NOTE(explorer-web-safety): the server is the standard library's, bound to 127.0.0.1 only;
each request is answered on a thread of its own (a browser's idle preconnection cannot
hold the others up; a silent connection is dropped after TIMEOUT seconds), and the
session is touched by one request at a time (`Site.lock`), on a deep thread
(NOTE(deep-recursion)).
1. No page of another site may drive it: every POST must carry the token the page was
   served with (`X-Explorer-Token`, a custom header, so a cross-site request needs a
   CORS preflight, which the server never grants; another site cannot read the page to
   learn the token), and a request whose Host is not this server's address, or whose
   Origin is another, is refused (403): DNS rebinding gets nowhere either.
2. The page can write one file only, the --save file named on the command line, and
   open only the traces found under --trace-dir, by a name from that list (no path is
   ever taken from a request).
3. Everything from the spec, the traces and the user reaches the page as JSON in
   `<script type="application/json">` blocks with `<`, `>` and `&` escaped, and the
   scripts build the page with textContent (NOTE(untrusted-trace-html) in ui/html.py);
   a Content-Security-Policy allows only the page's own scripts and styles (by hash) and
   requests to the server itself.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import threading
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TextIO

from checker.diagnostics import CheckerError, Diagnostic, format_diagnostic
from checker.explorer.evaluate import evaluate
from checker.explorer.files import TRACE_SUFFIX, foreign_warning, load_trace, save_trace
from checker.explorer.session import Session
from checker.stack import deep_entry
from checker.ui.explorer import change_words, one_line
from checker.ui.html import (
    asset,
    document,
    script_json,
    trace_data,
    viewer_header,
    viewer_main,
)
from checker.values.pretty import pretty

MAX_BODY = 64 * 1024  # bytes of a request's JSON body
MAX_TRACES = 1000  # traces listed on the page
TIMEOUT = 30  # seconds a connection may stay silent


@dataclass(frozen=True)
class Site:
    """What the server serves from: the session, the one file saving writes, the
    directory whose traces may be opened, and the token of its pages."""

    session: Session
    save_to: Path
    trace_dir: Path
    token: str
    lock: threading.Lock = field(default_factory=threading.Lock)


def serve(session: Session, save_to: Path, trace_dir: Path, port: int, out: TextIO) -> None:
    """Serve until Ctrl-C; prints the address (E532 if the port cannot be had)."""
    site = Site(session, save_to, trace_dir, secrets.token_urlsafe(24))
    try:
        server = _Server(("127.0.0.1", port), _handler(site))
    except OSError as exc:
        message = f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}"
        hint = "choose another --port, or leave it out for a free one"
        raise CheckerError((Diagnostic("E532", message, hint=hint),)) from None
    try:
        out.write(
            f"Exploring {session.model.name} at http://{address(server)}/  (Ctrl-C to stop)\n"
        )
        out.flush()
        server.serve_forever(poll_interval=0.2)
        if server.failure is not None:
            raise server.failure
    except KeyboardInterrupt:
        out.write("stopped\n")
    finally:
        server.server_close()


class _Server(ThreadingHTTPServer):
    failure: BaseException | None = None  # a bug met answering a request

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser gone mid-answer is nothing; anything else is a bug of ours, which
        stops the server and comes out of `serve` (an internal error, exit 4), never a
        traceback per request."""
        failure = sys.exc_info()[1]  # socketserver calls this inside its `except`
        assert failure is not None
        if not isinstance(failure, ConnectionError):
            self.failure = failure
            self.shutdown()  # from the request's thread: serve_forever ends


def address(server: object) -> str:
    """`127.0.0.1:PORT`, the server's address as the browser names it in Host."""
    assert isinstance(server, HTTPServer)
    host, port = server.server_address[0], server.server_address[1]
    return f"{host!s}:{port}"


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        pass

    Handler.site = site
    return Handler


class _Handler(BaseHTTPRequestHandler):
    site: Site
    timeout = TIMEOUT
    server_version = "checker-explore"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows the address and nothing else."""

    def do_GET(self) -> None:
        if not self._same_site():
            return
        if self.path.split("?")[0] in ("/", "/index.html"):
            with self.site.lock:
                page = deep_entry(explorer_page)(self.site)
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", page)
        else:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", "not found\n")

    def do_POST(self) -> None:
        if not self._same_site():
            return
        if not secrets.compare_digest(self.headers.get("X-Explorer-Token", ""), self.site.token):
            self._send(HTTPStatus.FORBIDDEN, "text/plain; charset=utf-8", "bad token\n")
            return
        length_text = self.headers.get("Content-Length", "0")
        length = int(length_text) if length_text.isdigit() else -1
        if not 0 <= length <= MAX_BODY:
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "text/plain", "too large\n")
            return
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
            if not isinstance(body, dict):
                raise ValueError("not an object")
            with self.site.lock:
                answer = deep_entry(act)(self.site, self.path, body)
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            answer = {"ok": False, "message": f"bad request: {exc}"}
        self._send(HTTPStatus.OK, "application/json", json.dumps(answer))

    def _same_site(self) -> bool:
        """The Host is this server's address and the Origin, if any, is this server
        (NOTE(explorer-web-safety))."""
        here = address(self.server)
        origin = self.headers.get("Origin")
        if self.headers.get("Host") == here and origin in (None, f"http://{here}"):
            return True
        where = f"http://{here}/"
        self._send(HTTPStatus.FORBIDDEN, "text/plain; charset=utf-8", f"forbidden: open {where}\n")
        return False

    def _send(self, status: HTTPStatus, kind: str, text: str) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        self.wfile.write(data)


# -- the actions ------------------------------------------------------------------------


def act(site: Site, path: str, body: dict[str, Any]) -> dict[str, Any]:
    """Carry out one POST on the session: {"ok": bool, "message": str, ...}."""
    session = site.session
    if path == "/api/take":
        session.take(_index(body, "index", len(session.moves().moves)))
    elif path == "/api/go":
        session.go(_index(body, "position", len(session.line), low=-1))
    elif path == "/api/jump":
        session.jump(_index(body, "number", len(session.states)))
    elif path == "/api/eval":
        return _evaluate(session, str(body["text"]))
    elif path == "/api/open":
        return _open(site, str(body["name"]), body.get("state"))
    elif path == "/api/save":
        return _save(site)
    else:
        return {"ok": False, "message": f"no action {path}"}
    return {"ok": True, "message": ""}


def _index(body: dict[str, Any], key: str, count: int, low: int = 0) -> int:
    value = body[key]
    if type(value) is not int or not low <= value < count:
        raise ValueError(f"{key} must be a number from {low} to {count - 1}")
    return value


def _evaluate(session: Session, text: str) -> dict[str, Any]:
    current = session.current
    if current is None:
        return {"ok": False, "message": "no state yet: choose an initial state first"}
    found = evaluate(session.model, text, session.state(current.id), session.cursor + 1)
    if found.error is not None:
        return {"ok": False, "message": format_diagnostic(found.error)}
    return {"ok": True, "message": "", "value": pretty(found.value, 80)}


def traces(trace_dir: Path) -> list[str]:
    """The ITF traces the page may open: those under --trace-dir (`checker ci` writes a
    directory per model there), by their names relative to it, at most MAX_TRACES;
    symbolic links to directories are not followed."""
    found: list[str] = []
    for top, dirs, files in os.walk(trace_dir, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(TRACE_SUFFIX) and len(found) < MAX_TRACES:
                found.append((Path(top) / name).relative_to(trace_dir).as_posix())
    return found


def _open(site: Site, name: str, state: object) -> dict[str, Any]:
    if name not in traces(site.trace_dir):  # a name from the list, never a path
        return {"ok": False, "message": f"no trace {name!r} in {site.trace_dir}"}
    path = site.trace_dir / name
    try:
        trace = load_trace(site.session.model, path)
    except CheckerError as exc:
        return {"ok": False, "message": format_diagnostic(exc.diagnostics[0])}
    last = len(trace.steps) - 1
    position = last if state is None else state
    if type(position) is not int or not 0 <= position <= last:
        return {"ok": False, "message": f"no state {state!r}: the trace has {last + 1}"}
    warning = foreign_warning(site.session.model, trace, path)
    site.session.follow(trace, position)
    return {"ok": True, "message": format_diagnostic(warning) if warning else ""}


def _save(site: Site) -> dict[str, Any]:
    if not site.session.line:
        return {"ok": False, "message": "nothing to save yet: choose an initial state first"}
    try:
        written = save_trace(site.session.trace(), site.save_to)
    except CheckerError as exc:
        return {"ok": False, "message": format_diagnostic(exc.diagnostics[0])}
    return {"ok": True, "message": f"saved {len(site.session.line)} states to {written}"}


# -- the page ---------------------------------------------------------------------------


def explorer_data(site: Site) -> dict[str, Any]:
    """What explorer.js needs besides the viewer's trace data."""
    session = site.session
    current = session.current
    source = None if current is None else session.state(current.id)
    moves = session.moves()
    names = session.variables
    status = session.status(session.cursor) if current is not None else None
    return {
        "token": site.token,
        "cursor": session.cursor,
        "length": len(session.line),
        "current": None if current is None else current.id,
        "violated": None if status is None else status.violated,
        "outside": status is not None and not status.in_model,
        "status_error": _message(status.error if status else None),
        "moves": [
            {
                "label": m.label,
                "changes": one_line(names, m.state)
                if source is None
                else (change_words(names, source, m.state) if m.changed else "no change"),
                "seen": m.seen,
                "violated": m.violated,
                "outside": not m.in_model,
            }
            for m in moves.moves
        ],
        "deadlock": moves.deadlock,
        "error": _message(moves.error),
        "seen": [
            {"number": n, "action": session.reached[n][-1].action, "depth": len(session.reached[n])}
            for n in range(len(session.states))
        ],
        "traces": traces(site.trace_dir),
        "trace_dir": str(site.trace_dir),
        "save_to": str(site.save_to),
    }


def _message(diag: Diagnostic | None) -> str | None:
    return None if diag is None else format_diagnostic(diag)


def explorer_page(site: Site) -> str:
    session = site.session
    title = f"Explore {session.model.name}"
    trace = session.trace()
    if session.line:  # the viewer marks the line's last state if it violates an invariant
        trace = replace(trace, violated=session.status(len(session.line) - 1).violated)
    css = asset("viewer.css") + asset("explorer.css")
    scripts = [asset("explorer.js")]
    if session.current is not None:
        scripts.append(asset("viewer.js"))
    body = _BODY.format(
        header=viewer_header(title),
        main=viewer_main(msc_hidden=True),
        data=script_json(trace_data(trace, None, title)),
        explorer=script_json(explorer_data(site)),
    )
    return document(
        title, "checker explore --web", css, scripts, body, connect=True, body_class="explorer"
    )


_BODY = """{header}<div id="help" hidden>
  <kbd>↓</kbd>/<kbd>j</kbd> next state on the line · <kbd>↑</kbd>/<kbd>k</kbd> previous ·
  <kbd>1</kbd>-<kbd>9</kbd> take a move · <kbd>c</kbd> changed only · <kbd>/</kbd> filter ·
  <kbd>e</kbd> evaluate · <kbd>?</kbd> this help
</div>
<noscript><p>The explorer needs JavaScript.</p></noscript>
<div class="explore">
{main}<aside id="explorer" aria-label="explorer">
  <section><h2 id="moves-title">Moves</h2><ol id="moves"></ol><p id="moves-note"></p></section>
  <section><h2>Evaluate</h2>
    <form id="eval-form"><input id="eval" type="text" spellcheck="false"
      placeholder="a TLA+ expression, e.g. Cardinality(msgs)" aria-label="expression">
      <button type="submit">=</button></form>
    <pre id="eval-out"></pre></section>
  <section><h2>Line</h2><p id="line-note"></p>
    <button type="button" id="save">Save as ITF</button> <span id="save-to"></span>
    <p id="message" role="status"></p></section>
  <section><h2>Open a trace</h2><ul id="traces"></ul></section>
  <section><h2>States seen</h2><ol id="seen"></ol></section>
</aside>
</div>
<script type="application/json" id="trace-data">{data}</script>
<script type="application/json" id="explorer-data">{explorer}</script>
"""
