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

  // NOTE(chart-layout): a causal chart. Each step with messages is a band; in it, every
  // message received (an arrow from the point where it was sent) and every message sent
  // (a dot on the sender's lane) has a label starting just right of its lane. Labels are
  // measured, then put on the band's first line where they overlap no other label; the
  // band is as tall as its lines, the lanes as wide as their names, the chart as wide as
  // its widest label: so no label is clipped, and none overlaps another.
  const LANE_MIN = 150;
  const LINE = 18;
  const PAD = 5;
  const HEAD = 34;
  const GAP = 10;
  const INDENT = 12; // clear of an arrowhead coming from the right

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
    box.querySelector("h2").textContent = "Messages in " + msc.var + ends;
    for (const note of msc.notes) box.insertBefore(el("p", "note", note), box.querySelector(".chart"));
    const chart = svg("svg", { class: "msc" });
    box.querySelector(".chart").appendChild(chart);
    const layout = chartLayout(msc, measurer(chart));
    chart.setAttribute("width", layout.width);
    chart.setAttribute("height", layout.height);
    chart.setAttribute("viewBox", "0 0 " + layout.width + " " + layout.height);
    chart.appendChild(arrowHead());
    msc.lanes.forEach((name, k) => chart.appendChild(lane(name, layout.laneX(k), layout.height)));
    const below = svg("g", { class: "arrows" });
    const above = svg("g", { class: "labels" });
    for (const band of layout.bands) {
      const [lines, labels] = bandNodes(band, layout, msc);
      below.appendChild(lines);
      above.appendChild(labels);
    }
    chart.appendChild(below);
    chart.appendChild(above);
  }

  // Width of a text in the chart's font (the text is added, measured and removed).
  function measurer(chart) {
    const memo = new Map();
    return (content, cls) => {
      const key = cls + "\u0000" + content;
      let w = memo.get(key);
      if (w === undefined) {
        const t = svg("text", { x: 0, y: 0, class: cls }, content);
        chart.appendChild(t);
        // (0 when the chart is not rendered, e.g. in a hidden tab: then estimated)
        w = t.getBBox().width || content.length * 7.5;
        chart.removeChild(t);
        memo.set(key, w);
      }
      return w;
    };
  }

  function chartLayout(msc, width) {
    const stepCol = Math.max(24, ...states.map((_, i) => width(String(i + 1), "stepnum"))) + 14;
    const lane = Math.max(LANE_MIN, ...msc.lanes.map((n) => width(n, "lanename") + 24));
    const laneX = (k) => stepCol + lane * k + lane / 2;
    const items = new Map(); // step -> [item]
    const add = (item) => {
      if (!items.has(item.step)) items.set(item.step, []);
      items.get(item.step).push(item);
    };
    msc.receipts.forEach((r, n) => add({ kind: "recv", step: r.step, lane: r.lane, receipt: n, text: msc.sends[r.send].label }));
    msc.sends.forEach((s, n) => add({ kind: "send", step: s.step, lane: s.from, send: n, text: s.label }));
    const bands = [];
    const sendAt = new Map(); // send number -> [x, y]
    let top = HEAD;
    let right = stepCol + lane * msc.lanes.length;
    for (const step of [...items.keys()].sort((a, b) => a - b)) {
      const lines = [];
      for (const item of items.get(step)) {
        item.x = laneX(item.lane) + INDENT;
        item.w = width(item.text, "label " + item.kind);
        let line = lines.findIndex((used) => used.every(([a, b]) => item.x + item.w + GAP <= a || b + GAP <= item.x));
        if (line < 0) {
          line = lines.length;
          lines.push([]);
        }
        lines[line].push([item.x, item.x + item.w]);
        item.y = top + PAD + LINE * (line + 0.5);
        right = Math.max(right, item.x + item.w + GAP);
        if (item.kind === "send") sendAt.set(item.send, [laneX(item.lane), item.y]);
      }
      const height = LINE * lines.length + 2 * PAD;
      bands.push({ step: step, top: top, height: height, items: items.get(step) });
      top += height;
    }
    const receivedBy = new Map(); // send number -> lanes that received it
    for (const r of msc.receipts) {
      if (!receivedBy.has(r.send)) receivedBy.set(r.send, new Set());
      receivedBy.get(r.send).add(r.lane);
    }
    return {
      width: Math.ceil(right), height: top + PAD, laneX: laneX, bands: bands, sendAt: sendAt,
      receivedBy: receivedBy,
    };
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

  function lane(name, x, height) {
    const g = svg("g", { class: "lane" });
    g.appendChild(svg("text", { x: x, y: 20, "text-anchor": "middle", class: "lanename" }, name));
    g.appendChild(svg("line", { x1: x, y1: 28, x2: x, y2: height }));
    return g;
  }

  // A band is two groups (both `g.event`, same data-step): its arrows and dots below
  // every label, its labels (on a background that hides the lines they cross) above.
  function bandNodes(band, layout, msc) {
    const lines = svg("g", { class: "event lines", "data-step": band.step + 1 });
    const labels = svg("g", { class: "event labels", "data-step": band.step + 1 });
    lines.appendChild(svg("rect", { x: 0, y: band.top, width: layout.width, height: band.height, class: "hit" }));
    lines.appendChild(svg("title", {}, "State " + (band.step + 1) + " · " + actionName(band.step)));
    const first = Math.min(...band.items.map((item) => item.y));
    labels.appendChild(svg("text", { x: 6, y: first + 4, class: "stepnum" }, String(band.step + 1)));
    for (const item of band.items) {
      if (item.kind === "send") sendNode(lines, labels, item, layout, msc);
      else receiptNode(lines, labels, item, layout, msc);
    }
    for (const g of [lines, labels]) g.addEventListener("click", () => select(band.step));
    return [lines, labels];
  }

  function labelNode(item, cls, data, title) {
    const g = svg("g", { class: "tag" });
    g.appendChild(svg("title", {}, title));
    g.appendChild(svg("rect", { x: item.x - 2, y: item.y - LINE / 2 + 1, width: item.w + 4, height: LINE - 2, class: "labelbg" }));
    g.appendChild(svg("text", Object.assign({ x: item.x, y: item.y + 4, class: "label " + cls }, data), item.text));
    return g;
  }

  function sendNode(lines, labels, item, layout, msc) {
    const s = msc.sends[item.send];
    const [x, y] = layout.sendAt.get(item.send);
    const received = layout.receivedBy.get(item.send) || new Set();
    for (const to of s.to) {  // addressed, not (yet) received: dashed, below its label
      if (received.has(to) || to === s.from) continue;
      const low = y + LINE / 2 - 2;
      lines.appendChild(svg("path", {
        d: "M" + x + "," + y + " V" + low + " H" + layout.laneX(to), class: "arrow pending", "marker-end": "url(#head)",
      }));
    }
    lines.appendChild(svg("circle", { cx: x, cy: y, r: 3.5, class: "send", "data-send": item.send }));
    const title = "sent in state " + (s.step + 1) + ": " + text(s.id);
    labels.appendChild(labelNode(item, "send", { "data-send": item.send }, title));
  }

  function receiptNode(lines, labels, item, layout, msc) {
    const r = msc.receipts[item.receipt];
    const s = msc.sends[r.send];
    const [x1, y1] = layout.sendAt.get(r.send);
    const x2 = layout.laneX(r.lane);
    const y2 = item.y;
    const d = x1 === x2
      ? "M" + x1 + "," + y1 + " C" + (x1 - 36) + "," + y1 + " " + (x2 - 36) + "," + y2 + " " + x2 + "," + y2
      : "M" + x1 + "," + y1 + " L" + x2 + "," + y2;
    lines.appendChild(svg("path", {
      d: d, class: "arrow recv how-" + r.how, "marker-end": "url(#head)", "data-send": r.send,
      "data-lane": r.lane, "data-x1": x1, "data-y1": y1, "data-x2": x2, "data-y2": y2,
    }));
    const how = { witness: "chosen by the step's \u2203", read: "needed by the step", removed: "taken from " + msc.var };
    const title = "received in state " + (r.step + 1) + " (" + how[r.how] + "), sent in state " + (s.step + 1) + ": " + text(s.id);
    labels.appendChild(labelNode(item, "recv", { "data-send": r.send }, title));
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
