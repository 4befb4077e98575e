// Silo dashboard: deletions (#deletions). Every reader sees the retention in force per source (GET /api/deletions/retention,
// the same for every tenant). Managers and admins read the audit lines (GET /api/deletions), newest first: which post went,
// whose it was, who deleted it and when; a key with analytics:read only is told so. An admin purges a tenant or one of its
// sources: the form says how many posts would go and shows the last purge (GET .../preview), asks for confirmation in the
// page, starts the purge (POST) and follows it, read again every 1.5 s while it runs and the page is shown, with a Stop
// button (POST .../cancel).
'use strict';
(function () {
  const ui = () => window.SiloUi;
  const $ = id => document.getElementById(id);
  const SOURCES = ['facebook', 'instagram', 'patreon', 'youtube', 'manual'];
  let poll = null;
  // Whether the last look found the purge running: once it ends, the audit lines are read again.
  let following = false;

  async function problem(response) {
    const body = await response.json().catch(() => ({}));
    const details = body.errors ? Object.entries(body.errors).map(([k, v]) => `${k}: ${v.join(' ')}`).join('; ') : '';
    return details || body.detail || body.title || `the gateway answered ${response.status}`;
  }

  // A .NET TimeSpan ("30.00:00:00", "06:00:00") in words: "30 days", "6 hours".
  function duration(span) {
    const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)/.exec(span || '');
    if (!m) return span;
    const units = [[Number(m[1] || 0), 'day'], [Number(m[2]), 'hour'], [Number(m[3]), 'minute'], [Number(m[4]), 'second']];
    return units.filter(([n]) => n).map(([n, unit]) => `${n} ${unit}${n === 1 ? '' : 's'}`).join(' ') || 'none';
  }

  async function deletions() {
    const { h } = ui();
    clearTimeout(poll);
    const cards = [await retentionCard()];
    if (ui().admin()) cards.push(purgeCard());
    cards.push(h('div', { class: 'card', id: 'deletion-lines' }));
    $('deletions').replaceChildren(...cards);
    await auditLines();
    if (ui().admin()) await preview();
  }

  async function retentionCard() {
    const { h, table } = ui();
    const response = await ui().api('/api/deletions/retention');
    if (!response.ok) return h('p', { class: 'card error', role: 'alert' }, `Retention: ${await problem(response)}`);
    const r = await response.json();
    return h('div', { class: 'card', id: 'retention' }, h('h2', {}, 'Retention'),
      h('p', { class: 'muted' }, 'Posts older than their source\'s retention are deleted (audit reason "retention"). A stored file no post '
        + `holds any more stays for the grace period (${duration(r.gracePeriod)}), then leaves the store. The same for every tenant (Silo:Deletion).`),
      table([{ label: 'Source', value: s => s.source },
             { label: 'Posts kept', value: s => h('span', { 'data-keep': s.keepFor || '' }, s.keepFor ? duration(s.keepFor) : 'for ever') }],
        r.sources, 'No source.'));
  }

  async function auditLines() {
    const { h, ago, num, table } = ui();
    const card = $('deletion-lines');
    if (!card) return;
    if (!ui().manager()) { card.replaceChildren(h('p', { class: 'muted' }, 'The deletions are shown to managers and admins.')); return; }
    const response = await ui().api('/api/deletions');
    if (!response.ok) { card.replaceChildren(h('p', { class: 'error', role: 'alert' }, `The gateway answered ${response.status}.`)); return; }
    card.replaceChildren(h('h2', {}, 'Deletions'), table([
      { label: 'When', value: d => h('span', { title: d.deletedAt }, ago(d.deletedAt)) },
      { label: 'Post', value: d => h('span', { class: 'mono' }, d.postId) },
      { label: 'Tenant', value: d => d.tenant }, { label: 'Source', value: d => d.source },
      { label: 'Who', value: d => d.actor }, { label: 'Why', value: d => d.reason },
      { label: 'Files released', num: true, value: d => num(d.files) }], await response.json(), 'Nothing was deleted.'));
  }

  // The form's tenant and source, as the purge routes name them.
  function target() {
    const form = $('purge-form');
    const tenant = form.elements.tenant.value.trim(), source = form.elements.source.value;
    return { tenant, source, path: `/api/deletions/tenants/${encodeURIComponent(tenant)}`, query: source ? `?source=${source}` : '',
      what: `tenant ${tenant}${source ? `, source ${source}` : ''}` };
  }

  function purgeCard() {
    const { h } = ui();
    // A tenant's admin purges its own tenant only; a key of every tenant (*) names one.
    const own = ui().allTenants() ? null : ui().tenant();
    const form = h('form', { id: 'purge-form', class: 'filters' },
      h('label', {}, 'Tenant ', h('input', { name: 'tenant', required: true, value: own || '', readonly: !!own, placeholder: 'the tenant to purge' })),
      h('label', {}, 'Source ', h('select', { name: 'source' }, h('option', { value: '' }, 'every source'), ...SOURCES.map(s => h('option', { value: s }, s)))),
      h('button', { type: 'submit', class: 'danger' }, 'Purge…'));
    const confirm = h('div', { id: 'purge-confirm', class: 'card error', hidden: true },
      h('p', { id: 'purge-confirm-text' }),
      h('button', { id: 'purge-confirmed', class: 'danger', type: 'button', onclick: start }, 'Delete for good'), ' ',
      h('button', { id: 'purge-cancel', class: 'link', type: 'button', onclick: () => { confirm.hidden = true; } }, 'Cancel'));
    form.elements.tenant.addEventListener('change', () => { confirm.hidden = true; preview(); });
    form.elements.source.addEventListener('change', () => { confirm.hidden = true; preview(); });
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const p = await preview();
      if (!p) return;
      const t = target();
      $('purge-confirm-text').textContent = `Delete the ${p.posts.toLocaleString('en-US')} post${p.posts === 1 ? '' : 's'} of ${t.what}? `
        + 'Each post\'s rows go with an audit line naming your key; its stored files leave the store after the grace period unless another '
        + 'post holds them. Stopping the purge keeps the posts not yet deleted; those already deleted cannot be brought back.';
      confirm.hidden = false;
    });
    return h('div', { class: 'card', id: 'purge' }, h('h2', {}, 'Purge a tenant or a source'),
      h('p', { class: 'muted' }, 'An admin\'s command: every post of the tenant (or of one of its sources) is deleted, a batch at a time.'),
      form, confirm, h('p', { id: 'purge-message', role: 'status' }), h('div', { id: 'purge-progress' }));
  }

  async function start() {
    $('purge-confirm').hidden = true;
    const t = target();
    const response = await ui().api(`${t.path}${t.query}`, { method: 'POST' });
    say(response.ok ? `Purge of ${t.what} started.` : await problem(response), !response.ok);
    // Followed from here, so the audit lines are read again when it ends, however soon that is.
    following = response.ok;
    await preview();
  }

  async function stop() {
    const t = target();
    const response = await ui().api(`${t.path}/cancel${t.query}`, { method: 'POST' });
    say(response.ok ? `Purge of ${t.what} stopped.` : await problem(response), !response.ok);
    await preview();
  }

  function say(text, error) {
    $('purge-message').textContent = text;
    $('purge-message').className = error ? 'error' : 'muted';
  }

  // What a purge of the form's choice would delete, and its last purge; followed while that runs. The preview, or null.
  async function preview() {
    const { h, num, ago, badge } = ui();
    clearTimeout(poll);
    const progress = $('purge-progress');
    if (!progress) return null;
    const t = target();
    if (!t.tenant) { progress.replaceChildren(h('p', { class: 'muted' }, 'Name the tenant to purge.')); return null; }
    const response = await ui().api(`${t.path}/preview${t.query}`);
    if (!response.ok) { progress.replaceChildren(h('p', { class: 'error' }, await problem(response))); return null; }
    const p = await response.json();
    const left = h('p', { id: 'purge-posts', 'data-posts': p.posts }, `${num(p.posts)} post${p.posts === 1 ? '' : 's'} of ${t.what} now.`);
    const last = p.purge;
    if (!last) { following = false; progress.replaceChildren(left, h('p', { class: 'muted' }, 'No purge of it was started.')); return p; }
    const bar = h('div', { class: 'progress' }, h('div', {}));
    const total = last.deleted + (last.status === 'running' ? p.posts : 0);
    bar.firstChild.style.width = `${last.status === 'done' || total === 0 ? 100 : Math.round((100 * last.deleted) / total)}%`;
    progress.replaceChildren(left, h('div', { id: 'purge-run', 'data-status': last.status, 'data-deleted': last.deleted },
      h('p', {}, badge(last.status), ` ${num(last.deleted)} post${last.deleted === 1 ? '' : 's'} deleted · started ${ago(last.startedAt)} by ${last.actor}`,
        last.finishedAt ? ` · ${last.status === 'cancelled' ? 'stopped' : 'finished'} ${ago(last.finishedAt)}` : ''),
      bar,
      last.status === 'running' ? h('button', { id: 'purge-stop', class: 'secondary', type: 'button', onclick: stop }, 'Stop') : ''));
    const ended = following && last.status !== 'running';
    following = last.status === 'running';
    if (following) poll = setTimeout(() => { if (!$('page-deletions').hidden) preview(); }, 1500);
    if (ended) await auditLines();
    return p;
  }

  window.SiloPages = Object.assign(window.SiloPages || {}, { deletions });
})();
