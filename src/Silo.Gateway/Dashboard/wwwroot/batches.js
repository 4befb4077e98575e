// Silo dashboard: Story batches (#batches: every batch, filtered, and for managers a form to publish a
// new one) and one batch (#batch/<id>: each clip's timeline), read from the publishing module's routes. A batch's page follows it live over
// the module's own SSE stream (/api/metricool/stream), re-reading the batch on each event; managers
// get Pause, Resume (look the clip up again, or skip it) and Cancel, the module's own commands.
'use strict';
(function () {
  const ui = () => window.SiloUi;
  const $ = id => document.getElementById(id);
  const STATUSES = ['processing', 'paused', 'completed', 'failed', 'cancelled'];
  const MODES = ['now', 'scheduled', 'bestTime'];
  const STEPS = ['pending', 'uploading', 'waiting_confirmation', 'published'];
  const filters = { page: 1 };
  let following = null;

  async function problem(response) {
    const body = await response.json().catch(() => ({}));
    const details = body.errors ? Object.entries(body.errors).map(([k, v]) => `${k}: ${v.join(' ')}`).join('; ') : '';
    return details || body.detail || body.title || `the gateway answered ${response.status}`;
  }
  function duration(b) {
    if (!b.startedAt) return '—';
    const end = b.completedAt ? new Date(b.completedAt) : new Date();
    const s = Math.max(0, Math.round((end - new Date(b.startedAt)) / 1000));
    return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
  }
  const stopFollowing = () => { if (following) { following.abort(); following = null; } };

  // ---------- every batch ----------
  async function batches() {
    stopFollowing();
    const { h } = ui();
    const root = $('batches');
    const select = (name, label, values) => h('label', {}, label, h('select', { name }, h('option', { value: '' }, 'any'),
      values.map(v => h('option', { value: v, selected: filters[name] === v }, v))));
    const form = h('form', { class: 'filters', id: 'batch-filters' }, select('status', 'Status', STATUSES), select('mode', 'Mode', MODES),
      h('label', {}, 'User', h('input', { name: 'userId', value: filters.userId || '' })),
      h('label', {}, 'Account', h('input', { name: 'accountId', value: filters.accountId || '' })),
      h('button', { type: 'submit' }, 'Show'));
    form.addEventListener('submit', e => {
      e.preventDefault();
      for (const [k, v] of new FormData(form)) filters[k] = String(v).trim() || undefined;
      filters.page = 1;
      draw();
    });
    const results = h('div', { id: 'batch-results' });
    root.replaceChildren(ui().manager() ? publishForm() : '', h('div', { class: 'card' }, h('h2', {}, 'Story batches'), form, results));

    async function draw() {
      const { num, badge, ago, table } = ui();
      const query = new URLSearchParams({ page: filters.page, pageSize: 25 });
      for (const k of ['status', 'mode', 'userId', 'accountId']) if (filters[k]) query.set(k, filters[k]);
      const response = await ui().api(`/api/metricool/batches?${query}`);
      if (!response.ok) { results.replaceChildren(h('p', { class: 'error', role: 'alert' }, await problem(response))); return; }
      const page = await response.json();
      const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
      results.replaceChildren(
        h('div', { class: 'pager' },
          h('button', { class: 'small secondary', disabled: filters.page <= 1, onclick: () => { filters.page--; draw(); } }, '← Newer'),
          h('span', { class: 'muted' }, `${num(page.total)} batches · page ${page.page} of ${pages}`),
          h('button', { class: 'small secondary', disabled: filters.page >= pages, onclick: () => { filters.page++; draw(); } }, 'Older →')),
        table([
          { label: 'Created', value: b => h('a', { href: `#batch/${encodeURIComponent(b.batchId)}`, 'data-batch': b.batchId }, ago(b.createdAt)) },
          { label: 'User', value: b => b.userId }, { label: 'Account', value: b => b.accountId }, { label: 'Mode', value: b => b.publishMode },
          { label: 'Clips', num: true, value: b => `${b.publishedClips} / ${b.totalClips}` },
          { label: 'Status', value: b => badge(b.status) }, { label: 'Duration', num: true, value: duration }], page.items, 'No batch matches these filters.'));
    }
    await draw();
  }

  // ---------- a new batch (managers) ----------
  // The page checks nothing itself: the API's validator is the one rule, and its ProblemDetails are shown
  // field by field. One Idempotency-Key per form shown, so a second click cannot store a second batch.
  function publishForm() {
    const { h } = ui();
    const key = crypto.randomUUID();
    const status = h('div', { id: 'publish-status', role: 'status' });
    const when = h('label', { hidden: true }, 'Publish at', h('input', { type: 'datetime-local', name: 'scheduledFor' }));
    const mode = h('select', { name: 'mode' }, MODES.map(m => h('option', { value: m }, m)));
    mode.addEventListener('change', () => { when.hidden = mode.value !== 'scheduled'; });
    const form = h('form', { class: 'filters publish', id: 'publish-form', novalidate: true },
      h('label', {}, 'Account (Metricool blogId)', h('input', { name: 'accountId', inputmode: 'numeric' })),
      h('label', {}, 'User (Metricool user id)', h('input', { name: 'userId' })),
      h('label', {}, 'Mode', mode), when,
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'stopOnFailure' }), 'Stop at the first failed clip'),
      h('label', { class: 'grow' }, 'Clips in order: one URL a line, a title after it if you like',
        h('textarea', { name: 'clips', rows: 4, placeholder: 'clip URL, then its title' })),
      h('button', { type: 'submit' }, 'Publish'));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const data = new FormData(form);
      const body = {
        accountId: String(data.get('accountId') || '').trim(), userId: String(data.get('userId') || '').trim(), mode: data.get('mode'),
        stopOnFailure: data.get('stopOnFailure') === 'on',
        clips: String(data.get('clips') || '').split('\n').map(l => l.trim()).filter(Boolean).map(l => {
          const space = l.search(/\s/);
          return space < 0 ? { url: l } : { url: l.slice(0, space), title: l.slice(space).trim() };
        }),
      };
      // datetime-local is the viewer's wall-clock time; the API wants an offset, so it gets the viewer's.
      if (body.mode === 'scheduled') body.scheduledFor = data.get('scheduledFor') ? withOffset(String(data.get('scheduledFor'))) : null;
      const response = await ui().api('/api/metricool/publish/stories', {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key }, body: JSON.stringify(body) });
      if (response.status === 202) {
        const accepted = await response.json();
        location.hash = `#batch/${encodeURIComponent(accepted.batchId)}`;
        return;
      }
      const problem = await response.json().catch(() => ({}));
      status.replaceChildren(h('div', { class: 'error', role: 'alert' }, h('strong', {}, problem.title || `The gateway answered ${response.status}`),
        problem.errors ? h('ul', { id: 'publish-errors' }, Object.entries(problem.errors).map(([field, messages]) =>
          h('li', { 'data-field': field }, h('span', { class: 'mono' }, field), ': ', messages.join(' ')))) : h('p', {}, problem.detail || '')));
    });
    return h('div', { class: 'card' }, h('h2', {}, 'Publish a Story batch'), form, status);
  }

  function withOffset(local) {
    const at = new Date(local);
    const minutes = -at.getTimezoneOffset(), sign = minutes >= 0 ? '+' : '-', abs = Math.abs(minutes);
    const pad = n => String(n).padStart(2, '0');
    return `${local.length === 16 ? `${local}:00` : local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }

  // ---------- one batch ----------
  async function batch(id) {
    stopFollowing();
    const { h } = ui();
    const root = $('batch');
    if (!id) { root.replaceChildren(h('p', { class: 'muted' }, 'No batch chosen.')); return; }
    const status = h('p', { id: 'batch-command', class: 'muted', role: 'status' });
    const body = h('div', { id: 'batch-body' });
    root.replaceChildren(h('div', { class: 'card' }, h('p', {}, h('a', { href: '#batches' }, '← Story batches')), body, status));
    if (!(await drawBatch(id, body, status))) return;
    follow(id, body, status);
  }

  async function drawBatch(id, body, status) {
    const { h, badge, ago, table } = ui();
    const response = await ui().api(`/api/metricool/status?batchId=${encodeURIComponent(id)}`);
    if (!response.ok) { body.replaceChildren(h('p', { class: 'error', role: 'alert' }, await problem(response))); return false; }
    const b = await response.json();
    const command = (label, path, title, cls) => h('button', { class: `small ${cls || ''}`, title, 'data-command': label, onclick: async () => {
      const r = await ui().api(`/api/metricool/batches/${encodeURIComponent(b.batchId)}/${path}`, { method: 'POST' });
      status.textContent = r.ok ? `${label}: stored.` : `${label} failed: ${await problem(r)}`;
      await drawBatch(id, body, status);
    } }, label);
    const unconfirmed = (b.clips || []).some(c => c.status === 'unconfirmed');
    const commands = !ui().manager() ? '' : h('p', { class: 'commands' },
      b.status === 'processing' ? command('Pause', 'pause', 'Pause after the step in progress', 'secondary') : '',
      b.status === 'paused' ? command('Resume', 'resume?action=retry', 'Go on; an unconfirmed clip is looked up again and created only if absent') : '',
      b.status === 'paused' && unconfirmed ? command('Skip', 'resume?action=skip', 'Leave the unconfirmed clip out and go on', 'secondary') : '',
      b.status === 'processing' || b.status === 'paused' ? command('Cancel', 'cancel', 'Publish nothing more', 'danger') : '');
    const step = (c, s) => {
      const reached = STEPS.indexOf(c.status) >= STEPS.indexOf(s) && STEPS.includes(c.status);
      const at = s === 'uploading' ? c.uploadedAt : s === 'published' ? c.publishedAt : s === 'pending' ? c.scheduledAt : null;
      return h('span', { class: `step ${reached ? 'done' : ''} ${c.status === s ? 'current' : ''}` }, s.replace('_', ' '), at ? h('small', {}, ago(at)) : '');
    };
    body.replaceChildren(
      h('h2', {}, 'Batch ', h('span', { class: 'mono' }, b.batchId)),
      h('p', { id: 'batch-status' }, badge(b.status), ` · ${b.publishMode} · user ${b.userId} · account ${b.accountId} · ${b.publishedClips} of ${b.totalClips} published · created ${ago(b.createdAt)} · ${b.completedAt ? 'took' : 'running for'} ${duration(b)}`),
      b.errorMsg ? h('p', { class: 'error' }, b.errorMsg) : '',
      commands,
      table([
        { label: '#', num: true, value: c => c.clipIndex }, { label: 'Clip', wrap: true, value: c => c.clipTitle || c.clipUrl },
        { label: 'Timeline', value: c => STEPS.includes(c.status) ? h('span', { class: 'timeline' }, STEPS.map(s => step(c, s))) : badge(c.status) },
        { label: 'Attempts', num: true, value: c => c.attempts },
        { label: 'Metricool / Facebook', value: c => h('span', { class: 'mono' }, `${c.metricoolPostId ?? '—'} / ${c.facebookPostId ?? '—'}`) },
        { label: 'Error', wrap: true, value: c => c.errorMsg || '—' }], b.clips, 'No clip.'));
    return true;
  }

  // The module's stream over fetch (it reports 401/403, EventSource does not); each event re-reads the batch.
  async function follow(id, body, status) {
    const controller = new AbortController();
    following = controller;
    try {
      const response = await fetch(`/api/metricool/stream?batchId=${encodeURIComponent(id)}`,
        { credentials: 'same-origin', headers: { Accept: 'text/event-stream' }, signal: controller.signal });
      if (!response.ok || !response.body) return;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const end = buffer.lastIndexOf('\n\n');
        if (end < 0) continue;
        const blocks = buffer.slice(0, end).split('\n\n');
        buffer = buffer.slice(end + 2);
        // Keep-alives are comments (": keep-alive"): only real events change the batch.
        if (controller.signal.aborted) return;
        if (blocks.some(b => b.split('\n').some(l => l.startsWith('data:')))) await drawBatch(id, body, status);
      }
    } catch (e) {
      if (!controller.signal.aborted) status.textContent = 'Live updates stopped; reload to follow the batch again.';
    }
  }

  window.addEventListener('hashchange', () => { if (!location.hash.startsWith('#batch/')) stopFollowing(); });
  window.SiloPages = Object.assign(window.SiloPages || {}, { batches, batch });
})();
