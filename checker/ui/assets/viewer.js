// The trace viewer of `checker trace html`: reads the trace embedded in the page as JSON
// and builds the step list, the state view (with nested diffs) and the message-sequence
// chart. Values from the trace are untrusted: they only ever reach the page through
// textContent and SVG attributes set with setAttribute, never as HTML.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("trace-data").textContent);
  const V = data.values; // value table: id -> [tag, payload]
  const states = data.states; // [{a: action, v: [value id per variable]}]
  const vars = data.vars;
  const SVG = "http://www.w3.org/2000/svg";
  const ui = {
    selected: 0,
    changedOnly: false,
    filter: [],
  };

  // -- values ---------------------------------------------------------------------------

  const textMemo = new Map();

  function tlaString(s) {
    const escaped = s
      .replace(/\\/g, "\\\\")
      .replace(/"/g, '\\"')
      .replace(/\n/g, "\\n")
      .replace(/\t/g, "\\t");
    return '"' + escaped + '"';
  }

  // The TLA+ text of a value (as TLC prints it), memoised by id.
  function text(id) {
    let t = textMemo.get(id);
    if (t !== undefined) return t;
    const tag = V[id][0];
    const p = V[id][1];
    if (tag === "b") t = p ? "TRUE" : "FALSE";
    else if (tag === "i" || tag === "m" || tag === "x") t = p;
    else if (tag === "s") t = tlaString(p);
    else if (tag === "q") t = "<<" + p.map(text).join(", ") + ">>";
    else if (tag === "S") t = "{" + p.map(text).join(", ") + "}";
    else if (tag === "r") t = "[" + p.map((e) => e[0] + " |-> " + text(e[1])).join(", ") + "]";
    else if (tag === "f") t = "(" + p.map((e) => text(e[0]) + " :> " + text(e[1])).join(" @@ ") + ")";
    else t = "?";
    textMemo.set(id, t);
    return t;
  }

  function short(id, max) {
    const t = text(id);
    return t.length <= max ? t : t.slice(0, max - 1) + "…";
  }

  function isContainer(id) {
    return "qSrf".includes(V[id][0]);
  }

  // Entries of a container: [{key: display text, id: value id, k: comparison key}].
  function entries(id) {
    const tag = V[id][0];
    const p = V[id][1];
    if (tag === "S") return p.map((e) => ({ key: "", id: e, k: e }));
    if (tag === "q") return p.map((e, i) => ({ key: "[" + (i + 1) + "]", id: e, k: i }));
    if (tag === "r") return p.map((e) => ({ key: "." + e[0], id: e[1], k: e[0] }));
    return p.map((e) => ({ key: "[" + text(e[0]) + "]", id: e[1], k: e[0] }));
  }

  function el(name, cls, content) {
    const node = document.createElement(name);
    if (cls) node.className = cls;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  // A value as a tree: scalars as text, containers as <details> built on first opening.
  function valueNode(id, open) {
    if (!isContainer(id)) return el("span", "v v-" + V[id][0], text(id));
    const details = el("details", "v tree");
    const summary = el("summary", "", short(id, 100));
    details.appendChild(summary);
    let built = false;
    const build = () => {
      if (built) return;
      built = true;
      const list = el("div", "entries");
      for (const e of entries(id)) list.appendChild(entryRow("", e.key, valueNode(e.id, false)));
      details.appendChild(list);
    };
    details.addEventListener("toggle", build);
    if (open) {
      build();
      details.open = true;
    }
    return details;
  }

  function entryRow(cls, key, valueEl, mark) {
    const row = el("div", "entry " + cls);
    if (mark) row.appendChild(el("span", "mark", mark));
    if (key) row.appendChild(el("span", "key", key + ":"));
    row.appendChild(valueEl);
    return row;
  }

  // -- diffs ----------------------------------------------------------------------------

  function sameKind(a, b) {
    const ta = V[a][0];
    const tb = V[b][0];
    return isContainer(a) && ta === tb;
  }

  // The changes from container a to container b: {changed, added, removed, kept}.
  function compare(a, b) {
    const ea = entries(a);
    const eb = entries(b);
    if (V[a][0] === "S") return compareSets(ea, eb);
    if (V[a][0] === "q" && ea.length !== eb.length) return compareSequences(ea, eb);
    const before = new Map(ea.map((e) => [e.k, e]));
    const now = new Set(eb.map((e) => e.k));
    const out = { changed: [], added: [], removed: [], kept: [] };
    for (const e of eb) {
      const old = before.get(e.k);
      if (old === undefined) out.added.push(e);
      else if (old.id === e.id) out.kept.push(e);
      else out.changed.push({ key: e.key, from: old.id, to: e.id });
    }
    out.removed = ea.filter((e) => !now.has(e.k));
    return out;
  }

  function compareSets(ea, eb) {
    const before = new Set(ea.map((e) => e.id));
    const now = new Set(eb.map((e) => e.id));
    return {
      changed: [],
      added: eb.filter((e) => !before.has(e.id)),
      removed: ea.filter((e) => !now.has(e.id)),
      kept: eb.filter((e) => before.has(e.id)),
    };
  }

  // Sequences of different lengths: keep the common prefix and suffix, the middle is
  // removed and added (an append, a pop at either end, an insertion show as one change).
  function compareSequences(ea, eb) {
    let lo = 0;
    while (lo < ea.length && lo < eb.length && ea[lo].id === eb[lo].id) lo++;
    let hi = 0;
    while (
      hi < ea.length - lo &&
      hi < eb.length - lo &&
      ea[ea.length - 1 - hi].id === eb[eb.length - 1 - hi].id
    )
      hi++;
    return {
      changed: [],
      added: eb.slice(lo, eb.length - hi),
      removed: ea.slice(lo, ea.length - hi),
      kept: eb.slice(0, lo).concat(eb.slice(eb.length - hi)),
    };
  }

  // How value a became value b, as DOM: nested for containers of the same kind.
  function diffNode(a, b) {
    if (a === b) return valueNode(b, false);
    if (!sameKind(a, b)) {
      const span = el("span", "replaced");
      span.appendChild(el("del", "old", text(a)));
      span.appendChild(el("span", "arrow", " → "));
      span.appendChild(el("ins", "new", text(b)));
      return span;
    }
    const c = compare(a, b);
    const details = el("details", "v tree diff");
    details.open = true;
    const summary = el("summary", "", short(b, 60) + "  ");
    summary.appendChild(el("span", "badge", changeCounts(c)));
    details.appendChild(summary);
    const list = el("div", "entries");
    for (const e of c.changed) list.appendChild(entryRow("changed", e.key, diffNode(e.from, e.to)));
    for (const e of c.added) list.appendChild(entryRow("added", e.key, valueNode(e.id, false), "+"));
    for (const e of c.removed)
      list.appendChild(entryRow("removed", e.key, valueNode(e.id, false), "−"));
    if (c.kept.length) list.appendChild(keptGroup(c.kept));
    details.appendChild(list);
    return details;
  }

  function changeCounts(c) {
    const parts = [];
    if (c.changed.length) parts.push(c.changed.length + " changed");
    if (c.added.length) parts.push("+" + c.added.length);
    if (c.removed.length) parts.push("−" + c.removed.length);
    return parts.join(" ");
  }

  function keptGroup(kept) {
    const details = el("details", "kept");
    details.appendChild(el("summary", "", "… " + kept.length + " unchanged"));
    let built = false;
    details.addEventListener("toggle", () => {
      if (built) return;
      built = true;
      for (const e of kept) details.appendChild(entryRow("", e.key, valueNode(e.id, false)));
    });
    return details;
  }

  // -- the state view -------------------------------------------------------------------

  function changedVars(i) {
    if (i === 0) return vars.map(() => true);
    return vars.map((_, j) => states[i].v[j] !== states[i - 1].v[j]);
  }

  function shownVar(name) {
    if (!ui.filter.length) return true;
    const lower = name.toLowerCase();
    return ui.filter.some((w) => name === w || lower.includes(w.toLowerCase()));
  }

  function actionName(i) {
    return states[i].a || (i === 0 ? "Initial predicate" : "?");
  }

  function renderState() {
    const i = ui.selected;
    const view = document.getElementById("state");
    view.replaceChildren();
    const title = el("h2", "", "State " + (i + 1) + " · ");
    title.appendChild(el("span", "action", actionName(i)));
    view.appendChild(title);
    if (i === states.length - 1 && data.violated) {
      view.appendChild(el("p", "violation", "This state violates " + data.violated + "."));
    }
    const changed = changedVars(i);
    const table = el("div", "vars");
    let shown = 0;
    vars.forEach((name, j) => {
      if (!shownVar(name) || (ui.changedOnly && i > 0 && !changed[j])) return;
      shown++;
      table.appendChild(varRow(i, j, name, i > 0 && changed[j]));
    });
    if (!shown) table.appendChild(el("p", "empty", "No variable to show (see the filter)."));
    view.appendChild(table);
  }

  function varRow(i, j, name, changed) {
    const row = el("div", "var" + (changed ? " changed" : ""));
    row.dataset.var = name;
    row.appendChild(el("div", "name", name));
    const cell = el("div", "value");
    const now = states[i].v[j];
    cell.appendChild(changed ? diffNode(states[i - 1].v[j], now) : valueNode(now, i === 0));
    row.appendChild(cell);
    return row;
  }

  // -- the step list --------------------------------------------------------------------

  function buildSteps() {
    const list = document.getElementById("steps");
    states.forEach((s, i) => {
      const item = el("li");
      const button = el("button", "step");
      button.type = "button";
      button.dataset.step = String(i + 1);
      button.title = "State " + (i + 1) + " · " + actionName(i);
      button.appendChild(el("span", "num", String(i + 1)));
      button.appendChild(el("span", "label", actionName(i)));
      const n = i === 0 ? 0 : changedVars(i).filter(Boolean).length;
      if (i > 0) button.appendChild(el("span", "count", n ? n + " Δ" : "="));
      if (i === states.length - 1 && data.violated) button.classList.add("violating");
      if (data.loop !== null && i === data.loop) button.classList.add("loop-start");
      button.addEventListener("click", () => select(i));
      item.appendChild(button);
      list.appendChild(item);
    });
    if (data.loop !== null) {  // a lasso: how it goes on forever
      const item = el("li", "loop");
      const target = data.loop + 1;
      item.textContent = data.loop === states.length - 1 && data.back === null
        ? "\u21ba State " + states.length + " stutters forever"
        : "\u21ba back to State " + target + (data.back === null ? "" : " \u00b7 " + data.back);
      list.appendChild(item);
    }
  }

  function markSelected() {
    document.querySelectorAll("#steps button.step").forEach((b, i) => {
      const on = i === ui.selected;
      b.classList.toggle("selected", on);
      if (on) b.setAttribute("aria-current", "step");
      else b.removeAttribute("aria-current");
    });
  }

  // -- the message-sequence chart -------------------------------------------------------

  function svg(name, attrs, content) {
    const node = document.createElementNS(SVG, name);
    for (const k of Object.keys(attrs)) node.setAttribute(k, String(attrs[k]));
    if (content !== undefined) node.textContent = content;
    return node;
  }

  const LANE = 170;
  const ROW = 26;
  const TOP = 40;
  const LEFT = 50;

  function buildChart() {
    const msc = data.msc;
    const box = document.getElementById("msc");
    if (!msc) {
      box.hidden = true;
      return;
    }
    const ends = msc.layout === "channels"
      ? " (" + msc.var + "[from][to])"
      : (msc.from ? ", from ." + msc.from : "") + (msc.to ? ", to ." + msc.to : "");
    const caption = "Messages in " + msc.var + ends;
    box.querySelector("h2").textContent = caption;
    const width = LEFT + LANE * msc.lanes.length;
    const height = TOP + ROW * (msc.events.length + 1);
    const chart = svg("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height });
    chart.appendChild(arrowHead());
    msc.lanes.forEach((name, k) => chart.appendChild(lane(name, k, height)));
    let lastStep = -1;
    msc.events.forEach((e, row) => {
      chart.appendChild(eventNode(e, row, e.step !== lastStep));
      lastStep = e.step;
    });
    box.querySelector(".chart").appendChild(chart);
  }

  function laneX(k) {
    return LEFT + LANE * k + LANE / 2;
  }

  function arrowHead() {
    const defs = svg("defs", {});
    const marker = svg("marker", {
      id: "head", viewBox: "0 0 10 10", refX: 9, refY: 5, markerUnits: "userSpaceOnUse",
      markerWidth: 9, markerHeight: 9, orient: "auto-start-reverse",
    });
    marker.appendChild(svg("path", { d: "M0,0 L10,5 L0,10 z", class: "head" }));
    defs.appendChild(marker);
    return defs;
  }

  function lane(name, k, height) {
    const g = svg("g", { class: "lane" });
    g.appendChild(svg("text", { x: laneX(k), y: 20, "text-anchor": "middle" }, name));
    g.appendChild(svg("line", { x1: laneX(k), y1: 28, x2: laneX(k), y2: height }));
    return g;
  }

  function eventNode(e, row, firstOfStep) {
    const y = TOP + ROW * (row + 0.5);
    const g = svg("g", { class: "event", "data-step": e.step + 1 });
    const width = LEFT + LANE * data.msc.lanes.length;
    g.appendChild(svg("rect", { x: 0, y: y - ROW / 2, width: width, height: ROW, class: "hit" }));
    g.appendChild(svg("title", {}, "State " + (e.step + 1) + " · " + actionName(e.step) + "\n" + text(e.id)));
    if (firstOfStep) g.appendChild(svg("text", { x: 6, y: y + 4, class: "stepnum" }, String(e.step + 1)));
    const x1 = laneX(e.from);
    const x2 = laneX(e.to);
    if (x1 === x2) {
      const d = "M" + x1 + "," + (y - 6) + " h24 v12 h-22";
      g.appendChild(svg("path", { d: d, class: "arrow", "marker-end": "url(#head)" }));
    } else {
      g.appendChild(svg("line", { x1: x1, y1: y, x2: x2, y2: y, class: "arrow", "marker-end": "url(#head)" }));
    }
    const mid = x1 === x2 ? x1 + 30 : (x1 + x2) / 2;
    const anchor = x1 === x2 ? "start" : "middle";
    g.appendChild(svg("text", { x: mid, y: y - 4, "text-anchor": anchor, class: "label" }, e.label));
    g.addEventListener("click", () => select(e.step));
    return g;
  }

  function markChart() {
    document.querySelectorAll("#msc g.event").forEach((g) => {
      const step = Number(g.getAttribute("data-step")) - 1;
      g.classList.toggle("current", step === ui.selected);
      g.classList.toggle("future", step > ui.selected);
    });
  }

  // -- navigation -----------------------------------------------------------------------

  // Each move is a history entry: the browser's back and forward buttons move between
  // the states visited (the first state shown replaces the page's own entry).
  function select(i, how) {
    ui.selected = Math.max(0, Math.min(states.length - 1, i));
    renderState();
    markSelected();
    markChart();
    const button = document.querySelectorAll("#steps button.step")[ui.selected];
    if (button && button.scrollIntoView) button.scrollIntoView({ block: "nearest" });
    const hash = "#state=" + (ui.selected + 1);
    if (how === "history" || location.hash === hash) return;
    if (how === "first" || !history.pushState) history.replaceState(null, "", hash);
    else history.pushState(null, "", hash);
  }

  function fromHash() {
    const m = /^#state=(\d+)$/.exec(location.hash);
    return m ? Number(m[1]) - 1 : 0;
  }

  const KEYS = {
    ArrowDown: () => select(ui.selected + 1),
    ArrowRight: () => select(ui.selected + 1),
    j: () => select(ui.selected + 1),
    n: () => select(ui.selected + 1),
    ArrowUp: () => select(ui.selected - 1),
    ArrowLeft: () => select(ui.selected - 1),
    k: () => select(ui.selected - 1),
    p: () => select(ui.selected - 1),
    Home: () => select(0),
    End: () => select(states.length - 1),
    c: () => toggleChanged(),
    "/": () => document.getElementById("filter").focus(),
    "?": () => {
      const help = document.getElementById("help");
      help.hidden = !help.hidden;
    },
  };

  function onKey(event) {
    if (event.target instanceof HTMLInputElement) {
      if (event.key === "Escape" || event.key === "Enter") event.target.blur();
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const action = KEYS[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  }

  function toggleChanged() {
    const box = document.getElementById("changed-only");
    box.checked = !box.checked;
    ui.changedOnly = box.checked;
    renderState();
  }

  function setUp() {
    document.getElementById("title").textContent = data.title;
    document.getElementById("verdict").textContent = data.verdict;
    const filter = document.getElementById("filter");
    filter.addEventListener("input", () => {
      ui.filter = filter.value.split(/[\s,]+/).filter(Boolean);
      renderState();
    });
    const changed = document.getElementById("changed-only");
    changed.addEventListener("change", () => {
      ui.changedOnly = changed.checked;
      renderState();
    });
    document.addEventListener("keydown", onKey);
    window.addEventListener("popstate", () => select(fromHash(), "history"));
    buildSteps();
    buildChart();
    select(fromHash(), "first");
  }

  setUp();
})();
