// Hand-made SVG line charts: a few dozen lines instead of a charting library, and nothing to fetch.
'use strict';
(function () {
  const NS = 'http://www.w3.org/2000/svg';

  function el(name, attrs, text) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function niceMax(value) {
    if (!(value > 0)) return 1;
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * power) return step * power;
    return 10 * power;
  }

  // series: [{ key, label, color, axis: 'left'|'right', format }]; points: [{ x: label or time, ...values }]
  function line(container, points, options) {
    const width = 900, height = 200, left = 52, right = options.series.some(s => s.axis === 'right') ? 52 : 16, top = 10, bottom = 24;
    const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': options.title || 'chart' });
    const plotW = width - left - right, plotH = height - top - bottom;
    const axes = { left: options.series.filter(s => s.axis !== 'right'), right: options.series.filter(s => s.axis === 'right') };
    const max = {};
    for (const side of ['left', 'right']) {
      let m = 0;
      for (const s of axes[side]) for (const p of points) m = Math.max(m, Number(p[s.key]) || 0);
      if (side === 'left' && options.threshold) m = Math.max(m, options.threshold.value * 1.25);
      max[side] = niceMax(m);
    }
    for (let i = 0; i <= 4; i++) {
      const y = top + plotH - (plotH * i) / 4;
      svg.append(el('line', { x1: left, x2: width - right, y1: y, y2: y, class: i === 0 ? 'axis' : 'grid' }));
      const fmt = (axes.left[0] && axes.left[0].format) || (v => String(Math.round(v * 100) / 100));
      svg.append(el('text', { x: left - 6, y: y + 4, 'text-anchor': 'end' }, fmt((max.left * i) / 4)));
      if (axes.right.length) {
        const rf = axes.right[0].format || (v => String(Math.round(v * 100) / 100));
        svg.append(el('text', { x: width - right + 6, y: y + 4 }, rf((max.right * i) / 4)));
      }
    }
    const n = points.length;
    const xAt = i => left + (n <= 1 ? plotW : (plotW * i) / (n - 1));
    if (n > 0) {
      for (const i of [0, Math.floor((n - 1) / 2), n - 1]) {
        svg.append(el('text', { x: xAt(i), y: height - 6, 'text-anchor': i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle' }, options.xLabel(points[i])));
      }
    }
    if (options.threshold) {
      const y = top + plotH - (plotH * options.threshold.value) / max.left;
      svg.append(el('line', { x1: left, x2: width - right, y1: y, y2: y, class: 'threshold' }));
      svg.append(el('text', { x: width - right - 4, y: y - 4, 'text-anchor': 'end' }, options.threshold.label));
    }
    for (const s of options.series) {
      const m = max[s.axis === 'right' ? 'right' : 'left'];
      const coords = points.map((p, i) => `${xAt(i).toFixed(1)},${(top + plotH - (plotH * (Number(p[s.key]) || 0)) / m).toFixed(1)}`);
      if (coords.length === 1) coords.unshift(`${left},${coords[0].split(',')[1]}`);
      if (coords.length) svg.append(el('polyline', { points: coords.join(' '), fill: 'none', stroke: s.color, 'stroke-width': 2, 'vector-effect': 'non-scaling-stroke' }));
    }
    const legend = document.createElement('div');
    legend.className = 'legend';
    for (const s of options.series) {
      const item = document.createElement('span');
      const swatch = document.createElement('i');
      swatch.style.background = s.color;
      item.append(swatch, s.label);
      legend.append(item);
    }
    container.replaceChildren(svg, legend);
  }

  window.SiloCharts = { line };
})();
