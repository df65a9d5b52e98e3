// Parallax web UI. Plain script, no build step, nothing fetched from outside.
// Served by `parallax serve` it reads the JSON API; in a static report (`parallax report`) it
// reads window.PARALLAX_DATA from data.js and makes no request at all.
"use strict";

(function () {
  const STATIC = window.PARALLAX_DATA || null;
  const main = document.getElementById("main");
  const KINDS = ["verbatim", "edited", "paraphrase"];
  const RANK = { verbatim: 3, edited: 2, paraphrase: 1 };

  // ---- DOM helpers: text goes in through textContent only, never as markup. ----
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, ...children) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }
  // Replaces the page body; absent sections (null) are skipped.
  function show(...nodes) {
    main.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));
  }
  function day(t) {
    return t === null || t === undefined ? "undated" : new Date(t * 1000).toISOString().slice(0, 10);
  }
  function pct(x) {
    return Math.round(x * 100) + "%";
  }

  // ---- Data: the API, or the report's inlined data. ----
  async function getJSON(path) {
    const r = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await r.json();
    if (!r.ok) throw new Error(body.message || r.statusText);
    return body;
  }
  const data = {
    async stories(params) {
      if (STATIC) {
        const q = (params.q || "").toLowerCase().split(/\s+/).filter(Boolean);
        const hay = (s) => {
          const d = STATIC.details[String(s.id)];
          const titles = d ? d.articles.map((a) => (a.title || "") + " " + a.text).join(" ") : "";
          return (s.label + " " + titles).toLowerCase();
        };
        return { stories: STATIC.stories.filter((s) => q.every((w) => hay(s).includes(w))), next_cursor: null };
      }
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) if (v) qs.set(k, v);
      return getJSON("api/stories?" + qs.toString());
    },
    async story(id) {
      if (STATIC) {
        const d = STATIC.details[String(id)];
        if (!d) throw new Error("story " + id + " is not in this report");
        return d;
      }
      return getJSON("api/stories/" + encodeURIComponent(id));
    },
    async outlets() {
      return STATIC ? STATIC.outlets : getJSON("api/outlets");
    },
  };

  // ---- Story list ----
  async function showList(params) {
    document.getElementById("q").value = params.q || "";
    const [page, outlets] = await Promise.all([data.stories(params), data.outlets()]);
    const all = page.stories;
    const times = all.flatMap((s) => [s.first_time, s.last_time]).filter((t) => t !== null);
    const lo = Math.min(...times), hi = Math.max(...times);
    const bar = (s) => {
      const box = el("div", { class: "timeline", title: day(s.first_time) + " … " + day(s.last_time) });
      if (s.first_time !== null && hi > lo) {
        const left = ((s.first_time - lo) / (hi - lo)) * 100;
        const width = ((s.last_time - s.first_time) / (hi - lo)) * 100;
        const span = el("span");
        span.style.left = left + "%";
        span.style.width = Math.max(width, 1) + "%";
        box.append(span);
      }
      return box;
    };
    const body = el("tbody");
    const addRows = (rows) => {
      for (const s of rows) {
        body.append(
          el("tr", { "data-story": s.id },
            el("td", { dir: "auto" }, el("a", { href: "#/story/" + s.id }, s.label || "story " + s.id)),
            el("td", {}, s.articles),
            el("td", {}, s.outlets),
            el("td", {}, s.independent),
            el("td", {}, day(s.first_time) + " … " + day(s.last_time)),
            el("td", {}, bar(s)),
            el("td", {}, s.languages)));
      }
    };
    addRows(all);
    const more = el("div", { class: "more" });
    let cursor = page.next_cursor;
    const moreButton = el("button", {
      type: "button",
      onclick: async () => {
        const next = await data.stories(Object.assign({}, params, { cursor }));
        addRows(next.stories);
        cursor = next.next_cursor;
        if (!cursor) moreButton.remove();
      },
    }, "More stories");
    if (cursor) more.append(moreButton);
    show(
      el("h1", {}, params.q ? "Stories matching “" + params.q + "”" : "Stories"),
      all.length === 0 ? el("p", { class: "muted" }, "No story.") : null,
      el("table", { id: "stories" },
        el("thead", {}, el("tr", {}, ["Story", "Articles", "Outlets", "Independent sources", "Span", "Timeline", "Languages"].map((h) => el("th", {}, h)))),
        body),
      more,
      el("h2", {}, "Outlets"),
      el("table", { id: "outlets" },
        el("thead", {}, el("tr", {}, ["Outlet", "Articles", "Stories", "Languages"].map((h) => el("th", {}, h)))),
        el("tbody", {}, outlets.outlets.map((o) =>
          el("tr", {}, el("td", {}, o.outlet || "(unknown)"), el("td", {}, o.articles), el("td", {}, o.stories), el("td", {}, o.languages))))));
  }

  // ---- Story view ----

  // Byte offsets (UTF-8, as the API gives them) to string indexes (UTF-16, as JS slices).
  function byteIndex(text) {
    const enc = new TextEncoder();
    const map = new Int32Array(enc.encode(text).length + 1);
    let b = 0, i = 0;
    for (const ch of text) {
      const n = enc.encode(ch).length;
      for (let k = 0; k < n; k++) map[b + k] = i;
      b += n;
      i += ch.length;
    }
    map[b] = i;
    return (off) => map[Math.max(0, Math.min(off, b))];
  }

  function renderText(detail, ai, passagesOf) {
    const art = detail.articles[ai];
    const text = art.text;
    const at = byteIndex(text);
    const ranges = passagesOf[ai] || [];
    const cuts = new Set([0, text.length]);
    for (const r of ranges) {
      r.s = at(r.start);
      r.e = at(r.end);
      cuts.add(r.s);
      cuts.add(r.e);
    }
    const points = [...cuts].sort((x, y) => x - y);
    const box = el("div", { class: "text", dir: art.dir, lang: art.language || null });
    let n = 0;
    for (let k = 0; k + 1 < points.length; k++) {
      const s = points[k], e = points[k + 1];
      if (e <= s) continue;
      const over = ranges.filter((r) => r.s <= s && r.e >= e);
      const piece = text.slice(s, e);
      if (over.length === 0) {
        box.append(el("span", { class: "seg", id: "seg-" + ai + "-" + n++, "data-article": ai }, piece));
        continue;
      }
      over.sort((x, y) => RANK[y.kind] - RANK[x.kind]);
      const kind = over[0].kind;
      box.append(el("span", {
        class: "seg k-" + kind,
        id: "seg-" + ai + "-" + n++,
        "data-article": ai,
        "data-kind": kind,
        "data-passages": over.map((r) => r.id).join(" "),
        tabindex: 0,
        role: "button",
        "aria-label": kind + " passage, shared with " + over.map((r) => r.other).join(", "),
      }, piece));
    }
    return box;
  }

  function renderDiff(detail, pair, p) {
    const ai = detail.articles.findIndex((a) => a.id === pair.a);
    const bi = detail.articles.findIndex((a) => a.id === pair.b);
    const ta = detail.articles[ai].text, tb = detail.articles[bi].text;
    const sa = byteIndex(ta), sb = byteIndex(tb);
    const cut = (t, f, span) => t.slice(f(span.start), f(span.end));
    const out = el("div", { class: "diff", id: "diff", dir: detail.articles[bi].dir });
    for (const op of p.diff) {
      if (op.op === "equal") out.append(cut(tb, sb, op.b));
      else if (op.op === "insert") out.append(el("ins", {}, cut(tb, sb, op.b)));
      else if (op.op === "delete") out.append(el("del", {}, cut(ta, sa, op.a)));
      else if (op.op === "substitute") out.append(el("span", { class: "sub" }, el("del", {}, cut(ta, sa, op.a)), " → ", el("ins", {}, cut(tb, sb, op.b))));
      out.append(" ");
    }
    return out;
  }

  function provenanceGraph(detail) {
    const g = detail.provenance;
    const outletOf = {};
    for (const a of detail.articles) outletOf[a.id] = a.outlet || a.id;
    // Layout by time order: credited sources first, then articles oldest to newest.
    const nodes = g.nodes.slice().sort((x, y) => {
      const kx = x.kind === "credited_source" ? 0 : 1, ky = y.kind === "credited_source" ? 0 : 1;
      if (kx !== ky) return kx - ky;
      const tx = x.time === null ? Infinity : x.time, ty = y.time === null ? Infinity : y.time;
      return tx - ty;
    });
    const pos = {};
    nodes.forEach((nd, i) => (pos[nd.key] = { x: 70 + i * 150, y: 50 + (i % 3) * 60 }));
    const width = Math.max(300, 70 + nodes.length * 150), height = 230;
    const root = svg("svg", { class: "graph", id: "provenance", width, height, viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": "provenance graph" });
    root.append(svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, svg("path", { d: "M 0 0 L 10 5 L 0 10 z" }))));
    for (const e of g.edges) {
      const a = pos[e.from], b = pos[e.to];
      if (!a || !b) continue;
      const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
      const line = svg("line", { x1: a.x + (dx / len) * 12, y1: a.y + (dy / len) * 12, x2: b.x - (dx / len) * 14, y2: b.y - (dy / len) * 14, stroke: "#557", "stroke-width": 1 + 2 * e.confidence, "marker-end": "url(#arrow)", "data-edge": e.from + ">" + e.to });
      line.append(svg("title", {}, (outletOf[e.from] || e.from) + " → " + (outletOf[e.to] || e.to) + ": confidence " + e.confidence.toFixed(2) + ", " + pct(e.copied) + " copied, " + pct(e.paraphrased) + " paraphrased" + (e.credit ? ", credit “" + e.credit + "”" : "")));
      root.append(line);
    }
    for (const nd of nodes) {
      const p = pos[nd.key];
      const credited = nd.kind === "credited_source";
      const grp = svg("g", { "data-node": nd.key });
      grp.append(svg("circle", { cx: p.x, cy: p.y, r: 10, fill: credited ? "#fff" : "#557", stroke: "#557" }));
      grp.append(svg("text", { x: p.x, y: p.y + 25, "text-anchor": "middle" }, credited ? nd.key : outletOf[nd.key] || nd.key));
      grp.append(svg("text", { x: p.x, y: p.y + 38, "text-anchor": "middle", fill: "#666" }, credited ? "credited" : day(nd.time)));
      root.append(grp);
    }
    return root;
  }

  function quotesSection(q) {
    return el("section", { id: "quotes" }, el("h2", {}, "Quote variants"),
      q.quotes.map((quote) => el("div", { class: "quote", "data-quote": quote.id },
        el("h3", {}, (quote.speaker || "Unattributed") + ": “" + quote.statement + "”", quote.single_outlet ? el("span", { class: "muted" }, " (one outlet only)") : null),
        el("table", {}, el("tbody", {}, quote.variants.map((v) => el("tr", {}, el("td", {}, v.outlet), el("td", {}, v.kind), el("td", { dir: "auto" }, v.text), el("td", {}, v.speaker_as_written || ""))))),
        quote.differences.map((d) => el("p", { class: "diff" }, d.a + " / " + d.b + ": ",
          d.ops.map((op) => op.op === "same" ? op.a + " " :
            op.op === "insert" ? el("ins", {}, op.b + " ") :
            op.op === "delete" ? el("del", {}, op.a + " ") :
            el("span", { class: op.meaning ? "sub" : "" }, el("del", {}, op.a), " → ", el("ins", {}, op.b), " ")))))));
  }

  function factCell(f) {
    return el("td", {}, el("b", {}, f.outlet), ": " + f.value + (f.approx ? " (" + f.approx + ")" : ""), el("div", { class: "muted", dir: "auto" }, f.text));
  }

  function factsSection(f) {
    return el("section", { id: "facts" }, el("h2", {}, "Discrepancies"),
      f.discrepancies.length === 0 ? el("p", { class: "muted" }, "No discrepancy found.") :
      el("table", {}, el("thead", {}, el("tr", {}, ["Measure", "Subject", "One outlet", "Another", "Why"].map((h) => el("th", {}, h)))),
        el("tbody", {}, f.discrepancies.map((d) => el("tr", {}, el("td", {}, d.measure), el("td", {}, d.subject || ""), factCell(d.a), factCell(d.b), el("td", {}, d.why))))),
      f.partial.length ? el("h3", {}, "Reported by some outlets only") : null,
      f.partial.length ? el("table", {}, el("tbody", {}, f.partial.map((p) => el("tr", {}, el("td", {}, p.fact.measure + ": " + p.fact.value), el("td", {}, "with: " + p.outlets_with.join(", ")), el("td", {}, "without: " + p.outlets_without.join(", ")))))) : null);
  }

  function framingSection(f) {
    return el("section", { id: "framing" }, el("h2", {}, "Framing"),
      el("h3", {}, "How outlets name the same thing"),
      el("table", {}, el("tbody", {}, f.referents.map((r) => el("tr", {}, r.names.map((n) => el("td", { dir: "auto" }, el("b", {}, n.outlet), ": " + n.name)))))),
      el("h3", {}, "Distinctive terms per outlet"),
      el("table", {}, el("tbody", {}, f.distinctive.map((d) => el("tr", {}, el("td", {}, d.outlet), el("td", { dir: "auto" }, d.terms.map((t) => t.term + " (z " + t.z.toFixed(1) + ", " + t.count + ")").join(", ")))))));
  }

  function clipText(t, n) {
    return t.length > n ? t.slice(0, n) + "…" : t;
  }

  function contributionsSection(c, articles) {
    const name = (id) => {
      const a = articles.find((x) => x.id === id);
      return a ? (a.outlet || id) + " (" + (a.published || "undated") + ")" : id;
    };
    const list = (what, items) => items.length ? el("ul", { class: what }, items.map((x) => el("li", { dir: "auto" }, clipText(x.text, 160)))) : null;
    return el("section", { id: "contributions" }, el("h2", {}, "Added and omitted"),
      el("p", { class: "muted" }, "Added: found in no article that may precede it (earlier ones, and undated ones whose order is unknown). Omitted: in its likely source, missing here."),
      el("table", {}, el("thead", {}, el("tr", {}, ["Outlet", "Articles", "Words added", "Words omitted"].map((h) => el("th", {}, h)))),
        el("tbody", {}, c.outlets.map((o) => el("tr", {}, el("td", {}, o.outlet), el("td", {}, String(o.articles)), el("td", {}, String(o.added_words)), el("td", {}, String(o.omitted_words)))))),
      c.articles.map((a) => el("div", { class: "contribution", "data-article": a.article },
        el("h3", {}, name(a.article) + (a.source ? " against its likely source " + name(a.source) : "") + (a.credited.length ? " · credits " + a.credited.join(", ") : "")),
        a.added.length ? el("p", {}, el("b", {}, "Adds (" + a.added_words + " words)")) : null, list("added", a.added),
        a.omitted.length ? el("p", {}, el("b", {}, "Omits (" + a.omitted_words + " words)")) : null, list("omitted", a.omitted))));
  }

  function rolesLine(r, articles) {
    const name = (id) => {
      const a = articles.find((x) => x.id === id);
      return a ? (a.outlet || id) : id;
    };
    const parts = [r.independent_sources + " independent source" + (r.independent_sources === 1 ? "" : "s")];
    if (r.origins.length) parts.push("origins: " + r.origins.map(name).join(", "));
    if (r.copies.length) parts.push("copies: " + r.copies.map((c) => name(c.article) + " of " + name(c.source)).join(", "));
    if (r.independent_reports.length) parts.push("independent reports: " + r.independent_reports.map(name).join(", "));
    return el("p", { id: "roles" }, parts.join(" · "));
  }

  async function showStory(id) {
    const d = await data.story(id);
    const index = {};
    d.articles.forEach((a, i) => (index[a.id] = i));
    const passages = {};
    const passagesOf = {};
    d.alignments.forEach((pair) => {
      const ia = index[pair.a], ib = index[pair.b];
      for (const p of pair.passages) {
        passages[p.id] = { pair, p };
        (passagesOf[ia] = passagesOf[ia] || []).push({ id: p.id, kind: p.kind, start: p.a.start, end: p.a.end, other: d.articles[ib].outlet || pair.b });
        (passagesOf[ib] = passagesOf[ib] || []).push({ id: p.id, kind: p.kind, start: p.b.start, end: p.b.end, other: d.articles[ia].outlet || pair.a });
      }
    });
    const detailBox = el("div", { id: "passage", "aria-live": "polite" }, el("p", { class: "muted" }, "Click or press Enter on a coloured passage to see its counterparts."));
    const columns = el("div", { class: "columns", id: "columns" }, d.articles.map((a, i) =>
      el("article", { class: "article", id: "article-" + i, "data-id": a.id },
        el("h3", { dir: "auto" }, a.title || "(untitled)"),
        el("div", { class: "meta" }, (a.outlet || "unknown outlet") + " · " + (a.published || "undated") + " · " + (a.language || "?") + " · " + a.placement),
        renderText(d, i, passagesOf))));
    let selected = null;
    function select(pid) {
      selected = pid;
      for (const e of main.querySelectorAll(".seg.hl")) e.classList.remove("hl");
      for (const e of main.querySelectorAll('.seg[data-passages~="' + CSS.escape(pid) + '"]')) e.classList.add("hl");
      const { pair, p } = passages[pid];
      const a = d.articles[index[pair.a]], b = d.articles[index[pair.b]];
      detailBox.replaceChildren(
        el("p", {}, el("b", {}, p.kind), " passage " + pid + " between " + (a.outlet || pair.a) + " and " + (b.outlet || pair.b) + ", similarity " + p.similarity.toFixed(2)),
        p.kind === "edited" || p.kind === "paraphrase" ? renderDiff(d, pair, p) : null);
    }
    columns.addEventListener("click", (ev) => {
      const seg = ev.target.closest(".seg[data-passages]");
      if (!seg) return;
      const ids = seg.dataset.passages.split(" ");
      // A stretch shared with several articles: each click moves to its next counterpart.
      const at = ids.indexOf(selected);
      select(ids[(at + 1) % ids.length]);
    });
    columns.addEventListener("keydown", (ev) => {
      const seg = ev.target.closest(".seg[data-passages]");
      if (!seg) return;
      const col = Number(seg.dataset.article);
      const inCol = (c) => [...main.querySelectorAll('#article-' + c + ' .seg[data-passages]')];
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        seg.click();
      } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        const list = inCol(col), k = list.indexOf(seg);
        const next = list[k + (ev.key === "ArrowDown" ? 1 : -1)];
        if (next) next.focus();
      } else if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {
        ev.preventDefault();
        const step = (ev.key === "ArrowRight") === (getComputedStyle(columns).direction !== "rtl") ? 1 : -1;
        for (let c = col + step; c >= 0 && c < d.articles.length; c += step) {
          const list = inCol(c);
          const pid = selected && seg.dataset.passages.split(" ").includes(selected) ? selected : seg.dataset.passages.split(" ")[0];
          const target = list.find((e) => e.dataset.passages.split(" ").includes(pid)) || list[0];
          if (target) {
            target.focus();
            break;
          }
        }
      }
    });
    const links = d.links.length === 0 ? el("p", { class: "muted" }, "No duplicate or containment link.") :
      el("table", { id: "links" }, el("thead", {}, el("tr", {}, ["Article", "Article", "Kind", "Jaccard", "A in B", "B in A"].map((h) => el("th", {}, h)))),
        el("tbody", {}, d.links.map((l) => el("tr", {}, el("td", {}, d.articles[index[l.a]].outlet || l.a), el("td", {}, d.articles[index[l.b]].outlet || l.b), el("td", {}, l.kind), el("td", {}, l.jaccard.toFixed(2)), el("td", {}, pct(l.a_in_b)), el("td", {}, pct(l.b_in_a))))));
    show(
      el("p", {}, el("a", { href: "#/" }, "← all stories")),
      el("h1", { dir: "auto" }, d.summary.label || "Story " + d.id),
      el("p", { class: "muted" }, d.summary.articles + " articles from " + d.summary.outlets + " outlets (" + d.summary.independent + " independent sources), " + day(d.summary.first_time) + " … " + day(d.summary.last_time)),
      el("p", { class: "legend" }, KINDS.map((k) => el("span", { class: "k-" + k }, k)), el("span", {}, "unmarked: unique"),
        d.alignment_scope === "likely_sources" ? el("span", { class: "muted" }, " (large story: each article aligned with its likely sources)") : null),
      columns,
      detailBox,
      el("section", {}, el("h2", {}, "Provenance"), d.provenance.nodes.length ? provenanceGraph(d) : el("p", { class: "muted" }, "No graph."), d.roles ? rolesLine(d.roles, d.articles) : null),
      el("section", {}, el("h2", {}, "Duplicates"), links),
      d.quotes ? quotesSection(d.quotes) : null,
      d.facts ? factsSection(d.facts) : null,
      d.framing ? framingSection(d.framing) : null,
      d.contributions ? contributionsSection(d.contributions, d.articles) : null);
  }

  // ---- Routing: #/ (list, ?q=…) and #/story/ID ----
  async function route() {
    const hash = location.hash.replace(/^#/, "") || "/";
    try {
      const m = hash.match(/^\/story\/(-?\d+)$/);
      if (m) await showStory(m[1]);
      else {
        const qs = new URLSearchParams(hash.split("?")[1] || "");
        await showList({ q: qs.get("q") || "" });
      }
    } catch (e) {
      show(el("p", { class: "error" }, "Could not load: " + e.message));
    }
  }
  document.getElementById("search").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = document.getElementById("q").value.trim();
    location.hash = q ? "#/?q=" + encodeURIComponent(q) : "#/";
  });
  document.getElementById("mode").textContent = STATIC ? "static report, " + STATIC.generated : "";
  window.addEventListener("hashchange", route);
  window.PARALLAX_RENDER = { quotesSection, factsSection, framingSection, contributionsSection };
  route();
})();
