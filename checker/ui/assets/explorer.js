// The explorer's panel of `checker explore --web`, beside the trace viewer (viewer.js)
// showing the line of states. Runs before viewer.js: it makes the viewer select the
// session's state. Every change is a POST to the server (with the page's token), then
// the page is loaded again. Text from the spec or the user only ever reaches the page
// through textContent.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("explorer-data").textContent);
  const shown = "#state=" + (data.cursor + 1);
  if (data.cursor >= 0 && location.hash !== shown) history.replaceState(null, "", shown);

  function el(name, cls, content) {
    const node = document.createElement(name);
    if (cls) node.className = cls;
    if (content !== undefined && content !== null) node.textContent = content;
    return node;
  }

  function say(text, bad) {
    const box = document.getElementById("message");
    box.textContent = text || "";
    box.classList.toggle("bad", !!bad);
  }

  // POST an action; `then(answer)` if the server did it, else its message is shown.
  function post(path, body, then) {
    fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Explorer-Token": data.token },
      body: JSON.stringify(body || {}),
      credentials: "same-origin",
    })
      .then((r) => (r.ok ? r.json() : { ok: false, message: "the server refused: " + r.status }))
      .then((answer) => (answer.ok ? then(answer) : say(answer.message, true)))
      .catch((e) => say("the explorer's server is not answering (" + e + ")", true));
  }

  function reload(message) {
    if (message) sessionStorage.setItem("explorer-message", message);
    location.reload();
  }

  // -- the moves ------------------------------------------------------------------------

  function buildMoves() {
    const n = data.moves.length;
    const what = (data.cursor < 0 ? "initial state" : "move") + (n === 1 ? "" : "s");
    document.getElementById("moves-title").textContent = n + " " + what;
    const list = document.getElementById("moves");
    data.moves.forEach((m, i) => {
      const button = el("button", "move");
      button.type = "button";
      button.dataset.move = String(i + 1);
      if (i < 9) button.appendChild(el("kbd", "", String(i + 1)));
      button.appendChild(el("span", "label", m.label));
      if (m.violated) button.appendChild(el("span", "violated", "violates " + m.violated));
      if (m.outside) button.appendChild(el("span", "outside", "outside the model"));
      if (m.seen !== null) button.appendChild(el("span", "seen", "→ #" + (m.seen + 1)));
      button.appendChild(el("span", "changes", m.changes));
      button.addEventListener("click", () => take(i));
      const item = el("li");
      item.appendChild(button);
      list.appendChild(item);
    });
    const note = document.getElementById("moves-note");
    if (data.error) note.appendChild(el("pre", "bad", data.error));
    else if (!data.moves.length)
      note.textContent = data.deadlock ? "Deadlock: no successor." : "No successor.";
  }

  function take(i) {
    post("/api/take", { index: i }, () => reload());
  }

  // -- the line, the states seen, the traces ---------------------------------------------

  function buildLine() {
    const note = document.getElementById("line-note");
    if (data.cursor < 0) {
      note.textContent = "No state yet: choose an initial state.";
      const view = document.getElementById("state");
      view.appendChild(el("h2", "", "Choose an initial state (" + data.moves.length + ")"));
      return;
    }
    let text = "State " + (data.cursor + 1) + " of " + data.length + " on the line · #" + (data.current + 1);
    if (data.violated) text += " · violates " + data.violated;
    if (data.outside) text += " · outside the model (a CONSTRAINT or ACTION_CONSTRAINT excludes it)";
    note.textContent = text;
    if (data.status_error) note.appendChild(el("pre", "bad", data.status_error));
    if (data.cursor === 0) {  // before the first state: choose another initial state
      const start = el("button", "", "Choose another initial state");
      start.type = "button";
      start.id = "initial-states";
      start.addEventListener("click", () => post("/api/go", { position: -1 }, () => reload()));
      note.appendChild(document.createTextNode(" "));
      note.appendChild(start);
    }
    document.getElementById("save-to").textContent = "to " + data.save_to;
  }

  function buildSeen() {
    const list = document.getElementById("seen");
    data.seen.forEach((s) => {
      const button = el("button", "seen-state");
      button.type = "button";
      button.dataset.number = String(s.number + 1);
      button.textContent = "#" + (s.number + 1) + " · " + (s.action || "Initial predicate") + " · depth " + s.depth;
      if (s.number === data.current) button.classList.add("selected");
      button.addEventListener("click", () => post("/api/jump", { number: s.number }, () => reload()));
      const item = el("li");
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  function buildTraces() {
    const list = document.getElementById("traces");
    if (!data.traces.length) list.appendChild(el("li", "empty", "No .itf.json file in " + data.trace_dir));
    data.traces.forEach((name) => {
      const button = el("button", "trace", name);
      button.type = "button";
      button.addEventListener("click", () =>
        post("/api/open", { name: name }, (a) => reload("Opened " + name + ". " + a.message)));
      const item = el("li");
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  // -- evaluating, saving ---------------------------------------------------------------

  function setUpForms() {
    const out = document.getElementById("eval-out");
    const box = document.getElementById("eval");
    document.getElementById("eval-form").addEventListener("submit", (event) => {
      event.preventDefault();
      fetchEval(box.value, out);
    });
    // Enter evaluates here (the viewer's key handler would only leave the box)
    box.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      event.stopPropagation();
      fetchEval(box.value, out);
    });
    document.getElementById("save").addEventListener("click", () =>
      post("/api/save", {}, (a) => say(a.message, false)));
  }

  function fetchEval(text, out) {
    fetch("/api/eval", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Explorer-Token": data.token },
      body: JSON.stringify({ text: text }),
      credentials: "same-origin",
    })
      .then((r) => r.json())
      .then((a) => {
        out.textContent = a.ok ? a.value : a.message;
        out.classList.toggle("bad", !a.ok);
      });
  }

  // -- following the viewer's selection ---------------------------------------------------

  // The viewer selects a state of the line (a click, a key, the browser's back button):
  // the session goes there, and the moves are those from it.
  function followSelection() {
    const m = /^#state=(\d+)$/.exec(location.hash);
    if (!m || data.cursor < 0) return;
    const position = Number(m[1]) - 1;
    if (position !== data.cursor) post("/api/go", { position: position }, () => reload());
  }

  function onKey(event) {
    const t = event.target;
    if (t instanceof HTMLInputElement || event.altKey || event.ctrlKey || event.metaKey) return;
    if (/^[1-9]$/.test(event.key) && Number(event.key) <= data.moves.length) {
      event.preventDefault();
      take(Number(event.key) - 1);
    } else if (event.key === "e") {
      event.preventDefault();
      document.getElementById("eval").focus();
    }
  }

  buildMoves();
  buildLine();
  buildSeen();
  buildTraces();
  setUpForms();
  const carried = sessionStorage.getItem("explorer-message");
  if (carried) {
    sessionStorage.removeItem("explorer-message");
    say(carried, false);
  }
  document.addEventListener("keydown", onKey);
  document.addEventListener("keyup", () => setTimeout(followSelection, 0));
  document.addEventListener("click", () => setTimeout(followSelection, 0));
  window.addEventListener("popstate", () => setTimeout(followSelection, 0));
})();
