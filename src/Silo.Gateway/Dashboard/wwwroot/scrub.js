// Silo dashboard: the integrity scrub's card on the storage page, from GET /api/media/scrubs (each run's report, the
// findings a tenant's key may see counted) and GET /api/media/scrubs/{run}/findings; an admin of tenant * starts a run.
'use strict';
(function () {
  const ui = () => window.SiloUi;

  async function problem(response) {
    const body = await response.json().catch(() => ({}));
    return body.detail || body.title || `the gateway answered ${response.status}`;
  }

  async function findings(run, box) {
    const { h, bytes, table } = ui();
    const response = await ui().api(`/api/media/scrubs/${run}/findings`);
    if (!response.ok) { box.replaceChildren(h('p', { class: 'error', role: 'alert' }, await problem(response))); return; }
    box.replaceChildren(h('h3', {}, `Run ${run}: findings`), table([
      { label: 'Kind', value: f => f.kind }, { label: 'Outcome', value: f => f.outcome },
      { label: 'Object', value: f => h('span', { class: 'mono' }, f.storageKey) },
      { label: 'Size', num: true, value: f => f.size === null ? '—' : bytes(f.size) },
      { label: 'Posts', wrap: true, value: f => f.postIds.length ? h('span', {}, f.postIds.map(p => h('a', { href: `#post/${encodeURIComponent(p)}` }, p, ' '))) : '—' },
      { label: 'Detail', wrap: true, value: f => f.detail || '' }], await response.json(), 'Nothing found wrong.'));
  }

  // The card, filled once its runs are read; the "Scrub now" button only for an admin of tenant *.
  async function card() {
    const { h, num, bytes, ago, table } = ui();
    const box = h('div', { class: 'card', id: 'scrub' }, h('h2', {}, 'Integrity scrub'));
    const detail = h('div', { id: 'scrub-findings' });
    const message = h('p', { class: 'muted', id: 'scrub-message' });
    const response = await ui().api('/api/media/scrubs?limit=10');
    if (!response.ok) { box.append(h('p', { class: 'error', role: 'alert' }, await problem(response))); return box; }
    const runs = await response.json();
    if (ui().allTenants() && ui().manager()) {
      const start = h('button', { type: 'button', id: 'scrub-start' }, 'Scrub now');
      start.addEventListener('click', async () => {
        const r = await ui().api('/api/media/scrubs', { method: 'POST' });
        message.textContent = r.ok ? 'Scrub started: reload the page to follow it.' : await problem(r);
      });
      box.append(start);
    }
    box.append(message, h('div', { id: 'scrub-runs' }, table([
      { label: 'Run', num: true, value: r => h('a', { href: '#storage', 'data-run': r.run, onclick: e => { e.preventDefault(); findings(r.run, detail); } }, `${r.run}`) },
      { label: 'Status', value: r => r.status }, { label: 'Store', value: r => r.backend },
      { label: 'Started', value: r => ago(r.startedAt) }, { label: 'Files', num: true, value: r => num(r.filesChecked) },
      { label: 'Read', num: true, value: r => bytes(r.bytesChecked) }, { label: 'Objects', num: true, value: r => num(r.objectsListed) },
      { label: 'Missing', num: true, value: r => num(r.missing) }, { label: 'Corrupted', num: true, value: r => num(r.corrupted) },
      { label: 'Orphaned', num: true, value: r => num(r.orphaned) }, { label: 'Dangling', num: true, value: r => num(r.dangling) },
      { label: 'Repaired', num: true, value: r => num(r.repaired) }, { label: 'Unrepaired', num: true, value: r => num(r.unrepaired) }],
      runs, 'No scrub has run yet.')), detail);
    return box;
  }

  window.SiloScrub = { card };
})();
