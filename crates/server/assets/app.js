// citra dashboard. Vanilla JS, no dependencies, no network beyond this server.
//
// Post texts are untrusted: every piece of data goes into the page through textContent or
// createTextNode, never innerHTML; a mention is highlighted by splitting the text into text
// nodes around a <mark>. The server's Content-Security-Policy forbids inline scripts anyway.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const LANGS = ["en", "id"];
  const state = {
    lang: "en",
    dict: {},
    countries: [],
    country: null,
    from: "",
    to: "",
    by: "week",
    voice: "all",
    leaders: "exclude",
    image: null,
    shocks: null,
    selected: null, // {from, to, shock}
  };

  // ---------- small DOM helpers (text only) ----------
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, String(v));
    }
    for (const c of children || []) {
      if (c === null || c === undefined) continue;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return node;
  }
  function svg(tag, attrs, children) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, String(v));
    }
    for (const c of children || []) if (c) node.appendChild(c);
    return node;
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }
  function t(key, vars) {
    let s = state.dict[key] || key;
    for (const [k, v] of Object.entries(vars || {})) s = s.split("{" + k + "}").join(String(v));
    return s;
  }
  function fmt(x, digits) {
    if (x === null || x === undefined || !isFinite(x)) return "–";
    const s = x.toFixed(digits === undefined ? 2 : digits);
    return x > 0 ? "+" + s : s;
  }
  function toneClass(label) {
    return label === "negative" || label === "positive" || label === "neutral" ? label : "unscored";
  }

  // ---------- API ----------
  async function api(path, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) q.set(k, v);
    const url = "/api/v1/" + path + (q.toString() ? "?" + q.toString() : "");
    const res = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      body = null;
    }
    if (!res.ok) {
      const err = new Error((body && body.error && body.error.message) || res.statusText);
      err.status = res.status;
      throw err;
    }
    return body;
  }

  // ---------- dates ----------
  function parseDay(s) {
    const [y, m, d] = s.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1, d));
  }
  function dayStr(d) {
    return d.toISOString().slice(0, 10);
  }
  /// Last day of the period that starts on `start` (YYYY-MM-DD).
  function periodEnd(start, by) {
    const d = parseDay(start);
    if (by === "day") return start;
    if (by === "week") return dayStr(new Date(d.getTime() + 6 * 86400000));
    if (by === "month") return dayStr(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)));
    return dayStr(new Date(Date.UTC(d.getUTCFullYear(), 11, 31)));
  }

  // ---------- layout ----------
  const root = document.getElementById("app");
  const ui = {};

  function buildLayout() {
    clear(root);
    ui.langButtons = LANGS.map((l) =>
      el("button", { type: "button", class: "lang", "data-lang": l, text: l.toUpperCase(), onclick: () => setLang(l) })
    );
    ui.country = el("select", { id: "country", "aria-label": "country" });
    ui.from = el("input", { id: "from", type: "date" });
    ui.to = el("input", { id: "to", type: "date" });
    ui.by = el("select", { id: "by" }, ["day", "week", "month", "year"].map((p) => el("option", { value: p })));
    // Whose voice (foreign: the international image) and whether leaders' mentions count.
    ui.voice = el("select", { id: "voice" }, ["all", "foreign", "domestic", "unknown"].map((v) => el("option", { value: v })));
    ui.leaders = el("select", { id: "leaders" }, ["exclude", "include"].map((v) => el("option", { value: v })));
    ui.show = el("button", { type: "button", id: "show", onclick: () => load() });
    ui.labels = {
      country: el("label", { for: "country" }),
      from: el("label", { for: "from" }),
      to: el("label", { for: "to" }),
      by: el("label", { for: "by" }),
      voice: el("label", { for: "voice" }),
      leaders: el("label", { for: "leaders" }),
    };
    ui.title = el("h1", {});
    ui.subtitle = el("p", { class: "subtitle" });
    ui.apiLink = el("a", { href: "/api/v1/openapi.json", class: "api-link" });
    ui.status = el("p", { id: "status", class: "status", role: "status" });
    ui.chartTitle = el("h2", {});
    ui.chart = el("div", { id: "chart", class: "chart" });
    ui.shocksTitle = el("h3", {});
    ui.shockList = el("div", { id: "shock-list", class: "shock-list" });
    ui.evidenceTitle = el("h2", {});
    ui.evidence = el("div", { id: "evidence", class: "evidence" });
    ui.actorsTitle = el("h2", {});
    ui.actors = el("div", { id: "actors", class: "panel-body" });
    ui.relationsTitle = el("h2", {});
    ui.relations = el("div", { id: "relations", class: "panel-body" });
    ui.cascadesTitle = el("h2", {});
    ui.cascades = el("div", { id: "cascades", class: "panel-body" });
    ui.rebuttalsTitle = el("h2", {});
    ui.rebuttals = el("div", { id: "rebuttals", class: "panel-body" });
    ui.copiesTitle = el("h2", {});
    ui.copies = el("div", { id: "copies", class: "panel-body" });

    root.appendChild(
      el("header", { class: "top" }, [
        el("div", { class: "brand" }, [ui.title, ui.subtitle]),
        el("nav", { class: "langs" }, [...ui.langButtons, ui.apiLink]),
      ])
    );
    root.appendChild(
      el("form", { class: "controls", onsubmit: (e) => { e.preventDefault(); load(); } }, [
        el("div", { class: "field" }, [ui.labels.country, ui.country]),
        el("div", { class: "field" }, [ui.labels.from, ui.from]),
        el("div", { class: "field" }, [ui.labels.to, ui.to]),
        el("div", { class: "field" }, [ui.labels.by, ui.by]),
        el("div", { class: "field" }, [ui.labels.voice, ui.voice]),
        el("div", { class: "field" }, [ui.labels.leaders, ui.leaders]),
        ui.show,
      ])
    );
    root.appendChild(ui.status);
    root.appendChild(el("section", { class: "panel", id: "image-panel" }, [ui.chartTitle, ui.chart, ui.shocksTitle, ui.shockList]));
    root.appendChild(el("section", { class: "panel", id: "evidence-panel" }, [ui.evidenceTitle, ui.evidence]));
    root.appendChild(
      el("div", { class: "grid" }, [
        el("section", { class: "panel", id: "actors-panel" }, [ui.actorsTitle, ui.actors]),
        el("section", { class: "panel", id: "relations-panel" }, [ui.relationsTitle, ui.relations]),
      ])
    );
    root.appendChild(el("section", { class: "panel", id: "cascades-panel" }, [ui.cascadesTitle, ui.cascades]));
    root.appendChild(el("section", { class: "panel", id: "rebuttals-panel" }, [ui.rebuttalsTitle, ui.rebuttals]));
    root.appendChild(el("section", { class: "panel", id: "copies-panel" }, [ui.copiesTitle, ui.copies]));
    ui.country.addEventListener("change", () => load());
    ui.by.addEventListener("change", () => load());
    ui.voice.addEventListener("change", () => load());
    ui.leaders.addEventListener("change", () => load());
  }

  // The counting rules every index request carries.
  function counting() {
    return { voice: state.voice, leaders: state.leaders };
  }

  function applyTexts() {
    document.documentElement.lang = state.lang;
    document.title = t("title");
    ui.title.textContent = t("title");
    ui.subtitle.textContent = t("subtitle");
    ui.apiLink.textContent = t("api");
    ui.labels.country.textContent = t("country");
    ui.labels.from.textContent = t("from");
    ui.labels.to.textContent = t("to");
    ui.labels.by.textContent = t("period");
    for (const o of ui.by.options) o.textContent = t(o.value);
    ui.labels.voice.textContent = t("voice");
    for (const o of ui.voice.options) o.textContent = t("voice_" + o.value);
    ui.labels.leaders.textContent = t("leaders");
    for (const o of ui.leaders.options) o.textContent = t("leaders_" + o.value);
    ui.show.textContent = t("show");
    ui.shocksTitle.textContent = t("shocks");
    ui.evidenceTitle.textContent = t("evidence");
    ui.actorsTitle.textContent = t("actors");
    ui.relationsTitle.textContent = t("relations");
    ui.cascadesTitle.textContent = t("cascades");
    ui.rebuttalsTitle.textContent = t("rebuttals");
    ui.copiesTitle.textContent = t("copies");
    for (const b of ui.langButtons) b.classList.toggle("active", b.getAttribute("data-lang") === state.lang);
    fillCountries();
  }

  async function setLang(lang) {
    if (!LANGS.includes(lang)) lang = "en";
    const res = await fetch("/assets/i18n/" + lang + ".json");
    state.dict = await res.json();
    state.lang = lang;
    try {
      localStorage.setItem("citra.lang", lang);
    } catch (e) {
      /* storage may be off */
    }
    applyTexts();
    if (state.country) writeView();
    if (state.image) render();
    if (state.image) loadSide({ country: state.country, from: state.from, to: state.to });
    if (state.selected) selectRange(state.selected.from, state.selected.to, state.selected.shock);
  }

  function fillCountries() {
    const current = ui.country.value;
    clear(ui.country);
    for (const c of state.countries) {
      const name = state.lang === "id" ? c.name_id : c.name;
      ui.country.appendChild(el("option", { value: c.code, text: name + " (" + c.code + ") · " + c.mentions }));
    }
    if (current) ui.country.value = current;
  }

  function setStatus(msg, isError) {
    ui.status.textContent = msg || "";
    ui.status.classList.toggle("error", !!isError);
  }

  // ---------- the view in the URL ----------
  // A view (country, range, period, counting rules, language, selected shock or period) lives in
  // the URL's fragment, so a view is a link: #country=MEX&by=week&from=…&to=…&sel=2019-06-03..2019-06-30&shock=2019-06-03.
  // The fragment never reaches the server. Values that do not parse are ignored.
  const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
  const VIEW_CHOICES = {
    by: ["day", "week", "month", "year"],
    voice: ["all", "foreign", "domestic", "unknown"],
    leaders: ["exclude", "include"],
    lang: LANGS,
  };
  function readView() {
    const q = new URLSearchParams((location.hash || "").replace(/^#/, ""));
    const v = {};
    const country = (q.get("country") || "").toUpperCase();
    if (/^[A-Z]{3}$/.test(country)) v.country = country;
    for (const k of ["from", "to"]) if (DAY_RE.test(q.get(k) || "")) v[k] = q.get(k);
    for (const [k, allowed] of Object.entries(VIEW_CHOICES)) if (allowed.includes(q.get(k))) v[k] = q.get(k);
    const sel = (q.get("sel") || "").split("..");
    if (sel.length === 2 && DAY_RE.test(sel[0]) && DAY_RE.test(sel[1]) && sel[0] <= sel[1]) v.sel = { from: sel[0], to: sel[1] };
    if (DAY_RE.test(q.get("shock") || "")) v.shock = q.get("shock");
    return v;
  }
  function viewHash() {
    const q = new URLSearchParams();
    if (state.country) q.set("country", state.country);
    if (state.from) q.set("from", state.from);
    if (state.to) q.set("to", state.to);
    q.set("by", state.by);
    if (state.voice !== "all") q.set("voice", state.voice);
    if (state.leaders !== "exclude") q.set("leaders", state.leaders);
    q.set("lang", state.lang);
    if (state.selected) {
      q.set("sel", state.selected.from + ".." + state.selected.to);
      if (state.selected.shock) q.set("shock", state.selected.shock.date);
    }
    return "#" + q.toString();
  }
  // Each new view is a history entry (Back returns to the view before); applying a view from the
  // URL does not add one.
  let applyingView = false;
  let shownHash = null;
  function writeView() {
    if (applyingView) return;
    const h = viewHash();
    if (h !== location.hash) history.pushState(null, "", h);
    shownHash = h;
  }
  async function applyView() {
    const v = readView();
    applyingView = true;
    try {
      // Nothing of the view before is redrawn by the language switch: the view is loaded anew.
      state.selected = null;
      state.image = null;
      if (v.lang && v.lang !== state.lang) await setLang(v.lang);
      if (v.country && state.countries.some((c) => c.code === v.country)) ui.country.value = v.country;
      ui.from.value = v.from || "";
      ui.to.value = v.to || "";
      ui.by.value = v.by || "week";
      ui.voice.value = v.voice || "all";
      ui.leaders.value = v.leaders || "exclude";
      await load();
      if (v.sel && state.image) {
        const shock = v.shock && state.shocks ? (state.shocks.shocks || []).find((s) => s.date === v.shock) || null : null;
        await selectRange(v.sel.from, v.sel.to, shock);
      }
    } finally {
      applyingView = false;
    }
    // The URL now names the whole view, defaults included.
    shownHash = viewHash();
    history.replaceState(null, "", shownHash);
  }

  // ---------- loading ----------
  async function load() {
    state.country = ui.country.value;
    state.from = ui.from.value;
    state.to = ui.to.value;
    state.by = ui.by.value;
    state.voice = ui.voice.value;
    state.leaders = ui.leaders.value;
    state.selected = null;
    if (!state.country) return;
    setStatus(t("loading"));
    const range = { country: state.country, from: state.from, to: state.to };
    try {
      state.image = await api("image", { ...range, by: state.by, ...counting() });
      state.shocks = null;
      if (state.by !== "year") {
        try {
          state.shocks = await api("shocks", { ...range, by: state.by, ...counting() });
        } catch (e) {
          if (e.status !== 404) throw e;
        }
      }
      setStatus(state.image.points.length ? "" : t("no_data"));
      writeView();
      render();
      clear(ui.evidence).appendChild(el("p", { class: "hint", text: t("evidence_hint") }));
      loadSide(range);
    } catch (e) {
      setStatus(t("error", { message: e.message }), true);
    }
  }

  /// The country's name in the page's language.
  function countryName(code, fallback) {
    const c = state.countries.find((x) => x.code === code);
    if (!c) return fallback || code;
    return state.lang === "id" ? c.name_id : c.name;
  }

  function render() {
    const name = state.image ? countryName(state.image.country, state.image.name) : "";
    ui.chartTitle.textContent = t("chart_title", { country: name });
    drawChart();
    drawShockList();
  }

  // ---------- chart (SVG) ----------
  function drawChart() {
    clear(ui.chart);
    const pts = (state.image && state.image.points) || [];
    if (!pts.length) return;
    const W = 960, H = 380, L = 48, R = 16, T = 16, toneH = 240, gap = 24, volH = 80;
    const x0 = parseDay(pts[0].period).getTime();
    const x1 = parseDay(periodEnd(pts[pts.length - 1].period, state.by)).getTime() + 86400000;
    const sx = (d) => L + ((parseDay(d).getTime() - x0) / Math.max(1, x1 - x0)) * (W - L - R);
    const sy = (v) => T + ((1 - v) / 2) * toneH;
    const maxDocs = Math.max(1, ...pts.map((p) => p.docs));
    const vTop = T + toneH + gap;
    const sv = (n) => vTop + volH - (n / maxDocs) * volH;
    const mid = (p) => (sx(p.period) + sx(periodEnd(p.period, state.by)) + (W - L - R) * 86400000 / Math.max(1, x1 - x0)) / 2;

    const g = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "chart-svg", role: "img", "aria-label": ui.chartTitle.textContent });
    // grid and axes
    for (const v of [-1, -0.5, 0, 0.5, 1]) {
      g.appendChild(svg("line", { x1: L, x2: W - R, y1: sy(v), y2: sy(v), class: v === 0 ? "axis zero" : "axis" }));
      g.appendChild(svg("text", { x: L - 6, y: sy(v) + 4, class: "tick", "text-anchor": "end", text: v.toFixed(1) }));
    }
    g.appendChild(svg("text", { x: 4, y: T + 10, class: "tick", text: t("tone") }));
    g.appendChild(svg("text", { x: 4, y: vTop + 10, class: "tick", text: t("volume") }));
    g.appendChild(svg("line", { x1: L, x2: W - R, y1: vTop + volH, y2: vTop + volH, class: "axis" }));
    // year ticks
    const y0 = new Date(x0).getUTCFullYear(), y1 = new Date(x1).getUTCFullYear();
    const step = Math.max(1, Math.ceil((y1 - y0 + 1) / 10));
    for (let y = y0; y <= y1; y += step) {
      const d = y + "-01-01";
      const x = sx(d);
      if (x < L || x > W - R) continue;
      g.appendChild(svg("line", { x1: x, x2: x, y1: T, y2: vTop + volH, class: "axis year" }));
      g.appendChild(svg("text", { x: x + 3, y: H - 4, class: "tick", text: String(y) }));
    }
    if (y0 === y1 || pts.length < 4) {
      g.appendChild(svg("text", { x: L, y: H - 4, class: "tick", text: pts[0].period }));
      g.appendChild(svg("text", { x: W - R, y: H - 4, class: "tick", "text-anchor": "end", text: pts[pts.length - 1].period }));
    }
    // CI band
    const upper = pts.map((p) => mid(p) + "," + sy(p.ci_high));
    const lower = pts.map((p) => mid(p) + "," + sy(p.ci_low)).reverse();
    g.appendChild(svg("polygon", { points: upper.concat(lower).join(" "), class: "ci-band" }));
    // volume bars
    const bw = Math.min(24, Math.max(1, ((W - L - R) / Math.max(pts.length, 1)) * 0.7));
    for (const p of pts) {
      g.appendChild(svg("rect", { x: mid(p) - bw / 2, y: sv(p.docs), width: bw, height: vTop + volH - sv(p.docs), class: "vol" }, [
        svg("title", { text: p.period + ": " + p.docs + " " + t("volume") }),
      ]));
    }
    // tone line
    g.appendChild(svg("polyline", { points: pts.map((p) => mid(p) + "," + sy(p.tone)).join(" "), class: "tone-line" }));
    // shocks
    for (const s of (state.shocks && state.shocks.shocks) || []) {
      const x = sx(s.date);
      const m = svg("g", { class: "shock-marker", "data-date": s.date, tabindex: 0, role: "button", onclick: () => selectShock(s) }, [
        svg("line", { x1: x, x2: x, y1: T, y2: vTop + volH, class: "shock-line" }),
        svg("path", { d: "M" + (x - 7) + "," + T + " L" + (x + 7) + "," + T + " L" + x + "," + (T + 12) + " Z", class: "shock-head" }),
        svg("title", { text: t("shock_label", { date: s.date, before: fmt(s.before), after: fmt(s.after), size: fmt(s.size) }) }),
      ]);
      g.appendChild(m);
    }
    // points (clickable)
    for (const p of pts) {
      const c = svg("circle", {
        cx: mid(p), cy: sy(p.tone), r: 4, class: "point", "data-period": p.period, tabindex: 0, role: "button",
        onclick: () => selectRange(p.period, periodEnd(p.period, state.by), null),
      }, [svg("title", { text: p.period + ": " + fmt(p.tone) + " [" + fmt(p.ci_low) + ", " + fmt(p.ci_high) + "], " + p.docs + " " + t("volume") })]);
      g.appendChild(c);
    }
    ui.chart.appendChild(g);
  }

  function drawShockList() {
    clear(ui.shockList);
    if (!state.shocks) {
      ui.shockList.appendChild(el("p", { class: "hint", text: t("unavailable") }));
      return;
    }
    const list = state.shocks.shocks || [];
    if (!list.length) {
      ui.shockList.appendChild(el("p", { class: "hint", text: t("no_shocks") }));
      return;
    }
    for (const s of list) {
      const b = el("button", {
        type: "button", class: "shock " + (s.size < 0 ? "down" : "up"), "data-date": s.date,
        text: t("shock_label", { date: s.date, before: fmt(s.before), after: fmt(s.after), size: fmt(s.size) }),
        onclick: () => selectShock(s),
      });
      ui.shockList.appendChild(b);
    }
  }

  /// A shock is explained as `citra explain --shock DATE` does: the 28 days from it against the
  /// 28 days before.
  const SHOCK_WINDOW_DAYS = 28;
  function selectShock(s) {
    const end = dayStr(new Date(parseDay(s.date).getTime() + (SHOCK_WINDOW_DAYS - 1) * 86400000));
    selectRange(s.date, end, s);
  }

  // ---------- evidence ----------
  async function selectRange(from, to, shock) {
    state.selected = { from, to, shock };
    writeView();
    for (const b of ui.shockList.querySelectorAll(".shock")) b.classList.toggle("active", !!shock && b.getAttribute("data-date") === shock.date);
    clear(ui.evidence).appendChild(el("p", { class: "hint", text: t("loading") }));
    try {
      let explain = null;
      try {
        explain = await api("explain", { country: state.country, from, to, top: 10, ...counting() });
      } catch (e) {
        if (e.status !== 404) throw e;
      }
      if (explain && explain.posts.length) {
        renderExplain(explain);
      } else {
        renderMentions(await api("mentions", { country: state.country, from, to, per_page: 50 }), from, to);
      }
    } catch (e) {
      clear(ui.evidence).appendChild(el("p", { class: "error", text: t("error", { message: e.message }) }));
    }
  }

  /// The text with the sentence [s0, s1) and the mention [m0, m1) (code points) marked, built
  /// from text nodes only.
  function highlighted(text, m0, m1, s0, s1, label) {
    const p = el("p", { class: "post-text" });
    const cps = Array.from(text);
    const n = cps.length;
    const ok = (a, b) => Number.isInteger(a) && Number.isInteger(b) && a >= 0 && a <= b && b <= n;
    if (!ok(m0, m1)) {
      p.appendChild(document.createTextNode(text));
      return p;
    }
    if (!ok(s0, s1) || s0 > m0 || s1 < m1) {
      s0 = m0;
      s1 = m1;
    }
    const part = (a, b) => document.createTextNode(cps.slice(a, b).join(""));
    p.appendChild(part(0, s0));
    const sentence = el("span", { class: "sentence" }, [part(s0, m0)]);
    sentence.appendChild(el("mark", { class: "mention tone-" + toneClass(label) }, [cps.slice(m0, m1).join("")]));
    sentence.appendChild(part(m1, s1));
    p.appendChild(sentence);
    p.appendChild(part(s1, n));
    return p;
  }

  function postItem(docId, author, time, label, score, extra, textNode) {
    const meta = el("div", { class: "post-meta" }, [
      el("span", { class: "author", text: "@" + (author || t("author_unknown")) }),
      el("span", { class: "time", text: (time || "").slice(0, 16).replace("T", " ") }),
      el("span", { class: "badge tone-" + toneClass(label), text: t(toneClass(label)) + " " + fmt(score) }),
      extra ? el("span", { class: "contribution", text: extra }) : null,
    ]);
    return el("li", { class: "post", "data-doc": docId }, [meta, textNode]);
  }

  function labelOf(score) {
    if (score === null || score === undefined) return "unscored";
    return score <= -0.05 ? "negative" : score >= 0.05 ? "positive" : "neutral";
  }

  function renderExplain(x) {
    clear(ui.evidence);
    ui.evidence.appendChild(el("p", { class: "evidence-head" }, [
      t("evidence_for", { country: countryName(x.country, x.name), from: x.window.from, to: x.window.to }),
    ]));
    ui.evidence.appendChild(el("p", { class: "change" }, [
      t("change_line", {
        baseline: fmt(x.baseline_index), bfrom: x.baseline.from, bto: x.baseline.to,
        window: fmt(x.window_index), change: fmt(x.change), docs: x.window_docs,
      }),
    ]));
    if (x.actors.length) {
      ui.evidence.appendChild(el("h3", { text: t("movers") }));
      const list = el("ol", { class: "movers" });
      for (const a of x.actors.slice(0, 5)) {
        list.appendChild(el("li", {}, [
          el("strong", { text: "@" + (a.author || t("author_unknown")) }),
          " " + t("mover_line", { contribution: fmt(a.contribution, 3), posts: a.posts, tone: fmt(a.tone) }),
        ]));
      }
      ui.evidence.appendChild(list);
    }
    ui.evidence.appendChild(el("h3", { text: t("posts_moved") }));
    const list = el("ul", { class: "posts" });
    for (const p of x.posts) {
      const ev = p.evidence.find((e) => e.char_start !== null) || p.evidence[0] || {};
      const label = ev.tone ? ev.tone.label : labelOf(p.tone);
      // The text as the CLI and the report show it (entities decoded once, mojibake repaired).
      const shown = p.display_text != null;
      const text = shown
        ? highlighted(p.display_text, ev.display_char_start, ev.display_char_end, ev.display_sentence_char_start, ev.display_sentence_char_end, label)
        : highlighted(p.text, ev.char_start, ev.char_end, ev.sentence_char_start, ev.sentence_char_end, label);
      list.appendChild(postItem(p.doc_id, p.author, p.time, label, ev.tone ? ev.tone.score : p.tone,
        t("contribution", { c: fmt(p.contribution, 3) }), text));
    }
    ui.evidence.appendChild(list);
  }

  function renderMentions(page, from, to) {
    clear(ui.evidence);
    ui.evidence.appendChild(el("p", { class: "evidence-head" }, [
      t("evidence_for", { country: countryName(page.country, page.name), from, to }) + " · " + t("mentions_total", { shown: page.mentions.length, total: page.total }),
    ]));
    if (!page.mentions.length) {
      ui.evidence.appendChild(el("p", { class: "hint", text: t("no_evidence") }));
      return;
    }
    const list = el("ul", { class: "posts" });
    // Strongest tone first: that is what moves the index.
    const rows = page.mentions.slice().sort((a, b) => Math.abs(b.tone_score || 0) - Math.abs(a.tone_score || 0));
    for (const m of rows) {
      const label = m.tone_label || "unscored";
      list.appendChild(postItem(m.doc_id, m.author, m.time, label, m.tone_score, m.surface,
        m.display_text != null
          ? highlighted(m.display_text, m.display_char_start, m.display_char_end, null, null, label)
          : highlighted(m.text, m.char_start, m.char_end, null, null, label)));
    }
    ui.evidence.appendChild(list);
  }

  // ---------- side panels: actors, relations, cascades ----------
  async function loadSide(range) {
    sidePanel(ui.actors, () => api("actors", { ...range, top: 10 }), renderActors);
    sidePanel(ui.relations, () => api("relations", { from: range.from, to: range.to, min_docs: 1 }), renderRelations);
    sidePanel(ui.cascades, () => api("cascades", { ...range, top: 10 }), renderCascades);
    sidePanel(ui.rebuttals, () => api("rebuttals", { ...range, top: 8, ...counting() }), renderRebuttals);
    sidePanel(ui.copies, async () => {
      const index = { ...range, by: "year", ...counting() };
      const [clusters, stories, without, once] = await Promise.all([
        api("coordination", { ...range, top: 5 }),
        api("stories", { ...range, top: 5 }),
        api("image", { ...index, exclude: "coordinated" }),
        api("image", { ...index, dedupe: "story" }),
      ]);
      return { clusters, stories, without, once };
    }, renderCopies);
  }

  async function sidePanel(node, fetcher, renderer) {
    clear(node).appendChild(el("p", { class: "hint", text: t("loading") }));
    try {
      const data = await fetcher();
      clear(node);
      renderer(node, data);
    } catch (e) {
      clear(node).appendChild(el("p", { class: "hint", text: e.status === 404 ? t("unavailable") : t("error", { message: e.message }) }));
    }
  }

  function renderActors(node, data) {
    const rows = data.actors || [];
    const table = el("table", { class: "actors" }, [
      el("thead", {}, [el("tr", {}, ["@", t("volume"), "↗", t("tone")].map((h) => el("th", { text: h })))]),
    ]);
    const body = el("tbody");
    for (const a of rows.slice(0, 10)) {
      const name = a.registry && a.registry.name ? a.registry.name : "";
      body.appendChild(el("tr", {}, [
        el("td", {}, [el("strong", { text: a.author || "" }), name ? " · " + name : ""]),
        el("td", { class: "num", text: String(a.posts === undefined ? "" : a.posts) }),
        el("td", { class: "num", text: String(a.engagement === undefined ? "" : a.engagement) }),
        el("td", { class: "num", text: fmt(a.tone_given === undefined ? a.tone : a.tone_given) }),
      ]));
    }
    table.appendChild(body);
    node.appendChild(table);
  }

  function renderRelations(node, data) {
    node.appendChild(el("p", { class: "hint", text: t("relations_hint") }));
    if (!(data.edges || []).length) {
      node.appendChild(el("p", { class: "hint", text: t("no_evidence") }));
      return;
    }
    // The countries that carry the most volume (documents on their edges, both ways), at most
    // 12 so that every label stays readable; not the first ones in alphabetical order.
    const volume = {};
    for (const e of data.edges || []) {
      if (e.source === e.target) continue;
      volume[e.source] = (volume[e.source] || 0) + (e.docs || 0);
      volume[e.target] = (volume[e.target] || 0) + (e.docs || 0);
    }
    const nodes = (data.nodes || [])
      .filter((n) => volume[n.id] > 0)
      .sort((a, b) => volume[b.id] - volume[a.id] || String(a.id).localeCompare(String(b.id)))
      .slice(0, 12);
    const ids = new Set(nodes.map((n) => n.id));
    const edges = (data.edges || []).filter((e) => e.source !== e.target && ids.has(e.source) && ids.has(e.target));
    const W = 460, H = 380, cx = W / 2, cy = H / 2, r = 140;
    const pos = {};
    nodes.forEach((n, i) => {
      const a = (2 * Math.PI * i) / Math.max(1, nodes.length) - Math.PI / 2;
      pos[n.id] = [cx + r * Math.cos(a), cy + r * Math.sin(a), a];
    });
    const g = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "relations-svg" });
    g.appendChild(svg("defs", {}, [svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" }, [svg("path", { d: "M0,0 L10,5 L0,10 z", class: "arrow" })])]));
    const maxDocs = Math.max(1, ...edges.map((e) => e.docs || 1));
    for (const e of edges) {
      const [x1, y1] = pos[e.source], [x2, y2] = pos[e.target];
      const cls = e.tone < -0.05 ? "neg" : e.tone > 0.05 ? "pos" : "neu";
      g.appendChild(svg("line", {
        x1, y1, x2: x1 + (x2 - x1) * 0.92, y2: y1 + (y2 - y1) * 0.92, class: "edge " + cls,
        "stroke-width": 1 + 4 * Math.sqrt((e.docs || 1) / maxDocs), "marker-end": "url(#arrow)",
      }, [svg("title", { text: e.source + " → " + e.target + ": " + fmt(e.tone) + " (" + e.docs + ")" })]));
    }
    for (const n of nodes) {
      const [x, y, a] = pos[n.id];
      g.appendChild(svg("circle", { cx: x, cy: y, r: 6, class: "node " + (n.kind || "") }));
      const right = Math.cos(a) >= 0;
      g.appendChild(svg("text", { x: x + (right ? 9 : -9), y: y + 4, "text-anchor": right ? "start" : "end", class: "node-label", text: n.label || n.id }));
    }
    node.appendChild(g);
  }

  function renderCascades(node, data) {
    // Reshare trees when the store has link ids; else the posts with the most platform engagement.
    const trees = data.mode === "cascades";
    const rows = (trees ? data.cascades : data.counts) || [];
    node.appendChild(el("p", { class: "hint", text: trees ? t("cascades_trees") : t("cascades_counts") }));
    if (!rows.length) {
      node.appendChild(el("p", { class: "hint", text: t("no_evidence") }));
      return;
    }
    // Bars and labels by the measure the list is ordered by: tree size, or reshares (then
    // all interactions) for platform counts.
    const value = (c) => (trees ? c.size : c.reshares) || 0;
    const max = Math.max(1, ...rows.map(value));
    const list = el("ul", { class: "cascades" });
    for (const c of rows.slice(0, 10)) {
      const bar = el("span", { class: "bar" });
      bar.style.width = Math.max(2, (100 * value(c)) / max) + "%";
      const label = trees
        ? t("cascade_tree", { size: c.size, depth: c.depth, virality: (c.structural_virality || 0).toFixed(2) })
        : t("cascade_count", { reshares: c.reshares || 0, engagement: c.engagement });
      list.appendChild(el("li", { class: "cascade" }, [
        el("span", { class: "cascade-label" }, [
          el("strong", { text: "@" + (c.author || t("author_unknown")) }),
          " " + ((c.created_at || "").slice(0, 10)) + " · " + label,
        ]),
        el("span", { class: "bar-wrap" }, [bar]),
      ]));
    }
    node.appendChild(list);
  }

  // Attacks on the country by other countries' officials, its officials' first answer and
  // whether its index came back (GET /api/v1/rebuttals).
  function renderRebuttals(node, data) {
    node.appendChild(el("p", { class: "hint", text: t("rebuttals_hint", { answered: data.answered, total: data.attacks_total }) }));
    const rows = data.attacks || [];
    if (!rows.length) {
      node.appendChild(el("p", { class: "hint", text: t("no_attacks") }));
      return;
    }
    const who = (p) => (p.official ? p.official.name + " (" + p.official.country + ")" : "@" + (p.author || t("author_unknown")));
    const level = (lv) => (lv && lv.index ? fmt(lv.index.tone) : "–");
    const list = el("ul", { class: "attacks" });
    for (const a of rows) {
      const first = (a.rebuttals || [])[0];
      const d = a.first_delay_s;
      const answer = first
        ? t("rebuttal_answer", { who: who(first.post), hours: Math.floor(d / 3600), minutes: String(Math.floor((d % 3600) / 60)).padStart(2, "0") })
        : t("rebuttal_none");
      const outcome = first ? t("recovered_" + a.recovery.recovered) : "";
      list.appendChild(el("li", { class: "attack" + (first ? " answered" : "") }, [
        el("div", {}, [el("strong", { text: who(a.act) }), " " + (a.act.time || "").slice(0, 16).replace("T", " ")]),
        el("blockquote", { text: a.act.text || "" }),
        el("div", { class: "attack-answer", text: answer }),
        el("div", { class: "attack-index", text: t("rebuttal_index", { before: level(a.recovery.before), low: level(a.recovery.low), after: level(a.recovery.after) }) + (outcome ? " · " + outcome : "") }),
      ]));
    }
    node.appendChild(list);
  }

  // Coordinated accounts and copied stories about the country: what leaving them out or
  // counting each story once changes (GET /api/v1/coordination, /api/v1/stories, /api/v1/image
  // with exclude=coordinated and dedupe=story).
  function renderCopies(node, data) {
    const x = data.without.excluded || { docs: 0, mentions: 0 };
    const d = data.once.deduped || { docs: 0, mentions: 0 };
    node.appendChild(el("p", { class: "hint", text: t("copies_hint", { docs: x.docs, mentions: x.mentions, mdocs: d.docs, mmentions: d.mentions }) }));
    node.appendChild(el("h3", { text: t("clusters_title") }));
    const clusters = data.clusters.clusters || [];
    if (!clusters.length) {
      node.appendChild(el("p", { class: "hint", text: t("no_clusters") }));
    } else {
      const list = el("ul", { class: "clusters" });
      for (const c of clusters) {
        const names = c.accounts.slice(0, 6).map((a) => "@" + a.account).join(", ");
        const example = (c.objects[0] || {}).example || "";
        list.appendChild(el("li", { class: "cluster" }, [
          el("div", {}, [el("strong", { text: t("cluster_line", { accounts: c.accounts.length, gap: c.gaps.min_s }) }), " " + names]),
          el("blockquote", { text: example }),
        ]));
      }
      node.appendChild(list);
    }
    node.appendChild(el("h3", { text: t("stories_title") }));
    const stories = data.stories.stories || [];
    if (!stories.length) {
      node.appendChild(el("p", { class: "hint", text: t("no_stories") }));
    } else {
      const list = el("ul", { class: "stories" });
      for (const st of stories) {
        const first = (st.posts[0] || {}).author || t("author_unknown");
        const h = Math.floor(st.spread_s / 3600);
        const m = String(Math.floor((st.spread_s % 3600) / 60)).padStart(2, "0");
        list.appendChild(el("li", { class: "story" }, [
          el("div", {}, [el("strong", { text: t("story_line", { copies: st.copies, authors: st.authors, first: first, hours: h, minutes: m }) })]),
          el("blockquote", { text: st.text || "" }),
        ]));
      }
      node.appendChild(list);
    }
  }

  // ---------- start ----------
  async function start() {
    buildLayout();
    let lang = "en";
    try {
      lang = readView().lang || localStorage.getItem("citra.lang") || ((navigator.language || "").toLowerCase().startsWith("id") ? "id" : "en");
    } catch (e) {
      /* storage may be off */
    }
    await setLang(lang);
    ui.by.value = state.by;
    ui.voice.value = state.voice;
    ui.leaders.value = state.leaders;
    try {
      const data = await api("countries");
      state.countries = data.countries || [];
      fillCountries();
      if (!state.countries.length) {
        setStatus(t("no_store"));
        return;
      }
      await applyView();
    } catch (e) {
      setStatus(t("error", { message: e.message }), true);
    }
    // Back and Forward, and a link pasted into the same tab, show the view they name (both
    // events can fire for one change: the view is applied once per fragment).
    const onNavigate = () => {
      if (location.hash !== shownHash) applyView();
    };
    window.addEventListener("popstate", onNavigate);
    window.addEventListener("hashchange", onNavigate);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
