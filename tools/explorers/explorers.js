// The book's explorers (tools/explorers.py): draw each <figure data-explorer> as SVG
// and redraw it on every input event. The formulas come from window.mlpbookFormulas,
// printed from SymPy when the book is built; nothing here evaluates a formula of its own.
(() => {
  "use strict";
  const F = window.mlpbookFormulas;
  const NS = "http://www.w3.org/2000/svg";
  const W = 560, H = 300, ML = 52, MR = 14, MT = 14, MB = 34, N = 161;
  let uid = 0;

  const el = (tag, attrs, parent) => {
    const e = document.createElementNS(NS, tag);
    for (const k in attrs) { e.setAttribute(k, attrs[k]); }
    if (parent) { parent.appendChild(e); }
    return e;
  };
  const text = (parent, x, y, s, attrs) => {
    const t = el("text", Object.assign({x, y}, attrs || {}), parent);
    t.textContent = s;
    return t;
  };
  const linspace = (a, b, n) => Array.from({length: n}, (_, i) => a + ((b - a) * i) / (n - 1));
  const niceStep = (span) => {
    const raw = span / 6, p = Math.pow(10, Math.floor(Math.log10(raw)));
    return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
  };
  const ticks = (lo, hi, step) => {
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) { out.push(+v.toFixed(6)); }
    return out;
  };

  // An SVG with axes over xr × yr; yLog: the y range is log10 of the data.
  function frame(plot, xr, yr, opts) {
    const o = opts || {};
    const svg = el("svg", {viewBox: `0 0 ${W} ${H}`, role: "img", class: "mlpx-svg"});
    plot.replaceChildren(svg);
    const sx = (x) => ML + ((x - xr[0]) / (xr[1] - xr[0])) * (W - ML - MR);
    const sy = (y) => {
      const v = o.yLog ? Math.log10(y) : y;
      return H - MB - ((v - yr[0]) / (yr[1] - yr[0])) * (H - MT - MB);
    };
    const clip = `mlpx-clip-${++uid}`;
    el("rect", {x: ML, y: MT, width: W - ML - MR, height: H - MT - MB},
       el("clipPath", {id: clip}, el("defs", {}, svg)));
    const axes = el("g", {class: "mlpx-axes"}, svg);
    for (const x of o.xTicks || ticks(xr[0], xr[1], niceStep(xr[1] - xr[0]))) {
      el("line", {x1: sx(x), x2: sx(x), y1: MT, y2: H - MB, class: x === 0 ? "mlpx-zero" : "mlpx-grid"}, axes);
      text(axes, sx(x), H - MB + 16, String(x), {"text-anchor": "middle"});
    }
    const yt = o.yLog ? ticks(yr[0], yr[1], 4) : ticks(yr[0], yr[1], niceStep(yr[1] - yr[0]));
    for (const t of yt) {
      const y = o.yLog ? Math.pow(10, t) : t;
      el("line", {x1: ML, x2: W - MR, y1: sy(y), y2: sy(y), class: t === 0 ? "mlpx-zero" : "mlpx-grid"}, axes);
      text(axes, ML - 6, sy(y) + 4, o.yLog ? (t === 0 ? "1" : `1e${t}`) : String(t), {"text-anchor": "end"});
    }
    if (o.xLabel) { text(axes, W - MR, H - 4, o.xLabel, {"text-anchor": "end"}); }
    const layer = el("g", {"clip-path": `url(#${clip})`}, svg);
    return {svg, sx, sy, layer, legend: el("g", {class: "mlpx-legend"}, svg)};
  }

  // Set a curve's samples (data coordinates) and its outline; a non-finite point breaks it.
  function setCurve(path, pts, fr) {
    path.setAttribute("data-samples", JSON.stringify(pts));
    let d = "", pen = false;
    for (const [x, y] of pts) {
      if (!Number.isFinite(y)) { pen = false; continue; }
      const Y = Math.max(-1e4, Math.min(1e4, fr.sy(y)));
      d += `${pen ? "L" : "M"}${fr.sx(x).toFixed(2)},${Y.toFixed(2)}`;
      pen = true;
    }
    path.setAttribute("d", d);
  }

  function legend(fr, items) {
    items.forEach(([cls, label], i) => {
      const y = MT + 16 + 18 * i;
      el("line", {x1: ML + 10, x2: ML + 34, y1: y - 4, y2: y - 4, class: cls}, fr.legend);
      text(fr.legend, ML + 40, y, label);
    });
  }

  const decimals = (step) => { const s = String(step); return s.includes(".") ? s.split(".")[1].length : 0; };
  function show(input) {
    const out = input.parentNode.querySelector("output");
    if (out) { out.textContent = Number(input.value).toFixed(decimals(input.step)); }
  }
  const value = (root, name) => Number(root.querySelector(`[name="${name}"]`).value);

  function curves(root, spec, plot) {
    const fr = frame(plot, spec.x, spec.y, {xLabel: "x"});
    const xs = linspace(spec.x[0], spec.x[1], N);
    for (const g of spec.guides || []) {
      setCurve(el("path", {class: "mlpx-guide", "data-guide": g.f}, fr.layer),
               xs.map((x) => [x, F[g.f](x, ...g.args)]), fr);
    }
    const paths = spec.curves.map((c, i) =>
      el("path", {class: i ? "mlpx-df" : "mlpx-f", "data-curve": c.name}, fr.layer));
    legend(fr, spec.curves.map((c, i) => [i ? "mlpx-df" : "mlpx-f", c.label]));
    return () => {
      const args = spec.params.map((p) => value(root, p.name));
      spec.curves.forEach((c, i) => setCurve(paths[i], xs.map((x) => [x, F[c.f](x, ...args)]), fr));
      fr.svg.setAttribute("aria-label", `${spec.curves[0].label} and its derivative for ` +
        spec.params.map((p) => `${p.label} = ${value(root, p.name)}`).join(", "));
    };
  }

  function activation(root, spec, plot) {
    const select = root.querySelector('select[name="activation"]');
    const fr = frame(plot, spec.x, spec.y, {xLabel: "x"});
    const xs = linspace(spec.x[0], spec.x[1], N);
    const f = el("path", {class: "mlpx-f"}, fr.layer), df = el("path", {class: "mlpx-df"}, fr.layer);
    legend(fr, [["mlpx-f", "f(x)"], ["mlpx-df", "f′(x)"]]);
    const exact = document.createElement("p");
    exact.className = "mlpx-exact";
    plot.after(exact);
    const entry = () => spec.activations.find((a) => a.name === select.value);
    const pick = () => {
      const a = entry();
      for (const p of spec.params) {
        const box = root.querySelector(`[data-param="${p.name}"]`), input = box.querySelector("input");
        box.hidden = !a.params.includes(p.name);
        input.value = p.name in a.defaults ? a.defaults[p.name] : p.value;
        show(input);
      }
    };
    select.addEventListener("change", pick);
    pick();
    return () => {
      const a = entry(), args = a.params.map((p) => value(root, p));
      const at = (name) => F[name](0, ...args).toPrecision(6).replace(/\.?0+$/, "");
      f.setAttribute("data-curve", a.name);
      df.setAttribute("data-curve", `${a.name}_grad`);
      setCurve(f, xs.map((x) => [x, F[a.name](x, ...args)]), fr);
      setCurve(df, xs.map((x) => [x, F[`${a.name}_grad`](x, ...args)]), fr);
      const e = a.exact;
      const d0 = e.df0 !== undefined ? `f′(0) = ${e.df0}` :
        `f′(0⁻) = ${e.df0_left}, f′(0⁺) = ${e.df0_right} (the curve takes the left value at 0)`;
      exact.textContent = `f(0) = ${e.f0} = ${at(a.name)};  ${d0};  here f′(0) = ${at(`${a.name}_grad`)}`;
      fr.svg.setAttribute("aria-label", `${a.title} and its derivative`);
    };
  }

  function softmax(root, spec, plot) {
    const n = spec.n, fr = frame(plot, [0.5, n + 0.5], [0, 1], {xTicks: linspace(1, n, n)});
    const bars = el("path", {class: "mlpx-bar", "data-curve": "softmax"}, fr.layer);
    const labels = linspace(1, n, n).map((i) => text(fr.svg, fr.sx(i), 0, "", {"text-anchor": "middle"}));
    const table = document.createElement("table");
    table.className = "mlpx-jacobian";
    table.setAttribute("data-matrix", "softmax_jacobian");
    const cap = table.createCaption();
    cap.textContent = "Jacobian ∂sᵢ/∂xₖ (row i, column k)";
    const cells = [];
    for (let i = 0; i < n; i++) {
      const row = table.insertRow();
      cells.push(Array.from({length: n}, () => row.insertCell()));
    }
    plot.after(table);
    return () => {
      const xs = linspace(1, n, n).map((i) => value(root, `x${i}`)), t = value(root, "temperature");
      const s = F.softmax(...xs, t), J = F.softmax_jacobian(...xs, t);
      const pts = s.map((v, i) => [i + 1, v]);
      bars.setAttribute("data-samples", JSON.stringify(pts));
      const w = (fr.sx(1.35) - fr.sx(1)), y0 = fr.sy(0);
      bars.setAttribute("d", pts.map(([i, v]) =>
        `M${(fr.sx(i) - w).toFixed(2)},${y0}V${fr.sy(v).toFixed(2)}H${(fr.sx(i) + w).toFixed(2)}V${y0}Z`).join(""));
      pts.forEach(([i, v], k) => { labels[k].setAttribute("y", Math.max(fr.sy(v) - 6, MT + 12)); labels[k].textContent = `s${"₁₂₃₄"[k]} = ${v.toFixed(3)}`; });
      table.setAttribute("data-values", JSON.stringify(J));
      J.forEach((r, i) => r.forEach((v, k) => { cells[i][k].textContent = v.toFixed(4); }));
      fr.svg.setAttribute("aria-label", `softmax probabilities ${s.map((v) => v.toFixed(3)).join(", ")}`);
    };
  }

  function depth(root, spec, plot) {
    const select = root.querySelector('select[name="activation"]');
    const layers = spec.data.std[spec.activations[0]][0].length;
    const fr = frame(plot, [1, layers], spec.y, {yLog: true, xTicks: [1, 10, 20, 30, 40, 50], xLabel: "layer"});
    const path = el("path", {class: "mlpx-f", "data-curve": "activation_std"}, fr.layer);
    legend(fr, [["mlpx-f", "standard deviation of the layer's output"]]);
    return () => {
      const v = value(root, "variance"), k = spec.variances.findIndex((u) => Math.abs(u - v) < 1e-9);
      const std = spec.data.std[select.value][k];
      setCurve(path, std.map((s, l) => [l + 1, s]), fr);
      fr.svg.setAttribute("aria-label", `${select.value}: last layer's standard deviation ${std[layers - 1].toPrecision(3)}`);
    };
  }

  const KINDS = {curves, activation, softmax, depth};
  function start(root) {
    const spec = JSON.parse(root.getAttribute("data-spec"));
    const plot = root.querySelector(".mlpx-plot");
    const draw = KINDS[spec.kind](root, spec, plot);
    root.querySelectorAll("input, select").forEach((input) => {
      input.addEventListener("input", () => { if (input.type === "range") { show(input); } draw(); });
      if (input.tagName === "SELECT") { input.addEventListener("change", draw); }
    });
    root.querySelectorAll('input[type="range"]').forEach(show);
    draw();
    root.hidden = false;
  }
  const all = () => document.querySelectorAll("[data-explorer]").forEach(start);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", all); } else { all(); }
})();
