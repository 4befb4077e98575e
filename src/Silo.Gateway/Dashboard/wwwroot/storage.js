// Silo dashboard: storage (#storage): stored bytes per backend and per tenant day by day, dedup
// savings and the largest files, from GET /api/media/storage (a tenant's key sees its own files).
// The series are the files stored now, by the day each was stored: a file removed since is not in them.
// Stored files and bytes include transcripts' text and WebVTT files (each transcript on the day it finished).
// Below them, archive exports (GET/POST /api/media/exports): a form to start one, each with its progress bar and,
// once done, its download link and when its archive leaves the store; an expired one stays listed. A manager deletes an
// export's archive early (DELETE, confirmed by a second click). The list is read again every 2 s while one runs and the
// page is shown.
'use strict';
(function () {
  const ui = () => window.SiloUi;
  const $ = id => document.getElementById(id);
  const COLORS = ['#2f6fde', '#1f9d55', '#d98b04', '#8e44ad', '#d64545', '#17a2b8', '#667085'];
  let days = 30;

  async function problem(response) {
    const body = await response.json().catch(() => ({}));
    const details = body.errors ? Object.entries(body.errors).map(([k, v]) => `${k}: ${v.join(' ')}`).join('; ') : '';
    return details || body.detail || body.title || `the gateway answered ${response.status}`;
  }

  // One point a day, one value per series (its name as the key).
  function chart(title, series) {
    const { h, bytes } = ui();
    const box = h('div', { class: 'chart', 'data-series': series.map(s => s.name).join(',') });
    const points = (series[0] ? series[0].days : []).map((d, i) => Object.fromEntries([['day', d.day], ...series.map(s => [s.name, s.days[i].bytes])]));
    if (series.length === 0) box.append(h('p', { class: 'muted' }, 'Nothing stored yet.'));
    else SiloCharts.line(box, points, { title, xLabel: p => p.day, series: series.map((s, i) => ({ key: s.name, label: s.name, color: COLORS[i % COLORS.length], format: bytes })) });
    return box;
  }

  async function storage() {
    const { h, num, bytes, ago, table } = ui();
    const root = $('storage');
    const period = h('select', { id: 'storage-days' }, [7, 30, 90, 365].map(d => h('option', { value: d, selected: d === days }, `${d} days`)));
    period.addEventListener('change', () => { days = Number(period.value); storage(); });
    const response = await ui().api(`/api/media/storage?days=${days}`);
    if (!response.ok) { root.replaceChildren(h('p', { class: 'card error', role: 'alert' }, await problem(response))); return; }
    const r = await response.json();
    const t = r.totals;
    const last = s => s.days.length ? s.days[s.days.length - 1] : { bytes: 0, files: 0 };
    root.replaceChildren(
      h('div', { class: 'card period' }, h('strong', {}, 'Storage'), h('span', { class: 'muted' }, `${r.from} to ${r.to} (UTC)`), period),
      h('div', { class: 'figures', id: 'storage-figures' },
        h('div', { class: 'figure' }, h('div', { class: 'label' }, 'Stored'), h('div', { class: 'value', 'data-bytes': t.bytes }, bytes(t.bytes))),
        h('div', { class: 'figure' }, h('div', { class: 'label' }, 'Files'), h('div', { class: 'value' }, num(t.files))),
        h('div', { class: 'figure' }, h('div', { class: 'label' }, 'Saved by dedup'), h('div', { class: 'value', 'data-bytes': t.bytesSavedByDedup }, bytes(t.bytesSavedByDedup)),
          h('div', { class: 'delta muted' }, `${num(t.references)} references to ${num(t.files - t.transcriptFiles)} media files`)),
        h('div', { class: 'figure' }, h('div', { class: 'label' }, 'Transcripts'), h('div', { class: 'value', id: 'transcript-bytes', 'data-transcript-bytes': t.transcriptBytes }, bytes(t.transcriptBytes)),
          h('div', { class: 'delta muted' }, `${num(t.transcriptFiles)} text and WebVTT files`))),
      h('div', { class: 'columns' },
        h('div', { class: 'card' }, h('h2', {}, 'Bytes per backend'), chart('Bytes per backend', r.backends),
          table([{ label: 'Backend', value: s => s.name }, { label: 'Files', num: true, value: s => num(last(s).files) },
                 { label: 'Bytes', num: true, value: s => bytes(last(s).bytes) }], r.backends, 'No backend holds a file.')),
        h('div', { class: 'card' }, h('h2', {}, 'Bytes per tenant'), chart('Bytes per tenant', r.tenants),
          table([{ label: 'Tenant', value: s => s.name }, { label: 'Files', num: true, value: s => num(last(s).files) },
                 { label: 'Bytes', num: true, value: s => bytes(last(s).bytes) }], r.tenants, 'No tenant has a file.'))),
      h('div', { class: 'card' }, h('h2', {}, 'Largest files'), h('div', { id: 'largest-files' }, table([
        { label: 'Size', num: true, value: f => bytes(f.size) }, { label: 'Type', value: f => f.mimeType }, { label: 'Backend', value: f => f.backend },
        { label: 'Stored', value: f => ago(f.storedAt) }, { label: 'Posts', num: true, value: f => num(f.posts) },
        { label: 'A post', value: f => f.postId ? h('a', { href: `#post/${encodeURIComponent(f.postId)}` }, f.postId) : '—' },
        { label: 'SHA-256', value: f => h('span', { class: 'mono', title: f.sha256 }, `${f.sha256.slice(0, 12)}…`) }], r.largest, 'No file stored.'))),
      exportsCard());
    await exportList();
    if (window.SiloScrub) root.append(await window.SiloScrub.card());
  }

  function exportsCard() {
    const { h } = ui();
    const form = h('form', { id: 'export-form', class: 'filters' },
      h('label', {}, 'Tenant ', h('input', { name: 'tenant', placeholder: "the key's own" })),
      h('label', {}, 'Source ', h('select', { name: 'source' }, h('option', { value: '' }, 'all'),
        ...['facebook', 'instagram', 'patreon', 'youtube', 'manual'].map(s => h('option', { value: s }, s)))),
      h('label', {}, 'From ', h('input', { name: 'from', type: 'date' })),
      h('label', {}, 'To ', h('input', { name: 'to', type: 'date' })),
      h('button', { type: 'submit' }, 'Export'));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const query = new URLSearchParams();
      for (const name of ['tenant', 'source']) if (form.elements[name].value) query.set(name, form.elements[name].value);
      for (const name of ['from', 'to']) if (form.elements[name].value) query.set(name, `${form.elements[name].value}T00:00:00Z`);
      const response = await ui().api(`/api/media/exports?${query}`, { method: 'POST' });
      $('export-message').textContent = response.ok ? 'Export started.' : await problem(response);
      $('export-message').className = response.ok ? 'muted' : 'error';
      await exportList();
    });
    return h('div', { class: 'card', id: 'exports' }, h('h2', {}, 'Exports'),
      h('p', { class: 'muted' }, 'A tar of the posts (JSON beside their files) with a SHA256SUMS manifest: check it with sha256sum -c SHA256SUMS.'),
      // Starting an export and downloading one are a manager's commands, shown to managers only, as on every page.
      ui().manager() ? form : '', h('p', { id: 'export-message', role: 'status' }), h('div', { id: 'export-list' }));
  }

  let refresh = null;
  async function exportList() {
    const { h, num, bytes, ago, table } = ui();
    const list = $('export-list');
    if (!list) return;
    const response = await ui().api('/api/media/exports');
    if (!response.ok) { list.replaceChildren(h('p', { class: 'error' }, await problem(response))); return; }
    const exports = await response.json();
    const bar = x => {
      const b = h('div', { class: 'progress' }, h('div', {}));
      b.firstChild.style.width = `${Math.round((x.progress || 0) * 100)}%`;
      return h('div', { 'data-export': x.id, 'data-status': x.status }, b, h('span', { class: 'muted' },
        `${num(x.postsWritten)} of ${num(x.postsFound)} posts · ${num(x.filesWritten)} files · ${bytes(x.archiveBytes)}`));
    };
    const archive = x => x.status === 'expired' ? h('span', { class: 'muted', title: x.expiredAt }, `deleted ${ago(x.expiredAt)}`)
      : h('span', {}, x.archiveUrl && ui().manager() ? h('a', { href: x.archiveUrl, download: '', class: 'export-download' }, 'Download')
        : (x.lastError || (x.archiveUrl ? 'ready' : '—')),
        x.expiresAt ? h('span', { class: 'muted export-expires', title: x.expiresAt }, ` · kept until ${new Date(x.expiresAt).toLocaleDateString('en-CA')}`) : '');
    list.replaceChildren(table([
      { label: 'Started', value: x => ago(x.startedAt) }, { label: 'Tenant', value: x => x.tenant },
      { label: 'Source', value: x => x.source || 'all' }, { label: 'Status', value: x => x.status },
      { label: 'Progress', value: bar },
      { label: 'Archive', value: archive },
      // Deleting is a manager's command, shown to managers only; the first click asks, the second deletes.
      { label: '', value: x => x.status === 'expired' || !ui().manager() ? '' : h('button', { class: 'small secondary export-delete', type: 'button',
          title: 'Delete the archive from the store now (a running export stops); it stays listed as expired', onclick: e => remove(x, e.target) }, 'Delete…') }],
      exports, 'No export yet.'));
    clearTimeout(refresh);
    if (exports.some(x => x.status === 'running')) refresh = setTimeout(() => { if (!$('page-storage').hidden) exportList(); }, 2000);
  }

  async function remove(x, button) {
    if (!button.dataset.armed) {
      button.dataset.armed = 'yes';
      button.textContent = 'Delete for good';
      button.className = 'small danger export-delete';
      return;
    }
    const response = await ui().api(`/api/media/exports/${encodeURIComponent(x.id)}`, { method: 'DELETE' });
    $('export-message').textContent = response.ok ? 'Export deleted.' : await problem(response);
    $('export-message').className = response.ok ? 'muted' : 'error';
    await exportList();
  }

  window.SiloPages = Object.assign(window.SiloPages || {}, { storage });
})();
