(() => {
  "use strict";
  // Reads the JSON block and the marks the page was built with; never writes data as markup
  // (textContent only), so nothing in a document can become an element.
  // The page opens without running over the records: counts come filled in, and a
  // document's records are parsed from their JSON block when first needed.
  const body = document.body;
  const FACETS = ["kind", "pillar", "basis"];
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const json = (id) => JSON.parse(document.getElementById(id).textContent);

  const docs = $$("article.doc").map((el) => ({
    el, n: +el.dataset.count, marks: el.getElementsByTagName("mark"), data: null, on: null,
  }));
  const kpis = json("kpi-data");
  const kpiRows = $$("#kpi-table tr.kpi");
  const kpiDots = $$(".chart .dot");
  const recordKpis = new Map(); // "d:i" -> KPI row numbers the record is a mention of
  kpis.forEach((kpi, k) => kpi.m.forEach((m) => {
    if (m[2] < 0) return;
    const key = kpi.d + ":" + m[2];
    if (!recordKpis.has(key)) recordKpis.set(key, []);
    recordKpis.get(key).push(k);
  }));

  function load(d) {
    const doc = docs[d];
    if (!doc || doc.data) return doc;
    const data = json("records-" + d);
    const at = {};
    data.fields.forEach((name, i) => { at[name] = i; });
    doc.data = data;
    doc.at = at;
    doc.on = new Uint8Array(doc.n).fill(1);
    const column = (name, none) => data.rows.map((row) => {
      const v = at[name] === undefined ? null : row[at[name]];
      return v == null ? none : String(data.strings[name] ? data.strings[name][v] : v);
    });
    doc.kind = column("kind", "none");
    doc.pillar = column("pillar", "none");
    doc.basis = column("basis", "none");
    doc.ind = column("indicator", "");
    return doc;
  }

  const fresh = () => ({ kind: null, pillar: null, basis: null, indicator: "", noind: false, q: "" });
  let state = fresh();
  let filtered = false; // whether marks or counts differ from the page as built
  const active = () => Boolean(state.kind || state.pillar || state.basis || state.indicator ||
    state.noind || state.q);

  function field(doc, i, name) {
    const at = doc.at[name];
    if (at === undefined) return null;
    const v = doc.data.rows[i][at];
    const strings = doc.data.strings[name];
    return v != null && strings ? strings[v] : v;
  }

  function haystack(doc, i) {
    if (!doc.hay) doc.hay = new Array(doc.n);
    if (doc.hay[i] === undefined) {
      doc.hay[i] = ["text", "subject", "sentence", "indicator", "unit", "period", "period_norm",
        "kind", "codes", "breakdown"].map((f) => field(doc, i, f) || "").join("\u0001").toLowerCase();
    }
    return doc.hay[i];
  }

  function passes(doc, i, skip) {
    for (const f of FACETS) {
      if (skip !== f && state[f] && !state[f].has(doc[f][i])) return false;
    }
    if (skip !== "indicator" && state.indicator && doc.ind[i] !== state.indicator) return false;
    if (skip !== "noind" && state.noind && doc.ind[i]) return false;
    if (state.q && !haystack(doc, i).includes(state.q)) return false;
    return true;
  }

  function bump(counts, facet, value) {
    counts[facet][value] = (counts[facet][value] || 0) + 1;
  }

  function apply() {
    if (!active() && !filtered) return;
    filtered = active();
    docs.forEach((doc, d) => load(d));
    const counts = { kind: {}, pillar: {}, basis: {}, indicator: {}, noind: { 1: 0 } };
    let shown = 0;
    const filtering = active();
    docs.forEach((doc, d) => {
      let here = 0;
      for (let i = 0; i < doc.n; i++) {
        const ok = !filtering || passes(doc, i);
        if (ok !== Boolean(doc.on[i])) {
          doc.on[i] = ok ? 1 : 0;
          const m = doc.marks[i];
          if (m) { m.classList.toggle("off", !ok); m.tabIndex = ok ? 0 : -1; }
        }
        if (ok) here++;
        for (const f of FACETS) if (!filtering || passes(doc, i, f)) bump(counts, f, doc[f][i]);
        if (doc.ind[i] && (!filtering || passes(doc, i, "indicator"))) bump(counts, "indicator", doc.ind[i]);
        if (!doc.ind[i] && (!filtering || passes(doc, i, "noind"))) counts.noind[1]++;
      }
      shown += here;
      const tab = $('.doc-count[data-doc="' + d + '"]');
      if (tab) tab.textContent = filtering ? here + "/" + doc.n : String(doc.n);
    });
    for (const span of $$(".count[data-facet]")) {
      span.textContent = String(counts[span.dataset.facet][span.dataset.value] || 0);
    }
    for (const option of $$("#f-indicator option")) {
      if (option.value) option.textContent = option.value + " (" + (counts.indicator[option.value] || 0) + ")";
    }
    let kpiShown = 0;
    kpis.forEach((kpi, k) => {
      const found = kpi.m.filter((m) => m[2] >= 0 && kpi.d >= 0);
      const ok = !filtering || (found.length ? found.some((m) => docs[kpi.d].on[m[2]]) : false);
      if (ok) kpiShown++;
      if (kpiRows[k]) kpiRows[k].classList.toggle("hidden", !ok);
    });
    for (const dot of kpiDots) dot.classList.toggle("dim", kpiRows[+dot.dataset.k].classList.contains("hidden"));
    $("#shown").textContent = String(shown);
    $("#kpi-shown").textContent = String(kpiShown);
    body.dataset.shown = String(shown);
    body.dataset.kpiShown = String(kpiShown);
  }

  // --- the form and the URL hash (#filter=kind:amount;pillar:E&color=pillar&kpi=0) ---------
  function readForm() {
    for (const f of FACETS) {
      const boxes = $$('#filters input[name="' + f + '"]');
      const on = boxes.filter((b) => b.checked).map((b) => b.value);
      state[f] = on.length === boxes.length ? null : new Set(on);
    }
    state.indicator = $("#f-indicator").value;
    state.noind = $("#f-noind").checked;
    state.q = $("#f-q").value.trim().toLowerCase();
  }

  function writeForm() {
    for (const f of FACETS) {
      for (const b of $$('#filters input[name="' + f + '"]')) b.checked = !state[f] || state[f].has(b.value);
    }
    $("#f-indicator").value = state.indicator;
    $("#f-noind").checked = state.noind;
    $("#f-q").value = state.q;
  }

  function filterText() {
    const parts = [];
    for (const f of FACETS) if (state[f]) parts.push(f + ":" + Array.from(state[f]).join(","));
    if (state.indicator) parts.push("indicator:" + state.indicator);
    if (state.noind) parts.push("noind:1");
    if (state.q) parts.push("q:" + state.q);
    return parts.join(";");
  }

  function parseFilter(text) {
    const next = fresh();
    for (const part of text.split(";")) {
      const cut = part.indexOf(":");
      if (cut < 0) continue;
      const key = part.slice(0, cut), value = part.slice(cut + 1);
      if (FACETS.includes(key)) next[key] = new Set(value.split(","));
      else if (key === "indicator") next.indicator = value;
      else if (key === "noind") next.noind = value === "1";
      else if (key === "q") next.q = value.toLowerCase();
    }
    return next;
  }

  function hashParams() {
    const out = {};
    for (const part of location.hash.replace(/^#/, "").split("&")) {
      const cut = part.indexOf("=");
      if (cut > 0) out[part.slice(0, cut)] = decodeURIComponent(part.slice(cut + 1));
    }
    return out;
  }

  function remember() {
    const text = filterText();
    const hash = text ? "#filter=" + encodeURIComponent(text) : "";
    history.replaceState(null, "", location.pathname + location.search + hash);
  }

  function onHash() {
    const p = hashParams();
    state = parseFilter(p.filter || "");
    writeForm();
    apply();
    if (p.color) setColor(p.color);
    if (p.doc) showDoc(+p.doc);
    if (p.mark) {
      const [d, i] = p.mark.includes(":") ? p.mark.split(":").map(Number) : [0, +p.mark];
      if (docs[d] && docs[d].marks[i]) { showDoc(d); select(d, i, true); reveal(docs[d].marks[i]); }
    }
    if (p.kpi !== undefined) go(+p.kpi);
  }

  // --- colours, documents, details -------------------------------------------------------
  function setColor(mode) {
    const pillar = mode === "pillar";
    body.classList.toggle("by-pillar", pillar);
    body.classList.toggle("by-kind", !pillar);
    $("#by-kind").setAttribute("aria-pressed", String(!pillar));
    $("#by-pillar").setAttribute("aria-pressed", String(pillar));
  }

  function showDoc(d) {
    if (!docs[d]) return;
    docs.forEach((doc, n) => { doc.el.hidden = n !== d; });
    for (const tab of $$(".tab")) {
      const shown = +tab.dataset.doc === d;
      tab.setAttribute("aria-selected", String(shown));
      if (shown) tab.parentElement.parentElement.scrollLeft = tab.offsetLeft - 8; // narrow: a strip
    }
    body.dataset.doc = String(d);
  }

  let current = null;
  function show(value) {
    if (value === null || value === undefined || value === "") return "—";
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  }

  function select(d, i, open) {
    if (!docs[d] || !docs[d].marks[i]) return;
    const doc = load(d);
    if (current) current.classList.remove("current");
    current = doc.marks[i];
    current.classList.add("current");
    body.dataset.selected = d + ":" + i;
    const panel = $("#panel-body");
    panel.replaceChildren();
    const h = document.createElement("h3");
    h.textContent = show(field(doc, i, "text"));
    const dl = document.createElement("dl");
    const rows = [["source", doc.data.source], ...doc.data.fields.map((f) => [f, field(doc, i, f)])];
    for (const [name, value] of rows) {
      const dt = document.createElement("dt");
      const dd = document.createElement("dd");
      dt.textContent = name;
      dd.textContent = show(value);
      dd.dataset.field = name;
      if (value === null || value === undefined) dd.className = "null";
      dl.append(dt, dd);
    }
    panel.append(h, dl);
    const links = recordKpis.get(d + ":" + i) || [];
    if (links.length) {
      const box = document.createElement("div");
      box.className = "kpi-links";
      for (const k of links) {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = "KPI row " + (k + 1);
        b.addEventListener("click", () => {
          const row = kpiRows[k];
          row.scrollIntoView({ block: "center" });
          row.querySelector("button.go").focus();
        });
        box.append(b);
      }
      panel.append(box);
    }
    if (open) $("#panel").classList.add("open");
  }

  // The n-th mark of a document is its n-th record (both sorted by start, longest first).
  function indexOf(doc, mark) {
    const start = +mark.dataset.start;
    let lo = 0, hi = doc.marks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (+doc.marks[mid].dataset.start < start) lo = mid + 1; else hi = mid;
    }
    while (lo < doc.marks.length && doc.marks[lo] !== mark) lo++;
    return lo;
  }

  function markOf(target) {
    const m = target && target.closest ? target.closest(".text mark") : null;
    if (!m) return null;
    const d = +m.closest(".doc").dataset.doc;
    return [d, indexOf(docs[d], m)];
  }

  // Scroll the document box, not the page, to a mark; the page moves only when the box
  // itself is off screen.
  function reveal(mark) {
    const viewer = $("#viewer");
    const box = viewer.getBoundingClientRect();
    const at = mark.getBoundingClientRect();
    // A narrow screen's details sheet covers the lower half: keep the mark above it.
    const sheet = window.matchMedia && window.matchMedia("(max-width: 899px)").matches;
    viewer.scrollTop += at.top - box.top - viewer.clientHeight * (sheet ? 0.2 : 0.5);
    const now = viewer.getBoundingClientRect();
    if (now.top < 0 || now.bottom > window.innerHeight) viewer.scrollIntoView({ block: "nearest" });
  }

  // --- KPI → its mentions ----------------------------------------------------------------
  let last = { k: -1, n: -1 };
  let reached = [];
  function go(k) {
    const kpi = kpis[k];
    if (!kpi || kpi.d < 0) return;
    const doc = docs[kpi.d];
    showDoc(kpi.d);
    const marks = kpi.m.map((m) => (m[2] >= 0 ? doc.marks[m[2]]
      : doc.el.querySelector('mark[data-start="' + m[0] + '"][data-end="' + m[1] + '"]'))).filter(Boolean);
    if (!marks.length) return;
    last = { k, n: last.k === k ? (last.n + 1) % marks.length : 0 };
    for (const m of reached) { m.classList.remove("flash"); delete m.dataset.reached; }
    for (const row of kpiRows) row.classList.remove("active");
    if (kpiRows[k]) kpiRows[k].classList.add("active");
    reached = marks;
    void doc.el.offsetWidth; // restart the animation on marks that flashed before
    for (const m of marks) { m.classList.add("flash"); m.dataset.reached = String(k); }
    const target = marks[last.n];
    target.focus({ preventScroll: true });
    reveal(target);
    select(kpi.d, indexOf(doc, target), false);
    body.dataset.reached = kpi.d + ":" + target.dataset.start + "-" + target.dataset.end;
  }

  // --- wiring ----------------------------------------------------------------------------
  const viewer = $("#viewer");
  viewer.addEventListener("mouseover", (e) => { const at = markOf(e.target); if (at) select(at[0], at[1], false); });
  viewer.addEventListener("focusin", (e) => { const at = markOf(e.target); if (at) select(at[0], at[1], false); });
  viewer.addEventListener("click", (e) => { const at = markOf(e.target); if (at) select(at[0], at[1], true); });
  viewer.addEventListener("keydown", (e) => {
    const at = markOf(e.target);
    if (at && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); select(at[0], at[1], true); }
  });
  viewer.addEventListener("animationend", (e) => e.target.classList.remove("flash"));
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") $("#panel").classList.remove("open"); });
  $("#panel-close").addEventListener("click", () => $("#panel").classList.remove("open"));
  $("#kpis").addEventListener("click", (e) => {
    const hit = e.target.closest ? e.target.closest("button.go, .dot") : null;
    if (hit) go(+hit.dataset.k);
  });
  for (const tab of $$(".tab")) tab.addEventListener("click", () => showDoc(+tab.dataset.doc));
  $("#by-kind").addEventListener("click", () => setColor("kind"));
  $("#by-pillar").addEventListener("click", () => setColor("pillar"));
  const form = $("#filters");
  form.addEventListener("change", () => { readForm(); apply(); remember(); });
  let typing = 0;
  $("#f-q").addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => { readForm(); apply(); remember(); }, 150);
  });
  form.addEventListener("reset", () => setTimeout(() => { readForm(); apply(); remember(); }, 0));
  form.addEventListener("submit", (e) => e.preventDefault());
  window.addEventListener("hashchange", onHash);
  if (window.matchMedia && window.matchMedia("(max-width: 899px)").matches) $("#filter-box").open = false;
  window.addEventListener("beforeprint", () => { for (const doc of docs) doc.el.hidden = false; });
  window.addEventListener("afterprint", () => showDoc(+(body.dataset.doc || 0)));

  body.dataset.doc = "0";
  onHash();
  // Parse the shown document's records once the page is up, before the first hover needs them.
  const later = window.requestIdleCallback || ((f) => setTimeout(f, 200));
  later(() => load(+(body.dataset.doc || 0)));
  body.dataset.ready = "1";
  body.dataset.readyMs = String(Math.round(performance.now()));
  // The time of the first frame drawn after the script (benchmarks/review_bench.py reads it).
  requestAnimationFrame(() => setTimeout(() => {
    body.dataset.paintMs = String(Math.round(performance.now()));
  }, 0));
})();
